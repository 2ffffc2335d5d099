//! `l10n status [PATHS...]`: a table of posts and where their translations stand.

use std::path::PathBuf;
use std::process::ExitCode;

use super::site::Site;
use super::{Ctx, Failure, print};
use crate::check::{PostStatus, analyze, sources_to_check};
use crate::diag::Diagnostic;
use crate::finding::Finding;
use crate::run::setup::Setup;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source posts (default: all).
    paths: Vec<PathBuf>,
    /// Only this target language.
    #[arg(long, value_name = "LANG")]
    to: Option<String>,
}

const COLUMNS: [&str; 6] = [
    "pseudo",
    "machine",
    "reviewed",
    "edited",
    "stale-edited",
    "stale",
];

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let site = Site::open(ctx.config.as_deref())?;
    let sources = sources_to_check(&site, &args.paths)?;
    let langs = site.langs(args.to.as_deref())?;
    let glossary = site.glossary()?;
    let mut rows = Vec::new();
    let mut reasons = Vec::new();
    for lang in &langs {
        let setup = Setup::new(&site, &glossary, lang);
        for s in &sources {
            let r = analyze(&site, s, lang, false, &setup);
            if r.status == PostStatus::Invalid {
                reasons.extend(r.findings.iter().cloned().map(Reason));
            }
            let mut row = vec![
                s.display().to_string(),
                r.lang.clone(),
                ctx.msgs.format(r.status.message_id(), &[]),
            ];
            row.extend(
                COLUMNS
                    .iter()
                    .map(|c| r.counts.get(c).copied().unwrap_or(0).to_string()),
            );
            rows.push(row);
        }
    }
    let mut header = vec![
        ctx.msgs.format("status-col-post", &[]),
        ctx.msgs.format("status-col-lang", &[]),
        ctx.msgs.format("status-col-status", &[]),
    ];
    header.extend(
        COLUMNS
            .iter()
            .map(|c| ctx.msgs.format(&format!("status-col-{c}"), &[])),
    );
    print(&table(&header, &rows))?;
    let invalid = !reasons.is_empty();
    for r in reasons {
        ctx.error(&r.into());
    }
    Ok(if !invalid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Why a post is `invalid` (an unreadable file or state), printed below the table.
struct Reason(Finding);

impl Diagnostic for Reason {
    fn id(&self) -> &'static str {
        self.0.message
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        self.0.args.clone()
    }
    fn detail(&self) -> Option<&crate::diag::Detail> {
        self.0.detail.as_ref()
    }
}

/// Left-aligned columns padded by display width (Hangul is two columns wide).
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let width = unicode_width::UnicodeWidthStr::width;
    let mut widths: Vec<usize> = header.iter().map(|h| width(h.as_str())).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c.as_str()));
        }
    }
    let mut out = String::new();
    for r in std::iter::once(header).chain(rows.iter().map(|r| r.as_slice())) {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - width(c.as_str()))))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_headers_line_up_by_display_width() {
        let msgs = crate::i18n::Messages::get(crate::i18n::UiLang::Ko);
        let header: Vec<String> = ["status-col-post", "status-col-stale"]
            .iter()
            .map(|id| msgs.format(id, &[]))
            .collect();
        assert_eq!(header, ["글", "갱신 필요"]);
        let t = table(&header, &[vec!["posts/a.md".into(), "3".into()]]);
        assert_eq!(t, "글          갱신 필요\nposts/a.md  3\n");
    }
}
