//! A review session as a plain value: the queue on screen ([`App`]), the retranslations
//! shown and not yet accepted, and the held posts. Each key becomes a move or a decision;
//! decisions go through a [`World`] (the files, the editor, the backend), so a session is
//! driven and tested without a terminal.

use std::collections::{HashMap, HashSet};

use ratatui::crossterm::event::KeyCode;

use super::Item;
use super::apply::{Applied, Baseline};
use super::decide::{Decision, Retranslation};
use super::queue::Queue;
use super::tui::{Action, App};
use crate::diag::Failure;
use crate::i18n::Messages;

/// What a session needs from outside itself.
pub trait World {
    /// Writes a decision on the item's segment; what it left in the post.
    fn decide(&mut self, item: &Item, decision: Decision) -> Result<Option<Applied>, Failure>;
    /// Takes the item's held post as it stands as its baseline (`None`: it was not held),
    /// and the post's queue after it.
    fn rebaseline(&mut self, item: &Item) -> Result<(Option<Baseline>, Queue), Failure>;
    /// The item's Korean and English Markdown as the posts hold them now.
    fn markdown(&mut self, item: &Item) -> Result<Option<(String, String)>, Failure>;
    /// `text` after the reviewer edited it; `None` when the editor failed.
    fn edit(&mut self, text: &str) -> Result<Option<String>, Failure>;
    /// A new translation of the item's Korean; `None` when every backend failed.
    fn retranslate(&mut self, item: &Item) -> Result<Option<Retranslation>, Failure>;
}

/// Lines of the editor's file that are notes for the reviewer, never English.
const COMMENT: &str = "#.";

/// What the editor opens: the Korean as comment lines, then the English to edit.
pub fn editor_text(msgs: &Messages, korean: &str, english: &str) -> String {
    let mut out = format!("{COMMENT} {}\n", msgs.format("review-edit-korean", &[]));
    for line in korean.lines() {
        out.push_str(COMMENT);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(english);
    out.push('\n');
    out
}

/// The reviewer's English: the editor's file without its comment lines.
pub fn without_comments(text: &str) -> String {
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| {
            let l = l.trim_end_matches(['\n', '\r']);
            l != COMMENT && !l.starts_with(&format!("{COMMENT} "))
        })
        .collect();
    kept.trim_start_matches(['\n', '\r']).to_owned()
}

/// A retranslation on screen, not yet accepted, and what the item showed before it.
struct Candidate {
    translation: Retranslation,
    target: String,
    target_before: Option<String>,
}

impl Candidate {
    /// Puts the item back as it was before the retranslation was shown.
    fn withdraw(self, item: &mut Item) {
        item.target = self.target;
        item.target_before = self.target_before;
    }
}

/// Shows what a decision recorded on the item it was made on.
fn show(item: &mut Item, applied: &Applied) {
    let e = &applied.entry;
    item.target_before = Some(std::mem::replace(&mut item.target, applied.text.clone()));
    item.status = e.state;
    item.source_before = (e.source != item.source).then(|| e.source.clone());
}

pub struct Session {
    pub app: App,
    msgs: &'static Messages,
    /// Retranslations shown, by queue position.
    candidates: HashMap<usize, Candidate>,
    /// The English posts held: `a` re-baselines them, `e`, `r`, `u` say how to resolve them.
    held: HashSet<String>,
}

impl Session {
    /// A session on `queue`, opened on its most urgent item.
    pub fn new(queue: Queue, msgs: &'static Messages, color: bool) -> Session {
        let pos = queue.most_urgent();
        let mut app = App::new(queue.items, msgs, color);
        app.pos = pos;
        Session {
            app,
            msgs,
            candidates: HashMap::new(),
            held: queue.held,
        }
    }

    /// Handles one key and leaves a line about it on screen; the action it stood for.
    pub fn key(&mut self, code: KeyCode, world: &mut dyn World) -> Action {
        let action = self.app.key(code);
        self.app.message = None;
        if action != Action::Quit {
            self.app.message = match self.act(action, world) {
                Ok(m) => m,
                Err(f) => Some(self.msgs.diagnostic(f.0.as_ref())),
            };
        }
        action
    }

    fn act(&mut self, action: Action, world: &mut dyn World) -> Result<Option<String>, Failure> {
        match action {
            Action::Accept | Action::Edit | Action::Retranslate => {
                // Decisions are made on the item on screen; under a filter run empty, none.
                match self.app.current().cloned() {
                    Some(item) => self.decide(action, item, world),
                    None => Ok(None),
                }
            }
            Action::Revert => {
                // The item at the position, even when the filter hides it now: `u` right
                // after the decision that took it out of the filter undoes that decision.
                match self.app.items.get(self.app.pos).cloned() {
                    Some(item) => self.revert(item, world),
                    None => Ok(None),
                }
            }
            Action::Next | Action::Skip => {
                self.drop_candidate();
                self.app.step(1);
                Ok(None)
            }
            Action::Prev => {
                self.app.step(-1);
                Ok(None)
            }
            Action::NextPost => {
                self.app.next_post();
                Ok(None)
            }
            Action::Filter => {
                self.app.cycle_filter();
                Ok(None)
            }
            Action::ScrollDown => {
                self.app.scroll = self.app.scroll.saturating_add(1);
                Ok(None)
            }
            Action::ScrollUp => {
                self.app.scroll = self.app.scroll.saturating_sub(1);
                Ok(None)
            }
            Action::Help => {
                self.app.help = !self.app.help;
                Ok(None)
            }
            Action::Quit | Action::Nothing => Ok(None),
        }
    }

    fn item(&mut self) -> Option<&mut Item> {
        self.app.items.get_mut(self.app.pos)
    }

    fn drop_candidate(&mut self) {
        if let Some(c) = self.candidates.remove(&self.app.pos)
            && let Some(it) = self.item()
        {
            c.withdraw(it);
        }
    }

    /// `a`, `e` or `r` on the item on screen.
    fn decide(
        &mut self,
        action: Action,
        item: Item,
        world: &mut dyn World,
    ) -> Result<Option<String>, Failure> {
        let msgs = self.msgs;
        let held = self.held.contains(&item.target_path);
        match action {
            Action::Accept if held => self.rebaseline(&item, world).map(Some),
            Action::Retranslate if held => Ok(Some(msgs.format(
                "review-held-retranslate",
                &[("path", item.source_path.clone())],
            ))),
            Action::Edit if held => Ok(Some(msgs.format("review-held-keys", &[]))),
            Action::Accept => {
                let candidate = self.candidates.remove(&self.app.pos);
                let decision = candidate.as_ref().map_or(Decision::Accept, |c| {
                    Decision::Retranslation(c.translation.clone())
                });
                if let Err(refused) = self.record(&item, decision, world) {
                    // The screen shows what the post holds.
                    if let (Some(c), Some(it)) = (candidate, self.item()) {
                        c.withdraw(it);
                    }
                    return Err(refused);
                }
                self.app.step(1);
                Ok(Some(msgs.format("review-accepted", &[])))
            }
            Action::Edit => {
                self.drop_candidate();
                let Some((korean, english)) = world.markdown(&item)? else {
                    return Ok(None);
                };
                let Some(edited) = world.edit(&editor_text(msgs, &korean, &english))? else {
                    return Ok(None);
                };
                self.record(&item, Decision::Edit(without_comments(&edited)), world)?;
                Ok(Some(msgs.format("review-edited", &[])))
            }
            _ => {
                self.drop_candidate();
                let Some(translation) = world.retranslate(&item)? else {
                    return Ok(None);
                };
                let text = translation.text.clone();
                if let Some(it) = self.item() {
                    let shown = Candidate {
                        translation,
                        target: it.target.clone(),
                        target_before: it.target_before.clone(),
                    };
                    it.target_before = Some(std::mem::replace(&mut it.target, text));
                    self.candidates.insert(self.app.pos, shown);
                }
                Ok(Some(msgs.format("review-retranslated", &[])))
            }
        }
    }

    /// `u`: a retranslation on screen is withdrawn (the post never held it); else the last
    /// decision on the item is undone.
    fn revert(&mut self, item: Item, world: &mut dyn World) -> Result<Option<String>, Failure> {
        if self.held.contains(&item.target_path) {
            return Ok(Some(self.msgs.format("review-held-keys", &[])));
        }
        if let Some(c) = self.candidates.remove(&self.app.pos) {
            if let Some(it) = self.item() {
                c.withdraw(it);
            }
            return Ok(Some(self.msgs.format("review-withdrawn", &[])));
        }
        self.record(&item, Decision::Revert, world)?;
        Ok(Some(self.msgs.format("review-reverted", &[])))
    }

    /// Writes one decision on the item at the position and shows its result there.
    fn record(
        &mut self,
        item: &Item,
        decision: Decision,
        world: &mut dyn World,
    ) -> Result<(), Failure> {
        if let (Some(a), Some(it)) = (world.decide(item, decision)?, self.item()) {
            show(it, &a);
        }
        Ok(())
    }

    /// Takes a held post's English as its baseline and puts its segments in the queue in
    /// place of its blocks.
    fn rebaseline(&mut self, item: &Item, world: &mut dyn World) -> Result<String, Failure> {
        let (baseline, fresh) = world.rebaseline(item)?;
        let path = item.target_path.clone();
        let msg = match baseline {
            Some(b) => b.message(self.msgs, &path),
            None => self
                .msgs
                .format("review-not-held", &[("path", path.clone())]),
        };
        self.held.remove(&path);
        self.held.extend(fresh.held);
        let items = &mut self.app.items;
        let at = items
            .iter()
            .position(|i| i.target_path == path)
            .unwrap_or(self.app.pos);
        items.retain(|i| i.target_path != path);
        let at = at.min(items.len());
        items.splice(at..at, fresh.items);
        self.candidates.clear();
        self.app.pos = at.min(items.len().saturating_sub(1));
        Ok(msg)
    }
}

#[cfg(test)]
mod tests;
