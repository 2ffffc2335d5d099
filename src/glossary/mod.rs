//! The term base, `glossary.toml`: `[[term]]` tables with one key per language tag.
//!
//! Pure: parses text, answers questions about terms.

pub mod matcher;
pub mod tools;

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diag::Detail;

/// One house term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Term per language tag, e.g. `ko` → 에이전트, `en` → agent.
    pub forms: BTreeMap<String, String>,
    pub note: Option<String>,
    /// Other source spellings.
    pub variants: Vec<String>,
    /// Target forms that must not be used.
    pub forbidden: Vec<String>,
    /// A name that stays as written in every language.
    pub keep: bool,
    pub case_sensitive: bool,
    /// 1-based line of the `[[term]]` table.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    term: Vec<Spanned<RawTerm>>,
}

#[derive(Debug, Deserialize)]
struct RawTerm {
    note: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    #[serde(default)]
    forbidden: Vec<String>,
    #[serde(default)]
    keep: bool,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(flatten)]
    forms: BTreeMap<String, toml::Value>,
}

crate::positioned_error!(
    /// glossary.toml (or an imported file) could not be read or is invalid.
    GlossaryError,
    "err-glossary"
);

impl Glossary {
    pub fn parse(path: &str, text: &str) -> Result<Glossary, GlossaryError> {
        let err = |offset: usize, detail: Detail| {
            let (line, column) = crate::exchange::line_col(text, offset);
            GlossaryError {
                path: path.to_owned(),
                line,
                column,
                detail,
            }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            err(
                e.span().map_or(0, |s| s.start),
                Detail::quoted("detail-toml", e.message().trim()),
            )
        })?;
        let mut terms = Vec::new();
        for t in raw.term {
            let span = t.span();
            let (line, _) = crate::exchange::line_col(text, span.start);
            let t = t.into_inner();
            let mut forms = BTreeMap::new();
            for (k, v) in t.forms {
                let key = |id| Detail::new(id, vec![("key", k.clone())]);
                if k.parse::<LanguageIdentifier>().is_err() {
                    return Err(err(span.start, key("glossary-unknown-key")));
                }
                let Some(s) = v.as_str() else {
                    return Err(err(span.start, key("glossary-not-a-string")));
                };
                if s.trim().is_empty() {
                    return Err(err(span.start, key("glossary-empty-form")));
                }
                forms.insert(k, s.to_owned());
            }
            if forms.is_empty() {
                return Err(err(span.start, Detail::new("glossary-no-forms", vec![])));
            }
            terms.push(Term {
                forms,
                note: t.note,
                variants: t.variants,
                forbidden: t.forbidden,
                keep: t.keep,
                case_sensitive: t.case_sensitive,
                line,
            });
        }
        Ok(Glossary { terms })
    }

    /// (source form, target form) for every term with both languages; `keep` terms map
    /// onto themselves. `variants` are spellings in the project's source language, so they
    /// count only when `with_variants` (translating from that language).
    pub fn pairs(&self, source: &str, target: &str, with_variants: bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for t in &self.terms {
            let Some(src) = t.forms.get(source) else {
                continue;
            };
            let dst = if t.keep {
                src.clone()
            } else {
                match t.forms.get(target) {
                    Some(d) => d.clone(),
                    None => continue,
                }
            };
            out.push((src.clone(), dst.clone()));
            for v in t.variants.iter().filter(|_| with_variants) {
                out.push((v.clone(), dst.clone()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_and_pairs() {
        let g = Glossary::parse(
            "g.toml",
            "# house terms\n[[term]]\nko = \"에이전트\"\nen = \"agent\"\nvariants = [\"AI 에이전트\"]\n\n[[term]]\nko = \"OpenAI\"\nkeep = true\n",
        )
        .unwrap();
        assert_eq!(g.terms.len(), 2);
        assert_eq!(g.terms[0].line, 2);
        assert_eq!(
            g.pairs("ko", "en", true),
            vec![
                ("에이전트".into(), "agent".into()),
                ("AI 에이전트".into(), "agent".into()),
                ("OpenAI".into(), "OpenAI".into())
            ]
        );
        assert_eq!(
            g.pairs("en", "ko", false),
            vec![("agent".into(), "에이전트".into())]
        );
    }

    #[test]
    fn bad_glossaries_are_errors_with_lines() {
        let e = Glossary::parse("g.toml", "[[term]]\nko = \"\"\n").unwrap_err();
        assert!(e.to_string().contains("empty"), "{e:?}");
        let e = Glossary::parse("g.toml", "[[term]]\nko = \"a\"\n\"not a tag!\" = \"b\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("language tag"), "{e:?}");
        let e = Glossary::parse("g.toml", "[[term]]\nko = \"a\"\nen = \n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = Glossary::parse("g.toml", "[terms]\n").unwrap_err();
        assert!(e.to_string().contains("terms"), "{e:?}");
    }
}

/// A term found in a source segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// Index into [`Glossary::terms`].
    pub term: usize,
    /// The source form as found (term or variant).
    pub source: String,
    /// The target form the translation must use.
    pub target: String,
}

/// What a translation did wrong with a house term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The target form is absent.
    Missing { source: String, target: String },
    /// A forbidden target form is used.
    Forbidden { source: String, form: String },
    /// A `keep` term is not in the translation as written.
    NotKept { term: String },
}

impl Violation {
    /// The finding's Fluent id and arguments; its English goes to models too.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Violation::Missing { source, target } => (
                "qa-glossary-missing",
                vec![("source", source.clone()), ("target", target.clone())],
            ),
            Violation::Forbidden { source, form } => (
                "qa-glossary-forbidden",
                vec![("source", source.clone()), ("form", form.clone())],
            ),
            Violation::NotKept { term } => ("qa-glossary-keep", vec![("term", term.clone())]),
        }
    }
}

/// The glossary compiled for one direction.
pub struct TermIndex {
    terms: Vec<Term>,
    matcher: matcher::KoreanMatcher,
    /// Per matcher pattern: (term index, source form).
    patterns: Vec<(usize, String)>,
    source: String,
    target: String,
}

impl TermIndex {
    pub fn new(g: &Glossary, source: &str, target: &str, with_variants: bool) -> TermIndex {
        let mut patterns = Vec::new();
        for (i, t) in g.terms.iter().enumerate() {
            let Some(src) = t.forms.get(source) else {
                continue;
            };
            if !t.keep && !t.forms.contains_key(target) {
                continue;
            }
            patterns.push((i, src.clone()));
            for v in t.variants.iter().filter(|_| with_variants) {
                patterns.push((i, v.clone()));
            }
        }
        let pats: Vec<(String, bool)> = patterns
            .iter()
            .map(|(i, p)| (p.clone(), g.terms[*i].case_sensitive || g.terms[*i].keep))
            .collect();
        TermIndex {
            matcher: matcher::KoreanMatcher::new(&pats),
            terms: g.terms.clone(),
            patterns,
            source: source.to_owned(),
            target: target.to_owned(),
        }
    }

    fn target_of(&self, term: &Term) -> Option<String> {
        if term.keep {
            term.forms.get(&self.source).cloned()
        } else {
            term.forms.get(&self.target).cloned()
        }
    }

    /// Terms in `text`, each (term, form) once (tags are ignored by the boundary rules:
    /// `<g1>에이전트</g1>가`).
    pub fn matches(&self, text: &str) -> Vec<TermMatch> {
        let mut out: Vec<TermMatch> = Vec::new();
        for m in self.occurrences(text) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// Every occurrence of a term in `text`, in order. A Latin gloss inside a term is part
    /// of the form found: `엣지(Edge) AI` is 엣지 AI; a term inside the gloss counts too.
    pub fn occurrences(&self, text: &str) -> Vec<TermMatch> {
        let plain = crate::document::tags::strip_tags(text);
        let (bare, origin) = without_glosses(&plain);
        let found = |f: matcher::Found, range: (usize, usize)| {
            let (i, _) = &self.patterns[f.pattern];
            self.target_of(&self.terms[*i]).map(|target| {
                (
                    range.0,
                    TermMatch {
                        term: *i,
                        source: plain[range.0..range.1].to_owned(),
                        target,
                    },
                )
            })
        };
        let mut out: Vec<(usize, TermMatch)> = self
            .matcher
            .find(&plain)
            .into_iter()
            .filter_map(|f| found(f, (f.start, f.end)))
            .collect();
        // Terms a gloss interrupts, found once the glosses are out of the way.
        for f in self.matcher.find(&bare) {
            // The form ends with its last character, before any gloss that follows it.
            let last = origin[f.end.saturating_sub(1)];
            let end = last + plain[last..].chars().next().map_or(0, char::len_utf8);
            let start = origin[f.start];
            if plain[start..end].contains('(')
                && let Some(m) = found(f, (start, end))
            {
                out.push(m);
            }
        }
        out.sort_by_key(|(at, _)| *at);
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// (source, target) pairs to send with a request for `text`.
    pub fn pairs_for(&self, text: &str) -> Vec<(String, String)> {
        let mut v: Vec<_> = self
            .matches(text)
            .into_iter()
            .map(|m| (m.source, m.target))
            .collect();
        v.dedup();
        v
    }

    /// Checks a translation against the terms of its source.
    pub fn verify(&self, source: &str, translation: &str) -> Vec<Violation> {
        let plain = crate::document::tags::strip_tags(translation);
        let mut out = Vec::new();
        for m in self.matches(source) {
            let term = &self.terms[m.term];
            if term.keep && !target_contains(&plain, &m.target, true) {
                out.push(Violation::NotKept {
                    term: m.target.clone(),
                });
            } else if !target_contains(&plain, &m.target, term.case_sensitive || term.keep) {
                out.push(Violation::Missing {
                    source: m.source.clone(),
                    target: m.target.clone(),
                });
            }
            for f in &term.forbidden {
                if target_contains(&plain, f, false) {
                    out.push(Violation::Forbidden {
                        source: m.source.clone(),
                        form: f.clone(),
                    });
                }
            }
        }
        out
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
}

/// `text` without Latin glosses glued to Korean (`엣지(Edge) AI` → `엣지 AI`), and for each
/// byte of the result (and its end) the offset it came from.
fn without_glosses(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut i = 0;
    while i < text.len() {
        let glued = text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        if glued
            && text[i..].starts_with('(')
            && let Some(close) = text[i + 1..].find(')')
        {
            let inner = &text[i + 1..i + 1 + close];
            let latin = inner.chars().any(|c| c.is_ascii_alphabetic())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " -.&'".contains(c));
            if latin {
                i += close + 2;
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        out.push(c);
        origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        i += c.len_utf8();
    }
    origin.push(text.len());
    (out, origin)
}

/// Whether a target form occurs: Korean rules for Hangul forms, English rules otherwise.
fn target_contains(text: &str, form: &str, case_sensitive: bool) -> bool {
    if form.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        !matcher::KoreanMatcher::new(&[(form.to_owned(), case_sensitive)])
            .find(text)
            .is_empty()
    } else {
        matcher::english_contains(text, form, case_sensitive)
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    fn index() -> TermIndex {
        let g = Glossary::parse(
            "g.toml",
            "[[term]]\nko = \"에이전트\"\nen = \"agent\"\nvariants = [\"AI 에이전트\"]\nforbidden = [\"broker\"]\n\n[[term]]\nko = \"OpenAI\"\nkeep = true\n\n[[term]]\nko = \"메타\"\nen = \"Meta\"\ncase_sensitive = true\n",
        )
        .unwrap();
        TermIndex::new(&g, "ko", "en", true)
    }

    #[test]
    fn a_latin_gloss_inside_a_term_is_part_of_its_form() {
        let g = Glossary::parse("g.toml", "[[term]]\nko = \"엣지 AI\"\nen = \"edge AI\"\n\n[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\n").unwrap();
        let ix = TermIndex::new(&g, "ko", "en", true);
        let found: Vec<String> = ix
            .occurrences(
                "AI 서버뿐만 아니라 엣지(Edge) AI 디바이스, 엣지 AI와 폭스콘(Foxconn)은 폭스콘의",
            )
            .into_iter()
            .map(|m| m.source)
            .collect();
        assert_eq!(found, ["엣지(Edge) AI", "엣지 AI", "폭스콘", "폭스콘"]);
        assert_eq!(ix.matches("폭스콘(Foxconn)은 폭스콘의").len(), 1);
    }

    #[test]
    fn request_terms_and_verification() {
        let ix = index();
        assert_eq!(
            ix.pairs_for("<g1>OpenAI</g1>가 AI 에이전트를 메타버스에"),
            vec![
                ("OpenAI".into(), "OpenAI".into()),
                ("AI 에이전트".into(), "agent".into())
            ]
        );
        assert!(
            ix.verify("에이전트가 온다", "The agents are coming")
                .is_empty()
        );
        assert_eq!(
            ix.verify("에이전트가 온다", "The broker is coming"),
            vec![
                Violation::Missing {
                    source: "에이전트".into(),
                    target: "agent".into()
                },
                Violation::Forbidden {
                    source: "에이전트".into(),
                    form: "broker".into()
                }
            ]
        );
        assert_eq!(
            ix.verify("OpenAI가 말했다", "Openai said"),
            vec![Violation::NotKept {
                term: "OpenAI".into()
            }],
            "keep terms are exact"
        );
        assert_eq!(
            ix.verify("메타가 샀다", "meta bought").len(),
            1,
            "case-sensitive target"
        );
        assert!(ix.verify("메타가 샀다", "<g1>Meta</g1> bought").is_empty());
    }
}
