//! Anthropic's Messages API: same JSON in, same JSON out as the openai backend.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings};
use super::wire::{SYSTEM_PROMPT, parse_reply, request_json};
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
    max_tokens: u32,
}

impl Anthropic {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: String,
        settings: HttpSettings,
    ) -> Result<Anthropic, BackendError> {
        if common.model.is_empty() {
            return Err(BackendError::new(
                &common.name,
                "an anthropic backend needs `model`",
            ));
        }
        let base = cfg
            .base_url
            .clone()
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
        })
    }
}

fn content(body: &str) -> Result<Vec<(SegmentId, String)>, String> {
    let v: Value =
        serde_json::from_str(body).map_err(|e| format!("malformed JSON from server: {e}"))?;
    let text: String = v["content"]
        .as_array()
        .ok_or("no content in the reply")?
        .iter()
        .filter(|b| b["type"] == "text")
        .filter_map(|b| b["text"].as_str())
        .collect();
    if v["stop_reason"] == "max_tokens" {
        return Err("reply cut off at max_tokens".into());
    }
    parse_reply(&text)
}

impl Translator for Anthropic {
    fn origin(&self) -> String {
        format!("anthropic:{}", self.common.model)
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
        Box::pin(async move {
            let body = json!({
                "model": self.common.model,
                "max_tokens": self.max_tokens,
                "temperature": 0,
                "system": SYSTEM_PROMPT,
                "messages": [{"role": "user", "content": request_json(req)}],
            });
            self.http
                .send(
                    req.chars(),
                    |c| {
                        c.post(&self.url)
                            .header("x-api-key", &self.key)
                            .header("anthropic-version", &self.version)
                            .json(&body)
                    },
                    content,
                )
                .await
        })
    }
}
