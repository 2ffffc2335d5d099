//! The review screen: a queue of segments, Korean beside English, old→new diffs, findings
//! and terms, and the keys to decide. Drawing is a pure function of [`App`], so frames are
//! snapshot-tested with ratatui's TestBackend; the event loop lives in `cli::review`.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Diff, Item, Mark};
use crate::i18n::Messages;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Edit,
    Retranslate,
    Revert,
    Skip,
    Next,
    Prev,
    NextPost,
    Filter,
    Help,
    Quit,
    ScrollDown,
    ScrollUp,
    Nothing,
}

pub struct App {
    pub items: Vec<Item>,
    pub pos: usize,
    pub help: bool,
    /// Show only items of this status (cycled with `/`).
    pub filter: Option<crate::state::Status>,
    /// A line for the last thing that happened.
    pub message: Option<String>,
    pub msgs: &'static Messages,
    pub color: bool,
    pub scroll: u16,
}

impl App {
    pub fn new(items: Vec<Item>, msgs: &'static Messages, color: bool) -> App {
        App {
            items,
            pos: 0,
            help: false,
            filter: None,
            message: None,
            msgs,
            color,
            scroll: 0,
        }
    }

    fn t(&self, id: &str) -> String {
        self.msgs.format(id, &[])
    }

    /// Indices of the items the filter lets through.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.filter.is_none_or(|f| self.items[i].status == f))
            .collect()
    }

    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.pos)
    }

    pub fn key(&self, code: KeyCode) -> Action {
        if self.help {
            return match code {
                KeyCode::Char('q') => Action::Quit,
                _ => Action::Help,
            };
        }
        match code {
            KeyCode::Char('a') => Action::Accept,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('r') => Action::Retranslate,
            KeyCode::Char('u') => Action::Revert,
            KeyCode::Char('s') => Action::Skip,
            KeyCode::Char('n') | KeyCode::Right => Action::Next,
            KeyCode::Char('p') | KeyCode::Left => Action::Prev,
            KeyCode::Char('j') => Action::NextPost,
            KeyCode::Char('/') => Action::Filter,
            KeyCode::Char('?') => Action::Help,
            KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
            KeyCode::Down => Action::ScrollDown,
            KeyCode::Up => Action::ScrollUp,
            _ => Action::Nothing,
        }
    }

    /// Moves within the visible items; `delta` of +1 or -1.
    pub fn step(&mut self, delta: isize) {
        let vis = self.visible();
        if vis.is_empty() {
            return;
        }
        let at = vis.iter().position(|&i| i == self.pos).unwrap_or(0) as isize;
        let next = (at + delta).clamp(0, vis.len() as isize - 1) as usize;
        self.pos = vis[next];
        self.scroll = 0;
    }

    /// The first item of the next post.
    pub fn next_post(&mut self) {
        let Some(cur) = self.current().map(|i| i.target_path.clone()) else {
            return;
        };
        if let Some(i) =
            (self.pos + 1..self.items.len()).find(|&i| self.items[i].target_path != cur)
        {
            self.pos = i;
            self.scroll = 0;
        }
    }

    /// Cycles the status filter through the statuses present.
    pub fn cycle_filter(&mut self) {
        let mut present: Vec<crate::state::Status> = self.items.iter().map(|i| i.status).collect();
        present.sort();
        present.dedup();
        self.filter = match self.filter {
            None => present.first().copied(),
            Some(f) => present
                .iter()
                .position(|p| *p == f)
                .and_then(|i| present.get(i + 1))
                .copied(),
        };
        if let Some(&first) = self.visible().first() {
            self.pos = first;
        }
    }

    fn spans(&self, d: &Diff) -> Vec<Line<'static>> {
        let mut lines = vec![Line::default()];
        for (mark, text) in d {
            let style = match (mark, self.color) {
                (Mark::Same, _) | (_, false) => Style::default(),
                (Mark::Removed, true) => Style::default()
                    .fg(Color::Red)
                    .add_modifier(Modifier::CROSSED_OUT),
                (Mark::Added, true) => Style::default()
                    .fg(Color::Green)
                    .add_modifier(Modifier::BOLD),
            };
            let (open, close) = match (mark, self.color) {
                (Mark::Removed, false) => ("[-", "-]"),
                (Mark::Added, false) => ("{+", "+}"),
                _ => ("", ""),
            };
            let full = format!("{open}{text}{close}");
            for (k, part) in full.split('\n').enumerate() {
                if k > 0 {
                    lines.push(Line::default());
                }
                if let Some(l) = lines.last_mut() {
                    l.spans.push(Span::styled(part.to_owned(), style));
                }
            }
        }
        lines
    }

    pub fn draw(&self, f: &mut Frame<'_>) {
        let area = f.area();
        let rows = Layout::default()
            .direction(Direction::Vertical)
            .constraints([
                Constraint::Length(1),
                Constraint::Min(5),
                Constraint::Length(6),
                Constraint::Length(1),
            ])
            .split(area);
        f.render_widget(Paragraph::new(self.header()), rows[0]);
        match self.current() {
            Some(item) => {
                let cols = Layout::default()
                    .direction(Direction::Horizontal)
                    .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .split(rows[1]);
                let ko_title = if item.source_before.is_some() {
                    self.t("review-source-changed")
                } else {
                    self.t("review-source")
                };
                let en_title = if item.target_before.is_some() {
                    self.t("review-target-changed")
                } else {
                    self.t("review-target")
                };
                f.render_widget(
                    Paragraph::new(self.spans(&item.source_diff()))
                        .wrap(Wrap { trim: false })
                        .scroll((self.scroll, 0))
                        .block(Block::default().borders(Borders::ALL).title(ko_title)),
                    cols[0],
                );
                f.render_widget(
                    Paragraph::new(self.spans(&item.target_diff()))
                        .wrap(Wrap { trim: false })
                        .scroll((self.scroll, 0))
                        .block(Block::default().borders(Borders::ALL).title(en_title)),
                    cols[1],
                );
                let mut notes: Vec<Line<'static>> = item
                    .findings
                    .iter()
                    .map(|x| {
                        Line::from(Span::styled(
                            format!("! {x}"),
                            if self.color {
                                Style::default().fg(Color::Yellow)
                            } else {
                                Style::default()
                            },
                        ))
                    })
                    .collect();
                notes.extend(item.terms.iter().map(|t| Line::from(format!("= {t}"))));
                if notes.is_empty() {
                    notes.push(Line::from(self.t("review-no-findings")));
                }
                f.render_widget(
                    Paragraph::new(notes).wrap(Wrap { trim: false }).block(
                        Block::default()
                            .borders(Borders::ALL)
                            .title(self.t("review-findings")),
                    ),
                    rows[2],
                );
            }
            None => {
                f.render_widget(
                    Paragraph::new(self.t("review-empty"))
                        .block(Block::default().borders(Borders::ALL)),
                    rows[1],
                );
            }
        }
        let footer = self
            .message
            .clone()
            .unwrap_or_else(|| self.t("review-keys"));
        f.render_widget(Paragraph::new(footer), rows[3]);
        if self.help {
            let popup = centered(area, 60, 14);
            f.render_widget(Clear, popup);
            let lines: Vec<Line<'static>> = self
                .t("review-help")
                .split('\n')
                .map(|l| Line::from(l.to_owned()))
                .collect();
            f.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(self.t("review-help-title")),
                ),
                popup,
            );
        }
    }

    fn header(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for i in &self.items {
            *counts.entry(i.status.as_str()).or_default() += 1;
        }
        let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let vis = self.visible();
        let at = vis.iter().position(|&i| i == self.pos).map_or(0, |p| p + 1);
        let post = self
            .current()
            .map_or(String::new(), |i| format!("{}:{}", i.target_path, i.line));
        let filter = self
            .filter
            .map_or(String::new(), |f| format!(" [{}]", f.as_str()));
        format!("{post}  {at}/{}{filter}  {}", vis.len(), counts.join(" "))
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests;
