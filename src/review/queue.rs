//! The review queue: the segments of the posts that need a decision (or all of them), and
//! the blocks of the posts held because their English no longer lines up with the state.
//! The same queue feeds the terminal UI, `l10n diff` and `review --accept`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use unic_langid::LanguageIdentifier;

use super::baseline::{differences, rebaseline};
use super::{Item, Markup};
use crate::diag::Failure;
use crate::document::{Document, SegmentId, SegmentKind};
use crate::glossary::{Glossary, TermIndex};
use crate::plan::{Action as PlanAction, Memory, Observed, PlanOptions, line_up, plan};
use crate::site::Site;
use crate::state::{PostState, SegmentState, Status};

/// One English post and the Korean post it is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub source: PathBuf,
    pub target: PathBuf,
    pub lang: LanguageIdentifier,
}

impl Post {
    pub fn target_name(&self) -> String {
        self.target.display().to_string()
    }
}

/// The posts of `paths` (default: all) in every target language.
pub fn posts(site: &Site, paths: &[PathBuf]) -> Result<Vec<Post>, Failure> {
    let mut out = Vec::new();
    for lang in site.langs(None)? {
        for source in site.sources(paths)? {
            let target = site.config.target_path(&source, &lang);
            out.push(Post {
                source,
                target,
                lang: lang.clone(),
            });
        }
    }
    Ok(out)
}

/// A post with its state, both files read and parsed, the English lined up with the state.
pub struct Loaded {
    pub state: PostState,
    pub source_bytes: Vec<u8>,
    pub source: Document,
    /// The English post's bytes as read: a commit is refused if they changed meanwhile.
    pub target_bytes: Vec<u8>,
    pub target: Document,
    pub observed: Observed,
}

/// `None` when the post has no state or a file is missing: nothing to review.
pub fn load(site: &Site, post: &Post) -> Result<Option<Loaded>, Failure> {
    let (Some(state), Some(source_bytes), Some(tb)) = (
        site.store.load(&post.lang.to_string(), &post.source)?,
        site.read(&post.source)?,
        site.read(&post.target)?,
    ) else {
        return Ok(None);
    };
    let source = site.parse(&post.source, &source_bytes)?;
    let target = site.parse(&post.target, &tb)?;
    let observed = line_up(&state, &target);
    Ok(Some(Loaded {
        state,
        source_bytes,
        source,
        target_bytes: tb,
        target,
        observed,
    }))
}

/// The review queue, and the English posts held because they no longer line up.
#[derive(Debug, Default)]
pub struct Queue {
    pub items: Vec<Item>,
    /// The English posts (by path) held: their items are blocks, not segments.
    pub held: HashSet<String>,
}

impl Queue {
    /// Where the queue opens: the first item with the most urgent need (a stale edit, then
    /// stale text, then findings…), else the first.
    pub fn most_urgent(&self) -> usize {
        self.items
            .iter()
            .enumerate()
            .min_by_key(|(i, item)| (item.need(), *i))
            .map_or(0, |(i, _)| i)
    }
}

/// Builds the queue over the posts: segments that need a decision (or all), and the blocks
/// of held posts.
pub fn queue(site: &Site, posts: &[Post], all: bool) -> Result<Queue, Failure> {
    let glossary: Glossary = site.glossary()?;
    let mut out = Queue::default();
    for lang in site.langs(None)? {
        let setup = crate::run::setup::Setup::new(site, &glossary, &lang);
        let qa_ctx = setup.qa(site);
        for post in posts.iter().filter(|p| p.lang == lang) {
            let Some(l) = load(site, post)? else {
                continue;
            };
            if l.observed.conflict.is_none() {
                out.items
                    .extend(segment_items(post, &l, &setup.index, &qa_ctx, all));
            } else {
                out.held.insert(post.target_name());
                out.items.extend(held_items(post, &l));
            }
        }
    }
    Ok(out)
}

/// The segments of a post that lines up with its state (English-only blocks aside).
fn segment_items(
    post: &Post,
    l: &Loaded,
    index: &TermIndex,
    qa_ctx: &crate::qa::Context<'_>,
    all: bool,
) -> Vec<Item> {
    let (source, target) = (&l.source, &l.target);
    let entries = &l.observed.entries;
    let terms = |t: &str| crate::state::terms_hash(&index.pairs_for(t));
    let p = plan(
        source,
        Some(&l.state),
        Some(target),
        &Memory::default(),
        &terms,
        PlanOptions::default(),
    );
    let mut items = Vec::new();
    for ((seg, action), i) in source.segments().iter().zip(&p.actions).zip(&p.continues) {
        let (Some(i), Some(e)) = (*i, i.and_then(|i| entries.get(i))) else {
            continue;
        };
        let (status, before) = match action {
            PlanAction::Keep(k) => (k.state, (k.source != seg.text).then(|| k.source.clone())),
            PlanAction::Send {
                previous: Some(prev),
            } => (e.state, Some(prev.source.clone())),
            _ => continue,
        };
        let Some(t) = l.observed.target(target, i) else {
            continue;
        };
        let raw = (
            &source.source()[seg.range.clone()],
            &target.source()[t.range.clone()],
        );
        let problems = crate::qa::check_segment(qa_ctx, seg, &t.text, Some(raw), status);
        let findings =
            crate::qa::findings(qa_ctx, &post.target_name(), t.line, Some(seg), problems);
        let item = Item {
            source_path: post.source.display().to_string(),
            target_path: post.target_name(),
            lang: post.lang.to_string(),
            index: i,
            id: seg.id.clone(),
            line: t.line,
            kind: seg.kind,
            status,
            source: seg.text.clone(),
            source_before: before,
            source_previous: e
                .previous
                .as_ref()
                .filter(|p| p.source != seg.text)
                .map(|p| p.source.clone()),
            target: t.text.clone(),
            target_before: e
                .previous
                .as_ref()
                .filter(|p| !p.raw && !e.raw)
                .map(|p| p.target.clone()),
            findings,
            terms: index
                .pairs_for(&seg.text)
                .into_iter()
                .map(|(s, t)| format!("{s} → {t}"))
                .collect(),
            source_markup: Markup::new(source.tag_markup(seg)),
            target_markup: Markup::new(target.tag_markup(t)),
        };
        if all || item.needs_decision() {
            items.push(item);
        }
    }
    items
}

/// One item per place where a held post's English and its state part ways: the Korean the
/// state recorded there, the English it recorded (old) against the English now (new).
fn held_items(post: &Post, l: &Loaded) -> Vec<Item> {
    let t = l.target.segments();
    let korean_line = |e: &SegmentState| l.source.segment(&e.id).map(|s| s.line);
    // What taking the English as the baseline would pair each English segment with.
    let baseline = PostState {
        segments: rebaseline(&l.state, &l.source, &l.target).segments,
        ..l.state.clone()
    };
    let paired: HashMap<usize, &SegmentId> = baseline
        .segments
        .iter()
        .zip(line_up(&baseline, &l.target).target_index)
        .filter_map(|(e, j)| Some((j?, &e.id)))
        .collect();
    differences(&l.state, &l.target)
        .into_iter()
        .map(|d| {
            let recorded = &l.state.segments[d.recorded.clone()];
            let english = &t[d.english.clone()];
            let line = t.get(d.english.start).or(t.last()).map_or(1, |s| s.line);
            // The Korean recorded here and the Korean the English here would stand for.
            let mut korean: Vec<(Option<usize>, &str)> = recorded
                .iter()
                .map(|e| {
                    l.source
                        .segment(&e.id)
                        .map_or((None, e.source.as_str()), |s| {
                            (Some(s.line), s.text.as_str())
                        })
                })
                .collect();
            for id in d.english.clone().filter_map(|j| paired.get(&j)) {
                if let Some(s) = l.source.segment(id)
                    && !korean.contains(&(Some(s.line), s.text.as_str()))
                {
                    korean.push((Some(s.line), s.text.as_str()));
                }
            }
            // Else the Korean of the block before.
            let source_line = korean
                .iter()
                .find_map(|k| k.0)
                .or_else(|| {
                    l.state.segments[..d.recorded.start]
                        .iter()
                        .rev()
                        .find_map(korean_line)
                })
                .unwrap_or(1);
            let what = match (d.english.is_empty(), d.recorded.is_empty()) {
                (true, _) => "removed",
                (_, true) => "added",
                _ => "changed",
            };
            let join = |texts: Vec<&str>| texts.join("\n\n");
            Item {
                source_path: post.source.display().to_string(),
                target_path: post.target_name(),
                lang: post.lang.to_string(),
                index: d.english.start,
                id: recorded
                    .first()
                    .map_or(SegmentId(String::new()), |e| e.id.clone()),
                line,
                kind: english
                    .first()
                    .map(|s| s.kind)
                    .or(recorded.first().map(|e| e.kind))
                    .unwrap_or(SegmentKind::Paragraph),
                status: recorded.first().map_or(Status::Edited, |e| e.state),
                source: join(korean.iter().map(|k| k.1).collect()),
                source_before: None,
                source_previous: None,
                target: join(english.iter().map(|s| s.text.as_str()).collect()),
                // What l10n wrote, unless the state left it to the post and a person
                // changed it there since.
                target_before: recorded
                    .iter()
                    .all(|e| e.has_english())
                    .then(|| join(recorded.iter().map(|e| e.target.as_str()).collect())),
                findings: vec![crate::finding::Finding {
                    file: post.target_name(),
                    line,
                    segment: None,
                    code: "needs-review",
                    severity: crate::finding::Severity::Error,
                    message: "review-held",
                    detail: None,
                    args: vec![
                        ("what", what.to_owned()),
                        ("target", post.target_name()),
                        ("target_line", line.to_string()),
                        ("source", post.source.display().to_string()),
                        ("source_line", source_line.to_string()),
                    ],
                }],
                terms: Vec::new(),
                source_markup: Markup::default(),
                target_markup: Markup::default(),
            }
        })
        .collect()
}

/// The post an item belongs to.
pub fn post_of(site: &Site, item: &Item) -> Result<Post, Failure> {
    Ok(Post {
        source: PathBuf::from(&item.source_path),
        target: PathBuf::from(&item.target_path),
        lang: site.langs(Some(&item.lang))?.remove(0),
    })
}

/// The Korean and the English Markdown of an item's segment as the posts hold them now;
/// `None` when the post or the segment is gone.
pub fn markdown(site: &Site, item: &Item) -> Result<Option<(String, String)>, Failure> {
    let post = post_of(site, item)?;
    Ok(load(site, &post)?.and_then(|l| {
        let t = l.observed.target(&l.target, item.index)?;
        let korean = l
            .source
            .segment(&item.id)
            .map_or("", |s| &l.source.source()[s.range.clone()]);
        Some((
            korean.to_owned(),
            l.target.source()[t.range.clone()].to_owned(),
        ))
    }))
}
