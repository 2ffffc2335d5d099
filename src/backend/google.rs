//! Google Cloud Translation v2 (`q` array, `format=html`). The key goes in the
//! `X-Goog-Api-Key` header, not the URL, so it cannot leak through a logged address.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings};
use super::markup::{reply_texts, to_markup};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::BackendConfig;
use crate::document::SegmentId;
use crate::state::Status;

pub struct Google {
    common: Common,
    http: Http,
    url: String,
    key: String,
}

impl Google {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: String,
        settings: HttpSettings,
    ) -> Result<Google, BackendError> {
        let base = cfg
            .base_url()
            .unwrap_or_else(|| "https://translation.googleapis.com".into());
        Ok(Google {
            http: Http::new(&common.name, settings, vec![key.clone()])?,
            url: format!("{}/language/translate/v2", base.trim_end_matches('/')),
            common,
            key,
        })
    }
}

impl Translator for Google {
    fn origin(&self) -> String {
        "google".into()
    }
    fn status(&self) -> Status {
        Status::Machine
    }
    fn batch_chars(&self) -> usize {
        self.common.batch_chars.unwrap_or(20_000)
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
                "q": req.segments.iter().map(|(_, t)| to_markup(t)).collect::<Vec<_>>(),
                "source": req.source_lang,
                "target": req.target_lang,
                "format": "html",
            });
            let n = req.segments.len();
            let texts = self
                .http
                .send(
                    req.chars(),
                    |c| {
                        c.post(&self.url)
                            .header("X-Goog-Api-Key", &self.key)
                            .json(&body)
                    },
                    |b| {
                        let v: Value = serde_json::from_str(b)
                            .map_err(|e| format!("malformed JSON from server: {e}"))?;
                        reply_texts(
                            &v["data"]["translations"],
                            "data.translations",
                            "translatedText",
                            n,
                        )
                    },
                )
                .await?;
            Ok(req
                .segments
                .iter()
                .map(|(id, _)| id.clone())
                .zip(texts)
                .collect())
        })
    }
}
