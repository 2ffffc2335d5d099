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
    /// A 200 `text/event-stream` body sent with chunked encoding, one chunk per piece,
    /// each after its delay (see [`pieces`]).
    Stream(Vec<(Duration, Vec<u8>)>),
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
            Reply::Stream(pieces) => {
                if send_events(&mut writer, pieces).is_err() {
                    return;
                }
                continue;
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

fn send_events(writer: &mut TcpStream, pieces: Vec<(Duration, Vec<u8>)>) -> std::io::Result<()> {
    // Each piece goes out at once, as from a streaming server, not held back by Nagle.
    writer.set_nodelay(true)?;
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n",
    )?;
    for (delay, bytes) in pieces {
        std::thread::sleep(delay);
        writer.write_all(format!("{:x}\r\n", bytes.len()).as_bytes())?;
        writer.write_all(&bytes)?;
        writer.write_all(b"\r\n")?;
        writer.flush()?;
    }
    writer.write_all(b"0\r\n\r\n")?;
    writer.flush()
}

/// `body` cut every `size` bytes (through lines and UTF-8 characters alike), each piece
/// sent `delay` after the one before.
pub fn pieces(body: &str, size: usize, delay: Duration) -> Vec<(Duration, Vec<u8>)> {
    body.as_bytes()
        .chunks(size)
        .map(|c| (delay, c.to_vec()))
        .collect()
}

/// `text` as Chat Completions stream events: a role chunk, the text a few characters per
/// delta, a chunk with `finish_reason`, then `[DONE]`.
pub fn openai_events(text: &str, finish: &str) -> String {
    let chunk = |delta: serde_json::Value, finish: serde_json::Value| {
        let c = serde_json::json!({"id": "chatcmpl-스트림", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
        format!("data: {c}\n\n")
    };
    let mut out = chunk(
        serde_json::json!({"role": "assistant"}),
        serde_json::Value::Null,
    );
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(3) {
        let piece: String = piece.iter().collect();
        out.push_str(&chunk(
            serde_json::json!({"content": piece}),
            serde_json::Value::Null,
        ));
    }
    out.push_str(&chunk(serde_json::json!({}), finish.into()));
    out.push_str("data: [DONE]\n\n");
    out
}

/// `text` as Messages stream events, ending with `stop_reason`.
pub fn anthropic_events(text: &str, stop_reason: &str) -> String {
    let event = |name: &str, data: serde_json::Value| format!("event: {name}\ndata: {data}\n\n");
    let mut out = event(
        "message_start",
        serde_json::json!({"type": "message_start", "message": {"id": "msg_스트림", "content": [], "stop_reason": null}}),
    );
    out.push_str(&event(
        "content_block_start",
        serde_json::json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
    ));
    out.push_str(&event("ping", serde_json::json!({"type": "ping"})));
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(3) {
        let piece: String = piece.iter().collect();
        out.push_str(&event(
            "content_block_delta",
            serde_json::json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}),
        ));
    }
    out.push_str(&event(
        "content_block_stop",
        serde_json::json!({"type": "content_block_stop", "index": 0}),
    ));
    out.push_str(&event(
        "message_delta",
        serde_json::json!({"type": "message_delta", "delta": {"stop_reason": stop_reason}, "usage": {"output_tokens": 10}}),
    ));
    out.push_str(&event(
        "message_stop",
        serde_json::json!({"type": "message_stop"}),
    ));
    out
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
