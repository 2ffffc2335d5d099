//! Inline tags shown as the Markdown they stand for. Backends see `<g1>기술적 의미</g1>`;
//! an editor reads `**기술적 의미**`, with link destinations shortened to `(…)` so the
//! words stay in view.

use std::collections::HashMap;

use crate::document::tags::{Token, tokenize};

/// The Markdown of each inline tag of one segment in one post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup(HashMap<String, String>);

impl Markup {
    /// From `(tag, Markdown)` pairs as [`crate::document::Document::tag_markup`] gives them.
    pub fn new(pairs: Vec<(String, String)>) -> Markup {
        Markup(
            pairs
                .into_iter()
                .map(|(tag, md)| (tag, shorten(&md)))
                .collect(),
        )
    }

    /// `text` with each tag replaced by its Markdown; a tag this post does not have (a
    /// retranslation that reordered or lost one) stays visible as the tag.
    pub fn show(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for token in tokenize(text) {
            let tag = match token {
                Token::Text(s) => {
                    out.push_str(s);
                    continue;
                }
                Token::Newline => {
                    out.push('\n');
                    continue;
                }
                Token::Open(n) => format!("<g{n}>"),
                Token::Close(n) => format!("</g{n}>"),
                Token::Atom(n) => format!("<x{n}/>"),
            };
            match self.0.get(&tag) {
                Some(md) => out.push_str(md),
                None => out.push_str(&tag),
            }
        }
        out
    }
}

/// A URL as its host: `https://www.trendforce.com/news/…` → `trendforce.com/…`.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    if path.is_empty() {
        host.to_owned()
    } else {
        format!("{host}/…")
    }
}

/// Link and image destinations become `…`; bare URLs and autolinks keep their host.
fn shorten(md: &str) -> String {
    if md.starts_with("http://") || md.starts_with("https://") {
        return host(md);
    }
    if let Some(inner) = md.strip_prefix('<').and_then(|m| m.strip_suffix('>'))
        && inner.contains("://")
        && !inner.contains(char::is_whitespace)
    {
        return format!("<{}>", host(inner));
    }
    match md.find("](") {
        Some(at) if md.ends_with(')') => format!("{}](…)", &md[..at]),
        _ => md.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markup(pairs: &[(&str, &str)]) -> Markup {
        Markup::new(
            pairs
                .iter()
                .map(|(t, m)| (t.to_string(), m.to_string()))
                .collect(),
        )
    }

    #[test]
    fn strong_and_links_read_as_markdown() {
        let m = markup(&[
            ("<g1>", "**"),
            ("</g1>", "**"),
            ("<g2>", "["),
            (
                "</g2>",
                "](https://www.trendforce.com/presscenter/news/20260102-12345.html)",
            ),
        ]);
        assert_eq!(
            m.show("<g1>기술적 의미</g1>: <g2>TrendForce</g2> 보도"),
            "**기술적 의미**: [TrendForce](…) 보도"
        );
    }

    #[test]
    fn atoms_keep_code_and_shorten_urls() {
        let m = markup(&[
            ("<x1/>", "`cargo`"),
            ("<x2/>", "https://www.digitimes.com/news/a20260102.html"),
            ("<x3/>", "![로고](/assets/logo.png)"),
        ]);
        assert_eq!(
            m.show("<x1/> 출처 <x2/> <x3/>"),
            "`cargo` 출처 digitimes.com/… ![로고](…)"
        );
    }

    #[test]
    fn unknown_tags_stay_visible() {
        assert_eq!(markup(&[]).show("a <g9>b</g9>\nc"), "a <g9>b</g9>\nc");
    }
}
