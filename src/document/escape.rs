//! A backend's reply is data: its words are checked and escaped for the Markdown they land
//! in, the way a template engine autoescapes. The only markup in a translated segment is
//! the source's own, carried by its tags.
//!
//! Jekyll runs Liquid over the raw file before kramdown sees it, so `{{`/`{%` are broken
//! with an entity rather than a backslash (Liquid does not know Markdown escapes).

use super::SegmentKind;
use super::tags::{Token, tokenize};
use crate::diag::Detail;

/// Why a reply cannot be written, in words a reviewer understands.
pub fn reply_problem(text: &str, source: &str, kind: SegmentKind) -> Option<Detail> {
    if let Some(c) = text.chars().find(|&c| forbidden(c)) {
        return Some(Detail::new(
            "detail-reply-control",
            vec![("code", format!("{:04X}", c as u32))],
        ));
    }
    if kind == SegmentKind::FrontMatter {
        // Layouts print front-matter values into HTML as they are.
        for bad in ["<", ">", "{{", "{%", "\n"] {
            if text.contains(bad) && !source.contains(bad) {
                return Some(Detail::new(
                    "detail-reply-front-matter",
                    vec![("text", format!("{bad:?}"))],
                ));
            }
        }
    }
    let tokens = tokenize(text);
    let words = |t: &[Token<'_>]| {
        t.iter()
            .any(|t| matches!(t, Token::Text(s) if s.chars().any(char::is_alphanumeric)))
    };
    if !words(&tokens) && words(&tokenize(source)) {
        return Some(Detail::new("detail-reply-empty", vec![]));
    }
    for (i, t) in tokens.iter().enumerate() {
        if let Token::Open(n) = t {
            let inner = tokens[i + 1..]
                .iter()
                .take_while(|t| **t != Token::Close(*n))
                .any(|t| match t {
                    Token::Text(s) => !s.trim().is_empty(),
                    Token::Atom(_) | Token::Open(_) => true,
                    _ => false,
                });
            if !inner {
                return Some(Detail::new(
                    "detail-reply-empty-tag",
                    vec![("tag", format!("<g{n}>"))],
                ));
            }
        }
    }
    None
}

/// Characters never written from a reply: C0/C1 controls other than a line break, bidi
/// overrides and isolates (they reorder what a reader sees), and Unicode line separators.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

/// The reply's tokens made safe to splice: leading and trailing whitespace of the reply and
/// of each line dropped, whitespace just inside a paired tag moved outside it (`** word**`
/// is no longer bold), runs of line breaks collapsed to one (a blank line would split the
/// block).
pub(crate) fn tidy(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].clone();
        match t {
            Token::Open(n) => {
                // Leading whitespace of the wrapped text goes before the tag.
                if let Some(Token::Text(s)) = tokens.get(i + 1) {
                    let trimmed = s.trim_start();
                    if trimmed.len() < s.len() {
                        out.push(Token::Text(" "));
                        out.push(Token::Open(n));
                        if !trimmed.is_empty() {
                            out.push(Token::Text(trimmed));
                        }
                        i += 2;
                        continue;
                    }
                }
                out.push(t);
            }
            Token::Close(_) => {
                if let Some(Token::Text(s)) = out.last().cloned() {
                    let trimmed = s.trim_end();
                    if trimmed.len() < s.len() {
                        out.pop();
                        if !trimmed.is_empty() {
                            out.push(Token::Text(trimmed));
                        }
                        out.push(t);
                        out.push(Token::Text(" "));
                        i += 1;
                        continue;
                    }
                }
                out.push(t);
            }
            Token::Newline => {
                if !matches!(out.last(), None | Some(Token::Newline)) {
                    out.push(t);
                }
            }
            Token::Text(_) | Token::Atom(_) => out.push(t),
        }
        i += 1;
    }
    while matches!(out.last(), Some(Token::Newline)) {
        out.pop();
    }
    // Whitespace at the edges of the reply and of each line.
    let n = out.len();
    for k in 0..n {
        if let Token::Text(s) = out[k] {
            let line_start = k == 0 || out[k - 1] == Token::Newline;
            let line_end = k + 1 == n || out[k + 1] == Token::Newline;
            let mut s = s;
            if line_start {
                s = s.trim_start();
            }
            if line_end {
                s = s.trim_end();
            }
            out[k] = Token::Text(s);
        }
    }
    let mut merged: Vec<Token<'_>> = Vec::with_capacity(out.len());
    for t in out {
        match (merged.last(), &t) {
            (_, Token::Text("")) => {}
            (Some(Token::Text(" ")), Token::Text(s)) if s.starts_with(char::is_whitespace) => {}
            (Some(Token::Text(a)), Token::Text(" ")) if a.ends_with(char::is_whitespace) => {}
            _ => merged.push(t),
        }
    }
    merged
}

/// Writes reply words as literal Markdown text. `line_start` says the text begins a line
/// of the block (where `-`, `+`, `=`, `:` and `1.` would start a new construct).
pub(crate) fn escape_text(s: &str, line_start: bool, out: &mut String) {
    let chars: Vec<char> = s.chars().collect();
    let mut start = 0;
    if line_start {
        // An ordered-list marker: digits followed by `.` or `)`.
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=9).contains(&digits) && matches!(chars.get(digits), Some('.' | ')')) {
            out.extend(&chars[..digits]);
            out.push('\\');
            out.push(chars[digits]);
            start = digits + 1;
        } else if let Some(c @ ('-' | '+' | '=' | ':')) = chars.first() {
            out.push('\\');
            out.push(*c);
            start = 1;
        }
    }
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            // An existing escape stays one (the reply kept the source's `\*`).
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(c);
                out.push(next.unwrap_or_default());
                i += 2;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            '{' if next.is_none() || matches!(next, Some('{' | '%' | ':' | '#')) => {
                out.push_str("&#123;")
            }
            '$' if next == Some('$') || (i > 0 && chars[i - 1] == '$') => out.push_str("\\$"),
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

/// Whether the Markdown of an atom is a bare URL, which the text around it could extend
/// (`https://a.b/path` + `word`) or hide (a letter right before `https://`).
pub(crate) fn is_bare_url(markup: &str) -> bool {
    let m = markup.trim();
    (m.contains("://") || m.starts_with("www.")) && !m.starts_with(['<', '[', '!', '`', '{'])
}

/// Characters that may touch a bare URL without becoming part of it.
pub(crate) fn may_follow_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'')
}

/// Characters that may come right before a bare URL and keep it a link.
pub(crate) fn may_precede_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '*' | '_' | '~')
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: SegmentKind = SegmentKind::Paragraph;

    fn esc(s: &str, line_start: bool) -> String {
        let mut out = String::new();
        escape_text(s, line_start, &mut out);
        out
    }

    #[test]
    fn active_characters_come_out_literal() {
        assert_eq!(
            esc("<script>alert(1)</script>", false),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            esc("[more](javascript:alert(1))", false),
            "\\[more\\](javascript:alert(1))"
        );
        assert_eq!(
            esc("{% include evil.html %} {{ x }}", false),
            "&#123;% include evil.html %} &#123;{ x }}"
        );
        assert_eq!(esc("{: onclick=\"x\"}", false), "&#123;: onclick=\"x\"}");
        assert_eq!(esc("a | b", false), "a \\| b");
        assert_eq!(
            esc("*x* _y_ `z` ~~w~~", false),
            "\\*x\\* \\_y\\_ \\`z\\` \\~\\~w\\~\\~"
        );
        assert_eq!(esc("$$x$$ costs $5", false), "\\$\\$x\\$\\$ costs $5");
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        assert_eq!(esc("1. Item", true), "1\\. Item");
        assert_eq!(esc("2026) year", true), "2026\\) year");
        assert_eq!(esc("- a", true), "\\- a");
        assert_eq!(esc("# a", true), "\\# a");
        assert_eq!(esc("> a", true), "\\> a");
        assert_eq!(esc("=== ", true), "\\=== ");
        assert_eq!(esc("1. Item", false), "1. Item");
        assert_eq!(esc("- a", false), "- a");
    }

    #[test]
    fn existing_escapes_stay_single_and_lone_backslashes_are_literal() {
        assert_eq!(esc("1\\. a \\* b", false), "1\\. a \\* b");
        assert_eq!(esc("a\\", false), "a\\\\");
        assert_eq!(esc("C:\\dir", false), "C:\\\\dir");
    }

    #[test]
    fn control_and_bidi_characters_are_refused() {
        for bad in [
            "a\0b",
            "a\u{1b}[31m",
            "a\u{202E}b",
            "a\rb",
            "a\u{2028}b",
            "a\u{2029}",
        ] {
            assert!(reply_problem(bad, "가", P).is_some(), "{bad:?}");
        }
        assert_eq!(reply_problem("fine\ntext", "가", P), None);
        // The code point is named as written, never as a grouped number.
        let said = reply_problem("a\u{2028}b", "가", P).map(|d| d.english());
        assert_eq!(
            said.as_deref(),
            Some("the translation holds the control character U+2028")
        );
    }

    #[test]
    fn front_matter_values_take_no_markup() {
        let fm = SegmentKind::FrontMatter;
        assert!(reply_problem("<script>x</script>", "제목", fm).is_some());
        assert!(reply_problem("{{ site.x }}", "제목", fm).is_some());
        assert!(reply_problem("two\nlines", "제목", fm).is_some());
        assert_eq!(reply_problem("AI news", "AI 뉴스", fm), None);
    }

    #[test]
    fn empty_replies_and_empty_pairs_are_refused() {
        assert!(reply_problem("", "에이전트", P).is_some());
        assert!(reply_problem("  <x1/> ", "<x1/> 에이전트", P).is_some());
        assert!(reply_problem("<g1> </g1> agent", "<g1>a</g1> 에이전트", P).is_some());
        assert_eq!(
            reply_problem("<g1>a</g1> agent", "<g1>a</g1> 에이전트", P),
            None
        );
        assert_eq!(reply_problem("<x1/>", "<x1/>", P), None);
    }

    #[test]
    fn whitespace_inside_pairs_moves_out_and_breaks_collapse() {
        let t = tidy(tokenize("a<g1> word </g1>b"));
        assert_eq!(
            t,
            vec![
                Token::Text("a"),
                Token::Text(" "),
                Token::Open(1),
                Token::Text("word"),
                Token::Close(1),
                Token::Text(" "),
                Token::Text("b"),
            ]
        );
        let t = tidy(tokenize("\n\n  one  \n\n\n   two\n"));
        assert_eq!(
            t,
            vec![Token::Text("one"), Token::Newline, Token::Text("two")]
        );
    }

    #[test]
    fn bare_urls_are_told_from_other_atoms() {
        assert!(is_bare_url("https://a.b/path"));
        assert!(is_bare_url("www.example.com"));
        assert!(!is_bare_url("<https://a.b>"));
        assert!(!is_bare_url("`code`"));
        assert!(!is_bare_url("![x](https://a.b/x.png)"));
    }
}
