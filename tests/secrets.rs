//! A recognisable fake key, every command with --verbose, and a grep of all output, state,
//! cache and other files for it. Also the key in error paths: a 401 answer and a server
//! that echoes the key back.

mod common;

use common::l10n;
use common::server::{Reply, Server, openai_reply, translate_text};

const KEY: &str = "sk-FAKE-KEY-9f8e7d6c5b4a3210-DO-NOT-LEAK";

#[test]
fn the_key_never_appears_anywhere() {
    // Every other answer echoes the Authorization header in an error body.
    let server = Server::start(|r, n| {
        if n % 3 == 1 || r.path.starts_with("/v2/") {
            let auth = r.header("authorization").unwrap_or("").to_owned();
            return Reply::Json(500, format!("{{\"error\": \"bad token {auth}\"}}"));
        }
        Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))))
    });
    let dir = common::post_site(
        &common::seed(),
        &format!(
            "default_backend = \"b\"\n[backend.b]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\napi_key_env = \"L10N_SECRET\"\nretry_min_delay_ms = 5\nmax_retries = 1\nbatch_chars = 500\n\n[backend.d]\nkind = \"deepl\"\nbase_url = \"{}\"\napi_key_env = \"L10N_SECRET\"\nmax_retries = 0\n",
            server.url(),
            server.url()
        ),
    );
    let p = dir.path();
    let commands: Vec<Vec<&str>> = vec![
        vec!["-v", "translate", "--dry-run"],
        vec!["-v", "translate"],
        vec!["-v", "translate"],
        vec!["-v", "translate", "--force"],
        vec!["-v", "check"],
        vec!["-v", "check", "--format", "json"],
        vec!["-v", "check", "--format", "github"],
        vec!["-v", "status"],
        vec!["-v", "extract", "posts/a.md"],
        vec!["-v", "memory", "export", "--format", "tmx"],
        vec!["-v", "glossary", "list"],
        vec!["-v", "glossary", "push", "deepl"],
        vec!["-v", "translate", "--backend", "d", "--force"],
    ];
    let mut scrubbed = false;
    for args in &commands {
        let o = l10n(p).env("L10N_SECRET", KEY).args(args).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!all.contains(KEY), "{args:?} printed the key:\n{all}");
        scrubbed |= all.contains("bad token DeepL-Auth-Key ***");
    }
    assert!(scrubbed, "an error that echoed the key was shown, scrubbed");
    common::assert_key_in_no_file(p, KEY);
    // The server did receive it: the test would prove nothing otherwise.
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.header("authorization") == Some(&format!("Bearer {KEY}")))
    );
}
