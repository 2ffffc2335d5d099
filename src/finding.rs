//! A finding: something `check` (and later QA) reports about a post.

use serde::Serialize;

use crate::diag::{Detail, Diagnostic};
use crate::document::SegmentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A finding a reasoned `[[qa.ignore]]` covers: listed, never failing.
    Ignored,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Repository-relative file the finding is about.
    pub file: String,
    /// 1-based line, 0 when the finding is about the whole file.
    pub line: usize,
    pub segment: Option<SegmentId>,
    /// Stable short code: `missing`, `stale`, `stale-edited`, …
    pub code: &'static str,
    pub severity: Severity,
    /// Fluent message id and arguments.
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The message this one frames, if any (an ignored finding's own message).
    pub detail: Option<Detail>,
}

impl Diagnostic for Finding {
    fn id(&self) -> &'static str {
        self.message
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        self.args.clone()
    }
    fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }
}
