//! How `translate` shows its progress, from the run's events: a live bar on a terminal;
//! elsewhere (a CI log, a pipe) a line at most every few seconds; nothing with `-q`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{Ctx, Failure};
use crate::run::{Event, Events, Progress};

/// The least time between two progress lines outside a terminal.
const EVERY: Duration = Duration::from_secs(3);

/// The run's events printed for a person.
pub struct Reporter<'a> {
    ctx: &'a Ctx,
    show: Show,
}

enum Show {
    Nothing,
    Bar(indicatif::ProgressBar),
    /// When the last line was printed (the run's start before the first).
    Lines(Mutex<Instant>),
}

impl<'a> Reporter<'a> {
    pub fn new(ctx: &'a Ctx) -> Reporter<'a> {
        let show = if ctx.quiet {
            Show::Nothing
        } else if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} posts {msg}")
            {
                bar.set_style(style);
            }
            Show::Bar(bar)
        } else {
            Show::Lines(Mutex::new(Instant::now()))
        };
        Reporter { ctx, show }
    }

    /// Runs `f` (which prints) with the bar out of the way.
    fn suspend(&self, f: impl FnOnce()) {
        match &self.show {
            Show::Bar(b) => b.suspend(f),
            _ => f(),
        }
    }

    /// Clears the bar: the summary follows.
    pub fn finish(&self) {
        if let Show::Bar(b) = &self.show {
            b.finish_and_clear();
        }
    }

    fn draw(&self, bar: &indicatif::ProgressBar, p: &Progress) {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        let mut line = self.ctx.msgs.format(
            "progress-counts",
            &[
                ("segments", p.segments.to_string()),
                ("requests", p.requests.to_string()),
                ("retries", p.retries.to_string()),
            ],
        );
        if p.received > 0 {
            line.push_str(&self.ctx.msgs.format(
                "progress-received",
                &[("tokens", compact_count(p.received))],
            ));
        }
        bar.set_message(line);
    }
}

impl Events for Reporter<'_> {
    fn event(&self, e: &Event) {
        if e.is_verbose() && self.ctx.verbose == 0 {
            return;
        }
        let (id, args) = e.message();
        match e.is_warning() {
            true => self.suspend(|| self.ctx.warn(id, &args)),
            false => self.suspend(|| self.ctx.note(id, &args)),
        }
    }
    fn error(&self, f: &Failure) {
        self.suspend(|| self.ctx.error(f));
    }
    fn out(&self, e: &Event) -> Result<(), Failure> {
        let (id, args) = e.message();
        let mut result = Ok(());
        self.suspend(|| result = self.ctx.out_line(self.ctx.msgs.format(id, &args)));
        result
    }
    fn progress(&self, p: &Progress) {
        match &self.show {
            Show::Nothing => {}
            Show::Bar(bar) => self.draw(bar, p),
            Show::Lines(last) => {
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                if last.elapsed() >= EVERY && p.done < p.total {
                    *last = Instant::now();
                    self.ctx.note(
                        "progress-line",
                        &[
                            ("done", p.done.to_string()),
                            ("total", p.total.to_string()),
                            ("segments", p.segments.to_string()),
                            ("failed", p.failed.to_string()),
                        ],
                    );
                }
            }
        }
    }
}

/// `1234` as `1.2k`, `1234567` as `1.2M`: a progress line that changes often stays short.
fn compact_count(n: usize) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => format!("{:.1}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::compact_count;

    #[test]
    fn token_counts_stay_short() {
        assert_eq!(compact_count(0), "0");
        assert_eq!(compact_count(999), "999");
        assert_eq!(compact_count(1_234), "1.2k");
        assert_eq!(compact_count(999_949), "999.9k");
        assert_eq!(compact_count(2_500_000), "2.5M");
    }
}
