//! Server-sent events, decoded as the bytes arrive: a streamed answer comes in chunks that
//! split lines and UTF-8 characters anywhere, so bytes wait in a buffer until their line
//! is complete. Each LLM backend turns the events into text with an [`Assemble`].

use super::http::Refusal;

/// One event: its `data:` lines joined with `\n`. Anthropic repeats the `event:` name in
/// the data's `type` and OpenAI sends none, so the name is not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    pub data: String,
}

/// The incremental decoder: feed it chunks, take the events they complete.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes of a line not yet ended.
    pending: Vec<u8>,
    /// How many of them are known to hold no line end, so a long line sent in small chunks
    /// is not searched again and again.
    scanned: usize,
    /// The event being read: set once any of its fields has been seen.
    current: Option<Event>,
}

impl Decoder {
    /// The events `chunk` completes; a line that is not UTF-8 is refused (the stream is
    /// damaged, and another attempt may go better).
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Event>, Refusal> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        let (mut start, mut from) = (0, self.scanned);
        while let Some(at) = self.pending[from..].iter().position(|b| *b == b'\n') {
            let end = from + at;
            let raw = &self.pending[start..end];
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = std::str::from_utf8(raw)
                .map_err(|e| Refusal::from(format!("malformed event stream: {e}")))?;
            if line.is_empty() {
                events.extend(Decoder::dispatch(&mut self.current));
            } else {
                Decoder::field(&mut self.current, line);
            }
            start = end + 1;
            from = start;
        }
        self.pending.drain(..start);
        self.scanned = self.pending.len();
        Ok(events)
    }

    /// Reads one line of an event: only `data:` matters; `event:`, `id:`, `retry:` and
    /// comments (`: keep-alive`) are passed over.
    fn field(current: &mut Option<Event>, line: &str) {
        let Some(value) = line.strip_prefix("data") else {
            return;
        };
        let value = match value.strip_prefix(':') {
            Some(v) => v.strip_prefix(' ').unwrap_or(v),
            None if value.is_empty() => "",
            None => return,
        };
        // Each data line ends with `\n`; the last one is taken off when the event is done.
        let event = current.get_or_insert_with(Event::default);
        event.data.push_str(value);
        event.data.push('\n');
    }

    fn dispatch(current: &mut Option<Event>) -> Option<Event> {
        current.take().map(|mut e| {
            e.data.pop();
            e
        })
    }

    /// The event left open when the body ended without its blank line (or even without
    /// the end of its last line); the assembler judges whether it is whole.
    pub fn finish(&mut self) -> Option<Event> {
        self.scanned = 0;
        let rest = std::mem::take(&mut self.pending);
        if let Ok(line) = std::str::from_utf8(&rest) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() {
                Decoder::field(&mut self.current, line);
            }
        }
        Decoder::dispatch(&mut self.current)
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
                data: "{\"t\": \"에이전트 agent\"}".into(),
            },
            Event {
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
        let got = decode(&[b"event: x\ndata\ndataset: no\ndata: c\n\n"]);
        assert_eq!(got, vec![Event { data: "\nc".into() }]);
    }

    #[test]
    fn a_long_line_in_small_chunks_comes_out_whole() {
        let line = format!("data: {}\n\n", "x".repeat(200_000));
        let mut d = Decoder::default();
        let mut got = Vec::new();
        for c in line.as_bytes().chunks(3) {
            got.extend(d.push(c).unwrap());
        }
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].data.len(), 200_000);
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
