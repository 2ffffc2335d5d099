//! Any post that parses must come back byte for byte from its own segments, and a
//! translated post must parse again.
#![no_main]

use std::collections::HashMap;

use l10n::document::{Document, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::parse("f.md", data, &ParseOptions::default()) else {
        return;
    };
    let same: HashMap<_, _> = doc.segments().iter().map(|s| (s.id.clone(), s.text.clone())).collect();
    let out = doc.render("f.md", &same, &[]).expect("identity renders");
    assert_eq!(out.as_bytes(), data);
    let none = doc.render("f.md", &HashMap::new(), &[]).expect("empty renders");
    assert_eq!(none.as_bytes(), data);
    let upper: HashMap<_, _> = doc
        .segments()
        .iter()
        .map(|s| (s.id.clone(), l10n::backend::romanize::romanize(&s.text)))
        .collect();
    if let Ok(t) = doc.render("f.md", &upper, &[("lang".into(), "en".into())]) {
        let _ = Document::parse("t.md", t.as_bytes(), &ParseOptions::default());
    }
});
