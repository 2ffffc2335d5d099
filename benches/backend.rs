//! Backend figures for docs/PERFORMANCE.md: `cargo bench --bench backend`.
//! A loopback OpenAI-compatible server answers every request after a fixed 200 ms; a site
//! of 100 digests is translated, then one paragraph is edited and the site translated again.

#[path = "../tests/common/server.rs"]
mod server;

use std::process::Command;
use std::time::{Duration, Instant};

use server::{Reply, Server, openai_reply, openai_segments, translate_text};

const POSTS: usize = 100;
const LATENCY: Duration = Duration::from_millis(200);
const JOBS: usize = 16;

fn main() {
    let srv = Server::start(|r, _| {
        std::thread::sleep(LATENCY);
        Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))))
    });
    let dir = site(&srv, &format!("concurrency = {JOBS}\n"));
    let root = dir.path();
    std::fs::write(root.join("style.md"), include_str!("../style.md")).expect("style");
    let seed = include_str!("../posts/2026-01-02-ai-news.md");
    for i in 0..POSTS {
        // Each digest has its own news (numbers and names changed) but the same section
        // headings, like the real ones.
        let body = seed
            .replace(
                "2026-01-02 AI 뉴스",
                &format!("2026-01-{:02} AI 뉴스 {i}", i % 28 + 1),
            )
            .replace(
                "발행일: 2026-01-02",
                &format!("발행일: 2026-01-{:02}", i % 28 + 1),
            )
            .replace("400억", &format!("{}억", 400 + i))
            .replace("270억", &format!("{}억", 270 + i))
            .replace("습니다.", &format!("습니다 ({i})."));
        std::fs::write(root.join(format!("posts/d{i:03}.md")), body).expect("post");
    }
    let bin = env!("CARGO_BIN_EXE_l10n");
    seed_alone(&srv, seed, bin, false);
    seed_alone(&srv, seed, bin, true);
    // The site's requests only, not the two seed measurements above.
    let start = srv.requests().len();
    let t = Instant::now();
    let o = Command::new(bin)
        .args(["-q", "translate"])
        .current_dir(root)
        .output()
        .expect("run");
    let wall = t.elapsed().as_secs_f64();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let reqs = srv.requests().split_off(start);
    println!("{}", overhead("100 digests", &reqs));
    let ideal = (reqs.len() as f64 / JOBS as f64).ceil() * LATENCY.as_secs_f64();
    let texts: Vec<String> = reqs
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    let headings = texts.iter().filter(|t| t.as_str() == "요약").count();
    println!(
        "first run: {POSTS} posts, {} requests ({:.1} per post), {} segments sent, wall {wall:.2} s, ideal (requests / {JOBS} × 200 ms) {ideal:.2} s, ratio {:.2}x; the shared heading 요약 sent {headings} time(s)",
        reqs.len(),
        reqs.len() as f64 / POSTS as f64,
        texts.len(),
        wall / ideal
    );
    // One paragraph edited in one post.
    let p = root.join("posts/d042.md");
    let text = std::fs::read_to_string(&p).expect("read");
    let old = "이 기술은 기존 ResNet 아키텍처를 발전시킨 것으로";
    let new = "이 기술은 기존 ResNet 구조를 크게 발전시킨 것으로";
    std::fs::write(&p, text.replacen(old, new, 1)).expect("write");
    let before = srv.requests().len();
    let o = Command::new(bin)
        .args(["translate"])
        .current_dir(root)
        .output()
        .expect("run");
    assert!(o.status.success());
    let rerun: Vec<_> = srv.requests()[before..].to_vec();
    let sent_chars: usize = rerun
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t.chars().count())
        .sum();
    let para = text
        .lines()
        .find(|l| l.contains(old))
        .map(|l| l.trim_start_matches("- ").replacen(old, new, 1))
        .unwrap_or_default();
    println!(
        "after a one-paragraph edit: {} request(s), {sent_chars} characters sent for a {}-character paragraph ({:.2}x)",
        rerun.len(),
        para.chars().count(),
        sent_chars as f64 / para.chars().count() as f64
    );
}

/// Request characters (the whole HTTP body) per character of segment text, over first
/// attempts (a corrective retry resends only the segments it names).
fn overhead(what: &str, reqs: &[server::Recorded]) -> String {
    let reqs: Vec<_> = reqs
        .iter()
        .filter(|r| !r.body.contains("Your previous answer was rejected"))
        .cloned()
        .collect();
    let body: usize = reqs.iter().map(|r| r.body.chars().count()).sum();
    let text: usize = reqs
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t.chars().count())
        .sum();
    format!(
        "{what}: {} requests, {body} request characters for {text} characters of segment text: {:.2}x",
        reqs.len(),
        body as f64 / text as f64
    )
}

/// The seed post alone, with default batches, the repository's glossary and, if asked,
/// its style guide.
fn seed_alone(srv: &Server, seed: &str, bin: &str, style: bool) {
    let dir = site(srv, "");
    let root = dir.path();
    std::fs::write(root.join("glossary.toml"), include_str!("../glossary.toml")).expect("glossary");
    if style {
        std::fs::write(root.join("style.md"), include_str!("../style.md")).expect("style");
    }
    std::fs::write(root.join("posts/seed.md"), seed).expect("post");
    let before = srv.requests().len();
    let o = Command::new(bin)
        .args(["translate"])
        .current_dir(root)
        .output()
        .expect("run");
    // Exit 1 is fine here: the stand-in English leaves findings for review.
    assert!(
        o.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let what = if style {
        "seed post, with style.md"
    } else {
        "seed post, no style guide"
    };
    println!("{}", overhead(what, &srv.requests()[before..]));
}

/// An empty site whose default backend is the loopback server, with `extra` backend keys.
/// The stand-in server romanizes, which writes 메타(Meta) as "meta(Meta)": the glosses check
/// would send every digest back for a corrective retry, measuring QA instead of transport.
fn site(srv: &Server, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("posts")).expect("mkdir");
    std::fs::write(
        dir.path().join("l10n.toml"),
        format!(
            "default_backend = \"local\"\n[qa]\nglosses = \"off\"\n[backend.local]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"bench\"\n{extra}",
            srv.url()
        ),
    )
    .expect("config");
    dir
}
