//! Translation backends behind one trait. The pipeline hands a backend a batch of tagged
//! segments with their glossary terms and gets translations back by segment id; the
//! scheduler (`crate::cli::translate`) batches, runs concurrently, validates and caches.

pub mod anthropic;
pub mod command;
pub mod deepl;
pub mod google;
pub mod http;
pub mod markup;
pub mod openai;
pub mod pseudo;
pub mod romanize;
pub mod scheduler;
pub mod wire;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::config::{BackendConfig, BackendKind};
use crate::diag::Diagnostic;
use crate::document::SegmentId;
use crate::state::Status;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One request: segments of one post, in document order.
#[derive(Debug, Clone)]
pub struct Request {
    pub source_lang: String,
    pub target_lang: String,
    /// The post's title, as context.
    pub title: Option<String>,
    /// (source, target) house terms that occur in these segments.
    pub glossary: Vec<(String, String)>,
    pub segments: Vec<(SegmentId, String)>,
    /// Set on the one corrective retry: what was wrong with the previous answer.
    pub correction: Option<String>,
}

impl Request {
    pub fn chars(&self) -> usize {
        self.segments.iter().map(|(_, t)| t.chars().count()).sum()
    }
}

/// A backend that could not translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    pub backend: String,
    pub message: String,
}

impl BackendError {
    pub fn new(backend: &str, message: impl Into<String>) -> BackendError {
        BackendError {
            backend: backend.to_owned(),
            message: message.into(),
        }
    }
}

impl Diagnostic for BackendError {
    fn id(&self) -> &'static str {
        "err-backend"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("backend", self.backend.clone()),
            ("message", self.message.clone()),
        ]
    }
}

crate::english_display!(BackendError);

/// A configured key variable that is not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKey {
    pub backend: String,
    pub var: String,
}

impl Diagnostic for MissingKey {
    fn id(&self) -> &'static str {
        "err-missing-key"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("backend", self.backend.clone()), ("var", self.var.clone())]
    }
}

crate::english_display!(MissingKey);

pub trait Translator: Send + Sync {
    /// Recorded in the state as the text's origin, e.g. `openai:gpt-4o-mini`.
    fn origin(&self) -> String;
    /// The status its output gets: `pseudo` for placeholders, `machine` for translations.
    fn status(&self) -> Status;
    /// Characters per request this backend takes comfortably.
    fn batch_chars(&self) -> usize;
    /// Requests in flight at once.
    fn concurrency(&self) -> usize;
    /// Retries made so far (attempts beyond the first).
    fn retries(&self) -> usize {
        0
    }
    fn translate<'a>(
        &'a self,
        req: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<(SegmentId, String)>, BackendError>>;
}

/// Builds the backend `name` configured as `cfg`, reading its key from the environment.
pub fn build(
    name: &str,
    cfg: &BackendConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Box<dyn Translator>, crate::diag::Failure> {
    let key = match &cfg.api_key_env {
        Some(var) => match env(var).filter(|v| !v.is_empty()) {
            Some(k) => Some(k),
            None => {
                return Err(MissingKey {
                    backend: name.to_owned(),
                    var: var.clone(),
                }
                .into());
            }
        },
        None => None,
    };
    let settings = http::HttpSettings {
        timeout: Duration::from_secs_f64(cfg.timeout_secs.unwrap_or(120.0)),
        max_retries: cfg.max_retries.unwrap_or(5) as usize,
        min_delay: Duration::from_millis(cfg.retry_min_delay_ms.unwrap_or(500)),
        requests_per_minute: cfg.requests_per_minute,
        chars_per_minute: cfg.chars_per_minute,
        ..Default::default()
    };
    let common = Common {
        name: name.to_owned(),
        model: cfg.model.clone().unwrap_or_default(),
        batch_chars: cfg.batch_chars,
        concurrency: cfg.concurrency.unwrap_or(8).max(1),
    };
    let need_key = |kind: &str| -> Result<String, crate::diag::Failure> {
        key.clone().ok_or_else(|| {
            BackendError::new(
                name,
                format!(
                    "a {kind} backend needs api_key_env naming the variable that holds its key"
                ),
            )
            .into()
        })
    };
    Ok(match cfg.kind {
        BackendKind::Pseudo => Box::new(pseudo::Pseudo),
        BackendKind::Openai => Box::new(openai::OpenAi::new(common, cfg, key, settings)?),
        BackendKind::Anthropic => Box::new(anthropic::Anthropic::new(
            common,
            cfg,
            need_key("anthropic")?,
            settings,
        )?),
        BackendKind::Deepl => Box::new(deepl::DeepL::new(
            common,
            cfg,
            need_key("deepl")?,
            settings,
        )?),
        BackendKind::Google => Box::new(google::Google::new(
            common,
            cfg,
            need_key("google")?,
            settings,
        )?),
        BackendKind::Command => {
            Box::new(command::CommandBackend::new(common, cfg, settings.timeout))
        }
    })
}

/// What every backend knows about itself.
#[derive(Debug, Clone)]
pub struct Common {
    pub name: String,
    pub model: String,
    pub batch_chars: Option<usize>,
    pub concurrency: usize,
}
