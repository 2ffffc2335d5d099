//! Shared helpers for CLI tests: the built binary with a clean, English environment.
#![allow(dead_code)]

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

pub fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
