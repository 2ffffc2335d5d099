//! numbers: amounts in Korean units (만 10⁴, 억 10⁸, 조 10¹², with 천/백/십, decimals, 약,
//! ranges) and currencies (원, 달러, 엔, 위안, 유로) read as values, and the English must
//! hold an equivalent ($40 billion, 40 billion dollars, $40B, 40,000,000,000, KRW 56
//! trillion, 27B). A wrong magnitude or currency is an error; a number that vanished is a
//! warning. Years, dates and percentages must be kept as written.

use std::ops::Range;

use super::dates;
use super::{Check, Problem};
use crate::document::tags::strip_tags;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Won,
    Dollar,
    Yen,
    Yuan,
    Euro,
}

impl Currency {
    fn name(self) -> &'static str {
        match self {
            Currency::Won => "won",
            Currency::Dollar => "dollars",
            Currency::Yen => "yen",
            Currency::Yuan => "yuan",
            Currency::Euro => "euros",
        }
    }
}

/// A number read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub currency: Option<Currency>,
    /// Written with a unit (억, billion…), not as bare digits.
    pub scaled: bool,
    pub text: String,
    /// Where it is written in the text it was read from.
    pub range: Range<usize>,
}

fn digits_at(s: &str) -> Option<(f64, usize)> {
    let mut end = 0;
    let mut seen_digit = false;
    let mut seen_dot = false;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            seen_digit = true;
            end = i + 1;
        } else if c == ',' && seen_digit && s[i + 1..].starts_with(|d: char| d.is_ascii_digit()) {
            end = i + 1;
        } else if c == '.'
            && seen_digit
            && !seen_dot
            && s[i + 1..].starts_with(|d: char| d.is_ascii_digit())
        {
            seen_dot = true;
            end = i + 1;
        } else {
            break;
        }
    }
    if !seen_digit {
        return None;
    }
    s[..end].replace(',', "").parse().ok().map(|v| (v, end))
}

const BIG: [(&str, f64); 3] = [("조", 1e12), ("억", 1e8), ("만", 1e4)];
const SMALL: [(&str, f64); 3] = [("천", 1e3), ("백", 1e2), ("십", 1e1)];

fn korean_currency(s: &str) -> Option<(Currency, usize)> {
    let t = s.trim_start_matches(' ');
    let skip = s.len() - t.len();
    for (w, c) in [
        ("달러", Currency::Dollar),
        ("원", Currency::Won),
        ("엔", Currency::Yen),
        ("위안", Currency::Yuan),
        ("유로", Currency::Euro),
    ] {
        if let Some(rest) = t.strip_prefix(w) {
            // 원 must stand alone (원문, 원인 are words).
            let after = rest.chars().next();
            let is_particle = after.is_none_or(|a| {
                !('\u{AC00}'..='\u{D7A3}').contains(&a) || "을를이가은는의에과와로도만".contains(a)
            });
            if w != "원" || is_particle {
                return Some((c, skip + w.len()));
            }
        }
    }
    None
}

/// Amounts in Korean text. Years (2026년), dates, percentages and numbers glued to Latin
/// letters (R1, 27B) are left to [`kept_tokens`].
pub fn korean_amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let prev = text[..i].chars().next_back();
        if !c.is_ascii_digit()
            || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',' || p == '-')
        {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut total = 0.0;
        let mut group = 0.0;
        let mut scaled = false;
        let mut last_big = f64::MAX;
        let mut pos = i;
        while let Some((v, n)) = digits_at(&text[pos..]) {
            let mut p = pos + n;
            let mut term = v;
            if let Some((u, m)) = SMALL.iter().find(|(u, _)| text[p..].starts_with(u)) {
                term *= m;
                p += u.len();
                scaled = true;
            }
            if let Some((u, m)) = BIG.iter().find(|(u, _)| text[p..].starts_with(u)) {
                if *m >= last_big {
                    break;
                }
                total += (group + term) * m;
                group = 0.0;
                last_big = *m;
                p += u.len();
                scaled = true;
            } else {
                group += term;
            }
            pos = p;
            // Another group: "1조 2천억", "2억 5천만", "1만 5천", "1만 5000": one quantity.
            let next = text[pos..].trim_start_matches(' ');
            if last_big >= 1e4 && next.starts_with(|d: char| d.is_ascii_digit()) && scaled {
                let probe = pos + (text[pos..].len() - next.len());
                if let Some((v2, n2)) = digits_at(&text[probe..]) {
                    let after = &text[probe + n2..];
                    let below_man = last_big == 1e4
                        && n2 == 4
                        && (1000.0..1e4).contains(&v2)
                        && !after.starts_with(|c: char| {
                            c.is_ascii_alphanumeric() || matches!(c, '%' | '.' | ',')
                        });
                    if below_man
                        || SMALL
                            .iter()
                            .chain(BIG.iter())
                            .any(|(u, _)| after.starts_with(u))
                    {
                        pos = probe;
                        continue;
                    }
                }
            }
            break;
        }
        total += group;
        let after = &text[pos..];
        // Dates, years, percentages, ordinals and Latin-glued numbers are not amounts.
        let skip = after.starts_with([
            '%', '년', '월', '일', '-', '/', ':', '위', '번', '차', '세', '명', '개', '건', '배',
            '시', '분', '초',
        ]) || after.starts_with(|c: char| c.is_ascii_alphabetic())
            || after.starts_with('.')
                && !scaled
                && after[1..].starts_with(|c: char| c.is_ascii_digit());
        let currency = korean_currency(after);
        if (scaled || currency.is_some()) && !(skip && currency.is_none() && !scaled) {
            let end = pos + currency.map_or(0, |(_, n)| n);
            out.push(Amount {
                value: total,
                currency: currency.map(|(c, _)| c),
                scaled,
                text: text[start..end].to_owned(),
                range: start..end,
            });
            i = end.max(start + 1);
        } else {
            i = pos.max(start + 1);
        }
    }
    out
}

const EN_SCALES: [(&str, f64); 10] = [
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("tn", 1e12),
    ("bn", 1e9),
    ("T", 1e12),
    ("B", 1e9),
    ("M", 1e6),
    ("K", 1e3),
];

fn en_currency_after(s: &str) -> Option<Currency> {
    let t = s.trim_start().to_ascii_lowercase();
    for (w, c) in [
        ("dollar", Currency::Dollar),
        ("usd", Currency::Dollar),
        ("won", Currency::Won),
        ("krw", Currency::Won),
        ("yen", Currency::Yen),
        ("jpy", Currency::Yen),
        ("yuan", Currency::Yuan),
        ("cny", Currency::Yuan),
        ("rmb", Currency::Yuan),
        ("euro", Currency::Euro),
        ("eur", Currency::Euro),
    ] {
        if t.starts_with(w)
            && !t[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic() && c != 's')
        {
            return Some(c);
        }
    }
    None
}

fn en_currency_before(s: &str) -> Option<Currency> {
    let t = s.trim_end();
    let lower = t.to_ascii_lowercase();
    for (w, c) in [
        ("us$", Currency::Dollar),
        ("$", Currency::Dollar),
        ("₩", Currency::Won),
        ("¥", Currency::Yen),
        ("€", Currency::Euro),
        ("usd", Currency::Dollar),
        ("krw", Currency::Won),
        ("jpy", Currency::Yen),
        ("cny", Currency::Yuan),
        ("rmb", Currency::Yuan),
        ("eur", Currency::Euro),
    ] {
        if lower.ends_with(w) {
            let before = &lower[..lower.len() - w.len()];
            if w.len() == 1
                || w.starts_with(['$', '₩', '¥', '€'])
                || !before.ends_with(|c: char| c.is_ascii_alphabetic())
            {
                return Some(c);
            }
        }
    }
    None
}

/// Amounts in English text.
pub fn english_amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let prev = text[..i].chars().next_back();
        if !c.is_ascii_digit()
            || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',')
        {
            i += c.len_utf8();
            continue;
        }
        let Some((v, n)) = digits_at(&text[i..]) else {
            i += 1;
            continue;
        };
        let mut end = i + n;
        let mut value = v;
        let mut scaled = false;
        let after = &text[end..];
        let trimmed = after.trim_start_matches([' ', '\u{a0}']);
        let gap = after.len() - trimmed.len();
        for (w, m) in EN_SCALES {
            let is_word = w.len() > 2;
            let cand = if is_word { trimmed } else { after };
            if cand.starts_with(w)
                && !cand[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                && (is_word || w.len() == 2 || gap == 0)
            {
                value *= m;
                scaled = true;
                end += if is_word { gap } else { 0 } + w.len();
                break;
            }
        }
        let currency = en_currency_before(&text[..i]).or_else(|| en_currency_after(&text[end..]));
        out.push(Amount {
            value,
            currency,
            scaled,
            text: text[i..end].to_owned(),
            range: i..end,
        });
        i = end.max(i + 1);
    }
    out
}

/// 40000000000 → "40,000,000,000"; fractions keep up to three decimals.
fn grouped(v: f64) -> String {
    if v.fract().abs() > 1e-9 {
        return format!("{v:.3}").trim_end_matches('0').to_owned();
    }
    let digits = format!("{:.0}", v);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Significant digits: 4e10 and 4e11 share "4" (a wrong magnitude); 56e12 and 5.6e13 are equal.
fn mantissa(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let s = format!("{:.9e}", v);
    let m = s.split('e').next().unwrap_or("").replace('.', "");
    m.trim_end_matches('0').to_owned()
}

/// What a number is, for deciding which English number may stand for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Amount,
    Percent,
    Year,
    Plain,
}

/// A number on either side, with what it counts.
#[derive(Debug, Clone)]
struct Quantity {
    value: f64,
    kind: Kind,
    text: String,
    /// Written in Latin letters in the source (`27B`): the identifiers check wants it
    /// verbatim, so its absence here is not reported twice.
    latin: bool,
}

impl Quantity {
    fn explains(&self, e: &Quantity) -> bool {
        close(self.value, e.value) && ((self.kind == Kind::Percent) == (e.kind == Kind::Percent))
    }

    /// An English number that may be a wrong rendering of `self`.
    fn may_become(&self, e: &Quantity) -> bool {
        match self.kind {
            Kind::Percent => e.kind == Kind::Percent,
            Kind::Year => e.kind == Kind::Year,
            Kind::Amount => e.kind == Kind::Amount || (e.kind == Kind::Plain && e.value >= 1000.0),
            Kind::Plain => e.kind == Kind::Plain,
        }
    }
}

/// `text` with the bytes of `ranges` blanked, so positions stay valid.
fn blank(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut out = text.to_owned();
    for r in ranges {
        out.replace_range(r.clone(), &" ".repeat(r.len()));
    }
    out
}

/// A digit after `X-` belongs to a name (`GPT-4`), not to a count.
fn in_name(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    before.next() == Some('-') && before.next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_percent(after: &str) -> bool {
    let t = after.trim_start_matches([' ', '\u{a0}', '-']);
    after.starts_with('%')
        || after.starts_with(" %")
        || t.starts_with("percent")
        || t.starts_with("per cent")
}

/// Numbers in Korean text: amounts, then years, percentages, `27B` and plain counts.
fn korean_quantities(text: &str) -> Vec<Quantity> {
    let text = &blank(text, dates::korean_dates(text).into_iter().map(|d| d.range));
    let amounts = korean_amounts(text);
    let mut out: Vec<Quantity> = amounts
        .iter()
        .map(|a| Quantity {
            value: a.value,
            kind: Kind::Amount,
            text: a.text.clone(),
            latin: false,
        })
        .collect();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let prev = text[..i].chars().next_back();
        if let Some(a) = amounts.iter().find(|a| a.range.start == i) {
            i = a.range.end.max(i + 1);
            continue;
        }
        if !c.is_ascii_digit()
            || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',')
            || in_name(text, i)
        {
            i += c.len_utf8();
            continue;
        }
        let Some((value, n)) = digits_at(&text[i..]) else {
            i += 1;
            continue;
        };
        let after = &text[i + n..];
        let written = &text[i..i + n];
        // Ranks (1위, 제3), months (3월: "March") and age groups (10대 "teens", 2030세대
        // "people in their 20s and 30s") are words in English, not figures.
        let age_group = (after.starts_with('대') && value % 10.0 == 0.0 && value < 100.0)
            || after.starts_with("세대");
        let ordinal = ["위", "번째", "차", "등", "호", "월"]
            .iter()
            .any(|o| after.starts_with(o))
            || text[..i].ends_with('제')
            || age_group;
        let kind = if is_percent(after) {
            Some(Kind::Percent)
        } else if n == 4 && after.starts_with('년') {
            Some(Kind::Year)
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) || ordinal {
            None
        } else {
            Some(Kind::Plain)
        };
        if let Some(kind) = kind {
            out.push(Quantity {
                value,
                kind,
                text: if kind == Kind::Percent {
                    format!("{written}%")
                } else {
                    written.to_owned()
                },
                latin: false,
            });
        } else if let Some(e) = english_amounts(&text[i..])
            .into_iter()
            .next()
            .filter(|e| e.scaled && e.range.start == 0)
        {
            // `27B` beside `270억`: the same quantity in Latin letters.
            out.push(Quantity {
                value: e.value,
                kind: Kind::Amount,
                text: e.text,
                latin: true,
            });
        }
        i += n;
    }
    out
}

/// Small counts spelled out, as English prose writes them.
const NUMBER_WORDS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Numbers in English text, dates left out (the dates check reads those).
fn english_quantities(text: &str) -> Vec<Quantity> {
    let text = &blank(
        text,
        dates::english_dates(text).into_iter().map(|d| d.range),
    );
    let mut out: Vec<Quantity> = english_amounts(text)
        .into_iter()
        .filter(|a| !in_name(text, a.range.start))
        .map(|a| {
            let after = &text[a.range.end..];
            let kind = if is_percent(after) {
                Kind::Percent
            } else if a.scaled || a.currency.is_some() {
                Kind::Amount
            } else if a.text.len() == 4 && (1900.0..=2100.0).contains(&a.value) {
                Kind::Year
            } else {
                Kind::Plain
            };
            Quantity {
                value: a.value,
                kind,
                text: if kind == Kind::Percent {
                    format!("{}%", a.text)
                } else {
                    a.text
                },
                latin: false,
            }
        })
        .collect();
    let lower = text.to_ascii_lowercase();
    for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
        if let Some(k) = NUMBER_WORDS.iter().position(|w| *w == word) {
            out.push(Quantity {
                value: (k + 1) as f64,
                kind: Kind::Plain,
                text: word.to_owned(),
                latin: false,
            });
        }
    }
    out
}

pub fn check(source: &str, translation: &str) -> Vec<Problem> {
    let src = strip_tags(source);
    let dst = strip_tags(translation);
    let mut out = Vec::new();
    let en_amounts = english_amounts(&dst);
    for a in korean_amounts(&blank(
        &src,
        dates::korean_dates(&src).into_iter().map(|d| d.range),
    )) {
        let same_value: Vec<&Amount> = en_amounts
            .iter()
            .filter(|e| close(e.value, a.value))
            .collect();
        if let Some(currency) = a.currency
            && let Some(first) = same_value.first()
            && same_value
                .iter()
                .all(|e| e.currency.is_some_and(|c| c != currency))
        {
            out.push(Problem::localized(
                Check::Numbers,
                "qa-number-currency",
                vec![
                    ("source", a.text.clone()),
                    ("currency", currency.name().to_owned()),
                    ("translation", first.text.clone()),
                    (
                        "translated",
                        first.currency.map_or("", Currency::name).to_owned(),
                    ),
                ],
            ));
        }
    }
    let ko = korean_quantities(&src);
    let en = english_quantities(&dst);
    let mut unexplained: Vec<&Quantity> = en
        .iter()
        .filter(|e| !ko.iter().any(|k| k.explains(e)))
        .collect();
    let changed = |k: &Quantity, e: &Quantity| {
        if k.kind == Kind::Amount {
            Problem::localized(
                Check::Numbers,
                "qa-amount-changed",
                vec![
                    ("source", k.text.clone()),
                    ("value", grouped(k.value)),
                    ("translation", e.text.clone()),
                ],
            )
        } else {
            Problem::localized(
                Check::Numbers,
                "qa-number-changed",
                vec![("source", k.text.clone()), ("translation", e.text.clone())],
            )
        }
    };
    for k in ko.iter().filter(|k| !en.iter().any(|e| k.explains(e))) {
        let m = mantissa(k.value);
        let pick = unexplained
            .iter()
            .position(|e| k.may_become(e) && mantissa(e.value) == m)
            .or_else(|| unexplained.iter().position(|e| k.may_become(e)));
        match pick {
            Some(p) => out.push(changed(k, unexplained.remove(p))),
            None if !k.latin => out.push(
                Problem::localized(
                    Check::Numbers,
                    "qa-number-missing",
                    vec![("source", k.text.clone())],
                )
                .warning(),
            ),
            None => {}
        }
    }
    // A wrong magnitude beside the right one (`270 billion (27B)` for `270억(27B)`): the
    // parenthetical does not excuse it.
    for e in unexplained.into_iter().filter(|e| e.kind == Kind::Amount) {
        if let Some(k) = ko
            .iter()
            .find(|k| k.kind == Kind::Amount && mantissa(k.value) == mantissa(e.value))
        {
            out.push(changed(k, e));
        }
    }
    out
}

#[cfg(test)]
mod tests;
