//! For engines that translate markup (DeepL with `tag_handling=xml`, Google with
//! `format=html`): segment text as XML with our tags as elements, and back.

use crate::document::tags::{Token, tokenize};

/// Escapes words; tags become elements the engine keeps.
pub fn to_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for t in tokenize(text) {
        match t {
            Token::Text(s) => {
                for c in s.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        c => out.push(c),
                    }
                }
            }
            Token::Newline => out.push('\n'),
            Token::Open(n) => out.push_str(&format!("<g{n}>")),
            Token::Close(n) => out.push_str(&format!("</g{n}>")),
            Token::Atom(n) => out.push_str(&format!("<x{n}/>")),
        }
    }
    out
}

/// The `field` of each item of a reply's `list`, decoded with [`from_markup`]; there must be
/// exactly `n` (one per text sent, in order). `what` names the list in errors.
pub fn reply_texts(
    list: &serde_json::Value,
    what: &str,
    field: &str,
    n: usize,
) -> Result<Vec<String>, String> {
    let list = list
        .as_array()
        .ok_or_else(|| format!("no {what} in the reply"))?;
    if list.len() != n {
        return Err(format!("{} translations for {n} texts", list.len()));
    }
    list.iter()
        .map(|t| {
            t[field]
                .as_str()
                .map(from_markup)
                .ok_or_else(|| format!("a translation without {field}"))
        })
        .collect()
}

/// Reads an engine's markup back: `<x2 />`, `<x2></x2>` and `<x2>` become `<x2/>`, entities
/// are decoded.
pub fn from_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if let Some((tag, len)) = engine_atom(&text[i..]) {
                out.push_str(&tag);
                i += len;
                continue;
            }
        } else if b[i] == b'&'
            && let Some(end) = text[i..].find(';').filter(|e| *e <= 10)
            && let Some(c) = entity(&text[i + 1..i + end])
        {
            out.push(c);
            i += end + 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn engine_atom(s: &str) -> Option<(String, usize)> {
    let rest = s.strip_prefix("<x")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let n = &rest[..digits];
    let after = &rest[digits..];
    let closing = format!("</x{n}>");
    let len = if let Some(a) = after
        .strip_prefix(" />")
        .or_else(|| after.strip_prefix("/>"))
    {
        s.len() - a.len()
    } else if let Some(a) = after.strip_prefix('>') {
        let a = a.strip_prefix(closing.as_str()).unwrap_or(a);
        s.len() - a.len()
    } else {
        return None;
    };
    Some((format!("<x{n}/>"), len))
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_engine_variants() {
        let t = "<g1>A & B</g1> < 3 <x2/>";
        assert_eq!(to_markup(t), "<g1>A &amp; B</g1> &lt; 3 <x2/>");
        assert_eq!(from_markup(&to_markup(t)), t);
        assert_eq!(
            from_markup("a <x2 /> b <x3></x3> c <x4> d &#39;e&#x27; &quot;"),
            "a <x2/> b <x3/> c <x4/> d 'e' \""
        );
    }
}
