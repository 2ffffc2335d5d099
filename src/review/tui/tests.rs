use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::document::SegmentKind;
use crate::i18n::UiLang;
use crate::review::Markup;
use crate::state::Status;

/// A finding as (check, Fluent id, arguments).
type QaFinding<'a> = (&'static str, &'static str, &'a [(&'static str, &'a str)]);

fn item(status: Status, stale: bool, findings: &[QaFinding<'_>]) -> Item {
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
        source_previous: None,
        target: "With this order, Foxconn has strengthened its position in the edge AI device market as well.".into(),
        target_before: stale.then(|| "With this order, Foxconn strengthened its position in the edge AI device market.".into()),
        findings: findings
            .iter()
            .map(|(check, id, args)| {
                crate::review::render::tests::qa("posts/en/a.md", 14, check, id, args)
            })
            .collect(),
        terms: vec!["폭스콘 → Foxconn".into(), "엣지 AI → edge AI".into()],
        source_markup: Markup::default(),
        target_markup: Markup::default(),
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
            &[(
                "numbers",
                "qa-amount-changed",
                &[
                    ("source", "400억 달러"),
                    ("value", "40,000,000,000"),
                    ("translation", "400 billion"),
                ],
            )],
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
    assert_eq!(a.filter, Some(Need::New));
    assert_eq!(a.visible(), vec![1, 2]);
    assert_eq!(a.key(KeyCode::Char('a')), Action::Accept);
    assert_eq!(a.key(KeyCode::Char('?')), Action::Help);
}

/// Ten stale items among placeholders, filtered to stale; the reviewer accepts each in turn.
fn stale_queue() -> App {
    let items = (0..20)
        .map(|k| {
            let mut it = item(Status::Pseudo, k % 2 == 1, &[]);
            it.line = k + 1;
            it
        })
        .collect();
    app(items, UiLang::En)
}

/// What the event loop does on `a`: the item becomes reviewed, then the queue moves on.
fn accept(a: &mut App) {
    let pos = a.pos;
    let it = &mut a.items[pos];
    it.status = Status::Reviewed;
    it.source_before = None;
    it.target_before = None;
    a.step(1);
}

#[test]
fn stale_is_a_label_and_a_filter() {
    let mut a = stale_queue();
    assert_eq!(a.items[1].need(), Need::Stale);
    assert_eq!(a.items[0].need(), Need::Placeholder);
    a.cycle_filter();
    assert_eq!(a.filter, Some(Need::Stale));
    assert_eq!(a.visible().len(), 10);
    assert_eq!(a.pos, 1);
    let f = frame(&a);
    assert!(
        f.lines()
            .next()
            .unwrap()
            .contains("[stale]  1/10 (filter: stale)"),
        "{f}"
    );
    assert!(f.contains("stale:10  placeholder:20"), "{f}");
    insta::assert_snapshot!("tui_stale_filter", f);
}

#[test]
fn accepting_under_a_filter_moves_forward_and_counts_right() {
    let mut a = stale_queue();
    a.cycle_filter();
    // Go to the 5th stale item (index 9), accept: the next is the 6th (index 11), not the
    // second, and the header counts what is left.
    for _ in 0..4 {
        a.step(1);
    }
    assert_eq!(a.pos, 9);
    accept(&mut a);
    assert_eq!(a.pos, 11);
    assert_eq!(a.visible().len(), 9);
    assert!(
        frame(&a).lines().next().unwrap().contains(" 5/9 "),
        "{}",
        frame(&a)
    );
    // Accept the last one: it leaves the filter, the previous stale item is shown.
    a.pos = 19;
    accept(&mut a);
    assert_eq!(a.pos, 17);
    assert!(a.current().is_some());
    // Accept everything: nothing is drawn as current and the header says 0/0.
    while a.current().is_some() {
        accept(&mut a);
    }
    let f = frame(&a);
    assert!(
        f.lines()
            .next()
            .unwrap()
            .starts_with("0/0 (filter: stale)  placeholder:10  reviewed:10"),
        "{f}"
    );
    assert!(f.contains("Nothing left under the filter"), "{f}");
}

#[test]
fn wrapped_korean_never_crosses_the_border() {
    let mut it = item(Status::StaleEdited, true, &[]);
    it.source = "럭스쉐어(Luxshare)에서 애플 비전 프로(Vision Pro) 조립 물량 일부를 가져간 폭스콘(Foxconn)은 \
                 엣지 AI 디바이스 시장에서도 입지를 강화하게 되었습니다."
        .into();
    for color in [false, true] {
        let mut a = app(vec![it.clone()], UiLang::Ko);
        a.color = color;
        for width in [61u16, 80, 97] {
            let mut term = Terminal::new(TestBackend::new(width, 24)).unwrap();
            term.draw(|f| a.draw(f)).unwrap();
            let buf = term.backend().buffer().clone();
            for y in 3..15 {
                // Each row inside the panes keeps its four borders, the last at the edge.
                let bars = (0..width).filter(|&x| buf[(x, y)].symbol() == "│").count();
                assert_eq!(bars, 4, "width {width}, row {y}:\n{}", frame(&a));
                assert_eq!(buf[(width - 1, y)].symbol(), "│", "width {width}, row {y}");
            }
        }
    }
}

#[test]
fn markdown_not_tags() {
    let mut it = item(Status::Machine, false, &[]);
    it.source = "<g1>기술적 의미</g1>: <g2>TrendForce</g2>에 따르면".into();
    it.source_markup = Markup::new(vec![
        ("<g1>".into(), "**".into()),
        ("</g1>".into(), "**".into()),
        ("<g2>".into(), "[".into()),
        (
            "</g2>".into(),
            "](https://www.trendforce.com/presscenter)".into(),
        ),
    ]);
    let f = frame(&app(vec![it], UiLang::En));
    assert!(f.contains("**기술적 의미**: [TrendForce](…)에"), "{f}");
    assert!(!f.contains("<g1>"), "{f}");
}
