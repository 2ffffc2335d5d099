//! Anthropic's Messages API: the same instructions and user message as the openai backend;
//! the instructions (with the style guide) are one system block marked for prompt caching.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings, Refusal};
use super::prompt::output_limit;
use super::sse::{Assemble, Event, Step, json as event_json};
use super::wire::{instructions, parse_numbered, user_message};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::BackendConfig;
use crate::document::SegmentId;
use crate::state::Status;

pub struct Anthropic {
    common: Common,
    http: Http,
    url: String,
    key: String,
    version: String,
    /// The model's own output limit; each request asks for what its batch needs, up to it.
    max_tokens: u32,
    /// Ask for the answer as server-sent events (`stream = true`).
    stream: bool,
}

impl Anthropic {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: String,
        settings: HttpSettings,
    ) -> Result<Anthropic, BackendError> {
        if common.model.is_empty() {
            return Err(BackendError::setup(
                &common.name,
                "detail-backend-no-model",
                vec![("kind", "anthropic".into())],
            ));
        }
        let base = cfg
            .base_url()
            .unwrap_or_else(|| "https://api.anthropic.com".into());
        Ok(Anthropic {
            http: Http::new(&common.name, settings, vec![key.clone()])?,
            url: format!("{}/v1/messages", base.trim_end_matches('/')),
            common,
            key,
            version: cfg
                .api_version
                .clone()
                .unwrap_or_else(|| "2023-06-01".into()),
            max_tokens: cfg.max_tokens.unwrap_or(8192),
            stream: cfg.stream.as_ref().is_some_and(|s| *s.get_ref()),
        })
    }

    fn body(&self, req: &Request) -> Value {
        let mut body = json!({
            "model": self.common.model,
            "max_tokens": output_limit(req, Some(self.max_tokens)),
            "temperature": 0,
            "system": [{
                "type": "text",
                "text": instructions(&req.source_lang, &req.target_lang, self.common.style.as_ref()),
                "cache_control": {"type": "ephemeral"},
            }],
            "messages": [{"role": "user", "content": user_message(req)}],
        });
        if self.stream {
            body["stream"] = json!(true);
        }
        body
    }
}

/// The translations in a Messages answer; one cut off at `max_tokens` is refused for good,
/// so the scheduler splits the batch instead of asking again.
pub(crate) fn content(
    body: &str,
    req: &Request,
    usage: &super::http::UsageCounter,
) -> Result<Vec<(SegmentId, String)>, Refusal> {
    let v: Value =
        serde_json::from_str(body).map_err(|e| format!("malformed JSON from server: {e}"))?;
    usage.record(crate::cost::Usage::from_reply(&v));
    if v["stop_reason"] == "max_tokens" {
        return Err(Refusal::final_("reply cut off at max_tokens"));
    }
    let text: String = v["content"]
        .as_array()
        .ok_or("no content in the reply")?
        .iter()
        .filter(|b| b["type"] == "text")
        .filter_map(|b| b["text"].as_str())
        .collect();
    Ok(parse_numbered(&text, req)?)
}

/// A streamed Messages answer: `content_block_delta` text pieces up to `message_stop`.
#[derive(Debug, Default)]
struct Deltas {
    /// `message_delta` gave a stop reason other than `max_tokens`.
    stopped: bool,
}

impl Assemble for Deltas {
    fn event(&mut self, event: &Event) -> Result<Step, Refusal> {
        let v = event_json(event)?;
        match v["type"].as_str().unwrap_or_default() {
            "content_block_delta" => Ok(match v["delta"]["text"].as_str() {
                Some(t) if !t.is_empty() => Step::Text(t.to_owned()),
                _ => Step::Quiet,
            }),
            "message_delta" => match v["delta"]["stop_reason"].as_str() {
                Some("max_tokens") => Err(Refusal::final_("reply cut off at max_tokens")),
                Some(_) => {
                    self.stopped = true;
                    Ok(Step::Quiet)
                }
                None => Ok(Step::Quiet),
            },
            "message_stop" => Ok(Step::Done),
            "error" => {
                let kind = v["error"]["type"].as_str().unwrap_or_default();
                let message = format!(
                    "{kind} in the stream: {}",
                    v["error"]["message"].as_str().unwrap_or("no message")
                );
                // The streamed form of a 529, 500 or 429; anything else would fail again.
                Err(
                    if matches!(kind, "overloaded_error" | "api_error" | "rate_limit_error") {
                        Refusal::from(message)
                    } else {
                        Refusal::final_(message)
                    },
                )
            }
            _ => Ok(Step::Quiet),
        }
    }

    fn ended(&self) -> Result<(), Refusal> {
        if self.stopped {
            Ok(())
        } else {
            Err("the stream ended before message_stop".into())
        }
    }
}

impl Translator for Anthropic {
    fn origin(&self) -> String {
        format!("anthropic:{}", self.common.model)
    }
    fn status(&self) -> Status {
        Status::Machine
    }
    llm_translator_methods!();
    fn translate<'a>(
        &'a self,
        req: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<(SegmentId, String)>, BackendError>> {
        Box::pin(async move {
            let body = self.body(req);
            let build = |c: &reqwest::Client| {
                c.post(&self.url)
                    .header("x-api-key", &self.key)
                    .header("anthropic-version", &self.version)
                    .json(&body)
            };
            self.http
                .ask(
                    self.stream,
                    req.chars(),
                    build,
                    Deltas::default,
                    |t| parse_numbered(t, req),
                    |b| content(b, req, &self.http.usage),
                )
                .await
        })
    }
}
