//! Send: a planned post's segments through the scheduler, each reply validated before it
//! is kept; or, in a dry run, what would be sent.

use std::collections::HashMap;

use super::Job;
use super::load::Loaded;
use super::plan::Planned;
use crate::backend::scheduler::{Cost, Outcome};
use crate::diag::{Detail, Failure};
use crate::document::Segment;
use crate::state::Status;

impl Job<'_> {
    /// Sends `planned`'s segments and counts what was paid for and what was reused.
    pub async fn send(&self, loaded: &Loaded, planned: &Planned) -> Outcome {
        let segments = loaded.source.segments();
        let pseudo = self.scheduler.translator.status() == Status::Pseudo;
        let by_text: HashMap<&str, &Segment> =
            segments.iter().map(|s| (s.text.as_str(), s)).collect();
        let qa = self.qa();
        let validate = |source: &str, translation: &str| match by_text.get(source) {
            Some(seg) => validate_reply(&qa, seg, translation, pseudo),
            None => Ok(Vec::new()),
        };
        let outcome = self
            .scheduler
            .translate(
                &planned.context,
                planned.batch(loaded),
                &planned.alone,
                &validate,
            )
            .await;
        let mut t = super::lock(self.totals);
        t.sent += outcome.paid.len();
        t.reused += outcome.translations.len() - outcome.paid.len();
        outcome
    }

    /// A dry run's line for `planned`: the segments and characters it would send, and
    /// their cost.
    pub(super) fn preview(&self, loaded: &Loaded, planned: &Planned) -> Result<(), Failure> {
        if planned.unique.is_empty() && loaded.target_bytes.is_some() {
            return Ok(());
        }
        let segments = loaded.source.segments();
        let chars: usize = planned
            .unique
            .iter()
            .map(|&i| segments[i].text.chars().count())
            .sum();
        let mut cost = Cost::default();
        for req in self
            .scheduler
            .preview(&planned.context, planned.batch(loaded))
        {
            cost.add(Cost::of(self.scheduler.translator, &req));
        }
        self.events.out(
            "translate-dry-post",
            &[
                ("source", loaded.source_name.clone()),
                ("target", loaded.target_name.clone()),
                ("segments", planned.unique.len().to_string()),
                ("chars", chars.to_string()),
            ],
        )?;
        let mut t = super::lock(self.totals);
        t.dry_posts += 1;
        t.dry_segments += planned.unique.len();
        t.dry_chars += chars;
        t.dry_cost.add(cost);
        Ok(())
    }
}

/// Today's validation of a reply for `seg`: `Err` when it cannot be written, else its
/// error-level QA problems (none for placeholders).
pub(super) fn validate_reply(
    qa: &crate::qa::Context<'_>,
    seg: &Segment,
    translation: &str,
    pseudo: bool,
) -> Result<Vec<Detail>, Detail> {
    if let Some(p) = crate::document::reply_problem(translation, &seg.text, seg.kind) {
        return Err(p);
    }
    Ok(if pseudo {
        Vec::new()
    } else {
        crate::qa::reply_problems(qa, seg, translation)
    })
}
