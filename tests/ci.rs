//! `l10n ci` with real parts: real `git` against a bare repository on disk as `origin`,
//! and one loopback HTTP server that is both the OpenAI backend (`/v1/…`) and GitHub's
//! REST API (`/repos/o/r/pulls…`), recording every request.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

use common::server::{Recorded, Reply, Server, openai_reply, translate_text};
use common::{code, l10n, stderr, stdout};

const TOKEN: &str = "ghs_TEST-token-0123456789abcdef";
const KEY: &str = "sk-test-SECRET-ci-0123456789";
const POST: &str = "---\ntitle: \"AI 뉴스\"\n---\n\n## 첫 소식\n\n**에이전트**가 부상했습니다.\n\n둘째 문단입니다.\n\n셋째 문단입니다.\n";

fn git(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.com")
        .env("GIT_COMMITTER_NAME", "Editor")
        .env("GIT_COMMITTER_EMAIL", "editor@example.com")
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A bare `origin` with the blog on `main`, a clone where an editor works, and a clone
/// where CI runs.
struct Repo {
    _dir: tempfile::TempDir,
    origin: PathBuf,
    editor: PathBuf,
    ci: PathBuf,
}

fn repo(server: &Server) -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin.git");
    let editor = dir.path().join("editor");
    let ci = dir.path().join("ci");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", "origin.git"],
    );
    git(dir.path(), &["clone", "-q", "origin.git", "editor"]);
    fs::create_dir_all(editor.join("posts")).unwrap();
    fs::write(editor.join("posts/a.md"), POST).unwrap();
    fs::write(
        editor.join("glossary.toml"),
        "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n",
    )
    .unwrap();
    fs::write(
        editor.join("l10n.toml"),
        format!(
            "default_backend = \"b\"\n\n[backend.b]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"L10N_TEST_KEY\"\nretry_min_delay_ms = 10\n",
            server.url()
        ),
    )
    .unwrap();
    fs::write(editor.join(".gitignore"), ".l10n/cache/\n.l10n/lock\n").unwrap();
    git(&editor, &["checkout", "-q", "-b", "main"]);
    git(&editor, &["add", "."]);
    git(&editor, &["commit", "-q", "-m", "첫 글"]);
    git(&editor, &["push", "-q", "origin", "main"]);
    git(dir.path(), &["clone", "-q", "origin.git", "ci"]);
    Repo {
        _dir: dir,
        origin,
        editor,
        ci,
    }
}

impl Repo {
    /// The editor changes the Korean on `main` and pushes; CI's clone pulls it.
    fn korean_change(&self, from: &str, to: &str) {
        git(&self.editor, &["checkout", "-q", "main"]);
        git(
            &self.editor,
            &["pull", "-q", "--no-rebase", "origin", "main"],
        );
        let text = fs::read_to_string(self.editor.join("posts/a.md")).unwrap();
        fs::write(self.editor.join("posts/a.md"), text.replace(from, to)).unwrap();
        git(&self.editor, &["commit", "-q", "-am", "글 고침"]);
        git(&self.editor, &["push", "-q", "origin", "main"]);
        git(&self.ci, &["pull", "-q", "--ff-only", "origin", "main"]);
    }

    /// A file on a branch of origin.
    fn show(&self, branch: &str, path: &str) -> String {
        git(&self.origin, &["show", &format!("{branch}:{path}")])
    }

    /// CI's clone is back on main with nothing left over.
    fn left_as_found(&self) {
        assert_eq!(
            git(&self.ci, &["symbolic-ref", "--short", "HEAD"]).trim(),
            "main"
        );
        assert_eq!(git(&self.ci, &["status", "--porcelain"]), "");
    }

    fn branches(&self) -> String {
        git(&self.origin, &["branch", "--list"])
    }
}

/// `l10n ci ARGS` in CI's clone, with Actions' environment and no git identity.
fn ci(repo: &Repo, server: &Server, args: &[&str]) -> Output {
    ci_in(&repo.ci, server, args, true)
}

fn ci_in(dir: &Path, server: &Server, args: &[&str], token: bool) -> Output {
    let mut c = l10n(dir);
    c.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("L10N_TEST_KEY", KEY)
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_API_URL", server.url())
        .env("GITHUB_RUN_ID", "4242")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT")
        .env_remove("GITHUB_SERVER_URL");
    if token {
        c.env("GITHUB_TOKEN", TOKEN);
    } else {
        c.env_remove("GITHUB_TOKEN");
    }
    c.arg("ci").args(args).output().unwrap()
}

/// GitHub's pulls API as the tests script it: what the open pull requests are, and a
/// fault per method for the first `n` requests.
#[derive(Default)]
struct Github {
    open: Vec<u64>,
    faults: Vec<(&'static str, u16, String, usize)>,
}

fn pull(n: u64) -> String {
    serde_json::json!({"number": n, "html_url": format!("https://github.example/o/r/pull/{n}"), "state": "open"}).to_string()
}

fn server(gh: Arc<Mutex<Github>>) -> Server {
    Server::start(move |r: &Recorded, _| {
        if r.path.starts_with("/v1/") {
            return Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t))));
        }
        let mut g = gh.lock().unwrap();
        if let Some(k) = g
            .faults
            .iter()
            .position(|(m, _, _, left)| *m == r.method && *left > 0)
        {
            let (_, status, body, left) = &mut g.faults[k];
            *left -= 1;
            return Reply::Json(*status, body.clone());
        }
        match r.method.as_str() {
            "GET" => Reply::Json(
                200,
                format!(
                    "[{}]",
                    g.open
                        .iter()
                        .map(|n| pull(*n))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ),
            "POST" => {
                g.open.push(1);
                Reply::Json(201, pull(1))
            }
            "PATCH" => {
                let n = r
                    .path
                    .rsplit('/')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                Reply::Json(200, pull(n))
            }
            _ => Reply::Json(404, "{\"message\":\"Not Found\"}".into()),
        }
    })
}

fn github() -> (Arc<Mutex<Github>>, Server) {
    let gh = Arc::new(Mutex::new(Github::default()));
    let s = server(gh.clone());
    (gh, s)
}

/// A repository whose first pull-request run has opened its pull request.
fn opened() -> (Server, Repo) {
    let (_gh, server) = github();
    let repo = repo(&server);
    assert_eq!(code(&ci(&repo, &server, &["--mode", "pull-request"])), 0);
    (server, repo)
}

fn api(server: &Server) -> Vec<Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/repos/"))
        .collect()
}

/// The token is in no output, no file of either clone or origin, no commit and no body.
fn no_token(repo: &Repo, server: &Server, outputs: &[&Output]) {
    for o in outputs {
        assert!(!stdout(o).contains(TOKEN) && !stderr(o).contains(TOKEN));
        assert!(!stdout(o).contains(KEY) && !stderr(o).contains(KEY));
    }
    for dir in [&repo.ci, &repo.origin, &repo.editor] {
        common::assert_key_in_no_file(dir, TOKEN);
    }
    let log = git(&repo.origin, &["log", "--all", "-p"]);
    assert!(!log.contains(TOKEN) && !log.contains(KEY));
    for r in api(server) {
        assert!(!r.body.contains(TOKEN), "{}", r.body);
    }
}

/// The run exited with `expected` and said `text` on stderr.
fn says(o: &Output, expected: i32, text: &str) {
    assert_eq!(code(o), expected, "{}", stderr(o));
    assert!(stderr(o).contains(text), "{}", stderr(o));
}

#[test]
fn pull_request_mode_opens_then_updates_one_pull_request() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let first = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&first, 0, "opened pull request #1");
    // The branch holds the English and its state, in a commit marked as l10n's.
    let english = repo.show("l10n/main", "posts/en/a.md");
    assert!(
        english.contains(&translate_text("둘째 문단입니다.")),
        "{english}"
    );
    repo.show("l10n/main", ".l10n/state/en/posts/a.md.toml");
    let message = git(&repo.origin, &["log", "-1", "--format=%B", "l10n/main"]);
    assert!(
        message.contains("L10n-Run: 4242") && message.contains("posts/en/a.md"),
        "{message}"
    );
    // main is untouched, and CI's clone is back on it, clean.
    assert!(
        git(&repo.origin, &["ls-tree", "-r", "--name-only", "main"])
            .lines()
            .all(|l| !l.starts_with("posts/en"))
    );
    repo.left_as_found();

    let calls = api(&server);
    let get = &calls[0];
    assert_eq!(get.method, "GET");
    assert!(get.path.starts_with("/repos/o/r/pulls?"), "{}", get.path);
    assert!(
        get.path.contains("head=o%3Al10n%2Fmain") && get.path.contains("state=open"),
        "{}",
        get.path
    );
    let post = calls.iter().find(|r| r.method == "POST").expect("a POST");
    assert_eq!(post.path, "/repos/o/r/pulls");
    assert_eq!(
        post.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(post.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(post.header("x-github-api-version"), Some("2022-11-28"));
    let json = post.json();
    assert_eq!(json["head"], "l10n/main");
    assert_eq!(json["base"], "main");
    let body = json["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("둘째 문단입니다.") && body.contains(&translate_text("둘째 문단입니다.")),
        "{body}"
    );
    assert!(body.contains("Segments sent"), "{body}");

    // The Korean of one paragraph changes on main: the same pull request is updated with
    // the Korean old → new beside the English old → new.
    repo.korean_change("둘째 문단입니다.", "둘째 문단을 고쳤습니다.");
    let second = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&second, 0, "updated pull request #1");
    let calls = api(&server);
    assert_eq!(calls.iter().filter(|r| r.method == "POST").count(), 1);
    let patch = calls.iter().find(|r| r.method == "PATCH").expect("a PATCH");
    assert_eq!(patch.path, "/repos/o/r/pulls/1");
    let body = patch.json()["body"].as_str().unwrap_or_default().to_owned();
    // Korean old → new by syllable, beside English old → new by word.
    assert!(
        body.contains("<td lang=\"ko\">둘째 문단<del>입</del><ins>을 고쳤습</ins>니다.</td>"),
        "{body}"
    );
    let (old, new) = (
        translate_text("둘째 문단입니다."),
        translate_text("둘째 문단을 고쳤습니다."),
    );
    let row = body
        .lines()
        .find(|l| l.contains("둘째 문단<del>"))
        .unwrap_or_default();
    for word in old.split(' ').chain(new.split(' ')) {
        assert!(row.contains(word), "{word} in {row}");
    }
    assert!(row.contains("<td lang=\"en\">EN duljjae <del>"), "{row}");
    // Two commits of l10n's on the branch, the second on top of the first: no force push.
    let log = git(&repo.origin, &["log", "--format=%s", "l10n/main"]);
    assert_eq!(log.matches("l10n: translate").count(), 2, "{log}");
    no_token(&repo, &server, &[&first, &second]);
}

#[test]
fn the_pull_request_is_a_step_output() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let outputs = repo.ci.join("../outputs.txt");
    let o = l10n(&repo.ci)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("L10N_TEST_KEY", KEY)
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_API_URL", server.url())
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_OUTPUT", &outputs)
        .args(["ci", "--mode", "pull-request"])
        .output()
        .unwrap();
    says(&o, 0, "opened pull request #1");
    assert_eq!(
        fs::read_to_string(&outputs).unwrap(),
        "pull-request-number=1\npull-request-url=https://github.example/o/r/pull/1\n"
    );
}

#[test]
fn a_run_that_changes_nothing_opens_or_updates_nothing() {
    let (server, repo) = opened();
    let before = api(&server).len();
    let head = git(&repo.origin, &["rev-parse", "l10n/main"]);
    let again = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&again, 0, "nothing changed");
    let after = api(&server);
    assert!(
        after[before..].iter().all(|r| r.method == "GET"),
        "{:?}",
        after[before..]
            .iter()
            .map(|r| &r.method)
            .collect::<Vec<_>>()
    );
    assert_eq!(git(&repo.origin, &["rev-parse", "l10n/main"]), head);
}

#[test]
fn a_persons_commit_on_the_branch_is_kept_and_the_run_goes_on_top() {
    let (server, repo) = opened();
    // An editor fixes the English of the third paragraph on l10n/main in the browser.
    git(&repo.editor, &["fetch", "-q", "origin"]);
    git(
        &repo.editor,
        &["checkout", "-q", "-b", "l10n/main", "origin/l10n/main"],
    );
    let path = repo.editor.join("posts/en/a.md");
    let english = fs::read_to_string(&path).unwrap();
    let machine = translate_text("셋째 문단입니다.");
    fs::write(
        &path,
        english.replace(&machine, "The third paragraph, by a person."),
    )
    .unwrap();
    git(
        &repo.editor,
        &["commit", "-q", "-am", "Fix the third paragraph"],
    );
    git(&repo.editor, &["push", "-q", "origin", "l10n/main"]);
    let persons = git(&repo.editor, &["rev-parse", "HEAD"]).trim().to_owned();

    repo.korean_change("둘째 문단입니다.", "둘째 문단을 고쳤습니다.");
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    git(&repo.ci, &["fetch", "-q", "origin"]);
    git(
        &repo.ci,
        &["merge-base", "--is-ancestor", &persons, "origin/l10n/main"],
    );
    let english = repo.show("l10n/main", "posts/en/a.md");
    assert!(
        english.contains("The third paragraph, by a person."),
        "{english}"
    );
    assert!(
        english.contains(&translate_text("둘째 문단을 고쳤습니다.")),
        "{english}"
    );
    let top = git(&repo.origin, &["log", "-1", "--format=%B", "l10n/main"]);
    assert!(top.contains("L10n-Run:"), "{top}");
}

#[test]
fn a_run_on_l10ns_own_commit_does_nothing() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let o = ci(&repo, &server, &["--mode", "commit"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(repo.show("main", "posts/en/a.md").contains("EN "));
    assert!(api(&server).is_empty(), "commit mode needs no API");
    let head = git(&repo.origin, &["rev-parse", "main"]);
    let requests = server.requests().len();
    for mode in ["commit", "pull-request"] {
        let o = ci(&repo, &server, &["--mode", mode]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stderr(&o).contains("l10n's own commit"), "{}", stderr(&o));
    }
    assert_eq!(
        server.requests().len(),
        requests,
        "no backend or API request"
    );
    assert_eq!(git(&repo.origin, &["rev-parse", "main"]), head);
    assert!(!repo.branches().contains("l10n/main"));
}

#[test]
fn a_pull_request_opened_meanwhile_is_updated_after_422() {
    let (gh, server) = github();
    {
        let mut g = gh.lock().unwrap();
        g.faults.push(("POST", 422, r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for o:l10n/main."}],"documentation_url":"https://docs.github.com/rest/pulls/pulls#create-a-pull-request","status":"422"}"#.into(), 1));
        // The first two lists are empty; the one after the 422 shows #7.
        g.faults.push(("GET", 200, "[]".into(), 2));
        g.open.push(7);
    }
    let repo = repo(&server);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&o, 0, "updated pull request #7");
    let methods: Vec<String> = api(&server)
        .iter()
        .map(|r| format!("{} {}", r.method, r.path.split('?').next().unwrap_or("")))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /repos/o/r/pulls",
            "GET /repos/o/r/pulls",
            "POST /repos/o/r/pulls",
            "GET /repos/o/r/pulls",
            "PATCH /repos/o/r/pulls/7"
        ]
    );
}

#[test]
fn a_5xx_is_retried_until_it_succeeds() {
    let (gh, server) = github();
    gh.lock()
        .unwrap()
        .faults
        .push(("POST", 502, "{\"message\":\"Bad Gateway\"}".into(), 2));
    let repo = repo(&server);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&o, 0, "opened pull request #1");
    assert_eq!(
        api(&server).iter().filter(|r| r.method == "POST").count(),
        3
    );
}

#[test]
fn a_refused_token_stops_the_run_before_anything_is_pushed() {
    let (gh, server) = github();
    gh.lock().unwrap().faults.push(("GET", 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}".into(), 9));
    let repo = repo(&server);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("GET {}/repos/o/r/pulls", server.url())),
        "{err}"
    );
    assert!(
        err.contains("401 unauthorized") && err.contains("Bad credentials"),
        "{err}"
    );
    assert!(!repo.branches().contains("l10n/main"));
    assert_eq!(api(&server).len(), 1, "401 is not retried");
    no_token(&repo, &server, &[&o]);
}

#[test]
fn refusals_name_the_problem_and_push_nothing() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let branches = repo.branches();

    // Not a git repository.
    let plain = tempfile::tempdir().unwrap();
    fs::write(plain.path().join("l10n.toml"), "").unwrap();
    let o = ci_in(plain.path(), &server, &["--mode", "pull-request"], true);
    says(&o, 2, "not a git repository");
    let o = l10n(plain.path())
        .env("LANG", "ko_KR.UTF-8")
        .env("GITHUB_TOKEN", TOKEN)
        .args(["ci", "--mode", "commit"])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("git 저장소가 아닙니다"),
        "{}",
        stderr(&o)
    );

    // No token in pull-request mode.
    let o = ci_in(&repo.ci, &server, &["--mode", "pull-request"], false);
    says(&o, 2, "GITHUB_TOKEN is not set");

    // A base branch that does not exist.
    let o = ci(
        &repo,
        &server,
        &["--mode", "pull-request", "--base", "drafts"],
    );
    says(&o, 2, "base branch `drafts` does not exist on origin");

    // A dirty work tree.
    fs::write(repo.ci.join("posts/a.md"), POST.replace("셋째", "넷째")).unwrap();
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("uncommitted change") && stderr(&o).contains("posts/a.md"),
        "{}",
        stderr(&o)
    );
    let o = l10n(&repo.ci)
        .env("LANG", "ko_KR.UTF-8")
        .args(["ci", "--mode", "commit"])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("커밋하지 않은 변경 1개"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(repo.ci.join("posts/a.md")).unwrap(),
        POST.replace("셋째", "넷째")
    );

    assert_eq!(repo.branches(), branches);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.method == "GET" || !r.path.starts_with("/repos/"))
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/v1/")),
        "nothing translated"
    );
}

#[test]
fn a_push_refused_twice_is_said_and_nothing_is_left_behind() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let hook = repo.origin.join("hooks/pre-receive");
    fs::write(&hook, "#!/bin/sh\necho 'protected by policy' >&2\nexit 1\n").unwrap();
    make_executable(&hook);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("push to `l10n/main` refused")
            || err.contains("push to `l10n/main` was refused again"),
        "{err}"
    );
    assert!(err.contains("protected by policy"), "{err}");
    assert!(!repo.branches().contains("l10n/main"));
    assert!(
        api(&server).iter().all(|r| r.method == "GET"),
        "no pull request"
    );
    repo.left_as_found();
}

/// Someone pushes `file` to l10n/main between CI's fetch and its push (a pre-push hook in
/// CI's clone does it once): that commit's id.
fn pushed_meanwhile(repo: &Repo, file: &str, content: &str) -> String {
    git(&repo.editor, &["checkout", "-q", "-b", "side", "main"]);
    let path = repo.editor.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
    git(&repo.editor, &["add", file]);
    git(&repo.editor, &["commit", "-q", "-m", "A person's commit"]);
    let hook = repo.ci.join(".git/hooks/pre-push");
    let marker = repo.ci.join(".git/pushed-meanwhile");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e '{m}' ]; then\n  touch '{m}'\n  unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n  cd '{e}' && git push -q origin side:refs/heads/l10n/main\nfi\nexit 0\n",
            m = marker.display(),
            e = repo.editor.display()
        ),
    )
    .unwrap();
    make_executable(&hook);
    git(&repo.editor, &["rev-parse", "HEAD"]).trim().to_owned()
}

#[test]
fn a_push_refused_once_is_fetched_rebased_and_retried() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let persons = pushed_meanwhile(&repo, "NOTES.md", "notes\n");
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&o, 0, "refused: fetching it");
    git(&repo.ci, &["fetch", "-q", "origin"]);
    git(
        &repo.ci,
        &["merge-base", "--is-ancestor", &persons, "origin/l10n/main"],
    );
    assert!(repo.show("l10n/main", "posts/en/a.md").contains("EN "));
    assert_eq!(repo.show("l10n/main", "NOTES.md"), "notes\n");
    assert!(
        stderr(&o).contains("opened pull request #1"),
        "{}",
        stderr(&o)
    );
}

/// The person's commit meanwhile wrote the same English post: the run's commit cannot go
/// on top; the person's stays, nothing of the run is pushed.
#[test]
fn a_run_whose_commit_conflicts_with_one_pushed_meanwhile_pushes_nothing() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let persons = pushed_meanwhile(&repo, "posts/en/a.md", "A person's English.\n");
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(
        &o,
        2,
        "someone pushed to `l10n/main` meanwhile, changing the same files",
    );
    assert_eq!(
        git(&repo.origin, &["rev-parse", "l10n/main"]).trim(),
        persons
    );
    assert!(
        api(&server).iter().all(|r| r.method == "GET"),
        "no pull request"
    );
    repo.left_as_found();
}

#[test]
fn diff_prints_the_markdown_review_and_check_appends_it_to_the_job_summary() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let o = common::translate(&repo.ci, KEY, &[]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let o = l10n(&repo.ci)
        .args(["diff", "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("## l10n review report\n"), "{md}");
    assert!(md.contains("<td lang=\"ko\">둘째 문단입니다.</td>"), "{md}");
    let summary = repo.ci.join("summary.md");
    fs::write(&summary, "# earlier step\n").unwrap();
    let o = l10n(&repo.ci)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let written = fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("# earlier step\n## l10n review report\n"),
        "{written}"
    );
    assert!(
        written.contains(&translate_text("둘째 문단입니다.")),
        "{written}"
    );
    // Without the variable, nothing is written anywhere.
    let o2 = l10n(&repo.ci)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(code(&o), code(&o2));
    assert_eq!(fs::read_to_string(&summary).unwrap(), written);
}

fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_detached_head_needs_a_base_and_actions_needs_a_repository() {
    let (_gh, server) = github();
    let repo = repo(&server);
    git(&repo.ci, &["checkout", "-q", "--detach"]);
    let o = ci(&repo, &server, &["--mode", "commit"]);
    says(&o, 2, "HEAD is detached: name the branch with --base");
    let o = l10n(&repo.ci)
        .env("GITHUB_TOKEN", TOKEN)
        .env_remove("GITHUB_REPOSITORY")
        .args(["ci", "--mode", "pull-request"])
        .output()
        .unwrap();
    says(&o, 2, "GITHUB_REPOSITORY is not set");
    assert!(!repo.branches().contains("l10n/main"));
    // With --base, a detached checkout (a pull request's merge commit) works, and is left
    // detached where it was.
    let at = git(&repo.ci, &["rev-parse", "HEAD"]);
    let o = ci(
        &repo,
        &server,
        &["--mode", "pull-request", "--base", "main"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(repo.branches().contains("l10n/main"));
    assert_eq!(git(&repo.ci, &["rev-parse", "HEAD"]), at);
}

#[test]
fn a_conflict_between_the_branch_and_its_base_is_left_to_a_person() {
    let (server, repo) = opened();
    let machine = translate_text("셋째 문단입니다.");
    // The pull request is merged; then the third paragraph's English is fixed on main one
    // way and on l10n/main another.
    git(&repo.editor, &["fetch", "-q", "origin"]);
    git(&repo.editor, &["checkout", "-q", "main"]);
    git(
        &repo.editor,
        &["merge", "-q", "--ff-only", "origin/l10n/main"],
    );
    let path = repo.editor.join("posts/en/a.md");
    let english = fs::read_to_string(&path).unwrap();
    fs::write(&path, english.replace(&machine, "Third, as main has it.")).unwrap();
    git(&repo.editor, &["commit", "-q", "-am", "Fix on main"]);
    git(&repo.editor, &["push", "-q", "origin", "main"]);
    git(
        &repo.editor,
        &["checkout", "-q", "-b", "l10n/main", "origin/l10n/main"],
    );
    fs::write(
        &path,
        english.replace(&machine, "Third, as the branch has it."),
    )
    .unwrap();
    git(&repo.editor, &["commit", "-q", "-am", "Fix on the branch"]);
    git(&repo.editor, &["push", "-q", "origin", "l10n/main"]);
    let branch = git(&repo.origin, &["rev-parse", "l10n/main"]);
    git(&repo.ci, &["pull", "-q", "--ff-only", "origin", "main"]);

    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&o, 2, "merging `main` into `l10n/main` conflicts");
    assert_eq!(git(&repo.origin, &["rev-parse", "l10n/main"]), branch);
    repo.left_as_found();
}

/// `l10n` in the editor's clone, with the backend's key.
fn editor_runs(repo: &Repo, args: &[&str]) -> Output {
    let o = l10n(&repo.editor)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("L10N_TEST_KEY", KEY)
        .args(args)
        .output()
        .unwrap();
    assert!(code(&o) <= 1, "{}", stderr(&o));
    o
}

#[test]
fn ci_s_clone_merges_a_state_both_sides_changed_with_l10ns_drivers() {
    let (server, repo) = opened();
    // The first pull request is merged, and the editor routes states and English posts to
    // l10n's merge drivers (only .gitattributes is shared: CI's clone has no such config).
    git(&repo.editor, &["fetch", "-q", "origin"]);
    git(&repo.editor, &["checkout", "-q", "main"]);
    git(
        &repo.editor,
        &["merge", "-q", "--ff-only", "origin/l10n/main"],
    );
    editor_runs(&repo, &["git-setup"]);
    git(&repo.editor, &["add", ".gitattributes"]);
    git(&repo.editor, &["commit", "-q", "-m", "l10n merge drivers"]);
    git(&repo.editor, &["push", "-q", "origin", "main"]);
    // The Korean of the second paragraph changes; CI's pull request translates it.
    repo.korean_change("둘째 문단입니다.", "둘째 문단을 고쳤습니다.");
    assert!(code(&ci(&repo, &server, &["--mode", "pull-request"])) <= 1);
    // Meanwhile an editor fixes the third paragraph's English on main and translates there
    // too: both sides rewrote the state's header and the second paragraph's entry.
    let path = repo.editor.join("posts/en/a.md");
    let english = fs::read_to_string(&path).unwrap();
    let machine = translate_text("셋째 문단입니다.");
    fs::write(&path, english.replace(&machine, "Third, by a person.")).unwrap();
    editor_runs(&repo, &["translate", "-q"]);
    git(&repo.editor, &["add", "-A"]);
    git(
        &repo.editor,
        &["commit", "-q", "-m", "Fix the third paragraph"],
    );
    git(&repo.editor, &["push", "-q", "origin", "main"]);
    git(&repo.ci, &["pull", "-q", "--ff-only", "origin", "main"]);

    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let english = repo.show("l10n/main", "posts/en/a.md");
    assert!(english.contains("Third, by a person."), "{english}");
    assert!(
        english.contains(&translate_text("둘째 문단을 고쳤습니다.")),
        "{english}"
    );
    let state = repo.show("l10n/main", ".l10n/state/en/posts/a.md.toml");
    assert!(!state.contains("<<<<<<<"), "{state}");
    assert!(state.contains("state = \"edited\""), "{state}");
    let config = fs::read_to_string(repo.ci.join(".git/config")).unwrap();
    assert!(!config.contains("l10n-state"), "{config}");
    repo.left_as_found();
}

#[test]
fn commit_mode_commits_to_the_current_branch() {
    let (_gh, server) = github();
    let repo = repo(&server);
    repo.korean_change("셋째 문단입니다.", "셋째 문단, 고침.");
    let o = ci(&repo, &server, &["--mode", "commit"]);
    says(&o, 0, "pushed 2 files to main");
    let english = repo.show("main", "posts/en/a.md");
    assert!(
        english.contains(&translate_text("셋째 문단, 고침.")),
        "{english}"
    );
    let author = git(&repo.origin, &["log", "-1", "--format=%an <%ae>", "main"]);
    assert!(author.starts_with("l10n <"), "{author}");
    // Only the English and its state: nothing else of the run (cache, lock) is committed.
    let files = git(&repo.origin, &["show", "--name-only", "--format=", "main"]);
    assert_eq!(files, ".l10n/state/en/posts/a.md.toml\nposts/en/a.md\n");
    no_token(&repo, &server, &[&o]);
}

/// A real digest, saved on Windows (BOM, CRLF) with full-width punctuation added: the
/// pull request shows its Korean and English, and the English keeps the line endings.
#[test]
fn a_real_digest_with_bom_and_crlf_goes_into_the_pull_request() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let digest = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("posts/2026-01-02-ai-news.md"),
    )
    .unwrap()
    .replace("요약", "요약！")
    .replace('\n', "\r\n");
    fs::write(repo.editor.join("posts/b.md"), format!("\u{feff}{digest}")).unwrap();
    git(&repo.editor, &["add", "posts/b.md"]);
    git(&repo.editor, &["commit", "-q", "-m", "디지스트"]);
    git(&repo.editor, &["push", "-q", "origin", "main"]);
    git(&repo.ci, &["pull", "-q", "--ff-only", "origin", "main"]);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let english = repo.show("l10n/main", "posts/en/b.md");
    assert!(english.contains("\r\n") && !english.replace("\r\n", "").contains('\n'));
    let post = api(&server)
        .into_iter()
        .find(|r| r.method == "POST")
        .expect("a POST");
    let body = post.json()["body"].as_str().unwrap_or_default().to_owned();
    assert!(
        body.contains("`posts/en/b.md`") && body.contains("`posts/en/a.md`"),
        "{body}"
    );
    assert!(body.contains("<td lang=\"ko\">요약！</td>"), "{body}");
    assert!(body.contains(&translate_text("요약！")), "{body}");
    assert!(body.chars().count() < 65_536);
}

/// A token in the remote's URL (a clone made with it) never reaches an error.
#[test]
fn a_token_in_the_remotes_url_is_not_shown() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let url = format!("{}/missing-{TOKEN}.git", repo.origin.display());
    git(&repo.ci, &["remote", "set-url", "origin", &url]);
    let o = ci(&repo, &server, &["--mode", "pull-request"]);
    says(&o, 2, "missing-***.git");
    assert!(!stderr(&o).contains(TOKEN), "{}", stderr(&o));
}

/// Each way GitHub can fail names the request, the URL and the reason; nothing is pushed.
#[test]
fn forge_faults_name_the_url_and_the_reason() {
    for (status, body, says_what) in [
        (
            403,
            r#"{"message":"Resource not accessible by integration"}"#,
            "403 forbidden: the token may not do this",
        ),
        (
            404,
            r#"{"message":"Not Found"}"#,
            "404 not found (is GITHUB_REPOSITORY right",
        ),
        (
            200,
            "<html>rate limited</html>",
            "the answer is not a pull request",
        ),
    ] {
        let (gh, server) = github();
        gh.lock()
            .unwrap()
            .faults
            .push(("GET", status, body.into(), 9));
        let repo = repo(&server);
        let o = ci(&repo, &server, &["--mode", "pull-request"]);
        says(&o, 2, says_what);
        assert!(
            stderr(&o).contains(&format!("GET {}/repos/o/r/pulls", server.url())),
            "{}",
            stderr(&o)
        );
        assert!(!repo.branches().contains("l10n/main"));
    }
    // Nobody listening: retried, then the OS's reason.
    let (_gh, server) = github();
    let repo = repo(&server);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let o = l10n(&repo.ci)
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", &url)
        .args(["ci", "--mode", "pull-request"])
        .output()
        .unwrap();
    says(&o, 2, "cannot connect");
    assert!(
        stderr(&o).contains(&format!("GET {url}/repos/o/r/pulls")),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains(TOKEN));
}

/// A job summary that cannot be written is said, and the verdict stays `check`'s.
#[test]
fn an_unwritable_job_summary_does_not_change_the_verdict() {
    let (_gh, server) = github();
    let repo = repo(&server);
    let plain = l10n(&repo.ci)
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let o = l10n(&repo.ci)
        .env("GITHUB_STEP_SUMMARY", repo.ci.join("posts"))
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(code(&o), code(&plain));
    assert_eq!(stdout(&o), stdout(&plain));
    assert!(stderr(&o).contains("posts: "), "{}", stderr(&o));
}
