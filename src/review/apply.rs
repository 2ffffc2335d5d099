//! Decisions and re-baselines written to a post: the English post and its state together,
//! under the run lock, refused when the post changed since it was read (someone saved it
//! meanwhile: their version wins).

use std::collections::HashSet;

use super::baseline::rebaseline;
use super::decide::{Decision, Refusal, decide};
use super::queue::{Loaded, Post, load};
use crate::diag::Failure;
use crate::document::{Document, SegmentId};
use crate::plan::line_up;
use crate::site::Site;
use crate::state::{PostState, SegmentState, Status, file_hash};

/// A decision or a re-baseline that could not be written; the Fluent id says why.
#[derive(Debug)]
struct NotApplied {
    path: String,
    why: &'static str,
}

impl crate::diag::Diagnostic for NotApplied {
    fn id(&self) -> &'static str {
        self.why
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
}

/// A held post where a segment decision was asked for.
#[derive(Debug)]
pub struct Held {
    path: String,
    line: usize,
    source: String,
}

impl Held {
    pub fn new(post: &Post, l: &Loaded) -> Held {
        Held {
            path: post.target_name(),
            line: l.observed.conflict.unwrap_or(1),
            source: post.source.display().to_string(),
        }
    }
}

impl crate::diag::Diagnostic for Held {
    fn id(&self) -> &'static str {
        "err-review-held"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("line", self.line.to_string()),
            ("source", self.source.clone()),
        ]
    }
}

/// `u` on a segment with no earlier translation recorded.
#[derive(Debug)]
struct NothingToRevert;

impl crate::diag::Diagnostic for NothingToRevert {
    fn id(&self) -> &'static str {
        "review-nothing-to-revert"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![]
    }
}

/// Placeholder (pseudo) text asked to be approved: nothing to approve until it is
/// translated (by a real backend, or by a person with `e`).
#[derive(Debug)]
pub struct Placeholder {
    pub path: String,
    pub line: usize,
    pub source: String,
}

impl crate::diag::Diagnostic for Placeholder {
    fn id(&self) -> &'static str {
        "err-review-placeholder"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("line", self.line.to_string()),
            ("source", self.source.clone()),
        ]
    }
}

/// What a decision left in the post for one segment.
pub struct Applied {
    /// The segment's text in the English post now.
    pub text: String,
    pub entry: SegmentState,
}

/// Writes decisions on segments of one post (by state entry and id of the Korean segment),
/// the English post and its state together, under the run lock.
pub fn apply(
    site: &Site,
    post: &Post,
    decisions: Vec<(usize, SegmentId, Decision)>,
) -> Result<Vec<Applied>, Failure> {
    let target_name = post.target_name();
    let fail = |why| NotApplied {
        path: target_name.clone(),
        why,
    };
    let _lock = site.store.lock(|| {})?;
    let l = load(site, post)?.ok_or_else(|| fail("err-review-gone"))?;
    if l.observed.conflict.is_some() {
        return Err(Held::new(post, &l).into());
    }
    let source_name = post.source.display().to_string();
    let mut entries = l.observed.entries.clone();
    let mut splices = Vec::new();
    let mut decided = Vec::new();
    for (index, id, decision) in decisions {
        let (Some(seg), Some(t), Some(entry)) = (
            l.source.segment(&id),
            l.observed.target(&l.target, index),
            entries.get(index),
        ) else {
            return Err(fail("err-review-changed").into());
        };
        let markdown = &l.target.source()[t.range.clone()];
        let render = |text: &str| -> Result<String, Failure> {
            l.source
                .render_one(&source_name, &seg.id, text)?
                .ok_or_else(|| fail("err-review-changed").into())
        };
        let d = decide(entry, markdown, seg, decision, &render).map_err(|r| match r {
            Refusal::NothingToRevert => NothingToRevert.into(),
            Refusal::Placeholder => Placeholder {
                path: target_name.clone(),
                line: t.line,
                source: source_name.clone(),
            }
            .into(),
            Refusal::Render(f) => f,
        })?;
        if let Some(md) = d.markdown {
            splices.push((t.range.clone(), md));
        }
        entries[index] = d.entry;
        decided.push(index);
    }
    let mut out = l.target.source().to_owned();
    splices.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (r, md) in splices {
        out.replace_range(r, &md);
    }
    let changed = out != l.target.source();
    let written = Document::parse_str(&target_name, out, &site.config.parse_options())?;
    // Text changed inside segments only: the English segments stand where they stood.
    let same_blocks = written.segments().len() == l.target.segments().len()
        && written
            .segments()
            .iter()
            .zip(l.target.segments())
            .all(|(a, b)| a.kind == b.kind);
    if !same_blocks {
        return Err(fail("err-review-structure").into());
    }
    let state = PostState {
        segments: entries,
        ..l.state
    };
    let record = Record {
        source: &l.source,
        source_bytes: &l.source_bytes,
        read: &l.target_bytes,
        written: &written,
        target_index: &l.observed.target_index,
        write_target: changed,
    };
    let state = commit(site, post, state, &record)?;
    Ok(decided
        .into_iter()
        .filter_map(|i| {
            Some(Applied {
                text: l.observed.target(&written, i)?.text.clone(),
                entry: state.segments.get(i)?.clone(),
            })
        })
        .collect())
}

/// What a state is recorded against.
struct Record<'a> {
    source: &'a Document,
    source_bytes: &'a [u8],
    /// The English post as this decision read it.
    read: &'a [u8],
    /// The English post as it will stand.
    written: &'a Document,
    /// For each state entry, its segment in `written`.
    target_index: &'a [Option<usize>],
    /// The post's bytes changed and must be written.
    write_target: bool,
}

/// Records `state` for the English post (hashes, counts) and commits both.
fn commit(
    site: &Site,
    post: &Post,
    mut state: PostState,
    r: &Record<'_>,
) -> Result<PostState, Failure> {
    let t = r.written.segments();
    for (e, j) in state.segments.iter_mut().zip(r.target_index) {
        if let Some(seg) = j.and_then(|j| t.get(j)) {
            e.written_as(&seg.text);
        }
    }
    if line_up(&state, r.written).conflict.is_some() {
        return Err(NotApplied {
            path: post.target_name(),
            why: "err-review-structure",
        }
        .into());
    }
    let out = r.written.source().as_bytes();
    state.target_hash = file_hash(out);
    // "Translated from this source" only when every Korean segment has its English and no
    // entry stands for Korean that is gone; otherwise check and translate must look.
    let korean: HashSet<&SegmentId> = r.source.segments().iter().map(|s| &s.id).collect();
    let recorded: HashSet<&SegmentId> = state.segments.iter().map(|e| &e.id).collect();
    state.source_hash = if korean == recorded {
        file_hash(r.source_bytes)
    } else {
        String::new()
    };
    // What people decided is checked again by the next check.
    state.qa = String::new();
    state.qa_findings = 0;
    state.recount();
    let written = crate::run::commit::write_post(
        site,
        &post.target,
        Some(r.read),
        Some(&state),
        r.write_target.then_some(out),
    )?;
    if !written {
        return Err(NotApplied {
            path: post.target_name(),
            why: "err-review-changed",
        }
        .into());
    }
    Ok(state)
}

/// What taking the English post as its new baseline recorded.
pub struct Baseline {
    pub segments: usize,
    pub edited: usize,
    pub untranslated: usize,
}

impl Baseline {
    /// What taking the baseline of the English post `path` did, for the reviewer.
    pub fn message(&self, msgs: &crate::i18n::Messages, path: &str) -> String {
        msgs.format(
            "review-rebaselined",
            &[
                ("path", path.to_owned()),
                ("segments", self.segments.to_string()),
                ("edited", self.edited.to_string()),
                ("untranslated", self.untranslated.to_string()),
            ],
        )
    }
}

/// Re-records a held post's state from its English post as it stands; `None` when the post
/// is not held.
pub fn take_baseline(site: &Site, post: &Post) -> Result<Option<Baseline>, Failure> {
    let _lock = site.store.lock(|| {})?;
    let l = load(site, post)?.ok_or_else(|| NotApplied {
        path: post.target_name(),
        why: "err-review-gone",
    })?;
    if l.observed.conflict.is_none() {
        return Ok(None);
    }
    let b = rebaseline(&l.state, &l.source, &l.target);
    let mut state = PostState {
        segments: b.segments,
        ..l.state.clone()
    };
    state.removed.extend(b.removed);
    let target_index = line_up(&state, &l.target).target_index;
    let record = Record {
        source: &l.source,
        source_bytes: &l.source_bytes,
        read: &l.target_bytes,
        written: &l.target,
        target_index: &target_index,
        write_target: false,
    };
    let state = commit(site, post, state, &record)?;
    let recorded: HashSet<&SegmentId> = state.segments.iter().map(|e| &e.id).collect();
    Ok(Some(Baseline {
        segments: state.segments.len(),
        edited: state
            .segments
            .iter()
            .filter(|e| e.state == Status::Edited)
            .count(),
        untranslated: l
            .source
            .segments()
            .iter()
            .filter(|s| !recorded.contains(&s.id))
            .count(),
    }))
}
