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
    corpus_site(&srv, bin, None);
    corpus_site(&srv, bin, Some(3000));
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
    println!("{}", breakdown(&reqs));
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

/// Where the characters of first attempts go, per request on average: the JSON body
/// around the messages, the instructions and the style guide, and each kind of line of
/// the user message (segment text, its `[N] ` and heading markers, context lines).
fn breakdown(reqs: &[server::Recorded]) -> String {
    let reqs: Vec<_> = reqs
        .iter()
        .filter(|r| !r.body.contains("Your previous answer was rejected"))
        .collect();
    let mut parts: Vec<(&str, usize)> = Vec::new();
    let mut add = |what: &'static str, n: usize| match parts.iter_mut().find(|(w, _)| *w == what) {
        Some((_, m)) => *m += n,
        None => parts.push((what, n)),
    };
    let style = include_str!("../style.md").trim().chars().count();
    for r in &reqs {
        let json = r.json();
        let system = json["messages"][0]["content"].as_str().unwrap_or_default();
        let user = server::openai_user(r);
        let body = r.body.chars().count();
        let (system_n, user_n) = (system.chars().count(), user.chars().count());
        add("JSON body around the messages", body - system_n - user_n);
        let styled = system.contains("House style:");
        let guide = if styled {
            style + "\n\nHouse style:\n".len()
        } else {
            0
        };
        add("instructions", system_n - guide);
        add("style guide", guide);
        let text: usize = server::listed_segments(&user)
            .iter()
            .map(|(_, t)| t.chars().count())
            .sum();
        let mut kind = "segment markers and line breaks";
        let mut other = 0;
        for line in user.lines() {
            let n = line.chars().count() + 1;
            kind = match line {
                l if l.starts_with("Glossary:") => "glossary",
                l if l.starts_with("Examples:") => "examples",
                l if l.starts_with("Title: ") => "title",
                l if l.starts_with("Before: ") => "before",
                l if l.starts_with("After: ") => "after",
                l if l.starts_with("(under: ") => "under (heading paths)",
                l if l.starts_with("(section: ") => "section openings",
                l if l.starts_with('[') => "segment markers and line breaks",
                _ => kind,
            };
            if kind != "segment markers and line breaks" {
                add(kind, n);
                other += n;
            }
        }
        add("segment text", text);
        add("segment markers and line breaks", user_n - other - text);
    }
    let count = reqs.len().max(1);
    let total: usize = parts.iter().map(|(_, n)| n).sum();
    let lines: Vec<String> = parts
        .iter()
        .map(|(w, n)| {
            format!(
                "  {w}: {} ({:.0}%)",
                n / count,
                *n as f64 * 100.0 / total as f64
            )
        })
        .collect();
    format!(
        "per request ({count} requests, {} characters each):\n{}",
        total / count,
        lines.join("\n")
    )
}

/// A site of the real digests (the seed post and the two 18 KB digests of
/// `tests/fixtures/digests`), with the repository's glossary and style guide and the
/// default context, in the default batches or in batches of `batch_chars`.
fn corpus_site(srv: &Server, bin: &str, batch_chars: Option<usize>) {
    let dir = site(
        srv,
        &batch_chars.map_or_else(String::new, |n| format!("batch_chars = {n}\n")),
    );
    let root = dir.path();
    std::fs::write(root.join("glossary.toml"), include_str!("../glossary.toml")).expect("glossary");
    std::fs::write(root.join("style.md"), include_str!("../style.md")).expect("style");
    for (name, text) in [
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
    ] {
        std::fs::write(root.join("posts").join(name), text).expect("post");
    }
    let reqs = &translated(srv, bin, root);
    let what = match batch_chars {
        Some(n) => format!("real digests (3 posts, style.md, batch_chars = {n})"),
        None => "real digests (3 posts, style.md)".to_owned(),
    };
    println!("{}", overhead(&what, reqs));
    println!("{}", breakdown(reqs));
}

/// Runs `l10n translate` in `root` and returns the requests `srv` received for it. Exit 1
/// is fine: the stand-in English leaves findings for review.
fn translated(srv: &Server, bin: &str, root: &std::path::Path) -> Vec<server::Recorded> {
    let before = srv.requests().len();
    let o = Command::new(bin)
        .args(["translate"])
        .current_dir(root)
        .output()
        .expect("run");
    assert!(
        o.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    srv.requests().split_off(before)
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
    let reqs = translated(srv, bin, root);
    let what = if style {
        "seed post, with style.md"
    } else {
        "seed post, no style guide"
    };
    println!("{}", overhead(what, &reqs));
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
