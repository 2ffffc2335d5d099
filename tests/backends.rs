//! Backends against real HTTP servers on 127.0.0.1 (and a real child process for the
//! command backend): success, 429 + Retry-After, 500, stalls, malformed JSON, missing ids,
//! dropped tags, text around the JSON; retries, final results, no half-written files, and
//! reruns that send only what failed.

mod common;

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::server::{
    Recorded, Reply, Server, numbered_answer, openai_reply, openai_segments, openai_user,
    translate_text,
};
use common::{
    assert_no_key, backend_site, l10n, openai_site, run, stderr, translate, twin, with_key,
};

const KEY: &str = "sk-test-SECRET-0123456789";

fn ok_reply(r: &Recorded) -> Reply {
    Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))))
}

#[test]
fn openai_success_follows_the_wire_contract() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &["-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "one batch for a small post");
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let body = r.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["temperature"], 0);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["response_format"]["type"], "json_schema");
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("from ko to en"), "{system}");
    let user = openai_user(r);
    assert!(user.starts_with("Glossary:\n에이전트 = agent\n"), "{user}");
    assert!(
        !user.contains("Title:"),
        "the title is a segment, not sent twice: {user}"
    );
    assert!(user.contains("\n[2] ## 첫 소식\n"), "{user}");
    let ids = fs::read_to_string(s.path().join(".l10n/state/en/posts/a.md.toml")).unwrap();
    let ids = l10n::state::PostState::from_toml(&ids).unwrap();
    let first_id = &ids.segments[0].id.0;
    assert!(!r.body.contains(first_id), "segment ids stay local");
    assert!(body["max_tokens"].as_u64().unwrap() >= 64);
    let texts: Vec<_> = openai_segments(r).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts[0], "AI 뉴스");
    assert!(
        texts.contains(&"<g1>에이전트</g1>가 <g2>기사</g2>를 냈다.".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.iter().all(|t| !t.contains("https://")),
        "URLs never sent"
    );
    let t = twin(s.path(), "a.md").unwrap();
    assert!(
        t.contains("EN **agent**ga [gisa](https://x.y/a)reul naetda."),
        "{t}"
    );
    let state = fs::read_to_string(s.path().join(".l10n/state/en/posts/a.md.toml")).unwrap();
    assert!(
        state.contains("state = \"machine\"") && state.contains("origin = \"openai:test-model\"")
    );
    assert_no_key(s.path(), KEY, &[&o]);
    // Rerun: nothing sent.
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn structured_output_can_be_json_object_or_none() {
    for (setting, want) in [("json_object", Some("json_object")), ("none", None)] {
        let server = Server::start(|r, _| ok_reply(r));
        let s = openai_site(&server, &format!("structured_output = \"{setting}\"\n"));
        assert!(translate(s.path(), KEY, &[]).status.success());
        let body = server.requests()[0].json();
        assert_eq!(body["response_format"]["type"].as_str(), want);
        if want == Some("json_object") {
            assert!(body["response_format"]["schema"].is_object());
        }
    }
}

#[test]
fn exact_keys_list_the_requests_numbers_and_nothing_else() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = openai_site(&server, "");
    assert!(translate(s.path(), KEY, &[]).status.success());
    let lean = server.requests()[0].json();
    let schema = &lean["response_format"]["json_schema"]["schema"];
    assert!(schema.get("properties").is_none(), "{schema}");
    for setting in ["json_schema", "json_object"] {
        let server = Server::start(|r, _| ok_reply(r));
        let s = openai_site(
            &server,
            &format!("structured_output = \"{setting}\"\nexact_keys = true\n"),
        );
        assert!(translate(s.path(), KEY, &[]).status.success());
        let req = &server.requests()[0];
        let body = req.json();
        let schema = match setting {
            "json_schema" => &body["response_format"]["json_schema"]["schema"],
            _ => &body["response_format"]["schema"],
        };
        let numbers: Vec<String> = openai_segments(req).into_iter().map(|(n, _)| n).collect();
        assert_eq!(numbers.len(), 5);
        assert_eq!(schema["required"], serde_json::json!(numbers), "{schema}");
        assert_eq!(schema["additionalProperties"], false);
        let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), numbers.len());
    }
}

#[test]
fn retry_after_is_honoured_on_429() {
    let server = Server::start(|r, n| {
        if n == 0 {
            Reply::Full(
                429,
                vec![("Retry-After".into(), "1".into())],
                "{\"error\": \"slow down\"}".into(),
            )
        } else {
            ok_reply(r)
        }
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[1].at.duration_since(reqs[0].at) >= Duration::from_millis(950),
        "waited as asked"
    );
    assert!(twin(s.path(), "a.md").is_some());
}

#[test]
fn server_errors_stalls_and_malformed_json_are_retried() {
    let faults: [fn(&Recorded) -> Reply; 4] = [
        |_| Reply::Json(500, "{\"error\": \"boom\"}".into()),
        |_| Reply::Json(503, "{}".into()),
        |_| Reply::Stall(Duration::from_millis(1500)),
        |_| {
            Reply::Json(
                200,
                "{\"choices\": [{\"message\": {\"content\": \"{\\\"translations\\\": [".into(),
            )
        },
    ];
    for fault in faults {
        let server = Server::start(move |r, n| if n == 0 { fault(r) } else { ok_reply(r) });
        let s = openai_site(&server, "timeout_secs = 0.5\n");
        let o = translate(s.path(), KEY, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(server.requests().len(), 2);
        assert!(twin(s.path(), "a.md").unwrap().contains("EN "));
    }
}

#[test]
fn text_around_the_json_and_code_fences_are_accepted() {
    let server = Server::start(|r, _| {
        let inner = openai_reply(r, |_, t| Some(translate_text(t)));
        let v: serde_json::Value = serde_json::from_str(&inner).unwrap();
        let content = v["choices"][0]["message"]["content"].as_str().unwrap();
        let wrapped = format!("Here is the translation:\n```json\n{content}\n```\nDone.");
        Reply::Json(
            200,
            serde_json::json!({"choices": [{"message": {"content": wrapped}}]}).to_string(),
        )
    });
    let s = openai_site(&server, "");
    assert!(translate(s.path(), KEY, &[]).status.success());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_missing_id_gets_one_corrective_retry() {
    let server = Server::start(|r, n| {
        let skip = openai_segments(r)
            .last()
            .map(|(id, _)| id.clone())
            .unwrap_or_default();
        Reply::Json(
            200,
            openai_reply(r, |id, t| (n > 0 || id != skip).then(|| translate_text(t))),
        )
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let retry = &reqs[1];
    assert_eq!(
        openai_segments(retry).len(),
        1,
        "only the missing segment is asked again"
    );
    let user = retry.json()["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        user.contains("Correction: ") && user.contains("not answered"),
        "{user}"
    );
}

#[test]
fn dropped_tags_fail_the_segment_and_a_rerun_sends_only_it() {
    let fixed = std::sync::Arc::new(AtomicUsize::new(0));
    let f = fixed.clone();
    let server = Server::start(move |r, _| {
        let broken = f.load(Ordering::SeqCst) == 0;
        Reply::Json(
            200,
            openai_reply(r, |_, t| {
                let out = translate_text(t);
                Some(if broken {
                    out.replace("<g1>", "").replace("</g1>", "")
                } else {
                    out
                })
            }),
        )
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("posts/a.md:7: segment not translated"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("tag <g1> is missing"), "{}", stderr(&o));
    assert_eq!(
        server.requests().len(),
        2,
        "the request and one corrective retry"
    );
    assert!(
        twin(s.path(), "a.md").is_none(),
        "no post is written with a failed segment"
    );
    let before = server.requests().len();
    fixed.store(1, Ordering::SeqCst);
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rerun: Vec<_> = server.requests()[before..].to_vec();
    assert_eq!(rerun.len(), 1);
    let segs = openai_segments(&rerun[0]);
    assert_eq!(
        segs.len(),
        1,
        "cached answers are not paid for again: {segs:?}"
    );
    assert!(segs[0].1.contains("<g1>"));
    assert!(twin(s.path(), "a.md").is_some());
}

#[test]
fn a_batch_that_keeps_failing_is_split_before_giving_up() {
    let server = Server::start(|r, _| {
        // Any request holding the third paragraph fails; the others succeed alone.
        if openai_segments(r).iter().any(|(_, t)| t.contains("셋째")) {
            Reply::Json(500, "{}".into())
        } else {
            ok_reply(r)
        }
    });
    let s = openai_site(&server, "max_retries = 1\n");
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1));
    let reqs = server.requests();
    let sizes: Vec<usize> = reqs.iter().map(|r| openai_segments(r).len()).collect();
    assert_eq!(sizes[0], 5);
    assert!(
        sizes.contains(&1),
        "split down to the failing segment: {sizes:?}"
    );
    assert!(twin(s.path(), "a.md").is_none());
    assert!(stderr(&o).contains("HTTP 500"), "{}", stderr(&o));
}

#[test]
fn anthropic_wire_format() {
    let server = Server::start(|r, n| {
        if n == 0 {
            return Reply::Json(529, "{\"type\": \"error\"}".into());
        }
        let body = r.json();
        let user = body["messages"][0]["content"].as_str().unwrap();
        let text = numbered_answer(user, |_, t| Some(translate_text(t)));
        Reply::Json(
            200,
            serde_json::json!({"content": [{"type": "text", "text": text}], "stop_reason": "end_turn"}).to_string(),
        )
    });
    let s = backend_site(&format!(
        "kind = \"anthropic\"\nbase_url = \"{}\"\nmodel = \"claude-test\"\napi_key_env = \"L10N_TEST_KEY\"\n",
        server.url()
    ));
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let r = &reqs[1];
    assert_eq!(r.path, "/v1/messages");
    assert_eq!(r.header("x-api-key"), Some(KEY));
    assert_eq!(r.header("anthropic-version"), Some("2023-06-01"));
    let body = r.json();
    assert_eq!(body["model"], "claude-test");
    // The instructions are one stable block, cached by the provider.
    assert!(
        body["system"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Keep each tag")
    );
    assert_eq!(body["system"][0]["cache_control"]["type"], "ephemeral");
    let limit = body["max_tokens"].as_u64().unwrap();
    assert!((64..8192).contains(&limit), "{limit}");
    assert!(twin(s.path(), "a.md").unwrap().contains("EN cheot sosik"));
    assert_no_key(s.path(), KEY, &[&o]);
}

#[test]
fn deepl_wire_format() {
    let server = Server::start(|r, n| {
        if n == 0 {
            return Reply::Full(429, vec![("Retry-After".into(), "0".into())], "{}".into());
        }
        let body = r.json();
        let tr: Vec<_> = body["text"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                // DeepL answers self-closing tags with a space.
                let out = translate_text(t.as_str().unwrap()).replace("/>", " />");
                serde_json::json!({"detected_source_language": "KO", "text": out})
            })
            .collect();
        Reply::Json(200, serde_json::json!({"translations": tr}).to_string())
    });
    let s = backend_site(&format!(
        "kind = \"deepl\"\nbase_url = \"{}\"\napi_key_env = \"L10N_TEST_KEY\"\nglossary_id = \"g-123\"\n",
        server.url()
    ));
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = &server.requests()[1];
    assert_eq!(r.path, "/v2/translate");
    assert_eq!(
        r.header("authorization"),
        Some(format!("DeepL-Auth-Key {KEY}").as_str())
    );
    let body = r.json();
    assert_eq!(body["source_lang"], "KO");
    assert_eq!(body["target_lang"], "EN-US");
    assert_eq!(body["tag_handling"], "xml");
    assert_eq!(body["glossary_id"], "g-123");
    assert!(
        twin(s.path(), "a.md")
            .unwrap()
            .contains("EN **agent**ga [gisa](https://x.y/a)")
    );
    assert_no_key(s.path(), KEY, &[&o]);
}

#[test]
fn google_wire_format() {
    let server = Server::start(|r, n| {
        if n == 0 {
            return Reply::Json(500, "{}".into());
        }
        let body = r.json();
        let tr: Vec<_> = body["q"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                // Google answers an empty element for a self-closing one, and entities.
                let out = translate_text(t.as_str().unwrap())
                    .replace("<x3/>", "<x3></x3>")
                    .replace('\'', "&#39;");
                serde_json::json!({"translatedText": out})
            })
            .collect();
        Reply::Json(
            200,
            serde_json::json!({"data": {"translations": tr}}).to_string(),
        )
    });
    let s = backend_site(&format!(
        "kind = \"google\"\nbase_url = \"{}\"\napi_key_env = \"L10N_TEST_KEY\"\n",
        server.url()
    ));
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = &server.requests()[1];
    assert_eq!(r.path, "/language/translate/v2");
    assert!(
        !r.path.contains(KEY),
        "the key is a header, never in the URL"
    );
    assert_eq!(r.header("x-goog-api-key"), Some(KEY));
    let body = r.json();
    assert_eq!(body["format"], "html");
    assert_eq!(body["source"], "ko");
    assert!(twin(s.path(), "a.md").unwrap().contains("EN cheot sosik"));
    assert_no_key(s.path(), KEY, &[&o]);
}

#[test]
fn command_backend_runs_a_program() {
    let s = backend_site("kind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n");
    fs::write(
        s.path().join("engine.py"),
        "import json, sys\nreq = json.load(sys.stdin)\nassert req['source_lang'] == 'ko'\n\
         out = [{'id': s['id'], 'text': 'CMD ' + s['text']} for s in req['segments']]\n\
         print(json.dumps({'translations': out}))\n",
    )
    .unwrap();
    let o = translate(s.path(), KEY, &[]);
    // The engine left Korean in its English: written, flagged, and the run agrees with check.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        twin(s.path(), "a.md")
            .unwrap()
            .contains("CMD 둘째 문단입니다.")
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(1));

    let s = backend_site("kind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\n");
    fs::write(
        s.path().join("engine.py"),
        "import sys\nsys.stderr.write('engine exploded')\nsys.exit(3)\n",
    )
    .unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("engine exploded"), "{}", stderr(&o));
    assert!(twin(s.path(), "a.md").is_none());

    let s = backend_site(
        "kind = \"command\"\ncommand = [\"python3\", \"engine.py\"]\ntimeout_secs = 0.5\n",
    );
    fs::write(s.path().join("engine.py"), "import time\ntime.sleep(5)\n").unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did not answer"), "{}", stderr(&o));
}

#[test]
fn a_missing_key_names_the_variable() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = openai_site(&server, "");
    let o = l10n(s.path())
        .env_remove("L10N_TEST_KEY")
        .arg("translate")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("L10N_TEST_KEY"), "{}", stderr(&o));
    assert!(server.requests().is_empty());
}

#[test]
fn dry_run_counts_requests_and_sends_nothing() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = openai_site(&server, "batch_chars = 10\n");
    let o = translate(s.path(), KEY, &["--dry-run"]);
    assert!(o.status.success());
    assert!(server.requests().is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("5 segments") && err.contains("requests"),
        "{err}"
    );
    // A paid backend without prices says how to get an estimate in dollars.
    assert!(
        err.contains("no prices for") && err.contains("price_input_per_mtok"),
        "{err}"
    );
    assert!(
        err.contains("input and ~") && err.contains("request characters per segment character"),
        "{err}"
    );
    assert!(!s.path().join(".l10n").exists());
}

#[test]
fn requests_run_concurrently_up_to_jobs() {
    let in_flight = std::sync::Arc::new(AtomicUsize::new(0));
    let peak = std::sync::Arc::new(AtomicUsize::new(0));
    let (a, b) = (in_flight.clone(), peak.clone());
    let server = Server::start(move |r, _| {
        let now = a.fetch_add(1, Ordering::SeqCst) + 1;
        b.fetch_max(now, Ordering::SeqCst);
        // Answered once three were in flight together: the run has to get there itself.
        common::wait_until(|| b.load(Ordering::SeqCst) >= 3);
        a.fetch_sub(1, Ordering::SeqCst);
        ok_reply(r)
    });
    let s = openai_site(&server, "batch_chars = 1\n");
    for i in 0..6 {
        fs::write(
            s.path().join(format!("posts/p{i}.md")),
            format!("문단 {i}.\n\n다른 문단 {i}.\n"),
        )
        .unwrap();
    }
    let o = translate(s.path(), KEY, &["--jobs", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(peak.load(Ordering::SeqCst), 3);
}

#[test]
fn boilerplate_shared_by_posts_in_one_run_is_sent_once() {
    // The first answer waits for a second request, so posts are in flight together while
    // the shared text is.
    let arrived = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = arrived.clone();
    let server = Server::start(move |r, n| {
        seen.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            common::wait_until(|| seen.load(Ordering::SeqCst) >= 2);
        }
        ok_reply(r)
    });
    let s = openai_site(&server, "batch_chars = 30\n");
    for i in 0..8 {
        fs::write(
            s.path().join(format!("posts/p{i}.md")),
            format!("### 요약\n\n- 고유한 문장 {i}번.\n\n### 주요 내용 및 시사점\n"),
        )
        .unwrap();
    }
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut seen: Vec<String> = server
        .requests()
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(total, seen.len(), "every text sent once: {seen:?}");
    for i in 0..8 {
        let t = fs::read_to_string(s.path().join(format!("posts/en/p{i}.md"))).unwrap();
        assert!(t.contains("\n### EN yoyak\n"), "{t}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_keeps_completed_work_and_exits_130() {
    // From the third request on, answers wait until the run was interrupted: SIGINT lands
    // while the run is waiting for one.
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let release = interrupted.clone();
    let server = Server::start(move |r, n| {
        if n >= 2 {
            common::wait_until(|| release.load(Ordering::SeqCst));
        }
        ok_reply(r)
    });
    let s = openai_site(&server, "concurrency = 1\n");
    for i in 0..6 {
        fs::write(
            s.path().join(format!("posts/p{i}.md")),
            format!("문단 {i}번입니다.\n"),
        )
        .unwrap();
    }
    let child = with_key(s.path(), KEY)
        .arg("translate")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until two posts are written and the third request is held, then interrupt.
    let en = s.path().join("posts/en");
    assert!(common::wait_until(|| {
        server.requests().len() >= 3 && fs::read_dir(&en).map_or(0, |d| d.count()) >= 2
    }));
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    interrupted.store(true, Ordering::SeqCst);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let written = fs::read_dir(s.path().join("posts/en")).map_or(0, |d| d.count());
    assert!(written >= 2, "completed posts were written: {written}");
    let cache = fs::read_to_string(s.path().join(".l10n/cache/responses.jsonl")).unwrap();
    assert!(cache.lines().count() >= 2);
    let before = server.requests().len();
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let resent: Vec<String> = server.requests()[before..]
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    let first: Vec<String> = server.requests()[..before]
        .iter()
        .flat_map(openai_segments)
        .map(|(_, t)| t)
        .collect();
    // Every request of the first run was answered before the program ended, so nothing it
    // sent is paid for twice.
    assert!(
        resent.iter().all(|t| !first.contains(t)),
        "resent {resent:?} after {first:?}"
    );
    assert!(!resent.is_empty());
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn glossary_term_omitted_then_corrected() {
    // The model first writes "broker" for 에이전트, complies after the corrective retry.
    let server = Server::start(|r, n| {
        Reply::Json(
            200,
            openai_reply(r, |_, t| {
                let out = translate_text(t);
                Some(if n == 0 {
                    out.replace("agent", "broker")
                } else {
                    out
                })
            }),
        )
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let retry = &reqs[1];
    let user = retry.json()["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(user.contains("must be translated as \"agent\""), "{user}");
    assert_eq!(openai_segments(retry).len(), 1);
    assert!(twin(s.path(), "a.md").unwrap().contains("**agent**"));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn glossary_never_followed_is_kept_reported_and_fails_check() {
    let server = Server::start(|r, _| {
        Reply::Json(
            200,
            openai_reply(r, |_, t| Some(translate_text(t).replace("agent", "broker"))),
        )
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    // Flagged for a person: the run says so and exits 1, as check will.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("must be translated as \"agent\"")
            && stderr(&o).contains("error[glossary]")
            && stderr(&o).contains("need review"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.requests().len(), 2, "one corrective retry, no more");
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = common::stdout(&o);
    assert!(
        out.contains("error[glossary]") && out.contains("must be translated as \"agent\""),
        "{out}"
    );
}

#[test]
fn partial_writes_what_succeeded_and_leaves_the_rest_stale() {
    let fixed = std::sync::Arc::new(AtomicUsize::new(0));
    let f = fixed.clone();
    let server = Server::start(move |r, _| {
        let broken = f.load(Ordering::SeqCst) == 0;
        Reply::Json(
            200,
            openai_reply(r, |_, t| {
                // The paragraph with a link keeps failing until fixed.
                (!broken || !t.contains("<g2>")).then(|| translate_text(t))
            }),
        )
    });
    let s = openai_site(&server, "");
    let o = translate(s.path(), KEY, &["--partial"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let t = twin(s.path(), "a.md").expect("written with --partial");
    assert!(t.contains("EN cheot sosik"), "{t}");
    assert!(
        t.contains("**에이전트**가 [기사](https://x.y/a)를 냈다."),
        "the failed segment keeps its source: {t}"
    );
    let o = run(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stdout(&o).contains("error[stale]"),
        "{}",
        common::stdout(&o)
    );
    fixed.store(1, Ordering::SeqCst);
    let before = server.requests().len();
    let o = translate(s.path(), KEY, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sent: Vec<_> = server.requests()[before..]
        .iter()
        .flat_map(openai_segments)
        .collect();
    assert_eq!(sent.len(), 1, "only the failed segment: {sent:?}");
    assert!(
        twin(s.path(), "a.md")
            .unwrap()
            .contains("EN **agent**ga [gisa](https://x.y/a)reul naetda.")
    );
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

/// A digest with two stories, in the shape of the corpus.
const DIGEST: &str = "---\ntitle: \"2026-01-02 AI 뉴스\"\n---\n\n## 폭스콘, 첫 AI 하드웨어 수주\n\n### 요약\n\n- 폭스콘이 새 공장을 지었습니다.\n- 해당 기기는 2027년에 출시될 예정입니다.\n\n## 소프트뱅크, OpenAI에 400억 달러 투자\n\n### 요약\n\n- 소프트뱅크 그룹이 투자를 완료했습니다.\n- 오사카의 공장을 데이터센터로 전환합니다.\n- 에이전트 허브를 조성합니다.\n";

/// Only terms the stand-in server gets right, so no corrective retry muddles the counts.
const NOTE_GLOSSARY: &str =
    "[[term]]\nko = \"에이전트\"\nen = \"agent\"\nnote = \"software that acts; never broker\"\n";

fn digest_site(server: &Server, extra: &str) -> tempfile::TempDir {
    let s = openai_site(server, extra);
    fs::remove_file(s.path().join("posts/a.md")).unwrap();
    fs::write(s.path().join("posts/d.md"), DIGEST).unwrap();
    fs::write(s.path().join("glossary.toml"), NOTE_GLOSSARY).unwrap();
    s
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn style_guide_and_glossary_notes_are_sent_once() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    let style = "Headlines in sentence case. 400억 달러 is $40 billion.";
    fs::write(s.path().join("style.md"), format!("{style}\n")).unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let body = reqs[0].json();
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.ends_with(&format!("House style:\n{style}")),
        "{system}"
    );
    assert!(system.contains("never Foxconn (Foxconn)"), "{system}");
    assert_eq!(count(&reqs[0].body, "sentence case"), 1);
    let user = openai_user(&reqs[0]);
    assert_eq!(
        count(
            &user,
            "에이전트 = agent (software that acts; never broker)\n"
        ),
        1,
        "{user}"
    );
    // Headings are listed with their level; the whole post needs no context lines (the
    // second 요약, sent once per post, is not named again).
    assert!(
        user.contains("[2] ## 폭스콘, 첫 AI 하드웨어 수주\n"),
        "{user}"
    );
    assert!(user.contains("[3] ### 요약\n"), "{user}");
    assert!(
        user.contains("[6] ## 소프트뱅크, OpenAI에 400억 달러 투자\n[7] 소프트뱅크"),
        "{user}"
    );
    assert!(
        !user.contains("Before:") && !user.contains("After:") && !user.contains("(under:"),
        "{user}"
    );
}

#[test]
fn the_cache_key_changes_with_the_style_guide() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    fs::write(s.path().join("style.md"), "Sentence case.\n").unwrap();
    let fresh = |dir: &Path| {
        fs::remove_dir_all(dir.join("posts/en")).unwrap();
        fs::remove_dir_all(dir.join(".l10n/state")).unwrap();
    };
    translate(s.path(), KEY, &[]);
    assert_eq!(server.requests().len(), 1);
    fresh(s.path());
    translate(s.path(), KEY, &[]);
    assert_eq!(
        server.requests().len(),
        1,
        "same style guide: every answer comes from the cache"
    );
    fs::write(s.path().join("style.md"), "Title Case For Headlines.\n").unwrap();
    fresh(s.path());
    translate(s.path(), KEY, &[]);
    assert_eq!(server.requests().len(), 2, "a new style guide asks again");
    let system = server.requests()[1].json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(system.ends_with("Title Case For Headlines."), "{system}");
}

#[test]
fn a_configured_style_guide_that_is_missing_is_an_error() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    let cfg = fs::read_to_string(s.path().join("l10n.toml")).unwrap();
    fs::write(
        s.path().join("l10n.toml"),
        format!("style = \"docs/house.md\"\n{cfg}"),
    )
    .unwrap();
    let o = translate(s.path(), KEY, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("docs/house.md"), "{}", stderr(&o));
    assert!(server.requests().is_empty());
}

#[test]
fn an_edited_paragraph_goes_with_its_headings_and_neighbours() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    translate(s.path(), KEY, &[]);
    let post = s.path().join("posts/d.md");
    fs::write(
        &post,
        DIGEST.replace("공장을 데이터센터로", "공장을 대규모 데이터센터로"),
    )
    .unwrap();
    translate(s.path(), KEY, &[]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let user = openai_user(&reqs[1]);
    assert_eq!(
        openai_segments(&reqs[1]),
        vec![(
            "1".to_owned(),
            "오사카의 공장을 대규모 데이터센터로 전환합니다.".to_owned()
        )]
    );
    assert!(user.contains("Title: 2026-01-02 AI 뉴스\n"), "{user}");
    assert!(
        user.contains("(under: 소프트뱅크, OpenAI에 400억 달러 투자 > 요약)\n"),
        "{user}"
    );
    assert!(
        user.contains("Before: 소프트뱅크 그룹이 투자를 완료했습니다.\n"),
        "{user}"
    );
    assert!(
        user.contains("After: 에이전트 허브를 조성합니다.\n"),
        "{user}"
    );
    assert_eq!(count(&user, "요약"), 1, "headings are given once: {user}");
    assert!(
        user.find("Before:") < user.find("[1]") && user.find("[1]") < user.find("After:"),
        "{user}"
    );
}

#[test]
fn a_heading_is_never_sent_without_its_section() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    translate(s.path(), KEY, &[]);
    fs::write(
        s.path().join("posts/d.md"),
        DIGEST.replace(
            "## 폭스콘, 첫 AI 하드웨어 수주",
            "## 폭스콘, AI 하드웨어 첫 수주",
        ),
    )
    .unwrap();
    translate(s.path(), KEY, &[]);
    let reqs = server.requests();
    let user = openai_user(&reqs[1]);
    assert!(
        user.contains("[1] ## 폭스콘, AI 하드웨어 첫 수주\n"),
        "{user}"
    );
    assert!(
        user.contains("After: 요약\nAfter: 폭스콘이 새 공장을 지었습니다.\n"),
        "the section follows as read-only context: {user}"
    );
}

/// The English line of `post` that contains `needle`, replaced by `line`.
fn hand_edit(dir: &Path, post: &str, needle: &str, line: &str) {
    let p = dir.join(post);
    let text = fs::read_to_string(&p).unwrap();
    let old = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {text}"))
        .to_owned();
    fs::write(&p, text.replacen(&old, line, 1)).unwrap();
}

/// The digest translated, then one item rewritten by an editor in the English post and
/// recorded by the next run.
fn edited_digest(server: &Server, extra: &str) -> tempfile::TempDir {
    let s = digest_site(server, extra);
    translate(s.path(), KEY, &[]);
    hand_edit(
        s.path(),
        "posts/en/d.md",
        "gongjangeul",
        "- Foxconn built a new plant.",
    );
    translate(s.path(), KEY, &[]);
    s
}

#[test]
fn the_editors_corrections_become_examples() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = edited_digest(&server, "");
    assert_eq!(
        server.requests().len(),
        1,
        "recording an edit sends nothing"
    );
    let state = fs::read_to_string(s.path().join(".l10n/state/en/posts/d.md.toml")).unwrap();
    assert!(state.contains("state = \"edited\""), "{state}");
    // A new post with a similar sentence is translated with the correction as an example.
    fs::write(
        s.path().join("posts/e.md"),
        "폭스콘이 인도에 새 공장을 짓습니다.\n\n전혀 다른 문장입니다.\n",
    )
    .unwrap();
    // `--jobs` changes the concurrency and nothing else: the examples still go.
    translate(s.path(), KEY, &["--jobs", "2"]);
    let user = openai_user(&server.requests()[1]);
    assert!(
        user.contains(
            "Examples:\nko: 폭스콘이 새 공장을 지었습니다.\nen: Foxconn built a new plant.\n"
        ),
        "{user}"
    );
    assert_eq!(count(&user, "Foxconn built"), 1, "{user}");
    // A later correction of the same sentence replaces the example.
    hand_edit(
        s.path(),
        "posts/en/d.md",
        "Foxconn built",
        "- Foxconn has built a new factory.",
    );
    translate(s.path(), KEY, &[]);
    fs::write(
        s.path().join("posts/f.md"),
        "폭스콘이 베트남에 새 공장을 짓습니다.\n",
    )
    .unwrap();
    translate(s.path(), KEY, &[]);
    let reqs = server.requests();
    let user = openai_user(reqs.last().unwrap());
    assert!(
        user.contains("en: Foxconn has built a new factory.\n")
            && !user.contains("built a new plant"),
        "{user}"
    );
}

#[test]
fn examples_can_be_turned_off() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = edited_digest(&server, "examples = 0\n");
    fs::write(
        s.path().join("posts/e.md"),
        "폭스콘이 새 공장을 짓습니다.\n",
    )
    .unwrap();
    translate(s.path(), KEY, &[]);
    let user = openai_user(server.requests().last().unwrap());
    assert!(!user.contains("Examples:"), "{user}");
}

#[test]
fn a_review_decision_makes_an_example_and_machine_text_is_none() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(&server, "");
    translate(s.path(), KEY, &[]);
    let english = fs::read_to_string(s.path().join("posts/en/d.md")).unwrap();
    let (n, line) = english
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("tujareul"))
        .unwrap();
    let ask = |post: &str, text: &str| {
        fs::write(s.path().join(post), text).unwrap();
        translate(s.path(), KEY, &[]);
        openai_user(server.requests().last().unwrap())
    };
    // Machine text nobody looked at teaches nothing.
    let user = ask("posts/e.md", "소프트뱅크 그룹이 새 투자를 완료했습니다.\n");
    assert!(!user.contains("Examples:"), "{user}");
    let o = run(
        s.path(),
        &["review", "--accept", &format!("posts/en/d.md:{}", n + 1)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let user = ask(
        "posts/f.md",
        "소프트뱅크 그룹이 두 번째 투자를 완료했습니다.\n",
    );
    let pair = format!(
        "Examples:\nko: 소프트뱅크 그룹이 투자를 완료했습니다.\nen: {}\n",
        line.trim_start_matches("- ")
    );
    assert!(user.contains(&pair), "{pair} in {user}");
}

#[test]
fn a_reply_cut_off_at_the_output_limit_splits_the_batch() {
    let server = Server::start(|r, _| {
        if openai_segments(r).len() > 2 {
            let cut = serde_json::json!({"choices": [{"message": {"content": "{\"1\": \"EN"}, "finish_reason": "length"}]});
            return Reply::Json(200, cut.to_string());
        }
        ok_reply(r)
    });
    let s = digest_site(&server, "");
    let o = translate(s.path(), KEY, &[]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let reqs = server.requests();
    let sizes: Vec<usize> = reqs.iter().map(|r| openai_segments(r).len()).collect();
    // 12 segments, 9 texts after the repeated 요약: 9 → 4 + 5 → 2 + 2 + 2 + 3 → …
    assert_eq!(sizes[0], 9, "{sizes:?}");
    let mut asked: Vec<Vec<String>> = reqs
        .iter()
        .map(|r| openai_segments(r).into_iter().map(|(_, t)| t).collect())
        .collect();
    let n = asked.len();
    asked.sort();
    asked.dedup();
    assert_eq!(asked.len(), n, "a cut-off batch is never asked again whole");
    assert!(
        fs::read_to_string(s.path().join("posts/en/d.md"))
            .unwrap()
            .contains("EN "),
        "every half answered"
    );
    for r in &reqs {
        let limit = r.json()["max_tokens"].as_u64().unwrap();
        let chars: usize = openai_segments(r)
            .iter()
            .map(|(_, t)| t.chars().count())
            .sum();
        assert!(
            limit >= 64 && (limit as usize) < 4 * chars + 200,
            "{limit} for {chars}"
        );
    }
}

#[test]
fn openai_itself_gets_max_completion_tokens() {
    let server = Server::start(|r, _| ok_reply(r));
    let s = digest_site(
        &server,
        "max_tokens_field = \"max_completion_tokens\"\nmax_tokens = 100\n",
    );
    translate(s.path(), KEY, &[]);
    let body = server.requests()[0].json();
    assert_eq!(body["max_completion_tokens"], 100, "capped by max_tokens");
    assert!(body.get("max_tokens").is_none());
}
