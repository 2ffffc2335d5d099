//! Streamed answers (`stream = true`) from real HTTP servers on 127.0.0.1 that send their
//! server-sent events in small chunks with delays: assembly across chunks that split lines
//! and UTF-8 characters, stalls caught between chunks and retried, answers cut off at the
//! output limit split, damaged streams retried, and keys kept out of every message.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::server::{
    Recorded, Reply, Server, anthropic_events, numbered_answer, openai_events, openai_segments,
    openai_user, pieces, translate_text,
};
use common::{assert_no_key, backend_site, openai_site, stderr, translate, twin};

const KEY: &str = "sk-test-STREAM-SECRET-0123456789";
/// The pause before each piece: long enough that pieces arrive apart, short enough that an
/// answer of thousands of pieces takes well under a second.
const TICK: Duration = Duration::from_micros(100);

fn anthropic_site(server: &Server, extra: &str) -> tempfile::TempDir {
    backend_site(&format!(
        "kind = \"anthropic\"\nbase_url = \"{}\"\nmodel = \"claude-test\"\napi_key_env = \"L10N_TEST_KEY\"\n{extra}",
        server.url()
    ))
}

/// The stand-in translation with multi-byte punctuation, so chunk edges fall inside
/// characters of the answer as well as inside the Korean of the event's own fields.
fn translation(t: &str) -> String {
    format!("{} — “café”", translate_text(t))
}

/// The numbered answer to an OpenAI-style request.
fn answer(r: &Recorded) -> String {
    numbered_answer(&openai_user(r), |_, t| Some(translation(t)))
}

/// The numbered answer to an Anthropic request.
fn anthropic_answer(r: &Recorded) -> String {
    let body = r.json();
    let user = body["messages"][0]["content"].as_str().unwrap_or_default();
    numbered_answer(user, |_, t| Some(translation(t)))
}

/// A good streamed OpenAI answer in 5-byte chunks.
fn streamed(r: &Recorded) -> Reply {
    Reply::Stream(pieces(&openai_events(&answer(r), "stop"), 5, TICK))
}

#[test]
fn a_streamed_openai_answer_in_small_pieces_is_assembled() {
    let server = Server::start(|r, _| streamed(r));
    let s = openai_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &["-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "no retry: {}", stderr(&o));
    assert_eq!(reqs[0].json()["stream"], true);
    assert!(reqs[0].json().get("stream_options").is_none());
    let t = twin(s.path(), "a.md").unwrap();
    assert!(
        t.contains("EN **agent**ga [gisa](https://x.y/a)reul naetda. — “café”"),
        "{t}"
    );
    assert!(t.contains("## EN cheot sosik — “café”"), "{t}");
    assert!(stderr(&o).contains("0 retries"), "{}", stderr(&o));
    let streamed = stderr(&o).lines().find_map(|l| {
        l.strip_prefix("~")?
            .strip_suffix(" tokens streamed")?
            .parse::<usize>()
            .ok()
    });
    // At least a token for each delta of three characters.
    let deltas = answer(&reqs[0]).chars().count().div_ceil(3);
    assert!(
        streamed.is_some_and(|n| n >= deltas),
        "{deltas} deltas: {}",
        stderr(&o)
    );
    // --jobs wraps the backend; the count still comes through.
    fs::remove_dir_all(s.path().join("posts/en")).unwrap();
    let o = translate(s.path(), KEY, &["-v", "--force", "--jobs", "2"]);
    assert!(stderr(&o).contains(" tokens streamed"), "{}", stderr(&o));
}

#[test]
fn the_request_asks_for_a_stream_only_when_configured() {
    let server = Server::start(|r, _| Reply::Json(200, common::server::openai_content(&answer(r))));
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &["-v"]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("streamed"), "{}", stderr(&o));
    let body = server.requests()[0].json();
    assert!(body.get("stream").is_none(), "{body}");
    let server = Server::start(|r, _| {
        Reply::Json(
            200,
            serde_json::json!({"content": [{"type": "text", "text": anthropic_answer(r)}], "stop_reason": "end_turn"}).to_string(),
        )
    });
    let s = anthropic_site(&server, "stream = false\n");
    assert!(translate(s.path(), KEY, &[]).status.success());
    let body = server.requests()[0].json();
    assert!(body.get("stream").is_none(), "{body}");
}

#[test]
fn a_server_that_ignores_stream_and_answers_whole_is_read_whole() {
    let server = Server::start(|r, _| Reply::Json(200, common::server::openai_content(&answer(r))));
    let s = openai_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        server.requests().len(),
        1,
        "no retry of an answer that came whole"
    );
    assert_eq!(server.requests()[0].json()["stream"], true);
    assert!(
        twin(s.path(), "a.md")
            .unwrap()
            .contains("## EN cheot sosik")
    );
}

#[test]
fn a_streamed_anthropic_answer_in_small_pieces_is_assembled() {
    let server = Server::start(|r, _| {
        Reply::Stream(pieces(
            &anthropic_events(&anthropic_answer(r), "end_turn"),
            7,
            TICK,
        ))
    });
    let s = anthropic_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].json()["stream"], true);
    assert_eq!(reqs[0].header("x-api-key"), Some(KEY));
    let t = twin(s.path(), "a.md").unwrap();
    assert!(t.contains("## EN cheot sosik — “café”"), "{t}");
    assert_no_key(s.path(), KEY, &[&o]);
}

#[test]
fn a_stalled_stream_fails_the_attempt_and_the_retry_succeeds() {
    let server = Server::start(|r, n| {
        if n > 0 {
            return streamed(r);
        }
        // Half the answer, then silence far longer than stall_secs (but well inside the
        // request's timeout), then the rest.
        let body = openai_events(&answer(r), "stop");
        let mut sent = pieces(&body, 9, TICK);
        let half = sent.len() / 2;
        sent[half].0 = Duration::from_secs(5);
        Reply::Stream(sent)
    });
    let s = openai_site(
        &server,
        "stream = true\nstall_secs = 0.3\ntimeout_secs = 600\n",
    );
    let o = translate(s.path(), KEY, &["-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        server.requests().len(),
        2,
        "the stalled attempt and its retry"
    );
    assert!(
        stderr(&o).contains("1 request, 1 retry"),
        "the stall counts as a retry: {}",
        stderr(&o)
    );
    assert!(twin(s.path(), "a.md").unwrap().contains("EN cheot sosik"));
}

#[test]
fn a_batch_that_keeps_stalling_is_split_and_a_stall_is_reported() {
    let server = Server::start(|r, _| {
        if openai_segments(r).len() == 1 {
            return streamed(r);
        }
        let mut sent = pieces(&openai_events(&answer(r), "stop"), 9, TICK);
        sent[3].0 = Duration::from_secs(5);
        Reply::Stream(sent)
    });
    let s = openai_site(
        &server,
        "stream = true\nstall_secs = 0.2\ntimeout_secs = 600\nmax_retries = 1\n",
    );
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| openai_segments(r).len())
        .collect();
    assert_eq!(
        &sizes[..2],
        &[5, 5],
        "the whole batch, retried once: {sizes:?}"
    );
    assert_eq!(sizes.iter().filter(|n| **n == 1).count(), 5, "{sizes:?}");
    assert!(twin(s.path(), "a.md").unwrap().contains("EN duljjae"));
    // A post of one segment cannot be split: the stall is what the run reports.
    let server = Server::start(|r, _| {
        let mut sent = pieces(&openai_events(&answer(r), "stop"), 9, TICK);
        sent[3].0 = Duration::from_secs(5);
        Reply::Stream(sent)
    });
    let s = openai_site(
        &server,
        "stream = true\nstall_secs = 0.2\ntimeout_secs = 600\nmax_retries = 1\n",
    );
    fs::write(s.path().join("posts/a.md"), "짧은 글입니다.\n").unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(server.requests().len(), 2);
    assert!(
        stderr(&o).contains("stream stalled: no data for 0.2s"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_stream_that_trickles_past_the_timeout_is_still_cut_off() {
    let server = Server::start(|r, n| {
        if n > 0 {
            // At once: the timeout of a request this small is about a tenth of a second.
            let body = openai_events(&answer(r), "stop").into_bytes();
            return Reply::Stream(vec![(TICK, body)]);
        }
        // A chunk every 50 ms never stalls, but the whole answer takes seconds.
        Reply::Stream(pieces(
            &openai_events(&answer(r), "stop"),
            5,
            Duration::from_millis(50),
        ))
    });
    let s = openai_site(
        &server,
        "stream = true\nstall_secs = 5\ntimeout_secs = 0.5\n",
    );
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.requests().len(), 2);
    assert!(twin(s.path(), "a.md").is_some());
}

#[test]
fn a_streamed_answer_cut_off_at_the_output_limit_splits_the_batch() {
    let server = Server::start(|r, _| {
        if openai_segments(r).len() > 2 {
            return Reply::Stream(pieces(&openai_events("{\"1\": \"EN", "length"), 4, TICK));
        }
        streamed(r)
    });
    let s = openai_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    let mut asked: Vec<Vec<String>> = reqs
        .iter()
        .map(|r| openai_segments(r).into_iter().map(|(_, t)| t).collect())
        .collect();
    assert_eq!(asked[0].len(), 5);
    let n = asked.len();
    asked.sort();
    asked.dedup();
    assert_eq!(asked.len(), n, "a cut-off batch is never asked again whole");
    assert!(twin(s.path(), "a.md").unwrap().contains("EN setjjae"));
}

#[test]
fn a_streamed_anthropic_answer_at_max_tokens_splits_the_batch() {
    let server = Server::start(|r, _| {
        let body = r.json();
        let user = body["messages"][0]["content"].as_str().unwrap_or_default();
        if common::server::listed_segments(user).len() > 2 {
            return Reply::Stream(pieces(
                &anthropic_events("{\"1\": \"EN", "max_tokens"),
                6,
                TICK,
            ));
        }
        Reply::Stream(pieces(
            &anthropic_events(&anthropic_answer(r), "end_turn"),
            6,
            TICK,
        ))
    });
    let s = anthropic_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| {
            common::server::listed_segments(r.json()["messages"][0]["content"].as_str().unwrap())
                .len()
        })
        .collect();
    assert_eq!(sizes[0], 5, "{sizes:?}");
    assert_eq!(
        sizes.iter().filter(|n| **n == 5).count(),
        1,
        "not asked again whole: {sizes:?}"
    );
    assert!(twin(s.path(), "a.md").is_some());
}

#[test]
fn damaged_streams_are_retried() {
    let faults: [fn(&Recorded) -> Reply; 4] = [
        // Malformed JSON in an event.
        |_| {
            Reply::Stream(pieces(
                "data: {\"choices\": [{\"delta\": {\"content\": \"{\\\"1\n\ndata: [DONE]\n\n",
                6,
                TICK,
            ))
        },
        // Bytes that are not UTF-8.
        |_| Reply::Stream(vec![(TICK, b"data: \xff\xfe\xfd\n\n".to_vec())]),
        // The body ends before any finish_reason or [DONE].
        |r| {
            let body = openai_events(&answer(r), "stop");
            let cut = body.find("\"finish_reason\":\"stop\"").unwrap_or(0);
            Reply::Stream(pieces(&body[..cut], 6, TICK))
        },
        // An error event in the middle of the stream.
        |_| {
            Reply::Stream(pieces(
                "data: {\"choices\": [{\"delta\": {\"content\": \"{\"}}]}\n\ndata: {\"error\": {\"message\": \"model unloaded\"}}\n\n",
                6,
                TICK,
            ))
        },
    ];
    for (i, fault) in faults.into_iter().enumerate() {
        let server = Server::start(move |r, n| if n == 0 { fault(r) } else { streamed(r) });
        let s = openai_site(&server, "stream = true\n");
        let o = translate(s.path(), KEY, &[]);
        assert!(o.status.success(), "fault {i}: {}", stderr(&o));
        let reqs = server.requests();
        assert_eq!(reqs.len(), 2, "fault {i}: retried once");
        assert_eq!(
            openai_segments(&reqs[0]),
            openai_segments(&reqs[1]),
            "fault {i}: the same batch again"
        );
        assert!(twin(s.path(), "a.md").unwrap().contains("EN "));
    }
}

#[test]
fn a_damaged_stream_that_never_mends_is_reported() {
    let server =
        Server::start(|_, _| Reply::Stream(vec![(TICK, b"data: {\"choices\": [\n\n".to_vec())]));
    let s = openai_site(&server, "stream = true\nmax_retries = 1\n");
    fs::write(s.path().join("posts/a.md"), "짧은 글입니다.\n").unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(server.requests().len(), 2);
    assert!(
        stderr(&o).contains("malformed JSON in the event stream"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn anthropic_error_events_are_retried_when_overloaded() {
    let server = Server::start(|r, n| {
        if n == 0 {
            return Reply::Stream(pieces(
                "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n",
                8,
                TICK,
            ));
        }
        Reply::Stream(pieces(
            &anthropic_events(&anthropic_answer(r), "end_turn"),
            8,
            TICK,
        ))
    });
    let s = anthropic_site(&server, "stream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body, "the same request again");
    // An invalid request is not asked again as it was.
    let server = Server::start(|_, _| {
        Reply::Stream(pieces(
            "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\": \"bad\"}}\n\n",
            8,
            TICK,
        ))
    });
    let s = anthropic_site(&server, "stream = true\n");
    fs::write(s.path().join("posts/a.md"), "짧은 글입니다.\n").unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(server.requests().len(), 1);
    assert!(
        stderr(&o).contains("invalid_request_error in the stream: bad"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn keys_echoed_in_a_stream_never_reach_a_message() {
    let server = Server::start(|r, _| {
        let auth = r.header("authorization").unwrap_or("").to_owned();
        Reply::Stream(pieces(
            &format!("data: {{\"error\": {{\"message\": \"bad token {auth}\"}}}}\n\n"),
            7,
            TICK,
        ))
    });
    let s = openai_site(&server, "stream = true\nmax_retries = 1\n");
    let o = translate(s.path(), KEY, &["-v"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad token Bearer ***"),
        "{}",
        stderr(&o)
    );
    assert_no_key(s.path(), KEY, &[&o]);
    let server = Server::start(|r, _| {
        let key = r.header("x-api-key").unwrap_or("").to_owned();
        Reply::Stream(pieces(
            &format!(
                "event: error\ndata: {{\"type\": \"error\", \"error\": {{\"type\": \"api_error\", \"message\": \"key {key}\"}}}}\n\n"
            ),
            7,
            TICK,
        ))
    });
    let s = anthropic_site(&server, "stream = true\nmax_retries = 0\n");
    let o = translate(s.path(), KEY, &["-v"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("key ***"), "{}", stderr(&o));
    assert_no_key(s.path(), KEY, &[&o]);
}

#[test]
fn stream_on_a_backend_that_cannot_stream_is_refused_at_its_line() {
    let s = backend_site("kind = \"deepl\"\napi_key_env = \"L10N_TEST_KEY\"\nstream = true\n");
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("l10n.toml:6:10"), "{err}");
    assert!(
        err.contains("backend `b`: stream = true works with kinds openai and anthropic only"),
        "{err}"
    );
}

#[test]
fn streamed_tokens_are_counted_for_the_progress_line() {
    let server = Server::start(|r, _| streamed(r));
    let toml = format!(
        "[backend.s]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\nstream = true\n[backend.p]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\n",
        server.url(),
        server.url()
    );
    let config =
        l10n::config::Config::parse(Path::new("/repo"), Path::new("l10n.toml"), &toml).unwrap();
    let build = |name: &str| {
        l10n::backend::build(name, &config.backends[name], None, &|_| None)
            .unwrap_or_else(|_| panic!("builds {name}"))
    };
    let (streaming, plain) = (build("s"), build("p"));
    let req = l10n::backend::Request {
        source_lang: "ko".into(),
        target_lang: "en".into(),
        segments: vec![(
            l10n::document::SegmentId("x".into()),
            "둘째 문단입니다.".into(),
        )],
        places: vec![Default::default()],
        ..Default::default()
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let got = runtime.block_on(streaming.translate(&req)).unwrap();
    assert_eq!(got[0].1, translation("둘째 문단입니다."));
    let received = streaming.received();
    // The answer came in deltas of three characters: at least one token each.
    let deltas = answer(&server.requests()[0]).chars().count().div_ceil(3);
    assert!(received >= deltas, "{received} for {deltas} deltas");
    assert_eq!(plain.received(), 0, "not streamed, nothing counted");
}
