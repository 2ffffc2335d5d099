//! Front matter of any shape: parse, and set keys on it, never panics.
#![no_main]

use l10n::document::{Document, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    let post = format!("---\n{yaml}\n---\n본문입니다.\n");
    if let Ok(doc) = Document::parse("f.md", post.as_bytes(), &ParseOptions::default()) {
        let tr = doc.segments().iter().map(|s| (s.id.clone(), format!("\"{}'", s.text))).collect();
        if let Ok(out) = doc.render("f.md", &tr, &[("lang".into(), "en".into())]) {
            // What we write must read back.
            Document::parse("t.md", out.as_bytes(), &ParseOptions::default()).expect("our output parses");
        }
    }
});
