//! `l10n glossary …` against the built binary.

mod common;

use std::fs;

use common::server::{Reply, Server};
use common::{l10n, run, run_korean, stderr, stdout};

const G: &str = "# House terms: why each is here.\n\n[[term]]\nko = \"에이전트\" # never broker\nen = \"agent\"\n\n[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\n";

fn site() -> tempfile::TempDir {
    let dir = common::bare_site(&common::seed());
    fs::write(dir.path().join("glossary.toml"), G).unwrap();
    dir
}

/// [`site`] translated by DeepL at `server`.
fn deepl_site(server: &Server) -> tempfile::TempDir {
    let s = site();
    fs::write(
        s.path().join("l10n.toml"),
        format!(
            "default_backend = \"d\"\n[backend.d]\nkind = \"deepl\"\nbase_url = \"{}\"\napi_key_env = \"L10N_TEST_KEY\"\n",
            server.url()
        ),
    )
    .unwrap();
    s
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
    assert!(
        stderr(&o).contains("glossary.toml:11:1: \"소프트뱅크\" is already in the glossary"),
        "points at the existing entry: {}",
        stderr(&o)
    );
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
fn add_trims_spaces_and_says_so() {
    let s = site();
    let o = run(s.path(), &["glossary", "add", " 샤프 ", "Sharp "]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("trimmed the spaces around the term: \"샤프\" → \"Sharp\""),
        "{}",
        stderr(&o)
    );
    let text = fs::read_to_string(s.path().join("glossary.toml")).unwrap();
    assert!(
        text.ends_with("[[term]]\nko = \"샤프\"\nen = \"Sharp\"\n"),
        "{text}"
    );
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn list_counts_every_form_a_term_takes() {
    let s = site();
    fs::write(
        s.path().join("glossary.toml"),
        "[[term]]\nko = \"엣지 AI\"\nen = \"edge AI\"\n\n[[term]]\nko = \"에이전트\"\nen = \"agent\"\nvariants = [\"AI 에이전트\"]\n",
    )
    .unwrap();
    let out = stdout(&run(s.path(), &["glossary", "list"]));
    assert!(
        out.contains("    1  엣지 AI\tedge AI\t(엣지(Edge) AI 1)"),
        "{out}"
    );
    assert!(
        out.contains("    4  에이전트\tagent\t(AI 에이전트 3, 에이전트 1)"),
        "{out}"
    );
    // The variant says more than its target: lint says so.
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("variant \"AI 에이전트\" has \"AI\", which its target \"agent\" drops"),
        "{}",
        stdout(&o)
    );
}

/// `glossary suggest` on the shipped corpus (posts/ with glossary.toml): every pair it
/// lists is one an editor applies as is — precision 5 of 5 — and none of the fragments
/// and mismatches it used to offer (보안 → Biosecurity, 경험 → UX, 인터페이스 →
/// Voice-first, 용도 → Dual-use, 기업용 → B2B).
#[test]
fn suggest_precision_on_the_shipped_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = l10n(root).args(["glossary", "suggest"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let listed: Vec<(String, String)> = out
        .lines()
        .filter(|l| !l.starts_with("        "))
        .filter_map(|l| {
            let (s, t) = l.trim_start().split_once("  ")?.1.split_once('\t')?;
            Some((s.to_owned(), t.to_owned()))
        })
        .collect();
    let accepted = [
        ("기업공개", "IPO"),
        ("사용자 경험", "UX"),
        ("샤프", "Sharp"),
        ("이중 용도", "Dual-use"),
        ("조니 아이브", "Jony Ive"),
    ];
    assert_eq!(
        listed,
        accepted.map(|(s, t)| (s.to_owned(), t.to_owned())),
        "{out}"
    );
    // Each comes with where it was seen.
    assert!(
        out.contains("         - 오사카의 구 샤프(Sharp) LCD 공장을 대규모…"),
        "{out}"
    );
}

/// The same measure on all three real digests: 12 suggestions, all applicable.
#[test]
fn suggest_precision_on_the_real_digests() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("posts")).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "posts/2026-01-02-ai-news.md",
        "tests/fixtures/digests/2026-02-19-ai-news-report.md",
        "tests/fixtures/digests/2026-02-19-ai-news-report-1406.md",
    ] {
        let name = std::path::Path::new(f).file_name().unwrap();
        fs::copy(root.join(f), p.join("posts").join(name)).unwrap();
    }
    fs::copy(root.join("glossary.toml"), p.join("glossary.toml")).unwrap();
    let out = stdout(&run(p, &["glossary", "suggest"]));
    let listed: Vec<&str> = out.lines().filter(|l| !l.starts_with("        ")).collect();
    assert_eq!(
        listed,
        [
            "    4  Booking Holdings\t(keep)",
            "    2  국제결제은행\tBIS",
            "    2  Anthropic\t(keep)",
            "    2  인공지능\tAI",
            "    2  Gemini\t(keep)",
            "    2  인수합병\tM&A",
            "    1  사용자 경험\tUX",
            "    1  기업공개\tIPO",
            "    1  샤프\tSharp",
            "    1  이중 용도\tDual-use",
            "    1  조니 아이브\tJony Ive",
            "    1  최고 마케팅 책임자\tCMO",
        ],
        "{out}"
    );
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

/// Under a Korean UI the glossary's lint, refusals and listings are Korean sentences; the
/// terms themselves stay as written.
#[test]
fn glossary_messages_read_in_korean() {
    let s = site();
    let korean = |args: &[&str]| run_korean(s.path(), args);
    fs::write(
        s.path().join("glossary.toml"),
        format!(
            "{G}\n[[term]]\nko = \"에이전트\"\nen = \"broker\"\n\n[[term]]\nko = \"OpenAI\"\nkeep = true\n\n[[term]]\nko = \"OpenAI 모델\"\nen = \"OpenAI model\"\nvariants = [\" OpenAI 모형\"]\n"
        ),
    )
    .unwrap();
    let o = korean(&["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for line in [
        "glossary.toml:11: 오류: \"에이전트\"의 번역어가 서로 다릅니다: agent, broker (3, 11행)",
        "glossary.toml:15: 경고: \"OpenAI\"는 \"OpenAI 모델\"의 앞부분입니다",
        "glossary.toml:19: 오류: 변형 \" OpenAI 모형\"의 앞이나 뒤에 공백이 있습니다",
    ] {
        assert!(out.contains(line), "{line} in:\n{out}");
    }
    let o = korean(&["glossary", "list"]);
    assert!(stdout(&o).contains("OpenAI\t(그대로)"), "{}", stdout(&o));
    let o = korean(&["glossary", "add", "폭스콘", "Foxconn"]);
    assert_eq!(
        stderr(&o).trim(),
        "오류: glossary.toml:7:1: \"폭스콘\"은 이미 용어집에 있습니다"
    );
    let o = korean(&["glossary", "remove", "없는 말"]);
    assert_eq!(
        stderr(&o).trim(),
        "오류: glossary.toml: \"없는 말\"은 용어집에 없습니다"
    );
    fs::write(s.path().join("glossary.toml"), "[[term]]\nko = \"\"\n").unwrap();
    let o = korean(&["glossary", "list"]);
    assert_eq!(
        stderr(&o).trim(),
        "오류: glossary.toml:1:1: `ko`가 비어 있습니다"
    );
    fs::write(s.path().join("glossary.toml"), "[[term]]\nko = \n").unwrap();
    let o = korean(&["glossary", "list"]);
    assert!(
        stderr(&o).contains("glossary.toml:2:6: TOML로 읽을 수 없습니다: \""),
        "{}",
        stderr(&o)
    );
    fs::write(s.path().join("pairs.csv"), "에이전트\n").unwrap();
    let o = korean(&["glossary", "import", "pairs.csv"]);
    assert_eq!(
        stderr(&o).trim(),
        "오류: pairs.csv:1:1: 비어 있지 않은 필드 두 개(원문과 번역)가 있어야 합니다"
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
    let s = deepl_site(&server);
    let o = common::run_with_key(s.path(), "k-secret", &["glossary", "push", "deepl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let push = &server.requests()[0];
    let body = push.json();
    assert_eq!(body["entries"], "에이전트\tagent\n폭스콘\tFoxconn\n");
    assert_eq!(body["entries_format"], "tsv");
    assert_eq!(body["source_lang"], "KO");
    let o = common::translate(s.path(), "k-secret", &[]);
    // The stand-in translator misses a term: the run says so (exit 1), it is no input error.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(server.requests()[1].json()["glossary_id"], "gl-42");
    let o = run(s.path(), &["glossary", "push", "google"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn add_takes_variants_forbidden_forms_keep_and_a_note() {
    let s = site();
    let o = run(
        s.path(),
        &[
            "glossary",
            "add",
            "오픈에이아이",
            "OpenAI",
            "--variant",
            "오픈AI",
            "--variant",
            "오픈 AI",
            "--forbidden",
            "Open AI",
            "--note",
            "the company",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "added 오픈에이아이 → OpenAI\n");
    let o = run(s.path(), &["glossary", "add", "ChatGPT", "--keep"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "added ChatGPT, kept as written in translations\n"
    );
    let text = fs::read_to_string(s.path().join("glossary.toml")).unwrap();
    assert_eq!(
        text,
        format!(
            "{G}\n[[term]]\nko = \"오픈에이아이\"\nen = \"OpenAI\"\nvariants = [\"오픈AI\", \"오픈 AI\"]\nforbidden = [\"Open AI\"]\nnote = \"the company\"\n\n[[term]]\nko = \"ChatGPT\"\nkeep = true\n"
        )
    );
    // A variant another term already has is refused at that term.
    let o = run(
        s.path(),
        &[
            "glossary",
            "add",
            "폭스콘그룹",
            "Foxconn",
            "--variant",
            "폭스콘",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("glossary.toml:7:1: \"폭스콘\" is already in the glossary"),
        "{}",
        stderr(&o)
    );
    // Without a target and without --keep: a usage error.
    let o = run(s.path(), &["glossary", "add", "삼성"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<TARGET>"), "{}", stderr(&o));
    let o = run_korean(s.path(), &["glossary", "add", "엔비디아", "Nvidia"]);
    assert_eq!(
        stderr(&o),
        "엔비디아를 \"Nvidia\"로 옮기도록 용어집에 추가했습니다\n"
    );
}

#[test]
fn list_has_headings_and_lint_says_when_the_glossary_is_clean() {
    let s = site();
    let out = stdout(&run(s.path(), &["glossary", "list"]));
    assert!(out.starts_with(" uses  ko\ten\tforms found\n"), "{out}");
    let out = stdout(&run_korean(s.path(), &["glossary", "list"]));
    assert!(out.starts_with(" 쓰임  ko\ten\t글에 나온 형태\n"), "{out}");
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "glossary.toml: no problems in 2 terms\n");
    let o = run_korean(s.path(), &["glossary", "lint"]);
    assert_eq!(stderr(&o), "glossary.toml: 용어 2개에 문제가 없습니다\n");
    // With a problem, no such line.
    fs::write(
        s.path().join("glossary.toml"),
        format!("{G}\n[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\n"),
    )
    .unwrap();
    let o = run(s.path(), &["glossary", "lint"]);
    assert!(!stderr(&o).contains("no problems"), "{}", stderr(&o));
    assert!(stdout(&o).contains("glossary.toml:"), "{}", stdout(&o));
    // No glossary at all: said so, not "no problems in 0 terms".
    fs::remove_file(s.path().join("glossary.toml")).unwrap();
    let o = run(s.path(), &["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "glossary.toml does not exist yet: nothing to check (l10n glossary add SOURCE TARGET starts it)\n"
    );
    let o = run_korean(s.path(), &["glossary", "lint"]);
    assert_eq!(
        stderr(&o),
        "glossary.toml이 아직 없어 점검할 것이 없습니다 (l10n glossary add 원문 번역어로 시작하세요)\n"
    );
}

/// The record of pushed DeepL glossaries that cannot be parsed is an input error naming
/// it: a run would otherwise translate without the glossary, a push drop the other ids.
#[test]
fn a_garbled_record_of_deepl_glossaries_is_named() {
    let server = Server::start(|_, _| Reply::Json(500, "{}".into()));
    let s = deepl_site(&server);
    fs::create_dir_all(s.path().join(".l10n")).unwrap();
    fs::write(s.path().join(".l10n/deepl-glossaries.toml"), "not = [toml").unwrap();
    let o = common::translate(s.path(), "k-secret", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(".l10n/deepl-glossaries.toml"),
        "{}",
        stderr(&o)
    );
    assert!(server.requests().is_empty());
    assert!(!s.path().join("posts/en").exists());
}
