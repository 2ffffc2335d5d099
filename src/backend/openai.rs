//! Any OpenAI-compatible Chat Completions server: OpenAI, Gemini's OpenAI endpoint,
//! OpenRouter, llama.cpp's llama-server, Ollama, vLLM, LM Studio.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings, Refusal};
use super::prompt::output_limit;
use super::sse::{Assemble, Event, Step, json as event_json};
use super::wire::{instructions, parse_numbered, reply_schema, user_message};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::{BackendConfig, Choice, MaxTokensField, StructuredOutput};
use crate::document::SegmentId;
use crate::state::Status;

pub struct OpenAi {
    common: Common,
    http: Http,
    url: String,
    key: Option<String>,
    structured: StructuredOutput,
    /// `max_completion_tokens` (OpenAI's own API, where reasoning models refuse
    /// `max_tokens`) or `max_tokens` (what other servers read).
    limit_field: MaxTokensField,
    max_tokens: Option<u32>,
    /// Ask for the answer as server-sent events (`stream = true`).
    stream: bool,
    /// The schema lists exactly the request's numbers (`exact_keys`).
    exact_keys: bool,
}

impl OpenAi {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: Option<String>,
        settings: HttpSettings,
    ) -> Result<OpenAi, BackendError> {
        let structured = match &cfg.structured_output {
            None => StructuredOutput::default(),
            Some(Choice::Known(s)) => *s,
            Some(Choice::Unknown(other)) => {
                return Err(BackendError::setup(
                    &common.name,
                    "detail-backend-structured-output",
                    vec![("value", other.clone())],
                ));
            }
        };
        if common.model.is_empty() {
            return Err(BackendError::setup(
                &common.name,
                "detail-backend-no-model",
                vec![("kind", "openai".into())],
            ));
        }
        let base = cfg
            .base_url()
            .unwrap_or_else(|| "https://api.openai.com/v1".into());
        let limit_field = match cfg.max_tokens_field() {
            Some(f) => f,
            None if base.starts_with("https://api.openai.com/") => {
                MaxTokensField::MaxCompletionTokens
            }
            None => MaxTokensField::MaxTokens,
        };
        Ok(OpenAi {
            http: Http::new(&common.name, settings, key.iter().cloned().collect())?,
            url: format!("{}/chat/completions", base.trim_end_matches('/')),
            common,
            key,
            structured,
            limit_field,
            max_tokens: cfg.max_tokens,
            exact_keys: cfg.exact_keys.unwrap_or(false),
            stream: cfg.stream.as_ref().is_some_and(|s| *s.get_ref()),
        })
    }

    fn body(&self, req: &Request) -> Value {
        let mut body = json!({
            "model": self.common.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": instructions(&req.source_lang, &req.target_lang, self.common.style.as_ref())},
                {"role": "user", "content": user_message(req)},
            ],
        });
        body[self.limit_field.key()] = json!(output_limit(req, self.max_tokens));
        // No `stream_options`: usage is estimated locally, and a strict server could refuse
        // the key.
        if self.stream {
            body["stream"] = json!(true);
        }
        match self.structured {
            // Not strict unless `exact_keys`: see `reply_schema`.
            StructuredOutput::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {"name": "translations", "schema": reply_schema(req, self.exact_keys)},
                });
            }
            StructuredOutput::JsonObject => {
                body["response_format"] =
                    json!({"type": "json_object", "schema": reply_schema(req, self.exact_keys)});
            }
            StructuredOutput::None => {}
        }
        body
    }
}

/// The translations in a Chat Completions answer; an answer cut off at the output limit
/// is refused for good, so the scheduler splits the batch instead of asking again.
pub(crate) fn content(
    body: &str,
    req: &Request,
    usage: &super::http::UsageCounter,
) -> Result<Vec<(SegmentId, String)>, Refusal> {
    let v: Value =
        serde_json::from_str(body).map_err(|e| format!("malformed JSON from server: {e}"))?;
    usage.record(crate::cost::Usage::from_reply(&v));
    if v["choices"][0]["finish_reason"] == "length" {
        return Err(Refusal::final_("reply cut off at the output limit"));
    }
    let text = v["choices"][0]["message"]["content"]
        .as_str()
        .ok_or("no choices[0].message.content in the reply")?;
    Ok(parse_numbered(text, req)?)
}

/// A streamed Chat Completions answer: `choices[0].delta.content` pieces up to
/// `data: [DONE]`.
#[derive(Debug, Default)]
struct Deltas {
    /// A `finish_reason` other than `length` has been seen.
    finished: bool,
}

impl Assemble for Deltas {
    fn event(&mut self, event: &Event) -> Result<Step, Refusal> {
        if event.data.trim() == "[DONE]" {
            return Ok(Step::Done);
        }
        let v = event_json(event)?;
        if let Some(e) = v.get("error") {
            let message = e["message"].as_str().unwrap_or("no message");
            return Err(format!("server error in the stream: {message}").into());
        }
        let choice = &v["choices"][0];
        match choice["finish_reason"].as_str() {
            Some("length") => return Err(Refusal::final_("reply cut off at the output limit")),
            Some(_) => self.finished = true,
            None => {}
        }
        Ok(match choice["delta"]["content"].as_str() {
            Some(t) if !t.is_empty() => Step::Text(t.to_owned()),
            _ => Step::Quiet,
        })
    }

    fn ended(&self) -> Result<(), Refusal> {
        if self.finished {
            Ok(())
        } else {
            Err("the stream ended before its finish_reason".into())
        }
    }
}

impl Translator for OpenAi {
    fn origin(&self) -> String {
        format!("openai:{}", self.common.model)
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
                let r = c.post(&self.url).json(&body);
                match &self.key {
                    Some(k) => r.bearer_auth(k),
                    None => r,
                }
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
