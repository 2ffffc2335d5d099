//! Review: what needs a decision, and the old→new diffs that make a decision quick. The
//! model and the renderers here are pure; the terminal UI is in `tui`.

pub mod accept;
pub mod apply;
pub mod baseline;
pub mod decide;
pub mod markdown;
pub mod markup;
pub mod queue;
pub mod render;
pub mod session;
pub mod tui;
pub mod wrap;

use similar::{ChangeTag, TextDiff};

use crate::document::SegmentKind;
use crate::state::Status;

pub use markup::Markup;

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

/// Korean old → new by grapheme, so a changed particle shows as one syllable; a sentence
/// mostly rewritten reads better as whole words replaced than as scattered syllables.
pub fn diff_graphemes(old: &str, new: &str) -> Diff {
    let fine = collect(&TextDiff::from_graphemes(old, new));
    let kept: usize = fine
        .iter()
        .filter(|(m, _)| *m == Mark::Same)
        .map(|(_, s)| s.chars().count())
        .sum();
    if kept * 2 < old.chars().count().max(new.chars().count()) {
        return diff_words(old, new);
    }
    fine
}

/// English old → new by word.
pub fn diff_words(old: &str, new: &str) -> Diff {
    collect(&TextDiff::from_words(old, new))
}

/// What an item needs from the reviewer, most urgent first: the label in every view and
/// what `/` filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// Edited by hand, and the Korean changed since.
    StaleEdited,
    /// The Korean changed since the English was made (or it was never translated).
    Stale,
    /// QA has something to say about the English.
    Findings,
    /// A machine translation nobody has reviewed yet.
    New,
    /// Placeholder text from the pseudo backend: nothing to judge until it is translated.
    Placeholder,
    /// Reviewed or edited, nothing open (only with `--all`).
    Done,
}

impl Need {
    pub const ALL: [Need; 6] = [
        Need::StaleEdited,
        Need::Stale,
        Need::Findings,
        Need::New,
        Need::Placeholder,
        Need::Done,
    ];

    /// The Fluent id of the label.
    pub fn message_id(self) -> &'static str {
        match self {
            Need::StaleEdited => "need-stale-edited",
            Need::Stale => "need-stale",
            Need::Findings => "need-findings",
            Need::New => "need-new",
            Need::Placeholder => "need-placeholder",
            Need::Done => "need-done",
        }
    }

    /// The class name used in the HTML report.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::StaleEdited => "stale-edited",
            Need::Stale => "stale",
            Need::Findings => "findings",
            Need::New => "new",
            Need::Placeholder => "placeholder",
            Need::Done => "done",
        }
    }
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
    /// The Korean the replaced translation was made from, when a run retranslated the
    /// segment: a pull request shows it old → new (no decision hangs on it).
    pub source_previous: Option<String>,
    /// The English in the post now.
    pub target: String,
    /// The English before it, if known (previous translation, or a retranslation's base).
    pub target_before: Option<String>,
    /// QA findings on this segment, placed at its line in the English post.
    pub findings: Vec<crate::finding::Finding>,
    /// Glossary terms in the source, as `source → target`.
    pub terms: Vec<String>,
    /// What the source's inline tags stand for in the Korean post.
    pub source_markup: Markup,
    /// What the target's inline tags stand for in the English post.
    pub target_markup: Markup,
}

impl Item {
    /// The Korean side as Markdown: the old→new diff when the source changed, else the text.
    pub fn source_diff(&self) -> Diff {
        let m = &self.source_markup;
        match &self.source_before {
            Some(old) if *old != self.source => diff_graphemes(&m.show(old), &m.show(&self.source)),
            _ => vec![(Mark::Same, m.show(&self.source))],
        }
    }

    /// As [`Item::source_diff`], falling back on the Korean the replaced translation was
    /// made from: what changed since the English beside it last changed.
    pub fn source_change(&self) -> Diff {
        match (&self.source_before, &self.source_previous) {
            (None, Some(old)) if *old != self.source => {
                let m = &self.source_markup;
                diff_graphemes(&m.show(old), &m.show(&self.source))
            }
            _ => self.source_diff(),
        }
    }

    /// The English side as Markdown: the old→new diff when there is an older version.
    pub fn target_diff(&self) -> Diff {
        let m = &self.target_markup;
        match &self.target_before {
            Some(old) if *old != self.target => diff_words(&m.show(old), &m.show(&self.target)),
            _ => vec![(Mark::Same, m.show(&self.target))],
        }
    }

    /// Everything the item needs, most urgent first (never empty).
    pub fn needs(&self) -> Vec<Need> {
        let mut out = Vec::new();
        // A hand edit whose Korean changed is stale-edited before `translate` says so.
        let edited = self.status == Status::Edited && self.source_before.is_some();
        if self.status == Status::StaleEdited || edited {
            out.push(Need::StaleEdited);
        } else if self.source_before.is_some() || self.status == Status::Untranslated {
            out.push(Need::Stale);
        }
        if !self.findings.is_empty() || self.status == Status::Flagged {
            out.push(Need::Findings);
        }
        match self.status {
            Status::Machine => out.push(Need::New),
            Status::Pseudo => out.push(Need::Placeholder),
            _ => {}
        }
        if out.is_empty() {
            out.push(Need::Done);
        }
        out
    }

    /// The label shown for the item: its most urgent need.
    pub fn need(&self) -> Need {
        self.needs().first().copied().unwrap_or(Need::Done)
    }

    /// Why it is in the queue.
    pub fn needs_decision(&self) -> bool {
        self.need() != Need::Done
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
    fn a_rewritten_sentence_is_diffed_by_word() {
        let d = diff_graphemes(
            "폭스콘이 이번 수주로 입지를 강화했습니다.",
            "럭스쉐어(Luxshare)에서 애플 비전 프로 조립 물량을 가져갔습니다.",
        );
        assert!(d.contains(&(Mark::Removed, "폭스콘이".into())), "{d:?}");
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
