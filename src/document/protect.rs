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

/// Bare URLs in plain text: `scheme://…`, GFM's extended `www.` autolinks and bare e-mail
/// addresses. A URL ends at white space, `<`, or Korean (see `body_end`); trailing
/// punctuation, an unbalanced `)` and
/// a trailing entity (`&hl;`) are left out, as GFM does.
pub fn url_spans(text: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = scheme_spans(text);
    for r in www_spans(text).into_iter().chain(email_spans(text)) {
        if !out.iter().any(|o| o.start < r.end && r.start < o.end) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.start);
    out.into_iter()
        .map(|r| base + r.start..base + r.end)
        .collect()
}

/// The end of a URL body starting at `from`: up to white space, `<`, a control character,
/// or Korean (a particle or CJK punctuation glued to a URL is not part of it; `á` and
/// emoji are, as in GFM).
fn body_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || c == '<'
                || matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3000}'..='\u{318F}' | '\u{AC00}'..='\u{D7A3}' | '\u{FF00}'..='\u{FFEF}')
        })
        .map_or(text.len(), |e| from + e)
}

/// GFM's extended autolink path validation: trailing punctuation, unbalanced `)` and an
/// entity-like `&name;` are not part of the link.
fn trim_url(mut url: &str) -> &str {
    loop {
        let mut trimmed = url.trim_end_matches(['.', ',', ':', '!', '?', '\'', '"', '*', '_', '~']);
        if trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count() {
            trimmed = &trimmed[..trimmed.len() - 1];
        }
        if let Some(head) = trimmed.strip_suffix(';') {
            let name = head.len()
                - head
                    .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                    .len();
            trimmed = if name > 0 && head[..head.len() - name].ends_with('&') {
                &head[..head.len() - name - 1]
            } else {
                head
            };
        }
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

fn scheme_spans(text: &str) -> Vec<Range<usize>> {
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
        let url = trim_url(&text[start..body_end(text, start + scheme_len)]);
        let end = start + url.len();
        if !glued && url.len() > scheme_len {
            out.push(start..end);
        }
        i = end.max(start + scheme_len);
    }
    out
}

fn is_domain_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// `www.example.com/path`: GFM links it after the start, white space, `*`, `_`, `~` or
/// `(`; a domain needs a label after `www.`, and no `_` in its last two labels.
fn www_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("www.") {
        let after_ok = text[..start].chars().next_back().is_none_or(|c| {
            c.is_whitespace() || matches!(c, '*' | '_' | '~' | '(') || !c.is_ascii()
        });
        if !after_ok || out.iter().any(|r: &Range<usize>| r.contains(&start)) {
            continue;
        }
        let bytes = text.as_bytes();
        let mut domain_end = start + 4;
        while domain_end < bytes.len()
            && (is_domain_char(bytes[domain_end]) || bytes[domain_end] == b'.')
        {
            domain_end += 1;
        }
        let domain = text[start..domain_end].trim_end_matches('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let valid = labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && labels.iter().rev().take(2).all(|l| !l.contains('_'));
        if !valid {
            continue;
        }
        let url = trim_url(&text[start..body_end(text, start)]);
        if url.len() > 4 {
            out.push(start..start + url.len());
        }
    }
    out
}

/// `name@example.com`: a local part of letters, digits and `.+-_`, a domain with at
/// least one `.`, not ending in `-` or `_` (GFM's extended e-mail autolink).
fn email_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || matches!(bytes[start - 1], b'.' | b'+' | b'-' | b'_'))
        {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && (is_domain_char(bytes[end]) || bytes[end] == b'.') {
            end += 1;
        }
        let domain = text[at + 1..end].trim_end_matches('.');
        let end = at + 1 + domain.len();
        let valid = start < at
            && domain.contains('.')
            && domain.split('.').all(|l| !l.is_empty())
            && !domain.ends_with(['-', '_']);
        if valid
            && !out
                .iter()
                .any(|r: &Range<usize>| r.start < end && start < r.end)
        {
            out.push(start..end);
        }
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

    /// GFM spec examples 621–635 (extended autolinks), in Korean sentences.
    #[test]
    fn gfm_extended_autolinks() {
        for (text, want) in [
            (
                "자세한 내용은 www.commonmark.org에서",
                vec!["www.commonmark.org"],
            ),
            (
                "방문: www.commonmark.org/help for more information.",
                vec!["www.commonmark.org/help"],
            ),
            ("Visit www.commonmark.org.", vec!["www.commonmark.org"]),
            (
                "Visit www.commonmark.org/a.b.",
                vec!["www.commonmark.org/a.b"],
            ),
            (
                "(www.google.com/search?q=Markup+(business))",
                vec!["www.google.com/search?q=Markup+(business)"],
            ),
            (
                "www.google.com/search?q=(business))+ok",
                vec!["www.google.com/search?q=(business))+ok"],
            ),
            (
                "www.google.com/search?q=commonmark&hl;",
                vec!["www.google.com/search?q=commonmark"],
            ),
            ("~~www.commonmark.org~~", vec!["www.commonmark.org"]),
            ("www.a_b.c_d is not a link, nor is www. or xwww.a.b", vec![]),
            ("문의: foo@bar.baz로 메일", vec!["foo@bar.baz"]),
            ("hello@mail+xyz.example isn't valid", vec![]),
            (
                "hello+xyz@mail.example 는 유효",
                vec!["hello+xyz@mail.example"],
            ),
            ("a.b-c_d@a.b.", vec!["a.b-c_d@a.b"]),
            ("a.b-c_d@a.b- 와 a.b-c_d@a.b_", vec![]),
            (
                "https://x.org/me@you.com www.x.org",
                vec!["https://x.org/me@you.com", "www.x.org"],
            ),
        ] {
            assert_eq!(slices(text, &url_spans(text, 0)), want, "{text}");
        }
    }
}
