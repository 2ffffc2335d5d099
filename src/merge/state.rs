//! Merging two branches' versions of a state file, entry by entry. The header is derived
//! again, never merged as text: file hashes both sides changed are left empty (the post
//! is then checked whole until the next `translate` records it), counts are recounted and
//! the digest is sealed anew by [`PostState::to_toml`].

use std::collections::{HashMap, HashSet};

use super::{Region, merge3};
use crate::document::SegmentId;
use crate::state::{PostState, Previous, SegmentState, Status};

/// A merged state and the segments a person has to look at: both sides changed them
/// differently, or one side's hand edit met the other side's new Korean. Each is kept as
/// `stale-edited` with the other side's version as `previous`, so `check` names it and
/// review's `u` brings the other version back.
#[derive(Debug, Clone)]
pub struct StateMerge {
    pub state: PostState,
    pub marked: Vec<SegmentId>,
}

/// Text a person wrote or approved.
fn human(e: &SegmentState) -> bool {
    e.state.is_human() || e.raw
}

/// The same English: by text, or by the hash of the written English when a state left the
/// text to a post the merge could not read.
fn same_text(a: &SegmentState, b: &SegmentState) -> bool {
    a.raw == b.raw
        && if a.has_english() && b.has_english() {
            a.target == b.target
        } else {
            a.target_hash == b.target_hash
        }
}

/// One value of the header: the side that changed it, else ours.
fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> T {
    if base == Some(ours) {
        theirs.clone()
    } else {
        ours.clone()
    }
}

/// A file hash: the side that changed it; empty when both changed it, for the merged file
/// is neither.
fn file_hash(base: Option<&String>, ours: &String, theirs: &String) -> String {
    if ours == theirs || base == Some(theirs) {
        ours.clone()
    } else if base == Some(ours) {
        theirs.clone()
    } else {
        String::new()
    }
}

/// An entry both sides have: the side that changed it; when both changed its text
/// differently, a person's text is the entry and the other version its `previous`.
fn resolve(
    base: Option<&SegmentState>,
    ours: &SegmentState,
    theirs: &SegmentState,
) -> (SegmentState, bool) {
    if ours == theirs || base == Some(theirs) {
        return (ours.clone(), false);
    }
    if base == Some(ours) {
        return (theirs.clone(), false);
    }
    if same_text(ours, theirs) {
        let keep = if human(theirs) && !human(ours) {
            theirs
        } else {
            ours
        };
        return (keep.clone(), false);
    }
    let changed = |e: &SegmentState| base.is_none_or(|b| !same_text(b, e));
    match (changed(ours), changed(theirs)) {
        (false, true) => return (theirs.clone(), false),
        (true, false) => return (ours.clone(), false),
        _ => {}
    }
    let (keep, other) = if human(theirs) && !human(ours) {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let mut entry = keep.clone();
    // The other version for review's `u`, when its English is known.
    entry.previous = other.has_english().then(|| Previous::from(other));
    let marked = human(keep) || human(other);
    if human(keep) {
        entry.state = Status::StaleEdited;
    }
    (entry, marked)
}

/// Merges `ours` and `theirs`, two edits of `base` (`None` when both sides created the
/// state).
pub fn merge(base: Option<&PostState>, ours: &PostState, theirs: &PostState) -> StateMerge {
    let ids = |s: Option<&PostState>| -> Vec<SegmentId> {
        s.map(|s| s.segments.iter().map(|e| e.id.clone()).collect())
            .unwrap_or_default()
    };
    let by_id = |s: Option<&PostState>| -> HashMap<SegmentId, SegmentState> {
        s.map(|s| {
            s.segments
                .iter()
                .map(|e| (e.id.clone(), e.clone()))
                .collect()
        })
        .unwrap_or_default()
    };
    let (b, o, t) = (by_id(base), by_id(Some(ours)), by_id(Some(theirs)));
    let mut order: Vec<SegmentId> = Vec::new();
    for region in merge3(&ids(base), &ids(Some(ours)), &ids(Some(theirs))) {
        match region {
            Region::Clean(v) => order.extend(v),
            Region::Conflict { ours, theirs } => order.extend(ours.into_iter().chain(theirs)),
        }
    }
    let mut seen = HashSet::new();
    order.retain(|id| seen.insert(id.clone()));

    let mut marked = Vec::new();
    let mut segments: Vec<SegmentState> = Vec::new();
    for id in &order {
        let entry = match (o.get(id), t.get(id)) {
            (Some(x), Some(y)) => {
                let (e, m) = resolve(b.get(id), x, y);
                if m {
                    marked.push(id.clone());
                }
                e
            }
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => continue,
        };
        segments.push(entry);
    }

    let mut removed = merge_removed(base, ours, theirs);
    // An entry one side changed and the other deleted: the deleting side changed the
    // Korean (or removed it). What a person wrote follows the new Korean, as `translate`
    // would have carried it, or is kept under `[[removed]]`.
    let deleted = |kept: &HashMap<SegmentId, SegmentState>, gone: &PostState| {
        base.into_iter()
            .flat_map(|s| &s.segments)
            .filter(|e| !gone.segments.iter().any(|g| g.id == e.id))
            .filter_map(|e| kept.get(&e.id).filter(|k| *k != e).map(|k| (e, k.clone())))
            .collect::<Vec<_>>()
    };
    let orphans: Vec<_> = deleted(&o, theirs)
        .into_iter()
        .map(|(e, k)| (e, k, theirs))
        .chain(deleted(&t, ours).into_iter().map(|(e, k)| (e, k, ours)))
        .collect();
    let mut claimed = HashSet::new();
    for (was, entry, deleter) in orphans {
        if !human(&entry) {
            continue;
        }
        let next = base
            .and_then(|b| continuation(b, deleter, was))
            .filter(|id| !claimed.contains(id));
        let slot = next.and_then(|id| segments.iter_mut().find(|s| s.id == id));
        match slot {
            Some(s) if matches!(entry.state, Status::Edited | Status::StaleEdited) => {
                claimed.insert(s.id.clone());
                marked.push(s.id.clone());
                let now = Previous::from(&*s);
                *s = SegmentState {
                    id: s.id.clone(),
                    kind: s.kind,
                    state: Status::StaleEdited,
                    previous: Some(now),
                    ..entry
                };
            }
            // Approved text of the old Korean: the new translation's previous version, in
            // place of the unapproved one it replaced.
            Some(s) if s.previous.as_ref().is_none_or(|p| p.id == was.id) => {
                claimed.insert(s.id.clone());
                s.previous = Some(Previous::from(&entry));
            }
            _ => {
                if !removed.contains(&entry) {
                    removed.push(entry);
                }
            }
        }
    }

    let qa = file_hash(base.map(|s| &s.qa), &ours.qa, &theirs.qa);
    let qa_findings = if qa == ours.qa {
        ours.qa_findings
    } else if qa == theirs.qa {
        theirs.qa_findings
    } else {
        0
    };
    let mut state = PostState {
        version: ours.version.max(theirs.version),
        source: pick(base.map(|s| &s.source), &ours.source, &theirs.source),
        target: pick(base.map(|s| &s.target), &ours.target, &theirs.target),
        lang: pick(base.map(|s| &s.lang), &ours.lang, &theirs.lang),
        source_hash: file_hash(
            base.map(|s| &s.source_hash),
            &ours.source_hash,
            &theirs.source_hash,
        ),
        target_hash: file_hash(
            base.map(|s| &s.target_hash),
            &ours.target_hash,
            &theirs.target_hash,
        ),
        qa,
        qa_findings,
        renamed_from: pick(
            base.map(|s| &s.renamed_from),
            &ours.renamed_from,
            &theirs.renamed_from,
        ),
        counts: Default::default(),
        segments,
        removed,
    };
    state.recount();
    StateMerge { state, marked }
}

/// `[[removed]]` as a set: an entry stays unless a side that had it in the base dropped it
/// (its Korean came back and took it up again).
fn merge_removed(
    base: Option<&PostState>,
    ours: &PostState,
    theirs: &PostState,
) -> Vec<SegmentState> {
    let in_base = |e: &SegmentState| base.is_some_and(|b| b.removed.contains(e));
    let mut out: Vec<SegmentState> = Vec::new();
    for e in ours.removed.iter().chain(&theirs.removed) {
        let both = ours.removed.contains(e) && theirs.removed.contains(e);
        if (both || !in_base(e)) && !out.contains(e) {
            out.push(e.clone());
        }
    }
    out
}

/// The entry `deleter` put where `was` stood in `base`: the first entry of the same kind,
/// new on that side, after the last entry before `was` that the side kept.
fn continuation(base: &PostState, deleter: &PostState, was: &SegmentState) -> Option<SegmentId> {
    let at = base.segments.iter().position(|e| e.id == was.id)?;
    let anchor = base.segments[..at]
        .iter()
        .rev()
        .find_map(|e| deleter.segments.iter().position(|d| d.id == e.id));
    let from = anchor.map_or(0, |i| i + 1);
    deleter.segments[from..]
        .iter()
        .take_while(|d| base.get(&d.id).is_none())
        .find(|d| d.kind == was.kind)
        .map(|d| d.id.clone())
}

#[cfg(test)]
mod tests;
