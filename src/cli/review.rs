//! `l10n review [PATHS...] [--all]` (interactive) and `l10n diff [PATHS...]` (a report).
//! Both build the same queue; every decision in review is written at once, target and state
//! together, so quitting or a crash loses nothing already decided.

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use unic_langid::LanguageIdentifier;

use super::site::Site;
use super::{Ctx, Failure, IoError, print};
use crate::document::{Document, SegmentId, SegmentKind};
use crate::glossary::{Glossary, TermIndex};
use crate::plan::{Action as PlanAction, Memory, Observed, PlanOptions, line_up, plan};
use crate::review::baseline::{differences, rebaseline};
use crate::review::decide::{Decision, Refusal, Retranslation, decide};
use crate::review::tui::{Action, App};
use crate::review::{Item, Markup, render};
use crate::state::{PostState, SegmentState, Status, file_hash, text_hash};

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Source posts (default: all).
    paths: Vec<PathBuf>,
    /// Every segment, not only those needing a decision.
    #[arg(long)]
    all: bool,
    /// Backend for retranslation (default: as translate).
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Without the terminal UI: mark reviewed (a stale edit: accepted for the Korean now)
    /// the segment on LINE of PATH, a source or English post, or without LINE every
    /// segment of it that needs a decision.
    #[arg(long, value_name = "PATH[:LINE]", num_args = 1..)]
    accept: Vec<String>,
    /// Without the terminal UI: take a held English post as it stands as the new baseline
    /// of its state (PATH: its source or the English post).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    rebaseline: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Source posts (default: all).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Write here instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Every segment, not only those needing a decision.
    #[arg(long)]
    all: bool,
    /// Columns for side-by-side (default: COLUMNS, else the terminal's width, else 100).
    #[arg(long, value_name = "N")]
    width: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    SideBySide,
    Html,
}

/// Review with no terminal to draw on.
#[derive(Debug)]
struct NoTerminal;

impl crate::diag::Diagnostic for NoTerminal {
    fn id(&self) -> &'static str {
        "review-no-terminal"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![]
    }
}

/// One English post and the Korean post it is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Post {
    source: PathBuf,
    target: PathBuf,
    lang: LanguageIdentifier,
}

impl Post {
    fn target_name(&self) -> String {
        self.target.display().to_string()
    }
}

/// The posts of `paths` (default: all) in every target language.
fn posts(site: &Site, paths: &[PathBuf]) -> Result<Vec<Post>, Failure> {
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
struct Loaded {
    state: PostState,
    source_bytes: Vec<u8>,
    source: Document,
    /// The English post's bytes as read: a commit is refused if they changed meanwhile.
    target_bytes: Vec<u8>,
    target: Document,
    observed: Observed,
}

/// `None` when the post has no state or a file is missing: nothing to review.
fn load(site: &Site, post: &Post) -> Result<Option<Loaded>, Failure> {
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
#[derive(Default)]
struct Queue {
    items: Vec<Item>,
    held: HashSet<String>,
}

/// Builds the queue over the posts: segments that need a decision (or all), and the blocks
/// of held posts.
fn queue(site: &Site, posts: &[Post], all: bool) -> Result<Queue, Failure> {
    let glossary: Glossary = site.glossary()?;
    let mut out = Queue::default();
    for lang in site.langs(None)? {
        let index = TermIndex::new(
            &glossary,
            site.config.source_lang.language.as_str(),
            lang.language.as_str(),
            true,
        );
        let qa_ctx = crate::qa::Context {
            config: &site.config.qa,
            glossary: &index,
            source_lang: site.config.source_lang.language.as_str(),
            target_lang: lang.language.as_str(),
        };
        for post in posts.iter().filter(|p| p.lang == lang) {
            let Some(l) = load(site, post)? else {
                continue;
            };
            if l.observed.conflict.is_none() {
                out.items
                    .extend(segment_items(post, &l, &index, &qa_ctx, all));
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
                target: join(english.iter().map(|s| s.text.as_str()).collect()),
                target_before: Some(join(recorded.iter().map(|e| e.target.as_str()).collect())),
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

/// Side-by-side width: `--width`, else `COLUMNS`, else the terminal's, else 100.
fn columns(explicit: Option<usize>) -> usize {
    explicit
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| ratatui::crossterm::terminal::size().ok())
                .flatten()
                .map(|(w, _)| usize::from(w))
        })
        .filter(|w| *w > 0)
        .unwrap_or(100)
}

pub fn diff(ctx: &Ctx, args: DiffArgs) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    let items = queue(&site, &posts(&site, &args.paths)?, args.all)?.items;
    let out = match args.format {
        DiffFormat::Text => render::text(&items, ctx.msgs),
        DiffFormat::SideBySide => render::side_by_side(&items, columns(args.width), ctx.msgs),
        DiffFormat::Html => render::html(&items, ctx.msgs, ctx.msgs.lang().tag()),
    };
    match args.output {
        Some(p) => crate::atomic::write(&p, out.as_bytes()).map_err(|e| IoError::new(&p, &e))?,
        None => print(&out)?,
    }
    Ok(ExitCode::SUCCESS)
}

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
struct Held {
    path: String,
    line: usize,
    source: String,
}

impl Held {
    fn new(post: &Post, l: &Loaded) -> Held {
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

/// What a decision left in the post for one segment.
struct Applied {
    /// The segment's text in the English post now.
    text: String,
    entry: SegmentState,
}

/// Writes decisions on segments of one post (by state entry and id of the Korean segment),
/// the English post and its state together, under the run lock.
fn apply(
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
            e.target_hash = text_hash(&seg.text);
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
    // Someone may have saved the post since it was read: their version wins.
    if site.read(&post.target)?.as_deref() != Some(r.read) {
        return Err(NotApplied {
            path: post.target_name(),
            why: "err-review-changed",
        }
        .into());
    }
    let full = site.config.root.join(&post.target);
    site.store
        .commit(&state, r.write_target.then_some((full.as_path(), out)))?;
    Ok(state)
}

/// What taking the English post as its new baseline recorded.
struct Baseline {
    segments: usize,
    edited: usize,
    untranslated: usize,
}

/// Re-records a held post's state from its English post as it stands; `None` when the post
/// is not held.
fn take_baseline(site: &Site, post: &Post) -> Result<Option<Baseline>, Failure> {
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

/// Opens `$VISUAL`/`$EDITOR` on `text`; `None` when the editor failed.
fn edit_in_editor(text: &str) -> Result<Option<String>, Failure> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("l10n-review-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| IoError::new("<temp>", &e))?;
    std::fs::write(file.path(), text).map_err(|e| IoError::new(file.path(), &e))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status()
        .map_err(|e| IoError::new(program, &e))?;
    if !status.success() {
        return Ok(None);
    }
    let edited = std::fs::read_to_string(file.path()).map_err(|e| IoError::new(file.path(), &e))?;
    Ok(Some(edited))
}

/// A new translation of the item's Korean, as a run would ask for it (context, examples,
/// fallbacks, validation), with the glossary terms it was made with; `None` when every
/// backend failed (the warning says why). QA problems it still has are shown as warnings.
fn retranslate(
    site: &Site,
    ctx: &Ctx,
    name: Option<&str>,
    item: &Item,
) -> Result<Option<Retranslation>, Failure> {
    let again = crate::pipeline::translate_again(
        site,
        name,
        &item.lang,
        Path::new(&item.source_path),
        &item.id,
    )?;
    let problems = match &again {
        Ok(a) => a.problems.clone(),
        Err(why) => why.clone(),
    };
    for problem in problems {
        ctx.warn(
            "warn-segment-problem",
            &[
                ("path", item.source_path.clone()),
                ("line", item.line.to_string()),
                ("problem", ctx.msgs.detail(&problem)),
            ],
        );
    }
    Ok(again.ok().map(|a| Retranslation {
        text: a.text,
        origin: a.origin,
        terms: a.terms,
    }))
}

struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard, Failure> {
        enable_raw_mode().map_err(|e| IoError::new("<terminal>", &e))?;
        execute!(std::io::stdout(), EnterAlternateScreen)
            .map_err(|e| IoError::new("<terminal>", &e))?;
        Ok(TerminalGuard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), LeaveAlternateScreen);
        let _ = disable_raw_mode();
    }
}

/// The post an item belongs to.
fn post_of(site: &Site, item: &Item) -> Result<Post, Failure> {
    Ok(Post {
        source: PathBuf::from(&item.source_path),
        target: PathBuf::from(&item.target_path),
        lang: site.langs(Some(&item.lang))?.remove(0),
    })
}

/// Shows what a decision recorded on the item it was made on.
fn show(item: &mut Item, applied: &Applied) {
    let e = &applied.entry;
    item.target_before = Some(std::mem::replace(&mut item.target, applied.text.clone()));
    item.status = e.state;
    item.source_before = (e.source != item.source).then(|| e.source.clone());
}

/// A retranslation on screen, not yet accepted, and what the item showed before it.
struct Candidate {
    translation: Retranslation,
    target: String,
    target_before: Option<String>,
}

impl Candidate {
    /// Puts the item back as it was before the retranslation was shown.
    fn withdraw(self, item: &mut Item) {
        item.target = self.target;
        item.target_before = self.target_before;
    }
}

/// The TUI session: the queue, the retranslations on screen, and the held posts.
struct Session<'a> {
    site: &'a Site,
    ctx: &'a Ctx,
    app: App,
    candidates: HashMap<usize, Candidate>,
    held: HashSet<String>,
    backend: Option<String>,
    /// Raw mode and the alternate screen, left while the editor runs.
    guard: Option<TerminalGuard>,
}

impl Session<'_> {
    fn item(&mut self) -> Option<&mut Item> {
        self.app.items.get_mut(self.app.pos)
    }

    fn drop_candidate(&mut self) {
        if let Some(c) = self.candidates.remove(&self.app.pos)
            && let Some(it) = self.item()
        {
            c.withdraw(it);
        }
    }

    /// The item's Markdown through `$VISUAL`/`$EDITOR`; `None` when the editor failed.
    fn edit(&mut self, item: &Item) -> Result<Option<String>, Failure> {
        let post = post_of(self.site, item)?;
        let md = load(self.site, &post)?
            .and_then(|l| {
                let t = l.observed.target(&l.target, item.index)?;
                Some(l.target.source()[t.range.clone()].to_owned())
            })
            .unwrap_or_default();
        self.guard = None;
        let edited = edit_in_editor(&format!("{md}\n"));
        self.guard = Some(TerminalGuard::enter()?);
        edited
    }

    /// Applies one decision to the current item and shows its result.
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<(), Failure> {
        let post = post_of(self.site, item)?;
        let applied = apply(
            self.site,
            &post,
            vec![(item.index, item.id.clone(), decision)],
        )?;
        if let (Some(a), Some(it)) = (applied.first(), self.item()) {
            show(it, a);
        }
        Ok(())
    }

    /// Takes a held post's English as its baseline and puts its segments in the queue in
    /// place of its blocks.
    fn rebaseline(&mut self, item: &Item) -> Result<String, Failure> {
        let post = post_of(self.site, item)?;
        let msg = match take_baseline(self.site, &post)? {
            Some(b) => baseline_message(self.ctx, &post, &b),
            None => self
                .ctx
                .msgs
                .format("review-not-held", &[("path", post.target_name())]),
        };
        self.held.remove(&post.target_name());
        let fresh = queue(self.site, std::slice::from_ref(&post), false)?;
        self.held.extend(fresh.held);
        let items = &mut self.app.items;
        let at = items
            .iter()
            .position(|i| i.target_path == item.target_path)
            .unwrap_or(self.app.pos);
        items.retain(|i| i.target_path != item.target_path);
        let at = at.min(items.len());
        items.splice(at..at, fresh.items);
        self.candidates.clear();
        self.app.pos = at.min(items.len().saturating_sub(1));
        Ok(msg)
    }

    fn act(&mut self, action: Action, item: Item) -> Result<Option<String>, Failure> {
        let msgs = self.ctx.msgs;
        let held = self.held.contains(&item.target_path);
        match action {
            Action::Accept if held => self.rebaseline(&item).map(Some),
            Action::Retranslate if held => Ok(Some(msgs.format(
                "review-held-retranslate",
                &[("path", item.source_path.clone())],
            ))),
            Action::Edit | Action::Revert if held => Ok(Some(msgs.format("review-held-keys", &[]))),
            Action::Accept => {
                let decision = match self.candidates.remove(&self.app.pos) {
                    Some(c) => Decision::Retranslation(c.translation),
                    None => Decision::Accept,
                };
                self.decide(&item, decision)?;
                self.app.step(1);
                Ok(Some(msgs.format("review-accepted", &[])))
            }
            Action::Edit => {
                self.drop_candidate();
                let Some(new) = self.edit(&item)? else {
                    return Ok(None);
                };
                self.decide(&item, Decision::Edit(new))?;
                Ok(Some(msgs.format("review-edited", &[])))
            }
            Action::Revert => {
                // A retranslation on screen is withdrawn; the post never held it.
                if let Some(c) = self.candidates.remove(&self.app.pos) {
                    if let Some(it) = self.item() {
                        c.withdraw(it);
                    }
                    return Ok(Some(msgs.format("review-withdrawn", &[])));
                }
                self.decide(&item, Decision::Revert)?;
                Ok(Some(msgs.format("review-reverted", &[])))
            }
            Action::Retranslate => {
                self.drop_candidate();
                let backend = self.backend.clone();
                let Some(translation) =
                    retranslate(self.site, self.ctx, backend.as_deref(), &item)?
                else {
                    return Ok(None);
                };
                let text = translation.text.clone();
                if let Some(it) = self.item() {
                    let shown = Candidate {
                        translation,
                        target: it.target.clone(),
                        target_before: it.target_before.clone(),
                    };
                    it.target_before = Some(std::mem::replace(&mut it.target, text));
                    self.candidates.insert(self.app.pos, shown);
                }
                Ok(Some(msgs.format("review-retranslated", &[])))
            }
            Action::Next | Action::Skip => {
                self.drop_candidate();
                self.app.step(1);
                Ok(None)
            }
            Action::Prev => {
                self.app.step(-1);
                Ok(None)
            }
            Action::NextPost => {
                self.app.next_post();
                Ok(None)
            }
            Action::Filter => {
                self.app.cycle_filter();
                Ok(None)
            }
            Action::ScrollDown => {
                self.app.scroll = self.app.scroll.saturating_add(1);
                Ok(None)
            }
            Action::ScrollUp => {
                self.app.scroll = self.app.scroll.saturating_sub(1);
                Ok(None)
            }
            Action::Help => {
                self.app.help = !self.app.help;
                Ok(None)
            }
            Action::Quit | Action::Nothing => Ok(None),
        }
    }
}

pub fn review(ctx: &Ctx, args: ReviewArgs) -> Result<ExitCode, Failure> {
    if !args.accept.is_empty() || !args.rebaseline.is_empty() {
        let site = Site::open(ctx.config.as_deref())?;
        return unattended(&site, ctx, &args);
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(NoTerminal.into());
    }
    let site = Site::open(ctx.config.as_deref())?;
    let q = queue(&site, &posts(&site, &args.paths)?, args.all)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut s = Session {
        site: &site,
        ctx,
        app: App::new(q.items, ctx.msgs, color),
        candidates: HashMap::new(),
        held: q.held,
        backend: args.backend.clone(),
        guard: None,
    };
    s.guard = Some(TerminalGuard::enter()?);
    let mut terminal = new_terminal()?;
    loop {
        terminal
            .draw(|f| s.app.draw(f))
            .map_err(|e| IoError::new("<terminal>", &e))?;
        let ev = event::read().map_err(|e| IoError::new("<terminal>", &e))?;
        let code = match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => k.code,
            _ => continue,
        };
        let action = s.app.key(code);
        s.app.message = None;
        if action == Action::Quit {
            break;
        }
        let Some(item) = s.app.current().cloned() else {
            continue;
        };
        let result = s.act(action, item);
        if action == Action::Edit {
            // A fresh screen: the editor drew on it.
            terminal = new_terminal()?;
        }
        s.app.message = match result {
            Ok(m) => m,
            Err(f) => Some(ctx.msgs.diagnostic(f.0.as_ref())),
        };
    }
    drop(s.guard.take());
    Ok(ExitCode::SUCCESS)
}

/// A terminal on a cleared screen. (Terminal::clear would ask the terminal for the cursor
/// position, which not every terminal answers.)
fn new_terminal()
-> Result<ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>, Failure> {
    execute!(std::io::stdout(), Clear(ClearType::All))
        .map_err(|e| IoError::new("<terminal>", &e))?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
        .map_err(|e| IoError::new("<terminal>", &e).into())
}

/// A post on the command line that l10n does not translate.
#[derive(Debug)]
struct NotAPost {
    path: String,
}

impl crate::diag::Diagnostic for NotAPost {
    fn id(&self) -> &'static str {
        "err-review-not-a-post"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
}

/// `--accept PATH:LINE` where LINE is on no segment that has an English translation.
#[derive(Debug)]
struct NoSegmentAt {
    path: String,
    line: usize,
}

impl crate::diag::Diagnostic for NoSegmentAt {
    fn id(&self) -> &'static str {
        "err-review-no-segment"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone()), ("line", self.line.to_string())]
    }
}

/// `PATH[:LINE]`: a trailing `:digits` is a line.
fn split_line(spec: &str) -> (&str, Option<usize>) {
    match spec.rsplit_once(':') {
        Some((path, line)) if !path.is_empty() => match line.parse() {
            Ok(n) => (path, Some(n)),
            Err(_) => (spec, None),
        },
        _ => (spec, None),
    }
}

/// The posts a path names, and whether it names them by their source.
fn posts_named(site: &Site, path: &Path) -> Result<(Vec<Post>, bool), Failure> {
    let rel = site.config.relative(&site.cwd, path)?;
    if site.config.is_source(&rel) {
        return Ok((posts(site, &[path.to_path_buf()])?, true));
    }
    let named: Vec<Post> = posts(site, &[])?
        .into_iter()
        .filter(|p| p.target == rel)
        .collect();
    if named.is_empty() {
        return Err(NotAPost {
            path: path.display().to_string(),
        }
        .into());
    }
    Ok((named, false))
}

/// Whether `line` falls on `seg` in `doc`.
fn covers(doc: &Document, seg: &crate::document::Segment, line: usize) -> bool {
    let last = doc.line_of(seg.range.end.saturating_sub(1).max(seg.range.start));
    (seg.line..=last.max(seg.line)).contains(&line)
}

/// `--rebaseline` and `--accept`: every path and line is resolved before anything is written,
/// so a mistyped line changes nothing.
fn unattended(site: &Site, ctx: &Ctx, args: &ReviewArgs) -> Result<ExitCode, Failure> {
    for path in &args.rebaseline {
        for post in posts_named(site, path)?.0 {
            let line = match take_baseline(site, &post)? {
                Some(b) => baseline_message(ctx, &post, &b),
                None => ctx
                    .msgs
                    .format("review-not-held", &[("path", post.target_name())]),
            };
            ctx.out_line(line)?;
        }
    }
    // Per post, in the order first named: the segments to accept (English index, Korean id).
    let mut chosen: Vec<(Post, Vec<Item>)> = Vec::new();
    for spec in &args.accept {
        let (path, line) = split_line(spec);
        let (named, by_source) = posts_named(site, Path::new(path))?;
        let mut found = false;
        for post in named {
            let Some(l) = load(site, &post)? else {
                continue;
            };
            if l.observed.conflict.is_some() {
                return Err(Held::new(&post, &l).into());
            }
            let q = queue(site, std::slice::from_ref(&post), line.is_some())?;
            let items: Vec<Item> = q
                .items
                .into_iter()
                .filter(|i| match line {
                    None => true,
                    Some(n) if by_source => l
                        .source
                        .segment(&i.id)
                        .is_some_and(|s| covers(&l.source, s, n)),
                    Some(n) => l
                        .target
                        .segments()
                        .get(i.index)
                        .is_some_and(|s| covers(&l.target, s, n)),
                })
                .collect();
            found |= !items.is_empty();
            match chosen.iter_mut().find(|(p, _)| *p == post) {
                Some((_, list)) => list.extend(items),
                None => chosen.push((post, items)),
            }
        }
        if let (Some(n), false) = (line, found) {
            return Err(NoSegmentAt {
                path: path.to_owned(),
                line: n,
            }
            .into());
        }
    }
    let mut accepted = 0;
    let mut touched = 0;
    for (post, mut items) in chosen {
        items.sort_by_key(|i| i.index);
        items.dedup_by_key(|i| i.index);
        if items.is_empty() {
            if !args.accept.is_empty() {
                ctx.note("review-nothing-to-accept", &[("path", post.target_name())]);
            }
            continue;
        }
        let decisions = items
            .iter()
            .map(|i| (i.index, i.id.clone(), Decision::Accept))
            .collect();
        let applied = apply(site, &post, decisions)?;
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
    if !args.accept.is_empty() {
        ctx.out_line(ctx.msgs.format(
            "review-accept-summary",
            &[
                ("segments", accepted.to_string()),
                ("posts", touched.to_string()),
            ],
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn baseline_message(ctx: &Ctx, post: &Post, b: &Baseline) -> String {
    ctx.msgs.format(
        "review-rebaselined",
        &[
            ("path", post.target_name()),
            ("segments", b.segments.to_string()),
            ("edited", b.edited.to_string()),
            ("untranslated", b.untranslated.to_string()),
        ],
    )
}
