//! A real HTTP/1.1 server on 127.0.0.1 for backend tests: keep-alive, scripted replies,
//! faults (status codes with Retry-After, stalls past the client's timeout, closed
//! connections), and a log of every request it saw.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub enum Reply {
    Json(u16, String),
    /// Status, extra headers, body.
    Full(u16, Vec<(String, String)>, String),
    /// Wait this long before answering anything (past the client's timeout), then close.
    Stall(Duration),
}

pub type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    count: Arc<AtomicUsize>,
}

impl Server {
    pub fn start(handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (l, s, c) = (log.clone(), stop.clone(), count.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (l, s, c, h) = (l.clone(), s.clone(), c.clone(), handler.clone());
                        std::thread::spawn(move || serve(stream, &l, &s, &c, h.as_ref()));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Server {
            addr,
            log,
            stop,
            count,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<Recorded>>,
    stop: &AtomicBool,
    count: &AtomicUsize,
    handler: &Handler,
) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    while !stop.load(Ordering::Relaxed) {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let rec = Recorded {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            at: Instant::now(),
        };
        let n = count.fetch_add(1, Ordering::SeqCst);
        log.lock().unwrap().push(rec.clone());
        let (status, extra, body) = match handler(&rec, n) {
            Reply::Json(s, b) => (s, vec![], b),
            Reply::Full(s, h, b) => (s, h, b),
            Reply::Stall(d) => {
                std::thread::sleep(d);
                return;
            }
        };
        let mut resp = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: keep-alive\r\n",
            body.len()
        );
        for (k, v) in extra {
            resp.push_str(&format!("{k}: {v}\r\n"));
        }
        resp.push_str("\r\n");
        resp.push_str(&body);
        if writer.write_all(resp.as_bytes()).is_err() {
            return;
        }
    }
}

/// A stand-in translation that keeps tags and knows the house term for 에이전트: the rest
/// of the Hangul romanized, marked so tests can see it.
pub fn translate_text(text: &str) -> String {
    format!(
        "EN {}",
        l10n::backend::romanize::romanize(&text.replace("에이전트", "agent"))
    )
}

/// The segments (number, text) of a user message as l10n lists them: `[N] text` lines,
/// a heading's `## ` marker taken off, continuation lines joined with `\n`; context lines
/// (`(under: …)`, `(section: …)`, `After: …`) end a segment.
pub fn listed_segments(user: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for line in user.lines() {
        let numbered = line.strip_prefix('[').and_then(|rest| {
            let (n, text) = rest.split_once("] ")?;
            n.chars().all(|c| c.is_ascii_digit()).then_some((n, text))
        });
        if let Some((n, text)) = numbered {
            let hashes = text.chars().take_while(|c| *c == '#').count();
            let text = match text[hashes..].strip_prefix(' ') {
                Some(rest) if hashes > 0 => rest,
                _ => text,
            };
            out.push((n.to_owned(), text.to_owned()));
            open = true;
        } else if ["(under: ", "(section: ", "After: "]
            .iter()
            .any(|p| line.starts_with(p))
        {
            open = false;
        } else if open && let Some(last) = out.last_mut() {
            last.1.push('\n');
            last.1.push_str(line);
        }
    }
    out
}

/// The user message of an OpenAI-style request.
pub fn openai_user(req: &Recorded) -> String {
    req.json()["messages"][1]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// `{"N": "translation"}` for the segments of `user` that `f(number, text)` answers.
pub fn numbered_answer(user: &str, f: impl Fn(&str, &str) -> Option<String>) -> String {
    let map: serde_json::Map<String, serde_json::Value> = listed_segments(user)
        .into_iter()
        .filter_map(|(n, t)| f(&n, &t).map(|a| (n, a.into())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Answers an OpenAI-style request: the segments of the user message, translated.
pub fn openai_reply(req: &Recorded, f: impl Fn(&str, &str) -> Option<String>) -> String {
    openai_content(&numbered_answer(&openai_user(req), f))
}

/// A Chat Completions answer carrying `content`.
pub fn openai_content(content: &str) -> String {
    serde_json::json!({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]})
        .to_string()
}

/// Segments (number, text) of an OpenAI-style request.
pub fn openai_segments(req: &Recorded) -> Vec<(String, String)> {
    listed_segments(&openai_user(req))
}
