//! `l10n diff` formats: a unified text diff (wdiff-style `[-old-]{+new+}` markers, readable
//! in a pull-request comment), side-by-side text, and a self-contained HTML report.

use unicode_width::UnicodeWidthStr;

use super::{Diff, Item, Mark};

fn inline(d: &Diff) -> String {
    d.iter()
        .map(|(m, s)| match m {
            Mark::Same => s.clone(),
            Mark::Removed => format!("[-{s}-]"),
            Mark::Added => format!("{{+{s}+}}"),
        })
        .collect()
}

fn header(i: &Item) -> String {
    format!(
        "{}:{} [{}] {}",
        i.target_path,
        i.line,
        i.status.as_str(),
        i.kind.as_str()
    )
}

/// Unified text: one block per segment.
pub fn text(items: &[Item]) -> String {
    let mut out = String::new();
    for i in items {
        out.push_str(&format!("@@ {}\n", header(i)));
        out.push_str(&format!("ko: {}\n", inline(&i.source_diff())));
        out.push_str(&format!("{}: {}\n", i.lang, inline(&i.target_diff())));
        for f in &i.findings {
            out.push_str(&format!("  ! {f}\n"));
        }
        for t in &i.terms {
            out.push_str(&format!("  = {t}\n"));
        }
        out.push('\n');
    }
    out
}

/// Splits `s` into lines no wider than `width` display columns (Hangul is two wide).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for c in para.chars() {
            let cw = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
            if w + cw > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                w = 0;
            }
            line.push(c);
            w += cw;
        }
        lines.push(line);
    }
    lines
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Side-by-side text, `width` columns in all.
pub fn side_by_side(items: &[Item], width: usize) -> String {
    let col = (width.saturating_sub(3) / 2).max(10);
    let mut out = String::new();
    for i in items {
        out.push_str(&format!("{}\n", header(i)));
        let left = wrap(&inline(&i.source_diff()), col);
        let right = wrap(&inline(&i.target_diff()), col);
        for k in 0..left.len().max(right.len()) {
            let l = left.get(k).map_or("", String::as_str);
            let r = right.get(k).map_or("", String::as_str);
            out.push_str(pad(l, col).as_str());
            out.push_str(" │ ");
            out.push_str(r);
            out.push('\n');
        }
        for f in &i.findings {
            out.push_str(&format!("  ! {f}\n"));
        }
        out.push('\n');
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_diff(d: &Diff) -> String {
    d.iter()
        .map(|(m, s)| match m {
            Mark::Same => esc(s),
            Mark::Removed => format!("<del>{}</del>", esc(s)),
            Mark::Added => format!("<ins>{}</ins>", esc(s)),
        })
        .collect()
}

/// A self-contained HTML report: inline CSS, no external assets.
pub fn html(items: &[Item]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>l10n diff</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}\
         td,th{border:1px solid #ccc;padding:.5em;vertical-align:top;width:50%}th{background:#f4f4f4;text-align:left}\
         del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
         .meta{color:#555;font-size:.9em}.finding{color:#a00}\n</style>\n</head>\n<body>\n<h1>l10n diff</h1>\n<table>\n<tr><th>Korean</th><th>English</th></tr>\n",
    );
    for i in items {
        out.push_str(&format!(
            "<tr><td colspan=\"2\" class=\"meta\">{}</td></tr>\n<tr><td lang=\"ko\">{}</td><td lang=\"{}\">{}",
            esc(&header(i)),
            html_diff(&i.source_diff()),
            esc(&i.lang),
            html_diff(&i.target_diff())
        ));
        for f in &i.findings {
            out.push_str(&format!("<div class=\"finding\">{}</div>", esc(f)));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SegmentKind;
    use crate::state::Status;

    fn item() -> Item {
        Item {
            source_path: "posts/a.md".into(),
            target_path: "posts/en/a.md".into(),
            lang: "en".into(),
            index: 2,
            id: crate::document::SegmentId("s".into()),
            line: 9,
            kind: SegmentKind::Paragraph,
            status: Status::StaleEdited,
            source: "폭스콘은 수주했다".into(),
            source_before: Some("폭스콘이 수주했다".into()),
            target: "Foxconn won a big order".into(),
            target_before: Some("Foxconn won the order".into()),
            findings: vec!["numbers: <b>".into()],
            terms: vec!["폭스콘 → Foxconn".into()],
        }
    }

    #[test]
    fn text_marks_changes() {
        let t = text(&[item()]);
        assert!(t.contains("ko: 폭스콘[-이-]{+은+} 수주했다"), "{t}");
        assert!(t.contains("[-the-]"), "{t}");
    }

    #[test]
    fn wrapping_counts_hangul_as_two_columns() {
        assert_eq!(wrap("가나다라", 4), vec!["가나", "다라"]);
        assert_eq!(wrap("abcd", 4), vec!["abcd"]);
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let h = html(&[item()]);
        assert!(h.starts_with("<!DOCTYPE html>") && h.contains("<style>"));
        assert!(!h.contains("http://") && !h.contains("https://"));
        assert!(h.contains("<del>이</del><ins>은</ins>"), "{h}");
        assert!(h.contains("&lt;b&gt;"));
    }
}
