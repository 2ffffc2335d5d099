//! `l10n extract --format json`: the stable shape other commands and tools build on.

use serde::{Deserialize, Serialize};

use super::{ExchangeError, Translations};
use crate::document::{Document, SegmentId, SegmentKind};

#[derive(Debug, Serialize, Deserialize)]
pub struct SegmentFile {
    pub file: String,
    pub source_lang: String,
    pub segments: Vec<SegmentEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SegmentEntry {
    pub id: SegmentId,
    pub kind: SegmentKind,
    pub line: usize,
    pub text: String,
}

#[derive(Deserialize)]
struct InFile {
    segments: Vec<InEntry>,
}

#[derive(Deserialize)]
struct InEntry {
    id: SegmentId,
    text: String,
}

pub fn segment_file(file: &str, source_lang: &str, doc: &Document) -> SegmentFile {
    SegmentFile {
        file: file.to_owned(),
        source_lang: source_lang.to_owned(),
        segments: doc
            .segments()
            .iter()
            .map(|s| SegmentEntry {
                id: s.id.clone(),
                kind: s.kind,
                line: s.line,
                text: s.text.clone(),
            })
            .collect(),
    }
}

pub fn write(file: &str, source_lang: &str, doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(&segment_file(file, source_lang, doc))
        .unwrap_or_else(|_| String::from("{}"));
    s.push('\n');
    s
}

/// Reads `{"segments": [{"id", "text", …}]}`; other fields are ignored.
pub fn read(path: &str, text: &str) -> Result<Translations, ExchangeError> {
    let file: InFile =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ExchangeError {
            path: path.to_owned(),
            line: e.line(),
            column: e.column(),
            detail: crate::diag::Detail::quoted("detail-json", e.to_string()),
        })?;
    Ok(file.segments.into_iter().map(|e| (e.id, e.text)).collect())
}
