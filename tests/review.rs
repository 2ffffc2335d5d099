//! `l10n diff` in every format, `l10n review` refusing to run without a terminal, and one
//! end-to-end review in a real pseudo-terminal: accept one segment, edit another through
//! `EDITOR`, quit; then the state and the English post on disk.

mod common;

use common::{english, l10n, run, run_korean, stderr, stdout};
use std::fs;

const POST: &str = "## 첫 소식\n\n폭스콘이 수주했다.\n\n둘째 문단입니다.\n\n셋째 문단입니다.\n";

/// A machine translator for review to judge: Hangul romanized syllable by syllable (no
/// sound changes), tags and everything else as they are, so each English line reads as the
/// translation of its Korean line (폭스콘이 → pokseukoni).
const ENGINE: &str = r#"
import json, sys
I = ["g","kk","n","d","tt","r","m","b","pp","s","ss","","j","jj","ch","k","t","p","h"]
V = ["a","ae","ya","yae","eo","e","yeo","ye","o","wa","wae","oe","yo","u","wo","we","wi","yu","eu","ui","i"]
F = ["","k","k","k","n","n","n","t","l","k","m","l","l","l","p","l","m","p","p","t","t","ng","t","t","k","t","p","t"]
def rom(c):
    n = ord(c) - 0xAC00
    return I[n // 588] + V[n % 588 // 28] + F[n % 28] if 0 <= n < 11172 else c
req = json.load(sys.stdin)
print(json.dumps({"translations": [{"id": s["id"], "text": "".join(map(rom, s["text"]))} for s in req["segments"]]}))
"#;

/// `dir` translates with [`ENGINE`] (machine text), with the checks a romanization cannot
/// pass off (it is longer than a translation, and writes `메타(Meta)` as `meta(Meta)`).
fn with_engine(dir: &std::path::Path) {
    common::command_engine(
        dir,
        ENGINE,
        "\n[qa]\nnumbers = \"off\"\nlength = \"off\"\nglosses = \"off\"\n",
    );
}

/// `POST` translated by a machine backend.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    with_engine(dir.path());
    translated(dir, POST)
}

/// `post` as `posts/a.md`, translated.
fn translated(dir: tempfile::TempDir, post: &str) -> tempfile::TempDir {
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    fs::write(dir.path().join("posts/a.md"), post).unwrap();
    let o = run(dir.path(), &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

/// `POST` after the quick start: placeholder text from the offline pseudo backend.
fn pseudo_site() -> tempfile::TempDir {
    translated(tempfile::tempdir().unwrap(), POST)
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
    // It says what it wrote, and stdout stays empty.
    assert!(
        stderr(&o).contains("wrote report.html: 4 items") && stdout(&o).is_empty(),
        "{}",
        stderr(&o)
    );
    let o = run_korean(s.path(), &["diff", "-o", "report.txt"]);
    assert!(
        stderr(&o).contains("report.txt에 항목 4개를 썼습니다"),
        "{}",
        stderr(&o)
    );
    assert!(
        run(s.path(), &["-q", "diff", "-o", "report.txt"])
            .stderr
            .is_empty()
    );
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

const CORPUS: &str = "2026-01-02-ai-news.md";

/// The real 2026-01-02 digest, translated (pseudo), then two of its Korean paragraphs
/// changed without running `translate`: they are stale, everything else a placeholder.
fn corpus_site() -> tempfile::TempDir {
    corpus_site_from(tempfile::tempdir().unwrap())
}

/// The same, translated by a machine backend: text to judge, not placeholders.
fn machine_corpus_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    with_engine(dir.path());
    corpus_site_from(dir)
}

fn corpus_site_from(dir: tempfile::TempDir) -> tempfile::TempDir {
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    let post = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("posts")
            .join(CORPUS),
    )
    .unwrap();
    let src = dir.path().join("posts").join(CORPUS);
    fs::write(&src, &post).unwrap();
    let o = run(dir.path(), &["translate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let changed = post
        .replace("폭스콘은 이번 수주를 통해", "폭스콘은 이번 대규모 수주로")
        .replace("화면 중독을 줄이고", "스마트폰 화면 중독을 줄이고");
    assert_ne!(changed, post);
    fs::write(&src, changed).unwrap();
    dir
}

#[test]
fn diff_labels_by_need_and_shows_markdown() {
    let s = corpus_site();
    let text = stdout(&run(s.path(), &["diff"]));
    assert!(!text.contains("<g1>") && !text.contains("</g"), "{text}");
    assert!(text.contains("[stale] list_item"), "{text}");
    assert!(text.contains("[placeholder]"), "{text}");
    assert!(!text.contains("[pseudo]"), "{text}");
    assert!(
        text.contains("**기술적 의미**: {+스마트폰 +}화면"),
        "{text}"
    );
    assert!(
        text.contains("[TrendForce](…) - 발행일: 2026-01-02"),
        "{text}"
    );
}

#[test]
fn side_by_side_fits_the_width_asked() {
    let s = corpus_site();
    let width = |o: &std::process::Output| {
        stdout(o)
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    for w in [60usize, 100, 160] {
        let o = run(
            s.path(),
            &[
                "diff",
                "--all",
                "--format",
                "side-by-side",
                "--width",
                &w.to_string(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        // Wide enough to use: a Korean line reaches at least 3/4 of its column.
        assert!(
            width(&o) <= w && width(&o) > w * 3 / 4,
            "{w}: {}\n{out}",
            width(&o)
        );
        for line in out.lines() {
            assert_eq!(
                line.matches("{+").count(),
                line.matches("+}").count(),
                "{line}"
            );
            let right = line.split(" │ ").nth(1).unwrap_or("");
            assert!(
                !right.starts_with(", ") && !line.starts_with(", "),
                "{line}"
            );
        }
        // Whole words: the romanized placeholder text is never cut inside a word.
        assert!(!out.contains("폭스콘(F\n"), "{out}");
    }
    // COLUMNS when no --width.
    let o = l10n(s.path())
        .env("COLUMNS", "72")
        .args(["diff", "--format", "side-by-side"])
        .output()
        .unwrap();
    assert!(width(&o) <= 72 && width(&o) > 54, "{}", stdout(&o));
}

#[test]
fn html_report_summarizes_and_groups() {
    let s = corpus_site();
    let o = run(s.path(), &["diff", "--format", "html", "-o", "report.html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(s.path().join("report.html")).unwrap();
    assert!(html.contains("id=\"summary\""), "{html}");
    assert!(html.contains("word-break:keep-all"));
    assert!(html.contains("\"Noto Sans KR\""));
    let post = html
        .find("<section class=\"post\" id=\"posts-en-2026-01-02-ai-news-md\">")
        .unwrap();
    let section = &html[post..];
    // The two stale items come first, then the placeholder rows, folded.
    let first_stale = section.find("need-stale\"").unwrap();
    let details = section
        .find("<details class=\"need-placeholder\">")
        .unwrap();
    assert!(first_stale < details);
    assert_eq!(
        section[..details].matches("<tr class=\"meta\"").count(),
        2,
        "{section}"
    );
    assert!(!html.contains("<g1>"));
    let ko = l10n(s.path())
        .env("LANG", "ko_KR.UTF-8")
        .args(["diff", "--format", "html"])
        .output()
        .unwrap();
    let ko = stdout(&ko);
    assert!(
        ko.contains("<html lang=\"ko\">") && ko.contains("요약") && ko.contains("갱신 필요"),
        "{ko}"
    );
}

/// The HTML report as a browser draws it: headless Chromium takes a screenshot (the
/// docs/DEVELOPMENT.md has the same command). Skipped when Chromium is absent
/// outside CI; in CI (`CI` set) its absence fails the test, as `tests/site.rs` does Jekyll's.
#[test]
fn html_report_renders_in_chromium() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium must run in CI: none of chromium, chromium-browser, google-chrome on PATH"
        );
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let s = corpus_site();
    assert!(
        run(s.path(), &["diff", "--format", "html", "-o", "report.html"])
            .status
            .success()
    );
    let profile = tempfile::tempdir().unwrap();
    let shot = s.path().join("report.png");
    let o = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=900,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", s.path().join("report.html").display()))
        .output()
        .unwrap();
    let png = fs::read(&shot).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "no screenshot: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The DOM Chromium built holds the summary and the folded placeholder rows.
    let o = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", s.path().join("report.html").display()))
        .output()
        .unwrap();
    let dom = stdout(&o);
    assert!(
        dom.contains("id=\"summary\"") && dom.contains("<details"),
        "{dom}"
    );
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
# A small screen: cursor moves (CSI row;col H) and text, wide characters taking two cells,
# so the test reads what a person would see after each key.
import re, unicodedata
def screen_text(raw):
    grid = [[" "] * 80 for _ in range(24)]
    row = col = 0
    for m in re.finditer(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b.|([^\x1b])", raw, re.S):
        if m.group(2) == "H":
            parts = (m.group(1) or "1;1").split(";")
            row, col = int(parts[0] or 1) - 1, int(parts[1] or 1) - 1 if len(parts) > 1 else 0
        elif m.group(3) and m.group(3) not in "\r\n" and 0 <= row < 24 and 0 <= col < 80:
            ch = m.group(3)
            wide = unicodedata.east_asian_width(ch) in "WF"
            # Overwriting half of a wide character blanks its other half, as terminals do.
            for c in ([col, col + 1] if wide else [col]):
                if c < 80 and grid[row][c] == "" and c > 0:
                    grid[row][c - 1] = " "
                if c + 1 < 80 and grid[row][c + 1] == "":
                    grid[row][c + 1] = " "
            grid[row][col] = ch
            if wide and col + 1 < 80:
                grid[row][col + 1] = ""
            col += 2 if wide else 1
    return "\n".join("".join(r).rstrip() for r in grid)
frames = [screen_text(screen.decode("utf-8", "replace"))]
for key in sys.argv[3]:
    os.write(fd, key.encode())
    pump(2.0 if key == "e" else 1.0)
    if key != "q":
        frames.append(screen_text(screen.decode("utf-8", "replace")))
_, status = os.waitpid(pid, 0)
sys.stdout.write("EXIT %d\n" % os.waitstatus_to_exitcode(status))
sys.stdout.write("\n=====\n".join(frames))
"#;

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
    // Queue order: the heading first (accepted), then the first paragraph (edited: what a
    // hand edit in the file records).
    assert_eq!(
        st.segments[0].state,
        l10n::state::Status::Reviewed,
        "{state}"
    );
    assert_eq!(st.segments[1].state, l10n::state::Status::Edited, "{state}");
    assert!(st.segments[1].raw);
    assert_eq!(st.segments[1].origin, "human");
    assert_eq!(st.segments[1].target, "Edited by the reviewer.");
    assert_eq!(st.segments[2].state, l10n::state::Status::Machine);
    // status counts it in the edited column, as a hand edit.
    let table = stdout(&run(p, &["status"]));
    let row: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
    // pseudo, machine, reviewed, edited, stale-edited, stale
    assert!(row.ends_with(&["0", "2", "1", "1", "0", "0"]), "{table}");
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

/// The corpus digest with two stale paragraphs among machine text: the queue opens on the
/// first stale one (the most urgent), `/` filters to the stale ones, labelled as such,
/// shown as Markdown; accepting the first moves to the second and the header counts what
/// is left.
#[cfg(unix)]
#[test]
fn review_filters_stale_items_in_a_pseudo_terminal() {
    let s = machine_corpus_site();
    let p = s.path();
    fs::write(p.join("driver.py"), DRIVER).unwrap();
    let o = std::process::Command::new("python3")
        .arg(p.join("driver.py"))
        .arg(env!("CARGO_BIN_EXE_l10n"))
        .arg(p)
        .arg("/aq")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.starts_with("EXIT 0"), "{out}");
    let frames: Vec<&str> = out["EXIT 0\n".len()..].split("\n=====\n").collect();
    assert_eq!(frames.len(), 3, "{out}");
    let header = |f: &str| f.lines().take(2).collect::<Vec<_>>().join("  ");
    assert!(
        header(frames[0]).contains(":20  [stale]  9/51  stale:2  new:51"),
        "{}",
        frames[0]
    );
    assert!(
        header(frames[1]).contains("[stale]  1/2 (filter: stale)"),
        "{}",
        frames[1]
    );
    assert!(
        frames[1].contains("**기술적 의미**: {+스마트폰 +}화면"),
        "Markdown, not tags: {}",
        frames[1]
    );
    // After accepting, the other stale item is shown and the count follows.
    assert!(
        header(frames[2]).contains("[stale]  1/1 (filter: stale)"),
        "{}",
        frames[2]
    );
    assert!(
        frames[2].contains("**산업적 영향**") && frames[2].contains("{+대규모"),
        "{}",
        frames[2]
    );
    assert!(!out.contains("<g1>"), "{out}");
}

/// A hand edit whose Korean changes is `stale-edited` at once, before `translate` runs: in
/// `check` at its English line (never a bare path or `:0`), and in the review queue with the
/// old → new Korean.
#[test]
fn stale_edit_is_placed_before_translate_runs() {
    let s = site();
    let en = s.path().join("posts/en/a.md");
    let t = fs::read_to_string(&en)
        .unwrap()
        .replace("pokseukoni sujuhaetda.", "Foxconn won the order.");
    fs::write(&en, t).unwrap();
    run(s.path(), &["translate"]);
    fs::write(
        s.path().join("posts/a.md"),
        POST.replace("폭스콘이 수주했다.", "폭스콘은 수주했다."),
    )
    .unwrap();
    let line = fs::read_to_string(&en)
        .unwrap()
        .lines()
        .position(|l| l == "Foxconn won the order.")
        .unwrap()
        + 1;
    let check = stdout(&run(s.path(), &["check"]));
    assert!(
        check.contains(&format!("posts/en/a.md:{line}: error[stale-edited]")),
        "{check}"
    );
    let diff = stdout(&run(s.path(), &["diff"]));
    assert!(
        diff.contains(&format!("@@ posts/en/a.md:{line} [stale-edited] paragraph")),
        "{diff}"
    );
    assert!(diff.contains("ko: 폭스콘[-이-]{+은+} 수주했다."), "{diff}");
}

/// Types `keys` into `l10n review` in `dir`; `EDITOR` keeps a copy of the file it was given
/// as `editor-saw.md`, then writes `Edited by the reviewer.` below its comment lines.
#[cfg(unix)]
fn review_pty(dir: &std::path::Path, keys: &str) -> String {
    let editor = dir.join("fake-editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\ncp \"$1\" editor-saw.md\n{ grep '^#\\.' \"$1\"; printf 'Edited by the reviewer.\\n'; } > \"$1.new\"\nmv \"$1.new\" \"$1\"\n",
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

/// From the corpus (2026-01-02-ai-news.md): the first story's heading and its list of
/// implications; line 5 is the 산업적 영향 item.
const DIGEST: &str = "## OpenAI, 첫 AI 하드웨어 생산 파트너로 폭스콘(Foxconn) 낙점\n\n### 주요 내용 및 시사점\n- **기술적 의미**: 화면 중독을 줄이고 음성 및 자연어 인터페이스(Voice-first) 중심의 새로운 사용자 경험(UX)을 제시하려는 시도입니다.\n- **산업적 영향**: 폭스콘은 이번 수주를 통해 AI 서버뿐만 아니라 엣지(Edge) AI 디바이스 시장에서도 입지를 강화하게 되었습니다.\n- **향후 전망**: 조니 아이브(Jony Ive)가 디자인에 참여한 것으로 알려진 이 기기는 스마트폰을 넘어선 차세대 AI 전용 하드웨어 시장의 개막을 알릴 것으로 기대됩니다.\n";

const EDIT: &str = "**Industry impact**: Foxconn strengthens its hand in edge AI devices.";

/// The digest translated, with the 산업적 영향 item edited by hand and recorded by a rerun.
fn digest_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    with_engine(dir.path());
    let dir = translated(dir, DIGEST);
    let p = dir.path();
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
    // Opened on the stale paragraph: retranslate, accept, back, revert.
    let screen = review_pty(p, "rapuq");
    assert!(screen.contains("reverted"), "{screen}");
    assert_eq!(english(p), before);
    let st = state(p);
    assert_eq!(st.segments[1].state, Status::Machine);
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
    // diff shows the block: the Korean line (the English it had was left to the post by
    // the state, and the post lost it).
    let diff = stdout(&run(p, &["diff"]));
    assert!(
        diff.contains(&at) && diff.contains("posts/a.md:6") && diff.contains("향후 전망"),
        "{diff}"
    );
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
            && stdout(&o).contains("1 segment accepted in 1 post"),
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
        stdout(&o).contains(&format!("posts/en/a.md:{at}: machine → reviewed")),
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

/// The state file of `posts/a.md`'s English.
const STATE: &str = ".l10n/state/en/posts/a.md.toml";

/// After the quick start there is nothing to approve: `a` (also after `r` with the pseudo
/// backend) and `--accept PATH:LINE` are refused and write nothing; `--accept PATH` leaves
/// the placeholders and says so; the post stays a placeholder everywhere.
#[cfg(unix)]
#[test]
fn a_placeholder_is_never_approved() {
    let s = pseudo_site();
    let p = s.path();
    let recorded = fs::read(p.join(STATE)).unwrap();
    let screen = review_pty(p, "araq");
    assert!(
        screen.matches("nothing to approve").count() >= 2,
        "a, and a after r: {screen}"
    );
    assert_eq!(fs::read(p.join(STATE)).unwrap(), recorded);
    let o = run(p, &["review", "--accept", "posts/a.md:3"]);
    assert_eq!(o.status.code(), Some(2));
    let line = line_of(&english(p), "pokseukoni");
    assert!(
        stderr(&o).contains(&format!(
            "posts/en/a.md:{line}: placeholder (pseudo) text: nothing to approve until it is translated: l10n translate --backend NAME posts/a.md"
        )),
        "{}",
        stderr(&o)
    );
    let o = run(p, &["review", "--accept", "posts/a.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("posts/en/a.md: 4 placeholder segments left as they are")
            && stdout(&o).contains("0 segments accepted in 0 posts"),
        "{}{}",
        stderr(&o),
        stdout(&o)
    );
    assert_eq!(fs::read(p.join(STATE)).unwrap(), recorded);
    let (code, out) = check(p);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("4 of 4 segments are placeholder text"),
        "{out}"
    );
    assert!(english(p).contains("l10n: pseudo"));
}

/// `e` writes the English a placeholder needs: the editor shows the Korean as comment lines
/// above it, none of which reach the post, and the segment is recorded as a hand edit.
#[cfg(unix)]
#[test]
fn e_on_a_placeholder_is_a_hand_edit() {
    let s = pseudo_site();
    let p = s.path();
    review_pty(p, "eq");
    let saw = fs::read_to_string(p.join("editor-saw.md")).unwrap();
    assert_eq!(
        saw,
        "#. The Korean, for reference (lines starting with #. are removed):\n#. 첫 소식\ncheot sosik\n"
    );
    let en = english(p);
    assert!(
        en.contains("\n## Edited by the reviewer.\n") && !en.contains("#."),
        "{en}"
    );
    let st = state(p);
    assert_eq!(
        (st.segments[0].state, st.segments[0].origin.as_str()),
        (Status::Edited, "human")
    );
    let table = stdout(&run(p, &["status"]));
    let row: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
    // pseudo, machine, reviewed, edited, stale-edited, stale
    assert!(row.ends_with(&["3", "0", "0", "1", "0", "0"]), "{table}");
    assert!(run(p, &["translate"]).status.success());
    assert!(english(p).contains("\n## Edited by the reviewer.\n"));
}

/// Accepting everything the stale filter shows leaves it empty; the keys still work there:
/// `n` and `p` stay, `?` opens and closes the help, `u` undoes the last accept (the item is
/// back under the filter), `/` moves to the next filter.
#[cfg(unix)]
#[test]
fn keys_work_when_the_filter_runs_empty() {
    let s = machine_corpus_site();
    let p = s.path();
    fs::write(p.join("driver.py"), DRIVER).unwrap();
    let o = std::process::Command::new("python3")
        .arg(p.join("driver.py"))
        .arg(env!("CARGO_BIN_EXE_l10n"))
        .arg(p)
        .arg("/aanp??u/q")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.starts_with("EXIT 0"), "{out}");
    let frames: Vec<&str> = out["EXIT 0\n".len()..].split("\n=====\n").collect();
    assert_eq!(frames.len(), 10, "{out}");
    let empty = "Nothing left under the filter “stale”";
    for (i, f) in frames.iter().enumerate().take(6).skip(3) {
        assert!(f.contains(empty), "frame {i}: {f}");
    }
    assert!(
        frames[6].contains("┌Keys"),
        "? opens the help: {}",
        frames[6]
    );
    assert!(!frames[7].contains("┌Keys"), "and closes it: {}", frames[7]);
    let header = |f: &str| f.lines().take(2).collect::<Vec<_>>().join("  ");
    assert!(
        header(frames[8]).contains("[stale]  1/1 (filter: stale)")
            && frames[8].contains("reverted"),
        "{}",
        frames[8]
    );
    assert!(header(frames[9]).contains("(filter: new)"), "{}", frames[9]);
    // The revert is on disk: one stale item left for check.
    let (code, out) = check(p);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(out.matches("error[stale]").count(), 1, "{out}");
}

/// A state an older review wrote after `a` on placeholder text (`reviewed`, origin
/// `pseudo`), sealed as l10n writes it: read as the placeholder it is by check, status and
/// memory export (which leaves it out); never reused or sent as an editor's example;
/// replaced by a real backend.
#[test]
fn placeholder_text_an_older_review_approved_is_read_as_pseudo() {
    use common::server::{Reply, Server, openai_reply, openai_user, translate_text};
    let s = pseudo_site();
    let p = s.path();
    let text = fs::read_to_string(p.join(STATE)).unwrap();
    let unsealed: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("digest = "))
        .collect();
    let legacy = unsealed
        .replace("state = \"pseudo\"", "state = \"reviewed\"")
        .replace("counts = { pseudo = 4 }", "counts = { reviewed = 4 }");
    fs::write(p.join(STATE), l10n::state::verify::seal(&legacy)).unwrap();
    let (code, out) = check(p);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("4 of 4 segments are placeholder text"),
        "{out}"
    );
    assert_eq!(
        run(p, &["check", "--require-reviewed"]).status.code(),
        Some(1)
    );
    let table = stdout(&run(p, &["status"]));
    let row: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
    assert!(row.ends_with(&["4", "0", "0", "0", "0", "0"]), "{table}");
    let memory = stdout(&run(p, &["memory", "export", "--format", "csv"]));
    assert!(
        !memory.contains("pokseukoni") && !memory.contains("reviewed"),
        "{memory}"
    );
    // A real backend: a new post with the same sentence and a like one is sent, with no
    // placeholder as an example, and gets the backend's English.
    let server =
        Server::start(|r, _| Reply::Json(200, openai_reply(r, |_, t| Some(translate_text(t)))));
    fs::write(
        p.join("l10n.toml"),
        format!(
            "[backend.real]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"L10N_TEST_KEY\"\nretry_min_delay_ms = 10\n",
            server.url()
        ),
    )
    .unwrap();
    fs::write(
        p.join("posts/b.md"),
        "폭스콘이 수주했다.\n\n폭스콘이 또 수주했다.\n",
    )
    .unwrap();
    let translate = |args: &[&str]| {
        common::with_key(p, "sk-test")
            .args(["translate", "--backend", "real"])
            .args(args)
            .output()
            .unwrap()
    };
    let o = translate(&["posts/b.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let user = openai_user(&reqs[0]);
    assert!(
        user.contains("] 폭스콘이 수주했다.") && !user.contains("pokseukoni"),
        "{user}"
    );
    let b = fs::read_to_string(p.join("posts/en/b.md")).unwrap();
    assert!(
        b.contains("EN pokseukoni sujuhaetda.") && !b.contains("l10n: pseudo"),
        "{b}"
    );
    // --force replaces the placeholders of the first post too.
    let o = translate(&["--force", "posts/a.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = english(p);
    assert!(
        en.contains("EN pokseukoni sujuhaetda.") && !en.contains("l10n: pseudo"),
        "{en}"
    );
}
