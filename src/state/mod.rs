//! Per-post state: what each English segment was translated from, by whom, and what l10n
//! last wrote, so reruns send only what changed and hand edits are recognised.
//!
//! The model here is pure; `store` is the file layer (paths, lock, atomic writes).

mod format;
pub mod store;
pub mod verify;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::document::{Document, SegmentId, SegmentKind};

/// The version this l10n writes; version 1 files are still read (see `format`).
pub const VERSION: u32 = 2;

/// The origin the pseudo backend records: its text is a placeholder, whatever its state says.
pub const PSEUDO_ORIGIN: &str = "pseudo";

/// Where a segment's English text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Written by a translation backend, not yet reviewed.
    Machine,
    /// Written by the offline pseudo backend: a placeholder, never a translation.
    Pseudo,
    /// Accepted by a reviewer.
    Reviewed,
    /// Changed by hand in the English post.
    Edited,
    /// Changed by hand, and the Korean source changed since: needs a human.
    StaleEdited,
    /// Written with `--partial` after the backend failed: the post holds the source text.
    Untranslated,
    /// A backend's translation whose error-level QA problems survived the corrective retry:
    /// in the post for a person to judge, retried alone by the next run.
    Flagged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Machine => "machine",
            Status::Pseudo => "pseudo",
            Status::Reviewed => "reviewed",
            Status::Edited => "edited",
            Status::StaleEdited => "stale-edited",
            Status::Untranslated => "untranslated",
            Status::Flagged => "flagged",
        }
    }

    /// A person has looked at or written this text.
    pub fn is_human(self) -> bool {
        matches!(
            self,
            Status::Reviewed | Status::Edited | Status::StaleEdited
        )
    }
}

/// One segment of a target post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentState {
    /// Id of the source segment (content hash of the current source text).
    pub id: SegmentId,
    pub kind: SegmentKind,
    pub state: Status,
    /// Which backend (and model) produced the text, or `human`.
    pub origin: String,
    /// The source text the English was made from; differs from the current source only
    /// for `stale-edited` segments, and is what review shows as the old side of a diff.
    pub source: String,
    /// The English text: tagged like the source, or, when `raw`, verbatim Markdown taken
    /// from a hand-edited post.
    pub target: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw: bool,
    /// Hash of the segment as it reads in the written English post; a different hash
    /// there means a hand edit.
    pub target_hash: String,
    /// Hash of the glossary terms matched in the source when it was translated: a changed
    /// term makes this segment (and only it) stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    /// The translation this one replaced, with what it was made from, for review's revert.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "Previous::deserialize_optional"
    )]
    pub previous: Option<Previous>,
}

/// A replaced translation as it stood, so review's revert can put back its state as well as
/// its text (stale again when the Korean has moved on since).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    /// The id of the source segment it was recorded under.
    pub id: SegmentId,
    pub state: Status,
    pub origin: String,
    /// The source text it was made from.
    pub source: String,
    /// Tagged text, or verbatim Markdown when `raw`.
    pub target: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

impl SegmentState {
    /// Records how the entry reads in the written English post. Tagged text the renderer
    /// wrote with Markdown escapes (`9\.`, `\>`, `\|`) is kept as written, which renders
    /// the same: then the post holds the entry's English exactly and its file need not.
    pub fn written_as(&mut self, text: &str) {
        self.target_hash = written_hash(text);
        if !self.raw && self.target != text && unescaped(text) == self.target {
            self.target = text.to_owned();
        }
    }

    /// Whether the English is known: a state file leaves it out when the written post holds
    /// it, and it stays unknown when that post was changed by hand since.
    pub fn has_english(&self) -> bool {
        !self.target.is_empty()
    }
}

impl From<&SegmentState> for Previous {
    fn from(e: &SegmentState) -> Previous {
        Previous {
            id: e.id.clone(),
            state: e.state,
            origin: e.origin.clone(),
            source: e.source.clone(),
            target: e.target.clone(),
            raw: e.raw,
            terms: e.terms.clone(),
        }
    }
}

impl Previous {
    /// Reads `previous`. Anything else, such as the bare string an older l10n wrote (text
    /// without its source or state), cannot be restored truthfully and is dropped: it only
    /// ever served an undo.
    fn deserialize_optional<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Previous>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Full(Previous),
            Other(serde::de::IgnoredAny),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Full(p) => Some(p),
            Stored::Other(_) => None,
        })
    }
}

/// The state of one target post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostState {
    pub version: u32,
    /// Repository-relative source path.
    pub source: String,
    /// Repository-relative target path.
    pub target: String,
    pub lang: String,
    /// BLAKE3 of the source file as last translated: when both file hashes match, the post
    /// is up to date without parsing it.
    pub source_hash: String,
    /// BLAKE3 of the target file as last written.
    pub target_hash: String,
    /// Fingerprint of the glossary and QA settings the post was last checked with, and how
    /// many findings that check had: a clean, untouched post needs no new check.
    #[serde(default)]
    pub qa: String,
    #[serde(default)]
    pub qa_findings: usize,
    /// The source this post was renamed from: its old English twin is reported as moved,
    /// not orphaned, and l10n never deletes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Segments per state. Derived from `segment`, kept in the header so `check` can
    /// answer for an untouched post from the first lines of this file.
    #[serde(default)]
    pub counts: BTreeMap<Status, usize>,
    #[serde(default, rename = "segment")]
    pub segments: Vec<SegmentState>,
    /// Text people wrote whose Korean was deleted from the post: kept so it is never lost,
    /// listed by `l10n memory`, and reused if that Korean comes back anywhere.
    #[serde(default, rename = "removed", skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<SegmentState>,
}

/// The first part of a state file: enough to tell whether a post is up to date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Header {
    pub version: u32,
    pub source: String,
    pub target: String,
    pub lang: String,
    pub source_hash: String,
    pub target_hash: String,
    #[serde(default)]
    pub qa: String,
    #[serde(default)]
    pub qa_findings: usize,
    #[serde(default)]
    pub counts: BTreeMap<Status, usize>,
}

impl Header {
    /// Parses the header of a state file: everything before the first `[[segment]]`.
    pub fn from_toml_prefix(prefix: &str) -> Result<Header, String> {
        toml::from_str(prefix).map_err(|e| e.to_string())
    }

    pub fn count(&self, s: Status) -> usize {
        self.counts.get(&s).copied().unwrap_or(0)
    }
}

/// Text without its Markdown backslash escapes.
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// BLAKE3 of bytes, as hex.
pub fn file_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Hash of the (source, target) glossary pairs a segment uses; `None` when it uses none.
pub fn terms_hash(pairs: &[(String, String)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    let mut h = blake3::Hasher::new();
    for (s, t) in pairs {
        h.update(s.as_bytes());
        h.update(b"\0");
        h.update(t.as_bytes());
        h.update(b"\0");
    }
    Some(h.finalize().to_hex()[..12].to_owned())
}

/// Hash of one segment's English exactly as written (edits in whitespace count): how a
/// hand edit is told from what l10n wrote.
pub fn written_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..16].to_owned()
}

impl PostState {
    /// A state not yet written: no file hashes, no QA fingerprint, counts from `segments`.
    pub fn new(source: &str, target: &str, lang: &str, segments: Vec<SegmentState>) -> PostState {
        let mut st = PostState {
            version: VERSION,
            source: source.to_owned(),
            target: target.to_owned(),
            lang: lang.to_owned(),
            source_hash: String::new(),
            target_hash: String::new(),
            qa: String::new(),
            qa_findings: 0,
            renamed_from: None,
            counts: BTreeMap::new(),
            segments,
            removed: Vec::new(),
        };
        st.recount();
        st
    }

    /// Recomputes `counts` from the segments.
    pub fn recount(&mut self) {
        self.counts.clear();
        for s in &self.segments {
            *self.counts.entry(s.state).or_default() += 1;
        }
    }

    /// The file's text, as the current version: see [`format`].
    pub fn to_toml(&self) -> String {
        verify::seal(&format::write(self))
    }

    /// Parses a state file of either version; the error keeps its span, for the file layer
    /// to give the line. An entry whose English the file left out has an empty `target`
    /// until [`PostState::fill_english`] finds it in the written post.
    pub fn from_toml(text: &str) -> Result<PostState, toml::de::Error> {
        let mut state = format::read(text)?;
        state.unapprove_placeholders();
        Ok(state)
    }

    /// Whether any entry still needs its English from the written post.
    pub fn lacks_english(&self) -> bool {
        self.segments.iter().any(|e| !e.has_english())
    }

    /// Fills the English the file left out from written posts that hold it: a segment whose
    /// hash is the entry's `target_hash` is the text l10n wrote (what [`crate::plan::line_up`]
    /// anchors on). An entry found in none keeps an empty `target`: its English was
    /// changed or deleted by hand since.
    pub fn fill_english(&mut self, posts: &[&Document]) {
        if !self.lacks_english() {
            return;
        }
        let mut by_hash: std::collections::HashMap<String, &str> = Default::default();
        for s in posts.iter().flat_map(|d| d.segments()) {
            by_hash.entry(written_hash(&s.text)).or_insert(&s.text);
        }
        for e in self.segments.iter_mut().filter(|e| !e.has_english()) {
            if let Some(t) = by_hash.get(&e.target_hash) {
                e.target = (*t).to_owned();
            }
        }
    }

    /// Placeholder text an older review recorded as `reviewed` (origin `pseudo`) is pseudo
    /// again: nobody can approve a placeholder, so it is never an example or memory, and
    /// `check` and `translate` treat it as the placeholder it is. The header's counts move
    /// with it, so a state that was consistent stays consistent.
    fn unapprove_placeholders(&mut self) {
        let placeholder =
            |state: Status, origin: &str| state == Status::Reviewed && origin == PSEUDO_ORIGIN;
        let mut moved = 0;
        for e in &mut self.segments {
            if placeholder(e.state, &e.origin) {
                e.state = Status::Pseudo;
                moved += 1;
            }
        }
        for p in self.segments.iter_mut().filter_map(|e| e.previous.as_mut()) {
            if placeholder(p.state, &p.origin) {
                p.state = Status::Pseudo;
            }
        }
        // What people wrote for deleted Korean is kept; a placeholder is not that.
        self.removed.retain(|e| !placeholder(e.state, &e.origin));
        if moved > 0 && !self.counts.is_empty() {
            if let Some(n) = self.counts.get_mut(&Status::Reviewed) {
                *n = n.saturating_sub(moved);
            }
            self.counts.retain(|_, n| *n > 0);
            *self.counts.entry(Status::Pseudo).or_default() += moved;
        }
    }

    pub fn get(&self, id: &SegmentId) -> Option<&SegmentState> {
        self.segments.iter().find(|s| &s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_round_trip_is_stable() {
        let s = PostState {
            version: VERSION,
            source: "posts/a.md".into(),
            target: "posts/en/a.md".into(),
            lang: "en".into(),
            source_hash: "aa".into(),
            target_hash: "bb".into(),
            qa: String::new(),
            qa_findings: 0,
            counts: BTreeMap::from([(Status::StaleEdited, 1)]),
            segments: vec![SegmentState {
                id: SegmentId("0123456789abcdef".into()),
                kind: SegmentKind::Paragraph,
                state: Status::StaleEdited,
                origin: "pseudo".into(),
                source: "에이전트가 \"따옴표\"\n둘째 줄".into(),
                target: "eijeonteuga".into(),
                raw: false,
                target_hash: "cc".into(),
                terms: None,
                previous: None,
            }],
            removed: vec![SegmentState {
                id: SegmentId("fedcba9876543210".into()),
                kind: SegmentKind::ListItem,
                state: Status::Edited,
                origin: "human".into(),
                source: "지워진 항목".into(),
                target: "- **Kept**: what a person wrote".into(),
                raw: true,
                target_hash: "dd".into(),
                terms: None,
                previous: None,
            }],
            renamed_from: Some("posts/old.md".into()),
        };
        let t = s.to_toml();
        assert!(t.contains("state = \"stale-edited\""), "{t}");
        let back = PostState::from_toml(&t).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.to_toml(), t);
        let prefix = &t[..t.find(format::SEGMENTS).unwrap()];
        let mut with_previous = s.clone();
        with_previous.segments[0].previous = Some(Previous::from(&s.segments[0]));
        let text = with_previous.to_toml();
        assert!(text.contains(", previous = { id = "), "{text}");
        assert_eq!(PostState::from_toml(&text).unwrap(), with_previous);
        // The bare string an older l10n wrote is dropped, not an error.
        let legacy = t.replace("hash = \"cc\"", "hash = \"cc\", previous = \"old\"");
        assert_eq!(PostState::from_toml(&legacy).unwrap(), s);
        let h = Header::from_toml_prefix(prefix).unwrap();
        assert_eq!(h.count(Status::StaleEdited), 1);
        assert_eq!(h.target_hash, "bb");
    }

    #[test]
    fn placeholder_text_recorded_as_reviewed_is_read_as_pseudo() {
        let seg = |state: Status, origin: &str| SegmentState {
            id: SegmentId("0123456789abcdef".into()),
            kind: SegmentKind::Paragraph,
            state,
            origin: origin.into(),
            source: "에이전트".into(),
            target: "eijeonteu".into(),
            raw: false,
            target_hash: "cc".into(),
            terms: None,
            previous: None,
        };
        // What an older review wrote after `a` on placeholder text.
        let mut approved = seg(Status::Reviewed, PSEUDO_ORIGIN);
        approved.previous = Some(Previous::from(&seg(Status::Reviewed, PSEUDO_ORIGIN)));
        let mut st = PostState::new(
            "posts/a.md",
            "posts/en/a.md",
            "en",
            vec![approved, seg(Status::Reviewed, "openai:gpt-4o-mini")],
        );
        st.removed = vec![
            seg(Status::Reviewed, PSEUDO_ORIGIN),
            seg(Status::Edited, "human"),
        ];
        let back = PostState::from_toml(&st.to_toml()).unwrap();
        assert_eq!(back.segments[0].state, Status::Pseudo);
        assert_eq!(
            back.segments[0].previous.as_ref().map(|p| p.state),
            Some(Status::Pseudo)
        );
        assert_eq!(
            back.segments[1].state,
            Status::Reviewed,
            "a real translation stays"
        );
        assert_eq!(
            back.counts,
            BTreeMap::from([(Status::Pseudo, 1), (Status::Reviewed, 1)])
        );
        assert_eq!(verify::validate(&back), Ok(()));
        assert_eq!(
            back.removed.len(),
            1,
            "a placeholder is not a person's text to keep"
        );
        assert_eq!(back.removed[0].origin, "human");
    }

    /// What l10n 0.x wrote before version 2: read, valid, and written again as version 2.
    const VERSION_1: &str = r###"# l10n state for posts/en/a.md (en): written by l10n, see docs/STATE.md
version = 1
source = "posts/a.md"
target = "posts/en/a.md"
lang = "en"
source_hash = ""
target_hash = ""
qa = ""
qa_findings = 0

[counts]
edited = 1
machine = 1

[[segment]]
id = "0123456789abcdef"
kind = "list_item"
state = "machine"
origin = "openai:gpt-4o-mini"
source = "<g1>산업적 영향</g1>: 폭스콘"
target = "<g1>Industry impact</g1>: Foxconn"
target_hash = "37ce4d2f6e3c3537"
terms = "1cbc58554046"

[segment.previous]
id = "0123456789abcdef"
state = "machine"
origin = "pseudo"
source = "<g1>산업적 영향</g1>: 폭스콘"
target = "<g1>saneopjeok yeonghyang</g1>: Foxconn"

[[segment]]
id = "fedcba9876543210"
kind = "heading"
state = "edited"
origin = "human"
source = "요약"
target = "## Summary, by hand"
raw = true
target_hash = "0b47d3ae3730c794"

[[removed]]
id = "aaaaaaaaaaaaaaaa"
kind = "paragraph"
state = "edited"
origin = "human"
source = "지워진 문단"
target = "Kept."
raw = true
target_hash = "dd"
"###;

    #[test]
    fn version_1_files_are_read_and_written_as_version_2() {
        let v1 = PostState::from_toml(VERSION_1).unwrap();
        assert_eq!(verify::validate(&v1), Ok(()));
        assert_eq!(v1.version, 1);
        assert_eq!(v1.segments[0].kind, SegmentKind::ListItem);
        assert_eq!(
            v1.segments[0].previous.as_ref().map(|p| p.target.as_str()),
            Some("<g1>saneopjeok yeonghyang</g1>: Foxconn")
        );
        assert_eq!(v1.removed[0].target, "Kept.");
        let text = v1.to_toml();
        assert!(
            text.contains("\nversion = 2\n") && text.contains("\nsegment = [\n"),
            "{text}"
        );
        assert_eq!(text.lines().filter(|l| l.starts_with("  { ")).count(), 3);
        let v2 = PostState::from_toml(&text).unwrap();
        assert_eq!(v2, PostState { version: 2, ..v1 });
        assert_eq!(v2.to_toml(), text);
    }

    #[test]
    fn english_the_post_holds_is_left_out_and_found_again() {
        let post = |s: &str| Document::parse("en.md", s.as_bytes(), &Default::default()).unwrap();
        let written = post("# Summary\n\nFoxconn *wins* the order.\n\nBy hand.\n");
        let t = written.segments();
        let entry = |i: usize, target: &str, raw: bool| SegmentState {
            id: SegmentId(crate::document::id_hash(&format!("가{i}"))),
            kind: t[i].kind,
            state: if raw { Status::Edited } else { Status::Machine },
            origin: if raw { "human" } else { "openai" }.into(),
            source: format!("가{i}"),
            target: target.into(),
            raw,
            target_hash: written_hash(&t[i].text),
            terms: None,
            previous: None,
        };
        let st = PostState::new(
            "posts/a.md",
            "posts/en/a.md",
            "en",
            vec![
                entry(0, &t[0].text, false),
                entry(1, &t[1].text, false),
                entry(2, "By hand.", true),
            ],
        );
        let text = st.to_toml();
        assert!(
            !text.contains("Summary") && !text.contains("wins"),
            "{text}"
        );
        assert!(text.contains("target = \"By hand.\""), "{text}");
        assert!(
            !text.contains("id = "),
            "ids are the hashes of their sources: {text}"
        );
        let mut back = PostState::from_toml(&text).unwrap();
        assert!(back.lacks_english() && !back.segments[0].has_english());
        back.fill_english(&[&written]);
        assert_eq!(back, st);
        // Changed by hand since: that English is nowhere, and stays unknown.
        let mut edited = PostState::from_toml(&text).unwrap();
        edited.fill_english(&[&post("# Summary\n\nFoxconn wins big.\n\nBy hand.\n")]);
        assert!(edited.segments[0].has_english() && !edited.segments[1].has_english());
    }

    #[test]
    fn entries_without_a_state_or_with_an_unknown_kind_are_errors() {
        let st = PostState::new(
            "posts/a.md",
            "posts/en/a.md",
            "en",
            vec![SegmentState {
                id: SegmentId("0123456789abcdef".into()),
                kind: SegmentKind::Paragraph,
                state: Status::Machine,
                origin: "openai".into(),
                source: "가".into(),
                target: "A".into(),
                raw: false,
                target_hash: "cc".into(),
                terms: None,
                previous: None,
            }],
        );
        let text = st.to_toml();
        let no_default = text.replace("state = \"machine\"\n", "");
        let e = PostState::from_toml(&no_default).unwrap_err();
        assert!(e.message().contains("`state`"), "{e}");
        let bad_kind = text.replace("kind = \"p\"", "kind = \"paragraph\"");
        let e = PostState::from_toml(&bad_kind).unwrap_err();
        assert!(
            e.span().is_some() && e.message().contains("unknown variant"),
            "{e}"
        );
    }
    #[test]
    fn english_written_with_escapes_is_kept_as_written() {
        let mut e = SegmentState {
            id: SegmentId("0123456789abcdef".into()),
            kind: SegmentKind::Heading,
            state: Status::Machine,
            origin: "openai".into(),
            source: "9. 분류 > 규제".into(),
            target: "9. Category > rules".into(),
            raw: false,
            target_hash: String::new(),
            terms: None,
            previous: None,
        };
        e.written_as("9\\. Category \\> rules");
        assert_eq!(e.target, "9\\. Category \\> rules");
        assert_eq!(e.target_hash, written_hash(&e.target));
        // Other words are another text: the entry keeps its own.
        e.written_as("9\\. Category \\> laws");
        assert_eq!(e.target, "9\\. Category \\> rules");
        let mut raw = SegmentState {
            raw: true,
            target: "## 9. Category".into(),
            ..e
        };
        raw.written_as("9\\. Category");
        assert_eq!(raw.target, "## 9. Category");
    }
}
