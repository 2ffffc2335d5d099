//! What l10n writes keeps its permissions, what it reads is verified, and input errors exit
//! 2 without hiding the other posts: run as an editor or a CI job would.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{bare_site, run, seed, stderr, stdout};

/// A second post: the seed with its first news item reworded.
fn second() -> String {
    seed().replace(
        "폭스콘은 이번 수주를 통해",
        "폭스콘은 이번 대규모 수주를 통해",
    )
}

const STATE_A: &str = ".l10n/state/en/posts/a.md.toml";

fn site() -> tempfile::TempDir {
    let dir = bare_site(&seed());
    fs::write(dir.path().join("posts/b.md"), second()).unwrap();
    fs::write(dir.path().join("l10n.toml"), "").unwrap();
    dir
}

/// l10n run through `sh` with a umask, as a shell session or CI step would start it.
fn with_umask(dir: &Path, umask: &str, args: &[&str]) -> Output {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_l10n"))
        .args(args)
        .current_dir(dir);
    for var in ["L10N_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"] {
        c.env_remove(var);
    }
    c.env("LANG", "C").output().unwrap()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn chmod(p: &Path, m: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
}

#[test]
fn new_files_get_the_umask_mode() {
    for (umask, expected) in [("022", 0o644), ("002", 0o664)] {
        let s = site();
        let p = s.path();
        ok(&with_umask(p, umask, &["translate"]));
        ok(&with_umask(
            p,
            umask,
            &["glossary", "add", "폭스콘", "Foxconn"],
        ));
        fs::write(p.join("segments.json"), {
            let o = run(p, &["extract", "posts/a.md"]);
            ok(&o);
            o.stdout
        })
        .unwrap();
        ok(&with_umask(
            p,
            umask,
            &["merge", "posts/a.md", "segments.json", "-o", "merged.md"],
        ));
        ok(&with_umask(
            p,
            umask,
            &["memory", "export", "--format", "csv", "-o", "memory.csv"],
        ));
        ok(&with_umask(
            p,
            umask,
            &["diff", "--all", "-o", "review.txt"],
        ));
        for f in [
            "posts/en/a.md",
            "posts/en/b.md",
            STATE_A,
            "glossary.toml",
            "merged.md",
            "memory.csv",
            "review.txt",
        ] {
            assert_eq!(mode(&p.join(f)), expected, "{f} under umask {umask}");
        }
    }
}

#[test]
fn existing_files_keep_their_mode() {
    for kept in [0o644, 0o664] {
        let s = site();
        let p = s.path();
        ok(&with_umask(p, "022", &["translate"]));
        ok(&with_umask(
            p,
            "022",
            &["glossary", "add", "폭스콘", "Foxconn"],
        ));
        let files = ["posts/en/a.md", STATE_A, "glossary.toml"];
        for f in files {
            chmod(&p.join(f), kept);
        }
        // A umask that would give 0600 to a new file: the old mode must win.
        let before = fs::read(p.join("posts/en/a.md")).unwrap();
        fs::write(
            p.join("posts/a.md"),
            seed().replace("입지를 강화하게", "입지를 크게 강화하게"),
        )
        .unwrap();
        ok(&with_umask(p, "077", &["translate"]));
        assert_ne!(fs::read(p.join("posts/en/a.md")).unwrap(), before);
        ok(&with_umask(
            p,
            "077",
            &["glossary", "add", "럭스쉐어", "Luxshare"],
        ));
        ok(&with_umask(p, "077", &["glossary", "remove", "폭스콘"]));
        for f in files {
            assert_eq!(mode(&p.join(f)), kept, "{f} kept {kept:o}");
        }
        let leftovers: Vec<PathBuf> = fs::read_dir(p.join("posts/en"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.to_string_lossy().contains(".l10n-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// The state of a.md cut after its fifth segment: still TOML, but not the whole list.
fn truncate_state(p: &Path) {
    let text = fs::read_to_string(p.join(STATE_A)).unwrap();
    let cut = text.match_indices("\n  { ").nth(5).unwrap().0 + 1;
    fs::write(p.join(STATE_A), format!("{}]\n", &text[..cut])).unwrap();
}

#[test]
fn a_truncated_state_is_an_error_in_check_status_and_translate() {
    let s = site();
    let p = s.path();
    ok(&run(p, &["translate"]));
    ok(&run(p, &["check"]));
    truncate_state(p);
    // b is stale: its finding is still reported next to a's error.
    fs::write(
        p.join("posts/b.md"),
        second().replace("입지를 강화하게", "입지를 더욱 강화하게"),
    )
    .unwrap();
    let o = run(p, &["check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains(STATE_A) && out.contains("corrupt state"),
        "{out}"
    );
    assert!(out.contains("posts/b.md") && out.contains("stale"), "{out}");
    let o = run(p, &["status"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("posts/a.md") && l.contains("invalid")),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains(STATE_A) && stderr(&o).contains("corrupt state"),
        "{}",
        stderr(&o)
    );
    // translate reports it and still translates b (which needs the translation memory).
    let b_before = fs::read(p.join("posts/en/b.md")).unwrap();
    let o = run(p, &["translate"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(STATE_A), "{}", stderr(&o));
    assert_ne!(fs::read(p.join("posts/en/b.md")).unwrap(), b_before);
    ok(&run(p, &["check", "posts/b.md"]));
    // Cut inside a string: not TOML at all; the error has the line.
    let state = fs::read_to_string(p.join(STATE_A)).unwrap();
    fs::write(p.join(STATE_A), &state[..state.len() - 7]).unwrap();
    let o = run(p, &["check", "--format", "github"]);
    assert_eq!(o.status.code(), Some(2));
    let last = state[..state.len() - 7].lines().count();
    assert!(
        stdout(&o).contains(&format!("file={STATE_A},line={last}")),
        "{}",
        stdout(&o)
    );
    // Restored from version control (here: deleted and retranslated), all is well.
    fs::remove_file(p.join(STATE_A)).unwrap();
    fs::remove_file(p.join("posts/en/a.md")).unwrap();
    ok(&run(p, &["translate"]));
    ok(&run(p, &["check"]));
}

#[test]
fn a_state_written_before_the_digest_is_still_read() {
    let s = site();
    let p = s.path();
    ok(&run(p, &["translate"]));
    let text = fs::read_to_string(p.join(STATE_A)).unwrap();
    assert!(
        text.lines().nth(1).unwrap().starts_with("digest = "),
        "{text}"
    );
    let old: String = text
        .lines()
        .filter(|l| !l.starts_with("digest = "))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(p.join(STATE_A), &old).unwrap();
    ok(&run(p, &["check"]));
    let o = run(p, &["status"]);
    ok(&o);
    assert!(stdout(&o).contains("up to date"), "{}", stdout(&o));
    // The next translate seals it again (and changes nothing else).
    ok(&run(p, &["translate"]));
    assert_eq!(fs::read_to_string(p.join(STATE_A)).unwrap(), text);
    // Old and truncated is caught too: the whole file is validated.
    fs::write(p.join(STATE_A), &old).unwrap();
    truncate_state(p);
    assert_eq!(run(p, &["check"]).status.code(), Some(2));
}

#[test]
fn a_source_name_a_state_cannot_carry_is_refused() {
    let s = site();
    let p = s.path();
    fs::write(p.join("posts/c\nd.md"), seed()).unwrap();
    let o = run(p, &["translate"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("posts/c\\nd.md") && stderr(&o).contains("cannot be recorded"),
        "{}",
        stderr(&o)
    );
    // Nothing written for it; the other posts are translated.
    assert!(!p.join("posts/en/c\nd.md").exists());
    assert!(!p.join(".l10n/state/en/posts/c\nd.md.toml").exists());
    assert!(p.join("posts/en/a.md").exists() && p.join("posts/en/b.md").exists());
    let o = run(p, &["check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
}

#[test]
fn a_target_inside_the_state_folder_is_a_config_error() {
    let s = site();
    let p = s.path();
    fs::write(
        p.join("l10n.toml"),
        "source_lang = \"ko\"\ntarget = \".l10n/state/{lang}/posts/{name}.toml\"\n",
    )
    .unwrap();
    for cmd in ["translate", "check", "status"] {
        let o = run(p, &[cmd]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&o).contains("l10n.toml:2:10") && stderr(&o).contains(".l10n/"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    assert_eq!(fs::read_to_string(p.join("posts/a.md")).unwrap(), seed());
    assert!(!p.join(".l10n/state").exists());
}

#[test]
fn a_target_folder_linked_out_of_the_repository_is_not_written_through() {
    let s = site();
    let p = s.path();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), p.join("posts/en")).unwrap();
    let o = run(p, &["translate"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("posts/en/a.md") && stderr(&o).contains("outside the repository"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!p.join(STATE_A).exists());
}

#[test]
fn check_exits_2_on_input_errors_and_still_reports_the_rest() {
    let s = site();
    let p = s.path();
    ok(&run(p, &["translate"]));
    // An unclosed quote on line 3; the YAML parser only notices at the closing `---`.
    fs::write(
        p.join("posts/a.md"),
        seed().replace(
            "title: \"2026-01-02 AI 뉴스\"",
            "title: \"2026-01-02 AI 뉴스",
        ),
    )
    .unwrap();
    fs::write(
        p.join("posts/b.md"),
        second().replace("입지를 강화하게", "입지를 더욱 강화하게"),
    )
    .unwrap();
    let o = run(p, &["check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("posts/a.md:3:"), "{out}");
    assert!(!out.contains("posts/a.md:6"), "{out}");
    assert!(out.contains("posts/b.md") && out.contains("stale"), "{out}");
    assert!(
        stderr(&o).starts_with("error: 1 of 2 posts could not be checked"),
        "{}",
        stderr(&o)
    );
    let o = run(p, &["check", "--format", "github"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("file=posts/a.md,line=3"),
        "{}",
        stdout(&o)
    );
    let o = run(p, &["status"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("posts/a.md:3:") && stderr(&o).contains("invalid YAML"),
        "{}",
        stderr(&o)
    );
    // Invalid UTF-8 is an input error too.
    let mut bytes = seed().into_bytes();
    bytes.extend_from_slice(b"\n\xff\xfe\n");
    fs::write(p.join("posts/a.md"), bytes).unwrap();
    let o = run(p, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("UTF-8"), "{}", stdout(&o));
}

#[test]
fn check_with_no_configuration_and_no_posts_says_so() {
    let empty = tempfile::tempdir().unwrap();
    for cmd in ["check", "status"] {
        let o = run(empty.path(), &[cmd]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("no l10n.toml") && stderr(&o).contains("posts/*.md"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    // A configured repository with no posts yet is fine.
    fs::write(empty.path().join("l10n.toml"), "").unwrap();
    ok(&run(empty.path(), &["check"]));
}

/// Memory reads every English post for hand edits not yet recorded; one that cannot be read
/// (here a folder stands where it was) is an input error naming it, and the run writes
/// nothing rather than translate without what people wrote there.
#[test]
fn an_unreadable_english_post_stops_the_run_before_memory_is_used() {
    let s = site();
    let p = s.path();
    ok(&run(p, &["translate"]));
    let before = fs::read_to_string(p.join("posts/en/b.md")).unwrap();
    fs::write(
        p.join("posts/b.md"),
        second().replace("폭스콘은", "폭스콘도"),
    )
    .unwrap();
    fs::remove_file(p.join("posts/en/a.md")).unwrap();
    fs::create_dir(p.join("posts/en/a.md")).unwrap();
    let o = run(p, &["translate"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("posts/en/a.md"), "{}", stderr(&o));
    let after = fs::read_to_string(p.join("posts/en/b.md")).unwrap();
    assert!(after == before, "posts/en/b.md was written");
}
