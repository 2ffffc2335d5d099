//! The JSON contract shared by the LLM backends (openai, anthropic) and the command
//! backend: one request document in, `{"translations": [{"id", "text"}]}` out.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Request;
use crate::document::SegmentId;

/// Bumped whenever the instructions change, so cached replies of an older prompt are not
/// reused.
pub const PROMPT_VERSION: u32 = 1;

pub const SYSTEM_PROMPT: &str = "You translate segments of a Markdown blog post. \
The user message is a JSON document with source_lang, target_lang, context (the post title), \
glossary (required term translations) and segments (id, text). Translate every segment's text \
from source_lang to target_lang. Inline tags such as <g1>…</g1> and <x2/> stand for markup: \
keep every tag exactly once, you may move them to fit the target word order, never add or drop \
one. Keep line breaks. Use the glossary target for every glossary source term. Do not add \
links, URLs or explanations. Answer with only a JSON object: \
{\"translations\": [{\"id\": \"<segment id>\", \"text\": \"<translation>\"}]} with one entry \
per segment id.";

#[derive(Serialize)]
struct WireSegment<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct WireTerm<'a> {
    source: &'a str,
    target: &'a str,
}

/// The user message: what the model translates.
pub fn request_json(req: &Request) -> String {
    let mut doc = json!({
        "source_lang": req.source_lang,
        "target_lang": req.target_lang,
        "context": {"title": req.title},
        "glossary": req.glossary.iter().map(|(s, t)| WireTerm { source: s, target: t }).collect::<Vec<_>>(),
        "segments": req.segments.iter().map(|(id, text)| WireSegment { id: &id.0, text }).collect::<Vec<_>>(),
    });
    if let Some(c) = &req.correction {
        doc["correction"] = json!(c);
    }
    doc.to_string()
}

/// The JSON schema of a reply, for servers that enforce structured output.
pub fn reply_schema() -> serde_json::Value {
    json!({
        "type": "object",
        "properties": {
            "translations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                    "required": ["id", "text"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["translations"],
        "additionalProperties": false
    })
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
    // The outermost JSON object in the text.
    let start = trimmed.find('{').ok_or("no JSON object in the reply")?;
    let end = trimmed.rfind('}').ok_or("no JSON object in the reply")?;
    if end <= start {
        return Err("no JSON object in the reply".into());
    }
    serde_json::from_str::<Reply>(&trimmed[start..=end])
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

    #[test]
    fn request_carries_the_contract_fields() {
        let req = Request {
            source_lang: "ko".into(),
            target_lang: "en".into(),
            title: Some("AI 뉴스".into()),
            glossary: vec![("에이전트".into(), "agent".into())],
            segments: vec![(SegmentId("s1".into()), "<g1>에이전트</g1>".into())],
            correction: None,
        };
        let v: serde_json::Value = serde_json::from_str(&request_json(&req)).unwrap();
        assert_eq!(v["source_lang"], "ko");
        assert_eq!(v["context"]["title"], "AI 뉴스");
        assert_eq!(v["glossary"][0]["target"], "agent");
        assert_eq!(v["segments"][0]["id"], "s1");
        assert!(v.get("correction").is_none());
    }
}
