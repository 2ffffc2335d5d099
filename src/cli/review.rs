//! `l10n review [PATHS...] [--all]`: the terminal UI's event loop, and the world its session
//! acts on (the files, `$VISUAL`/`$EDITOR`, the backend). The queue, the session and the
//! decisions are in `crate::review`; `--accept` and `--rebaseline` are in `unattended`.
//! Every decision is written at once, target and state together, so quitting or a crash
//! loses nothing already decided.

mod unattended;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::site::Site;
use super::{Ctx, Failure, IoError};
use crate::review::Item;
use crate::review::apply::{Applied, Baseline, apply, take_baseline};
use crate::review::decide::{Decision, Retranslation};
use crate::review::queue::{Queue, post_of, posts, queue};
use crate::review::session::{Session, World};
use crate::review::tui::Action;

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

/// The world of a session in a terminal.
struct Terminal<'a> {
    site: &'a Site,
    ctx: &'a Ctx,
    backend: Option<String>,
    /// Raw mode and the alternate screen, left while the editor runs.
    guard: Option<TerminalGuard>,
}

impl World for Terminal<'_> {
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<Option<Applied>, Failure> {
        let post = post_of(self.site, item)?;
        let applied = apply(
            self.site,
            &post,
            vec![(item.index, item.id.clone(), decision)],
        )?;
        Ok(applied.into_iter().next())
    }

    fn rebaseline(&mut self, item: &Item) -> Result<(Option<Baseline>, Queue), Failure> {
        let post = post_of(self.site, item)?;
        let baseline = take_baseline(self.site, &post)?;
        Ok((
            baseline,
            queue(self.site, std::slice::from_ref(&post), false)?,
        ))
    }

    fn markdown(&mut self, item: &Item) -> Result<Option<(String, String)>, Failure> {
        crate::review::queue::markdown(self.site, item)
    }

    fn edit(&mut self, text: &str) -> Result<Option<String>, Failure> {
        self.guard = None;
        let edited = edit_in_editor(text);
        self.guard = Some(TerminalGuard::enter()?);
        edited
    }

    fn retranslate(&mut self, item: &Item) -> Result<Option<Retranslation>, Failure> {
        retranslate(self.site, self.ctx, self.backend.as_deref(), item)
    }
}

pub fn review(ctx: &Ctx, args: ReviewArgs) -> Result<ExitCode, Failure> {
    if !args.accept.is_empty() || !args.rebaseline.is_empty() {
        let site = Site::open(ctx.config.as_deref())?;
        return unattended::run(&site, ctx, &args);
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(NoTerminal.into());
    }
    let site = Site::open(ctx.config.as_deref())?;
    let q = queue(&site, &posts(&site, &args.paths)?, args.all)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut session = Session::new(q, ctx.msgs, color);
    let mut world = Terminal {
        site: &site,
        ctx,
        backend: args.backend.clone(),
        guard: Some(TerminalGuard::enter()?),
    };
    let mut terminal = new_terminal()?;
    loop {
        terminal
            .draw(|f| session.app.draw(f))
            .map_err(|e| IoError::new("<terminal>", &e))?;
        let ev = event::read().map_err(|e| IoError::new("<terminal>", &e))?;
        let code = match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => k.code,
            _ => continue,
        };
        match session.key(code, &mut world) {
            Action::Quit => break,
            // A fresh screen: the editor drew on it.
            Action::Edit => terminal = new_terminal()?,
            _ => {}
        }
    }
    drop(world.guard.take());
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
    let again = crate::run::translate_again(
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
        // Restoring the terminal while dropping has nowhere to report a failure.
        let _ = execute!(std::io::stdout(), LeaveAlternateScreen);
        let _ = disable_raw_mode();
    }
}
