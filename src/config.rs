//! `l10n.toml`: discovery upward from the working directory, defaults, validation with
//! file, line and column.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diag::{Detail, Diagnostic, IoError};
use crate::document::ParseOptions;

pub const FILE_NAME: &str = "l10n.toml";

/// The configuration as written, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    source_lang: Option<Spanned<String>>,
    target_langs: Option<Vec<Spanned<String>>>,
    sources: Option<Vec<Spanned<String>>>,
    target: Option<Spanned<String>>,
    translatable_keys: Option<Vec<String>>,
    target_keys: Option<BTreeMap<String, String>>,
    default_backend: Option<Spanned<String>>,
    #[serde(default)]
    backend: BTreeMap<String, Spanned<BackendConfig>>,
    glossary: Option<String>,
    style: Option<String>,
    #[serde(default)]
    qa: BTreeMap<String, Spanned<toml::Value>>,
}

/// Which engine a backend is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Openai,
    Anthropic,
    Deepl,
    Google,
    Command,
    Pseudo,
}

/// A setting with a fixed set of values, read so that an unknown value is refused in l10n's
/// own words (naming the value and the allowed ones) rather than in serde's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Choice<T> {
    Known(T),
    Unknown(String),
}

/// `structured_output`: how an openai backend asks the server for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StructuredOutput {
    /// `response_format` with the reply's JSON schema.
    #[default]
    JsonSchema,
    /// `{"type": "json_object", "schema": …}`: what llama-cpp-python accepts.
    JsonObject,
    /// No `response_format`: the prompt alone asks for JSON.
    None,
}

/// `max_tokens_field`: which request field carries an openai backend's output limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxTokensField {
    /// What servers other than OpenAI's read.
    MaxTokens,
    /// OpenAI's own API, where reasoning models refuse `max_tokens`.
    MaxCompletionTokens,
}

impl MaxTokensField {
    /// The field's name in the request body.
    pub fn key(self) -> &'static str {
        match self {
            MaxTokensField::MaxTokens => "max_tokens",
            MaxTokensField::MaxCompletionTokens => "max_completion_tokens",
        }
    }
}

/// `[backend.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackendConfig {
    pub kind: BackendKind,
    /// Checked to be an http(s) URL before any request (see [`BackendConfig::base_url`]).
    pub base_url: Option<Spanned<String>>,
    pub model: Option<String>,
    /// Name of the environment variable holding the key; the key itself never goes here.
    pub api_key_env: Option<String>,
    /// Read only to be refused, pointing at `api_key_env`: a key in a committed file leaks.
    #[serde(default, rename = "api_key")]
    pub refused_api_key: Option<Spanned<toml::Value>>,
    /// Refused when the backend is built, with the backend's name (see `OpenAi::new`).
    pub structured_output: Option<Choice<StructuredOutput>>,
    pub command: Option<Vec<String>>,
    /// DeepL's target code, e.g. `EN-US` (default) or `EN-GB`.
    pub target_lang_code: Option<String>,
    /// DeepL glossary id (set by `l10n glossary push deepl`, or by hand).
    pub glossary_id: Option<String>,
    /// Anthropic's `anthropic-version` header.
    pub api_version: Option<String>,
    /// The model's output limit in tokens: each LLM request asks for what its batch needs
    /// (with headroom), never more than this (Anthropic's default: 8192).
    pub max_tokens: Option<u32>,
    /// Which field an openai backend sets the output limit in: `max_completion_tokens`
    /// (default for api.openai.com) or `max_tokens` (default elsewhere).
    /// An unknown value is refused at its line when the configuration is read.
    pub max_tokens_field: Option<Spanned<Choice<MaxTokensField>>>,
    /// openai: the reply schema lists exactly the request's numbers (for local servers that
    /// enforce the schema as a grammar; about 20 characters a segment more).
    pub exact_keys: Option<bool>,
    /// Editors' example pairs sent with each LLM request (default 3; 0 turns them off).
    pub examples: Option<usize>,
    pub timeout_secs: Option<f64>,
    pub retry_min_delay_ms: Option<u64>,
    pub batch_chars: Option<usize>,
    pub concurrency: Option<usize>,
    pub requests_per_minute: Option<u32>,
    pub chars_per_minute: Option<u64>,
    pub max_retries: Option<u32>,
    /// Ask an openai or anthropic backend for a streamed answer, so progress shows tokens
    /// arriving and a stalled server is noticed early.
    pub stream: Option<Spanned<bool>>,
    /// The longest gap, in seconds, between two chunks of a streamed answer (default 30).
    pub stall_secs: Option<Spanned<f64>>,
    /// The backend that gets the segments this one fails or leaves flagged after its
    /// corrective retry (a local model first, an API for what it cannot do).
    pub fallback: Option<toml::Spanned<String>>,
    /// USD per million input tokens, for the cost line; absent means "tokens only".
    pub price_input_per_mtok: Option<Spanned<f64>>,
    /// USD per million output tokens.
    pub price_output_per_mtok: Option<Spanned<f64>>,
    /// The share of the price a provider batch job costs (default 0.5 for openai and
    /// anthropic, whose batch APIs charge half).
    pub batch_discount: Option<Spanned<f64>>,
}

/// The configuration in force, with defaults applied and paths resolved.
/// `[[qa.ignore]]` as written: the check by name, so an unknown one is refused with the
/// same message as an unknown `[qa]` key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    segment: String,
    check: String,
    reason: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding l10n.toml (or the working directory when there is none).
    pub root: PathBuf,
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    pub source_lang: LanguageIdentifier,
    pub target_langs: Vec<LanguageIdentifier>,
    pub sources: Vec<String>,
    pub target: String,
    pub translatable_keys: Vec<String>,
    pub target_keys: BTreeMap<String, String>,
    pub default_backend: String,
    pub backends: BTreeMap<String, BackendConfig>,
    pub glossary: PathBuf,
    /// The house style guide sent to LLM backends (default `style.md`).
    pub style: PathBuf,
    /// Whether `style` was configured: then a missing file is an error, not "no guide".
    pub style_explicit: bool,
    /// `[qa]`: severity per check.
    pub qa: crate::qa::QaConfig,
    /// `sources` compiled once.
    source_set: globset::GlobSet,
}

crate::positioned_error!(
    /// l10n.toml could not be read or is invalid.
    ConfigError,
    "err-config"
);

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::exchange::line_col(text, offset)
}

/// An absolute http or https URL with a host: anything else fails every request later,
/// one segment at a time.
fn is_http_url(s: &str) -> bool {
    reqwest::Url::parse(s)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

impl BackendConfig {
    /// The configured `base_url`, if any.
    pub fn base_url(&self) -> Option<String> {
        self.base_url.as_ref().map(|u| u.get_ref().clone())
    }

    /// The configured `max_tokens_field`; reading the configuration refused any other value.
    pub fn max_tokens_field(&self) -> Option<MaxTokensField> {
        match self.max_tokens_field.as_ref().map(Spanned::get_ref) {
            Some(Choice::Known(f)) => Some(*f),
            Some(Choice::Unknown(_)) | None => None,
        }
    }
}

/// Finds l10n.toml in `start` or a parent folder.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    /// Defaults for a folder without l10n.toml.
    pub fn defaults(root: &Path) -> Config {
        Config::from_raw(root, None, "", Raw::default()).expect("defaults are valid")
    }

    /// Parses `text` (the content of `file`) for a repository rooted at `root`.
    pub fn parse(root: &Path, file: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            ConfigError {
                path: file.display().to_string(),
                line,
                column,
                detail: Detail::quoted("detail-toml", e.message().trim()),
            }
        })?;
        Config::from_raw(root, Some(file), text, raw)
    }

    fn from_raw(
        root: &Path,
        file: Option<&Path>,
        text: &str,
        raw: Raw,
    ) -> Result<Config, ConfigError> {
        let err =
            |span: std::ops::Range<usize>, id: &'static str, args: Vec<(&'static str, String)>| {
                let (line, column) = line_col(text, span.start);
                ConfigError {
                    path: file.map_or_else(|| FILE_NAME.to_owned(), |f| f.display().to_string()),
                    line,
                    column,
                    detail: Detail::new(id, args),
                }
            };
        let lang = |s: &Spanned<String>| {
            s.get_ref().parse::<LanguageIdentifier>().map_err(|_| {
                err(
                    s.span(),
                    "config-not-a-language",
                    vec![("value", s.get_ref().clone())],
                )
            })
        };
        let source_lang = match &raw.source_lang {
            Some(s) => lang(s)?,
            None => unic_langid::langid!("ko"),
        };
        let target_langs = match &raw.target_langs {
            Some(v) if v.is_empty() => return Err(err(0..0, "config-no-targets", vec![])),
            Some(v) => v.iter().map(lang).collect::<Result<Vec<_>, _>>()?,
            None => vec![unic_langid::langid!("en")],
        };
        if target_langs.contains(&source_lang) {
            return Err(err(
                raw.source_lang.as_ref().map_or(0..0, |s| s.span()),
                "config-target-is-source",
                vec![],
            ));
        }
        let sources = match raw.sources {
            Some(v) => {
                for s in &v {
                    if let Err(e) = globset::Glob::new(s.get_ref()) {
                        return Err(err(
                            s.span(),
                            "config-bad-glob",
                            vec![("text", e.to_string())],
                        ));
                    }
                    if escapes(Path::new(s.get_ref())) {
                        return Err(err(s.span(), "config-glob-outside", vec![]));
                    }
                }
                v.into_iter().map(Spanned::into_inner).collect()
            }
            None => vec!["posts/*.md".to_owned()],
        };
        let (target, target_span) = match raw.target {
            Some(t) => {
                let span = t.span();
                (t.into_inner(), span)
            }
            None => ("posts/{lang}/{name}".to_owned(), 0..0),
        };
        if !target.contains("{name}") && !target.contains("{stem}") {
            return Err(err(target_span, "config-target-no-name", vec![]));
        }
        if !target.contains("{lang}") && target_langs.len() > 1 {
            return Err(err(target_span, "config-target-no-lang", vec![]));
        }
        if target.contains(char::is_control) {
            return Err(err(target_span, "config-target-control", vec![]));
        }
        if inside_tool_dir(Path::new(&target)) {
            return Err(err(
                target_span,
                "config-target-in-state",
                vec![
                    ("target", target.clone()),
                    ("dir", crate::state::store::DIR.to_owned()),
                ],
            ));
        }
        if escapes(Path::new(&target)) {
            return Err(err(
                target_span,
                "config-target-outside",
                vec![("target", target.clone())],
            ));
        }
        let mut backends: BTreeMap<String, (std::ops::Range<usize>, BackendConfig)> =
            BTreeMap::new();
        for (name, b) in raw.backend {
            let span = b.span();
            let b = b.into_inner();
            if let Some(key) = &b.refused_api_key {
                let var = match b.kind {
                    BackendKind::Anthropic => "ANTHROPIC_API_KEY",
                    BackendKind::Deepl => "DEEPL_AUTH_KEY",
                    BackendKind::Google => "GOOGLE_TRANSLATE_KEY",
                    _ => "OPENAI_API_KEY",
                };
                return Err(err(
                    key.span(),
                    "config-api-key",
                    vec![("name", name), ("var", var.to_owned())],
                ));
            }
            if let Some(url) = &b.base_url
                && !is_http_url(url.get_ref())
            {
                return Err(err(
                    url.span(),
                    "config-base-url",
                    vec![("name", name), ("value", url.get_ref().clone())],
                ));
            }
            if b.kind == BackendKind::Command && b.command.as_ref().is_none_or(|c| c.is_empty()) {
                return Err(err(span, "config-no-command", vec![("name", name)]));
            }
            if let Some(f) = &b.max_tokens_field
                && let Choice::Unknown(value) = f.get_ref()
            {
                return Err(err(
                    f.span(),
                    "config-max-tokens-field",
                    vec![("name", name.clone()), ("value", value.clone())],
                ));
            }
            if let Some(stream) = b.stream.as_ref().filter(|s| *s.get_ref())
                && !matches!(b.kind, BackendKind::Openai | BackendKind::Anthropic)
            {
                return Err(err(
                    stream.span(),
                    "config-stream-kind",
                    vec![("name", name.clone())],
                ));
            }
            if let Some(s) = &b.stall_secs
                && !(*s.get_ref() > 0.0
                    && std::time::Duration::try_from_secs_f64(*s.get_ref()).is_ok())
            {
                return Err(err(
                    s.span(),
                    "config-stall-secs",
                    vec![("name", name.clone()), ("value", s.get_ref().to_string())],
                ));
            }
            for (key, v, most) in [
                ("price_input_per_mtok", &b.price_input_per_mtok, f64::MAX),
                ("price_output_per_mtok", &b.price_output_per_mtok, f64::MAX),
                ("batch_discount", &b.batch_discount, 1.0),
            ] {
                if let Some(v) = v
                    && !(v.get_ref().is_finite() && *v.get_ref() >= 0.0 && *v.get_ref() <= most)
                {
                    return Err(err(
                        v.span(),
                        if key == "batch_discount" {
                            "config-batch-discount"
                        } else {
                            "config-price"
                        },
                        vec![
                            ("name", name.clone()),
                            ("key", key.to_owned()),
                            ("value", v.get_ref().to_string()),
                        ],
                    ));
                }
            }
            backends.insert(name, (span, b));
        }
        // Every fallback names a backend, and no chain comes back to where it started.
        for (name, (_, b)) in &backends {
            let Some(first) = &b.fallback else { continue };
            let mut seen = vec![name.as_str()];
            let mut next = Some(first.get_ref().as_str());
            while let Some(f) = next {
                if seen.contains(&f) {
                    return Err(err(
                        first.span(),
                        "config-fallback-loop",
                        vec![
                            ("name", name.clone()),
                            ("chain", seen.join(" → ")),
                            ("fallback", f.to_owned()),
                        ],
                    ));
                }
                seen.push(f);
                next = match backends.get(f) {
                    Some((_, c)) => c.fallback.as_ref().map(|s| s.get_ref().as_str()),
                    None if f == "pseudo" => None,
                    None => {
                        return Err(err(
                            first.span(),
                            "config-unknown-fallback",
                            vec![("name", name.clone()), ("fallback", f.to_owned())],
                        ));
                    }
                };
            }
        }
        let backends: BTreeMap<String, BackendConfig> =
            backends.into_iter().map(|(n, (_, b))| (n, b)).collect();
        let default_backend = match raw.default_backend {
            Some(b) => {
                if b.get_ref() != "pseudo" && !backends.contains_key(b.get_ref()) {
                    return Err(err(
                        b.span(),
                        "config-unknown-backend",
                        vec![("name", b.get_ref().clone())],
                    ));
                }
                b.into_inner()
            }
            None => "pseudo".to_owned(),
        };
        let mut qa = crate::qa::QaConfig::default();
        for (name, v) in &raw.qa {
            let span = v.span();
            if name == "ignore" {
                let list: Result<Vec<RawIgnore>, _> = v.get_ref().clone().try_into();
                let list = list.map_err(|e| {
                    err(
                        span.clone(),
                        "config-qa-ignore",
                        vec![("text", e.message().trim().to_owned())],
                    )
                })?;
                for i in list {
                    let Some(check) = crate::qa::Check::from_key(&i.check) else {
                        return Err(err(
                            span,
                            "config-unknown-check",
                            vec![("name", i.check), ("checks", crate::qa::Check::keys())],
                        ));
                    };
                    qa.ignores.push(crate::qa::Ignore {
                        segment: i.segment,
                        check,
                        reason: i.reason,
                    });
                }
                continue;
            }
            if name == "length_band" {
                let band: Option<Vec<f64>> = v.get_ref().as_array().map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_float().or_else(|| x.as_integer().map(|i| i as f64)))
                        .collect()
                });
                match band.as_deref() {
                    Some([lo, hi]) if lo < hi && *lo >= 0.0 => qa.length_band = (*lo, *hi),
                    _ => {
                        return Err(err(span, "config-length-band", vec![]));
                    }
                }
                continue;
            }
            let Some(check) = crate::qa::Check::from_key(name) else {
                return Err(err(
                    span,
                    "config-unknown-check",
                    vec![("name", name.clone()), ("checks", crate::qa::Check::keys())],
                ));
            };
            let level = match v.get_ref().as_str() {
                Some("error") => crate::qa::Level::Error,
                Some("warning") => crate::qa::Level::Warning,
                Some("off") => crate::qa::Level::Off,
                _ => {
                    return Err(err(span, "config-bad-level", vec![("name", name.clone())]));
                }
            };
            qa.levels.insert(check, level);
        }
        let config = Config {
            qa,
            root: root.to_path_buf(),
            file: file.map(Path::to_path_buf),
            source_lang,
            target_langs,
            target,
            translatable_keys: raw
                .translatable_keys
                .unwrap_or_else(|| ParseOptions::default().translatable_keys),
            target_keys: raw.target_keys.unwrap_or_else(|| {
                BTreeMap::from([
                    ("lang".to_owned(), "{lang}".to_owned()),
                    ("translation_of".to_owned(), "{source}".to_owned()),
                ])
            }),
            default_backend,
            backends,
            glossary: PathBuf::from(raw.glossary.unwrap_or_else(|| "glossary.toml".to_owned())),
            style_explicit: raw.style.is_some(),
            style: PathBuf::from(raw.style.unwrap_or_else(|| "style.md".to_owned())),
            source_set: compile(&sources),
            sources,
        };
        // A target that is itself a source would overwrite a Korean post.
        for lang in &config.target_langs {
            let sample = config.target_path(Path::new("posts/x.md"), lang);
            if config.is_source(&sample) {
                return Err(err(
                    target_span.clone(),
                    "config-target-onto-sources",
                    vec![("sample", sample.display().to_string())],
                ));
            }
        }
        Ok(config)
    }

    /// Loads the configuration for the working directory `cwd` (or an explicit file).
    pub fn load(cwd: &Path, explicit: Option<&Path>) -> Result<Config, LoadError> {
        let file = match explicit {
            Some(p) => Some(cwd.join(p)),
            None => discover(cwd),
        };
        match file {
            None => Ok(Config::defaults(cwd)),
            Some(f) => {
                let text = std::fs::read_to_string(&f)
                    .map_err(|e| LoadError::Io(IoError::new(shown(cwd, &f), &e)))?;
                let root = f
                    .parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
                // Errors name the file as the user knows it, like the glossary's.
                Ok(Config::parse(&root, &f, &text).map_err(|mut e| {
                    e.path = shown(cwd, &f);
                    e
                })?)
            }
        }
    }

    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            translatable_keys: self.translatable_keys.clone(),
        }
    }

    /// Whether a repository-relative path is a source post.
    pub fn is_source(&self, rel: &Path) -> bool {
        self.source_set.is_match(rel)
    }

    /// The repository-relative target of a repository-relative source.
    pub fn target_path(&self, source: &Path, lang: &LanguageIdentifier) -> PathBuf {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = source
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = source
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        PathBuf::from(
            self.target
                .replace("{lang}", &lang.to_string())
                .replace("{name}", &name)
                .replace("{stem}", &stem)
                .replace("{dir}", &dir),
        )
    }

    /// Front-matter keys for the target of `source`, with `{lang}` and `{source}` (the
    /// source's repository path, which names the pair for a site's language switch) filled in.
    pub fn target_keys_for(
        &self,
        lang: &LanguageIdentifier,
        source: &Path,
    ) -> Vec<(String, String)> {
        let source = source.to_string_lossy().replace('\\', "/");
        self.target_keys
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.replace("{lang}", &lang.to_string())
                        .replace("{source}", &source),
                )
            })
            .collect()
    }

    /// Source posts, sorted, as repository-relative paths.
    pub fn discover_sources(&self) -> Result<Vec<PathBuf>, LoadError> {
        let mut out = Vec::new();
        for s in &self.sources {
            let base: PathBuf = Path::new(s)
                .components()
                .take_while(|c| {
                    !c.as_os_str()
                        .to_string_lossy()
                        .contains(['*', '?', '[', '{'])
                })
                .collect();
            let start = self.root.join(&base);
            if start.is_dir() {
                walk(&self.root, &start, &self.source_set, &mut out)?;
            }
        }
        out.sort();
        out.dedup();
        let targets: std::collections::HashSet<PathBuf> = out
            .iter()
            .flat_map(|s| self.target_langs.iter().map(move |l| (s, l)))
            .map(|(s, l)| self.target_path(s, l))
            .collect();
        out.retain(|p| !targets.contains(p));
        for p in &out {
            self.check_inside(p)?;
        }
        Ok(out)
    }

    /// Refuses a post that is a symlink leading out of the repository.
    pub fn check_inside(&self, rel: &Path) -> Result<(), LoadError> {
        let full = self.root.join(rel);
        let real = full
            .canonicalize()
            .map_err(|e| LoadError::Io(IoError::new(rel.display().to_string(), &e)))?;
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        if real.starts_with(&root) {
            Ok(())
        } else {
            Err(LoadError::Outside {
                path: rel.display().to_string(),
                real: real.display().to_string(),
            })
        }
    }

    /// Turns a path given on the command line into a repository-relative source path.
    pub fn relative(&self, cwd: &Path, p: &Path) -> Result<PathBuf, LoadError> {
        let full = cwd.join(p);
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let full = full
            .canonicalize()
            .map_err(|e| LoadError::Io(IoError::new(p.display().to_string(), &e)))?;
        full.strip_prefix(&root)
            .map(Path::to_path_buf)
            .map_err(|_| LoadError::Outside {
                path: p.display().to_string(),
                real: full.display().to_string(),
            })
    }
}

fn compile(globs: &[String]) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for s in globs {
        // Validated when the configuration was read.
        if let Ok(g) = globset::GlobBuilder::new(s).literal_separator(true).build() {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

fn escapes(p: &Path) -> bool {
    p.is_absolute()
        || p.components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
}

/// Whether a template's path starts in `.l10n/` (after any `./`): a post written there
/// would overwrite, or be overwritten by, l10n's own files.
fn inside_tool_dir(p: &Path) -> bool {
    p.components()
        .find(|c| !matches!(c, Component::CurDir))
        .is_some_and(|c| c.as_os_str() == crate::state::store::DIR)
}

fn walk(
    root: &Path,
    dir: &Path,
    globs: &globset::GlobSet,
    out: &mut Vec<PathBuf>,
) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| LoadError::Io(IoError::new(dir.display().to_string(), &e)))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| LoadError::Io(IoError::new(dir.display().to_string(), &e)))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let kind = entry
            .file_type()
            .map_err(|e| LoadError::Io(IoError::new(path.display().to_string(), &e)))?;
        if kind.is_dir() {
            walk(root, &path, globs, out)?;
        } else if globs.is_match(rel) {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// `file` as seen from `cwd`: `l10n.toml`, `../l10n.toml`, or the path itself.
fn shown(cwd: &Path, file: &Path) -> String {
    if let Ok(rel) = file.strip_prefix(cwd) {
        return rel.display().to_string();
    }
    let up = file
        .parent()
        .and_then(|dir| cwd.strip_prefix(dir).ok())
        .map(|below| below.components().count());
    match (up, file.file_name()) {
        (Some(n), Some(name)) => format!("{}{}", "../".repeat(n), name.to_string_lossy()),
        _ => file.display().to_string(),
    }
}

/// Configuration that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Config(ConfigError),
    Io(IoError),
    Outside { path: String, real: String },
}

impl From<ConfigError> for LoadError {
    fn from(e: ConfigError) -> Self {
        LoadError::Config(e)
    }
}

impl Diagnostic for LoadError {
    fn id(&self) -> &'static str {
        match self {
            LoadError::Config(e) => e.id(),
            LoadError::Io(e) => e.id(),
            LoadError::Outside { .. } => "err-outside-repo",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            LoadError::Config(e) => e.args(),
            LoadError::Io(e) => e.args(),
            LoadError::Outside { path, real } => {
                vec![("path", path.clone()), ("real", real.clone())]
            }
        }
    }
    fn detail(&self) -> Option<&Detail> {
        match self {
            LoadError::Config(e) => e.detail(),
            LoadError::Io(e) => e.detail(),
            LoadError::Outside { .. } => None,
        }
    }
}

crate::english_display!(LoadError);

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/repo"), Path::new("l10n.toml"), text)
    }

    #[test]
    fn defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.source_lang.to_string(), "ko");
        assert_eq!(c.target_langs[0].to_string(), "en");
        assert_eq!(
            c.target_path(Path::new("posts/a.md"), &c.target_langs[0]),
            PathBuf::from("posts/en/a.md")
        );
        assert!(c.is_source(Path::new("posts/a.md")));
        assert!(!c.is_source(Path::new("posts/en/a.md")));
        assert_eq!(
            c.target_keys_for(&c.target_langs[0], Path::new("posts/a.md")),
            vec![
                ("lang".into(), "en".into()),
                ("translation_of".into(), "posts/a.md".into())
            ]
        );
    }

    #[test]
    fn the_config_file_is_named_as_seen_from_the_working_directory() {
        let cwd = Path::new("/repo/posts/en");
        assert_eq!(
            shown(cwd, Path::new("/repo/posts/en/l10n.toml")),
            "l10n.toml"
        );
        assert_eq!(shown(cwd, Path::new("/repo/l10n.toml")), "../../l10n.toml");
        assert_eq!(
            shown(cwd, Path::new("/repo/posts/en/../x.toml")),
            "../x.toml"
        );
        assert_eq!(shown(cwd, Path::new("/etc/l10n.toml")), "/etc/l10n.toml");
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = parse("source_lang = \"ko\"\nbogus = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e:?}");
        assert!(e.to_string().contains("bogus"), "{e:?}");
        let e = parse("target_langs = [\"en\", \"not a tag!\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 23), "{e:?}");
        let e = parse("target = \"../out/{name}\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().contains("leaves the repository"));
        let e = parse("target = \"posts/{name}\"\n").unwrap_err();
        assert!(e.to_string().contains("onto sources"), "{e:?}");
        let e = parse("target = \"posts/en.md\"\n").unwrap_err();
        assert!(e.to_string().contains("{name}"), "{e:?}");
        let e = parse("\n\n[backend.x]\nkind = \"nope\"\n").unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        let e = parse("[backend.x]\nkind = \"command\"\n").unwrap_err();
        assert!(e.to_string().contains("command"), "{e:?}");
        let e = parse("default_backend = \"gpt\"\n").unwrap_err();
        assert!(e.to_string().contains("backend.gpt"), "{e:?}");
        let e = parse("source_lang = \"en\"\ntarget_langs = [\"en\"]\n").unwrap_err();
        assert!(e.to_string().contains("source language"), "{e:?}");
        let e = parse("sources = [\"posts/[\"]\n").unwrap_err();
        assert!(e.to_string().contains("glob"), "{e:?}");
        let e = parse("[qa]\nnumbers = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = parse("[qa]\nspelling = \"off\"\n").unwrap_err();
        assert!(e.to_string().contains("unknown check"), "{e:?}");
        let c = parse("[qa]\nnumbers = \"warning\"\nlength_band = [1, 4.5]\n").unwrap();
        assert_eq!(
            c.qa.level(crate::qa::Check::Numbers),
            crate::qa::Level::Warning
        );
        assert_eq!(c.qa.length_band, (1.0, 4.5));
        let e = parse("\ntarget = \".l10n/state/{lang}/posts/{name}.toml\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 10), "{e:?}");
        assert!(e.to_string().contains(".l10n/"), "{e:?}");
        let e = parse("target = \"./.l10n/{lang}/{name}\"\n").unwrap_err();
        assert!(e.to_string().contains(".l10n/"), "{e:?}");
        let e = parse("target = \"posts/{lang}\\n/{name}\"\n").unwrap_err();
        assert!(e.to_string().contains("control character"), "{e:?}");
        assert!(parse("target = \"site/.l10n-en/{name}\"\n").is_ok());
        let e = parse("title = \n").unwrap_err();
        assert_eq!(e.line, 1);
        let e =
            parse("\n[backend.x]\nkind = \"openai\"\nmax_tokens_field = \"limit\"\n").unwrap_err();
        assert!(e.to_string().contains("max_tokens_field"), "{e:?}");
        let e = parse("[backend.x]\nkind = \"openai\"\nexample = 2\n").unwrap_err();
        assert!(e.to_string().contains("example"), "{e:?}");
    }

    /// Every refusal names the file and line and is a Korean sentence under a Korean UI;
    /// the TOML parser's own words stay, quoted.
    #[test]
    fn errors_read_in_korean() {
        let ko = crate::i18n::Messages::get(crate::i18n::UiLang::Ko);
        for text in [
            "bogus = 1\n",
            "target_langs = [\"not a tag!\"]\n",
            "target_langs = []\n",
            "source_lang = \"en\"\ntarget_langs = [\"en\"]\n",
            "sources = [\"posts/[\"]\n",
            "sources = [\"../x/*.md\"]\n",
            "target = \"posts/en.md\"\n",
            "target_langs = [\"en\", \"ja\"]\ntarget = \"out/{name}\"\n",
            "target = \"posts/{lang}\\n/{name}\"\n",
            "target = \".l10n/{lang}/{name}\"\n",
            "target = \"../out/{name}\"\n",
            "target = \"posts/{name}\"\n",
            "[backend.x]\nkind = \"command\"\n",
            "[backend.x]\nkind = \"openai\"\nmax_tokens_field = \"limit\"\n",
            "default_backend = \"gpt\"\n",
            "[qa]\nignore = [{ segment = \"s\" }]\n",
            "[qa]\nlength_band = [3, 1]\n",
            "[qa]\nspelling = \"off\"\n",
            "[qa]\nnumbers = \"loud\"\n",
            "[backend.a]\nkind = \"pseudo\"\nfallback = \"b\"\n",
            "[backend.a]\nkind = \"deepl\"\nstream = true\n",
            "[backend.a]\nkind = \"openai\"\nstall_secs = 0.0\n",
            "[backend.a]\nkind = \"pseudo\"\nfallback = \"b\"\n[backend.b]\nkind = \"pseudo\"\nfallback = \"a\"\n",
        ] {
            let e = parse(text).unwrap_err();
            let said = ko.diagnostic(&e);
            assert!(said.starts_with("l10n.toml"), "{said}");
            let detail = said.split(": ").skip(1).collect::<String>();
            assert!(
                detail.chars().any(|c| ('가'..='힣').contains(&c)),
                "{text}: {said}"
            );
        }
        let e = parse("\n\nbogus = 1\n").unwrap_err();
        assert_eq!(
            ko.diagnostic(&e),
            "l10n.toml:3:1: TOML로 읽을 수 없습니다: \"unknown field `bogus`, expected one of `source_lang`, `target_langs`, `sources`, `target`, `translatable_keys`, `target_keys`, `default_backend`, `backend`, `glossary`, `style`, `qa`\""
        );
    }

    #[test]
    fn stream_is_for_llm_backends_and_stall_secs_is_positive() {
        let c =
            parse("[backend.a]\nkind = \"anthropic\"\nstream = true\nstall_secs = 0.5\n").unwrap();
        assert_eq!(
            c.backends["a"].stream.as_ref().map(|s| *s.get_ref()),
            Some(true)
        );
        assert_eq!(
            c.backends["a"].stall_secs.as_ref().map(|s| *s.get_ref()),
            Some(0.5)
        );
        for kind in ["deepl", "google", "pseudo"] {
            let e = parse(&format!("[backend.x]\nkind = \"{kind}\"\nstream = true\n")).unwrap_err();
            assert_eq!((e.line, e.column), (3, 10), "{e:?}");
            assert!(e.to_string().contains("openai and anthropic only"), "{e:?}");
        }
        assert!(parse("[backend.x]\nkind = \"deepl\"\nstream = false\n").is_ok());
        for bad in ["0", "-1", "nan", "inf", "1e300"] {
            let e = parse(&format!(
                "[backend.x]\nkind = \"openai\"\n\nstall_secs = {bad}\n"
            ))
            .unwrap_err();
            assert_eq!(e.line, 4, "{bad}: {e:?}");
            assert!(e.to_string().contains("stall_secs must be"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn prices_are_non_negative_and_the_discount_a_share() {
        let c = parse(
            "[backend.a]\nkind = \"openai\"\nprice_input_per_mtok = 0.15\nprice_output_per_mtok = 0.6\nbatch_discount = 0.5\n",
        )
        .unwrap();
        assert_eq!(
            c.backends["a"]
                .price_input_per_mtok
                .as_ref()
                .map(|p| *p.get_ref()),
            Some(0.15)
        );
        for (bad, line, col, says) in [
            ("price_input_per_mtok = -1", 3, 24, "price_input_per_mtok"),
            (
                "price_output_per_mtok = nan",
                3,
                25,
                "price_output_per_mtok",
            ),
            ("batch_discount = 1.5", 3, 18, "batch_discount"),
        ] {
            let e = parse(&format!("[backend.a]\nkind = \"openai\"\n{bad}\n")).unwrap_err();
            assert_eq!((e.line, e.column), (line, col), "{bad}: {e:?}");
            assert!(e.to_string().contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn fallbacks_name_a_backend_and_never_loop() {
        let c = parse("[backend.a]\nkind = \"openai\"\nfallback = \"b\"\n[backend.b]\nkind = \"anthropic\"\nfallback = \"pseudo\"\n").unwrap();
        assert_eq!(
            c.backends["a"]
                .fallback
                .as_ref()
                .map(|f| f.get_ref().as_str()),
            Some("b")
        );
        let e = parse("[backend.a]\nkind = \"openai\"\n\nfallback = \"gpt\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 12), "{e:?}");
        assert!(e.to_string().contains("`gpt`"), "{e:?}");
        let e = parse("[backend.a]\nkind = \"openai\"\nfallback = \"b\"\n[backend.b]\nkind = \"openai\"\nfallback = \"a\"\n").unwrap_err();
        assert!(e.to_string().contains("a → b → a"), "{e:?}");
        let e = parse("[backend.a]\nkind = \"openai\"\nfallback = \"a\"\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn style_and_llm_keys() {
        let c = parse("").unwrap();
        assert_eq!(c.style, PathBuf::from("style.md"));
        assert!(!c.style_explicit);
        let c = parse(
            "style = \"docs/house.md\"\n[backend.x]\nkind = \"anthropic\"\nexamples = 0\nmax_tokens = 2000\n[backend.y]\nkind = \"openai\"\nmax_tokens_field = \"max_completion_tokens\"\n",
        )
        .unwrap();
        assert_eq!(c.style, PathBuf::from("docs/house.md"));
        assert!(c.style_explicit);
        assert_eq!(c.backends["x"].examples, Some(0));
        assert_eq!(c.backends["x"].max_tokens, Some(2000));
        assert_eq!(
            c.backends["y"].max_tokens_field(),
            Some(MaxTokensField::MaxCompletionTokens)
        );
    }

    /// A check name l10n does not know, as a `[qa]` key or in `[[qa.ignore]]`, is refused
    /// at its line in the UI language, with the names it could be.
    #[test]
    fn an_unknown_check_is_refused_at_its_line() {
        use crate::i18n::{Messages, UiLang};
        let e = parse("[qa]\nnumbers = \"off\"\nspelling = \"off\"\n").unwrap_err();
        assert_eq!(
            Messages::get(UiLang::En).diagnostic(&e),
            "l10n.toml:3:12: unknown check `spelling` (checks: urls, numbers, dates, identifiers, glosses, hangul, untranslated, glossary, tags, length, front-matter, anchors, consistency, pseudo)"
        );
        let e = parse(
            "[qa]\nignore = [{ segment = \"s\", check = \"spelling\", reason = \"quoted\" }]\n",
        )
        .unwrap_err();
        assert_eq!(
            Messages::get(UiLang::En).diagnostic(&e),
            "l10n.toml:2:10: unknown check `spelling` (checks: urls, numbers, dates, identifiers, glosses, hangul, untranslated, glossary, tags, length, front-matter, anchors, consistency, pseudo)"
        );
        assert!(
            Messages::get(UiLang::Ko)
                .diagnostic(&e)
                .starts_with("l10n.toml:2:10: 알 수 없는 검사 `spelling`입니다"),
            "{}",
            Messages::get(UiLang::Ko).diagnostic(&e)
        );
        let c = parse(
            "[qa]\nignore = [{ segment = \"s\", check = \"front-matter\", reason = \"quoted\" }]\n",
        )
        .unwrap();
        assert_eq!(c.qa.ignores[0].check, crate::qa::Check::FrontMatter);
    }

    /// `structured_output` and `max_tokens_field` read as their enums; an unknown
    /// `max_tokens_field` is refused at its value, naming it and the allowed ones, while an
    /// unknown `structured_output` is kept for the backend to refuse by name.
    #[test]
    fn structured_output_and_max_tokens_field_are_enums() {
        let c = parse(
            "[backend.a]\nkind = \"openai\"\nstructured_output = \"json_object\"\nmax_tokens_field = \"max_tokens\"\n[backend.b]\nkind = \"openai\"\nstructured_output = \"xml\"\n",
        )
        .unwrap();
        assert_eq!(
            c.backends["a"].structured_output,
            Some(Choice::Known(StructuredOutput::JsonObject))
        );
        assert_eq!(
            c.backends["a"].max_tokens_field(),
            Some(MaxTokensField::MaxTokens)
        );
        assert_eq!(
            c.backends["b"].structured_output,
            Some(Choice::Unknown("xml".into()))
        );
        assert_eq!(c.backends["b"].max_tokens_field(), None);
        let e =
            parse("\n[backend.x]\nkind = \"openai\"\nmax_tokens_field = \"limit\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "l10n.toml:4:20: backend `x`: max_tokens_field must be max_tokens or max_completion_tokens, not `limit`"
        );
    }
}
