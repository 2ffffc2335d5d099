//! Whatever a backend answers: reply parsing, markup decoding and tag checks never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pairs) = l10n::backend::wire::parse_reply(text) {
        for (_, t) in pairs {
            let _ = l10n::document::tags::check_tags("<g1>a</g1> <x2/>", &t);
        }
    }
    let numbered = l10n::backend::Request {
        segments: vec![
            (l10n::document::SegmentId("a".into()), "<g1>a</g1> <x2/>".into()),
            (l10n::document::SegmentId("b".into()), "요약".into()),
        ],
        places: vec![
            l10n::backend::Place::default(),
            l10n::backend::Place {
                heading: Some(3),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    if let Ok(pairs) = l10n::backend::wire::parse_numbered(text, &numbered) {
        for (_, t) in pairs {
            let _ = l10n::document::tags::check_tags("<g1>a</g1> <x2/>", &t);
        }
    }
    let decoded = l10n::backend::markup::from_markup(text);
    let _ = l10n::backend::markup::to_markup(&decoded);
    let _ = l10n::document::tags::check_tags(text, &decoded);
    let _ = l10n::qa::numbers::check(text, &decoded);
});
