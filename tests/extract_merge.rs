//! `l10n extract` and `l10n merge` against the built binary.

mod common;

use std::fs;

use common::{fixtures, run, stderr, stdout};

#[test]
fn seed_post_extract_snapshot() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(root, &["extract", "posts/2026-01-02-ai-news.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    insta::assert_json_snapshot!("seed_post_extract", v);
}

#[test]
fn every_construct_fixture_extracts_and_round_trips() {
    let dir = fixtures().join("constructs");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 12);
    let tmp = tempfile::tempdir().unwrap();
    for name in names {
        let o = run(&dir, &["extract", &name]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        insta::assert_json_snapshot!(format!("construct_{name}"), v);
        // merge(extract(x)) == x, through both file formats.
        let json = tmp.path().join(format!("{name}.json"));
        fs::write(&json, &o.stdout).unwrap();
        let merged = run(&dir, &["merge", &name, json.to_str().unwrap()]);
        assert!(merged.status.success(), "{name}: {}", stderr(&merged));
        assert_eq!(merged.stdout, fs::read(dir.join(&name)).unwrap(), "{name}");
        let x = run(&dir, &["extract", &name, "--format", "xliff"]);
        let xliff = String::from_utf8(x.stdout)
            .unwrap()
            .replace("<source", "<target")
            .replace("</source>", "</target>");
        let xf = tmp.path().join(format!("{name}.xlf"));
        fs::write(&xf, xliff).unwrap();
        let merged = run(&dir, &["merge", &name, xf.to_str().unwrap()]);
        assert!(merged.status.success(), "{name}: {}", stderr(&merged));
        assert_eq!(
            merged.stdout,
            fs::read(dir.join(&name)).unwrap(),
            "{name} (xliff)"
        );
    }
}

#[test]
fn xliff_is_xliff_2_with_pc_and_ph() {
    let dir = fixtures().join("constructs");
    let o = run(&dir, &["extract", "inline.md", "--format", "xliff"]);
    let x = stdout(&o);
    assert!(x.contains("urn:oasis:names:tc:xliff:document:2.0"));
    assert!(x.contains("srcLang=\"ko\""));
    assert!(x.contains("<pc id=\"1\">굵게</pc>"), "{x}");
    assert!(x.contains("<ph id="), "{x}");
    assert!(
        !x.contains("https://a.example"),
        "URLs stay out of the source text: {x}"
    );
}

#[test]
fn merge_writes_translations_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("p.md");
    fs::write(
        &post,
        "---\ntitle: 제목\n---\n**폭스콘**이 [기사](https://x.y)를 냈다.\n",
    )
    .unwrap();
    let o = run(tmp.path(), &["extract", "p.md"]);
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for seg in v["segments"].as_array_mut().unwrap() {
        let t = match seg["kind"].as_str().unwrap() {
            "front_matter" => "Title",
            _ => "<g1>Foxconn</g1> published <g2>an article</g2>.",
        };
        seg["text"] = t.into();
        seg["extra"] = "ignored".into();
    }
    fs::write(tmp.path().join("t.json"), v.to_string()).unwrap();
    let o = run(tmp.path(), &["merge", "p.md", "t.json", "-o", "out/en.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/en.md")).unwrap(),
        "---\ntitle: Title\n---\n**Foxconn** published [an article](https://x.y).\n"
    );
}

#[test]
fn merge_rejects_a_dropped_tag_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("p.md"), "**폭스콘**이 발표했다.\n").unwrap();
    let o = run(tmp.path(), &["extract", "p.md"]);
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v["segments"][0]["id"].as_str().unwrap().to_owned();
    v["segments"][0]["text"] = "Foxconn announced.".into();
    fs::write(tmp.path().join("t.json"), v.to_string()).unwrap();
    let o = run(tmp.path(), &["merge", "p.md", "t.json", "-o", "en.md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("p.md:1") && err.contains(&id) && err.contains("<g1>"),
        "{err}"
    );
    assert!(!tmp.path().join("en.md").exists());
}

#[test]
fn merge_warns_about_unknown_ids_and_bad_files() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("p.md"), "문장.\n").unwrap();
    fs::write(
        tmp.path().join("t.json"),
        r#"{"segments": [{"id": "nope", "text": "x"}]}"#,
    )
    .unwrap();
    let o = run(tmp.path(), &["merge", "p.md", "t.json"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "문장.\n");
    assert!(stderr(&o).contains("1 translation in t.json matches no segment"));

    fs::write(
        tmp.path().join("bad.json"),
        "{\"segments\": [\n  {\"id\": 1}\n]}",
    )
    .unwrap();
    let o = run(tmp.path(), &["merge", "p.md", "bad.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json:2:"), "{}", stderr(&o));

    fs::write(
        tmp.path().join("bad.xlf"),
        "<xliff><unit id=\"u1\"><target>a</unit>",
    )
    .unwrap();
    let o = run(tmp.path(), &["merge", "p.md", "bad.xlf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.xlf:1:"), "{}", stderr(&o));
}

#[test]
fn bad_inputs_fail_clearly_with_exit_2() {
    let dir = fixtures().join("bad");
    let cases = [
        (
            "invalid-utf8.md",
            "invalid-utf8.md:2: not valid UTF-8 at byte 3",
        ),
        ("nul.md", "nul.md:2: NUL byte at offset 3"),
        (
            "unterminated.md",
            "unterminated.md:1: front matter opened with `---` is never closed",
        ),
        (
            "invalid-yaml.md",
            // The line of the unclosed `[`, not the closing `---` where the parser stopped.
            "invalid-yaml.md:2:8: invalid YAML in front matter: did not find expected",
        ),
        ("yaml-tab.md", "yaml-tab.md:3:"),
    ];
    for (file, want) in cases {
        let o = run(&dir, &["extract", file]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert!(o.stdout.is_empty(), "{file}");
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{file}: {err}");
        assert!(err.contains(want), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
    let o = run(&dir, &["extract", "binary.md"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&dir, &["extract", "missing.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.md"), "{}", stderr(&o));
}

#[test]
fn empty_file_has_no_segments() {
    let o = run(&fixtures().join("bad"), &["extract", "empty.md"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["segments"].as_array().unwrap().len(), 0);
}

#[test]
fn oversized_post_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "가".repeat(l10n::document::MAX_POST_BYTES / 3 + 1);
    fs::write(tmp.path().join("big.md"), big).unwrap();
    let o = run(tmp.path(), &["extract", "big.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("over the limit"), "{}", stderr(&o));
}

#[test]
fn errors_speak_korean() {
    let dir = fixtures().join("bad");
    let o = common::l10n(&dir)
        .env("LANG", "ko_KR.UTF-8")
        .args(["extract", "unterminated.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("오류: "), "{err}");
    assert!(err.contains("닫히지 않았습니다"), "{err}");
}

#[test]
fn closed_stdout_is_quiet() {
    use std::io::Read;
    use std::process::Stdio;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = common::l10n(root)
        .args([
            "extract",
            "posts/2026-01-02-ai-news.md",
            "--format",
            "xliff",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn extract_follows_l10n_toml() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("l10n.toml"),
        "source_lang = \"ko\"\ntarget_langs = [\"en-GB\"]\ntranslatable_keys = [\"subtitle\"]\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("p.md"),
        "---\ntitle: 제목\nsubtitle: 부제\n---\n본문\n",
    )
    .unwrap();
    let o = run(tmp.path(), &["extract", "p.md"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let texts: Vec<_> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, vec!["부제", "본문"]);
    let x = stdout(&run(tmp.path(), &["extract", "p.md", "--format", "xliff"]));
    assert!(x.contains("trgLang=\"en-GB\""), "{x}");
}
