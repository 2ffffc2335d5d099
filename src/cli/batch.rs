//! `l10n batch status|cancel|export|import`: the provider batch jobs `translate --batch`
//! submitted, and request files for a self-hosted `vllm run-batch`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::site::Site;
use super::{Ctx, Failure, print};
use crate::batch::session::{Session, Target};
use crate::batch::store::Store;
use crate::diag::IoError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List the batch jobs: provider, state, requests done, age.
    Status,
    /// Cancel pending jobs (all, or those named); what they finished is still collected.
    Cancel {
        /// Job ids as `batch status` lists them.
        ids: Vec<String>,
    },
    /// Write what is left to translate as one OpenAI batch request file, for
    /// `vllm run-batch -i FILE -o RESULTS`.
    Export {
        /// The request file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Source posts (default: every post).
        paths: Vec<PathBuf>,
        /// Only this target language.
        #[arg(long, value_name = "LANG")]
        to: Option<String>,
        /// An openai backend from l10n.toml (the model vLLM serves).
        #[arg(long, value_name = "NAME")]
        backend: Option<String>,
    },
    /// Take a `vllm run-batch` results file for the exported requests and write the posts.
    Import {
        /// The results file (`vllm run-batch -o`).
        results: PathBuf,
        /// The backend the requests were exported for.
        #[arg(long, value_name = "NAME")]
        backend: Option<String>,
    },
}

fn env() -> crate::batch::session::Env {
    Box::new(|k| std::env::var(k).ok())
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| IoError::new("<runtime>", &e).into())
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    match args.action {
        Action::Status => status(ctx, &site),
        Action::Cancel { ids } => {
            let store = Store::new(&site.config.root);
            let jobs = store.jobs().map_err(|e| IoError::new(&store.dir, &e))?;
            let mut backends: Vec<&str> = jobs.iter().map(|j| j.backend.as_str()).collect();
            backends.dedup();
            let mut cancelled = Vec::new();
            for b in backends {
                let mut session = Session::open(&site.config, b, None, env())?;
                cancelled.extend(runtime()?.block_on(session.cancel(&ids))?);
            }
            ctx.note(
                "batch-cancelled",
                &[
                    ("jobs", cancelled.len().to_string()),
                    ("ids", cancelled.join(", ")),
                ],
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Export {
            output,
            paths,
            to,
            backend,
        } => {
            let opts = crate::run::Options {
                paths,
                to,
                backend,
                batch: Some(Target::File(output.clone())),
                ..Default::default()
            };
            let totals = super::translate::run_once(ctx, &site, &opts)?;
            let requests = totals
                .batch
                .submitted
                .file
                .as_ref()
                .map_or(0, |w| w.requests);
            ctx.note(
                "batch-exported",
                &[
                    ("requests", requests.to_string()),
                    ("path", output.display().to_string()),
                ],
            );
            Ok(if totals.errors > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Action::Import { results, backend } => {
            let name = backend
                .clone()
                .unwrap_or_else(|| site.config.default_backend.clone());
            let mut session = Session::open(&site.config, &name, None, env())?;
            let jobs = session.import(&results)?;
            if jobs == 0 {
                ctx.note("batch-import-none", &[]);
                return Ok(ExitCode::from(1));
            }
            drop(session);
            super::translate::run(ctx, super::translate::Args::every_post(backend))
        }
    }
}

fn status(ctx: &Ctx, site: &Site) -> Result<ExitCode, Failure> {
    let store = Store::new(&site.config.root);
    let jobs = store.jobs().map_err(|e| IoError::new(&store.dir, &e))?;
    if jobs.is_empty() {
        ctx.note("batch-status-none", &[]);
        return Ok(ExitCode::SUCCESS);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut out = String::new();
    for j in &jobs {
        let age = now.saturating_sub(j.created);
        out.push_str(&ctx.msgs.format(
            "batch-status-line",
            &[
                ("id", j.id.clone()),
                ("provider", j.provider.name().to_owned()),
                ("backend", j.backend.clone()),
                ("remote", j.remote.clone().unwrap_or_else(|| "-".into())),
                (
                    "status",
                    if j.collected {
                        ctx.msgs.format("batch-collected-word", &[])
                    } else {
                        j.status.clone()
                    },
                ),
                ("done", j.counts.succeeded.to_string()),
                ("failed", j.counts.failed.to_string()),
                ("requests", j.requests.to_string()),
                ("age", format!("{}h{:02}m", age / 3600, age % 3600 / 60)),
            ],
        ));
        out.push('\n');
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
