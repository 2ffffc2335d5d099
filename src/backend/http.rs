//! One HTTP exchange with retries (exponential backoff with jitter, honouring Retry-After),
//! a per-request timeout and a per-backend rate limit. Shared by every HTTP backend.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::BackendError;
use super::prompt::estimate_tokens;
use super::sse::{Assemble, Decoder, Event, Step};

/// Settings common to HTTP backends.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// The time a full batch (`timeout_chars` characters) may take; smaller requests get a
    /// proportional share, never under a quarter of it.
    pub timeout: Duration,
    pub timeout_chars: usize,
    pub max_retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub requests_per_minute: Option<u32>,
    pub chars_per_minute: Option<u64>,
    /// The longest gap allowed between two chunks of a streamed answer: a stalled local
    /// server is given up on long before the whole request's timeout.
    pub stall: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(120),
            timeout_chars: super::LLM_BATCH_CHARS,
            max_retries: 5,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            requests_per_minute: None,
            chars_per_minute: None,
            stall: Duration::from_secs(30),
        }
    }
}

impl HttpSettings {
    /// The timeout of a request carrying `chars` characters of segment text: slow servers
    /// (a local model on a small machine) take time in proportion to what they write, so a
    /// half batch gets about half the budget, and an oversized single segment more than one.
    pub fn timeout_for(&self, chars: usize) -> Duration {
        let share = chars as f64 / self.timeout_chars.max(1) as f64;
        self.timeout.mul_f64(0.25 + 0.75 * share)
    }
}

/// Why a 2xx answer was refused: a malformed answer is worth another attempt, an answer
/// cut off at the output limit is not (the same request would be cut off again).
#[derive(Debug, Clone)]
pub struct Refusal {
    pub message: String,
    pub retryable: bool,
}

impl Refusal {
    pub fn final_(message: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            retryable: false,
        }
    }
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal {
            message,
            retryable: true,
        }
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Refusal {
        Refusal::from(message.to_owned())
    }
}

/// A failed attempt, classified for the retry loop.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub message: String,
    pub retryable: bool,
    pub retry_after: Option<Duration>,
    /// Why every request to this service will be refused the same way, as a Fluent detail.
    pub permanent: Option<&'static str>,
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
    /// Estimated tokens of streamed answers received so far, for the progress line.
    pub received: AtomicUsize,
    /// Tokens the provider reported in its answers' `usage`.
    pub usage: UsageCounter,
    /// Secrets to scrub from any message that leaves this module.
    secrets: Vec<String>,
    backend: String,
}

/// Provider-reported tokens, summed across concurrent requests.
#[derive(Debug, Default)]
pub struct UsageCounter {
    input: std::sync::atomic::AtomicU64,
    output: std::sync::atomic::AtomicU64,
}

impl UsageCounter {
    pub fn record(&self, u: crate::cost::Usage) {
        self.input.fetch_add(u.input_tokens, Ordering::Relaxed);
        self.output.fetch_add(u.output_tokens, Ordering::Relaxed);
    }

    pub fn get(&self) -> crate::cost::Usage {
        crate::cost::Usage {
            input_tokens: self.input.load(Ordering::Relaxed),
            output_tokens: self.output.load(Ordering::Relaxed),
        }
    }
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
        // Timeouts are set per request, scaled to its size (`HttpSettings::timeout_for`).
        let client = reqwest::Client::builder()
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
            received: AtomicUsize::new(0),
            usage: UsageCounter::default(),
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

    /// Sends the request `build` makes (again on each attempt), with a timeout scaled to
    /// `chars`, and `parse`s the body of a 2xx answer. 429, 5xx, timeouts, connection
    /// failures and retryable refusals from `parse` are retried; other statuses fail at once.
    pub async fn send<T, E: Into<Refusal>>(
        &self,
        chars: usize,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<T, BackendError> {
        let parse = &parse;
        self.exchange(chars, build, |resp| async move {
            let body = resp.text().await.map_err(failed)?;
            parse(&body).map_err(refused)
        })
        .await
    }

    /// As [`Http::send`], for an LLM answer that may come streamed. With `stream` the 2xx
    /// body is read as server-sent events as it arrives, an [`Assemble`] made by `start`
    /// for each attempt turns them into text, and `parse` reads the text. A gap of more
    /// than `stall` between two chunks fails the attempt (retried like a timeout); the wait
    /// for the first chunk, while the server reads the prompt, is bounded by the request's
    /// timeout alone. A body that is not streamed (`stream` off, or a server that ignores
    /// it and answers with one JSON body) is read whole by `whole`.
    pub async fn ask<T, E: Into<Refusal>, W: Into<Refusal>, A: Assemble>(
        &self,
        stream: bool,
        chars: usize,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        start: impl Fn() -> A,
        parse: impl Fn(&str) -> Result<T, E>,
        whole: impl Fn(&str) -> Result<T, W>,
    ) -> Result<T, BackendError> {
        let (start, parse, whole) = (&start, &parse, &whole);
        self.exchange(chars, build, |resp| async move {
            let json = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("application/json"));
            if !stream || json {
                let body = resp.text().await.map_err(failed)?;
                return whole(&body).map_err(refused);
            }
            let text = self.read_events(resp, start()).await?;
            parse(&text).map_err(refused)
        })
        .await
    }

    /// Sends the request `build` makes and writes a 2xx body to `path` as it arrives: a
    /// batch job's results can be larger than a run should hold in memory. Retried like
    /// any request; the file appears whole or not at all.
    pub async fn download(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        path: &std::path::Path,
    ) -> Result<u64, BackendError> {
        // The time a large file may take: twenty full requests' worth.
        let chars = self.settings.timeout_chars * 20;
        self.exchange(chars, build, |mut resp| async move {
            use std::io::Write;
            let part = path.with_extension("part");
            let local = |e: std::io::Error| Attempt {
                message: format!("{}: {e}", part.display()),
                retryable: false,
                retry_after: None,
                permanent: None,
            };
            let mut f = std::io::BufWriter::new(std::fs::File::create(&part).map_err(local)?);
            let mut n = 0u64;
            while let Some(chunk) = resp.chunk().await.map_err(failed)? {
                f.write_all(&chunk).map_err(local)?;
                n += chunk.len() as u64;
            }
            f.into_inner()
                .map_err(|e| local(e.into_error()))?
                .sync_all()
                .map_err(local)?;
            std::fs::rename(&part, path).map_err(local)?;
            Ok(n)
        })
        .await
    }

    async fn read_events(
        &self,
        mut resp: reqwest::Response,
        mut assemble: impl Assemble,
    ) -> Result<String, Attempt> {
        let mut decoder = Decoder::default();
        let mut text = String::new();
        let mut first = true;
        loop {
            let chunk = if first {
                resp.chunk().await
            } else {
                tokio::time::timeout(self.settings.stall, resp.chunk())
                    .await
                    .map_err(|_| Attempt {
                        message: format!(
                            "stream stalled: no data for {}s",
                            self.settings.stall.as_secs_f64()
                        ),
                        retryable: true,
                        retry_after: None,
                        permanent: None,
                    })?
            };
            first = false;
            let events = match chunk.map_err(failed)? {
                Some(bytes) => decoder.push(&bytes).map_err(refused)?,
                None => {
                    if let Some(last) = decoder.finish()
                        && take(&mut assemble, &last, &mut text, &self.received)?
                    {
                        return Ok(text);
                    }
                    assemble.ended().map_err(refused)?;
                    return Ok(text);
                }
            };
            for event in &events {
                if take(&mut assemble, event, &mut text, &self.received)? {
                    return Ok(text);
                }
            }
        }
    }

    /// One attempt after another: pace, send, classify the status, `consume` a 2xx answer.
    async fn exchange<T, F: Future<Output = Result<T, Attempt>>>(
        &self,
        chars: usize,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        consume: impl Fn(reqwest::Response) -> F,
    ) -> Result<T, BackendError> {
        let timeout = self.settings.timeout_for(chars);
        let attempt = || async {
            self.pace(chars).await;
            let resp = build(&self.client)
                .timeout(timeout)
                .send()
                .await
                .map_err(|e| {
                    let retryable =
                        e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
                    let (message, advice) = unreachable(&e, Some(timeout));
                    // Retried (a server may be starting), then the run stops asking.
                    Attempt {
                        message,
                        retryable,
                        retry_after: None,
                        permanent: advice,
                    }
                })?;
            let status = resp.status();
            if status.is_success() {
                return consume(resp).await;
            }
            let after = retry_after(&resp);
            let body = resp.text().await.map_err(failed)?;
            let snippet: String = body.chars().take(300).collect();
            let permanent = permanent(status.as_u16(), &body);
            Err(Attempt {
                message: format!("HTTP {status}: {snippet}"),
                retryable: permanent.is_none()
                    && (status.as_u16() == 429
                        || status.is_server_error()
                        || status.as_u16() == 408),
                retry_after: after,
                permanent,
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
            .map_err(|e| match e.permanent {
                Some(id) => BackendError {
                    permanent: true,
                    ..BackendError::setup(&self.backend, id, vec![("text", self.scrub(&e.message))])
                },
                None => BackendError::new(&self.backend, self.scrub(&e.message)),
            })
    }
}

/// Answers that every request would get: a refused key, an unknown model or endpoint, or
/// a structured-output format the server does not take (llama-cpp-python answers a
/// `json_schema` request with HTTP 500 and a validation error naming `response_format`).
fn permanent(status: u16, body: &str) -> Option<&'static str> {
    let format = ["response_format", "json_schema", "json_object"]
        .iter()
        .any(|w| body.contains(w));
    match status {
        401 | 403 => Some("detail-backend-refused-key"),
        404 => Some("detail-backend-not-found"),
        400..=599 if format => Some("detail-backend-format-refused"),
        _ => None,
    }
}

/// Why a request got no answer, as an editor can act on it: the operating system's (or
/// the TLS library's) reason, then the URL (`connection refused: http://…/v1/chat/completions`).
/// reqwest's own text stops at "error sending request"; the reason is down its `source()`
/// chain. The query is left out of the URL: a key may travel there. A server that refuses
/// connections, a host that does not resolve and a failed TLS handshake come with the
/// Fluent detail saying what to check: every request would fail the same way.
fn unreachable(e: &reqwest::Error, timeout: Option<Duration>) -> (String, Option<&'static str>) {
    let mut chain: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
    let mut next = std::error::Error::source(e);
    while let Some(err) = next {
        chain.push(err);
        next = err.source();
    }
    let io = chain
        .iter()
        .find_map(|err| err.downcast_ref::<std::io::Error>());
    let innermost = chain.last().map(|err| err.to_string());
    let said = |word: &str| chain.iter().any(|err| err.to_string().contains(word));
    let (reason, advice) = if e.is_timeout()
        || io.is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
    {
        let reason = match timeout {
            Some(t) => {
                let secs = format!("{:.1}", t.as_secs_f64());
                format!("timed out after {}s", secs.trim_end_matches(".0"))
            }
            None => "timed out".to_owned(),
        };
        (reason, None)
    } else if said("dns error") {
        let why = io.map_or_else(|| innermost.unwrap_or_default(), |io| io.to_string());
        (
            format!("host not found ({why})"),
            Some("detail-backend-no-host"),
        )
    } else if let Some(io) = io.filter(|io| io.kind() != std::io::ErrorKind::Other) {
        let reason = match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            std::io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
            std::io::ErrorKind::ConnectionAborted => "connection aborted".to_owned(),
            std::io::ErrorKind::HostUnreachable => "host unreachable".to_owned(),
            std::io::ErrorKind::NetworkUnreachable => "network unreachable".to_owned(),
            std::io::ErrorKind::UnexpectedEof => "connection closed before an answer".to_owned(),
            _ => io.to_string(),
        };
        let refused = io.kind() == std::io::ErrorKind::ConnectionRefused;
        (
            reason,
            refused.then_some("detail-backend-refused-connection"),
        )
    } else if said("tls") || said("certificate") || said("InvalidContentType") {
        let why = innermost.unwrap_or_default();
        (
            format!("TLS handshake failed ({why})"),
            Some("detail-backend-tls"),
        )
    } else {
        (innermost.unwrap_or_else(|| "no answer".to_owned()), None)
    };
    let message = match e.url() {
        Some(url) => {
            let mut url = url.clone();
            url.set_query(None);
            format!("{reason}: {url}")
        }
        None => reason,
    };
    (message, advice)
}

/// A body that could not be read: the connection broke or the timeout struck; retried.
fn failed(e: reqwest::Error) -> Attempt {
    Attempt {
        message: unreachable(&e, None).0,
        retryable: true,
        retry_after: None,
        permanent: None,
    }
}

fn refused(r: impl Into<Refusal>) -> Attempt {
    let r: Refusal = r.into();
    Attempt {
        message: r.message,
        retryable: r.retryable,
        retry_after: None,
        permanent: None,
    }
}

/// Hands `event` to `assemble`, appending its text and counting it as received; true when
/// the answer is complete.
fn take(
    assemble: &mut impl Assemble,
    event: &Event,
    text: &mut String,
    received: &AtomicUsize,
) -> Result<bool, Attempt> {
    match assemble.event(event).map_err(refused)? {
        Step::Text(t) => {
            received.fetch_add(estimate_tokens(&t), Ordering::Relaxed);
            text.push_str(&t);
            Ok(false)
        }
        Step::Quiet => Ok(false),
        Step::Done => Ok(true),
    }
}

/// A request body of `prefix`, the bytes of the file at `path` and `suffix`, read as it is
/// sent: a request file of 200 MB never sits in memory. Made anew for each attempt.
pub fn file_body(prefix: Vec<u8>, path: std::path::PathBuf, suffix: Vec<u8>) -> reqwest::Body {
    use tokio::io::AsyncReadExt;
    enum Part {
        Prefix,
        File(Option<tokio::fs::File>),
        Suffix,
        Done,
    }
    let chunks = futures_util::stream::unfold(Part::Prefix, move |part| {
        let (prefix, path, suffix) = (prefix.clone(), path.clone(), suffix.clone());
        async move {
            match part {
                Part::Prefix => Some((Ok(prefix), Part::File(None))),
                Part::File(f) => {
                    let mut f = match f {
                        Some(f) => f,
                        None => match tokio::fs::File::open(&path).await {
                            Ok(f) => f,
                            Err(e) => return Some((Err(e), Part::Done)),
                        },
                    };
                    let mut buf = vec![0; 256 * 1024];
                    match f.read(&mut buf).await {
                        Ok(0) => Some((Ok(suffix), Part::Suffix)),
                        Ok(n) => {
                            buf.truncate(n);
                            Some((Ok(buf), Part::File(Some(f))))
                        }
                        Err(e) => Some((Err(e), Part::Done)),
                    }
                }
                Part::Suffix | Part::Done => None,
            }
        }
    });
    reqwest::Body::wrap_stream(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeout_scales_with_the_request() {
        let s = HttpSettings {
            timeout: Duration::from_secs(100),
            timeout_chars: 3000,
            ..Default::default()
        };
        assert_eq!(s.timeout_for(3000), Duration::from_secs(100));
        assert_eq!(s.timeout_for(1500), Duration::from_millis(62_500));
        assert_eq!(s.timeout_for(0), Duration::from_secs(25));
        assert_eq!(s.timeout_for(6000), Duration::from_secs(175));
    }
}
