//! The one validation of a backend's reply for a segment, before anything keeps it (the
//! cache, the state, the post): first what makes it unwritable, then its QA problems.

use super::{Context, Level, check_segment};
use crate::diag::Detail;
use crate::document::Segment;
use crate::document::tags::{check_tags, strip_tags};
use crate::state::Status;

/// `Err` when `translation` cannot be written for `seg` (other tags, a link the source
/// does not have, control characters, no words, markup in a front-matter value), else its
/// error-level QA problems: both get one corrective retry. Placeholders are not checked
/// for QA problems.
pub fn validate(
    ctx: &Context<'_>,
    seg: &Segment,
    translation: &str,
    pseudo: bool,
) -> Result<Vec<Detail>, Detail> {
    check_tags(&seg.text, translation).map_err(|(tag, p)| {
        Detail::new(
            "qa-tag",
            vec![("tag", tag), ("problem", p.code().to_owned())],
        )
    })?;
    no_new_links(&seg.text, translation)
        .map_err(|u| Detail::new("qa-url-added", vec![("url", u)]))?;
    if let Some(p) = crate::document::reply_problem(translation, &seg.text, seg.kind) {
        return Err(p);
    }
    if pseudo {
        return Ok(Vec::new());
    }
    Ok(check_segment(ctx, seg, translation, None, Status::Machine)
        .into_iter()
        .filter(|p| !p.warning_only && ctx.config.level(p.check) == Level::Error)
        .map(|p| Detail::new(p.id, p.args))
        .collect())
}

/// A reply must not add a link: every URL of a source is inside a tag, so a URL in the
/// words of a reply was put there by the model (or by text injected into a source).
fn no_new_links(source: &str, translation: &str) -> Result<(), String> {
    let src = strip_tags(source);
    let dst = strip_tags(translation);
    let found = super::urls_in(&dst).into_iter().find(|u| !src.contains(u));
    found.map_or(Ok(()), |u| Err(u.to_owned()))
}
