//! `fallback = "other"` on a backend: what the first backend fails, or leaves flagged after
//! its corrective retry, goes to the next one, against two real HTTP servers on 127.0.0.1
//! (a "local" model that cannot do everything and an "api" that can).

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::server::{Reply, Server, openai_reply, openai_segments, translate_text};
use common::{english, run, run_korean, stderr, stdout};

/// The local model never answers the second paragraph and writes "broker" for 에이전트
/// whatever the corrective retry says; the rest it gets right.
fn local(r: &common::server::Recorded) -> Reply {
    Reply::Json(
        200,
        openai_reply(r, |_, t| {
            (!t.contains("둘째")).then(|| translate_text(t).replace("agent", "broker"))
        }),
    )
}

/// The API gets everything right, marked so the post shows who wrote what.
fn api(r: &common::server::Recorded) -> Reply {
    Reply::Json(
        200,
        openai_reply(r, |_, t| Some(translate_text(t).replacen("EN ", "API ", 1))),
    )
}

fn site(local: &Server, api: &Server, api_extra: &str) -> tempfile::TempDir {
    common::post_site(
        common::NEWS,
        &format!(
            "default_backend = \"local\"\n\n\
             [backend.local]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"small\"\nretry_min_delay_ms = 10\nfallback = \"api\"\n\n\
             [backend.api]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"large\"\nretry_min_delay_ms = 10\n{api_extra}",
            local.url(),
            api.url()
        ),
    )
}

/// (source, state, origin) of every segment in the post's state.
fn segments(dir: &Path) -> Vec<(String, String, String)> {
    let text = fs::read_to_string(dir.join(".l10n/state/en/posts/a.md.toml")).unwrap();
    let st = l10n::state::PostState::from_toml(&text).unwrap();
    st.segments
        .iter()
        .map(|s| {
            (
                s.source.clone(),
                s.state.as_str().to_owned(),
                s.origin.clone(),
            )
        })
        .collect()
}

fn texts_sent(server: &Server) -> Vec<String> {
    let mut t: Vec<String> = server
        .requests()
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    t.sort();
    t.dedup();
    t
}

#[test]
fn fallback_takes_exactly_the_failed_segments() {
    let local = Server::start(|r, _| local(r));
    let api = Server::start(|r, _| api(r));
    let s = site(&local, &api, "");
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The local model saw every segment; the API only the two it could not do.
    assert_eq!(texts_sent(&local).len(), 5, "{:?}", texts_sent(&local));
    assert_eq!(
        texts_sent(&api),
        vec![
            "<g1>에이전트</g1>가 <g2>기사</g2>를 냈다.".to_owned(),
            "둘째 문단입니다.".to_owned()
        ]
    );
    let t = english(s.path());
    assert!(
        t.contains("API **agent**ga [gisa](https://x.y/a)reul naetda."),
        "{t}"
    );
    assert!(t.contains("API duljjae"), "{t}");
    assert!(t.contains("EN setjjae") && !t.contains("broker"), "{t}");
    // The state says who wrote each segment, and none is left for a person.
    for (source, state, origin) in segments(s.path()) {
        let by_api = source.contains("에이전트") || source.contains("둘째");
        let want = if by_api {
            "openai:large"
        } else {
            "openai:small"
        };
        assert_eq!(
            (state.as_str(), origin.as_str()),
            ("machine", want),
            "{source}"
        );
    }
    let err = stderr(&o);
    assert!(
        err.contains("openai:small: 7 segments in 2 requests")
            && err.contains("openai:large: 2 segments in 1 request\n"),
        "{err}"
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
    // Nothing to do the next time, on either backend.
    let (l, a) = (local.requests().len(), api.requests().len());
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!((local.requests().len(), api.requests().len()), (l, a));
}

#[test]
fn a_first_backend_that_is_down_sends_everything_to_the_fallback() {
    let local = Server::start(|_, _| Reply::Json(503, "{\"error\": \"loading model\"}".into()));
    let api = Server::start(|r, _| api(r));
    let s = site(&local, &api, "");
    fs::write(
        s.path().join("l10n.toml"),
        fs::read_to_string(s.path().join("l10n.toml"))
            .unwrap()
            .replace("fallback = \"api\"", "fallback = \"api\"\nmax_retries = 1"),
    )
    .unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(texts_sent(&api).len(), 5);
    assert!(
        segments(s.path())
            .iter()
            .all(|(_, st, o)| st == "machine" && o == "openai:large")
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn when_the_fallback_fails_too_the_flagged_text_stays_and_a_rerun_heals() {
    let healed = Arc::new(AtomicBool::new(false));
    let h = healed.clone();
    let local = Server::start(|r, _| local(r));
    let api = Server::start(move |r, _| {
        if h.load(Ordering::SeqCst) {
            api(r)
        } else {
            Reply::Json(500, "{\"error\": \"down\"}".into())
        }
    });
    let s = site(&local, &api, "max_retries = 1\n");
    let o = run(s.path(), &["translate"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The unanswered paragraph failed on both, and says so with both names.
    assert!(
        err.contains("openai:small") && err.contains("openai:large") && err.contains("HTTP 500"),
        "{err}"
    );
    assert!(
        !s.path().join("posts/en/a.md").exists(),
        "nothing half done"
    );
    // In Korean, each reason is a line naming its backend, inside a Korean sentence.
    let err = stderr(&run_korean(s.path(), &["translate"]));
    for line in [
        "posts/a.md:9: 세그먼트를 번역하지 못했습니다: openai:small: 답하지 않았습니다",
        "posts/a.md:9: 세그먼트를 번역하지 못했습니다: openai:large: \"HTTP 500",
    ] {
        assert!(err.contains(line), "{line} in:\n{err}");
    }
    assert!(!err.contains("segment not translated"), "{err}");
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(1));
    // The API is back: the next run asks again for what failed, and only that.
    healed.store(true, Ordering::SeqCst);
    let before = api.requests().len();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let resent: Vec<String> = api.requests()[before..]
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    assert!(
        resent
            .iter()
            .all(|t| t.contains("에이전트") || t.contains("둘째")),
        "{resent:?}"
    );
    assert!(english(s.path()).contains("API duljjae"));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn a_flagged_text_stays_for_a_person_when_the_fallback_cannot_answer_it() {
    let local = Server::start(|r, _| local(r));
    // The API answers the paragraph the local model could not, and nothing else.
    let api = Server::start(|r, _| {
        Reply::Json(
            200,
            openai_reply(r, |_, t| t.contains("둘째").then(|| translate_text(t))),
        )
    });
    let s = site(&local, &api, "max_retries = 0\n");
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let t = english(s.path());
    assert!(
        t.contains("**broker**"),
        "the local model's text is kept: {t}"
    );
    let flagged: Vec<_> = segments(s.path())
        .into_iter()
        .filter(|(_, st, _)| st == "flagged")
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0].2, "openai:small");
    let out = stdout(&run(s.path(), &["check"]));
    assert!(out.contains("error[glossary]"), "{out}");
}

#[test]
fn a_fallback_that_is_not_configured_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("l10n.toml"),
        "[backend.local]\nkind = \"openai\"\nmodel = \"m\"\nfallback = \"claude\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("l10n.toml:4") && err.contains("`claude`"),
        "{err}"
    );
}

/// `review`'s retranslate asks as a run would: the post's title, section and neighbours,
/// the editors' own translations as examples, and the fallback when the first backend fails.
#[test]
fn review_retranslation_has_the_context_examples_and_fallback_of_a_run() {
    let local = Server::start(|r, _| local(r));
    let api = Server::start(|r, _| api(r));
    let s = site(&local, &api, "");
    assert_eq!(run(s.path(), &["translate"]).status.code(), Some(0));
    // An editor's hand edit, not yet recorded: it is an example from now on.
    let t = english(s.path()).replace("EN setjjae mundanimnida.", "The third paragraph, by hand.");
    fs::write(s.path().join("posts/en/a.md"), t).unwrap();
    let (l, a) = (local.requests().len(), api.requests().len());
    let Ok(site) = l10n::site::Site::open(Some(&s.path().join("l10n.toml"))) else {
        panic!("the site opens");
    };
    let source = site
        .parse(Path::new("posts/a.md"), common::NEWS.as_bytes())
        .unwrap();
    let seg = source
        .segments()
        .iter()
        .find(|g| g.text.contains("둘째"))
        .unwrap()
        .clone();
    let Ok(Ok(again)) =
        l10n::run::translate_again(&site, None, "en", Path::new("posts/a.md"), &seg.id)
    else {
        panic!("retranslated");
    };
    assert_eq!(again.text, "API duljjae mundanimnida.");
    assert_eq!(again.origin, "openai:large");
    assert!(again.problems.is_empty());
    let asked = common::server::openai_user(&local.requests()[l]);
    for context in [
        "AI 뉴스",
        "첫 소식",
        "셋째 문단입니다.",
        "The third paragraph, by hand.",
    ] {
        assert!(asked.contains(context), "{context} missing from {asked}");
    }
    // Asked once and corrected once by the local model, then once of the API.
    assert_eq!(local.requests().len() - l, 2);
    assert_eq!(api.requests().len() - a, 1);
}

/// What llama-cpp-python answers a `json_schema` request with: HTTP 500 and a validation
/// error. Every request would get it, so one is enough: no retries, no split batches, and
/// with a fallback everything goes there at once.
const FORMAT_REFUSED: &str = r#"{"detail":[{"type":"literal_error","loc":["body","response_format","type"],"msg":"Input should be 'text' or 'json_object'"}]}"#;

#[test]
fn a_server_that_refuses_the_request_format_is_asked_once() {
    let local = Server::start(|_, _| Reply::Json(500, FORMAT_REFUSED.into()));
    let api = Server::start(|r, _| api(r));
    let s = site(&local, &api, "");
    let config = fs::read_to_string(s.path().join("l10n.toml")).unwrap();
    let small = config.replace(
        "fallback = \"api\"\n",
        "fallback = \"api\"\nbatch_chars = 20\nconcurrency = 1\n",
    );
    fs::write(s.path().join("l10n.toml"), &small).unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(local.requests().len(), 1, "given up after one refusal");
    assert_eq!(texts_sent(&api).len(), 5);
    // Without a fallback the run fails at once, saying what to change.
    let alone = small.replace("fallback = \"api\"\n", "");
    fs::write(s.path().join("l10n.toml"), alone).unwrap();
    fs::remove_dir_all(s.path().join(".l10n")).unwrap();
    fs::remove_file(s.path().join("posts/en/a.md")).unwrap();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(local.requests().len(), 2);
    let err = stderr(&o);
    assert!(err.contains("structured_output = \"json_object\""), "{err}");
    assert!(!s.path().join("posts/en/a.md").exists());
    // Once the configuration is fixed, the texts go in ordinary batches, not one by one.
    let api_only = small.replace("default_backend = \"local\"", "default_backend = \"api\"");
    fs::write(s.path().join("l10n.toml"), api_only).unwrap();
    let before = api.requests().len();
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(api.requests().len() - before < 5, "batched, not sent alone");
}

#[test]
fn a_refused_key_is_not_retried_or_split() {
    let local = Server::start(|_, _| Reply::Json(401, "{\"error\": \"invalid api key\"}".into()));
    let api = Server::start(|r, _| api(r));
    let s = site(&local, &api, "");
    let o = run(s.path(), &["translate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(local.requests().len(), 1);
    assert_eq!(texts_sent(&api).len(), 5);
}
