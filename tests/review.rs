//! `l10n diff` in every format, `l10n review` refusing to run without a terminal, and one
//! end-to-end review in a real pseudo-terminal: accept one segment, edit another through
//! `EDITOR`, quit; then the state and the English post on disk.

mod common;

use common::{l10n, run, stderr, stdout};
use std::fs;

const POST: &str = "## 첫 소식\n\n폭스콘이 수주했다.\n\n둘째 문단입니다.\n\n셋째 문단입니다.\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    fs::write(dir.path().join("posts/a.md"), POST).unwrap();
    let o = run(dir.path(), &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

#[test]
fn diff_in_every_format() {
    let s = site();
    // Hand-edit the English of the first paragraph, then change its Korean source.
    let en = s.path().join("posts/en/a.md");
    let t = fs::read_to_string(&en)
        .unwrap()
        .replace("pokseukoni sujuhaetda.", "Foxconn won the order.");
    fs::write(&en, t).unwrap();
    assert!(run(s.path(), &["translate"]).status.success());
    fs::write(
        s.path().join("posts/a.md"),
        POST.replace("폭스콘이 수주했다.", "폭스콘은 수주했다."),
    )
    .unwrap();
    // The hand edit's Korean changed: stale-edited, which the run counts and check fails.
    assert_eq!(run(s.path(), &["translate"]).status.code(), Some(1));

    let o = run(s.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("ko: 폭스콘[-이-]{+은+} 수주했다."), "{text}");
    assert!(text.contains("[stale-edited]"), "{text}");
    let o = run(s.path(), &["diff", "--format", "side-by-side"]);
    assert!(stdout(&o).contains(" │ "), "{}", stdout(&o));
    let o = run(s.path(), &["diff", "--format", "html", "-o", "report.html"]);
    assert!(o.status.success());
    let html = fs::read_to_string(s.path().join("report.html")).unwrap();
    assert!(
        html.contains("<del>이</del><ins>은</ins>") && html.contains("Foxconn won the order."),
        "{html}"
    );
    assert!(
        !html.contains("<link") && !html.contains("<script"),
        "self-contained"
    );
    // It parses: every element closed in order.
    let mut reader = quick_xml::Reader::from_str(html.trim_start_matches("<!DOCTYPE html>\n"));
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("HTML does not parse: {e}"),
        }
    }
    let all = run(s.path(), &["diff", "--all"]);
    assert!(stdout(&all).matches("@@").count() >= 4);
}

#[test]
fn review_needs_a_terminal() {
    let s = site();
    let o = run(s.path(), &["review"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    let o = l10n(s.path())
        .env("LANG", "ko_KR.UTF-8")
        .arg("review")
        .output()
        .unwrap();
    assert!(stderr(&o).contains("터미널"), "{}", stderr(&o));
}

/// Runs `l10n review` in a pseudo-terminal (80x24) and types `keys`, waiting after each for
/// the screen to settle; prints the exit code and everything drawn.
const DRIVER: &str = r#"
import fcntl, os, pty, select, struct, sys, termios, time
binary, cwd, keys = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cwd)
    os.execv(binary, [binary, "review"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
screen = b""
def pump(seconds):
    global screen
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                screen += os.read(fd, 65536)
            except OSError:
                return
pump(1.5)
for k in keys:
    os.write(fd, k.encode())
    pump(2.0 if k in "er" else 1.0)
_, status = os.waitpid(pid, 0)
sys.stdout.write("EXIT %d\n" % os.waitstatus_to_exitcode(status))
sys.stdout.write(screen.decode("utf-8", "replace"))
"#;

/// Types `keys` into `l10n review` in `dir`; `EDITOR` writes `Edited by the reviewer.`.
#[cfg(unix)]
fn review_pty(dir: &std::path::Path, keys: &str) -> String {
    let editor = dir.join("fake-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Edited by the reviewer.\\n' > \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    fs::write(dir.join("driver.py"), DRIVER).unwrap();
    let o = std::process::Command::new("python3")
        .arg(dir.join("driver.py"))
        .arg(env!("CARGO_BIN_EXE_l10n"))
        .arg(dir)
        .arg(keys)
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .env("LANG", "C")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.starts_with("EXIT 0"), "{out}");
    out
}

#[cfg(unix)]
#[test]
fn review_in_a_pseudo_terminal_accepts_and_edits() {
    let s = site();
    let p = s.path();
    let out = review_pty(p, "aeq");
    assert!(
        out.contains("┌Korean") && out.contains("ccepted") && out.contains("saved"),
        "the review screen was drawn: {out}"
    );
    let state = fs::read_to_string(p.join(".l10n/state/en/posts/a.md.toml")).unwrap();
    let st = l10n::state::PostState::from_toml(&state).unwrap();
    // Queue order: the heading first (accepted), then the first paragraph (edited).
    assert_eq!(
        st.segments[0].state,
        l10n::state::Status::Reviewed,
        "{state}"
    );
    assert_eq!(
        st.segments[1].state,
        l10n::state::Status::Reviewed,
        "{state}"
    );
    assert!(st.segments[1].raw);
    assert_eq!(st.segments[1].target, "Edited by the reviewer.");
    assert_eq!(st.segments[2].state, l10n::state::Status::Pseudo);
    let en = fs::read_to_string(p.join("posts/en/a.md")).unwrap();
    assert!(en.contains("\n\nEdited by the reviewer.\n\n"), "{en}");
    // Everything on disk agrees: check is clean and a rerun keeps the edit.
    assert_eq!(
        run(p, &["check"]).status.code(),
        Some(0),
        "{}",
        stdout(&run(p, &["check"]))
    );
    assert!(run(p, &["translate"]).status.success());
    assert!(
        fs::read_to_string(p.join("posts/en/a.md"))
            .unwrap()
            .contains("Edited by the reviewer.")
    );
}

/// From the corpus (2026-01-02-ai-news.md): the first story's heading and its list of
/// implications; line 5 is the 산업적 영향 item.
const DIGEST: &str = "## OpenAI, 첫 AI 하드웨어 생산 파트너로 폭스콘(Foxconn) 낙점\n\n### 주요 내용 및 시사점\n- **기술적 의미**: 화면 중독을 줄이고 음성 및 자연어 인터페이스(Voice-first) 중심의 새로운 사용자 경험(UX)을 제시하려는 시도입니다.\n- **산업적 영향**: 폭스콘은 이번 수주를 통해 AI 서버뿐만 아니라 엣지(Edge) AI 디바이스 시장에서도 입지를 강화하게 되었습니다.\n- **향후 전망**: 조니 아이브(Jony Ive)가 디자인에 참여한 것으로 알려진 이 기기는 스마트폰을 넘어선 차세대 AI 전용 하드웨어 시장의 개막을 알릴 것으로 기대됩니다.\n";

const EDIT: &str = "**Industry impact**: Foxconn strengthens its hand in edge AI devices.";

/// The digest translated, with the 산업적 영향 item edited by hand and recorded by a rerun.
fn digest_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("posts")).unwrap();
    fs::write(p.join("posts/a.md"), DIGEST).unwrap();
    let o = run(p, &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = fs::read_to_string(p.join("posts/en/a.md")).unwrap();
    let lines: Vec<String> = en
        .lines()
        .map(|l| {
            if l.starts_with("- **saneopjeok") {
                format!("- {EDIT}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    fs::write(p.join("posts/en/a.md"), lines.join("\n") + "\n").unwrap();
    assert!(run(p, &["translate"]).status.success());
    assert_eq!(state(p).segments[3].state, Status::Edited);
    dir
}

use l10n::state::{PostState, Status};

fn state(p: &std::path::Path) -> PostState {
    PostState::from_toml(&fs::read_to_string(p.join(".l10n/state/en/posts/a.md.toml")).unwrap())
        .unwrap()
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn english(p: &std::path::Path) -> String {
    fs::read_to_string(p.join("posts/en/a.md")).unwrap()
}

fn check(p: &std::path::Path) -> (Option<i32>, String) {
    let o = run(p, &["check"]);
    (o.status.code(), stdout(&o))
}

#[cfg(unix)]
#[test]
fn revert_after_an_accepted_retranslation_leaves_a_stale_edit_stale() {
    let s = digest_site();
    let p = s.path();
    let o = run(p, &["review", "--accept", "posts/a.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        run(p, &["check", "--require-reviewed"]).status.code(),
        Some(0)
    );
    // The Korean of the edited item and of the next one move on.
    let ko = DIGEST
        .replace("강화하게 되었습니다", "강화했습니다")
        .replace("기대됩니다", "전망됩니다");
    fs::write(p.join("posts/a.md"), ko).unwrap();
    // Stale-edited: the run says so as check will.
    assert_eq!(run(p, &["translate"]).status.code(), Some(1));
    assert_eq!(state(p).segments[3].state, Status::StaleEdited);
    let before = english(p);
    // Retranslate, accept (the post takes the new text), back, revert.
    let screen = review_pty(p, "rapuq");
    assert!(screen.contains("reverted"), "{screen}");
    let st = state(p);
    assert_eq!(st.segments[3].state, Status::StaleEdited, "{st:?}");
    assert!(st.segments[3].source.contains("강화하게 되었습니다"));
    assert_eq!(english(p), before, "the hand edit is back, byte for byte");
    let (code, out) = check(p);
    assert_eq!(code, Some(1), "{out}");
    let at = format!("posts/en/a.md:{}", line_of(&before, EDIT));
    assert!(out.contains(&at) && out.contains("stale-edited"), "{out}");
}

#[cfg(unix)]
#[test]
fn revert_after_an_accepted_retranslation_leaves_stale_machine_text_stale() {
    let s = site();
    let p = s.path();
    let before = english(p);
    // The Korean changes and translate has not run yet: the English is stale.
    fs::write(
        p.join("posts/a.md"),
        POST.replace("폭스콘이 수주했다.", "폭스콘은 수주했다."),
    )
    .unwrap();
    let (code, out) = check(p);
    assert_eq!(code, Some(1), "{out}");
    // Heading first; then the stale paragraph: retranslate, accept, back, revert.
    let screen = review_pty(p, "nrapuq");
    assert!(screen.contains("reverted"), "{screen}");
    assert_eq!(english(p), before);
    let st = state(p);
    assert_eq!(st.segments[1].state, Status::Pseudo);
    assert_eq!(st.segments[1].source, "폭스콘이 수주했다.");
    let (code, out) = check(p);
    assert_eq!(code, Some(1), "still stale: {out}");
    assert!(out.contains("stale"), "{out}");
    // translate sees it as stale too and brings it up to date.
    assert!(run(p, &["translate"]).status.success());
    assert_eq!(check(p).0, Some(0));
}

#[cfg(unix)]
#[test]
fn u_undoes_an_edit_made_with_e() {
    let s = site();
    let p = s.path();
    let before = english(p);
    let old = state(p).segments[0].clone();
    let screen = review_pty(p, "euq");
    assert!(
        screen.contains("saved") && screen.contains("reverted"),
        "{screen}"
    );
    assert_eq!(english(p), before);
    let now = state(p).segments[0].clone();
    assert_eq!(
        (now.state, &now.origin, &now.target, now.raw),
        (old.state, &old.origin, &old.target, old.raw)
    );
    // The edit is one u away again.
    assert_eq!(
        now.previous.map(|p| p.target),
        Some("Edited by the reviewer.".to_owned())
    );
    assert_eq!(check(p).0, Some(0));
}

/// The English of the outlook item, and the digest with that item deleted from the English
/// post only: l10n cannot tell what happened to it, so the post is held.
fn held_site() -> (tempfile::TempDir, String) {
    let s = digest_site();
    let p = s.path();
    let en = english(p);
    let outlook = en
        .lines()
        .find(|l| l.starts_with("- **hyanghu"))
        .unwrap()
        .to_owned();
    fs::write(
        p.join("posts/en/a.md"),
        en.replace(&format!("{outlook}\n"), ""),
    )
    .unwrap();
    (s, outlook)
}

#[cfg(unix)]
#[test]
fn a_held_post_shows_its_blocks_in_diff_and_is_resolved_in_review() {
    let (s, outlook) = held_site();
    let p = s.path();
    // Held where the item stood (after the edited item, the last English one now).
    let at = format!("posts/en/a.md:{}", line_of(&english(p), EDIT));
    let (code, out) = check(p);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(&at) && out.contains("needs-review"),
        "check names the line: {out}"
    );
    // diff shows the block on both sides: the Korean line and the English it had.
    let diff = stdout(&run(p, &["diff"]));
    assert!(
        diff.contains(&at) && diff.contains("posts/a.md:6") && diff.contains("향후 전망"),
        "{diff}"
    );
    assert!(diff.contains("[-<g1>hyanghu jeonmang</g1>"), "{diff}");
    let screen = review_pty(p, "aq");
    assert!(screen.contains("new baseline"), "{screen}");
    // No longer held: the Korean without English is simply waiting for translate.
    let (code, out) = check(p);
    assert_eq!(code, Some(1));
    assert!(
        !out.contains("needs-review") && out.contains("posts/a.md:6") && out.contains("stale"),
        "{out}"
    );
    assert!(run(p, &["translate"]).status.success());
    assert_eq!(check(p).0, Some(0));
    let en = english(p);
    assert!(en.contains(EDIT) && en.contains(&outlook), "{en}");
}

#[test]
fn rebaseline_without_a_terminal() {
    let (s, outlook) = held_site();
    let p = s.path();
    // The editor meant it: the item goes from the Korean too. Still held (l10n cannot tell
    // that from the English alone) until the English is taken as the baseline.
    fs::write(
        p.join("posts/a.md"),
        DIGEST.replace(&format!("{}\n", DIGEST.lines().nth(5).unwrap()), ""),
    )
    .unwrap();
    let o = run(p, &["review", "--accept", "posts/a.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--rebaseline posts/a.md"),
        "{}",
        stderr(&o)
    );
    let o = run(p, &["review", "--rebaseline", "posts/en/a.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("posts/en/a.md: took the English as the new baseline: 4 segments")
            && stdout(&o).contains("0 Korean segments left"),
        "{}",
        stdout(&o)
    );
    assert_eq!(check(p).0, Some(0), "{}", check(p).1);
    let en = english(p);
    assert!(run(p, &["translate"]).status.success());
    assert_eq!(english(p), en, "translate agrees: nothing to change");
    assert!(!en.contains(&outlook) && en.contains(EDIT));
    // A post that lines up (an English-only note is the editor's own) has nothing to
    // re-baseline, and says so.
    fs::write(
        p.join("posts/en/a.md"),
        format!("{en}\nA note from the editor.\n"),
    )
    .unwrap();
    let o = run(p, &["review", "--rebaseline", "posts/a.md"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("nothing to re-baseline"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn accept_without_a_terminal() {
    let s = digest_site();
    let p = s.path();
    let ko = DIGEST.replace("강화하게 되었습니다", "강화했습니다");
    fs::write(p.join("posts/a.md"), &ko).unwrap();
    assert_eq!(
        run(p, &["translate"]).status.code(),
        Some(1),
        "stale-edited"
    );
    assert_eq!(check(p).0, Some(1), "stale-edited");
    let recorded = fs::read(p.join(".l10n/state/en/posts/a.md.toml")).unwrap();
    // A line on no segment: exit 2 naming it, and nothing is written, not even the good one.
    let edit_at = format!("posts/en/a.md:{}", line_of(&english(p), EDIT));
    let o = run(p, &["review", "--accept", &edit_at, "posts/a.md:2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("posts/a.md:2"), "{}", stderr(&o));
    assert_eq!(
        fs::read(p.join(".l10n/state/en/posts/a.md.toml")).unwrap(),
        recorded
    );
    fs::write(p.join("notes.md"), "메모\n").unwrap();
    let o = run(p, &["review", "--accept", "notes.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notes.md"), "{}", stderr(&o));
    // The stale edit, by its English line: accepted for the Korean now.
    let o = run(p, &["review", "--accept", &edit_at]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("{edit_at}: stale-edited → reviewed"))
            && stdout(&o).contains("1 segments accepted in 1 posts"),
        "{}",
        stdout(&o)
    );
    let st = state(p);
    assert_eq!(st.segments[3].state, Status::Reviewed);
    assert!(st.segments[3].source.contains("강화했습니다"));
    assert_eq!(st.segments[3].target, EDIT);
    assert_eq!(check(p).0, Some(0));
    // A machine segment by its Korean line, then the rest of the post.
    assert_eq!(
        run(p, &["check", "--require-reviewed"]).status.code(),
        Some(1)
    );
    let o = run(p, &["review", "--accept", "posts/a.md:4"]);
    let at = line_of(&english(p), "- **gisuljeok");
    assert!(
        stdout(&o).contains(&format!("posts/en/a.md:{at}: pseudo → reviewed")),
        "{}",
        stdout(&o)
    );
    let o = run(p, &["review", "--accept", "posts/a.md"]);
    assert!(stdout(&o).contains("3 segments accepted"), "{}", stdout(&o));
    assert_eq!(
        run(p, &["check", "--require-reviewed"]).status.code(),
        Some(0)
    );
    // The decisions survive a translate run.
    assert!(run(p, &["translate"]).status.success());
    assert_eq!(
        run(p, &["check", "--require-reviewed"]).status.code(),
        Some(0)
    );
    // A held post is refused with its line and how to resolve it.
    let en = english(p);
    let outlook = en.lines().find(|l| l.starts_with("- **hyanghu")).unwrap();
    fs::write(
        p.join("posts/en/a.md"),
        en.replace(&format!("{outlook}\n"), ""),
    )
    .unwrap();
    let o = run(p, &["review", "--accept", "posts/a.md"]);
    assert_eq!(o.status.code(), Some(2));
    let at = format!("posts/en/a.md:{}", line_of(&english(p), EDIT));
    assert!(
        stderr(&o).contains(&at) && stderr(&o).contains("--rebaseline"),
        "{}",
        stderr(&o)
    );
}
