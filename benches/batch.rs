//! Batch figures for docs/PERFORMANCE.md: `cargo bench --bench batch`.
//! A 10,000-post backfill against the loopback OpenAI batch server: plan and submit
//! (`translate --batch`), then collect and write (`translate`); wall time, requests per
//! request file, and the peak resident memory of each l10n process.

#[path = "../tests/common/server.rs"]
mod server;

#[path = "../tests/common/batch_server.rs"]
mod batch_server;

use std::process::Command;
use std::time::Instant;

use batch_server::{BatchServer, Script};

const POSTS: usize = 10_000;

/// Peak resident set of the largest child waited for so far, in MB.
fn children_peak_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let server = BatchServer::start(Script::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("posts")).expect("posts/");
    std::fs::write(
        root.join("l10n.toml"),
        format!(
            "default_backend = \"b\"\n\n[backend.b]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\nprice_input_per_mtok = 0.15\nprice_output_per_mtok = 0.6\n",
            server.url()
        ),
    )
    .expect("config");
    std::fs::write(
        root.join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n",
    )
    .expect("glossary");
    for i in 0..POSTS {
        // Each post its own news: no text is shared, so nothing is answered once for all.
        std::fs::write(
            root.join(format!("posts/p{i:05}.md")),
            format!(
                "---\ntitle: \"AI 뉴스 {i}\"\n---\n\n## 소식 {i}\n\n**에이전트** {i}번이 [기사](https://x.y/{i})를 냈다.\n\n둘째 문단 {i}입니다.\n\n셋째 문단 {i}입니다. 모델 {i}개가 나왔습니다.\n"
            ),
        )
        .expect("post");
    }
    let bin = env!("CARGO_BIN_EXE_l10n");
    let t = Instant::now();
    let o = Command::new(bin)
        .args(["-q", "translate", "--batch"])
        .current_dir(root)
        .output()
        .expect("submit");
    let submit = t.elapsed().as_secs_f64();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let submit_rss = children_peak_mb();
    let (files, requests, uploaded) = {
        let st = server.state();
        let sizes: Vec<usize> = st.batches.values().map(|b| b.0.len()).collect();
        let bytes: usize = st
            .files
            .iter()
            .filter(|(k, _)| k.starts_with("file-in"))
            .map(|(_, v)| v.len())
            .sum();
        (sizes.len(), sizes.iter().sum::<usize>(), bytes)
    };
    let t = Instant::now();
    let o = Command::new(bin)
        .args(["-q", "translate"])
        .current_dir(root)
        .output()
        .expect("collect");
    let collect = t.elapsed().as_secs_f64();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let peak = children_peak_mb();
    let sync = server.state().sync_requests;
    assert_eq!(sync, 0, "every answer came from the batch");
    let check = Command::new(bin)
        .args(["-q", "check"])
        .current_dir(root)
        .output()
        .expect("check");
    assert!(check.status.success());
    println!(
        "{POSTS} posts: plan+submit {submit:.1} s (peak RSS {submit_rss:.0} MB), {requests} requests in {files} file(s) ({:.1} per post, {:.1} MB uploaded), collect+write {collect:.1} s (peak RSS of any run {peak:.0} MB), {sync} synchronous requests",
        requests as f64 / POSTS as f64,
        uploaded as f64 / 1e6
    );
}
