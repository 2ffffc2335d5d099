use std::collections::HashMap;

use super::*;

fn parse(src: &str) -> Document {
    Document::parse("t.md", src.as_bytes(), &ParseOptions::default()).expect("parses")
}

fn texts(src: &str) -> Vec<(SegmentKind, String)> {
    parse(src)
        .segments()
        .iter()
        .map(|s| (s.kind, s.text.clone()))
        .collect()
}

fn identity(doc: &Document) -> HashMap<SegmentId, String> {
    doc.segments()
        .iter()
        .map(|s| (s.id.clone(), s.text.clone()))
        .collect()
}

/// Translates every segment with `f`, renders, and returns the output.
fn translate_with(src: &str, f: impl Fn(&str) -> String) -> String {
    let doc = parse(src);
    let tr = doc
        .segments()
        .iter()
        .map(|s| (s.id.clone(), f(&s.text)))
        .collect();
    doc.render("t.md", &tr, &[]).expect("renders")
}

fn assert_identity(src: &str) {
    let doc = parse(src);
    assert_eq!(doc.render("t.md", &identity(&doc), &[]).unwrap(), src);
    assert_eq!(doc.render("t.md", &HashMap::new(), &[]).unwrap(), src);
}

use SegmentKind::*;

#[test]
fn headings_paragraphs_and_atx_attributes() {
    let src = "# 제목 {#custom}\n\n문단 하나.\n\n## 둘째 제목 ##\n";
    assert_eq!(
        texts(src),
        vec![
            (Heading, "제목".into()),
            (Paragraph, "문단 하나.".into()),
            (Heading, "둘째 제목".into())
        ]
    );
    assert_eq!(
        translate_with(src, |t| t.replace("제목", "Title")),
        "# Title {#custom}\n\n문단 하나.\n\n## 둘째 Title ##\n"
    );
}

#[test]
fn setext_heading() {
    let src = "제목\n===\n\n본문\n";
    assert_eq!(
        texts(src),
        vec![(Heading, "제목".into()), (Paragraph, "본문".into())]
    );
    assert_identity(src);
}

#[test]
fn tight_and_loose_lists_with_continuation_lines() {
    let src = "- 하나\n  이어짐\n- 둘\n  - 중첩\n\n1. 느슨한\n\n   둘째 문단\n";
    assert_eq!(
        texts(src),
        vec![
            (ListItem, "하나\n이어짐".into()),
            (ListItem, "둘".into()),
            (ListItem, "중첩".into()),
            (ListItem, "느슨한".into()),
            (ListItem, "둘째 문단".into()),
        ]
    );
    // The continuation line keeps its indentation.
    assert_eq!(
        translate_with(src, |t| t.replace("하나", "one").replace("이어짐", "cont")),
        "- one\n  cont\n- 둘\n  - 중첩\n\n1. 느슨한\n\n   둘째 문단\n"
    );
}

#[test]
fn extra_newlines_in_a_translation_reuse_the_prefix() {
    let src = "> 첫 줄\n> 둘째 줄\n";
    assert_eq!(translate_with(src, |_| "a\nb\nc".into()), "> a\n> b\n> c\n");
    let heading = "## 제목\n";
    assert_eq!(translate_with(heading, |_| "A\nB".into()), "## A B\n");
}

#[test]
fn blockquotes_keep_their_prefixes() {
    let src = "> 인용 첫 줄\n> 둘째 줄 **굵게**\n>\n> > 중첩\n";
    assert_eq!(
        texts(src),
        vec![
            (Blockquote, "인용 첫 줄\n둘째 줄 <g1>굵게</g1>".into()),
            (Blockquote, "중첩".into()),
        ]
    );
    assert_eq!(
        translate_with(src, |t| t
            .replace("인용 첫 줄", "First")
            .replace("둘째 줄 ", "second ")
            .replace("굵게", "bold")),
        "> First\n> second **bold**\n>\n> > 중첩\n"
    );
}

#[test]
fn tables_cells_are_segments() {
    let src = "| 이름 | 값 |\n|---|---:|\n| 폭스콘 | `x` |\n| 2026 | 삼성 |\n";
    assert_eq!(
        texts(src),
        vec![
            (TableCell, "이름".into()),
            (TableCell, "값".into()),
            (TableCell, "폭스콘".into()),
            (TableCell, "삼성".into()),
        ]
    );
    assert_eq!(
        translate_with(src, |t| t.replace("폭스콘", "Foxconn")),
        "| 이름 | 값 |\n|---|---:|\n| Foxconn | `x` |\n| 2026 | 삼성 |\n"
    );
}

#[test]
fn footnotes_task_lists_and_strikethrough() {
    let src = "문장[^n] ~~취소~~.\n\n- [ ] 할 일\n- [x] 완료\n\n[^n]: 각주 본문.\n";
    assert_eq!(
        texts(src),
        vec![
            (Paragraph, "문장<x1/> <g2>취소</g2>.".into()),
            (ListItem, "할 일".into()),
            (ListItem, "완료".into()),
            (Footnote, "각주 본문.".into()),
        ]
    );
    assert_identity(src);
}

#[test]
fn links_images_alt_and_titles() {
    let src =
        "[링크](https://a.b/c \"링크 제목\")와 ![대체 글](i.png '그림 제목') <https://auto.x>\n";
    let doc = parse(src);
    let got: Vec<_> = doc
        .segments()
        .iter()
        .map(|s| (s.kind, s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Paragraph, "<g1>링크</g1>와 <x2/> <x3/>"),
            (Title, "링크 제목"),
            (Alt, "대체 글"),
            (Title, "그림 제목"),
        ]
    );
    let mut tr = HashMap::new();
    for s in doc.segments() {
        let t = match s.kind {
            Paragraph => "<x2/> and <g1>link</g1> <x3/>",
            Title if s.text == "링크 제목" => "Link title",
            Alt => "alt text",
            _ => "Image title",
        };
        tr.insert(s.id.clone(), t.to_owned());
    }
    assert_eq!(
        doc.render("t.md", &tr, &[]).unwrap(),
        "![alt text](i.png 'Image title') and [link](https://a.b/c \"Link title\") <https://auto.x>\n"
    );
}

#[test]
fn urls_never_reach_the_backend() {
    let src = "원문: https://example.com/a?b=1에서 [기사](https://news.x/y) 참고.\n";
    let t = &texts(src)[0].1;
    assert!(!t.contains("http"), "{t}");
    assert_eq!(t, "원문: <x1/>에서 <g2>기사</g2> 참고.");
}

#[test]
fn gfm_autolinks_are_atoms_in_text_strikethrough_and_cells() {
    let src = "자세한 내용은 www.trendforce.com/news에서, 문의는 press@trendforce.com로.\n\n~~www.example.com 참고~~\n\n| 출처 | 연락처 |\n|---|---|\n| www.a.example | b@c.example |\n";
    let t: Vec<String> = texts(src).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        t,
        vec![
            "자세한 내용은 <x1/>에서, 문의는 <x2/>로.",
            "<g1><x2/> 참고</g1>",
            "출처",
            "연락처"
        ]
    );
    assert_identity(src);
}

#[test]
fn code_html_liquid_and_math_are_protected() {
    let src = "```\n코드 블록\n```\n\n    들여쓴 코드\n\n<div>\nHTML 블록\n</div>\n\n\
               문장 `코드` <b>굵게</b> {{ page.title }} {% include a.html %} $x$ 끝.\n\n\
               {% raw %}\n원시 {{ x }}\n\n둘째\n{% endraw %}\n\n{% include only.html %}\n";
    assert_eq!(
        texts(src),
        vec![(
            Paragraph,
            "문장 <x1/> <x2/>굵게<x3/> <x4/> <x5/> <x6/> 끝.".into()
        )]
    );
    assert_identity(src);
}

#[test]
fn kramdown_attribute_lists_are_tags() {
    let src = "문단입니다.\n{: .note}\n\n{: #id .x}\n";
    assert_eq!(texts(src), vec![(Paragraph, "문단입니다.\n<x1/>".into())]);
}

#[test]
fn text_without_letters_is_not_a_segment() {
    let src = "***\n\n2026-01-02\n\n⭐⭐⭐\n\n***\n\n| 1 | 2 |\n|---|---|\n| 3 | 4 |\n";
    assert!(texts(src).is_empty());
}

#[test]
fn reference_definitions_are_not_segments() {
    let src = "[기사][r]를 보라.\n\n[r]: https://x.y \"참조 제목\"\n";
    assert_eq!(
        texts(src),
        vec![(Paragraph, "<g1>기사</g1>를 보라.".into())]
    );
    assert_identity(src);
}

#[test]
fn references_named_by_their_text_become_full_references_when_it_changes() {
    let src = "[조사]와 [*보고서*][]를 보라. [기사][r]도, ![차트][] 그림도.\n\n> [인용\n> 출처]를 보라.\n\n[조사]: https://a.example/s\n[*보고서*]: https://a.example/r\n[r]: https://a.example/x\n[차트]: /c.png\n[인용 출처]: /q\n";
    let doc = parse(src);
    assert_eq!(
        doc.segments()[0].text,
        "<g1>조사</g1>와 <g2><g3>보고서</g3></g2>를 보라. <g4>기사</g4>도, <x5/> 그림도."
    );
    assert_identity(src);
    let out = translate_with(src, |t| {
        t.replace("조사", "survey")
            .replace("보고서", "report")
            .replace("기사", "article")
            .replace("차트", "chart")
            .replace("인용\n출처", "quoted source")
    });
    assert!(
        out.starts_with("[survey][조사]와 [*report*][*보고서*]를 보라. [article][r]도, ![chart][차트] 그림도.\n\n> [quoted source][인용 출처]를 보라."),
        "{out}"
    );
    // A text kept as it was keeps its short form.
    let out = translate_with(src, |t| t.replace("를 보라", " see"));
    assert!(out.starts_with("[조사]와 [*보고서*][] see."), "{out}");
}

#[test]
fn front_matter_translatable_keys_only() {
    let src = "---\nlayout: post\ntitle: \"2026-01-02 AI 뉴스\"\ndate: 2026-01-02 16:08:20 +0900\ndescription: 'AI 소식'\nsummary: 요약 # 주석\ncategories: news gemini\n---\n본문\n";
    let doc = parse(src);
    let fm: Vec<_> = doc
        .segments()
        .iter()
        .filter(|s| s.kind == FrontMatter)
        .map(|s| (s.key.clone().unwrap(), s.text.clone(), s.line))
        .collect();
    assert_eq!(
        fm,
        vec![
            ("title".into(), "2026-01-02 AI 뉴스".into(), 3),
            ("description".into(), "AI 소식".into(), 5),
            ("summary".into(), "요약".into(), 6),
        ]
    );
    let out = translate_with(src, |t| match t {
        "2026-01-02 AI 뉴스" => "2026-01-02 AI News: \"daily\"".into(),
        "AI 소식" => "AI's news".into(),
        "요약" => "Summary".into(),
        _ => "Body".into(),
    });
    assert_eq!(
        out,
        "---\nlayout: post\ntitle: \"2026-01-02 AI News: \\\"daily\\\"\"\ndate: 2026-01-02 16:08:20 +0900\ndescription: 'AI''s news'\nsummary: Summary # 주석\ncategories: news gemini\n---\nBody\n"
    );
}

#[test]
fn extra_keys_are_added_or_replaced() {
    let src = "---\ntitle: 제목\nlang: ko\n---\n본문\n";
    let doc = parse(src);
    let out = doc
        .render(
            "t.md",
            &HashMap::new(),
            &[
                ("lang".into(), "en".into()),
                ("translated".into(), "true".into()),
            ],
        )
        .unwrap();
    assert_eq!(
        out,
        "---\ntitle: 제목\nlang: en\ntranslated: \"true\"\n---\n본문\n"
    );
    let bare = parse("\u{feff}본문\r\n");
    let out = bare
        .render("t.md", &HashMap::new(), &[("lang".into(), "en".into())])
        .unwrap();
    assert_eq!(out, "\u{feff}---\r\nlang: en\r\n---\r\n본문\r\n");
}

#[test]
fn bom_and_crlf_survive_translation() {
    let src = "\u{feff}---\r\ntitle: 제목\r\n---\r\n\r\n> 첫 줄\r\n> 둘째 줄\r\n\r\n- 항목\r\n";
    assert_identity(src);
    let out = translate_with(src, |t| {
        t.replace("첫 줄", "first").replace("둘째 줄", "second")
    });
    assert_eq!(
        out,
        "\u{feff}---\r\ntitle: 제목\r\n---\r\n\r\n> first\r\n> second\r\n\r\n- 항목\r\n"
    );
}

#[test]
fn trailing_spaces_and_hard_breaks_are_kept() {
    let src = "첫 줄  \n둘째 줄\\\n셋째 줄   \n\n끝 문단   \n";
    assert_identity(src);
    let t = &texts(src)[0].1;
    assert_eq!(t, "첫 줄<x1/>둘째 줄<x2/>셋째 줄");
}

#[test]
fn ids_are_content_derived_and_stable_under_insertion() {
    let a = parse("가나다.\n\n라마바.\n\n가나다.\n");
    let b = parse("새 문단.\n\n가나다.\n\n라마바.\n\n가나다.\n");
    let ids = |d: &Document| {
        d.segments()
            .iter()
            .map(|s| s.id.0.clone())
            .collect::<Vec<_>>()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia[0], ib[1]);
    assert_eq!(ia[1], ib[2]);
    assert_eq!(ia[2], ib[3]);
    assert!(ia[2].ends_with("-2"), "{ia:?}");
    // Whitespace and line endings do not change an id.
    assert_eq!(id_hash("가 나\r\n다"), id_hash("가 나 다"));
}

#[test]
fn tag_errors_name_segment_and_tag() {
    let doc = parse("**굵게** 문장\n");
    let seg = &doc.segments()[0];
    let mut tr = HashMap::new();
    tr.insert(seg.id.clone(), "bold sentence".to_owned());
    let e = doc.render("t.md", &tr, &[]).unwrap_err();
    assert_eq!(e.segment, seg.id);
    assert_eq!(e.tag, "<g1>");
    assert_eq!(e.problem, tags::TagProblem::Missing);
    assert_eq!(e.line, 1);
    let msg = e.to_string();
    assert!(
        msg.contains("t.md:1") && msg.contains("<g1>") && msg.contains(&seg.id.0),
        "{msg}"
    );
}

#[test]
fn bad_input_errors_carry_position() {
    let opts = ParseOptions::default();
    let e = Document::parse("x.md", b"ok\n\xff\xfe", &opts).unwrap_err();
    assert_eq!(
        e,
        DocumentError::InvalidUtf8 {
            path: "x.md".into(),
            offset: 3,
            line: 2
        }
    );
    let e = Document::parse("x.md", b"a\nb\0c", &opts).unwrap_err();
    assert!(matches!(
        e,
        DocumentError::Binary {
            offset: 3,
            line: 2,
            ..
        }
    ));
    let e = Document::parse("x.md", b"---\ntitle: a\nbody\n", &opts).unwrap_err();
    assert!(matches!(
        e,
        DocumentError::UnterminatedFrontMatter { line: 1, .. }
    ));
    let e = Document::parse("x.md", b"---\ntitle: a\nbad: [1, 2\n---\n", &opts).unwrap_err();
    assert!(matches!(e, DocumentError::InvalidYaml { .. }), "{e:?}");
    let e = Document::parse("x.md", b"---\ntitle: a\n\tkey: b\n---\n", &opts).unwrap_err();
    let DocumentError::InvalidYaml { line, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(line, 3);
    let e = Document::parse("x.md", b"---\n- a\n- b\n---\n", &opts).unwrap_err();
    assert!(matches!(
        e,
        DocumentError::FrontMatterNotMapping { line: 2, .. }
    ));
    let big = vec![b'a'; MAX_POST_BYTES + 1];
    let e = Document::parse("x.md", &big, &opts).unwrap_err();
    assert!(matches!(e, DocumentError::TooLarge { .. }));
    let empty = Document::parse("x.md", b"", &opts).unwrap();
    assert!(empty.segments().is_empty());
    let merged =
        b"---\ntitle: a\n---\n\nOne.\n\n<<<<<<< ours\nTwo.\n=======\nDeux.\n>>>>>>> theirs\n";
    let e = Document::parse("x.md", merged, &opts).unwrap_err();
    assert_eq!(
        e,
        DocumentError::Conflict {
            path: "x.md".into(),
            line: 7
        }
    );
    // A setext heading is not a conflict.
    assert!(Document::parse("x.md", b"Title\n=======\n\nText.\n", &opts).is_ok());
}

#[test]
fn the_seed_post_round_trips() {
    let src = include_str!("../../posts/2026-01-02-ai-news.md");
    assert_identity(src);
    let crlf = src.replace('\n', "\r\n");
    assert_identity(&crlf);
    assert_eq!(parse(&crlf).segments().len(), parse(src).segments().len());
}

/// Front-matter refusals read in the UI language; the YAML parser's own words are quoted.
#[test]
fn front_matter_errors_read_in_korean() {
    let ko = crate::i18n::Messages::get(crate::i18n::UiLang::Ko);
    let opts = ParseOptions::default();
    let e = Document::parse("x.md", b"---\ntitle: a\n\tkey: b\n---\n", &opts).unwrap_err();
    assert_eq!(
        ko.diagnostic(&e),
        "x.md:3:1: 프런트 매터의 YAML이 올바르지 않습니다: 들여쓰기에 탭을 쓸 수 없습니다"
    );
    let e = Document::parse("x.md", b"---\ntitle: a\nbad: [1, 2\n---\n", &opts).unwrap_err();
    let said = ko.diagnostic(&e);
    assert!(
        said.starts_with("x.md:") && said.contains("프런트 매터의 YAML이 올바르지 않습니다: \""),
        "{said}"
    );
}

/// The quick path for text already in NFC gives what composing gives: decomposed jamo
/// are composed, whitespace runs become one space.
#[test]
fn normalize_composes_and_collapses_whitespace() {
    assert_eq!(
        normalize("  에이전트\t들이\r\n 간다 "),
        "에이전트 들이 간다"
    );
    assert_eq!(normalize("\u{1100}\u{1161}\u{11A8}"), "각");
    assert_eq!(normalize("e\u{301} x"), "é x");
    assert_eq!(normalize(""), "");
}
