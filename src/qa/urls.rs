//! urls: every link target of the source is in the translation, and the translation adds
//! none (a model, or text injected into a source, must not add links).

use super::{Check, Problem};

/// URLs in raw Markdown: `scheme://…` and GFM's `www.…` links, up to whitespace or a
/// closing bracket or quote.
pub fn urls(raw: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let lower = raw.to_ascii_lowercase();
    let mut i = 0;
    while let Some(p) = ["https://", "http://", "ftp://", "mailto:", "www."]
        .iter()
        .filter_map(|s| {
            lower[i..].match_indices(s).map(|(p, _)| p).find(|p| {
                // `www.` inside `https://www.…` belongs to that URL; a bare one starts a word.
                *s != "www."
                    || !lower[..i + p]
                        .ends_with(|c: char| c == '/' || c == '.' || c.is_ascii_alphanumeric())
            })
        })
        .min()
    {
        let start = i + p;
        let end = raw[start..]
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(c, ')' | '>' | ']' | '"' | '\'' | '<')
                    || !c.is_ascii()
            })
            .map_or(raw.len(), |e| start + e);
        let url = raw[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        out.push(url);
        i = end.max(start + 1);
    }
    out
}

pub fn check(source_raw: &str, target_raw: &str) -> Vec<Problem> {
    let src = urls(source_raw);
    let dst = urls(target_raw);
    let mut out = Vec::new();
    for u in &src {
        if !dst.contains(u) {
            out.push(Problem::localized(
                Check::Urls,
                "qa-url-missing",
                vec![("url", (*u).to_owned())],
            ));
        }
    }
    for u in &dst {
        if !src.contains(u) {
            out.push(Problem::localized(
                Check::Urls,
                "qa-url-added",
                vec![("url", (*u).to_owned())],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_and_stays_silent() {
        let src = "[기사](https://a.b/c)와 <https://d.e> 참고";
        assert!(check(src, "[article](https://a.b/c) and <https://d.e>").is_empty());
        let p = check(src, "[article](https://evil.x/c) and <https://d.e>");
        assert_eq!(p.len(), 2);
        assert!(p[1].english().contains("evil.x"));
        // GFM's www. links count as URLs; one inside a scheme URL is that URL.
        let src = "자세한 내용은 www.trendforce.com/news에서, https://www.a.example/x 참고";
        assert_eq!(
            urls(src),
            ["www.trendforce.com/news", "https://www.a.example/x"]
        );
        assert!(
            check(
                src,
                "See www.trendforce.com/news and https://www.a.example/x"
            )
            .is_empty()
        );
        let p = check(
            src,
            "See www.trendforce.com/news and www.evil.example/x, https://www.a.example/x",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].english().contains("www.evil.example/x"));
    }
}
