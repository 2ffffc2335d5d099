//! Any OpenAI-compatible Chat Completions server: OpenAI, Gemini's OpenAI endpoint,
//! OpenRouter, llama.cpp's llama-server, Ollama, vLLM, LM Studio.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings};
use super::wire::{PROMPT_VERSION, SYSTEM_PROMPT, parse_reply, reply_schema, request_json};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::BackendConfig;
use crate::document::SegmentId;
use crate::state::Status;

/// How the server is asked for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Structured {
    JsonSchema,
    /// `{"type": "json_object", "schema": …}`: what llama-cpp-python accepts.
    JsonObject,
    None,
}

pub struct OpenAi {
    common: Common,
    http: Http,
    url: String,
    key: Option<String>,
    structured: Structured,
}

impl OpenAi {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: Option<String>,
        settings: HttpSettings,
    ) -> Result<OpenAi, BackendError> {
        let structured = match cfg.structured_output.as_deref() {
            None | Some("json_schema") => Structured::JsonSchema,
            Some("json_object") => Structured::JsonObject,
            Some("none") => Structured::None,
            Some(other) => {
                return Err(BackendError::new(
                    &common.name,
                    format!(
                        "structured_output must be json_schema, json_object or none, not `{other}`"
                    ),
                ));
            }
        };
        if common.model.is_empty() {
            return Err(BackendError::new(
                &common.name,
                "an openai backend needs `model`",
            ));
        }
        let base = cfg
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.openai.com/v1".into());
        Ok(OpenAi {
            http: Http::new(&common.name, settings, key.iter().cloned().collect())?,
            url: format!("{}/chat/completions", base.trim_end_matches('/')),
            common,
            key,
            structured,
        })
    }

    fn body(&self, req: &Request) -> Value {
        let mut body = json!({
            "model": self.common.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": request_json(req)},
            ],
        });
        match self.structured {
            Structured::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {"name": "translations", "strict": true, "schema": reply_schema()},
                });
            }
            Structured::JsonObject => {
                body["response_format"] = json!({"type": "json_object", "schema": reply_schema()});
            }
            Structured::None => {}
        }
        body
    }
}

fn content(body: &str) -> Result<Vec<(SegmentId, String)>, String> {
    let v: Value =
        serde_json::from_str(body).map_err(|e| format!("malformed JSON from server: {e}"))?;
    let text = v["choices"][0]["message"]["content"]
        .as_str()
        .ok_or("no choices[0].message.content in the reply")?;
    parse_reply(text)
}

impl Translator for OpenAi {
    fn origin(&self) -> String {
        format!("openai:{}", self.common.model)
    }
    fn status(&self) -> Status {
        Status::Machine
    }
    fn batch_chars(&self) -> usize {
        self.common.batch_chars.unwrap_or(3000)
    }
    fn concurrency(&self) -> usize {
        self.common.concurrency
    }
    fn retries(&self) -> usize {
        self.http.retries.load(std::sync::atomic::Ordering::Relaxed)
    }
    fn translate<'a>(
        &'a self,
        req: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<(SegmentId, String)>, BackendError>> {
        let _ = PROMPT_VERSION;
        Box::pin(async move {
            let body = self.body(req);
            self.http
                .send(
                    req.chars(),
                    |c| {
                        let r = c.post(&self.url).json(&body);
                        match &self.key {
                            Some(k) => r.bearer_auth(k),
                            None => r,
                        }
                    },
                    content,
                )
                .await
        })
    }
}
