//! Integrity of a state file, without IO. `check` trusts a state's header to answer for an
//! untouched post without parsing the segment list, so the header carries a digest of the
//! whole file: when it matches, header and segments are as l10n wrote them together; when it
//! does not (or is absent, in states written before it existed), the file is parsed whole
//! and the header is validated against its segments. A truncated or half-merged state is
//! then an error naming the file instead of a post passing as up to date.

use std::collections::BTreeMap;

use super::{PostState, Status, VERSION};

/// Start of the line that holds the digest (the second line of a state file).
const DIGEST_LINE: &str = "digest = \"";

/// Why a state file cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Written by a newer l10n, or not a version at all.
    Version { found: u32 },
    /// A file hash in the header that is neither empty nor a BLAKE3 hex digest.
    Hash { field: &'static str, value: String },
    /// The header's count for a state disagrees with the segment list.
    Counts {
        status: Status,
        header: usize,
        segments: usize,
    },
}

impl Invalid {
    /// Fluent id and arguments, for the file layer's error.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Invalid::Version { found } => (
                "err-state-version",
                vec![
                    ("found", found.to_string()),
                    ("supported", VERSION.to_string()),
                ],
            ),
            Invalid::Hash { field, value } => (
                "err-state-hash",
                vec![("field", (*field).to_owned()), ("value", value.clone())],
            ),
            Invalid::Counts {
                status,
                header,
                segments,
            } => (
                "err-state-counts",
                vec![
                    ("status", status.as_str().to_owned()),
                    ("header", header.to_string()),
                    ("segments", segments.to_string()),
                ],
            ),
        }
    }
}

/// Puts the digest line after the first line (the comment) of a state file's text.
pub fn seal(text: &str) -> String {
    let digest = digest(text);
    let cut = text.find('\n').map_or(text.len(), |i| i + 1);
    format!("{}{DIGEST_LINE}{digest}\"\n{}", &text[..cut], &text[cut..])
}

/// Whether the file's digest line matches the rest of it; `None` when it has none. Works on
/// bytes and hashes around the line, so trusting a header costs one pass over the file.
pub fn sealed(bytes: &[u8]) -> Option<bool> {
    let mut start = 0;
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b"[[") {
            return None;
        }
        if let Some(rest) = line.strip_prefix(DIGEST_LINE.as_bytes()) {
            let value = rest.trim_ascii_end().strip_suffix(b"\"")?;
            let mut h = blake3::Hasher::new();
            h.update(&bytes[..start]);
            h.update(&bytes[start + line.len()..]);
            return Some(h.finalize().to_hex().as_bytes() == value);
        }
        start += line.len();
    }
    None
}

/// Whether the header part of `head` (the first bytes of a state file) has a digest line,
/// matching or not.
pub fn has_digest(head: &[u8]) -> bool {
    head.split(|b| *b == b'\n')
        .take_while(|l| !l.starts_with(b"[["))
        .any(|l| l.starts_with(DIGEST_LINE.as_bytes()))
}

fn digest(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// A BLAKE3 hex digest, or empty: a post written with failed segments (`--partial`)
/// records no source hash so that it never passes as up to date.
fn is_file_hash(s: &str) -> bool {
    s.is_empty()
        || (s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Whether this l10n reads a state file of `version`: the one it writes and version 1.
pub fn readable(version: u32) -> bool {
    (1..=VERSION).contains(&version)
}

/// Checks what a reader relies on: a version this build reads, well-formed file hashes,
/// and header counts that are those of the segment list.
pub fn validate(state: &PostState) -> Result<(), Invalid> {
    if !readable(state.version) {
        return Err(Invalid::Version {
            found: state.version,
        });
    }
    for (field, value) in [
        ("source_hash", &state.source_hash),
        ("target_hash", &state.target_hash),
    ] {
        if !is_file_hash(value) {
            return Err(Invalid::Hash {
                field,
                value: value.chars().take(80).collect(),
            });
        }
    }
    let mut actual: BTreeMap<Status, usize> = BTreeMap::new();
    for s in &state.segments {
        *actual.entry(s.state).or_default() += 1;
    }
    let statuses = actual.keys().chain(state.counts.keys());
    for status in statuses {
        let header = state.counts.get(status).copied().unwrap_or(0);
        let segments = actual.get(status).copied().unwrap_or(0);
        if header != segments {
            return Err(Invalid::Counts {
                status: *status,
                header,
                segments,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SegmentId, SegmentKind};
    use crate::state::SegmentState;

    fn state(n: usize) -> PostState {
        let segments: Vec<SegmentState> = (0..n)
            .map(|i| SegmentState {
                id: SegmentId(format!("{i:016x}")),
                kind: SegmentKind::Paragraph,
                state: Status::Machine,
                origin: "openai:gpt-4o-mini".into(),
                source: format!("소프트뱅크가 오픈AI에 {i}억 달러를 투자합니다."),
                target: format!("SoftBank invests {i}00 million dollars in OpenAI."),
                raw: false,
                target_hash: crate::state::written_hash(&i.to_string()),
                terms: None,
                previous: None,
            })
            .collect();
        let mut s = PostState {
            version: VERSION,
            source: "posts/2026-01-02-ai-news.md".into(),
            target: "posts/en/2026-01-02-ai-news.md".into(),
            lang: "en".into(),
            source_hash: crate::state::file_hash(b"source"),
            target_hash: crate::state::file_hash(b"target"),
            qa: String::new(),
            qa_findings: 0,
            counts: BTreeMap::new(),
            segments,
            removed: vec![],
            renamed_from: None,
        };
        s.recount();
        s
    }

    #[test]
    fn a_written_state_is_sealed_and_valid() {
        let s = state(3);
        let text = s.to_toml();
        assert_eq!(
            text.lines().nth(1).map(|l| l.starts_with(DIGEST_LINE)),
            Some(true)
        );
        assert_eq!(sealed(text.as_bytes()), Some(true));
        assert_eq!(validate(&s), Ok(()));
    }

    #[test]
    fn truncation_breaks_the_seal_and_the_counts() {
        let text = state(8).to_toml();
        // Cut after the fifth segment: still valid TOML.
        let cut = super::super::format::segment_line(&text, 5);
        let short = &format!("{}]\n", &text[..cut]);
        assert_eq!(sealed(short.as_bytes()), Some(false));
        let parsed = PostState::from_toml(short).unwrap();
        assert_eq!(
            validate(&parsed),
            Err(Invalid::Counts {
                status: Status::Machine,
                header: 8,
                segments: 5
            })
        );
    }

    #[test]
    fn any_change_breaks_the_seal_and_old_states_have_none() {
        let text = state(2).to_toml();
        let edited = text.replace("SoftBank invests 100", "SoftBank invests 900");
        assert_ne!(edited, text);
        assert_eq!(sealed(edited.as_bytes()), Some(false));
        let old: String = text
            .lines()
            .filter(|l| !l.starts_with(DIGEST_LINE))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(sealed(old.as_bytes()), None);
        assert!(!has_digest(old.as_bytes()));
        assert!(has_digest(&text.as_bytes()[..200]) && has_digest(edited.as_bytes()));
        assert_eq!(validate(&PostState::from_toml(&old).unwrap()), Ok(()));
    }

    #[test]
    fn bad_header_fields_are_named() {
        let mut s = state(1);
        s.target_hash = "3c8e".into();
        assert!(matches!(
            validate(&s),
            Err(Invalid::Hash {
                field: "target_hash",
                ..
            })
        ));
        let mut s = state(1);
        s.source_hash = String::new();
        assert_eq!(validate(&s), Ok(()), "--partial records no source hash");
        let mut s = state(1);
        s.version = 7;
        assert_eq!(validate(&s), Err(Invalid::Version { found: 7 }));
        let mut s = state(2);
        s.counts.insert(Status::Reviewed, 1);
        assert!(matches!(
            validate(&s),
            Err(Invalid::Counts {
                status: Status::Reviewed,
                header: 1,
                segments: 0
            })
        ));
    }
}
