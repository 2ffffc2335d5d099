//! The path a new user walks after the quick start: a real backend replaces the placeholder
//! twin, and what goes wrong on the way says what to fix (file and line, URL and reason).

mod common;

use std::fs;
use std::path::Path;

use common::server::{Reply, Server, openai_reply, openai_segments, translate_text};
use common::{english, run, stderr, stdout};

const POST: &str = "---\ntitle: \"AI 뉴스\"\n---\n\n폭스콘이 수주했다.\n\n**에이전트**가 부상했다.\n\n셋째 문단입니다.\n";

fn real_backend(server: &Server) -> String {
    format!(
        "[backend.real]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"L10N_TEST_KEY\"\nretry_min_delay_ms = 10\n",
        server.url()
    )
}

fn translate_real(dir: &Path, args: &[&str]) -> std::process::Output {
    common::with_key(dir, "sk-test")
        .args(["translate", "--backend", "real"])
        .args(args)
        .output()
        .unwrap()
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

/// A site whose backend `real` is at `base_url`, failing fast (no retries, short timeout).
fn unreachable_site(base_url: &str) -> tempfile::TempDir {
    common::post_site(
        "폭스콘이 수주했다.\n",
        &format!(
            "[backend.real]\nkind = \"openai\"\nbase_url = \"{base_url}\"\nmodel = \"m\"\napi_key_env = \"L10N_TEST_KEY\"\nmax_retries = 0\ntimeout_secs = 1\n"
        ),
    )
}

/// The first error line of a run, at the default verbosity.
fn failure(dir: &Path) -> String {
    let o = translate_real(dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.join("posts/en/a.md").exists());
    stderr(&o).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn an_unreachable_backend_names_the_url_and_the_reason() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let s = unreachable_site(&format!("http://127.0.0.1:{port}/v1"));
    assert_eq!(
        failure(s.path()),
        format!(
            "error: posts/a.md:1: segment not translated: connection refused: http://127.0.0.1:{port}/v1/chat/completions (is the server running, and is base_url right?)"
        )
    );
    let o = common::with_key(s.path(), "sk-test")
        .env("LANG", "ko_KR.UTF-8")
        .args(["translate", "--backend", "real"])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&o).lines().next().unwrap_or_default(),
        format!(
            "오류: posts/a.md:1: 세그먼트를 번역하지 못했습니다: connection refused: http://127.0.0.1:{port}/v1/chat/completions (서버가 실행 중인지, base_url이 맞는지 확인하세요)"
        )
    );
}

/// A server that refuses connections refuses them all: after its retries the run stops
/// asking (no batch split in halves, no request per segment), and every segment says why.
#[test]
fn a_refused_connection_fails_the_run_fast_with_one_reason() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let paragraphs: String = (1..=40).map(|i| format!("문단 {i}번입니다.\n\n")).collect();
    let s = common::post_site(
        &paragraphs,
        &format!(
            "[backend.real]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:{port}/v1\"\nmodel = \"m\"\napi_key_env = \"L10N_TEST_KEY\"\nmax_retries = 2\nretry_min_delay_ms = 10\nbatch_chars = 100\n"
        ),
    );
    let started = std::time::Instant::now();
    let o = translate_real(s.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let err = stderr(&o);
    let refused = err
        .lines()
        .filter(|l| l.contains(&format!("segment not translated: connection refused: http://127.0.0.1:{port}/v1/chat/completions (is the server running")))
        .count();
    assert_eq!(refused, 40, "{err}");
    assert!(err.contains("0 sent, 40 failed"), "{err}");
}

#[test]
fn a_stalled_backend_is_a_timeout_with_its_url() {
    let server = Server::start(|_, _| Reply::Stall(std::time::Duration::from_secs(5)));
    let s = unreachable_site(&format!("{}/v1", server.url()));
    let line = failure(s.path());
    // The timeout scales with the request's size (a fraction of timeout_secs here).
    let (_, rest) = line.split_once(": timed out after ").unwrap_or_default();
    assert_eq!(
        rest.split_once("s: "),
        Some((
            "0.3",
            format!("{}/v1/chat/completions", server.url()).as_str()
        )),
        "{line}"
    );
}

/// `.invalid` never resolves (RFC 6761). A resolver on loopback (systemd-resolved,
/// dnsmasq) answers that itself; any other would be asked over the network, which tests
/// never use: then the test says so and checks nothing.
#[test]
fn an_unknown_host_says_it_was_not_found() {
    let conf = fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    let servers: Vec<&str> = conf
        .lines()
        .filter_map(|l| l.strip_prefix("nameserver"))
        .map(str::trim)
        .collect();
    if servers.is_empty() || !servers.iter().all(|s| s.starts_with("127.") || *s == "::1") {
        eprintln!(
            "skipped: the resolver ({servers:?}) is not on loopback; asking it would use the network"
        );
        return;
    }
    let s = unreachable_site("https://l10n-test.invalid/v1");
    let line = failure(s.path());
    assert!(
        line.contains(": host not found (")
            && line.ends_with(
                "): https://l10n-test.invalid/v1/chat/completions (check the host name in base_url)"
            ),
        "{line}"
    );
}

#[test]
fn https_to_a_plain_http_port_is_a_tls_failure() {
    let server = Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(t.into()))));
    let https = server.url().replace("http://", "https://");
    let s = unreachable_site(&format!("{https}/v1"));
    let line = failure(s.path());
    assert!(
        line.contains(": TLS handshake failed (")
            && line.ends_with(&format!(
                "): {https}/v1/chat/completions (a server that speaks plain HTTP, as local servers do, needs http:// in base_url)"
            )),
        "{line}"
    );
}

/// A config refusal: exit 2, `l10n.toml:LINE:COL`, no request, nothing written.
fn refused(config: &str) -> String {
    let server = Server::start(|_, _| Reply::Json(500, String::new()));
    let s = common::post_site("폭스콘이 수주했다.\n", config);
    let o = translate_real(s.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(server.requests().is_empty());
    assert!(!s.path().join("posts/en/a.md").exists());
    let o2 = run(s.path(), &["check"]);
    assert_eq!(o2.status.code(), Some(2), "check refuses it too");
    stderr(&o)
}

#[test]
fn a_base_url_without_a_scheme_or_unparsable_is_refused_at_its_line() {
    for (url, col) in [
        ("localhost:8080/v1", 12),
        ("api.openai.com", 12),
        ("http://exa mple.com", 12),
    ] {
        let err = refused(&format!(
            "[backend.real]\nkind = \"openai\"\nmodel = \"m\"\nbase_url = \"{url}\"\napi_key_env = \"K\"\n"
        ));
        assert_eq!(
            err,
            format!(
                "error: l10n.toml:4:{col}: backend `real`: base_url must be a full http:// or https:// URL, such as https://api.openai.com/v1, not `{url}`\n"
            )
        );
    }
}

#[test]
fn an_api_key_in_the_config_is_refused_with_a_pointer_to_api_key_env() {
    let err = refused(
        "[backend.real]\nkind = \"anthropic\"\nmodel = \"m\"\napi_key = \"sk-ant-SECRET\"\n",
    );
    assert_eq!(
        err,
        "error: l10n.toml:4:11: backend `real`: a key does not belong in l10n.toml (it is committed): delete api_key, put the key in an environment variable, and name the variable here: api_key_env = \"ANTHROPIC_API_KEY\"\n"
    );
    let s = common::post_site(
        "폭스콘이 수주했다.\n",
        "[backend.real]\nkind = \"openai\"\napi_key = \"sk-SECRET\"\n",
    );
    let o = common::run_korean(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("api_key_env = \"OPENAI_API_KEY\"처럼")
            && !stderr(&o).contains("SECRET"),
        "{}",
        stderr(&o)
    );
}

/// A `keep` term the model changed: the finding says the term stays as written.
#[test]
fn a_changed_keep_term_must_stay_as_written() {
    let server = Server::start(|r, _| {
        Reply::Json(
            200,
            openai_reply(r, |_, _| Some("Chatgpt won the order.".into())),
        )
    });
    let s = common::post_site("ChatGPT가 수주했다.\n", &real_backend(&server));
    fs::write(
        s.path().join("glossary.toml"),
        "[[term]]\nko = \"ChatGPT\"\nkeep = true\n",
    )
    .unwrap();
    let o = translate_real(s.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("\"ChatGPT\" must stay as written"),
        "{}",
        stderr(&o)
    );
    let o = common::run_korean(s.path(), &["check"]);
    assert!(
        stdout(&o).contains("\"ChatGPT\"는 쓰인 그대로 두어야 합니다")
            || stderr(&o).contains("\"ChatGPT\"는 쓰인 그대로 두어야 합니다"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn version_prints_the_package_version() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--version", "-V"] {
        let o = run(dir.path(), &[flag]);
        assert!(o.status.success());
        assert_eq!(stdout(&o), format!("l10n {}\n", env!("CARGO_PKG_VERSION")));
    }
}

/// A real digest saved with a BOM and CRLF line ends: the placeholder twin, then a real
/// backend sends every segment once and the English keeps the file's BOM and line ends.
#[test]
fn a_real_digest_with_bom_and_crlf_gets_every_placeholder_replaced() {
    let digest =
        fs::read_to_string(common::fixtures().join("digests/2026-02-19-ai-news-report.md"))
            .unwrap();
    let post = format!("\u{feff}{}", digest.replace('\n', "\r\n"));
    let s = common::post_site(&post, "");
    let p = s.path();
    assert!(run(p, &["translate"]).status.success());
    // status's last six columns: pseudo, machine, reviewed, edited, stale-edited, stale.
    let counts = |p: &Path| -> Vec<usize> {
        let table = stdout(&run(p, &["status"]));
        let row: Vec<&str> = table
            .lines()
            .nth(1)
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        row[row.len().saturating_sub(6)..]
            .iter()
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let pseudo = counts(p)[0];
    assert!(pseudo > 20, "{:?}", counts(p));
    let server =
        Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t)))));
    // The stand-in romanizes: what it does to figures and dates is not this test's matter.
    let qa = "[qa]\nnumbers = \"off\"\ndates = \"off\"\nidentifiers = \"off\"\nlength = \"off\"\n";
    fs::write(
        p.join("l10n.toml"),
        format!("{qa}{}", real_backend(&server)),
    )
    .unwrap();
    let o = translate_real(p, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let sent: usize = server
        .requests()
        .iter()
        .map(|r| openai_segments(r).len())
        .sum();
    assert!(sent <= pseudo && sent > 0, "sent {sent} of {pseudo}");
    assert_eq!(
        counts(p)[..2],
        [0, pseudo],
        "every placeholder is machine text now"
    );
    let en = english(p);
    assert!(
        en.starts_with("\u{feff}---\r\n") && !en.contains("l10n: pseudo"),
        "{en:?}"
    );
    assert!(!en.replace("\r\n", "").contains('\n'), "CRLF kept");
    assert_eq!(run(p, &["check"]).status.code(), Some(0));
}

#[test]
fn a_post_whose_every_segment_failed_is_not_called_up_to_date() {
    let server = Server::start(|_, _| Reply::Json(500, "{}".into()));
    let s = common::openai_site(&server, "max_retries = 1\n");
    let o = common::run(s.path(), &["translate", "--backend", "pseudo"]);
    assert!(common::code(&o) <= 1, "{}", common::stderr(&o));
    // The pseudo twin is current with its Korean; a real backend then fails on all of it.
    let o = common::translate(s.path(), "sk-test", &[]);
    let err = common::stderr(&o);
    assert_ne!(common::code(&o), 0, "{err}");
    let line = err
        .lines()
        .find(|l| l.contains(" written, "))
        .unwrap_or(&err);
    assert!(
        line.contains("0 posts written, 0 posts up to date"),
        "{err}"
    );
    assert!(!line.contains(" 0 failed"), "{err}");
}
