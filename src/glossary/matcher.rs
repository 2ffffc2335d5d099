//! Finding house terms in text.
//!
//! Korean: a term matches where it starts a word (start, space, punctuation or a non-Hangul
//! character before it) and either ends the word or is followed by particles and endings
//! from [`PARTICLES`] (에이전트가, 에이전트들은, 에이전트에서는). Leftmost-longest over every
//! valid match, so 메타버스 is not 메타 and AI 에이전트 beats 에이전트. Aho-Corasick finds
//! the candidates, so thousands of terms cost little.
//!
//! English: word boundaries; case-insensitive unless the term says otherwise; plurals
//! (-s, -es, -ies), possessives ('s, s'); multi-word terms with any whitespace or a hyphen
//! between the words.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::document::is_hangul;

/// Particles and endings that may follow a Korean noun. A term followed by any sequence of
/// these (들 + 이, 에서 + 는, 이 + 라는) still counts as the term.
pub const PARTICLES: &[&str] = &[
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "에서",
    "에게",
    "께",
    "께서",
    "한테",
    "로",
    "으로",
    "와",
    "과",
    "랑",
    "이랑",
    "하고",
    "도",
    "만",
    "까지",
    "부터",
    "보다",
    "처럼",
    "같이",
    "마다",
    "조차",
    "마저",
    "밖에",
    "들",
    "이다",
    "입니다",
    "이며",
    "이고",
    "인",
    "이라는",
    "라는",
    "이란",
    "란",
    "로서",
    "으로서",
    "로써",
    "으로써",
    "라고",
    "이라고",
    "였다",
    "이었다",
    "였던",
    "이었던",
    "에는",
    "에도",
    "와의",
    "과의",
    "에서의",
    "로의",
    "으로의",
    "뿐",
    "나",
    "이나",
    "든",
    "이든",
    "요",
    "죠",
    "야",
    "여",
    "께서는",
    "였습니다",
    "이었습니다",
    "입니다만",
    "이지만",
    "지만",
    "다",
    "적",
    "급",
    "형",
    "화",
    "용",
    "상",
    "계",
    "측",
    "사",
    "팀",
    "업계",
];

/// Whether `rest` (a run of Hangul) is a sequence of particles.
fn particles_only(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    let chars: Vec<usize> = rest
        .char_indices()
        .map(|(i, _)| i)
        .chain([rest.len()])
        .collect();
    // ok[i]: rest[chars[i]..] can be split into particles.
    let n = chars.len() - 1;
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        ok[i] = (i + 1..=n).any(|j| ok[j] && PARTICLES.contains(&&rest[chars[i]..chars[j]]));
    }
    ok[0]
}

/// A term found in text: byte range and the index of the pattern given to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// Matches source-language forms (Korean, or any script with the Korean boundary rules).
pub struct KoreanMatcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<String>,
    case_sensitive: Vec<bool>,
}

impl KoreanMatcher {
    /// `patterns`: (form, case_sensitive).
    pub fn new(patterns: &[(String, bool)]) -> KoreanMatcher {
        let forms: Vec<&str> = patterns.iter().map(|(p, _)| p.as_str()).collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&forms)
            .ok();
        KoreanMatcher {
            ac,
            patterns: patterns.iter().map(|(p, _)| p.clone()).collect(),
            case_sensitive: patterns.iter().map(|(_, c)| *c).collect(),
        }
    }

    fn valid(&self, text: &str, start: usize, end: usize, pattern: usize) -> bool {
        let form = &self.patterns[pattern];
        if self.case_sensitive[pattern] && &text[start..end] != form {
            return false;
        }
        let (Some(first), Some(last)) = (form.chars().next(), form.chars().next_back()) else {
            return false;
        };
        let before = text[..start].chars().next_back();
        let start_ok = match before {
            None => true,
            Some(b) if is_hangul(first) => !is_hangul(b),
            Some(b) => !b.is_alphanumeric() || is_hangul(b),
        };
        if !start_ok {
            return false;
        }
        let after = &text[end..];
        match after.chars().next() {
            None => true,
            Some(a) if is_hangul(a) => {
                let run_end = after.find(|c: char| !is_hangul(c)).unwrap_or(after.len());
                particles_only(&after[..run_end])
            }
            Some(a) => is_hangul(last) || !a.is_alphanumeric(),
        }
    }

    /// Leftmost-longest valid matches, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut all: Vec<Found> = ac
            .find_overlapping_iter(text)
            .filter(|m| self.valid(text, m.start(), m.end(), m.pattern().as_usize()))
            .map(|m| Found {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect();
        all.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut out: Vec<Found> = Vec::new();
        for f in all {
            if out.last().is_none_or(|l| f.start >= l.end) {
                out.push(f);
            }
        }
        out
    }
}

/// Whether an English `term` occurs in `text`, allowing inflection.
pub fn english_contains(text: &str, term: &str, case_sensitive: bool) -> bool {
    let words: Vec<&str> = term
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    let simple = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '\''));
    if !simple {
        return substring_at_boundary(text, term, case_sensitive);
    }
    let tokens = tokenize(text);
    let eq = |a: &str, b: &str| {
        if case_sensitive {
            a == b
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    'outer: for i in 0..tokens.len() {
        if i + words.len() > tokens.len() {
            break;
        }
        for (k, w) in words.iter().enumerate() {
            let (tok, gap_ok) = tokens[i + k];
            if k > 0 && !gap_ok {
                continue 'outer;
            }
            let last = k + 1 == words.len();
            if !(eq(tok, w) || (last && inflected(tok, w, &eq))) {
                continue 'outer;
            }
        }
        return true;
    }
    false
}

/// Words of `text` (apostrophes inside or at the end kept: agent's, agents') with whether
/// the gap before each is only whitespace or a hyphen.
fn tokenize(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut prev_end = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((s, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut e = s + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if d.is_alphanumeric() || d == '\'' || d == '’' {
                e = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let gap = &text[prev_end..s];
        let gap_ok = !gap.is_empty() && gap.chars().all(|g| g.is_whitespace() || g == '-');
        out.push((&text[s..e], gap_ok));
        prev_end = e;
    }
    out
}

fn strip_suffix_ci<'t>(tok: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = tok.len().checked_sub(suffix.len())?;
    (tok.is_char_boundary(cut) && tok[cut..].eq_ignore_ascii_case(suffix)).then(|| &tok[..cut])
}

fn inflected(tok: &str, w: &str, eq: &dyn Fn(&str, &str) -> bool) -> bool {
    const SUFFIXES: [&str; 8] = ["'s", "’s", "s'", "s’", "'", "’", "es", "s"];
    if SUFFIXES
        .iter()
        .filter_map(|s| strip_suffix_ci(tok, s))
        .any(|stem| eq(stem, w))
    {
        return true;
    }
    // agency → agencies
    let plural_y = strip_suffix_ci(tok, "ies")
        .or_else(|| strip_suffix_ci(tok, "ies'"))
        .or_else(|| strip_suffix_ci(tok, "ies’"));
    plural_y.is_some_and(|stem| {
        w.ends_with(['y', 'Y']) && eq(&format!("{stem}{}", &w[w.len() - 1..]), w)
    })
}

fn substring_at_boundary(text: &str, term: &str, case_sensitive: bool) -> bool {
    let (hay, needle) = if case_sensitive {
        (text.to_owned(), term.to_owned())
    } else {
        (text.to_lowercase(), term.to_lowercase())
    };
    let mut from = 0;
    while let Some(p) = hay[from..].find(&needle) {
        let s = from + p;
        let e = s + needle.len();
        let before_ok = hay[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[e..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == 's');
        if before_ok && after_ok {
            return true;
        }
        from = s + needle.len().max(1);
    }
    false
}

#[cfg(test)]
mod tests;
