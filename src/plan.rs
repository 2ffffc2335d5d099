//! Planning a post: which segments keep their English, which come from translation memory,
//! which go to a backend, and which hand edits must be protected. Pure: no IO.

use std::collections::{HashMap, HashSet};

use crate::document::{Document, Segment, SegmentId, normalize};
use crate::state::{PostState, SegmentState, Status, text_hash};

/// A translation known anywhere in the repository, reusable for identical source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryEntry {
    pub target: String,
    pub status: Status,
    pub origin: String,
}

/// Translation memory: normalized source text → best known translation.
#[derive(Debug, Default)]
pub struct Memory {
    map: HashMap<String, MemoryEntry>,
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Reviewed => 4,
        Status::Edited => 3,
        Status::Machine => 2,
        Status::Pseudo => 1,
        Status::StaleEdited | Status::Untranslated | Status::Flagged => 0,
    }
}

impl Memory {
    /// Builds memory from state files of one target language. Stale edits (made against
    /// other source text) and verbatim edits (which carry their post's own URLs) are left out.
    pub fn from_states<'a>(states: impl IntoIterator<Item = &'a PostState>) -> Memory {
        let mut map: HashMap<String, MemoryEntry> = HashMap::new();
        for st in states {
            for s in &st.segments {
                if s.raw
                    || matches!(
                        s.state,
                        Status::StaleEdited | Status::Untranslated | Status::Flagged
                    )
                {
                    continue;
                }
                let key = normalize(&s.source);
                let better = map.get(&key).is_none_or(|e| rank(s.state) > rank(e.status));
                if better {
                    map.insert(
                        key,
                        MemoryEntry {
                            target: s.target.clone(),
                            status: s.state,
                            origin: s.origin.clone(),
                        },
                    );
                }
            }
        }
        Memory { map }
    }

    /// A reusable translation of `source`; pseudo text only when `allow_pseudo`.
    pub fn get(&self, source: &str, allow_pseudo: bool) -> Option<&MemoryEntry> {
        self.map
            .get(&normalize(source))
            .filter(|e| allow_pseudo || e.status != Status::Pseudo)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every (source, entry) pair, for export.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &MemoryEntry)> {
        self.map.iter()
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Retranslate every segment that no person has touched.
    pub force: bool,
    /// Let new translations replace hand edits.
    pub overwrite_edits: bool,
    /// The backend writes placeholders (pseudo): it fills segments that have no
    /// translation and never replaces one, whatever `force` says. Pseudo text in memory is
    /// reused only then.
    pub placeholder: bool,
}

/// What to do with one source segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The English stays as it is (possibly now marked edited or stale-edited).
    Keep(SegmentState),
    /// Identical source text is already translated elsewhere.
    Reuse(MemoryEntry),
    /// Send to the backend; `previous` is what the segment replaces, if anything.
    Send { previous: Option<SegmentState> },
}

/// Why a post is left alone for a person to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// The English post's blocks no longer line up with what l10n wrote.
    Misaligned,
    /// An English post exists that l10n has no state for (written by hand?).
    Untracked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostPlan {
    /// One action per source segment, in document order.
    pub actions: Vec<Action>,
    /// State entries whose source segment is gone.
    pub removed: usize,
    pub hold: Option<Hold>,
}

impl PostPlan {
    pub fn to_send(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| matches!(a, Action::Send { .. }))
            .count()
    }
}

/// Whether the segments of `target` line up one to one with `state`'s entries.
pub fn aligned(state: &PostState, target: &Document) -> bool {
    let t = target.segments();
    t.len() == state.segments.len() && t.iter().zip(&state.segments).all(|(a, b)| a.kind == b.kind)
}

/// The state entries as they stand in the English post: an entry whose text there differs
/// from what l10n wrote becomes a verbatim hand edit.
pub fn observe(state: &PostState, target: &Document) -> Vec<SegmentState> {
    state
        .segments
        .iter()
        .zip(target.segments())
        .map(|(e, t)| edited_view(e, t, target.source()))
        .collect()
}

fn edited_view(e: &SegmentState, t: &Segment, target_src: &str) -> SegmentState {
    let hash = text_hash(&t.text);
    if hash == e.target_hash {
        return e.clone();
    }
    SegmentState {
        state: if e.state == Status::StaleEdited {
            Status::StaleEdited
        } else {
            Status::Edited
        },
        origin: "human".into(),
        target: target_src[t.range.clone()].to_owned(),
        raw: true,
        target_hash: hash,
        previous: Some(e.target.clone()),
        ..e.clone()
    }
}

/// `terms` gives the glossary-terms hash of a source text (see [`crate::state::terms_hash`]).
pub fn plan(
    source: &Document,
    state: Option<&PostState>,
    target: Option<&Document>,
    memory: &Memory,
    terms: &dyn Fn(&str) -> Option<String>,
    opts: PlanOptions,
) -> PostPlan {
    let mut hold = None;
    let entries: Vec<SegmentState> = match (state, target) {
        (Some(st), Some(t)) if aligned(st, t) => observe(st, t),
        (Some(st), Some(_)) => {
            if !opts.overwrite_edits {
                hold = Some(Hold::Misaligned);
            }
            st.segments.clone()
        }
        (Some(st), None) => st.segments.clone(),
        (None, Some(_)) => {
            if !opts.overwrite_edits {
                hold = Some(Hold::Untracked);
            }
            Vec::new()
        }
        (None, None) => Vec::new(),
    };
    let by_id: HashMap<&SegmentId, &SegmentState> = entries.iter().map(|e| (&e.id, e)).collect();
    let new_ids: Vec<&SegmentId> = source.segments().iter().map(|s| &s.id).collect();
    let old_ids: Vec<&SegmentId> = entries.iter().map(|e| &e.id).collect();
    let new_set: HashSet<&SegmentId> = new_ids.iter().copied().collect();

    // Pair a changed segment with the entry it replaces: same place in the sequence.
    let mut predecessor: HashMap<usize, &SegmentState> = HashMap::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids) {
        if let similar::DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = op
        {
            let olds = (old_index..old_index + old_len).filter(|&i| !new_set.contains(old_ids[i]));
            let news =
                (new_index..new_index + new_len).filter(|&j| !by_id.contains_key(new_ids[j]));
            for (i, j) in olds.zip(news) {
                predecessor.insert(j, &entries[i]);
            }
        }
    }

    let actions = source
        .segments()
        .iter()
        .enumerate()
        .map(|(j, seg)| {
            if let Some(e) = by_id.get(&seg.id) {
                let protected = e.state.is_human() && !opts.overwrite_edits;
                // A placeholder never replaces a translation, only another placeholder.
                let replaceable = !opts.placeholder || e.state == Status::Pseudo;
                let stale_edit_released = e.state == Status::StaleEdited && opts.overwrite_edits;
                let terms_changed =
                    !e.state.is_human() && replaceable && terms(&seg.text) != e.terms;
                // Kept from an older source by `--partial`, or never translated.
                let outdated = !e.state.is_human() && normalize(&e.source) != normalize(&seg.text);
                let retry = e.state == Status::Untranslated
                    || (e.state == Status::Flagged && !opts.placeholder);
                if (opts.force && !protected && replaceable)
                    || stale_edit_released
                    || terms_changed
                    || outdated
                    || retry
                {
                    return Action::Send {
                        previous: Some((*e).clone()),
                    };
                }
                return Action::Keep(SegmentState {
                    kind: seg.kind,
                    ..(*e).clone()
                });
            }
            let previous = predecessor.get(&j).map(|p| (*p).clone());
            if let Some(p) = &previous
                && matches!(p.state, Status::Edited | Status::StaleEdited)
                && !opts.overwrite_edits
            {
                return Action::Keep(SegmentState {
                    id: seg.id.clone(),
                    kind: seg.kind,
                    state: Status::StaleEdited,
                    ..p.clone()
                });
            }
            if !opts.force
                && let Some(m) = memory.get(&seg.text, opts.placeholder)
            {
                return Action::Reuse(m.clone());
            }
            Action::Send { previous }
        })
        .collect();
    // Entries gone from the source that no changed segment took over.
    let succeeded: HashSet<&SegmentId> = predecessor.values().map(|p| &p.id).collect();
    let removed = old_ids
        .iter()
        .filter(|id| !new_set.contains(*id) && !succeeded.contains(*id))
        .count();
    PostPlan {
        actions,
        removed,
        hold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ParseOptions;

    fn doc(s: &str) -> Document {
        Document::parse("p.md", s.as_bytes(), &ParseOptions::default()).unwrap()
    }

    /// A state as if `src` had been translated by upper-casing every segment.
    fn translated(src: &Document, status: Status) -> (PostState, Document) {
        let tr: HashMap<_, _> = src
            .segments()
            .iter()
            .map(|s| (s.id.clone(), format!("T:{}", s.text)))
            .collect();
        let out = src.render("p.md", &tr, &[]).unwrap();
        let target = doc(&out);
        let segments = src
            .segments()
            .iter()
            .zip(target.segments())
            .map(|(s, t)| SegmentState {
                id: s.id.clone(),
                kind: s.kind,
                state: status,
                origin: "test".into(),
                source: s.text.clone(),
                target: tr[&s.id].clone(),
                raw: false,
                target_hash: text_hash(&t.text),
                terms: None,
                previous: None,
            })
            .collect();
        let st = PostState {
            version: 1,
            source: "p.md".into(),
            target: "en/p.md".into(),
            lang: "en".into(),
            source_hash: String::new(),
            target_hash: String::new(),
            qa: String::new(),
            qa_findings: 0,
            counts: Default::default(),
            segments,
        };
        (st, target)
    }

    fn no_terms(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_changed_glossary_term_makes_only_its_segments_stale() {
        let src = doc("에이전트가 왔다.\n\n다른 문단.\n");
        let (st, tgt) = translated(&src, Status::Machine);
        let m = Memory::default();
        let with_agent = |t: &str| t.contains("에이전트").then(|| "h1".to_owned());
        let p = plan(
            &src,
            Some(&st),
            Some(&tgt),
            &m,
            &with_agent,
            PlanOptions::default(),
        );
        assert_eq!(kinds(&p), ["send", "keep"]);
    }

    fn kinds(p: &PostPlan) -> Vec<&'static str> {
        p.actions
            .iter()
            .map(|a| match a {
                Action::Keep(e) if e.state == Status::StaleEdited => "stale-edited",
                Action::Keep(e) if e.state == Status::Edited => "edited",
                Action::Keep(_) => "keep",
                Action::Reuse(_) => "reuse",
                Action::Send { .. } => "send",
            })
            .collect()
    }

    #[test]
    fn unchanged_post_sends_nothing_and_edits_insert_move_delete() {
        let src = doc("가.\n\n나.\n\n다.\n");
        let (st, tgt) = translated(&src, Status::Machine);
        let m = Memory::default();
        let o = PlanOptions::default();
        assert_eq!(
            kinds(&plan(&src, Some(&st), Some(&tgt), &m, &no_terms, o)),
            ["keep"; 3]
        );
        let edited = doc("가.\n\n나나.\n\n다.\n");
        assert_eq!(
            kinds(&plan(&edited, Some(&st), Some(&tgt), &m, &no_terms, o)),
            ["keep", "send", "keep"]
        );
        let inserted = doc("새.\n\n가.\n\n나.\n\n다.\n");
        assert_eq!(
            kinds(&plan(&inserted, Some(&st), Some(&tgt), &m, &no_terms, o)),
            ["send", "keep", "keep", "keep"]
        );
        let moved = doc("다.\n\n가.\n\n나.\n");
        assert_eq!(
            kinds(&plan(&moved, Some(&st), Some(&tgt), &m, &no_terms, o)),
            ["keep"; 3]
        );
        let deleted = doc("가.\n\n다.\n");
        let p = plan(&deleted, Some(&st), Some(&tgt), &m, &no_terms, o);
        assert_eq!(kinds(&p), ["keep", "keep"]);
        assert_eq!(p.removed, 1);
        // A changed paragraph replaces its old version; nothing counts as removed.
        assert_eq!(
            plan(&edited, Some(&st), Some(&tgt), &m, &no_terms, o).removed,
            0
        );
    }

    #[test]
    fn hand_edits_survive_and_go_stale_when_source_changes() {
        let src = doc("가.\n\n나.\n");
        let (st, tgt) = translated(&src, Status::Pseudo);
        let hand = tgt.source().replace("T:나.", "My own words.");
        let tgt = doc(&hand);
        let m = Memory::default();
        let o = PlanOptions::default();
        let p = plan(&src, Some(&st), Some(&tgt), &m, &no_terms, o);
        assert_eq!(kinds(&p), ["keep", "edited"]);
        let Action::Keep(e) = &p.actions[1] else {
            panic!()
        };
        assert_eq!(e.target, "My own words.");
        assert!(e.raw);
        let changed = doc("가.\n\n나는 바뀜.\n");
        // The state written after the first run holds the edit.
        let mut st2 = st.clone();
        st2.segments[1] = e.clone();
        let p = plan(&changed, Some(&st2), Some(&tgt), &m, &no_terms, o);
        assert_eq!(kinds(&p), ["keep", "stale-edited"]);
        let Action::Keep(e) = &p.actions[1] else {
            panic!()
        };
        assert_eq!(e.source, "나.");
        assert_eq!(e.target, "My own words.");
        let p = plan(
            &changed,
            Some(&st2),
            Some(&tgt),
            &m,
            &no_terms,
            PlanOptions {
                overwrite_edits: true,
                ..o
            },
        );
        assert_eq!(kinds(&p), ["keep", "send"]);
        // --force leaves edits alone too.
        let p = plan(
            &src,
            Some(&st2),
            Some(&tgt),
            &m,
            &no_terms,
            PlanOptions { force: true, ..o },
        );
        assert_eq!(kinds(&p), ["send", "edited"]);
    }

    #[test]
    fn misaligned_or_untracked_targets_are_held() {
        let src = doc("가.\n\n나.\n");
        let (st, _) = translated(&src, Status::Machine);
        let restructured = doc("T:가.\n\n- T:나.\n- extra\n");
        let m = Memory::default();
        let o = PlanOptions::default();
        assert_eq!(
            plan(&src, Some(&st), Some(&restructured), &m, &no_terms, o).hold,
            Some(Hold::Misaligned)
        );
        assert_eq!(
            plan(&src, None, Some(&restructured), &m, &no_terms, o).hold,
            Some(Hold::Untracked)
        );
        assert_eq!(plan(&src, Some(&st), None, &m, &no_terms, o).hold, None);
    }

    #[test]
    fn memory_prefers_reviewed_and_skips_pseudo_for_real_backends() {
        let src = doc("가.\n");
        let (mut a, _) = translated(&src, Status::Pseudo);
        let (mut b, _) = translated(&src, Status::Reviewed);
        b.segments[0].target = "Reviewed.".into();
        let m = Memory::from_states([&a, &b]);
        assert_eq!(m.get("가.", false).unwrap().target, "Reviewed.");
        a.segments[0].target = "pseudo".into();
        let m = Memory::from_states([&a]);
        assert!(m.get("가.", false).is_none());
        assert!(m.get("가.", true).is_some());
        let new = doc("가.\n\n나.\n");
        let p = plan(
            &new,
            None,
            None,
            &m,
            &no_terms,
            PlanOptions {
                placeholder: true,
                ..Default::default()
            },
        );
        assert_eq!(kinds(&p), ["reuse", "send"]);
    }
}
