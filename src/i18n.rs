//! The CLI's own language: Fluent bundles embedded in the binary, negotiated with unic-langid.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::diag::{Detail, Diagnostic};

mod particle;

pub use particle::particle;

const EN_FTL: &str = include_str!("../locales/en/l10n.ftl");
const KO_FTL: &str = include_str!("../locales/ko/l10n.ftl");

/// A UI language the binary ships messages for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    En,
    Ko,
}

impl UiLang {
    fn source(self) -> &'static str {
        match self {
            UiLang::En => EN_FTL,
            UiLang::Ko => KO_FTL,
        }
    }

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Ko => "ko",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            UiLang::En => unic_langid::langid!("en"),
            UiLang::Ko => unic_langid::langid!("ko"),
        }
    }

    /// Picks the UI language: the explicit choice, then `L10N_UI_LANG`, then the POSIX
    /// locale variables, falling back to English.
    pub fn negotiate(explicit: Option<&str>, env: impl Fn(&str) -> Option<String>) -> UiLang {
        let candidates = [
            explicit.map(str::to_owned),
            env("L10N_UI_LANG"),
            env("LC_ALL"),
            env("LC_MESSAGES"),
            env("LANG"),
        ];
        for value in candidates.into_iter().flatten() {
            if value.is_empty() {
                continue;
            }
            // POSIX style `ko_KR.UTF-8@euro` → `ko-KR`.
            let tag: String = value
                .split(['.', '@'])
                .next()
                .unwrap_or_default()
                .replace('_', "-");
            if tag == "C" || tag == "POSIX" {
                return UiLang::En;
            }
            let Ok(id) = tag.parse::<LanguageIdentifier>() else {
                continue;
            };
            return match id.language.as_str() {
                "ko" => UiLang::Ko,
                _ => UiLang::En,
            };
        }
        UiLang::En
    }
}

/// A small decimal integer as a Fluent number, so `{ $count -> [one] … }` picks the plural
/// form; anything else (ids, long digit strings, paths) stays text, formatted as given.
fn count(v: &str) -> Option<i64> {
    let plain = !v.is_empty()
        && v.len() <= 9
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    plain.then(|| v.parse().ok()).flatten()
}

/// A loaded bundle of messages for one language.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
    lang: UiLang,
}

impl Messages {
    fn load(lang: UiLang) -> Messages {
        let resource = match FluentResource::try_new(lang.source().to_owned()) {
            Ok(r) => r,
            // The files are embedded and tested; a broken one still yields what parsed.
            Err((r, _)) => r,
        };
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        bundle.set_use_isolating(false);
        // `{ $word }{ PARTICLE($word, "을") }`: 을 or 를 by how the word ends. The only
        // error is a second function of that name, and this bundle is new.
        let _ = bundle.add_function("PARTICLE", |positional, _named| {
            let text = |v: Option<&FluentValue>| match v {
                Some(FluentValue::String(s)) => s.to_string(),
                Some(FluentValue::Number(n)) => n.as_string().into_owned(),
                _ => String::new(),
            };
            FluentValue::from(particle(
                &text(positional.first()),
                &text(positional.get(1)),
            ))
        });
        // Duplicate ids are caught by tests; keep the first definition.
        let _ = bundle.add_resource(resource);
        Messages { bundle, lang }
    }

    /// The shared bundle for a language, loaded once.
    pub fn get(lang: UiLang) -> &'static Messages {
        static EN: OnceLock<Messages> = OnceLock::new();
        static KO: OnceLock<Messages> = OnceLock::new();
        match lang {
            UiLang::En => EN.get_or_init(|| Messages::load(UiLang::En)),
            UiLang::Ko => KO.get_or_init(|| Messages::load(UiLang::Ko)),
        }
    }

    /// The language these messages are in.
    pub fn lang(&self) -> UiLang {
        self.lang
    }

    pub fn english() -> &'static Messages {
        Messages::get(UiLang::En)
    }

    /// Whether message `id` exists (with a value).
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    /// Formats message `id`; an unknown id yields the id itself so nothing is silently lost.
    pub fn format(&self, id: &str, args: &[(&str, String)]) -> String {
        let Some(msg) = self.bundle.get_message(id) else {
            return id.to_owned();
        };
        let Some(pattern) = msg.value() else {
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            match count(v) {
                Some(n) => fargs.set(*k, n),
                None => fargs.set(*k, v.clone()),
            }
        }
        let mut errors = vec![];
        self.bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    pub fn diagnostic(&self, d: &dyn Diagnostic) -> String {
        let mut args = d.args();
        if let Some(detail) = d.detail() {
            args.push(("detail", self.detail(detail)));
        }
        self.format(d.id(), &args)
    }

    /// A detail with the details it frames, all in this language.
    pub fn detail(&self, d: &Detail) -> String {
        let mut args = d.args.clone();
        if let Some(inner) = &d.inner {
            args.push(("detail", self.detail(inner)));
        }
        self.format(d.id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeMap;

    fn env_from(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn negotiation_order() {
        assert_eq!(UiLang::negotiate(None, env_from(&[])), UiLang::En);
        assert_eq!(
            UiLang::negotiate(None, env_from(&[("LANG", "ko_KR.UTF-8")])),
            UiLang::Ko
        );
        assert_eq!(
            UiLang::negotiate(
                None,
                env_from(&[("LANG", "ko_KR.UTF-8"), ("LC_ALL", "en_US.UTF-8")])
            ),
            UiLang::En
        );
        assert_eq!(
            UiLang::negotiate(Some("ko"), env_from(&[("L10N_UI_LANG", "en")])),
            UiLang::Ko
        );
        assert_eq!(
            UiLang::negotiate(None, env_from(&[("LANG", "C")])),
            UiLang::En
        );
        assert_eq!(
            UiLang::negotiate(None, env_from(&[("LANG", "fr_FR.UTF-8")])),
            UiLang::En
        );
    }

    /// Message ids and the variables each message uses, from one .ftl source.
    fn shape(src: &str) -> BTreeMap<String, Vec<String>> {
        let res = FluentResource::try_new(src.to_owned()).expect("ftl parses");
        let mut out = BTreeMap::new();
        for entry in res.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let mut vars = Vec::new();
                if let Some(p) = &m.value {
                    collect_vars(p, &mut vars);
                }
                vars.sort();
                vars.dedup();
                out.insert(m.id.name.to_string(), vars);
            }
        }
        out
    }

    fn collect_vars(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        for el in &p.elements {
            if let PatternElement::Placeable { expression } = el {
                let inline = match expression {
                    Expression::Inline(i) => vec![i],
                    Expression::Select { selector, variants } => {
                        for v in variants {
                            collect_vars(&v.value, out);
                        }
                        vec![selector]
                    }
                };
                for i in inline {
                    if let InlineExpression::VariableReference { id } = i {
                        out.push(id.name.to_string());
                    }
                }
            }
        }
    }

    /// Two messages with one id: Fluent keeps the first and drops the other silently, so a
    /// module's message would read as another module's.
    #[test]
    fn no_message_id_is_defined_twice() {
        for (name, ftl) in [("en", EN_FTL), ("ko", KO_FTL)] {
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<&str> = ftl
                .lines()
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
                .filter(|id| {
                    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                .filter(|id| !seen.insert(*id))
                .collect();
            assert!(twice.is_empty(), "{name}: defined twice: {twice:?}");
        }
    }

    #[test]
    fn locales_have_the_same_ids_and_variables() {
        assert_eq!(shape(EN_FTL), shape(KO_FTL));
        assert!(!shape(EN_FTL).is_empty());
    }

    /// Every message id the code names (a string literal like `"err-io"` or
    /// `"review-keys"`) exists in both languages: a message added in one place and not the
    /// other fails here, not in front of a user.
    #[test]
    fn every_message_the_code_uses_exists_in_both_languages() {
        const PREFIXES: [&str; 16] = [
            "err-",
            "warn-",
            "note-",
            "check-",
            "status-",
            "translate-",
            "glossary-",
            "review-",
            "label-",
            "qa-",
            "need-",
            "report-",
            "help-",
            "lint-",
            "config-",
            "detail-",
        ];
        let mut used = std::collections::BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("utf-8 source");
                for literal in text.split('"').skip(1).step_by(2) {
                    let is_id = PREFIXES.iter().any(|p| literal.starts_with(p))
                        && literal.len() > 4
                        && literal.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                        })
                        && !literal.ends_with('-');
                    if is_id {
                        used.insert(literal.to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 80, "{used:?}");
        for lang in [UiLang::En, UiLang::Ko] {
            let msgs = Messages::get(lang);
            let missing: Vec<&String> = used.iter().filter(|id| !msgs.has(id)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn plurals_follow_the_count() {
        let en = Messages::get(UiLang::En);
        let one = en.format(
            "check-summary",
            &[
                ("posts", "1".into()),
                ("errors", "1".into()),
                ("warnings", "0".into()),
            ],
        );
        assert_eq!(one, "1 post checked: 1 error, 0 warnings");
        let many = en.format(
            "check-summary",
            &[
                ("posts", "2".into()),
                ("errors", "0".into()),
                ("warnings", "3".into()),
            ],
        );
        assert_eq!(many, "2 posts checked: 0 errors, 3 warnings");
        // Digits that are not a count stay exactly as given.
        let id = en.format(
            "err-io",
            &[
                ("path", "0123456789012345678".into()),
                ("detail", "x".into()),
            ],
        );
        assert_eq!(id, "0123456789012345678: x");
        let cost = |requests: &str| {
            en.format(
                "translate-cost",
                &[
                    ("requests", requests.into()),
                    ("input", "10".into()),
                    ("output", "1".into()),
                    ("overhead", "1.50".into()),
                ],
            )
        };
        assert!(cost("1").starts_with("1 request: "), "{}", cost("1"));
        assert!(cost("3").starts_with("3 requests: "), "{}", cost("3"));
        let dry = en.format(
            "translate-dry-summary",
            &[
                ("backend", "pseudo".into()),
                ("posts", "1".into()),
                ("segments", "1".into()),
                ("chars", "2".into()),
                ("requests", "1".into()),
            ],
        );
        assert!(
            dry.contains("1 post, 1 segment, 2 characters in about 1 request would"),
            "{dry}"
        );
    }

    #[test]
    fn korean_bundle_formats_without_isolation_marks() {
        let s = Messages::get(UiLang::Ko).format(
            "err-invalid-utf8",
            &[
                ("path", "a.md".into()),
                ("offset", "3".into()),
                ("line", "1".into()),
            ],
        );
        assert!(s.contains("a.md"), "{s}");
        assert!(!s.contains('\u{2068}'));
        assert!(s.chars().any(|c| ('가'..='힣').contains(&c)), "{s}");
    }

    #[test]
    fn korean_messages_pick_particles_by_the_word() {
        let ko = Messages::get(UiLang::Ko);
        let f = |id: &str, args: &[(&str, &str)]| {
            let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
            ko.format(id, &args)
        };
        assert_eq!(
            f(
                "err-unknown-backend",
                &[("name", "nope"), ("known", "openai, pseudo")]
            ),
            "`nope`라는 백엔드가 없습니다 (사용할 수 있는 백엔드: openai, pseudo): l10n.toml에 [backend.nope]를 설정하거나 pseudo를 쓰세요"
        );
        assert_eq!(
            f("config-unknown-backend", &[("name", "deepl")]),
            "[backend.deepl]이 설정되어 있지 않습니다"
        );
        assert_eq!(
            f(
                "glossary-added",
                &[("source", "조니 아이브"), ("target", "Jony Ive")]
            ),
            "조니 아이브를 \"Jony Ive\"로 옮기도록 용어집에 추가했습니다"
        );
        assert_eq!(
            f(
                "qa-glossary-missing",
                &[("source", "폭스콘"), ("target", "Foxconn")]
            ),
            "용어집에 따라 \"폭스콘\"은 \"Foxconn\"으로 번역해야 합니다"
        );
        assert_eq!(
            f("translate-wrote", &[("path", "posts/en/a.md")]),
            "posts/en/a.md를 썼습니다"
        );
        // A count-like argument is a Fluent number: read as the number it is.
        assert_eq!(
            f("detail-segment-gone", &[("segment", "3"), ("path", "a.md")]),
            "세그먼트 3이 이제 a.md에 없습니다"
        );
    }
}
