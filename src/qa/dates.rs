//! dates: a date of the source (`2026-01-02`, `2026년 1월 2일`, `1월 2일`, `2026년 1월`) must be
//! in the English with the same year, month and day, in any usual spelling (`2026-01-02`,
//! `January 2, 2026`, `Jan. 2, 2026`, `2 January 2026`, `January 2026`).

use std::ops::Range;

use super::{Check, Problem};
use crate::document::tags::strip_tags;

/// A calendar date as written, with the parts the text gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub year: Option<u32>,
    pub month: u32,
    pub day: Option<u32>,
    pub range: Range<usize>,
}

impl Date {
    fn same(&self, other: &Date) -> bool {
        self.month == other.month
            && self.day == other.day
            && (self.year.is_none() || self.year == other.year)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Digits at the start of `s`: value and length.
fn digits(s: &str) -> Option<(u32, usize)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 4 {
        return None;
    }
    s[..n].parse().ok().map(|v| (v, n))
}

fn valid(month: u32, day: Option<u32>) -> bool {
    (1..=12).contains(&month) && day.is_none_or(|d| (1..=31).contains(&d))
}

/// True when a digit run may start at `i` (not glued to a letter, digit or decimal point).
fn starts_number(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|p| !(p.is_ascii_alphanumeric() || p == '.' || p == '-' || p == '/'))
}

/// `2026-01-02`, `2026.01.02`, `2026/01/02` at `i`.
fn numeric_date(text: &str, i: usize) -> Option<Date> {
    let (y, n) = digits(&text[i..])?;
    let sep = text[i + n..].chars().next()?;
    if n != 4 || !matches!(sep, '-' | '.' | '/') {
        return None;
    }
    let p = i + n + 1;
    let (m, n2) = digits(&text[p..])?;
    if !text[p + n2..].starts_with(sep) {
        return None;
    }
    let q = p + n2 + 1;
    let (d, n3) = digits(&text[q..])?;
    let end = q + n3;
    let glued = text[end..].starts_with(|c: char| c.is_ascii_alphanumeric())
        || (text[end..].starts_with(sep)
            && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()));
    (n2 <= 2 && n3 <= 2 && valid(m, Some(d)) && !glued).then_some(Date {
        year: Some(y),
        month: m,
        day: Some(d),
        range: i..end,
    })
}

/// `2026년 1월 2일`, `2026년 1월`, `1월 2일` at `i`.
fn korean_date(text: &str, i: usize) -> Option<Date> {
    let (first, n) = digits(&text[i..])?;
    let mut p = i + n;
    let (year, month) = if let Some(rest) = text[p..].strip_prefix("년") {
        let skip = rest.len() - rest.trim_start_matches(' ').len();
        p += "년".len() + skip;
        let (m, n2) = digits(&text[p..])?;
        p += n2;
        (Some(first), m)
    } else {
        (None, first)
    };
    p += text[p..].strip_prefix("월").map(|_| "월".len())?;
    let rest = &text[p..];
    let skip = rest.len() - rest.trim_start_matches(' ').len();
    let day = digits(&text[p + skip..])
        .filter(|(_, n)| text[p + skip + n..].starts_with("일"))
        .map(|(d, n)| {
            p += skip + n + "일".len();
            d
        });
    (valid(month, day) && (year.is_some() || day.is_some())).then_some(Date {
        year,
        month,
        day,
        range: i..p,
    })
}

/// Dates written in Korean text.
pub fn korean_dates(text: &str) -> Vec<Date> {
    scan(text, |t, i| {
        numeric_date(t, i).or_else(|| korean_date(t, i))
    })
}

fn scan(text: &str, at: impl Fn(&str, usize) -> Option<Date>) -> Vec<Date> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text.is_char_boundary(i)
            && text.as_bytes()[i].is_ascii_alphanumeric()
            && starts_number(text, i)
            && let Some(d) = at(text, i)
        {
            i = d.range.end;
            out.push(d);
            continue;
        }
        i += 1;
    }
    out
}

/// A month name or its abbreviation (`Jan`, `Jan.`, `Sept.`, even `May.`) at the start of `s`.
fn month_at(s: &str) -> Option<(u32, usize)> {
    let word = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if word < 3 {
        return None;
    }
    let lower = s[..word].to_ascii_lowercase();
    let m = MONTHS
        .iter()
        .position(|m| *m == lower || (word <= 4 && m.starts_with(&lower)))?;
    let dot = usize::from(s[word..].starts_with('.'));
    Some((m as u32 + 1, word + dot))
}

/// A day number with an optional ordinal suffix (`2`, `2nd`) at the start of `s`.
fn day_at(s: &str) -> Option<(u32, usize)> {
    let (d, n) = digits(s)?;
    let suffix = ["st", "nd", "rd", "th"]
        .iter()
        .find(|x| s[n..].starts_with(*x))
        .map_or(0, |x| x.len());
    let end = n + suffix;
    (n <= 2 && !s[end..].starts_with(|c: char| c.is_ascii_alphanumeric())).then_some((d, end))
}

/// `, 2026` or ` 2026` after a month or day.
fn year_after(s: &str) -> Option<(u32, usize)> {
    let t = s.strip_prefix(',').unwrap_or(s);
    let sp = t.len() - t.trim_start_matches(' ').len();
    if sp == 0 {
        return None;
    }
    let skip = s.len() - t.len() + sp;
    let (y, n) = digits(&s[skip..])?;
    (n == 4 && !s[skip + n..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some((y, skip + n))
}

/// `January 2, 2026`, `Jan. 2`, `January 2026` at `i`.
fn month_first(text: &str, i: usize) -> Option<Date> {
    let (month, n) = month_at(&text[i..])?;
    let p = i + n;
    let sp = text[p..].len() - text[p..].trim_start_matches(' ').len();
    if sp == 0 {
        return None;
    }
    if let Some((day, n2)) = day_at(&text[p + sp..]) {
        let mut end = p + sp + n2;
        let year = year_after(&text[end..]).map(|(y, n3)| {
            end += n3;
            y
        });
        return valid(month, Some(day)).then_some(Date {
            year,
            month,
            day: Some(day),
            range: i..end,
        });
    }
    let (y, n2) = digits(&text[p + sp..])?;
    (n2 == 4).then_some(Date {
        year: Some(y),
        month,
        day: None,
        range: i..p + sp + n2,
    })
}

/// `2 January 2026`, `2nd of January` at `i`.
fn day_first(text: &str, i: usize) -> Option<Date> {
    let (day, n) = day_at(&text[i..])?;
    let mut p = i + n + 1;
    if !text[i + n..].starts_with(' ') {
        return None;
    }
    if let Some(rest) = text[p..].strip_prefix("of ") {
        p += text[p..].len() - rest.len();
    }
    let (month, n2) = month_at(&text[p..])?;
    let mut end = p + n2;
    let year = year_after(&text[end..]).map(|(y, n3)| {
        end += n3;
        y
    });
    valid(month, Some(day)).then_some(Date {
        year,
        month,
        day: Some(day),
        range: i..end,
    })
}

/// Dates written in English text.
pub fn english_dates(text: &str) -> Vec<Date> {
    scan(text, |t, i| {
        if t.as_bytes()[i].is_ascii_digit() {
            numeric_date(t, i).or_else(|| day_first(t, i))
        } else if t[..i].ends_with(|c: char| c.is_ascii_alphabetic()) {
            None
        } else {
            month_first(t, i)
        }
    })
}

pub fn check(source: &str, translation: &str) -> Vec<Problem> {
    let src = strip_tags(source);
    let dst = strip_tags(translation);
    let mut english = english_dates(&dst);
    let mut missing = Vec::new();
    for d in korean_dates(&src) {
        match english.iter().position(|e| d.same(e)) {
            Some(k) => {
                english.remove(k);
            }
            None => missing.push(d),
        }
    }
    missing
        .into_iter()
        .map(|d| {
            let written = &src[d.range.clone()];
            // The English date nearest in kind (same month first) is the one it became.
            let pos = english
                .iter()
                .position(|e| e.month == d.month)
                .or((!english.is_empty()).then_some(0));
            match pos.map(|k| english.remove(k)) {
                Some(e) => Problem::localized(
                    Check::Dates,
                    "qa-date-changed",
                    vec![
                        ("source", written.to_owned()),
                        ("translation", dst[e.range].to_owned()),
                    ],
                ),
                None => Problem::localized(
                    Check::Dates,
                    "qa-date-missing",
                    vec![("source", written.to_owned())],
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Source, renderings a translator would accept, renderings that lose or change a part.
    const TABLE: &[(&str, &[&str], &[&str])] = &[
        (
            "TrendForce - 발행일: 2026-01-02",
            &[
                "TrendForce - Published: January 2, 2026",
                "TrendForce - Published Jan. 2, 2026",
                "TrendForce - published 2 January 2026",
                "TrendForce - Published: 2026-01-02",
                "TrendForce - Published on Jan 2nd, 2026",
            ],
            &[
                "TrendForce - Published: January 2",
                "TrendForce - Published: January 3, 2026",
                "TrendForce - Published: February 2, 2026",
                "TrendForce - Published: 2025-01-02",
                "TrendForce - Published: January 2, 2025",
                "TrendForce - Published recently",
            ],
        ),
        (
            "오픈AI는 2026년 1월 2일 첫 하드웨어 주문을 폭스콘에 넘겼습니다.",
            &["On January 2, 2026, OpenAI moved its first hardware order to Foxconn."],
            &["On January 12, 2026, OpenAI moved its first hardware order to Foxconn."],
        ),
        (
            "12월 31일까지 신청을 받습니다.",
            &[
                "Applications are accepted until December 31.",
                "Applications close on 31 December.",
            ],
            &["Applications are accepted until December 13."],
        ),
        (
            "2026년 3월 출시 예정",
            &["due in March 2026"],
            &["due in March 2025", "due in May 2026"],
        ),
    ];

    #[test]
    fn correct_renderings_pass_and_lost_parts_are_errors() {
        for (ko, good, bad) in TABLE {
            for g in *good {
                assert_eq!(check(ko, g), vec![], "{ko} → {g}");
            }
            for b in *bad {
                let p = check(ko, b);
                assert_eq!(p.len(), 1, "{ko} → {b}: {p:?}");
                assert!(!p[0].warning_only);
            }
        }
    }

    #[test]
    fn the_pair_is_named() {
        let p = check("발행일: 2026-01-02", "Published: January 2");
        assert_eq!(
            p[0].english(),
            "date \"2026-01-02\" is \"January 2\" in the translation"
        );
    }

    proptest::proptest! {
        /// Any date, in either Korean spelling, passes in every usual English spelling and
        /// fails when its day, month or year moves.
        #[test]
        fn every_spelling_of_the_same_date_passes(y in 1990u32..2100, m in 1u32..=12, d in 1u32..=28) {
            let month = MONTHS[m as usize - 1];
            let title = format!("{}{}", month[..1].to_uppercase(), &month[1..]);
            let abbr = &title[..3];
            for ko in [format!("발행일: {y}-{m:02}-{d:02}"), format!("{y}년 {m}월 {d}일 발표")] {
                for en in [
                    format!("published {title} {d}, {y}"),
                    format!("published {abbr}. {d}, {y}"),
                    format!("published {d} {title} {y}"),
                    format!("published {y}-{m:02}-{d:02}"),
                ] {
                    proptest::prop_assert!(check(&ko, &en).is_empty(), "{} → {}", ko, en);
                }
                for en in [
                    format!("published {title} {}, {y}", d + 1),
                    format!("published {title} {d}, {}", y + 1),
                    format!("published {title} {d}"),
                    format!("published {}-{m:02}-{d:02}", y - 1),
                ] {
                    proptest::prop_assert_eq!(check(&ko, &en).len(), 1, "{} → {}", ko, en);
                }
            }
        }
    }

    #[test]
    fn versions_and_times_are_not_dates() {
        assert!(korean_dates("Qwen2.5 모델, 버전 1.2.3, 10:30").is_empty());
        assert!(english_dates("Mayday, May be, March forward 5 times").is_empty());
        assert_eq!(korean_dates("2026-01-02T10").len(), 0);
    }
}
