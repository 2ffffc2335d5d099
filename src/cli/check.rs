//! `l10n check [PATHS...] [--format human|json|github] [--require-reviewed]`: the CI gate.
//! With `github`, the review as Markdown is also appended to `$GITHUB_STEP_SUMMARY`.
//! Offline and read-only; exit 0 clean, 1 findings, 2 error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::site::Site;
use super::{Ctx, Failure, print};
use crate::check::{PostStatus, analyze, orphans, sources_to_check};
use crate::diag::Diagnostic;
use crate::finding::Severity;
use crate::report::{Github, Human, Json, Report};
use crate::run::setup::Setup;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source posts (default: all).
    paths: Vec<PathBuf>,
    /// Only this target language.
    #[arg(long, value_name = "LANG")]
    to: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also report segments nobody has reviewed or edited.
    #[arg(long)]
    require_reviewed: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

/// Posts whose files or state could not be read: the report names each; this says on
/// stderr why the exit code is 2.
#[derive(Debug)]
struct Unchecked {
    count: usize,
    posts: usize,
}

impl Diagnostic for Unchecked {
    fn id(&self) -> &'static str {
        "err-unchecked-posts"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("count", self.count.to_string()),
            ("posts", self.posts.to_string()),
        ]
    }
}

/// Appends the review of the checked posts, as Markdown, to the job summary file Actions
/// names in `GITHUB_STEP_SUMMARY`.
fn step_summary(ctx: &Ctx, site: &Site, paths: &[PathBuf], file: &Path) -> Result<(), Failure> {
    use crate::review::markdown::{Frame, STEP_SUMMARY_LIMIT, markdown};
    use std::io::Write;
    let items =
        crate::review::queue::queue(site, &crate::review::queue::posts(site, paths)?, false)?.items;
    let text = markdown(
        &items,
        ctx.msgs,
        &Frame {
            rows: &[],
            limit: Some(STEP_SUMMARY_LIMIT),
            full_report: "`l10n diff --format html`",
        },
    );
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(format!("{text}\n").as_bytes()))
        .map_err(|e| crate::diag::IoError::new(file, &e).into())
}

/// When posts are missing or stale while batch jobs are pending: which jobs, and how the
/// results come in (the jobs' records do not say which finding is whose).
fn batch_note(ctx: &Ctx, site: &Site, findings: &[crate::finding::Finding]) {
    if !findings.iter().any(|f| f.severity == Severity::Error) {
        return;
    }
    let store = crate::batch::store::Store::new(&site.config.root);
    let pending: Vec<String> = store
        .jobs()
        .unwrap_or_default()
        .into_iter()
        .filter(|j| !j.collected)
        .map(|j| j.id)
        .collect();
    if !pending.is_empty() {
        ctx.note(
            "check-batch-pending",
            &[
                ("jobs", pending.len().to_string()),
                ("ids", pending.join(", ")),
            ],
        );
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    let sources = sources_to_check(&site, &args.paths)?;
    let langs = site.langs(args.to.as_deref())?;
    let glossary = site.glossary()?;
    let mut findings = Vec::new();
    let mut posts = 0;
    // A post whose files cannot be read is an input error (exit 2), reported with the
    // findings of every other post.
    let mut invalid = 0;
    for lang in &langs {
        let setup = Setup::new(&site, &glossary, lang);
        for s in &sources {
            posts += 1;
            let report = analyze(&site, s, lang, args.require_reviewed, &setup);
            invalid += usize::from(report.status == PostStatus::Invalid);
            findings.extend(report.findings);
        }
    }
    // A folder that cannot be listed for orphans is an input error too, said after the
    // report of every post.
    let mut unlisted = None;
    if args.paths.is_empty() {
        match orphans(&site, &langs, &sources) {
            Ok(found) => findings.extend(found),
            Err(e) => unlisted = Some(e),
        }
    }
    let text = match args.format {
        Format::Human => Human {
            msgs: ctx.msgs,
            color: ctx.color_stdout,
        }
        .render(&findings, posts),
        Format::Json => Json.render(&findings, posts),
        Format::Github => Github.render(&findings, posts),
    };
    print(&text)?;
    batch_note(ctx, &site, &findings);
    // The job summary is extra: failing to write it does not change the verdict.
    if matches!(args.format, Format::Github)
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
        && let Err(f) = step_summary(ctx, &site, &args.paths, Path::new(&path))
    {
        ctx.error(&f);
    }
    if let Some(e) = unlisted {
        ctx.error(&e);
        return Ok(ExitCode::from(2));
    }
    Ok(if invalid > 0 {
        ctx.error(
            &Unchecked {
                count: invalid,
                posts,
            }
            .into(),
        );
        ExitCode::from(2)
    } else if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
