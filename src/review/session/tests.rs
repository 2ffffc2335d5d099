//! A session driven by keys against a world that records what it was asked: no terminal, no
//! files.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::document::{SegmentId, SegmentKind};
use crate::i18n::UiLang;
use crate::review::Need;
use crate::review::apply::Placeholder;
use crate::review::queue::Queue;
use crate::state::{SegmentState, Status};

const OLD: &str = "폭스콘이 수주했다.";
const NOW: &str = "폭스콘은 수주했다.";

fn item(line: usize, status: Status, stale: bool) -> Item {
    Item {
        source_path: "posts/a.md".into(),
        target_path: "posts/en/a.md".into(),
        lang: "en".into(),
        index: line,
        id: SegmentId(format!("s{line}")),
        line,
        kind: SegmentKind::Paragraph,
        status,
        source: NOW.into(),
        source_before: stale.then(|| OLD.into()),
        source_previous: None,
        target: "Foxconn won the order.".into(),
        target_before: None,
        findings: Vec::new(),
        terms: Vec::new(),
        source_markup: Default::default(),
        target_markup: Default::default(),
    }
}

/// A world that writes nothing: a decision records what a real one would for these items
/// (accept: reviewed against the Korean now; revert: the stale machine text back).
#[derive(Default)]
struct Recorder {
    decisions: Vec<(usize, Decision)>,
    edited: Vec<String>,
    /// What the editor leaves in its file.
    editor_answer: Option<String>,
    refuse: bool,
}

impl World for Recorder {
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<Option<Applied>, Failure> {
        if self.refuse {
            return Err(Placeholder {
                path: item.target_path.clone(),
                line: item.line,
                source: item.source_path.clone(),
            }
            .into());
        }
        let (state, source, text) = match &decision {
            Decision::Revert => (Status::Machine, OLD, "Foxconn won the order.".to_owned()),
            Decision::Edit(md) => (Status::Edited, NOW, md.clone()),
            _ => (Status::Reviewed, NOW, item.target.clone()),
        };
        self.decisions.push((item.line, decision));
        Ok(Some(Applied {
            text: text.clone(),
            entry: SegmentState {
                id: item.id.clone(),
                kind: item.kind,
                state,
                origin: "test".into(),
                source: source.into(),
                target: text,
                raw: false,
                target_hash: String::new(),
                terms: None,
                previous: None,
            },
        }))
    }

    fn rebaseline(&mut self, _: &Item) -> Result<(Option<Baseline>, Queue), Failure> {
        Ok((None, Queue::default()))
    }

    fn markdown(&mut self, item: &Item) -> Result<Option<(String, String)>, Failure> {
        Ok(Some((
            format!("**{}**\n둘째 줄", item.source),
            item.target.clone(),
        )))
    }

    fn edit(&mut self, text: &str) -> Result<Option<String>, Failure> {
        self.edited.push(text.to_owned());
        Ok(self.editor_answer.clone())
    }

    fn retranslate(&mut self, _: &Item) -> Result<Option<Retranslation>, Failure> {
        Ok(None)
    }
}

fn session(items: Vec<Item>) -> Session {
    Session::new(
        Queue {
            items,
            held: Default::default(),
        },
        Messages::get(UiLang::En),
        false,
    )
}

fn keys(s: &mut Session, world: &mut Recorder, keys: &str) {
    for c in keys.chars() {
        s.key(KeyCode::Char(c), world);
    }
}

#[test]
fn opens_on_the_most_urgent_item() {
    let s = session(vec![
        item(1, Status::Pseudo, false),
        item(2, Status::Machine, false),
        item(3, Status::Machine, true),
        item(4, Status::StaleEdited, true),
        item(5, Status::Machine, true),
    ]);
    assert_eq!(s.app.pos, 3, "the stale edit first");
    let s = session(vec![
        item(1, Status::Pseudo, false),
        item(2, Status::Machine, true),
        item(3, Status::Machine, true),
    ]);
    assert_eq!(s.app.pos, 1, "then the first stale item");
    assert_eq!(session(vec![]).app.pos, 0);
}

#[test]
fn keys_still_work_when_the_filter_runs_empty() {
    let mut s = session(vec![
        item(1, Status::Machine, false),
        item(2, Status::Machine, true),
    ]);
    let mut w = Recorder::default();
    // Opened on the stale item; filter to stale, accept it: nothing left under the filter.
    assert_eq!(s.app.pos, 1);
    keys(&mut s, &mut w, "/a");
    assert_eq!(s.app.filter, Some(Need::Stale));
    assert!(s.app.current().is_none());
    // n, p and ? do what they say on an empty filter, without a decision.
    keys(&mut s, &mut w, "np?");
    assert!(s.app.help);
    keys(&mut s, &mut w, "?");
    assert!(!s.app.help);
    // u undoes the accept that emptied the filter: the item is stale and on screen again.
    keys(&mut s, &mut w, "u");
    assert_eq!(w.decisions.len(), 2);
    assert_eq!(w.decisions[1], (2, Decision::Revert));
    assert_eq!(s.app.current().map(|i| i.line), Some(2));
    assert_eq!(
        s.app.message.as_deref(),
        Some("reverted to the previous translation")
    );
    // Accept again; / shows everything (no stale item is left), / again the new one.
    keys(&mut s, &mut w, "a/");
    assert_eq!(s.app.filter, None);
    assert!(s.app.current().is_some());
    keys(&mut s, &mut w, "/");
    assert_eq!(s.app.filter, Some(Need::New));
    assert_eq!(s.app.current().map(|i| i.line), Some(1));
    // Decisions on an empty screen decide nothing.
    let mut s = session(vec![item(1, Status::Machine, true)]);
    keys(&mut s, &mut w, "/a");
    let before = w.decisions.len();
    keys(&mut s, &mut w, "ae");
    assert_eq!(w.decisions.len(), before);
    assert!(w.edited.is_empty());
}

#[test]
fn a_refused_accept_says_why_and_stays() {
    let mut s = session(vec![
        item(1, Status::Pseudo, false),
        item(2, Status::Pseudo, false),
    ]);
    let mut w = Recorder {
        refuse: true,
        ..Default::default()
    };
    keys(&mut s, &mut w, "a");
    assert_eq!(s.app.pos, 0, "not moved on");
    let m = s.app.message.clone().unwrap_or_default();
    assert!(
        m.contains("posts/en/a.md:1") && m.contains("nothing to approve until it is translated"),
        "{m}"
    );
}

#[test]
fn e_opens_the_korean_as_comments_and_records_only_the_english() {
    let mut s = session(vec![item(1, Status::Machine, false)]);
    // The reviewer rewrites the English and leaves the comment lines as they were.
    let mut w = Recorder {
        editor_answer: Some(
            "#. The Korean, for reference (lines starting with #. are removed):\n#. **폭스콘은 수주했다.**\n#. 둘째 줄\nFoxconn has won the order.\n"
                .into(),
        ),
        ..Default::default()
    };
    keys(&mut s, &mut w, "e");
    let opened = &w.edited[0];
    assert_eq!(
        opened,
        "#. The Korean, for reference (lines starting with #. are removed):\n#. **폭스콘은 수주했다.**\n#. 둘째 줄\nFoxconn won the order.\n"
    );
    assert_eq!(
        w.decisions,
        vec![(1, Decision::Edit("Foxconn has won the order.\n".into()))]
    );
    assert_eq!(s.app.items[0].status, Status::Edited);
    assert_eq!(s.app.message.as_deref(), Some("edited and saved"));
}

#[test]
fn comment_lines_never_reach_the_english() {
    let msgs = Messages::get(UiLang::Ko);
    let text = editor_text(msgs, "## 첫 소식\n\n폭스콘", "## First news");
    assert!(text.starts_with("#. "), "{text}");
    assert!(
        text.contains("\n#. ## 첫 소식\n#.\n#. 폭스콘\n## First news\n"),
        "{text}"
    );
    assert_eq!(without_comments(&text), "## First news\n");
    // Wherever the reviewer left them, and with a blank line after them.
    assert_eq!(
        without_comments("Intro.\n#. 한국어\n\n#.\nMore.\n"),
        "Intro.\n\nMore.\n"
    );
    assert_eq!(without_comments("#. 한국어\n\nEnglish."), "English.");
    // A heading or a `#.`-like word that is not a comment line stays.
    assert_eq!(
        without_comments("#.NET is\n# Title\n"),
        "#.NET is\n# Title\n"
    );
}
