//! Whole-site figures for docs/PERFORMANCE.md: `cargo bench --bench site`.
//! Generates 10,000 posts, translates them with the pseudo backend, then compares
//! `l10n check` with `b3sum` reading and hashing the same files. Prints figures only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const POSTS: usize = 10_000;

fn generate(root: &Path) -> Vec<PathBuf> {
    let seed = include_str!("../posts/2026-01-02-ai-news.md");
    std::fs::create_dir_all(root.join("posts")).expect("mkdir");
    (0..POSTS)
        .map(|i| {
            let rel = PathBuf::from(format!(
                "posts/2026-{:02}-{:02}-news-{i:05}.md",
                i % 12 + 1,
                i % 28 + 1
            ));
            let body = seed
                .replace("2026-01-02 AI 뉴스", &format!("{i}번째 AI 뉴스"))
                .replace("400억 달러", &format!("{}억 달러", 100 + i));
            std::fs::write(root.join(&rel), body).expect("write post");
            rel
        })
        .collect()
}

/// Runs a command and returns (wall seconds, peak RSS in KiB) of the child.
fn measure(cmd: &mut Command) -> (f64, i64) {
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child with valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    std::mem::forget(child);
    (start.elapsed().as_secs_f64(), usage.ru_maxrss)
}

fn best(runs: usize, mut f: impl FnMut() -> (f64, i64)) -> (f64, i64) {
    (0..runs)
        .map(|_| f())
        .fold((f64::MAX, 0), |(t, m), (t2, m2)| (t.min(t2), m.max(m2)))
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_l10n");
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let t = Instant::now();
    let sources = generate(root);
    println!(
        "generated {POSTS} posts in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let (secs, rss) = measure(
        Command::new(bin)
            .arg("-q")
            .arg("translate")
            .current_dir(root),
    );
    println!(
        "translate (pseudo, first run): {secs:.2} s, peak RSS {} MiB",
        rss / 1024
    );
    let (secs, rss) = measure(
        Command::new(bin)
            .arg("-q")
            .arg("translate")
            .current_dir(root),
    );
    println!(
        "translate (rerun, nothing to do): {secs:.2} s, peak RSS {} MiB",
        rss / 1024
    );
    let (check_secs, check_rss) = best(3, || {
        measure(
            Command::new(bin)
                .args(["check", "--format", "json"])
                .current_dir(root)
                .stdout(std::process::Stdio::null()),
        )
    });
    let mut files: Vec<PathBuf> = Vec::new();
    for s in &sources {
        files.push(s.clone());
        files.push(PathBuf::from("posts/en").join(s.file_name().expect("name")));
        let mut st = PathBuf::from(".l10n/state/en").join(s);
        st.set_extension("md.toml");
        files.push(st);
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(root.join(f)).map_or(0, |m| m.len()))
        .sum();
    let (b3_secs, b3_rss) = best(3, || {
        measure(
            Command::new("b3sum")
                .args(&files)
                .current_dir(root)
                .stdout(std::process::Stdio::null()),
        )
    });
    println!(
        "check: {check_secs:.3} s, peak RSS {} MiB; b3sum of the same {} files ({} MiB): {b3_secs:.3} s, peak RSS {} MiB; ratio {:.2}x",
        check_rss / 1024,
        files.len(),
        bytes / (1024 * 1024),
        b3_rss / 1024,
        check_secs / b3_secs
    );
    // One paragraph changed in one post: check must parse that post only.
    let p = root.join(&sources[17]);
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, text.replacen("최대 270억", "최대 280억", 1)).expect("write");
    let (secs, _) = best(3, || {
        measure(
            Command::new(bin)
                .args(["check", "--format", "json"])
                .current_dir(root)
                .stdout(std::process::Stdio::null()),
        )
    });
    println!("check with one stale post: {secs:.3} s");
}
