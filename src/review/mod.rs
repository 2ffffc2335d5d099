//! Review: what needs a decision, and the old→new diffs that make a decision quick. The
//! model and the renderers here are pure; the terminal UI is in `tui`.

pub mod baseline;
pub mod decide;
pub mod render;
pub mod tui;

use similar::{ChangeTag, TextDiff};

use crate::document::SegmentKind;
use crate::state::Status;

/// One piece of a diff: unchanged, removed or added text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

pub type Diff = Vec<(Mark, String)>;

fn collect(diff: &TextDiff<'_, '_, str>) -> Diff {
    let mut out: Diff = Vec::new();
    for c in diff.iter_all_changes() {
        let mark = match c.tag() {
            ChangeTag::Equal => Mark::Same,
            ChangeTag::Delete => Mark::Removed,
            ChangeTag::Insert => Mark::Added,
        };
        match out.last_mut() {
            Some((m, s)) if *m == mark => s.push_str(c.value()),
            _ => out.push((mark, c.value().to_owned())),
        }
    }
    out
}

/// Korean old → new by grapheme, so a changed particle shows as one syllable.
pub fn diff_graphemes(old: &str, new: &str) -> Diff {
    collect(&TextDiff::from_graphemes(old, new))
}

/// English old → new by word.
pub fn diff_words(old: &str, new: &str) -> Diff {
    collect(&TextDiff::from_words(old, new))
}

/// A segment waiting for a decision, with everything the reviewer needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub source_path: String,
    pub target_path: String,
    pub lang: String,
    /// Index of the segment in the target post (and its state).
    pub index: usize,
    /// Id of the source segment now.
    pub id: crate::document::SegmentId,
    pub line: usize,
    pub kind: SegmentKind,
    pub status: Status,
    /// The Korean now.
    pub source: String,
    /// The Korean the English was made from, when it differs (stale).
    pub source_before: Option<String>,
    /// The English in the post now.
    pub target: String,
    /// The English before it, if known (previous translation, or a retranslation's base).
    pub target_before: Option<String>,
    /// QA findings on this segment.
    pub findings: Vec<String>,
    /// Glossary terms in the source, as `source → target`.
    pub terms: Vec<String>,
}

impl Item {
    /// The Korean side: the old→new diff when the source changed, else the text.
    pub fn source_diff(&self) -> Diff {
        match &self.source_before {
            Some(old) if *old != self.source => diff_graphemes(old, &self.source),
            _ => vec![(Mark::Same, self.source.clone())],
        }
    }

    /// The English side: the old→new diff when there is an older version, else the text.
    pub fn target_diff(&self) -> Diff {
        match &self.target_before {
            Some(old) if *old != self.target => diff_words(old, &self.target),
            _ => vec![(Mark::Same, self.target.clone())],
        }
    }

    /// Why it is in the queue.
    pub fn needs_decision(&self) -> bool {
        self.source_before.is_some()
            || matches!(
                self.status,
                Status::Machine | Status::Pseudo | Status::StaleEdited
            )
            || !self.findings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_particle_is_one_syllable() {
        let d = diff_graphemes("폭스콘이 수주했다", "폭스콘은 수주했다");
        assert_eq!(
            d,
            vec![
                (Mark::Same, "폭스콘".into()),
                (Mark::Removed, "이".into()),
                (Mark::Added, "은".into()),
                (Mark::Same, " 수주했다".into())
            ]
        );
    }

    #[test]
    fn english_by_word() {
        let d = diff_words("Foxconn won the order", "Foxconn won a big order");
        assert!(d.contains(&(Mark::Removed, "the".into())), "{d:?}");
        assert!(
            d.iter()
                .any(|(m, s)| *m == Mark::Added && s.contains("big")),
            "{d:?}"
        );
    }
}
