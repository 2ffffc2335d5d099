//! The repository's own posts build with Jekyll (Debian's `jekyll`, installed by .ci/run),
//! the English page carries its translated title, its links and `lang="en"`, and the two
//! pages link to each other (hreflang alternates and a visible language switch).

use std::path::Path;
use std::process::Command;

/// `jekyll build` of `source` into `dest`; `None` (skipped) where Jekyll is not installed,
/// outside CI.
fn jekyll_build(source: &Path, dest: &Path) -> Option<std::process::ExitStatus> {
    let status = Command::new("jekyll")
        .args(["build", "--quiet", "--source"])
        .arg(source)
        .arg("--destination")
        .arg(dest)
        .status();
    match status {
        Ok(s) => Some(s),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: jekyll is not installed here ({e}); .ci/run installs it");
            None
        }
        Err(e) => panic!("jekyll must run in CI: {e}"),
    }
}

#[test]
fn jekyll_builds_the_english_twin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let Some(status) = jekyll_build(root, out.path()) else {
        return;
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
    // Each page names both versions as alternates, and offers the other in its switch.
    for page in [&en, &ko] {
        assert!(
            page.contains(
                r#"<link rel="alternate" hreflang="ko" href="/posts/2026-01-02-ai-news.html">"#
            ),
            "{page}"
        );
        assert!(
            page.contains(
                r#"<link rel="alternate" hreflang="en" href="/posts/en/2026-01-02-ai-news.html">"#
            ),
            "{page}"
        );
        assert!(page.contains(r#"hreflang="x-default" href="/posts/2026-01-02-ai-news.html""#));
    }
    assert!(
        ko.contains(r#"<a href="/posts/en/2026-01-02-ai-news.html" hreflang="en" lang="en" rel="alternate">English</a>"#),
        "{ko}"
    );
    assert!(
        ko.contains(r#"<strong lang="ko" aria-current="page">한국어</strong>"#),
        "{ko}"
    );
    assert!(
        en.contains(r#"<a href="/posts/2026-01-02-ai-news.html" hreflang="ko" lang="ko" rel="alternate">한국어</a>"#),
        "{en}"
    );
    assert!(
        en.contains(r#"<strong lang="en" aria-current="page">English</strong>"#),
        "{en}"
    );
    for link in [
        "https://www.trendforce.com/news/2026/01/02/news-openai-reportedly-shifts-first-ai-hardware-order-from-chinas-luxshare-to-foxconn/",
        "https://singularityhub.com/2026/01/02/ai-can-now-design-proteins-and-dna-scientists-warn-we-need-biosecurity-rules-before-its-too-late/",
    ] {
        assert!(en.contains(&format!("href=\"{link}\"")), "{link}");
    }
}

/// Replies that try script, Liquid and link injection: the post still builds and its HTML
/// holds nothing a reply tried to add.
#[test]
fn jekyll_builds_a_post_whose_replies_tried_injection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    let p = site.path();
    std::fs::create_dir_all(p.join("_layouts")).unwrap();
    std::fs::create_dir_all(p.join("posts")).unwrap();
    for f in ["_config.yml", "_layouts/post.html"] {
        std::fs::copy(root.join(f), p.join(f)).unwrap();
    }
    std::fs::write(
        p.join("posts/a.md"),
        "---\nlayout: post\ntitle: \"오늘의 소식\"\ndate: 2026-01-02\n---\n\n## 첫 소식\n\n[기사](https://example.com/a) 본문입니다.\n\n- 항목 하나\n- 항목 둘\n",
    )
    .unwrap();
    std::fs::write(
        p.join("engine.py"),
        "import json, re, sys\nreq = json.load(sys.stdin)\nevil = ' <script>alert(1)</script> {% include evil.html %} {{ site.title }} [x](javascript:alert(1)) <img src=x onerror=alert(1)>'\n\
         out = [{'id': s['id'], 'text': re.sub('[가-힣]+', 'word', s['text']) + evil} for s in req['segments']]\n\
         print(json.dumps({'translations': out}))\n",
    )
    .unwrap();
    std::fs::write(
        p.join("l10n.toml"),
        "default_backend = \"e\"\n[backend.e]\nkind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_l10n"))
        .current_dir(p)
        .env("LANG", "C")
        .args(["translate", "--partial"])
        .output()
        .unwrap();
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = tempfile::tempdir().unwrap();
    let Some(status) = jekyll_build(p, out.path()) else {
        return;
    };
    assert!(status.success(), "the site still builds");
    let en = std::fs::read_to_string(out.path().join("posts/en/a.html")).unwrap();
    for bad in ["<script", "href=\"javascript", "<img", "onerror=alert(1)>"] {
        assert!(!en.contains(bad), "{bad} in\n{en}");
    }
    // Liquid from a reply is shown as text, never run (the include would break the build).
    assert!(
        en.contains("{% include evil.html %} {{ site.title }}"),
        "{en}"
    );
    assert!(en.contains("href=\"https://example.com/a\""), "{en}");
}
