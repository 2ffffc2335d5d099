//! The live progress bar on a terminal.

use super::Events;
use crate::backend::scheduler::Scheduler;

/// `1234` as `1.2k`, `1234567` as `1.2M`: a progress line that changes often stays short.
fn compact_count(n: usize) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => format!("{:.1}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// An indicatif bar on a terminal; nothing otherwise (the summary line still prints).
pub(super) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub(super) fn new(show: bool, posts: usize) -> Progress {
        let show = show && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress(show.then(|| {
            let bar = indicatif::ProgressBar::new(posts as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} posts {msg}")
            {
                bar.set_style(style);
            }
            bar
        }))
    }

    pub(super) fn tick(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
        self.refresh(s, events);
    }

    /// Redraws the counts; with a streaming backend, also the tokens received so far.
    fn refresh(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if let Some(b) = &self.0 {
            let (segments, requests, retries) = s.progress();
            let mut line = events.text(
                "progress-counts",
                &[
                    ("segments", segments.to_string()),
                    ("requests", requests.to_string()),
                    ("retries", retries.to_string()),
                ],
            );
            let received = s.received();
            if received > 0 {
                line.push_str(
                    &events.text("progress-received", &[("tokens", compact_count(received))]),
                );
            }
            b.set_message(line);
        }
    }

    /// Redraws the line while requests stream, between the posts finishing; never returns.
    pub(super) async fn follow(&self, s: &Scheduler<'_>, events: &dyn Events) {
        if self.0.is_none() {
            return std::future::pending().await;
        }
        let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            every.tick().await;
            self.refresh(s, events);
        }
    }

    pub(super) fn suspend(&self, f: impl FnOnce()) {
        match &self.0 {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    pub(super) fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
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
