//! Server-sent events, decoded as the bytes arrive: a streamed answer comes in chunks that
//! split lines and UTF-8 characters anywhere, so bytes wait in a buffer until their line
//! is complete. Each LLM backend turns the events into text with an [`Assemble`].

use super::http::Refusal;

/// One event: its `event:` name, if any, and its `data:` lines joined with `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    pub name: Option<String>,
    pub data: String,
}

/// The incremental decoder: feed it chunks, take the events they complete.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes of a line not yet ended.
    pending: Vec<u8>,
    /// The event being read: set once any of its fields has been seen.
    current: Option<Event>,
}

impl Decoder {
    /// The events `chunk` completes; a line that is not UTF-8 is refused (the stream is
    /// damaged, and another attempt may go better).
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Event>, Refusal> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(end) = self.pending[start..].iter().position(|b| *b == b'\n') {
            let raw = &self.pending[start..start + end];
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = std::str::from_utf8(raw)
                .map_err(|e| Refusal::from(format!("malformed event stream: {e}")))?;
            if line.is_empty() {
                events.extend(self.current.take());
            } else {
                Decoder::field(&mut self.current, line);
            }
            start += end + 1;
        }
        self.pending.drain(..start);
        Ok(events)
    }

    fn field(current: &mut Option<Event>, line: &str) {
        // A line starting with `:` is a comment (servers send them to keep the line alive).
        if line.starts_with(':') {
            return;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match name {
            "data" => {
                let event = current.get_or_insert_with(Event::default);
                if !event.data.is_empty() {
                    event.data.push('\n');
                }
                event.data.push_str(value);
            }
            "event" => current.get_or_insert_with(Event::default).name = Some(value.into()),
            _ => {}
        }
    }

    /// The event left open when the body ended without its blank line (or even without
    /// the end of its last line); the assembler judges whether it is whole.
    pub fn finish(&mut self) -> Option<Event> {
        let rest = std::mem::take(&mut self.pending);
        if let Ok(line) = std::str::from_utf8(&rest) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() {
                Decoder::field(&mut self.current, line);
            }
        }
        self.current.take()
    }
}

/// What one event did to the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Text to append.
    Text(String),
    /// Nothing to append (a role, a ping, usage).
    Quiet,
    /// The answer is complete.
    Done,
}

/// Turns one API's events into the answer's text.
pub trait Assemble: Send {
    /// Reads one event; a refusal fails the attempt (retryable or final, as for a whole
    /// answer).
    fn event(&mut self, event: &Event) -> Result<Step, Refusal>;
    /// Whether the body may end here: a stream cut before its end marker is refused, unless
    /// the server already said why the answer stopped.
    fn ended(&self) -> Result<(), Refusal>;
}

/// The JSON of an event's data; malformed JSON is worth another attempt.
pub fn json(event: &Event) -> Result<serde_json::Value, Refusal> {
    serde_json::from_str(&event.data)
        .map_err(|e| Refusal::from(format!("malformed JSON in the event stream: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<Event> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(d.push(c).unwrap());
        }
        out.extend(d.finish());
        out
    }

    #[test]
    fn events_survive_chunks_that_split_lines_and_characters() {
        let body = "event: delta\r\ndata: {\"t\": \"에이전트 agent\"}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n";
        let bytes = body.as_bytes();
        let want = vec![
            Event {
                name: Some("delta".into()),
                data: "{\"t\": \"에이전트 agent\"}".into(),
            },
            Event {
                name: None,
                data: "[DONE]".into(),
            },
        ];
        assert_eq!(decode(&[bytes]), want);
        for size in 1..8 {
            let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
            assert_eq!(decode(&chunks), want, "chunks of {size} bytes");
        }
    }

    #[test]
    fn data_lines_join_and_a_last_event_without_a_blank_line_is_kept() {
        let got = decode(&[b"data: a\ndata:b\nid: 7\nretry: 10\n\ndata: tail"]);
        assert_eq!(got[0].data, "a\nb");
        assert_eq!(got[1].data, "tail");
    }

    #[test]
    fn a_line_that_is_not_utf8_is_a_retryable_refusal() {
        let mut d = Decoder::default();
        let e = d.push(b"data: \xff\xfe\n\n").unwrap_err();
        assert!(e.retryable);
        assert!(
            e.message.contains("malformed event stream"),
            "{}",
            e.message
        );
    }
}
