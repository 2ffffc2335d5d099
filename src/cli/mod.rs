//! The command line: clap definitions, one file per subcommand, the exit-code contract
//! (0 ok, 1 findings, 2 error) and localized errors.

mod batch;
mod check;
mod ci;
mod completions;
mod diff;
mod extract;
mod git_setup;
mod glossary;
pub mod help;
mod memory;
mod merge;
mod merge_driver;
mod progress;
mod review;
mod status;
mod translate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
pub use crate::diag::{Failure, IoError};
use crate::i18n::{Messages, UiLang};
pub(crate) use crate::site;

#[derive(Debug, Parser)]
#[command(
    name = "l10n",
    version,
    about = "Translate Korean Markdown posts into English twins and keep them true"
)]
pub struct Cli {
    /// UI language (en, ko); default from L10N_UI_LANG, LC_ALL, LC_MESSAGES, LANG.
    #[arg(long, global = true, value_name = "LANG")]
    ui_lang: Option<String>,
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more about what is done.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Path to l10n.toml (default: found by walking up from the working directory).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a post's segments as JSON or XLIFF 2.0.
    Extract(extract::Args),
    /// Write a post with its segments replaced by translations (JSON or XLIFF).
    Merge(merge::Args),
    /// Translate new and changed segments of the source posts and write the targets.
    Translate(translate::Args),
    /// Report missing, stale and unreviewed translations (offline, read-only).
    Check(check::Args),
    /// Show a table of posts and the state of their translations.
    Status(status::Args),
    /// Translation memory: export every known source→target pair.
    Memory(memory::Args),
    /// Provider batch jobs: status, cancel; export and import request files for vLLM.
    Batch(batch::Args),
    /// Print shell completions.
    Completions(completions::Args),
    /// Keep the glossary: list, add, remove, lint, suggest, import, export, push.
    Glossary(glossary::Args),
    /// Review translations in the terminal: Korean beside English, old→new diffs.
    Review(review::ReviewArgs),
    /// The review queue as a report: text, side-by-side, HTML or Markdown.
    Diff(diff::DiffArgs),
    /// Register l10n's merge drivers for states and English posts in this repository.
    GitSetup(git_setup::Args),
    /// Merge a state or an English post for git (run by git after `l10n git-setup`).
    #[command(hide = true)]
    MergeDriver(merge_driver::Args),
    /// Translate in CI: commit to l10n/<base> and open its pull request, or commit here.
    Ci(ci::CiArgs),
}

/// Everything a command needs from the outside: messages, verbosity, output streams.
pub struct Ctx {
    pub msgs: &'static Messages,
    pub quiet: bool,
    pub verbose: u8,
    /// Colour on stderr (diagnostics).
    pub color: bool,
    /// Colour on stdout (reports).
    pub color_stdout: bool,
    pub config: Option<PathBuf>,
}

impl Ctx {
    /// A localized line on stderr, unless quiet.
    pub fn note(&self, id: &str, args: &[(&str, String)]) {
        if !self.quiet {
            eprintln!("{}", self.msgs.format(id, args));
        }
    }

    /// A localized result line on stdout.
    pub fn out_line(&self, line: String) -> Result<(), Failure> {
        print(&format!("{line}\n"))
    }

    /// Reports a failure that does not stop the run (the run still exits non-zero).
    pub fn error(&self, f: &Failure) {
        eprintln!(
            "{}: {}",
            self.label("label-error"),
            self.msgs.diagnostic(f.0.as_ref())
        );
    }

    fn label(&self, id: &str) -> String {
        let label = self.msgs.format(id, &[]);
        if self.color {
            format!("\x1b[1;31m{label}\x1b[0m")
        } else {
            label
        }
    }

    /// A localized warning on stderr (shown even when quiet).
    pub fn warn(&self, id: &str, args: &[(&str, String)]) {
        let prefix = self.msgs.format("label-warning", &[]);
        eprintln!("{prefix}: {}", self.msgs.format(id, args));
    }
}

/// Stdout closed early (`l10n extract x | head`): exit quietly like ripgrep.
struct BrokenPipe;

impl Diagnostic for BrokenPipe {
    fn id(&self) -> &'static str {
        "err-broken-pipe"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![]
    }
}

/// Writes command results to stdout; a closed pipe ends the program quietly.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
        Err(e) => Err(IoError::new("<stdout>", &e).into()),
    }
}

/// l10n.toml when there is one (source language, translatable keys), defaults otherwise:
/// for commands that work on single files.
pub fn load_config(ctx: &Ctx) -> Result<crate::config::Config, Failure> {
    let cwd = std::env::current_dir().map_err(|e| IoError::new(".", &e))?;
    Ok(crate::config::Config::load(&cwd, ctx.config.as_deref())?)
}

/// Reads a file, with the path in the error.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| IoError::new(path, &e).into())
}

/// `--ui-lang X` or `--ui-lang=X` anywhere in the arguments: the language is needed
/// before clap runs, to write its help and errors in it.
fn ui_lang_arg(args: &[std::ffi::OsString]) -> Option<String> {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--ui-lang" {
            return it.next().map(str::to_owned);
        }
        if let Some(v) = a.strip_prefix("--ui-lang=") {
            return Some(v.to_owned());
        }
    }
    None
}

/// A usage error in the UI language: what was wrong, then the usage line.
fn usage_error(e: &clap::Error, msgs: &'static Messages, cmd: &mut clap::Command) -> String {
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => msgs.format("err-usage-unknown-argument", &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => msgs.format("err-usage-unknown-command", &[("arg", arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context(ContextKind::ValidValue);
            let id = if valid.is_empty() {
                "err-usage-invalid-value"
            } else {
                "err-usage-invalid-choice"
            };
            msgs.format(id, &[("arg", arg), ("value", value), ("valid", valid)])
        }
        ErrorKind::MissingRequiredArgument => msgs.format("err-usage-missing", &[("arg", arg)]),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            msgs.format("err-usage-missing-command", &[])
        }
        _ => msgs.format(
            "err-usage-other",
            &[(
                "message",
                e.kind().as_str().unwrap_or("invalid arguments").to_owned(),
            )],
        ),
    };
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    format!(
        "{}: {message}\n\n{} {usage}\n\n{}\n",
        msgs.format("label-error", &[]),
        msgs.format("help-usage", &[]),
        msgs.format("err-usage-more", &[])
    )
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = UiLang::negotiate(ui_lang_arg(&args).as_deref(), |k| std::env::var(k).ok());
    let mut cmd = help::localize(Cli::command(), Messages::get(lang));
    let parsed = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    // Help on a closed stdout: nothing left to tell.
                    let _ = e.print();
                }
                _ => {
                    // The subcommand the error is about, for its usage line.
                    let mut sub = cmd.clone();
                    for a in args.iter().skip(1).filter_map(|a| a.to_str()) {
                        match sub.find_subcommand(a) {
                            Some(s) => sub = s.clone(),
                            None => continue,
                        }
                    }
                    eprint!("{}", usage_error(&e, Messages::get(lang), &mut sub));
                }
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color_for = |terminal: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    };
    let color = color_for(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let color_stdout = color_for(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let ctx = Ctx {
        msgs: Messages::get(lang),
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
        color_stdout,
        config: cli.config.clone(),
    };
    let result = match cli.command {
        Command::Extract(args) => extract::run(&ctx, args),
        Command::Merge(args) => merge::run(&ctx, args),
        Command::Translate(args) => translate::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Status(args) => status::run(&ctx, args),
        Command::Memory(args) => memory::run(&ctx, args),
        Command::Batch(args) => batch::run(&ctx, args),
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Glossary(args) => glossary::run(&ctx, args),
        Command::Review(args) => review::review(&ctx, args),
        Command::Diff(args) => diff::diff(&ctx, args),
        Command::GitSetup(args) => git_setup::run(&ctx, args),
        Command::MergeDriver(args) => merge_driver::run(&ctx, args),
        Command::Ci(args) => ci::run(&ctx, args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(d)) if d.id() == "err-broken-pipe" => ExitCode::SUCCESS,
        Err(f) => {
            ctx.error(&f);
            ExitCode::from(2)
        }
    }
}
