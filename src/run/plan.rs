//! Plan: what one post sends, keeps and reuses, and the context its requests carry. A
//! caller that sends later (a provider's batch job) plans every post first, then commits
//! each with what came back.

use std::collections::{HashMap, HashSet};

use super::Job;
use super::load::Loaded;
use crate::backend::scheduler::PostContext;
use crate::diag::Failure;
use crate::document::{SegmentId, normalize};
use crate::plan::{Action, Hold, PlanOptions, PostPlan};
use crate::state::Status;

/// One post's plan with the segments to send, each distinct text once.
pub struct Planned {
    pub plan: PostPlan,
    /// Index (into the source's segments) of the first segment of each text to send.
    pub unique: Vec<usize>,
    /// Each text to send (normalized) and the segment that carries it.
    pub first_of: HashMap<String, usize>,
    /// Segments flagged or left untranslated last time: they go alone.
    pub alone: HashSet<SegmentId>,
    pub context: PostContext,
}

impl Planned {
    /// The segments to send: id and text, each distinct text once.
    pub fn batch(&self, loaded: &Loaded) -> Vec<(SegmentId, String)> {
        let segments = loaded.source.segments();
        self.unique
            .iter()
            .map(|&i| (segments[i].id.clone(), segments[i].text.clone()))
            .collect()
    }
}

impl Job<'_> {
    /// Plans `loaded`; `None` when the post is held (reported as a warning).
    pub fn plan(&self, loaded: &Loaded) -> Result<Option<Planned>, Failure> {
        let translator = self.scheduler.translator;
        let opts = PlanOptions {
            force: self.opts.force,
            overwrite_edits: self.opts.overwrite_edits,
            placeholder: translator.status() == Status::Pseudo,
        };
        let memory = self.memory()?;
        let terms = |text: &str| self.terms(text);
        let plan = crate::plan::plan(
            &loaded.source,
            loaded.state.as_ref(),
            loaded.target.as_ref(),
            memory,
            &terms,
            opts,
        );
        if let Some(hold) = plan.hold {
            let id = match hold {
                Hold::Misaligned => "warn-held-misaligned",
                Hold::Untracked => "warn-held-untracked",
            };
            self.events.warn(
                id,
                &[
                    ("path", loaded.target_name.clone()),
                    ("line", plan.hold_line.to_string()),
                ],
            );
            super::lock(self.totals).held += 1;
            return Ok(None);
        }
        let segments = loaded.source.segments();
        // Identical texts in one post are sent once.
        let mut unique: Vec<usize> = Vec::new();
        let mut first_of: HashMap<String, usize> = HashMap::new();
        for (i, a) in plan.actions.iter().enumerate() {
            if matches!(a, Action::Send { .. }) {
                first_of
                    .entry(normalize(&segments[i].text))
                    .or_insert_with(|| {
                        unique.push(i);
                        i
                    });
            }
        }
        let alone = plan
            .actions
            .iter()
            .zip(segments)
            .filter_map(|(a, s)| match a {
                Action::Send { previous: Some(p) }
                    if matches!(p.state, Status::Flagged | Status::Untranslated) =>
                {
                    Some(s.id.clone())
                }
                _ => None,
            })
            .collect();
        let examples = self.examples.get_or_init(|| {
            super::setup::examples(
                (translator.examples() > 0).then_some(memory),
                &self.glossary,
            )
        });
        let context = super::setup::post_context(
            self.site,
            &self.target_lang,
            &loaded.source,
            &self.glossary,
            examples,
        );
        Ok(Some(Planned {
            plan,
            unique,
            first_of,
            alone,
            context,
        }))
    }
}
