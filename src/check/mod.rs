//! The verdict engine `check`, `status` and `translate` share: where each (source,
//! language) pair stands and what is wrong with it, from the files and the state alone
//! (offline, read-only). An untouched post is trusted from its state header.

mod after_run;
mod orphans;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, Failure};
use crate::document::{Document, SegmentId};
use crate::finding::{Finding, Severity};
use crate::plan::{Action, Hold, Memory, Observed, PlanOptions, PostPlan, line_up, plan};
use crate::run::setup::Setup;
use crate::site::Site;
use crate::state::{PostState, SegmentState, Status, file_hash};

pub use after_run::{AfterRun, after_run};
pub use orphans::orphans;

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
#[derive(Debug, Clone)]
pub struct PostReport {
    pub lang: String,
    pub status: PostStatus,
    /// Segments per state, plus `stale` for segments waiting for translation.
    pub counts: BTreeMap<&'static str, usize>,
    pub findings: Vec<Finding>,
}

impl PostReport {
    /// The report of a post that is held, missing or failing for one reason.
    fn stop(&mut self, status: PostStatus, finding: Finding) {
        self.status = status;
        self.findings.push(finding);
    }
}

/// An error-level finding with its message.
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

/// A file of the post that cannot be used, and why.
struct Unusable(String, Failure);

impl Unusable {
    fn of(file: &str) -> impl Fn(Failure) -> Unusable + '_ {
        move |f| Unusable(file.to_owned(), f)
    }
}

/// Unusable input: the finding is the error itself (its own message, at its line), so it
/// reads the same in every UI language and format.
fn invalid(report: &mut PostReport, Unusable(file, why): Unusable) {
    let d: &dyn Diagnostic = why.0.as_ref();
    let args = d.args();
    let line = args
        .iter()
        .find(|(k, _)| *k == "line")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    report.status = PostStatus::Invalid;
    report.findings.push(Finding {
        detail: d.detail().cloned(),
        ..finding(&file, line, "invalid", d.id(), args)
    });
}

/// One (source, language) pair's files and names.
struct Pair<'a> {
    source: &'a Path,
    target: PathBuf,
    src_name: String,
    tgt_name: String,
    lang: String,
}

impl<'a> Pair<'a> {
    fn new(site: &Site, source: &'a Path, lang: &LanguageIdentifier) -> Pair<'a> {
        let target = site.config.target_path(source, lang);
        Pair {
            source,
            src_name: source.display().to_string(),
            tgt_name: target.display().to_string(),
            target,
            lang: lang.to_string(),
        }
    }

    fn report(&self) -> PostReport {
        PostReport {
            lang: self.lang.clone(),
            status: PostStatus::UpToDate,
            counts: BTreeMap::new(),
            findings: Vec::new(),
        }
    }
}

/// The verdict on a post a run has just written, derived from the documents and state it
/// had in memory, with the hashes of the files it was derived from: `check` on the same
/// files would derive the same report, so the run's one-verdict check takes it instead of
/// reading and parsing the post again.
#[derive(Debug, Clone)]
pub struct Derived {
    source_file: String,
    target_file: String,
    header: (String, String, String, usize),
    counts: BTreeMap<Status, usize>,
    report: PostReport,
}

impl Derived {
    /// Whether the files and state header read now are the ones this verdict was derived
    /// from.
    fn fits(&self, header: &crate::state::Header, source_file: &str, target_file: &str) -> bool {
        self.source_file == source_file
            && self.target_file == target_file
            && self.counts == header.counts
            && self.header
                == (
                    header.source_hash.clone(),
                    header.target_hash.clone(),
                    header.qa.clone(),
                    header.qa_findings,
                )
    }
}

/// The verdict `analyze` (without `require_reviewed`) gives `source` once `state` and the
/// English post `target` (`target_bytes` as written) are on disk; `qa`, the findings
/// already computed for `target`. `None` when that verdict needs every post's state (the
/// consistency check of text people wrote, which must see the run's other posts as
/// written): `analyze` derives it after the run.
#[allow(clippy::too_many_arguments)]
pub fn derive(
    site: &Site,
    lang: &LanguageIdentifier,
    setup: &Setup,
    source: &Document,
    source_file: &str,
    state: &PostState,
    target: &Document,
    target_bytes: &[u8],
    qa: Option<&QaDone<'_>>,
) -> Option<Derived> {
    let human = state
        .segments
        .iter()
        .any(|e| matches!(e.state, Status::Edited | Status::Reviewed));
    if human && site.config.qa.level(crate::qa::Check::Consistency) != crate::qa::Level::Off {
        return None;
    }
    let pair = Pair::new(site, Path::new(&state.source), lang);
    // What `check` would refuse to read is left for it to refuse.
    crate::document::decode(&pair.tgt_name, target_bytes).ok()?;
    let mut report = pair.report();
    let whole = Whole {
        source,
        state,
        target,
        qa,
    };
    if let Err(u) = judge(site, &pair, whole, false, setup, &mut report) {
        invalid(&mut report, u);
    }
    Some(Derived {
        source_file: source_file.to_owned(),
        target_file: file_hash(target_bytes),
        header: (
            state.source_hash.clone(),
            state.target_hash.clone(),
            state.qa.clone(),
            state.qa_findings,
        ),
        counts: state.counts.clone(),
        report,
    })
}

/// Where `source`'s English twin into `lang` stands, with every finding.
pub fn analyze(
    site: &Site,
    source: &Path,
    lang: &LanguageIdentifier,
    require_reviewed: bool,
    setup: &Setup,
) -> PostReport {
    analyze_known(site, source, lang, require_reviewed, setup, None)
}

/// [`analyze`], taking the report from `known` when the post's files and state are still
/// the ones it was derived from.
pub fn analyze_known(
    site: &Site,
    source: &Path,
    lang: &LanguageIdentifier,
    require_reviewed: bool,
    setup: &Setup,
    known: Option<&Derived>,
) -> PostReport {
    let pair = Pair::new(site, source, lang);
    let mut report = pair.report();
    let known = known.filter(|_| !require_reviewed);
    if let Err(u) = examine(site, &pair, require_reviewed, setup, known, &mut report) {
        invalid(&mut report, u);
    }
    report
}

fn examine(
    site: &Site,
    pair: &Pair<'_>,
    require_reviewed: bool,
    setup: &Setup,
    known: Option<&Derived>,
    report: &mut PostReport,
) -> Result<(), Unusable> {
    let header = site
        .store
        .load_header(&pair.lang, pair.source)
        .map_err(|e| Unusable(e.path.clone(), e.into()))?;
    let read = |rel: &Path, name: &str| site.read(rel).map_err(|e| Unusable(name.into(), e.into()));
    let Some(source_bytes) = read(pair.source, &pair.src_name)? else {
        return Ok(());
    };
    // A source l10n cannot parse is that error, whatever else is true of the post, as
    // `translate` says (an English post l10n wrote proves its source parsed then).
    let parse_source = || {
        site.parse(pair.source, &source_bytes)
            .map_err(|e| Unusable(pair.src_name.clone(), e.into()))
    };
    let Some(target_bytes) = read(&pair.target, &pair.tgt_name)? else {
        parse_source()?;
        let args = vec![
            ("target", pair.tgt_name.clone()),
            ("lang", pair.lang.clone()),
        ];
        let f = finding(&pair.src_name, 0, "missing", "check-missing", args);
        report.stop(PostStatus::Missing, f);
        return Ok(());
    };
    let Some(header) = header else {
        parse_source()?;
        let f = finding(&pair.tgt_name, 0, "untracked", "check-untracked", vec![]);
        report.stop(PostStatus::Held, f);
        return Ok(());
    };
    // Fast path: both files exactly as l10n last left them, and nothing in the header that
    // needs a line number.
    let (source_file, target_file) = (file_hash(&source_bytes), file_hash(&target_bytes));
    let up_to_date = header.source_hash == source_file && header.target_hash == target_file;
    let noteworthy = header.count(Status::StaleEdited)
        + header.count(Status::Untranslated)
        + header.count(Status::Flagged)
        > 0
        || (site.config.qa.level(crate::qa::Check::Pseudo) != crate::qa::Level::Off
            && header.count(Status::Pseudo) > 0)
        || (require_reviewed && header.count(Status::Machine) + header.count(Status::Pseudo) > 0);
    if up_to_date && !noteworthy && header.qa == setup.fingerprint && header.qa_findings == 0 {
        for (s, n) in &header.counts {
            report.counts.insert(s.as_str(), *n);
        }
        return Ok(());
    }
    if let Some(k) = known.filter(|k| k.fits(&header, &source_file, &target_file)) {
        *report = k.report.clone();
        return Ok(());
    }
    let state = match site.store.load(&pair.lang, pair.source) {
        Ok(Some(s)) => s,
        Ok(None) => return Ok(()),
        Err(e) => return Err(Unusable(e.path.clone(), e.into())),
    };
    let source = parse_source()?;
    let target = site
        .parse(&pair.target, &target_bytes)
        .map_err(|e| Unusable(pair.tgt_name.clone(), e.into()))?;
    let whole = Whole {
        source: &source,
        state: &state,
        target: &target,
        qa: None,
    };
    judge(site, pair, whole, require_reviewed, setup, report)
}

/// A tracked post read whole: its source, state and English post, and the QA findings
/// already computed for that English post, if any.
struct Whole<'a> {
    source: &'a Document,
    state: &'a PostState,
    target: &'a Document,
    qa: Option<&'a QaDone<'a>>,
}

/// QA findings of an English post (`qa::check_post`), with the (position, source
/// segment, state) pairs they were computed for: reused when the check pairs the same.
pub struct QaDone<'a> {
    pub pairs: &'a [(usize, &'a crate::document::Segment, Status)],
    pub findings: &'a [Finding],
}

impl QaDone<'_> {
    fn fits(&self, pairs: &[(usize, &crate::document::Segment, Status)]) -> bool {
        self.pairs.len() == pairs.len()
            && self
                .pairs
                .iter()
                .zip(pairs)
                .all(|(a, b)| a.0 == b.0 && a.1.id == b.1.id && a.2 == b.2)
    }
}

/// The verdict on a tracked post read whole.
fn judge(
    site: &Site,
    pair: &Pair<'_>,
    whole: Whole<'_>,
    require_reviewed: bool,
    setup: &Setup,
    report: &mut PostReport,
) -> Result<(), Unusable> {
    let post = Post::new(whole.source, whole.state, whole.target, setup, whole.qa);
    if post.plan.hold == Some(Hold::Misaligned) {
        let f = finding(
            &pair.tgt_name,
            post.plan.hold_line,
            "needs-review",
            "check-misaligned",
            vec![],
        );
        report.stop(PostStatus::Held, f);
        return Ok(());
    }
    post.report(site, pair, require_reviewed, setup, report)
}

/// A tracked post read whole: its plan (what a run would do) and its English lined up with
/// the state.
struct Post<'a> {
    source: &'a Document,
    target: &'a Document,
    qa_done: Option<&'a QaDone<'a>>,
    plan: PostPlan,
    observed: Observed,
    /// Each entry's position in the state's order, for its line in the English post.
    position: HashMap<SegmentId, usize>,
}

impl<'a> Post<'a> {
    fn new(
        source: &'a Document,
        state: &PostState,
        target: &'a Document,
        setup: &Setup,
        qa_done: Option<&'a QaDone<'a>>,
    ) -> Post<'a> {
        let plan = plan(
            source,
            Some(state),
            Some(target),
            &Memory::default(),
            &|text: &str| setup.terms(text),
            PlanOptions::default(),
        );
        let observed = line_up(state, target);
        let mut position: HashMap<SegmentId, usize> = observed
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        // A kept edit whose Korean changed carries the new id: its line is the entry it
        // continues.
        for (a, c) in plan.actions.iter().zip(&plan.continues) {
            if let (Action::Keep(e), Some(i)) = (a, c) {
                position.entry(e.id.clone()).or_insert(*i);
            }
        }
        Post {
            source,
            target,
            qa_done,
            plan,
            observed,
            position,
        }
    }

    /// Where entry `id` stands in the English post (0 when it is not there).
    fn target_line(&self, id: &SegmentId) -> usize {
        self.position
            .get(id)
            .and_then(|&i| self.observed.target(self.target, i))
            .map_or(0, |s| s.line)
    }

    fn report(
        &self,
        site: &Site,
        pair: &Pair<'_>,
        require_reviewed: bool,
        setup: &Setup,
        report: &mut PostReport,
    ) -> Result<(), Unusable> {
        let kept: Vec<SegmentState> = self
            .plan
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Keep(e) => Some(e.clone()),
                _ => None,
            })
            .collect();
        self.stale(pair, report);
        let line = |id: &SegmentId| self.target_line(id);
        account(report, &kept, &line, require_reviewed, &pair.tgt_name);
        let level = site.config.qa.level(crate::qa::Check::Pseudo);
        report.findings.extend(crate::qa::posts::pseudo(
            &pair.tgt_name,
            &kept,
            &line,
            level,
        ));
        if self.observed.conflict.is_none() {
            let found = self.qa(site, pair, setup)?;
            if found.iter().any(|f| f.severity == Severity::Error)
                && report.status == PostStatus::UpToDate
            {
                report.status = PostStatus::Failing;
            }
            report.findings.extend(found);
        }
        Ok(())
    }

    /// Segments waiting for a translation, and state entries whose source is gone.
    fn stale(&self, pair: &Pair<'_>, report: &mut PostReport) {
        for (seg, action) in self.source.segments().iter().zip(&self.plan.actions) {
            let Action::Send { previous } = action else {
                continue;
            };
            report.status = PostStatus::Stale;
            // A flagged translation is in the post: QA reports its problems.
            if previous
                .as_ref()
                .is_some_and(|p| p.state == Status::Flagged)
            {
                continue;
            }
            *report.counts.entry("stale").or_default() += 1;
            let tline = previous.as_ref().map_or(0, |p| self.target_line(&p.id));
            // Waiting for a retry rather than for new text: say which.
            let message = match previous.as_ref().map(|p| p.state) {
                Some(Status::Untranslated) => "check-untranslated",
                _ => "check-stale",
            };
            let args = vec![
                ("target", pair.tgt_name.clone()),
                ("target_line", tline.to_string()),
            ];
            let mut f = finding(&pair.src_name, seg.line, "stale", message, args);
            f.segment = Some(seg.id.clone());
            report.findings.push(f);
        }
        if self.plan.removed > 0 {
            let args = vec![
                ("count", self.plan.removed.to_string()),
                ("source", pair.src_name.clone()),
            ];
            let f = finding(&pair.tgt_name, 0, "stale", "check-removed", args);
            report.stop(PostStatus::Stale, f);
        }
    }

    /// The QA findings of the English post, cross-post consistency included.
    fn qa(&self, site: &Site, pair: &Pair<'_>, setup: &Setup) -> Result<Vec<Finding>, Unusable> {
        let ctx = setup.qa(site);
        let pairs: Vec<_> = self
            .observed
            .entries
            .iter()
            .zip(&self.observed.target_index)
            .filter_map(|(e, t)| Some((*t.as_ref()?, self.source.segment(&e.id)?, e.state)))
            .collect();
        let mut found = match self.qa_done.filter(|d| d.fits(&pairs)) {
            Some(done) => done.findings.to_vec(),
            None => crate::qa::check_post(&ctx, &pair.tgt_name, self.source, self.target, &pairs),
        };
        // Translation memory keeps machine text consistent by construction; what people
        // wrote (edited, reviewed) is what can diverge, and only then are all posts read.
        let human = pairs
            .iter()
            .any(|(_, _, st)| matches!(st, Status::Edited | Status::Reviewed));
        if human && site.config.qa.level(crate::qa::Check::Consistency) != crate::qa::Level::Off {
            let all = setup
                .translations(site)
                .map_err(Unusable::of(&pair.tgt_name))?;
            found.extend(crate::qa::posts::consistency(
                &ctx,
                &pair.tgt_name,
                self.target,
                &pairs,
                all,
            ));
        }
        Ok(found)
    }
}

/// Counts states and reports stale edits (and unreviewed text when asked).
fn account(
    report: &mut PostReport,
    entries: &[SegmentState],
    target_line: &dyn Fn(&SegmentId) -> usize,
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
