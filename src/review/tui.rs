//! The review screen: a queue of segments, Korean beside English, old→new diffs, findings
//! and terms, and the keys to decide. Drawing is a pure function of [`App`], so frames are
//! snapshot-tested with ratatui's TestBackend; the event loop lives in `cli::review`.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::wrap::{plain, wrap};
use super::{Diff, Item, Mark, Need};
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
    /// Show only items with this need (cycled with `/`).
    pub filter: Option<Need>,
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

    fn shown(&self, i: usize) -> bool {
        self.items
            .get(i)
            .is_some_and(|it| self.filter.is_none_or(|f| it.needs().contains(&f)))
    }

    /// Indices of the items the filter lets through.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.items.len()).filter(|&i| self.shown(i)).collect()
    }

    /// The item on screen: none when the filter no longer lets the position through.
    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.pos).filter(|_| self.shown(self.pos))
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

    fn go(&mut self, to: usize) {
        self.pos = to;
        self.scroll = 0;
    }

    /// Moves to the next (+1) or previous (-1) visible item in queue order, counted from
    /// the position even when a decision just took it out of the filter.
    pub fn step(&mut self, delta: isize) {
        let next = if delta >= 0 {
            (self.pos + 1..self.items.len()).find(|&i| self.shown(i))
        } else {
            (0..self.pos).rev().find(|&i| self.shown(i))
        };
        match next {
            Some(i) => self.go(i),
            None => self.settle(),
        }
    }

    /// After a decision: stay if the item still passes the filter, else the next visible
    /// item, else the previous one; with none left nothing is drawn as current.
    pub fn settle(&mut self) {
        if self.shown(self.pos) {
            return;
        }
        let after = (self.pos + 1..self.items.len()).find(|&i| self.shown(i));
        let before = (0..self.pos).rev().find(|&i| self.shown(i));
        if let Some(i) = after.or(before) {
            self.go(i);
        }
    }

    /// The first visible item of the next post.
    pub fn next_post(&mut self) {
        let Some(cur) = self.items.get(self.pos).map(|i| i.target_path.clone()) else {
            return;
        };
        if let Some(i) = (self.pos + 1..self.items.len())
            .find(|&i| self.shown(i) && self.items[i].target_path != cur)
        {
            self.go(i);
        }
    }

    /// How many items have each need (what the filter for it would show).
    fn counts(&self) -> Vec<(Need, usize)> {
        Need::ALL
            .iter()
            .map(|n| {
                (
                    *n,
                    self.items.iter().filter(|i| i.needs().contains(n)).count(),
                )
            })
            .filter(|(_, c)| *c > 0)
            .collect()
    }

    /// Cycles the filter through the needs present, then back to everything.
    pub fn cycle_filter(&mut self) {
        let present: Vec<Need> = self.counts().into_iter().map(|(n, _)| n).collect();
        self.filter = match self.filter {
            None => present.first().copied(),
            Some(f) => present
                .iter()
                .position(|p| *p == f)
                .and_then(|i| present.get(i + 1))
                .copied(),
        };
        if !self.shown(self.pos)
            && let Some(&first) = self.visible().first()
        {
            self.go(first);
        }
    }

    /// Diff lines wrapped to `width` columns, styled (colour) or marked (`[-…-]{+…+}`).
    fn lines(&self, d: &Diff, width: u16) -> Vec<Line<'static>> {
        wrap(d, usize::from(width), !self.color)
            .into_iter()
            .map(|runs| {
                if !self.color {
                    return Line::from(plain(&runs));
                }
                Line::from(
                    runs.into_iter()
                        .map(|(mark, text)| {
                            let style = match mark {
                                Mark::Same => Style::default(),
                                Mark::Removed => Style::default()
                                    .fg(Color::Red)
                                    .add_modifier(Modifier::CROSSED_OUT),
                                Mark::Added => Style::default()
                                    .fg(Color::Green)
                                    .add_modifier(Modifier::BOLD),
                            };
                            Span::styled(text, style)
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    fn notes(&self, item: &Item, width: u16) -> Vec<Line<'static>> {
        let style = if self.color {
            Style::default().fg(Color::Yellow)
        } else {
            Style::default()
        };
        let human = crate::report::Human {
            msgs: self.msgs,
            color: false,
        };
        let mut notes: Vec<(String, Style)> = item
            .findings
            .iter()
            .map(|x| (format!("! {}", human.line(x)), style))
            .collect();
        notes.extend(
            item.terms
                .iter()
                .map(|t| (format!("= {t}"), Style::default())),
        );
        if notes.is_empty() {
            notes.push((self.t("review-no-findings"), Style::default()));
        }
        notes
            .into_iter()
            .flat_map(|(text, style)| {
                wrap(&vec![(Mark::Same, text)], usize::from(width), false)
                    .into_iter()
                    .map(move |l| Line::from(Span::styled(plain(&l), style)))
            })
            .collect()
    }

    pub fn draw(&self, f: &mut Frame<'_>) {
        let area = f.area();
        let rows = Layout::default()
            .direction(Direction::Vertical)
            .constraints([
                Constraint::Length(2),
                Constraint::Min(5),
                Constraint::Length(6),
                Constraint::Length(2),
            ])
            .split(area);
        f.render_widget(
            Paragraph::new(keys(&self.header(), usize::from(area.width))),
            rows[0],
        );
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
                for (diff, title, col) in [
                    (item.source_diff(), ko_title, cols[0]),
                    (item.target_diff(), en_title, cols[1]),
                ] {
                    f.render_widget(
                        Paragraph::new(self.lines(&diff, col.width.saturating_sub(2)))
                            .scroll((self.scroll, 0))
                            .block(Block::default().borders(Borders::ALL).title(title)),
                        col,
                    );
                }
                f.render_widget(
                    Paragraph::new(self.notes(item, rows[2].width.saturating_sub(2))).block(
                        Block::default()
                            .borders(Borders::ALL)
                            .title(self.t("review-findings")),
                    ),
                    rows[2],
                );
            }
            None => {
                let empty = match self.filter {
                    Some(n) => self
                        .msgs
                        .format("review-empty-filter", &[("need", self.t(n.message_id()))]),
                    None => self.t("review-empty"),
                };
                f.render_widget(
                    Paragraph::new(empty).block(Block::default().borders(Borders::ALL)),
                    rows[1],
                );
            }
        }
        let footer = match &self.message {
            Some(m) => wrap(
                &vec![(Mark::Same, m.clone())],
                usize::from(area.width),
                false,
            )
            .iter()
            .map(|l| Line::from(plain(l)))
            .collect(),
            None => keys(&self.t("review-keys"), usize::from(area.width)),
        };
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

    /// `posts/en/a.md:14  [stale]  3/12 (filter: stale)  stale:3  new:9`: where, why, how
    /// far; entries two spaces apart so a narrow screen wraps between them.
    fn header(&self) -> String {
        let counts: Vec<String> = self
            .counts()
            .into_iter()
            .map(|(n, c)| format!("{}:{c}", self.t(n.message_id())))
            .collect();
        let vis = self.visible();
        let at = vis.iter().position(|&i| i == self.pos).map_or(0, |p| p + 1);
        let post = self.current().map_or(String::new(), |i| {
            format!(
                "{}:{}  [{}]  ",
                i.target_path,
                i.line,
                self.t(i.need().message_id())
            )
        });
        let filter = self.filter.map_or(String::new(), |n| {
            format!(
                " ({})",
                self.msgs
                    .format("review-filter", &[("need", self.t(n.message_id()))])
            )
        });
        format!("{post}{at}/{}{filter}  {}", vis.len(), counts.join("  "))
    }
}

/// Entries separated by two spaces (the key list, the header) in lines of `width`, never
/// splitting an entry.
fn keys(list: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<String> = vec![String::new()];
    for entry in list.split("  ").map(str::trim).filter(|e| !e.is_empty()) {
        let Some(line) = lines.last_mut() else {
            break;
        };
        let sep = if line.is_empty() { "" } else { "  " };
        if line.is_empty()
            || UnicodeWidthStr::width(format!("{line}{sep}{entry}").as_str()) <= width
        {
            line.push_str(sep);
            line.push_str(entry);
        } else {
            lines.push(entry.to_owned());
        }
    }
    lines.into_iter().map(Line::from).collect()
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
