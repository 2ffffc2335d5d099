//! Translation backends behind one trait. The pipeline hands a backend a batch of tagged
//! segments with their glossary terms and gets translations back by segment id; the
//! scheduler (`crate::cli::translate`) batches, runs concurrently, validates and caches.

/// The `Translator` methods the HTTP LLM backends (openai, anthropic) share; each has
/// `common`, `http` and `fn body(&self, &Request) -> serde_json::Value`.
macro_rules! llm_translator_methods {
    () => {
        fn batch_chars(&self) -> usize {
            self.common.batch_chars.unwrap_or(super::LLM_BATCH_CHARS)
        }
        fn concurrency(&self) -> usize {
            self.common.concurrency
        }
        fn retries(&self) -> usize {
            self.http.retries.load(std::sync::atomic::Ordering::Relaxed)
        }
        fn received(&self) -> usize {
            self.http
                .received
                .load(std::sync::atomic::Ordering::Relaxed)
        }
        fn prompt_version(&self) -> String {
            super::wire::prompt_version(self.common.style.as_ref())
        }
        fn examples(&self) -> usize {
            self.common.examples
        }
        fn wire(&self, req: &Request) -> Option<String> {
            Some(self.body(req).to_string())
        }
        fn usage(&self) -> crate::cost::Usage {
            self.http.usage.get()
        }
    };
}

pub mod anthropic;
pub mod command;
pub mod deepl;
pub mod google;
pub mod http;
pub mod markup;
pub mod openai;
pub mod prompt;
pub mod pseudo;
pub mod romanize;
pub mod scheduler;
pub mod sse;
pub mod wire;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::config::{BackendConfig, BackendKind};
use crate::diag::{Detail, Diagnostic};
use crate::document::SegmentId;
use crate::state::Status;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One request: segments of one post, in document order, with what the model should know
/// about them (built by [`prompt::request`]).
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub source_lang: String,
    pub target_lang: String,
    /// The post's title, as context, unless it is one of the segments.
    pub title: Option<String>,
    /// House terms that occur in these segments.
    pub glossary: Vec<RequestTerm>,
    pub segments: Vec<(SegmentId, String)>,
    /// Where each segment sits (same order as `segments`).
    pub places: Vec<Place>,
    /// Read-only neighbours before the first and after the last segment.
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// The editors' (source, translation) pairs most like these segments.
    pub examples: Vec<(String, String)>,
    /// Set on the one corrective retry: what was wrong with the previous answer.
    pub correction: Option<String>,
}

/// A glossary term found in a request's segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTerm {
    pub source: String,
    pub target: String,
    pub note: Option<String>,
}

/// Where a segment sits in its post, as far as the request does not show it already.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// Heading level (1–6) when the segment is a heading.
    pub heading: Option<u8>,
    /// Headings above the segment that the request does not hold, outermost first; given
    /// for the first segment and after a gap.
    pub under: Vec<String>,
    /// For a heading whose section does not follow it in the request: the section's
    /// opening, read-only.
    pub section: Option<String>,
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
    pub detail: Detail,
    /// The service refuses every request as configured (bad key, unknown model or URL, a
    /// `response_format` it does not take): the run stops asking it, and splitting the
    /// batch would only multiply the refusals.
    pub permanent: bool,
}

impl BackendError {
    /// A failure the service or the wire reported, in its own (English) words.
    pub fn new(backend: &str, message: impl Into<String>) -> BackendError {
        BackendError::setup(backend, "detail-backend", vec![("text", message.into())])
    }

    /// A backend that cannot be set up as configured.
    pub fn setup(
        backend: &str,
        id: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> BackendError {
        BackendError {
            backend: backend.to_owned(),
            detail: Detail::new(id, args),
            permanent: false,
        }
    }
}

impl Diagnostic for BackendError {
    fn id(&self) -> &'static str {
        "err-backend"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("backend", self.backend.clone())]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.detail)
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
    /// Estimated tokens of streamed answers received so far; 0 for a backend that does not
    /// stream.
    fn received(&self) -> usize {
        0
    }
    /// Part of every cache key: a changed prompt or style guide is a different translator.
    fn prompt_version(&self) -> String {
        wire::PROMPT_VERSION.to_string()
    }
    /// Editors' example pairs each request carries (LLM backends only).
    fn examples(&self) -> usize {
        0
    }
    /// The request body as it goes on the wire, for the size and token estimates; `None`
    /// when the backend sends little more than the segment text.
    fn wire(&self, _req: &Request) -> Option<String> {
        None
    }
    /// Tokens the provider reported for the answers so far (zero when it reports none).
    fn usage(&self) -> crate::cost::Usage {
        crate::cost::Usage::default()
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
    style: Option<&prompt::Style>,
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
    let settings = settings(cfg);
    let common = Common {
        name: name.to_owned(),
        model: cfg.model.clone().unwrap_or_default(),
        batch_chars: cfg.batch_chars,
        concurrency: cfg.concurrency.unwrap_or(8).max(1),
        style: style.cloned(),
        examples: cfg.examples.unwrap_or(3),
    };
    let need_key = |kind: &str| -> Result<String, crate::diag::Failure> {
        key.clone().ok_or_else(|| {
            BackendError::setup(
                name,
                "detail-backend-no-key-env",
                vec![("kind", kind.to_owned())],
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
        BackendKind::Command => Box::new(command::CommandBackend::new(common, cfg, settings)),
    })
}

/// Characters of text per LLM request unless `batch_chars` says otherwise: a whole 18 KB
/// digest (about 4,800 characters of text) in one request, so the instructions and style
/// guide every request repeats weigh under half of it (docs/PERFORMANCE.md, Request size).
pub const LLM_BATCH_CHARS: usize = 6_000;

/// The HTTP settings `cfg` asks for (timeouts, retries, rate limits).
pub fn settings(cfg: &BackendConfig) -> http::HttpSettings {
    http::HttpSettings {
        timeout: Duration::from_secs_f64(cfg.timeout_secs.unwrap_or(120.0)),
        timeout_chars: cfg.batch_chars.unwrap_or(match cfg.kind {
            BackendKind::Deepl | BackendKind::Google => 20_000,
            _ => LLM_BATCH_CHARS,
        }),
        max_retries: cfg.max_retries.unwrap_or(5) as usize,
        min_delay: Duration::from_millis(cfg.retry_min_delay_ms.unwrap_or(500)),
        requests_per_minute: cfg.requests_per_minute,
        chars_per_minute: cfg.chars_per_minute,
        stall: cfg
            .stall_secs
            .as_ref()
            .and_then(|s| Duration::try_from_secs_f64(*s.get_ref()).ok())
            .unwrap_or(Duration::from_secs(30)),
        ..Default::default()
    }
}

/// What every backend knows about itself.
#[derive(Debug, Clone)]
pub struct Common {
    pub name: String,
    pub model: String,
    pub batch_chars: Option<usize>,
    pub concurrency: usize,
    /// The house style guide, for LLM backends.
    pub style: Option<prompt::Style>,
    /// Editors' example pairs per request, for LLM backends.
    pub examples: usize,
}

#[cfg(test)]
mod setup_tests {
    use super::*;
    use crate::i18n::{Messages, UiLang};

    /// A backend configured without what it needs is refused in the UI language.
    #[test]
    fn setup_errors_read_in_korean() {
        let said = |toml: &str| {
            let c = crate::config::Config::parse(
                std::path::Path::new("/repo"),
                std::path::Path::new("l10n.toml"),
                toml,
            )
            .unwrap();
            let env = |_: &str| Some("k".to_owned());
            let Err(f) = build("gpt", &c.backends["gpt"], None, &env) else {
                panic!("{toml} builds");
            };
            Messages::get(UiLang::Ko).diagnostic(f.0.as_ref())
        };
        assert_eq!(
            said("[backend.gpt]\nkind = \"openai\"\napi_key_env = \"K\"\n"),
            "백엔드 gpt: openai 백엔드에는 `model`이 있어야 합니다"
        );
        assert_eq!(
            said("[backend.gpt]\nkind = \"anthropic\"\napi_key_env = \"K\"\n"),
            "백엔드 gpt: anthropic 백엔드에는 `model`이 있어야 합니다"
        );
        assert_eq!(
            said("[backend.gpt]\nkind = \"deepl\"\n"),
            "백엔드 gpt: deepl 백엔드에는 키를 담은 환경 변수를 가리키는 api_key_env가 있어야 합니다"
        );
        assert_eq!(
            said(
                "[backend.gpt]\nkind = \"openai\"\nmodel = \"m\"\napi_key_env = \"K\"\nstructured_output = \"xml\"\n"
            ),
            "백엔드 gpt: structured_output은 json_schema, json_object, none 중 하나여야 합니다 (지금은 `xml`)"
        );
    }
}
