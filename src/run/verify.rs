//! Verify (pure): whether a rendered post reads back as the entries l10n meant to write,
//! and which new translations are to blame when it does not.

use super::assemble::untranslated;
use super::render::Page;
use crate::diag::Failure;
use crate::document::tags::{Token, tokenize};
use crate::document::{Document, SegmentId};
use crate::state::SegmentState;

/// Whether the written post reads back as the entries l10n meant to write: the same
/// segments of the same kinds, each with as many paired tags and atoms as its source
/// (hand-written Markdown, `raw`, may change its own inline markup).
pub fn verified(source: &Document, entries: &[SegmentState], written: &Document) -> bool {
    let shape = |t: &str| {
        tokenize(t).iter().fold((0, 0), |(p, a), t| match t {
            Token::Open(_) => (p + 1, a),
            Token::Atom(_) => (p, a + 1),
            _ => (p, a),
        })
    };
    let w = written.segments();
    w.len() == entries.len()
        && entries.iter().zip(w).all(|(e, t)| {
            e.kind == t.kind
                && (e.raw
                    || source
                        .segment(&e.id)
                        .is_none_or(|s| shape(&s.text) == shape(&t.text)))
        })
}

/// The new translations (of `fresh`) that, each alone in an otherwise untranslated post,
/// change how the post reads back.
pub fn culprits(
    page: &Page<'_>,
    entries: &[SegmentState],
    fresh: &[SegmentId],
) -> Result<Vec<SegmentId>, Failure> {
    let mut out = Vec::new();
    for id in fresh {
        let Some(e) = entries.iter().find(|e| &e.id == id) else {
            continue;
        };
        let (_, written) = page.render(std::slice::from_ref(e))?;
        let identity: Vec<SegmentState> = page
            .source
            .segments()
            .iter()
            .map(|s| {
                if &s.id == id {
                    e.clone()
                } else {
                    untranslated(s)
                }
            })
            .collect();
        if !verified(page.source, &identity, &written) {
            out.push(id.clone());
        }
    }
    Ok(out)
}
