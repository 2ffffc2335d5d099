//! The repository's own posts build with Jekyll (Debian's `jekyll`, installed by .ci/run),
//! and the English page carries its translated title, its links and `lang="en"`.

use std::path::Path;
use std::process::Command;

#[test]
fn jekyll_builds_the_english_twin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("jekyll")
        .args(["build", "--quiet", "--source"])
        .arg(root)
        .arg("--destination")
        .arg(out.path())
        .status();
    let status = match status {
        Ok(s) => s,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: jekyll is not installed here ({e}); .ci/run installs it");
            return;
        }
        Err(e) => panic!("jekyll must run in CI: {e}"),
    };
    assert!(status.success());
    let en = std::fs::read_to_string(out.path().join("posts/en/2026-01-02-ai-news.html")).unwrap();
    let ko = std::fs::read_to_string(out.path().join("posts/2026-01-02-ai-news.html")).unwrap();
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(ko.contains("<html lang=\"ko\">"), "{ko}");
    let post = std::fs::read_to_string(root.join("posts/en/2026-01-02-ai-news.md")).unwrap();
    let title = post
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .trim_matches('"');
    assert!(en.contains(&format!("<title>{title}</title>")), "{en}");
    assert!(!en.contains("뉴스</title>"));
    for link in [
        "https://www.trendforce.com/news/2026/01/02/news-openai-reportedly-shifts-first-ai-hardware-order-from-chinas-luxshare-to-foxconn/",
        "https://singularityhub.com/2026/01/02/ai-can-now-design-proteins-and-dna-scientists-warn-we-need-biosecurity-rules-before-its-too-late/",
    ] {
        assert!(en.contains(&format!("href=\"{link}\"")), "{link}");
    }
}
