use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::document::SegmentKind;
use crate::i18n::UiLang;
use crate::state::Status;

fn item(status: Status, stale: bool, findings: &[&str]) -> Item {
    Item {
        source_path: "posts/a.md".into(),
        target_path: "posts/en/a.md".into(),
        lang: "en".into(),
        index: 3,
        id: crate::document::SegmentId("s".into()),
        line: 14,
        kind: SegmentKind::ListItem,
        status,
        source: "폭스콘은 이번 수주를 통해 엣지 AI 디바이스 시장에서도 입지를 강화하게 되었습니다.".into(),
        source_before: stale.then(|| "폭스콘이 이번 수주로 엣지 AI 디바이스 시장에서 입지를 강화했습니다.".into()),
        target: "With this order, Foxconn has strengthened its position in the edge AI device market as well.".into(),
        target_before: stale.then(|| "With this order, Foxconn strengthened its position in the edge AI device market.".into()),
        findings: findings.iter().map(|s| s.to_string()).collect(),
        terms: vec!["폭스콘 → Foxconn".into(), "엣지 AI → edge AI".into()],
    }
}

fn frame(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn app(items: Vec<Item>, lang: UiLang) -> App {
    App::new(items, crate::i18n::Messages::get(lang), false)
}

#[test]
fn queue_frame() {
    let a = app(
        vec![
            item(Status::Pseudo, false, &[]),
            item(Status::Machine, false, &[]),
            item(Status::StaleEdited, true, &[]),
        ],
        UiLang::En,
    );
    insta::assert_snapshot!("tui_queue", frame(&a));
}

#[test]
fn stale_segment_with_both_diffs() {
    let a = app(vec![item(Status::StaleEdited, true, &[])], UiLang::En);
    let f = frame(&a);
    assert!(f.contains("[-이-]{+은+}"), "{f}");
    insta::assert_snapshot!("tui_stale", f);
}

#[test]
fn segment_with_findings() {
    let a = app(
        vec![item(
            Status::Machine,
            false,
            &["numbers: \"400억 달러\" is 40,000,000,000 but the translation says \"400 billion\""],
        )],
        UiLang::En,
    );
    insta::assert_snapshot!("tui_findings", frame(&a));
}

#[test]
fn help_overlay() {
    let mut a = app(vec![item(Status::Machine, false, &[])], UiLang::En);
    a.help = true;
    insta::assert_snapshot!("tui_help", frame(&a));
}

#[test]
fn korean_ui() {
    let a = app(vec![item(Status::StaleEdited, true, &[])], UiLang::Ko);
    let f = frame(&a);
    assert!(f.contains("한국어") && f.contains("승인"), "{f}");
    insta::assert_snapshot!("tui_korean", f);
}

#[test]
fn navigation_filter_and_posts() {
    let mut items = vec![
        item(Status::Pseudo, false, &[]),
        item(Status::Machine, false, &[]),
        item(Status::Machine, false, &[]),
    ];
    items[2].target_path = "posts/en/b.md".into();
    let mut a = app(items, UiLang::En);
    a.step(1);
    assert_eq!(a.pos, 1);
    a.step(5);
    assert_eq!(a.pos, 2);
    a.step(-1);
    a.pos = 0;
    a.next_post();
    assert_eq!(a.pos, 2);
    a.cycle_filter();
    assert_eq!(a.filter, Some(Status::Machine));
    assert_eq!(a.visible(), vec![1, 2]);
    assert_eq!(a.key(KeyCode::Char('a')), Action::Accept);
    assert_eq!(a.key(KeyCode::Char('?')), Action::Help);
}
