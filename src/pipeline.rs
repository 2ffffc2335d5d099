//! The translate run as a library: read → segment → plan → translate → validate → render
//! → verify → commit. `l10n translate`, `review`'s retranslate and tests call it; the CLI
//! only parses arguments and prints. Posts are planned and written one at a time (sync, in
//! the core); their segments go to the backend through one scheduler whose concurrency
//! bound is shared by every post in flight.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use futures_util::StreamExt;
use unic_langid::LanguageIdentifier;

use crate::backend::prompt::{ExampleBank, Outline};
use crate::backend::pseudo::Pseudo;
use crate::backend::scheduler::{Cache, Cost, PostContext, Scheduler};
use crate::backend::{Translator, build};
use crate::diag::{Detail, Failure, IoError};
use crate::document::{Document, Replacement, normalize};
use crate::plan::{Action, Hold, Memory, PlanOptions, plan};
use crate::site::Site;
use crate::state::{PostState, Previous, SegmentState, Status, VERSION, file_hash, text_hash};

/// A backend named on the command line or in l10n.toml that is not configured.
#[derive(Debug)]
struct UnknownBackend {
    name: String,
}

impl crate::diag::Diagnostic for UnknownBackend {
    fn id(&self) -> &'static str {
        "err-unknown-backend"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("name", self.name.clone())]
    }
}

/// The backend wrapped so `--jobs` can override its concurrency.
struct WithJobs {
    inner: Box<dyn Translator>,
    jobs: usize,
}

impl Translator for WithJobs {
    fn origin(&self) -> String {
        self.inner.origin()
    }
    fn status(&self) -> Status {
        self.inner.status()
    }
    fn batch_chars(&self) -> usize {
        self.inner.batch_chars()
    }
    fn concurrency(&self) -> usize {
        self.jobs
    }
    fn retries(&self) -> usize {
        self.inner.retries()
    }
    fn received(&self) -> usize {
        self.inner.received()
    }
    fn prompt_version(&self) -> String {
        self.inner.prompt_version()
    }
    fn examples(&self) -> usize {
        self.inner.examples()
    }
    fn wire(&self, req: &crate::backend::Request) -> Option<String> {
        self.inner.wire(req)
    }
    fn usage(&self) -> crate::cost::Usage {
        self.inner.usage()
    }
    fn translate<'a>(
        &'a self,
        req: &'a crate::backend::Request,
    ) -> crate::backend::BoxFuture<
        'a,
        Result<Vec<(crate::document::SegmentId, String)>, crate::backend::BackendError>,
    > {
        self.inner.translate(req)
    }
}

pub(super) fn backend(
    site: &Site,
    name: Option<&str>,
    jobs: Option<usize>,
    dry: bool,
) -> Result<Box<dyn Translator>, Failure> {
    let name = name.unwrap_or(&site.config.default_backend);
    // An estimate sends nothing, so it needs no key: a stand-in builds the requests.
    let env = |k: &str| match std::env::var(k).ok().filter(|v| !v.is_empty()) {
        None if dry => Some("dry-run".to_owned()),
        v => v,
    };
    let inner: Box<dyn Translator> = match site.config.backends.get(name) {
        Some(cfg) if cfg.kind == crate::config::BackendKind::Deepl && cfg.glossary_id.is_none() => {
            // A glossary pushed with `l10n glossary push deepl` for this exact glossary.
            let mut cfg = cfg.clone();
            cfg.glossary_id = site.deepl_glossary_id(&site.glossary()?);
            build(name, &cfg, None, &env)?
        }
        Some(cfg) => build(name, cfg, site.style()?.as_ref(), &env)?,
        None if name == "pseudo" => Box::new(Pseudo),
        None => {
            return Err(UnknownBackend {
                name: name.to_owned(),
            }
            .into());
        }
    };
    Ok(match jobs {
        Some(j) => Box::new(WithJobs {
            inner,
            jobs: j.max(1),
        }),
        None => inner,
    })
}

/// The backend `name` (default: the configured one) followed by its fallbacks: never empty.
pub(super) fn backends(
    site: &Site,
    name: Option<&str>,
    jobs: Option<usize>,
    dry: bool,
) -> Result<Vec<Box<dyn Translator>>, Failure> {
    let mut names = vec![name.unwrap_or(&site.config.default_backend)];
    // The configuration refused chains that loop.
    while let Some(next) = names
        .last()
        .and_then(|n| site.config.backends.get(*n))
        .and_then(|c| c.fallback.as_ref())
    {
        names.push(next.get_ref());
    }
    names
        .into_iter()
        .map(|n| backend(site, Some(n), jobs, dry))
        .collect()
}

#[derive(Default)]
struct Totals {
    written: usize,
    reused: usize,
    sent: usize,
    failed: usize,
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
    /// Requests in flight at once.
    pub jobs: Option<usize>,
    pub dry_run: bool,
    pub force: bool,
    pub overwrite_edits: bool,
    pub partial: bool,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Send what is left to translate as provider batch jobs (`--batch`) or into a
    /// request file (`batch export`) instead of synchronous requests.
    pub batch: Option<crate::batch::session::Target>,
}

/// Where a run reports as it goes: localized lines for a person (the CLI prints them).
pub trait Events: Sync {
    fn note(&self, id: &str, args: &[(&str, String)]);
    fn warn(&self, id: &str, args: &[(&str, String)]);
    fn error(&self, f: &Failure);
    /// A result line (dry runs list posts on stdout).
    fn out(&self, id: &str, args: &[(&str, String)]) -> Result<(), Failure>;
    fn verbose(&self) -> bool;
    /// The message `id` in the user's language, for a line drawn rather than printed (the
    /// progress bar).
    fn text(&self, id: &str, args: &[(&str, String)]) -> String;
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub written: usize,
    pub reused: usize,
    pub sent: usize,
    pub failed: usize,
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
}

impl Summary {
    /// Adds what a later run of the same command did (`--wait` runs again as jobs end).
    pub fn absorb(&mut self, later: Summary) {
        self.written += later.written;
        self.reused += later.reused;
        self.sent += later.sent;
        self.failed += later.failed;
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

/// Runs read → segment → plan → translate → validate → render → verify → commit over the
/// posts `opts` names.
pub fn run(site: &Site, opts: &Options, events: &dyn Events) -> Result<Summary, Failure> {
    let glossary = site.glossary()?;
    let sources = site.sources(&opts.paths)?;
    let langs = site.langs(opts.to.as_deref())?;
    let chain = backends(site, opts.backend.as_deref(), opts.jobs, opts.dry_run)?;
    let translator = &chain[0];
    let _lock = if opts.dry_run {
        None
    } else {
        Some(
            site.store
                .lock(|| events.note("note-waiting-for-lock", &[]))?,
        )
    };
    let cache = if opts.dry_run || translator.status() == Status::Pseudo {
        Cache::none()
    } else {
        let dir = site
            .config
            .root
            .join(crate::state::store::DIR)
            .join("cache");
        Cache::open(&dir, !opts.force).map_err(|e| IoError::new(&dir, &e))?
    };
    let backend_name = opts
        .backend
        .clone()
        .unwrap_or_else(|| site.config.default_backend.clone());
    let mut session = match opts.dry_run {
        true => None,
        false => Some(crate::batch::session::Session::open(
            &site.config,
            &backend_name,
            opts.batch.clone(),
            Box::new(|k| std::env::var(k).ok()),
        )?),
    };
    let mut batch = BatchSummary::default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| IoError::new("<runtime>", &e))?;
    let cancel = AtomicBool::new(false);
    let totals = Mutex::new(Totals::default());
    let progress = Progress::new(opts.progress, sources.len() * langs.len());
    let (cost, shares) = runtime.block_on(async {
        let scheduler =
            Scheduler::new(translator.as_ref(), &cache, &cancel).with_fallbacks(&chain[1..]);
        if let Some(s) = session.as_mut() {
            for (_, f) in s.refresh().await {
                events.error(&f);
            }
            let mut collect = Collect {
                site,
                scheduler: &scheduler,
                glossary: &glossary,
                indexes: HashMap::new(),
                last: None,
                accepted: 0,
            };
            batch.collected = s
                .collect(&mut |job, held, outcome| collect.accept(job, held, outcome))
                .await?;
            batch.accepted = collect.accepted;
            batch.usage = s.usage.get();
        }
        let session = session.as_ref();
        let interrupt = async {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.store(true, Ordering::Relaxed);
                events.note("note-interrupted", &[]);
            }
            std::future::pending::<()>().await
        };
        let work = async {
            for lang in &langs {
                let lang_s = lang.to_string();
                // Loaded on first need: a run with nothing to send never reads every state file.
                let memory = OnceLock::new();
                let old_states = OnceLock::new();
                let examples = OnceLock::new();
                let load_memory = || memory_of(site, &lang_s);
                let index = std::sync::Arc::new(crate::glossary::TermIndex::new(
                    &glossary,
                    site.config.source_lang.language.as_str(),
                    lang.language.as_str(),
                    true,
                ));
                let job = Job {
                    events,
                    site,
                    lang,
                    memory: &memory,
                    load_memory: &load_memory,
                    examples: &examples,
                    glossary: &index,
                    scheduler: &scheduler,
                    qa_fingerprint: site.qa_fingerprint(),
                    opts,
                    totals: &totals,
                    batch: session,
                    old_states: &old_states,
                };
                let in_flight = (translator.concurrency() * 2).max(4);
                let mut posts = futures_util::stream::iter(&sources)
                    .map(|s| job.post(s))
                    .buffer_unordered(in_flight);
                while let Some(result) = posts.next().await {
                    if let Err(f) = result {
                        progress.suspend(|| events.error(&f));
                        lock(&totals).errors += 1;
                    }
                    progress.tick(&scheduler, events);
                }
            }
        };
        tokio::select! {
            _ = work => {}
            _ = interrupt => {}
            _ = progress.follow(&scheduler, events) => {}
        }
        let shares = match scheduler.links().count() {
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
        };
        Ok::<_, Failure>((scheduler.cost(), shares))
    })?;
    if let Some(s) = session.as_mut() {
        if !cancel.load(Ordering::Relaxed) {
            batch.submitted = runtime.block_on(s.submit())?;
        }
        batch.pending = s.pending().to_vec();
    }
    progress.finish();
    let t = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(Summary {
        written: t.written,
        reused: t.reused,
        sent: t.sent,
        failed: t.failed,
        held: t.held,
        errors: t.errors,
        dry_segments: t.dry_segments,
        dry_chars: t.dry_chars,
        dry_posts: t.dry_posts,
        dry_cost: t.dry_cost,
        cost,
        retries: chain.iter().map(|t| t.retries()).sum(),
        received: chain.iter().map(|t| t.received()).sum(),
        cancelled: cancel.load(Ordering::Relaxed),
        origin: chain
            .iter()
            .map(|t| t.origin())
            .collect::<Vec<_>>()
            .join(" → "),
        shares,
        sources,
        langs,
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
    })
}

/// Collected batch answers on their way to the response cache.
struct Collect<'a> {
    site: &'a Site,
    scheduler: &'a Scheduler<'a>,
    glossary: &'a crate::glossary::Glossary,
    indexes: HashMap<String, std::sync::Arc<crate::glossary::TermIndex>>,
    /// The source post last read: a post's requests usually come back together.
    last: Option<(String, Document)>,
    accepted: usize,
}

impl Collect<'_> {
    /// One request's outcome: its answer read as the synchronous answer is, kept only for
    /// segments whose source still reads as it did when planned (an edited Korean post is
    /// translated anew), and judged by the scheduler like any answer. What failed, expired
    /// or was refused goes the synchronous way.
    fn accept(
        &mut self,
        job: &crate::batch::store::Job,
        held: &crate::batch::store::Held,
        outcome: crate::batch::lines::Outcome,
    ) {
        let site = self.site;
        let keys: Vec<String> = held.segments.iter().map(|s| s.key.clone()).collect();
        let crate::batch::lines::Outcome::Answer(body) = outcome else {
            self.scheduler.refused(&keys);
            return;
        };
        if self.last.as_ref().is_none_or(|(p, _)| *p != held.post) {
            let rel = PathBuf::from(&held.post);
            let doc = match site.read(&rel) {
                Ok(Some(b)) => site.parse(&rel, &b).ok(),
                _ => None,
            };
            // A post deleted or unreadable since: nothing to translate it for.
            let Some(doc) = doc else { return };
            self.last = Some((held.post.clone(), doc));
        }
        let Some((_, doc)) = &self.last else { return };
        let index = self
            .indexes
            .entry(held.lang.clone())
            .or_insert_with(|| {
                std::sync::Arc::new(crate::glossary::TermIndex::new(
                    self.glossary,
                    site.config.source_lang.language.as_str(),
                    held.lang.split('-').next().unwrap_or(&held.lang),
                    true,
                ))
            })
            .clone();
        let req = crate::backend::Request {
            segments: held
                .segments
                .iter()
                .map(|s| {
                    let id = crate::document::SegmentId(s.id.clone());
                    let text = doc.segment(&id).map(|g| g.text.clone()).unwrap_or_default();
                    (id, text)
                })
                .collect(),
            places: held
                .segments
                .iter()
                .map(|s| crate::backend::Place {
                    heading: s.heading,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let unused = crate::backend::http::UsageCounter::default();
        let text = body.to_string();
        let parsed = match job.provider {
            crate::batch::store::Provider::Anthropic => {
                crate::backend::anthropic::content(&text, &req, &unused)
            }
            _ => crate::backend::openai::content(&text, &req, &unused),
        };
        let replies = match parsed {
            Ok(r)
                if r.iter()
                    .all(|(id, _)| held.segments.iter().any(|s| s.id == id.0)) =>
            {
                r
            }
            _ => {
                self.scheduler.refused(&keys);
                return;
            }
        };
        let current: Vec<(crate::document::SegmentId, String)> = req
            .segments
            .iter()
            .zip(&held.segments)
            .filter(|((_, text), s)| !text.is_empty() && text_hash(text) == s.hash)
            .map(|(seg, _)| seg.clone())
            .collect();
        let replies = replies
            .into_iter()
            .filter(|(id, _)| current.iter().any(|(c, _)| c == id))
            .collect();
        let ctx = post_context(site, &held.lang, doc, &index, &Default::default());
        let qa = crate::qa::Context {
            config: &site.config.qa,
            glossary: &index,
            source_lang: &ctx.source_lang,
            target_lang: &held.lang,
        };
        let by_text: HashMap<&str, &crate::document::Segment> = doc
            .segments()
            .iter()
            .map(|s| (s.text.as_str(), s))
            .collect();
        let validate = |source: &str, translation: &str| match by_text.get(source) {
            Some(seg) => validate_reply(&qa, seg, translation, false),
            None => Ok(Vec::new()),
        };
        self.accepted += self.scheduler.accept(&ctx, current, replies, &validate);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `1234` as `1.2k`, `1234567` as `1.2M`: a progress line that changes often stays short.
fn compact_count(n: usize) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => format!("{:.1}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// An indicatif bar on a terminal; nothing otherwise (the summary line still prints).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(show: bool, posts: usize) -> Progress {
        let show = show && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress(show.then(|| {
            let bar = indicatif::ProgressBar::new(posts as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} posts {msg}")
            {
                bar.set_style(style);
            }
            bar
        }))
    }

    fn tick(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
        self.refresh(s, events);
    }

    /// Redraws the counts; with a streaming backend, also the tokens received so far.
    fn refresh(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if let Some(b) = &self.0 {
            let (segments, requests, retries) = s.progress();
            let mut line = events.text(
                "progress-counts",
                &[
                    ("segments", segments.to_string()),
                    ("requests", requests.to_string()),
                    ("retries", retries.to_string()),
                ],
            );
            let received = s.received();
            if received > 0 {
                line.push_str(
                    &events.text("progress-received", &[("tokens", compact_count(received))]),
                );
            }
            b.set_message(line);
        }
    }

    /// Redraws the line while requests stream, between the posts finishing; never returns.
    async fn follow(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if self.0.is_none() {
            return std::future::pending().await;
        }
        let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            every.tick().await;
            self.refresh(s, events);
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.0 {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

struct Job<'a> {
    events: &'a dyn Events,
    site: &'a Site,
    lang: &'a LanguageIdentifier,
    memory: &'a OnceLock<Memory>,
    load_memory: &'a (dyn Fn() -> Result<Memory, Failure> + Sync),
    glossary: &'a std::sync::Arc<crate::glossary::TermIndex>,
    scheduler: &'a Scheduler<'a>,
    /// The editors' translations, built from memory on first need.
    examples: &'a OnceLock<std::sync::Arc<ExampleBank>>,
    qa_fingerprint: String,
    opts: &'a Options,
    totals: &'a Mutex<Totals>,
    /// Batch jobs: segments waiting in one, and requests planned for new ones.
    batch: Option<&'a crate::batch::session::Session>,
    /// The state files at the start of the run, for finding renamed posts: listed once,
    /// not once per new post.
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

impl Job<'_> {
    async fn post(&self, source_rel: &Path) -> Result<(), Failure> {
        let site = self.site;
        let lang = self.lang.to_string();
        let target_rel = site.config.target_path(source_rel, self.lang);
        let source_name = source_rel.display().to_string();
        let target_name = target_rel.display().to_string();
        let source_bytes = site
            .read(source_rel)?
            .ok_or_else(|| IoError::new(source_rel, &std::io::ErrorKind::NotFound.into()))?;
        let target_bytes = site.read(&target_rel)?;
        // A run killed between writing a target and its state left a pending state.
        if !self.opts.dry_run {
            site.store
                .recover(&lang, source_rel, target_bytes.as_deref())?;
        }
        let source_hash = file_hash(&source_bytes);
        if !self.opts.force && !self.opts.overwrite_edits {
            let header = site.store.load_header(&lang, source_rel)?;
            if let (Some(h), Some(tb)) = (&header, &target_bytes)
                && h.source_hash == source_hash
                && h.target_hash == file_hash(tb)
                && h.qa == self.qa_fingerprint
                && h.count(Status::Flagged) + h.count(Status::Untranslated) == 0
            {
                return Ok(());
            }
        }
        let state = site.store.load(&lang, source_rel)?;
        let source = site.parse(source_rel, &source_bytes)?;
        let target = match &target_bytes {
            Some(b) => Some(site.parse(&target_rel, b)?),
            None => None,
        };
        // A new post with nothing of its own may be an old one renamed: its twin, edits and
        // English-only content included, follows it.
        let (state, target, renamed_from) = match (state, target) {
            (None, None) => match self.adopt(&lang, &source)? {
                Some((st, doc)) => {
                    let from = st.source.clone();
                    self.events.note(
                        "note-renamed",
                        &[("from", from.clone()), ("to", source_name.clone())],
                    );
                    (Some(st), doc, Some(from))
                }
                None => (None, None, None),
            },
            (st, t) => {
                let from = st.as_ref().and_then(|s| s.renamed_from.clone());
                (st, t, from)
            }
        };
        let translator = self.scheduler.translator;
        let opts = PlanOptions {
            force: self.opts.force,
            overwrite_edits: self.opts.overwrite_edits,
            placeholder: translator.status() == Status::Pseudo,
        };
        let memory = match self.memory.get() {
            Some(m) => m,
            None => {
                let m = (self.load_memory)()?;
                self.memory.get_or_init(|| m)
            }
        };
        let index = self.glossary.clone();
        let terms = move |text: &str| crate::state::terms_hash(&index.pairs_for(text));
        let plan = plan(
            &source,
            state.as_ref(),
            target.as_ref(),
            memory,
            &terms,
            opts,
        );
        if let Some(hold) = plan.hold {
            let id = match hold {
                Hold::Misaligned => "warn-held-misaligned",
                Hold::Untracked => "warn-held-untracked",
            };
            self.events.warn(
                id,
                &[
                    ("path", target_name.clone()),
                    ("line", plan.hold_line.to_string()),
                ],
            );
            lock(self.totals).held += 1;
            return Ok(());
        }
        let segments = source.segments();
        // Identical texts in one post are sent once.
        let mut unique: Vec<usize> = Vec::new();
        let mut first_of: HashMap<String, usize> = HashMap::new();
        for (i, a) in plan.actions.iter().enumerate() {
            if matches!(a, Action::Send { .. }) {
                first_of
                    .entry(normalize(&segments[i].text))
                    .or_insert_with(|| {
                        unique.push(i);
                        i
                    });
            }
        }
        let examples = self.examples.get_or_init(|| {
            std::sync::Arc::new(if translator.examples() > 0 {
                ExampleBank::from_memory(memory, self.glossary)
            } else {
                ExampleBank::default()
            })
        });
        let context = post_context(site, &lang, &source, self.glossary, examples);
        if self.opts.dry_run {
            if !unique.is_empty() || target_bytes.is_none() {
                let chars: usize = unique
                    .iter()
                    .map(|&i| segments[i].text.chars().count())
                    .sum();
                let batch = unique
                    .iter()
                    .map(|&i| (segments[i].id.clone(), segments[i].text.clone()))
                    .collect();
                let mut cost = Cost::default();
                for req in self.scheduler.preview(&context, batch) {
                    cost.add(Cost::of(translator, &req));
                }
                self.events.out(
                    "translate-dry-post",
                    &[
                        ("source", source_name.clone()),
                        ("target", target_name.clone()),
                        ("segments", unique.len().to_string()),
                        ("chars", chars.to_string()),
                    ],
                )?;
                let mut t = lock(self.totals);
                t.dry_posts += 1;
                t.dry_segments += unique.len();
                t.dry_chars += chars;
                t.dry_cost.add(cost);
            }
            return Ok(());
        }

        if let Some(session) = self.batch
            && self.route(session, &context, &unique, segments, source_rel)?
        {
            lock(self.totals).waiting += 1;
            return Ok(());
        }
        let batch = unique
            .iter()
            .map(|&i| (segments[i].id.clone(), segments[i].text.clone()))
            .collect();
        let pseudo = translator.status() == Status::Pseudo;
        let by_text: HashMap<&str, &crate::document::Segment> =
            segments.iter().map(|s| (s.text.as_str(), s)).collect();
        let qa = crate::qa::Context {
            config: &site.config.qa,
            glossary: self.glossary,
            source_lang: &context.source_lang,
            target_lang: &lang,
        };
        let validate = |source: &str, translation: &str| match by_text.get(source) {
            Some(seg) => validate_reply(&qa, seg, translation, pseudo),
            None => Ok(Vec::new()),
        };
        // Segments flagged or left untranslated last time go alone.
        let alone: std::collections::HashSet<_> = plan
            .actions
            .iter()
            .zip(segments)
            .filter_map(|(a, s)| match a {
                Action::Send { previous: Some(p) }
                    if matches!(p.state, Status::Flagged | Status::Untranslated) =>
                {
                    Some(s.id.clone())
                }
                _ => None,
            })
            .collect();
        let outcome = self
            .scheduler
            .translate(&context, batch, &alone, &validate)
            .await;
        {
            let mut t = lock(self.totals);
            t.sent += outcome.paid.len();
            t.reused += outcome.translations.len() - outcome.paid.len();
        }
        let replies = &outcome.translations;

        let mut entries = Vec::with_capacity(segments.len());
        // What each sent segment replaces, and which texts are new in this run: only those
        // can be blamed when the rendered post does not read back as its source.
        let plan_previous: HashMap<&crate::document::SegmentId, Option<SegmentState>> = segments
            .iter()
            .zip(&plan.actions)
            .filter_map(|(s, a)| match a {
                Action::Send { previous } => Some((&s.id, previous.clone())),
                _ => None,
            })
            .collect();
        let mut fresh: Vec<crate::document::SegmentId> = segments
            .iter()
            .filter(|s| plan_previous.contains_key(&s.id) && replies.contains_key(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let mut failed = 0;
        let mut reused = 0;
        for (seg, action) in segments.iter().zip(&plan.actions) {
            let entry = match action {
                Action::Keep(e) => e.clone(),
                Action::Reuse(m) => {
                    reused += 1;
                    SegmentState {
                        id: seg.id.clone(),
                        kind: seg.kind,
                        state: m.status,
                        origin: m.origin.clone(),
                        source: seg.text.clone(),
                        target: m.target.clone(),
                        raw: m.raw,
                        target_hash: String::new(),
                        terms: terms(&seg.text),
                        previous: None,
                    }
                }
                Action::Send { previous } => {
                    let first = first_of[&normalize(&seg.text)];
                    let first_id = &segments[first].id;
                    let (origin, status) = outcome
                        .origins
                        .get(first_id)
                        .cloned()
                        .unwrap_or_else(|| (translator.origin(), translator.status()));
                    match replies.get(first_id) {
                        Some(t) => SegmentState {
                            id: seg.id.clone(),
                            kind: seg.kind,
                            state: if outcome.flagged.contains_key(first_id) {
                                Status::Flagged
                            } else {
                                status
                            },
                            origin,
                            source: seg.text.clone(),
                            target: t.clone(),
                            raw: false,
                            target_hash: String::new(),
                            terms: terms(&seg.text),
                            previous: previous.as_ref().map(Previous::from),
                        },
                        None if self.opts.partial => {
                            failed += 1;
                            match previous {
                                // The old English stays in place, made from the old source, so
                                // it is still stale for `check` and the next run.
                                Some(p) => SegmentState {
                                    id: seg.id.clone(),
                                    kind: seg.kind,
                                    ..p.clone()
                                },
                                None => untranslated(seg),
                            }
                        }
                        None => {
                            failed += 1;
                            continue;
                        }
                    }
                }
            };
            entries.push(entry);
        }
        for (id, reason) in &outcome.failures {
            let line = source.segment(id).map_or(0, |s| s.line);
            self.events.error(&Failure::from(SegmentFailed {
                path: source_name.clone(),
                line,
                reason: reason.clone(),
            }));
        }
        if failed > 0 {
            lock(self.totals).failed += failed;
            if !self.opts.partial {
                // Nothing is written, so check cannot show these: say them now.
                for (id, problems) in &outcome.flagged {
                    let line = source.segment(id).map_or(0, |s| s.line);
                    for reason in problems {
                        self.events.error(&Failure::from(SegmentFailed {
                            path: source_name.clone(),
                            line,
                            reason: reason.clone(),
                        }));
                    }
                }
                return Ok(());
            }
        }

        // Render, re-read what was rendered, and fail by name any translation that would
        // change the post's structure; the rest of the post is written as usual.
        let (out, written) = loop {
            let (out, written) = self.render(source_rel, &source, &target_name, &entries)?;
            if verified(&source, &entries, &written) {
                break (out, written);
            }
            let culprits = self.culprits(source_rel, &source, &target_name, &entries, &fresh)?;
            if culprits.is_empty() {
                return Err(StructureChanged { path: target_name }.into());
            }
            for id in &culprits {
                let line = source.segment(id).map_or(0, |s| s.line);
                self.events.error(&Failure::from(SegmentFailed {
                    path: source_name.clone(),
                    line,
                    reason: Detail::new("detail-reply-structure", vec![]),
                }));
                if let Some(seg) = source.segment(id) {
                    self.scheduler.forget(&context, &seg.text);
                }
            }
            failed += culprits.len();
            lock(self.totals).failed += culprits.len();
            if !self.opts.partial {
                return Ok(());
            }
            for e in entries.iter_mut().filter(|e| culprits.contains(&e.id)) {
                let prev = plan_previous.get(&e.id).cloned().flatten();
                *e = match (prev, source.segment(&e.id)) {
                    (Some(p), _) => SegmentState {
                        id: e.id.clone(),
                        kind: e.kind,
                        ..p
                    },
                    (None, Some(seg)) => untranslated(seg),
                    (None, None) => continue,
                };
            }
            fresh.retain(|id| !culprits.contains(id));
        };
        let mut new_state = PostState {
            version: VERSION,
            source: source_name.clone(),
            target: target_name.clone(),
            lang: lang.clone(),
            source_hash,
            target_hash: file_hash(out.as_bytes()),
            qa: String::new(),
            qa_findings: 0,
            counts: Default::default(),
            segments: entries,
            removed: state
                .as_ref()
                .map(|s| s.removed.clone())
                .unwrap_or_default()
                .into_iter()
                .chain(plan.removed_human.iter().cloned())
                .collect(),
            renamed_from,
        };
        new_state.recount();
        if failed > 0 {
            // Not "translated from this source" yet: the next run (and check) must look.
            new_state.source_hash = String::new();
        }
        for (e, t) in new_state.segments.iter_mut().zip(written.segments()) {
            e.target_hash = text_hash(&t.text);
        }
        let pairs: Vec<(usize, &crate::document::Segment, Status)> = new_state
            .segments
            .iter()
            .enumerate()
            .filter_map(|(i, e)| source.segment(&e.id).map(|s| (i, s, e.state)))
            .collect();
        let findings = crate::qa::check_post(&qa, &target_name, &source, &written, &pairs);
        new_state.qa = self.qa_fingerprint.clone();
        new_state.qa_findings = findings.len();
        // What only the English post has goes back where the editor put it.
        let out = match (&plan.observed, &target) {
            (Some(observed), Some(old)) => {
                let ours: Vec<String> = site
                    .config
                    .target_keys_for(self.lang, source_rel)
                    .into_iter()
                    .map(|(k, _)| k)
                    .chain([PSEUDO_KEY.to_owned()])
                    .collect();
                match crate::carry::carry_over(
                    old,
                    observed,
                    &source,
                    &written,
                    &plan.continues,
                    &ours,
                ) {
                    Ok(text) => text,
                    Err(u) => {
                        self.events.warn(
                            "warn-held-english-only",
                            &[("path", target_name.clone()), ("line", u.line.to_string())],
                        );
                        lock(self.totals).held += 1;
                        return Ok(());
                    }
                }
            }
            _ => out,
        };
        if out != written.source() {
            let carried =
                Document::parse_str(&target_name, out.clone(), &site.config.parse_options())?;
            if crate::plan::line_up(&new_state, &carried)
                .conflict
                .is_some()
            {
                self.events.warn(
                    "warn-held-english-only",
                    &[("path", target_name.clone()), ("line", "1".into())],
                );
                lock(self.totals).held += 1;
                return Ok(());
            }
            new_state.target_hash = file_hash(out.as_bytes());
        }
        for e in &plan.removed_human {
            let line = target
                .as_ref()
                .and_then(|t| {
                    t.segments()
                        .iter()
                        .find(|s| text_hash(&s.text) == e.target_hash)
                })
                .map_or(1, |s| s.line);
            let english: String = e.target.chars().take(80).collect();
            self.events.warn(
                "warn-removed-edit",
                &[
                    ("path", target_name.clone()),
                    ("line", line.to_string()),
                    ("text", english),
                ],
            );
        }
        let target_path = site.config.root.join(&target_rel);
        let changed = target_bytes.as_deref() != Some(out.as_bytes());
        // Someone may have saved the English post while its translations were on the way.
        if site.read(&target_rel)? != target_bytes {
            self.events
                .warn("warn-held-changed", &[("path", target_name.clone())]);
            lock(self.totals).held += 1;
            return Ok(());
        }
        if changed || state.as_ref() != Some(&new_state) {
            site.store.commit(
                &new_state,
                changed.then_some((target_path.as_path(), out.as_bytes())),
            )?;
        }
        if changed {
            lock(self.totals).written += 1;
            if self.events.verbose() {
                self.events
                    .note("translate-wrote", &[("path", target_name.clone())]);
            }
        }
        lock(self.totals).reused += reused;
        Ok(())
    }
}

impl Job<'_> {
    /// With batch jobs: plans a batch request for what is still to send (`--batch`), and
    /// says whether the post must wait for a job (true) or can go the synchronous way
    /// now: every answer is cached, or failed in a job before and goes alone.
    fn route(
        &self,
        session: &crate::batch::session::Session,
        context: &PostContext,
        unique: &[usize],
        segments: &[crate::document::Segment],
        source_rel: &Path,
    ) -> Result<bool, Failure> {
        let keys: Vec<String> = unique
            .iter()
            .map(|&i| self.scheduler.cache_key(context, &segments[i].text))
            .collect();
        if session.planning() {
            let send: Vec<(crate::document::SegmentId, String)> = unique
                .iter()
                .zip(&keys)
                .filter(|(_, k)| {
                    session.waiting(k).is_none()
                        && !self.scheduler.cached(k)
                        && !self.scheduler.failed_before(k)
                })
                .map(|(&i, _)| (segments[i].id.clone(), segments[i].text.clone()))
                .collect();
            for req in self.scheduler.preview(context, send) {
                let body = self
                    .scheduler
                    .translator
                    .wire(&req)
                    .and_then(|w| serde_json::from_str(&w).ok())
                    .unwrap_or_default();
                let held = crate::batch::store::Held {
                    custom_id: String::new(),
                    post: source_rel.display().to_string(),
                    lang: self.lang.to_string(),
                    segments: req
                        .segments
                        .iter()
                        .zip(&req.places)
                        .map(|((id, text), place)| crate::batch::store::Segment {
                            id: id.0.clone(),
                            hash: text_hash(text),
                            key: self.scheduler.cache_key(context, text),
                            heading: place.heading,
                        })
                        .collect(),
                };
                session.plan(held, body)?;
            }
        }
        match keys.iter().find_map(|k| session.waiting(k)) {
            Some(job) => {
                if self.events.verbose() {
                    self.events.note(
                        "note-batch-waiting",
                        &[("path", source_rel.display().to_string()), ("job", job)],
                    );
                }
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The state (and English post) of a source that no longer exists whose segments are
    /// mostly this post's: the post was renamed or moved.
    fn adopt(
        &self,
        lang: &str,
        source: &Document,
    ) -> Result<Option<(PostState, Option<Document>)>, Failure> {
        let site = self.site;
        let ids: std::collections::HashSet<&str> =
            source.segments().iter().map(|s| s.id.0.as_str()).collect();
        let dir = Path::new(crate::state::store::DIR).join("state").join(lang);
        let mut best: Option<(usize, PostState)> = None;
        for (rel, old_source) in self.old_states.get_or_init(|| site.store.files()) {
            if !rel.starts_with(&dir) || site.config.root.join(&old_source).exists() {
                continue;
            }
            let Some(st) = site.store.load(lang, old_source)? else {
                continue;
            };
            let shared = st
                .segments
                .iter()
                .filter(|e| ids.contains(e.id.0.as_str()))
                .count();
            if shared * 2 > st.segments.len().max(1)
                && best.as_ref().is_none_or(|(n, _)| shared > *n)
            {
                best = Some((shared, st));
            }
        }
        let Some((_, st)) = best else {
            return Ok(None);
        };
        let target_rel = PathBuf::from(&st.target);
        let doc = match site.read(&target_rel)? {
            Some(b) => Some(site.parse(&target_rel, &b)?),
            None => None,
        };
        Ok(Some((st, doc)))
    }

    /// Front-matter keys l10n sets in the English post: the configured ones, and
    /// `l10n: pseudo` while any segment is placeholder text, so the site can mark (or hide)
    /// a post that is not a translation yet.
    fn target_keys(&self, source_rel: &Path, entries: &[SegmentState]) -> Vec<(String, String)> {
        let mut keys = self.site.config.target_keys_for(self.lang, source_rel);
        if entries.iter().any(|e| e.state == Status::Pseudo) {
            keys.push((PSEUDO_KEY.to_owned(), "pseudo".to_owned()));
        }
        keys
    }

    /// The English post for `entries`, read back as a document (with in-page links
    /// following their headings into English).
    fn render(
        &self,
        source_rel: &Path,
        source: &Document,
        target_name: &str,
        entries: &[SegmentState],
    ) -> Result<(String, Document), Failure> {
        let replacements: HashMap<_, _> = entries
            .iter()
            .map(|e| {
                let r = if e.raw {
                    Replacement::Raw(e.target.clone())
                } else {
                    Replacement::Text(e.target.clone())
                };
                (e.id.clone(), r)
            })
            .collect();
        let opts = self.site.config.parse_options();
        let keys = self.target_keys(source_rel, entries);
        let out = source.render_with(target_name, &replacements, &keys)?;
        let written = Document::parse_str(target_name, out, &opts)?;
        let out = crate::qa::anchors::rewrite(source, written.source(), &written);
        let written = Document::parse_str(target_name, out.clone(), &opts)?;
        Ok((out, written))
    }

    /// The new translations that, each alone in an otherwise untranslated post, change
    /// how the post reads back.
    fn culprits(
        &self,
        source_rel: &Path,
        source: &Document,
        target_name: &str,
        entries: &[SegmentState],
        fresh: &[crate::document::SegmentId],
    ) -> Result<Vec<crate::document::SegmentId>, Failure> {
        let mut out = Vec::new();
        for id in fresh {
            let Some(e) = entries.iter().find(|e| &e.id == id) else {
                continue;
            };
            let one = std::slice::from_ref(e);
            let (_, written) = self.render(source_rel, source, target_name, one)?;
            let identity: Vec<SegmentState> = source
                .segments()
                .iter()
                .map(|s| {
                    if &s.id == id {
                        e.clone()
                    } else {
                        untranslated(s)
                    }
                })
                .collect();
            if !verified(source, &identity, &written) {
                out.push(id.clone());
            }
        }
        Ok(out)
    }
}

/// The editors' translations into `lang`, hand edits not yet recorded included.
fn memory_of(site: &Site, lang: &str) -> Result<Memory, Failure> {
    let states = site.store.all()?;
    let current: Vec<PostState> = states
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.lang == lang)
        .map(|s| with_hand_edits(site, s))
        .collect();
    Ok(Memory::from_states(&current))
}

/// What every request for `source` carries: its title, its outline, the glossary and the
/// editors' examples.
fn post_context(
    site: &Site,
    lang: &str,
    source: &Document,
    glossary: &std::sync::Arc<crate::glossary::TermIndex>,
    examples: &std::sync::Arc<ExampleBank>,
) -> PostContext {
    PostContext {
        source_lang: site.config.source_lang.to_string(),
        target_lang: lang.to_owned(),
        title: source
            .segments()
            .iter()
            .find(|s| s.key.as_deref() == Some("title"))
            .map(|s| s.text.clone()),
        glossary: glossary.clone(),
        outline: std::sync::Arc::new(Outline::new(source)),
        examples: examples.clone(),
    }
}

/// Today's validation of a reply for `seg`: `Err` when it cannot be written, else its
/// error-level QA problems (none for placeholders).
fn validate_reply(
    qa: &crate::qa::Context<'_>,
    seg: &crate::document::Segment,
    translation: &str,
    pseudo: bool,
) -> Result<Vec<Detail>, Detail> {
    if let Some(p) = crate::document::reply_problem(translation, &seg.text, seg.kind) {
        return Err(p);
    }
    Ok(if pseudo {
        Vec::new()
    } else {
        crate::qa::reply_problems(qa, seg, translation)
    })
}

/// A segment translated again for `review`.
#[derive(Debug, Clone)]
pub struct Again {
    pub text: String,
    /// The backend that wrote it (a fallback when the first one failed).
    pub origin: String,
    /// QA problems that survived the corrective retry, for the reviewer to weigh.
    pub problems: Vec<Detail>,
    /// Hash of the glossary terms it was made with.
    pub terms: Option<String>,
}

/// Translates segment `id` of `source_rel` again, as a run would send it: with the post's
/// title, outline and neighbours, the editors' examples, today's validation and the
/// backend's fallbacks; never from the cache (a person asked for a new answer).
/// `Ok(Err(why))` when every backend failed.
pub fn translate_again(
    site: &Site,
    backend_name: Option<&str>,
    lang: &str,
    source_rel: &Path,
    id: &crate::document::SegmentId,
) -> Result<Result<Again, Vec<Detail>>, Failure> {
    let chain = backends(site, backend_name, None, false)?;
    let bytes = site
        .read(source_rel)?
        .ok_or_else(|| IoError::new(source_rel, &std::io::ErrorKind::NotFound.into()))?;
    let source = site.parse(source_rel, &bytes)?;
    let Some(seg) = source.segment(id) else {
        return Ok(Err(vec![Detail::new(
            "detail-segment-gone",
            vec![
                ("segment", id.0.clone()),
                ("path", source_rel.display().to_string()),
            ],
        )]));
    };
    let glossary = site.glossary()?;
    let target = site.langs(Some(lang))?;
    let index = std::sync::Arc::new(crate::glossary::TermIndex::new(
        &glossary,
        site.config.source_lang.language.as_str(),
        target.first().map_or(lang, |l| l.language.as_str()),
        true,
    ));
    let examples = std::sync::Arc::new(if chain.iter().any(|t| t.examples() > 0) {
        ExampleBank::from_memory(&memory_of(site, lang)?, &index)
    } else {
        ExampleBank::default()
    });
    let context = post_context(site, lang, &source, &index, &examples);
    let qa = crate::qa::Context {
        config: &site.config.qa,
        glossary: &index,
        source_lang: &context.source_lang,
        target_lang: lang,
    };
    let pseudo = chain[0].status() == Status::Pseudo;
    let validate = |text: &str, translation: &str| {
        if text == seg.text {
            validate_reply(&qa, seg, translation, pseudo)
        } else {
            Ok(Vec::new())
        }
    };
    let cache = Cache::none();
    let cancel = AtomicBool::new(false);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| IoError::new("<runtime>", &e))?;
    let scheduler = Scheduler::new(chain[0].as_ref(), &cache, &cancel).with_fallbacks(&chain[1..]);
    let batch = vec![(id.clone(), seg.text.clone())];
    let mut outcome =
        runtime.block_on(scheduler.translate(&context, batch, &Default::default(), &validate));
    Ok(match outcome.translations.remove(id) {
        Some(text) => Ok(Again {
            text,
            origin: outcome
                .origins
                .remove(id)
                .map_or_else(|| chain[0].origin(), |(o, _)| o),
            problems: outcome.flagged.remove(id).unwrap_or_default(),
            terms: crate::state::terms_hash(&index.pairs_for(&seg.text)),
        }),
        None => Err(outcome.failures.into_iter().map(|(_, why)| why).collect()),
    })
}

/// A post's state with the hand edits its English post holds now, so memory offers what
/// people wrote before any run has recorded it.
fn with_hand_edits(site: &Site, st: &PostState) -> PostState {
    let target = Path::new(&st.target);
    let edited = match site.read(target) {
        Ok(Some(b)) if file_hash(&b) != st.target_hash => site.parse(target, &b).ok(),
        _ => None,
    };
    match edited {
        Some(doc) => PostState {
            segments: crate::plan::line_up(st, &doc).entries,
            ..st.clone()
        },
        None => st.clone(),
    }
}

/// The front-matter key that marks a post holding placeholder text.
pub const PSEUDO_KEY: &str = "l10n";

/// A segment whose English is its source text, for `--partial` when nothing better exists.
fn untranslated(seg: &crate::document::Segment) -> SegmentState {
    SegmentState {
        id: seg.id.clone(),
        kind: seg.kind,
        state: Status::Untranslated,
        origin: String::new(),
        source: seg.text.clone(),
        target: seg.text.clone(),
        raw: false,
        target_hash: String::new(),
        terms: None,
        previous: None,
    }
}

/// Whether the written post reads back as the entries l10n meant to write: the same
/// segments of the same kinds, each with as many paired tags and atoms as its source
/// (hand-written Markdown, `raw`, may change its own inline markup).
fn verified(source: &Document, entries: &[SegmentState], written: &Document) -> bool {
    let shape = |t: &str| {
        crate::document::tags::tokenize(t)
            .iter()
            .fold((0, 0), |(p, a), t| match t {
                crate::document::tags::Token::Open(_) => (p + 1, a),
                crate::document::tags::Token::Atom(_) => (p, a + 1),
                _ => (p, a),
            })
    };
    let w = written.segments();
    w.len() == entries.len()
        && entries.iter().zip(w).all(|(e, t)| {
            e.kind == t.kind
                && (e.raw
                    || source
                        .segment(&e.id)
                        .is_none_or(|s| shape(&s.text) == shape(&t.text)))
        })
}

#[cfg(test)]
mod tests {
    use super::compact_count;

    #[test]
    fn token_counts_stay_short() {
        assert_eq!(compact_count(0), "0");
        assert_eq!(compact_count(999), "999");
        assert_eq!(compact_count(1_234), "1.2k");
        assert_eq!(compact_count(999_949), "999.9k");
        assert_eq!(compact_count(2_500_000), "2.5M");
    }
}
