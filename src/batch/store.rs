//! Batch jobs on disk, under `.l10n/batch/` (git-ignored with the rest of `.l10n/`): for
//! each provider job `<job>.json` (ids, provider, counts, when it was made; written
//! atomically once the provider has accepted the job, so a killed run loses nothing and
//! resubmits nothing), `<job>.segments.jsonl` (which segments of which post each request
//! holds, with the hash of the source text it was planned from), and the downloaded
//! results. Never a key.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Openai,
    Anthropic,
    /// `l10n batch export`: a request file for `vllm run-batch`, results brought back with
    /// `l10n batch import`.
    File,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Openai => "openai",
            Provider::Anthropic => "anthropic",
            Provider::File => "file",
        }
    }
}

/// How many requests of a job are where, as the provider last said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
}

/// One provider job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Ours: the file names under `.l10n/batch/`.
    pub id: String,
    /// The `[backend.NAME]` it was planned for.
    pub backend: String,
    pub provider: Provider,
    /// The provider's batch id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// Unix seconds.
    pub created: u64,
    pub requests: usize,
    /// The provider's last status word (`in_progress`, `ended`, `expired`…).
    pub status: String,
    #[serde(default)]
    pub counts: Counts,
    /// The provider has finished with it: results can be collected.
    #[serde(default)]
    pub ended: bool,
    /// Its results went into the response cache; nothing is waiting for it any more.
    #[serde(default)]
    pub collected: bool,
    /// Where the results are: OpenAI output and error file ids, Anthropic's results URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<String>,
}

/// One segment of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    /// `state::text_hash` of the source text it was planned from.
    pub hash: String,
    /// The response-cache key its answer goes under.
    pub key: String,
    /// Heading level, which the reply's numbered line carries as a marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
}

/// What one request (`custom_id`) holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub custom_id: String,
    /// The source post, relative to the site.
    pub post: String,
    pub lang: String,
    pub segments: Vec<Segment>,
}

pub struct Store {
    pub dir: PathBuf,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            dir: root.join(crate::state::store::DIR).join("batch"),
        }
    }

    pub fn path(&self, job: &str, what: &str) -> PathBuf {
        self.dir.join(format!("{job}.{what}"))
    }

    /// Every job recorded, oldest first. A record that cannot be read is an error that
    /// names it: silently dropping it would resubmit its segments.
    pub fn jobs(&self) -> std::io::Result<Vec<Job>> {
        let mut jobs = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(jobs),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path)?;
                let job: Job = serde_json::from_str(&text).map_err(|e| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{}: {e}", path.display()),
                    )
                })?;
                jobs.push(job);
            }
        }
        jobs.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Ok(jobs)
    }

    pub fn save(&self, job: &Job) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(job).map_err(std::io::Error::other)?;
        crate::atomic::write(&self.path(&job.id, "json"), text.as_bytes())
    }

    /// A writer for the segments file of `job`.
    pub fn segments_writer(&self, job: &str) -> std::io::Result<SegmentsWriter> {
        std::fs::create_dir_all(&self.dir)?;
        Ok(SegmentsWriter(std::io::BufWriter::new(
            std::fs::File::create(self.path(job, "segments.jsonl"))?,
        )))
    }

    /// The requests of `job`, one at a time.
    pub fn held(&self, job: &str) -> std::io::Result<impl Iterator<Item = std::io::Result<Held>>> {
        let f = std::fs::File::open(self.path(job, "segments.jsonl"))?;
        Ok(std::io::BufReader::new(f).lines().map(|l| {
            serde_json::from_str(&l?)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        }))
    }

    /// Drops the files of plans that never became a job (a run stopped before the
    /// provider accepted them).
    pub fn sweep(&self, jobs: &[Job]) -> std::io::Result<()> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let job = name.split('.').next().unwrap_or_default();
            if name.ends_with(".tmp") || !jobs.iter().any(|j| j.id == job) {
                std::fs::remove_file(&path)?;
            }
        }
        Ok(())
    }
}

pub struct SegmentsWriter(std::io::BufWriter<std::fs::File>);

impl SegmentsWriter {
    pub fn push(&mut self, held: &Held) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.0, held).map_err(std::io::Error::other)?;
        self.0.write_all(b"\n")
    }

    pub fn finish(self) -> std::io::Result<()> {
        self.0
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_and_their_segments_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let held = Held {
            custom_id: "c1".into(),
            post: "_posts/a.md".into(),
            lang: "en".into(),
            segments: vec![Segment {
                id: "s1".into(),
                hash: "h".into(),
                key: "k".into(),
                heading: Some(2),
            }],
        };
        let mut w = store.segments_writer("p-1").unwrap();
        w.push(&held).unwrap();
        w.finish().unwrap();
        let job = Job {
            id: "p-1".into(),
            backend: "gpt".into(),
            provider: Provider::Openai,
            remote: Some("batch_1".into()),
            created: 5,
            requests: 1,
            status: "validating".into(),
            counts: Counts::default(),
            ended: false,
            collected: false,
            results: vec![],
        };
        store.save(&job).unwrap();
        // A plan that never became a job is swept away; the job's files stay.
        std::fs::write(store.path("p-2", "segments.jsonl"), "x").unwrap();
        store.sweep(&store.jobs().unwrap()).unwrap();
        assert_eq!(store.jobs().unwrap(), vec![job]);
        let back: Vec<Held> = store.held("p-1").unwrap().map(Result::unwrap).collect();
        assert_eq!(back, vec![held]);
        assert!(!store.path("p-2", "segments.jsonl").exists());
    }
}
