//! The review as GitHub-flavoured Markdown, for a pull request's body or a job summary: a
//! summary table, what needs a person first, then per post the Korean beside the English
//! (old → new) with findings. Text from posts and backends is untrusted: it only ever lands
//! HTML-escaped inside table cells, defused so it cannot mention people, link issues or
//! become a link.

use std::collections::BTreeMap;

use super::render::{check_name, finding_lines, folded, kind_label, marked, summary_counts};
use super::{Item, Need};
use crate::i18n::Messages;

/// GitHub refuses a pull request body over 65,536 characters; this leaves room for the
/// closing tags and the note saying where the rest is.
pub const GITHUB_BODY_LIMIT: usize = 60_000;

/// A job summary may be up to 1 MiB.
pub const STEP_SUMMARY_LIMIT: usize = 1_000_000;

/// More rows than this and each post's table starts folded.
const OPEN_ROWS: usize = 20;

/// The items "needs a person first" lists by name.
const FIRST_LIST: usize = 50;

/// How the report is framed.
pub struct Frame<'a> {
    /// Summary rows added under the counts (label, value), such as a run's sent segments
    /// and cost; trusted text.
    pub rows: &'a [(String, String)],
    /// The most characters of the whole report; `None` for no limit.
    pub limit: Option<usize>,
    /// Where the full report is, said when the report is cut; trusted Markdown.
    pub full_report: &'a str,
}

/// Text as inert HTML: escaped, line breaks as `<br>`, and `@`, `#` and `://` broken with a
/// word joiner so GitHub makes no mention, issue reference or link of it.
pub fn inert(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '@' | '#' => {
                out.push(c);
                out.push('\u{2060}');
            }
            _ => out.push(c),
        }
    }
    out.replace("://", ":\u{2060}//")
}

/// A path as a Markdown code span (no backtick can close it early).
fn code(path: &str) -> String {
    format!("`{}`", path.replace('`', "'"))
}

/// One segment as two table rows: where it is and what it needs, then Korean │ English.
fn row(i: &Item, msgs: &'static Messages) -> String {
    let needs: Vec<String> = i
        .needs()
        .iter()
        .map(|n| format!("<b>{}</b>", inert(&msgs.format(n.message_id(), &[]))))
        .collect();
    let mut out = format!(
        "<tr><td colspan=\"2\">{} <code>{}:{}</code> {}</td></tr>\n<tr><td lang=\"ko\">{}</td><td lang=\"{}\">{}",
        needs.join(" "),
        inert(&i.target_path),
        i.line,
        inert(&kind_label(i.kind, msgs)),
        marked(&i.source_change(), inert),
        inert(&i.lang),
        marked(&i.target_diff(), inert),
    );
    for f in finding_lines(i, msgs) {
        out.push_str(&format!("<br>⚠️ {}", inert(&f)));
    }
    for t in &i.terms {
        out.push_str(&format!("<br>= {}", inert(t)));
    }
    out.push_str("</td></tr>\n");
    out
}

/// Needs a person before anything else: a changed Korean under an edit, stale text, findings.
fn urgent(i: &Item) -> bool {
    matches!(i.need(), Need::StaleEdited | Need::Stale | Need::Findings)
}

/// The summary table: posts, segments, what each need and each check counts, and the
/// caller's own rows.
fn summary(items: &[Item], posts: usize, msgs: &'static Messages, frame: &Frame<'_>) -> String {
    let t = |id: &str| msgs.format(id, &[]);
    let (needs, checks) = summary_counts(items);
    let mut out = format!(
        "## {}\n\n| {} | |\n|---|--:|\n",
        t("report-title"),
        t("report-summary")
    );
    let mut count_row = |label: String, value: String| {
        out.push_str(&format!("| {label} | {value} |\n"));
    };
    count_row(t("report-posts"), posts.to_string());
    count_row(t("report-items"), items.len().to_string());
    for (n, c) in &needs {
        count_row(t(n.message_id()), c.to_string());
    }
    for (check, c) in &checks {
        count_row(
            msgs.format("report-findings-of", &[("check", check_name(check, msgs))]),
            c.to_string(),
        );
    }
    for (label, value) in frame.rows {
        count_row(label.clone(), value.clone());
    }
    out
}

/// The checklist of what needs a person first, most urgent first, cut at `FIRST_LIST`.
fn first(items: &[Item], msgs: &'static Messages) -> String {
    let t = |id: &str| msgs.format(id, &[]);
    let mut first: Vec<&Item> = items.iter().filter(|i| urgent(i)).collect();
    if first.is_empty() {
        return String::new();
    }
    let mut out = format!("\n### {}\n\n", t("md-first"));
    first.sort_by_key(|i| (i.need(), i.target_path.as_str(), i.line));
    for i in first.iter().take(FIRST_LIST) {
        let mut checks: Vec<&str> = i.findings.iter().map(|f| f.code).collect();
        checks.dedup();
        out.push_str(&format!(
            "- [ ] {} **{}** {}{}\n",
            code(&format!("{}:{}", i.target_path, i.line)),
            t(i.need().message_id()),
            kind_label(i.kind, msgs),
            if checks.is_empty() {
                String::new()
            } else {
                format!(" ({})", checks.join(", "))
            }
        ));
    }
    if first.len() > FIRST_LIST {
        out.push_str(&format!(
            "- {}\n",
            msgs.format(
                "md-first-more",
                &[("count", (first.len() - FIRST_LIST).to_string())]
            )
        ));
    }
    out
}

/// The report: counts, what needs a person first, then one folded table per post. Cut at
/// a row's end when `frame.limit` would be passed, saying how much is left and where it is.
pub fn markdown(items: &[Item], msgs: &'static Messages, frame: &Frame<'_>) -> String {
    let mut posts: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for i in items {
        posts.entry(i.target_path.as_str()).or_default().push(i);
    }
    let mut out = summary(items, posts.len(), msgs, frame);
    out.push_str(&first(items, msgs));
    let open = items.len() <= OPEN_ROWS;
    let limit = frame.limit.unwrap_or(usize::MAX);
    // Room kept for closing a post's table and for the note that the report is cut.
    let reserve = 600 + frame.full_report.len();
    let mut shown = 0;
    'posts: for (path, list) in &posts {
        let mut list = list.clone();
        list.sort_by_key(|i| (i.need(), i.line));
        let lang = inert(&list.first().map_or(String::new(), |i| i.lang.clone()));
        let groups: Vec<(Option<Need>, Vec<&Item>)> =
            [None, Some(Need::Placeholder), Some(Need::Done)]
                .into_iter()
                .map(|g| {
                    (
                        g,
                        list.iter()
                            .copied()
                            .filter(|i| folded(i) == g)
                            .collect::<Vec<_>>(),
                    )
                })
                .filter(|(_, l)| !l.is_empty())
                .collect();
        let decide = groups
            .iter()
            .find(|(g, _)| g.is_none())
            .map_or(0, |(_, l)| l.len());
        let section = format!(
            "\n### {} ({})\n\n<details{}>\n<summary>{}</summary>\n\n",
            code(path),
            msgs.format(
                "report-post-counts",
                &[
                    ("open", decide.to_string()),
                    ("total", list.len().to_string())
                ]
            ),
            if open { " open" } else { "" },
            inert(path),
        );
        if out.len() + section.len() + reserve > limit {
            break;
        }
        out.push_str(&section);
        for (group, rows) in groups {
            // Placeholder and settled rows fold away inside the post, as in the HTML report.
            let close = match group {
                None => "</table>\n\n",
                Some(need) => {
                    out.push_str(&format!(
                        "<details>\n<summary>{}</summary>\n\n",
                        inert(&msgs.format(
                            "report-folded",
                            &[
                                ("count", rows.len().to_string()),
                                ("need", msgs.format(need.message_id(), &[]))
                            ]
                        ))
                    ));
                    "</table>\n\n</details>\n\n"
                }
            };
            out.push_str(&format!("<table>\n<tr><th>ko</th><th>{lang}</th></tr>\n"));
            for i in rows {
                let r = row(i, msgs);
                if out.len() + r.len() + reserve > limit {
                    out.push_str(close);
                    out.push_str("</details>\n");
                    break 'posts;
                }
                out.push_str(&r);
                shown += 1;
            }
            out.push_str(close);
        }
        out.push_str("</details>\n");
    }
    if shown < items.len() {
        out.push_str(&format!(
            "\n> {}\n",
            msgs.format(
                "md-cut",
                &[
                    ("count", (items.len() - shown).to_string()),
                    ("report", frame.full_report.to_owned())
                ]
            )
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::UiLang;
    use crate::review::render::tests::item;

    fn en() -> &'static Messages {
        Messages::get(UiLang::En)
    }

    fn plain() -> Frame<'static> {
        Frame {
            rows: &[],
            limit: None,
            full_report: "`l10n diff --format html`",
        }
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("markdown_one_item", markdown(&[item()], en(), &plain()));
    }

    /// Placeholder rows fold away inside their post; what needs a decision stays open.
    #[test]
    fn placeholders_are_folded() {
        let placeholder = Item {
            status: crate::state::Status::Pseudo,
            line: 3,
            source_before: None,
            target_before: None,
            findings: vec![],
            ..item()
        };
        let md = markdown(&[placeholder, item()], en(), &plain());
        assert!(md.contains("(1 to decide of 2)"), "{md}");
        let folded = md.find("<summary>1 placeholder row</summary>").expect(&md);
        assert!(
            md.find("posts/en/a.md:9").unwrap_or(usize::MAX) < folded,
            "{md}"
        );
        assert!(
            md.find("posts/en/a.md:3</code>").unwrap_or(0) > folded,
            "{md}"
        );
    }

    #[test]
    fn korean_ui() {
        let md = markdown(&[item()], Messages::get(UiLang::Ko), &plain());
        assert!(md.contains("## l10n 검토 보고서"), "{md}");
        assert!(md.contains("수정본 갱신 필요"), "{md}");
        // The summary names the check in Korean, with the code the rows show.
        assert!(md.contains("| 숫자(numbers) 검사 결과 | 1 |"), "{md}");
        let en = markdown(&[item()], en(), &plain());
        assert!(en.contains("| numbers findings | 1 |"), "{en}");
    }

    /// A reply that tries to become markup, a mention, an issue link or a link stays text.
    #[test]
    fn untrusted_text_stays_inert() {
        let mut i = item();
        i.target = "<img src=x onerror=alert(1)> @octocat fixes #12, see https://evil.example/ [x](javascript:alert(1))\n\n# Heading\n</td></tr></table>".into();
        i.target_before = None;
        let md = markdown(&[i], en(), &plain());
        assert!(!md.contains("<img"), "{md}");
        assert!(
            !md.contains("@octocat") && md.contains("@\u{2060}octocat"),
            "{md}"
        );
        assert!(!md.contains("#12") && !md.contains("https://evil"), "{md}");
        assert!(!md.contains("</td></tr></table>\n"), "{md}");
        // No blank line inside the table, which would end GitHub's HTML block.
        let table = &md[md.find("<table>").unwrap_or(0)..md.find("</table>").unwrap_or(0)];
        assert!(!table.contains("\n\n"), "{table}");
        let parsed = pulldown_cmark::Parser::new(&md);
        let html_blocks: String = parsed
            .filter_map(|e| match e {
                pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                    Some(h.to_string())
                }
                _ => None,
            })
            .collect();
        for tag in ["<img", "<a ", "<script"] {
            assert!(!html_blocks.contains(tag), "{tag} in {html_blocks}");
        }
    }

    proptest::proptest! {
        /// Whatever a reply says, no tag, attribute quote, line break, mention, issue
        /// reference or URL scheme survives as such.
        #[test]
        fn inert_text_has_no_markup(s in "[a-z<>&\"'@#:/\n\r 가-힣]{0,40}") {
            let out = inert(&s);
            for c in ['<', '>', '"', '\'', '\n', '\r'] {
                proptest::prop_assert!(!out.replace("<br>", "").contains(c), "{out:?}");
            }
            proptest::prop_assert!(!out.contains("://"), "{out:?}");
            for (k, _) in out.match_indices(['@', '#']) {
                proptest::prop_assert!(out[k + 1..].starts_with('\u{2060}'), "{out:?}");
            }
        }
    }

    #[test]
    fn long_reports_are_cut_below_the_limit_with_a_pointer() {
        let items: Vec<Item> = (0..2_000)
            .map(|n| {
                let mut i = item();
                i.target_path = format!("posts/en/{}.md", n / 10);
                i.line = n;
                i
            })
            .collect();
        let frame = Frame {
            rows: &[],
            limit: Some(GITHUB_BODY_LIMIT),
            full_report: "[the HTML report](https://example.invalid/run)",
        };
        let md = markdown(&items, en(), &frame);
        assert!(md.chars().count() <= GITHUB_BODY_LIMIT, "{}", md.len());
        assert!(md.len() <= 65_536, "{}", md.len());
        assert!(md.contains("[the HTML report](https://example.invalid/run)"));
        assert!(
            md.contains("more segments are not shown"),
            "{}",
            &md[md.len() - 300..]
        );
        assert_eq!(
            md.matches("<details").count(),
            md.matches("</details>").count()
        );
        assert_eq!(
            md.matches("<table>").count(),
            md.matches("</table>").count()
        );
        assert!(!md.contains("<details open>"));
    }
}
