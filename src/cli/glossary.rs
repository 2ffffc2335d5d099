//! `l10n glossary list|add|remove|lint|suggest|import|export|push`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::site::Site;
use super::{Ctx, Failure, IoError, print};
use crate::glossary::{Glossary, TermIndex, tools};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Tsv,
    Tbx,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Terms with how often each occurs in the source posts.
    List,
    /// Add a term (a source equal to its target is kept as written).
    Add {
        source: String,
        #[arg(required_unless_present = "keep")]
        target: Option<String>,
        /// Keep the term as written in every language (no target needed).
        #[arg(long, conflicts_with = "target")]
        keep: bool,
        /// Another source spelling of the term (repeatable).
        #[arg(long = "variant", value_name = "FORM")]
        variants: Vec<String>,
        /// A translation the term must never get (repeatable).
        #[arg(long = "forbidden", value_name = "FORM")]
        forbidden: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove a term by its source form.
    Remove { source: String },
    /// Report conflicts, duplicates, stray spaces, prefixes and keep terms that differ.
    Lint,
    /// Mine the posts for 한글(Latin) pairs and Latin names the glossary lacks.
    Suggest {
        /// Add suggestions: the named source forms, or all shown when none are named.
        #[arg(long, num_args = 0.., value_name = "SOURCE")]
        apply: Option<Vec<String>>,
    },
    /// Add terms from a CSV, TSV or TBX file.
    Import {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Write the glossary as CSV, TSV (DeepL's format) or TBX.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Tsv)]
        format: Format,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Create the glossary on a service and remember its id (only DeepL has one).
    Push {
        /// The service: deepl.
        service: String,
        /// The [backend.NAME] to use (default: the first of kind deepl).
        #[arg(long)]
        backend: Option<String>,
    },
}

/// A glossary command that found problems or could not do what was asked.
#[derive(Debug)]
struct GlossaryNote {
    id: &'static str,
    args: Vec<(&'static str, String)>,
}

impl crate::diag::Diagnostic for GlossaryNote {
    fn id(&self) -> &'static str {
        self.id
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        self.args.clone()
    }
}

/// The glossary file a command works on, as read, and the two languages its terms pair.
struct Book {
    site: Site,
    path: PathBuf,
    name: String,
    text: String,
    exists: bool,
    src: String,
    tgt: String,
}

impl Book {
    fn open(ctx: &Ctx) -> Result<Book, Failure> {
        let site = Site::open(ctx.config.as_deref())?;
        let path = site.config.root.join(&site.config.glossary);
        let name = site.config.glossary.display().to_string();
        let (text, exists) = match std::fs::read(&path) {
            Ok(b) => (crate::document::decode(&name, &b)?, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), false),
            Err(e) => return Err(IoError::new(&path, &e).into()),
        };
        let src = site.config.source_lang.language.as_str().to_owned();
        let tgt = site.config.target_langs[0].language.as_str().to_owned();
        Ok(Book {
            site,
            path,
            name,
            text,
            exists,
            src,
            tgt,
        })
    }

    /// Replaces the glossary file atomically.
    fn write(&self, out: &str) -> Result<(), Failure> {
        crate::atomic::write(&self.path, out.as_bytes())
            .map_err(|e| Failure::from(IoError::new(&self.path, &e)))
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let book = Book::open(ctx)?;
    match args.action {
        Action::List => list(ctx, &book)?,
        Action::Add {
            source,
            target,
            keep,
            variants,
            forbidden,
            note,
        } => {
            let extras = tools::Extras {
                variants,
                forbidden,
                note,
            };
            add(ctx, &book, source, target, keep, extras)?
        }
        Action::Remove { source } => remove(ctx, &book, source)?,
        Action::Lint => return lint(ctx, &book),
        Action::Suggest { apply } => suggest(ctx, &book, apply)?,
        Action::Import { file, format } => import(ctx, &book, &file, format)?,
        Action::Export { format, output } => export(&book, format, output)?,
        Action::Push { service, backend } => push(ctx, &book, service, backend)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `list`: each term with how often it occurs in the source posts, by form.
fn list(ctx: &Ctx, book: &Book) -> Result<(), Failure> {
    let g = Glossary::parse(&book.name, &book.text)?;
    let counts = occurrences(&book.site, &g, &book.src, &book.tgt)?;
    let mut out = String::new();
    if !g.terms.is_empty() {
        let heading = |id: &str| ctx.msgs.format(id, &[]);
        let uses = heading("glossary-list-uses");
        // Right-aligned over the counts, by display width (쓰임 is two columns a syllable).
        let pad = 5usize.saturating_sub(unicode_width::UnicodeWidthStr::width(uses.as_str()));
        out.push_str(&format!(
            "{}{uses}  {}\t{}\t{}\n",
            " ".repeat(pad),
            book.src,
            book.tgt,
            heading("glossary-list-forms"),
        ));
    }
    for (i, t) in g.terms.iter().enumerate() {
        let s = t.forms.get(&book.src).cloned().unwrap_or_default();
        let d = if t.keep {
            ctx.msgs.format("glossary-keep", &[])
        } else {
            t.forms.get(&book.tgt).cloned().unwrap_or_default()
        };
        let forms = counts.get(&i);
        let total: usize = forms.map_or(0, |f| f.values().sum());
        out.push_str(&format!("{total:>5}  {s}\t{d}"));
        // Every form it took, when it is not only the term as written.
        if let Some(f) = forms.filter(|f| f.keys().any(|k| *k != s)) {
            let list: Vec<String> = f.iter().map(|(k, n)| format!("{k} {n}")).collect();
            out.push_str(&format!("\t({})", list.join(", ")));
        }
        out.push('\n');
    }
    print(&out)?;
    Ok(())
}

/// `add`: one term, trimmed of stray spaces (and said so).
fn add(
    ctx: &Ctx,
    book: &Book,
    source: String,
    target: Option<String>,
    keep: bool,
    extras: tools::Extras,
) -> Result<(), Failure> {
    let target = target.unwrap_or_else(|| source.clone());
    // Spaces around a form are never meant: trimmed, and said so.
    let spaced = source.trim() != source || target.trim() != target;
    let (source, target) = (source.trim().to_owned(), target.trim().to_owned());
    if spaced {
        ctx.note(
            "glossary-trimmed",
            &[("source", source.clone()), ("target", target.clone())],
        );
    }
    book.write(&tools::add(
        &book.name, &book.text, &book.src, &source, &book.tgt, &target, &extras,
    )?)?;
    let kept = keep || source == target;
    let id = if kept {
        "glossary-added-keep"
    } else {
        "glossary-added"
    };
    ctx.note(id, &[("source", source), ("target", target)]);
    Ok(())
}

/// `remove`: the term with this source form.
fn remove(ctx: &Ctx, book: &Book, source: String) -> Result<(), Failure> {
    book.write(&tools::remove(&book.name, &book.text, &book.src, &source)?)?;
    ctx.note("glossary-removed", &[("source", source)]);
    Ok(())
}

/// `lint`: exits 1 when an issue is an error.
fn lint(ctx: &Ctx, book: &Book) -> Result<ExitCode, Failure> {
    let g = Glossary::parse(&book.name, &book.text)?;
    let issues = tools::lint(&g, &book.src, &book.tgt);
    let mut out = String::new();
    for i in &issues {
        let label = ctx.msgs.format(
            if i.error {
                "label-error"
            } else {
                "label-warning"
            },
            &[],
        );
        let message = ctx.msgs.detail(&i.message);
        out.push_str(&format!("{}:{}: {label}: {message}\n", book.name, i.line));
    }
    print(&out)?;
    if !book.exists {
        ctx.note("glossary-lint-none", &[("path", book.name.clone())]);
    } else if issues.is_empty() {
        ctx.note(
            "glossary-lint-clean",
            &[
                ("path", book.name.clone()),
                ("count", g.terms.len().to_string()),
            ],
        );
    }
    Ok(if issues.iter().any(|i| i.error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `suggest`: pairs mined from the posts, added with `--apply`.
fn suggest(ctx: &Ctx, book: &Book, apply: Option<Vec<String>>) -> Result<(), Failure> {
    let g = Glossary::parse(&book.name, &book.text)?;
    let mut texts = Vec::new();
    for s in book.site.sources(&[])? {
        if let Some(b) = book.site.read(&s)? {
            texts.push(crate::document::decode(&s.display().to_string(), &b)?);
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let suggestions = tools::suggest(&refs, &g, &book.src);
    let mut out = String::new();
    for s in &suggestions {
        let d = s
            .target
            .clone()
            .unwrap_or_else(|| ctx.msgs.format("glossary-keep", &[]));
        out.push_str(&format!("{:>5}  {}\t{d}\n", s.count, s.source));
        for c in &s.contexts {
            out.push_str(&format!("         {c}\n"));
        }
    }
    print(&out)?;
    if let Some(chosen) = apply {
        let mut text = book.text.clone();
        for s in suggestions
            .iter()
            .filter(|s| chosen.is_empty() || chosen.contains(&s.source))
        {
            let d = s.target.clone().unwrap_or_else(|| s.source.clone());
            text = tools::add(
                &book.name,
                &text,
                &book.src,
                &s.source,
                &book.tgt,
                &d,
                &tools::Extras::default(),
            )?;
        }
        book.write(&text)?;
    }
    Ok(())
}

/// `import`: terms from a CSV, TSV or TBX file; a term already there is kept as it is.
fn import(
    ctx: &Ctx,
    book: &Book,
    file: &std::path::Path,
    format: Option<Format>,
) -> Result<(), Failure> {
    let fname = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| IoError::new(file, &e))?;
    let input = crate::document::decode(&fname, &bytes)?;
    let format = format.unwrap_or(match file.extension().and_then(|e| e.to_str()) {
        Some("tbx") | Some("xml") => Format::Tbx,
        Some("csv") => Format::Csv,
        _ => Format::Tsv,
    });
    let pairs: Vec<(String, String)> = match format {
        Format::Csv => tools::import_delimited(&fname, &input, ',')?,
        Format::Tsv => tools::import_delimited(&fname, &input, '\t')?,
        Format::Tbx => tools::import_tbx(&fname, &input)?
            .into_iter()
            .filter_map(|m: BTreeMap<String, String>| {
                Some((m.get(&book.src)?.clone(), m.get(&book.tgt)?.clone()))
            })
            .collect(),
    };
    let mut out = book.text.clone();
    let mut added = 0;
    for (s, t) in pairs {
        match tools::add(
            &book.name,
            &out,
            &book.src,
            &s,
            &book.tgt,
            &t,
            &tools::Extras::default(),
        ) {
            Ok(o) => {
                out = o;
                added += 1;
            }
            Err(e) if e.detail.id == tools::EXISTS => {}
            Err(e) => return Err(e.into()),
        }
    }
    book.write(&out)?;
    ctx.note(
        "glossary-imported",
        &[("count", added.to_string()), ("path", fname)],
    );
    Ok(())
}

/// `export`: the glossary as CSV, TSV or TBX, to a file (atomically) or stdout.
fn export(book: &Book, format: Format, output: Option<PathBuf>) -> Result<(), Failure> {
    let g = Glossary::parse(&book.name, &book.text)?;
    let out = match format {
        Format::Csv => format!(
            "{},{}\n{}",
            book.src,
            book.tgt,
            tools::export_delimited(&g, &book.src, &book.tgt, ',')
        ),
        Format::Tsv => tools::export_delimited(&g, &book.src, &book.tgt, '\t'),
        Format::Tbx => tools::export_tbx(&g),
    };
    match output {
        Some(p) => crate::atomic::write(&p, out.as_bytes()).map_err(|e| IoError::new(&p, &e))?,
        None => print(&out)?,
    }
    Ok(())
}

/// `push`: the glossary as a DeepL glossary, its id remembered for the backend.
fn push(ctx: &Ctx, book: &Book, service: String, backend: Option<String>) -> Result<(), Failure> {
    if service != "deepl" {
        return Err(GlossaryNote {
            id: "err-push-service",
            args: vec![("service", service)],
        }
        .into());
    }
    let g = Glossary::parse(&book.name, &book.text)?;
    let (bname, cfg) = book
        .site
        .config
        .backends
        .iter()
        .find(|(n, b)| {
            backend.as_ref().is_none_or(|x| x == *n) && b.kind == crate::config::BackendKind::Deepl
        })
        .ok_or_else(|| GlossaryNote {
            id: "err-no-deepl-backend",
            args: vec![],
        })?;
    let var = cfg.api_key_env.clone().unwrap_or_default();
    let key = std::env::var(&var)
        .ok()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| crate::backend::MissingKey {
            backend: bname.clone(),
            var: var.clone(),
        })?;
    let tsv = tools::export_delimited(&g, &book.src, &book.tgt, '\t');
    let hash = blake3::hash(tsv.as_bytes()).to_hex()[..16].to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| IoError::new("<runtime>", &e))?;
    let id = runtime.block_on(crate::backend::deepl::push_glossary(
        bname,
        cfg,
        key,
        &format!("l10n {hash}"),
        &book.src,
        &book.tgt,
        &tsv,
    ))?;
    remember_deepl(&book.site, &hash, &id)?;
    ctx.note(
        "glossary-pushed",
        &[("id", id), ("count", g.terms.len().to_string())],
    );
    Ok(())
}

/// How often each term occurs in the source posts, by the form it takes there (variants,
/// particles aside, a gloss inside it: `엣지(Edge) AI`).
fn occurrences(
    site: &Site,
    g: &Glossary,
    src: &str,
    tgt: &str,
) -> Result<BTreeMap<usize, BTreeMap<String, usize>>, Failure> {
    let index = TermIndex::new(g, src, tgt, true);
    let mut counts: BTreeMap<usize, BTreeMap<String, usize>> = BTreeMap::new();
    for s in site.sources(&[])? {
        let Some(bytes) = site.read(&s)? else {
            continue;
        };
        let doc = site.parse(&s, &bytes)?;
        for seg in doc.segments() {
            for m in index.occurrences(&seg.text) {
                *counts
                    .entry(m.term)
                    .or_default()
                    .entry(m.source)
                    .or_default() += 1;
            }
        }
    }
    Ok(counts)
}

/// Remembers the DeepL glossary id for a glossary's content hash in `.l10n/`.
fn remember_deepl(site: &Site, hash: &str, id: &str) -> Result<(), Failure> {
    let path = site
        .config
        .root
        .join(crate::state::store::DIR)
        .join(crate::site::DEEPL_IDS);
    let mut map = site.deepl_ids()?;
    map.insert(hash.to_owned(), id.to_owned());
    // A map of strings to strings always serializes.
    let text = toml::to_string(&map).unwrap_or_default();
    crate::atomic::write(&path, text.as_bytes()).map_err(|e| IoError::new(&path, &e).into())
}
