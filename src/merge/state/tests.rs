use proptest::prelude::*;

use super::*;
use crate::document::SegmentKind;
use crate::state::verify::{sealed, validate};

fn entry(id: &str, state: Status, target: &str) -> SegmentState {
    SegmentState {
        id: SegmentId(id.into()),
        kind: SegmentKind::Paragraph,
        state,
        origin: if state.is_human() { "human" } else { "m" }.into(),
        source: format!("{id} 한국어 문단"),
        target: target.into(),
        raw: state == Status::Edited,
        target_hash: crate::state::written_hash(target),
        terms: None,
        previous: None,
    }
}

fn post(segments: Vec<SegmentState>) -> PostState {
    let mut s = PostState::new("posts/a.md", "posts/en/a.md", "en", segments);
    s.source_hash = crate::state::file_hash(b"ko");
    s.target_hash = crate::state::file_hash(b"en");
    s
}

fn machine(n: usize) -> PostState {
    post(
        (0..n)
            .map(|i| entry(&format!("s{i}"), Status::Machine, &format!("English {i}.")))
            .collect(),
    )
}

fn edit(s: &mut PostState, id: &str, state: Status, target: &str) {
    let e = s.segments.iter_mut().find(|e| e.id.0 == id).unwrap();
    let source = e.source.clone();
    *e = SegmentState {
        source,
        ..entry(id, state, target)
    };
}

/// The Korean of `id` changed and was translated: a new id in its place.
fn retranslate(s: &mut PostState, id: &str, new: &str) {
    let e = s.segments.iter_mut().find(|e| e.id.0 == id).unwrap();
    *e = entry(new, Status::Machine, &format!("{new} in English."));
}

fn get<'a>(s: &'a PostState, id: &str) -> &'a SegmentState {
    s.segments.iter().find(|e| e.id.0 == id).unwrap()
}

/// What `check` relies on: the merged file reads back, sealed and consistent (with the
/// English it leaves to the post found there).
fn readable(s: &PostState) {
    let text = s.to_toml();
    assert_eq!(sealed(text.as_bytes()), Some(true));
    let mut back = PostState::from_toml(&text).unwrap();
    let english: String = s
        .segments
        .iter()
        .map(|e| format!("{}\n\n", e.target))
        .collect();
    let post =
        crate::document::Document::parse("en.md", english.as_bytes(), &Default::default()).unwrap();
    back.fill_english(&[&post]);
    validate(&back).unwrap();
    assert_eq!(&back, s);
}

#[test]
fn a_hand_edit_and_new_korean_elsewhere_both_land() {
    let base = machine(4);
    let mut ours = base.clone();
    edit(
        &mut ours,
        "s1",
        Status::Edited,
        "- **Industry impact**: by hand.",
    );
    ours.target_hash = crate::state::file_hash(b"en, edited");
    let mut theirs = base.clone();
    retranslate(&mut theirs, "s3", "s3b");
    theirs.source_hash = crate::state::file_hash(b"ko, fixed");
    theirs.target_hash = crate::state::file_hash(b"en, retranslated");
    let m = merge(Some(&base), &ours, &theirs);
    assert!(m.marked.is_empty());
    let ids: Vec<&str> = m.state.segments.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["s0", "s1", "s2", "s3b"]);
    assert_eq!(get(&m.state, "s1").state, Status::Edited);
    assert_eq!(m.state.source_hash, theirs.source_hash);
    // Both changed the English post: the merged file is neither side's.
    assert_eq!(m.state.target_hash, "");
    assert_eq!(m.state.counts[&Status::Edited], 1);
    readable(&m.state);
}

#[test]
fn two_people_editing_one_paragraph_keeps_both_and_marks_it() {
    let base = machine(3);
    let mut ours = base.clone();
    edit(&mut ours, "s1", Status::Edited, "Ours, by hand.");
    let mut theirs = base.clone();
    edit(&mut theirs, "s1", Status::Edited, "Theirs, by hand.");
    let m = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.marked, [SegmentId("s1".into())]);
    let e = get(&m.state, "s1");
    assert_eq!(e.state, Status::StaleEdited);
    assert_eq!(e.target, "Ours, by hand.");
    let p = e.previous.as_ref().unwrap();
    assert_eq!(
        (p.state, p.target.as_str()),
        (Status::Edited, "Theirs, by hand.")
    );
    readable(&m.state);
}

#[test]
fn a_persons_text_beats_a_machines_for_the_same_korean() {
    let base = machine(2);
    let mut ours = base.clone();
    edit(
        &mut ours,
        "s0",
        Status::Machine,
        "Retranslated by a new model.",
    );
    let mut theirs = base.clone();
    edit(&mut theirs, "s0", Status::Edited, "By hand.");
    let m = merge(Some(&base), &ours, &theirs);
    let e = get(&m.state, "s0");
    assert_eq!(
        (e.state, e.target.as_str()),
        (Status::StaleEdited, "By hand.")
    );
    assert_eq!(e.previous.as_ref().unwrap().state, Status::Machine);
    // A review that only approved the old text gives way to the new text.
    let mut reviewed = base.clone();
    edit(&mut reviewed, "s0", Status::Reviewed, "English 0.");
    let m = merge(Some(&base), &reviewed, &ours);
    assert_eq!(get(&m.state, "s0").target, "Retranslated by a new model.");
    assert!(m.marked.is_empty());
}

#[test]
fn a_hand_edit_follows_the_korean_the_other_side_changed() {
    let base = machine(3);
    let mut ours = base.clone();
    edit(&mut ours, "s1", Status::Edited, "By hand.");
    let mut theirs = base.clone();
    retranslate(&mut theirs, "s1", "s1b");
    let m = merge(Some(&base), &ours, &theirs);
    let ids: Vec<&str> = m.state.segments.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["s0", "s1b", "s2"]);
    let e = get(&m.state, "s1b");
    assert_eq!(
        (e.state, e.target.as_str()),
        (Status::StaleEdited, "By hand.")
    );
    assert_eq!(e.source, "s1 한국어 문단");
    assert_eq!(e.previous.as_ref().unwrap().target, "s1b in English.");
    assert_eq!(m.marked, [SegmentId("s1b".into())]);
    // The same from the other side.
    let m2 = merge(Some(&base), &theirs, &ours);
    assert_eq!(get(&m2.state, "s1b").target, "By hand.");
    readable(&m.state);
}

#[test]
fn a_review_of_korean_the_other_side_changed_becomes_the_new_entrys_previous() {
    let base = machine(2);
    let mut ours = base.clone();
    edit(&mut ours, "s0", Status::Reviewed, "English 0.");
    let mut theirs = base.clone();
    retranslate(&mut theirs, "s0", "s0b");
    theirs.segments[0].previous = Some(Previous::from(&base.segments[0]));
    let m = merge(Some(&base), &ours, &theirs);
    let e = get(&m.state, "s0b");
    assert_eq!(e.state, Status::Machine);
    assert_eq!(e.previous.as_ref().unwrap().state, Status::Reviewed);
    assert!(m.marked.is_empty() && m.state.removed.is_empty());
}

#[test]
fn a_hand_edit_whose_korean_was_deleted_is_kept_under_removed() {
    let base = machine(3);
    let mut ours = base.clone();
    edit(&mut ours, "s1", Status::Edited, "By hand.");
    let mut theirs = base.clone();
    theirs.segments.remove(1);
    theirs.recount();
    let m = merge(Some(&base), &ours, &theirs);
    assert!(m.state.get(&SegmentId("s1".into())).is_none());
    assert_eq!(m.state.removed.len(), 1);
    assert_eq!(m.state.removed[0].target, "By hand.");
    readable(&m.state);
}

#[test]
fn the_same_change_on_both_sides_is_kept_once() {
    let base = machine(3);
    let mut ours = base.clone();
    retranslate(&mut ours, "s1", "s1b");
    let theirs = ours.clone();
    let m = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.state, ours);
    // Two branches that each created the state, alike.
    let m = merge(None, &ours, &theirs);
    assert_eq!(m.state.segments, ours.segments);
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Keep,
    HandEdit,
    NewKorean,
    Review,
    Delete,
    InsertAfter,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Keep),
        Just(Op::HandEdit),
        Just(Op::NewKorean),
        Just(Op::Review),
        Just(Op::Delete),
        Just(Op::InsertAfter),
    ]
}

/// Applies the edits meant for one side: `ops[i]` acts on base segment `s{i}` when
/// `side[i]` is this side.
fn apply(mut s: PostState, ops: &[(Op, bool)], side: bool) -> PostState {
    for (i, (op, on)) in ops.iter().enumerate() {
        if *on != side {
            continue;
        }
        let id = format!("s{i}");
        match op {
            Op::Keep => {}
            Op::HandEdit => edit(&mut s, &id, Status::Edited, &format!("Hand {i}.")),
            Op::NewKorean => retranslate(&mut s, &id, &format!("{id}b")),
            Op::Review => edit(&mut s, &id, Status::Reviewed, &format!("English {i}.")),
            Op::Delete => s.segments.retain(|e| e.id.0 != id),
            Op::InsertAfter => {
                let at = s.segments.iter().position(|e| e.id.0 == id).unwrap();
                let new = format!("n{i}");
                s.segments
                    .insert(at + 1, entry(&new, Status::Machine, "Added in English."));
            }
        }
    }
    s.recount();
    s
}

proptest! {
    /// Disjoint edits merged give the state of making both edits one after the other.
    #[test]
    fn merging_disjoint_edits_equals_applying_both(
        ops in proptest::collection::vec((op(), any::<bool>()), 1..14),
    ) {
        let base = machine(ops.len());
        let ours = apply(base.clone(), &ops, true);
        let theirs = apply(base.clone(), &ops, false);
        let both = apply(ours.clone(), &ops, false);
        let m = merge(Some(&base), &ours, &theirs);
        let view = |s: &PostState| -> Vec<(String, Status, String)> {
            s.segments.iter().map(|e| (e.id.0.clone(), e.state, e.target.clone())).collect()
        };
        prop_assert_eq!(view(&m.state), view(&both));
        prop_assert_eq!(&m.state.counts, &both.counts);
        prop_assert!(m.marked.is_empty());
        prop_assert!(m.state.removed.is_empty());
        prop_assert!(validate(&m.state).is_ok());
    }
}

/// A branch that still has a version 1 state merges with one that wrote version 2: both are
/// read, and the result is version 2.
#[test]
fn a_version_1_side_merges_with_a_version_2_side() {
    let base = machine(3);
    let as_v1 = |s: &PostState| {
        let text = toml::to_string(&PostState {
            version: 1,
            ..s.clone()
        })
        .unwrap();
        PostState::from_toml(&text).unwrap()
    };
    let mut theirs = base.clone();
    retranslate(&mut theirs, "s2", "s2b");
    let theirs = PostState::from_toml(&theirs.to_toml()).unwrap();
    assert!(
        theirs.lacks_english(),
        "version 2 leaves the English to the post"
    );
    let m = merge(Some(&as_v1(&base)), &as_v1(&base), &theirs);
    assert!(m.marked.is_empty());
    assert_eq!(m.state.version, crate::state::VERSION);
    let ids: Vec<&str> = m.state.segments.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["s0", "s1", "s2b"]);
    let text = m.state.to_toml();
    assert!(text.contains("\nversion = 2\n"), "{text}");
    assert_eq!(sealed(text.as_bytes()), Some(true));
    validate(&PostState::from_toml(&text).unwrap()).unwrap();
}
