//! `l10n check` over a small site with one seeded error per quality check, in all three
//! formats. Translations come from a scripted command backend, so each error is exact.

mod common;

use std::fs;
use std::path::Path;

use common::{l10n, run, run_korean, stderr, stdout};

const POST_A: &str = "---\nlayout: post\ntitle: \"AI 뉴스\"\ndate: 2026-01-02\n---\n\n## 요약\n\n[위로](#요약)\n\n소프트뱅크가 400억 달러를 투자했다.\n\n에이전트가 부상했다.\n\n[기사](https://a.example/x)를 보라.\n\n모델이 답했다.\n\n이 문장은 충분히 길어서 길이 검사의 대상이 되는 긴 문장입니다.\n\n번역하지 않은 문장.\n\n같은 문장이 두 글에 있다.\n\n손으로 고칠 문단.\n\n오픈AI는 2026년 1월 2일 R1 후속 모델을 폭스콘(Foxconn)과 발표했다.\n";
const POST_B: &str = "## 다른 글\n\n같은 문장이 두 글에 있다.\n";

/// Source text → translation the engine answers (tags as in the source).
const ENGINE: &str = r#"import json, sys
table = {
  "AI 뉴스": "AI News",
  "요약": "Summary",
  "<g1>위로</g1>": "<g1>Back up</g1>",
  "소프트뱅크가 400억 달러를 투자했다.": "SoftBank invested 400 billion won.",
  "에이전트가 부상했다.": "The broker rose.",
  "<g1>기사</g1>를 보라.": "See <g1>the article</g1>.",
  "모델이 답했다.": "The model는 answered.",
  "이 문장은 충분히 길어서 길이 검사의 대상이 되는 긴 문장입니다.": "Long.",
  "번역하지 않은 문장.": "번역하지 않은 문장.",
  "같은 문장이 두 글에 있다.": "The same sentence is in two posts.",
  "손으로 고칠 문단.": "A paragraph to edit by hand.",
  "다른 글": "Another post",
  "오픈AI는 2026년 1월 2일 R1 후속 모델을 폭스콘(Foxconn)과 발표했다.": "On January 3, 2026, OpenAI announced R2 with Foxconn (Foxconn).",
}
req = json.load(sys.stdin)
print(json.dumps({"translations": [{"id": s["id"], "text": table.get(s["text"], "EN " + s["text"])} for s in req["segments"]]}))
"#;

fn seeded_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("posts")).unwrap();
    fs::write(p.join("posts/a.md"), POST_A).unwrap();
    fs::write(p.join("posts/b.md"), POST_B).unwrap();
    fs::write(p.join("engine.py"), ENGINE).unwrap();
    fs::write(
        p.join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\nforbidden = [\"broker\"]\n",
    )
    .unwrap();
    fs::write(
        p.join("l10n.toml"),
        "default_backend = \"engine\"\n[backend.engine]\nkind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n",
    )
    .unwrap();
    let o = run(p, &["translate"]);
    // The engine's seeded mistakes survive the corrective retry: flagged, counted, exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // The in-page link followed its heading into English.
    let en = fs::read_to_string(p.join("posts/en/a.md")).unwrap();
    assert!(en.contains("[Back up](#summary)"), "{en}");
    // Hand edits: a link pointed elsewhere (urls), markup added (tags), a kept key changed (front-matter), a broken in-page
    // link (anchors), the shared sentence said differently in one post (consistency).
    edit(
        p,
        "posts/en/a.md",
        "(https://a.example/x)",
        "(https://evil.example/y)",
    );
    edit(
        p,
        "posts/en/a.md",
        "A paragraph to edit by hand.",
        "A paragraph *edited* by hand.",
    );
    edit(p, "posts/en/a.md", "date: 2026-01-02", "date: 2026-02-02");
    edit(p, "posts/en/a.md", "(#summary)", "(#nowhere)");
    edit(
        p,
        "posts/en/b.md",
        "The same sentence is in two posts.",
        "Two posts share this sentence.",
    );
    dir
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn translate_reports_problems_and_refuses_injected_links() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("posts")).unwrap();
    fs::write(p.join("posts/a.md"), POST_A).unwrap();
    // This engine slips a link into one translation, every time.
    fs::write(
        p.join("engine.py"),
        ENGINE.replace(
            "\"See <g1>the article</g1>.\"",
            "\"See <g1>the article</g1> and https://evil.example/y.\"",
        ),
    )
    .unwrap();
    fs::write(
        p.join("l10n.toml"),
        "default_backend = \"engine\"\n[backend.engine]\nkind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n",
    )
    .unwrap();
    let o = run(p, &["translate"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("\"400억 달러\" is 40,000,000,000 but the translation says \"400 billion\""),
        "{err}"
    );
    assert!(
        err.contains("posts/a.md:15: segment not translated")
            && err.contains("https://evil.example/y is not in the source"),
        "{err}"
    );
    assert!(
        !p.join("posts/en/a.md").exists(),
        "a post with an injected link is never written"
    );
    // The same refusal, said in Korean.
    let o = run_korean(p, &["translate"]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "posts/a.md:15: 세그먼트를 번역하지 못했습니다: https://evil.example/y는 원문에 없는 링크입니다"
        ),
        "{err}"
    );
    assert!(!err.contains("not in the source"), "{err}");
}

#[test]
fn every_check_fires_once_in_all_formats() {
    let s = seeded_site();
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let human = stdout(&o);
    for code in [
        "urls",
        "numbers",
        "hangul",
        "untranslated",
        "glossary",
        "tags",
        "length",
        "front-matter",
        "anchors",
        "consistency",
        "dates",
        "identifiers",
        "glosses",
    ] {
        assert!(
            human.contains(&format!("[{code}]")),
            "{code} missing in:\n{human}"
        );
    }
    insta::assert_snapshot!("qa_human", human);
    let o = run(s.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    insta::assert_json_snapshot!("qa_json", v);
    let o = run(s.path(), &["check", "--format", "github"]);
    insta::assert_snapshot!("qa_github", stdout(&o));
}

#[test]
fn findings_read_in_korean() {
    let s = seeded_site();
    let o = run(s.path(), &["--ui-lang", "ko", "check"]);
    let out = stdout(&o);
    for line in [
        "날짜 \"2026년 1월 2일\"이 번역에서 \"January 3, 2026\"으로 바뀌었습니다",
        "\"R1\"이 번역에서 \"R2\"로 바뀌었습니다",
        "이름이 두 번 쓰였습니다: \"Foxconn (Foxconn)\"",
    ] {
        assert!(out.contains(line), "{line} in:\n{out}");
    }
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('가'..='힣').contains(&c))
}

/// Under a Korean locale every finding of every check, and the glossary's refusal of a
/// duplicate, is a Korean sentence: none is English text built in the core.
#[test]
fn a_korean_ui_has_no_english_sentences() {
    let s = seeded_site();
    let o = run_korean(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let findings: Vec<&str> = out.lines().filter(|l| l.contains("]: ")).collect();
    assert!(findings.len() >= 16, "{out}");
    for line in &findings {
        // The message after `오류[check]: `.
        let message = line.split("]: ").nth(1).unwrap_or_default();
        assert!(has_hangul(message), "{line}");
    }
    for english in [
        "is not in the translation",
        "is not in the source",
        "Korean text left",
        "the source length",
        "must be translated as",
        "forbidden translation",
        "of the source is missing",
        "has no front matter",
        "matches no heading",
        "translates the same text",
        "inline tag",
        "source text unchanged",
        "checked:",
    ] {
        assert!(!out.contains(english), "{english} in:\n{out}");
    }
    let o = run_korean(s.path(), &["glossary", "add", "에이전트", "agent"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("glossary.toml:1:1: \"에이전트\"는 이미 용어집에 있습니다"),
        "{err}"
    );
    assert!(!err.contains("already in the glossary"), "{err}");
    // JSON stays English with stable keys and check names, whatever the UI language.
    let o = run_korean(s.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &v["findings"][0];
    assert_eq!(first["code"], "numbers", "{v}");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("but the translation says")),
        "{v}"
    );
}

/// A broken l10n.toml is named with its line and column, and said in Korean around the TOML
/// parser's own (English) words, which are quoted.
#[test]
fn a_broken_config_reads_in_korean_with_file_and_line() {
    let s = seeded_site();
    let cfg = fs::read_to_string(s.path().join("l10n.toml")).unwrap();
    fs::write(
        s.path().join("l10n.toml"),
        format!("target_langs = 3\n{cfg}"),
    )
    .unwrap();
    let o = run_korean(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("l10n.toml:1:16: TOML로 읽을 수 없습니다: \"invalid type: integer `3`"),
        "{err}"
    );
    fs::write(
        s.path().join("l10n.toml"),
        format!("{cfg}[qa]\nspelling = \"off\"\n"),
    )
    .unwrap();
    let err = stderr(&run_korean(s.path(), &["check"]));
    assert!(
        err.contains("l10n.toml:6:12: 알 수 없는 검사 `spelling`입니다"),
        "{err}"
    );
    fs::write(s.path().join("l10n.toml"), cfg).unwrap();
    let o = run_korean(s.path(), &["check", "posts/none.md"]);
    assert!(
        stderr(&o).contains("posts/none.md: 파일이나 디렉터리가 없습니다"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn severities_and_reasoned_ignores_from_config() {
    let s = seeded_site();
    let cfg = fs::read_to_string(s.path().join("l10n.toml")).unwrap();
    let o = run(s.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let numbers = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "numbers")
        .unwrap()
        .clone();
    let seg = numbers["segment"].as_str().unwrap().to_owned();
    fs::write(
        s.path().join("l10n.toml"),
        format!(
            "{cfg}\n[qa]\nurls = \"warning\"\nhangul = \"off\"\ndates = \"warning\"\nidentifiers = \"off\"\nglosses = \"warning\"\n\n[[qa.ignore]]\nsegment = \"{seg}\"\ncheck = \"numbers\"\nreason = \"the editor checked the figure\"\n"
        ),
    )
    .unwrap();
    let o = run(s.path(), &["check"]);
    let out = stdout(&o);
    assert!(out.contains("warning[urls]"), "{out}");
    assert!(!out.contains("[hangul]"), "{out}");
    assert!(
        out.contains("warning[dates]") && out.contains("warning[glosses]"),
        "{out}"
    );
    assert!(!out.contains("[identifiers]"), "{out}");
    assert!(
        out.contains("ignored[numbers]") && out.contains("the editor checked the figure"),
        "{out}"
    );
    fs::write(
        s.path().join("l10n.toml"),
        format!("{cfg}\n[qa]\nnumbers = \"loud\"\n"),
    )
    .unwrap();
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("l10n.toml"), "{}", stderr(&o));
}

#[test]
fn the_repository_itself_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = l10n(root).arg("check").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
