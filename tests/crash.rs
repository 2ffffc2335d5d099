//! Crash safety: `l10n translate` killed with SIGKILL at random moments (fixed seed). Every
//! target is then absent or its complete new version, every state file parses and matches
//! its target, and a rerun finishes sending nothing whose answer was already saved.
#![cfg(unix)]

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::server::{Reply, Server, openai_reply, openai_segments, translate_text};
use common::{l10n, run, stderr};

const TRIALS: u64 = 20;
const POSTS: usize = 12;

fn site(dir: &Path, url: &str) {
    fs::create_dir_all(dir.join("posts")).unwrap();
    for i in 0..POSTS {
        fs::write(
            dir.join(format!("posts/p{i:02}.md")),
            format!("## {i}번 소식\n\n첫 문단 {i}입니다.\n\n둘째 문단 {i}입니다.\n\n- 항목 {i}가\n- 항목 {i}나\n"),
        )
        .unwrap();
    }
    fs::write(
        dir.join("l10n.toml"),
        format!("default_backend = \"b\"\n[backend.b]\nkind = \"openai\"\nbase_url = \"{url}/v1\"\nmodel = \"m\"\nbatch_chars = 20\nconcurrency = 2\n"),
    )
    .unwrap();
}

fn cached_texts(dir: &Path) -> HashSet<String> {
    let Ok(text) = fs::read_to_string(dir.join(".l10n/cache/responses.jsonl")) else {
        return HashSet::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["t"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn sigkill_at_random_moments_loses_nothing() {
    let server = Server::start(|r, _| {
        std::thread::sleep(Duration::from_millis(25));
        Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))))
    });
    // The complete outcome, for comparison.
    let reference = tempfile::tempdir().unwrap();
    site(reference.path(), &server.url());
    let o = run(reference.path(), &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let requests = server.requests().len();
    let expected: Vec<String> = (0..POSTS)
        .map(|i| fs::read_to_string(reference.path().join(format!("posts/en/p{i:02}.md"))).unwrap())
        .collect();

    let mut rng = 0x2026_1128_u64;
    let mut killed_midway = 0;
    for trial in 0..TRIALS {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // The moment: after a random number of the run's requests, then up to one answer's
        // time more, so a kill also lands while an answer is written.
        let after = 1 + (rng >> 33) as usize % requests;
        let jitter = Duration::from_millis((rng >> 20) % 25);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        site(p, &server.url());
        let before = server.requests().len();
        let mut child = l10n(p)
            .arg("translate")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        assert!(common::wait_until(|| {
            server.requests().len() >= before + after || child.try_wait().is_ok_and(|s| s.is_some())
        }));
        std::thread::sleep(jitter);
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed_midway += usize::from(!status.success());

        // Each target: absent or complete.
        for (i, want) in expected.iter().enumerate() {
            let path = p.join(format!("posts/en/p{i:02}.md"));
            if let Ok(got) = fs::read_to_string(&path) {
                assert_eq!(&got, want, "trial {trial}: p{i:02} is half-written");
            }
        }
        // Each state parses and matches its target (a pending one is finished by the rerun).
        for i in 0..POSTS {
            let st = p.join(format!(".l10n/state/en/posts/p{i:02}.md.toml"));
            if let Ok(text) = fs::read_to_string(&st) {
                let state = l10n::state::PostState::from_toml(&text).expect("state parses");
                let target = fs::read(p.join(&state.target)).expect("a state's target exists");
                assert_eq!(
                    l10n::state::file_hash(&target),
                    state.target_hash,
                    "trial {trial}: p{i:02}"
                );
            }
        }
        let saved = cached_texts(p);
        let before = server.requests().len();
        let o = run(p, &["translate"]);
        assert!(o.status.success(), "trial {trial}: {}", stderr(&o));
        for r in &server.requests()[before..] {
            for (_, text) in openai_segments(r) {
                assert!(
                    !saved.contains(&translate_text(&text)),
                    "trial {trial}: {text} was paid for twice"
                );
            }
        }
        for (i, want) in expected.iter().enumerate() {
            let got = fs::read_to_string(p.join(format!("posts/en/p{i:02}.md"))).unwrap();
            assert_eq!(&got, want, "trial {trial}: p{i:02} after the rerun");
        }
        assert_eq!(run(p, &["check"]).status.code(), Some(0), "trial {trial}");
    }
    assert!(
        killed_midway >= TRIALS as usize / 2,
        "most trials must really interrupt a run: {killed_midway}"
    );
}
