//! Segment files other tools read and write: l10n's JSON and XLIFF 2.0.

pub mod json;
pub mod xliff;

use std::collections::HashMap;

use crate::document::SegmentId;

crate::positioned_error!(
    /// A translations file that could not be read.
    ExchangeError,
    "err-translations-file"
);

/// Translations by segment id, whatever file they came from.
pub type Translations = HashMap<SegmentId, String>;

/// Reads JSON or XLIFF, chosen by the first non-blank character.
pub fn read_translations(path: &str, text: &str) -> Result<Translations, ExchangeError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        xliff::read(path, text)
    } else {
        json::read(path, text)
    }
}

pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
