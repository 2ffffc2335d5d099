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
