//! What goes on the wire. The LLM backends (openai, anthropic) send stable instructions
//! (with the house style) and a plain-text user message listing the segments under short
//! numbers, and read `{"1": "...", "2": "..."}` back. The command backend keeps its JSON
//! contract: a request document in, `{"translations": [{"id", "text"}]}` out.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::prompt::Style;
use super::{Place, Request};
use crate::document::SegmentId;

/// Bumped whenever the instructions change, so cached replies of an older prompt are not
/// reused.
pub const PROMPT_VERSION: u32 = 3;

/// The instructions every LLM request starts with: stable for a run (and across runs), so
/// providers' prompt caches hold them.
pub fn instructions(source_lang: &str, target_lang: &str, style: Option<&Style>) -> String {
    let mut s = format!(
        "Translate the numbered segments of a post from {source_lang} to {target_lang}. \
Reply with only JSON, one entry per number: {{\"1\": \"...\"}}.
- Keep each tag (<g1>...</g1>, <x2/>) once; move it freely. Keep line breaks.
- ## marks a heading: translate only its text.
- Title:, Before:, After:, (under:, (section: lines are context only.
- Follow the glossary and examples.
- A name glossed in parentheses is written once: 폭스콘(Foxconn) is Foxconn, never Foxconn (Foxconn).
- Add no links or notes."
    );
    if let Some(style) = style {
        s.push_str("\n\nHouse style:\n");
        s.push_str(&style.text);
    }
    s
}

/// The prompt version of an LLM backend: the instructions' version and the style guide's
/// hash.
pub fn prompt_version(style: Option<&Style>) -> String {
    match style {
        Some(s) => format!("{PROMPT_VERSION}+{}", s.hash),
        None => PROMPT_VERSION.to_string(),
    }
}

/// The heading marker a segment is listed with (`## `), empty for other segments.
fn marker(place: Option<&Place>) -> String {
    match place.and_then(|p| p.heading) {
        Some(level) => format!("{} ", "#".repeat(usize::from(level))),
        None => String::new(),
    }
}

/// The user message of an LLM request: what varies least first (glossary, examples, title,
/// correction), then the segments with their context, each segment as `[N] text` under a
/// short per-request number instead of its id.
pub fn user_message(req: &Request) -> String {
    let mut s = String::with_capacity(req.chars() * 5 / 4 + 256);
    // Names kept as written go on one line instead of `OpenAI = OpenAI` each.
    let (keep, terms): (Vec<_>, Vec<_>) = req
        .glossary
        .iter()
        .partition(|t| t.source == t.target && t.note.is_none());
    if !terms.is_empty() || !keep.is_empty() {
        s.push_str("Glossary:\n");
        if !keep.is_empty() {
            let names: Vec<&str> = keep.iter().map(|t| t.source.as_str()).collect();
            s.push_str(&format!("Keep as is: {}\n", names.join(", ")));
        }
        for t in terms {
            s.push_str(&t.source);
            s.push_str(" = ");
            s.push_str(&t.target);
            if let Some(n) = &t.note {
                s.push_str(" (");
                s.push_str(n);
                s.push(')');
            }
            s.push('\n');
        }
    }
    if !req.examples.is_empty() {
        s.push_str("Examples:\n");
        for (ko, en) in &req.examples {
            s.push_str(&format!(
                "{}: {ko}\n{}: {en}\n",
                req.source_lang, req.target_lang
            ));
        }
    }
    if let Some(t) = &req.title {
        s.push_str(&format!("Title: {t}\n"));
    }
    if let Some(c) = &req.correction {
        s.push_str(&format!("Correction: {c}\n"));
    }
    for b in &req.before {
        s.push_str(&format!("Before: {b}\n"));
    }
    for (i, (_, text)) in req.segments.iter().enumerate() {
        let place = req.places.get(i);
        if let Some(p) = place.filter(|p| !p.under.is_empty()) {
            s.push_str(&format!("(under: {})\n", p.under.join(" > ")));
        }
        s.push_str(&format!("[{}] {}{text}\n", i + 1, marker(place)));
        if let Some(sec) = place.and_then(|p| p.section.as_deref()) {
            s.push_str(&format!("(section: {sec})\n"));
        }
    }
    for a in &req.after {
        s.push_str(&format!("After: {a}\n"));
    }
    s
}

/// The reply schema for servers that take one: an object of strings. Not strict by
/// default: a strict schema lists every key of the request, about 20 characters a segment
/// that a paid API charges for, and the reply is validated key by key anyway. With
/// `exact` (`exact_keys = true`, for local servers that turn the schema into a grammar)
/// the model can neither invent a key nor leave a number out.
pub fn reply_schema(req: &Request, exact: bool) -> serde_json::Value {
    if !exact {
        return json!({"type": "object", "additionalProperties": {"type": "string"}});
    }
    let keys: Vec<String> = (1..=req.segments.len()).map(|n| n.to_string()).collect();
    let properties: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| (k.clone(), json!({"type": "string"})))
        .collect();
    json!({"type": "object", "properties": properties, "required": keys, "additionalProperties": false})
}

/// Reads `{"1": "...", "2": "..."}` from a model's answer to `req` (tolerating a code fence
/// or text around it) and maps the numbers back to segment ids. A number the request did
/// not hold comes back as an id no segment has, so the scheduler refuses the reply; a
/// repeated number comes back twice.
pub fn parse_numbered(content: &str, req: &Request) -> Result<Vec<(SegmentId, String)>, String> {
    let object = outermost_object(content).ok_or("no JSON object in the reply")?;
    let pairs: Numbered = serde_json::from_str(object)
        .map_err(|e| format!("reply is not {{\"1\": \"...\"}}: {e}"))?;
    Ok(pairs
        .0
        .into_iter()
        .map(|(key, text)| {
            let slot = key
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| req.segments.get(i).map(|s| (i, s)));
            match slot {
                Some((i, (id, _))) => {
                    let m = marker(req.places.get(i));
                    let text = match text.strip_prefix(m.as_str()) {
                        Some(rest) if !m.is_empty() => rest.to_owned(),
                        _ => text,
                    };
                    (id.clone(), text)
                }
                None => (SegmentId(format!("#{key}")), text),
            }
        })
        .collect())
}

/// The text from the first `{` to the last `}`, or the whole text when it parses as is.
fn outermost_object(content: &str) -> Option<&str> {
    let trimmed = content.trim();
    let start = trimmed.find('{')?;
    let end = trimmed.rfind('}')?;
    (end > start).then(|| &trimmed[start..=end])
}

/// A JSON object's (key, string) pairs in order, duplicates kept.
struct Numbered(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Numbered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Numbered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Numbered, A::Error> {
                let mut v = Vec::new();
                while let Some(pair) = m.next_entry::<String, String>()? {
                    v.push(pair);
                }
                Ok(Numbered(v))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Serialize)]
struct WireSegment<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    heading: Option<u8>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    under: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
}

#[derive(Serialize)]
struct WireTerm<'a> {
    source: &'a str,
    target: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct WireExample<'a> {
    source: &'a str,
    target: &'a str,
}

/// The command backend's request document: the whole request as JSON with real segment
/// ids (a program's contract, so fields are only ever added).
pub fn request_json(req: &Request, style: Option<&Style>) -> String {
    let no_place = Place::default();
    let mut doc = json!({
        "source_lang": req.source_lang,
        "target_lang": req.target_lang,
        "context": {"title": req.title, "before": req.before, "after": req.after},
        "glossary": req.glossary.iter().map(|t| WireTerm {
            source: &t.source,
            target: &t.target,
            note: t.note.as_deref(),
        }).collect::<Vec<_>>(),
        "segments": req.segments.iter().enumerate().map(|(i, (id, text))| {
            let p = req.places.get(i).unwrap_or(&no_place);
            WireSegment {
                id: &id.0,
                text,
                heading: p.heading,
                under: &p.under,
                section: p.section.as_deref(),
            }
        }).collect::<Vec<_>>(),
    });
    if !req.examples.is_empty() {
        doc["examples"] = json!(
            req.examples
                .iter()
                .map(|(s, t)| WireExample {
                    source: s,
                    target: t
                })
                .collect::<Vec<_>>()
        );
    }
    if let Some(s) = style {
        doc["style"] = json!(s.text);
    }
    if let Some(c) = &req.correction {
        doc["correction"] = json!(c);
    }
    doc.to_string()
}

#[derive(Deserialize)]
struct Reply {
    translations: Vec<ReplyEntry>,
}

#[derive(Deserialize)]
struct ReplyEntry {
    id: String,
    text: String,
}

/// Reads `{"translations": [...]}` from a model's answer, tolerating a Markdown code fence
/// or text around the JSON. Anything else is an error (a failed attempt).
pub fn parse_reply(content: &str) -> Result<Vec<(SegmentId, String)>, String> {
    let trimmed = content.trim();
    if let Ok(r) = serde_json::from_str::<Reply>(trimmed) {
        return Ok(entries(r));
    }
    let object = outermost_object(trimmed).ok_or("no JSON object in the reply")?;
    serde_json::from_str::<Reply>(object)
        .map(entries)
        .map_err(|e| format!("reply is not {{\"translations\": [...]}}: {e}"))
}

fn entries(r: Reply) -> Vec<(SegmentId, String)> {
    r.translations
        .into_iter()
        .map(|e| (SegmentId(e.id), e.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_fences_and_prose() {
        let plain = r#"{"translations": [{"id": "a", "text": "x"}]}"#;
        let fenced = format!("```json\n{plain}\n```");
        let chatty = format!("Sure! Here you go:\n{plain}\nHope this helps.");
        for c in [plain.to_owned(), fenced, chatty] {
            assert_eq!(
                parse_reply(&c).unwrap(),
                vec![(SegmentId("a".into()), "x".into())]
            );
        }
    }

    #[test]
    fn rejects_everything_else() {
        for c in [
            "",
            "no json",
            "{\"translations\": 3}",
            "{\"foo\": []}",
            "{ broken",
        ] {
            assert!(parse_reply(c).is_err(), "{c}");
        }
    }

    fn req() -> Request {
        Request {
            source_lang: "ko".into(),
            target_lang: "en".into(),
            title: Some("AI 뉴스".into()),
            glossary: vec![super::super::RequestTerm {
                source: "에이전트".into(),
                target: "agent".into(),
                note: Some("not broker".into()),
            }],
            segments: vec![
                (SegmentId("a1b2c3d4e5f60718".into()), "요약".into()),
                (
                    SegmentId("s2".into()),
                    "<g1>에이전트</g1>가\n둘째 줄".into(),
                ),
            ],
            places: vec![
                Place {
                    heading: Some(3),
                    under: vec!["폭스콘 소식".into()],
                    section: None,
                },
                Place::default(),
            ],
            before: vec!["앞 문단".into()],
            after: vec!["뒤 문단".into()],
            examples: vec![("폭스콘이".into(), "Foxconn".into())],
            correction: None,
        }
    }

    #[test]
    fn command_request_carries_the_contract_fields() {
        let style = Style::new("Sentence case.");
        let v: serde_json::Value =
            serde_json::from_str(&request_json(&req(), style.as_ref())).unwrap();
        assert_eq!(v["source_lang"], "ko");
        assert_eq!(v["context"]["title"], "AI 뉴스");
        assert_eq!(v["context"]["before"][0], "앞 문단");
        assert_eq!(v["glossary"][0]["target"], "agent");
        assert_eq!(v["glossary"][0]["note"], "not broker");
        assert_eq!(v["segments"][0]["id"], "a1b2c3d4e5f60718");
        assert_eq!(v["segments"][0]["heading"], 3);
        assert_eq!(v["segments"][0]["under"][0], "폭스콘 소식");
        assert!(v["segments"][1].get("heading").is_none());
        assert_eq!(v["examples"][0]["target"], "Foxconn");
        assert_eq!(v["style"], "Sentence case.");
        assert!(v.get("correction").is_none());
    }

    #[test]
    fn the_user_message_lists_numbers_not_ids() {
        let m = user_message(&req());
        assert_eq!(
            m,
            "Glossary:\n에이전트 = agent (not broker)\nExamples:\nko: 폭스콘이\nen: Foxconn\nTitle: AI 뉴스\nBefore: 앞 문단\n(under: 폭스콘 소식)\n[1] ### 요약\n[2] <g1>에이전트</g1>가\n둘째 줄\nAfter: 뒤 문단\n"
        );
        assert!(!m.contains("a1b2c3d4e5f60718"));
    }

    #[test]
    fn numbered_replies_map_back_to_ids() {
        let r = req();
        let got = parse_numbered(
            "```json\n{\"1\": \"### Summary\", \"2\": \"The <g1>agent</g1>\\nline two\"}\n```",
            &r,
        )
        .unwrap();
        assert_eq!(
            got[0],
            (SegmentId("a1b2c3d4e5f60718".into()), "Summary".into())
        );
        assert_eq!(got[1].0, SegmentId("s2".into()));
        // Unknown and repeated numbers stay visible to the scheduler's checks.
        let got = parse_numbered(r#"{"1": "a", "1": "b", "7": "c"}"#, &r).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, got[1].0);
        assert_eq!(got[2].0, SegmentId("#7".into()));
        for bad in ["", "[]", "{\"1\": 3}", "{ broken"] {
            assert!(parse_numbered(bad, &r).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Any text a model may write comes back as written, under the right id, whatever
        /// quotes, escapes or line breaks it holds; any reply at all parses or is refused
        /// without a panic.
        #[test]
        fn numbered_replies_round_trip(texts in proptest::collection::vec("[^#]\\PC{0,40}", 1..6), junk in "\\PC{0,80}") {
            let r = Request {
                segments: texts.iter().enumerate().map(|(i, t)| (SegmentId(format!("id{i}")), t.clone())).collect(),
                places: texts.iter().map(|_| Place { heading: Some(2), ..Place::default() }).collect(),
                ..req()
            };
            let reply: serde_json::Map<String, serde_json::Value> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| ((i + 1).to_string(), t.clone().into()))
                .collect();
            let got = parse_numbered(&serde_json::Value::Object(reply).to_string(), &r).unwrap();
            proptest::prop_assert_eq!(got, r.segments.clone());
            let _ = parse_numbered(&junk, &r);
        }
    }

    #[test]
    fn the_style_guide_is_in_the_instructions_and_the_version() {
        let style = Style::new("Write numbers the English way.").unwrap();
        assert!(instructions("ko", "en", Some(&style)).ends_with("Write numbers the English way."));
        assert!(instructions("ko", "en", None).contains("never Foxconn (Foxconn)"));
        assert_ne!(prompt_version(Some(&style)), prompt_version(None));
        let other = Style::new("Title Case.").unwrap();
        assert_ne!(prompt_version(Some(&style)), prompt_version(Some(&other)));
    }
}
