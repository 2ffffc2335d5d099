//! Shared helpers for CLI tests: the built binary with a clean, English environment.
#![allow(dead_code)]

pub mod batch_server;
pub mod server;

use std::path::Path;
use std::process::{Command, Output};

pub fn l10n(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_l10n"));
    c.current_dir(dir);
    for var in ["L10N_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"] {
        c.env_remove(var);
    }
    c.env("LANG", "C");
    c
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    l10n(dir).args(args).output().expect("runs l10n")
}

/// `l10n` run under a Korean locale (`LANG`, as a Korean editor's shell has it).
pub fn run_korean(dir: &Path, args: &[&str]) -> Output {
    l10n(dir)
        .env("LANG", "ko_KR.UTF-8")
        .args(args)
        .output()
        .expect("runs l10n")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A site with one Korean post `posts/a.md`, the house term 에이전트 → agent, and `config`
/// as its l10n.toml.
pub fn post_site(post: &str, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("posts")).expect("posts/");
    std::fs::write(dir.path().join("posts/a.md"), post).expect("post");
    std::fs::write(
        dir.path().join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n",
    )
    .expect("glossary");
    std::fs::write(dir.path().join("l10n.toml"), config).expect("config");
    dir
}

/// Fails when `key` is in any file under `dir` (posts, state, cache, lock).
pub fn assert_key_in_no_file(dir: &Path, key: &str) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("read");
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(key),
                    "the key is in {}",
                    p.display()
                );
            }
        }
    }
}

pub fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
