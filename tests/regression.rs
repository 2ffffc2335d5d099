//! Regression tests named after the bug they pin; inputs found by `cargo fuzz` live in
//! tests/fixtures/fuzz/.

use std::collections::HashMap;

use l10n::document::{Document, DocumentError, ParseOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/fuzz/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn identity(bytes: &[u8]) -> String {
    let doc = Document::parse("f.md", bytes, &ParseOptions::default()).unwrap();
    let same: HashMap<_, _> = doc
        .segments()
        .iter()
        .map(|s| (s.id.clone(), s.text.clone()))
        .collect();
    doc.render("f.md", &same, &[]).unwrap()
}

/// Liquid that swallowed Markdown's soft break left a raw newline among the words, and the
/// identity merge turned it into a space.
#[test]
fn liquid_swallowing_a_line_break_round_trips() {
    let bytes = fixture("roundtrip-liquid-swallows-break.md");
    assert_eq!(identity(&bytes).as_bytes(), &bytes[..]);
}

/// A control character in front matter was accepted on read, then our own output (with
/// `lang: en` added) failed to parse.
#[test]
fn control_characters_in_front_matter_are_refused() {
    let yaml = fixture("front-matter-control-char.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let e = Document::parse("f.md", &post, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(e, DocumentError::InvalidYaml { line: 2, .. }),
        "{e:?}"
    );
}

/// Image alt text running over two lines became one segment with a raw newline, which the
/// identity merge turned into a space.
#[test]
fn alt_text_across_lines_round_trips() {
    let bytes = fixture("roundtrip-alt-text-across-lines.md");
    assert_eq!(identity(&bytes).as_bytes(), &bytes[..]);
    let small = "![첫 줄\n둘째 줄](a.png)\n";
    assert_eq!(identity(small.as_bytes()), small);
}

/// Front matter that is YAML null (`~`) was taken as an empty mapping, and adding
/// `lang: en` to it wrote YAML that does not parse.
#[test]
fn null_front_matter_is_not_a_mapping() {
    let yaml = fixture("front-matter-null.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let e = Document::parse("f.md", &post, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(e, DocumentError::FrontMatterNotMapping { .. }),
        "{e:?}"
    );
    let comments = Document::parse(
        "f.md",
        b"---\n# only a comment\n---\n",
        &ParseOptions::default(),
    )
    .unwrap();
    let out = comments
        .render("f.md", &HashMap::new(), &[("lang".into(), "en".into())])
        .unwrap();
    assert!(Document::parse("t.md", out.as_bytes(), &ParseOptions::default()).is_ok());
}

/// A front matter line holding only a tab parsed as null, and the `lang: en` added after it
/// did not read back.
#[test]
fn tab_indented_front_matter_lines_are_refused() {
    let yaml = fixture("front-matter-tab-line.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let e = Document::parse("f.md", &post, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(e, DocumentError::InvalidYaml { ref detail, .. } if detail.english().contains("tabs")),
        "{e:?}"
    );
}

/// A front matter whose first key was indented took `lang: en` at column 1 below it and
/// read back as two YAML documents.
#[test]
fn indented_front_matter_keys_are_refused() {
    let yaml = fixture("front-matter-indented-key.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let e = Document::parse("f.md", &post, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(e, DocumentError::InvalidYaml { ref detail, .. } if detail.english().contains("indented")),
        "{e:?}"
    );
}

/// `lang:` with no value was not recognised as the key, so the target got a second `lang`.
#[test]
fn a_key_without_a_value_takes_the_target_value() {
    let yaml = fixture("front-matter-empty-lang.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let doc = Document::parse("f.md", &post, &ParseOptions::default()).unwrap();
    let out = doc
        .render("f.md", &HashMap::new(), &[("lang".into(), "en".into())])
        .unwrap();
    assert_eq!(out.matches("lang:").count(), 1, "{out}");
    assert!(out.contains("lang: en"), "{out}");
    Document::parse("t.md", out.as_bytes(), &ParseOptions::default()).unwrap();
    // A value l10n does not rewrite (a list) stays as the source has it.
    let list = Document::parse(
        "f.md",
        b"---\nlang:\n  - ko\n---\n",
        &ParseOptions::default(),
    )
    .unwrap();
    let out = list
        .render("f.md", &HashMap::new(), &[("lang".into(), "en".into())])
        .unwrap();
    assert_eq!(out, "---\nlang:\n  - ko\n---\n");
}

/// A flow mapping (`{0}`) as the whole front matter could not take `lang: en` on a line
/// of its own.
#[test]
fn flow_style_front_matter_is_refused() {
    let yaml = fixture("front-matter-flow-mapping.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    let e = Document::parse("f.md", &post, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(e, DocumentError::InvalidYaml { ref detail, .. } if detail.english().contains("block mapping")),
        "{e:?}"
    );
}

/// A front matter holding only a no-break space looked blank to Rust's `trim` but is a
/// YAML scalar, so keys added after it did not read back.
#[test]
fn a_no_break_space_is_content_in_front_matter() {
    let yaml = fixture("front-matter-nbsp.yaml");
    let post = [b"---\n".as_slice(), &yaml, b"\n---\nbody\n"].concat();
    match Document::parse("f.md", &post, &ParseOptions::default()) {
        Err(_) => {}
        Ok(doc) => {
            let out = doc
                .render("f.md", &HashMap::new(), &[("lang".into(), "en".into())])
                .unwrap();
            Document::parse("t.md", out.as_bytes(), &ParseOptions::default())
                .expect("output reads back");
        }
    }
}
