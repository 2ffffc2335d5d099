//! `l10n review --rebaseline PATH…` and `--accept PATH[:LINE]…`: decisions without a
//! terminal, for scripts and CI. Every PATH and LINE is resolved before anything is written.

use std::process::ExitCode;

use super::ReviewArgs;
use crate::cli::site::Site;
use crate::cli::{Ctx, Failure};
use crate::review::accept::{choose, posts_named};
use crate::review::apply::{apply, take_baseline};
use crate::review::decide::Decision;

pub fn run(site: &Site, ctx: &Ctx, args: &ReviewArgs) -> Result<ExitCode, Failure> {
    for path in &args.rebaseline {
        for post in posts_named(site, path)?.0 {
            let line = match take_baseline(site, &post)? {
                Some(b) => b.message(ctx.msgs, &post.target_name()),
                None => ctx
                    .msgs
                    .format("review-not-held", &[("path", post.target_name())]),
            };
            ctx.out_line(line)?;
        }
    }
    if args.accept.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut accepted = 0;
    let mut touched = 0;
    for chosen in choose(site, &args.accept)? {
        let (post, items) = (&chosen.post, &chosen.items);
        if !chosen.placeholders.is_empty() {
            ctx.note(
                "review-placeholders-left",
                &[
                    ("path", post.target_name()),
                    ("count", chosen.placeholders.len().to_string()),
                    ("source", post.source.display().to_string()),
                ],
            );
        }
        if items.is_empty() {
            if chosen.placeholders.is_empty() {
                ctx.note("review-nothing-to-accept", &[("path", post.target_name())]);
            }
            continue;
        }
        let decisions = items
            .iter()
            .map(|i| (i.index, i.id.clone(), Decision::Accept))
            .collect();
        let applied = apply(site, post, decisions)?;
        touched += 1;
        for (item, a) in items.iter().zip(&applied) {
            accepted += 1;
            ctx.out_line(ctx.msgs.format(
                "review-accepted-line",
                &[
                    ("path", post.target_name()),
                    ("line", item.line.to_string()),
                    ("from", item.status.as_str().to_owned()),
                    ("to", a.entry.state.as_str().to_owned()),
                ],
            ))?;
        }
    }
    ctx.out_line(ctx.msgs.format(
        "review-accept-summary",
        &[
            ("segments", accepted.to_string()),
            ("posts", touched.to_string()),
        ],
    ))?;
    Ok(ExitCode::SUCCESS)
}
