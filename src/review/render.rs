//! `l10n diff` formats: a unified text diff (wdiff-style `[-old-]{+new+}` markers, readable
//! in a pull-request comment), side-by-side text fitted to a width, and a self-contained
//! HTML report grouped by post with what needs a decision first.

use std::collections::BTreeMap;

use unicode_width::UnicodeWidthStr;

use super::wrap::{plain, wrap};
use super::{Diff, Item, Mark, Need};
use crate::document::SegmentKind;
use crate::i18n::Messages;
use crate::report::Human;

/// The narrowest side-by-side layout that still shows a few words per column.
pub const MIN_WIDTH: usize = 40;

pub(super) fn finding_lines(i: &Item, msgs: &'static Messages) -> Vec<String> {
    let human = Human { msgs, color: false };
    i.findings.iter().map(|f| human.line(f)).collect()
}

/// A segment's kind in the UI language.
pub(super) fn kind_label(kind: SegmentKind, msgs: &Messages) -> String {
    let id = match kind {
        SegmentKind::Heading => "review-kind-heading",
        SegmentKind::Paragraph => "review-kind-paragraph",
        SegmentKind::ListItem => "review-kind-list-item",
        SegmentKind::TableCell => "review-kind-table-cell",
        SegmentKind::Blockquote => "review-kind-blockquote",
        SegmentKind::Footnote => "review-kind-footnote",
        SegmentKind::Alt => "review-kind-alt",
        SegmentKind::Title => "review-kind-title",
        SegmentKind::FrontMatter => "review-kind-front-matter",
    };
    msgs.format(id, &[])
}

/// What a report's summary counts: items by what they need, findings by check code.
pub(super) fn summary_counts(items: &[Item]) -> (BTreeMap<Need, usize>, BTreeMap<&str, usize>) {
    let mut needs: BTreeMap<Need, usize> = BTreeMap::new();
    let mut checks: BTreeMap<&str, usize> = BTreeMap::new();
    for i in items {
        for n in i.needs() {
            *needs.entry(n).or_default() += 1;
        }
        for f in &i.findings {
            *checks.entry(f.code).or_default() += 1;
        }
    }
    (needs, checks)
}

/// A check's name in a report's summary, in the reader's language; a code that names no
/// check is shown as it is.
pub(super) fn check_name(code: &str, msgs: &Messages) -> String {
    crate::qa::Check::from_key(code)
        .map_or_else(|| code.to_owned(), |c| msgs.format(c.message_id(), &[]))
}

fn header(i: &Item, msgs: &Messages) -> String {
    format!(
        "{}:{} [{}] {}",
        i.target_path,
        i.line,
        msgs.format(i.need().message_id(), &[]),
        kind_label(i.kind, msgs)
    )
}

/// Unified text: one block per segment.
pub fn text(items: &[Item], msgs: &'static Messages) -> String {
    let mut out = String::new();
    for i in items {
        out.push_str(&format!("@@ {}\n", header(i, msgs)));
        out.push_str(&format!("ko: {}\n", plain(&i.source_diff())));
        out.push_str(&format!("{}: {}\n", i.lang, plain(&i.target_diff())));
        for f in finding_lines(i, msgs) {
            out.push_str(&format!("  ! {f}\n"));
        }
        for t in &i.terms {
            out.push_str(&format!("  = {t}\n"));
        }
        out.push('\n');
    }
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Plain lines of `text` within `width`: the first after `indent`, the rest aligned under it.
fn wrapped(text: &str, indent: &str, width: usize) -> Vec<String> {
    let w = UnicodeWidthStr::width(indent);
    let hang = " ".repeat(w);
    wrap(
        &vec![(Mark::Same, text.to_owned())],
        width.saturating_sub(w),
        true,
    )
    .iter()
    .enumerate()
    .map(|(k, l)| format!("{}{}", if k == 0 { indent } else { &hang }, plain(l)))
    .collect()
}

/// Side-by-side text in `width` columns (at least [`MIN_WIDTH`]): no line is wider.
pub fn side_by_side(items: &[Item], width: usize, msgs: &'static Messages) -> String {
    let width = width.max(MIN_WIDTH);
    let col = (width - 3) / 2;
    let mut out = String::new();
    for i in items {
        let mut lines = wrapped(&header(i, msgs), "", width);
        let left = wrap(&i.source_diff(), col, true);
        let right = wrap(&i.target_diff(), col, true);
        for k in 0..left.len().max(right.len()) {
            let l = left.get(k).map(plain).unwrap_or_default();
            let r = right.get(k).map(plain).unwrap_or_default();
            lines.push(format!("{} │ {r}", pad(&l, col)).trim_end().to_owned());
        }
        for f in finding_lines(i, msgs) {
            lines.extend(wrapped(&f, "  ! ", width));
        }
        for l in lines {
            out.push_str(&l);
            out.push('\n');
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
    marked(d, esc)
}

/// A diff as HTML: removed text in `<del>`, added in `<ins>`, every piece through `escape`.
pub(super) fn marked(d: &Diff, escape: fn(&str) -> String) -> String {
    d.iter()
        .map(|(m, s)| match m {
            Mark::Same => escape(s),
            Mark::Removed => format!("<del>{}</del>", escape(s)),
            Mark::Added => format!("<ins>{}</ins>", escape(s)),
        })
        .collect()
}

/// An id usable as a URL fragment: `posts/en/a.md` → `posts-en-a-md`.
fn anchor(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Apple SD Gothic Neo\",\"Noto Sans KR\",\"Noto Sans CJK KR\",\"Malgun Gothic\",\"Nanum Gothic\",sans-serif;margin:2em;line-height:1.6;color:#222}\
[lang|=ko]{word-break:keep-all;overflow-wrap:anywhere}\
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5em 0}\
td,th{border:1px solid #ccc;padding:.5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}\
th{background:#f4f4f4}\
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
.meta td{background:#fafafa;color:#555;font-size:.9em}\
.finding{color:#a00;font-size:.9em}.term{color:#555;font-size:.9em}\
.need{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.85em;margin-right:.5em;background:#eee}\
.need-stale-edited{background:#f8c9c4}.need-stale{background:#fde2b0}.need-findings{background:#f5c6cb}\
.need-new{background:#cfe3fb}.need-placeholder,.need-done{background:#e8e8e8}\
.summary table{width:auto;min-width:20em}.summary td,.summary th{width:auto}\
details{margin:.5em 0}summary{cursor:pointer;color:#555}\
a{color:#0645ad}\n";

/// One table of rows.
fn rows(items: &[&Item], msgs: &'static Messages) -> String {
    let mut out = String::from("<table>\n");
    for i in items {
        let id = format!("{}-L{}", anchor(&i.target_path), i.line);
        let labels: String = i
            .needs()
            .iter()
            .map(|n| {
                format!(
                    "<span class=\"need need-{}\">{}</span>",
                    n.as_str(),
                    esc(&msgs.format(n.message_id(), &[]))
                )
            })
            .collect();
        out.push_str(&format!(
            "<tr class=\"meta\" id=\"{id}\"><td colspan=\"2\">{labels}<a href=\"#{id}\">{}:{}</a> {}</td></tr>\n",
            esc(&i.target_path),
            i.line,
            esc(&kind_label(i.kind, msgs))
        ));
        out.push_str(&format!(
            "<tr><td lang=\"ko\">{}</td><td lang=\"{}\">{}",
            html_diff(&i.source_diff()),
            esc(&i.lang),
            html_diff(&i.target_diff())
        ));
        for f in finding_lines(i, msgs) {
            out.push_str(&format!("<div class=\"finding\">{}</div>", esc(&f)));
        }
        for t in &i.terms {
            out.push_str(&format!("<div class=\"term\">= {}</div>", esc(t)));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// A self-contained HTML report (inline CSS, no external assets): a summary, then one
/// section per post with the items needing a decision first and placeholder or settled
/// rows folded away.
pub fn html(items: &[Item], msgs: &'static Messages, ui_lang: &str) -> String {
    let t = |id: &str| esc(&msgs.format(id, &[]));
    let mut posts: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for i in items {
        posts.entry(i.target_path.as_str()).or_default().push(i);
    }
    let (needs, checks) = summary_counts(items);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(ui_lang),
        t("report-title"),
        t("report-title")
    );
    out.push_str(&format!(
        "<section class=\"summary\" id=\"summary\">\n<h2>{}</h2>\n<table>\n",
        t("report-summary")
    ));
    let count_row = |label: String, n: usize| format!("<tr><th>{label}</th><td>{n}</td></tr>\n");
    out.push_str(&count_row(t("report-posts"), posts.len()));
    out.push_str(&count_row(t("report-items"), items.len()));
    for (n, c) in &needs {
        out.push_str(&count_row(
            format!(
                "<span class=\"need need-{}\">{}</span>",
                n.as_str(),
                t(n.message_id())
            ),
            *c,
        ));
    }
    for (check, c) in &checks {
        out.push_str(&count_row(
            esc(&msgs.format("report-findings-of", &[("check", check_name(check, msgs))])),
            *c,
        ));
    }
    out.push_str("</table>\n<nav>\n<ul>\n");
    for (path, list) in &posts {
        let open = list.iter().filter(|i| folded(i).is_none()).count();
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a> ({})</li>\n",
            anchor(path),
            esc(path),
            esc(&msgs.format(
                "report-post-counts",
                &[
                    ("open", open.to_string()),
                    ("total", list.len().to_string())
                ]
            ))
        ));
    }
    out.push_str("</ul>\n</nav>\n</section>\n");
    for (path, list) in &posts {
        let mut list = list.clone();
        list.sort_by_key(|i| (i.need(), i.line));
        out.push_str(&format!(
            "<section class=\"post\" id=\"{}\">\n<h2><a href=\"#{}\">{}</a></h2>\n",
            anchor(path),
            anchor(path),
            esc(path)
        ));
        let (open, rest): (Vec<&Item>, Vec<&Item>) = list.iter().partition(|i| folded(i).is_none());
        if !open.is_empty() {
            out.push_str(&rows(&open, msgs));
        }
        for need in [Need::Placeholder, Need::Done] {
            let group: Vec<&Item> = rest
                .iter()
                .copied()
                .filter(|i| folded(i) == Some(need))
                .collect();
            if group.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<details class=\"need-{}\">\n<summary>{}</summary>\n{}</details>\n",
                need.as_str(),
                esc(&msgs.format(
                    "report-folded",
                    &[
                        ("count", group.len().to_string()),
                        ("need", msgs.format(need.message_id(), &[]))
                    ]
                )),
                rows(&group, msgs)
            ));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Rows with nothing to decide (placeholder text, settled segments) are folded away.
pub(super) fn folded(i: &Item) -> Option<Need> {
    match i.need() {
        n @ (Need::Placeholder | Need::Done) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::SegmentKind;
    use crate::finding::{Finding, Severity};
    use crate::i18n::UiLang;
    use crate::review::Markup;
    use crate::state::Status;

    fn en() -> &'static Messages {
        Messages::get(UiLang::En)
    }

    /// A finding as review builds it from QA.
    pub(crate) fn qa(
        path: &str,
        line: usize,
        check: &'static str,
        message: &'static str,
        args: &[(&'static str, &str)],
    ) -> Finding {
        Finding {
            file: path.into(),
            line,
            segment: None,
            code: check,
            severity: Severity::Warning,
            message,
            args: args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            detail: None,
        }
    }

    /// A stale, hand-edited segment from the corpus (2026-01-02 digest), with a link.
    pub(crate) fn item() -> Item {
        Item {
            source_path: "posts/a.md".into(),
            target_path: "posts/en/a.md".into(),
            lang: "en".into(),
            index: 2,
            id: crate::document::SegmentId("s".into()),
            line: 9,
            kind: SegmentKind::Paragraph,
            status: Status::StaleEdited,
            source: "<g1>폭스콘(Foxconn)</g1>은 이번 수주를 통해 엣지 AI 디바이스 시장에서도 입지를 강화하게 되었습니다.".into(),
            source_before: Some("<g1>폭스콘(Foxconn)</g1>이 이번 수주로 엣지 AI 디바이스 시장에서 입지를 강화했습니다.".into()),
            source_previous: None,
            target: "With this order, <g1>Foxconn</g1> has strengthened its position in the edge AI device market as well.".into(),
            target_before: Some("With this order, <g1>Foxconn</g1> strengthened its position in the edge AI device market.".into()),
            findings: vec![qa(
                "posts/en/a.md",
                9,
                "numbers",
                "qa-number-changed",
                &[("source", "400억 달러"), ("translation", "<b>400</b>")],
            )],
            terms: vec!["폭스콘 → Foxconn".into()],
            source_markup: Markup::new(vec![
                ("<g1>".into(), "[".into()),
                ("</g1>".into(), "](https://www.trendforce.com/presscenter/news/20260102-12345.html)".into()),
            ]),
            target_markup: Markup::new(vec![("<g1>".into(), "**".into()), ("</g1>".into(), "**".into())]),
        }
    }

    fn placeholder(line: usize) -> Item {
        Item {
            status: Status::Pseudo,
            line,
            source_before: None,
            target_before: None,
            findings: vec![],
            target: "pokseukoneun sujuhaetda.".into(),
            ..item()
        }
    }

    #[test]
    fn text_marks_changes_and_shows_markdown() {
        let t = text(&[item()], en());
        assert!(
            t.contains("ko: [폭스콘(Foxconn)](…)[-이-]{+은+} 이번 수주"),
            "{t}"
        );
        assert!(t.contains("**Foxconn** {+has +}strengthened"), "{t}");
        assert!(
            t.contains("@@ posts/en/a.md:9 [stale-edited] paragraph"),
            "{t}"
        );
        assert!(!t.contains("<g1>"), "{t}");
        assert!(
            t.contains("  ! posts/en/a.md:9: warning[numbers]: \"400억 달러\" is"),
            "{t}"
        );
    }

    /// Under a Korean UI the block's kind and its findings are Korean too.
    #[test]
    fn text_reads_in_korean() {
        let t = text(&[item()], Messages::get(UiLang::Ko));
        let header = t.lines().next().unwrap_or_default();
        assert!(header.ends_with("] 문단"), "{t}");
        assert!(
            t.contains("\"400억 달러\"가 번역에서 \"<b>400</b>\"으로 바뀌었습니다"),
            "{t}"
        );
    }

    #[test]
    fn side_by_side_fits_every_width() {
        for width in [60, 100, 160] {
            let s = side_by_side(&[item(), placeholder(12)], width, en());
            for line in s.lines() {
                assert!(
                    UnicodeWidthStr::width(line) <= width,
                    "{width}: {line:?} is {} wide",
                    UnicodeWidthStr::width(line)
                );
                // Markers open and close on the same line.
                assert_eq!(
                    line.matches("{+").count(),
                    line.matches("+}").count(),
                    "{line}"
                );
                assert_eq!(
                    line.matches("[-").count(),
                    line.matches("-]").count(),
                    "{line}"
                );
                let right = line.split(" │ ").nth(1).unwrap_or("");
                assert!(
                    !right.starts_with(", ") && !line.starts_with(", "),
                    "{line}"
                );
            }
            // Words are whole: no English word is cut.
            assert!(s.contains("strengthened"), "{s}");
        }
        insta::assert_snapshot!("side_by_side_60", side_by_side(&[item()], 60, en()));
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let h = html(&[item()], en(), "en");
        assert!(h.starts_with("<!DOCTYPE html>") && h.contains("<style>"));
        assert!(!h.contains("http://") && !h.contains("https://"));
        assert!(h.contains("<del>이</del><ins>은</ins>"), "{h}");
        assert!(h.contains("&lt;b&gt;"));
    }

    #[test]
    fn html_summarizes_groups_and_folds_placeholders() {
        let mut other = item();
        other.target_path = "posts/en/b.md".into();
        let h = html(&[placeholder(3), item(), placeholder(5), other], en(), "en");
        assert!(h.contains("id=\"summary\""), "{h}");
        assert!(h.contains("word-break:keep-all"), "{h}");
        assert!(h.contains("\"Noto Sans KR\""), "{h}");
        assert!(
            h.contains("<section class=\"post\" id=\"posts-en-a-md\">"),
            "{h}"
        );
        assert!(h.contains("href=\"#posts-en-b-md\""), "{h}");
        // In post a the stale item (line 9) comes before the placeholders (lines 3, 5),
        // which are folded.
        let a = &h[h.find("id=\"posts-en-a-md\"").unwrap()..];
        let stale = a.find("posts-en-a-md-L9").unwrap();
        let folded = a.find("<details").unwrap();
        assert!(
            stale < folded && folded < a.find("posts-en-a-md-L3").unwrap(),
            "{a}"
        );
        assert!(a.contains("2 placeholder rows"), "{a}");
        assert!(h.contains("<th>numbers findings</th><td>2</td>"), "{h}");
        let ko = html(&[item()], Messages::get(UiLang::Ko), "ko");
        assert!(
            ko.contains("<th>숫자(numbers) 검사 결과</th><td>1</td>"),
            "{ko}"
        );
    }
}
