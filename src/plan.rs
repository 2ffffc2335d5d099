//! Planning a post: which segments keep their English, which come from translation memory,
//! which go to a backend, and which hand edits must be protected. Pure: no IO.

use std::collections::HashMap;

use crate::document::{Document, Segment, SegmentId, normalize};
use crate::state::{PostState, Previous, SegmentState, Status, written_hash};

/// A translation known anywhere in the repository, reusable for identical source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryEntry {
    pub target: String,
    pub status: Status,
    pub origin: String,
    /// Verbatim Markdown written by a person: reusable only where the Korean Markdown is
    /// the same, byte for byte (its links are in it).
    pub raw: bool,
}

/// Translation memory: normalized source text → best known translation. What people wrote
/// comes first: a hand edit follows its Korean wherever it goes (moved, copied, another post).
#[derive(Debug, Default)]
pub struct Memory {
    map: HashMap<String, MemoryEntry>,
    /// Hand-written Markdown by normalized source.
    human: HashMap<String, MemoryEntry>,
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
    /// Builds memory from state files of one target language, their live segments and the
    /// hand edits whose Korean was removed. Stale edits (made against other source text),
    /// flagged and untranslated text are left out.
    pub fn from_states<'a>(states: impl IntoIterator<Item = &'a PostState>) -> Memory {
        let mut m = Memory::default();
        for st in states {
            for s in st.segments.iter().chain(&st.removed) {
                // English a person changed since, and not in the state: nothing to reuse.
                if !s.has_english()
                    || matches!(
                        s.state,
                        Status::StaleEdited | Status::Untranslated | Status::Flagged
                    )
                {
                    continue;
                }
                let key = normalize(&s.source);
                let entry = MemoryEntry {
                    target: s.target.clone(),
                    status: s.state,
                    origin: s.origin.clone(),
                    raw: s.raw,
                };
                // Hand-written Markdown and tagged text are kept apart (see `get`).
                let table = if s.raw { &mut m.human } else { &mut m.map };
                if table
                    .get(&key)
                    .is_none_or(|e| rank(s.state) > rank(e.status))
                {
                    table.insert(key, entry);
                }
            }
        }
        m
    }

    /// A reusable translation of `source`, whose Markdown is `markdown`; pseudo text only
    /// when `allow_pseudo`. Hand-written Markdown comes first, where every link it holds is
    /// one the Korean Markdown has too.
    pub fn get(&self, source: &str, markdown: &str, allow_pseudo: bool) -> Option<&MemoryEntry> {
        let key = normalize(source);
        let by_text = self
            .map
            .get(&key)
            .filter(|e| allow_pseudo || e.status != Status::Pseudo);
        let human = self.human.get(&key).filter(|h| {
            crate::qa::urls_in(&h.target)
                .iter()
                .all(|u| markdown.contains(u))
        });
        match (human, by_text) {
            (Some(h), Some(t)) if rank(t.status) > rank(h.status) => Some(t),
            (Some(h), _) => Some(h),
            (None, t) => t,
        }
    }

    pub fn len(&self) -> usize {
        self.map.len() + self.human.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.human.is_empty()
    }

    /// Every (source, entry) pair, for export.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &MemoryEntry)> {
        self.map.iter().chain(&self.human)
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
    /// Send placeholder text to be translated (a real backend's run); `check` and review
    /// leave it out, as pseudo text is not stale.
    pub replace_pseudo: bool,
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
    /// Text people wrote whose Korean is gone from the post: to report, and to keep.
    pub removed_human: Vec<SegmentState>,
    pub hold: Option<Hold>,
    /// The English line a hold is about (1 when it concerns the whole post).
    pub hold_line: usize,
    /// For each source segment, the state entry (of [`line_up`]'s order) it continues.
    pub continues: Vec<Option<usize>>,
    /// The English post lined up with the state, when both exist (carry-over uses it).
    pub observed: Option<Observed>,
}

/// The English post lined up with the state by what it holds, not by position: English
/// added, removed or moved around a segment never re-attaches text to another paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// The state entries as they stand in the English post (a hand edit becomes raw).
    pub entries: Vec<SegmentState>,
    /// For each entry, its segment in the English post.
    pub target_index: Vec<Option<usize>>,
    /// English segments no entry accounts for: text only the English post has.
    pub english_only: Vec<usize>,
    /// The English line where l10n cannot tell what happened (a translated segment's
    /// English was deleted, or changed kind): the post is held there.
    pub conflict: Option<usize>,
}

impl Observed {
    /// Entry `i`'s segment in the English post.
    pub fn target<'d>(&self, target: &'d Document, i: usize) -> Option<&'d Segment> {
        self.target_index
            .get(i)
            .copied()
            .flatten()
            .and_then(|t| target.segments().get(t))
    }
}

/// Pairs compared by likeness in one changed stretch at most: beyond it, a stretch is
/// rewritten wholesale and pairing by likeness would cost more than it tells.
const SIMILARITY_BUDGET: usize = 2_500;

/// How alike two texts are (0 to 1), by characters.
fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::from_chars(a, b).ratio()
}

/// Lines the English post up with the state: segments whose text is what l10n wrote match
/// by hash; between those anchors, a changed segment of the same kind is a hand edit
/// (paired by similarity when counts differ), and what is left over on the English side
/// is the editor's own.
pub fn line_up(state: &PostState, target: &Document) -> Observed {
    let t = target.segments();
    let t_hashes: Vec<String> = t.iter().map(|s| written_hash(&s.text)).collect();
    let t_hashes: Vec<&str> = t_hashes.iter().map(String::as_str).collect();
    let e_hashes: Vec<&str> = state
        .segments
        .iter()
        .map(|e| e.target_hash.as_str())
        .collect();
    let mut index: Vec<Option<usize>> = vec![None; e_hashes.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &e_hashes, &t_hashes) {
        match op {
            similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    index[old_index + k] = Some(new_index + k);
                }
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &state.segments[old_index..old_index + old_len];
                let news = &t[new_index..new_index + new_len];
                let same_kinds = olds.iter().zip(news).all(|(e, s)| e.kind == s.kind);
                if old_len == new_len && same_kinds {
                    for k in 0..old_len {
                        index[old_index + k] = Some(new_index + k);
                    }
                    continue;
                }
                if old_len * new_len > SIMILARITY_BUDGET {
                    // Too much rewritten at once to pair by likeness: left to a person.
                    continue;
                }
                let mut from = 0;
                for (k, e) in olds.iter().enumerate() {
                    let best = news
                        .iter()
                        .enumerate()
                        .skip(from)
                        .filter(|(_, s)| s.kind == e.kind)
                        .map(|(j, s)| (j, similarity(&e.target, &s.text)))
                        .filter(|(_, r)| *r >= 0.3)
                        .max_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((j, _)) = best {
                        index[old_index + k] = Some(new_index + j);
                        from = j + 1;
                    }
                }
            }
            similar::DiffOp::Delete { .. } | similar::DiffOp::Insert { .. } => {}
        }
    }
    let mut used = vec![false; t.len()];
    for j in index.iter().flatten() {
        used[*j] = true;
    }
    let english_only = (0..t.len()).filter(|&j| !used[j]).collect();
    // The same text in another kind of block (a paragraph made a list item by hand).
    let changed_kind = index
        .iter()
        .zip(&state.segments)
        .find_map(|(j, e)| j.filter(|&j| t[j].kind != e.kind).map(|j| t[j].line));
    let conflict = changed_kind.or_else(|| {
        index.iter().position(Option::is_none).map(|i| {
            // The English of entry i is gone: point at the English around where it stood.
            index[i..]
                .iter()
                .chain(index[..i].iter().rev())
                .flatten()
                .next()
                .map_or(1, |&j| t[j].line)
        })
    });
    let entries = state
        .segments
        .iter()
        .zip(&index)
        .map(|(e, j)| match j {
            Some(j) => edited_view(e, &t[*j], target.source()),
            None => e.clone(),
        })
        .collect();
    Observed {
        entries,
        target_index: index,
        english_only,
        conflict,
    }
}

fn edited_view(e: &SegmentState, t: &Segment, target_src: &str) -> SegmentState {
    let hash = written_hash(&t.text);
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
        // The English l10n wrote, for review's undo, when the state still has it.
        previous: e.has_english().then(|| Previous::from(e)),
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
    let mut hold_line = 1;
    let mut observed = None;
    let entries: Vec<SegmentState> = match (state, target) {
        (Some(st), Some(t)) => {
            let o = line_up(st, t);
            let conflict = o
                .conflict
                .or_else(|| crate::carry::misplaced(t, &o.target_index, source).map(|u| u.line));
            if let Some(line) = conflict
                && !opts.overwrite_edits
            {
                hold = Some(Hold::Misaligned);
                hold_line = line;
            }
            let entries = o.entries.clone();
            observed = Some(o);
            entries
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
    let segs = source.segments();
    // Which entry each source segment continues: the same id, else an unclaimed entry
    // made from the same text (an id that changed with its neighbours), else the entry
    // at its place in the sequence whose Korean was changed (most alike when the counts
    // around it differ).
    let mut claimed = vec![false; entries.len()];
    let mut owner: Vec<Option<usize>> = vec![None; segs.len()];
    let by_id: HashMap<&SegmentId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    for (j, seg) in segs.iter().enumerate() {
        if let Some(&i) = by_id.get(&seg.id) {
            owner[j] = Some(i);
            claimed[i] = true;
        }
    }
    let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if !claimed[i] {
            by_text.entry(normalize(&e.source)).or_default().push(i);
        }
    }
    for (j, seg) in segs.iter().enumerate() {
        if owner[j].is_some() {
            continue;
        }
        if let Some(list) = by_text.get_mut(&normalize(&seg.text))
            && let Some(k) = list.iter().position(|&i| !claimed[i])
        {
            let i = list.remove(k);
            owner[j] = Some(i);
            claimed[i] = true;
        }
    }
    let mut predecessor: HashMap<usize, usize> = HashMap::new();
    {
        let old_ids: Vec<&SegmentId> = entries.iter().map(|e| &e.id).collect();
        let new_ids: Vec<&SegmentId> = segs.iter().map(|s| &s.id).collect();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids) {
            let similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } = op
            else {
                continue;
            };
            let olds: Vec<usize> = (old_index..old_index + old_len)
                .filter(|&i| !claimed[i])
                .collect();
            let news: Vec<usize> = (new_index..new_index + new_len)
                .filter(|&j| owner[j].is_none())
                .collect();
            if olds.len() == news.len() {
                for (&i, &j) in olds.iter().zip(&news) {
                    predecessor.insert(j, i);
                }
                continue;
            }
            // Counts differ (a neighbour was added or deleted too): pair by likeness.
            if olds.len() * news.len() > SIMILARITY_BUDGET {
                continue;
            }
            let mut from = 0;
            for &j in &news {
                let best = olds
                    .iter()
                    .enumerate()
                    .skip(from)
                    .map(|(k, &i)| (k, i, similarity(&entries[i].source, &segs[j].text)))
                    .filter(|(_, _, r)| *r >= 0.3)
                    .max_by(|a, b| a.2.total_cmp(&b.2));
                if let Some((k, i, _)) = best {
                    predecessor.insert(j, i);
                    from = k + 1;
                }
            }
        }
    }
    for &i in predecessor.values() {
        claimed[i] = true;
    }

    let actions = segs
        .iter()
        .enumerate()
        .map(|(j, seg)| {
            if let Some(i) = owner[j] {
                let e = &entries[i];
                let protected = e.state.is_human() && !opts.overwrite_edits;
                // A placeholder never replaces a translation, only another placeholder.
                let replaceable = !opts.placeholder || e.state == Status::Pseudo;
                let stale_edit_released = e.state == Status::StaleEdited && opts.overwrite_edits;
                let terms_changed =
                    !e.state.is_human() && replaceable && terms(&seg.text) != e.terms;
                // Kept from an older source by `--partial`, or never translated.
                let outdated = !e.state.is_human() && normalize(&e.source) != normalize(&seg.text);
                // A real backend replaces placeholder text as it would an untranslated gap.
                let retry = e.state == Status::Untranslated
                    || (e.state == Status::Flagged && !opts.placeholder)
                    || (e.state == Status::Pseudo && opts.replace_pseudo);
                // English the state left to the post, gone from it (`--overwrite-edits`).
                let lost = !e.has_english();
                if (opts.force && !protected && replaceable)
                    || lost
                    || stale_edit_released
                    || terms_changed
                    || outdated
                    || retry
                {
                    return Action::Send {
                        previous: Some(e.clone()),
                    };
                }
                return Action::Keep(SegmentState {
                    id: seg.id.clone(),
                    kind: seg.kind,
                    ..e.clone()
                });
            }
            let previous = predecessor.get(&j).map(|&i| entries[i].clone());
            if let Some(p) = &previous
                && p.has_english()
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
            if let Some(m) = memory.get(
                &seg.text,
                &source.source()[seg.range.clone()],
                opts.placeholder,
            ) && (!opts.force || m.status.is_human())
            {
                return Action::Reuse(m.clone());
            }
            Action::Send { previous }
        })
        .collect();
    // Entries no source segment continues.
    let gone: Vec<&SegmentState> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !claimed[*i])
        .map(|(_, e)| e)
        .collect();
    let removed_human = gone
        .iter()
        .filter(|e| e.state.is_human())
        .map(|e| (*e).clone())
        .collect();
    let continues = (0..segs.len())
        .map(|j| owner[j].or_else(|| predecessor.get(&j).copied()))
        .collect();
    PostPlan {
        actions,
        removed: gone.len(),
        removed_human,
        hold,
        hold_line,
        continues,
        observed,
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
                target_hash: written_hash(&t.text),
                terms: None,
                previous: None,
            })
            .collect();
        let st = PostState::new("p.md", "en/p.md", "en", segments);
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
        let (st, tgt) = translated(&src, Status::Machine);
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
    fn a_real_backend_replaces_placeholders_and_nothing_a_person_touched() {
        let src = doc("가.\n\n나.\n\n다.\n");
        let (mut st, tgt) = translated(&src, Status::Pseudo);
        st.segments[2].state = Status::Reviewed;
        let hand = tgt.source().replace("T:나.", "My own words.");
        let tgt = doc(&hand);
        let m = Memory::default();
        let real = PlanOptions {
            replace_pseudo: true,
            ..Default::default()
        };
        let p = plan(&src, Some(&st), Some(&tgt), &m, &no_terms, real);
        assert_eq!(kinds(&p), ["send", "edited", "keep"]);
        let check = PlanOptions::default();
        let p = plan(&src, Some(&st), Some(&tgt), &m, &no_terms, check);
        assert_eq!(kinds(&p), ["keep", "edited", "keep"]);
        let placeholder = PlanOptions {
            placeholder: true,
            ..Default::default()
        };
        let p = plan(&src, Some(&st), Some(&tgt), &m, &no_terms, placeholder);
        assert_eq!(kinds(&p), ["keep", "edited", "keep"]);
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
        assert_eq!(m.get("가.", "가.", false).unwrap().target, "Reviewed.");
        a.segments[0].target = "pseudo".into();
        let m = Memory::from_states([&a]);
        assert!(m.get("가.", "가.", false).is_none());
        assert!(m.get("가.", "가.", true).is_some());
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
