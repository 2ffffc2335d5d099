//! The run's options and progress as an editor or a CI job meets them: `--jobs 0`
//! refused in the UI language, and outside a terminal a progress line every few seconds
//! (none with `-q`).

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::server::{Recorded, Reply, Server, openai_reply, translate_text};
use common::{run, run_korean, stderr};

const POST: &str = "---\ntitle: \"AI 뉴스\"\n---\n\n**에이전트**가 기사를 냈다.\n";

#[test]
fn jobs_zero_is_refused_in_the_ui_language_and_writes_nothing() {
    let dir = common::post_site(POST, "");
    let out = run(
        dir.path(),
        &["translate", "--backend", "pseudo", "--jobs", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--jobs 0 would send no request"),
        "{}",
        stderr(&out)
    );
    let ko = run_korean(
        dir.path(),
        &["translate", "--backend", "pseudo", "--jobs", "0"],
    );
    assert_eq!(ko.status.code(), Some(2));
    assert!(
        stderr(&ko).contains("요청을 하나도 보낼 수 없습니다"),
        "{}",
        stderr(&ko)
    );
    assert!(!dir.path().join("posts/en").exists());
    assert!(!dir.path().join(".l10n").exists());
}

/// Eight posts, one request each; the last is answered only once `progressed` is set, so
/// the run lasts until it printed a progress line.
fn held_site(progressed: Arc<AtomicBool>) -> (Server, tempfile::TempDir) {
    let server = Server::start(move |r: &Recorded, n| {
        if n == 7 {
            common::wait_until(|| progressed.load(Ordering::SeqCst));
        }
        Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))))
    });
    let config = format!(
        "default_backend = \"b\"\n\n[backend.b]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\napi_key_env = \"L10N_TEST_KEY\"\n",
        server.url()
    );
    let dir = common::post_site(POST, &config);
    for i in 1..8 {
        let post = POST.replace("기사를", &format!("기사 {i}개를"));
        std::fs::write(dir.path().join(format!("posts/p{i}.md")), post).unwrap();
    }
    (server, dir)
}

/// `l10n translate`, its stderr read as it comes; `progressed` is set at the first progress
/// line. Returns the exit code, stderr and how long the run took.
fn translate(
    dir: &Path,
    args: &[&str],
    progressed: &AtomicBool,
) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let mut child = common::with_key(dir, "k")
        .arg("translate")
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.contains("posts done") {
            progressed.store(true, Ordering::SeqCst);
        }
        err.push_str(&line);
        err.push('\n');
    }
    let status = child.wait().unwrap();
    (status.code(), err, start.elapsed())
}

#[test]
fn outside_a_terminal_a_long_run_prints_a_progress_line_every_few_seconds() {
    let progressed = Arc::new(AtomicBool::new(false));
    let (_server, dir) = held_site(progressed.clone());
    // stderr is a pipe here, never a terminal.
    let (code, err, took) = translate(dir.path(), &["--jobs", "1"], &progressed);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("posts done")).collect();
    assert!(!lines.is_empty(), "no progress line in {took:?}:\n{err}");
    // At most one line every three seconds.
    assert!(
        lines.len() as u64 <= took.as_secs() / 3 + 1,
        "{lines:?} in {took:?}"
    );
    let first = lines[0];
    assert!(first.contains("/8 posts done"), "{first}");
    assert!(
        first.contains("segments sent") && first.contains("0 failed"),
        "{first}"
    );

    // `progressed` is still set: a quiet run prints no line to wait for.
    let (code, quiet, _) = translate(dir.path(), &["--jobs", "1", "--force", "-q"], &progressed);
    assert_eq!(code, Some(0), "{quiet}");
    assert!(!quiet.contains("posts done"), "{quiet}");
}

/// The English folder cannot be listed for orphans (here it is a file): check still reports
/// every post, then names the folder and exits 2, in the UI language.
#[test]
fn an_unlistable_english_folder_is_an_input_error_named_after_the_report() {
    let dir = common::post_site(POST, "");
    std::fs::write(dir.path().join("posts/en"), "not a folder").unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        common::stdout(&out).contains("1 post checked"),
        "{}",
        common::stdout(&out)
    );
    assert!(
        stderr(&out).contains("error: posts/en: a part of the path is not a directory"),
        "{}",
        stderr(&out)
    );
    let ko = run_korean(dir.path(), &["check"]);
    assert_eq!(ko.status.code(), Some(2));
    assert!(
        stderr(&ko).contains("posts/en: 경로 중간에"),
        "{}",
        stderr(&ko)
    );
}
