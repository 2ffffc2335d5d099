//! Throughput figures for docs/PERFORMANCE.md: `cargo bench --bench throughput`.
//! Prints one line per measurement; no timed assertions anywhere.

use std::collections::HashMap;
use std::time::Instant;

use l10n::document::{Document, ParseOptions};

/// A large post built from the seed digest with each copy made distinct.
fn large_post(target_bytes: usize) -> String {
    let seed = include_str!("../posts/2026-01-02-ai-news.md");
    let body = seed
        .split("\n---\n")
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n---\n");
    let mut out = String::from("---\ntitle: \"큰 글\"\n---\n");
    let mut i = 0;
    while out.len() < target_bytes {
        out.push_str(&format!("\n## 묶음 {i}\n\n"));
        out.push_str(&body.replace("2026", &format!("{}", 2026 + i % 50)));
        out.push_str("\n\n| 기업 | 금액 |\n|---|---|\n| 소프트뱅크 | 400억 달러 |\n\n> 인용 **굵게** [링크](https://x.y)\n> 다음 줄\n");
        i += 1;
    }
    out
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(v);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let post = large_post(8 * 1024 * 1024);
    let mb = post.len() as f64 / (1024.0 * 1024.0);
    let opts = ParseOptions::default();
    let (secs, doc) = best_of(5, || {
        Document::parse("big.md", post.as_bytes(), &opts).expect("parses")
    });
    println!(
        "segmentation: {mb:.1} MiB, {} segments, {:.1} ms, {:.1} MiB/s",
        doc.segments().len(),
        secs * 1e3,
        mb / secs
    );
    let tr: HashMap<_, _> = doc
        .segments()
        .iter()
        .map(|s| (s.id.clone(), s.text.clone()))
        .collect();
    let (secs, out) = best_of(5, || doc.render("big.md", &tr, &[]).expect("renders"));
    assert_eq!(out.len(), post.len());
    println!("reassembly: {:.1} ms, {:.1} MiB/s", secs * 1e3, mb / secs);
    glossary_matching();
}

/// 10,000 terms (the seed glossary's kind of words plus generated Hangul names) matched
/// over 10 MB of Korean digest text.
fn glossary_matching() {
    use l10n::glossary::{Glossary, TermIndex};
    let mut toml = String::from(include_str!("../glossary.toml"));
    let syll: Vec<char> = ('가'..='힣').step_by(97).collect();
    let mut n = 0;
    let mut i = 0usize;
    while n < 10_000 {
        let a = syll[i % syll.len()];
        let b = syll[(i / syll.len()) % syll.len()];
        let c = syll[(i * 7 + 3) % syll.len()];
        toml.push_str(&format!("[[term]]\nko = \"{a}{b}{c}\"\nen = \"term{i}\"\n"));
        n += 1;
        i += 1;
    }
    let g = Glossary::parse("g.toml", &toml).expect("glossary");
    let t = Instant::now();
    let index = TermIndex::new(&g, "ko", "en", true);
    let build = t.elapsed().as_secs_f64();
    let seed = include_str!("../posts/2026-01-02-ai-news.md");
    let mut text = String::new();
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(seed);
    }
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let (secs, found) = best_of(3, || {
        paragraphs
            .iter()
            .map(|p| index.matches(p).len())
            .sum::<usize>()
    });
    println!(
        "glossary: {} terms (index built in {:.0} ms), {mb:.1} MiB of Korean in {} paragraphs, {found} matches, {:.0} ms, {:.1} MiB/s",
        g.terms.len(),
        build * 1e3,
        paragraphs.len(),
        secs * 1e3,
        mb / secs
    );
}
