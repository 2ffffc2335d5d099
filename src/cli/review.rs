//! `l10n review [PATHS...] [--all]` (interactive) and `l10n diff [PATHS...]` (a report).
//! Both build the same queue; every decision in review is written at once, target and state
//! together, so quitting or a crash loses nothing already decided.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::site::Site;
use super::{Ctx, Failure, IoError, print};
use crate::document::Document;
use crate::glossary::{Glossary, TermIndex};
use crate::plan::{Action as PlanAction, Memory, PlanOptions, aligned, observe, plan};
use crate::review::tui::{Action, App};
use crate::review::{Item, Markup, render};
use crate::state::{Status, file_hash, text_hash};

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

/// Builds the queue over the posts: segments that need a decision (or all).
fn queue(site: &Site, paths: &[PathBuf], all: bool) -> Result<Vec<Item>, Failure> {
    let glossary: Glossary = site.glossary()?;
    let mut items = Vec::new();
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
        for source_rel in site.sources(paths)? {
            let lang_s = lang.to_string();
            let target_rel = site.config.target_path(&source_rel, &lang);
            let (Some(state), Some(sb), Some(tb)) = (
                site.store.load(&lang_s, &source_rel)?,
                site.read(&source_rel)?,
                site.read(&target_rel)?,
            ) else {
                continue;
            };
            let source = site.parse(&source_rel, &sb)?;
            let target = site.parse(&target_rel, &tb)?;
            if !aligned(&state, &target) {
                continue;
            }
            let entries = observe(&state, &target);
            let terms = |t: &str| crate::state::terms_hash(&index.pairs_for(t));
            let p = plan(
                &source,
                Some(&state),
                Some(&target),
                &Memory::default(),
                &terms,
                PlanOptions::default(),
            );
            let position: HashMap<&crate::document::SegmentId, usize> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| (&e.id, i))
                .collect();
            for (j, (seg, action)) in source.segments().iter().zip(&p.actions).enumerate() {
                let (i, before) = match action {
                    // A kept edit whose Korean changed carries the new id: its place is the
                    // entry it continues.
                    PlanAction::Keep(e) => match position
                        .get(&e.id)
                        .copied()
                        .or_else(|| p.continues.get(j).copied().flatten())
                    {
                        Some(i) => (i, (e.source != seg.text).then(|| e.source.clone())),
                        None => continue,
                    },
                    PlanAction::Send {
                        previous: Some(prev),
                    } => match position.get(&prev.id) {
                        Some(&i) => (i, Some(prev.source.clone())),
                        None => continue,
                    },
                    _ => continue,
                };
                let e = &entries[i];
                let Some(t) = target.segments().get(i) else {
                    continue;
                };
                let raw = (
                    &source.source()[seg.range.clone()],
                    &target.source()[t.range.clone()],
                );
                let problems = crate::qa::check_segment(&qa_ctx, seg, &t.text, Some(raw), e.state);
                let findings = crate::qa::findings(
                    &qa_ctx,
                    &target_rel.display().to_string(),
                    t.line,
                    Some(seg),
                    problems,
                );
                let item = Item {
                    source_path: source_rel.display().to_string(),
                    target_path: target_rel.display().to_string(),
                    lang: lang_s.clone(),
                    index: i,
                    id: seg.id.clone(),
                    line: t.line,
                    kind: seg.kind,
                    status: e.state,
                    source: seg.text.clone(),
                    source_before: before,
                    target: t.text.clone(),
                    target_before: e.previous.clone().filter(|_| !e.raw),
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
        }
    }
    Ok(items)
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
    let items = queue(&site, &args.paths, args.all)?;
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

/// What a decision writes.
enum Decision {
    Accept,
    /// Verbatim Markdown from the editor.
    Raw(String),
    /// Tagged text (a previous translation, or a retranslation).
    Text(String),
}

/// A decision could not be applied (the post changed underneath, a tag is wrong…).
#[derive(Debug)]
struct NotApplied {
    path: String,
    reason: String,
}

impl crate::diag::Diagnostic for NotApplied {
    fn id(&self) -> &'static str {
        "err-review-apply"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone()), ("reason", self.reason.clone())]
    }
}

/// Writes one decision: the English post (when its text changes) and the state, together.
fn apply(site: &Site, item: &Item, decision: Decision) -> Result<String, Failure> {
    let source_rel = Path::new(&item.source_path);
    let target_rel = Path::new(&item.target_path);
    let fail = |reason: &str| NotApplied {
        path: item.target_path.clone(),
        reason: reason.to_owned(),
    };
    let mut state = site
        .store
        .load(&item.lang, source_rel)?
        .ok_or_else(|| fail("no state"))?;
    let sb = site
        .read(source_rel)?
        .ok_or_else(|| fail("source missing"))?;
    let tb = site
        .read(target_rel)?
        .ok_or_else(|| fail("target missing"))?;
    let source = site.parse(source_rel, &sb)?;
    let target = site.parse(target_rel, &tb)?;
    if !aligned(&state, &target) {
        return Err(fail("the post no longer lines up with its state").into());
    }
    let mut entries = observe(&state, &target);
    let seg = source
        .segment(&item.id)
        .ok_or_else(|| fail("the source changed; run review again"))?;
    let tseg = target
        .segments()
        .get(item.index)
        .ok_or_else(|| fail("segment gone"))?;
    let old_md = target.source()[tseg.range.clone()].to_owned();
    let new_md = match &decision {
        Decision::Accept => None,
        Decision::Raw(md) => Some(md.trim_end_matches(['\n', '\r']).to_owned()),
        Decision::Text(t) => Some(
            source
                .render_one(&item.source_path, &seg.id, t)?
                .ok_or_else(|| fail("segment gone"))?,
        ),
    };
    let out = match &new_md {
        Some(md) => format!(
            "{}{md}{}",
            &target.source()[..tseg.range.start],
            &target.source()[tseg.range.end..]
        ),
        None => target.source().to_owned(),
    };
    let written =
        Document::parse_str(&item.target_path, out.clone(), &site.config.parse_options())?;
    let e = &mut entries[item.index];
    e.id = seg.id.clone();
    e.kind = seg.kind;
    e.source = seg.text.clone();
    e.state = Status::Reviewed;
    match decision {
        Decision::Accept => {}
        Decision::Raw(_) => {
            e.previous = Some(old_md);
            e.target = new_md.clone().unwrap_or_default();
            e.raw = true;
            e.origin = "human".into();
        }
        Decision::Text(t) => {
            e.previous = Some(e.target.clone());
            e.target = t;
            e.raw = false;
        }
    }
    state.segments = entries;
    if !aligned(&state, &written) {
        return Err(fail("the edit changes the post's block structure; not saved").into());
    }
    for (e, t) in state.segments.iter_mut().zip(written.segments()) {
        e.target_hash = text_hash(&t.text);
    }
    state.target_hash = file_hash(out.as_bytes());
    // The source hash says "translated from this file": only when nothing is stale.
    if source
        .segments()
        .iter()
        .all(|s| state.segments.iter().any(|e| e.id == s.id))
    {
        state.source_hash = file_hash(&sb);
    }
    state.recount();
    let full = site.config.root.join(target_rel);
    let changed = out.as_bytes() != tb.as_slice();
    site.store
        .commit(&state, changed.then_some((full.as_path(), out.as_bytes())))?;
    Ok(written
        .segments()
        .get(item.index)
        .map_or(String::new(), |s| s.text.clone()))
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

fn retranslate(
    site: &Site,
    ctx: &Ctx,
    name: Option<&str>,
    item: &Item,
) -> Result<Option<String>, Failure> {
    let translator = crate::pipeline::backend(site, name, None)?;
    let glossary = site.glossary()?;
    let lang = site.langs(Some(&item.lang))?.remove(0);
    let index = std::sync::Arc::new(TermIndex::new(
        &glossary,
        site.config.source_lang.language.as_str(),
        lang.language.as_str(),
        true,
    ));
    let cache = crate::backend::scheduler::Cache::none();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| IoError::new("<runtime>", &e))?;
    let context = crate::backend::scheduler::PostContext {
        source_lang: site.config.source_lang.to_string(),
        target_lang: item.lang.clone(),
        title: None,
        glossary: index,
    };
    let outcome = runtime.block_on(async {
        let scheduler =
            crate::backend::scheduler::Scheduler::new(translator.as_ref(), &cache, &cancel);
        scheduler
            .translate(
                &context,
                vec![(item.id.clone(), item.source.clone())],
                &Default::default(),
                &|_, _| Ok(Vec::new()),
            )
            .await
    });
    for (_, why) in &outcome.failures {
        ctx.warn(
            "warn-segment-problem",
            &[
                ("path", item.source_path.clone()),
                ("line", item.line.to_string()),
                ("problem", why.clone()),
            ],
        );
    }
    Ok(outcome.translations.get(&item.id).cloned())
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

pub fn review(ctx: &Ctx, args: ReviewArgs) -> Result<ExitCode, Failure> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(NoTerminal.into());
    }
    let site = Site::open(ctx.config.as_deref())?;
    let items = queue(&site, &args.paths, args.all)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(items, ctx.msgs, color);
    let mut candidates: HashMap<usize, String> = HashMap::new();
    let mut guard = Some(TerminalGuard::enter()?);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
            .map_err(|e| IoError::new("<terminal>", &e))?;
    loop {
        terminal
            .draw(|f| app.draw(f))
            .map_err(|e| IoError::new("<terminal>", &e))?;
        let ev = event::read().map_err(|e| IoError::new("<terminal>", &e))?;
        let code = match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => k.code,
            _ => continue,
        };
        let action = app.key(code);
        app.message = None;
        let Some(item) = app.current().cloned() else {
            if matches!(action, Action::Quit) {
                break;
            }
            continue;
        };
        let result: Result<Option<String>, Failure> = match action {
            Action::Quit => break,
            Action::Help => {
                app.help = !app.help;
                Ok(None)
            }
            Action::Next | Action::Skip => {
                candidates.remove(&app.pos);
                app.step(1);
                Ok(None)
            }
            Action::Prev => {
                app.step(-1);
                Ok(None)
            }
            Action::NextPost => {
                app.next_post();
                Ok(None)
            }
            Action::Filter => {
                app.cycle_filter();
                Ok(None)
            }
            Action::ScrollDown => {
                app.scroll = app.scroll.saturating_add(1);
                Ok(None)
            }
            Action::ScrollUp => {
                app.scroll = app.scroll.saturating_sub(1);
                Ok(None)
            }
            Action::Accept => {
                let decision = match candidates.remove(&app.pos) {
                    Some(t) => Decision::Text(t),
                    None => Decision::Accept,
                };
                apply(&site, &item, decision).map(|text| {
                    if let Some(it) = app.items.get_mut(app.pos) {
                        it.status = Status::Reviewed;
                        it.target = text;
                        it.source_before = None;
                        it.target_before = None;
                    }
                    app.step(1);
                    Some(ctx.msgs.format("review-accepted", &[]))
                })
            }
            Action::Edit => {
                drop(guard.take());
                let md = site
                    .read(Path::new(&item.target_path))
                    .ok()
                    .flatten()
                    .and_then(|b| site.parse(Path::new(&item.target_path), &b).ok())
                    .and_then(|d| {
                        d.segments()
                            .get(item.index)
                            .map(|s| d.source()[s.range.clone()].to_owned())
                    })
                    .unwrap_or_default();
                let edited = edit_in_editor(&format!("{md}\n"));
                guard = Some(TerminalGuard::enter()?);
                // A fresh screen: the editor drew on it. (Terminal::clear would ask the
                // terminal for the cursor position, which not every terminal answers.)
                execute!(std::io::stdout(), Clear(ClearType::All))
                    .map_err(|e| IoError::new("<terminal>", &e))?;
                terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(
                    std::io::stdout(),
                ))
                .map_err(|e| IoError::new("<terminal>", &e))?;
                match edited {
                    Ok(Some(new)) => apply(&site, &item, Decision::Raw(new)).map(|text| {
                        if let Some(it) = app.items.get_mut(app.pos) {
                            it.target_before = Some(it.target.clone());
                            it.target = text;
                            it.status = Status::Reviewed;
                            it.source_before = None;
                        }
                        app.settle();
                        Some(ctx.msgs.format("review-edited", &[]))
                    }),
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Action::Revert => {
                let state = site.store.load(&item.lang, Path::new(&item.source_path))?;
                let previous = state
                    .and_then(|s| s.segments.get(item.index).cloned())
                    .and_then(|e| e.previous.filter(|_| !e.raw));
                match previous {
                    Some(p) => apply(&site, &item, Decision::Text(p)).map(|text| {
                        if let Some(it) = app.items.get_mut(app.pos) {
                            it.target_before = Some(it.target.clone());
                            it.target = text;
                            it.status = Status::Reviewed;
                            it.source_before = None;
                        }
                        app.settle();
                        Some(ctx.msgs.format("review-reverted", &[]))
                    }),
                    None => Ok(Some(ctx.msgs.format("review-nothing-to-revert", &[]))),
                }
            }
            Action::Retranslate => {
                retranslate(&site, ctx, args.backend.as_deref(), &item).map(|t| {
                    t.map(|t| {
                        candidates.insert(app.pos, t.clone());
                        if let Some(it) = app.items.get_mut(app.pos) {
                            it.target_before = Some(it.target.clone());
                            it.target = t;
                        }
                        ctx.msgs.format("review-retranslated", &[])
                    })
                })
            }
            Action::Nothing => Ok(None),
        };
        match result {
            Ok(m) => app.message = m,
            Err(f) => app.message = Some(ctx.msgs.diagnostic(f.0.as_ref())),
        }
    }
    drop(guard);
    Ok(ExitCode::SUCCESS)
}
