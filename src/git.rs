//! The `git` binary, run in one work tree: what `l10n ci` needs of it, each command's
//! failure kept with git's own words.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::{Detail, Diagnostic};

/// A git command that failed: the command line and what git said (English, quoted).
#[derive(Debug, Clone)]
pub struct GitError {
    pub command: String,
    pub detail: Detail,
}

impl Diagnostic for GitError {
    fn id(&self) -> &'static str {
        "err-git"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("command", self.command.clone())]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.detail)
    }
}

crate::english_display!(GitError);

/// What a git command printed, and whether it succeeded.
pub struct Output {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A work tree, and the identity its commits are made with when git has none configured.
pub struct Git {
    pub dir: PathBuf,
    identity: Option<(String, String)>,
    /// Replaced in anything git says before it is shown (a token in a remote's URL).
    secrets: Vec<String>,
    /// `-c name=value` given to every command.
    config: Vec<(String, String)>,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
            identity: None,
            secrets: Vec::new(),
            config: Vec::new(),
        }
    }

    /// Gives every command `-c name=value` for each pair, leaving the repository's own
    /// config untouched.
    pub fn with_config(mut self, pairs: Vec<(String, String)>) -> Git {
        self.config.extend(pairs);
        self
    }

    /// Never shows `secret` in an error, whatever git prints.
    pub fn with_secret(mut self, secret: &str) -> Git {
        if !secret.is_empty() {
            self.secrets.push(secret.to_owned());
        }
        self
    }

    /// Commits as `name <email>` unless the repository or the user has an identity.
    pub fn with_default_identity(mut self, name: &str, email: &str) -> Git {
        let has = |key: &str| {
            self.run(&["config", key])
                .is_ok_and(|o| o.ok && !o.stdout.trim().is_empty())
        };
        if !has("user.email") || !has("user.name") {
            self.identity = Some((name.to_owned(), email.to_owned()));
        }
        self
    }

    /// Runs `git args`, whatever its exit status.
    pub fn run(&self, args: &[&str]) -> Result<Output, GitError> {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.dir);
        if let Some((name, email)) = &self.identity {
            cmd.env("GIT_AUTHOR_NAME", name)
                .env("GIT_AUTHOR_EMAIL", email)
                .env("GIT_COMMITTER_NAME", name)
                .env("GIT_COMMITTER_EMAIL", email);
        }
        // Git's messages are parsed (`[rejected]`) and quoted: keep them in English, and
        // never stop to ask for a password.
        cmd.env("LC_ALL", "C").env("GIT_TERMINAL_PROMPT", "0");
        for (name, value) in &self.config {
            cmd.arg("-c").arg(format!("{name}={value}"));
        }
        let out = cmd.args(args).output().map_err(|e| GitError {
            command: format!("git {}", args.join(" ")),
            detail: Detail::io(&e),
        })?;
        Ok(Output {
            ok: out.status.success(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// Runs `git args` and returns its stdout; a failure is an error with git's stderr.
    pub fn ok(&self, args: &[&str]) -> Result<String, GitError> {
        let out = self.run(args)?;
        if out.ok {
            Ok(out.stdout)
        } else {
            Err(self.failed(args, &out))
        }
    }

    pub fn failed(&self, args: &[&str], out: &Output) -> GitError {
        let said = if out.stderr.trim().is_empty() {
            out.stdout.trim()
        } else {
            out.stderr.trim()
        };
        let scrub = |s: &str| {
            self.secrets
                .iter()
                .fold(s.to_owned(), |acc, k| acc.replace(k.as_str(), "***"))
        };
        GitError {
            command: scrub(&format!("git {}", args.join(" "))),
            detail: Detail::quoted("detail-git", scrub(said)),
        }
    }

    /// The top of the work tree, or `None` outside a repository.
    pub fn toplevel(&self) -> Result<Option<PathBuf>, GitError> {
        let out = self.run(&["rev-parse", "--show-toplevel"])?;
        Ok(out.ok.then(|| PathBuf::from(out.stdout.trim())))
    }

    /// The checked-out branch, `None` on a detached HEAD.
    pub fn branch(&self) -> Result<Option<String>, GitError> {
        let out = self.run(&["symbolic-ref", "--short", "-q", "HEAD"])?;
        Ok(out.ok.then(|| out.stdout.trim().to_owned()))
    }

    /// `git status --porcelain` without the `except` pathspecs: changed and untracked
    /// files, one a line.
    pub fn dirty(&self, except: &[&str]) -> Result<Vec<String>, GitError> {
        let excluded: Vec<String> = except.iter().map(|e| format!(":!{e}")).collect();
        let mut args = vec!["status", "--porcelain", "--", "."];
        args.extend(excluded.iter().map(String::as_str));
        Ok(self
            .ok(&args)?
            .lines()
            .map(|l| l.get(3..).unwrap_or(l).to_owned())
            .collect())
    }

    /// The full message of `rev`.
    pub fn message(&self, rev: &str) -> Result<String, GitError> {
        self.ok(&["log", "-1", "--format=%B", rev])
    }

    /// Whether `origin` has branch `name`.
    pub fn remote_has(&self, name: &str) -> Result<bool, GitError> {
        let args = ["ls-remote", "--exit-code", "--heads", "origin", name];
        let out = self.run(&args)?;
        match out.code {
            Some(0) => Ok(true),
            Some(2) => Ok(false),
            _ => Err(self.failed(&args, &out)),
        }
    }

    /// Fetches `origin`'s branch `name` into `refs/remotes/origin/<name>` and returns
    /// that ref's name.
    pub fn fetch(&self, name: &str) -> Result<String, GitError> {
        let spec = format!("+refs/heads/{name}:refs/remotes/origin/{name}");
        self.ok(&["fetch", "--quiet", "origin", &spec])?;
        Ok(format!("refs/remotes/origin/{name}"))
    }

    /// Pushes HEAD to `origin`'s branch `name`, never forced: the inner error when
    /// `origin` refused it.
    pub fn push(&self, name: &str) -> Result<Result<(), GitError>, GitError> {
        let spec = format!("HEAD:refs/heads/{name}");
        let args = ["push", "--quiet", "origin", &spec];
        let out = self.run(&args)?;
        Ok(if out.ok {
            Ok(())
        } else {
            Err(self.failed(&args, &out))
        })
    }
}

/// The git config l10n's merge drivers need (`merge.l10n-state.*`, `merge.l10n-post.*`):
/// written by `l10n git-setup`, passed with `-c` by `l10n ci` so that a CI clone, whose
/// config nobody set up, merges states and English posts as an editor's clone does.
pub fn merge_drivers() -> Vec<(String, String)> {
    let program = program();
    let mut out = Vec::new();
    for (key, kind, about) in [
        ("l10n-state", "state", "l10n state files, entry by entry"),
        (
            "l10n-post",
            "post",
            "l10n English posts, segment by segment",
        ),
    ] {
        out.push((format!("merge.{key}.name"), about.to_owned()));
        out.push((
            format!("merge.{key}.driver"),
            format!("{program} merge-driver {kind} %O %A %B %P --marker-size=%L"),
        ));
    }
    out
}

/// The program git runs: `l10n` when that name on PATH is this very binary (it survives
/// reinstalls and reads the same in every clone), else this binary's absolute path (a CI
/// job's or a test's build that is not on PATH).
fn program() -> String {
    let me = std::env::current_exe().and_then(|p| p.canonicalize()).ok();
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("l10n"))
            .find(|p| p.is_file())
            .and_then(|p| p.canonicalize().ok())
    });
    match me {
        Some(me) if on_path.as_ref() != Some(&me) => shell_quote(&me.to_string_lossy()),
        _ => "l10n".to_owned(),
    }
}

/// Quotes for the shell git runs a driver with, when needed.
fn shell_quote(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_paths_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("/usr/bin/l10n"), "/usr/bin/l10n");
        assert_eq!(shell_quote("/home/a b/l10n"), "'/home/a b/l10n'");
        assert_eq!(shell_quote("/it's/l10n"), r"'/it'\''s/l10n'");
    }

    #[test]
    fn both_drivers_are_named_and_take_git_s_placeholders() {
        let d = merge_drivers();
        let keys: Vec<&str> = d.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "merge.l10n-state.name",
                "merge.l10n-state.driver",
                "merge.l10n-post.name",
                "merge.l10n-post.driver"
            ]
        );
        assert!(
            d[1].1
                .ends_with(" merge-driver state %O %A %B %P --marker-size=%L")
        );
    }
}
