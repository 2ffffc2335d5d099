//! One run's side of batch jobs: which segments wait in a job not collected yet, the
//! requests planned for new jobs (streamed to files as posts are planned), submitting
//! them, polling the provider and collecting what has ended.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use super::client::Client;
use super::lines::{Format, Limits, Outcome, Splitter, Written};
use super::store::{Counts, Held, Job, Provider, SegmentsWriter, Store};
use crate::backend::BackendError;
use crate::backend::http::UsageCounter;
use crate::config::Config;
use crate::diag::{Failure, IoError};

/// Where the planned requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Provider batch jobs (`translate --batch`).
    Provider,
    /// One request file for `vllm run-batch` (`batch export -o`).
    File(PathBuf),
}

struct Planner {
    format: Format,
    splitter: Splitter,
    segments: Option<SegmentsWriter>,
    stem: String,
    next: usize,
    target: Target,
}

/// What `submit` made: each job and the requests it holds.
#[derive(Debug, Default)]
pub struct Submitted {
    pub jobs: Vec<Job>,
    /// The request file written for `batch export`.
    pub file: Option<Written>,
}

/// Reads an environment variable (a key's), so tests can hand in their own.
pub type Env = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

pub struct Session {
    pub store: Store,
    backend: String,
    config: Config,
    env: Env,
    /// Jobs not collected yet, oldest first.
    jobs: Vec<Job>,
    /// Response-cache key → the job its segment waits in.
    waiting: Mutex<HashMap<String, String>>,
    planner: Option<Mutex<Planner>>,
    /// Tokens the provider reported for collected answers.
    pub usage: UsageCounter,
    /// Requests planned this run.
    planned: std::sync::atomic::AtomicUsize,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| IoError::new(path, &e).into()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Session {
    /// The jobs under `.l10n/batch/` of `config`'s site; with `target`, a run that plans
    /// new requests for `backend` too.
    pub fn open(
        config: &Config,
        backend: &str,
        target: Option<Target>,
        env: Env,
    ) -> Result<Session, Failure> {
        let store = Store::new(&config.root);
        let all = store.jobs().map_err(io(&store.dir))?;
        store.sweep(&all).map_err(io(&store.dir))?;
        let jobs: Vec<Job> = all
            .into_iter()
            .filter(|j| !j.collected && j.backend == backend)
            .collect();
        let mut waiting = HashMap::new();
        for job in &jobs {
            let path = store.path(&job.id, "segments.jsonl");
            for held in store.held(&job.id).map_err(io(&path))? {
                for s in held.map_err(io(&path))?.segments {
                    waiting.insert(s.key, job.id.clone());
                }
            }
        }
        let planner = match target {
            None => None,
            Some(target) => {
                let format = match (&target, config.backends.get(backend).map(|c| c.kind)) {
                    (Target::File(_), Some(crate::config::BackendKind::Openai)) => Format::Openai,
                    (Target::Provider, Some(crate::config::BackendKind::Openai)) => Format::Openai,
                    (Target::Provider, Some(crate::config::BackendKind::Anthropic)) => {
                        Format::Anthropic
                    }
                    (_, kind) => {
                        return Err(BackendError::setup(
                            backend,
                            "detail-batch-kind",
                            vec![(
                                "kind",
                                kind.map_or("pseudo".into(), |k| format!("{k:?}").to_lowercase()),
                            )],
                        )
                        .into());
                    }
                };
                let limits = match target {
                    Target::File(_) => Limits {
                        requests: usize::MAX,
                        bytes: u64::MAX,
                    },
                    Target::Provider => format.limits(),
                };
                let stem = format!("b{}-{:04x}", now(), std::process::id() & 0xffff);
                Some(Mutex::new(Planner {
                    format,
                    splitter: Splitter::new(format, limits, &store.dir, &stem),
                    segments: None,
                    stem,
                    next: 0,
                    target,
                }))
            }
        };
        Ok(Session {
            store,
            backend: backend.to_owned(),
            config: config.clone(),
            env,
            jobs,
            waiting: Mutex::new(waiting),
            planner,
            usage: UsageCounter::default(),
            planned: Default::default(),
        })
    }

    /// Whether this run plans batch requests.
    pub fn planning(&self) -> bool {
        self.planner.is_some()
    }

    /// The job a segment (by response-cache key) waits in.
    pub fn waiting(&self, key: &str) -> Option<String> {
        self.waiting.lock().ok()?.get(key).cloned()
    }

    /// Jobs still waiting for the provider (not collected).
    pub fn pending(&self) -> &[Job] {
        &self.jobs
    }

    pub fn planned(&self) -> usize {
        self.planned.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Adds one request (`body` as a synchronous run would send it) holding `held`'s
    /// segments; its segments wait from now on.
    pub fn plan(&self, mut held: Held, body: Value) -> Result<(), Failure> {
        let Some(planner) = &self.planner else {
            return Ok(());
        };
        let mut p = planner.lock().map_err(|_| poisoned())?;
        p.next += 1;
        held.custom_id = format!("{}-r{}", p.stem, p.next);
        let line = p.format.line(&held.custom_id, body);
        let dir = self.store.dir.clone();
        if p.splitter.push(&line).map_err(io(&dir))? {
            if let Some(w) = p.segments.take() {
                w.finish().map_err(io(&dir))?;
            }
            let job = format!("{}-{}", p.stem, p.splitter.files());
            p.segments = Some(self.store.segments_writer(&job).map_err(io(&dir))?);
        }
        if let Some(w) = &mut p.segments {
            w.push(&held).map_err(io(&dir))?;
        }
        if let Ok(mut waiting) = self.waiting.lock() {
            for s in &held.segments {
                waiting.insert(s.key.clone(), p.stem.clone());
            }
        }
        self.planned
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn client(&self, backend: &str) -> Result<Client, Failure> {
        let cfg = self.config.backends.get(backend).ok_or_else(|| {
            BackendError::setup(
                backend,
                "detail-batch-kind",
                vec![("kind", "unknown".into())],
            )
        })?;
        let key = match &cfg.api_key_env {
            Some(var) => Some((self.env)(var).filter(|k| !k.is_empty()).ok_or_else(|| {
                crate::backend::MissingKey {
                    backend: backend.to_owned(),
                    var: var.clone(),
                }
            })?),
            None => None,
        };
        Ok(Client::new(backend, cfg, key)?)
    }

    /// Submits what was planned, one provider job per request file (or writes the export
    /// file). Each job is recorded as soon as the provider has accepted it.
    pub async fn submit(&mut self) -> Result<Submitted, Failure> {
        let Some(planner) = self.planner.take() else {
            return Ok(Submitted::default());
        };
        let p = planner.into_inner().map_err(|_| poisoned())?;
        let dir = self.store.dir.clone();
        if let Some(w) = p.segments {
            w.finish().map_err(io(&dir))?;
        }
        let files = p.splitter.finish().map_err(io(&dir))?;
        let mut out = Submitted::default();
        let client = match (&p.target, files.is_empty()) {
            (_, true) => return Ok(out),
            (Target::Provider, false) => Some(self.client(&self.backend)?),
            (Target::File(_), false) => None,
        };
        for (n, file) in files.into_iter().enumerate() {
            let id = format!("{}-{}", p.stem, n + 1);
            let mut job = Job {
                id: id.clone(),
                backend: self.backend.clone(),
                provider: Provider::File,
                remote: None,
                created: now(),
                requests: file.requests,
                status: "exported".into(),
                counts: Counts {
                    total: file.requests,
                    ..Counts::default()
                },
                ended: false,
                collected: false,
                results: Vec::new(),
            };
            match (&client, &p.target) {
                (Some(c), _) => {
                    job.remote = Some(c.submit(&file.path, file.bytes, &id).await?);
                    job.provider = c.provider();
                    job.status = "submitted".into();
                    self.store.save(&job).map_err(io(&dir))?;
                    // Uploaded: the provider holds the requests now.
                    let _ = std::fs::remove_file(&file.path);
                }
                (None, Target::File(to)) => {
                    std::fs::copy(&file.path, to).map_err(io(to))?;
                    // Best effort: the job is saved; a leftover file only takes space.
                    let _ = std::fs::remove_file(&file.path);
                    self.store.save(&job).map_err(io(&dir))?;
                    out.file = Some(Written {
                        path: to.clone(),
                        ..file
                    });
                }
                (None, Target::Provider) => {}
            }
            self.jobs.push(job.clone());
            out.jobs.push(job);
        }
        Ok(out)
    }

    /// Asks the provider about every job not ended; a job it cannot be asked about now
    /// (the service is down past the retries) stays pending, with the reason.
    pub async fn refresh(&mut self) -> Vec<(String, Failure)> {
        let mut problems = Vec::new();
        let mut clients: HashMap<String, Client> = HashMap::new();
        for backend in self
            .jobs
            .iter()
            .filter(|j| !j.ended && j.remote.is_some())
            .map(|j| j.backend.clone())
            .collect::<Vec<_>>()
        {
            if clients.contains_key(&backend) {
                continue;
            }
            match self.client(&backend) {
                Ok(c) => {
                    clients.insert(backend, c);
                }
                Err(f) => problems.push((backend, f)),
            }
        }
        for job in self.jobs.iter_mut().filter(|j| !j.ended) {
            let (Some(remote), Some(client)) = (job.remote.clone(), clients.get(&job.backend))
            else {
                continue;
            };
            match client.status(&remote).await {
                Ok(s) => {
                    job.status = s.word;
                    job.ended = s.ended;
                    job.counts = s.counts;
                    job.results = s.results;
                    if let Err(e) = self.store.save(job) {
                        problems.push((
                            job.id.clone(),
                            IoError::new(self.store.path(&job.id, "json"), &e).into(),
                        ));
                    }
                }
                Err(e) => problems.push((job.id.clone(), e.into())),
            }
        }
        problems
    }

    /// Brings back the results of every ended job and hands each request's outcome to
    /// `accept`, one result line at a time (a request without a result line is a failure
    /// too); then the job is collected and its segments wait no more.
    pub async fn collect(
        &mut self,
        accept: &mut dyn FnMut(&Job, &Held, Outcome),
    ) -> Result<usize, Failure> {
        let mut collected = 0;
        let mut clients: HashMap<String, Client> = HashMap::new();
        let ended: Vec<usize> = (0..self.jobs.len())
            .filter(|&i| self.jobs[i].ended && !self.jobs[i].collected)
            .collect();
        for i in ended {
            let job = self.jobs[i].clone();
            let mut files = Vec::new();
            for (n, what) in job.results.iter().enumerate() {
                let to = self.store.path(&job.id, &format!("results-{n}.jsonl"));
                if job.provider != Provider::File && !to.exists() {
                    if !clients.contains_key(&job.backend) {
                        clients.insert(job.backend.clone(), self.client(&job.backend)?);
                    }
                    if let Some(c) = clients.get(&job.backend) {
                        c.download(what, &to).await?;
                    }
                }
                files.push(to);
            }
            let seg_path = self.store.path(&job.id, "segments.jsonl");
            let mut held: HashMap<String, Held> = HashMap::new();
            for h in self.store.held(&job.id).map_err(io(&seg_path))? {
                let h = h.map_err(io(&seg_path))?;
                held.insert(h.custom_id.clone(), h);
            }
            for path in &files {
                let f = std::fs::File::open(path).map_err(io(path))?;
                for line in std::io::BufRead::lines(std::io::BufReader::new(f)) {
                    let line = line.map_err(io(path))?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    // A line that cannot be read names no request: its request is left
                    // without a result and fails below.
                    let Ok((id, outcome)) = super::lines::result(&line) else {
                        continue;
                    };
                    if let Some(h) = held.remove(&id) {
                        if let Outcome::Answer(body) = &outcome {
                            self.usage.record(crate::cost::Usage::from_reply(body));
                        }
                        accept(&job, &h, outcome);
                    }
                }
            }
            for h in held.values() {
                accept(&job, h, Outcome::Failed(job.status.clone()));
            }
            let job = &mut self.jobs[i];
            job.collected = true;
            self.store.save(job).map_err(io(&self.store.dir))?;
            for path in files.iter().chain([&seg_path]) {
                // Best effort: the job is saved; a leftover file only takes space.
                let _ = std::fs::remove_file(path);
            }
            if let Ok(mut waiting) = self.waiting.lock() {
                waiting.retain(|_, j| *j != job.id);
            }
            collected += 1;
        }
        self.jobs.retain(|j| !j.collected);
        Ok(collected)
    }

    /// Cancels the jobs named (every pending one when `ids` is empty) at the provider;
    /// what they finished is collected by the next run, the rest goes the synchronous way.
    pub async fn cancel(&mut self, ids: &[String]) -> Result<Vec<String>, Failure> {
        let mut done = Vec::new();
        for i in 0..self.jobs.len() {
            let job = self.jobs[i].clone();
            if !(ids.is_empty() || ids.contains(&job.id)) || job.ended {
                continue;
            }
            match &job.remote {
                Some(remote) => self.client(&job.backend)?.cancel(remote).await?,
                None => {
                    // An exported file nobody will import: it ends with no results.
                    let j = &mut self.jobs[i];
                    j.ended = true;
                    j.status = "cancelled".into();
                    self.store.save(j).map_err(io(&self.store.dir))?;
                }
            }
            done.push(job.id);
        }
        Ok(done)
    }

    /// Takes `results` (a `vllm run-batch` output file) as the results of the exported
    /// jobs; the next collect reads them.
    pub fn import(&mut self, results: &Path) -> Result<usize, Failure> {
        let mut n = 0;
        for job in self
            .jobs
            .iter_mut()
            .filter(|j| j.provider == Provider::File && !j.ended)
        {
            let to = self.store.path(&job.id, "results-0.jsonl");
            std::fs::copy(results, &to).map_err(io(results))?;
            job.results = vec![results.display().to_string()];
            job.ended = true;
            job.status = "imported".into();
            self.store.save(job).map_err(io(&self.store.dir))?;
            n += 1;
        }
        Ok(n)
    }
}

/// A lock held by a thread that panicked.
fn poisoned() -> Failure {
    IoError::new(
        "<batch>",
        &std::io::Error::other("a batch planning lock was poisoned"),
    )
    .into()
}
