//! A reply is data, never markup (issue 12): a `command` backend answers plausible English
//! but corrupts the segment that holds 표적 with a payload. Whatever the payload, the English
//! post holds no active markup or control character, `translate` and `check` give the same
//! verdict, and a rerun against a backend that answers well leaves `check` clean.

mod common;

use std::fs;
use std::path::Path;

use common::{bare_site, command_engine, outcome};

const POST: &str = "---
title: \"표적 제목\"
date: 2026-01-02
---

## 오늘의 소식

표적 문단입니다.

**굵은 글씨** 표적 강조입니다.

자세한 내용은 https://example.com/a/path 표적 링크에서 봅니다.

- 첫째 항목입니다.
- 표적 항목입니다.

| 회사 | 내용 |
|---|---|
| 폭스콘 | 표적 셀입니다 |
";

/// A translator that writes `word` for every Hangul run (so QA sees English), and in
/// `corrupt` mode answers the segment holding 표적 (in the front matter when `FM` is set)
/// with the payload of `payload.json`.
const ENGINE: &str = r#"
import json, re, sys, os
req = json.load(sys.stdin)
here = os.path.dirname(os.path.abspath(__file__))
mode = open(os.path.join(here, 'mode.txt')).read().strip()
payload = json.load(open(os.path.join(here, 'payload.json')))
def good(t):
    t = t.replace('폭스콘', 'Foxconn')
    return re.sub('[가-힣]+', 'word', t)
out = []
for s in req['segments']:
    t = s['text']
    if mode == 'corrupt' and '표적' in t and (payload['where'] in t):
        text = payload['text'].replace('{good}', good(t))
    else:
        text = good(t)
    out.append({'id': s['id'], 'text': text})
print(json.dumps({'translations': out}))
"#;

fn site() -> tempfile::TempDir {
    let dir = bare_site(POST);
    fs::write(
        dir.path().join("glossary.toml"),
        "[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\n",
    )
    .unwrap();
    command_engine(dir.path(), ENGINE, "");
    dir
}

fn set(dir: &Path, mode: &str, where_: &str, payload: &str) {
    fs::write(dir.join("mode.txt"), mode).unwrap();
    fs::write(
        dir.join("payload.json"),
        serde_json::json!({"where": where_, "text": payload}).to_string(),
    )
    .unwrap();
}

/// Everything the English post may not hold, whatever a reply said.
fn assert_inert(dir: &Path, label: &str) {
    let Ok(post) = fs::read_to_string(dir.join("posts/en/a.md")) else {
        return;
    };
    for c in post.chars() {
        assert!(
            (!c.is_control() || c == '\n') && !('\u{202A}'..='\u{202E}').contains(&c),
            "{label}: control character U+{:04X} in\n{post}",
            c as u32
        );
        assert!(
            !matches!(c, '\u{2028}' | '\u{2029}'),
            "{label}: line separator in\n{post}"
        );
    }
    assert!(!post.contains("{%"), "{label}: Liquid in\n{post}");
    assert!(
        !post.contains("{:"),
        "{label}: kramdown attributes in\n{post}"
    );
    let body = post.splitn(3, "---\n").nth(2).unwrap_or(&post);
    let mut html = String::new();
    let opts =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, opts));
    for bad in [
        "<script",
        "href=\"javascript:",
        "href=\"/admin",
        "<a ",
        "<img",
        "pathword",
    ] {
        assert!(!html.contains(bad), "{label}: {bad} in\n{html}");
    }
    // The structure is the source's: one heading, the paragraphs, one list of two, one
    // table of two columns.
    assert_eq!(html.matches("<h2>").count(), 1, "{label}:\n{html}");
    assert_eq!(html.matches("<li>").count(), 2, "{label}:\n{html}");
    assert_eq!(html.matches("<ul>").count(), 1, "{label}:\n{html}");
    assert_eq!(html.matches("<ol").count(), 0, "{label}:\n{html}");
    assert_eq!(html.matches("<blockquote").count(), 0, "{label}:\n{html}");
    assert_eq!(html.matches("<pre").count(), 0, "{label}:\n{html}");
    assert_eq!(html.matches("<td>").count(), 2, "{label}:\n{html}");
    assert_eq!(html.matches("<th>").count(), 2, "{label}:\n{html}");
    assert_eq!(html.matches("<strong>").count(), 1, "{label}:\n{html}");
    assert!(!html.contains("<em>"), "{label}:\n{html}");
    let title = post.lines().nth(1).unwrap_or_default();
    assert!(!title.contains('<'), "{label}: {title}");
}

/// One corruption class: the run is safe and agrees with `check`; a good rerun heals it.
fn case(where_: &str, payload: &str) {
    let s = site();
    let dir = s.path();
    set(dir, "corrupt", where_, payload);
    let (t, out) = outcome(dir, &["translate"]);
    let label = format!("{payload:?} ({out})");
    assert_ne!(t, 2, "a backend's mistake is not an input error: {label}");
    assert_inert(dir, &label);
    let (c, check_out) = outcome(dir, &["check"]);
    assert_eq!(t, c, "translate and check disagree: {label}\n{check_out}");
    let summary = out.lines().last().unwrap_or_default().to_owned();
    if t == 1 {
        assert!(
            !summary.contains("0 failed, 0 need review"),
            "the summary counts what check reports: {label}"
        );
    }
    set(dir, "good", where_, payload);
    let (t, out) = outcome(dir, &["translate"]);
    assert_eq!(t, 0, "a good backend heals the post: {label}\n{out}");
    assert_inert(dir, &label);
    let (c, out) = outcome(dir, &["check"]);
    assert_eq!(c, 0, "{label}\n{out}");
}

#[test]
fn active_markup_in_a_reply_is_never_published() {
    for payload in [
        "{good} <script>alert(1)</script>",
        "{% include evil.html %} {good}",
        "[more](javascript:alert(1)) {good}",
        "[more](/admin) {good}",
        "<a href=\"//evil.example\">x</a> {good}",
        "![x](//evil.example/x.png) {good}",
        "{good} {: onclick=\"alert(1)\"}",
        "{good} {{ site.secret }}",
    ] {
        case("문단", payload);
    }
}

#[test]
fn control_characters_in_a_reply_are_refused() {
    for payload in [
        "{good}\u{0}",
        "{good} \u{1b}[31mred",
        "{good} \u{202E}desrever",
        "{good}\rmore",
        "{good}\u{2028}more",
        "{good}\u{2029}",
    ] {
        case("문단", payload);
    }
}

#[test]
fn markdown_active_text_keeps_the_structure() {
    for (where_, payload) in [
        ("문단", "*{good}*"),
        ("문단", "* {good}"),
        ("문단", "1. {good}"),
        ("문단", "# {good}"),
        ("문단", "> {good}"),
        ("문단", "    {good}"),
        ("문단", "{good}\n# heading\n\n- item"),
        ("항목", "1. {good}"),
        ("항목", "- {good}"),
        ("셀", "{good} | extra | cells"),
        ("강조", "<g1> bold words</g1> target"),
        ("강조", "<g1>bold </g1>target"),
        ("링크", "See details at <x1/>word target"),
        ("링크", "See details atword<x1/> target"),
        ("문단", ""),
        ("문단", "   "),
    ] {
        case(where_, payload);
    }
}

#[test]
fn front_matter_replies_take_no_markup() {
    for payload in [
        "<script>alert(1)</script>",
        "{{ site.secret }}",
        "Title\nevil: true",
    ] {
        case("제목", payload);
    }
}

#[test]
fn whitespace_inside_a_tag_moves_outside() {
    let s = site();
    set(s.path(), "corrupt", "강조", "<g1> bold words</g1> target");
    let (t, out) = outcome(s.path(), &["translate"]);
    assert_eq!(t, 0, "{out}");
    let post = fs::read_to_string(s.path().join("posts/en/a.md")).unwrap();
    assert!(post.contains("\n**bold words** target"), "{post}");
}

#[test]
fn an_unknown_id_or_an_empty_reply_is_not_a_translation() {
    let s = site();
    fs::write(
        s.path().join("engine.py"),
        "import json, sys\nreq = json.load(sys.stdin)\n\
         out = [{'id': s['id'], 'text': 'word'} for s in req['segments']]\n\
         out.append({'id': 'deadbeefdeadbeef', 'text': 'extra'})\n\
         print(json.dumps({'translations': out}))\n",
    )
    .unwrap();
    let (t, out) = outcome(s.path(), &["translate"]);
    assert_eq!(t, 1, "{out}");
    assert!(out.contains("unknown id"), "{out}");
    assert!(!s.path().join("posts/en/a.md").exists());
    let (c, _) = outcome(s.path(), &["check"]);
    assert_eq!(c, 1);
}
