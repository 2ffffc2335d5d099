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
        let pseudo = self.scheduler.translator.status() == Status::Pseudo;
        let qa = self.setup.qa(self.site);
        let validate = validator(&qa, loaded.source.segments(), pseudo, &loaded.source_name);
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
        self.events.out(&super::Event::DryPost {
            source: loaded.source_name.clone(),
            target: loaded.target_name.clone(),
            segments: planned.unique.len(),
            chars,
        })?;
        let mut t = super::lock(self.totals);
        t.dry_posts += 1;
        t.dry_segments += planned.unique.len();
        t.dry_chars += chars;
        t.dry_cost.add(cost);
        Ok(())
    }
}

/// The scheduler's validation of replies for `segments`: a text it was not asked about
/// cannot be validated, so it fails.
pub(super) fn validator<'a>(
    qa: &'a crate::qa::Context<'a>,
    segments: impl IntoIterator<Item = &'a Segment>,
    pseudo: bool,
    path: &'a str,
) -> impl Fn(&str, &str) -> Result<Vec<Detail>, Detail> + Send + Sync + 'a {
    let by_text: HashMap<&str, &Segment> =
        segments.into_iter().map(|s| (s.text.as_str(), s)).collect();
    move |source: &str, translation: &str| match by_text.get(source) {
        Some(seg) => crate::qa::reply::validate(qa, seg, translation, pseudo),
        None => Err(Detail::new(
            "detail-segment-gone",
            vec![
                ("segment", source.chars().take(40).collect()),
                ("path", path.to_owned()),
            ],
        )),
    }
}
