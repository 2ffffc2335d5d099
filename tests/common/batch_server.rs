//! The providers' batch APIs on 127.0.0.1, on the scripted [`Server`]: OpenAI's
//! `/v1/files`, `/v1/batches`, `/v1/files/{id}/content` and Anthropic's
//! `/v1/messages/batches` with its `results_url`; a job moves through its states one poll
//! at a time, results come back in reverse order, and a script decides which requests
//! fail, whether the job expires, and which polls answer 503. The synchronous
//! `/v1/chat/completions` and `/v1/messages` answer too (the fallback path), counted.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::server::{Recorded, Reply, Server, numbered_answer, translate_text};

/// How the jobs behave.
#[derive(Clone, Default)]
pub struct Script {
    /// Polls a job answers "in progress" before it ends.
    pub polls: usize,
    /// Poll numbers (0-based, over all polls) answered with HTTP 503.
    pub fail_polls: Vec<usize>,
    /// custom_ids (by position in the file, 0-based) that go to the error file.
    pub failing: Vec<usize>,
    /// The job expires: only the first half of its requests have results.
    pub expire: bool,
}

#[derive(Default)]
pub struct State {
    pub files: HashMap<String, String>,
    /// Batch id → (input lines, polls so far, cancelled).
    pub batches: HashMap<String, (Vec<Value>, usize, bool)>,
    pub polls: usize,
    pub sync_requests: usize,
    pub uploads: usize,
    pub cancels: usize,
}

pub struct BatchServer {
    pub server: Server,
    pub state: Arc<Mutex<State>>,
}

/// The file part of a multipart upload.
fn file_part(body: &str) -> String {
    let start = body
        .find("filename=")
        .and_then(|i| body[i..].find("\r\n\r\n").map(|j| i + j + 4))
        .unwrap_or(0);
    let end = body[start..]
        .rfind("\r\n--")
        .map_or(body.len(), |e| start + e);
    body[start..end].to_owned()
}

/// The translation of a request body (either provider's), as a chat answer's text.
fn answer_text(body: &Value) -> String {
    let user = if body["messages"][1]["content"].is_string() {
        body["messages"][1]["content"].as_str()
    } else {
        body["messages"][0]["content"].as_str()
    };
    numbered_answer(user.unwrap_or_default(), |_, t| Some(translate_text(t)))
}

fn openai_body(text: &str) -> Value {
    json!({"choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
           "usage": {"prompt_tokens": 100, "completion_tokens": 40}})
}

fn anthropic_message(text: &str) -> Value {
    json!({"type": "message", "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
           "usage": {"input_tokens": 100, "output_tokens": 40}})
}

impl BatchServer {
    pub fn start(script: Script) -> BatchServer {
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        let server = Server::start(move |r, _| handle(r, &script, &st));
        BatchServer { server, state }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

fn handle(r: &Recorded, script: &Script, state: &Mutex<State>) -> Reply {
    let mut st = state.lock().unwrap();
    let url = format!("http://{}", r.header("host").unwrap_or("127.0.0.1"));
    let path = r.path.as_str();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (r.method.as_str(), parts.as_slice()) {
        ("POST", ["v1", "chat", "completions"]) => {
            st.sync_requests += 1;
            Reply::Json(200, openai_body(&answer_text(&r.json())).to_string())
        }
        ("POST", ["v1", "messages"]) => {
            st.sync_requests += 1;
            Reply::Json(200, anthropic_message(&answer_text(&r.json())).to_string())
        }
        ("POST", ["v1", "files"]) => {
            st.uploads += 1;
            let id = format!("file-in{}", st.files.len());
            st.files.insert(id.clone(), file_part(&r.body));
            Reply::Json(200, json!({"id": id, "purpose": "batch"}).to_string())
        }
        ("POST", ["v1", "batches"]) => {
            let input = r.json()["input_file_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let lines: Vec<Value> = st
                .files
                .get(&input)
                .map(|f| {
                    f.lines()
                        .filter_map(|l| serde_json::from_str(l).ok())
                        .collect()
                })
                .unwrap_or_default();
            let id = format!("batch_{}", st.batches.len());
            st.batches.insert(id.clone(), (lines, 0, false));
            Reply::Json(200, json!({"id": id, "status": "validating"}).to_string())
        }
        ("POST", ["v1", "messages", "batches"]) => {
            let lines = r.json()["requests"].as_array().cloned().unwrap_or_default();
            let id = format!("msgbatch_{}", st.batches.len());
            st.batches.insert(id.clone(), (lines, 0, false));
            Reply::Json(
                200,
                json!({"id": id, "processing_status": "in_progress"}).to_string(),
            )
        }
        ("POST", ["v1", "batches", id, "cancel"])
        | ("POST", ["v1", "messages", "batches", id, "cancel"]) => {
            st.cancels += 1;
            if let Some(b) = st.batches.get_mut(*id) {
                b.2 = true;
            }
            Reply::Json(200, json!({"id": id, "status": "cancelling"}).to_string())
        }
        ("GET", ["v1", "batches", id]) => {
            let n = st.polls;
            st.polls += 1;
            if script.fail_polls.contains(&n) {
                return Reply::Json(503, "{\"error\":{\"message\":\"overloaded\"}}".into());
            }
            let id = id.to_string();
            let Some((lines, polls, cancelled)) = st.batches.get_mut(&id) else {
                return Reply::Json(404, "{}".into());
            };
            *polls += 1;
            let (total, cancelled) = (lines.len(), *cancelled);
            let ended = *polls > script.polls || cancelled;
            if !ended {
                let word = if *polls == 1 {
                    "validating"
                } else {
                    "in_progress"
                };
                return Reply::Json(200, json!({"id": id, "status": word, "request_counts": {"total": total, "completed": 0, "failed": 0}}).to_string());
            }
            let (out, err) = openai_results(lines, script, cancelled);
            let word = if cancelled {
                "cancelled"
            } else if script.expire {
                "expired"
            } else {
                "completed"
            };
            let done = out.lines().count();
            let (oid, eid) = (format!("file-out-{id}"), format!("file-err-{id}"));
            st.files.insert(oid.clone(), out);
            st.files.insert(eid.clone(), err);
            Reply::Json(
                200,
                json!({"id": id, "status": word, "output_file_id": oid, "error_file_id": eid,
                "request_counts": {"total": total, "completed": done, "failed": total - done}})
                .to_string(),
            )
        }
        ("GET", ["v1", "files", id, "content"]) => match st.files.get(*id) {
            Some(f) => Reply::Full(200, vec![], f.clone()),
            None => Reply::Json(404, "{}".into()),
        },
        ("GET", ["v1", "messages", "batches", id]) => {
            let n = st.polls;
            st.polls += 1;
            if script.fail_polls.contains(&n) {
                return Reply::Json(
                    529,
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}".into(),
                );
            }
            let id = id.to_string();
            let Some((lines, polls, cancelled)) = st.batches.get_mut(&id) else {
                return Reply::Json(404, "{}".into());
            };
            *polls += 1;
            let total = lines.len();
            let ended = *polls > script.polls || *cancelled;
            let results = ended.then(|| format!("{url}/v1/messages/batches/{id}/results"));
            Reply::Json(200, json!({"id": id, "processing_status": if ended {"ended"} else {"in_progress"},
                "results_url": results,
                "request_counts": {"processing": if ended {0} else {total}, "succeeded": if ended {total} else {0}, "errored": 0, "canceled": 0, "expired": 0}}).to_string())
        }
        ("GET", ["v1", "messages", "batches", id, "results"]) => {
            let Some((lines, _, cancelled)) = st.batches.get(*id) else {
                return Reply::Json(404, "{}".into());
            };
            let mut out = String::new();
            for (i, l) in lines.iter().enumerate().rev() {
                let cid = &l["custom_id"];
                let result = if script.failing.contains(&i) {
                    json!({"type": "errored", "error": {"type": "error", "error": {"type": "api_error", "message": "internal"}}})
                } else if *cancelled && i % 2 == 1 || script.expire && i >= lines.len() / 2 {
                    json!({"type": if *cancelled {"canceled"} else {"expired"}})
                } else {
                    json!({"type": "succeeded", "message": anthropic_message(&answer_text(&l["params"]))})
                };
                out.push_str(&json!({"custom_id": cid, "result": result}).to_string());
                out.push('\n');
            }
            Reply::Full(200, vec![], out)
        }
        _ => Reply::Json(
            404,
            json!({"error": {"message": format!("no route {path}")}}).to_string(),
        ),
    }
}

/// The output and error files of an OpenAI job, each in reverse order of the input.
fn openai_results(lines: &[Value], script: &Script, cancelled: bool) -> (String, String) {
    let (mut out, mut err) = (String::new(), String::new());
    for (i, l) in lines.iter().enumerate().rev() {
        let cid = &l["custom_id"];
        if script.failing.contains(&i) {
            err.push_str(&json!({"id": format!("req_{i}"), "custom_id": cid, "response": {"status_code": 500, "body": {"error": {"message": "server error"}}}, "error": null}).to_string());
            err.push('\n');
        } else if script.expire && i >= lines.len() / 2 || cancelled && i % 2 == 1 {
            err.push_str(&json!({"id": format!("req_{i}"), "custom_id": cid, "response": null, "error": {"code": "batch_expired", "message": "This request could not be executed before the completion window expired."}}).to_string());
            err.push('\n');
        } else {
            out.push_str(&json!({"id": format!("req_{i}"), "custom_id": cid, "response": {"status_code": 200, "request_id": "x", "body": openai_body(&answer_text(&l["body"]))}, "error": null}).to_string());
            out.push('\n');
        }
    }
    (out, err)
}

/// What `vllm run-batch -i requests -o results` writes for a request file: one OpenAI
/// result line per request, in the order vLLM finishes them (here: reversed).
pub fn fake_vllm_run_batch(requests: &str) -> String {
    let lines: Vec<Value> = requests
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let no_failures = Script::default();
    openai_results(&lines, &no_failures, false).0
}
