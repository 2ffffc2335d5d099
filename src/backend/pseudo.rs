//! The offline default: deterministic placeholders that look translated but never pass for
//! a translation. ko→en: glossary terms replaced, remaining Hangul romanized (RR);
//! other directions: accented pseudolocalization as fluent-pseudo does. Tags pass through.

use aho_corasick::{AhoCorasick, MatchKind};

use super::romanize::romanize;
use super::{BackendError, BoxFuture, Request, Translator};
use crate::document::SegmentId;
use crate::document::tags::{Token, tokenize};
use crate::state::Status;

pub struct Pseudo;

const PLAIN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ACCENTED: &str = "ȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑ";

fn accent(text: &str) -> String {
    text.chars()
        .map(|c| match PLAIN.find(c) {
            Some(i) => ACCENTED.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect()
}

impl Pseudo {
    /// The glossary of a request, compiled once for all its segments.
    fn matcher(req: &Request) -> Option<AhoCorasick> {
        let patterns: Vec<&str> = req.glossary.iter().map(|t| t.source.as_str()).collect();
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()
    }

    /// The pseudo text for one segment.
    pub fn render(req: &Request, text: &str) -> String {
        Pseudo::render_with(req, Pseudo::matcher(req).as_ref(), text)
    }

    fn render_with(req: &Request, matcher: Option<&AhoCorasick>, text: &str) -> String {
        let korean_source = req.source_lang.starts_with("ko");
        let mut out = String::with_capacity(text.len() * 2);
        for token in tokenize(text) {
            match token {
                Token::Text(s) => {
                    let mut pos = 0;
                    let mut piece = String::new();
                    if let Some(m) = matcher {
                        for found in m.find_iter(s) {
                            piece.push_str(&transform(&s[pos..found.start()], korean_source));
                            piece.push_str(&req.glossary[found.pattern().as_usize()].target);
                            pos = found.end();
                        }
                    }
                    piece.push_str(&transform(&s[pos..], korean_source));
                    out.push_str(&piece);
                }
                Token::Newline => out.push('\n'),
                Token::Open(n) => out.push_str(&format!("<g{n}>")),
                Token::Close(n) => out.push_str(&format!("</g{n}>")),
                Token::Atom(n) => out.push_str(&format!("<x{n}/>")),
            }
        }
        out
    }
}

fn transform(s: &str, korean_source: bool) -> String {
    if korean_source {
        romanize(s)
    } else {
        accent(s)
    }
}

impl Translator for Pseudo {
    fn origin(&self) -> String {
        crate::state::PSEUDO_ORIGIN.into()
    }

    fn status(&self) -> Status {
        Status::Pseudo
    }

    fn batch_chars(&self) -> usize {
        usize::MAX
    }

    fn concurrency(&self) -> usize {
        1
    }

    fn translate<'a>(
        &'a self,
        req: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<(SegmentId, String)>, BackendError>> {
        let matcher = Pseudo::matcher(req);
        let out = req
            .segments
            .iter()
            .map(|(id, text)| (id.clone(), Pseudo::render_with(req, matcher.as_ref(), text)))
            .collect();
        Box::pin(std::future::ready(Ok(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(source: &str, glossary: &[(&str, &str)]) -> Request {
        Request {
            source_lang: source.into(),
            target_lang: "en".into(),
            glossary: glossary
                .iter()
                .map(|(a, b)| crate::backend::RequestTerm {
                    source: a.to_string(),
                    target: b.to_string(),
                    note: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn korean_uses_glossary_then_romanizes() {
        let r = req("ko", &[("에이전트", "agent"), ("피지컬 AI", "physical AI")]);
        assert_eq!(
            Pseudo::render(&r, "<g1>피지컬 AI</g1>와 에이전트가 <x2/> 부상"),
            "<g1>physical AI</g1>wa agentga <x2/> busang"
        );
    }

    #[test]
    fn english_is_accented_and_tags_survive() {
        let r = req("en", &[]);
        assert_eq!(
            Pseudo::render(&r, "<g1>Hello</g1> <x2/>\nworld"),
            "<g1>Ħḗŀŀǿ</g1> <x2/>\nẇǿřŀḓ"
        );
    }
}
