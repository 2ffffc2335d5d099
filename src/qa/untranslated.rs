//! untranslated: a translation identical to its Korean source.

use super::{Check, Problem};
use crate::document::normalize;

pub fn check(source: &str, translation: &str) -> Option<Problem> {
    let has_hangul = source
        .chars()
        .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    (has_hangul && normalize(source) == normalize(translation))
        .then(|| Problem::localized(Check::Untranslated, "qa-untranslated", vec![]))
}
