//! Keeping the glossary: edits that keep comments and order (toml_edit), lint, mining the
//! posts for candidate terms, and exchange formats (CSV, TSV as DeepL takes it, TBX-Basic).
//! Pure: strings in, strings out.

use std::collections::BTreeMap;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::{Glossary, GlossaryError, Term};
use crate::diag::Detail;
use crate::document::is_hangul_syllable;

/// The detail of adding a term the glossary already has: `import` skips those.
pub const EXISTS: &str = "glossary-exists";

fn edit_error(path: &str, detail: Detail) -> GlossaryError {
    GlossaryError {
        path: path.to_owned(),
        line: 0,
        column: 0,
        detail,
    }
}

fn parse_doc(path: &str, text: &str) -> Result<DocumentMut, GlossaryError> {
    // The typed parse first: it reports line and column, and refuses invalid glossaries.
    Glossary::parse(path, text)?;
    text.parse::<DocumentMut>()
        .map_err(|e| edit_error(path, Detail::quoted("detail-toml", e.to_string())))
}

fn terms_mut(doc: &mut DocumentMut) -> &mut ArrayOfTables {
    if doc.get("term").and_then(Item::as_array_of_tables).is_none() {
        doc.insert("term", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc["term"]
        .as_array_of_tables_mut()
        .expect("inserted above")
}

/// What a new term may carry besides its two forms.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Other source spellings that mean the term.
    pub variants: Vec<String>,
    /// Target forms a translation must not use for it.
    pub forbidden: Vec<String>,
    pub note: Option<String>,
}

/// Adds `[[term]]` with `source_lang = source`, `target_lang = target` (or `keep = true`
/// when the two are the same), and `extras`.
pub fn add(
    path: &str,
    text: &str,
    source_lang: &str,
    source: &str,
    target_lang: &str,
    target: &str,
    extras: &Extras,
) -> Result<String, GlossaryError> {
    let g = Glossary::parse(path, text)?;
    let forms = [source, target]
        .into_iter()
        .chain(extras.variants.iter().map(String::as_str))
        .chain(extras.forbidden.iter().map(String::as_str));
    for form in forms {
        if form.trim() != form || form.is_empty() {
            return Err(edit_error(
                path,
                Detail::new("glossary-spaced", vec![("form", form.to_owned())]),
            ));
        }
    }
    for form in std::iter::once(source).chain(extras.variants.iter().map(String::as_str)) {
        if let Some(t) = g.terms.iter().find(|t| {
            t.forms.get(source_lang).map(String::as_str) == Some(form)
                || t.variants.iter().any(|v| v == form)
        }) {
            return Err(GlossaryError {
                path: path.to_owned(),
                line: t.line,
                column: 1,
                detail: Detail::new(EXISTS, vec![("source", form.to_owned())]),
            });
        }
    }
    let mut doc = parse_doc(path, text)?;
    let mut t = Table::new();
    t.insert(source_lang, value(source));
    if source == target {
        t.insert("keep", value(true));
    } else {
        t.insert(target_lang, value(target));
    }
    let list = |forms: &[String]| value(forms.iter().collect::<toml_edit::Array>());
    if !extras.variants.is_empty() {
        t.insert("variants", list(&extras.variants));
    }
    if !extras.forbidden.is_empty() {
        t.insert("forbidden", list(&extras.forbidden));
    }
    if let Some(n) = &extras.note {
        t.insert("note", value(n.as_str()));
    }
    terms_mut(&mut doc).push(t);
    let out = doc.to_string();
    Glossary::parse(path, &out)?;
    Ok(out)
}

/// Removes every `[[term]]` whose `source_lang` form is `source`.
pub fn remove(
    path: &str,
    text: &str,
    source_lang: &str,
    source: &str,
) -> Result<String, GlossaryError> {
    let mut doc = parse_doc(path, text)?;
    let terms = terms_mut(&mut doc);
    let before = terms.len();
    terms.retain(|t| t.get(source_lang).and_then(|v| v.as_str()) != Some(source));
    if terms.len() == before {
        return Err(edit_error(
            path,
            Detail::new("glossary-absent", vec![("source", source.to_owned())]),
        ));
    }
    Ok(doc.to_string())
}

/// Variants that say more than their term's target: `AI 에이전트` as a variant of
/// 에이전트 → agent would be translated "agent" and lose "AI". A variant is another
/// spelling (`거대 언어 모델` for 거대언어모델); a word it adds must be in the target, by
/// itself or through the term it is.
fn dropped_words(g: &Glossary, t: &Term, source_lang: &str, target_lang: &str) -> Vec<Detail> {
    let (Some(source), Some(target)) = (t.forms.get(source_lang), t.forms.get(target_lang)) else {
        return Vec::new();
    };
    if t.keep {
        return Vec::new();
    }
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let target_has = |word: &str| super::matcher::english_contains(target, word, false);
    let mut out = Vec::new();
    for v in &t.variants {
        if squash(v) == squash(source) {
            continue;
        }
        let lost: Vec<&str> = v
            .split_whitespace()
            .filter(|w| !source.split_whitespace().any(|s| s == *w) && !source.contains(*w))
            .filter(|w| {
                let through_term = g.terms.iter().any(|o| {
                    o.forms.get(source_lang).is_some_and(|f| f == w)
                        && o.forms.get(target_lang).is_some_and(|e| target_has(e))
                });
                !(target_has(w) || through_term)
            })
            .collect();
        if !lost.is_empty() {
            out.push(Detail::new(
                "lint-variant-drops",
                vec![
                    ("variant", v.clone()),
                    ("words", lost.join(" ")),
                    ("target", target.clone()),
                ],
            ));
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    pub line: usize,
    pub error: bool,
    pub message: Detail,
}

/// Problems a glossary can have even when it parses.
pub fn lint(g: &Glossary, source_lang: &str, target_lang: &str) -> Vec<LintIssue> {
    let mut out = Vec::new();
    let err = |t: &Term, id: &'static str, args: Vec<(&'static str, String)>| LintIssue {
        line: t.line,
        error: true,
        message: Detail::new(id, args),
    };
    let mut by_source: BTreeMap<&str, Vec<&Term>> = BTreeMap::new();
    for t in &g.terms {
        for (lang, form) in &t.forms {
            if form.trim() != form {
                out.push(err(
                    t,
                    "lint-form-spaced",
                    vec![("lang", lang.clone()), ("form", form.clone())],
                ));
            }
        }
        for v in &t.variants {
            if v.trim().is_empty() {
                out.push(err(t, "lint-empty-variant", vec![]));
            } else if v.trim() != v {
                out.push(err(t, "lint-variant-spaced", vec![("variant", v.clone())]));
            }
        }
        out.extend(
            dropped_words(g, t, source_lang, target_lang)
                .into_iter()
                .map(|message| LintIssue {
                    line: t.line,
                    error: true,
                    message,
                }),
        );
        if t.keep && t.forms.len() > 1 {
            let mut forms = t.forms.values();
            let first = forms.next();
            if forms.any(|f| Some(f) != first) {
                out.push(err(t, "lint-keep-differs", vec![]));
            }
        }
        if let Some(s) = t.forms.get(source_lang) {
            by_source.entry(s.as_str()).or_default().push(t);
            for v in &t.variants {
                by_source.entry(v.as_str()).or_default().push(t);
            }
        }
    }
    for (source, terms) in &by_source {
        if terms.len() < 2 {
            continue;
        }
        let targets: Vec<Option<&String>> =
            terms.iter().map(|t| t.forms.get(target_lang)).collect();
        let lines: Vec<String> = terms.iter().map(|t| t.line.to_string()).collect();
        let lines = ("lines", lines.join(", "));
        let issue = if targets.windows(2).all(|w| w[0] == w[1]) {
            err(
                terms[1],
                "lint-duplicate",
                vec![("source", (*source).to_owned()), lines],
            )
        } else {
            // A keep term's target is its source as written.
            let targets: Vec<&str> = targets.iter().map(|t| t.map_or(*source, |s| s)).collect();
            err(
                terms[1],
                "lint-conflict",
                vec![
                    ("source", (*source).to_owned()),
                    ("targets", targets.join(", ")),
                    lines,
                ],
            )
        };
        out.push(issue);
    }
    let sources: Vec<(&str, &Term)> = by_source.iter().map(|(s, t)| (*s, t[0])).collect();
    for (a, ta) in &sources {
        for (b, _) in &sources {
            if a != b && b.starts_with(a) {
                out.push(LintIssue {
                    line: ta.line,
                    error: false,
                    message: Detail::new(
                        "lint-prefix",
                        vec![("short", (*a).to_owned()), ("long", (*b).to_owned())],
                    ),
                });
            }
        }
    }
    out.sort_by_key(|i| (i.line, !i.error));
    out
}

/// A candidate term mined from the posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub source: String,
    /// `None` for a name to keep as written.
    pub target: Option<String>,
    /// How often the pair was seen.
    pub count: usize,
    /// Excerpts where it was seen (up to three), so a human can judge it.
    pub contexts: Vec<String>,
}

fn is_latin_word(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -.&'".contains(c))
}

/// Endings that make a word a modifier or an argument, not part of the noun phrase that
/// follows it (중국의, 새로운, 메타가, 중요한). Endings that nouns share (보고서, 광고,
/// 이미지, 카메라) are left out.
const NOT_NOUN_ENDINGS: [&str; 24] = [
    "의", "은", "는", "이", "가", "을", "를", "에", "로", "와", "과", "도", "만", "한", "된", "운",
    "던", "할", "될", "들", "며", "게", "데", "께",
];

/// Adverbs and connectives that end a noun phrase on its left (잇달아 기업공개, 아니라 엣지).
const NOT_IN_PHRASE: [&str; 21] = [
    "아니라",
    "잇달아",
    "새로",
    "또",
    "다시",
    "함께",
    "가장",
    "더",
    "특히",
    "이미",
    "최근",
    "아직",
    "곧",
    "모두",
    "직접",
    "주로",
    "통해",
    "위해",
    "대해",
    "따라",
    "등",
];

/// Conjunctions: a gloss after a coordination (`음성 및 자연어 인터페이스(Voice-first)`)
/// names the whole list or a concept beside it, never one pair.
const CONJUNCTIONS: [&str; 5] = ["및", "또는", "혹은", "그리고", "내지"];

/// Words that open a noun phrase without belonging to the term (구 샤프 is 샤프).
const DETERMINERS: [&str; 16] = [
    "구", "전", "현", "신", "총", "약", "각", "새", "본", "이", "그", "저", "이번", "모든", "여러",
    "주요",
];

/// Quotes, brackets and emphasis that open a phrase.
const OPENERS: &[char] = &['\'', '"', '‘', '“', '「', '『', '(', '[', '*', '_'];

/// The noun phrase a parenthesis glosses, as (byte offset, word) pairs: the words before it
/// back to a modifier, a particle, punctuation or an opening quote, without leading
/// determiners; `None` after a conjunction.
fn glossed_phrase(before: &str) -> Option<Vec<(usize, &str)>> {
    let base = before.as_ptr() as usize;
    let mut words: Vec<(usize, &str)> = Vec::new();
    for (n, w) in before.split_whitespace().rev().enumerate() {
        let at = w.as_ptr() as usize - base;
        let core = w.trim_start_matches(OPENERS);
        if CONJUNCTIONS.contains(&core) {
            return None;
        }
        let hangul_noun = !core.is_empty()
            && core.chars().all(is_hangul_syllable)
            && (n == 0
                || !(NOT_NOUN_ENDINGS.iter().any(|e| core.ends_with(e))
                    || NOT_IN_PHRASE.contains(&core)));
        let latin = !core.is_empty() && core.chars().all(|c| c.is_ascii_alphanumeric());
        if !(hangul_noun || latin) || words.len() == 3 {
            break;
        }
        words.push((at + w.len() - core.len(), core));
        if core.len() < w.len() {
            break;
        }
    }
    words.reverse();
    while words.len() > 1 && DETERMINERS.contains(&words[0].1) {
        words.remove(0);
    }
    words
        .first()
        .is_some_and(|(_, w)| w.starts_with(is_hangul_syllable))
        .then_some(words)
}

/// A short excerpt of `text` around `range`, on one line.
fn excerpt(text: &str, range: std::ops::Range<usize>) -> String {
    let from = text[..range.start]
        .char_indices()
        .rev()
        .take(20)
        .last()
        .map_or(range.start, |(i, _)| i);
    let to = text[range.end..]
        .char_indices()
        .nth(12)
        .map_or(text.len(), |(i, _)| range.end + i);
    let line_from = text[..range.start]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(from);
    let line_to = text[range.end..]
        .find('\n')
        .map_or(to, |i| (range.end + i).min(to));
    let body = text[line_from..line_to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let pre = if line_from > 0 && text.as_bytes()[line_from - 1] != b'\n' {
        "…"
    } else {
        ""
    };
    let post = if line_to < text.len() && text.as_bytes()[line_to] != b'\n' {
        "…"
    } else {
        ""
    };
    format!("{pre}{body}{post}")
}

/// Mines `한글(Latin)` and `Latin(한글)` pairs and Latin names used inside Korean text.
/// A gloss is paired with the whole noun phrase it follows, never a fragment of a known
/// term (`바이오 보안(Biosecurity)` is not `보안`), nor a word inside one (`엣지(Edge) AI`);
/// codes with digits (`B2B`, `R1`) are identifiers the QA keeps verbatim, not terms.
pub fn suggest(texts: &[&str], g: &Glossary, source_lang: &str) -> Vec<Suggestion> {
    let known: Vec<String> = g
        .terms
        .iter()
        .flat_map(|t| {
            t.forms
                .get(source_lang)
                .into_iter()
                .chain(t.variants.iter())
        })
        .map(|s| s.to_lowercase())
        .collect();
    let known_targets: Vec<String> = g
        .terms
        .iter()
        .flat_map(|t| t.forms.iter().filter(|(l, _)| t.keep || *l != source_lang))
        .map(|(_, f)| f.to_lowercase())
        .collect();
    let mut pairs: BTreeMap<(String, Option<String>), (usize, Vec<String>)> = BTreeMap::new();
    let mut note = |key: (String, Option<String>), context: String| {
        let e = pairs.entry(key).or_default();
        e.0 += 1;
        if e.1.len() < 3 && !e.1.contains(&context) {
            e.1.push(context);
        }
    };
    for text in texts {
        let mut from = 0;
        while let Some(open) = text[from..].find('(').map(|o| from + o) {
            let after = &text[open + 1..];
            let Some(close) = after
                .find([')', '\n'])
                .filter(|c| after[*c..].starts_with(')'))
            else {
                from = open + 1;
                continue;
            };
            from = open + 1 + close + 1;
            let inner = after[..close].trim();
            let before = &text[..open];
            let glued = before
                .chars()
                .next_back()
                .is_some_and(|c| is_hangul_syllable(c) || c.is_ascii_alphanumeric());
            let inner_is_ko =
                !inner.is_empty() && inner.chars().all(|c| is_hangul_syllable(c) || c == ' ');
            if glued && is_latin_word(inner) && !inner.chars().any(|c| c.is_ascii_digit()) {
                let Some(words) = glossed_phrase(before) else {
                    continue;
                };
                let start = words[0].0;
                let phrase = words.iter().map(|w| w.1).collect::<Vec<_>>().join(" ");
                // A known term ends the phrase (`중국 폭스콘`) or starts in it and runs on
                // past the parenthesis (`엣지(Edge) AI`): the gloss belongs to that term.
                let rest = text[from..].to_lowercase();
                let covered = (0..words.len()).any(|k| {
                    let tail = words[k..].iter().map(|w| w.1).collect::<Vec<_>>().join(" ");
                    let tail = tail.to_lowercase();
                    known.iter().any(|f| {
                        *f == tail
                            || f.strip_prefix(tail.as_str())
                                .is_some_and(|more| !more.is_empty() && rest.starts_with(more))
                    })
                });
                let target_known = known_targets.contains(&inner.to_lowercase());
                if !covered && !target_known {
                    note((phrase, Some(inner.to_owned())), excerpt(text, start..from));
                }
            } else if inner_is_ko && !before.ends_with(' ') {
                let words = inner.split_whitespace().count().clamp(1, 3);
                let head: Vec<&str> = before.split_whitespace().rev().take(words).collect();
                let outer = head.into_iter().rev().collect::<Vec<_>>().join(" ");
                let outer = outer.trim_start_matches(OPENERS).to_owned();
                if is_latin_word(&outer) {
                    let start = open.saturating_sub(outer.len());
                    note((inner.to_owned(), Some(outer)), excerpt(text, start..from));
                }
            }
        }
        // Latin names inside Korean text: OpenAI가, Deepseek의.
        let mut offset = 0;
        for word in text.split(|c: char| c.is_whitespace() || "()[]'\"‘’“”,.:;!?·「」*".contains(c))
        {
            let at = text[offset..].find(word).map_or(offset, |i| offset + i);
            offset = at + word.len();
            let latin: String = word
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let tail = &word[latin.len()..];
            if latin.len() >= 3
                && latin.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && latin
                    .chars()
                    .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && tail.chars().next().is_some_and(is_hangul_syllable)
            {
                // The whole name: capitalised words before it (`Booking Holdings가`).
                let mut start = at;
                let spaced = text[..at].strip_suffix(' ').unwrap_or("");
                for w in spaced.split(' ').rev().take(2) {
                    let capital = w.starts_with(|c: char| c.is_ascii_uppercase())
                        && w.chars().all(|c| c.is_ascii_alphanumeric());
                    if !capital {
                        break;
                    }
                    start -= w.len() + 1;
                }
                note(
                    (text[start..at + latin.len()].to_owned(), None),
                    excerpt(text, start..offset),
                );
            }
        }
    }
    let mut out: Vec<Suggestion> = pairs
        .into_iter()
        .filter(|((s, _), _)| !known.contains(&s.to_lowercase()))
        .map(|((source, target), (count, contexts))| Suggestion {
            source,
            target,
            count,
            contexts,
        })
        .filter(|s| s.target.is_some() || s.count >= 2)
        .collect();
    // A longer phrase whose tail was seen glossing the same original on its own
    // (`음악 생성 인공지능(AI)` beside `인공지능(AI)`) is that shorter pair in context.
    let mut k = 0;
    while k < out.len() {
        let shorter = (0..out.len()).find(|&j| {
            j != k
                && out[j].target.as_deref().map(str::to_lowercase)
                    == out[k].target.as_deref().map(str::to_lowercase)
                && out[k].source.ends_with(&format!(" {}", out[j].source))
        });
        match shorter {
            Some(j) => {
                let longer = out.remove(k);
                let j = if j > k { j - 1 } else { j };
                out[j].count += longer.count;
                for c in longer.contexts {
                    if out[j].contexts.len() < 3 {
                        out[j].contexts.push(c);
                    }
                }
            }
            None => k += 1,
        }
    }
    // Evidence first: how often the pair was seen, then how often its Korean occurs at all.
    let seen = |s: &str| texts.iter().map(|t| t.matches(s).count()).sum::<usize>();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| seen(&b.source).cmp(&seen(&a.source)))
            .then_with(|| a.source.cmp(&b.source))
    });
    let mut seen_sources: Vec<String> = Vec::new();
    out.retain(|s| {
        let fresh = !seen_sources.contains(&s.source);
        seen_sources.push(s.source.clone());
        fresh
    });
    out
}

/// `source<sep>target` lines; DeepL's glossary TSV when `sep` is a tab.
pub fn export_delimited(g: &Glossary, source_lang: &str, target_lang: &str, sep: char) -> String {
    let field = |s: &str| {
        if sep == ',' && s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.replace(['\t', '\n'], " ")
        }
    };
    let mut out = String::new();
    for (s, t) in g.pairs(source_lang, target_lang, false) {
        out.push_str(&format!("{}{sep}{}\n", field(&s), field(&t)));
    }
    out
}

fn split_csv_line(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if sep == ',' && quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' if sep == ',' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Reads CSV/TSV pairs (a header line `source,target` or `ko,en` is skipped).
pub fn import_delimited(
    path: &str,
    text: &str,
    sep: char,
) -> Result<Vec<(String, String)>, GlossaryError> {
    let mut out = Vec::new();
    for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f = split_csv_line(line, sep);
        if f.len() < 2 || f[0].trim().is_empty() || f[1].trim().is_empty() {
            return Err(GlossaryError {
                path: path.to_owned(),
                line: n + 1,
                column: 1,
                detail: Detail::new("glossary-two-fields", vec![]),
            });
        }
        if n == 0
            && (f[0] == "source" || f[0].len() <= 3 && f[0].chars().all(|c| c.is_ascii_lowercase()))
        {
            continue;
        }
        out.push((f[0].trim().to_owned(), f[1].trim().to_owned()));
    }
    Ok(out)
}

/// TBX-Basic (TermBase eXchange), one concept entry per term.
pub fn export_tbx(g: &Glossary) -> String {
    use quick_xml::escape::escape;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader><fileDesc><sourceDesc><p>l10n glossary.toml</p></sourceDesc></fileDesc></tbxHeader>\n  <text>\n    <body>\n",
    );
    for (i, t) in g.terms.iter().enumerate() {
        out.push_str(&format!("      <conceptEntry id=\"c{}\">\n", i + 1));
        if let Some(n) = &t.note {
            out.push_str(&format!(
                "        <descrip type=\"definition\">{}</descrip>\n",
                escape(n.as_str())
            ));
        }
        for (lang, form) in &t.forms {
            out.push_str(&format!(
                "        <langSec xml:lang=\"{}\"><termSec><term>{}</term></termSec></langSec>\n",
                escape(lang.as_str()),
                escape(form.as_str())
            ));
        }
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

/// Reads TBX concept entries as per-language forms.
pub fn import_tbx(path: &str, text: &str) -> Result<Vec<BTreeMap<String, String>>, GlossaryError> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    let mut entry: Option<BTreeMap<String, String>> = None;
    let mut lang: Option<String> = None;
    let mut in_term = false;
    let mut term = String::new();
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            let (line, column) = crate::exchange::line_col(text, pos);
            GlossaryError {
                path: path.to_owned(),
                line,
                column,
                detail: Detail::quoted("detail-xml", e.to_string()),
            }
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                "conceptEntry" | "termEntry" => entry = Some(BTreeMap::new()),
                "langSec" | "langSet" => {
                    lang = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "lang")
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        });
                }
                "term" => {
                    in_term = true;
                    term.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_term => term.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_term => {
                if let Ok(s) = quick_xml::escape::unescape(&format!("&{};", r.xml10_content())) {
                    term.push_str(&s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "term" => {
                    in_term = false;
                    if let (Some(en), Some(l)) = (&mut entry, &lang) {
                        en.entry(l.clone())
                            .or_insert_with(|| term.trim().to_owned());
                    }
                }
                "conceptEntry" | "termEntry" => {
                    if let Some(e) = entry.take().filter(|e| !e.is_empty()) {
                        out.push(e);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
