//! `l10n check [PATHS...] [--format human|json|github] [--require-reviewed]`: the CI gate.
//! Offline and read-only; exit 0 clean, 1 findings, 2 error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use unic_langid::LanguageIdentifier;

use super::site::Site;
use super::{Ctx, Failure, print};
use crate::diag::Diagnostic;
use crate::finding::{Finding, Severity};
use crate::plan::{Action, Hold, Memory, PlanOptions, line_up, plan};
use crate::report::{Github, Human, Json, Report};
use crate::state::{Status, file_hash};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source posts (default: all).
    paths: Vec<PathBuf>,
    /// Only this target language.
    #[arg(long, value_name = "LANG")]
    to: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also report segments nobody has reviewed or edited.
    #[arg(long)]
    require_reviewed: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

/// Where one target post stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PostStatus {
    UpToDate,
    Stale,
    Missing,
    Held,
    Invalid,
    /// Up to date, with QA errors.
    Failing,
}

impl PostStatus {
    pub fn message_id(self) -> &'static str {
        match self {
            PostStatus::UpToDate => "status-up-to-date",
            PostStatus::Stale => "status-stale",
            PostStatus::Missing => "status-missing",
            PostStatus::Held => "status-held",
            PostStatus::Invalid => "status-invalid",
            PostStatus::Failing => "status-failing",
        }
    }
}

/// The analysis of one (source, language) pair, shared by `check` and `status`.
pub struct PostReport {
    pub lang: String,
    pub status: PostStatus,
    /// Segments per state, plus `stale` for segments waiting for translation.
    pub counts: BTreeMap<&'static str, usize>,
    pub findings: Vec<Finding>,
}

fn finding(
    file: &str,
    line: usize,
    code: &'static str,
    message: &'static str,
    args: Vec<(&'static str, String)>,
) -> Finding {
    Finding {
        file: file.to_owned(),
        line,
        segment: None,
        code,
        severity: Severity::Error,
        message,
        args,
        detail: None,
    }
}

/// What QA at check time needs for one target language.
pub struct QaSetup {
    pub index: crate::glossary::TermIndex,
    pub fingerprint: String,
    /// Normalized source → (translation, target file) over every post, loaded on first need.
    translations: std::sync::OnceLock<std::collections::HashMap<String, Vec<(String, String)>>>,
}

impl QaSetup {
    pub fn new(
        site: &Site,
        glossary: &crate::glossary::Glossary,
        lang: &LanguageIdentifier,
    ) -> QaSetup {
        QaSetup {
            index: crate::glossary::TermIndex::new(
                glossary,
                site.config.source_lang.language.as_str(),
                lang.language.as_str(),
                true,
            ),
            fingerprint: site.qa_fingerprint(),
            translations: std::sync::OnceLock::new(),
        }
    }

    fn translations(
        &self,
        site: &Site,
        lang: &str,
    ) -> &std::collections::HashMap<String, Vec<(String, String)>> {
        self.translations.get_or_init(|| {
            let mut map: std::collections::HashMap<String, Vec<(String, String)>> =
                Default::default();
            for (_, st) in site.store.all().unwrap_or_default() {
                if st.lang != lang {
                    continue;
                }
                for e in &st.segments {
                    if e.state == Status::Pseudo || e.state == Status::StaleEdited {
                        continue;
                    }
                    map.entry(crate::document::normalize(&e.source))
                        .or_default()
                        .push((e.target.clone(), st.target.clone()));
                }
            }
            map
        })
    }
}

pub fn analyze(
    site: &Site,
    source: &Path,
    lang: &LanguageIdentifier,
    require_reviewed: bool,
    qa: &QaSetup,
) -> PostReport {
    let lang_s = lang.to_string();
    let target_rel = site.config.target_path(source, lang);
    let src_name = source.display().to_string();
    let tgt_name = target_rel.display().to_string();
    let mut report = PostReport {
        lang: lang_s.clone(),
        status: PostStatus::UpToDate,
        counts: BTreeMap::new(),
        findings: Vec::new(),
    };
    // Unusable input: the finding is the error itself (its own message, at its line), so it
    // reads the same in every UI language and format.
    let invalid = |mut report: PostReport, file: &str, d: &dyn Diagnostic| {
        report.status = PostStatus::Invalid;
        let args = d.args();
        let line = args
            .iter()
            .find(|(k, _)| *k == "line")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        report.findings.push(Finding {
            detail: d.detail().cloned(),
            ..finding(file, line, "invalid", d.id(), args)
        });
        report
    };
    let header = match site.store.load_header(&lang_s, source) {
        Ok(h) => h,
        Err(e) => return invalid(report, &e.path.clone(), &e),
    };
    let source_bytes = match site.read(source) {
        Ok(Some(b)) => b,
        Ok(None) => return report,
        Err(e) => return invalid(report, &src_name, &e),
    };
    let target_bytes = match site.read(&target_rel) {
        Ok(b) => b,
        Err(e) => return invalid(report, &tgt_name, &e),
    };
    let Some(target_bytes) = target_bytes else {
        report.status = PostStatus::Missing;
        report.findings.push(finding(
            &src_name,
            0,
            "missing",
            "check-missing",
            vec![("target", tgt_name), ("lang", lang_s)],
        ));
        return report;
    };
    let Some(header) = header else {
        report.status = PostStatus::Held;
        report.findings.push(finding(
            &tgt_name,
            0,
            "untracked",
            "check-untracked",
            vec![],
        ));
        return report;
    };
    let up_to_date = header.source_hash == file_hash(&source_bytes)
        && header.target_hash == file_hash(&target_bytes);
    // Fast path: both files exactly as l10n last left them, and nothing in the header that
    // needs a line number.
    let pseudo_level = site.config.qa.level("pseudo");
    let noteworthy = header.count(Status::StaleEdited)
        + header.count(Status::Untranslated)
        + header.count(Status::Flagged)
        > 0
        || (pseudo_level != crate::qa::Level::Off && header.count(Status::Pseudo) > 0)
        || (require_reviewed && header.count(Status::Machine) + header.count(Status::Pseudo) > 0);
    if up_to_date && !noteworthy && header.qa == qa.fingerprint && header.qa_findings == 0 {
        for (s, n) in &header.counts {
            report.counts.insert(s.as_str(), *n);
        }
        return report;
    }
    let state = match site.store.load(&lang_s, source) {
        Ok(Some(s)) => s,
        Ok(None) => return report,
        Err(e) => return invalid(report, &e.path.clone(), &e),
    };
    let source_doc = match site.parse(source, &source_bytes) {
        Ok(d) => d,
        Err(e) => return invalid(report, &src_name, &e),
    };
    let target_doc = match site.parse(&target_rel, &target_bytes) {
        Ok(d) => d,
        Err(e) => return invalid(report, &tgt_name, &e),
    };
    let p = plan(
        &source_doc,
        Some(&state),
        Some(&target_doc),
        &Memory::default(),
        &|text: &str| crate::state::terms_hash(&qa.index.pairs_for(text)),
        PlanOptions::default(),
    );
    if p.hold == Some(Hold::Misaligned) {
        report.status = PostStatus::Held;
        report.findings.push(finding(
            &tgt_name,
            p.hold_line,
            "needs-review",
            "check-misaligned",
            vec![],
        ));
        return report;
    }
    let observed = line_up(&state, &target_doc);
    let entries = observed.entries.clone();
    let mut position: std::collections::HashMap<&crate::document::SegmentId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    // A kept edit whose Korean changed carries the new id: its line is the entry it continues.
    for (a, c) in p.actions.iter().zip(&p.continues) {
        if let (Action::Keep(e), Some(i)) = (a, c) {
            position.entry(&e.id).or_insert(*i);
        }
    }
    let target_line = |id: &crate::document::SegmentId| {
        position
            .get(id)
            .and_then(|&i| observed.target(&target_doc, i))
            .map_or(0, |s| s.line)
    };
    let kept: Vec<_> = p
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Keep(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    for (seg, action) in source_doc.segments().iter().zip(&p.actions) {
        if let Action::Send { previous } = action {
            report.status = PostStatus::Stale;
            // A flagged translation is in the post: QA below reports its problems.
            if previous
                .as_ref()
                .is_some_and(|p| p.state == Status::Flagged)
            {
                continue;
            }
            *report.counts.entry("stale").or_default() += 1;
            let tline = previous.as_ref().map_or(0, |p| target_line(&p.id));
            // Waiting for a retry rather than for new text: say which.
            let (code, message) = match previous.as_ref().map(|p| p.state) {
                Some(Status::Untranslated) => ("stale", "check-untranslated"),
                _ => ("stale", "check-stale"),
            };
            let mut f = finding(
                &src_name,
                seg.line,
                code,
                message,
                vec![
                    ("target", tgt_name.clone()),
                    ("target_line", tline.to_string()),
                ],
            );
            f.segment = Some(seg.id.clone());
            report.findings.push(f);
        }
    }
    if p.removed > 0 {
        report.status = PostStatus::Stale;
        report.findings.push(finding(
            &tgt_name,
            0,
            "stale",
            "check-removed",
            vec![
                ("count", p.removed.to_string()),
                ("source", src_name.clone()),
            ],
        ));
    }
    account(
        &mut report,
        &kept,
        &target_line,
        require_reviewed,
        &tgt_name,
    );
    placeholders(&mut report, &kept, &target_line, &tgt_name, pseudo_level);
    if observed.conflict.is_none() {
        let ctx = crate::qa::Context {
            config: &site.config.qa,
            glossary: &qa.index,
            source_lang: site.config.source_lang.language.as_str(),
            target_lang: lang.language.as_str(),
        };
        let pairs: Vec<_> = entries
            .iter()
            .zip(&observed.target_index)
            .filter_map(|(e, t)| Some((*t.as_ref()?, source_doc.segment(&e.id)?, e.state)))
            .collect();
        let mut found = crate::qa::check_post(&ctx, &tgt_name, &source_doc, &target_doc, &pairs);
        // Translation memory keeps machine text consistent by construction; what people
        // wrote (edited, reviewed) is what can diverge, and only then are all posts read.
        let human = pairs
            .iter()
            .any(|(_, _, st)| matches!(st, Status::Edited | Status::Reviewed));
        if human && site.config.qa.level("consistency") != crate::qa::Level::Off {
            let all = qa.translations(site, &lang_s);
            for (i, src, status) in &pairs {
                let (Some(t), false) = (target_doc.segments().get(*i), *status == Status::Pseudo)
                else {
                    continue;
                };
                let Some(others) = all.get(&crate::document::normalize(&src.text)) else {
                    continue;
                };
                let others: Vec<_> = others
                    .iter()
                    .filter(|(_, f)| *f != tgt_name)
                    .cloned()
                    .collect();
                found.extend(crate::qa::consistency(
                    &ctx, &tgt_name, t.line, src, &t.text, &others,
                ));
            }
        }
        if found.iter().any(|f| f.severity == Severity::Error)
            && report.status == PostStatus::UpToDate
        {
            report.status = PostStatus::Failing;
        }
        report.findings.extend(found);
    }
    report
}

/// Counts states and reports stale edits (and unreviewed text when asked).
fn account(
    report: &mut PostReport,
    entries: &[crate::state::SegmentState],
    target_line: &dyn Fn(&crate::document::SegmentId) -> usize,
    require_reviewed: bool,
    tgt_name: &str,
) {
    for e in entries {
        *report.counts.entry(e.state.as_str()).or_default() += 1;
        let line = target_line(&e.id);
        let (code, message) = match e.state {
            Status::StaleEdited => ("stale-edited", "check-stale-edited"),
            Status::Untranslated => ("stale", "check-untranslated"),
            Status::Machine | Status::Pseudo if require_reviewed => {
                ("unreviewed", "check-unreviewed")
            }
            _ => continue,
        };
        if matches!(
            e.state,
            Status::StaleEdited | Status::Untranslated | Status::Flagged
        ) && report.status == PostStatus::UpToDate
        {
            report.status = PostStatus::Stale;
        }
        let mut f = finding(
            tgt_name,
            line,
            code,
            message,
            vec![("state", e.state.as_str().to_owned())],
        );
        f.segment = Some(e.id.clone());
        report.findings.push(f);
    }
}

/// One finding per post that still holds placeholder (pseudo) text: it reads like English
/// but is not a translation.
fn placeholders(
    report: &mut PostReport,
    entries: &[crate::state::SegmentState],
    target_line: &dyn Fn(&crate::document::SegmentId) -> usize,
    tgt_name: &str,
    level: crate::qa::Level,
) {
    let severity = match level {
        crate::qa::Level::Off => return,
        crate::qa::Level::Warning => Severity::Warning,
        crate::qa::Level::Error => Severity::Error,
    };
    let pseudo: Vec<_> = entries
        .iter()
        .filter(|e| e.state == Status::Pseudo)
        .collect();
    let Some(first) = pseudo.first() else {
        return;
    };
    let line = target_line(&first.id).max(1);
    let mut f = finding(
        tgt_name,
        line,
        "pseudo",
        "check-pseudo",
        vec![
            ("count", pseudo.len().to_string()),
            ("total", entries.len().to_string()),
        ],
    );
    f.severity = severity;
    report.findings.push(f);
}

/// State files and English posts whose Korean source is gone.
pub fn orphans(site: &Site, langs: &[LanguageIdentifier], sources: &[PathBuf]) -> Vec<Finding> {
    let mut out = Vec::new();
    // A state file's path names its source: no need to read it.
    let gone: Vec<(PathBuf, PathBuf)> = site
        .store
        .files()
        .into_iter()
        .filter(|(_, source)| !site.config.root.join(source).exists())
        .collect();
    // Renamed posts: old source → (new source, new target, old target). Read only when
    // something is orphaned.
    let mut moved: std::collections::HashMap<String, (String, String, String)> = Default::default();
    if !gone.is_empty() {
        let states = site.store.all().unwrap_or_default();
        for (_, st) in &states {
            let Some(from) = &st.renamed_from else {
                continue;
            };
            let old_target = states
                .iter()
                .find(|(_, o)| &o.source == from && o.lang == st.lang)
                .map(|(_, o)| o.target.clone())
                .unwrap_or_default();
            moved.insert(
                from.clone(),
                (st.source.clone(), st.target.clone(), old_target),
            );
        }
    }
    for (path, source) in &gone {
        let source = source.display().to_string();
        match moved.get(&source) {
            Some((new_source, new_target, _)) => {
                let mut f = finding(
                    &path.display().to_string(),
                    0,
                    "moved",
                    "check-moved-state",
                    vec![
                        ("source", source.clone()),
                        ("new_source", new_source.clone()),
                        ("new_target", new_target.clone()),
                    ],
                );
                f.severity = Severity::Warning;
                out.push(f);
            }
            None => out.push(finding(
                &path.display().to_string(),
                0,
                "orphan",
                "check-orphan-state",
                vec![("source", source)],
            )),
        }
    }
    let moved_targets: std::collections::HashMap<&str, &str> = moved
        .values()
        .map(|(_, new_target, old_target)| (old_target.as_str(), new_target.as_str()))
        .collect();
    for lang in langs {
        let expected: std::collections::HashSet<PathBuf> = sources
            .iter()
            .map(|s| site.config.target_path(s, lang))
            .collect();
        let template = site.config.target.replace("{lang}", &lang.to_string());
        let dir: PathBuf = Path::new(&template)
            .components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains('{'))
            .collect();
        let Ok(entries) = std::fs::read_dir(site.config.root.join(&dir)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| dir.join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown"))
            .collect();
        files.sort();
        for f in files {
            if expected.contains(&f) || site.config.is_source(&f) {
                continue;
            }
            let name = f.display().to_string();
            match moved_targets.get(name.as_str()) {
                Some(new_target) => {
                    let mut m = finding(
                        &name,
                        0,
                        "moved",
                        "check-moved-target",
                        vec![("new_target", (*new_target).to_owned())],
                    );
                    m.severity = Severity::Warning;
                    out.push(m);
                }
                None => out.push(finding(&name, 0, "orphan", "check-orphan-target", vec![])),
            }
        }
    }
    out
}

/// Neither an l10n.toml nor a source post where the command ran: most likely a CI job in
/// the wrong folder, which must not pass as "0 posts checked".
#[derive(Debug)]
pub struct NothingToCheck {
    dir: String,
    sources: String,
}

impl Diagnostic for NothingToCheck {
    fn id(&self) -> &'static str {
        "err-nothing-to-check"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("config", crate::config::FILE_NAME.to_owned()),
            ("dir", self.dir.clone()),
            ("sources", self.sources.clone()),
        ]
    }
}

/// Posts whose files or state could not be read: the report names each; this says on
/// stderr why the exit code is 2.
#[derive(Debug)]
struct Unchecked {
    count: usize,
    posts: usize,
}

impl Diagnostic for Unchecked {
    fn id(&self) -> &'static str {
        "err-unchecked-posts"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("count", self.count.to_string()),
            ("posts", self.posts.to_string()),
        ]
    }
}

/// The source posts `check` and `status` report on; an error when there is nothing at all
/// (no l10n.toml, no posts, no state).
pub fn sources_to_check(site: &Site, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let sources = site.sources(paths)?;
    // A repository without l10n.toml still has `.l10n/` once translated (its states may
    // all be orphans now): only a folder with neither is "nothing".
    let tool_dir = site.config.root.join(crate::state::store::DIR);
    if sources.is_empty() && site.config.file.is_none() && !tool_dir.exists() {
        return Err(NothingToCheck {
            dir: site.cwd.display().to_string(),
            sources: site.config.sources.join(", "),
        }
        .into());
    }
    Ok(sources)
}

/// When posts are missing or stale while batch jobs are pending: which jobs, and how the
/// results come in (the jobs' records do not say which finding is whose).
fn batch_note(ctx: &Ctx, site: &Site, findings: &[Finding]) {
    if !findings.iter().any(|f| f.severity == Severity::Error) {
        return;
    }
    let store = crate::batch::store::Store::new(&site.config.root);
    let pending: Vec<String> = store
        .jobs()
        .unwrap_or_default()
        .into_iter()
        .filter(|j| !j.collected)
        .map(|j| j.id)
        .collect();
    if !pending.is_empty() {
        ctx.note(
            "check-batch-pending",
            &[
                ("jobs", pending.len().to_string()),
                ("ids", pending.join(", ")),
            ],
        );
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    let sources = sources_to_check(&site, &args.paths)?;
    let langs = site.langs(args.to.as_deref())?;
    let glossary = site.glossary()?;
    let mut findings = Vec::new();
    let mut posts = 0;
    // A post whose files cannot be read is an input error (exit 2), reported with the
    // findings of every other post.
    let mut invalid = 0;
    for lang in &langs {
        let qa = QaSetup::new(&site, &glossary, lang);
        for s in &sources {
            posts += 1;
            let report = analyze(&site, s, lang, args.require_reviewed, &qa);
            invalid += usize::from(report.status == PostStatus::Invalid);
            findings.extend(report.findings);
        }
    }
    if args.paths.is_empty() {
        findings.extend(orphans(&site, &langs, &sources));
    }
    let text = match args.format {
        Format::Human => Human {
            msgs: ctx.msgs,
            color: ctx.color_stdout,
        }
        .render(&findings, posts),
        Format::Json => Json.render(&findings, posts),
        Format::Github => Github.render(&findings, posts),
    };
    print(&text)?;
    batch_note(ctx, &site, &findings);
    Ok(if invalid > 0 {
        ctx.error(
            &Unchecked {
                count: invalid,
                posts,
            }
            .into(),
        );
        ExitCode::from(2)
    } else if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
