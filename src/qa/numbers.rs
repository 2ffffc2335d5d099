//! numbers: amounts in Korean units (만 10⁴, 억 10⁸, 조 10¹², with 천/백/십, decimals, 약,
//! ranges) and currencies (원, 달러, 엔, 위안, 유로) read as values, and the English must
//! hold an equivalent ($40 billion, 40 billion dollars, $40B, 40,000,000,000, KRW 56
//! trillion, 27B). A wrong magnitude or currency is an error; a number that vanished is a
//! warning. Years, dates and percentages must be kept as written.

use super::Problem;
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
            // Another group: "1조 2천억", "2억 5천만".
            let next = text[pos..].trim_start_matches(' ');
            if last_big > 1e4 && next.starts_with(|d: char| d.is_ascii_digit()) && scaled {
                let probe = pos + (text[pos..].len() - next.len());
                if let Some((_, n2)) = digits_at(&text[probe..]) {
                    let after = &text[probe + n2..];
                    if SMALL
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
            });
            i = end.max(start + 1);
        } else {
            i = pos.max(start + 1);
        }
    }
    out
}

/// Numbers that must appear as written: years, dates, percentages.
pub fn kept_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        if c.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.') {
            let end = text[i..]
                .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '-' || ch == ','))
                .map_or(text.len(), |e| i + e);
            let tok = text[i..end].trim_end_matches(['.', ',', '-']);
            let after = &text[i + tok.len()..];
            let is_date = tok.len() >= 8 && tok.matches('-').count() == 2;
            let is_year = tok.len() == 4 && after.starts_with('년');
            let is_pct = after.starts_with('%') || after.starts_with(" %");
            if is_date || is_year || is_pct {
                out.push(if is_pct {
                    format!("{tok}%")
                } else {
                    tok.to_owned()
                });
            }
            while k < chars.len() && chars[k].0 < i + tok.len().max(1) {
                k += 1;
            }
            continue;
        }
        k += 1;
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

pub fn check(source: &str, translation: &str) -> Vec<Problem> {
    let src = strip_tags(source);
    let dst = strip_tags(translation);
    let en = english_amounts(&dst);
    let mut out = Vec::new();
    for a in korean_amounts(&src) {
        let same_value: Vec<&Amount> = en.iter().filter(|e| close(e.value, a.value)).collect();
        if let Some(currency) = a.currency
            && !same_value.is_empty()
            && same_value
                .iter()
                .all(|e| e.currency.is_some_and(|c| c != currency))
        {
            let got = same_value[0].currency.map_or("", Currency::name);
            out.push(Problem::new(
                "numbers",
                format!(
                    "\"{}\" is in {}, the translation says {got}",
                    a.text,
                    currency.name()
                ),
            ));
            continue;
        }
        if !same_value.is_empty() {
            continue;
        }
        let m = mantissa(a.value);
        if let Some(wrong) = en.iter().find(|e| {
            mantissa(e.value) == m && (e.scaled || e.currency.is_some() || e.value >= 1000.0)
        }) {
            out.push(Problem::new(
                "numbers",
                format!(
                    "\"{}\" is {} but the translation says \"{}\"",
                    a.text,
                    grouped(a.value),
                    wrong.text
                ),
            ));
        } else {
            out.push(Problem {
                check: "numbers",
                warning_only: true,
                message: format!("\"{}\" is not in the translation", a.text),
            });
        }
    }
    for k in kept_tokens(&src) {
        if !dst.contains(&k) {
            out.push(Problem {
                check: "numbers",
                warning_only: true,
                message: format!("\"{k}\" is not in the translation"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
