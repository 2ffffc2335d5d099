//! How segments reach a backend: batched in document order up to a character budget,
//! concurrent up to a bound shared by every post, validated (every id once, no unknown ids,
//! the same tags), corrected once, split in halves when a batch keeps failing, and cached
//! as each answer arrives so no paid work is lost.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, watch};

use super::prompt::{ExampleBank, Outline, estimate_output_tokens, estimate_tokens};
use super::{BoxFuture, Request, Translator};
use crate::diag::Detail;
use crate::document::SegmentId;
use crate::state::Status;

/// Today's validation of one translation (source, translation), [`crate::qa::reply::validate`]
/// for the segment: `Err` when it cannot be written at all (tags, links, control characters:
/// the segment fails), `Ok` with the error-level QA problems it has (glossary, numbers,
/// Hangul…). Both get one corrective retry; QA problems that survive it leave the segment
/// `flagged` for a person.
pub type Validate<'a> = dyn Fn(&str, &str) -> Result<Vec<Detail>, Detail> + Send + Sync + 'a;

/// A failure for one reason that has no arguments.
fn failed(id: &'static str) -> Verdict {
    Verdict::Failed(vec![Detail::new(id, vec![])])
}

/// Every segment of `batch` failed for the same reason.
fn all_failed(batch: Batch, why: &Detail) -> Vec<(SegmentId, Verdict)> {
    batch
        .into_iter()
        .map(|(id, _)| (id, Verdict::Failed(vec![why.clone()])))
        .collect()
}

/// Replies already paid for: `.l10n/cache/responses.jsonl` (git-ignored), one line per
/// translated segment, appended as answers arrive. A torn last line is ignored. Only
/// answers that passed validation are written, and every read is validated again against
/// today's rules, so the cache can never serve what a run would refuse. Texts that failed
/// are remembered too (`f`), so the next run sends them alone.
pub struct Cache {
    map: Mutex<HashMap<String, String>>,
    failed: Mutex<std::collections::HashSet<String>>,
    file: Option<Mutex<std::fs::File>>,
    /// `--force`: answers are written but never read.
    read: bool,
}

#[derive(Serialize, Deserialize)]
struct CacheLine {
    k: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    /// The text of `k` failed or was flagged: send it alone next time.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    f: bool,
}

impl Cache {
    /// A cache that remembers nothing (pseudo backend, dry runs).
    pub fn none() -> Cache {
        Cache {
            map: Mutex::new(HashMap::new()),
            failed: Mutex::new(Default::default()),
            file: None,
            read: true,
        }
    }

    /// Opens the cache in `dir`; with `read` false (`--force`) it only records.
    pub fn open(dir: &Path, read: bool) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        let path: PathBuf = dir.join("responses.jsonl");
        let mut map = HashMap::new();
        let mut failed = std::collections::HashSet::new();
        if let Ok(f) = std::fs::File::open(&path) {
            for line in std::io::BufReader::new(f).lines() {
                let Ok(line) = line else { break };
                let Ok(c) = serde_json::from_str::<CacheLine>(&line) else {
                    continue;
                };
                match c.t {
                    Some(t) => {
                        failed.remove(&c.k);
                        map.insert(c.k, t);
                    }
                    None if c.f => {
                        failed.insert(c.k);
                    }
                    None => {}
                }
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok(Cache {
            map: Mutex::new(map),
            failed: Mutex::new(failed),
            file: Some(Mutex::new(file)),
            read,
        })
    }

    fn get(&self, key: &str) -> Option<String> {
        if !self.read {
            return None;
        }
        self.map.lock().ok()?.get(key).cloned()
    }

    /// Drops an answer that today's validation refuses, so it is sent again.
    fn forget(&self, key: &str) {
        if let Ok(mut m) = self.map.lock() {
            m.remove(key);
        }
    }

    fn failed_before(&self, key: &str) -> bool {
        self.failed.lock().is_ok_and(|f| f.contains(key))
    }

    fn put_failed(&self, keys: &[String]) {
        self.append(keys.iter().map(|k| CacheLine {
            k: k.clone(),
            t: None,
            f: true,
        }));
        if let Ok(mut f) = self.failed.lock() {
            f.extend(keys.iter().cloned());
        }
    }

    fn append(&self, lines: impl Iterator<Item = CacheLine>) {
        if let Some(f) = &self.file {
            let mut buf = String::new();
            for line in lines {
                if let Ok(s) = serde_json::to_string(&line) {
                    buf.push_str(&s);
                    buf.push('\n');
                }
            }
            if buf.is_empty() {
                return;
            }
            if let Ok(mut f) = f.lock() {
                // The cache is an optimisation: a failed write costs a resend, nothing else.
                let _ = f.write_all(buf.as_bytes()).and_then(|_| f.sync_data());
            }
        }
    }

    fn put(&self, entries: &[(String, String)]) {
        self.append(entries.iter().map(|(k, t)| CacheLine {
            k: k.clone(),
            t: Some(t.clone()),
            f: false,
        }));
        if let Ok(mut m) = self.map.lock() {
            m.extend(entries.iter().cloned());
        }
    }
}

/// Counters for the progress line and the tests.
#[derive(Default)]
pub struct Stats {
    pub requests: AtomicUsize,
    pub segments_sent: AtomicUsize,
    pub cached: AtomicUsize,
    /// Characters of request bodies and of the segment text they carried, and the tokens
    /// estimated for them, for the overhead figure of the summary.
    pub request_chars: AtomicUsize,
    pub segment_chars: AtomicUsize,
    pub input_tokens: AtomicUsize,
    pub output_tokens: AtomicUsize,
}

/// What requests cost, measured or estimated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub requests: usize,
    pub request_chars: usize,
    pub segment_chars: usize,
    pub input_tokens: usize,
    pub output_tokens: usize,
}

impl Cost {
    /// The cost of sending `req` to `translator`.
    pub fn of(translator: &dyn Translator, req: &Request) -> Cost {
        let text = req.chars();
        let wire = translator.wire(req);
        Cost {
            requests: 1,
            request_chars: wire.as_ref().map_or(text, |w| w.chars().count()),
            segment_chars: text,
            input_tokens: wire.as_deref().map_or_else(
                || req.segments.iter().map(|(_, t)| estimate_tokens(t)).sum(),
                estimate_tokens,
            ),
            output_tokens: estimate_output_tokens(req),
        }
    }

    pub fn add(&mut self, other: Cost) {
        self.requests += other.requests;
        self.request_chars += other.request_chars;
        self.segment_chars += other.segment_chars;
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }

    /// Request characters per character of segment text, e.g. "1.32".
    pub fn overhead(&self) -> String {
        format!(
            "{:.2}",
            self.request_chars as f64 / self.segment_chars.max(1) as f64
        )
    }
}

impl Stats {
    fn record(&self, c: Cost) {
        self.request_chars
            .fetch_add(c.request_chars, Ordering::Relaxed);
        self.segment_chars
            .fetch_add(c.segment_chars, Ordering::Relaxed);
        self.input_tokens
            .fetch_add(c.input_tokens, Ordering::Relaxed);
        self.output_tokens
            .fetch_add(c.output_tokens, Ordering::Relaxed);
    }

    /// What was sent so far.
    pub fn cost(&self) -> Cost {
        Cost {
            requests: self.requests.load(Ordering::Relaxed),
            request_chars: self.request_chars.load(Ordering::Relaxed),
            segment_chars: self.segment_chars.load(Ordering::Relaxed),
            input_tokens: self.input_tokens.load(Ordering::Relaxed),
            output_tokens: self.output_tokens.load(Ordering::Relaxed),
        }
    }
}

/// What happened to the segments of one post.
#[derive(Debug, Default)]
pub struct Outcome {
    pub translations: HashMap<SegmentId, String>,
    /// Translations this post paid for (not from the cache or another post's request).
    pub paid: std::collections::HashSet<SegmentId>,
    /// Translations made by a fallback backend: its origin and status.
    pub origins: HashMap<SegmentId, (String, Status)>,
    /// Segment and why it failed (a segment may fail for several reasons).
    pub failures: Vec<(SegmentId, Detail)>,
    /// Translations (also in `translations`) whose QA problems survived the corrective
    /// retry: written for a person to decide, never cached as good.
    pub flagged: HashMap<SegmentId, Vec<Detail>>,
}

/// What every request of one post shares.
#[derive(Clone)]
pub struct PostContext {
    pub source_lang: String,
    pub target_lang: String,
    pub title: Option<String>,
    /// The glossary; each request carries the terms its segments use.
    pub glossary: std::sync::Arc<crate::glossary::TermIndex>,
    /// The post's segments and headings, for each request's context.
    pub outline: std::sync::Arc<Outline>,
    /// The editors' translations, for each request's examples.
    pub examples: std::sync::Arc<ExampleBank>,
}

pub struct Scheduler<'a> {
    pub translator: &'a dyn Translator,
    /// Where the segments this backend fails or leaves flagged go next.
    fallback: Option<Box<Scheduler<'a>>>,
    pub cache: &'a Cache,
    pub stats: Stats,
    pub cancel: &'a AtomicBool,
    permits: Semaphore,
    /// The bound `permits` was made with.
    concurrency: usize,
    /// Segments being translated for some post, by cache key: another post with the same
    /// text (boilerplate shared by every digest) waits for that answer instead of paying
    /// for it again.
    claims: Mutex<HashMap<String, Claim>>,
    /// Set when the backend refused a request in a way every request would be refused:
    /// the rest of the run asks it nothing (what it cannot do goes to the fallback).
    given_up: std::sync::OnceLock<Detail>,
}

/// What became of one segment.
#[derive(Debug, Clone)]
enum Verdict {
    Good(String),
    /// A translation whose QA problems survived the corrective retry.
    Flagged(String, Vec<Detail>),
    Failed(Vec<Detail>),
}

/// The answer for a claimed text: `None` until it arrives.
type Answer = Option<Verdict>;
type Claim = watch::Receiver<Answer>;

type Batch = Vec<(SegmentId, String)>;

/// Segments in document order into batches of up to `budget` characters (a longer segment
/// goes alone).
fn batch_up(segments: Batch, budget: usize) -> Vec<Batch> {
    let budget = budget.max(1);
    let mut batches: Vec<Batch> = Vec::new();
    let mut size = 0;
    for seg in segments {
        let n = seg.1.chars().count();
        match batches.last_mut() {
            Some(b) if size + n <= budget => {
                b.push(seg);
                size += n;
            }
            _ => {
                batches.push(vec![seg]);
                size = n;
            }
        }
    }
    batches
}

/// What a batch's segments got, by today's rules: good answers, answers whose QA problems
/// survived the `corrected` retry, and segments that need another try (with why).
type Judged = (
    Vec<(SegmentId, String, String)>,
    Vec<(SegmentId, String, String, Vec<Detail>)>,
    Vec<((SegmentId, String), Vec<Detail>)>,
);

/// Judges `replies` to `batch`: every id once, none unknown, the same tags, then
/// `validate`. The one verdict for synchronous answers and collected batch answers.
fn judge(
    batch: Batch,
    replies: Vec<(SegmentId, String)>,
    corrected: bool,
    validate: &Validate<'_>,
) -> Judged {
    let mut answers: HashMap<SegmentId, Vec<String>> = HashMap::new();
    for (id, text) in replies {
        answers.entry(id).or_default().push(text);
    }
    // An id the request did not hold: the reply cannot be trusted to be about this
    // batch at all.
    let unknown = answers
        .keys()
        .find(|id| !batch.iter().any(|(b, _)| b == *id))
        .cloned();
    let mut done = Vec::new();
    let mut flagged = Vec::new();
    let mut bad: Vec<((SegmentId, String), Vec<Detail>)> = Vec::new();
    for (id, source) in batch {
        let answer = match (&unknown, answers.get(&id).map(Vec::as_slice)) {
            (Some(u), _) => Err(Detail::new(
                "detail-reply-unknown-id",
                vec![("id", u.0.clone())],
            )),
            (None, None | Some([])) => Err(Detail::new("detail-reply-not-answered", vec![])),
            (None, Some([t])) => validate(&source, t).map(|problems| (t.clone(), problems)),
            (None, Some(_)) => Err(Detail::new("detail-reply-answered-twice", vec![])),
        };
        match answer {
            Ok((t, problems)) if problems.is_empty() => done.push((id, source, t)),
            Ok((t, problems)) if corrected => flagged.push((id, source, t, problems)),
            Ok((_, problems)) => bad.push(((id, source), problems)),
            Err(why) => bad.push(((id, source), vec![why])),
        }
    }
    (done, flagged, bad)
}

impl<'a> Scheduler<'a> {
    pub fn new(
        translator: &'a dyn Translator,
        cache: &'a Cache,
        cancel: &'a AtomicBool,
    ) -> Scheduler<'a> {
        Scheduler {
            permits: Semaphore::new(translator.concurrency()),
            concurrency: translator.concurrency(),
            translator,
            cache,
            stats: Stats::default(),
            cancel,
            claims: Mutex::new(HashMap::new()),
            fallback: None,
            given_up: std::sync::OnceLock::new(),
        }
    }

    /// This scheduler with `fallbacks` behind it, each the fallback of the one before.
    pub fn with_fallbacks(mut self, fallbacks: &'a [Box<dyn Translator>]) -> Scheduler<'a> {
        self.fallback = fallbacks.split_first().map(|(next, more)| {
            Box::new(Scheduler::new(next.as_ref(), self.cache, self.cancel).with_fallbacks(more))
        });
        self
    }

    /// `--jobs`: `jobs` requests in flight at once for every backend of the chain instead
    /// of each one's `concurrency` (after [`Scheduler::with_fallbacks`]).
    pub fn with_jobs(mut self, jobs: Option<usize>) -> Scheduler<'a> {
        if let Some(j) = jobs {
            self.concurrency = j.max(1);
            self.permits = Semaphore::new(self.concurrency);
            self.fallback = self.fallback.map(|f| Box::new(f.with_jobs(jobs)));
        }
        self
    }

    /// Requests this scheduler sends at once.
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// This scheduler and its fallbacks, in order.
    pub fn links(&self) -> impl Iterator<Item = &Scheduler<'a>> {
        std::iter::successors(Some(self), |s| s.fallback.as_deref())
    }

    /// What every backend of the chain was sent.
    pub fn cost(&self) -> Cost {
        let mut c = Cost::default();
        for s in self.links() {
            c.add(s.stats.cost());
        }
        c
    }

    /// Segments sent and attempts retried by every backend of the chain.
    pub fn progress(&self) -> (usize, usize, usize) {
        self.links().fold((0, 0, 0), |(seg, req, ret), s| {
            (
                seg + s.stats.segments_sent.load(Ordering::Relaxed),
                req + s.stats.requests.load(Ordering::Relaxed),
                ret + s.translator.retries(),
            )
        })
    }

    /// Estimated tokens of streamed answers every backend of the chain has received.
    pub fn received(&self) -> usize {
        self.links().map(|s| s.translator.received()).sum()
    }

    /// Drops the answer for `text` (it failed a later check) and sends it alone next time.
    pub fn forget(&self, ctx: &PostContext, text: &str) {
        let key = self.cache_key(ctx, text);
        self.cache.forget(&key);
        self.cache.put_failed(&[key]);
    }

    fn terms(ctx: &PostContext, text: &str) -> Vec<(String, String)> {
        ctx.glossary.pairs_for(text)
    }

    /// Whether an answer for the text under `key` is in the cache.
    pub fn cached(&self, key: &str) -> bool {
        self.cache.get(key).is_some()
    }

    /// Whether the text under `key` failed or was flagged before (it goes alone, the
    /// synchronous way).
    pub fn failed_before(&self, key: &str) -> bool {
        self.cache.failed_before(key)
    }

    /// Takes answers that arrived another way (a provider batch job) for `batch`, one
    /// request's segments: judged exactly as a synchronous answer, the good ones cached,
    /// the rest remembered as failed so the synchronous run sends them alone and corrects
    /// them. The number cached.
    pub fn accept(
        &self,
        ctx: &PostContext,
        batch: Batch,
        replies: Vec<(SegmentId, String)>,
        validate: &Validate<'_>,
    ) -> usize {
        let (done, flagged, bad) = judge(batch, replies, false, validate);
        let failed: Vec<String> = flagged
            .iter()
            .map(|(_, s, _, _)| self.cache_key(ctx, s))
            .chain(bad.iter().map(|((_, s), _)| self.cache_key(ctx, s)))
            .collect();
        self.cache.put_failed(&failed);
        self.cache.put(
            &done
                .iter()
                .map(|(_, s, t)| (self.cache_key(ctx, s), t.clone()))
                .collect::<Vec<_>>(),
        );
        done.len()
    }

    /// Remembers texts whose batch request failed, expired or was cancelled: the
    /// synchronous run sends them alone.
    pub fn refused(&self, keys: &[String]) {
        self.cache.put_failed(keys);
    }

    /// The response-cache key of `text` in the post `ctx`.
    pub fn cache_key(&self, ctx: &PostContext, text: &str) -> String {
        let terms = Self::terms(ctx, text);
        let material = serde_json::json!([
            self.translator.origin(),
            self.translator.prompt_version(),
            ctx.source_lang,
            ctx.target_lang,
            terms,
            text
        ]);
        blake3::hash(material.to_string().as_bytes())
            .to_hex()
            .to_string()
    }

    /// Translates `segments` of one post; those in `alone` (flagged or failed last time)
    /// go in requests of their own so one bad segment cannot sink its neighbours again.
    pub async fn translate(
        &self,
        ctx: &PostContext,
        segments: Batch,
        alone: &std::collections::HashSet<SegmentId>,
        validate: &Validate<'_>,
    ) -> Outcome {
        let mut out = Outcome::default();
        let texts: HashMap<SegmentId, String> = match &self.fallback {
            Some(_) => segments.iter().cloned().collect(),
            None => HashMap::new(),
        };
        let mut todo = Vec::new();
        let mut singles = Vec::new();
        let mut mine: HashMap<SegmentId, (String, watch::Sender<Answer>)> = HashMap::new();
        let mut waiting: Vec<(SegmentId, Claim)> = Vec::new();
        for (id, text) in segments {
            let key = self.cache_key(ctx, &text);
            if let Some(t) = self.cache.get(&key) {
                if validate(&text, &t).is_ok_and(|p| p.is_empty()) {
                    self.stats.cached.fetch_add(1, Ordering::Relaxed);
                    out.translations.insert(id, t);
                    continue;
                }
                // Cached under rules that have since tightened: ask again.
                self.cache.forget(&key);
            }
            let single = alone.contains(&id) || self.cache.failed_before(&key);
            let Ok(mut claims) = self.claims.lock() else {
                todo.push((id, text));
                continue;
            };
            match claims.get(&key) {
                Some(rx) => waiting.push((id, rx.clone())),
                None => {
                    let (tx, rx) = watch::channel(None);
                    claims.insert(key.clone(), rx);
                    mine.insert(id.clone(), (key, tx));
                    if single {
                        singles.push(vec![(id, text)]);
                    } else {
                        todo.push((id, text));
                    }
                }
            }
        }
        let mut batches: Vec<Batch> = singles;
        batches.extend(batch_up(todo, self.translator.batch_chars()));
        let own = futures_util::future::join_all(
            batches
                .into_iter()
                .map(|b| self.run(ctx, b, None, validate)),
        );
        let others =
            futures_util::future::join_all(waiting.into_iter().map(|(id, mut rx)| async move {
                let r = match rx.wait_for(Option::is_some).await {
                    Ok(v) => v
                        .clone()
                        .unwrap_or_else(|| failed("detail-reply-no-answer")),
                    Err(_) => failed("detail-reply-stopped"),
                };
                (id, r)
            }));
        let (own, others) = futures_util::future::join(own, others).await;
        for (id, res) in own.into_iter().flatten().chain(others) {
            if let Some((key, tx)) = mine.remove(&id) {
                if !matches!(res, Verdict::Failed(_)) {
                    out.paid.insert(id.clone());
                }
                // No receiver left means no post waits for this text any more.
                let _ = tx.send(Some(res.clone()));
                if matches!(res, Verdict::Failed(_)) {
                    // A failed claim is released so a later run (or post) can try again.
                    if let Ok(mut claims) = self.claims.lock() {
                        claims.remove(&key);
                    }
                }
            }
            match res {
                Verdict::Good(t) => {
                    out.translations.insert(id, t);
                }
                Verdict::Flagged(t, problems) => {
                    out.translations.insert(id.clone(), t);
                    out.flagged.insert(id, problems);
                }
                Verdict::Failed(why) => out
                    .failures
                    .extend(why.into_iter().map(|d| (id.clone(), d))),
            }
        }
        match &self.fallback {
            Some(next) if !self.cancel.load(Ordering::Relaxed) => {
                self.fall_back(next, ctx, texts, alone, validate, out).await
            }
            _ => out,
        }
    }

    /// Sends what this backend failed or left flagged to the next one: its translations
    /// replace ours; where it fails too, a flagged translation of ours stays for a person.
    async fn fall_back(
        &self,
        next: &Scheduler<'a>,
        ctx: &PostContext,
        mut texts: HashMap<SegmentId, String>,
        alone: &std::collections::HashSet<SegmentId>,
        validate: &Validate<'_>,
        mut out: Outcome,
    ) -> Outcome {
        let mut failed: HashMap<SegmentId, Vec<Detail>> = HashMap::new();
        for (id, why) in out.failures.drain(..) {
            failed.entry(id).or_default().push(why);
        }
        let again: Batch = failed
            .keys()
            .chain(out.flagged.keys())
            .filter_map(|id| texts.remove_entry(id))
            .collect();
        if again.is_empty() {
            return out;
        }
        let later = Box::pin(next.translate(ctx, again, alone, validate)).await;
        let made_by = (next.translator.origin(), next.translator.status());
        for (id, t) in later.translations {
            out.flagged.remove(&id);
            let origin = later.origins.get(&id).cloned();
            out.origins
                .insert(id.clone(), origin.unwrap_or_else(|| made_by.clone()));
            out.translations.insert(id, t);
        }
        out.flagged.extend(later.flagged);
        out.paid.extend(later.paid);
        // Each reason names the backend that gave it: ours first, then the next one's.
        let by = |origin: String, why: Detail| {
            why.within("detail-from-backend", vec![("backend", origin)])
        };
        for (id, why) in later.failures {
            if out.flagged.contains_key(&id) {
                continue;
            }
            for first in failed.remove(&id).unwrap_or_default() {
                out.failures
                    .push((id.clone(), by(self.translator.origin(), first)));
            }
            out.failures.push((id, by(made_by.0.clone(), why)));
        }
        out
    }

    /// The requests `segments` of one post would make, without the cache or the network:
    /// what `--dry-run` reports.
    pub fn preview(&self, ctx: &PostContext, segments: Batch) -> Vec<Request> {
        batch_up(segments, self.translator.batch_chars())
            .iter()
            .map(|b| super::prompt::request(ctx, b, None, self.translator.examples()))
            .collect()
    }

    /// One batch: send, validate, correct once, split when the backend keeps failing.
    fn run<'b>(
        &'b self,
        ctx: &'b PostContext,
        batch: Batch,
        correction: Option<String>,
        validate: &'b Validate<'_>,
    ) -> BoxFuture<'b, Vec<(SegmentId, Verdict)>> {
        Box::pin(async move {
            if self.cancel.load(Ordering::Relaxed) {
                return all_failed(batch, &Detail::new("detail-reply-interrupted", vec![]));
            }
            let request =
                super::prompt::request(ctx, &batch, correction.clone(), self.translator.examples());
            let reply = {
                let Ok(_permit) = self.permits.acquire().await else {
                    return all_failed(batch, &Detail::new("detail-reply-closed", vec![]));
                };
                if let Some(why) = self.given_up.get() {
                    return all_failed(batch, why);
                }
                self.stats.requests.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .segments_sent
                    .fetch_add(batch.len(), Ordering::Relaxed);
                self.stats.record(Cost::of(self.translator, &request));
                self.translator.translate(&request).await
            };
            let replies = match reply {
                Ok(r) => r,
                // Not remembered as failed texts: once the configuration is fixed, they go
                // in ordinary batches again.
                Err(e) if e.permanent => {
                    return all_failed(batch, self.given_up.get_or_init(|| e.detail.clone()));
                }
                Err(_) if batch.len() > 1 => {
                    let mut first = batch;
                    let second = first.split_off(first.len() / 2);
                    let (a, b) = futures_util::future::join(
                        self.run(ctx, first, correction.clone(), validate),
                        self.run(ctx, second, correction, validate),
                    )
                    .await;
                    return a.into_iter().chain(b).collect();
                }
                Err(e) => {
                    let keys: Vec<String> =
                        batch.iter().map(|(_, t)| self.cache_key(ctx, t)).collect();
                    self.cache.put_failed(&keys);
                    return all_failed(batch, &e.detail);
                }
            };
            let (done, flagged, bad) = judge(batch, replies, correction.is_some(), validate);
            self.cache.put(
                &done
                    .iter()
                    .map(|(_, s, t)| (self.cache_key(ctx, s), t.clone()))
                    .collect::<Vec<_>>(),
            );
            let mut out: Vec<(SegmentId, Verdict)> = done
                .into_iter()
                .map(|(id, _, t)| (id, Verdict::Good(t)))
                .collect();
            if !flagged.is_empty() {
                let keys: Vec<String> = flagged
                    .iter()
                    .map(|(_, s, _, _)| self.cache_key(ctx, s))
                    .collect();
                self.cache.put_failed(&keys);
                out.extend(
                    flagged
                        .into_iter()
                        .map(|(id, _, t, p)| (id, Verdict::Flagged(t, p))),
                );
            }
            if bad.is_empty() {
                return out;
            }
            if correction.is_none() {
                // Numbered as the retry lists them: segment ids never go on the wire.
                let note = bad
                    .iter()
                    .enumerate()
                    .map(|(k, (_, why))| {
                        let why: Vec<String> = why.iter().map(Detail::english).collect();
                        format!("[{}] {}", k + 1, why.join("; "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let note = format!(
                    "Your previous answer was rejected: {note}. Answer every number exactly once, keep every inline tag of each segment, write plain text (no Markdown, HTML or links of your own), and follow the glossary."
                );
                let retry: Batch = bad.into_iter().map(|(seg, _)| seg).collect();
                out.extend(self.run(ctx, retry, Some(note), validate).await);
            } else {
                let keys: Vec<String> = bad
                    .iter()
                    .map(|((_, s), _)| self.cache_key(ctx, s))
                    .collect();
                self.cache.put_failed(&keys);
                out.extend(
                    bad.into_iter()
                        .map(|((id, _), why)| (id, Verdict::Failed(why))),
                );
            }
            out
        })
    }
}
