//! State-size figures for docs/PERFORMANCE.md: `cargo bench --bench state`.
//! A site of the real digests (the seed post and the two digests of tests/fixtures) is
//! translated twice, with the pseudo backend and with a loopback server that answers in a
//! stand-in English; the state bytes are compared with the source bytes, then one paragraph
//! is edited and the size of the state's `git diff` is reported.

#[path = "../tests/common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;

use server::{Reply, Server, openai_reply, translate_text};

const DIGESTS: [(&str, &str); 3] = [
    (
        "2026-01-02-ai-news.md",
        include_str!("../posts/2026-01-02-ai-news.md"),
    ),
    (
        "2026-02-19-ai-news-report.md",
        include_str!("../tests/fixtures/digests/2026-02-19-ai-news-report.md"),
    ),
    (
        "2026-02-19-ai-news-report-1406.md",
        include_str!("../tests/fixtures/digests/2026-02-19-ai-news-report-1406.md"),
    ),
];

/// The edited paragraph: one list item of the seed post.
const OLD: &str = "이 기술은 기존 ResNet 아키텍처를 발전시킨 것으로";
const NEW: &str = "이 기술은 기존 ResNet 구조를 크게 발전시킨 것으로";

fn main() {
    let srv =
        Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t)))));
    measure("pseudo backend", "default_backend = \"pseudo\"\n");
    measure(
        "stand-in English (loopback server)",
        &format!(
            "default_backend = \"local\"\n[qa]\nglosses = \"off\"\n[backend.local]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"bench\"\n",
            srv.url()
        ),
    );
}

fn measure(what: &str, config: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("posts")).expect("mkdir");
    std::fs::write(root.join("l10n.toml"), config).expect("config");
    let mut source = 0;
    for (name, text) in DIGESTS {
        std::fs::write(root.join("posts").join(name), text).expect("post");
        source += text.len();
    }
    translate(root);
    let (files, state, segments) = states(&root.join(".l10n/state"));
    println!(
        "{what}: {} posts, {source} source bytes, {files} state files of {state} bytes, {segments} segments: state {:.2}x the source ({:.0} bytes per segment)",
        DIGESTS.len(),
        state as f64 / source as f64,
        state as f64 / segments as f64
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(
        root,
        &[
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@localhost",
            "commit",
            "-qm",
            "translated",
        ],
    );
    let post = root.join("posts").join(DIGESTS[0].0);
    let text = std::fs::read_to_string(&post).expect("read");
    assert!(
        text.contains(OLD),
        "the edited paragraph is in the seed post"
    );
    std::fs::write(&post, text.replacen(OLD, NEW, 1)).expect("write");
    translate(root);
    let diff = git(root, &["diff", "--", ".l10n"]);
    let stat = git(root, &["diff", "--numstat", "--", ".l10n"]);
    let (added, deleted) = stat.lines().fold((0, 0), |(a, d), l| {
        let mut n = l.split('\t').map(|n| n.parse::<usize>().unwrap_or(0));
        (a + n.next().unwrap_or(0), d + n.next().unwrap_or(0))
    });
    let bare = git(root, &["diff", "--unified=0", "--", ".l10n"]);
    println!(
        "{what}: after a one-paragraph edit, `git diff` of the state: {} bytes ({} without context lines), {added} lines added, {deleted} removed",
        diff.len(),
        bare.len()
    );
}

fn translate(root: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_l10n"))
        .args(["-q", "translate"])
        .current_dir(root)
        .output()
        .expect("run");
    // Exit 1 is fine here: the stand-in English leaves findings for review.
    assert!(
        o.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn git(root: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .expect("git");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (files, bytes, segments) of every state file under `dir`.
fn states(dir: &Path) -> (usize, usize, usize) {
    let mut out = (0, 0, 0);
    for e in std::fs::read_dir(dir).expect("state folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            let (f, b, s) = states(&p);
            out = (out.0 + f, out.1 + b, out.2 + s);
        } else {
            let text = std::fs::read_to_string(&p).expect("state");
            let state = l10n::state::PostState::from_toml(&text).expect("a state l10n reads");
            out = (out.0 + 1, out.1 + text.len(), out.2 + state.segments.len());
        }
    }
    out
}
