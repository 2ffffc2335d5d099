//! One HTTP exchange with retries (exponential backoff with jitter, honouring Retry-After),
//! a per-request timeout and a per-backend rate limit. Shared by every HTTP backend.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::BackendError;

/// Settings common to HTTP backends.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub timeout: Duration,
    pub max_retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub requests_per_minute: Option<u32>,
    pub chars_per_minute: Option<u64>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(120),
            max_retries: 5,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            requests_per_minute: None,
            chars_per_minute: None,
        }
    }
}

/// A failed attempt, classified for the retry loop.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub message: String,
    pub retryable: bool,
    pub retry_after: Option<Duration>,
}

/// Spaces requests and characters evenly over a minute (no bursts beyond the rate).
#[derive(Debug)]
struct Limiter {
    next_request: Instant,
    next_chars: Instant,
}

pub struct Http {
    pub client: reqwest::Client,
    pub settings: HttpSettings,
    limiter: Mutex<Limiter>,
    /// Attempts beyond the first, for the progress line and tests.
    pub retries: AtomicUsize,
    /// Secrets to scrub from any message that leaves this module.
    secrets: Vec<String>,
    backend: String,
}

fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    let v = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    // Seconds; an HTTP date is treated as "soon" rather than parsed.
    v.trim()
        .parse::<f64>()
        .ok()
        .map(|s| Duration::from_secs_f64(s.clamp(0.0, 3600.0)))
}

impl Http {
    pub fn new(
        backend: &str,
        settings: HttpSettings,
        secrets: Vec<String>,
    ) -> Result<Http, BackendError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .pool_max_idle_per_host(256)
            .user_agent(concat!("l10n/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BackendError::new(backend, e.to_string()))?;
        let now = Instant::now();
        Ok(Http {
            client,
            settings,
            limiter: Mutex::new(Limiter {
                next_request: now,
                next_chars: now,
            }),
            retries: AtomicUsize::new(0),
            secrets: secrets.into_iter().filter(|s| !s.is_empty()).collect(),
            backend: backend.to_owned(),
        })
    }

    /// Replaces every secret in `s` so no key reaches a message, log or file.
    pub fn scrub(&self, s: &str) -> String {
        self.secrets
            .iter()
            .fold(s.to_owned(), |acc, k| acc.replace(k.as_str(), "***"))
    }

    async fn pace(&self, chars: usize) {
        let wait_until = {
            let mut l = self.limiter.lock().await;
            let now = Instant::now();
            let mut at = now;
            if let Some(rpm) = self.settings.requests_per_minute.filter(|r| *r > 0) {
                let start = l.next_request.max(now);
                l.next_request = start + Duration::from_secs_f64(60.0 / f64::from(rpm));
                at = at.max(start);
            }
            if let Some(cpm) = self.settings.chars_per_minute.filter(|c| *c > 0) {
                let start = l.next_chars.max(now);
                l.next_chars = start + Duration::from_secs_f64(60.0 * chars as f64 / cpm as f64);
                at = at.max(start);
            }
            at
        };
        tokio::time::sleep_until(wait_until).await;
    }

    /// Sends the request `build` makes (again on each attempt) and `parse`s the body of a
    /// 2xx answer. 429, 5xx, timeouts, connection failures and answers `parse` rejects are
    /// retried; other statuses fail at once.
    pub async fn send<T>(
        &self,
        chars: usize,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, BackendError> {
        let attempt = || async {
            self.pace(chars).await;
            let resp = build(&self.client).send().await.map_err(|e| {
                let retryable = e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
                Attempt {
                    message: e.without_url().to_string(),
                    retryable,
                    retry_after: None,
                }
            })?;
            let status = resp.status();
            let after = retry_after(&resp);
            let body = resp.text().await.map_err(|e| Attempt {
                message: e.without_url().to_string(),
                retryable: true,
                retry_after: None,
            })?;
            if status.is_success() {
                return parse(&body).map_err(|message| Attempt {
                    message,
                    retryable: true,
                    retry_after: None,
                });
            }
            let snippet: String = body.chars().take(300).collect();
            Err(Attempt {
                message: format!("HTTP {status}: {snippet}"),
                retryable: status.as_u16() == 429
                    || status.is_server_error()
                    || status.as_u16() == 408,
                retry_after: after,
            })
        };
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.settings.min_delay)
            .with_max_delay(self.settings.max_delay)
            .with_max_times(self.settings.max_retries)
            .with_jitter();
        attempt
            .retry(backoff)
            .when(|e: &Attempt| e.retryable)
            .adjust(|e: &Attempt, d| match (e.retry_after, d) {
                // Stop when the backoff says so; otherwise wait at least what the server asked.
                (_, None) => None,
                (Some(a), Some(d)) => Some(a.max(d.min(a + Duration::from_millis(250)))),
                (None, d) => d,
            })
            .notify(|_, _| {
                self.retries.fetch_add(1, Ordering::Relaxed);
            })
            .await
            .map_err(|e| BackendError::new(&self.backend, self.scrub(&e.message)))
    }
}
