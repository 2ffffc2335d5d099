//! GitHub's REST API for pull requests, configured as Actions sets it up
//! (`GITHUB_API_URL`, `GITHUB_REPOSITORY`, `GITHUB_TOKEN`). 5xx, 429 and failed connections
//! are retried a few times; 401, 403, 404 and 422 are answers, not accidents.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use super::{Forge, ForgeError, Proposal, PullRequest};
use crate::diag::Detail;

const API_VERSION: &str = "2022-11-28";
const ATTEMPTS: u32 = 4;

/// One repository on GitHub (or GitHub Enterprise: `api` is its API root).
pub struct Github {
    api: String,
    owner: String,
    repo: String,
    token: String,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    /// The wait before the second attempt; doubled for each one after.
    pub first_delay: Duration,
}

#[derive(Deserialize)]
struct Pull {
    number: u64,
    html_url: String,
}

impl From<Pull> for PullRequest {
    fn from(p: Pull) -> PullRequest {
        PullRequest {
            number: p.number,
            url: p.html_url,
        }
    }
}

/// GitHub's error body: `{"message": "Validation Failed", "errors": [{"message": …}]}`.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Deserialize, Default)]
struct ErrorItem {
    #[serde(default)]
    message: String,
}

impl ErrorBody {
    fn parse(body: &str) -> ErrorBody {
        // An error body that is not GitHub's JSON leaves only the status to report.
        serde_json::from_str(body).unwrap_or_default()
    }

    fn text(&self) -> String {
        let mut parts = vec![self.message.clone()];
        parts.extend(
            self.errors
                .iter()
                .filter(|e| !e.message.is_empty())
                .map(|e| e.message.clone()),
        );
        parts.retain(|p| !p.is_empty());
        parts.join(": ")
    }

    fn already_exists(&self) -> bool {
        self.errors
            .iter()
            .any(|e| e.message.contains("A pull request already exists"))
    }
}

/// A network error with its causes (the OS's reason is at the end of the chain).
fn reason(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        parts.push(c.to_string());
        cause = c.source();
    }
    parts.join(": ")
}

/// The answer to one request: its status and body.
struct Answer {
    status: u16,
    body: String,
}

impl Github {
    /// `repository` is `owner/name`.
    pub fn new(api: &str, repository: &str, token: &str) -> Result<Github, ForgeError> {
        let failed = |detail: Detail| ForgeError {
            method: "",
            url: api.to_owned(),
            detail,
        };
        let (owner, repo) = repository
            .split_once('/')
            .filter(|(o, r)| !o.is_empty() && !r.is_empty() && !r.contains('/'))
            .ok_or_else(|| {
                failed(Detail::new(
                    "detail-forge-repository",
                    vec![("value", repository.to_owned())],
                ))
            })?;
        let client = reqwest::Client::builder()
            .user_agent(concat!("l10n/", env!("CARGO_PKG_VERSION")))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| failed(Detail::quoted("detail-forge-client", e.to_string())))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(Detail::io(&e)))?;
        Ok(Github {
            api: api.trim_end_matches('/').to_owned(),
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            token: token.to_owned(),
            client,
            runtime,
            first_delay: Duration::from_millis(500),
        })
    }

    fn pulls_url(&self) -> String {
        format!("{}/repos/{}/{}/pulls", self.api, self.owner, self.repo)
    }

    /// Never shows the token, whatever a server or the network stack says.
    fn scrub(&self, s: &str) -> String {
        if self.token.is_empty() {
            s.to_owned()
        } else {
            s.replace(&self.token, "***")
        }
    }

    /// Sends a request, retrying 5xx, 429 and failed connections.
    fn send(
        &self,
        method: &'static str,
        url: &str,
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<Answer, ForgeError> {
        let error = |detail: Detail| ForgeError {
            method,
            url: url.to_owned(),
            detail,
        };
        let mut target = reqwest::Url::parse(url)
            .map_err(|e| error(Detail::quoted("detail-forge-client", e.to_string())))?;
        if !query.is_empty() {
            target.query_pairs_mut().extend_pairs(query);
        }
        let mut delay = self.first_delay;
        let mut attempt = 1;
        loop {
            let mut req = self
                .client
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET),
                    target.clone(),
                )
                .bearer_auth(&self.token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION);
            if let Some(b) = &body {
                req = req.json(b);
            }
            let result = self.runtime.block_on(async {
                let resp = req.send().await?;
                let status = resp.status().as_u16();
                let body = resp.text().await?;
                Ok::<_, reqwest::Error>(Answer { status, body })
            });
            let retry = match &result {
                Ok(a) => a.status >= 500 || a.status == 429,
                Err(_) => true,
            };
            if !retry || attempt >= ATTEMPTS {
                return match result {
                    Ok(a) => Ok(a),
                    Err(e) => Err(error(Detail::quoted(
                        "detail-forge-connect",
                        self.scrub(&reason(&e)),
                    ))),
                };
            }
            std::thread::sleep(delay);
            delay *= 2;
            attempt += 1;
        }
    }

    fn refused(&self, method: &'static str, url: &str, a: &Answer) -> ForgeError {
        let id = match a.status {
            401 => "detail-forge-unauthorized",
            403 => "detail-forge-forbidden",
            404 => "detail-forge-not-found",
            _ => "detail-forge-status",
        };
        ForgeError {
            method,
            url: url.to_owned(),
            detail: Detail::new(
                id,
                vec![
                    ("status", a.status.to_string()),
                    ("text", self.scrub(&ErrorBody::parse(&a.body).text())),
                ],
            ),
        }
    }

    fn pull(&self, method: &'static str, url: &str, a: &Answer) -> Result<PullRequest, ForgeError> {
        serde_json::from_str::<Pull>(&a.body)
            .map(PullRequest::from)
            .map_err(|e| ForgeError {
                method,
                url: url.to_owned(),
                detail: Detail::quoted("detail-forge-reply", e.to_string()),
            })
    }
}

impl Forge for Github {
    fn find_open(&self, head: &str) -> Result<Option<PullRequest>, ForgeError> {
        let url = self.pulls_url();
        let query = [
            ("head", format!("{}:{head}", self.owner)),
            ("state", "open".to_owned()),
        ];
        let a = self.send("GET", &url, &query, None)?;
        if a.status != 200 {
            return Err(self.refused("GET", &url, &a));
        }
        let pulls: Vec<Pull> = serde_json::from_str(&a.body).map_err(|e| ForgeError {
            method: "GET",
            url: url.clone(),
            detail: Detail::quoted("detail-forge-reply", e.to_string()),
        })?;
        Ok(pulls.into_iter().next().map(PullRequest::from))
    }

    fn open(&self, p: &Proposal) -> Result<Option<PullRequest>, ForgeError> {
        let url = self.pulls_url();
        let body = json!({
            "title": p.title,
            "head": p.head,
            "base": p.base,
            "body": p.body,
            "maintainer_can_modify": true,
        });
        let a = self.send("POST", &url, &[], Some(body))?;
        match a.status {
            201 | 200 => self.pull("POST", &url, &a).map(Some),
            422 if ErrorBody::parse(&a.body).already_exists() => Ok(None),
            _ => Err(self.refused("POST", &url, &a)),
        }
    }

    fn update(&self, number: u64, p: &Proposal) -> Result<PullRequest, ForgeError> {
        let url = format!("{}/{number}", self.pulls_url());
        let body = json!({ "title": p.title, "body": p.body });
        let a = self.send("PATCH", &url, &[], Some(body))?;
        if a.status != 200 {
            return Err(self.refused("PATCH", &url, &a));
        }
        self.pull("PATCH", &url, &a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_already_exists_body_is_recognized() {
        let body = r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for o:l10n/main."}],"documentation_url":"https://docs.github.com/rest/pulls/pulls#create-a-pull-request","status":"422"}"#;
        let e = ErrorBody::parse(body);
        assert!(e.already_exists());
        assert_eq!(
            e.text(),
            "Validation Failed: A pull request already exists for o:l10n/main."
        );
        assert!(!ErrorBody::parse("not json").already_exists());
    }

    #[test]
    fn a_repository_is_owner_slash_name() {
        for bad in ["", "owner", "owner/", "/repo", "a/b/c"] {
            assert!(
                Github::new("http://127.0.0.1:1", bad, "t").is_err(),
                "{bad}"
            );
        }
        assert!(Github::new("http://127.0.0.1:1", "o/r", "t").is_ok());
    }
}
