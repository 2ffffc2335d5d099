//! `l10n translate [PATHS...] [--to LANG] [--backend NAME] [--jobs N] [--dry-run] [--force] [--overwrite-edits] [--partial] [--batch [--wait] [--poll SECS] [--poll-max SECS] [--wait-max SECS]]`
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
    /// Send what is left to translate as provider batch jobs (OpenAI Batch API, Anthropic
    /// Message Batches: half the price, within 24 hours); the next run collects them.
    #[arg(long)]
    batch: bool,
    /// With --batch: poll until the jobs end and write the posts as results arrive.
    #[arg(long, requires = "batch")]
    wait: bool,
    /// Seconds between the first polls (default 30); the interval grows by half each poll.
    #[arg(long, value_name = "SECS", requires = "wait", value_parser = secs)]
    poll: Option<f64>,
    /// The longest interval between polls (default 600).
    #[arg(long, value_name = "SECS", requires = "wait", value_parser = secs)]
    poll_max: Option<f64>,
    /// Stop waiting after this long (default 86400, the providers' window); the jobs stay
    /// recorded and the next run collects them.
    #[arg(long, value_name = "SECS", requires = "wait", value_parser = secs)]
    wait_max: Option<f64>,
}

/// A number of seconds, above 0.
fn secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && std::time::Duration::try_from_secs_f64(v).is_ok() => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds above 0")),
    }
}

impl Args {
    /// A plain run over every post with `backend`: what `batch import` does once the
    /// results are in.
    pub fn every_post(backend: Option<String>) -> Args {
        Args {
            paths: Vec::new(),
            to: None,
            backend,
            jobs: None,
            dry_run: false,
            force: false,
            overwrite_edits: false,
            partial: false,
            batch: false,
            wait: false,
            poll: None,
            poll_max: None,
            wait_max: None,
        }
    }
}

/// `--batch` with `--force`: a batch plans only what the response cache lacks, which
/// `--force` (never read the cache) contradicts.
#[derive(Debug)]
struct BatchWithForce;

impl crate::diag::Diagnostic for BatchWithForce {
    fn id(&self) -> &'static str {
        "err-batch-force"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
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
    if args.batch && args.force {
        return Err(BatchWithForce.into());
    }
    let opts = Options {
        paths: args.paths,
        to: args.to,
        backend: args.backend,
        jobs: args.jobs,
        dry_run: args.dry_run,
        force: args.force,
        overwrite_edits: args.overwrite_edits,
        partial: args.partial,
        batch: args
            .batch
            .then_some(crate::batch::session::Target::Provider),
    };
    let totals = if args.wait {
        wait(ctx, site, &opts, [args.poll, args.poll_max, args.wait_max])?
    } else {
        run_once(ctx, site, &opts)?
    };
    let backend = site.config.backends.get(
        opts.backend
            .as_deref()
            .unwrap_or(&site.config.default_backend),
    );
    let prices = backend.and_then(crate::cost::Prices::of);
    if opts.dry_run {
        // The built-in pseudo backend (not in l10n.toml) and any of kind pseudo cost nothing.
        let free = backend.is_none_or(|b| b.kind == crate::config::BackendKind::Pseudo);
        return Ok(dry_run(ctx, totals, prices, free));
    }
    // One verdict: what `check` says of the posts this run touched is what the run reports.
    let checked = crate::check::after_run(site, &totals, opts.paths.is_empty())?;
    if !ctx.quiet {
        let human = crate::report::Human {
            msgs: ctx.msgs,
            color: ctx.color,
        };
        eprint!("{}", human.lines(&checked.findings));
    }
    ctx.note(
        "translate-summary",
        &[
            ("written", totals.written.to_string()),
            ("current", checked.current.to_string()),
            ("reused", totals.reused.to_string()),
            ("sent", totals.sent.to_string()),
            ("failed", totals.failed.to_string()),
            ("review", checked.need_review.to_string()),
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
    batch_lines(ctx, &totals, prices);
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
    Ok(Ran {
        code: totals.exit_code(checked.need_review),
        totals,
        need_review: checked.need_review,
    })
}

/// `--dry-run`: what would be sent, and what it would cost at the backend's prices.
fn dry_run(
    ctx: &Ctx,
    totals: crate::run::Summary,
    prices: Option<crate::cost::Prices>,
    free: bool,
) -> Ran {
    let code = if totals.errors > 0 { 2 } else { 0 };
    if totals.dry_posts == 0 {
        ctx.note(
            "translate-dry-nothing",
            &[("backend", totals.origin.clone())],
        );
        return Ran {
            code,
            totals,
            need_review: 0,
        };
    }
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
    let estimate = crate::cost::Usage {
        input_tokens: totals.dry_cost.input_tokens as u64,
        output_tokens: totals.dry_cost.output_tokens as u64,
    };
    match prices {
        Some(p) => ctx.note(
            "translate-dry-cost",
            &[
                ("sync", crate::cost::usd_text(p.usd(estimate, false))),
                ("batch", crate::cost::usd_text(p.usd(estimate, true))),
            ],
        ),
        None if free => {}
        None => ctx.note("translate-no-prices", &[("backend", totals.origin.clone())]),
    }
    Ran {
        code,
        totals,
        need_review: 0,
    }
}

/// `--wait`: runs again as the jobs end (each run collects what ended and writes the posts
/// it completes), polling at an interval that grows by half up to `--poll-max`, until no
/// job is pending or `--wait-max` has passed.
fn wait(
    ctx: &Ctx,
    site: &Site,
    opts: &Options,
    [poll, poll_max, wait_max]: [Option<f64>; 3],
) -> Result<crate::run::Summary, Failure> {
    let started = std::time::Instant::now();
    let limit = std::time::Duration::from_secs_f64(wait_max.unwrap_or(86_400.0));
    let ceiling = poll_max.unwrap_or(600.0);
    let mut interval = poll.unwrap_or(30.0).min(ceiling);
    let mut totals = run_once(ctx, site, opts)?;
    batch_submitted(ctx, &totals);
    while !totals.batch.pending.is_empty() && !totals.cancelled && totals.errors == 0 {
        let left = limit.saturating_sub(started.elapsed());
        if left.is_zero() {
            ctx.note(
                "batch-wait-gave-up",
                &[("jobs", totals.batch.pending.len().to_string())],
            );
            break;
        }
        let (done, all) = totals.batch.pending.iter().fold((0, 0), |(d, a), j| {
            (d + j.counts.succeeded + j.counts.failed, a + j.requests)
        });
        ctx.note(
            "batch-waiting",
            &[
                ("jobs", totals.batch.pending.len().to_string()),
                ("done", done.to_string()),
                ("requests", all.to_string()),
                (
                    "secs",
                    if interval < 10.0 {
                        format!("{interval:.2}")
                    } else {
                        format!("{interval:.0}")
                    },
                ),
            ],
        );
        std::thread::sleep(std::time::Duration::from_secs_f64(interval).min(left));
        interval = (interval * 1.5).min(ceiling);
        let next = run_once(ctx, site, opts)?;
        totals.absorb(next);
    }
    Ok(totals)
}

/// What was submitted and how to collect it.
fn batch_submitted(ctx: &Ctx, totals: &crate::run::Summary) {
    let s = &totals.batch.submitted;
    if !s.jobs.is_empty() {
        ctx.note(
            "batch-submitted",
            &[
                ("jobs", s.jobs.len().to_string()),
                (
                    "requests",
                    s.jobs.iter().map(|j| j.requests).sum::<usize>().to_string(),
                ),
                (
                    "ids",
                    s.jobs
                        .iter()
                        .map(|j| j.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        );
    }
}

/// The batch part of the summary: jobs submitted, collected and pending, and the usage
/// the providers reported with its cost.
fn batch_lines(ctx: &Ctx, totals: &crate::run::Summary, prices: Option<crate::cost::Prices>) {
    let b = &totals.batch;
    if b.collected > 0 {
        ctx.note(
            "batch-collected",
            &[
                ("jobs", b.collected.to_string()),
                ("segments", b.accepted.to_string()),
            ],
        );
    }
    if b.waiting_posts > 0 || !b.pending.is_empty() {
        batch_submitted(ctx, totals);
        ctx.note(
            "batch-pending",
            &[
                ("posts", b.waiting_posts.to_string()),
                ("jobs", b.pending.len().to_string()),
            ],
        );
    }
    for (usage, batch) in [(totals.usage, false), (b.usage, true)] {
        if usage.is_empty() {
            continue;
        }
        let cost = match prices {
            Some(p) if batch => ctx.msgs.format(
                "cost-batch-price",
                &[("usd", crate::cost::usd_text(p.usd(usage, true)))],
            ),
            Some(p) => crate::cost::usd_text(p.usd(usage, false)),
            None => ctx.msgs.format("cost-tokens-only", &[]),
        };
        ctx.note(
            if batch {
                "translate-usage-batch"
            } else {
                "translate-usage"
            },
            &[
                ("input", usage.input_tokens.to_string()),
                ("output", usage.output_tokens.to_string()),
                ("cost", cost),
            ],
        );
    }
}

/// One run of the stages, its events and progress drawn by the CLI.
pub(super) fn run_once(
    ctx: &Ctx,
    site: &Site,
    opts: &Options,
) -> Result<crate::run::Summary, Failure> {
    let reporter = super::progress::Reporter::new(ctx);
    let totals = crate::run::run(site, opts, &reporter);
    reporter.finish();
    totals
}
