//! `l10n translate [PATHS...] [--to LANG] [--backend NAME] [--jobs N] [--dry-run] [--force] [--overwrite-edits] [--partial]`
//!
//! Parses the flags, runs [`crate::run`], then prints what `check` will say of the
//! posts it touched and the one summary line; the exit code agrees with `check`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Ctx, Failure};
use crate::run::Options;
use crate::site::Site;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source posts (default: every post matched by `sources` in l10n.toml).
    paths: Vec<PathBuf>,
    /// Only this target language.
    #[arg(long, value_name = "LANG")]
    to: Option<String>,
    /// Backend from [backend.NAME] in l10n.toml, or `pseudo`.
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Requests in flight at once (default: the backend's `concurrency`, 8).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Show what would be sent; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Retranslate every segment no person has touched.
    #[arg(long)]
    force: bool,
    /// Let new translations replace hand edits.
    #[arg(long)]
    overwrite_edits: bool,
    /// Write a post even when some segments failed: they keep their previous English, or
    /// the source text, and stay stale until a later run translates them.
    #[arg(long)]
    partial: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    Ok(ExitCode::from(translate(ctx, &site, args)?.code))
}

/// What a translate run did, and the exit code it ends with.
pub struct Ran {
    pub code: u8,
    pub totals: crate::run::Summary,
    /// Segments `check` will call errors.
    pub need_review: usize,
}

/// Runs translate over `site` and prints what it did (`l10n ci` calls it too).
pub fn translate(ctx: &Ctx, site: &Site, args: Args) -> Result<Ran, Failure> {
    let opts = Options {
        paths: args.paths,
        to: args.to,
        backend: args.backend,
        jobs: args.jobs,
        dry_run: args.dry_run,
        force: args.force,
        overwrite_edits: args.overwrite_edits,
        partial: args.partial,
    };
    let reporter = super::progress::Reporter::new(ctx);
    let totals = crate::run::run(site, &opts, &reporter);
    reporter.finish();
    let totals = totals?;
    if opts.dry_run {
        ctx.note(
            "translate-dry-summary",
            &[
                ("posts", totals.dry_posts.to_string()),
                ("segments", totals.dry_segments.to_string()),
                ("chars", totals.dry_chars.to_string()),
                ("requests", totals.dry_cost.requests.to_string()),
                ("input", totals.dry_cost.input_tokens.to_string()),
                ("output", totals.dry_cost.output_tokens.to_string()),
                ("overhead", totals.dry_cost.overhead()),
                ("backend", totals.origin.clone()),
            ],
        );
        let code = if totals.errors > 0 { 2 } else { 0 };
        return Ok(Ran {
            code,
            totals,
            need_review: 0,
        });
    }
    // One verdict: what `check` says of the posts this run touched is what the run reports.
    let glossary = site.glossary()?;
    let mut findings = Vec::new();
    // Posts already as they should be, so a run that writes nothing says why.
    let mut current: usize = 0;
    for lang in &totals.langs {
        let setup = crate::run::setup::Setup::new(site, &glossary, lang);
        for s in &totals.sources {
            let report = crate::check::analyze(site, s, lang, false, &setup);
            if report.status == crate::check::PostStatus::UpToDate {
                current += 1;
            }
            findings.extend(report.findings);
        }
    }
    if opts.paths.is_empty() {
        findings.extend(crate::check::orphans(site, &totals.langs, &totals.sources)?);
    }
    let need_review = findings
        .iter()
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .count();
    if !ctx.quiet {
        let human = crate::report::Human {
            msgs: ctx.msgs,
            color: ctx.color,
        };
        eprint!("{}", human.lines(&findings));
    }
    ctx.note(
        "translate-summary",
        &[
            ("written", totals.written.to_string()),
            (
                "current",
                current.saturating_sub(totals.written).to_string(),
            ),
            ("reused", totals.reused.to_string()),
            ("sent", totals.sent.to_string()),
            ("failed", totals.failed.to_string()),
            ("review", need_review.to_string()),
        ],
    );
    if totals.cost.requests > 0 {
        ctx.note(
            "translate-cost",
            &[
                ("requests", totals.cost.requests.to_string()),
                ("input", totals.cost.input_tokens.to_string()),
                ("output", totals.cost.output_tokens.to_string()),
                ("overhead", totals.cost.overhead()),
            ],
        );
    }
    for (backend, segments, requests) in &totals.shares {
        ctx.note(
            "translate-backend",
            &[
                ("backend", backend.clone()),
                ("segments", segments.to_string()),
                ("requests", requests.to_string()),
            ],
        );
    }
    if ctx.verbose > 0 {
        ctx.note(
            "translate-requests",
            &[
                ("requests", totals.cost.requests.to_string()),
                ("retries", totals.retries.to_string()),
            ],
        );
        if totals.received > 0 {
            ctx.note(
                "translate-received",
                &[("tokens", totals.received.to_string())],
            );
        }
    }
    let code = if totals.cancelled {
        130
    } else if totals.errors > 0 {
        2
    } else if totals.failed > 0 || totals.held > 0 || need_review > 0 {
        1
    } else {
        0
    };
    Ok(Ran {
        code,
        totals,
        need_review,
    })
}
