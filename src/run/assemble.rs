//! Assemble: one state entry per source segment from the plan and what came back: kept,
//! reused from memory, translated, or (with `--partial`) left as before.

use std::collections::HashMap;

use super::load::Loaded;
use super::plan::Planned;
use super::{Job, SegmentFailed};
use crate::backend::scheduler::Outcome;
use crate::diag::Failure;
use crate::document::{Document, Segment, SegmentId, normalize};
use crate::plan::Action;
use crate::state::{Previous, SegmentState, Status};

/// The entries of the post to write, and what the verify stage may blame.
pub struct Assembled {
    pub entries: Vec<SegmentState>,
    /// What each sent segment replaces.
    pub previous: HashMap<SegmentId, Option<SegmentState>>,
    /// Texts new in this run: only those can be blamed when the rendered post does not
    /// read back as its source.
    pub fresh: Vec<SegmentId>,
    pub failed: usize,
    /// Segments reused from memory.
    pub reused: usize,
}

impl Assembled {
    /// Puts back what `culprits` replaced (their previous English, or their source text),
    /// and stops blaming them.
    pub fn revert(&mut self, culprits: &[SegmentId], source: &Document) {
        for e in self.entries.iter_mut().filter(|e| culprits.contains(&e.id)) {
            let prev = self.previous.get(&e.id).cloned().flatten();
            *e = match (prev, source.segment(&e.id)) {
                (Some(p), _) => SegmentState {
                    id: e.id.clone(),
                    kind: e.kind,
                    ..p
                },
                (None, Some(seg)) => untranslated(seg),
                (None, None) => continue,
            };
        }
        self.fresh.retain(|id| !culprits.contains(id));
    }
}

impl Job<'_> {
    /// The entries for `loaded` from `outcome`; `None` when a segment failed and the run is
    /// not `--partial` (the failures are reported, nothing is written).
    pub(super) fn assemble(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        outcome: &Outcome,
    ) -> Option<Assembled> {
        let segments = loaded.source.segments();
        let previous: HashMap<SegmentId, Option<SegmentState>> = segments
            .iter()
            .zip(&planned.plan.actions)
            .filter_map(|(s, a)| match a {
                Action::Send { previous } => Some((s.id.clone(), previous.clone())),
                _ => None,
            })
            .collect();
        let fresh = segments
            .iter()
            .filter(|s| previous.contains_key(&s.id) && outcome.translations.contains_key(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let mut out = Assembled {
            entries: Vec::with_capacity(segments.len()),
            previous,
            fresh,
            failed: 0,
            reused: 0,
        };
        for (seg, action) in segments.iter().zip(&planned.plan.actions) {
            let entry = match action {
                Action::Keep(e) => Some(e.clone()),
                Action::Reuse(m) => {
                    out.reused += 1;
                    Some(SegmentState {
                        id: seg.id.clone(),
                        kind: seg.kind,
                        state: m.status,
                        origin: m.origin.clone(),
                        source: seg.text.clone(),
                        target: m.target.clone(),
                        raw: m.raw,
                        target_hash: String::new(),
                        terms: self.setup.terms(&seg.text),
                        previous: None,
                    })
                }
                Action::Send { previous } => {
                    let first_id = &segments[planned.first_of[&normalize(&seg.text)]].id;
                    let entry = self.sent(seg, first_id, previous, outcome);
                    if entry.is_none() {
                        out.failed += 1;
                    }
                    entry.or_else(|| self.opts.partial.then(|| as_before(seg, previous)))
                }
            };
            out.entries.extend(entry);
        }
        self.report_failures(loaded, outcome);
        if out.failed > 0 {
            let mut totals = super::lock(self.totals);
            totals.failed += out.failed;
            totals
                .failed_posts
                .insert((self.setup.target_lang.clone(), loaded.source_rel.clone()));
            drop(totals);
            if !self.opts.partial {
                // Nothing is written, so check cannot show these: say them now.
                for (id, problems) in &outcome.flagged {
                    for reason in problems {
                        self.segment_failed(loaded, id, reason.clone());
                    }
                }
                return None;
            }
        }
        Some(out)
    }

    /// The entry for a sent segment from its reply (shared with the first segment of the
    /// same text); `None` when it failed.
    fn sent(
        &self,
        seg: &Segment,
        first_id: &SegmentId,
        previous: &Option<SegmentState>,
        outcome: &Outcome,
    ) -> Option<SegmentState> {
        let translator = self.scheduler.translator;
        let (origin, status) = outcome
            .origins
            .get(first_id)
            .cloned()
            .unwrap_or_else(|| (translator.origin(), translator.status()));
        outcome.translations.get(first_id).map(|t| SegmentState {
            id: seg.id.clone(),
            kind: seg.kind,
            state: if outcome.flagged.contains_key(first_id) {
                Status::Flagged
            } else {
                status
            },
            origin,
            source: seg.text.clone(),
            target: t.clone(),
            raw: false,
            target_hash: String::new(),
            terms: self.setup.terms(&seg.text),
            previous: previous.as_ref().map(Previous::from),
        })
    }

    /// Each segment failure the scheduler reported, by file and line.
    fn report_failures(&self, loaded: &Loaded, outcome: &Outcome) {
        for (id, reason) in &outcome.failures {
            self.segment_failed(loaded, id, reason.clone());
        }
    }

    /// Reports segment `id` of `loaded` as failed for `reason`.
    pub(super) fn segment_failed(
        &self,
        loaded: &Loaded,
        id: &SegmentId,
        reason: crate::diag::Detail,
    ) {
        let line = loaded.source.segment(id).map_or(0, |s| s.line);
        self.events.error(&Failure::from(SegmentFailed {
            path: loaded.source_name.clone(),
            line,
            reason,
        }));
    }
}

/// A failed segment under `--partial`: the old English stays in place, made from the old
/// source, so it is still stale for `check` and the next run.
fn as_before(seg: &Segment, previous: &Option<SegmentState>) -> SegmentState {
    match previous {
        Some(p) => SegmentState {
            id: seg.id.clone(),
            kind: seg.kind,
            ..p.clone()
        },
        None => untranslated(seg),
    }
}

/// A segment whose English is its source text, for `--partial` when nothing better exists.
pub(super) fn untranslated(seg: &Segment) -> SegmentState {
    SegmentState {
        id: seg.id.clone(),
        kind: seg.kind,
        state: Status::Untranslated,
        origin: String::new(),
        source: seg.text.clone(),
        target: seg.text.clone(),
        raw: false,
        target_hash: String::new(),
        terms: None,
        previous: None,
    }
}
