//! `l10n translate [PATHS...] [--to LANG] [--backend NAME] [--dry-run] [--force] [--overwrite-edits]`
//!
//! read → segment → plan → translate → validate → write → record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unic_langid::LanguageIdentifier;

use super::site::Site;
use super::{Ctx, Failure, IoError};
use crate::backend::pseudo::Pseudo;
use crate::backend::{Request, Translator};
use crate::config::BackendKind;
use crate::document::tags::check_tags;
use crate::document::{Document, Replacement, normalize};
use crate::plan::{Action, Hold, Memory, PlanOptions, aligned, plan};
use crate::state::{PostState, SegmentState, VERSION, file_hash, text_hash};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source posts (default: every post matched by `sources` in l10n.toml).
    paths: Vec<PathBuf>,
    /// Only this target language.
    #[arg(long, value_name = "LANG")]
    to: Option<String>,
    /// Backend from [backend.NAME] in l10n.toml, or `pseudo`.
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Show what would be sent; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Retranslate every segment no person has touched.
    #[arg(long)]
    force: bool,
    /// Let new translations replace hand edits.
    #[arg(long)]
    overwrite_edits: bool,
}

/// A backend named on the command line or in l10n.toml that this build cannot use.
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

fn backend(site: &Site, name: Option<&str>) -> Result<Box<dyn Translator>, Failure> {
    let name = name.unwrap_or(&site.config.default_backend);
    let kind = match site.config.backends.get(name) {
        Some(b) => b.kind,
        None if name == "pseudo" => BackendKind::Pseudo,
        None => {
            return Err(UnknownBackend {
                name: name.to_owned(),
            }
            .into());
        }
    };
    match kind {
        BackendKind::Pseudo => Ok(Box::new(Pseudo)),
        _ => Err(UnknownBackend {
            name: name.to_owned(),
        }
        .into()),
    }
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
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx)?;
    let glossary = site.glossary()?;
    let sources = site.sources(&args.paths)?;
    let langs = site.langs(args.to.as_deref())?;
    let translator = backend(&site, args.backend.as_deref())?;
    let _lock = if args.dry_run {
        None
    } else {
        Some(site.store.lock(|| ctx.note("note-waiting-for-lock", &[]))?)
    };
    let mut totals = Totals::default();
    for lang in &langs {
        let lang_s = lang.to_string();
        // Loaded on first need: a run with nothing to send never reads every state file.
        let memory = std::cell::OnceCell::new();
        let load_memory = || -> Result<Memory, Failure> {
            let states = site.store.all()?;
            Ok(Memory::from_states(
                states.iter().map(|(_, s)| s).filter(|s| s.lang == lang_s),
            ))
        };
        let glossary_pairs = glossary.pairs(
            site.config.source_lang.language.as_str(),
            lang.language.as_str(),
            true,
        );
        let job = Job {
            ctx,
            site: &site,
            lang,
            memory: &memory,
            load_memory: &load_memory,
            glossary: &glossary_pairs,
            translator: translator.as_ref(),
            args: &args,
        };
        for source in &sources {
            if let Err(f) = job.post(source, &mut totals) {
                ctx.error(&f);
                totals.errors += 1;
            }
        }
    }
    if args.dry_run {
        ctx.note(
            "translate-dry-summary",
            &[
                ("posts", totals.dry_posts.to_string()),
                ("segments", totals.dry_segments.to_string()),
                ("chars", totals.dry_chars.to_string()),
                ("backend", translator.origin()),
            ],
        );
    } else {
        ctx.note(
            "translate-summary",
            &[
                ("written", totals.written.to_string()),
                ("reused", totals.reused.to_string()),
                ("sent", totals.sent.to_string()),
                ("failed", totals.failed.to_string()),
            ],
        );
    }
    Ok(if totals.errors > 0 {
        ExitCode::from(2)
    } else if totals.failed > 0 || totals.held > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

struct Job<'a> {
    ctx: &'a Ctx,
    site: &'a Site,
    lang: &'a LanguageIdentifier,
    memory: &'a std::cell::OnceCell<Memory>,
    load_memory: &'a dyn Fn() -> Result<Memory, Failure>,
    glossary: &'a [(String, String)],
    translator: &'a dyn Translator,
    args: &'a Args,
}

/// A translation that came back with the wrong tags.
#[derive(Debug)]
struct RejectedSegment {
    path: String,
    line: usize,
    tag: String,
    problem: &'static str,
}

impl crate::diag::Diagnostic for RejectedSegment {
    fn id(&self) -> &'static str {
        "err-tag-mismatch"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("line", self.line.to_string()),
            ("segment", String::new()),
            ("tag", self.tag.clone()),
            ("problem", self.problem.to_owned()),
        ]
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
    fn post(&self, source_rel: &Path, totals: &mut Totals) -> Result<(), Failure> {
        let site = self.site;
        let lang = self.lang.to_string();
        let target_rel = site.config.target_path(source_rel, self.lang);
        let source_name = source_rel.display().to_string();
        let target_name = target_rel.display().to_string();
        let source_bytes = site
            .read(source_rel)?
            .ok_or_else(|| IoError::new(source_rel, &std::io::ErrorKind::NotFound.into()))?;
        let target_bytes = site.read(&target_rel)?;
        let source_hash = file_hash(&source_bytes);
        if !self.args.force && !self.args.overwrite_edits {
            let header = site.store.load_header(&lang, source_rel)?;
            if let (Some(h), Some(tb)) = (&header, &target_bytes)
                && h.source_hash == source_hash
                && h.target_hash == file_hash(tb)
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
        let opts = PlanOptions {
            force: self.args.force,
            overwrite_edits: self.args.overwrite_edits,
            allow_pseudo_memory: self.translator.status() == crate::state::Status::Pseudo,
        };
        let memory = match self.memory.get() {
            Some(m) => m,
            None => {
                let m = (self.load_memory)()?;
                self.memory.get_or_init(|| m)
            }
        };
        let plan = plan(&source, state.as_ref(), target.as_ref(), memory, opts);
        if let Some(hold) = plan.hold {
            let id = match hold {
                Hold::Misaligned => "warn-held-misaligned",
                Hold::Untracked => "warn-held-untracked",
            };
            self.ctx.warn(id, &[("path", target_name.clone())]);
            totals.held += 1;
            return Ok(());
        }
        let segments = source.segments();
        let to_send: Vec<usize> = plan
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a, Action::Send { .. }))
            .map(|(i, _)| i)
            .collect();
        if self.args.dry_run {
            if !to_send.is_empty() || target_bytes.is_none() {
                let chars: usize = to_send
                    .iter()
                    .map(|&i| segments[i].text.chars().count())
                    .sum();
                self.ctx.out_line(self.ctx.msgs.format(
                    "translate-dry-post",
                    &[
                        ("source", source_name.clone()),
                        ("target", target_name.clone()),
                        ("segments", to_send.len().to_string()),
                        ("chars", chars.to_string()),
                    ],
                ))?;
                totals.dry_posts += 1;
                totals.dry_segments += to_send.len();
                totals.dry_chars += chars;
            }
            return Ok(());
        }

        // Identical texts in one post are sent once.
        let mut unique: Vec<usize> = Vec::new();
        let mut first_of: HashMap<String, usize> = HashMap::new();
        for &i in &to_send {
            let key = normalize(&segments[i].text);
            if let std::collections::hash_map::Entry::Vacant(e) = first_of.entry(key) {
                e.insert(i);
                unique.push(i);
            }
        }
        let title = segments
            .iter()
            .find(|s| s.key.as_deref() == Some("title"))
            .map(|s| s.text.clone());
        let request_texts: Vec<&str> = unique.iter().map(|&i| segments[i].text.as_str()).collect();
        let request = Request {
            source_lang: site.config.source_lang.to_string(),
            target_lang: lang.clone(),
            title,
            glossary: self
                .glossary
                .iter()
                .filter(|(s, _)| request_texts.iter().any(|t| t.contains(s.as_str())))
                .cloned()
                .collect(),
            segments: unique
                .iter()
                .map(|&i| (segments[i].id.clone(), segments[i].text.clone()))
                .collect(),
        };
        let replies: HashMap<_, _> = if unique.is_empty() {
            HashMap::new()
        } else {
            self.translator.translate(&request)?.into_iter().collect()
        };
        totals.sent += unique.len();

        let mut entries = Vec::with_capacity(segments.len());
        let mut failed = 0;
        for (seg, action) in segments.iter().zip(&plan.actions) {
            let entry = match action {
                Action::Keep(e) => e.clone(),
                Action::Reuse(m) => {
                    totals.reused += 1;
                    SegmentState {
                        id: seg.id.clone(),
                        kind: seg.kind,
                        state: m.status,
                        origin: m.origin.clone(),
                        source: seg.text.clone(),
                        target: m.target.clone(),
                        raw: false,
                        target_hash: String::new(),
                        previous: None,
                    }
                }
                Action::Send { previous } => {
                    let first = first_of[&normalize(&seg.text)];
                    let reply = replies.get(&segments[first].id);
                    let checked = reply.map(|t| check_tags(&seg.text, t).map(|_| t));
                    match checked {
                        Some(Ok(t)) => SegmentState {
                            id: seg.id.clone(),
                            kind: seg.kind,
                            state: self.translator.status(),
                            origin: self.translator.origin(),
                            source: seg.text.clone(),
                            target: t.clone(),
                            raw: false,
                            target_hash: String::new(),
                            previous: previous.as_ref().map(|p| p.target.clone()),
                        },
                        Some(Err((tag, problem))) => {
                            self.ctx.error(&Failure::from(RejectedSegment {
                                path: source_name.clone(),
                                line: seg.line,
                                tag,
                                problem: problem.code(),
                            }));
                            failed += 1;
                            continue;
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
        if failed > 0 {
            totals.failed += failed;
            return Ok(());
        }

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
        let out = source.render_with(
            &source_name,
            &replacements,
            &site.config.target_keys_for(self.lang),
        )?;
        let written = Document::parse_str(&target_name, out.clone(), &site.config.parse_options())?;
        let mut new_state = PostState {
            version: VERSION,
            source: source_name.clone(),
            target: target_name.clone(),
            lang: lang.clone(),
            source_hash,
            target_hash: file_hash(out.as_bytes()),
            counts: Default::default(),
            segments: entries,
        };
        new_state.recount();
        if !aligned(&new_state, &written) {
            return Err(StructureChanged { path: target_name }.into());
        }
        for (e, t) in new_state.segments.iter_mut().zip(written.segments()) {
            e.target_hash = text_hash(&t.text);
        }
        if target_bytes.as_deref() != Some(out.as_bytes()) {
            crate::atomic::write(&site.config.root.join(&target_rel), out.as_bytes())
                .map_err(|e| IoError::new(&target_rel, &e))?;
            totals.written += 1;
            if self.ctx.verbose > 0 {
                self.ctx
                    .note("translate-wrote", &[("path", target_name.clone())]);
            }
        }
        if state.as_ref() != Some(&new_state) {
            site.store.save(&new_state)?;
        }
        Ok(())
    }
}
