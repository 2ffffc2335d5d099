//! Quality checks on translations: pure functions over a source segment and its English
//! text, one check per file. They run at translate time on a backend's reply and at check
//! time on the written posts (which catches hand edits too).

pub mod anchors;
mod check;
mod dates;
mod front_matter;
mod glossary;
mod glosses;
mod hangul;
mod identifiers;
mod length;
pub mod numbers;
pub mod posts;
pub mod reply;
mod tags;
mod untranslated;
mod urls;

pub use check::Check;
pub use urls::urls as urls_in;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::document::{Document, Segment};
use crate::finding::{Finding, Severity};
use crate::glossary::TermIndex;
use crate::state::Status;

/// `[qa]` in l10n.toml: a severity per check, `error`, `warning` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// A reasoned exception: this check does not apply to this segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub segment: String,
    pub check: Check,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct QaConfig {
    pub levels: BTreeMap<Check, Level>,
    pub ignores: Vec<Ignore>,
    /// English/Korean character ratio band for `length`.
    pub length_band: (f64, f64),
}

impl QaConfig {
    pub fn level(&self, check: Check) -> Level {
        self.levels
            .get(&check)
            .copied()
            .unwrap_or(check.default_level())
    }
}

/// One problem found by a check, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub check: Check,
    /// A check may report below its configured level (numbers: a vanished number).
    pub warning_only: bool,
    /// Fluent id and arguments, so a finding reads in the UI language (and, in English,
    /// what a corrective retry tells the model).
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    /// A problem whose text is the Fluent message `id`.
    fn localized(check: Check, id: &'static str, args: Vec<(&'static str, String)>) -> Problem {
        Problem {
            check,
            warning_only: false,
            id,
            args,
        }
    }

    /// The problem in English.
    #[cfg(test)]
    fn english(&self) -> String {
        crate::i18n::Messages::english().format(self.id, &self.args)
    }

    /// The same problem, reported below the check's level.
    fn warning(self) -> Problem {
        Problem {
            warning_only: true,
            ..self
        }
    }
}

/// What the checks need besides the two texts.
pub struct Context<'a> {
    pub config: &'a QaConfig,
    pub glossary: &'a TermIndex,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
}

/// Runs every segment check on `translation` of `source`. `raw` is the Markdown of the
/// source and of the translation where known (written posts); URLs are compared there.
pub fn check_segment(
    ctx: &Context<'_>,
    source: &Segment,
    translation: &str,
    raw: Option<(&str, &str)>,
    status: Status,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let run = |check: Check| {
        ctx.config.level(check) != Level::Off && !(status == Status::Pseudo && check.is_semantic())
    };
    if run(Check::Tags) {
        out.extend(tags::check(&source.text, translation));
    }
    if run(Check::Urls) {
        // A reply's text holds no URLs (they are in tags), so any URL in it is new.
        let (s, t) = raw.unwrap_or((&source.text, translation));
        out.extend(urls::check(s, t));
    }
    if run(Check::Glossary) {
        out.extend(glossary::check(ctx.glossary, &source.text, translation));
    }
    if ctx.target_lang.starts_with("en") || !ctx.target_lang.starts_with("ko") {
        if run(Check::Hangul) && ctx.source_lang.starts_with("ko") {
            out.extend(hangul::check(ctx.glossary, translation));
        }
        if run(Check::Numbers) && ctx.source_lang.starts_with("ko") {
            out.extend(numbers::check(&source.text, translation));
        }
        if run(Check::Dates) && ctx.source_lang.starts_with("ko") {
            out.extend(dates::check(&source.text, translation));
        }
        if run(Check::Glosses) {
            out.extend(glosses::check(translation));
        }
    }
    if run(Check::Identifiers) {
        out.extend(identifiers::check(&source.text, translation));
    }
    if run(Check::Untranslated) {
        out.extend(untranslated::check(&source.text, translation));
    }
    if run(Check::Length) {
        out.extend(length::check(
            &source.text,
            translation,
            ctx.config.length_band,
        ));
    }
    out
}

/// Document-level checks on a written target.
pub fn check_document(ctx: &Context<'_>, source: &Document, target: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    if ctx.config.level(Check::FrontMatter) != Level::Off {
        out.extend(front_matter::check(source, target));
    }
    if ctx.config.level(Check::Anchors) != Level::Off {
        out.extend(anchors::check(target));
    }
    out
}

/// Places problems in a file as findings, with configured severities.
pub fn findings(
    ctx: &Context<'_>,
    file: &str,
    line: usize,
    segment: Option<&Segment>,
    problems: Vec<Problem>,
) -> Vec<Finding> {
    problems
        .into_iter()
        .filter_map(|p| {
            let ignored = segment.and_then(|s| {
                ctx.config
                    .ignores
                    .iter()
                    .find(|i| i.check == p.check && s.id.0.starts_with(&i.segment))
            });
            let severity = match (ctx.config.level(p.check), p.warning_only, ignored) {
                (Level::Off, _, _) => return None,
                (_, _, Some(_)) => Severity::Ignored,
                (Level::Error, false, None) => Severity::Error,
                _ => Severity::Warning,
            };
            let (message, args, detail) = match ignored {
                Some(i) => (
                    "qa-ignored",
                    vec![("reason", i.reason.clone())],
                    Some(crate::diag::Detail::new(p.id, p.args)),
                ),
                None => (p.id, p.args, None),
            };
            Some(Finding {
                file: file.to_owned(),
                line,
                segment: segment.map(|s| s.id.clone()),
                code: p.check.key(),
                severity,
                message,
                args,
                detail,
            })
        })
        .collect()
}

/// A digest of everything QA results depend on besides the two files, recorded in state so
/// `check` can trust a clean result of an untouched post.
pub fn fingerprint(glossary_bytes: &[u8], config: &QaConfig) -> String {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(glossary_bytes);
    // Keyed by name, as the levels were when names were strings: the same digest as before.
    let levels: BTreeMap<&str, Level> = config.levels.iter().map(|(c, l)| (c.key(), *l)).collect();
    h.update(format!("{levels:?}").as_bytes());
    h.update(format!("{:?}", config.ignores).as_bytes());
    h.update(format!("{:?}", config.length_band).as_bytes());
    h.finalize().to_hex()[..16].to_owned()
}

/// Runs every check on a written target post. `pairs`: (target segment index, source
/// segment, status) for the segments to judge.
pub fn check_post(
    ctx: &Context<'_>,
    file: &str,
    source: &Document,
    target: &Document,
    pairs: &[(usize, &Segment, Status)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, src, status) in pairs {
        let Some(t) = target.segments().get(*i) else {
            continue;
        };
        let raw = (
            &source.source()[src.range.clone()],
            &target.source()[t.range.clone()],
        );
        let problems = check_segment(ctx, src, &t.text, Some(raw), *status);
        out.extend(findings(ctx, file, t.line, Some(src), problems));
    }
    let line = target.front_matter().map_or(0, |_| 1);
    out.extend(findings(
        ctx,
        file,
        line,
        None,
        check_document(ctx, source, target),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Messages, UiLang};

    /// An ignored finding keeps its own message, in the UI language, with the editor's
    /// reason beside it.
    #[test]
    fn an_ignored_finding_reads_in_the_ui_language() {
        let doc = Document::parse(
            "p.md",
            "모델이 답했다.\n".as_bytes(),
            &crate::document::ParseOptions::default(),
        )
        .unwrap();
        let segment = &doc.segments()[0];
        let config = QaConfig {
            ignores: vec![Ignore {
                segment: segment.id.0.clone(),
                check: Check::Untranslated,
                reason: "인용문".into(),
            }],
            ..QaConfig::default()
        };
        let glossary = TermIndex::new(&Default::default(), "ko", "en", true);
        let ctx = Context {
            config: &config,
            glossary: &glossary,
            source_lang: "ko",
            target_lang: "en",
        };
        let problems = untranslated::check(&segment.text, &segment.text)
            .into_iter()
            .collect();
        let found = findings(&ctx, "p.md", 1, Some(segment), problems);
        assert_eq!(found[0].severity, Severity::Ignored);
        assert_eq!(
            Messages::get(UiLang::Ko).diagnostic(&found[0]),
            "번역이 원문과 똑같습니다 (무시함: 인용문)"
        );
        assert_eq!(
            Messages::get(UiLang::En).diagnostic(&found[0]),
            "the translation is the source text unchanged (ignored: 인용문)"
        );
    }
}
