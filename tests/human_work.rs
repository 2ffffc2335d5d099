//! Human work is never lost (issue 11), tried as an editor would: a machine-translated
//! copy of the seed post with one hand-edited item, then edits, moves, renames, deletions,
//! a run in progress and `--force` around it. Each test edits files, runs the binary and
//! reads the result.

mod common;

use std::fs;
use std::path::Path;

use common::{bare_site, command_engine, l10n, line_of, outcome, read, seed, stderr};

const EDIT: &str = "- **Industry impact**: Foxconn strengthens its hand in edge AI devices.";

/// A machine translator: every Hangul run becomes `w` + its length, so each English line
/// is recognisably the translation of its Korean line. With `hold` present it writes
/// `started` and answers only once `go` exists (a minute at most), so a test can act while
/// a run is waiting for it.
const ENGINE: &str = r#"
import json, re, sys, os, time
req = json.load(sys.stdin)
here = os.path.dirname(os.path.abspath(__file__))
if os.path.exists(os.path.join(here, 'hold')):
    open(os.path.join(here, 'started'), 'w').close()
    for _ in range(6000):
        if os.path.exists(os.path.join(here, 'go')):
            break
        time.sleep(0.01)
out = [{'id': s['id'], 'text': re.sub('[가-힣]+', lambda m: 'w%d' % len(m.group()), s['text'])}
       for s in req['segments']]
print(json.dumps({'translations': out}))
"#;

fn site() -> tempfile::TempDir {
    let dir = bare_site(&seed());
    let p = dir.path();
    command_engine(p, ENGINE, "\n[qa]\nnumbers = \"off\"\nlength = \"off\"\n");
    let o = l10n(p).arg("translate").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    dir
}

/// Replaces line `n` (1-based) of a file.
fn set_line(p: &Path, f: &str, n: usize, text: &str) {
    let t = read(p, f);
    let mut lines: Vec<&str> = t.split('\n').collect();
    lines[n - 1] = text;
    fs::write(p.join(f), lines.join("\n")).unwrap();
}

/// The seed post's 산업적 영향 item of the first section, edited by hand in English.
fn with_edit() -> tempfile::TempDir {
    let s = site();
    let n = line_of(s.path(), "posts/a.md", EDITED_KOREAN);
    set_line(s.path(), "posts/en/a.md", en_line(s.path(), n), EDIT);
    s
}

/// The Korean item whose English is edited by hand.
const EDITED_KOREAN: &str = "**산업적 영향**: 폭스콘은";

/// The whole line of `src` that holds `needle`.
fn korean_line(src: &str, needle: &str) -> String {
    src.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in the post"))
        .to_owned()
}

/// The English line of a Korean line: the English front matter has the keys l10n adds
/// (`lang`, `translation_of`), the body lines up one to one.
fn en_line(p: &Path, korean: usize) -> usize {
    let first = |f: &str| {
        read(p, f)
            .lines()
            .position(|l| l.starts_with("## "))
            .unwrap_or(0)
    };
    korean + first("posts/en/a.md") - first("posts/a.md")
}

fn state(p: &Path, post: &str) -> String {
    read(p, &format!(".l10n/state/en/posts/{post}.toml"))
}

#[test]
fn english_only_additions_survive_reruns_and_korean_changes() {
    let s = with_edit();
    let p = s.path();
    let en = read(p, "posts/en/a.md");
    let en = en
        .replacen(
            "\n---\n",
            "\nauthor: Jane Editor\nredirect_from:\n  - /old/a/\n---\n",
            1,
        )
        .replacen(
            "\n### w2 w2 w1 w3\n",
            "\n<div class=\"note\">Translator's note: the order was reported, not confirmed.</div>\n\n<!-- checked against the English sources -->\n\n```text\nFoxconn order: pen-style device\n```\n\n{% include en-banner.html %}\n\n### w2 w2 w1 w3\n",
            1,
        );
    let en = format!(
        "{}\n\nsee [TrendForce][tf] for the original.\n\n[tf]: https://www.trendforce.com/\n",
        en.trim_end()
    );
    fs::write(p.join("posts/en/a.md"), &en).unwrap();

    // Nothing Korean changed: the English post is left exactly as the editor saved it.
    let (code, out) = outcome(p, &["translate"]);
    let again = read(p, "posts/en/a.md");
    if again != en {
        fs::write("/tmp/want.md", &en).unwrap();
        fs::write("/tmp/got.md", &again).unwrap();
    }
    assert_eq!(again, en, "{out}");
    let (check, check_out) = outcome(p, &["check"]);
    assert_eq!(code, check, "{out}\n{check_out}");
    assert_eq!(check, 0, "{check_out}");

    // A Korean change elsewhere rewrites the post: every addition stays where it stood.
    let src = read(p, "posts/a.md").replace("발표했습니다.", "공식 발표했습니다.");
    fs::write(p.join("posts/a.md"), src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let after = read(p, "posts/en/a.md");
    for kept in [
        "author: Jane Editor",
        "redirect_from:\n  - /old/a/",
        "<div class=\"note\">Translator's note",
        "<!-- checked against the English sources -->",
        "```text\nFoxconn order: pen-style device\n```",
        "{% include en-banner.html %}",
        "see [TrendForce][tf] for the original.",
        "[tf]: https://www.trendforce.com/",
        EDIT,
    ] {
        assert!(after.contains(kept), "lost {kept:?}:\n{after}");
    }

    let note = after.find("<div class=\"note\">").unwrap();
    let summary = after.find("### w2 w2 w1 w3").unwrap();
    assert!(note < summary, "the note stays above its heading:\n{after}");
    assert!(
        after.contains("w2 w6."),
        "the Korean change was translated:\n{after}"
    );
    let (check, out) = outcome(p, &["check"]);
    assert_eq!(check, 0, "{out}");
}

#[test]
fn english_only_text_inside_a_translated_block_holds_the_post() {
    let s = with_edit();
    let p = s.path();
    let n = line_of(p, "posts/a.md", EDITED_KOREAN);
    let en = read(p, "posts/en/a.md");
    let mut lines: Vec<&str> = en.split('\n').collect();
    lines.insert(
        en_line(p, n),
        "  <!-- an editor's aside inside the list -->",
    );
    let en = lines.join("\n");
    fs::write(p.join("posts/en/a.md"), &en).unwrap();
    let src = read(p, "posts/a.md").replace("발표했습니다.", "공식 발표했습니다.");
    fs::write(p.join("posts/a.md"), src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("posts/en/a.md:{}:", en_line(p, n) + 1)),
        "names the line: {out}"
    );
    assert_eq!(read(p, "posts/en/a.md"), en, "held: nothing rewritten");
    assert_eq!(outcome(p, &["check"]).0, 1);
}

#[test]
fn an_edit_saved_while_translate_runs_is_not_overwritten() {
    let s = with_edit();
    let p = s.path();
    let src = read(p, "posts/a.md").replace("발표했습니다.", "공식 발표했습니다.");
    fs::write(p.join("posts/a.md"), src).unwrap();
    fs::write(p.join("hold"), "").unwrap();
    let mut child = l10n(p);
    child.arg("translate");
    let handle = std::thread::spawn(move || child.output());
    assert!(common::wait_until(|| p.join("started").exists()));
    let mut en = read(p, "posts/en/a.md");
    en = en.replace(
        EDIT,
        "- **Industry impact**: a second edit, saved during the run.",
    );
    fs::write(p.join("posts/en/a.md"), &en).unwrap();
    fs::write(p.join("go"), "").unwrap();
    let o = handle.join().unwrap().unwrap();
    let out = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("changed while this run was translating it"),
        "{out}"
    );
    assert_eq!(read(p, "posts/en/a.md"), en);
    fs::remove_file(p.join("hold")).unwrap();
    // The next run takes both: the Korean change and the new edit.
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let after = read(p, "posts/en/a.md");
    assert!(
        after.contains("a second edit, saved during the run."),
        "{after}"
    );
    assert!(after.contains("w2 w6."), "{after}");
    assert!(state(p, "a.md").contains("a second edit"));
}

#[test]
fn deleting_a_neighbour_and_rewording_the_edited_korean_keeps_the_edit_stale() {
    let s = with_edit();
    let p = s.path();
    let src = read(p, "posts/a.md");
    let tech = korean_line(&src, "**기술적 의미**: 화면 중독");
    let src = src.replacen(&format!("{tech}\n"), "", 1).replacen(
        "입지를 강화하게 되었습니다.",
        "입지를 크게 강화했습니다.",
        1,
    );
    fs::write(p.join("posts/a.md"), src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 1, "a stale edit needs a person: {out}");
    assert!(out.contains("error[stale-edited]"), "{out}");
    let after = read(p, "posts/en/a.md");
    assert!(after.contains(EDIT), "{after}");
    assert!(state(p, "a.md").contains("stale-edited"));
    assert_eq!(outcome(p, &["check"]).0, 1);
}

#[test]
fn repeated_headings_keep_their_edits_when_an_earlier_section_goes() {
    let s = site();
    let p = s.path();
    // The third `### 요약` is the SoftBank section's.
    let korean = read(p, "posts/a.md");
    let third = korean
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "### 요약")
        .nth(2)
        .unwrap()
        .0;
    set_line(
        p,
        "posts/en/a.md",
        en_line(p, third + 1),
        "### Summary: the SoftBank deal",
    );
    assert_eq!(outcome(p, &["translate"]).0, 0);
    // Delete the first section (heading to the first `---`).
    let start = korean.find("## OpenAI, 첫 AI").unwrap();
    let end = start + korean[start..].find("\n---\n").unwrap() + 5;
    let src = format!("{}{}", &korean[..start], &korean[end..]);
    fs::write(p.join("posts/a.md"), &src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let after = read(p, "posts/en/a.md");
    let edit = after.find("### Summary: the SoftBank deal").unwrap();
    let softbank = after.find("## w5, OpenAIw1").unwrap();
    let next = after.find("## w2(Meta)").unwrap();
    assert!(
        softbank < edit && edit < next,
        "the edit stays in its section:\n{after}"
    );
    assert_eq!(after.matches("### Summary: the SoftBank deal").count(), 1);
    assert_eq!(outcome(p, &["check"]).0, 0);
}

#[test]
fn inserting_or_copying_around_an_edit_leaves_it_on_its_paragraph() {
    let s = with_edit();
    let p = s.path();
    let src = read(p, "posts/a.md");
    let item = korean_line(&src, EDITED_KOREAN);
    // A new item inserted right before the edited one.
    let src = src.replacen(&item, &format!("- 새로 추가한 항목입니다.\n{item}"), 1);
    fs::write(p.join("posts/a.md"), &src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let after = read(p, "posts/en/a.md");
    assert!(after.contains(&format!("- w2 w3 w5.\n{EDIT}")), "{after}");
    // The edited item copied into the last section too: both places read the edit.
    let src = format!("{}\n{item}\n", src.trim_end());
    fs::write(p.join("posts/a.md"), &src).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let after = read(p, "posts/en/a.md");
    assert_eq!(after.matches(EDIT).count(), 2, "{after}");
    assert!(after.contains(&format!("- w2 w3 w5.\n{EDIT}")), "{after}");
    assert_eq!(outcome(p, &["check"]).0, 0);
}

#[test]
fn edits_follow_their_korean_to_another_post_and_are_kept_when_deleted() {
    let s = with_edit();
    let p = s.path();
    let src = read(p, "posts/a.md");
    let item = korean_line(&src, EDITED_KOREAN);
    // Moved to a new post.
    fs::write(
        p.join("posts/a.md"),
        src.replacen(&format!("{item}\n"), "", 1),
    )
    .unwrap();
    fs::write(
        p.join("posts/b.md"),
        format!("---\ntitle: \"새 글\"\n---\n\n## 산업 소식\n\n{item}\n"),
    )
    .unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    assert!(read(p, "posts/en/b.md").contains(EDIT), "{out}");
    assert!(
        out.contains("the Korean of English a person wrote was deleted"),
        "{out}"
    );
    assert!(state(p, "a.md").contains("\nremoved = [\n"));
    // Deleted everywhere: still retrievable from memory.
    fs::write(
        p.join("posts/b.md"),
        "---\ntitle: \"새 글\"\n---\n\n## 산업 소식\n",
    )
    .unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("posts/en/b.md:"),
        "names the file and line: {out}"
    );
    let (_, memory) = outcome(p, &["memory", "export", "--format", "csv"]);
    assert!(memory.contains("Foxconn strengthens its hand"), "{memory}");
}

#[test]
fn a_renamed_post_takes_its_twin_and_edits_along() {
    let s = with_edit();
    let p = s.path();
    let en = format!(
        "{}\n<div class=\"note\">Editor's note.</div>\n",
        read(p, "posts/en/a.md")
    );
    fs::write(p.join("posts/en/a.md"), &en).unwrap();
    assert_eq!(outcome(p, &["translate"]).0, 0);
    fs::rename(p.join("posts/a.md"), p.join("posts/renamed.md")).unwrap();
    let (code, out) = outcome(p, &["translate"]);
    assert_eq!(code, 0, "{out}");
    let twin = read(p, "posts/en/renamed.md");
    assert!(
        twin.contains(EDIT) && twin.contains("Editor's note."),
        "{twin}"
    );
    assert!(
        p.join("posts/en/a.md").exists(),
        "l10n never deletes the old twin"
    );
    let (code, out) = outcome(p, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[moved]") && !out.contains("orphan"),
        "{out}"
    );
}

#[test]
fn placeholders_never_replace_translations_and_partial_keeps_the_old_english() {
    let s = with_edit();
    let p = s.path();
    let before = read(p, "posts/en/a.md");
    let (code, out) = outcome(p, &["translate", "--force", "--backend", "pseudo"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(read(p, "posts/en/a.md"), before, "pseudo replaced nothing");

    // The backend now fails on one changed paragraph; --partial keeps its old English.
    let src = read(p, "posts/a.md").replace("발표했습니다.", "공식 발표했습니다.");
    fs::write(p.join("posts/a.md"), src).unwrap();
    fs::write(
        p.join("engine.py"),
        ENGINE.replace(
            "out = [",
            "if any('공식' in s['text'] for s in req['segments']):\n    sys.exit(3)\nout = [",
        ),
    )
    .unwrap();
    let (code, out) = outcome(p, &["translate", "--partial"]);
    assert_eq!(code, 1, "{out}");
    let after = read(p, "posts/en/a.md");
    let n = line_of(p, "posts/a.md", "공식 발표했습니다.");
    let line = after.lines().nth(en_line(p, n) - 1).unwrap();
    assert!(
        !line.contains('공') && line.contains("w2"),
        "old English kept: {line}"
    );
    let (check, out) = outcome(p, &["check"]);
    assert_eq!(check, 1, "still stale: {out}");
}
