//! `l10n merge-driver state|post BASE OURS THEIRS [PATH]`: what git runs (once
//! `l10n git-setup` registered it) to merge a state file or an English post. The result
//! replaces OURS; the exit code is git's contract: 0 merged, 1 conflicts left in the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{Ctx, Failure, IoError, read_file};
use crate::document::decode;
use crate::merge::post::{self, Markers};
use crate::merge::state;
use crate::state::PostState;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the files are.
    #[arg(value_enum)]
    kind: Kind,
    /// The common ancestor's version (git's %O).
    base: PathBuf,
    /// This branch's version, replaced by the result (git's %A).
    ours: PathBuf,
    /// The other branch's version (git's %B).
    theirs: PathBuf,
    /// Where the result goes in the repository (git's %P), for messages.
    path: Option<PathBuf>,
    /// Length of conflict markers (git's %L).
    #[arg(long, default_value_t = 7, value_name = "N")]
    marker_size: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    State,
    Post,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let name = args
        .path
        .as_deref()
        .unwrap_or(&args.ours)
        .display()
        .to_string();
    let read = |p: &Path| -> Result<String, Failure> { Ok(decode(&name, &read_file(p)?)?) };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let (merged, clean) = match args.kind {
        Kind::State => {
            let parse = |t: &str| -> Option<PostState> {
                if crate::merge::markers::conflict_line(t.as_bytes()).is_some() {
                    return None;
                }
                PostState::from_toml(t).ok()
            };
            let base_state = if base.trim().is_empty() {
                Some(None)
            } else {
                parse(&base).map(Some)
            };
            let (Some(b), Some(o), Some(t)) = (base_state, parse(&ours), parse(&theirs)) else {
                // Not a state l10n can read: git's own line merge, markers and all.
                return line_merge(&args);
            };
            let (mut b, mut o, mut t) = (b, o, t);
            let posts = english_versions(ctx, [b.as_ref(), Some(&o), Some(&t)]);
            let posts: Vec<&crate::document::Document> = posts.iter().collect();
            for s in b.iter_mut().chain([&mut o, &mut t]) {
                s.fill_english(&posts);
            }
            let m = state::merge(b.as_ref(), &o, &t);
            if !m.marked.is_empty() {
                ctx.warn(
                    "merge-driver-marked",
                    &[
                        ("path", name.clone()),
                        ("count", m.marked.len().to_string()),
                    ],
                );
            }
            (m.state.to_toml(), true)
        }
        Kind::Post => {
            // git needs a merge even when l10n.toml is broken; every other command reports it.
            let opts = super::load_config(ctx)
                .map(|c| c.parse_options())
                .unwrap_or_default();
            let markers = Markers {
                size: args.marker_size,
                ..Markers::default()
            };
            let m = post::merge(&base, &ours, &theirs, &opts, &markers);
            (m.text, m.conflicts == 0)
        }
    };
    crate::atomic::write(&args.ours, merged.as_bytes()).map_err(|e| IoError::new(&name, &e))?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The English posts a state may leave its English to, as far as they can be read: the
/// working tree's and those of the commits a merge, rebase or cherry-pick involves. Any
/// version will do, for an entry takes only a segment whose hash is its own; one that
/// cannot be read is simply not a candidate.
fn english_versions<'a>(
    ctx: &Ctx,
    states: impl IntoIterator<Item = Option<&'a PostState>>,
) -> Vec<crate::document::Document> {
    let (root, opts) = match super::load_config(ctx) {
        Ok(c) => (c.root.clone(), c.parse_options()),
        Err(_) => (PathBuf::from("."), Default::default()),
    };
    let mut targets: Vec<&str> = states
        .into_iter()
        .flatten()
        .filter(|s| s.lacks_english())
        .map(|s| s.target.as_str())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let mut out = Vec::new();
    for target in targets {
        let mut versions: Vec<Vec<u8>> = std::fs::read(root.join(target)).into_iter().collect();
        for rev in [
            "HEAD",
            "MERGE_HEAD",
            "REBASE_HEAD",
            "CHERRY_PICK_HEAD",
            "ORIG_HEAD",
        ] {
            let shown = std::process::Command::new("git")
                .arg("-C")
                .arg(&root)
                .args(["show", &format!("{rev}:./{target}")])
                .stderr(std::process::Stdio::null())
                .output();
            if let Ok(o) = shown
                && o.status.success()
            {
                versions.push(o.stdout);
            }
        }
        out.extend(
            versions
                .iter()
                .filter_map(|b| crate::document::Document::parse(target, b, &opts).ok()),
        );
    }
    out
}

/// `git merge-file` on the three files: what git would have done without this driver.
fn line_merge(args: &Args) -> Result<ExitCode, Failure> {
    let status = std::process::Command::new("git")
        .arg("merge-file")
        .arg(format!("--marker-size={}", args.marker_size))
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .args([&args.ours, &args.base, &args.theirs])
        .status()
        .map_err(|e| IoError::new("git", &e))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
