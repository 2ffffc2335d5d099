//! What a run needs before the first post: the backend chain, and per target language the
//! editors' memory and each post's request context.

use std::path::Path;
use std::sync::Arc;

use crate::backend::prompt::{ExampleBank, Outline};
use crate::backend::pseudo::Pseudo;
use crate::backend::scheduler::PostContext;
use crate::backend::{Translator, build};
use crate::diag::Failure;
use crate::document::Document;
use crate::glossary::TermIndex;
use crate::plan::Memory;
use crate::site::Site;
use crate::state::{PostState, Status, file_hash};

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

fn backend(
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
pub(crate) fn backends(
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

/// The glossary's terms from the source language into `target` (a language tag's
/// language), with verification.
pub(crate) fn term_index(
    site: &Site,
    glossary: &crate::glossary::Glossary,
    target: &str,
) -> Arc<TermIndex> {
    Arc::new(TermIndex::new(
        glossary,
        site.config.source_lang.language.as_str(),
        target,
        true,
    ))
}

/// The editors' translations into `lang`, hand edits not yet recorded included.
pub(crate) fn memory_of(site: &Site, lang: &str) -> Result<Memory, Failure> {
    let states = site.store.all()?;
    let current: Vec<PostState> = states
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.lang == lang)
        .map(|s| with_hand_edits(site, s))
        .collect();
    Ok(Memory::from_states(&current))
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

/// The editors' example pairs from `memory`, given when some backend of the chain asks
/// for them.
pub(crate) fn examples(memory: Option<&Memory>, index: &TermIndex) -> Arc<ExampleBank> {
    Arc::new(match memory {
        Some(m) => ExampleBank::from_memory(m, index),
        None => ExampleBank::default(),
    })
}

/// What every request for `source` carries: its title, its outline, the glossary and the
/// editors' examples.
pub(crate) fn post_context(
    site: &Site,
    lang: &str,
    source: &Document,
    glossary: &Arc<TermIndex>,
    examples: &Arc<ExampleBank>,
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
        outline: Arc::new(Outline::new(source)),
        examples: examples.clone(),
    }
}

/// A runtime for the run's requests.
pub(crate) fn runtime(threads: bool) -> Result<tokio::runtime::Runtime, Failure> {
    let mut builder = if threads {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| crate::diag::IoError::new("<runtime>", &e).into())
}
