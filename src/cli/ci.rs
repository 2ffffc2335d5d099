//! `l10n ci --mode pull-request|commit [--base BRANCH] [--report PATH] [translate's flags]`
//!
//! Reads what Actions sets (`GITHUB_TOKEN`, `GITHUB_REPOSITORY`, `GITHUB_API_URL`,
//! `GITHUB_RUN_ID`), then runs [`crate::ci`] with `translate` as its translate step. The
//! exit code is translate's.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::translate::{self, Ran};
use super::{Ctx, Failure};
use crate::ci::{CiError, Mode, Run, Translated};
use crate::forge::github::Github;
use crate::git::Git;

#[derive(Debug, clap::Args)]
pub struct CiArgs {
    /// pull-request: commit to l10n/<base> and open or update its pull request;
    /// commit: commit to the current branch.
    #[arg(long, value_enum)]
    mode: CiMode,
    /// The branch to translate (default: the current one).
    #[arg(long, value_name = "BRANCH")]
    base: Option<String>,
    /// Write the full HTML review report here (the pull request links to it when cut).
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    #[command(flatten)]
    translate: translate::Args,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CiMode {
    PullRequest,
    Commit,
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

/// The summary rows a run adds to the pull request: what it wrote, sent and cost.
fn rows(ctx: &Ctx, ran: &Ran) -> Vec<(String, String)> {
    let t = |id: &str| ctx.msgs.format(id, &[]);
    let totals = &ran.totals;
    let mut rows = vec![
        (t("ci-row-written"), totals.written.to_string()),
        (t("ci-row-sent"), totals.sent.to_string()),
        (t("ci-row-reused"), totals.reused.to_string()),
        (t("ci-row-failed"), totals.failed.to_string()),
        (t("ci-row-review"), ran.need_review.to_string()),
    ];
    if totals.cost.requests > 0 {
        rows.push((
            t("ci-row-cost"),
            ctx.msgs.format(
                "ci-cost",
                &[
                    ("requests", totals.cost.requests.to_string()),
                    ("input", totals.cost.input_tokens.to_string()),
                    ("output", totals.cost.output_tokens.to_string()),
                ],
            ),
        ));
    }
    rows
}

pub fn run(ctx: &Ctx, args: CiArgs) -> Result<ExitCode, Failure> {
    let cwd = std::env::current_dir().map_err(|e| super::IoError::new(".", &e))?;
    // Git runs at the site's root, where the paths of posts and states start.
    let root = crate::site::Site::open(ctx.config.as_deref())
        .map(|s| s.config.root)
        .unwrap_or_else(|_| cwd.clone());
    let git = Git::new(&root)
        .with_default_identity(
            "l10n",
            "41898282+github-actions[bot]@users.noreply.github.com",
        )
        .with_secret(&env("GITHUB_TOKEN").unwrap_or_default())
        .with_config(crate::git::merge_drivers());
    let mode = match args.mode {
        CiMode::PullRequest => Mode::PullRequest,
        CiMode::Commit => Mode::Commit,
    };
    let forge = match mode {
        Mode::Commit => None,
        Mode::PullRequest => {
            if git.toplevel()?.is_none() {
                return Err(CiError::NotARepository {
                    dir: root.display().to_string(),
                }
                .into());
            }
            let token = env("GITHUB_TOKEN").ok_or(CiError::NoToken)?;
            let repository = env("GITHUB_REPOSITORY").ok_or(CiError::NoRepository)?;
            let api = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
            Some(Github::new(&api, &repository, &token)?)
        }
    };
    let report_link = match (
        env("GITHUB_SERVER_URL"),
        env("GITHUB_REPOSITORY"),
        env("GITHUB_RUN_ID"),
    ) {
        (Some(server), Some(repo), Some(id)) if args.report.is_some() => Some(ctx.msgs.format(
            "ci-report-link",
            &[("url", format!("{server}/{repo}/actions/runs/{id}"))],
        )),
        _ => None,
    };
    let run = Run {
        git: &git,
        mode,
        base: args.base,
        run_id: env("GITHUB_RUN_ID").unwrap_or_else(|| "local".into()),
        config: ctx.config.as_deref(),
        report_path: args.report,
        report_link,
    };
    let mut translate_args = Some(args.translate);
    let mut step = |site: &crate::site::Site| -> Result<Translated, Failure> {
        let Some(a) = translate_args.take() else {
            return Ok(Translated {
                code: 0,
                rows: vec![],
            });
        };
        let ran = translate::translate(ctx, site, a)?;
        Ok(Translated {
            code: ran.code,
            rows: rows(ctx, &ran),
        })
    };
    let forge = forge.as_ref().map(|f| f as &dyn crate::forge::Forge);
    let outcome = crate::ci::run(&run, forge, ctx.msgs, ctx, &mut step)?;
    if let crate::ci::Outcome::Pushed { pull: Some(pr), .. } = &outcome
        && let Some(path) = std::env::var_os("GITHUB_OUTPUT").filter(|p| !p.is_empty())
    {
        step_outputs(std::path::Path::new(&path), pr)?;
    }
    Ok(ExitCode::from(outcome.code()))
}

/// The pull request as the step's outputs (`pull-request-number`, `pull-request-url`), for
/// the steps after it.
fn step_outputs(path: &std::path::Path, pr: &crate::forge::PullRequest) -> Result<(), Failure> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| {
            writeln!(f, "pull-request-number={}", pr.number)?;
            writeln!(f, "pull-request-url={}", pr.url)
        })
        .map_err(|e| super::IoError::new(path, &e).into())
}

impl crate::ci::Notes for Ctx {
    fn note(&self, id: &str, args: &[(&str, String)]) {
        Ctx::note(self, id, args);
    }
    fn warn(&self, id: &str, args: &[(&str, String)]) {
        Ctx::warn(self, id, args);
    }
}
