//! The providers' batch APIs over the backends' HTTP layer (retries with backoff,
//! Retry-After, rate limits, keys scrubbed from every message): OpenAI's files and
//! batches, Anthropic's message batches.

use std::path::Path;

use serde_json::{Value, json};

use super::store::{Counts, Provider};
use crate::backend::BackendError;
use crate::backend::http::{Http, file_body};
use crate::config::BackendConfig;

/// What the provider says of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The provider's own word: `validating`, `in_progress`, `completed`, `expired`,
    /// `ended`…
    pub word: String,
    /// Finished: nothing more will happen to it.
    pub ended: bool,
    pub counts: Counts,
    /// Where its results are (OpenAI output and error file ids, Anthropic's URL).
    pub results: Vec<String>,
}

pub struct Client {
    provider: Provider,
    http: Http,
    base: String,
    key: Option<String>,
    version: String,
    backend: String,
}

/// The provider's JSON answer, or why it is not one.
fn json_body(body: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|e| format!("malformed JSON from server: {e}"))
}

impl Client {
    pub fn new(
        name: &str,
        cfg: &BackendConfig,
        key: Option<String>,
    ) -> Result<Client, BackendError> {
        let (provider, base) = match cfg.kind {
            crate::config::BackendKind::Openai => (
                Provider::Openai,
                cfg.base_url
                    .as_ref()
                    .map_or("https://api.openai.com/v1", |u| u.get_ref().as_str())
                    .to_owned(),
            ),
            crate::config::BackendKind::Anthropic => (
                Provider::Anthropic,
                format!(
                    "{}/v1",
                    cfg.base_url
                        .as_ref()
                        .map_or("https://api.anthropic.com", |u| u.get_ref().as_str())
                        .trim_end_matches('/')
                ),
            ),
            _ => {
                return Err(BackendError::setup(
                    name,
                    "detail-batch-kind",
                    vec![("kind", format!("{:?}", cfg.kind).to_lowercase())],
                ));
            }
        };
        Ok(Client {
            provider,
            http: Http::new(
                name,
                crate::backend::settings(cfg),
                key.iter().cloned().collect(),
            )?,
            base: base.trim_end_matches('/').to_owned(),
            key,
            version: cfg
                .api_version
                .clone()
                .unwrap_or_else(|| "2023-06-01".into()),
            backend: name.to_owned(),
        })
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match (self.provider, &self.key) {
            (Provider::Anthropic, Some(k)) => r
                .header("x-api-key", k)
                .header("anthropic-version", &self.version),
            (_, Some(k)) => r.bearer_auth(k),
            (_, None) => r,
        }
    }

    /// Time for a body of `bytes`, as the character budget the HTTP layer scales by.
    fn chars_for(&self, bytes: u64) -> usize {
        let per = self.http.settings.timeout_chars.max(1);
        per * (1 + (bytes / (4 << 20)) as usize)
    }

    /// Submits the request file at `path` (written in this provider's format) as one job;
    /// the provider's batch id. `tag` goes in the job's metadata where the provider has
    /// one, so a person can find it in the provider's console.
    pub async fn submit(&self, path: &Path, bytes: u64, tag: &str) -> Result<String, BackendError> {
        let chars = self.chars_for(bytes);
        let v = match self.provider {
            Provider::Openai => {
                let boundary = format!("l10n-{}", blake3::hash(tag.as_bytes()).to_hex());
                let prefix = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{tag}.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                );
                let suffix = format!("\r\n--{boundary}--\r\n");
                let length = prefix.len() as u64 + bytes + suffix.len() as u64;
                let url = format!("{}/files", self.base);
                let file = self
                    .http
                    .send(
                        chars,
                        |c| {
                            self.auth(c.post(&url))
                                .header(
                                    "content-type",
                                    format!("multipart/form-data; boundary={boundary}"),
                                )
                                .header("content-length", length)
                                .body(file_body(
                                    prefix.clone().into_bytes(),
                                    path.to_owned(),
                                    suffix.clone().into_bytes(),
                                ))
                        },
                        json_body,
                    )
                    .await?;
                let file_id = self.field(&file, "id")?;
                let body = json!({
                    "input_file_id": file_id,
                    "endpoint": "/v1/chat/completions",
                    "completion_window": "24h",
                    "metadata": {"l10n_job": tag},
                });
                let url = format!("{}/batches", self.base);
                self.http
                    .send(0, |c| self.auth(c.post(&url)).json(&body), json_body)
                    .await?
            }
            Provider::Anthropic | Provider::File => {
                let url = format!("{}/messages/batches", self.base);
                self.http
                    .send(
                        chars,
                        |c| {
                            self.auth(c.post(&url))
                                .header("content-type", "application/json")
                                .header("content-length", bytes)
                                .body(file_body(Vec::new(), path.to_owned(), Vec::new()))
                        },
                        json_body,
                    )
                    .await?
            }
        };
        self.field(&v, "id")
    }

    fn field(&self, v: &Value, name: &str) -> Result<String, BackendError> {
        v[name].as_str().map(str::to_owned).ok_or_else(|| {
            BackendError::new(
                &self.backend,
                format!("no `{name}` in the provider's answer"),
            )
        })
    }

    /// What the provider says of job `id` now.
    pub async fn status(&self, id: &str) -> Result<Status, BackendError> {
        let url = match self.provider {
            Provider::Openai => format!("{}/batches/{id}", self.base),
            _ => format!("{}/messages/batches/{id}", self.base),
        };
        let v = self
            .http
            .send(0, |c| self.auth(c.get(&url)), json_body)
            .await?;
        let n = |k: &str| v["request_counts"][k].as_u64().unwrap_or(0) as usize;
        let ids = |keys: &[&str]| -> Vec<String> {
            keys.iter()
                .filter_map(|k| v[*k].as_str())
                .map(str::to_owned)
                .collect()
        };
        Ok(match self.provider {
            Provider::Openai => {
                let word = v["status"].as_str().unwrap_or("unknown").to_owned();
                Status {
                    ended: matches!(
                        word.as_str(),
                        "completed" | "failed" | "expired" | "cancelled"
                    ),
                    word,
                    counts: Counts {
                        total: n("total"),
                        succeeded: n("completed"),
                        failed: n("failed"),
                    },
                    results: ids(&["output_file_id", "error_file_id"]),
                }
            }
            _ => {
                let word = v["processing_status"]
                    .as_str()
                    .unwrap_or("unknown")
                    .to_owned();
                Status {
                    ended: word == "ended",
                    word,
                    counts: Counts {
                        total: ["processing", "succeeded", "errored", "canceled", "expired"]
                            .iter()
                            .map(|k| n(k))
                            .sum(),
                        succeeded: n("succeeded"),
                        failed: n("errored") + n("canceled") + n("expired"),
                    },
                    results: ids(&["results_url"]),
                }
            }
        })
    }

    /// Downloads one of a job's result files (an OpenAI file id, an Anthropic results
    /// URL) to `to`. A results URL elsewhere than the configured API is refused: the key
    /// goes only where the configuration sends it.
    pub async fn download(&self, what: &str, to: &Path) -> Result<u64, BackendError> {
        let url = match self.provider {
            Provider::Openai => format!("{}/files/{what}/content", self.base),
            _ => {
                let origin = |u: &str| -> Option<String> {
                    let u = reqwest::Url::parse(u).ok()?;
                    Some(u.origin().ascii_serialization())
                };
                if origin(what).is_none() || origin(what) != origin(&self.base) {
                    return Err(BackendError::new(
                        &self.backend,
                        format!("results_url {what} is not on {}", self.base),
                    ));
                }
                what.to_owned()
            }
        };
        self.http.download(|c| self.auth(c.get(&url)), to).await
    }

    /// Asks the provider to cancel job `id`; what it had finished can still be collected.
    pub async fn cancel(&self, id: &str) -> Result<(), BackendError> {
        let url = match self.provider {
            Provider::Openai => format!("{}/batches/{id}/cancel", self.base),
            _ => format!("{}/messages/batches/{id}/cancel", self.base),
        };
        self.http
            .send(0, |c| self.auth(c.post(&url)), json_body)
            .await
            .map(|_| ())
    }
}
