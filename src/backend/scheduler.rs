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

use super::wire::PROMPT_VERSION;
use super::{BoxFuture, Request, Translator};
use crate::document::SegmentId;
use crate::document::tags::check_tags;

/// Extra checks on one translation (source, translation) → problems to correct (glossary,
/// QA). Unlike a tag problem these do not fail a segment: after the one corrective retry
/// the translation is kept and the problems are reported.
pub type Validate<'a> = dyn Fn(&str, &str) -> Vec<String> + Send + Sync + 'a;

/// A reply must not add a link: every URL of a source is inside a tag, so a URL in the
/// words of a reply was put there by the model (or by text injected into a source).
fn no_new_links(source: &str, translation: &str) -> Result<(), String> {
    let src = crate::document::tags::strip_tags(source);
    let dst = crate::document::tags::strip_tags(translation);
    let found = crate::qa::urls_in(&dst)
        .into_iter()
        .find(|u| !src.contains(u));
    found.map_or(Ok(()), |u| Err(u.to_owned()))
}

/// Replies already paid for: `.l10n/cache/responses.jsonl` (git-ignored), one line per
/// translated segment, appended as answers arrive. A torn last line is ignored.
pub struct Cache {
    map: Mutex<HashMap<String, String>>,
    file: Option<Mutex<std::fs::File>>,
}

#[derive(Serialize, Deserialize)]
struct CacheLine {
    k: String,
    t: String,
}

impl Cache {
    /// A cache that remembers nothing (pseudo backend, dry runs).
    pub fn none() -> Cache {
        Cache {
            map: Mutex::new(HashMap::new()),
            file: None,
        }
    }

    pub fn open(dir: &Path) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        let path: PathBuf = dir.join("responses.jsonl");
        let mut map = HashMap::new();
        if let Ok(f) = std::fs::File::open(&path) {
            for line in std::io::BufReader::new(f).lines() {
                let Ok(line) = line else { break };
                if let Ok(c) = serde_json::from_str::<CacheLine>(&line) {
                    map.insert(c.k, c.t);
                }
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok(Cache {
            map: Mutex::new(map),
            file: Some(Mutex::new(file)),
        })
    }

    fn get(&self, key: &str) -> Option<String> {
        self.map.lock().ok()?.get(key).cloned()
    }

    fn put(&self, entries: &[(String, String)]) {
        if entries.is_empty() {
            return;
        }
        if let Some(f) = &self.file {
            let mut buf = String::new();
            for (k, t) in entries {
                let line = CacheLine {
                    k: k.clone(),
                    t: t.clone(),
                };
                if let Ok(s) = serde_json::to_string(&line) {
                    buf.push_str(&s);
                    buf.push('\n');
                }
            }
            if let Ok(mut f) = f.lock() {
                // The cache is an optimisation: a failed write costs a resend, nothing else.
                let _ = f.write_all(buf.as_bytes()).and_then(|_| f.sync_data());
            }
        }
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
}

/// What happened to the segments of one post.
#[derive(Debug, Default)]
pub struct Outcome {
    pub translations: HashMap<SegmentId, String>,
    /// Translations this post paid for (not from the cache or another post's request).
    pub sent: usize,
    /// Segment and why it failed.
    pub failures: Vec<(SegmentId, String)>,
    /// Translations kept with problems the corrective retry did not fix.
    pub warnings: Vec<(SegmentId, String)>,
}

/// What every request of one post shares.
#[derive(Clone)]
pub struct PostContext {
    pub source_lang: String,
    pub target_lang: String,
    pub title: Option<String>,
    /// The glossary; each request carries the terms its segments use.
    pub glossary: std::sync::Arc<crate::glossary::TermIndex>,
}

pub struct Scheduler<'a> {
    pub translator: &'a dyn Translator,
    pub cache: &'a Cache,
    pub stats: Stats,
    pub cancel: &'a AtomicBool,
    permits: Semaphore,
    /// Segments being translated for some post, by cache key: another post with the same
    /// text (boilerplate shared by every digest) waits for that answer instead of paying
    /// for it again.
    claims: Mutex<HashMap<String, Claim>>,
    /// Problems of translations kept after their corrective retry, by segment.
    warnings: Mutex<Vec<(SegmentId, String)>>,
}

/// The answer for a claimed text: `None` until it arrives.
type Answer = Option<Result<String, String>>;
type Claim = watch::Receiver<Answer>;

type Batch = Vec<(SegmentId, String)>;

impl<'a> Scheduler<'a> {
    pub fn new(
        translator: &'a dyn Translator,
        cache: &'a Cache,
        cancel: &'a AtomicBool,
    ) -> Scheduler<'a> {
        Scheduler {
            permits: Semaphore::new(translator.concurrency()),
            translator,
            cache,
            stats: Stats::default(),
            cancel,
            claims: Mutex::new(HashMap::new()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    fn terms(ctx: &PostContext, text: &str) -> Vec<(String, String)> {
        ctx.glossary.pairs_for(text)
    }

    fn cache_key(&self, ctx: &PostContext, text: &str) -> String {
        let terms = Self::terms(ctx, text);
        let material = serde_json::json!([
            self.translator.origin(),
            PROMPT_VERSION,
            ctx.source_lang,
            ctx.target_lang,
            terms,
            text
        ]);
        blake3::hash(material.to_string().as_bytes())
            .to_hex()
            .to_string()
    }

    /// Translates `segments` of one post.
    pub async fn translate(
        &self,
        ctx: &PostContext,
        segments: Batch,
        validate: &Validate<'_>,
    ) -> Outcome {
        let mut out = Outcome::default();
        let mut todo = Vec::new();
        let mut mine: HashMap<SegmentId, (String, watch::Sender<Answer>)> = HashMap::new();
        let mut waiting: Vec<(SegmentId, Claim)> = Vec::new();
        for (id, text) in segments {
            let key = self.cache_key(ctx, &text);
            match self.cache.get(&key) {
                Some(t) if check_tags(&text, &t).is_ok() => {
                    self.stats.cached.fetch_add(1, Ordering::Relaxed);
                    for w in validate(&text, &t) {
                        out.warnings.push((id.clone(), w));
                    }
                    out.translations.insert(id, t);
                    continue;
                }
                _ => {}
            }
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
                    todo.push((id, text));
                }
            }
        }
        let budget = self.translator.batch_chars().max(1);
        let mut batches: Vec<Batch> = Vec::new();
        let mut size = 0;
        for seg in todo {
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
        let own = futures_util::future::join_all(
            batches
                .into_iter()
                .map(|b| self.run(ctx, b, None, validate)),
        );
        let others =
            futures_util::future::join_all(waiting.into_iter().map(|(id, mut rx)| async move {
                let r = match rx.wait_for(Option::is_some).await {
                    Ok(v) => v.clone().unwrap_or_else(|| Err("no answer".into())),
                    Err(_) => Err("the post translating this text stopped".into()),
                };
                (id, r)
            }));
        let (own, others) = futures_util::future::join(own, others).await;
        for (id, res) in own.into_iter().flatten().chain(others) {
            if let Some((key, tx)) = mine.remove(&id) {
                out.sent += usize::from(res.is_ok());
                let _ = tx.send(Some(res.clone()));
                if res.is_err() {
                    // A failed claim is released so a later run (or post) can try again.
                    if let Ok(mut claims) = self.claims.lock() {
                        claims.remove(&key);
                    }
                }
            }
            match res {
                Ok(t) => {
                    out.translations.insert(id, t);
                }
                Err(why) => out.failures.push((id, why)),
            }
        }
        if let Ok(mut w) = self.warnings.lock() {
            let (mine, others): (Vec<_>, Vec<_>) = w
                .drain(..)
                .partition(|(id, _)| out.translations.contains_key(id));
            out.warnings.extend(mine);
            *w = others;
        }
        out
    }

    /// One batch: send, validate, correct once, split when the backend keeps failing.
    fn run<'b>(
        &'b self,
        ctx: &'b PostContext,
        batch: Batch,
        correction: Option<String>,
        validate: &'b Validate<'_>,
    ) -> BoxFuture<'b, Vec<(SegmentId, Result<String, String>)>> {
        Box::pin(async move {
            if self.cancel.load(Ordering::Relaxed) {
                return batch
                    .into_iter()
                    .map(|(id, _)| (id, Err("interrupted".into())))
                    .collect();
            }
            let request = Request {
                source_lang: ctx.source_lang.clone(),
                target_lang: ctx.target_lang.clone(),
                title: ctx.title.clone(),
                glossary: {
                    let mut g: Vec<_> = batch
                        .iter()
                        .flat_map(|(_, t)| Self::terms(ctx, t))
                        .collect();
                    g.sort();
                    g.dedup();
                    g
                },
                segments: batch.clone(),
                correction: correction.clone(),
            };
            let reply = {
                let Ok(_permit) = self.permits.acquire().await else {
                    return batch
                        .into_iter()
                        .map(|(id, _)| (id, Err("closed".into())))
                        .collect();
                };
                self.stats.requests.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .segments_sent
                    .fetch_add(batch.len(), Ordering::Relaxed);
                self.translator.translate(&request).await
            };
            let replies = match reply {
                Ok(r) => r,
                Err(e) if batch.len() > 1 => {
                    let _ = e;
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
                    return batch
                        .into_iter()
                        .map(|(id, _)| (id, Err(e.message.clone())))
                        .collect();
                }
            };
            let mut answers: HashMap<SegmentId, Vec<String>> = HashMap::new();
            for (id, text) in replies {
                answers.entry(id).or_default().push(text);
            }
            let mut done = Vec::new();
            let mut bad: Vec<((SegmentId, String), String)> = Vec::new();
            let mut kept_with_problems = Vec::new();
            for (id, source) in batch {
                let verdict = match answers.get(&id).map(Vec::as_slice) {
                    None | Some([]) => Err(format!("segment {id} was not answered")),
                    Some([t]) => check_tags(&source, t)
                        .map_err(|(tag, p)| format!("segment {id}: tag {tag} is {}", p.code()))
                        .and_then(|_| {
                            no_new_links(&source, t)
                                .map_err(|u| format!("segment {id}: {u} is not in the source"))
                        })
                        .map(|_| t.clone()),
                    Some(_) => Err(format!("segment {id} was answered more than once")),
                };
                match verdict {
                    Ok(t) => {
                        let problems = validate(&source, &t);
                        if problems.is_empty() {
                            done.push((id, source, t));
                        } else if correction.is_none() {
                            let why = format!("segment {id}: {}", problems.join("; "));
                            bad.push(((id, source), why));
                        } else {
                            kept_with_problems
                                .extend(problems.into_iter().map(|p| (id.clone(), p)));
                            done.push((id, source, t));
                        }
                    }
                    Err(why) => bad.push(((id, source), why)),
                }
            }
            if let Ok(mut w) = self.warnings.lock() {
                w.extend(kept_with_problems);
            }
            self.cache.put(
                &done
                    .iter()
                    .map(|(_, s, t)| (self.cache_key(ctx, s), t.clone()))
                    .collect::<Vec<_>>(),
            );
            let mut out: Vec<(SegmentId, Result<String, String>)> =
                done.into_iter().map(|(id, _, t)| (id, Ok(t))).collect();
            if bad.is_empty() {
                return out;
            }
            if correction.is_none() {
                let note = bad
                    .iter()
                    .map(|(_, why)| why.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                let note = format!(
                    "Your previous answer was rejected: {note}. Answer every id exactly once, keep every inline tag of each segment, and follow the glossary."
                );
                let retry: Batch = bad.into_iter().map(|(seg, _)| seg).collect();
                out.extend(self.run(ctx, retry, Some(note), validate).await);
            } else {
                out.extend(bad.into_iter().map(|((id, _), why)| (id, Err(why))));
            }
            out
        })
    }
}
