//! `l10n translate`, `check` and `status` end to end in temporary sites.

mod common;

use std::fs;
use std::path::Path;

use common::{english, korean_site, l10n, run, stderr, stdout};

const POST: &str = "---\nlayout: post\ntitle: \"AI 뉴스\"\ndate: 2026-01-02\n---\n\n## 첫 소식\n\n에이전트가 부상했습니다.\n\n둘째 문단입니다.\n\n셋째 문단입니다.\n";

/// Runs translate and returns (written, reused, sent, failed) from its summary line.
fn summary(dir: &Path, extra: &[&str]) -> (usize, usize, usize, usize) {
    let mut args = vec!["translate"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    let err = stderr(&o);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{err}"
    );
    let line = err
        .lines()
        .find(|l| l.contains(" written, "))
        .unwrap_or_else(|| panic!("no summary in {err}"));
    // written, up to date, reused, sent, failed, need review
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (n[0], n[2], n[3], n[4])
}

fn edit_source(dir: &Path, f: impl Fn(&str) -> String) {
    let p = dir.join("posts/a.md");
    let s = fs::read_to_string(&p).unwrap();
    fs::write(&p, f(&s)).unwrap();
}

#[test]
fn first_translation_then_rerun_sends_nothing() {
    let s = korean_site(POST);
    assert_eq!(summary(s.path(), &[]), (1, 0, 5, 0));
    let t = english(s.path());
    assert!(t.contains("lang: en\n"), "{t}");
    assert!(t.contains("title: \"AI nyuseu\""), "{t}");
    assert!(
        t.contains("agentga busanghaetseumnida."),
        "glossary then romanization: {t}"
    );
    assert!(s.path().join(".l10n/state/en/posts/a.md.toml").exists());
    assert_eq!(summary(s.path(), &[]), (0, 0, 0, 0));
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn one_changed_paragraph_is_one_segment_sent() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    edit_source(s.path(), |p| {
        p.replace("둘째 문단입니다.", "둘째 문단을 고쳤습니다.")
    });
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("posts/a.md:11: error[stale]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(summary(s.path(), &[]), (1, 0, 1, 0));
    assert!(english(s.path()).contains("duljjae mundaneul gochyeotseumnida."));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn inserted_paragraph_at_top_is_the_only_one_sent() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    edit_source(s.path(), |p| {
        p.replace("## 첫 소식", "새 머리 문단.\n\n## 첫 소식")
    });
    assert_eq!(summary(s.path(), &[]), (1, 0, 1, 0));
    assert!(english(s.path()).contains("sae meori mundan.\n\n## cheot sosik"));
}

#[test]
fn moved_paragraph_sends_nothing_and_deleted_one_disappears() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    edit_source(s.path(), |p| {
        p.replace(
            "둘째 문단입니다.\n\n셋째 문단입니다.",
            "셋째 문단입니다.\n\n둘째 문단입니다.",
        )
    });
    assert_eq!(summary(s.path(), &[]), (1, 0, 0, 0));
    let t = english(s.path());
    assert!(
        t.find("setjjae").unwrap() < t.find("duljjae").unwrap(),
        "{t}"
    );
    edit_source(s.path(), |p| p.replace("셋째 문단입니다.\n\n", ""));
    assert_eq!(summary(s.path(), &[]), (1, 0, 0, 0));
    assert!(!english(s.path()).contains("setjjae"));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn hand_edit_survives_unrelated_changes_and_goes_stale_edited() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    let en = s.path().join("posts/en/a.md");
    let t = english(s.path()).replace("duljjae mundanimnida.", "The second paragraph, by hand.");
    fs::write(&en, &t).unwrap();
    // An unrelated Korean change: the edit stays.
    edit_source(s.path(), |p| {
        p.replace("셋째 문단입니다.", "셋째 문단이 바뀌었습니다.")
    });
    assert_eq!(summary(s.path(), &[]), (1, 0, 1, 0));
    let after = english(s.path());
    assert!(after.contains("The second paragraph, by hand."), "{after}");
    let state = fs::read_to_string(s.path().join(".l10n/state/en/posts/a.md.toml")).unwrap();
    assert!(state.contains("state = \"edited\""), "{state}");
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
    // The Korean source of the edited paragraph changes: kept, marked stale-edited.
    edit_source(s.path(), |p| {
        p.replace("둘째 문단입니다.", "둘째 문단의 원문이 바뀌었습니다.")
    });
    assert_eq!(summary(s.path(), &[]), (0, 0, 0, 0));
    assert!(english(s.path()).contains("The second paragraph, by hand."));
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[stale-edited]"), "{}", stdout(&o));
    // Only --overwrite-edits replaces it.
    summary(s.path(), &["--overwrite-edits"]);
    assert!(english(s.path()).contains("duljjae mundanui wonmuni bakkwieotseumnida."));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn an_english_only_paragraph_is_kept_and_a_restructured_target_is_held() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    let en = s.path().join("posts/en/a.md");
    fs::write(
        &en,
        english(s.path()) + "\nAn extra paragraph by an editor.\n",
    )
    .unwrap();
    edit_source(s.path(), |p| p.replace("셋째", "넷째"));
    // English-only text in a block of its own is the editor's: kept, the Korean change
    // translated around it.
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(english(s.path()).contains("An extra paragraph by an editor."));
    assert!(
        english(s.path()).contains("netjjae"),
        "{}",
        english(s.path())
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
    // A translated paragraph turned into a list by hand: l10n cannot tell, so it holds.
    let t = english(s.path()).replacen("\n\nduljjae", "\n\n- duljjae", 1);
    fs::write(&en, &t).unwrap();
    edit_source(s.path(), |p| p.replace("넷째", "다섯째"));
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("posts/en/a.md:"), "{}", stderr(&o));
    assert_eq!(english(s.path()), t, "held: left as the editor saved it");
    let o = run(s.path(), &["check"]);
    assert!(stdout(&o).contains("needs-review"), "{}", stdout(&o));
}

#[test]
fn translation_memory_reuses_identical_segments_across_posts() {
    let s = korean_site(POST);
    summary(s.path(), &[]);
    fs::write(
        s.path().join("posts/b.md"),
        "## 첫 소식\n\n완전히 새 문단.\n",
    )
    .unwrap();
    assert_eq!(summary(s.path(), &[]), (1, 1, 1, 0));
}

#[test]
fn dry_run_writes_nothing() {
    let s = korean_site(POST);
    let o = run(s.path(), &["translate", "--dry-run"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("posts/a.md → posts/en/a.md: 5 segments"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("5 segments"), "{}", stderr(&o));
    // The pseudo backend costs nothing: no word about prices l10n.toml lacks.
    assert!(!stderr(&o).contains("no prices"), "{}", stderr(&o));
    assert!(!s.path().join("posts/en").exists());
    assert!(!s.path().join(".l10n").exists());
}

#[test]
fn check_reports_missing_and_orphans() {
    let s = korean_site(POST);
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("posts/a.md: error[missing]"),
        "{}",
        stdout(&o)
    );
    summary(s.path(), &[]);
    fs::write(s.path().join("posts/en/gone.md"), "x\n").unwrap();
    let o = run(s.path(), &["check"]);
    assert!(
        stdout(&o).contains("posts/en/gone.md: error[orphan]"),
        "{}",
        stdout(&o)
    );
    fs::remove_file(s.path().join("posts/en/gone.md")).unwrap();
    fs::remove_file(s.path().join("posts/a.md")).unwrap();
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(".l10n/state/en/posts/a.md.toml: error[orphan]"),
        "{}",
        stdout(&o)
    );
}

/// A site with one finding of each kind `check` knows, for the format snapshots.
fn messy_site() -> tempfile::TempDir {
    let s = korean_site(POST);
    fs::write(s.path().join("posts/b.md"), "## 둘째 글\n\n내용.\n").unwrap();
    fs::write(s.path().join("posts/c.md"), "미번역 글.\n").unwrap();
    summary(s.path(), &[]);
    fs::remove_file(s.path().join("posts/en/c.md")).unwrap();
    edit_source(s.path(), |p| {
        p.replace("둘째 문단입니다.", "고친 둘째 문단.")
    });
    let b = s.path().join("posts/en/b.md");
    let t = fs::read_to_string(&b)
        .unwrap()
        .replace("naeyong.", "Content, edited.");
    fs::write(&b, t).unwrap();
    summary(s.path(), &["posts/b.md"]);
    fs::write(s.path().join("posts/b.md"), "## 둘째 글\n\n바뀐 내용.\n").unwrap();
    summary(s.path(), &["posts/b.md"]);
    s
}

#[test]
fn check_formats() {
    let s = messy_site();
    let human = run(s.path(), &["check"]);
    assert_eq!(human.status.code(), Some(1));
    insta::assert_snapshot!("check_human", stdout(&human));
    let json = run(s.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    insta::assert_json_snapshot!("check_json", v);
    let gh = run(s.path(), &["check", "--format", "github"]);
    assert_eq!(gh.status.code(), Some(1));
    insta::assert_snapshot!("check_github", stdout(&gh));
    let reviewed = run(s.path(), &["check", "--require-reviewed", "posts/b.md"]);
    assert!(
        stdout(&reviewed).contains("error[unreviewed]"),
        "{}",
        stdout(&reviewed)
    );
}

#[test]
fn status_table() {
    let s = messy_site();
    let o = run(s.path(), &["status"]);
    assert!(o.status.success());
    insta::assert_snapshot!("status", stdout(&o));
}

#[test]
fn korean_ui() {
    let s = korean_site(POST);
    let o = l10n(s.path())
        .env("LANG", "ko_KR.UTF-8")
        .arg("translate")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stderr(&o).contains("글 1개 작성"), "{}", stderr(&o));
    let o = l10n(s.path())
        .args(["--ui-lang", "ko", "status"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("최신"), "{}", stdout(&o));
    let o = l10n(s.path())
        .env("L10N_UI_LANG", "ko")
        .args(["check", "posts/nope.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("오류: "), "{}", stderr(&o));
}

#[test]
fn config_errors_name_file_line_and_column() {
    let cases = [
        ("bogus = 1\n", "l10n.toml:1:1"),
        ("target_langs = [\"en\", \"@@\"]\n", "l10n.toml:1:23"),
        (
            "target = \"../elsewhere/{name}\"\n",
            "leaves the repository",
        ),
        ("target = \"posts/{name}\"\n", "onto sources"),
        ("target = \"posts/all.md\"\n", "{name}"),
        ("[backend.x]\nkind = \"command\"\n", "l10n.toml:1:1"),
        ("default_backend = \"nope\"\n", "no [backend.nope]"),
        ("sources = [\"posts/[\"]\n", "invalid glob"),
    ];
    for (toml, want) in cases {
        let s = korean_site(POST);
        fs::write(s.path().join("l10n.toml"), toml).unwrap();
        for cmd in ["translate", "check", "status"] {
            let o = run(s.path(), &[cmd]);
            assert_eq!(o.status.code(), Some(2), "{toml} {cmd}");
            assert!(stderr(&o).contains(want), "{toml} {cmd}: {}", stderr(&o));
        }
        assert!(!s.path().join("posts/en").exists());
    }
    // Found from a subfolder, and named explicitly.
    let s = korean_site(POST);
    fs::write(s.path().join("l10n.toml"), "target_langs = [\"en\"]\n").unwrap();
    let o = run(&s.path().join("posts"), &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.path().join("posts/en/a.md").exists());
    let o = run(s.path(), &["--config", "missing.toml", "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.toml"));
}

#[test]
fn bad_glossary_and_unknown_backend_fail_cleanly() {
    let s = korean_site(POST);
    fs::write(s.path().join("glossary.toml"), "[[term]]\nko = \n").unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("glossary.toml:2:"), "{}", stderr(&o));
    let s = korean_site(POST);
    let o = run(s.path(), &["translate", "--backend", "gpt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`gpt`"), "{}", stderr(&o));
    // It says which names there are: here, only the built-in pseudo backend.
    assert!(stderr(&o).contains("(backends: pseudo)"), "{}", stderr(&o));
    let o = run(s.path(), &["translate", "--to", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!s.path().join("posts/en").exists());
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "비밀.\n").unwrap();
    let s = korean_site(POST);
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        s.path().join("posts/link.md"),
    )
    .unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("posts/link.md: leads outside the repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_source_is_reported_and_others_still_translate() {
    let s = korean_site(POST);
    fs::write(s.path().join("posts/bad.md"), "---\ntitle: x\n").unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("posts/bad.md:1: front matter"),
        "{}",
        stderr(&o)
    );
    assert!(s.path().join("posts/en/a.md").exists());
    assert!(!s.path().join("posts/en/bad.md").exists());
}

#[test]
fn crlf_and_bom_sources_translate_and_check() {
    let s = korean_site(&format!("\u{feff}{}", POST.replace('\n', "\r\n")));
    assert_eq!(summary(s.path(), &[]), (1, 0, 5, 0));
    let t = english(s.path());
    assert!(t.starts_with("\u{feff}---\r\n"), "{t:?}");
    assert!(
        t.contains("lang: en\r\ntranslation_of: posts/a.md\r\nl10n: pseudo\r\n---\r\n"),
        "{t:?}"
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn completions_and_memory_export() {
    let s = korean_site(POST);
    let o = run(s.path(), &["completions", "bash"]);
    assert!(stdout(&o).contains("l10n"));
    summary(s.path(), &[]);
    // Placeholder text is not memory; the editor's English for it is.
    let en = s.path().join("posts/en/a.md");
    let t = fs::read_to_string(&en).unwrap();
    fs::write(
        &en,
        t.replace("agentga busanghaetseumnida.", "Agents & more."),
    )
    .unwrap();
    summary(s.path(), &[]);
    let o = run(s.path(), &["memory", "export", "--format", "tmx"]);
    let tmx = stdout(&o);
    assert!(tmx.contains("<tmx version=\"1.4\">"), "{tmx}");
    assert!(
        tmx.contains("<tuv xml:lang=\"ko\"><seg>에이전트가 부상했습니다.</seg></tuv>")
            && tmx.contains("<seg>Agents &amp; more.</seg>")
            && tmx.matches("<tu>").count() == 1,
        "{tmx}"
    );
    let o = run(s.path(), &["memory", "export", "--format", "csv"]);
    assert!(stdout(&o).starts_with("source_lang,target_lang,source,target,state\n"));
    assert!(!stdout(&o).contains("cheot sosik"), "{}", stdout(&o));
}

#[test]
fn english_source_to_korean_uses_the_same_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    fs::write(
        dir.path().join("l10n.toml"),
        "source_lang = \"en\"\ntarget_langs = [\"ko\"]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Daily news\n---\n\nThe **agent** is [here](https://x.y).\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n",
    )
    .unwrap();
    assert_eq!(summary(dir.path(), &[]), (1, 0, 2, 0));
    let t = fs::read_to_string(dir.path().join("posts/ko/a.md")).unwrap();
    assert_eq!(
        t,
        "---\ntitle: Ḓȧīŀẏ ƞḗẇş\nlang: ko\ntranslation_of: posts/a.md\nl10n: pseudo\n---\n\nŦħḗ **에이전트** īş [ħḗřḗ](https://x.y).\n"
    );
    assert_eq!(run(dir.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn concurrent_runs_wait_for_each_other_and_corrupt_nothing() {
    let s = korean_site(POST);
    for i in 0..30 {
        fs::write(
            s.path().join(format!("posts/p{i}.md")),
            format!("## 제목 {i}\n\n본문 {i}번째 문단입니다.\n"),
        )
        .unwrap();
    }
    let spawn = || {
        l10n(s.path())
            .arg("translate")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    // Between them, every post was written exactly once.
    let sent: usize = [&a, &b]
        .iter()
        .map(|o| {
            let e = stderr(o);
            let line = e
                .lines()
                .find(|l| l.contains(" written, "))
                .unwrap()
                .to_owned();
            line.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(sent, 31);
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let leftovers: Vec<_> = fs::read_dir(s.path().join("posts/en"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".l10n-tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let s = korean_site(POST);
    let o = run(s.path(), &["--color", "always", "check"]);
    assert!(stdout(&o).contains("\x1b[1;31m"), "{}", stdout(&o));
    let o = run(s.path(), &["check"]);
    assert!(!stdout(&o).contains('\x1b'));
    let o = l10n(s.path())
        .env("NO_COLOR", "1")
        .args(["check"])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}
