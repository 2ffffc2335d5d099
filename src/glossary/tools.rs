//! Keeping the glossary: edits that keep comments and order (toml_edit), lint, mining the
//! posts for candidate terms, and exchange formats (CSV, TSV as DeepL takes it, TBX-Basic).
//! Pure: strings in, strings out.

use std::collections::BTreeMap;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::{Glossary, GlossaryError, Term};

fn edit_error(path: &str, message: String) -> GlossaryError {
    GlossaryError {
        path: path.to_owned(),
        line: 0,
        column: 0,
        message,
    }
}

fn parse_doc(path: &str, text: &str) -> Result<DocumentMut, GlossaryError> {
    // The typed parse first: it reports line and column, and refuses invalid glossaries.
    Glossary::parse(path, text)?;
    text.parse::<DocumentMut>()
        .map_err(|e| edit_error(path, e.to_string()))
}

fn terms_mut(doc: &mut DocumentMut) -> &mut ArrayOfTables {
    if doc.get("term").and_then(Item::as_array_of_tables).is_none() {
        doc.insert("term", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc["term"]
        .as_array_of_tables_mut()
        .expect("inserted above")
}

/// Adds `[[term]]` with `source_lang = source`, `target_lang = target`.
pub fn add(
    path: &str,
    text: &str,
    source_lang: &str,
    source: &str,
    target_lang: &str,
    target: &str,
    note: Option<&str>,
) -> Result<String, GlossaryError> {
    let g = Glossary::parse(path, text)?;
    if g.terms
        .iter()
        .any(|t| t.forms.get(source_lang).map(String::as_str) == Some(source))
    {
        return Err(edit_error(
            path,
            format!("\"{source}\" is already in the glossary"),
        ));
    }
    let mut doc = parse_doc(path, text)?;
    let mut t = Table::new();
    t.insert(source_lang, value(source));
    if source == target {
        t.insert("keep", value(true));
    } else {
        t.insert(target_lang, value(target));
    }
    if let Some(n) = note {
        t.insert("note", value(n));
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
            format!("\"{source}\" is not in the glossary"),
        ));
    }
    Ok(doc.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    pub line: usize,
    pub error: bool,
    pub message: String,
}

/// Problems a glossary can have even when it parses.
pub fn lint(g: &Glossary, source_lang: &str, target_lang: &str) -> Vec<LintIssue> {
    let mut out = Vec::new();
    let err = |t: &Term, message: String| LintIssue {
        line: t.line,
        error: true,
        message,
    };
    let mut by_source: BTreeMap<&str, Vec<&Term>> = BTreeMap::new();
    for t in &g.terms {
        for (lang, form) in &t.forms {
            if form.trim() != form {
                out.push(err(
                    t,
                    format!("{lang} form \"{form}\" has leading or trailing spaces"),
                ));
            }
        }
        for v in &t.variants {
            if v.trim().is_empty() {
                out.push(err(t, "an empty variant".into()));
            } else if v.trim() != v {
                out.push(err(
                    t,
                    format!("variant \"{v}\" has leading or trailing spaces"),
                ));
            }
        }
        if t.keep && t.forms.len() > 1 {
            let mut forms = t.forms.values();
            let first = forms.next();
            if forms.any(|f| Some(f) != first) {
                out.push(err(
                    t,
                    "a keep term must be written the same in every language".into(),
                ));
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
        let message = if targets.windows(2).all(|w| w[0] == w[1]) {
            format!("\"{source}\" has two entries (lines {})", lines.join(", "))
        } else {
            format!(
                "\"{source}\" maps to different targets: {} (lines {})",
                targets
                    .iter()
                    .map(|t| t.map_or("(keep)", |s| s.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
                lines.join(", ")
            )
        };
        out.push(err(terms[1], message));
    }
    let sources: Vec<(&str, &Term)> = by_source.iter().map(|(s, t)| (*s, t[0])).collect();
    for (a, ta) in &sources {
        for (b, _) in &sources {
            if a != b && b.starts_with(a) {
                out.push(LintIssue {
                    line: ta.line,
                    error: false,
                    message: format!(
                        "\"{a}\" is a prefix of \"{b}\": where both match, the longer \"{b}\" wins"
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
    pub count: usize,
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_latin_word(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -.&'".contains(c))
}

/// Mines `한글(Latin)` and `Latin(한글)` pairs and Latin names used inside Korean text.
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
    let mut pairs: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    for text in texts {
        let mut rest = *text;
        while let Some(open) = rest.find('(') {
            let before = &rest[..open];
            let after = &rest[open + 1..];
            let Some(close) = after.find(')') else { break };
            let inner = after[..close].trim();
            let words = inner.split_whitespace().count().clamp(1, 3);
            let head: Vec<&str> = before.split_whitespace().rev().take(words).collect();
            let head: Vec<&str> = head.into_iter().rev().collect();
            let outer = head.join(" ");
            let outer = outer
                .trim_start_matches(['\'', '"', '‘', '“', '「'])
                .to_owned();
            let outer_is_ko = outer.chars().next().is_some_and(is_hangul) && !before.ends_with(' ');
            let inner_is_ko = inner.chars().all(|c| is_hangul(c) || c == ' ') && !inner.is_empty();
            if outer_is_ko && is_latin_word(inner) {
                *pairs.entry((outer, Some(inner.to_owned()))).or_default() += 1;
            } else if is_latin_word(&outer) && inner_is_ko && !before.ends_with(' ') {
                *pairs.entry((inner.to_owned(), Some(outer))).or_default() += 1;
            }
            rest = &after[close + 1..];
        }
        // Latin names inside Korean text: OpenAI가, Deepseek의.
        for word in text.split(|c: char| c.is_whitespace() || "()[]'\"‘’“”,.:;!?·「」".contains(c))
        {
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
                && tail.chars().next().is_some_and(is_hangul)
            {
                *pairs.entry((latin, None)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Suggestion> = pairs
        .into_iter()
        .filter(|((s, _), _)| !known.contains(&s.to_lowercase()))
        .map(|((source, target), count)| Suggestion {
            source,
            target,
            count,
        })
        .filter(|s| s.target.is_some() || s.count >= 2)
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.source.cmp(&b.source)));
    out.dedup_by(|a, b| a.source == b.source);
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
                message: "expected two non-empty fields: source and target".into(),
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
                message: e.to_string(),
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
