//! A state file's text. Version 2 is written: one line per segment, so a one-paragraph edit
//! is a one-line diff; the English of an entry is left out when the written post holds it
//! (found there by its `hash`, see [`super::PostState::fill_english`]); an entry's `id`,
//! `state` and `origin` are left out when they are the file's defaults. Version 1 (a table
//! per segment, with its English) is still read, and written again as version 2.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::{PostState, Previous, SegmentState, Status, written_hash};
use crate::document::{SegmentId, SegmentKind, id_hash};

/// The start of the line that opens the segment list of a version 2 file: the header ends
/// there, as a version 1 header ends at the first `[[`.
pub const SEGMENTS: &str = "segment = [";

/// A segment's kind as version 2 writes it: short, for it is on every line.
#[derive(Debug, Clone, Copy, Deserialize)]
enum Kind {
    #[serde(rename = "h")]
    Heading,
    #[serde(rename = "p")]
    Paragraph,
    #[serde(rename = "li")]
    ListItem,
    #[serde(rename = "td")]
    TableCell,
    #[serde(rename = "quote")]
    Blockquote,
    #[serde(rename = "note")]
    Footnote,
    #[serde(rename = "alt")]
    Alt,
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "fm")]
    FrontMatter,
}

impl From<Kind> for SegmentKind {
    fn from(k: Kind) -> SegmentKind {
        match k {
            Kind::Heading => SegmentKind::Heading,
            Kind::Paragraph => SegmentKind::Paragraph,
            Kind::ListItem => SegmentKind::ListItem,
            Kind::TableCell => SegmentKind::TableCell,
            Kind::Blockquote => SegmentKind::Blockquote,
            Kind::Footnote => SegmentKind::Footnote,
            Kind::Alt => SegmentKind::Alt,
            Kind::Title => SegmentKind::Title,
            Kind::FrontMatter => SegmentKind::FrontMatter,
        }
    }
}

fn short(k: SegmentKind) -> &'static str {
    match k {
        SegmentKind::Heading => "h",
        SegmentKind::Paragraph => "p",
        SegmentKind::ListItem => "li",
        SegmentKind::TableCell => "td",
        SegmentKind::Blockquote => "quote",
        SegmentKind::Footnote => "note",
        SegmentKind::Alt => "alt",
        SegmentKind::Title => "title",
        SegmentKind::FrontMatter => "fm",
    }
}

#[derive(Deserialize)]
struct File {
    version: u32,
    source: String,
    target: String,
    lang: String,
    source_hash: String,
    target_hash: String,
    #[serde(default)]
    qa: String,
    #[serde(default)]
    qa_findings: usize,
    #[serde(default)]
    renamed_from: Option<String>,
    #[serde(default)]
    counts: BTreeMap<Status, usize>,
    /// The state and origin of every entry that names none.
    #[serde(default)]
    state: Option<Status>,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    segment: Vec<Entry>,
    #[serde(default)]
    removed: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    id: Option<SegmentId>,
    kind: Kind,
    #[serde(default)]
    state: Option<Status>,
    #[serde(default)]
    origin: Option<String>,
    hash: String,
    #[serde(default)]
    terms: Option<String>,
    #[serde(default)]
    raw: bool,
    source: String,
    #[serde(default)]
    target: Option<String>,
    #[serde(default, deserialize_with = "Previous::deserialize_optional")]
    previous: Option<Previous>,
}

fn missing(what: &str) -> toml::de::Error {
    <toml::de::Error as serde::de::Error>::custom(format!(
        "an entry has no `{what}` and the file no default"
    ))
}

impl Entry {
    fn into_state(
        self,
        state: Option<Status>,
        origin: Option<&String>,
    ) -> Result<SegmentState, toml::de::Error> {
        Ok(SegmentState {
            id: self.id.unwrap_or_else(|| SegmentId(id_hash(&self.source))),
            kind: self.kind.into(),
            state: self.state.or(state).ok_or_else(|| missing("state"))?,
            origin: self
                .origin
                .or_else(|| origin.cloned())
                .ok_or_else(|| missing("origin"))?,
            source: self.source,
            target: self.target.unwrap_or_default(),
            raw: self.raw,
            target_hash: self.hash,
            terms: self.terms,
            previous: self.previous,
        })
    }
}

/// The version a state file says it is, read from its header lines; `None` without one.
fn version(text: &str) -> Option<u32> {
    text.lines()
        .take_while(|l| !l.starts_with("[[") && !l.starts_with(SEGMENTS))
        .find_map(|l| l.strip_prefix("version = ")?.trim().parse().ok())
}

/// Parses a state file of either version.
pub fn read(text: &str) -> Result<PostState, toml::de::Error> {
    if version(text) == Some(1) {
        return toml::from_str(text);
    }
    let f: File = toml::from_str(text)?;
    let entries = |list: Vec<Entry>| -> Result<Vec<SegmentState>, toml::de::Error> {
        list.into_iter()
            .map(|e| e.into_state(f.state, f.origin.as_ref()))
            .collect()
    };
    Ok(PostState {
        version: f.version,
        source: f.source,
        target: f.target,
        lang: f.lang,
        source_hash: f.source_hash,
        target_hash: f.target_hash,
        qa: f.qa,
        qa_findings: f.qa_findings,
        renamed_from: f.renamed_from,
        counts: f.counts,
        segments: entries(f.segment)?,
        removed: entries(f.removed)?,
    })
}

/// A TOML basic string: one line whatever the text holds.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn key(out: &mut String, first: &mut bool, k: &str, v: &str) {
    out.push_str(if *first { "{ " } else { ", " });
    *first = false;
    out.push_str(k);
    out.push_str(" = ");
    string(out, v);
}

/// The value most entries have (the first in order on a tie): the file's default.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let top = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == top).map(|(v, _)| v)
}

/// Whether the written post holds this entry's English, found by its hash: then the file
/// need not (an English not known is left to the post as it was). A person's Markdown
/// (`raw`) is always kept.
fn in_post(e: &SegmentState) -> bool {
    !e.raw && (!e.has_english() || written_hash(&e.target) == e.target_hash)
}

/// The fields after the fixed ones, shared by an entry and its `previous`: terms, raw, the
/// Korean and, when the file keeps it, the English.
fn texts(out: &mut String, terms: Option<&String>, raw: bool, source: &str, target: Option<&str>) {
    let mut first = false;
    if let Some(t) = terms {
        key(out, &mut first, "terms", t);
    }
    if raw {
        out.push_str(", raw = true");
    }
    key(out, &mut first, "source", source);
    if let Some(t) = target {
        key(out, &mut first, "target", t);
    }
}

fn previous(out: &mut String, p: &Previous) {
    let mut first = true;
    key(out, &mut first, "id", &p.id.0);
    key(out, &mut first, "state", p.state.as_str());
    key(out, &mut first, "origin", &p.origin);
    texts(out, p.terms.as_ref(), p.raw, &p.source, Some(&p.target));
    out.push_str(" }");
}

/// One entry's line: what differs from the file's defaults, fixed-width fields first.
fn entry(out: &mut String, e: &SegmentState, defaults: (Option<&str>, Option<&str>), live: bool) {
    let mut first = true;
    out.push_str("  ");
    if e.id.0 != id_hash(&e.source) {
        key(out, &mut first, "id", &e.id.0);
    }
    key(out, &mut first, "kind", short(e.kind));
    if defaults.0 != Some(e.state.as_str()) {
        key(out, &mut first, "state", e.state.as_str());
    }
    if defaults.1 != Some(e.origin.as_str()) {
        key(out, &mut first, "origin", &e.origin);
    }
    key(out, &mut first, "hash", &e.target_hash);
    let target = (!(live && in_post(e))).then_some(e.target.as_str());
    texts(out, e.terms.as_ref(), e.raw, &e.source, target);
    if let Some(p) = &e.previous {
        out.push_str(", previous = ");
        previous(out, p);
    }
    out.push_str(" },\n");
}

/// The text of a state file, without its digest line (see [`super::verify::seal`]).
pub fn write(st: &PostState) -> String {
    let mut out = format!(
        "# l10n state for {} ({}): written by l10n, see docs/STATE.md\n",
        st.target, st.lang
    );
    let _ = writeln!(out, "version = {}", super::VERSION);
    for (k, v) in [
        ("source", &st.source),
        ("target", &st.target),
        ("lang", &st.lang),
        ("source_hash", &st.source_hash),
        ("target_hash", &st.target_hash),
        ("qa", &st.qa),
    ] {
        out.push_str(k);
        out.push_str(" = ");
        string(&mut out, v);
        out.push('\n');
    }
    let _ = writeln!(out, "qa_findings = {}", st.qa_findings);
    if let Some(r) = &st.renamed_from {
        out.push_str("renamed_from = ");
        string(&mut out, r);
        out.push('\n');
    }
    out.push_str("counts = {");
    for (i, (s, n)) in st.counts.iter().enumerate() {
        let _ = write!(
            out,
            "{} {} = {n}",
            if i == 0 { "" } else { "," },
            s.as_str()
        );
    }
    out.push_str(if st.counts.is_empty() { "}\n" } else { " }\n" });
    let state = most_common(st.segments.iter().map(|e| e.state.as_str()));
    let origin = most_common(st.segments.iter().map(|e| e.origin.as_str()));
    for (k, v) in [("state", state), ("origin", origin)] {
        if let Some(v) = v {
            out.push_str(k);
            out.push_str(" = ");
            string(&mut out, v);
            out.push('\n');
        }
    }
    out.push_str(SEGMENTS);
    out.push('\n');
    for e in &st.segments {
        entry(&mut out, e, (state, origin), true);
    }
    out.push_str("]\n");
    if !st.removed.is_empty() {
        out.push_str("removed = [\n");
        for e in &st.removed {
            entry(&mut out, e, (state, origin), false);
        }
        out.push_str("]\n");
    }
    out
}

/// Where the segment line after the first `n` starts: cutting there, with the list closed,
/// is a file cut after its `n`th segment that is still TOML.
#[cfg(test)]
pub fn segment_line(text: &str, n: usize) -> usize {
    let list = text.find(SEGMENTS).expect("a segment list");
    let first = list + text[list..].find('\n').expect("a line") + 1;
    let mut at = first;
    for _ in 0..n {
        at += text[at..].find('\n').expect("a segment line") + 1;
    }
    at
}
