//! Markdown body → segments, from pulldown-cmark's offset iterator.
//!
//! Each run of inline content (a heading, a paragraph, a tight list item's text, a table
//! cell) becomes one segment. Inside it, everything that is not words is a span: a paired
//! delimiter (`**`, `[`/`](url)`), an atom (code, image, HTML, Liquid, URL) or a line break
//! with the next line's prefix. Words are the bytes between spans, taken verbatim, so
//! rendering the spans back gives the source byte for byte.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::protect;
use super::{Body, Piece, RawSegment, SegmentKind, has_letters};

/// The one place the Markdown dialect is chosen.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Quote,
    Item,
    Footnote,
    Heading,
    Cell,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpanKind {
    Open(usize),
    Close(usize),
    Atom,
    Break,
}

#[derive(Debug, Clone)]
struct Span {
    kind: SpanKind,
    range: Range<usize>,
}

struct Frame {
    range: Range<usize>,
    first: Option<usize>,
    last_end: usize,
    title: Option<String>,
    label: Option<String>,
}

/// An image or autolink: one atom whose children are not part of the run's words.
struct Opaque {
    depth: usize,
    range: Range<usize>,
    first: Option<usize>,
    last_end: usize,
    is_image: bool,
    title: Option<String>,
    label: Option<String>,
}

struct Run {
    kind: SegmentKind,
    start: usize,
    end: usize,
    spans: Vec<Span>,
    nested: Vec<RawSegment>,
    pending_break: Option<usize>,
    pair_count: usize,
    /// Reference labels of shortcut and collapsed links, by pair.
    labels: Vec<(usize, String)>,
}

struct Builder<'a> {
    src: &'a str,
    opaque_regions: Vec<Range<usize>>,
    blocks: Vec<Block>,
    skip: usize,
    frames: Vec<Frame>,
    opaque: Option<Opaque>,
    run: Option<Run>,
    out: Vec<RawSegment>,
}

pub(super) fn segments(src: &str, body_start: usize) -> Vec<RawSegment> {
    let body = &src[body_start..];
    let mut b = Builder {
        src,
        opaque_regions: protect::opaque_regions(body, body_start),
        blocks: Vec::new(),
        skip: 0,
        frames: Vec::new(),
        opaque: None,
        run: None,
        out: Vec::new(),
    };
    for (event, r) in Parser::new_ext(body, options()).into_offset_iter() {
        b.event(event, r.start + body_start..r.end + body_start);
    }
    b.flush();
    b.out
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, mut r: Range<usize>) {
        // pulldown-cmark ends a collapsed reference before its `[]`.
        if let Event::Start(
            Tag::Link {
                link_type: LinkType::Collapsed,
                ..
            }
            | Tag::Image {
                link_type: LinkType::Collapsed,
                ..
            },
        ) = &event
            && self.src[r.end..].starts_with("[]")
        {
            r.end += 2;
        }
        if self.skip > 0 {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                    self.skip += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    self.skip -= 1
                }
                _ => {}
            }
            return;
        }
        if let Some(op) = &mut self.opaque {
            match &event {
                Event::Start(_) => op.depth += 1,
                Event::End(_) => op.depth -= 1,
                _ => {}
            }
            if op.depth == 0 {
                self.finish_opaque();
            } else if !matches!(event, Event::End(_)) {
                if op.first.is_none() {
                    op.first = Some(r.start);
                }
                op.last_end = op.last_end.max(r.end);
            }
            return;
        }
        match event {
            Event::Start(tag) if is_block(&tag) => {
                self.flush();
                let block = match tag {
                    Tag::BlockQuote(_) => Block::Quote,
                    Tag::Item => Block::Item,
                    Tag::FootnoteDefinition(_) => Block::Footnote,
                    Tag::Heading { .. } => Block::Heading,
                    Tag::TableCell => Block::Cell,
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                        self.skip = 1;
                        return;
                    }
                    _ => Block::Other,
                };
                self.blocks.push(block);
            }
            Event::End(tag) if is_block_end(&tag) => {
                self.flush();
                self.blocks.pop();
            }
            Event::Start(Tag::Image {
                title,
                link_type,
                id,
                ..
            }) => {
                self.note_child(r.clone());
                self.opaque = Some(Opaque {
                    depth: 1,
                    range: r,
                    first: None,
                    last_end: 0,
                    is_image: true,
                    title: inline_title(link_type, &title),
                    label: text_label(link_type, &id),
                });
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                self.note_child(r.clone());
                self.opaque = Some(Opaque {
                    depth: 1,
                    range: r,
                    first: None,
                    last_end: 0,
                    is_image: false,
                    title: None,
                    label: None,
                });
            }
            Event::Start(tag) => {
                let (title, label) = match tag {
                    Tag::Link {
                        title,
                        link_type,
                        id,
                        ..
                    } => (inline_title(link_type, &title), text_label(link_type, &id)),
                    _ => (None, None),
                };
                self.note_child(r.clone());
                self.frames.push(Frame {
                    last_end: r.start,
                    range: r,
                    first: None,
                    title,
                    label,
                });
            }
            Event::End(_) => self.close_frame(),
            Event::Text(_) => self.note_child(r),
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::HardBreak => {
                self.note_child(r.clone());
                self.push_span(SpanKind::Atom, r);
            }
            Event::SoftBreak => {
                self.note_child(r.clone());
                self.push_span(SpanKind::Break, r);
            }
            Event::TaskListMarker(_) => {}
            Event::Rule => self.flush(),
        }
    }

    fn kind(&self) -> SegmentKind {
        for b in self.blocks.iter().rev() {
            match b {
                Block::Heading => return SegmentKind::Heading,
                Block::Cell => return SegmentKind::TableCell,
                Block::Footnote => return SegmentKind::Footnote,
                Block::Item => return SegmentKind::ListItem,
                Block::Quote => return SegmentKind::Blockquote,
                Block::Other => {}
            }
        }
        SegmentKind::Paragraph
    }

    fn note_child(&mut self, r: Range<usize>) {
        let kind = self.kind();
        let run = self.run.get_or_insert_with(|| Run {
            kind,
            start: r.start,
            end: r.start,
            spans: Vec::new(),
            nested: Vec::new(),
            pending_break: None,
            pair_count: 0,
            labels: Vec::new(),
        });
        // A line break owns the next line's prefix (`> `, indentation) up to this event.
        if let Some(i) = run.pending_break.take() {
            let prev_end = run.spans[i].range.end;
            if prev_end <= r.start
                && self.src[prev_end..r.start]
                    .bytes()
                    .all(|b| matches!(b, b' ' | b'\t' | b'>'))
            {
                run.spans[i].range.end = r.start;
            }
        }
        run.end = run.end.max(r.end);
        if let Some(f) = self.frames.last_mut() {
            if f.first.is_none() {
                f.first = Some(r.start);
            }
            f.last_end = f.last_end.max(r.end);
        }
    }

    fn push_span(&mut self, kind: SpanKind, range: Range<usize>) {
        if let Some(run) = &mut self.run {
            let ends_line = self.src[range.clone()].ends_with('\n');
            run.spans.push(Span { kind, range });
            if ends_line {
                run.pending_break = Some(run.spans.len() - 1);
            }
        }
    }

    fn close_frame(&mut self) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        let Some(run) = &mut self.run else {
            return;
        };
        match f.first {
            None => run.spans.push(Span {
                kind: SpanKind::Atom,
                range: f.range.clone(),
            }),
            Some(first) => {
                let pair = run.pair_count;
                run.pair_count += 1;
                if let Some(label) = f.label {
                    run.labels.push((pair, label));
                }
                run.spans.push(Span {
                    kind: SpanKind::Open(pair),
                    range: f.range.start..first,
                });
                let close = f.last_end..f.range.end;
                if let Some(title) = &f.title
                    && let Some(seg) =
                        nested_segment(self.src, close.clone(), title, SegmentKind::Title)
                {
                    run.nested.push(seg);
                }
                run.spans.push(Span {
                    kind: SpanKind::Close(pair),
                    range: close,
                });
            }
        }
    }

    fn finish_opaque(&mut self) {
        let Some(op) = self.opaque.take() else {
            return;
        };
        self.push_span(SpanKind::Atom, op.range.clone());
        let Some(run) = &mut self.run else {
            return;
        };
        if op.is_image {
            if let Some(first) = op.first {
                let alt = first..op.last_end;
                if has_letters(&self.src[alt.clone()]) {
                    let mut seg = words_segment(self.src, alt, SegmentKind::Alt);
                    // `![alt]` and `![alt][]` name their definition with the alt text.
                    if let (Some(label), Body::Inline(pieces)) = (op.label, &mut seg.body) {
                        let end = op.last_end..op.range.end;
                        seg.range.end = end.end;
                        pieces.push(Piece::Label(None, end, label));
                    }
                    run.nested.push(seg);
                }
            }
            if let Some(title) = &op.title {
                let tail = op.last_end.max(op.range.start)..op.range.end;
                if let Some(seg) = nested_segment(self.src, tail, title, SegmentKind::Title) {
                    run.nested.push(seg);
                }
            }
        }
    }

    fn flush(&mut self) {
        self.frames.clear();
        let Some(mut run) = self.run.take() else {
            return;
        };
        // A trailing line break belongs to the block, not the words.
        while let Some(last) = run.spans.last() {
            if last.kind == SpanKind::Break
                && last.range.start >= run.end.saturating_sub(last.range.len())
            {
                run.end = last.range.start;
                run.spans.pop();
            } else {
                break;
            }
        }
        if run.start >= run.end {
            return;
        }
        let range = run.start..run.end;
        if self.opaque_regions.iter().any(|o| {
            o.start < range.end
                && range.start < o.end
                && !(range.start <= o.start && o.end <= range.end)
        }) {
            return;
        }
        if let Some(seg) = build(self.src, range, run.kind, run.spans, &run.labels) {
            self.out.push(seg);
        }
        self.out.extend(run.nested);
    }
}

fn nested_segment(
    src: &str,
    within: Range<usize>,
    title: &str,
    kind: SegmentKind,
) -> Option<RawSegment> {
    let at = src[within.clone()].rfind(title)? + within.start;
    let range = at..at + title.len();
    has_letters(title).then(|| words_segment(src, range, kind))
}

/// A segment of plain words (alt text, a title), line breaks kept as break pieces.
fn words_segment(src: &str, range: Range<usize>, kind: SegmentKind) -> RawSegment {
    let mut text = String::new();
    let mut pieces = Vec::new();
    push_words(src, range.clone(), &mut text, &mut pieces);
    RawSegment {
        kind,
        text,
        body: Body::Inline(pieces),
        range,
        key: None,
    }
}

/// A title written in the link itself; a reference's title lives in its definition.
fn inline_title(link_type: LinkType, title: &str) -> Option<String> {
    (link_type == LinkType::Inline && !title.is_empty()).then(|| title.to_owned())
}

/// The label of a shortcut (`[foo]`) or collapsed (`[foo][]`) reference: its own text, so a
/// translated text must name it explicitly (`[survey][foo]`).
fn text_label(link_type: LinkType, id: &str) -> Option<String> {
    matches!(link_type, LinkType::Shortcut | LinkType::Collapsed)
        .then(|| id.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Turns a run's spans into pieces and tagged text; `None` when no words are left.
fn build(
    src: &str,
    range: Range<usize>,
    kind: SegmentKind,
    mut spans: Vec<Span>,
    labels: &[(usize, String)],
) -> Option<RawSegment> {
    let slice = &src[range.clone()];
    // Liquid and attribute lists win over whatever Markdown saw inside them.
    let mut protected = protect::liquid_spans(slice, range.start);
    let ial: Vec<_> = protect::ial_spans(slice, range.start)
        .into_iter()
        .filter(|r| !protected.iter().any(|p| overlaps(p, r)))
        .collect();
    protected.extend(ial);
    if !protected.is_empty() {
        let dropped_pairs: Vec<usize> = spans
            .iter()
            .filter(|s| protected.iter().any(|p| overlaps(p, &s.range)))
            .filter_map(|s| match s.kind {
                SpanKind::Open(p) | SpanKind::Close(p) => Some(p),
                _ => None,
            })
            .collect();
        spans.retain(|s| {
            let pair = match s.kind {
                SpanKind::Open(p) | SpanKind::Close(p) => Some(p),
                _ => None,
            };
            !protected.iter().any(|p| overlaps(p, &s.range))
                && !pair.is_some_and(|p| dropped_pairs.contains(&p))
        });
        spans.extend(protected.into_iter().map(|r| Span {
            kind: SpanKind::Atom,
            range: r,
        }));
    }
    spans.sort_by_key(|s| s.range.start);
    // Bare URLs in the words between spans.
    let mut urls = Vec::new();
    let mut pos = range.start;
    for s in spans.iter().chain(std::iter::once(&Span {
        kind: SpanKind::Atom,
        range: range.end..range.end,
    })) {
        if s.range.start > pos {
            urls.extend(protect::url_spans(&src[pos..s.range.start], pos));
        }
        pos = pos.max(s.range.end);
    }
    if !urls.is_empty() {
        spans.extend(urls.into_iter().map(|r| Span {
            kind: SpanKind::Atom,
            range: r,
        }));
        spans.sort_by_key(|s| s.range.start);
    }

    let mut pieces = Vec::with_capacity(spans.len() * 2 + 1);
    let mut text = String::with_capacity(slice.len());
    let mut numbers: Vec<(usize, u32)> = Vec::new();
    let mut next = 1u32;
    let mut pos = range.start;
    for s in spans {
        if s.range.start < pos {
            // Overlapping spans cannot be rendered faithfully; keep them as words.
            continue;
        }
        if s.range.start > pos {
            push_words(src, pos..s.range.start, &mut text, &mut pieces);
        }
        match s.kind {
            SpanKind::Open(p) => {
                numbers.push((p, next));
                text.push_str(&format!("<g{next}>"));
                pieces.push(Piece::Open(next, s.range.clone()));
                next += 1;
            }
            SpanKind::Close(p) => {
                let n = numbers.iter().find(|(q, _)| *q == p).map(|(_, n)| *n)?;
                text.push_str(&format!("</g{n}>"));
                match labels.iter().find(|(q, _)| *q == p) {
                    Some((_, label)) => {
                        pieces.push(Piece::Label(Some(n), s.range.clone(), label.clone()))
                    }
                    None => pieces.push(Piece::Close(n, s.range.clone())),
                }
            }
            SpanKind::Atom => {
                text.push_str(&format!("<x{next}/>"));
                pieces.push(Piece::Atom(next, s.range.clone()));
                next += 1;
            }
            SpanKind::Break => {
                text.push('\n');
                pieces.push(Piece::Break(s.range.clone()));
            }
        }
        pos = s.range.end;
    }
    if pos < range.end {
        push_words(src, pos..range.end, &mut text, &mut pieces);
    }
    has_letters(&text).then_some(RawSegment {
        kind,
        range,
        text,
        key: None,
        body: Body::Inline(pieces),
    })
}

/// Words between spans. A line break among them (left when Liquid swallowed Markdown's own
/// break) becomes a break piece with the next line's prefix, so `\n` in a translation
/// always maps back to real bytes.
fn push_words(src: &str, range: Range<usize>, text: &mut String, pieces: &mut Vec<Piece>) {
    let mut pos = range.start;
    while pos < range.end {
        let Some(nl) = src[pos..range.end].find('\n').map(|i| pos + i) else {
            break;
        };
        let start = if nl > pos && src.as_bytes()[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        if start > pos {
            text.push_str(&src[pos..start]);
            pieces.push(Piece::Text(pos..start));
        }
        let mut end = nl + 1;
        while end < range.end && matches!(src.as_bytes()[end], b' ' | b'\t' | b'>') {
            end += 1;
        }
        text.push('\n');
        pieces.push(Piece::Break(start..end));
        pos = end;
    }
    if pos < range.end {
        text.push_str(&src[pos..range.end]);
        pieces.push(Piece::Text(pos..range.end));
    }
}
