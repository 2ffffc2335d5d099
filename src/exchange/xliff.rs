//! XLIFF 2.0, so a CAT tool can open a post: `<gN>` ↔ `<pc id="N">`, `<xN/>` ↔ `<ph id="N"/>`.

use quick_xml::Reader;
use quick_xml::escape::{escape, unescape};
use quick_xml::events::Event;

use super::{ExchangeError, Translations, line_col};
use crate::diag::Detail;
use crate::document::tags::{Token, tokenize};
use crate::document::{Document, SegmentId};

fn inline_to_xliff(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for t in tokenize(text) {
        match t {
            Token::Text(s) => out.push_str(&escape(s)),
            Token::Newline => out.push('\n'),
            Token::Open(n) => out.push_str(&format!("<pc id=\"{n}\">")),
            Token::Close(_) => out.push_str("</pc>"),
            Token::Atom(n) => out.push_str(&format!("<ph id=\"{n}\"/>")),
        }
    }
    out
}

pub fn write(file: &str, source_lang: &str, target_lang: &str, doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        escape(source_lang),
        escape(target_lang)
    ));
    out.push_str(&format!(
        "  <file id=\"f1\" original=\"{}\">\n",
        escape(file)
    ));
    for seg in doc.segments() {
        out.push_str(&format!(
            "    <unit id=\"u{}\" name=\"{}:{}\">\n      <segment>\n        <source xml:space=\"preserve\">{}</source>\n      </segment>\n    </unit>\n",
            seg.id,
            seg.kind.as_str(),
            seg.line,
            inline_to_xliff(&seg.text)
        ));
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// Reads the `<target>` of each unit back into tagged text.
pub fn read(path: &str, text: &str) -> Result<Translations, ExchangeError> {
    let err = |offset: u64, detail: Detail| {
        let (line, column) = line_col(text, offset as usize);
        ExchangeError {
            path: path.to_owned(),
            line,
            column,
            detail,
        }
    };
    let xml = |e: &dyn std::fmt::Display| Detail::quoted("detail-xml", e.to_string());
    let no_id =
        |element: &str| Detail::new("detail-xliff-no-id", vec![("element", element.into())]);
    let mut reader = Reader::from_str(text);
    let mut out = Translations::new();
    let mut unit: Option<String> = None;
    let mut target: Option<String> = None;
    let mut pcs: Vec<String> = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| err(pos, xml(&e)))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                "unit" => unit = attr(&e, "id").map(|id| id.trim_start_matches('u').to_owned()),
                "target" => target = Some(String::new()),
                "pc" => {
                    if let Some(t) = &mut target {
                        let id = attr(&e, "id").ok_or_else(|| err(pos, no_id("pc")))?;
                        t.push_str(&format!("<g{id}>"));
                        pcs.push(id);
                    }
                }
                _ => {}
            },
            Event::Empty(e) => {
                if let (Some(t), "ph") = (&mut target, e.local_name().as_ref()) {
                    let id = attr(&e, "id").ok_or_else(|| err(pos, no_id("ph")))?;
                    t.push_str(&format!("<x{id}/>"));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "pc" => {
                    if let (Some(t), Some(id)) = (&mut target, pcs.pop()) {
                        t.push_str(&format!("</g{id}>"));
                    }
                }
                "target" => {
                    if let (Some(id), Some(t)) = (&unit, target.take()) {
                        out.insert(SegmentId(id.clone()), t);
                    }
                }
                "unit" => unit = None,
                _ => {}
            },
            Event::Text(t) => {
                if let Some(buf) = &mut target {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(buf) = &mut target {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(buf) = &mut target {
                    let name = r.xml10_content();
                    let s = unescape(&format!("&{name};"))
                        .map_err(|e| err(pos, xml(&e)))?
                        .into_owned();
                    buf.push_str(&s);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ParseOptions;

    #[test]
    fn round_trips_tags_and_escapes() {
        let src = "**굵게** `code` & <br> 그리고 [링크](https://x.y \"제목\")\n";
        let doc = Document::parse("t.md", src.as_bytes(), &ParseOptions::default()).unwrap();
        let x = write("t.md", "ko", "en", &doc);
        let as_target = x
            .replace("<source", "<target")
            .replace("</source>", "</target>");
        let back = read("t.xlf", &as_target).unwrap();
        for seg in doc.segments() {
            assert_eq!(back.get(&seg.id), Some(&seg.text), "{x}");
        }
    }

    #[test]
    fn malformed_xml_is_an_error_with_position() {
        let e = read("bad.xlf", "<xliff>\n<unit id=\"u1\"><target>a</unit>").unwrap_err();
        assert_eq!(e.path, "bad.xlf");
        assert!(e.line >= 1);
    }
}
