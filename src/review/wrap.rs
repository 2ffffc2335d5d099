//! Wrapping a diff by display width. English breaks at spaces between words, Korean at
//! spaces between 어절 (a particle stays with its word, punctuation with what it follows);
//! only a word wider than a whole line is cut, at a grapheme (a Hangul syllable). A change
//! that spans lines is closed and reopened on each, so no line holds half a marker.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::{Diff, Mark};

/// Columns that `[-`…`-]` or `{+`…`+}` add around a change when markers are drawn.
const MARKER_WIDTH: usize = 4;

#[derive(Clone, Copy)]
struct Cell<'a> {
    mark: Mark,
    text: &'a str,
    width: usize,
}

impl Cell<'_> {
    fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Display width of `cells` as drawn: text plus the markers of each change run.
fn width(cells: &[Cell<'_>], markers: bool) -> usize {
    let mut w = 0;
    let mut prev = Mark::Same;
    for c in cells {
        if markers && c.mark != Mark::Same && c.mark != prev {
            w += MARKER_WIDTH;
        }
        prev = c.mark;
        w += c.width;
    }
    w
}

/// Lines of `d` no wider than `max` columns; `markers` says whether changes are drawn
/// with `[-…-]`/`{+…+}` (plain text) or by style alone (colour), which changes the width.
pub fn wrap(d: &Diff, max: usize, markers: bool) -> Vec<Diff> {
    let max = max.max(MARKER_WIDTH + 2);
    let mut lines = Vec::new();
    let mut line: Vec<Cell<'_>> = Vec::new();
    let mut word: Vec<Cell<'_>> = Vec::new();
    for (mark, text) in d {
        for g in text.graphemes(true) {
            if g == "\n" || g == "\r\n" {
                place(
                    &mut lines,
                    &mut line,
                    std::mem::take(&mut word),
                    max,
                    markers,
                );
                lines.push(finish(&mut line));
                continue;
            }
            let cell = Cell {
                mark: *mark,
                text: g,
                width: UnicodeWidthStr::width(g),
            };
            // A word ends where spaces give way to text again.
            if !cell.is_space() && word.last().is_some_and(Cell::is_space) {
                place(
                    &mut lines,
                    &mut line,
                    std::mem::take(&mut word),
                    max,
                    markers,
                );
            }
            word.push(cell);
        }
    }
    place(&mut lines, &mut line, word, max, markers);
    lines.push(finish(&mut line));
    lines
}

/// Puts one word (with its trailing spaces) on the current line or the next.
fn place<'a>(
    lines: &mut Vec<Diff>,
    line: &mut Vec<Cell<'a>>,
    word: Vec<Cell<'a>>,
    max: usize,
    markers: bool,
) {
    if word.is_empty() {
        return;
    }
    let visible = word
        .iter()
        .rposition(|c| !c.is_space())
        .map_or(0, |i| i + 1);
    let mut candidate = line.clone();
    candidate.extend_from_slice(&word[..visible]);
    if width(&candidate, markers) <= max {
        line.extend(word);
        return;
    }
    if !line.is_empty() {
        lines.push(finish(line));
    }
    if width(&word[..visible], markers) <= max {
        line.extend(word);
        return;
    }
    // Wider than a line: cut at graphemes.
    for cell in word {
        if cell.is_space() && line.is_empty() {
            continue;
        }
        line.push(cell);
        if width(line, markers) > max {
            line.pop();
            lines.push(finish(line));
            line.push(cell);
        }
    }
}

/// The line as runs of one mark; the spaces it breaks at are dropped.
fn finish(line: &mut Vec<Cell<'_>>) -> Diff {
    while line.last().is_some_and(Cell::is_space) {
        line.pop();
    }
    let mut out: Diff = Vec::new();
    for c in line.drain(..) {
        match out.last_mut() {
            Some((m, s)) if *m == c.mark => s.push_str(c.text),
            _ => out.push((c.mark, c.text.to_owned())),
        }
    }
    out
}

/// A line as plain text with `[-…-]`/`{+…+}` around changes.
pub fn plain(line: &Diff) -> String {
    line.iter()
        .map(|(m, s)| match m {
            Mark::Same => s.clone(),
            Mark::Removed => format!("[-{s}-]"),
            Mark::Added => format!("{{+{s}+}}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(s: &str) -> Diff {
        vec![(Mark::Same, s.to_owned())]
    }

    fn texts(lines: &[Diff]) -> Vec<String> {
        lines.iter().map(plain).collect()
    }

    #[test]
    fn english_breaks_between_words() {
        let l = wrap(&same("Samsung and SK hynix lead the HBM market"), 16, true);
        assert_eq!(
            texts(&l),
            ["Samsung and SK", "hynix lead the", "HBM market"]
        );
    }

    #[test]
    fn korean_breaks_between_words_and_keeps_particles_and_commas() {
        let l = wrap(
            &same("폭스콘(Foxconn)은 엣지 AI 시장에서, 입지를 강화했습니다."),
            20,
            true,
        );
        assert_eq!(
            texts(&l),
            [
                "폭스콘(Foxconn)은",
                "엣지 AI 시장에서,",
                "입지를 강화했습니다."
            ]
        );
        assert!(
            l.iter()
                .all(|x| UnicodeWidthStr::width(plain(x).as_str()) <= 20)
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_at_syllables() {
        let l = wrap(&same("반도체공급망재편가속화"), 8, true);
        assert_eq!(texts(&l), ["반도체공", "급망재편", "가속화"]);
    }

    #[test]
    fn a_change_is_never_split_inside_its_marker() {
        let d = vec![
            (Mark::Same, "엣지 AI 디바이스 시장".to_owned()),
            (Mark::Added, "을".to_owned()),
            (Mark::Same, " 넓혔다".to_owned()),
        ];
        let l = texts(&wrap(&d, 22, true));
        assert_eq!(l, ["엣지 AI 디바이스", "시장{+을+} 넓혔다"]);
        let long = vec![(Mark::Added, "has strengthened its position".to_owned())];
        let l = texts(&wrap(&long, 20, true));
        assert_eq!(l, ["{+has strengthened+}", "{+its position+}"]);
    }

    #[test]
    fn colour_needs_no_room_for_markers() {
        let d = vec![
            (Mark::Same, "ab ".to_owned()),
            (Mark::Added, "cd".to_owned()),
        ];
        assert_eq!(wrap(&d, 6, false).len(), 1);
        assert_eq!(wrap(&d, 6, true).len(), 2);
    }

    #[test]
    fn newlines_are_kept() {
        assert_eq!(texts(&wrap(&same("가\n나"), 10, true)), ["가", "나"]);
    }

    proptest! {
        #[test]
        fn no_line_is_wider_than_asked(
            words in proptest::collection::vec("[가-힣a-z,.()]{1,12}", 1..20),
            marks in proptest::collection::vec(0u8..3, 1..20),
            max in 6usize..40,
        ) {
            let d: Diff = words
                .iter()
                .zip(marks.iter().cycle())
                .map(|(w, m)| {
                    let mark = [Mark::Same, Mark::Removed, Mark::Added][*m as usize];
                    (mark, format!("{w} "))
                })
                .collect();
            let all: String = d.iter().map(|(_, s)| s.as_str()).collect();
            let lines = wrap(&d, max, true);
            let mut joined = String::new();
            for l in &lines {
                prop_assert!(UnicodeWidthStr::width(plain(l).as_str()) <= max, "{:?}", l);
                joined.push_str(&l.iter().map(|(_, s)| s.as_str()).collect::<String>());
            }
            let squash = |s: &str| s.split_whitespace().collect::<String>();
            prop_assert_eq!(squash(&joined), squash(&all));
        }
    }
}
