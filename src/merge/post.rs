//! Merging two branches' versions of an English post by segment: each post is cut into
//! chunks (the lines of one segment, or one line of markup between segments), the chunks
//! are merged three ways, and only a chunk both sides changed differently gets git's
//! conflict markers, around that paragraph alone.

use super::{Region, merge3};
use crate::document::{Document, ParseOptions};

/// The merged post and how many conflicts it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostMerge {
    pub text: String,
    pub conflicts: usize,
}

/// What the conflict markers say.
#[derive(Debug, Clone)]
pub struct Markers {
    /// Length of each marker (git's `%L`, 7 by default).
    pub size: usize,
    pub ours: String,
    pub theirs: String,
}

impl Default for Markers {
    fn default() -> Self {
        Markers {
            size: 7,
            ours: "ours".into(),
            theirs: "theirs".into(),
        }
    }
}

/// Merges `ours` and `theirs`, two edits of `base`.
pub fn merge(
    base: &str,
    ours: &str,
    theirs: &str,
    opts: &ParseOptions,
    markers: &Markers,
) -> PostMerge {
    let (b, o, t) = (chunks(base, opts), chunks(ours, opts), chunks(theirs, opts));
    let newline = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let mut text = String::with_capacity(ours.len().max(theirs.len()));
    let mut conflicts = 0;
    for region in merge3(&b, &o, &t) {
        match region {
            Region::Clean(c) => c.iter().for_each(|s| text.push_str(s)),
            Region::Conflict { ours, theirs } => {
                conflicts += 1;
                let side = |text: &mut String, lines: &[&str]| {
                    lines.iter().for_each(|s| text.push_str(s));
                    if !text.ends_with('\n') {
                        text.push_str(newline);
                    }
                };
                let marker = |c: char| c.to_string().repeat(markers.size);
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push_str(newline);
                }
                text.push_str(&format!("{} {}{newline}", marker('<'), markers.ours));
                side(&mut text, &ours);
                text.push_str(&format!("{}{newline}", marker('=')));
                side(&mut text, &theirs);
                text.push_str(&format!("{} {}{newline}", marker('>'), markers.theirs));
            }
        }
    }
    PostMerge { text, conflicts }
}

/// The post as a sequence of chunks that together are its bytes: the lines a segment
/// spans are one chunk, every other line is one. A post l10n cannot segment (it already
/// holds conflict markers, say) is cut into lines.
fn chunks<'a>(text: &'a str, opts: &ParseOptions) -> Vec<&'a str> {
    let mut spans: Vec<(usize, usize)> = match Document::parse_str("", text.to_owned(), opts) {
        Ok(doc) => doc
            .segments()
            .iter()
            .map(|s| (line_start(text, s.range.start), line_end(text, s.range.end)))
            .collect(),
        Err(_) => Vec::new(),
    };
    spans.sort();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut spans = spans.into_iter().peekable();
    while pos < text.len() {
        // Skip spans already behind (nested in one taken).
        while spans.peek().is_some_and(|&(_, e)| e <= pos) {
            spans.next();
        }
        let end = match spans.peek() {
            Some(&(s, mut e)) if s <= pos => {
                // Overlapping spans make one chunk.
                spans.next();
                while let Some(&(s2, e2)) = spans.peek() {
                    if s2 >= e {
                        break;
                    }
                    e = e.max(e2);
                    spans.next();
                }
                e
            }
            _ => line_end(text, pos + 1),
        };
        out.push(&text[pos..end]);
        pos = end;
    }
    out
}

fn line_start(text: &str, at: usize) -> usize {
    let bytes = &text.as_bytes()[..at.min(text.len())];
    bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)
}

/// The end (after its line break) of the line holding byte `at - 1`. Bytes, not chars:
/// `at - 1` may fall inside a character (a segment ending in `）` or Hangul).
fn line_end(text: &str, at: usize) -> usize {
    let from = at.saturating_sub(1).min(text.len());
    text.as_bytes()[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |i| from + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\ntitle: \"Title\"\nlang: en\n---\n\n## Heading\n\n- **One**: first item.\n- **Two**: second\n  item, two lines.\n- **Three**: third item.\n\nA paragraph.\n";

    fn m(base: &str, ours: &str, theirs: &str) -> PostMerge {
        merge(
            base,
            ours,
            theirs,
            &ParseOptions::default(),
            &Markers::default(),
        )
    }

    #[test]
    fn chunks_are_segments_and_lines() {
        let c = chunks(BASE, &ParseOptions::default());
        assert_eq!(c.concat(), BASE);
        assert!(
            c.contains(&"- **Two**: second\n  item, two lines.\n"),
            "{c:?}"
        );
        assert!(c.contains(&"title: \"Title\"\n"), "{c:?}");
    }

    #[test]
    fn edits_of_neighbouring_items_never_conflict() {
        let ours = BASE.replace("first item.", "first item, by hand.");
        let theirs = BASE
            .replace("second\n  item, two lines.", "second item, retranslated.")
            .replace("\"Title\"", "\"New title\"");
        let r = m(BASE, &ours, &theirs);
        assert_eq!(r.conflicts, 0);
        assert_eq!(
            r.text,
            BASE.replace("first item.", "first item, by hand.")
                .replace("second\n  item, two lines.", "second item, retranslated.")
                .replace("\"Title\"", "\"New title\"")
        );
    }

    #[test]
    fn both_editing_one_item_conflicts_in_that_item_only() {
        let ours = BASE.replace("third item.", "third, ours.");
        let theirs = BASE
            .replace("third item.", "third, theirs.")
            .replace("A paragraph.", "A paragraph, theirs.");
        let r = m(BASE, &ours, &theirs);
        assert_eq!(r.conflicts, 1);
        assert!(
            r.text.contains(
                "- **Two**: second\n  item, two lines.\n<<<<<<< ours\n- **Three**: third, ours.\n=======\n- **Three**: third, theirs.\n>>>>>>> theirs\n\nA paragraph, theirs.\n"
            ),
            "{}",
            r.text
        );
        assert_eq!(
            super::super::markers::conflict_line(r.text.as_bytes()),
            Some(11)
        );
    }

    #[test]
    fn segments_ending_in_wide_characters_are_cut_at_line_ends() {
        let base = "## 제목（요약）\n\n끝나는 문단입니다。\n\n- 항목 하나\n- 항목 둘\n";
        let c = chunks(base, &ParseOptions::default());
        assert_eq!(c.concat(), base);
        assert!(c.contains(&"끝나는 문단입니다。\n"), "{c:?}");
        let r = m(
            base,
            &base.replace("하나", "하나（고침）"),
            &base.replace("항목 둘", "둘째 항목"),
        );
        assert_eq!(r.conflicts, 0);
        assert!(
            r.text.ends_with("- 항목 하나（고침）\n- 둘째 항목\n"),
            "{}",
            r.text
        );
    }

    #[test]
    fn crlf_and_a_missing_last_line_break_keep_markers_on_their_own_lines() {
        let base = "A.\r\n\r\nB.";
        let r = m(base, "A.\r\n\r\nB ours.", "A.\r\n\r\nB theirs.");
        assert_eq!(
            r.text,
            "A.\r\n\r\n<<<<<<< ours\r\nB ours.\r\n=======\r\nB theirs.\r\n>>>>>>> theirs\r\n"
        );
        let r = m(base, "A, ours.\r\n\r\nB.", "A.\r\n\r\nB, theirs.");
        assert_eq!(
            (r.conflicts, r.text.as_str()),
            (0, "A, ours.\r\n\r\nB, theirs.")
        );
    }
}
