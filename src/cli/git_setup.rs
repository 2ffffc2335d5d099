//! `l10n git-setup`: registers l10n's merge drivers in the repository's git config
//! (`merge.l10n-state.*`, `merge.l10n-post.*`) and routes state files and English posts
//! to them in `.gitattributes`. Running it again changes nothing and says so.

use std::path::Path;
use std::process::ExitCode;

use super::site::Site;
use super::{Ctx, Failure, IoError};
use crate::diag::{Detail, Diagnostic};

#[derive(Debug, clap::Args)]
pub struct Args {}

/// A git command that failed or could not be started.
#[derive(Debug)]
struct GitFailed {
    command: String,
    path: String,
    detail: Detail,
}

impl Diagnostic for GitFailed {
    fn id(&self) -> &'static str {
        "err-git-setup"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("command", self.command.clone()),
            ("path", self.path.clone()),
        ]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.detail)
    }
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, GitFailed> {
    let failed = |detail| GitFailed {
        command: format!("git {}", args.join(" ")),
        path: root.display().to_string(),
        detail,
    };
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| failed(Detail::io(&e)))?;
    // `git config --get` exits 1 for a key that is not set: not a failure.
    if out.status.success() || (args.get(1) == Some(&"--get") && out.status.code() == Some(1)) {
        Ok(out)
    } else {
        let text = String::from_utf8_lossy(&out.stderr);
        Err(failed(Detail::quoted("detail-git-setup", text.trim())))
    }
}

/// The `.gitattributes` patterns of the English posts: the target template with each
/// source glob's parts in place of `{dir}`, `{name}` and `{stem}`.
fn target_globs(config: &crate::config::Config) -> Vec<String> {
    let mut out = Vec::new();
    for source in &config.sources {
        let glob = Path::new(source);
        let part = |p: Option<&std::ffi::OsStr>| p.map(|s| s.to_string_lossy().into_owned());
        let name = part(glob.file_name()).unwrap_or_else(|| "*".into());
        let stem = part(glob.file_stem()).unwrap_or_else(|| "*".into());
        let dir = glob.parent().map(|d| d.to_string_lossy().into_owned());
        for lang in &config.target_langs {
            let t = config
                .target
                .replace("{lang}", &lang.to_string())
                .replace("{name}", &name)
                .replace("{stem}", &stem)
                .replace("{dir}", dir.as_deref().unwrap_or(""));
            let t = t.trim_start_matches('/').to_owned();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

pub fn run(ctx: &Ctx, _args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    let root = site.config.root.clone();
    git(&root, &["rev-parse", "--show-toplevel"])?;
    let mut changed = 0;
    for (name, value) in crate::git::merge_drivers() {
        let now = git(&root, &["config", "--get", &name])?;
        if String::from_utf8_lossy(&now.stdout).trim_end_matches('\n') == value {
            continue;
        }
        git(&root, &["config", &name, &value])?;
        changed += 1;
        ctx.out_line(
            ctx.msgs
                .format("git-setup-config", &[("key", name), ("value", value)]),
        )?;
    }
    let mut lines = vec![format!(
        "{}/state/** merge=l10n-state",
        crate::state::store::DIR
    )];
    lines.extend(
        target_globs(&site.config)
            .into_iter()
            .map(|g| format!("{g} merge=l10n-post")),
    );
    let path = root.join(".gitattributes");
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(IoError::new(".gitattributes", &e).into()),
    };
    let mut text = old.clone();
    for line in lines {
        if old.lines().any(|l| l.trim() == line) {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        changed += 1;
        ctx.out_line(ctx.msgs.format(
            "git-setup-attributes",
            &[("line", line), ("path", ".gitattributes".into())],
        ))?;
    }
    if text != old {
        crate::atomic::write(&path, text.as_bytes())
            .map_err(|e| IoError::new(".gitattributes", &e))?;
    }
    if changed == 0 {
        ctx.out_line(ctx.msgs.format("git-setup-unchanged", &[]))?;
    } else {
        ctx.note("git-setup-done", &[]);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_posts_are_found_by_the_target_template() {
        let mut c = crate::config::Config::defaults(Path::new("."));
        assert_eq!(target_globs(&c), ["posts/en/*.md"]);
        c.target = "{dir}/{stem}.{lang}.md".into();
        c.sources = vec!["_posts/**/*.md".into()];
        assert_eq!(target_globs(&c), ["_posts/**/*.en.md"]);
    }
}
