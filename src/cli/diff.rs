//! `l10n diff [PATHS...]`: the review queue as a report, in the format asked for.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::site::Site;
use super::{Ctx, Failure, IoError, print};
use crate::review::markdown::{Frame, markdown};
use crate::review::queue::{posts, queue};
use crate::review::render;

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

/// The report formats (one renderer each in `review::render`).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    SideBySide,
    Html,
    // GitHub-flavoured Markdown: what `l10n ci` puts in a pull request.
    Markdown,
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
        DiffFormat::Markdown => markdown(
            &items,
            ctx.msgs,
            &Frame {
                rows: &[],
                limit: None,
                full_report: "`l10n diff --format html`",
            },
        ),
    };
    match args.output {
        Some(p) => {
            crate::atomic::write(&p, out.as_bytes()).map_err(|e| IoError::new(&p, &e))?;
            ctx.note(
                "diff-wrote",
                &[
                    ("path", p.display().to_string()),
                    ("items", items.len().to_string()),
                ],
            );
        }
        None => print(&out)?,
    }
    Ok(ExitCode::SUCCESS)
}
