//! Posts held because l10n cannot tell what happened to their English (the English of a
//! translated segment was deleted or changed kind): where the English post and its state
//! part ways, and the state re-recorded from the English post as it stands, the new
//! baseline. Pure: the caller reads the files and commits.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::document::{Document, SegmentKind};
use crate::plan::line_up;
use crate::state::{PostState, Previous, SegmentState, Status, written_hash};

/// A run of English segments and a run of state entries that do not line up (either may be
/// empty: English-only blocks, or translated blocks whose English is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Indices of segments in the English post.
    pub english: Range<usize>,
    /// Indices of entries in the state.
    pub recorded: Range<usize>,
}

/// Where the English post and its state part ways, in English order: entries whose English
/// is gone, together with the English-only segments standing where they were, and the other
/// English-only segments on their own.
pub fn differences(state: &PostState, target: &Document) -> Vec<Difference> {
    let o = line_up(state, target);
    let n = target.segments().len();
    let english_only: HashSet<usize> = o.english_only.iter().copied().collect();
    let mut out: Vec<Difference> = Vec::new();
    let mut i = 0;
    while i < o.target_index.len() {
        if o.target_index[i].is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while o.target_index.get(i).is_some_and(Option::is_none) {
            i += 1;
        }
        // Where the English stood: before the English of the next entry that has one.
        let at = o.target_index[i..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(n);
        let mut from = at;
        while from > 0 && english_only.contains(&(from - 1)) {
            from -= 1;
        }
        out.push(Difference {
            english: from..at,
            recorded: start..i,
        });
    }
    let covered: HashSet<usize> = out.iter().flat_map(|d| d.english.clone()).collect();
    let mut j = 0;
    while j < n {
        if !english_only.contains(&j) || covered.contains(&j) {
            j += 1;
            continue;
        }
        let start = j;
        while english_only.contains(&j) && !covered.contains(&j) {
            j += 1;
        }
        let next = o
            .target_index
            .iter()
            .position(|t| t.is_some_and(|t| t >= j))
            .unwrap_or(o.target_index.len());
        out.push(Difference {
            english: start..j,
            recorded: next..next,
        });
    }
    out.sort_by_key(|d| (d.english.start, d.recorded.start));
    out
}

/// A state re-recorded from the English post as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The entries, in the English post's order.
    pub segments: Vec<SegmentState>,
    /// What people wrote whose English the editor deleted: kept, never lost.
    pub removed: Vec<SegmentState>,
}

/// Takes the English post as it stands as the new baseline of its state: entries whose
/// English is there keep it (changed text becomes a hand edit); English-only segments are
/// paired, in order and where kinds allow, with the Korean segments left without English
/// between the same neighbours, and recorded as hand edits of them; English-only segments
/// left over stay the editor's own, and Korean left over is translated by the next run.
pub fn rebaseline(state: &PostState, source: &Document, target: &Document) -> Baseline {
    let o = line_up(state, target);
    let t = target.segments();
    let s = source.segments();
    // English index → entry, for what still lines up.
    let mut placed: BTreeMap<usize, SegmentState> = BTreeMap::new();
    let mut removed = Vec::new();
    for (e, j) in o.entries.iter().zip(&o.target_index) {
        match j {
            Some(j) => {
                placed.insert(*j, e.clone());
            }
            None if e.state.is_human() => removed.push(e.clone()),
            None => {}
        }
    }
    let kept: HashSet<&crate::document::SegmentId> = placed.values().map(|e| &e.id).collect();
    // Korean positions of the entries that line up, in English order: the neighbours.
    let anchor_of = |j: usize| -> Option<usize> {
        placed
            .range(..j)
            .rev()
            .find_map(|(_, e)| s.iter().position(|k| k.id == e.id))
    };
    let anchors: Vec<usize> = s
        .iter()
        .enumerate()
        .filter(|(_, k)| kept.contains(&k.id))
        .map(|(q, _)| q)
        .collect();
    let mut groups: BTreeMap<Option<usize>, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for &j in &o.english_only {
        groups.entry(anchor_of(j)).or_default().0.push(j);
    }
    for (q, k) in s.iter().enumerate() {
        if !kept.contains(&k.id) {
            let anchor = anchors.iter().rev().find(|&&a| a < q).copied();
            groups.entry(anchor).or_default().1.push(q);
        }
    }
    for (english, korean) in groups.values() {
        let ek: Vec<SegmentKind> = english.iter().map(|&j| t[j].kind).collect();
        let kk: Vec<SegmentKind> = korean.iter().map(|&q| s[q].kind).collect();
        for op in capture_diff_slices(Algorithm::Myers, &ek, &kk) {
            let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            else {
                continue;
            };
            for k in 0..len {
                let (j, ko) = (english[old_index + k], &s[korean[new_index + k]]);
                placed.insert(
                    j,
                    SegmentState {
                        id: ko.id.clone(),
                        kind: ko.kind,
                        state: Status::Edited,
                        origin: "human".into(),
                        source: ko.text.clone(),
                        target: target.source()[t[j].range.clone()].to_owned(),
                        raw: true,
                        target_hash: written_hash(&t[j].text),
                        terms: None,
                        previous: state.get(&ko.id).map(Previous::from),
                    },
                );
            }
        }
    }
    Baseline {
        segments: placed.into_values().collect(),
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ParseOptions;

    fn doc(s: &str) -> Document {
        Document::parse("p.md", s.as_bytes(), &ParseOptions::default()).unwrap()
    }

    /// From the corpus (2026-01-02-ai-news.md), shortened.
    const KO: &str = "## 주요 내용 및 시사점\n\n- **기술적 의미**: 화면 중독을 줄이려는 시도입니다.\n- **산업적 영향**: 폭스콘은 입지를 강화하게 되었습니다.\n- **향후 전망**: 차세대 AI 하드웨어 시장의 개막을 알릴 것으로 기대됩니다.\n\n소프트뱅크는 OpenAI에 400억 달러 투자를 완료했습니다.\n";

    const EN: &str = "## Key points and implications\n\n- **Technical meaning**: an attempt to reduce screen addiction.\n- **Industry impact**: Foxconn has strengthened its position.\n- **Outlook**: expected to open the market for next-generation AI hardware.\n\nSoftBank has completed its $40 billion investment in OpenAI.\n";

    /// The state as if `src` had been translated into `en` segment by segment.
    fn state(src: &Document, en: &Document) -> PostState {
        let segments = src
            .segments()
            .iter()
            .zip(en.segments())
            .map(|(s, t)| SegmentState {
                id: s.id.clone(),
                kind: s.kind,
                state: Status::Machine,
                origin: "m".into(),
                source: s.text.clone(),
                target: t.text.clone(),
                raw: false,
                target_hash: written_hash(&t.text),
                terms: None,
                previous: None,
            })
            .collect();
        PostState::new("p.md", "en/p.md", "en", segments)
    }

    #[test]
    fn a_deleted_block_and_the_english_written_in_its_place_are_one_difference() {
        let (ko, en) = (doc(KO), doc(EN));
        let st = state(&ko, &en);
        assert_eq!(differences(&st, &en), vec![]);
        // The outlook item's English is deleted and a note paragraph follows the list.
        let rewritten = doc(&EN
            .replace(
                "- **Outlook**: expected to open the market for next-generation AI hardware.\n",
                "",
            )
            .replace("\nSoftBank", "\nA note from the editor.\n\nSoftBank"));
        let d = differences(&st, &rewritten);
        assert_eq!(
            d,
            vec![Difference {
                english: 3..4,
                recorded: 3..4
            }],
            "{d:?}"
        );
        // English-only text elsewhere is a difference of its own.
        let noted = doc(&format!("A note first.\n\n{EN}"));
        assert_eq!(
            differences(&st, &noted),
            vec![Difference {
                english: 0..1,
                recorded: 0..0
            }]
        );
    }

    #[test]
    fn rebaseline_keeps_what_lines_up_and_pairs_english_only_text_with_korean_left_without_english()
    {
        let (ko, en) = (doc(KO), doc(EN));
        let mut st = state(&ko, &en);
        // The outlook item was never recorded: the editor wrote its English by hand, reworded
        // the impact item, and added a note of their own.
        st.segments.remove(3);
        let edited = EN
            .replace("has strengthened its position", "gains")
            .replace(
                "- **Outlook**: expected to open the market for next-generation AI hardware.\n",
                "- **What comes next**: a new class of AI devices.\n\nA note from the editor.\n",
            );
        let target = doc(&edited);
        let b = rebaseline(&st, &ko, &target);
        let after = PostState {
            segments: b.segments.clone(),
            ..st.clone()
        };
        let o = line_up(&after, &target);
        assert_eq!(o.conflict, None, "{b:?}");
        assert_eq!(o.english_only, vec![4], "the note stays the editor's own");
        assert_eq!(
            b.segments[0], st.segments[0],
            "unchanged text keeps its entry"
        );
        assert_eq!(b.segments[2].state, Status::Edited, "reworded in place");
        assert_eq!(b.segments[2].id, st.segments[2].id);
        let outlook = &b.segments[3];
        assert_eq!(outlook.id, ko.segments()[3].id);
        assert_eq!(outlook.state, Status::Edited);
        assert_eq!(outlook.source, ko.segments()[3].text);
        assert_eq!(
            outlook.target,
            "**What comes next**: a new class of AI devices."
        );
        assert!(outlook.raw);
        assert_eq!(b.segments[4].id, st.segments[3].id, "the last paragraph");
        assert!(b.removed.is_empty());
    }

    #[test]
    fn a_persons_text_whose_english_was_deleted_is_kept_aside() {
        let (ko, en) = (doc(KO), doc(EN));
        let mut st = state(&ko, &en);
        st.segments[3].state = Status::Reviewed;
        let deleted = doc(&EN.replace(
            "- **Outlook**: expected to open the market for next-generation AI hardware.\n",
            "",
        ));
        let b = rebaseline(&st, &ko, &deleted);
        assert_eq!(b.removed, vec![st.segments[3].clone()]);
        assert_eq!(b.segments.len(), 4);
    }
}
