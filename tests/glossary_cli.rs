//! `l10n glossary …` against the built binary.

mod common;

use std::fs;

use common::server::{Reply, Server};
use common::{l10n, run, stderr, stdout};

const G: &str = "# House terms: why each is here.\n\n[[term]]\nko = \"에이전트\" # never broker\nen = \"agent\"\n\n[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/posts/2026-01-02-ai-news.md"),
        dir.path().join("posts/a.md"),
    )
    .unwrap();
    fs::write(dir.path().join("glossary.toml"), G).unwrap();
    dir
}

#[test]
fn list_counts_occurrences_in_posts() {
    let s = site();
    let o = run(s.path(), &["glossary", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("    4  에이전트\tagent"), "{out}");
    assert!(out.contains("    3  폭스콘\tFoxconn"), "{out}");
}

#[test]
fn add_and_remove_keep_comments() {
    let s = site();
    let o = run(
        s.path(),
        &[
            "glossary",
            "add",
            "소프트뱅크",
            "SoftBank",
            "--note",
            "company",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(s.path().join("glossary.toml")).unwrap();
    assert!(text.starts_with(G), "{text}");
    assert!(text.contains("ko = \"소프트뱅크\"\nen = \"SoftBank\"\nnote = \"company\""));
    let o = run(s.path(), &["glossary", "add", "소프트뱅크", "Softbank"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(s.path(), &["glossary", "remove", "소프트뱅크"]);
    assert!(o.status.success());
    assert_eq!(
        fs::read_to_string(s.path().join("glossary.toml")).unwrap(),
        G
    );
    let o = run(s.path(), &["glossary", "remove", "없는말"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn invalid_glossary_is_reported_and_never_rewritten() {
    let s = site();
    let bad = "[[term]]\nko = \"에이전트\"\nen = \n";
    fs::write(s.path().join("glossary.toml"), bad).unwrap();
    for args in [
        vec!["glossary", "add", "a", "b"],
        vec!["glossary", "remove", "에이전트"],
        vec!["glossary", "lint"],
        vec!["glossary", "list"],
    ] {
        let o = run(s.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("glossary.toml:3:"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(
            fs::read_to_string(s.path().join("glossary.toml")).unwrap(),
            bad
        );
    }
    fs::write(
        s.path().join("glossary.toml"),
        "[[term]]\nko = \"a\"\nxx-invalid-tag!! = \"b\"\n",
    )
    .unwrap();
    assert_eq!(run(s.path(), &["glossary", "list"]).status.code(), Some(2));
    fs::write(s.path().join("glossary.toml"), "[[term]]\nko = \"\"\n").unwrap();
    assert!(stderr(&run(s.path(), &["glossary", "list"])).contains("empty"));
}

#[test]
fn lint_exits_1_on_errors() {
    let s = site();
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    fs::write(
        s.path().join("glossary.toml"),
        format!("{G}\n[[term]]\nko = \"에이전트\"\nen = \"broker\"\n"),
    )
    .unwrap();
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("glossary.toml:11: error: \"에이전트\" maps to different targets"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn suggest_and_apply() {
    let s = site();
    let o = run(s.path(), &["glossary", "suggest"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("럭스쉐어\tLuxshare"), "{out}");
    assert!(out.contains("피지컬 AI\tPhysical AI"), "{out}");
    assert!(
        !out.contains("폭스콘\tFoxconn"),
        "known terms are not suggested: {out}"
    );
    let o = run(s.path(), &["glossary", "suggest", "--apply", "럭스쉐어"]);
    assert!(o.status.success());
    let text = fs::read_to_string(s.path().join("glossary.toml")).unwrap();
    assert!(text.starts_with(G));
    assert!(
        text.contains("ko = \"럭스쉐어\"\nen = \"Luxshare\""),
        "{text}"
    );
    assert!(!text.contains("피지컬"));
}

#[test]
fn import_and_export() {
    let s = site();
    fs::write(
        s.path().join("in.csv"),
        "ko,en\n소프트뱅크,SoftBank\n에이전트,agent\n",
    )
    .unwrap();
    let o = run(s.path(), &["glossary", "import", "in.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("imported 1 term from"),
        "{}",
        stderr(&o)
    );
    let o = run(s.path(), &["glossary", "export", "--format", "tsv"]);
    assert_eq!(
        stdout(&o),
        "에이전트\tagent\n폭스콘\tFoxconn\n소프트뱅크\tSoftBank\n"
    );
    let o = run(
        s.path(),
        &["glossary", "export", "--format", "tbx", "-o", "out.tbx"],
    );
    assert!(o.status.success());
    let s2 = site();
    fs::write(s2.path().join("glossary.toml"), "").unwrap();
    fs::copy(s.path().join("out.tbx"), s2.path().join("in.tbx")).unwrap();
    let o = run(s2.path(), &["glossary", "import", "in.tbx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(s2.path(), &["glossary", "export"]);
    assert_eq!(
        stdout(&o),
        "에이전트\tagent\n폭스콘\tFoxconn\n소프트뱅크\tSoftBank\n"
    );
    fs::write(s.path().join("bad.csv"), "ko,en\nonly-one-field\n").unwrap();
    let o = run(s.path(), &["glossary", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.csv:2:"), "{}", stderr(&o));
}

#[test]
fn push_to_deepl_and_use_the_glossary() {
    let server = Server::start(|r, _| {
        if r.path == "/v2/glossaries" {
            return Reply::Json(
                201,
                "{\"glossary_id\": \"gl-42\", \"entry_count\": 2}".into(),
            );
        }
        let body = r.json();
        let tr: Vec<_> = body["text"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| serde_json::json!({"text": common::server::translate_text(t.as_str().unwrap())}))
            .collect();
        Reply::Json(200, serde_json::json!({"translations": tr}).to_string())
    });
    let s = site();
    fs::write(
        s.path().join("l10n.toml"),
        format!(
            "default_backend = \"d\"\n[backend.d]\nkind = \"deepl\"\nbase_url = \"{}\"\napi_key_env = \"L10N_TEST_KEY\"\n",
            server.url()
        ),
    )
    .unwrap();
    let o = l10n(s.path())
        .env("L10N_TEST_KEY", "k-secret")
        .args(["glossary", "push", "deepl"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let push = &server.requests()[0];
    let body = push.json();
    assert_eq!(body["entries"], "에이전트\tagent\n폭스콘\tFoxconn\n");
    assert_eq!(body["entries_format"], "tsv");
    assert_eq!(body["source_lang"], "KO");
    let o = l10n(s.path())
        .env("L10N_TEST_KEY", "k-secret")
        .arg("translate")
        .output()
        .unwrap();
    // The stand-in translator misses a term: the run says so (exit 1), it is no input error.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(server.requests()[1].json()["glossary_id"], "gl-42");
    let o = run(s.path(), &["glossary", "push", "google"]);
    assert_eq!(o.status.code(), Some(2));
}
