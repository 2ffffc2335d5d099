//! glosses: Korean writes a name followed by its original (`폭스콘(Foxconn)`); in English
//! that is one name, and a model that renders both halves writes it twice: "Foxconn
//! (Foxconn)", "physical AI (Physical AI)", "AI agents (AI Agent)".

use super::{Check, Problem};
use crate::document::tags::strip_tags;

/// A word compared without case, a plural ending or a possessive.
fn base(word: &str) -> String {
    let w = word
        .trim_end_matches("'s")
        .trim_end_matches('\u{2019}')
        .trim_end_matches('\'')
        .to_lowercase();
    if let Some(stem) = w.strip_suffix("ies")
        && stem.len() > 1
    {
        return format!("{stem}y");
    }
    for suffix in ["es", "s"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.len() > 1
            && !stem.ends_with('s')
        {
            return stem.to_owned();
        }
    }
    w
}

/// Byte ranges of the words of `text` (a hyphen separates words: `on-device`).
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == '-';
        match (sep, start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// `Name (Name)` spans in English text.
pub fn repeated(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(close) = text[open..].find(')').map(|c| open + c) else {
            continue;
        };
        let inner_text = &text[open + 1..close];
        let inner = words(inner_text);
        let prior = words(&text[..open]);
        if inner.is_empty() || prior.len() < inner.len() {
            continue;
        }
        let tail = &prior[prior.len() - inner.len()..];
        let same = tail.iter().zip(&inner).all(|(a, b)| {
            let word = text[a.clone()].trim_start_matches(['"', '\u{201c}', '\'']);
            base(word) == base(&inner_text[b.clone()])
        });
        if same && inner_text.chars().any(char::is_alphabetic) {
            out.push(text[tail[0].start..=close].to_owned());
        }
    }
    out
}

pub fn check(translation: &str) -> Vec<Problem> {
    repeated(&strip_tags(translation))
        .into_iter()
        .map(|span| Problem::localized(Check::Glosses, "qa-gloss-repeated", vec![("span", span)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's renderings of 폭스콘(Foxconn), 메타(Meta), 피지컬 AI(Physical AI),
    /// 럭스쉐어(Luxshare), 'AI 에이전트(Agent)', and what an editor writes instead.
    #[test]
    fn a_name_written_twice_is_caught() {
        for (wrong, span) in [
            (
                "OpenAI moved the order to Foxconn (Foxconn).",
                "Foxconn (Foxconn)",
            ),
            ("Meta (Meta) unveiled its plan.", "Meta (Meta)"),
            (
                "the rise of physical AI (Physical AI) in China",
                "physical AI (Physical AI)",
            ),
            ("from Luxshare (Luxshare) to Foxconn", "Luxshare (Luxshare)"),
            ("AI agents (AI Agent) will", "AI agents (AI Agent)"),
            ("Meta's (Meta) enterprise play", "Meta's (Meta)"),
            ("sold to Foxconn(Foxconn)", "Foxconn(Foxconn)"),
        ] {
            assert_eq!(repeated(wrong), vec![span], "{wrong}");
            assert_eq!(check(wrong).len(), 1);
        }
    }

    #[test]
    fn a_gloss_that_adds_something_is_fine() {
        for right in [
            "OpenAI moved the order to Foxconn.",
            "large language models (LLMs)",
            "the Bank for International Settlements (BIS)",
            "Jony Ive (formerly of Apple)",
            "edge AI (on-device AI)",
            "an initial public offering (IPO)",
            "(Foxconn) at the start",
        ] {
            assert!(repeated(right).is_empty(), "{right}");
        }
    }
}
