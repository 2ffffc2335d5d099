//! identifiers: a token of the source that mixes Latin letters and digits (`R1`, `GPT-4`,
//! `o1`, `27B`, `H100`, `Qwen2.5`) names a product or a size; the English must hold it
//! verbatim. A model that "corrects" `R1` to `R2` changes the news.

use super::{Check, Problem};
use crate::document::tags::strip_tags;

/// Letters, digits and the joiners a model name uses inside itself (`Qwen2.5`, `GPT-4o`).
fn is_part(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '_')
}

/// Latin-and-digit tokens in `text`, each once, in order.
pub fn identifiers(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let glued = text[..start].chars().next_back().is_some_and(is_part);
        if !is_part(c) || glued {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            let joined = is_joiner(d) && text[i + 1..].starts_with(is_part);
            if !(is_part(d) || joined) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let token = &text[start..end];
        let letters = token.chars().any(|c| c.is_ascii_alphabetic());
        let digits = token.chars().any(|c| c.is_ascii_digit());
        if letters && digits && !out.contains(&token) {
            out.push(token);
        }
    }
    out
}

/// `token` in `text` as a whole token (not inside `GPT-4o` when looking for `GPT-4`).
fn contains_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = &text[i + token.len()..];
        let continues = after.starts_with(is_part)
            || (after.starts_with(is_joiner)
                && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        !before.is_some_and(is_part) && !continues
    })
}

/// `100km` may be written `100 km` in English prose.
fn spaced_unit(token: &str) -> Option<String> {
    let split = token.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, unit) = token.split_at(split);
    let numeric = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit() || c == '.');
    let unit_only = unit.chars().all(|c| c.is_ascii_alphabetic());
    (numeric && unit_only && unit.len() >= 2).then(|| format!("{num} {unit}"))
}

pub fn check(source: &str, translation: &str) -> Vec<Problem> {
    let src = strip_tags(source);
    let dst = strip_tags(translation);
    let ours = identifiers(&src);
    let mut strangers: Vec<&str> = identifiers(&dst)
        .into_iter()
        .filter(|t| !ours.contains(t))
        .collect();
    let mut out = Vec::new();
    for token in ours {
        if contains_token(&dst, token) || spaced_unit(token).is_some_and(|s| dst.contains(&s)) {
            continue;
        }
        // A stranger of the same shape (`R2` for `R1`) is what it became.
        let shape = |t: &str| t.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let pick = strangers
            .iter()
            .position(|t| t.get(..shape(t)) == token.get(..shape(token)))
            .map(|k| strangers.remove(k));
        out.push(match pick {
            Some(t) => Problem::localized(
                Check::Identifiers,
                "qa-identifier-changed",
                vec![("source", token.to_owned()), ("translation", t.to_owned())],
            ),
            None => Problem::localized(
                Check::Identifiers,
                "qa-identifier-missing",
                vec![("source", token.to_owned())],
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_model_names_and_sizes() {
        assert_eq!(
            identifiers("딥시크 R1 후속 모델과 GPT-4, o1, 최대 270억(27B), H100, Qwen2.5를 B2B로"),
            vec!["R1", "GPT-4", "o1", "27B", "H100", "Qwen2.5", "B2B"]
        );
        assert!(identifiers("2026년 OpenAI와 M&A, 3.5조").is_empty());
    }

    /// (Korean, correct English, the model's mistake) in digest phrasing.
    const TABLE: &[(&str, &str, &str)] = &[
        (
            "딥시크는 R1 후속 모델 공개를 앞두고 있습니다.",
            "DeepSeek is about to release the successor to R1.",
            "DeepSeek is about to release R2.",
        ),
        (
            "구글은 최대 270억(27B) 파라미터 모델을 공개했습니다.",
            "Google released models of up to 27B parameters.",
            "Google released models of up to 270 billion parameters.",
        ),
        (
            "엔비디아 H100 GPU 수출 규제",
            "export controls on Nvidia's H100 GPUs",
            "export controls on Nvidia's H200 GPUs",
        ),
        (
            "Qwen2.5 기반의 소형 모델",
            "a small model based on Qwen2.5",
            "a small model based on Qwen 2.5",
        ),
        (
            "GPT-4와 o1의 차이",
            "the difference between GPT-4 and o1",
            "the difference between GPT-4o and o1",
        ),
        ("100km 주행", "a 100 km drive", "a 100-mile drive"),
    ];

    #[test]
    fn verbatim_or_an_error() {
        for (ko, good, bad) in TABLE {
            assert_eq!(check(ko, good), vec![], "{ko} → {good}");
            let p = check(ko, bad);
            assert_eq!(p.len(), 1, "{ko} → {bad}: {p:?}");
        }
        assert_eq!(
            check("R1 후속", "the R2").remove(0).english(),
            "\"R1\" is \"R2\" in the translation"
        );
    }
}
