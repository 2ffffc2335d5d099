//! DeepL `/v2/translate`: the text array, `tag_handling=xml` so inline tags survive, and a
//! pushed glossary by id.

use serde_json::{Value, json};

use super::http::{Http, HttpSettings};
use super::markup::{reply_texts, to_markup};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::BackendConfig;
use crate::document::SegmentId;
use crate::state::Status;

pub struct DeepL {
    common: Common,
    http: Http,
    base: String,
    key: String,
    target_code: String,
    glossary_id: Option<String>,
}

impl DeepL {
    pub fn new(
        common: Common,
        cfg: &BackendConfig,
        key: String,
        settings: HttpSettings,
    ) -> Result<DeepL, BackendError> {
        // Free-plan keys end in ":fx" and have their own host.
        let default_base = if key.ends_with(":fx") {
            "https://api-free.deepl.com"
        } else {
            "https://api.deepl.com"
        };
        Ok(DeepL {
            http: Http::new(&common.name, settings, vec![key.clone()])?,
            base: cfg
                .base_url()
                .unwrap_or_else(|| default_base.into())
                .trim_end_matches('/')
                .to_owned(),
            common,
            key,
            target_code: cfg.target_lang_code.clone().unwrap_or_default(),
            glossary_id: cfg.glossary_id.clone(),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }
}

/// DeepL's code for a BCP 47 tag: `ko` → `KO`, `en` → `EN-US` unless configured.
fn deepl_code(tag: &str, target: bool) -> String {
    let lang = tag.split('-').next().unwrap_or(tag).to_ascii_uppercase();
    match (lang.as_str(), target) {
        ("EN", true) if tag.len() <= 2 => "EN-US".into(),
        ("PT", true) if tag.len() <= 2 => "PT-PT".into(),
        _ if target && tag.contains('-') => tag.to_ascii_uppercase(),
        _ => lang,
    }
}

impl Translator for DeepL {
    fn origin(&self) -> String {
        "deepl".into()
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
            let target = if self.target_code.is_empty() {
                deepl_code(&req.target_lang, true)
            } else {
                self.target_code.clone()
            };
            let mut body = json!({
                "text": req.segments.iter().map(|(_, t)| to_markup(t)).collect::<Vec<_>>(),
                "source_lang": deepl_code(&req.source_lang, false),
                "target_lang": target,
                "tag_handling": "xml",
                "preserve_formatting": true,
            });
            if let Some(g) = &self.glossary_id {
                body["glossary_id"] = json!(g);
            }
            if let Some(title) = &req.title {
                body["context"] = json!(title);
            }
            let n = req.segments.len();
            let texts = self
                .http
                .send(
                    req.chars(),
                    |c| {
                        c.post(format!("{}/v2/translate", self.base))
                            .header("Authorization", format!("DeepL-Auth-Key {}", self.key))
                            .json(&body)
                    },
                    |b| {
                        let v: Value = serde_json::from_str(b)
                            .map_err(|e| format!("malformed JSON from server: {e}"))?;
                        reply_texts(&v["translations"], "translations", "text", n)
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

/// Creates a DeepL glossary from `entries` (TSV) and returns its id.
pub async fn push_glossary(
    backend: &str,
    cfg: &BackendConfig,
    key: String,
    name: &str,
    source_lang: &str,
    target_lang: &str,
    entries: &str,
) -> Result<String, BackendError> {
    let settings = HttpSettings {
        max_retries: cfg.max_retries.unwrap_or(5) as usize,
        min_delay: std::time::Duration::from_millis(cfg.retry_min_delay_ms.unwrap_or(500)),
        ..Default::default()
    };
    let http = Http::new(backend, settings, vec![key.clone()])?;
    let default_base = if key.ends_with(":fx") {
        "https://api-free.deepl.com"
    } else {
        "https://api.deepl.com"
    };
    let base = cfg.base_url().unwrap_or_else(|| default_base.into());
    let body = json!({
        "name": name,
        "source_lang": deepl_code(source_lang, false),
        "target_lang": deepl_code(target_lang, false),
        "entries": entries,
        "entries_format": "tsv",
    });
    http.send(
        entries.chars().count(),
        |c| {
            c.post(format!("{}/v2/glossaries", base.trim_end_matches('/')))
                .header("Authorization", format!("DeepL-Auth-Key {key}"))
                .json(&body)
        },
        |b| {
            let v: Value =
                serde_json::from_str(b).map_err(|e| format!("malformed JSON from server: {e}"))?;
            v["glossary_id"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "no glossary_id in the reply".to_owned())
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes() {
        assert_eq!(super::deepl_code("ko", false), "KO");
        assert_eq!(super::deepl_code("en", true), "EN-US");
        assert_eq!(super::deepl_code("en-GB", true), "EN-GB");
        assert_eq!(super::deepl_code("en-US", false), "EN");
    }
}
