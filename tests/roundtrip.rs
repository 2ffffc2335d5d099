//! Property tests: for generated Markdown (Hangul and Latin, CRLF, nesting, tables, Liquid),
//! merge(extract(x)) == x byte for byte, and a translated post segments back into exactly
//! the translated texts.

use std::collections::HashMap;

use l10n::document::{Document, ParseOptions};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("에이전트가".to_string()),
        Just("폭스콘(Foxconn)".to_string()),
        Just("400억 달러".to_string()),
        Just("OpenAI".to_string()),
        Just("피지컬 AI를".to_string()),
        Just("발표했습니다.".to_string()),
        Just("전망，「따옴표」！".to_string()),
        Just("mixed한글Latin".to_string()),
        Just("2026년".to_string()),
        "[가-힣]{1,6}",
        "[a-z]{1,8}",
    ]
}

fn inline() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => word(),
        1 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => word().prop_map(|w| format!("~~{w}~~")),
        1 => word().prop_map(|w| format!("`{w}`")),
        1 => word().prop_map(|w| format!("[{w}](https://example.com/{})", w.len())),
        1 => word().prop_map(|w| format!("![{w}](img/{}.png \"그림 {w}\")", w.len())),
        1 => Just("{{ page.title }}".to_string()),
        1 => Just("{% include note.html %}".to_string()),
        1 => Just("https://bare.example/x?y=1".to_string()),
        1 => word().prop_map(|w| format!("<span>{w}</span>")),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..6).prop_map(|v| v.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..4, line()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        prop::collection::vec(line(), 1..4).prop_map(|v| v.join("\n")),
        prop::collection::vec((line(), prop::option::of(line())), 1..4).prop_map(|items| {
            items
                .into_iter()
                .map(|(a, b)| match b {
                    Some(b) => format!("- {a}\n  - {b}"),
                    None => format!("- {a}"),
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        prop::collection::vec(line(), 1..4).prop_map(|v| v
            .iter()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n")),
        (word(), word(), word(), word())
            .prop_map(|(a, b, c, d)| format!("| {a} | {b} |\n|---|---|\n| {c} | {d} |")),
        line().prop_map(|l| format!("```\n{l}\n```")),
        line().prop_map(|l| format!("{{% raw %}}\n{l}\n\n{l}\n{{% endraw %}}")),
        line().prop_map(|l| format!("1. {l}\n\n   {l}")),
    ]
}

fn post() -> impl Strategy<Value = String> {
    (
        prop::option::of(word()),
        prop::collection::vec(block(), 0..8),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(title, blocks, crlf, bom)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            if let Some(t) = title {
                s.push_str(&format!("---\nlayout: post\ntitle: \"{t}\"\n---\n\n"));
            }
            s.push_str(&blocks.join("\n\n"));
            s.push('\n');
            if crlf { s.replace('\n', "\r\n") } else { s }
        })
}

/// A stand-in translation: Hangul runs become Latin, tags and line breaks stay.
fn fake_translate(text: &str) -> String {
    let mut out = String::new();
    let mut in_hangul = false;
    for c in text.chars() {
        let h = ('가'..='힣').contains(&c);
        if h && !in_hangul {
            out.push_str("tr");
        }
        if !h {
            out.push(c);
        }
        in_hangul = h;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn identity_merge_is_byte_exact(src in post()) {
        let doc = Document::parse("p.md", src.as_bytes(), &ParseOptions::default()).unwrap();
        let same: HashMap<_, _> = doc.segments().iter().map(|s| (s.id.clone(), s.text.clone())).collect();
        prop_assert_eq!(doc.render("p.md", &same, &[]).unwrap(), src.clone());
        prop_assert_eq!(doc.render("p.md", &HashMap::new(), &[]).unwrap(), src);
    }

    #[test]
    fn translated_post_segments_back_to_the_translations(src in post()) {
        let opts = ParseOptions::default();
        let doc = Document::parse("p.md", src.as_bytes(), &opts).unwrap();
        let tr: HashMap<_, _> = doc.segments().iter().map(|s| (s.id.clone(), fake_translate(&s.text))).collect();
        let out = doc.render("p.md", &tr, &[]).unwrap();
        let again = Document::parse("p.md", out.as_bytes(), &opts).unwrap();
        let want: Vec<_> = doc.segments().iter().map(|s| (s.kind, fake_translate(&s.text))).collect();
        let got: Vec<_> = again.segments().iter().map(|s| (s.kind, s.text.clone())).collect();
        prop_assert_eq!(got, want, "output:\n{}", out);
    }
}
