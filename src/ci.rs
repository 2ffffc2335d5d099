//! `l10n ci`: the daily loop in CI. Translate what changed on the base branch, commit only
//! the English posts and states that changed, push without ever forcing, and open or
//! update one pull request whose body is the review. The translate run itself is the
//! caller's (it prints what `translate` prints); this is git and the forge around it.

use std::path::{Path, PathBuf};

use crate::diag::{Detail, Diagnostic, Failure, IoError};
use crate::forge::{Forge, Proposal, PullRequest};
use crate::git::{Git, GitError};
use crate::i18n::Messages;
use crate::review::markdown::{Frame, GITHUB_BODY_LIMIT, markdown};
use crate::review::queue::{Post, posts, queue};
use crate::site::Site;
use crate::state::store::Store;

/// Where the loop tells a person what it did (a note) or had to work around (a warning):
/// Fluent ids with arguments, drawn by the CLI.
pub trait Notes {
    fn note(&self, id: &str, args: &[(&str, String)]);
    fn warn(&self, id: &str, args: &[(&str, String)]);
}

/// The trailer that marks a commit as l10n's own: a run on it does nothing.
pub const TRAILER: &str = "L10n-Run";

/// Translate's exit code when interrupted (SIGINT).
const INTERRUPTED: u8 = 130;

/// Where the run's commit goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// To branch `l10n/<base>`, proposed as a pull request into the base.
    PullRequest,
    /// To the checked-out branch.
    Commit,
}

/// Why `l10n ci` refused to start or to finish; nothing was pushed.
#[derive(Debug, Clone)]
pub enum CiError {
    NotARepository { dir: String },
    Dirty { files: Vec<String> },
    NoToken,
    NoRepository,
    Detached,
    BaseMissing { base: String },
    Conflict { branch: String, base: String },
    PushRejected { branch: String, detail: Detail },
    PushConflict { branch: String },
}

impl Diagnostic for CiError {
    fn id(&self) -> &'static str {
        match self {
            CiError::NotARepository { .. } => "err-ci-not-a-repository",
            CiError::Dirty { .. } => "err-ci-dirty",
            CiError::NoToken => "err-ci-no-token",
            CiError::NoRepository => "err-ci-no-repository",
            CiError::Detached => "err-ci-detached",
            CiError::BaseMissing { .. } => "err-ci-base-missing",
            CiError::Conflict { .. } => "err-ci-conflict",
            CiError::PushRejected { .. } => "err-ci-push-rejected",
            CiError::PushConflict { .. } => "err-ci-push-conflict",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CiError::NotARepository { dir } => vec![("dir", dir.clone())],
            CiError::Dirty { files } => vec![
                ("count", files.len().to_string()),
                (
                    "files",
                    files.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                ),
            ],
            CiError::NoToken | CiError::NoRepository | CiError::Detached => vec![],
            CiError::BaseMissing { base } => vec![("base", base.clone())],
            CiError::Conflict { branch, base } => {
                vec![("branch", branch.clone()), ("base", base.clone())]
            }
            CiError::PushRejected { branch, .. } | CiError::PushConflict { branch } => {
                vec![("branch", branch.clone())]
            }
        }
    }
    fn detail(&self) -> Option<&Detail> {
        match self {
            CiError::PushRejected { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

crate::english_display!(CiError);

/// What a translate run reports back to the loop.
pub struct Translated {
    /// Its exit code: 0, 1 when something needs a person, 2 on errors, 130 interrupted.
    pub code: u8,
    /// Summary rows for the pull request (label, value): sent, reused, cost.
    pub rows: Vec<(String, String)>,
}

/// One `l10n ci` run.
pub struct Run<'a> {
    pub git: &'a Git,
    pub mode: Mode,
    /// The branch translated (pull-request mode) or pushed to (commit mode); default the
    /// checked-out one.
    pub base: Option<String>,
    /// Recorded in the commit's trailer (the Actions run id, or `local`).
    pub run_id: String,
    /// `l10n.toml` named on the command line.
    pub config: Option<&'a Path>,
    /// Where the full HTML report is written, for reports too long for a body.
    pub report_path: Option<PathBuf>,
    /// Where a reader finds that report (the Actions run's page); trusted Markdown.
    pub report_link: Option<String>,
}

/// How the run ended.
#[derive(Debug)]
pub enum Outcome {
    /// HEAD is l10n's own commit.
    OwnCommit,
    /// Nothing to commit: nothing pushed, no pull request touched.
    Unchanged { code: u8 },
    /// Translate was interrupted: nothing committed.
    Failed { code: u8 },
    /// Committed and pushed; in pull-request mode, the pull request opened or updated.
    Pushed { code: u8, pull: Option<PullRequest> },
}

impl Outcome {
    pub fn code(&self) -> u8 {
        match self {
            Outcome::OwnCommit => 0,
            Outcome::Unchanged { code }
            | Outcome::Failed { code }
            | Outcome::Pushed { code, .. } => *code,
        }
    }
}

/// Whether a commit message carries l10n's trailer.
pub fn is_own(message: &str) -> bool {
    message
        .lines()
        .any(|l| l.strip_prefix(TRAILER).is_some_and(|r| r.starts_with(':')))
}

/// The name of the branch a pull-request run pushes to.
pub fn head_branch(base: &str) -> String {
    format!("l10n/{base}")
}

/// Checks what must hold before anything is touched: a repository, not l10n's own commit,
/// a clean work tree, a base branch on `origin`. Returns the base, or `None` for the loop
/// guard.
fn preflight(run: &Run<'_>) -> Result<Option<String>, Failure> {
    let git = run.git;
    if git.toplevel()?.is_none() {
        return Err(CiError::NotARepository {
            dir: git.dir.display().to_string(),
        }
        .into());
    }
    if is_own(&git.message("HEAD")?) {
        return Ok(None);
    }
    // The cache and lock are l10n's own scratch files, untracked in a repository that has
    // not ignored them yet.
    let dirty = git.dirty(&[".l10n/cache", ".l10n/lock"])?;
    if !dirty.is_empty() {
        return Err(CiError::Dirty { files: dirty }.into());
    }
    let base = match (&run.base, git.branch()?) {
        (Some(b), _) => b.clone(),
        (None, Some(b)) => b,
        (None, None) => return Err(CiError::Detached.into()),
    };
    if !git.remote_has(&base)? {
        return Err(CiError::BaseMissing { base }.into());
    }
    Ok(Some(base))
}

/// Runs the loop: `translate` is called once on the tree to commit from.
pub fn run(
    run: &Run<'_>,
    forge: Option<&dyn Forge>,
    msgs: &'static Messages,
    events: &dyn Notes,
    translate: &mut dyn FnMut(&Site) -> Result<Translated, Failure>,
) -> Result<Outcome, Failure> {
    let Some(base) = preflight(run)? else {
        events.note("ci-own-commit", &[("trailer", TRAILER.to_owned())]);
        return Ok(Outcome::OwnCommit);
    };
    if let (Mode::PullRequest, Some(forge)) = (run.mode, forge) {
        // A token the forge refuses is found before anything is pushed.
        forge.find_open(&head_branch(&base))?;
    }
    let git = run.git;
    let start = match git.branch()? {
        Some(b) => b,
        None => git.ok(&["rev-parse", "HEAD"])?.trim().to_owned(),
    };
    let result = on_branch(run, &base, forge, msgs, events, translate);
    // Leave the work tree as it was found: on the branch or commit it started from and, in
    // pull-request mode, without what a failed or interrupted run wrote there (the tree
    // was clean at the start).
    if run.mode == Mode::PullRequest && matches!(result, Err(_) | Ok(Outcome::Failed { .. })) {
        // Best effort: the run's own error or failure is what it reports.
        let _ = git.run(&["reset", "-q", "--hard"]);
    }
    git.ok(&["checkout", "-q", &start])?;
    result
}

fn on_branch(
    run: &Run<'_>,
    base: &str,
    forge: Option<&dyn Forge>,
    msgs: &'static Messages,
    events: &dyn Notes,
    translate: &mut dyn FnMut(&Site) -> Result<Translated, Failure>,
) -> Result<Outcome, Failure> {
    let git = run.git;
    let (branch, base_ref) = match run.mode {
        Mode::Commit => {
            if git.branch()?.as_deref() != Some(base) {
                let base_ref = git.fetch(base)?;
                git.ok(&["checkout", "-q", "-B", base, &base_ref])?;
            }
            (base.to_owned(), None)
        }
        Mode::PullRequest => {
            let head = head_branch(base);
            let base_ref = git.fetch(base)?;
            prepare(git, &head, &base_ref, base)?;
            (head, Some(base_ref))
        }
    };
    let site = Site::open(run.config)?;
    let translated = translate(&site)?;
    // Interrupted: nothing is committed. Errors on some posts (exit 2) do not hold back
    // the posts that were written: they are committed and proposed, and the run exits 2.
    if translated.code == INTERRUPTED {
        return Ok(Outcome::Failed {
            code: translated.code,
        });
    }
    let all = posts(&site, &[])?;
    let files = stage(git, &site, &all)?;
    if files.is_empty() {
        events.note("ci-unchanged", &[]);
        return Ok(Outcome::Unchanged {
            code: translated.code,
        });
    }
    let message = commit_message(&files, &run.run_id);
    git.ok(&["commit", "-q", "--no-verify", "-m", &message])?;
    let commit = git.ok(&["rev-parse", "HEAD"])?.trim().to_owned();
    push(git, &branch, base_ref.as_deref(), base, &commit, events)?;
    events.note(
        "ci-pushed",
        &[
            ("branch", branch.clone()),
            ("files", files.len().to_string()),
        ],
    );
    let pull = match (run.mode, base_ref, forge) {
        (Mode::PullRequest, Some(base_ref), Some(forge)) => {
            let body = body(run, &site, &all, &base_ref, &translated.rows, msgs)?;
            let proposal = Proposal {
                head: branch.clone(),
                base: base.to_owned(),
                title: msgs.format("ci-pr-title", &[("base", base.to_owned())]),
                body,
            };
            let (pr, opened) = forge.propose(&proposal)?;
            events.note(
                if opened {
                    "ci-pr-opened"
                } else {
                    "ci-pr-updated"
                },
                &[("number", pr.number.to_string()), ("url", pr.url.clone())],
            );
            Some(pr)
        }
        _ => None,
    };
    Ok(Outcome::Pushed {
        code: translated.code,
        pull,
    })
}

/// Checks out `head`: `origin`'s copy with the base merged in (a person's commits on it
/// are kept, so it is never force-pushed), else a new branch at the base.
fn prepare(git: &Git, head: &str, base_ref: &str, base: &str) -> Result<(), Failure> {
    if !git.remote_has(head)? {
        git.ok(&["checkout", "-q", "-B", head, base_ref])?;
        return Ok(());
    }
    let head_ref = git.fetch(head)?;
    git.ok(&["checkout", "-q", "-B", head, &head_ref])?;
    merge_base(git, head, base_ref, base)
}

/// Stages the English posts and states that changed; returns them (paths from the root).
fn stage(git: &Git, site: &Site, all: &[Post]) -> Result<Vec<String>, GitError> {
    let root = &site.config.root;
    let mut paths: Vec<PathBuf> = Vec::new();
    for p in all {
        for rel in [
            p.target.clone(),
            Store::rel_path(&p.lang.to_string(), &p.source),
        ] {
            if root.join(&rel).exists() {
                paths.push(root.join(rel));
            }
        }
    }
    for chunk in paths.chunks(500) {
        let mut args: Vec<String> = vec!["add".into(), "--".into()];
        args.extend(chunk.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git.ok(&args)?;
    }
    Ok(git
        .ok(&["diff", "--cached", "--name-only", "--relative"])?
        .lines()
        .map(str::to_owned)
        .collect())
}

fn commit_message(files: &[String], run_id: &str) -> String {
    let posts = files.iter().filter(|f| !f.starts_with(".l10n/")).count();
    let mut m = format!(
        "l10n: translate {posts} {}\n\n",
        if posts == 1 { "post" } else { "posts" }
    );
    for f in files {
        m.push_str(f);
        m.push('\n');
    }
    m.push_str(&format!("\n{TRAILER}: {run_id}\n"));
    m
}

/// Pushes `branch`, never forced. Refused (someone pushed meanwhile): fetch, put the run's
/// commit on top of what is there now (with the base merged in again in pull-request
/// mode), push once more, else say so.
fn push(
    git: &Git,
    branch: &str,
    base_ref: Option<&str>,
    base: &str,
    commit: &str,
    events: &dyn Notes,
) -> Result<(), Failure> {
    if git.push(branch)?.is_ok() {
        return Ok(());
    }
    events.warn("ci-push-retry", &[("branch", branch.to_owned())]);
    let rejected = |e: GitError| CiError::PushRejected {
        branch: branch.to_owned(),
        detail: e.detail,
    };
    // Pushed meanwhile: start from what is there now. Not there: a hook or a rule refused.
    if git.remote_has(branch)? {
        let upstream = git.fetch(branch).map_err(rejected)?;
        git.ok(&["checkout", "-q", "-B", branch, &upstream])?;
        if let Some(base_ref) = base_ref {
            merge_base(git, branch, base_ref, base)?;
        }
    } else {
        git.ok(&["reset", "-q", "--hard", "HEAD~1"])?;
    }
    if !git.run(&["cherry-pick", "--allow-empty", commit])?.ok {
        // Best effort: the conflict returned below is what the run reports.
        let _ = git.run(&["cherry-pick", "--abort"]);
        return Err(CiError::PushConflict {
            branch: branch.to_owned(),
        }
        .into());
    }
    git.push(branch)?.map_err(rejected)?;
    Ok(())
}

/// Merges the base into `branch`; a conflict is left to a person (nothing is pushed).
fn merge_base(git: &Git, branch: &str, base_ref: &str, base: &str) -> Result<(), Failure> {
    if !git.run(&["merge", "-q", "--no-edit", base_ref])?.ok {
        // Best effort: the conflict returned below is what the run reports.
        let _ = git.run(&["merge", "--abort"]);
        return Err(CiError::Conflict {
            branch: branch.to_owned(),
            base: base.to_owned(),
        }
        .into());
    }
    Ok(())
}

/// The pull request's body: the review of every post the branch changes against the base.
fn body(
    run: &Run<'_>,
    site: &Site,
    all: &[Post],
    base_ref: &str,
    rows: &[(String, String)],
    msgs: &'static Messages,
) -> Result<String, Failure> {
    let range = format!("{base_ref}...HEAD");
    let changed: Vec<String> = run
        .git
        .ok(&["diff", "--name-only", "--relative", &range])?
        .lines()
        .map(str::to_owned)
        .collect();
    let touched: Vec<Post> = all
        .iter()
        .filter(|p| {
            let state = Store::rel_path(&p.lang.to_string(), &p.source);
            changed.iter().any(|c| {
                Path::new(c) == p.target || Path::new(c) == state || Path::new(c) == p.source
            })
        })
        .cloned()
        .collect();
    let items = queue(site, &touched, false)?.items;
    if let Some(path) = &run.report_path {
        let html = crate::review::render::html(&items, msgs, msgs.lang().tag());
        crate::atomic::write(path, html.as_bytes()).map_err(|e| IoError::new(path, &e))?;
    }
    let full_report = match &run.report_link {
        Some(link) => link.clone(),
        None => msgs.format(
            "ci-full-report",
            &[("branch", head_branch(&base_of(run, base_ref)))],
        ),
    };
    Ok(markdown(
        &items,
        msgs,
        &Frame {
            rows,
            limit: Some(GITHUB_BODY_LIMIT),
            full_report: &full_report,
        },
    ))
}

fn base_of(run: &Run<'_>, base_ref: &str) -> String {
    run.base.clone().unwrap_or_else(|| {
        base_ref
            .strip_prefix("refs/remotes/origin/")
            .unwrap_or(base_ref)
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_commits_are_known_by_their_trailer() {
        assert!(is_own(
            "l10n: translate 1 post\n\nposts/en/a.md\n\nL10n-Run: 42\n"
        ));
        assert!(!is_own("Fix a typo\n\nMentions L10n-Run in passing"));
        assert!(!is_own("L10n-Runner: x"));
    }

    #[test]
    fn the_message_lists_files_and_ends_with_the_trailer() {
        let m = commit_message(
            &[
                "posts/en/a.md".into(),
                ".l10n/state/en/posts/a.md.toml".into(),
            ],
            "7",
        );
        assert!(
            m.starts_with("l10n: translate 1 post\n\nposts/en/a.md\n"),
            "{m}"
        );
        assert!(m.ends_with("\nL10n-Run: 7\n") && is_own(&m), "{m}");
    }
}
