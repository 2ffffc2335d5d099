//! The translate run as a library, as its stages: [`setup`] (backends, memory, context),
//! then per post [`load`] → [`plan`] → [`send`] → [`assemble`] → [`render`] and
//! [`verify`] → [`commit`]; [`again`] translates one segment anew for `review`.
//! `l10n translate`, `review`'s retranslate and tests call it; the CLI only parses
//! arguments and prints. Posts are planned and written one at a time (sync, in the core);
//! their segments go to the backend through one scheduler whose concurrency bound is shared
//! by every post in flight.

pub mod again;
pub mod assemble;
mod batch;
pub mod commit;
pub mod event;
pub mod load;
pub mod plan;
pub mod render;
pub mod send;
pub mod setup;
pub mod verify;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt;
use unic_langid::LanguageIdentifier;

use crate::backend::Translator;
use crate::backend::scheduler::{Cache, Cost, Outcome, Scheduler};
use crate::diag::{Detail, Failure, IoError};
use crate::document::Document;
use crate::site::Site;
use crate::state::Status;

pub use again::{Again, translate_again};
pub use event::{Event, Hold};
pub use render::PSEUDO_KEY;

use assemble::Assembled;
use load::Loaded;
use plan::Planned;
use render::Page;
use setup::Setup;

#[derive(Default)]
struct Totals {
    /// Posts (times languages) finished, written or not.
    done: usize,
    written: usize,
    reused: usize,
    sent: usize,
    failed: usize,
    /// (language, source) of posts with a segment that failed.
    failed_posts: HashSet<(String, PathBuf)>,
    held: usize,
    errors: usize,
    dry_segments: usize,
    dry_chars: usize,
    dry_posts: usize,
    dry_cost: Cost,
    /// Posts left untranslated because segments wait in a batch job.
    waiting: usize,
}

/// What a run is asked to do: `l10n translate`'s flags, for any caller.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Source posts (default: every post matched by `sources`).
    pub paths: Vec<PathBuf>,
    /// Only this target language.
    pub to: Option<String>,
    /// Backend from `[backend.NAME]`, or `pseudo`.
    pub backend: Option<String>,
    /// Requests in flight at once, for every backend of the chain (default: each one's
    /// `concurrency`); 0 is refused.
    pub jobs: Option<usize>,
    pub dry_run: bool,
    pub force: bool,
    pub overwrite_edits: bool,
    pub partial: bool,
    /// Send what is left to translate as provider batch jobs (`--batch`) or into a
    /// request file (`batch export`) instead of synchronous requests.
    pub batch: Option<crate::batch::session::Target>,
}

/// Where a run reports as it goes (the CLI renders and prints).
pub trait Events: Sync {
    /// A note or warning for a person, on stderr.
    fn event(&self, e: &Event);
    fn error(&self, f: &Failure);
    /// A result line (dry runs list posts on stdout).
    fn out(&self, e: &Event) -> Result<(), Failure>;
    /// How far the run has got: after each post, and a few times a second while requests
    /// are in flight.
    fn progress(&self, progress: &Progress);
}

/// How far a run has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Posts (times target languages) finished, and in all.
    pub done: usize,
    pub total: usize,
    /// Segments sent, requests made and retried, by every backend of the chain.
    pub segments: usize,
    pub requests: usize,
    pub retries: usize,
    /// Segments that failed so far.
    pub failed: usize,
    /// Estimated tokens of streamed answers received so far (0 when nothing streams).
    pub received: usize,
}

/// `--jobs 0`: no request could ever be sent.
#[derive(Debug)]
struct NoJobs;

impl crate::diag::Diagnostic for NoJobs {
    fn id(&self) -> &'static str {
        "err-jobs-zero"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub written: usize,
    pub reused: usize,
    pub sent: usize,
    pub failed: usize,
    /// (language, source) of posts with a segment that failed: not "up to date", whatever
    /// the English they keep.
    pub failed_posts: HashSet<(String, PathBuf)>,
    pub held: usize,
    /// Posts that could not be read or written (input errors).
    pub errors: usize,
    pub dry_segments: usize,
    pub dry_chars: usize,
    pub dry_posts: usize,
    /// What a dry run would send: requests, characters, estimated tokens.
    pub dry_cost: Cost,
    /// What was sent: requests, characters, estimated tokens.
    pub cost: Cost,
    pub retries: usize,
    /// Estimated tokens of streamed answers (0 when nothing streamed).
    pub received: usize,
    pub cancelled: bool,
    /// The backend that ran (with its fallbacks: `local → api`).
    pub origin: String,
    /// With fallbacks: each backend of the chain, the segments and requests it was sent.
    pub shares: Vec<(String, usize, usize)>,
    pub sources: Vec<PathBuf>,
    pub langs: Vec<LanguageIdentifier>,
    /// Tokens the providers reported for synchronous answers.
    pub usage: crate::cost::Usage,
    /// Batch jobs: what this run collected, submitted and still waits for.
    pub batch: BatchSummary,
    /// The run's setups and the verdicts it derived on the posts it wrote, for the
    /// one-verdict check after it.
    pub verdicts: Verdicts,
}

/// Per target language, the run's [`Setup`] and the verdict `check` gives each post the
/// run wrote, derived while the run had the post in memory.
#[derive(Default)]
pub struct Verdicts {
    setups: Vec<Setup>,
    derived: HashMap<(String, PathBuf), crate::check::Derived>,
}

impl std::fmt::Debug for Verdicts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verdicts")
            .field("langs", &self.setups.len())
            .field("derived", &self.derived.len())
            .finish()
    }
}

impl Verdicts {
    /// The run's setup for `lang`, if it translated into it.
    pub fn setup(&self, lang: &LanguageIdentifier) -> Option<&Setup> {
        let lang = lang.to_string();
        self.setups.iter().find(|s| s.target_lang == lang)
    }

    /// The verdict derived on `source` in `lang`, if the run wrote it.
    pub fn derived(
        &self,
        lang: &LanguageIdentifier,
        source: &Path,
    ) -> Option<&crate::check::Derived> {
        self.derived.get(&(lang.to_string(), source.to_path_buf()))
    }
}

impl Summary {
    /// The run's exit code (the README's): 130 interrupted, 2 when a post could not be read
    /// or written, 1 when something waits for a person or a batch job, else 0.
    pub fn exit_code(&self, need_review: usize) -> u8 {
        if self.cancelled {
            130
        } else if self.errors > 0 {
            2
        } else if self.failed > 0
            || self.held > 0
            || need_review > 0
            || self.batch.waiting_posts > 0
        {
            1
        } else {
            0
        }
    }

    /// Adds what a later run of the same command did (`--wait` runs again as jobs end).
    pub fn absorb(&mut self, later: Summary) {
        self.written += later.written;
        self.reused += later.reused;
        self.sent += later.sent;
        self.failed += later.failed;
        self.failed_posts.extend(later.failed_posts);
        self.held += later.held;
        self.errors += later.errors;
        self.cost.add(later.cost);
        self.retries += later.retries;
        self.received += later.received;
        self.cancelled |= later.cancelled;
        self.usage.add(later.usage);
        self.batch.collected += later.batch.collected;
        self.batch.accepted += later.batch.accepted;
        self.batch.usage.add(later.batch.usage);
        self.batch.submitted.jobs.extend(later.batch.submitted.jobs);
        self.batch.pending = later.batch.pending;
        self.batch.waiting_posts = later.batch.waiting_posts;
        // The latest run's setups; its verdicts replace older ones of the same posts.
        self.verdicts.setups = later.verdicts.setups;
        self.verdicts.derived.extend(later.verdicts.derived);
    }
}

/// What a run did with provider batch jobs.
#[derive(Debug, Default)]
pub struct BatchSummary {
    /// Jobs collected, and the segments their answers gave the cache.
    pub collected: usize,
    pub accepted: usize,
    /// Tokens the provider reported for the collected answers.
    pub usage: crate::cost::Usage,
    pub submitted: crate::batch::session::Submitted,
    /// Jobs not collected yet (submitted now or earlier).
    pub pending: Vec<crate::batch::store::Job>,
    /// Posts not written because some of their segments wait in a job.
    pub waiting_posts: usize,
}

/// What the posts of one run share.
struct Run<'a> {
    site: &'a Site,
    opts: &'a Options,
    events: &'a dyn Events,
    glossary: crate::glossary::Glossary,
    sources: Vec<PathBuf>,
    langs: Vec<LanguageIdentifier>,
    /// One per language of `langs`, in the same order.
    setups: Vec<Setup>,
    /// Verdicts derived on the posts written, by language and source.
    derived: Mutex<HashMap<(String, PathBuf), crate::check::Derived>>,
    totals: Mutex<Totals>,
    /// Batch jobs: segments waiting in one, and requests planned for new ones.
    batch: Option<crate::batch::session::Session>,
    /// The state files at the start of the run, for finding renamed posts.
    old_states: OnceLock<Vec<(PathBuf, PathBuf)>>,
}

/// Runs read → segment → plan → translate → validate → render → verify → commit over the
/// posts `opts` names.
pub fn run(site: &Site, opts: &Options, events: &dyn Events) -> Result<Summary, Failure> {
    if opts.jobs == Some(0) {
        return Err(NoJobs.into());
    }
    let glossary = site.glossary()?;
    let sources = site.sources(&opts.paths)?;
    let langs = site.langs(opts.to.as_deref())?;
    let chain = setup::backends(site, opts.backend.as_deref(), opts.dry_run)?;
    let _lock = if opts.dry_run {
        None
    } else {
        Some(site.store.lock(|| events.event(&Event::WaitingForLock))?)
    };
    let cache = open_cache(site, opts, chain[0].as_ref())?;
    let runtime = setup::runtime(true)?;
    let cancel = AtomicBool::new(false);
    let batch = match opts.dry_run {
        true => None,
        false => Some(crate::batch::session::Session::open(
            &site.config,
            opts.backend
                .as_deref()
                .unwrap_or(&site.config.default_backend),
            opts.batch.clone(),
            Box::new(|k| std::env::var(k).ok()),
        )?),
    };
    let setups = langs
        .iter()
        .map(|l| Setup::new(site, &glossary, l))
        .collect();
    let mut run = Run {
        site,
        opts,
        events,
        glossary,
        sources,
        langs,
        setups,
        derived: Mutex::new(HashMap::new()),
        totals: Mutex::new(Totals::default()),
        batch,
        old_states: OnceLock::new(),
    };
    let mut batch = BatchSummary::default();
    let (cost, shares) = runtime.block_on(async {
        let scheduler = Scheduler::new(chain[0].as_ref(), &cache, &cancel)
            .with_fallbacks(&chain[1..])
            .with_jobs(opts.jobs);
        if let Some(s) = run.batch.as_mut() {
            for (_, f) in s.refresh().await {
                events.error(&f);
            }
            let mut collect = batch::Collect::new(site, &scheduler, &run.glossary, &run.setups);
            batch.collected = s
                .collect(&mut |job, held, outcome| collect.accept(job, held, outcome))
                .await?;
            batch.accepted = collect.accepted();
            batch.usage = s.usage.get();
        }
        let interrupt = async {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.store(true, Ordering::Relaxed);
                events.event(&Event::Interrupted);
            }
            std::future::pending::<()>().await
        };
        tokio::select! {
            _ = run.posts(&scheduler) => {}
            _ = interrupt => {}
            _ = run.follow(&scheduler) => {}
        }
        Ok::<_, Failure>((scheduler.cost(), shares(&scheduler)))
    })?;
    if let Some(s) = run.batch.as_mut() {
        if !cancel.load(Ordering::Relaxed) {
            batch.submitted = runtime.block_on(s.submit())?;
        }
        batch.pending = s.pending().to_vec();
    }
    Ok(run.summary(&chain, cost, shares, cancel.load(Ordering::Relaxed), batch))
}

/// The answers cache: none for a dry run or placeholders; read unless `--force`.
fn open_cache(site: &Site, opts: &Options, first: &dyn Translator) -> Result<Cache, Failure> {
    if opts.dry_run || first.status() == Status::Pseudo {
        return Ok(Cache::none());
    }
    let dir = site
        .config
        .root
        .join(crate::state::store::DIR)
        .join("cache");
    Cache::open(&dir, !opts.force).map_err(|e| IoError::new(&dir, &e).into())
}

/// With fallbacks, each backend's share of the run: origin, segments and requests sent.
fn shares(scheduler: &Scheduler<'_>) -> Vec<(String, usize, usize)> {
    match scheduler.links().count() {
        1 => Vec::new(),
        _ => scheduler
            .links()
            .map(|s| {
                (
                    s.translator.origin(),
                    s.stats.segments_sent.load(Ordering::Relaxed),
                    s.stats.requests.load(Ordering::Relaxed),
                )
            })
            .collect(),
    }
}

impl Run<'_> {
    /// Every post into every language, several posts in flight.
    async fn posts(&self, scheduler: &Scheduler<'_>) {
        for (lang, setup) in self.langs.iter().zip(&self.setups) {
            let job = Job::new(self, lang, setup, scheduler);
            let in_flight = (scheduler.concurrency() * 2).max(4);
            let mut posts = futures_util::stream::iter(&self.sources)
                .map(|s| job.post(s))
                .buffer_unordered(in_flight);
            while let Some(result) = posts.next().await {
                let mut t = lock(&self.totals);
                t.done += 1;
                if let Err(f) = result {
                    self.events.error(&f);
                    t.errors += 1;
                }
                drop(t);
                self.events.progress(&self.progress(scheduler));
            }
        }
    }

    /// Reports progress while requests are in flight, between the posts finishing; never
    /// returns.
    async fn follow(&self, scheduler: &Scheduler<'_>) {
        let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            every.tick().await;
            self.events.progress(&self.progress(scheduler));
        }
    }

    fn progress(&self, scheduler: &Scheduler<'_>) -> Progress {
        let (segments, requests, retries) = scheduler.progress();
        let t = lock(&self.totals);
        Progress {
            done: t.done,
            total: self.sources.len() * self.langs.len(),
            segments,
            requests,
            retries,
            failed: t.failed,
            received: scheduler.received(),
        }
    }

    fn summary(
        self,
        chain: &[Box<dyn Translator>],
        cost: Cost,
        shares: Vec<(String, usize, usize)>,
        cancelled: bool,
        batch: BatchSummary,
    ) -> Summary {
        let t = self.totals.into_inner().unwrap_or_else(|e| e.into_inner());
        Summary {
            written: t.written,
            reused: t.reused,
            sent: t.sent,
            failed: t.failed,
            failed_posts: t.failed_posts,
            held: t.held,
            errors: t.errors,
            dry_segments: t.dry_segments,
            dry_chars: t.dry_chars,
            dry_posts: t.dry_posts,
            dry_cost: t.dry_cost,
            cost,
            retries: chain.iter().map(|t| t.retries()).sum(),
            received: chain.iter().map(|t| t.received()).sum(),
            cancelled,
            origin: chain
                .iter()
                .map(|t| t.origin())
                .collect::<Vec<_>>()
                .join(" → "),
            shares,
            sources: self.sources,
            langs: self.langs,
            usage: chain
                .iter()
                .fold(crate::cost::Usage::default(), |mut u, t| {
                    u.add(t.usage());
                    u
                }),
            batch: BatchSummary {
                waiting_posts: t.waiting,
                ..batch
            },
            verdicts: Verdicts {
                setups: self.setups,
                derived: self.derived.into_inner().unwrap_or_else(|e| e.into_inner()),
            },
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The run into one target language: what its posts share.
pub struct Job<'a> {
    events: &'a dyn Events,
    site: &'a Site,
    lang: &'a LanguageIdentifier,
    setup: &'a Setup,
    scheduler: &'a Scheduler<'a>,
    opts: &'a Options,
    totals: &'a Mutex<Totals>,
    derived: &'a Mutex<HashMap<(String, PathBuf), crate::check::Derived>>,
    batch: Option<&'a crate::batch::session::Session>,
    old_states: &'a OnceLock<Vec<(PathBuf, PathBuf)>>,
}

/// A segment the backend could not translate.
#[derive(Debug)]
struct SegmentFailed {
    path: String,
    line: usize,
    reason: Detail,
}

impl crate::diag::Diagnostic for SegmentFailed {
    fn id(&self) -> &'static str {
        "err-segment-failed"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone()), ("line", self.line.to_string())]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.reason)
    }
}

/// Our own output does not segment like its source: writing it would lose track of edits.
#[derive(Debug)]
struct StructureChanged {
    path: String,
}

impl crate::diag::Diagnostic for StructureChanged {
    fn id(&self) -> &'static str {
        "err-structure-changed"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
}

impl<'a> Job<'a> {
    fn new(
        run: &'a Run<'a>,
        lang: &'a LanguageIdentifier,
        setup: &'a Setup,
        scheduler: &'a Scheduler<'a>,
    ) -> Self {
        Job {
            events: run.events,
            site: run.site,
            lang,
            setup,
            scheduler,
            opts: run.opts,
            totals: &run.totals,
            derived: &run.derived,
            batch: run.batch.as_ref(),
            old_states: &run.old_states,
        }
    }
}

impl Job<'_> {
    /// One post through every stage.
    async fn post(&self, source_rel: &Path) -> Result<(), Failure> {
        let Some(loaded) = self.load(source_rel)? else {
            return Ok(());
        };
        let Some(planned) = self.plan(&loaded)? else {
            return Ok(());
        };
        if self.opts.dry_run {
            return self.preview(&loaded, &planned);
        }
        if let Some(session) = self.batch
            && self.route(
                session,
                &planned.context,
                &planned.unique,
                loaded.source.segments(),
                &loaded.source_rel,
            )?
        {
            lock(self.totals).waiting += 1;
            return Ok(());
        }
        let outcome = self.send(&loaded, &planned).await;
        // Posts share one task: the posts woken by the permits this one freed send their
        // requests before its rendering, QA and writes keep the task busy.
        tokio::task::yield_now().await;
        self.finish(&loaded, &planned, &outcome)
    }

    /// Writes what came back for a planned post: its entries, the English post rendered
    /// and verified, and the commit.
    pub fn finish(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        outcome: &Outcome,
    ) -> Result<(), Failure> {
        let Some(mut assembled) = self.assemble(loaded, planned, outcome) else {
            return Ok(());
        };
        let Some((out, written)) = self.english(loaded, planned, &mut assembled)? else {
            return Ok(());
        };
        self.commit(loaded, planned, assembled, out, &written)
    }

    /// Renders the post, re-reads what was rendered, and fails by name any translation
    /// that would change the post's structure; the rest of the post is written as usual
    /// (`None` when a failure means nothing is written).
    fn english(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        assembled: &mut Assembled,
    ) -> Result<Option<(String, Document)>, Failure> {
        let page = Page {
            source: &loaded.source,
            target_name: &loaded.target_name,
            keys: self
                .site
                .config
                .target_keys_for(self.lang, &loaded.source_rel),
            options: self.site.config.parse_options(),
        };
        loop {
            let (out, written) = page.render(&assembled.entries)?;
            if verify::verified(&loaded.source, &assembled.entries, &written) {
                return Ok(Some((out, written)));
            }
            let culprits = verify::culprits(&page, &assembled.entries, &assembled.fresh)?;
            if culprits.is_empty() {
                return Err(StructureChanged {
                    path: loaded.target_name.clone(),
                }
                .into());
            }
            for id in &culprits {
                self.segment_failed(loaded, id, Detail::new("detail-reply-structure", vec![]));
                if let Some(seg) = loaded.source.segment(id) {
                    self.scheduler.forget(&planned.context, &seg.text);
                }
            }
            assembled.failed += culprits.len();
            lock(self.totals).failed += culprits.len();
            if !self.opts.partial {
                return Ok(None);
            }
            assembled.revert(&culprits, &loaded.source);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Summary;

    /// The README's codes, the most urgent first: an interrupted run is 130 whatever else
    /// happened, an unreadable post 2 before anything a person must look at.
    #[test]
    fn exit_codes_follow_the_readme() {
        assert_eq!(Summary::default().exit_code(0), 0);
        assert_eq!(Summary::default().exit_code(3), 1);
        let waiting = Summary {
            batch: super::BatchSummary {
                waiting_posts: 1,
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(waiting.exit_code(0), 1);
        let held = Summary {
            held: 1,
            ..Default::default()
        };
        assert_eq!(held.exit_code(0), 1);
        let failed = Summary {
            failed: 2,
            errors: 1,
            ..Default::default()
        };
        assert_eq!(failed.exit_code(5), 2);
        let cancelled = Summary {
            cancelled: true,
            errors: 1,
            ..Default::default()
        };
        assert_eq!(cancelled.exit_code(1), 130);
    }
}
