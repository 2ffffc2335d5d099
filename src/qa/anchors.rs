//! anchors: in-page links (`#fragment`) resolve to a heading id of the post. Heading ids
//! follow kramdown's auto ids (Jekyll's default) or an explicit `{#id}`.

use super::{Check, Problem};
use crate::document::{Document, SegmentKind};

/// kramdown's auto id: lowercase; letters, digits, spaces and hyphens kept (any script);
/// spaces become hyphens; leading characters that are not letters dropped.
pub fn slug(heading: &str) -> String {
    use crate::document::tags::{Token, tokenize};
    let text: String = tokenize(heading)
        .into_iter()
        .filter_map(|t| match t {
            Token::Text(s) => Some(s),
            _ => None,
        })
        .collect();
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect();
    let s = kept.trim().replace(' ', "-");
    let s = s.trim_start_matches(|c: char| !c.is_alphabetic());
    if s.is_empty() {
        "section".into()
    } else {
        s.to_owned()
    }
}

/// Heading ids of a post, in order (explicit `{#id}` wins over the auto id).
pub fn heading_ids(doc: &Document) -> Vec<String> {
    let src = doc.source();
    doc.segments()
        .iter()
        .filter(|s| s.kind == SegmentKind::Heading)
        .map(|s| {
            let line_end = src[s.range.end..]
                .find('\n')
                .map_or(src.len(), |e| s.range.end + e);
            let tail = &src[s.range.end..line_end];
            match tail.find("{#") {
                Some(i) => tail[i + 2..]
                    .split(['}', ' ', '.'])
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                None => slug(&s.text),
            }
        })
        .collect()
}

/// `(#fragment)` link targets in Markdown, and `href="#…"`.
pub fn fragments(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pat in ["](#", "href=\"#"] {
        let mut from = 0;
        while let Some(p) = raw[from..].find(pat) {
            let start = from + p + pat.len();
            let end = raw[start..]
                .find([')', '"', ' '])
                .map_or(raw.len(), |e| start + e);
            out.push(raw[start..end].to_owned());
            from = end;
        }
    }
    out
}

pub fn check(target: &Document) -> Vec<Problem> {
    let ids = heading_ids(target);
    fragments(target.source())
        .into_iter()
        .filter(|f| !ids.contains(f) && !f.is_empty())
        .map(|f| Problem::localized(Check::Anchors, "qa-anchor", vec![("fragment", f)]))
        .collect()
}

/// Rewrites in-page links of a translated post from source heading ids to the ids the
/// translated headings get, so translating a heading never breaks a link to it.
pub fn rewrite(source: &Document, target_text: &str, target: &Document) -> String {
    let from = heading_ids(source);
    let to = heading_ids(target);
    if from.len() != to.len() {
        return target_text.to_owned();
    }
    let mut out = target_text.to_owned();
    for (f, t) in from.iter().zip(&to) {
        if f != t {
            out = out.replace(&format!("](#{f})"), &format!("](#{t})"));
            out = out.replace(&format!("href=\"#{f}\""), &format!("href=\"#{t}\""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ParseOptions;

    fn doc(s: &str) -> Document {
        Document::parse("p.md", s.as_bytes(), &ParseOptions::default()).unwrap()
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("주요 내용 및 시사점"), "주요-내용-및-시사점");
        assert_eq!(slug("OpenAI, 첫 AI 하드웨어"), "openai-첫-ai-하드웨어");
        assert_eq!(slug("1. Seoul's <g1>CCTV</g1>"), "seouls-cctv");
    }

    #[test]
    fn fires_rewrites_and_stays_silent() {
        let src = doc("## 요약\n\n[위로](#요약)\n\n## 둘째 {#second}\n\n[둘째로](#second)\n");
        let tgt_text = "## Summary\n\n[Up](#요약)\n\n## Second {#second}\n\n[To second](#second)\n";
        let tgt = doc(tgt_text);
        let p = check(&tgt);
        assert_eq!(p.len(), 1, "{p:?}");
        let fixed = rewrite(&src, tgt_text, &tgt);
        assert!(fixed.contains("[Up](#summary)"), "{fixed}");
        assert!(check(&doc(&fixed)).is_empty());
    }
}
