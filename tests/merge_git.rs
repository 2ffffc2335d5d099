//! Two people, two branches, one post (issue 23), with real git: an editor hand-edits one
//! English paragraph and runs `translate`, the Korean author fixes another paragraph and
//! runs `translate`, and the branches are merged, rebased and renamed across, with and
//! without `l10n git-setup`.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{bare_site, line_of, read, seed, stderr, stdout};

const POST: &str = "posts/a.md";
const ENGLISH: &str = "posts/en/a.md";
const STATE: &str = ".l10n/state/en/posts/a.md.toml";
/// The first section's 산업적 영향 item, edited by hand in English.
const EDIT: &str = "- **Industry impact**: Foxconn strengthens its hand in edge AI devices.";
const EDITED_ROMANIZED: &str = "- **saneopjeok yeonghyang**: pokseukoneun";
/// The item just before it, whose Korean the author fixes: 줄이고 → 덜고.
const FIXED_KOREAN: (&str, &str) = ("화면 중독을 줄이고", "화면 중독을 덜고");
const FIXED_ROMANIZED: &str = "hwamyeon jungdogeul deolgo";

/// git without the user's or the machine's configuration (signing, hooks, default branch).
fn isolated(mut c: Command) -> Command {
    c.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.com")
        .env("GIT_COMMITTER_NAME", "Editor")
        .env("GIT_COMMITTER_EMAIL", "editor@example.com");
    c
}

fn git_out(dir: &Path, args: &[&str]) -> Output {
    let mut c = isolated(Command::new("git"));
    c.current_dir(dir).args(args).output().expect("runs git")
}

fn git(dir: &Path, args: &[&str]) {
    let o = git_out(dir, args);
    assert!(
        o.status.success(),
        "git {args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
}

fn l10n(dir: &Path, args: &[&str]) -> Output {
    isolated(common::l10n(dir))
        .args(args)
        .output()
        .expect("runs l10n")
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let o = l10n(dir, args);
    assert_eq!(o.status.code(), Some(0), "l10n {args:?}: {}", stderr(&o));
    o
}

/// Replaces the first line of `f` that contains `needle`.
fn replace_line(dir: &Path, f: &str, needle: &str, line: &str) {
    let text = read(dir, f);
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {f}"));
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    fs::write(
        dir.join(f),
        format!("{}{line}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

/// A repository with the seed post translated and committed on `main`; `setup` runs
/// `l10n git-setup` first (and commits its .gitattributes).
fn repo(setup: bool) -> tempfile::TempDir {
    let dir = bare_site(&seed());
    let p = dir.path();
    fs::write(p.join("l10n.toml"), "default_backend = \"pseudo\"\n").unwrap();
    fs::write(p.join(".gitignore"), ".l10n/lock\n").unwrap();
    git(p, &["init", "-q", "-b", "main"]);
    ok(p, &["translate", "-q"]);
    if setup {
        ok(p, &["git-setup"]);
    }
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "base"]);
    dir
}

/// Branch `edit`: the editor's hand edit, translated and committed.
fn hand_edit(p: &Path, from: &str) {
    git(p, &["checkout", "-q", "-b", "edit", from]);
    replace_line(p, ENGLISH, EDITED_ROMANIZED, EDIT);
    ok(p, &["translate", "-q"]);
    git(p, &["commit", "-qam", "hand edit"]);
}

/// Branch `typo`: the author's Korean fix, translated and committed.
fn korean_fix(p: &Path, from: &str) {
    git(p, &["checkout", "-q", "-b", "typo", from]);
    let ko = read(p, POST).replacen(FIXED_KOREAN.0, FIXED_KOREAN.1, 1);
    fs::write(p.join(POST), ko).unwrap();
    ok(p, &["translate", "-q"]);
    git(p, &["commit", "-qam", "Korean fix"]);
}

fn no_markers(p: &Path) {
    for f in [ENGLISH, STATE] {
        assert!(!read(p, f).contains("<<<<<<<"), "{f}:\n{}", read(p, f));
    }
}

/// After the merge the hand edit sits in its paragraph, right after the fixed item's new
/// translation, and `check` passes before and after the next `translate`.
fn both_kept(p: &Path) {
    no_markers(p);
    let fixed = line_of(p, ENGLISH, FIXED_ROMANIZED);
    assert_eq!(line_of(p, ENGLISH, EDIT), fixed + 1, "{}", read(p, ENGLISH));
    let o = l10n(p, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = ok(p, &["translate"]);
    assert!(stderr(&o).contains("0 sent"), "{}", stderr(&o));
    assert_eq!(line_of(p, ENGLISH, EDIT), fixed + 1);
    assert!(read(p, STATE).contains("state = \"edited\""));
    ok(p, &["check"]);
}

#[test]
fn a_hand_edit_and_a_korean_fix_on_two_branches_merge_without_conflict() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    korean_fix(p, "main");
    git(p, &["merge", "-q", "--no-edit", "edit"]);
    both_kept(p);
}

#[test]
fn a_rebase_of_one_branch_onto_the_other_keeps_both() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    korean_fix(p, "main");
    git(p, &["rebase", "-q", "edit"]);
    both_kept(p);
}

#[test]
fn the_korean_fix_without_translate_is_stale_after_the_merge_then_translated() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    git(p, &["checkout", "-q", "-b", "typo", "main"]);
    let ko = read(p, POST).replacen(FIXED_KOREAN.0, FIXED_KOREAN.1, 1);
    fs::write(p.join(POST), ko).unwrap();
    git(p, &["commit", "-qam", "Korean fix, not translated"]);
    git(p, &["merge", "-q", "--no-edit", "edit"]);
    no_markers(p);
    let o = l10n(p, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("stale"), "{}", stdout(&o));
    ok(p, &["translate", "-q"]);
    assert_eq!(
        line_of(p, ENGLISH, EDIT),
        line_of(p, ENGLISH, FIXED_ROMANIZED) + 1
    );
    ok(p, &["check"]);
}

#[test]
fn both_editing_one_paragraph_conflicts_in_that_paragraph_only() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    git(p, &["checkout", "-q", "-b", "other", "main"]);
    let theirs = "- **Industry impact**: Foxconn gains ground in edge AI devices.";
    replace_line(p, ENGLISH, EDITED_ROMANIZED, theirs);
    // Another paragraph edited too, on this side only: it merges.
    replace_line(
        p,
        ENGLISH,
        "- **hyanghu jeonmang**",
        "- **Outlook**: a new device class.",
    );
    ok(p, &["translate", "-q"]);
    git(p, &["commit", "-qam", "other hand edit"]);
    let o = git_out(p, &["merge", "-q", "--no-edit", "edit"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!(
            "{STATE}: 1 segment was changed differently on both branches"
        )),
        "{}",
        stderr(&o)
    );
    // The state merged (both versions kept); the post holds one conflict, one item wide.
    let status = stdout(&git_out(p, &["status", "--porcelain"]));
    let conflicted: Vec<&str> = status.lines().filter(|l| l.starts_with("UU")).collect();
    assert_eq!(conflicted, [format!("UU {ENGLISH}")], "{status}");
    assert!(status.contains(&format!("M  {STATE}")), "{status}");
    let post = read(p, ENGLISH);
    assert_eq!(post.matches("<<<<<<<").count(), 1, "{post}");
    let expected = format!("<<<<<<< ours\n{theirs}\n=======\n{EDIT}\n>>>>>>> theirs\n");
    assert!(post.contains(&expected), "{post}");
    assert!(post.contains("- **Outlook**: a new device class."));
    let at = line_of(p, ENGLISH, "<<<<<<<");
    // `check` names the line, and nothing writes over the post while it is unresolved.
    let o = l10n(p, &["check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains(&format!(
            "merge conflict in {ENGLISH}:{at}: run `l10n git-setup` and `git merge` again, or resolve by hand"
        )),
        "{said}"
    );
    assert!(!said.contains("delete it"), "{said}");
    assert_eq!(l10n(p, &["translate"]).status.code(), Some(2));
    assert_eq!(read(p, ENGLISH), post);
    // The state kept both people's text and marks the paragraph for review.
    let state = read(p, STATE);
    assert!(state.contains(theirs.trim_start_matches("- ")), "{state}");
    assert!(state.contains(EDIT.trim_start_matches("- ")), "{state}");
    // Resolved by hand: `check` names the paragraph both people wrote.
    replace_line(p, ENGLISH, "<<<<<<<", "");
    let text = read(p, ENGLISH).replacen(&format!("\n=======\n{EDIT}\n>>>>>>> theirs\n"), "\n", 1);
    fs::write(
        p.join(ENGLISH),
        text.replacen("\n\n- **Industry", "\n- **Industry", 1),
    )
    .unwrap();
    no_markers(p);
    let o = l10n(p, &["check"]);
    let line = line_of(p, ENGLISH, theirs);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("{ENGLISH}:{line}: error[stale-edited]")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_hand_edit_meeting_new_korean_for_its_paragraph_is_kept_for_review() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    git(p, &["checkout", "-q", "-b", "typo", "main"]);
    let ko = read(p, POST).replacen("폭스콘은 이번 수주를", "폭스콘은 이번 계약을", 1);
    fs::write(p.join(POST), ko).unwrap();
    ok(p, &["translate", "-q"]);
    git(p, &["commit", "-qam", "Korean change under the hand edit"]);
    assert!(
        !git_out(p, &["merge", "-q", "--no-edit", "edit"])
            .status
            .success()
    );
    // The retranslation and the hand edit meet in that item only; the state keeps the
    // person's text for the new Korean, as `translate` would have, stale until reviewed.
    let post = read(p, ENGLISH);
    assert!(
        post.contains(&format!("=======\n{EDIT}\n>>>>>>> theirs\n")),
        "{post}"
    );
    let state = read(p, STATE);
    assert!(
        state.contains("state = \"stale-edited\", origin = \"human\""),
        "{state}"
    );
    // Resolved by keeping the hand edit: `check` and `translate` name it for review.
    let start = post.find("<<<<<<< ours\n").unwrap();
    let end = post.find("=======\n").unwrap() + "=======\n".len();
    let resolved =
        format!("{}{}", &post[..start], &post[end..]).replacen(">>>>>>> theirs\n", "", 1);
    fs::write(p.join(ENGLISH), resolved).unwrap();
    let line = line_of(p, ENGLISH, EDIT);
    let o = l10n(p, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("{ENGLISH}:{line}: error[stale-edited]")),
        "{}",
        stdout(&o)
    );
    assert_eq!(l10n(p, &["translate", "-q"]).status.code(), Some(1));
    assert_eq!(line_of(p, ENGLISH, EDIT), line);
}

#[test]
fn a_rename_on_one_side_takes_the_hand_edit_of_the_other_along() {
    let dir = repo(true);
    let p = dir.path();
    hand_edit(p, "main");
    git(p, &["checkout", "-q", "-b", "rename", "main"]);
    git(p, &["mv", POST, "posts/b.md"]);
    ok(p, &["translate", "-q"]);
    // As `check` advises for a renamed post: the old state and English post go.
    git(p, &["rm", "-q", ENGLISH, STATE]);
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "rename"]);
    git(p, &["merge", "-q", "--no-edit", "edit"]);
    assert!(!p.join(ENGLISH).exists() && !p.join(STATE).exists());
    let english = read(p, "posts/en/b.md");
    assert!(english.contains(EDIT), "{english}");
    let state = read(p, ".l10n/state/en/posts/b.md.toml");
    assert!(state.contains("source = \"posts/b.md\""), "{state}");
    assert!(state.contains("state = \"edited\""), "{state}");
    ok(p, &["check"]);
    ok(p, &["translate", "-q"]);
    assert!(read(p, "posts/en/b.md").contains(EDIT));
    ok(p, &["check"]);
}

#[test]
fn without_git_setup_check_names_the_conflict_and_setup_then_merges() {
    let dir = repo(false);
    let p = dir.path();
    hand_edit(p, "main");
    korean_fix(p, "main");
    let o = git_out(p, &["merge", "-q", "--no-edit", "edit"]);
    assert!(!o.status.success(), "git merged the states by line");
    let state = read(p, STATE);
    let at = line_of(p, STATE, "<<<<<<<");
    let o = l10n(p, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains(&format!(
            "merge conflict in {STATE}:{at}: run `l10n git-setup` and `git merge` again, or resolve by hand"
        )),
        "{said}"
    );
    assert!(!said.contains("delete"), "{said}");
    let o = isolated(common::l10n(p))
        .env("LANG", "ko_KR.UTF-8")
        .arg("check")
        .output()
        .unwrap();
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains(&format!("{STATE}:{at}에 병합 충돌이 있습니다")),
        "{said}"
    );
    // translate and status hold the post and write nothing.
    let post = read(p, ENGLISH);
    assert_eq!(l10n(p, &["translate"]).status.code(), Some(2));
    assert_eq!(l10n(p, &["status"]).status.code(), Some(2));
    assert_eq!((read(p, STATE), read(p, ENGLISH)), (state, post));
    // What the message says to do.
    git(p, &["merge", "--abort"]);
    ok(p, &["git-setup"]);
    git(p, &["merge", "-q", "--no-edit", "edit"]);
    both_kept(p);
}

#[test]
fn git_setup_is_idempotent_and_refuses_outside_a_repository() {
    let dir = repo(true);
    let p = dir.path();
    let attributes = read(p, ".gitattributes");
    assert_eq!(
        attributes,
        ".l10n/state/** merge=l10n-state\nposts/en/*.md merge=l10n-post\n"
    );
    let o = ok(p, &["git-setup"]);
    assert!(stdout(&o).contains("nothing to change"), "{}", stdout(&o));
    assert_eq!(read(p, ".gitattributes"), attributes);
    let driver = stdout(&git_out(p, &["config", "--get", "merge.l10n-post.driver"]));
    assert!(
        driver.ends_with(" merge-driver post %O %A %B %P --marker-size=%L\n"),
        "{driver}"
    );
    // A hand-kept line stays, and a missing one is added back.
    fs::write(
        p.join(".gitattributes"),
        "*.png binary\n.l10n/state/** merge=l10n-state",
    )
    .unwrap();
    let o = ok(p, &["git-setup"]);
    assert_eq!(
        read(p, ".gitattributes"),
        "*.png binary\n.l10n/state/** merge=l10n-state\nposts/en/*.md merge=l10n-post\n"
    );
    assert!(stdout(&o).contains("added `posts/en/*.md merge=l10n-post`"));

    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("l10n.toml"), "").unwrap();
    let o = l10n(outside.path(), &["git-setup"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`git rev-parse --show-toplevel` failed"),
        "{}",
        stderr(&o)
    );
}

/// The driver as git calls it, on files of its own: git's contract for exit codes, the
/// result in OURS, a BOM and CRLF kept, and an unreadable state left to git's line merge.
#[test]
fn the_driver_keeps_git_s_contract() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let write = |name: &str, text: &str| fs::write(p.join(name), text).unwrap();
    let post =
        "\u{feff}---\r\ntitle: \"Title\"\r\n---\r\n\r\n- **One**: first.\r\n- **Two**: second.\r\n";
    write("base.md", post);
    write(
        "ours.md",
        &post.replace("first.", "first, by hand（note）."),
    );
    write(
        "theirs.md",
        &post.replace("second.", "second, retranslated."),
    );
    let args = [
        "merge-driver",
        "post",
        "base.md",
        "ours.md",
        "theirs.md",
        "posts/en/a.md",
    ];
    ok(p, &args);
    assert_eq!(
        read(p, "ours.md"),
        post.replace("first.", "first, by hand（note）.")
            .replace("second.", "second, retranslated.")
    );
    write("theirs.md", &post.replace("first.", "first, theirs."));
    let o = l10n(p, &args);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        read(p, "ours.md")
            .contains("<<<<<<< ours\r\n- **One**: first, by hand（note）.\r\n=======\r\n")
    );

    // A state with markers already in it: git merge-file, markers and all, exit 1.
    write("base.toml", "version = 1\n");
    write(
        "ours.toml",
        "version = 1\n<<<<<<< a\nx = 1\n=======\nx = 2\n>>>>>>> b\n",
    );
    write("theirs.toml", "version = 2\n");
    let o = l10n(
        p,
        &[
            "merge-driver",
            "state",
            "base.toml",
            "ours.toml",
            "theirs.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        read(p, "ours.toml").contains("<<<<<<< ours"),
        "{}",
        read(p, "ours.toml")
    );

    // A file git did not give: an error naming it, exit 2, nothing written.
    let o = l10n(
        p,
        &[
            "merge-driver",
            "state",
            "gone.toml",
            "ours.toml",
            "theirs.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gone.toml"), "{}", stderr(&o));
    // Hidden from the main help.
    assert!(!stdout(&ok(p, &["--help"])).contains("merge-driver"));
}
