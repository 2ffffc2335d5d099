//! The repository as commands see it: configuration, glossary, state store, and the list of
//! (source, language) posts a command works on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::diag::{Detail, Failure, IoError};
use crate::document::{Document, DocumentError};
use crate::glossary::Glossary;
use crate::state::store::Store;

pub const DEEPL_IDS: &str = "deepl-glossaries.toml";

pub struct Site {
    pub config: Config,
    pub store: Store,
    pub cwd: PathBuf,
}

/// A command-line path that is not a source post.
#[derive(Debug)]
pub struct NotASource {
    pub path: String,
}

impl crate::diag::Diagnostic for NotASource {
    fn id(&self) -> &'static str {
        "err-not-a-source"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
}

/// A language tag given on the command line that does not parse or is not configured.
#[derive(Debug)]
pub struct BadLang {
    pub lang: String,
}

impl crate::diag::Diagnostic for BadLang {
    fn id(&self) -> &'static str {
        "err-bad-lang"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("lang", self.lang.clone())]
    }
}

impl Site {
    /// The repository around the working directory, or the one `config` names.
    pub fn open(config: Option<&Path>) -> Result<Site, Failure> {
        let cwd = std::env::current_dir().map_err(|e| IoError::new(".", &e))?;
        let config = Config::load(&cwd, config)?;
        let store = Store::with_options(&config.root, config.parse_options());
        Ok(Site { config, store, cwd })
    }

    /// The glossary, or an empty one when the file does not exist.
    /// The house style guide; none when the default `style.md` does not exist (a
    /// configured one that is missing is an error naming it).
    pub fn style(&self) -> Result<Option<crate::backend::prompt::Style>, Failure> {
        let path = self.config.root.join(&self.config.style);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let name = self.config.style.display().to_string();
                let text = crate::document::decode(&name, &bytes)?;
                Ok(crate::backend::prompt::Style::new(&text))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !self.config.style_explicit => {
                Ok(None)
            }
            Err(e) => Err(IoError::new(&path, &e).into()),
        }
    }

    pub fn glossary(&self) -> Result<Glossary, Failure> {
        match self.glossary_bytes()? {
            Some(bytes) => {
                let name = self.config.glossary.display().to_string();
                let text = crate::document::decode(&name, &bytes)?;
                Ok(Glossary::parse(&name, &text)?)
            }
            None => Ok(Glossary::default()),
        }
    }

    /// The glossary file's bytes; `None` for a site without one.
    fn glossary_bytes(&self) -> Result<Option<Vec<u8>>, IoError> {
        let path = self.config.root.join(&self.config.glossary);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(IoError::new(&path, &e)),
        }
    }

    /// The fingerprint QA results depend on (glossary bytes, `[qa]`, version).
    pub fn qa_fingerprint(&self) -> Result<String, IoError> {
        let bytes = self.glossary_bytes()?.unwrap_or_default();
        Ok(crate::qa::fingerprint(&bytes, &self.config.qa))
    }

    /// Source posts named on the command line, or all of them.
    pub fn sources(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
        if paths.is_empty() {
            return Ok(self.config.discover_sources()?);
        }
        let mut out = Vec::new();
        for p in paths {
            let rel = self.config.relative(&self.cwd, p)?;
            if !self.config.is_source(&rel) {
                return Err(NotASource {
                    path: p.display().to_string(),
                }
                .into());
            }
            self.config.check_inside(&rel)?;
            out.push(rel);
        }
        Ok(out)
    }

    /// Target languages: `--to` or the configured ones.
    pub fn langs(&self, to: Option<&str>) -> Result<Vec<LanguageIdentifier>, Failure> {
        match to {
            None => Ok(self.config.target_langs.clone()),
            Some(t) => {
                let id: LanguageIdentifier =
                    t.parse().map_err(|_| BadLang { lang: t.to_owned() })?;
                if !self.config.target_langs.contains(&id) {
                    return Err(BadLang { lang: t.to_owned() }.into());
                }
                Ok(vec![id])
            }
        }
    }

    pub fn read(&self, rel: &Path) -> Result<Option<Vec<u8>>, IoError> {
        match std::fs::read(self.config.root.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(IoError::new(rel, &e)),
        }
    }

    pub fn parse(&self, rel: &Path, bytes: &[u8]) -> Result<Document, DocumentError> {
        Document::parse(
            &rel.display().to_string(),
            bytes,
            &self.config.parse_options(),
        )
    }

    /// The DeepL glossary id pushed for the current glossary, if any.
    pub fn deepl_glossary_id(&self, glossary: &Glossary) -> Result<Option<String>, IoError> {
        let src = self.config.source_lang.language.as_str();
        let tgt = self.config.target_langs[0].language.as_str();
        let tsv = crate::glossary::tools::export_delimited(glossary, src, tgt, '\t');
        let hash = blake3::hash(tsv.as_bytes()).to_hex()[..16].to_owned();
        Ok(self.deepl_ids()?.get(&hash).cloned())
    }

    /// The DeepL glossary ids `l10n glossary push deepl` recorded, by glossary digest; none
    /// before the first push. A file that cannot be read or parsed is an error naming it:
    /// ignoring it would translate without the glossary, or a push would drop the others.
    pub fn deepl_ids(&self) -> Result<BTreeMap<String, String>, IoError> {
        let rel = Path::new(crate::state::store::DIR).join(DEEPL_IDS);
        let text = match std::fs::read_to_string(self.config.root.join(&rel)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(IoError::new(&rel, &e)),
        };
        toml::from_str(&text).map_err(|e| IoError {
            path: rel.display().to_string(),
            detail: Detail::quoted("detail-toml", e.message().trim()),
        })
    }
}
