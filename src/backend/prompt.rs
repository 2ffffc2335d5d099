//! What an LLM request knows besides its segments: where each segment sits in its post
//! (section headings, neighbours), which reviewed or hand-edited translations it should
//! imitate, and the house style. Pure: built from a parsed post, the translation memory and
//! the glossary; no IO.

use std::collections::{HashMap, HashSet};

use super::{Place, Request, RequestTerm};
use crate::document::{Document, SegmentId, SegmentKind, normalize};
use crate::glossary::TermIndex;
use crate::glossary::matcher::PARTICLES;
use crate::plan::Memory;
use crate::state::Status;

/// Characters of read-only context on each side of a request (whole segments, the last
/// one clipped).
const CONTEXT_CHARS: usize = 300;
/// Examples longer than this cost more than they teach.
const EXAMPLE_MAX_CHARS: usize = 400;

/// The house style guide (`style.md`), sent as instructions with every LLM request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub text: String,
    /// First 16 hex digits of its BLAKE3: part of the prompt version and the cache key.
    pub hash: String,
}

impl Style {
    /// The guide as written, trimmed; `None` when it is empty.
    pub fn new(text: &str) -> Option<Style> {
        let text = text.trim();
        (!text.is_empty()).then(|| Style {
            text: text.to_owned(),
            hash: blake3::hash(text.as_bytes()).to_hex()[..16].to_owned(),
        })
    }
}

/// One segment of a post as the context builder sees it.
#[derive(Debug, Clone)]
struct Entry {
    text: String,
    /// Heading level (1–6) when the segment is a heading.
    level: Option<u8>,
    /// Front matter (the title is given on its own line, other keys are not context).
    front: bool,
    /// Indices of the headings above it, outermost first.
    path: Vec<usize>,
}

/// A post's segments in document order with their section headings.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    entries: Vec<Entry>,
    by_id: HashMap<SegmentId, usize>,
    title: Option<String>,
}

/// The heading level of the Markdown heading whose text starts at `at`: `#` count of an
/// ATX heading, 1 or 2 for a setext one.
fn heading_level(source: &str, at: usize) -> u8 {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let hashes = source[line_start..at]
        .trim_start()
        .bytes()
        .take_while(|b| *b == b'#')
        .count();
    if hashes > 0 {
        return hashes.min(6) as u8;
    }
    let next_line = source[at..]
        .find('\n')
        .map(|i| source[at + i + 1..].trim_start());
    match next_line.and_then(|l| l.bytes().next()) {
        Some(b'=') => 1,
        _ => 2,
    }
}

impl Outline {
    pub fn new(doc: &Document) -> Outline {
        let mut entries = Vec::new();
        let mut by_id = HashMap::new();
        let mut open: Vec<usize> = Vec::new();
        let mut title = None;
        for (i, seg) in doc.segments().iter().enumerate() {
            let front = matches!(seg.kind, SegmentKind::FrontMatter);
            if front && seg.key.as_deref() == Some("title") {
                title = Some(seg.text.clone());
            }
            let level = (seg.kind == SegmentKind::Heading)
                .then(|| heading_level(doc.source(), seg.range.start));
            if let Some(l) = level {
                open.retain(|&h| entries_level(&entries, h) < l);
            }
            entries.push(Entry {
                text: seg.text.clone(),
                level,
                front,
                path: if front { Vec::new() } else { open.clone() },
            });
            if level.is_some() {
                open.push(i);
            }
            by_id.insert(seg.id.clone(), i);
        }
        Outline {
            entries,
            by_id,
            title,
        }
    }
}

fn entries_level(entries: &[Entry], i: usize) -> u8 {
    entries[i].level.unwrap_or(0)
}

/// Whole segments from `items` up to about `budget` characters, the last one clipped.
fn clipped<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut left = CONTEXT_CHARS;
    for t in items {
        if left == 0 {
            break;
        }
        let n = t.chars().count();
        if n <= left {
            out.push(t.to_owned());
            left -= n;
        } else {
            let mut s: String = t.chars().take(left).collect();
            s.push('…');
            out.push(s);
            left = 0;
        }
    }
    out
}

/// A reviewed or hand-edited translation, ready to be matched against a batch.
#[derive(Debug, Clone)]
struct Example {
    source: String,
    target: String,
}

/// The editors' corrections: reviewed and edited pairs of the translation memory, indexed
/// by glossary term and word stem so a batch finds the few most similar ones cheaply.
#[derive(Debug, Default)]
pub struct ExampleBank {
    examples: Vec<Example>,
    /// Stem or `\u{1}term index` → examples holding it.
    index: HashMap<String, Vec<usize>>,
}

/// Word stems of `text`: Latin words lower-cased, Korean words without their particles;
/// one-character words, numbers and inline tags are left out.
fn stems(text: &str) -> HashSet<String> {
    let plain = crate::document::tags::strip_tags(text);
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| {
            let w = strip_particle(w).to_lowercase();
            (w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit())).then_some(w)
        })
        .collect()
}

/// `에이전트들이` → `에이전트들`: the longest particle ending, if a stem of two or more
/// characters is left.
fn strip_particle(word: &str) -> &str {
    PARTICLES
        .iter()
        .filter_map(|p| word.strip_suffix(p))
        .filter(|s| s.chars().count() >= 2)
        .min_by_key(|s| s.len())
        .unwrap_or(word)
}

/// Hand-written Markdown as tagged segment text (`**a**` → `<g1>a</g1>`), when it is one
/// segment.
fn tagged(markdown: &str) -> Option<String> {
    let doc = Document::parse_str(
        "example.md",
        markdown.to_owned(),
        &crate::document::ParseOptions::default(),
    )
    .ok()?;
    match doc.segments() {
        [one] => Some(one.text.clone()),
        _ => None,
    }
}

fn term_key(term: usize) -> String {
    format!("\u{1}{term}")
}

impl ExampleBank {
    /// Reviewed and edited translations from `memory` (which already leaves out stale
    /// edits). A hand edit is verbatim Markdown; it is read back into tagged text like its
    /// source, and left out when it is not one segment.
    pub fn from_memory(memory: &Memory, glossary: &TermIndex) -> ExampleBank {
        // Sorted, one pair per source: the same repository always gives the same examples.
        let mut pairs: std::collections::BTreeMap<&String, String> = Default::default();
        for (source, e) in memory.entries() {
            if !matches!(e.status, Status::Reviewed | Status::Edited)
                || source.chars().count() > EXAMPLE_MAX_CHARS
            {
                continue;
            }
            let target = if e.raw {
                match tagged(&e.target) {
                    Some(t) => t,
                    None => continue,
                }
            } else {
                e.target.clone()
            };
            if target.trim() != source.trim() {
                pairs.insert(source, target);
            }
        }
        let mut bank = ExampleBank::default();
        for (source, target) in pairs {
            let i = bank.examples.len();
            let keys = stems(source).into_iter().chain(
                glossary
                    .matches(source)
                    .into_iter()
                    .map(|m| term_key(m.term)),
            );
            for k in keys.collect::<HashSet<_>>() {
                bank.index.entry(k).or_default().push(i);
            }
            bank.examples.push(Example {
                source: source.clone(),
                target,
            });
        }
        bank
    }

    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// The `n` pairs most like `texts`: a shared glossary term counts 3, a shared stem by
    /// how rare it is (a word in every example teaches nothing). Pairs whose source is one
    /// of `texts` are left out (memory reuses those anyway).
    pub fn pick(&self, texts: &[&str], glossary: &TermIndex, n: usize) -> Vec<(String, String)> {
        if n == 0 || self.examples.is_empty() {
            return Vec::new();
        }
        let own: HashSet<String> = texts.iter().map(|t| normalize(t)).collect();
        let total = self.examples.len() as f64;
        let mut score: HashMap<usize, f64> = HashMap::new();
        let mut keys: HashSet<String> = HashSet::new();
        for t in texts {
            keys.extend(stems(t));
            keys.extend(glossary.matches(t).into_iter().map(|m| term_key(m.term)));
        }
        for k in &keys {
            let Some(hits) = self.index.get(k) else {
                continue;
            };
            let weight = if k.starts_with('\u{1}') {
                3.0
            } else {
                (1.0 + total / hits.len() as f64).ln()
            };
            for &i in hits {
                *score.entry(i).or_default() += weight;
            }
        }
        let mut ranked: Vec<(usize, f64)> = score
            .into_iter()
            .filter(|(i, s)| *s > 0.0 && !own.contains(&normalize(&self.examples[*i].source)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(n)
            .map(|(i, _)| {
                let e = &self.examples[i];
                (e.source.clone(), e.target.clone())
            })
            .collect()
    }
}

/// Builds the request for `batch` (segments of one post, in document order): glossary
/// terms with their notes, the title unless it is being translated, each segment's place
/// (heading level, headings above it that the request does not show, the opening of a
/// heading's section), read-only neighbours, and up to `examples` editors' pairs.
pub fn request(
    ctx: &super::scheduler::PostContext,
    batch: &[(SegmentId, String)],
    correction: Option<String>,
    examples: usize,
) -> Request {
    let outline = &ctx.outline;
    let at: Vec<Option<usize>> = batch
        .iter()
        .map(|(id, _)| outline.by_id.get(id).copied())
        .collect();
    let listed: HashSet<usize> = at.iter().flatten().copied().collect();
    // A heading whose text the request already holds (the second 요약 of a digest, sent
    // once per post) is not named again.
    let listed_texts: HashSet<&str> = batch.iter().map(|(_, t)| t.as_str()).collect();
    let mut places = Vec::with_capacity(batch.len());
    let mut prev: Option<usize> = None;
    // Headings an earlier segment's place already named: the request holds them once.
    let mut named: HashSet<usize> = HashSet::new();
    for (k, doc) in at.iter().enumerate() {
        let Some(d) = *doc else {
            places.push(Place::default());
            prev = None;
            continue;
        };
        let e = &outline.entries[d];
        let gap = prev.is_none_or(|p| p + 1 != d);
        let under = if gap {
            e.path
                .iter()
                .filter(|h| !listed.contains(h) && named.insert(**h))
                .map(|&h| outline.entries[h].text.clone())
                .filter(|t| !listed_texts.contains(t.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        // A heading none of whose section is in the request gets its opening, unless it
        // ends the request (then the neighbours after it are that opening).
        let last_listed = k + 1 == at.len();
        let section = match e.level {
            Some(level) if !last_listed => {
                let end = outline.entries[d + 1..]
                    .iter()
                    .position(|x| x.level.is_some_and(|l| l <= level))
                    .map_or(outline.entries.len(), |p| d + 1 + p);
                let covered = listed.iter().any(|&i| i > d && i < end);
                (!covered).then(|| {
                    clipped(outline.entries[d + 1..end].iter().map(|x| x.text.as_str())).join(" / ")
                })
            }
            _ => None,
        }
        .filter(|t| !t.is_empty());
        places.push(Place {
            heading: e.level,
            under,
            section,
        });
        prev = Some(d);
    }
    let first = at.iter().flatten().min().copied();
    let last = at.iter().flatten().max().copied();
    let shown_above: HashSet<String> = places
        .first()
        .map(|p| p.under.iter().cloned().collect())
        .unwrap_or_default();
    // Neighbours come from the sections the request is in: the text before a heading is
    // another section's, and so is the text after the next heading at the level of the
    // last segment's section (that heading is named where its own segments are sent).
    let before = first.map_or_else(Vec::new, |f| {
        let mut v = clipped(
            outline.entries[..f]
                .iter()
                .rev()
                .take_while(|e| !e.front && e.level.is_none() && !shown_above.contains(&e.text))
                .map(|e| e.text.as_str()),
        );
        v.reverse();
        v
    });
    let after = last.map_or_else(Vec::new, |l| {
        let e = &outline.entries[l];
        let level = e
            .level
            .or_else(|| e.path.last().and_then(|&h| outline.entries[h].level))
            // Text before the first heading: any heading starts another section.
            .unwrap_or(6);
        clipped(
            outline.entries[l + 1..]
                .iter()
                .filter(|e| !e.front)
                .take_while(|e| e.level.is_none_or(|n| n > level))
                .map(|e| e.text.as_str()),
        )
    });
    let texts: Vec<&str> = batch.iter().map(|(_, t)| t.as_str()).collect();
    let title = outline
        .title
        .clone()
        .or_else(|| ctx.title.clone())
        .filter(|t| !texts.contains(&t.as_str()));
    let mut glossary: Vec<RequestTerm> = Vec::new();
    for t in &texts {
        for m in ctx.glossary.matches(t) {
            let note = ctx.glossary.terms()[m.term].note.clone();
            let term = RequestTerm {
                source: m.source,
                target: m.target,
                note,
            };
            if !glossary.contains(&term) {
                glossary.push(term);
            }
        }
    }
    glossary.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
    Request {
        source_lang: ctx.source_lang.clone(),
        target_lang: ctx.target_lang.clone(),
        title,
        glossary,
        segments: batch.to_vec(),
        places,
        before,
        after,
        examples: ctx.examples.pick(&texts, &ctx.glossary, examples),
        correction,
    }
}

/// A rough token count for budgeting and reports: about four characters per token for
/// ASCII, one token per Hangul syllable or other character (what BPE vocabularies of
/// current models give Korean text, within a factor of about 1.5).
pub fn estimate_tokens(text: &str) -> usize {
    let (ascii, other) = text.chars().fold((0usize, 0usize), |(a, o), c| {
        if c.is_ascii() { (a + 1, o) } else { (a, o + 1) }
    });
    ascii.div_ceil(4) + other
}

/// The tokens a full answer to `req` should take: English runs up to about four characters
/// per Hangul syllable, plus each segment's key and quotes.
pub fn estimate_output_tokens(req: &Request) -> usize {
    req.segments
        .iter()
        .map(|(_, t)| {
            let (hangul, other) = t.chars().fold((0usize, 0usize), |(h, o), c| {
                if c.is_ascii() { (h, o + 1) } else { (h + 1, o) }
            });
            (hangul * 4 + other).div_ceil(4) + 6
        })
        .sum::<usize>()
        + 4
}

/// The output limit for `req`: the estimate with 50% headroom and a floor for short
/// batches, never above `cap` (the model's own limit, when configured).
pub fn output_limit(req: &Request, cap: Option<u32>) -> u32 {
    let want = (estimate_output_tokens(req) * 3 / 2 + 64).min(u32::MAX as usize) as u32;
    cap.map_or(want, |c| want.min(c.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::scheduler::PostContext;
    use crate::document::ParseOptions;
    use crate::glossary::Glossary;
    use std::sync::Arc;

    const POST: &str = include_str!("../../posts/2026-01-02-ai-news.md");

    fn context(doc: &Document, bank: ExampleBank) -> PostContext {
        let g = Glossary::parse(
            "glossary.toml",
            "[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\nnote = \"the company\"\n",
        )
        .unwrap();
        PostContext {
            source_lang: "ko".into(),
            target_lang: "en".into(),
            title: None,
            glossary: Arc::new(TermIndex::new(&g, "ko", "en", true)),
            outline: Arc::new(Outline::new(doc)),
            examples: Arc::new(bank),
        }
    }

    fn seed() -> Document {
        Document::parse_str("seed.md", POST.to_owned(), &ParseOptions::default()).unwrap()
    }

    fn pick(doc: &Document, idx: &[usize]) -> Vec<(SegmentId, String)> {
        idx.iter()
            .map(|&i| {
                let s = &doc.segments()[i];
                (s.id.clone(), s.text.clone())
            })
            .collect()
    }

    #[test]
    fn a_whole_post_needs_no_context_lines() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        let all: Vec<usize> = (0..doc.segments().len()).collect();
        let r = request(&ctx, &pick(&doc, &all), None, 3);
        assert!(r.before.is_empty() && r.after.is_empty());
        assert_eq!(r.title, None, "the title is one of the segments");
        assert!(
            r.places
                .iter()
                .all(|p| p.under.is_empty() && p.section.is_none())
        );
        assert_eq!(r.places[1].heading, Some(2));
        assert_eq!(r.places[3].heading, Some(3), "### 요약");
        assert_eq!(r.glossary[0].note.as_deref(), Some("the company"));
    }

    #[test]
    fn a_paragraph_alone_knows_its_headings_and_neighbours() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        // The second item under the first story's 요약.
        let r = request(&ctx, &pick(&doc, &[5]), None, 3);
        let s = doc.segments();
        assert_eq!(
            r.places[0].under,
            vec![s[1].text.clone(), s[3].text.clone()]
        );
        assert_eq!(r.before, vec![s[4].text.clone()]);
        assert_eq!(r.after[0], s[6].text);
        assert_eq!(r.title.as_deref(), Some("2026-01-02 AI 뉴스"));
    }

    #[test]
    fn a_heading_is_never_sent_without_its_section() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        let s = doc.segments();
        // 요약 (3) and a later, unrelated paragraph (20): 요약's section is not in the request.
        let r = request(&ctx, &pick(&doc, &[3, 20]), None, 3);
        let section = r.places[0].section.clone().unwrap_or_default();
        assert!(
            section.starts_with(&format!("{} / ", s[4].text)),
            "whole items of its section, about 300 characters: {section}"
        );
        assert!(section.chars().count() <= 300 + " / ".len() * 2 + 1);
        // With any of its section in the request, a heading needs no other context.
        let r = request(&ctx, &pick(&doc, &[3, 5]), None, 3);
        assert_eq!(r.places[0].section, None);
        // A heading last in its request has its section as the neighbour after it.
        let r = request(&ctx, &pick(&doc, &[3]), None, 3);
        assert_eq!(r.places[0].section, None);
        assert_eq!(r.after[0], s[4].text);
        // Its own heading above is given once, not again as the neighbour before it.
        assert_eq!(r.places[0].under, vec![s[1].text.clone()]);
        assert!(r.before.iter().all(|b| *b != s[1].text));
    }

    #[test]
    fn headings_are_named_once_and_neighbours_stay_in_their_section() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        let s = doc.segments();
        // An item under 요약 and one under 주요 내용 of the same story.
        let r = request(&ctx, &pick(&doc, &[5, 9]), None, 3);
        assert_eq!(
            r.places[0].under,
            vec![s[1].text.clone(), s[3].text.clone()]
        );
        assert_eq!(
            r.places[1].under,
            vec![s[7].text.clone()],
            "the story's heading is already named"
        );
        assert_eq!(r.before, vec![s[4].text.clone()]);
        assert_eq!(
            r.after,
            vec![s[10].text.clone()],
            "the next story is not context"
        );
        // The first item of a section has nothing before it but its heading.
        let r = request(&ctx, &pick(&doc, &[8]), None, 3);
        assert!(r.before.is_empty(), "{:?}", r.before);
        assert_eq!(
            r.places[0].under,
            vec![s[1].text.clone(), s[7].text.clone()]
        );
        // A story's heading alone has its sub-sections after it.
        let r = request(&ctx, &pick(&doc, &[1]), None, 3);
        assert_eq!(r.after[..2], [s[2].text.clone(), s[3].text.clone()]);
    }

    #[test]
    fn stems_drop_particles_tags_and_numbers() {
        let s = stems("<g1>에이전트들이</g1> OpenAI에서 2026년 400 a");
        assert!(s.contains("에이전트들"), "{s:?}");
        assert!(s.contains("openai"), "{s:?}");
        assert!(!s.contains("400") && !s.contains("a"), "{s:?}");
    }

    fn bank(pairs: &[(&str, &str, Status)], glossary: &TermIndex) -> ExampleBank {
        let states = crate::state::PostState::new(
            "posts/a.md",
            "posts/en/a.md",
            "en",
            pairs
                .iter()
                .map(|(s, t, st)| crate::state::SegmentState {
                    id: SegmentId(crate::document::id_hash(s)),
                    kind: SegmentKind::Paragraph,
                    state: *st,
                    origin: "human".into(),
                    source: (*s).into(),
                    target: (*t).into(),
                    raw: t.starts_with("**"),
                    target_hash: String::new(),
                    terms: None,
                    previous: None,
                })
                .collect(),
        );
        ExampleBank::from_memory(&Memory::from_states([&states]), glossary)
    }

    #[test]
    fn examples_are_the_editors_pairs_most_like_the_batch() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        let b = bank(
            &[
                (
                    "폭스콘이 수주했다.",
                    "Foxconn won the order.",
                    Status::Reviewed,
                ),
                (
                    "소프트뱅크가 투자했다.",
                    "SoftBank invested.",
                    Status::Edited,
                ),
                (
                    "폭스콘 공장이 멈췄다.",
                    "A Foxconn plant stopped.",
                    Status::Machine,
                ),
                ("데이터센터 전환 계획", "A data-center plan", Status::Edited),
                (
                    "<g1>에이전트</g1> 확산",
                    "**Agents** spread",
                    Status::Edited,
                ),
            ],
            &ctx.glossary,
        );
        assert_eq!(b.len(), 4, "machine output is not an example");
        let hand = b.pick(&["<g1>에이전트</g1> 확산 속도"], &ctx.glossary, 1);
        assert_eq!(
            hand[0].1, "<g1>Agents</g1> spread",
            "a hand edit is read back as tagged text"
        );
        let got = b.pick(&["폭스콘은 데이터센터를 짓는다."], &ctx.glossary, 1);
        assert_eq!(
            got[0].1, "Foxconn won the order.",
            "a shared term outweighs a word"
        );
        let got = b.pick(&["폭스콘은 데이터센터를 짓는다."], &ctx.glossary, 5);
        assert_eq!(got.len(), 2, "only pairs sharing something");
        assert!(b.pick(&["폭스콘이 수주했다."], &ctx.glossary, 5).is_empty());
        assert!(b.pick(&["무관한 문장"], &ctx.glossary, 5).is_empty());
    }

    #[test]
    fn output_limit_grows_with_the_batch_and_respects_a_cap() {
        let doc = seed();
        let ctx = context(&doc, ExampleBank::default());
        let small = request(&ctx, &pick(&doc, &[5]), None, 0);
        let all: Vec<usize> = (0..doc.segments().len()).collect();
        let big = request(&ctx, &pick(&doc, &all), None, 0);
        let (s, b) = (output_limit(&small, None), output_limit(&big, None));
        assert!(s >= 64 && b > 10 * s / 2, "{s} {b}");
        // An English answer of the seed post (about 7,000 characters) fits with room.
        assert!(b as usize > 7000 / 4 && b < 8000, "{b}");
        assert_eq!(output_limit(&big, Some(500)), 500);
    }

    #[test]
    fn token_estimates_count_hangul_per_syllable() {
        assert_eq!(estimate_tokens("abcdefgh"), 2);
        assert_eq!(estimate_tokens("폭스콘"), 3);
    }
}
