//! What each review decision records: the segment's English in the post and the state entry
//! beside it, so that what the state says is true (a revert to the translation of older
//! Korean stays stale; an accepted stale segment is reviewed against the Korean now; an edit
//! is a hand edit; a placeholder is never approved). Pure: the caller reads the post,
//! renders tagged text and commits.

use crate::document::Segment;
use crate::state::{PSEUDO_ORIGIN, Previous, SegmentState, Status};

/// A reviewer's decision on one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The English as it stands fits the Korean now.
    Accept,
    /// A backend's new translation, shown as a diff and accepted.
    Retranslation(Retranslation),
    /// Markdown the reviewer wrote.
    Edit(String),
    /// Put back the translation this one replaced, with its state.
    Revert,
}

/// A backend's new translation of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retranslation {
    /// Tagged like the Korean.
    pub text: String,
    /// The backend (and model) that wrote it.
    pub origin: String,
    /// Hash of the glossary terms it was made with.
    pub terms: Option<String>,
}

impl Retranslation {
    /// Written by the pseudo backend: a placeholder, not a translation to approve.
    pub fn is_placeholder(&self) -> bool {
        self.origin == PSEUDO_ORIGIN
    }
}

/// Why a decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal<E> {
    NothingToRevert,
    /// Placeholder (pseudo) text: nothing to approve until it is translated.
    Placeholder,
    /// Tagged text that does not fit the Korean segment now.
    Render(E),
}

/// What a decision records: the entry, and the segment's new Markdown when the post changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub entry: SegmentState,
    pub markdown: Option<String>,
}

/// Decides one segment. `entry` is its state entry as it stands in the English post,
/// `markdown` the segment's Markdown there, `seg` the Korean segment now; `render` turns
/// tagged text into Markdown against the Korean now.
pub fn decide<E>(
    entry: &SegmentState,
    markdown: &str,
    seg: &Segment,
    decision: Decision,
    render: &dyn Fn(&str) -> Result<String, E>,
) -> Result<Decided, Refusal<E>> {
    let back = Some(Previous::from(entry));
    let now = |state: Status| SegmentState {
        id: seg.id.clone(),
        kind: seg.kind,
        state,
        source: seg.text.clone(),
        previous: back.clone(),
        ..entry.clone()
    };
    match decision {
        Decision::Accept => {
            if entry.state == Status::Pseudo {
                return Err(Refusal::Placeholder);
            }
            let stale = entry.source != seg.text;
            if entry.state == Status::Reviewed && !stale {
                return Ok(Decided {
                    entry: entry.clone(),
                    markdown: None,
                });
            }
            let mut e = now(Status::Reviewed);
            // Tagged text made for other Korean may not render the same against this one:
            // keep exactly what the reviewer accepted.
            if stale && !entry.raw && render(&entry.target).ok().as_deref() != Some(markdown) {
                e.target = markdown.to_owned();
                e.raw = true;
            }
            Ok(Decided {
                entry: e,
                markdown: None,
            })
        }
        Decision::Retranslation(r) if r.is_placeholder() => Err(Refusal::Placeholder),
        Decision::Retranslation(Retranslation {
            text,
            origin,
            terms,
        }) => {
            let md = render(&text).map_err(Refusal::Render)?;
            Ok(Decided {
                entry: SegmentState {
                    origin,
                    target: text,
                    raw: false,
                    terms,
                    ..now(Status::Reviewed)
                },
                markdown: Some(md),
            })
        }
        Decision::Edit(md) => {
            let md = md.trim_end_matches(['\n', '\r']).to_owned();
            if md == markdown {
                return decide(entry, markdown, seg, Decision::Accept, render);
            }
            // What a hand edit in the file records (see `plan::edited_view`), against the
            // Korean the reviewer saw.
            Ok(Decided {
                entry: SegmentState {
                    origin: "human".into(),
                    target: md.clone(),
                    raw: true,
                    ..now(Status::Edited)
                },
                markdown: Some(md),
            })
        }
        Decision::Revert => {
            let p = entry.previous.as_ref().ok_or(Refusal::NothingToRevert)?;
            let md = if p.raw {
                p.target.clone()
            } else {
                render(&p.target).map_err(Refusal::Render)?
            };
            let restored = SegmentState {
                id: seg.id.clone(),
                kind: seg.kind,
                state: p.state,
                origin: p.origin.clone(),
                source: p.source.clone(),
                target: p.target.clone(),
                raw: p.raw,
                target_hash: entry.target_hash.clone(),
                terms: p.terms.clone(),
                previous: back,
            };
            // Machine text of older Korean keeps that Korean as its source: translate and
            // check see it as stale, as they did before the decision. A person's text for
            // older Korean stays in place for a person to look at.
            let e = if p.source == seg.text || !p.state.is_human() {
                restored
            } else {
                SegmentState {
                    state: Status::StaleEdited,
                    target: md.clone(),
                    raw: true,
                    ..restored
                }
            };
            Ok(Decided {
                entry: e,
                markdown: (md != markdown).then_some(md),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, ParseOptions};

    const OLD: &str = "폭스콘이 엣지 AI 디바이스 시장에서 입지를 강화했습니다.";
    const NEW: &str = "폭스콘은 엣지 AI 디바이스 시장에서도 입지를 강화하게 되었습니다.";

    fn seg(text: &str) -> Segment {
        let d = Document::parse(
            "a.md",
            format!("{text}\n").as_bytes(),
            &ParseOptions::default(),
        )
        .unwrap();
        d.segments()[0].clone()
    }

    fn entry(src: &Segment, state: Status, target: &str) -> SegmentState {
        SegmentState {
            id: src.id.clone(),
            kind: src.kind,
            state,
            origin: "test-model".into(),
            source: src.text.clone(),
            target: target.into(),
            raw: false,
            target_hash: "h".into(),
            terms: None,
            previous: None,
        }
    }

    fn plain(t: &str) -> Result<String, String> {
        Ok(t.to_owned())
    }

    #[test]
    fn revert_after_an_accepted_retranslation_of_stale_machine_text_is_stale_again() {
        let (old, new) = (seg(OLD), seg(NEW));
        let k = &new;
        let machine = entry(&old, Status::Machine, "Foxconn strengthened its position.");
        // The stale entry (old source) is shown for the new Korean; r, then a.
        let r = Decision::Retranslation(Retranslation {
            text: "Foxconn has strengthened its position as well.".into(),
            origin: "test-model".into(),
            terms: None,
        });
        let accepted = decide(&machine, &machine.target, k, r, &plain).unwrap();
        assert_eq!(accepted.entry.state, Status::Reviewed);
        assert_eq!(
            (&accepted.entry.id, accepted.entry.source.as_str()),
            (&new.id, NEW)
        );
        let shown = accepted.markdown.unwrap();
        let reverted = decide(&accepted.entry, &shown, k, Decision::Revert, &plain).unwrap();
        assert_eq!(reverted.entry.state, Status::Machine);
        assert_eq!(
            reverted.entry.source, OLD,
            "made from the old Korean: stale"
        );
        assert_eq!(
            reverted.markdown.as_deref(),
            Some("Foxconn strengthened its position.")
        );
        // And u again puts the accepted retranslation back.
        let again = decide(
            &reverted.entry,
            "Foxconn strengthened its position.",
            k,
            Decision::Revert,
            &plain,
        )
        .unwrap();
        assert_eq!(again.entry.state, Status::Reviewed);
        assert_eq!(again.entry.source, NEW);
    }

    #[test]
    fn reverting_to_a_persons_text_for_older_korean_leaves_it_stale_edited() {
        let (old, new) = (seg(OLD), seg(NEW));
        let k = &new;
        let mut edit = entry(
            &old,
            Status::StaleEdited,
            "**Industry impact**: Foxconn gains.",
        );
        edit.id = new.id.clone();
        edit.raw = true;
        let accepted = decide(&edit, &edit.target, k, Decision::Accept, &plain).unwrap();
        assert_eq!(accepted.entry.state, Status::Reviewed);
        assert_eq!(
            accepted.entry.source, NEW,
            "accepted against the Korean now"
        );
        assert_eq!(accepted.markdown, None);
        let back = decide(&accepted.entry, &edit.target, k, Decision::Revert, &plain).unwrap();
        assert_eq!(back.entry.state, Status::StaleEdited);
        assert_eq!(back.entry.source, OLD);
        assert_eq!(back.entry.id, new.id);
        assert_eq!(back.markdown, None, "the English did not change");
    }

    #[test]
    fn reverting_to_reviewed_text_of_older_korean_keeps_it_verbatim_and_stale_edited() {
        let (old, new) = (seg(OLD), seg(NEW));
        let k = &new;
        let mut e = entry(&new, Status::Machine, "Machine.");
        e.previous = Some(Previous::from(&entry(&old, Status::Reviewed, "Reviewed.")));
        let back = decide(&e, "Machine.", k, Decision::Revert, &plain).unwrap();
        assert_eq!(back.entry.state, Status::StaleEdited);
        assert!(back.entry.raw);
        assert_eq!(back.entry.target, "Reviewed.");
        assert_eq!(back.markdown.as_deref(), Some("Reviewed."));
    }

    #[test]
    fn an_edit_is_undone_and_nothing_else_is() {
        let s = seg(OLD);
        let k = &s;
        let machine = entry(&s, Status::Pseudo, "pokseukoni.");
        let edited = decide(
            &machine,
            "pokseukoni.",
            k,
            Decision::Edit("Foxconn gains.\n".into()),
            &plain,
        )
        .unwrap();
        assert_eq!(edited.markdown.as_deref(), Some("Foxconn gains."));
        assert_eq!(edited.entry.origin, "human");
        assert_eq!(
            edited.entry.state,
            Status::Edited,
            "a hand edit, as in the file"
        );
        let undone = decide(&edited.entry, "Foxconn gains.", k, Decision::Revert, &plain).unwrap();
        assert_eq!(undone.entry.state, Status::Pseudo);
        assert_eq!(undone.entry.origin, "test-model");
        assert!(!undone.entry.raw);
        assert_eq!(undone.markdown.as_deref(), Some("pokseukoni."));
        assert_eq!(
            decide(&machine, "x", k, Decision::Revert, &plain),
            Err(Refusal::NothingToRevert)
        );
        // An editor closed without a change is an accept, not an edit: refused on a
        // placeholder, a review of machine text.
        let unchanged = Decision::Edit("pokseukoni.\n".into());
        assert_eq!(
            decide(&machine, "pokseukoni.", k, unchanged.clone(), &plain),
            Err(Refusal::Placeholder)
        );
        let translated = entry(&s, Status::Machine, "pokseukoni.");
        let same = decide(&translated, "pokseukoni.", k, unchanged, &plain).unwrap();
        assert_eq!(same.entry.origin, "test-model");
        assert_eq!(same.entry.state, Status::Reviewed);
    }

    #[test]
    fn a_placeholder_is_never_approved() {
        let (old, new) = (seg(OLD), seg(NEW));
        let pseudo = entry(&new, Status::Pseudo, "pokseukoneun.");
        assert_eq!(
            decide(&pseudo, "pokseukoneun.", &new, Decision::Accept, &plain),
            Err(Refusal::Placeholder)
        );
        // Stale placeholder text is no more approvable.
        let stale = entry(&old, Status::Pseudo, "pokseukoni.");
        assert_eq!(
            decide(&stale, "pokseukoni.", &new, Decision::Accept, &plain),
            Err(Refusal::Placeholder)
        );
        // A retranslation by the pseudo backend is a placeholder too; a real one is taken.
        let again = |origin: &str| {
            Decision::Retranslation(Retranslation {
                text: "Foxconn gains.".into(),
                origin: origin.into(),
                terms: None,
            })
        };
        assert_eq!(
            decide(&pseudo, "pokseukoneun.", &new, again("pseudo"), &plain),
            Err(Refusal::Placeholder)
        );
        let real = decide(&pseudo, "pokseukoneun.", &new, again("test-model"), &plain).unwrap();
        assert_eq!(
            (real.entry.state, real.entry.origin.as_str()),
            (Status::Reviewed, "test-model")
        );
        // And a person's English for it is a hand edit.
        let edit = Decision::Edit("Foxconn gains.".into());
        let e = decide(&pseudo, "pokseukoneun.", &new, edit, &plain).unwrap();
        assert_eq!((e.entry.state, e.entry.raw), (Status::Edited, true));
    }

    #[test]
    fn accepting_stale_tagged_text_keeps_it_verbatim_when_it_no_longer_renders() {
        let (old, new) = (seg(OLD), seg(NEW));
        let k = &new;
        let machine = entry(&old, Status::Machine, "Old <g1>text</g1>.");
        let fails = |_: &str| Err::<String, String>("tags".into());
        let a = decide(&machine, "Old *text*.", k, Decision::Accept, &fails).unwrap();
        assert!(a.entry.raw);
        assert_eq!(a.entry.target, "Old *text*.");
        let r = Decision::Retranslation(Retranslation {
            text: "x".into(),
            origin: "m".into(),
            terms: None,
        });
        assert_eq!(
            decide(&machine, "x", k, r, &fails),
            Err(Refusal::Render("tags".to_owned()))
        );
    }
}
