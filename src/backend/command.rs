//! The escape hatch for any engine: a configured program gets the request JSON on stdin and
//! answers `{"translations": [...]}` on stdout.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;

use super::http::HttpSettings;
use super::wire::{parse_reply, prompt_version, request_json};
use super::{BackendError, BoxFuture, Common, Request, Translator};
use crate::config::BackendConfig;
use crate::document::SegmentId;
use crate::state::Status;

pub struct CommandBackend {
    common: Common,
    argv: Vec<String>,
    settings: HttpSettings,
}

impl CommandBackend {
    /// `settings` gives the timeout (scaled to each request's size, as for HTTP).
    pub fn new(common: Common, cfg: &BackendConfig, settings: HttpSettings) -> CommandBackend {
        CommandBackend {
            common,
            argv: cfg.command.clone().unwrap_or_default(),
            settings,
        }
    }

    async fn run(&self, req: &Request) -> Result<Vec<(SegmentId, String)>, BackendError> {
        let err = |m: String| BackendError::new(&self.common.name, m);
        let (program, args) = self
            .argv
            .split_first()
            .ok_or_else(|| err("empty command".into()))?;
        let mut child = tokio::process::Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| err(format!("cannot start `{program}`: {e}")))?;
        let input = request_json(req, self.common.style.as_ref());
        let timeout = self.settings.timeout_for(req.chars());
        let mut stdin = child.stdin.take().ok_or_else(|| err("no stdin".into()))?;
        let writer = async move {
            // A program that exits without reading is reported by its exit status.
            let _ = stdin.write_all(input.as_bytes()).await;
            drop(stdin);
        };
        let run = async {
            writer.await;
            child.wait_with_output().await
        };
        let out = tokio::time::timeout(timeout, run)
            .await
            .map_err(|_| err(format!("`{program}` did not answer within {timeout:?}")))?
            .map_err(|e| err(format!("`{program}`: {e}")))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(err(format!(
                "`{program}` failed ({}): {}",
                out.status,
                stderr.trim()
            )));
        }
        parse_reply(&String::from_utf8_lossy(&out.stdout)).map_err(err)
    }
}

impl Translator for CommandBackend {
    fn origin(&self) -> String {
        format!("command:{}", self.common.name)
    }
    fn status(&self) -> Status {
        Status::Machine
    }
    fn batch_chars(&self) -> usize {
        self.common.batch_chars.unwrap_or(4000)
    }
    fn concurrency(&self) -> usize {
        self.common.concurrency
    }
    fn prompt_version(&self) -> String {
        prompt_version(self.common.style.as_ref())
    }
    fn examples(&self) -> usize {
        self.common.examples
    }
    fn translate<'a>(
        &'a self,
        req: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<(SegmentId, String)>, BackendError>> {
        Box::pin(self.run(req))
    }
}
