//! The one verdict of a run: what `check` says of the posts `translate` touched is what
//! the run reports and exits with.

use crate::diag::Failure;
use crate::finding::{Finding, Severity};
use crate::run::Summary;
use crate::run::setup::Setup;
use crate::site::Site;

use super::{PostStatus, analyze_known, orphans};

/// The check of a run's posts, as the run's summary counts it.
pub struct AfterRun {
    pub findings: Vec<Finding>,
    /// Posts that were already up to date (not written by the run, no segment failed).
    pub current: usize,
    /// Findings a person must look at: they make the run exit 1.
    pub need_review: usize,
}

/// Checks the posts of `run` with the run's own setups and the verdicts it derived while
/// it had them in memory; `whole_site` (no paths given) adds the orphaned states and posts.
pub fn after_run(site: &Site, run: &Summary, whole_site: bool) -> Result<AfterRun, Failure> {
    let mut findings = Vec::new();
    let mut up_to_date: usize = 0;
    for lang in &run.langs {
        let own;
        let setup = match run.verdicts.setup(lang) {
            Some(s) => s,
            None => {
                own = Setup::new(site, &site.glossary()?, lang);
                &own
            }
        };
        for s in &run.sources {
            let known = run.verdicts.derived(lang, s);
            let report = analyze_known(site, s, lang, false, setup, known);
            let failed = run
                .failed_posts
                .contains(&(lang.to_string(), s.to_path_buf()));
            if report.status == PostStatus::UpToDate && !failed {
                up_to_date += 1;
            }
            findings.extend(report.findings);
        }
    }
    if whole_site {
        findings.extend(orphans(site, &run.langs, &run.sources)?);
    }
    let need_review = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(AfterRun {
        findings,
        current: up_to_date.saturating_sub(run.written),
        need_review,
    })
}
