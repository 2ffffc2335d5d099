//! Report formats for findings, behind one trait: human, JSON, GitHub workflow commands.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::i18n::Messages;

pub trait Report {
    /// The whole report for `findings` over `posts` checked posts.
    fn render(&self, findings: &[Finding], posts: usize) -> String;
}

/// `posts/en/a.md:12: error[stale]: …`, then a summary line; localized.
pub struct Human {
    pub msgs: &'static Messages,
    pub color: bool,
}

/// A JSON document for tools; messages in English so the output is stable.
pub struct Json;

/// `::error file=…,line=…,title=…::…` lines that GitHub Actions turns into annotations.
pub struct Github;

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Ignored => "notice",
    }
}

impl Human {
    /// One `path:line: severity[check]: message` line per finding, without the summary:
    /// what `translate` prints of the verdict `check` will give.
    pub fn lines(&self, findings: &[Finding]) -> String {
        findings
            .iter()
            .map(|f| format!("{}\n", self.line(f)))
            .collect()
    }

    /// One finding as `path:line: severity[check]: message`, the one format every view
    /// (check, translate, review, diff) prints.
    pub fn line(&self, f: &Finding) -> String {
        let loc = if f.line > 0 {
            format!("{}:{}", f.file, f.line)
        } else {
            f.file.clone()
        };
        let sev = self.msgs.format(
            match f.severity {
                Severity::Error => "label-error",
                Severity::Warning => "label-warning",
                Severity::Ignored => "label-ignored",
            },
            &[],
        );
        let sev = match (self.color, f.severity) {
            (true, Severity::Error) => format!("\x1b[1;31m{sev}\x1b[0m"),
            (true, Severity::Warning) => format!("\x1b[1;33m{sev}\x1b[0m"),
            (true, Severity::Ignored) => format!("\x1b[2m{sev}\x1b[0m"),
            (false, _) => sev,
        };
        let message = self.msgs.diagnostic(f);
        match own_location(&f.file, &message) {
            Some((loc, what)) => format!("{loc}: {sev}[{}]: {what}", f.code),
            None => format!("{loc}: {sev}[{}]: {message}", f.code),
        }
    }
}

/// An input error framed as a finding begins with its own `file:line[:column]`: said once,
/// in front, as the finding's location (`posts/a.md:2:8: error[invalid]: …`).
fn own_location<'m>(file: &str, message: &'m str) -> Option<(&'m str, &'m str)> {
    let rest = message.strip_prefix(file)?.strip_prefix(':')?;
    let end = rest.find(": ")?;
    let numbers = rest[..end]
        .split(':')
        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbers.then(|| (&message[..file.len() + 1 + end], &rest[end + 2..]))
}

impl Report for Human {
    fn render(&self, findings: &[Finding], posts: usize) -> String {
        let mut out = self.lines(findings);
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        out.push_str(&self.msgs.format(
            "check-summary",
            &[
                ("posts", posts.to_string()),
                ("errors", errors.to_string()),
                ("warnings", (findings.len() - errors).to_string()),
            ],
        ));
        out.push('\n');
        out
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    line: usize,
    segment: Option<&'a str>,
    code: &'a str,
    severity: Severity,
    message: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    posts: usize,
    errors: usize,
    warnings: usize,
    findings: Vec<JsonFinding<'a>>,
}

impl Report for Json {
    fn render(&self, findings: &[Finding], posts: usize) -> String {
        let en = Messages::english();
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let report = JsonReport {
            posts,
            errors,
            warnings: findings.len() - errors,
            findings: findings
                .iter()
                .map(|f| JsonFinding {
                    file: &f.file,
                    line: f.line,
                    segment: f.segment.as_ref().map(|s| s.0.as_str()),
                    code: f.code,
                    severity: f.severity,
                    message: en.diagnostic(f),
                })
                .collect(),
        };
        // Strings, numbers and lists only: serializing them cannot fail.
        let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Workflow-command escaping: `%`, CR and LF in data; also `:` and `,` in properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Report for Github {
    fn render(&self, findings: &[Finding], _posts: usize) -> String {
        let en = Messages::english();
        let mut out = String::new();
        for f in findings {
            let mut props = format!("file={}", escape_property(&f.file));
            if f.line > 0 {
                props.push_str(&format!(",line={}", f.line));
            }
            props.push_str(&format!(
                ",title={}",
                escape_property(&format!("l10n {}", f.code))
            ));
            out.push_str(&format!(
                "::{} {props}::{}\n",
                severity_word(f.severity),
                escape_data(&en.diagnostic(f))
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::own_location;

    #[test]
    fn a_message_that_names_its_own_place_gives_it_once() {
        let m = "posts/c.md:2:8: invalid YAML in front matter: x: y";
        assert_eq!(
            own_location("posts/c.md", m),
            Some(("posts/c.md:2:8", "invalid YAML in front matter: x: y"))
        );
        assert_eq!(
            own_location("posts/b.md", "posts/b.md:1: never closed"),
            Some(("posts/b.md:1", "never closed"))
        );
        // Another file, no line, or words where the line goes: the message as it is.
        assert_eq!(own_location("posts/b.md", "posts/c.md:1: x"), None);
        assert_eq!(own_location("posts/b.md", "posts/b.md: x"), None);
        assert_eq!(own_location("posts/b.md", "posts/b.md:en: x"), None);
        assert_eq!(own_location("posts/b.md", "no en translation"), None);
    }
}
