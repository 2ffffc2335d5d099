//! Inline tags: the only markup a backend ever sees.
//!
//! `<gN>…</gN>` wraps emphasis, strong, strikethrough and link text; `<xN/>` stands for
//! an atom (code span, image, inline HTML, Liquid, a bare URL, a hard break…). Numbers are
//! unique within one segment, so a translation may reorder tags freely.

use std::collections::BTreeMap;

/// One lexical unit of a segment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    Open(u32),
    Close(u32),
    Atom(u32),
    Newline,
}

/// Splits text into words and tags. Anything that is not exactly a tag is text.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let tag = match bytes[i] {
            b'<' => parse_tag(&bytes[i..]),
            b'\n' => Some((Token::Newline, 1)),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some((Token::Newline, 2)),
            _ => None,
        };
        match tag {
            Some((token, len)) => {
                if text_start < i {
                    out.push(Token::Text(&text[text_start..i]));
                }
                out.push(token);
                i += len;
                text_start = i;
            }
            None => i += 1,
        }
    }
    if text_start < bytes.len() {
        out.push(Token::Text(&text[text_start..]));
    }
    out
}

fn parse_tag(b: &[u8]) -> Option<(Token<'static>, usize)> {
    // b[0] == '<'
    let (close, kind_at) = if b.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    let kind = *b.get(kind_at)?;
    if kind != b'g' && kind != b'x' {
        return None;
    }
    let digits_start = kind_at + 1;
    let mut j = digits_start;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == digits_start || j - digits_start > 6 {
        return None;
    }
    let n: u32 = std::str::from_utf8(&b[digits_start..j])
        .ok()?
        .parse()
        .ok()?;
    match (kind, close) {
        (b'g', false) if b.get(j) == Some(&b'>') => Some((Token::Open(n), j + 1)),
        (b'g', true) if b.get(j) == Some(&b'>') => Some((Token::Close(n), j + 1)),
        (b'x', false) if b.get(j) == Some(&b'/') && b.get(j + 1) == Some(&b'>') => {
            Some((Token::Atom(n), j + 2))
        }
        _ => None,
    }
}

/// What is wrong with the tags of a translation, compared with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagProblem {
    /// A tag of the source is absent from the translation.
    Missing,
    /// A tag the source does not have.
    Unexpected,
    /// A tag that appears more than once.
    Duplicate,
    /// A closing tag before its opening tag, or pairs that overlap.
    Unbalanced,
}

impl TagProblem {
    pub fn code(&self) -> &'static str {
        match self {
            TagProblem::Missing => "missing",
            TagProblem::Unexpected => "unexpected",
            TagProblem::Duplicate => "duplicate",
            TagProblem::Unbalanced => "unbalanced",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TagKey {
    Open(u32),
    Close(u32),
    Atom(u32),
}

fn render_key(k: TagKey) -> String {
    match k {
        TagKey::Open(n) => format!("<g{n}>"),
        TagKey::Close(n) => format!("</g{n}>"),
        TagKey::Atom(n) => format!("<x{n}/>"),
    }
}

fn tag_counts(tokens: &[Token<'_>]) -> BTreeMap<TagKey, usize> {
    let mut counts = BTreeMap::new();
    for t in tokens {
        let key = match t {
            Token::Open(n) => TagKey::Open(*n),
            Token::Close(n) => TagKey::Close(*n),
            Token::Atom(n) => TagKey::Atom(*n),
            _ => continue,
        };
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Checks that `translation` holds exactly the tags of `source`, each once, properly nested.
/// Returns the first problem found with the tag it concerns, e.g. `("<g2>", Missing)`.
pub fn check_tags(source: &str, translation: &str) -> Result<(), (String, TagProblem)> {
    let src = tag_counts(&tokenize(source));
    let tokens = tokenize(translation);
    let dst = tag_counts(&tokens);
    for (key, count) in &dst {
        if !src.contains_key(key) {
            return Err((render_key(*key), TagProblem::Unexpected));
        }
        if *count > 1 {
            return Err((render_key(*key), TagProblem::Duplicate));
        }
    }
    if let Some(key) = src.keys().find(|k| !dst.contains_key(k)) {
        return Err((render_key(*key), TagProblem::Missing));
    }
    let mut stack = Vec::new();
    for t in &tokens {
        match t {
            Token::Open(n) => stack.push(*n),
            Token::Close(n) if stack.pop() != Some(*n) => {
                return Err((render_key(TagKey::Close(*n)), TagProblem::Unbalanced));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The text of a segment without its tags, for letter tests and QA.
pub fn strip_tags(text: &str) -> String {
    tokenize(text)
        .into_iter()
        .map(|t| match t {
            Token::Text(s) => s,
            Token::Newline => "\n",
            _ => " ",
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_tags_and_text() {
        let t = tokenize("<g1>OpenAI</g1>가 <x2/>를\n발표");
        assert_eq!(
            t,
            vec![
                Token::Open(1),
                Token::Text("OpenAI"),
                Token::Close(1),
                Token::Text("가 "),
                Token::Atom(2),
                Token::Text("를"),
                Token::Newline,
                Token::Text("발표"),
            ]
        );
    }

    #[test]
    fn lookalikes_are_text() {
        let t = tokenize("a <b> c <g> <x1> </gx> <g1/>");
        assert_eq!(t, vec![Token::Text("a <b> c <g> <x1> </gx> <g1/>")]);
    }

    #[test]
    fn reordered_tags_are_accepted() {
        assert!(check_tags("<g1>폭스콘</g1>이 <x2/>", "<x2/> <g1>Foxconn</g1>").is_ok());
    }

    #[test]
    fn each_problem_names_its_tag() {
        let src = "<g1>a</g1> <x2/>";
        assert_eq!(
            check_tags(src, "<g1>a</g1>"),
            Err(("<x2/>".into(), TagProblem::Missing))
        );
        assert_eq!(
            check_tags(src, "<g1>a</g1> <x2/> <x3/>"),
            Err(("<x3/>".into(), TagProblem::Unexpected))
        );
        assert_eq!(
            check_tags(src, "<g1>a</g1> <x2/><x2/>"),
            Err(("<x2/>".into(), TagProblem::Duplicate))
        );
        assert_eq!(
            check_tags(src, "</g1>a<g1> <x2/>"),
            Err(("</g1>".into(), TagProblem::Unbalanced))
        );
        assert_eq!(
            check_tags("<g1><g2>a</g2></g1>", "<g1><g2>a</g1></g2>"),
            Err(("</g1>".into(), TagProblem::Unbalanced))
        );
    }

    #[test]
    fn strip_leaves_words() {
        assert_eq!(strip_tags("<g1>a</g1>b<x2/>"), " a b ");
    }
}
