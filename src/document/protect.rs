//! Things CommonMark does not know but a backend must never touch: Liquid, kramdown
//! attribute lists and bare URLs (pulldown-cmark has no GFM autolink-literal option).

use std::ops::Range;

/// Liquid block tags whose content is not Markdown at all.
const OPAQUE_BLOCKS: [&str; 3] = ["raw", "comment", "highlight"];

fn tag_name(inner: &str) -> &str {
    inner
        .trim_matches(|c: char| c == '-' || c.is_whitespace())
        .split_whitespace()
        .next()
        .unwrap_or("")
}

/// `{% … %}` and `{{ … }}` in `text`, with an opaque block (`{% raw %}…{% endraw %}`)
/// as one span. Offsets are added to `base`.
pub fn liquid_spans(text: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = text[i..].find('{') {
        let at = i + rel;
        let rest = &text[at..];
        let close = if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else {
            i = at + 1;
            continue;
        };
        let Some(end_rel) = rest[2..].find(close) else {
            i = at + 1;
            continue;
        };
        let mut end = at + 2 + end_rel + 2;
        if close == "%}" {
            let name = tag_name(&text[at + 2..end - 2]);
            if OPAQUE_BLOCKS.contains(&name)
                && let Some(e) = find_end_tag(text, end, name)
            {
                end = e;
            }
        }
        out.push(base + at..base + end);
        i = end;
    }
    out
}

/// Offset just past `{% endNAME %}` at or after `from`.
fn find_end_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let want = format!("end{name}");
    let mut i = from;
    while let Some(rel) = text[i..].find("{%") {
        let at = i + rel;
        let close = text[at + 2..].find("%}")? + at + 4;
        if tag_name(&text[at + 2..close - 2]) == want {
            return Some(close);
        }
        i = close;
    }
    None
}

/// Opaque Liquid blocks across the whole body: any block that overlaps one without
/// containing it is left untranslated.
pub fn opaque_regions(text: &str, base: usize) -> Vec<Range<usize>> {
    liquid_spans(text, base)
        .into_iter()
        .filter(|r| text[r.start - base..r.end - base].contains('\n'))
        .collect()
}

/// kramdown inline attribute lists: `{: .note}`, `{#id}`, `{.class}`.
pub fn ial_spans(text: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{'
            && matches!(b[i + 1], b':' | b'#' | b'.')
            && let Some(rel) = text[i..].find(['}', '\n'])
            && b[i + rel] == b'}'
            && rel > 1
        {
            out.push(base + i..base + i + rel + 1);
            i += rel + 1;
            continue;
        }
        i += 1;
    }
    out
}

const SCHEMES: [&str; 4] = ["https://", "http://", "ftp://", "mailto:"];

/// Bare URLs in plain text. A URL ends at whitespace, `<`, or the first non-ASCII
/// character (a Korean particle glued to a URL is not part of it); trailing punctuation
/// and an unbalanced `)` are left out.
pub fn url_spans(text: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while i < text.len() {
        let next = SCHEMES
            .iter()
            .filter_map(|s| lower[i..].find(s).map(|p| (i + p, s.len())))
            .min();
        let Some((start, scheme_len)) = next else {
            break;
        };
        // A scheme glued to a preceding letter (`xhttps://`) is not a URL start.
        let glued = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let mut end = start + scheme_len;
        let bytes = text.as_bytes();
        while end < bytes.len() && bytes[end].is_ascii_graphic() && bytes[end] != b'<' {
            end += 1;
        }
        let mut url = &text[start..end];
        loop {
            let trimmed =
                url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '*', '_', '~']);
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches(')').count() > trimmed.matches('(').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let end = start + url.len();
        if !glued && url.len() > scheme_len {
            out.push(base + start..base + end);
        }
        i = end.max(start + scheme_len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices<'a>(text: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn liquid() {
        let t = "a {{ page.title }} b {% include x.html %} {% raw %}{{ y }}{% endraw %} {{ open";
        assert_eq!(
            slices(t, &liquid_spans(t, 0)),
            vec![
                "{{ page.title }}",
                "{% include x.html %}",
                "{% raw %}{{ y }}{% endraw %}"
            ]
        );
    }

    #[test]
    fn ial() {
        let t = "text {: .note} and {#id} but not {x} or {:\n}";
        assert_eq!(slices(t, &ial_spans(t, 0)), vec!["{: .note}", "{#id}"]);
    }

    #[test]
    fn urls() {
        let t =
            "보기: https://example.com/a_(b)에서, (see http://x.org/p). mailto:a@b.c xhttps://no";
        assert_eq!(
            slices(t, &url_spans(t, 0)),
            vec![
                "https://example.com/a_(b)",
                "http://x.org/p",
                "mailto:a@b.c"
            ]
        );
    }
}
