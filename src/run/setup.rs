//! What a run needs before the first post: the backend chain, and per target language the
//! editors' memory and each post's request context.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use unic_langid::LanguageIdentifier;

use crate::backend::prompt::{ExampleBank, Outline};
use crate::backend::pseudo::Pseudo;
use crate::backend::scheduler::PostContext;
use crate::backend::{Translator, build};
use crate::diag::Failure;
use crate::document::Document;
use crate::glossary::{Glossary, TermIndex};
use crate::plan::Memory;
use crate::qa::posts::Translations;
use crate::site::Site;
use crate::state::{PostState, file_hash};

/// A backend named on the command line or in l10n.toml that is not configured.
#[derive(Debug)]
struct UnknownBackend {
    name: String,
    /// The backends that can be named: l10n.toml's and the built-in pseudo.
    known: String,
}

impl crate::diag::Diagnostic for UnknownBackend {
    fn id(&self) -> &'static str {
        "err-unknown-backend"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("name", self.name.clone()), ("known", self.known.clone())]
    }
}

fn backend(site: &Site, name: Option<&str>, dry: bool) -> Result<Box<dyn Translator>, Failure> {
    let name = name.unwrap_or(&site.config.default_backend);
    // An estimate sends nothing, so it needs no key: a stand-in builds the requests.
    let env = |k: &str| match std::env::var(k).ok().filter(|v| !v.is_empty()) {
        None if dry => Some("dry-run".to_owned()),
        v => v,
    };
    Ok(match site.config.backends.get(name) {
        Some(cfg) if cfg.kind == crate::config::BackendKind::Deepl && cfg.glossary_id.is_none() => {
            // A glossary pushed with `l10n glossary push deepl` for this exact glossary.
            let mut cfg = cfg.clone();
            cfg.glossary_id = site.deepl_glossary_id(&site.glossary()?)?;
            build(name, &cfg, None, &env)?
        }
        Some(cfg) => build(name, cfg, site.style()?.as_ref(), &env)?,
        None if name == "pseudo" => Box::new(Pseudo),
        None => {
            let mut known: Vec<&str> = site.config.backends.keys().map(String::as_str).collect();
            if !known.contains(&"pseudo") {
                known.push("pseudo");
            }
            return Err(UnknownBackend {
                name: name.to_owned(),
                known: known.join(", "),
            }
            .into());
        }
    })
}

/// The backend `name` (default: the configured one) followed by its fallbacks: never empty.
pub(crate) fn backends(
    site: &Site,
    name: Option<&str>,
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
        .map(|n| backend(site, Some(n), dry))
        .collect()
}

/// What translating, retranslating or checking into one language needs: the term index,
/// the QA context and fingerprint, and, read on first need (a run with nothing to send
/// never reads every state file), the editors' memory, their example pairs and every
/// post's translations.
pub struct Setup {
    pub index: Arc<TermIndex>,
    /// Today's glossary and QA settings, as a state records them.
    pub fingerprint: String,
    pub source_lang: String,
    pub target_lang: String,
    memory: OnceLock<Memory>,
    examples: OnceLock<Arc<ExampleBank>>,
    translations: OnceLock<Translations>,
}

impl Setup {
    pub fn new(site: &Site, glossary: &Glossary, lang: &LanguageIdentifier) -> Setup {
        Setup {
            index: Arc::new(TermIndex::new(
                glossary,
                site.config.source_lang.language.as_str(),
                lang.language.as_str(),
                true,
            )),
            // A glossary unreadable now (it was read just before, and reports its own error)
            // gets an empty fingerprint: it matches no state, so no cached verdict is trusted.
            fingerprint: site.qa_fingerprint().unwrap_or_default(),
            source_lang: site.config.source_lang.to_string(),
            target_lang: lang.to_string(),
            memory: OnceLock::new(),
            examples: OnceLock::new(),
            translations: OnceLock::new(),
        }
    }

    /// The QA context of this language's replies and posts.
    pub fn qa<'a>(&'a self, site: &'a Site) -> crate::qa::Context<'a> {
        crate::qa::Context {
            config: &site.config.qa,
            glossary: &self.index,
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
        }
    }

    /// The hash of the glossary terms `text` uses.
    pub fn terms(&self, text: &str) -> Option<String> {
        crate::state::terms_hash(&self.index.pairs_for(text))
    }

    /// The editors' translations into this language, hand edits not yet recorded included.
    pub fn memory(&self, site: &Site) -> Result<&Memory, Failure> {
        if let Some(m) = self.memory.get() {
            return Ok(m);
        }
        let m = memory_of(site, &self.target_lang)?;
        Ok(self.memory.get_or_init(|| m))
    }

    /// The editors' example pairs, when `wanted` (some backend of the chain asks for them).
    pub fn examples(&self, site: &Site, wanted: bool) -> Result<&Arc<ExampleBank>, Failure> {
        if let Some(e) = self.examples.get() {
            return Ok(e);
        }
        let bank = match wanted {
            true => ExampleBank::from_memory(self.memory(site)?, &self.index),
            false => ExampleBank::default(),
        };
        Ok(self.examples.get_or_init(|| Arc::new(bank)))
    }

    /// Every post's translations into this language, for the consistency check.
    pub fn translations(&self, site: &Site) -> Result<&Translations, Failure> {
        if let Some(t) = self.translations.get() {
            return Ok(t);
        }
        let states = site.store.all()?;
        let t = Translations::from_states(states.iter().map(|(_, s)| s), &self.target_lang);
        Ok(self.translations.get_or_init(|| t))
    }

    /// What every request for `source` carries: its title, its outline, the glossary and
    /// the editors' examples.
    pub fn post_context(&self, source: &Document, examples: &Arc<ExampleBank>) -> PostContext {
        PostContext {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            title: source
                .segments()
                .iter()
                .find(|s| s.key.as_deref() == Some("title"))
                .map(|s| s.text.clone()),
            glossary: self.index.clone(),
            outline: Arc::new(Outline::new(source)),
            examples: examples.clone(),
        }
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
        .collect::<Result<_, _>>()?;
    Ok(Memory::from_states(&current))
}

/// A post's state with the hand edits its English post holds now, so memory offers what
/// people wrote before any run has recorded it.
fn with_hand_edits(site: &Site, st: &PostState) -> Result<PostState, Failure> {
    let target = Path::new(&st.target);
    let edited = match site.read(target)? {
        // An English post that does not parse is reported when that post is checked or
        // translated; until then memory offers what its state recorded.
        Some(b) if file_hash(&b) != st.target_hash => site.parse(target, &b).ok(),
        _ => None,
    };
    Ok(match edited {
        Some(doc) => PostState {
            segments: crate::plan::line_up(st, &doc).entries,
            ..st.clone()
        },
        None => st.clone(),
    })
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
