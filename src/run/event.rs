//! What a run reports as it goes, typed: the CLI renders each event as a localized line
//! (its Fluent id and arguments come from [`Event::message`]).

/// Why a post was left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// The English post no longer lines up with its state.
    Misaligned,
    /// An English post l10n has no state for.
    Untracked,
    /// English-only content that cannot be carried over without losing or moving it.
    EnglishOnly,
    /// Someone saved the English post while its translations were on the way.
    Changed,
}

/// One thing a run reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Another run holds the lock: this one waits.
    WaitingForLock,
    /// Ctrl-C: no new requests; the posts already translated are finished.
    Interrupted,
    /// A new post took over the state of the old one it was renamed from.
    Renamed { from: String, to: String },
    /// The English post `path` was left as it is (at `line` when the reason has one).
    Held {
        path: String,
        line: Option<usize>,
        why: Hold,
    },
    /// A hand edit whose Korean is gone, kept in the state only.
    RemovedEdit {
        path: String,
        line: usize,
        text: String,
    },
    /// The English post `path` was written.
    Wrote { path: String },
    /// The post `path` waits for provider batch job `job` before it is written.
    BatchWaiting { path: String, job: String },
    /// A dry run's result line: what one post would send.
    DryPost {
        source: String,
        target: String,
        segments: usize,
        chars: usize,
    },
}

impl Event {
    /// A warning (shown even with `-q`) rather than a note.
    pub fn is_warning(&self) -> bool {
        matches!(self, Event::Held { .. } | Event::RemovedEdit { .. })
    }

    /// Only worth a line with `-v`.
    pub fn is_verbose(&self) -> bool {
        matches!(self, Event::Wrote { .. } | Event::BatchWaiting { .. })
    }

    /// The Fluent message and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Event::WaitingForLock => ("note-waiting-for-lock", vec![]),
            Event::Interrupted => ("note-interrupted", vec![]),
            Event::Renamed { from, to } => (
                "note-renamed",
                vec![("from", from.clone()), ("to", to.clone())],
            ),
            Event::Held { path, line, why } => {
                let id = match why {
                    Hold::Misaligned => "warn-held-misaligned",
                    Hold::Untracked => "warn-held-untracked",
                    Hold::EnglishOnly => "warn-held-english-only",
                    Hold::Changed => "warn-held-changed",
                };
                let mut args = vec![("path", path.clone())];
                args.extend(line.map(|l| ("line", l.to_string())));
                (id, args)
            }
            Event::RemovedEdit { path, line, text } => (
                "warn-removed-edit",
                vec![
                    ("path", path.clone()),
                    ("line", line.to_string()),
                    ("text", text.clone()),
                ],
            ),
            Event::BatchWaiting { path, job } => (
                "note-batch-waiting",
                vec![("path", path.clone()), ("job", job.clone())],
            ),
            Event::Wrote { path } => ("translate-wrote", vec![("path", path.clone())]),
            Event::DryPost {
                source,
                target,
                segments,
                chars,
            } => (
                "translate-dry-post",
                vec![
                    ("source", source.clone()),
                    ("target", target.clone()),
                    ("segments", segments.to_string()),
                    ("chars", chars.to_string()),
                ],
            ),
        }
    }
}
