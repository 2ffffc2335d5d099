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

const DRIVER: &str = r#"
import fcntl, os, pty, select, struct, sys, termios, time
binary, cwd = sys.argv[1], sys.argv[2]
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
os.write(fd, b"a")
pump(1.0)
os.write(fd, b"e")
pump(2.0)
os.write(fd, b"q")
pump(1.0)
_, status = os.waitpid(pid, 0)
sys.stdout.write("EXIT %d\n" % os.waitstatus_to_exitcode(status))
sys.stdout.write(screen.decode("utf-8", "replace"))
"#;

#[cfg(unix)]
#[test]
fn review_in_a_pseudo_terminal_accepts_and_edits() {
    let s = site();
    let p = s.path();
    let editor = p.join("fake-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Edited by the reviewer.\\n' > \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    fs::write(p.join("driver.py"), DRIVER).unwrap();
    let o = std::process::Command::new("python3")
        .arg(p.join("driver.py"))
        .arg(env!("CARGO_BIN_EXE_l10n"))
        .arg(p)
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .env("LANG", "C")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.starts_with("EXIT 0"), "{out}");
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
