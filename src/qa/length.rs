//! length: an English/Korean character ratio outside the band is how truncated or padded
//! replies show. Short segments (under 20 characters) are not judged.

use super::{Check, Problem};
use crate::document::tags::strip_tags;

/// Default band of English characters per Korean character (see docs/QA.md).
pub const DEFAULT_BAND: (f64, f64) = (0.9, 6.0);

pub fn check(source: &str, translation: &str, band: (f64, f64)) -> Option<Problem> {
    let s = strip_tags(source)
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    let t = strip_tags(translation)
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    if s < 20 {
        return None;
    }
    let ratio = t as f64 / s as f64;
    let (lo, hi) = if band == (0.0, 0.0) {
        DEFAULT_BAND
    } else {
        band
    };
    (ratio < lo || ratio > hi).then(|| {
        Problem::localized(
            Check::Length,
            "qa-length",
            vec![
                ("ratio", format!("{ratio:.2}")),
                ("low", lo.to_string()),
                ("high", hi.to_string()),
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_stays_silent() {
        let src = "소프트뱅크 그룹이 OpenAI에 대한 총 400억 달러 규모의 투자를 완료했습니다.";
        let ok = "SoftBank Group has completed its total investment of $40 billion in OpenAI.";
        assert!(super::check(src, ok, (0.0, 0.0)).is_none());
        assert!(super::check(src, "SoftBank.", (0.0, 0.0)).is_some());
        assert!(super::check("짧다", "x", (0.0, 0.0)).is_none());
    }
}
