//! English-only content is the editor's: blocks and front-matter keys that exist only in
//! the English post (a translator's note, an HTML comment, an include, a code block, a link
//! reference definition, `author:`) are carried into the rewritten post, each after the
//! translated block it followed. Where that cannot be done safely the post is held at a
//! line. Pure: documents in, text out.

use std::collections::HashSet;
use std::ops::Range;

use crate::document::Document;

/// Why English-only content cannot be carried over: the English line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unplaceable {
    pub line: usize,
}

/// One run of English-only blocks and the translated segments it followed, nearest first.
struct Chunk {
    text: Range<usize>,
    after: Vec<usize>,
}

/// Where the English post holds English-only content l10n could not place: text or
/// markup added inside a translated block (the editor's own blocks are fine).
/// `target_index[i]` is state entry `i`'s segment in `old`, as the plan lined them up.
pub fn misplaced(
    old: &Document,
    target_index: &[Option<usize>],
    source: &Document,
) -> Option<Unplaceable> {
    chunks(old, target_index, source).err()
}

/// The English post's own blocks, in runs, each with the entries it followed.
fn chunks(
    old: &Document,
    target_index: &[Option<usize>],
    source: &Document,
) -> Result<Vec<Chunk>, Unplaceable> {
    let segs = old.segments();
    // Entry index of each English segment that l10n accounts for.
    let mut entry_of: Vec<Option<usize>> = vec![None; segs.len()];
    for (i, t) in target_index.iter().enumerate() {
        if let Some(t) = t {
            entry_of[*t] = Some(i);
        }
    }
    let source_body = &source.source()[source.body_start()..];
    let known_lines: HashSet<&str> = skeleton_lines(source, source_body).collect();

    let mut chunks: Vec<Chunk> = Vec::new();
    let mut anchors: Vec<usize> = Vec::new();
    let mut last_end: Option<usize> = None;
    // Segments are in document order, blocks too: walk both at once.
    let mut first = 0;
    for b in old.blocks() {
        while first < segs.len() && segs[first].range.start < b.start {
            first += 1;
        }
        let inside: Vec<usize> = (first..segs.len())
            .take_while(|&k| segs[k].range.start < b.end)
            .collect();
        let owned: Vec<usize> = inside.iter().filter_map(|&k| entry_of[k]).collect();
        let text = &old.source()[b.clone()];
        if !owned.is_empty() {
            // A translated block: it may hold nothing l10n cannot account for.
            if let Some(&k) = inside.iter().find(|&&k| entry_of[k].is_none()) {
                return Err(Unplaceable { line: segs[k].line });
            }
            if let Some(off) = foreign_line(old, &b, &inside, &known_lines) {
                return Err(Unplaceable {
                    line: old.line_of(off),
                });
            }
            anchors.extend(owned);
            last_end = None;
            continue;
        }
        if source_body.contains(text.trim_end()) {
            // Copied from the Korean post (code, HTML, a rule): rendered anew from there.
            last_end = None;
            continue;
        }
        let joins = last_end.is_some_and(|e| old.source()[e..b.start].trim().is_empty());
        match chunks.last_mut() {
            Some(c) if joins => c.text.end = b.end,
            _ => chunks.push(Chunk {
                text: b.clone(),
                after: anchors.iter().rev().copied().collect(),
            }),
        }
        last_end = Some(b.end);
    }
    Ok(chunks)
}

/// `new` is the English post l10n just rendered; `continues[j]` is the state entry (of
/// `target_index`'s order) that its segment `j` continues. Returns `new` with the English-only content of
/// `old` put back.
pub fn carry_over(
    old: &Document,
    target_index: &[Option<usize>],
    source: &Document,
    new: &Document,
    continues: &[Option<usize>],
    ours: &[String],
) -> Result<String, Unplaceable> {
    let chunks = chunks(old, target_index, source)?;
    let nl = new.newline();
    let new_blocks = new.blocks();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for c in &chunks {
        let body = old.source()[c.text.clone()].trim_end_matches(['\n', '\r']);
        let place = c
            .after
            .iter()
            .find_map(|i| continues.iter().position(|j| *j == Some(*i)))
            .and_then(|j| new.segments().get(j))
            .and_then(|s| new_blocks.iter().find(|b| b.contains(&s.range.start)));
        match place {
            Some(b) => {
                // After the block's last line (a block's range may take in blank lines).
                let src = new.source();
                let last = b.start + src[b.clone()].trim_end().len();
                let at = line_after(src, last);
                let text = if src[..at].ends_with('\n') {
                    format!("{nl}{body}{nl}")
                } else {
                    // The post ends without a line break: the block needs its blank line.
                    let end = if old.source()[c.text.clone()].ends_with('\n') {
                        nl
                    } else {
                        ""
                    };
                    format!("{nl}{nl}{body}{end}")
                };
                inserts.push((at, text));
            }
            None => inserts.push((new.body_start(), format!("{body}{nl}{nl}"))),
        }
    }
    let mut out = new.source().to_owned();
    // Last offset first, so earlier offsets stay valid; equal offsets keep their order.
    for (at, text) in inserts.iter().rev() {
        out.insert_str(*at, text);
    }
    Ok(with_front_matter_keys(old, source, &out, nl, ours))
}

/// The start of the line after the one `end` is on (the end of the post if none).
fn line_after(src: &str, end: usize) -> usize {
    let end = end.min(src.len());
    src[end..].find('\n').map_or(src.len(), |i| end + i + 1)
}

/// The non-blank lines of a document's body once every segment's text is taken out: its
/// markup skeleton (list markers, table rules, code, HTML).
fn skeleton_lines<'a>(doc: &'a Document, body: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let start = doc.body_start();
    let mut ranges: Vec<Range<usize>> = doc.segments().iter().map(|s| s.range.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut pos = start;
    let mut next = 0;
    body.split_inclusive('\n').filter_map(move |line| {
        let r = pos..pos + line.len();
        pos = r.end;
        while next < ranges.len() && ranges[next].end <= r.start {
            next += 1;
        }
        let holds_text = ranges[next..]
            .iter()
            .take_while(|s| s.start < r.end)
            .any(|s| r.start < s.end);
        let l = line.trim();
        (!holds_text && !l.is_empty()).then_some(l)
    })
}

/// The offset of a line in a translated block that neither the Korean post nor the new
/// English has (markup an editor added inside a translated block), if any.
fn foreign_line(
    old: &Document,
    block: &Range<usize>,
    inside: &[usize],
    known: &HashSet<&str>,
) -> Option<usize> {
    let segs = old.segments();
    let mut pos = block.start;
    for line in old.source()[block.clone()].split_inclusive('\n') {
        let r = pos..pos + line.len();
        pos = r.end;
        let holds_text = inside
            .iter()
            .any(|&k| segs[k].range.start < r.end && r.start < segs[k].range.end);
        let l = line.trim();
        if !holds_text && !l.is_empty() && !known.contains(l) {
            return Some(r.start);
        }
    }
    None
}

/// Front-matter keys only the English post has (`author:`, `redirect_from:`) go back at the
/// end of the new front matter, written as the editor wrote them; `ours` are the keys l10n
/// itself sets or drops.
fn with_front_matter_keys(
    old: &Document,
    source: &Document,
    new: &str,
    nl: &str,
    ours: &[String],
) -> String {
    let (Some(ofm), Ok(newdoc)) = (
        old.front_matter(),
        Document::parse_str("", new.to_owned(), &Default::default()),
    ) else {
        return new.to_owned();
    };
    let mut known: HashSet<&str> = ours.iter().map(String::as_str).collect();
    if let Some(f) = source.front_matter() {
        known.extend(f.keys.iter().map(|(k, _)| k.as_str()));
    }
    if let Some(f) = newdoc.front_matter() {
        known.extend(f.keys.iter().map(|(k, _)| k.as_str()));
    }
    let text = &old.source()[..ofm.close];
    let mut extra = String::new();
    let mut keep = false;
    for line in text.split_inclusive('\n').skip(1) {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        if top {
            let key = line.split(':').next().unwrap_or_default().trim();
            keep = !known.contains(key);
        }
        if keep {
            extra.push_str(line.trim_end_matches(['\n', '\r']));
            extra.push_str(nl);
        }
    }
    match newdoc.front_matter() {
        Some(f) if !extra.is_empty() => format!("{}{extra}{}", &new[..f.close], &new[f.close..]),
        _ => new.to_owned(),
    }
}
