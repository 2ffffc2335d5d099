//! `translate --batch` against loopback servers implementing OpenAI's Batch API and
//! Anthropic's Message Batches: submit, poll through the states, collect out-of-order
//! results, error files, expiry, a 503 while polling, a kill between submit and collect,
//! edits between submit and collect, cancel, export → `vllm run-batch` → import, and the
//! key in no file and no output.

mod common;

use std::fs;
use std::path::Path;

use common::batch_server::{BatchServer, Script, fake_vllm_run_batch};
use common::{assert_no_key, code, l10n, run_with_key, stderr, stdout, twin, with_key};

const KEY: &str = "sk-test-BATCH-SECRET-0123456789";
/// CRLF, a BOM and full-width punctuation, as Windows editors save Korean posts.
const POST_B: &str = "\u{feff}---\r\ntitle: \"둘째 글\"\r\n---\r\n\r\n폭스콘이 새 기기를 만든다（펜 모양）.\r\n\r\n음성 중심의 인터페이스를 제시하려는 시도입니다.\r\n";

fn site(server: &BatchServer, kind: &str, extra: &str) -> tempfile::TempDir {
    let base = match kind {
        "openai" => format!("{}/v1", server.url()),
        _ => server.url(),
    };
    let dir = common::post_site(
        common::NEWS,
        &format!(
            "default_backend = \"b\"\n\n[backend.b]\nkind = \"{kind}\"\nbase_url = \"{base}\"\nmodel = \"m\"\napi_key_env = \"L10N_TEST_KEY\"\nretry_min_delay_ms = 10\nbatch_chars = 40\n{extra}"
        ),
    );
    fs::write(dir.path().join("posts/b.md"), POST_B).unwrap();
    dir
}

fn job_records(dir: &Path) -> Vec<serde_json::Value> {
    let Ok(entries) = fs::read_dir(dir.join(".l10n/batch")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_str(&fs::read_to_string(e.path()).unwrap()).unwrap())
        .collect()
}

#[test]
fn openai_submit_exits_1_then_later_runs_collect_and_write() {
    let server = BatchServer::start(Script {
        polls: 1,
        ..Script::default()
    });
    let s = site(
        &server,
        "openai",
        "price_input_per_mtok = 2.5\nprice_output_per_mtok = 10\n",
    );
    let d = s.path();
    let submit = run_with_key(d, KEY, &["translate", "--batch"]);
    assert_eq!(code(&submit), 1, "{}", stderr(&submit));
    assert!(
        stderr(&submit).contains("submitted 1 batch job"),
        "{}",
        stderr(&submit)
    );
    assert!(
        stderr(&submit).contains("l10n translate"),
        "{}",
        stderr(&submit)
    );
    assert_eq!(twin(d, "a.md"), None);
    {
        let st = server.state();
        assert_eq!((st.uploads, st.batches.len(), st.sync_requests), (1, 1, 0));
        let (lines, _, _) = &st.batches["batch_0"];
        assert!(lines.len() > 2, "batch_chars 40 makes several requests");
        for l in lines {
            assert_eq!(l["method"], "POST");
            assert_eq!(l["url"], "/v1/chat/completions");
            assert_eq!(l["body"]["model"], "m");
            assert!(
                l["body"]["messages"][1]["content"]
                    .as_str()
                    .unwrap()
                    .contains("[1] ")
            );
        }
    }
    let records = job_records(d);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["remote"], "batch_0");
    assert_eq!(records[0]["provider"], "openai");
    let check = common::run(d, &["check"]);
    assert_eq!(code(&check), 1, "check says the posts are missing");
    assert!(
        stdout(&check).contains("no en translation"),
        "{}",
        stdout(&check)
    );
    assert!(
        stderr(&check).contains("1 batch job is pending"),
        "{}",
        stderr(&check)
    );
    let status = run_with_key(d, KEY, &["batch", "status"]);
    assert!(stdout(&status).contains("batch_0"), "{}", stdout(&status));

    // Still running: nothing resubmitted, nothing sent synchronously.
    let early = run_with_key(d, KEY, &["translate"]);
    assert_eq!(code(&early), 1, "{}", stderr(&early));
    assert!(
        stderr(&early).contains("wait for 1 batch job"),
        "{}",
        stderr(&early)
    );
    {
        let st = server.state();
        assert_eq!((st.uploads, st.batches.len(), st.sync_requests), (1, 1, 0));
    }
    let collect = run_with_key(d, KEY, &["translate"]);
    assert_eq!(code(&collect), 0, "{}", stderr(&collect));
    let said = stderr(&collect);
    assert!(said.contains("collected 1 batch job"), "{said}");
    assert!(said.contains("usage of collected batch jobs"), "{said}");
    assert!(said.contains("at the batch price"), "{said}");
    assert_eq!(server.state().sync_requests, 0, "{said}");
    assert!(twin(d, "a.md").unwrap().contains("EN"));
    let b = twin(d, "b.md").unwrap();
    assert!(b.contains("\r\n"), "CRLF kept: {b:?}");
    assert_eq!(code(&common::run(d, &["check"])), 0);
    assert_no_key(d, KEY, &[&submit, &early, &collect, &status]);
}

#[test]
fn wait_polls_through_a_503_and_sends_failed_requests_synchronously() {
    let server = BatchServer::start(Script {
        polls: 2,
        fail_polls: vec![1],
        failing: vec![0],
        ..Script::default()
    });
    let s = site(&server, "openai", "");
    let d = s.path();
    let o = run_with_key(
        d,
        KEY,
        &["translate", "--batch", "--wait", "--poll", "0.05"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let st = server.state();
    assert!(st.polls >= 4, "validating, 503, in_progress, completed");
    assert!(
        st.sync_requests >= 1,
        "the failed request went the synchronous way"
    );
    assert!(
        stderr(&o).contains("no prices configured"),
        "{}",
        stderr(&o)
    );
    drop(st);
    assert!(twin(d, "a.md").unwrap().contains("EN"));
    assert_eq!(code(&common::run(d, &["check"])), 0);
    assert_no_key(d, KEY, &[&o]);
}

#[test]
fn an_expired_job_collects_what_finished_and_sends_the_rest() {
    let server = BatchServer::start(Script {
        polls: 1,
        expire: true,
        ..Script::default()
    });
    let s = site(&server, "openai", "");
    let d = s.path();
    let o = run_with_key(
        d,
        KEY,
        &["translate", "--batch", "--wait", "--poll", "0.05"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let st = server.state();
    let total = st.batches["batch_0"].0.len();
    assert!(
        st.sync_requests >= total / 2,
        "{} of {total}",
        st.sync_requests
    );
    assert!(st.sync_requests < total, "the finished half was used");
    drop(st);
    assert_eq!(code(&common::run(d, &["check"])), 0);
}

#[test]
fn anthropic_message_batches_are_submitted_polled_and_collected() {
    let server = BatchServer::start(Script {
        polls: 1,
        fail_polls: vec![0],
        failing: vec![1],
        ..Script::default()
    });
    let s = site(
        &server,
        "anthropic",
        "price_input_per_mtok = 3\nprice_output_per_mtok = 15\n",
    );
    let d = s.path();
    let o = run_with_key(
        d,
        KEY,
        &["translate", "--batch", "--wait", "--poll", "0.05"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let st = server.state();
    let (lines, _, _) = &st.batches["msgbatch_0"];
    assert!(
        lines
            .iter()
            .all(|l| l["params"]["model"] == "m" && l["params"].get("stream").is_none())
    );
    let total = lines.len();
    assert!(
        st.sync_requests >= 1 && st.sync_requests < total,
        "only the errored request's segments went the synchronous way: {}",
        stderr(&o)
    );
    drop(st);
    let requests = server.server.requests();
    let create = requests
        .iter()
        .find(|r| r.path == "/v1/messages/batches")
        .unwrap();
    assert_eq!(create.header("x-api-key"), Some(KEY));
    assert_eq!(create.header("anthropic-version"), Some("2023-06-01"));
    assert!(
        stderr(&o).contains("usage of collected batch jobs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(code(&common::run(d, &["check"])), 0);
    assert_no_key(d, KEY, &[&o]);
}

#[test]
fn a_run_killed_after_submitting_resubmits_nothing() {
    let server = BatchServer::start(Script {
        polls: 1_000_000,
        ..Script::default()
    });
    let s = site(&server, "openai", "");
    let d = s.path();
    let mut child = with_key(d, KEY)
        .args(["translate", "--batch", "--wait", "--poll", "30"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        common::wait_until(|| !job_records(d).is_empty()),
        "no job recorded"
    );
    // SIGKILL: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(server.state().uploads, 1);
    let again = run_with_key(d, KEY, &["translate", "--batch"]);
    assert_eq!(code(&again), 1, "{}", stderr(&again));
    let st = server.state();
    assert_eq!(
        (st.uploads, st.batches.len(), st.sync_requests),
        (1, 1, 0),
        "{}",
        stderr(&again)
    );
}

#[test]
fn edits_between_submit_and_collect_win() {
    let server = BatchServer::start(Script::default());
    let s = site(&server, "openai", "");
    let d = s.path();
    // Translated once synchronously, then two paragraphs change and go as a batch.
    assert_eq!(code(&run_with_key(d, KEY, &["translate"])), 0);
    let a = fs::read_to_string(d.join("posts/a.md")).unwrap();
    let changed = a
        .replace("둘째 문단입니다.", "둘째 문단을 고쳤습니다.")
        .replace("셋째 문단입니다.", "셋째 문단을 고쳤습니다.");
    fs::write(d.join("posts/a.md"), &changed).unwrap();
    let submit = run_with_key(d, KEY, &["translate", "--batch"]);
    assert_eq!(code(&submit), 1, "{}", stderr(&submit));
    let sync_before = server.state().sync_requests;
    // Meanwhile: the Korean of one changes again, the English of the other is edited.
    fs::write(
        d.join("posts/a.md"),
        changed.replace("둘째 문단을 고쳤습니다.", "둘째 문단을 다시 썼습니다."),
    )
    .unwrap();
    let en = twin(d, "a.md").unwrap();
    let old = en
        .lines()
        .find(|l| l.starts_with("EN ") && l.contains("set"))
        .expect("the third paragraph's English")
        .to_owned();
    fs::write(
        d.join("posts/en/a.md"),
        en.replace(&old, "A person wrote this third paragraph."),
    )
    .unwrap();
    let collect = run_with_key(d, KEY, &["translate"]);
    let en = twin(d, "a.md").unwrap();
    assert!(en.contains("A person wrote this third paragraph."), "{en}");
    assert!(
        en.contains("dasi"),
        "the newest Korean was translated anew: {en}"
    );
    assert!(
        server.state().sync_requests > sync_before,
        "the stale result was not used: {}",
        stderr(&collect)
    );
}

#[test]
fn cancel_asks_the_provider_and_the_rest_goes_synchronously() {
    let server = BatchServer::start(Script {
        polls: 1_000_000,
        ..Script::default()
    });
    let s = site(&server, "openai", "");
    let d = s.path();
    assert_eq!(code(&run_with_key(d, KEY, &["translate", "--batch"])), 1);
    let cancel = run_with_key(d, KEY, &["batch", "cancel"]);
    assert_eq!(code(&cancel), 0, "{}", stderr(&cancel));
    assert!(
        stderr(&cancel).contains("cancelled 1 batch job"),
        "{}",
        stderr(&cancel)
    );
    assert_eq!(server.state().cancels, 1);
    let after = run_with_key(d, KEY, &["translate"]);
    assert_eq!(code(&after), 0, "{}", stderr(&after));
    let st = server.state();
    let total = st.batches["batch_0"].0.len();
    assert!(
        st.sync_requests > 0 && st.sync_requests < total,
        "{} of {total}",
        st.sync_requests
    );
    drop(st);
    assert_eq!(code(&common::run(d, &["check"])), 0);
}

#[test]
fn export_to_vllm_run_batch_and_import() {
    let server = BatchServer::start(Script::default());
    let s = site(&server, "openai", "");
    let d = s.path();
    let export = run_with_key(d, KEY, &["batch", "export", "-o", "requests.jsonl"]);
    assert_eq!(code(&export), 0, "{}", stderr(&export));
    assert!(
        stderr(&export).contains("vllm run-batch"),
        "{}",
        stderr(&export)
    );
    let requests = fs::read_to_string(d.join("requests.jsonl")).unwrap();
    assert!(requests.lines().count() > 2);
    assert!(!requests.contains(KEY));
    fs::write(d.join("results.jsonl"), fake_vllm_run_batch(&requests)).unwrap();
    let import = run_with_key(d, KEY, &["batch", "import", "results.jsonl"]);
    assert_eq!(code(&import), 0, "{}", stderr(&import));
    assert_eq!(server.state().sync_requests, 0, "{}", stderr(&import));
    assert!(twin(d, "a.md").unwrap().contains("EN"));
    assert_eq!(code(&common::run(d, &["check"])), 0);
    assert_no_key(d, KEY, &[&export, &import]);
}

#[test]
fn batch_is_refused_with_force_and_for_backends_without_a_batch_api() {
    let server = BatchServer::start(Script::default());
    let s = site(&server, "openai", "");
    let o = run_with_key(s.path(), KEY, &["translate", "--batch", "--force"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let o = run_with_key(
        s.path(),
        KEY,
        &["translate", "--batch", "--backend", "pseudo"],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("openai or anthropic"), "{}", stderr(&o));
}

#[test]
fn dry_run_estimates_cost_without_a_key_and_says_when_there_is_nothing_to_do() {
    let server = BatchServer::start(Script::default());
    let s = site(
        &server,
        "openai",
        "price_input_per_mtok = 2.5\nprice_output_per_mtok = 10\n",
    );
    let d = s.path();
    let o = l10n(d).args(["translate", "--dry-run"]).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let said = stderr(&o);
    assert!(
        said.contains("synchronously") && said.contains("as a batch job"),
        "{said}"
    );
    assert!(
        server.server.requests().is_empty(),
        "an estimate sends nothing"
    );
    let ko = l10n(d)
        .env("LANG", "ko_KR.UTF-8")
        .args(["translate", "--dry-run"])
        .output()
        .unwrap();
    assert!(stderr(&ko).contains("예상 비용"), "{}", stderr(&ko));
    assert_eq!(code(&run_with_key(d, KEY, &["translate"])), 0);
    let o = l10n(d).args(["translate", "--dry-run"]).output().unwrap();
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("nothing to translate"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("request characters per segment character"));
}

#[test]
fn prices_in_l10n_toml_are_checked_at_their_line() {
    let server = BatchServer::start(Script::default());
    let s = site(&server, "openai", "price_output_per_mtok = -3\n");
    let o = run_with_key(s.path(), KEY, &["translate", "--dry-run"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("l10n.toml:10:"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("price_output_per_mtok"),
        "{}",
        stderr(&o)
    );
}
