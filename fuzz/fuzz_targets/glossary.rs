//! Any glossary.toml: parse, lint, compile and match never panic.
#![no_main]

use l10n::glossary::{Glossary, TermIndex, tools};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = Glossary::parse("g.toml", text) {
        let _ = tools::lint(&g, "ko", "en");
        let ix = TermIndex::new(&g, "ko", "en", true);
        let _ = ix.verify(text, text);
        let _ = tools::add("g.toml", text, "ko", "새말", "en", "new", None);
    }
    // The text as something to match in.
    let g = Glossary::parse("g.toml", "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n").expect("fixed");
    let ix = TermIndex::new(&g, "ko", "en", true);
    let _ = ix.matches(text);
    let _ = l10n::glossary::matcher::english_contains(text, "physical AI", false);
});
