//! YAML front matter: validated with a real YAML parser, edited by line so every byte we do
//! not translate stays as written.

use crate::diag::Detail;
use std::ops::Range;

use super::{Body, DocumentError, RawSegment, SegmentKind, line_of};

/// How a scalar was written, so a translation is written the same way where it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Single,
    Double,
}

/// A top-level `key: value` line whose value is a one-line scalar.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    /// Bytes of the value as written (quotes included, comment excluded).
    pub value: Range<usize>,
    pub style: ScalarStyle,
    /// The decoded string value.
    pub text: String,
}

/// The front matter block `---` … `---` at the top of a post.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Byte offset just past the closing line (the body starts here).
    pub end: usize,
    /// Offset of the closing `---` line.
    pub close: usize,
    pub entries: Vec<Entry>,
    /// Every top-level key, and for a key written with no value (`lang:`) the bytes after
    /// its colon, where a value can go.
    pub keys: Vec<(String, Option<Range<usize>>)>,
}

fn line_end(src: &str, from: usize) -> (usize, usize) {
    // (end of content, start of next line)
    match src[from..].find('\n') {
        Some(i) => {
            let nl = from + i;
            let content_end = if nl > from && src.as_bytes()[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            (content_end, nl + 1)
        }
        None => (src.len(), src.len()),
    }
}

pub(super) fn parse(
    path: &str,
    src: &str,
    start: usize,
    line_starts: &[usize],
) -> Result<Option<FrontMatter>, DocumentError> {
    let (first_end, mut pos) = line_end(src, start);
    if src[start..first_end].trim_end() != "---" || pos == first_end {
        return Ok(None);
    }
    let yaml_start = pos;
    let close = loop {
        if pos >= src.len() {
            return Err(DocumentError::UnterminatedFrontMatter {
                path: path.to_owned(),
                line: line_of(line_starts, start),
            });
        }
        let (end, next) = line_end(src, pos);
        let line = src[pos..end].trim_end();
        if line == "---" || line == "..." {
            break (pos, next);
        }
        pos = next;
    };
    let yaml = &src[yaml_start..close.0];
    let first_yaml_line = line_of(line_starts, yaml_start);
    // YAML forbids tabs as indentation; a parser may let a tab-only line through, and the
    // keys a target adds after it would not read back.
    // (A lone `\r` is a line break to YAML too.)
    let bytes = yaml.as_bytes();
    if let Some(at) = (0..bytes.len())
        .find(|&i| bytes[i] == b'\t' && (i == 0 || matches!(bytes[i - 1], b'\n' | b'\r')))
    {
        let line = line_of(line_starts, yaml_start + at);
        return Err(DocumentError::InvalidYaml {
            path: path.to_owned(),
            line,
            column: 1,
            detail: Detail::new("detail-yaml-tab", vec![]),
        });
    }
    // Lines end in LF or CRLF; YAML would also break lines at a lone CR, which this line
    // model (and Jekyll's) does not.
    if let Some(at) = yaml
        .as_bytes()
        .iter()
        .enumerate()
        .position(|(i, b)| *b == b'\r' && yaml.as_bytes().get(i + 1) != Some(&b'\n'))
    {
        let abs = yaml_start + at;
        return Err(DocumentError::InvalidYaml {
            path: path.to_owned(),
            line: line_of(line_starts, abs),
            column: src[line_starts[line_of(line_starts, abs) - 1]..abs]
                .chars()
                .count()
                + 1,
            detail: Detail::new("detail-yaml-lone-cr", vec![]),
        });
    }
    // Jekyll's keys start at column 1; an indented first key would not take the keys a
    // target adds below it.
    let mut offset = yaml_start;
    for l in yaml.split_inclusive('\n') {
        let t = l.trim_matches([' ', '\t', '\r', '\n']);
        if !t.is_empty() && !t.starts_with('#') {
            if t.starts_with(['{', '[', '?', '&', '*', '!', '%', '|', '>']) {
                return Err(DocumentError::InvalidYaml {
                    path: path.to_owned(),
                    line: line_of(line_starts, offset),
                    column: 1,
                    detail: Detail::new("detail-yaml-not-block", vec![]),
                });
            }
            if l.starts_with(' ') {
                return Err(DocumentError::InvalidYaml {
                    path: path.to_owned(),
                    line: line_of(line_starts, offset),
                    column: 1,
                    detail: Detail::new("detail-yaml-indented", vec![]),
                });
            }
            break;
        }
        offset += l.len();
    }
    // YAML forbids control characters; some parsers let a few through, so refuse them here
    // rather than write a front matter that does not read back.
    if let Some(at) = yaml.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let abs = yaml_start + at;
        let line = line_of(line_starts, abs);
        return Err(DocumentError::InvalidYaml {
            path: path.to_owned(),
            line,
            column: src[line_starts[line - 1]..abs].chars().count() + 1,
            detail: Detail::new("detail-yaml-control", vec![]),
        });
    }
    let value: serde_norway::Value = if yaml.trim().is_empty() {
        serde_norway::Value::Null
    } else {
        serde_norway::from_str(yaml).map_err(|e| {
            let (line, column, message) = yaml_error(&e);
            DocumentError::InvalidYaml {
                path: path.to_owned(),
                line: first_yaml_line + line.saturating_sub(1),
                column,
                detail: Detail::quoted("detail-yaml", message),
            }
        })?
    };
    // Only comments and blank lines read as null and may be treated as an empty mapping:
    // anything else (`~`, `null`) cannot take the keys a target adds.
    // YAML's white space is ASCII: a no-break space is content.
    let only_comments = yaml.lines().all(|l| {
        let t = l.trim_matches([' ', '\t', '\r']);
        t.is_empty() || t.starts_with('#')
    });
    let map = match value {
        serde_norway::Value::Mapping(m) => m,
        serde_norway::Value::Null if only_comments => Default::default(),
        _ => {
            return Err(DocumentError::FrontMatterNotMapping {
                path: path.to_owned(),
                line: first_yaml_line,
            });
        }
    };
    // A target gets keys added on lines of their own (`lang: en`): a front matter that
    // cannot take one is refused here, with its position, rather than when the target is
    // written. This catches every odd case at once (stray tabs, exotic white space…).
    let probe = format!(
        "{}{}l10n-probe: x\n",
        yaml,
        if yaml.ends_with('\n') || yaml.is_empty() {
            ""
        } else {
            "\n"
        }
    );
    if let Err(e) = serde_norway::from_str::<serde_norway::Value>(&probe) {
        let (line, column, message) = yaml_error(&e);
        return Err(DocumentError::InvalidYaml {
            path: path.to_owned(),
            line: first_yaml_line + line.saturating_sub(1),
            column,
            detail: Detail::quoted("detail-yaml-no-keys", message),
        });
    }
    let mut entries = Vec::new();
    let mut keys = Vec::new();
    for (k, v) in &map {
        let Some(name) = k.as_str() else { continue };
        let empty_value_at = (yaml_start..close.0).filter(|_| v.is_null()).find(|&at| {
            (at == yaml_start || src.as_bytes()[at - 1] == b'\n')
                && src[at..].starts_with(name)
                && src[at + name.len()..].starts_with(':')
                && src[at + name.len() + 1..line_end(src, at).0]
                    .trim()
                    .is_empty()
        });
        keys.push((
            name.to_owned(),
            empty_value_at.map(|at| at + name.len() + 1..line_end(src, at).0),
        ));
    }
    let mut p = yaml_start;
    while p < close.0 {
        let (end, next) = line_end(src, p);
        if let Some(entry) = scan_entry(src, p, end) {
            let decoded = map
                .get(serde_norway::Value::String(entry.key.clone()))
                .and_then(|v| v.as_str());
            if decoded == Some(entry.text.as_str()) {
                entries.push(entry);
            }
        }
        p = next;
    }
    Ok(Some(FrontMatter {
        end: close.1,
        close: close.0,
        entries,
        keys,
    }))
}

/// The parser's message without its own YAML-relative positions (we give file positions).
/// Constructs libyaml reports at the end of the input when they are never closed (the
/// closing `---`); the line a person must fix is where they were opened.
const OPENED: [&str; 9] = [
    "quoted scalar",
    "flow sequence",
    "flow mapping",
    "flow node",
    "block scalar",
    "simple key",
    "anchor",
    "alias",
    "tag",
];

/// Line and column (1-based, within the YAML) and message of a YAML error: for an
/// unclosed quote, bracket or key, where it was opened.
fn yaml_error(e: &serde_norway::Error) -> (usize, usize, String) {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let problem = first.split(" at line ").next().unwrap_or(first);
    let opened = first
        .split_once(", while ")
        .and_then(|(_, context)| context.split_once(" at line "))
        .filter(|(what, _)| OPENED.iter().any(|k| what.ends_with(k)))
        .and_then(|(what, at)| {
            let (line, column) = at.split_once(" column ")?;
            Some((line.parse().ok()?, column.trim().parse().ok()?, what))
        });
    match opened {
        Some((line, column, what)) => (line, column, format!("{problem} while {what}")),
        None => {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            (line, column, problem.to_owned())
        }
    }
}

/// Reads `key: value` at column 0 where value is a one-line scalar; block scalars, flow
/// collections, anchors and tags are left alone.
fn scan_entry(src: &str, start: usize, end: usize) -> Option<Entry> {
    let line = &src[start..end];
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let rest = &line[colon + 1..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let lead = rest.len() - rest.trim_start().len();
    let vstart = start + colon + 1 + lead;
    let raw = &src[vstart..end];
    let (len, style, text) = match raw.chars().next()? {
        '"' => {
            let len = double_quoted_len(raw)?;
            let text: String = serde_norway::from_str(&raw[..len]).ok()?;
            (len, ScalarStyle::Double, text)
        }
        '\'' => {
            let len = single_quoted_len(raw)?;
            (len, ScalarStyle::Single, raw[1..len - 1].replace("''", "'"))
        }
        '|' | '>' | '[' | '{' | '&' | '*' | '!' | '#' => return None,
        _ => {
            let body = match raw.find(" #") {
                Some(i) => &raw[..i],
                None => raw,
            };
            let body = body.trim_end();
            (body.len(), ScalarStyle::Plain, body.to_owned())
        }
    };
    Some(Entry {
        key: key.to_owned(),
        value: vstart..vstart + len,
        style,
        text,
    })
}

fn double_quoted_len(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn single_quoted_len(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

impl FrontMatter {
    pub(super) fn segments(&self, keys: &[String]) -> Vec<RawSegment> {
        self.entries
            .iter()
            .filter(|e| keys.contains(&e.key) && super::has_letters(&e.text))
            .map(|e| RawSegment {
                kind: SegmentKind::FrontMatter,
                range: e.value.clone(),
                text: e.text.clone(),
                key: Some(e.key.clone()),
                body: Body::Scalar(e.style),
            })
            .collect()
    }

    /// Edits that set `keys`: replace an existing one-line value, or add a line before the
    /// closing `---`.
    pub(super) fn key_edits(
        &self,
        keys: &[(String, String)],
        nl: &str,
    ) -> Vec<(Range<usize>, String)> {
        let mut added = String::new();
        let mut edits = Vec::new();
        for (k, v) in keys {
            if let Some(e) = self.entries.iter().find(|e| e.key == *k) {
                edits.push((e.value.clone(), yaml_scalar(v)));
                continue;
            }
            match self.keys.iter().find(|(name, _)| name == k) {
                // `lang:` with no value: the value goes after the colon.
                Some((_, Some(r))) => edits.push((r.clone(), format!(" {}", yaml_scalar(v)))),
                // A value l10n does not rewrite (a list, a block): the source's stays.
                Some((_, None)) => {}
                None => added.push_str(&format!("{k}: {}{nl}", yaml_scalar(v))),
            }
        }
        if !added.is_empty() {
            edits.push((self.close..self.close, added));
        }
        edits
    }
}

/// A string as a YAML scalar: plain where that reads back as the same string, else quoted.
pub fn yaml_scalar(v: &str) -> String {
    if plain_is_safe(v) {
        v.to_owned()
    } else {
        encode_scalar(v, ScalarStyle::Double)
    }
}

fn plain_is_safe(v: &str) -> bool {
    let Some(first) = v.chars().next() else {
        return false;
    };
    if v.trim() != v
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || v.contains(": ")
        || v.contains(" #")
        || v.ends_with(':')
        || v.contains(['\n', '\r', '\t'])
    {
        return false;
    }
    // Must still read back as this exact string (not a number, bool, date or null).
    matches!(
        serde_norway::from_str::<serde_norway::Value>(v),
        Ok(serde_norway::Value::String(s)) if s == v
    )
}

/// Writes `v` in `style`, falling back to double quotes where the style cannot hold it.
pub fn encode_scalar(v: &str, style: ScalarStyle) -> String {
    match style {
        ScalarStyle::Plain if plain_is_safe(v) => v.to_owned(),
        ScalarStyle::Single if !v.contains(['\n', '\r']) => format!("'{}'", v.replace('\'', "''")),
        _ => {
            let mut s = String::with_capacity(v.len() + 2);
            s.push('"');
            for c in v.chars() {
                match c {
                    '"' => s.push_str("\\\""),
                    '\\' => s.push_str("\\\\"),
                    '\n' => s.push_str("\\n"),
                    '\r' => s.push_str("\\r"),
                    '\t' => s.push_str("\\t"),
                    c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
                    c => s.push(c),
                }
            }
            s.push('"');
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_scalars_read_back() {
        for v in [
            "2026-01-02 AI News",
            "Foxconn: the partner",
            "it's \"quoted\"",
            "back\\slash",
            "- dash",
            "true",
            "123",
            "#tag",
            "에이전트",
        ] {
            for style in [ScalarStyle::Plain, ScalarStyle::Single, ScalarStyle::Double] {
                let enc = encode_scalar(v, style);
                let back: String = serde_norway::from_str(&enc).expect(&enc);
                assert_eq!(back, v, "{style:?} {enc}");
            }
        }
    }

    /// The line of a YAML error is the line to fix, not the closing `---`.
    #[test]
    fn yaml_errors_name_the_line_that_opened_the_problem() {
        let cases = [
            (
                "title: \"2026-01-02 AI 뉴스\nlayout: post\ndate: 2026-01-02\n",
                1,
                8,
            ),
            (
                "layout: post\ntitle: '폭스콘 낙점\ndate: 2026-01-02\n",
                2,
                8,
            ),
            ("title: [AI, 뉴스\nlayout: post\n", 1, 8),
            ("title: {a: 1\nlayout: post\n", 1, 8),
        ];
        for (yaml, line, column) in cases {
            let e = serde_norway::from_str::<serde_norway::Value>(yaml).unwrap_err();
            let (l, c, message) = yaml_error(&e);
            assert_eq!((l, c), (line, column), "{yaml:?}: {e}");
            assert!(message.contains("while"), "{message}");
        }
        // A problem found where it is keeps its own position.
        let e = serde_norway::from_str::<serde_norway::Value>("layout: post\ntitle: \"a\" b\n")
            .unwrap_err();
        assert_eq!(yaml_error(&e).0, 2, "{e}");
    }
}
