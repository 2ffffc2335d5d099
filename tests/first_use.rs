//! The path a new user walks after the quick start: a real backend replaces the placeholder
//! twin, and what goes wrong on the way says what to fix (file and line, URL and reason).

mod common;

use std::fs;
use std::path::Path;

use common::server::{Reply, Server, openai_reply, openai_segments, translate_text};
use common::{l10n, run, stderr, stdout};

const POST: &str = "---\ntitle: \"AI 뉴스\"\n---\n\n폭스콘이 수주했다.\n\n**에이전트**가 부상했다.\n\n셋째 문단입니다.\n";

fn real_backend(server: &Server) -> String {
    format!(
        "[backend.real]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"L10N_TEST_KEY\"\nretry_min_delay_ms = 10\n",
        server.url()
    )
}

fn translate_real(dir: &Path, args: &[&str]) -> std::process::Output {
    l10n(dir)
        .env("L10N_TEST_KEY", "sk-test")
        .args(["translate", "--backend", "real"])
        .args(args)
        .output()
        .unwrap()
}

fn english(dir: &Path) -> String {
    fs::read_to_string(dir.join("posts/en/a.md")).unwrap()
}

/// The quick start's placeholder twin, then `translate --backend real` without `--force`:
/// every placeholder segment is sent, the hand edit stays; later, reviewed text stays too
/// and only a new placeholder is sent.
#[test]
fn a_real_backend_replaces_the_placeholder_twin_and_keeps_what_people_did() {
    let s = common::post_site(POST, "");
    let p = s.path();
    let o = run(p, &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(english(p).contains("l10n: pseudo"), "{}", english(p));
    // The editor fixes the third paragraph by hand before any real translation.
    let edited = english(p).replace("setjjae mundanimnida.", "The third paragraph.");
    assert_ne!(edited, english(p), "{}", english(p));
    fs::write(p.join("posts/en/a.md"), &edited).unwrap();

    let server =
        Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t)))));
    fs::write(p.join("l10n.toml"), real_backend(&server)).unwrap();
    let o = translate_real(p, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let sent: Vec<String> = server
        .requests()
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(sent.len(), 3, "title and two paragraphs: {sent:?}");
    assert!(
        sent.iter().all(|t| !t.contains("셋째")),
        "the hand edit is never sent: {sent:?}"
    );
    let en = english(p);
    assert!(
        en.contains("EN pokseukoni sujuhaetda.")
            && en.contains("The third paragraph.")
            && !en.contains("l10n: pseudo"),
        "{en}"
    );
    assert!(stderr(&o).contains(", 3 sent, 0 failed"), "{}", stderr(&o));
    assert_eq!(run(p, &["check"]).status.code(), Some(0));

    // Reviewed text stays; a paragraph the pseudo backend filled meanwhile is sent alone.
    let line = en
        .lines()
        .position(|l| l.contains("EN pokseukoni"))
        .unwrap()
        + 1;
    let accept = format!("posts/en/a.md:{line}");
    let o = run(p, &["review", "--accept", &accept]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::write(p.join("posts/a.md"), format!("{POST}\n넷째 문단입니다.\n")).unwrap();
    let o = run(p, &["translate", "--backend", "pseudo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(english(p).contains("l10n: pseudo"), "{}", english(p));
    let before = server.requests().len();
    let o = translate_real(p, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let sent: Vec<String> = server.requests()[before..]
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(sent, ["넷째 문단입니다."], "{}", stderr(&o));
    let en = english(p);
    assert!(
        en.contains("EN pokseukoni sujuhaetda.")
            && en.contains("The third paragraph.")
            && en.contains("EN netjjae mundanimnida.")
            && !en.contains("l10n: pseudo"),
        "{en}"
    );
    let state = fs::read_to_string(p.join(".l10n/state/en/posts/a.md.toml")).unwrap();
    assert!(state.contains("state = \"reviewed\""), "{state}");
    assert!(state.contains("state = \"edited\""), "{state}");
}

/// Placeholder text is never memory: `memory export` lists what backends and people
/// wrote, not the romanized stand-in.
#[test]
fn memory_export_leaves_placeholders_out() {
    let s = common::post_site(POST, "");
    let p = s.path();
    assert!(run(p, &["translate"]).status.success());
    let csv = stdout(&run(p, &["memory", "export", "--format", "csv"]));
    assert_eq!(csv, "source_lang,target_lang,source,target,state\n");
    let edited = english(p).replace("setjjae mundanimnida.", "The third paragraph.");
    fs::write(p.join("posts/en/a.md"), &edited).unwrap();
    assert!(run(p, &["translate"]).status.success());
    let csv = stdout(&run(p, &["memory", "export", "--format", "csv"]));
    assert_eq!(
        csv,
        "source_lang,target_lang,source,target,state\nko,en,셋째 문단입니다.,The third paragraph.,edited\n"
    );
}
