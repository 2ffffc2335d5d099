//! The term base, `glossary.toml`: `[[term]]` tables with one key per language tag.
//!
//! Pure: parses text, answers questions about terms.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diag::Diagnostic;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic for GlossaryError {
    fn id(&self) -> &'static str {
        "err-glossary"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("line", self.line.to_string()),
            ("column", self.column.to_string()),
            ("message", self.message.clone()),
        ]
    }
}

crate::english_display!(GlossaryError);

impl Glossary {
    pub fn parse(path: &str, text: &str) -> Result<Glossary, GlossaryError> {
        let err = |offset: usize, message: String| {
            let (line, column) = crate::exchange::line_col(text, offset);
            GlossaryError {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            err(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        let mut terms = Vec::new();
        for t in raw.term {
            let span = t.span();
            let (line, _) = crate::exchange::line_col(text, span.start);
            let t = t.into_inner();
            let mut forms = BTreeMap::new();
            for (k, v) in t.forms {
                if k.parse::<LanguageIdentifier>().is_err() {
                    return Err(err(
                        span.start,
                        format!("`{k}` is neither a known key nor a language tag"),
                    ));
                }
                let Some(s) = v.as_str() else {
                    return Err(err(span.start, format!("`{k}` must be a string")));
                };
                if s.trim().is_empty() {
                    return Err(err(span.start, format!("`{k}` is empty")));
                }
                forms.insert(k, s.to_owned());
            }
            if forms.is_empty() {
                return Err(err(
                    span.start,
                    "a term needs at least one language, e.g. ko = \"에이전트\"".into(),
                ));
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
        assert!(e.message.contains("empty"), "{e:?}");
        let e = Glossary::parse("g.toml", "[[term]]\nko = \"a\"\n\"not a tag!\" = \"b\"\n")
            .unwrap_err();
        assert!(e.message.contains("language tag"), "{e:?}");
        let e = Glossary::parse("g.toml", "[[term]]\nko = \"a\"\nen = \n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = Glossary::parse("g.toml", "[terms]\n").unwrap_err();
        assert!(e.message.contains("terms"), "{e:?}");
    }
}
