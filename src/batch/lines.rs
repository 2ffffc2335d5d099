//! The request and result lines of provider batch jobs, written and read one line at a
//! time so an archive's requests and replies are never held at once.
//!
//! OpenAI (and `vllm run-batch`): `{"custom_id","method":"POST","url","body"}` in, and
//! `{"custom_id","response":{"status_code","body"},"error"}` out. Anthropic: one JSON
//! body `{"requests":[{"custom_id","params"}]}` in, `{"custom_id","result":{"type",…}}`
//! lines out.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The request format of a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// OpenAI's Batch API, and the file `vllm run-batch` reads.
    Openai,
    Anthropic,
}

/// How much one request file (one provider job) may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub requests: usize,
    pub bytes: u64,
}

impl Format {
    /// The provider's documented limits per batch, with room for the framing.
    pub fn limits(self) -> Limits {
        match self {
            Format::Openai => Limits {
                requests: 50_000,
                bytes: 200 * 1024 * 1024 - 4096,
            },
            Format::Anthropic => Limits {
                requests: 100_000,
                bytes: 256 * 1024 * 1024 - 4096,
            },
        }
    }

    fn open(self) -> &'static [u8] {
        match self {
            Format::Openai => b"",
            Format::Anthropic => b"{\"requests\":[",
        }
    }

    fn close(self) -> &'static [u8] {
        match self {
            Format::Openai => b"",
            Format::Anthropic => b"]}",
        }
    }

    /// One request as it goes in the file. `body` is the synchronous request body; a
    /// batch request is never streamed.
    pub fn line(self, custom_id: &str, mut body: Value) -> String {
        if let Some(o) = body.as_object_mut() {
            o.remove("stream");
        }
        let v = match self {
            Format::Openai => serde_json::json!({
                "custom_id": custom_id,
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": body,
            }),
            Format::Anthropic => serde_json::json!({"custom_id": custom_id, "params": body}),
        };
        v.to_string()
    }
}

/// One finished request file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub requests: usize,
    pub bytes: u64,
}

/// Writes request lines into files of at most `limits`, starting a new file when the next
/// line would not fit.
pub struct Splitter {
    format: Format,
    limits: Limits,
    dir: PathBuf,
    stem: String,
    current: Option<(std::io::BufWriter<std::fs::File>, Written)>,
    done: Vec<Written>,
}

impl Splitter {
    pub fn new(format: Format, limits: Limits, dir: &Path, stem: &str) -> Splitter {
        Splitter {
            format,
            limits,
            dir: dir.to_owned(),
            stem: stem.to_owned(),
            current: None,
            done: Vec::new(),
        }
    }

    /// The file the next line goes to: a new one when `len` more bytes would not fit.
    /// True when a new file was started.
    pub fn push(&mut self, line: &str) -> std::io::Result<bool> {
        let close = self.format.close().len() as u64;
        // The bytes `line` adds to a file holding `n` requests: a comma before it in an
        // Anthropic body, a newline after it in a JSONL file.
        let format = self.format;
        let cost = |n: usize| {
            line.len() as u64
                + match format {
                    Format::Openai => 1,
                    Format::Anthropic => u64::from(n > 0),
                }
        };
        let full = self.current.as_ref().is_some_and(|(_, w)| {
            w.requests >= self.limits.requests
                || w.bytes + cost(w.requests) + close > self.limits.bytes
        });
        let mut started = false;
        if full || self.current.is_none() {
            self.finish_file()?;
            let path = self.dir.join(format!(
                "{}-{}.requests.jsonl",
                self.stem,
                self.done.len() + 1
            ));
            std::fs::create_dir_all(&self.dir)?;
            let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
            f.write_all(self.format.open())?;
            self.current = Some((
                f,
                Written {
                    path,
                    requests: 0,
                    bytes: self.format.open().len() as u64,
                },
            ));
            started = true;
        }
        if let Some((f, w)) = &mut self.current {
            let added = cost(w.requests);
            if self.format == Format::Anthropic && w.requests > 0 {
                f.write_all(b",")?;
            }
            f.write_all(line.as_bytes())?;
            if self.format == Format::Openai {
                f.write_all(b"\n")?;
            }
            w.requests += 1;
            w.bytes += added;
        }
        Ok(started)
    }

    fn finish_file(&mut self) -> std::io::Result<()> {
        if let Some((mut f, mut w)) = self.current.take() {
            f.write_all(self.format.close())?;
            w.bytes += self.format.close().len() as u64;
            f.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
                .sync_all()?;
            self.done.push(w);
        }
        Ok(())
    }

    /// Files started so far.
    pub fn files(&self) -> usize {
        self.done.len() + usize::from(self.current.is_some())
    }

    /// Closes the last file; the files in the order written.
    pub fn finish(mut self) -> std::io::Result<Vec<Written>> {
        self.finish_file()?;
        Ok(self.done)
    }
}

/// What became of one request, from a result line.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The provider's answer: a Chat Completions or Messages body, exactly what a
    /// synchronous request gets.
    Answer(Value),
    /// Failed, errored, expired or cancelled: the provider's own words.
    Failed(String),
}

/// Reads one result line of either provider (OpenAI output or error file, `vllm
/// run-batch` output, Anthropic results).
pub fn result(line: &str) -> Result<(String, Outcome), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let id = v["custom_id"]
        .as_str()
        .ok_or("no custom_id in the result line")?
        .to_owned();
    let outcome = if let Some(r) = v.get("result") {
        match r["type"].as_str().unwrap_or_default() {
            "succeeded" => Outcome::Answer(r["message"].clone()),
            "errored" => Outcome::Failed(format!(
                "errored: {}",
                r["error"]["error"]["message"]
                    .as_str()
                    .or(r["error"]["message"].as_str())
                    .unwrap_or("no message")
            )),
            other => Outcome::Failed(other.to_owned()),
        }
    } else {
        let status = v["response"]["status_code"].as_u64();
        match (status, v.get("error").filter(|e| !e.is_null())) {
            (Some(200), None) => Outcome::Answer(v["response"]["body"].clone()),
            (_, Some(e)) => Outcome::Failed(
                e["message"]
                    .as_str()
                    .or(e["code"].as_str())
                    .unwrap_or("error")
                    .to_owned(),
            ),
            (s, None) => Outcome::Failed(format!(
                "HTTP {}: {}",
                s.unwrap_or(0),
                v["response"]["body"]["error"]["message"]
                    .as_str()
                    .unwrap_or("no message")
            )),
        }
    };
    Ok((id, outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_split_under_the_limits() {
        let dir = tempfile::tempdir().unwrap();
        let small = Limits {
            requests: 3,
            bytes: 200,
        };
        let mut s = Splitter::new(Format::Openai, small, dir.path(), "req");
        for i in 0..7 {
            s.push(&Format::Openai.line(&format!("r{i}"), serde_json::json!({"model": "m"})))
                .unwrap();
        }
        let files = s.finish().unwrap();
        assert_eq!(
            files.iter().map(|w| w.requests).collect::<Vec<_>>(),
            vec![2, 2, 2, 1],
            "each line is ~80 bytes: two fit in 200"
        );
        for w in &files {
            let text = std::fs::read_to_string(&w.path).unwrap();
            assert_eq!(text.len() as u64, w.bytes);
            assert!(w.bytes <= small.bytes);
            for line in text.lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                assert_eq!(v["url"], "/v1/chat/completions");
                assert_eq!(v["method"], "POST");
            }
        }
        let by_count = Limits {
            requests: 3,
            bytes: 1 << 20,
        };
        let mut s = Splitter::new(Format::Anthropic, by_count, dir.path(), "a");
        for i in 0..7 {
            s.push(&Format::Anthropic.line(
                &format!("r{i}"),
                serde_json::json!({"model": "m", "stream": true}),
            ))
            .unwrap();
        }
        let files = s.finish().unwrap();
        assert_eq!(files.len(), 3);
        for w in &files {
            assert_eq!(std::fs::metadata(&w.path).unwrap().len(), w.bytes);
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&files[0].path).unwrap())
            .expect("an Anthropic file is one JSON body");
        assert_eq!(v["requests"].as_array().unwrap().len(), 3);
        assert_eq!(v["requests"][0]["custom_id"], "r0");
        assert!(v["requests"][0]["params"].get("stream").is_none());
    }

    #[test]
    fn result_lines_of_both_providers() {
        let ok = r#"{"id":"batch_req_1","custom_id":"c1","response":{"status_code":200,"request_id":"r","body":{"choices":[]}},"error":null}"#;
        assert_eq!(
            result(ok).unwrap(),
            (
                "c1".into(),
                Outcome::Answer(serde_json::json!({"choices": []}))
            )
        );
        let err = r#"{"id":"b","custom_id":"c2","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}"#;
        assert!(matches!(result(err).unwrap().1, Outcome::Failed(m) if m.contains("expired")));
        let http = r#"{"custom_id":"c3","response":{"status_code":400,"body":{"error":{"message":"bad"}}},"error":null}"#;
        assert_eq!(
            result(http).unwrap().1,
            Outcome::Failed("HTTP 400: bad".into())
        );
        let a = r#"{"custom_id":"c4","result":{"type":"succeeded","message":{"content":[]}}}"#;
        assert!(matches!(result(a).unwrap().1, Outcome::Answer(_)));
        for kind in ["canceled", "expired"] {
            let line = format!(r#"{{"custom_id":"c","result":{{"type":"{kind}"}}}}"#);
            assert_eq!(result(&line).unwrap().1, Outcome::Failed(kind.into()));
        }
        let e = r#"{"custom_id":"c","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"no"}}}}"#;
        assert_eq!(result(e).unwrap().1, Outcome::Failed("errored: no".into()));
        assert!(result("{").is_err());
        assert!(result("{}").is_err());
    }
}
