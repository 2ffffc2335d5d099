//! The one verdict without deriving it twice: `translate` takes the verdict on each post it
//! wrote from the run (derived while the post was in memory), and that verdict is the one
//! `check` derives from the files; a post changed since is derived again.

mod common;

use std::path::{Path, PathBuf};

use common::server::{Reply, Server, openai_reply, translate_text};
use common::{run, stderr, stdout};
use l10n::check::{analyze, analyze_known};
use l10n::run::{Event, Events, Options, Progress};
use l10n::site::Site;

const SEED: &str = include_str!("../posts/2026-01-02-ai-news.md");

struct Quiet;

impl Events for Quiet {
    fn event(&self, _: &Event) {}
    fn error(&self, _: &l10n::diag::Failure) {}
    fn out(&self, _: &Event) -> Result<(), l10n::diag::Failure> {
        Ok(())
    }
    fn progress(&self, _: &Progress) {}
}

fn findings(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("warning[") || l.contains("error["))
        .map(str::to_owned)
        .collect()
}

/// A site of the seed post whose backend is `srv`: the stand-in English leaves `numbers`
/// warnings, so `check` cannot trust the state header and derives every finding.
fn seed_site(srv: &Server) -> tempfile::TempDir {
    common::post_site(
        SEED,
        &format!(
            "default_backend = \"b\"\n[qa]\nglosses = \"off\"\n[backend.b]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\n",
            srv.url()
        ),
    )
}

fn server() -> Server {
    Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t)))))
}

#[test]
fn translate_prints_the_findings_check_derives_from_the_files() {
    let srv = server();
    let dir = seed_site(&srv);
    let p = dir.path();
    let t = run(p, &["translate"]);
    let c = run(p, &["check"]);
    assert_eq!(t.status.code(), c.status.code(), "{}", stderr(&t));
    let said = findings(&stderr(&t));
    assert!(!said.is_empty(), "the stand-in English leaves warnings");
    assert_eq!(said, findings(&stdout(&c)));
    // A hand edit and an English-only paragraph (carried over when the run rewrites the
    // post), then a Korean paragraph changed: the run writes the post again.
    let en = p.join("posts/en/a.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let first = text
        .lines()
        .find(|l| l.starts_with("- "))
        .expect("a list item")
        .to_owned();
    let edited = text.replacen(&first, "- An editor wrote this item.", 1) + "\nEditor's note.\n";
    std::fs::write(&en, edited).unwrap();
    let ko = std::fs::read_to_string(p.join("posts/a.md")).unwrap();
    let changed = ko.replacen("발전시킨 것으로", "크게 발전시킨 것으로", 1);
    assert_ne!(ko, changed);
    std::fs::write(p.join("posts/a.md"), changed).unwrap();
    let t = run(p, &["translate"]);
    let c = run(p, &["check"]);
    assert!(
        stderr(&t).contains("1 posts written") || stderr(&t).contains("1 post written"),
        "{}",
        stderr(&t)
    );
    assert!(
        std::fs::read_to_string(&en)
            .unwrap()
            .contains("Editor's note.")
    );
    assert_eq!(t.status.code(), c.status.code(), "{}", stderr(&t));
    assert_eq!(findings(&stderr(&t)), findings(&stdout(&c)));
}

#[test]
fn a_derived_verdict_is_the_checks_until_the_post_changes() {
    let srv = server();
    let dir = seed_site(&srv);
    let Ok(site) = Site::open(Some(&dir.path().join("l10n.toml"))) else {
        panic!("the site opens")
    };
    let Ok(totals) = l10n::run::run(&site, &Options::default(), &Quiet) else {
        panic!("the run runs")
    };
    let (lang, source) = (&totals.langs[0], PathBuf::from("posts/a.md"));
    let setup = totals.verdicts.setup(lang).expect("the run's setup");
    let derived = totals
        .verdicts
        .derived(lang, &source)
        .expect("a verdict on the post written");
    let from_files = analyze(&site, &source, lang, false, setup);
    let known = analyze_known(&site, &source, lang, false, setup, Some(derived));
    assert!(!from_files.findings.is_empty());
    assert_eq!(known.findings, from_files.findings);
    assert_eq!(known.status, from_files.status);
    assert_eq!(known.counts, from_files.counts);
    // Someone saves the English post: the verdict derived before no longer fits.
    let en = dir.path().join("posts/en/a.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replacen("EN ", "남은 한글 ", 1)).unwrap();
    let now = analyze(&site, Path::new("posts/a.md"), lang, false, setup);
    let known = analyze_known(&site, &source, lang, false, setup, Some(derived));
    assert_eq!(known.findings, now.findings);
    assert_eq!(known.status, now.status);
    assert_ne!(now.findings, from_files.findings, "the edit is reported");
}

/// A new post whose front matter never closes, and one whose YAML is broken: `translate`
/// stops at each (exit 2, the file and line), and so do `check` and `status`: not
/// "missing", which would ask for a translation that cannot be made; the YAML error says
/// what is wrong, in both languages.
#[test]
fn a_new_post_l10n_cannot_parse_is_the_same_error_for_translate_check_and_status() {
    let dir = common::bare_site(SEED);
    let p = dir.path();
    assert_eq!(common::code(&run(p, &["translate"])), 0);
    std::fs::write(p.join("posts/b.md"), "---\ntitle: \"x\"\n\n본문\n").expect("post");
    std::fs::write(p.join("posts/c.md"), "---\ntitle: [x\n---\n본문\n").expect("post");
    let t = run(p, &["translate"]);
    assert_eq!(common::code(&t), 2, "{}", stderr(&t));
    assert!(!p.join("posts/en/b.md").exists() && !p.join("posts/en/c.md").exists());
    let c = run(p, &["check"]);
    let said = stderr(&c) + &stdout(&c);
    assert_eq!(common::code(&c), 2, "{said}");
    assert!(said.contains("posts/b.md:1: error[invalid]"), "{said}");
    assert!(said.contains("posts/c.md:2"), "{said}");
    assert!(!said.contains("error[missing]"), "{said}");
    for s in [run(p, &["status"]), common::run_korean(p, &["status"])] {
        let said = stderr(&s);
        assert_eq!(common::code(&s), 2, "{said}");
        assert!(said.contains("posts/b.md:1:"), "{said}");
        assert!(said.contains("posts/c.md:2:"), "{said}");
        assert!(
            !said.contains("{$detail}") && !said.contains("{ $detail }"),
            "{said}"
        );
    }
}
