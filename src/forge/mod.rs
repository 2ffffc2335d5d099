//! Where a pull request is opened for `l10n ci`: one small trait, so GitLab or Gitea can
//! come later beside GitHub.

pub mod github;

use crate::diag::{Detail, Diagnostic};

/// An open pull request (GitHub) or merge request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    pub url: String,
}

/// What the run proposes: its branch into the base, with a title and a review as body.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub head: String,
    pub base: String,
    pub title: String,
    pub body: String,
}

/// A forge's API, as `l10n ci` needs it.
pub trait Forge {
    /// The open pull request from branch `head`, if any.
    fn find_open(&self, head: &str) -> Result<Option<PullRequest>, ForgeError>;
    /// Opens a pull request; `Ok(None)` when one from the same branch is already open.
    fn open(&self, p: &Proposal) -> Result<Option<PullRequest>, ForgeError>;
    /// Replaces the title and body of pull request `number`.
    fn update(&self, number: u64, p: &Proposal) -> Result<PullRequest, ForgeError>;

    /// Updates the open pull request from `p.head`, else opens one: the pull request and
    /// whether it was opened now.
    fn propose(&self, p: &Proposal) -> Result<(PullRequest, bool), ForgeError> {
        if let Some(pr) = self.find_open(&p.head)? {
            return Ok((self.update(pr.number, p)?, false));
        }
        match self.open(p)? {
            Some(pr) => Ok((pr, true)),
            // Opened meanwhile by another run: update that one.
            None => match self.find_open(&p.head)? {
                Some(pr) => Ok((self.update(pr.number, p)?, false)),
                None => Err(ForgeError {
                    method: "POST",
                    url: String::new(),
                    detail: Detail::new("detail-forge-vanished", vec![("head", p.head.clone())]),
                }),
            },
        }
    }
}

/// A request to the forge that failed: the method, the URL (never the token) and why.
#[derive(Debug, Clone)]
pub struct ForgeError {
    pub method: &'static str,
    pub url: String,
    pub detail: Detail,
}

impl Diagnostic for ForgeError {
    fn id(&self) -> &'static str {
        "err-forge"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("method", self.method.to_owned()),
            ("url", self.url.clone()),
        ]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.detail)
    }
}

crate::english_display!(ForgeError);
