//! The document model: a post becomes segments a backend can translate, and translated
//! segments go back into a post that differs from the source only where text changed.
//!
//! Pure: bytes in, values out. No IO.

mod escape;
mod front_matter;
mod markdown;
mod protect;
pub mod tags;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
pub use escape::reply_problem;
pub use front_matter::{FrontMatter, ScalarStyle};
/// The Markdown dialect, for tests and tools that render what l10n segments.
pub use markdown::options as markdown_options;
use tags::{Token, check_tags, tokenize};

/// Posts larger than this are refused rather than segmented; a digest is a few dozen KB.
pub const MAX_POST_BYTES: usize = 32 * 1024 * 1024;

/// Options that shape segmentation.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Front-matter keys whose values are translated.
    pub translatable_keys: Vec<String>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            translatable_keys: ["title", "description", "excerpt", "summary"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// Content-derived id: BLAKE3 of the normalized text, plus `-N` for the N-th repeat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentId(pub String);

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of block a segment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    Blockquote,
    Footnote,
    Alt,
    Title,
    FrontMatter,
}

impl SegmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Heading => "heading",
            SegmentKind::Paragraph => "paragraph",
            SegmentKind::ListItem => "list_item",
            SegmentKind::TableCell => "table_cell",
            SegmentKind::Blockquote => "blockquote",
            SegmentKind::Footnote => "footnote",
            SegmentKind::Alt => "alt",
            SegmentKind::Title => "title",
            SegmentKind::FrontMatter => "front_matter",
        }
    }
}

/// A piece of a segment's source: words, or markup a tag stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(Range<usize>),
    Open(u32, Range<usize>),
    Close(u32, Range<usize>),
    Atom(u32, Range<usize>),
    /// A line break plus the next line's prefix (`> `, indentation).
    Break(Range<usize>),
    /// The end (`]`, `][]`) of a reference whose text is its label: the close of pair N, or
    /// of the whole segment (alt text). Rendered as `][label]` once the text changed.
    Label(Option<u32>, Range<usize>, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Inline(Vec<Piece>),
    Scalar(ScalarStyle),
}

/// One translatable unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: SegmentId,
    pub kind: SegmentKind,
    /// 1-based line of the segment's first byte in the file.
    pub line: usize,
    /// Byte range in the file that the translation replaces.
    pub range: Range<usize>,
    /// Words and inline tags: what a backend sees.
    pub text: String,
    /// The front-matter key, for front-matter segments.
    pub key: Option<String>,
    pub(crate) body: Body,
}

/// A parsed post.
#[derive(Debug, Clone)]
pub struct Document {
    source: String,
    front_matter: Option<FrontMatter>,
    segments: Vec<Segment>,
    /// Segment index by id.
    index: HashMap<SegmentId, usize>,
    line_starts: Vec<usize>,
}

/// Why a post could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    TooLarge {
        path: String,
        size: usize,
        limit: usize,
    },
    InvalidUtf8 {
        path: String,
        offset: usize,
        line: usize,
    },
    Binary {
        path: String,
        offset: usize,
        line: usize,
    },
    UnterminatedFrontMatter {
        path: String,
        line: usize,
    },
    InvalidYaml {
        path: String,
        line: usize,
        column: usize,
        detail: crate::diag::Detail,
    },
    FrontMatterNotMapping {
        path: String,
        line: usize,
    },
    /// Git's conflict markers from a merge without l10n's drivers: never segmented (and so
    /// never overwritten) until resolved.
    Conflict {
        path: String,
        line: usize,
    },
}

impl Diagnostic for DocumentError {
    fn id(&self) -> &'static str {
        match self {
            DocumentError::TooLarge { .. } => "err-too-large",
            DocumentError::InvalidUtf8 { .. } => "err-invalid-utf8",
            DocumentError::Binary { .. } => "err-binary",
            DocumentError::UnterminatedFrontMatter { .. } => "err-unterminated-front-matter",
            DocumentError::InvalidYaml { .. } => "err-invalid-yaml",
            DocumentError::FrontMatterNotMapping { .. } => "err-front-matter-not-mapping",
            DocumentError::Conflict { .. } => "err-merge-conflict",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            DocumentError::TooLarge { path, size, limit } => vec![
                ("path", path.clone()),
                ("size", size.to_string()),
                ("limit", limit.to_string()),
            ],
            DocumentError::InvalidUtf8 { path, offset, line }
            | DocumentError::Binary { path, offset, line } => vec![
                ("path", path.clone()),
                ("offset", offset.to_string()),
                ("line", line.to_string()),
            ],
            DocumentError::UnterminatedFrontMatter { path, line }
            | DocumentError::FrontMatterNotMapping { path, line }
            | DocumentError::Conflict { path, line } => {
                vec![("path", path.clone()), ("line", line.to_string())]
            }
            DocumentError::InvalidYaml {
                path, line, column, ..
            } => vec![
                ("path", path.clone()),
                ("line", line.to_string()),
                ("column", column.to_string()),
            ],
        }
    }

    fn detail(&self) -> Option<&crate::diag::Detail> {
        match self {
            DocumentError::InvalidYaml { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

crate::english_display!(DocumentError);

/// Why a translation could not be put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    pub path: String,
    pub line: usize,
    pub segment: SegmentId,
    pub tag: String,
    pub problem: tags::TagProblem,
}

impl Diagnostic for MergeError {
    fn id(&self) -> &'static str {
        "err-tag-mismatch"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("line", self.line.to_string()),
            ("segment", self.segment.0.clone()),
            ("tag", self.tag.clone()),
            ("problem", self.problem.code().to_owned()),
        ]
    }
}

crate::english_display!(MergeError);

fn line_of(line_starts: &[usize], offset: usize) -> usize {
    line_starts.partition_point(|&s| s <= offset)
}

fn compute_line_starts(text: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr_iter(b'\n', text).map(|i| i + 1));
    v
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

/// Decodes a post's bytes: size limit, UTF-8 with the failing offset, no NUL bytes.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    if bytes.len() > MAX_POST_BYTES {
        return Err(DocumentError::TooLarge {
            path: path.to_owned(),
            size: bytes.len(),
            limit: MAX_POST_BYTES,
        });
    }
    let line_at = |offset: usize| 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(DocumentError::Binary {
            path: path.to_owned(),
            offset,
            line: line_at(offset),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let offset = e.valid_up_to();
            Err(DocumentError::InvalidUtf8 {
                path: path.to_owned(),
                offset,
                line: line_at(offset),
            })
        }
    }
}

/// Normalized text for ids: NFC, one space for any run of whitespace, trimmed.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    // Composing is most of the cost of a check, and text (precomposed Hangul included)
    // is almost always NFC already: the quick check says so without composing.
    let nfc: std::borrow::Cow<str> = match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.into(),
        _ => text.nfc().collect::<String>().into(),
    };
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A Hangul letter: a syllable, a conjoining jamo or a compatibility jamo (ㅋ).
pub fn is_hangul(c: char) -> bool {
    is_hangul_syllable(c) || matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// A precomposed Hangul syllable (가–힣): what a Korean word is written in.
pub fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The hash part of a segment id for `text`: normalized, so an id survives whitespace
/// and CRLF changes.
pub fn id_hash(text: &str) -> String {
    blake3::hash(normalize(text).as_bytes()).to_hex()[..16].to_owned()
}

impl Document {
    /// Parses a post. `path` only labels errors.
    pub fn parse(path: &str, bytes: &[u8], opts: &ParseOptions) -> Result<Document, DocumentError> {
        let source = decode(path, bytes)?;
        Document::parse_str(path, source, opts)
    }

    pub fn parse_str(
        path: &str,
        source: String,
        opts: &ParseOptions,
    ) -> Result<Document, DocumentError> {
        if let Some(line) = crate::merge::markers::conflict_line(source.as_bytes()) {
            return Err(DocumentError::Conflict {
                path: path.to_owned(),
                line,
            });
        }
        let line_starts = compute_line_starts(source.as_bytes());
        let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = front_matter::parse(path, &source, bom, &line_starts)?;
        let body_start = front_matter.as_ref().map_or(bom, |f| f.end);
        let mut raw = Vec::new();
        if let Some(fm) = &front_matter {
            raw.extend(fm.segments(&opts.translatable_keys));
        }
        raw.extend(markdown::segments(&source, body_start));
        raw.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
        let hashes: Vec<String> = raw.iter().map(|r| id_hash(&r.text)).collect();
        let ids = repeat_ids(&raw, &hashes);
        let segments = raw
            .into_iter()
            .zip(ids)
            .map(|(r, id)| Segment {
                id: SegmentId(id),
                kind: r.kind,
                line: line_of(&line_starts, r.range.start),
                range: r.range,
                text: r.text,
                key: r.key,
                body: r.body,
            })
            .collect::<Vec<Segment>>();
        let index = segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Ok(Document {
            source,
            front_matter,
            segments,
            index,
            line_starts,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The segment with this id.
    pub fn segment(&self, id: &SegmentId) -> Option<&Segment> {
        self.index.get(id).map(|&i| &self.segments[i])
    }

    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// Byte offset where the Markdown body starts (after the BOM and front matter).
    pub fn body_start(&self) -> usize {
        match &self.front_matter {
            Some(f) => f.end,
            None if self.source.starts_with('\u{feff}') => 3,
            None => 0,
        }
    }

    /// Top-level blocks of the body, in order: what pulldown-cmark sees as blocks, plus
    /// runs of other non-blank lines (link reference definitions, which it swallows).
    pub fn blocks(&self) -> Vec<Range<usize>> {
        use pulldown_cmark::{Event, Parser};
        let start = self.body_start();
        let body = &self.source[start..];
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut depth = 0usize;
        let mut open = 0;
        for (ev, r) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
            match ev {
                Event::Start(_) => {
                    if depth == 0 {
                        open = r.start;
                    }
                    depth += 1;
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        out.push(start + open..start + r.end);
                    }
                }
                _ if depth == 0 => out.push(start + r.start..start + r.end),
                _ => {}
            }
        }
        out.sort_by_key(|r| r.start);
        let mut gaps: Vec<Range<usize>> = Vec::new();
        let mut pos = start;
        let mut next = 0;
        for line in self.source[start..].split_inclusive('\n') {
            let r = pos..pos + line.len();
            pos = r.end;
            // Blocks are sorted and lines come in order: skip the blocks already behind.
            while next < out.len() && out[next].end <= r.start {
                next += 1;
            }
            let covered = out[next..]
                .iter()
                .take_while(|b| b.start < r.end)
                .any(|b| r.start < b.end);
            if covered || line.trim().is_empty() {
                continue;
            }
            match gaps.last_mut() {
                Some(g) if g.end == r.start => g.end = r.end,
                _ => gaps.push(r),
            }
        }
        out.extend(gaps);
        out.sort_by_key(|r| r.start);
        out
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        line_of(&self.line_starts, offset)
    }

    /// The line ending the file uses (CRLF if its first line ends so).
    pub fn newline(&self) -> &'static str {
        match self.source.find('\n') {
            Some(i) if i > 0 && self.source.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// Rebuilds the post with `translations` (by segment id) in place of the source text.
    /// Segments without a translation keep their source bytes. `extra_keys` are set in the
    /// front matter (added, or replacing a value), e.g. `lang: en` for a target.
    pub fn render(
        &self,
        path: &str,
        translations: &HashMap<SegmentId, String>,
        extra_keys: &[(String, String)],
    ) -> Result<String, MergeError> {
        self.render_lookup(path, translations, extra_keys)
    }

    /// Like [`Document::render`], where a replacement may also be verbatim Markdown (a
    /// hand edit taken from an English post, spliced in as the editor wrote it).
    pub fn render_with(
        &self,
        path: &str,
        replacements: &HashMap<SegmentId, Replacement>,
        extra_keys: &[(String, String)],
    ) -> Result<String, MergeError> {
        self.render_lookup(path, replacements, extra_keys)
    }

    fn render_lookup(
        &self,
        path: &str,
        tr: &dyn Lookup,
        extra_keys: &[(String, String)],
    ) -> Result<String, MergeError> {
        for seg in &self.segments {
            if let Some(Repl::Text(t)) = tr.lookup(&seg.id) {
                check_tags(&seg.text, t).map_err(|(tag, problem)| MergeError {
                    path: path.to_owned(),
                    line: seg.line,
                    segment: seg.id.clone(),
                    tag,
                    problem,
                })?;
            }
        }
        let mut out = String::with_capacity(self.source.len() + self.source.len() / 2);
        let mut pos = 0;
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        if let Some(fm) = &self.front_matter {
            edits.extend(fm.key_edits(extra_keys, self.newline()));
        } else if !extra_keys.is_empty() {
            let nl = self.newline();
            let bom = if self.source.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            let mut block = format!("---{nl}");
            for (k, v) in extra_keys {
                block.push_str(&format!("{k}: {}{nl}", front_matter::yaml_scalar(v)));
            }
            block.push_str(&format!("---{nl}"));
            edits.push((bom..bom, block));
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut edits = edits.into_iter().peekable();
        let top: Vec<&Segment> = self.top_level().collect();
        for seg in top {
            while let Some((r, _)) = edits.peek() {
                if r.start > seg.range.start {
                    break;
                }
                let (r, text) = edits.next().expect("peeked");
                out.push_str(&self.source[pos..r.start]);
                out.push_str(&text);
                pos = r.end;
            }
            out.push_str(&self.source[pos..seg.range.start]);
            self.render_segment(seg, tr, &mut out);
            pos = seg.range.end;
        }
        for (r, text) in edits {
            out.push_str(&self.source[pos..r.start]);
            out.push_str(&text);
            pos = r.end;
        }
        out.push_str(&self.source[pos..]);
        Ok(out)
    }

    /// The Markdown for one segment with `text` as its translation (tags resolved against
    /// this document's markup), for splicing into a post that lines up with this one.
    pub fn render_one(
        &self,
        path: &str,
        id: &SegmentId,
        text: &str,
    ) -> Result<Option<String>, MergeError> {
        let Some(seg) = self.segment(id) else {
            return Ok(None);
        };
        if let Body::Inline(_) = seg.body {
            check_tags(&seg.text, text).map_err(|(tag, problem)| MergeError {
                path: path.to_owned(),
                line: seg.line,
                segment: seg.id.clone(),
                tag,
                problem,
            })?;
        }
        let one: HashMap<SegmentId, String> = HashMap::from([(id.clone(), text.to_owned())]);
        let mut out = String::new();
        self.render_segment(seg, &one, &mut out);
        Ok(Some(out))
    }

    /// The Markdown each inline tag of `seg` stands for in this post (`<g1>` → `**`,
    /// `</g2>` → `](https://…)`): review shows editors this, never the tags.
    pub fn tag_markup(&self, seg: &Segment) -> Vec<(String, String)> {
        let Body::Inline(pieces) = &seg.body else {
            return Vec::new();
        };
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Open(n, r) => Some((format!("<g{n}>"), r)),
                Piece::Close(n, r) => Some((format!("</g{n}>"), r)),
                Piece::Atom(n, r) => Some((format!("<x{n}/>"), r)),
                Piece::Text(_) | Piece::Break(_) | Piece::Label(..) => None,
            })
            .filter_map(|(tag, r)| self.source.get(r.clone()).map(|s| (tag, s.to_owned())))
            .collect()
    }

    /// Segments not nested inside another segment (alt text and link titles nest).
    fn top_level(&self) -> impl Iterator<Item = &Segment> {
        let mut end = 0;
        self.segments.iter().filter(move |s| {
            if s.range.start >= end {
                end = s.range.end;
                true
            } else {
                false
            }
        })
    }

    fn render_segment(&self, seg: &Segment, tr: &dyn Lookup, out: &mut String) {
        match (&seg.body, tr.lookup(&seg.id)) {
            (_, Some(Repl::Raw(raw))) => out.push_str(raw),
            (Body::Scalar(style), Some(Repl::Text(t))) if t != seg.text => {
                out.push_str(&front_matter::encode_scalar(t, *style));
            }
            // The source's own words are already Markdown: an identity translation is the
            // source, byte for byte.
            (Body::Inline(pieces), Some(Repl::Text(t))) if *t != seg.text => {
                self.render_inline(pieces, seg.kind, t, tr, out)
            }
            _ => self.render_range(seg.range.clone(), Some(&seg.id), tr, out),
        }
    }

    /// Source bytes of `range`, with any nested segment inside it rendered.
    fn render_range(
        &self,
        range: Range<usize>,
        exclude: Option<&SegmentId>,
        tr: &dyn Lookup,
        out: &mut String,
    ) {
        let mut pos = range.start;
        let first = self
            .segments
            .partition_point(|s| s.range.start < range.start);
        for seg in &self.segments[first..] {
            if seg.range.start >= range.end {
                break;
            }
            if Some(&seg.id) == exclude || seg.range.start < pos || seg.range.end > range.end {
                continue;
            }
            if tr.lookup(&seg.id).is_some() {
                out.push_str(&self.source[pos..seg.range.start]);
                self.render_segment(seg, tr, out);
                pos = seg.range.end;
            }
        }
        out.push_str(&self.source[pos..range.end]);
    }

    fn render_inline(
        &self,
        pieces: &[Piece],
        kind: SegmentKind,
        translation: &str,
        tr: &dyn Lookup,
        out: &mut String,
    ) {
        let mut tag_ranges: HashMap<(u8, u32), Range<usize>> = HashMap::new();
        let mut labels: HashMap<Option<u32>, (&Range<usize>, &str)> = HashMap::new();
        let mut opened: HashMap<u32, usize> = HashMap::new();
        let start = out.len();
        let mut breaks = Vec::new();
        for p in pieces {
            match p {
                Piece::Label(n, r, label) => {
                    labels.insert(*n, (r, label));
                    if let Some(n) = n {
                        tag_ranges.insert((b'c', *n), r.clone());
                    }
                }
                Piece::Open(n, r) => {
                    tag_ranges.insert((b'o', *n), r.clone());
                }
                Piece::Close(n, r) => {
                    tag_ranges.insert((b'c', *n), r.clone());
                }
                Piece::Atom(n, r) => {
                    tag_ranges.insert((b'a', *n), r.clone());
                }
                Piece::Break(r) => breaks.push(r.clone()),
                Piece::Text(_) => {}
            }
        }
        let title = (kind == SegmentKind::Title)
            .then(|| pieces.first())
            .flatten()
            .and_then(|p| match p {
                Piece::Text(r) | Piece::Break(r) => r.start.checked_sub(1),
                _ => None,
            })
            .map(|i| self.source.as_bytes()[i]);
        let mut next_break = 0;
        let mut line_start = true;
        // The previous token was a bare URL that a glued word would extend.
        let mut after_url = false;
        for token in escape::tidy(tokenize(translation)) {
            let key = match token {
                Token::Text(s) => {
                    if after_url && s.chars().next().is_some_and(|c| !escape::may_follow_url(c)) {
                        out.push(' ');
                    }
                    if let Some(d) = title {
                        escape_title(s, d, out);
                    } else {
                        escape::escape_text(s, line_start, out);
                    }
                    line_start = false;
                    after_url = false;
                    continue;
                }
                Token::Newline => {
                    match breaks.get(next_break).or(breaks.last()) {
                        Some(r) => out.push_str(&self.source[r.clone()]),
                        None => out.push(' '),
                    }
                    next_break += 1;
                    line_start = !breaks.is_empty();
                    after_url = false;
                    continue;
                }
                Token::Open(n) => (b'o', n),
                Token::Close(n) => (b'c', n),
                Token::Atom(n) => (b'a', n),
            };
            line_start = false;
            if let Some(r) = tag_ranges.get(&key) {
                if key.0 == b'c'
                    && let (Some((end, label)), Some(from), Some(open)) = (
                        labels.get(&Some(key.1)),
                        opened.get(&key.1),
                        tag_ranges.get(&(b'o', key.1)),
                    )
                {
                    self.close_reference(open.end..end.start, *from, end, label, out);
                    after_url = false;
                    continue;
                }
                let url = key.0 == b'a' && escape::is_bare_url(&self.source[r.clone()]);
                if url
                    && out
                        .chars()
                        .next_back()
                        .is_some_and(|c| !escape::may_precede_url(c))
                {
                    out.push(' ');
                }
                self.render_range(r.clone(), None, tr, out);
                after_url = url;
                if key.0 == b'o' {
                    opened.insert(key.1, out.len());
                }
            }
        }
        if let (Some((end, label)), Some(first)) = (labels.get(&None), pieces.first()) {
            let words = match first {
                Piece::Text(r) | Piece::Break(r) => r.start..end.start,
                _ => end.start..end.start,
            };
            self.close_reference(words, start, end, label, out);
        }
    }

    /// Ends a reference whose text is its label: as written while the text is the source's,
    /// as a full reference (`][label]`) once it changed, so the link still resolves.
    fn close_reference(
        &self,
        source_text: Range<usize>,
        from: usize,
        end: &Range<usize>,
        label: &str,
        out: &mut String,
    ) {
        if out.get(from..) == self.source.get(source_text) {
            out.push_str(&self.source[end.clone()]);
        } else {
            out.push_str("][");
            out.push_str(label);
            out.push(']');
        }
    }
}

/// A link or image title sits between `"`, `'` or parentheses: a reply's own quote mark
/// becomes its typographic form so the title stays one title (and one segment).
fn escape_title(s: &str, delimiter: u8, out: &mut String) {
    for c in s.chars() {
        match (c, delimiter) {
            ('"', b'"') => out.push('\u{201D}'),
            ('\'', b'\'') => out.push('\u{2019}'),
            (')', b'(') => out.push_str("\\)"),
            _ => out.push(c),
        }
    }
}

/// What replaces a segment's source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// Words and tags, like the segment's `text`.
    Text(String),
    /// Verbatim Markdown for the segment's byte range.
    Raw(String),
}

enum Repl<'a> {
    Text(&'a str),
    Raw(&'a str),
}

trait Lookup {
    fn lookup(&self, id: &SegmentId) -> Option<Repl<'_>>;
}

impl Lookup for HashMap<SegmentId, String> {
    fn lookup(&self, id: &SegmentId) -> Option<Repl<'_>> {
        self.get(id).map(|t| Repl::Text(t))
    }
}

impl Lookup for HashMap<SegmentId, Replacement> {
    fn lookup(&self, id: &SegmentId) -> Option<Repl<'_>> {
        self.get(id).map(|r| match r {
            Replacement::Text(t) => Repl::Text(t),
            Replacement::Raw(t) => Repl::Raw(t),
        })
    }
}

/// A segment before ids are assigned.
pub(crate) struct RawSegment {
    pub kind: SegmentKind,
    pub range: Range<usize>,
    pub text: String,
    pub key: Option<String>,
    pub body: Body,
}

/// Ids for segments in document order. A text that occurs once is its hash. A repeated text
/// (`### 요약` under every section) is told apart by the nearest heading above it whose text
/// is unique, and by `-N` only among repeats under that same heading: deleting an earlier
/// section changes no later id.
fn repeat_ids(raw: &[RawSegment], hashes: &[String]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for h in hashes {
        *count.entry(h.as_str()).or_default() += 1;
    }
    let mut heading = String::from("0000");
    let mut seen: HashMap<(String, &str), usize> = HashMap::new();
    raw.iter()
        .zip(hashes)
        .map(|(r, h)| {
            let unique = count.get(h.as_str()).copied().unwrap_or(0) <= 1;
            let id = if unique {
                h.clone()
            } else {
                let n = seen.entry((heading.clone(), h.as_str())).or_insert(0);
                *n += 1;
                if *n == 1 {
                    format!("{h}-{heading}")
                } else {
                    format!("{h}-{heading}-{n}")
                }
            };
            if r.kind == SegmentKind::Heading && unique {
                heading = h[..4].to_owned();
            }
            id
        })
        .collect()
}

/// True when `text` (tags removed) has at least one letter: `---`, dates and emoji are not
/// worth translating.
pub fn has_letters(text: &str) -> bool {
    tags::strip_tags(text).chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests;
