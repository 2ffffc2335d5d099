//! Shared helpers for CLI tests: the built binary with a clean, English environment.
#![allow(dead_code)]

pub mod batch_server;
pub mod server;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use server::Server;

/// The variable the tests' configs name in `api_key_env`.
pub const KEY_VAR: &str = "L10N_TEST_KEY";

/// The one-section post the HTTP backend tests translate: a heading, a paragraph with the
/// house term in bold and a link, and two plain paragraphs.
pub const NEWS: &str = "---\ntitle: \"AI 뉴스\"\n---\n\n## 첫 소식\n\n**에이전트**가 [기사](https://x.y/a)를 냈다.\n\n둘째 문단입니다.\n\n셋째 문단입니다.\n";

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

/// `l10n` with `key` in [`KEY_VAR`], for a backend that needs one.
pub fn with_key(dir: &Path, key: &str) -> Command {
    let mut c = l10n(dir);
    c.env(KEY_VAR, key);
    c
}

/// `l10n` with `args`, `key` in [`KEY_VAR`].
pub fn run_with_key(dir: &Path, key: &str, args: &[&str]) -> Output {
    with_key(dir, key).args(args).output().expect("runs l10n")
}

/// `l10n translate` with `args`, `key` in [`KEY_VAR`].
pub fn translate(dir: &Path, key: &str, args: &[&str]) -> Output {
    with_key(dir, key)
        .arg("translate")
        .args(args)
        .output()
        .expect("runs l10n")
}

/// The exit code and what was printed (stdout, then stderr).
pub fn outcome(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = run(dir, args);
    (code(&o), format!("{}{}", stdout(&o), stderr(&o)))
}

/// The exit code; -1 when a signal ended the process.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The seed digest of the real corpus, `posts/2026-01-02-ai-news.md`.
pub fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("posts/2026-01-02-ai-news.md"))
        .expect("the seed post")
}

/// A site with `post` as `posts/a.md` and nothing else: no glossary, no l10n.toml.
pub fn bare_site(post: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("posts")).expect("posts/");
    fs::write(dir.path().join("posts/a.md"), post).expect("post");
    dir
}

/// A site with one Korean post `posts/a.md` and the house term 에이전트 → agent, without
/// an l10n.toml.
pub fn korean_site(post: &str) -> tempfile::TempDir {
    let dir = bare_site(post);
    fs::write(
        dir.path().join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n",
    )
    .expect("glossary");
    dir
}

/// [`korean_site`] with `config` as its l10n.toml.
pub fn post_site(post: &str, config: &str) -> tempfile::TempDir {
    let dir = korean_site(post);
    fs::write(dir.path().join("l10n.toml"), config).expect("config");
    dir
}

/// [`NEWS`] translated by one backend `b` with `backend` as its settings and quick retries.
pub fn backend_site(backend: &str) -> tempfile::TempDir {
    post_site(
        NEWS,
        &format!("default_backend = \"b\"\n\n[backend.b]\n{backend}retry_min_delay_ms = 10\n"),
    )
}

/// [`backend_site`] with an OpenAI-compatible backend at `server`, its key in [`KEY_VAR`],
/// and `extra` settings.
pub fn openai_site(server: &Server, extra: &str) -> tempfile::TempDir {
    backend_site(&format!(
        "kind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"{KEY_VAR}\"\n{extra}",
        server.url()
    ))
}

/// Writes `engine` as `engine.py` and an l10n.toml whose default backend `m` runs it,
/// followed by `extra`.
pub fn command_engine(dir: &Path, engine: &str, extra: &str) {
    fs::write(dir.join("engine.py"), engine).expect("engine.py");
    fs::write(
        dir.join("l10n.toml"),
        format!(
            "default_backend = \"m\"\n\n[backend.m]\nkind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n{extra}"
        ),
    )
    .expect("config");
}

/// The English twin `posts/en/<post>`, if it was written.
pub fn twin(dir: &Path, post: &str) -> Option<String> {
    fs::read_to_string(dir.join("posts/en").join(post)).ok()
}

/// The English twin of `posts/a.md`, which the test expects written.
pub fn english(dir: &Path) -> String {
    twin(dir, "a.md").expect("posts/en/a.md")
}

/// The file `f` under `dir`.
pub fn read(dir: &Path, f: &str) -> String {
    fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

/// The 1-based number of the first line of `f` that holds `needle`.
pub fn line_of(dir: &Path, f: &str, needle: &str) -> usize {
    read(dir, f)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {f}"))
        + 1
}

/// Fails when `key` is in any output or in any file under `dir`.
pub fn assert_no_key(dir: &Path, key: &str, outputs: &[&Output]) {
    for o in outputs {
        assert!(!stdout(o).contains(key));
        assert!(!stderr(o).contains(key));
    }
    assert_key_in_no_file(dir, key);
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

/// Polls `ready` until it holds and says whether it did within a minute: how a test waits
/// for another process to reach a point (a file written, a request received), never a
/// sleep that hopes it got there.
pub fn wait_until(mut ready: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !ready() {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    true
}

pub fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
