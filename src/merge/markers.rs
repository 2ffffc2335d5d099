//! Git's conflict markers left in a file: a clone without l10n's merge drivers gets them in
//! states and posts, and every reader says so (with the line) instead of calling the file
//! corrupt.

/// The 1-based line of the first conflict git wrote into `text`: a `<<<<<<< ` line
/// followed by a `=======` line and a `>>>>>>> ` line. A lone `=======` is a Markdown
/// heading underline, so only the whole triple counts.
pub fn conflict_line(text: &[u8]) -> Option<usize> {
    let mut open = None;
    let mut middle = false;
    for (n, line) in text.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(b"<<<<<<< ") || line == b"<<<<<<<" {
            open = Some(n + 1);
            middle = false;
        } else if open.is_some() && line == b"=======" {
            middle = true;
        } else if middle && (line.starts_with(b">>>>>>> ") || line == b">>>>>>>") {
            return open;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_opening_line_of_a_conflict() {
        let text = b"a\r\n<<<<<<< HEAD\r\nours\r\n=======\r\ntheirs\r\n>>>>>>> topic\r\nb\r\n";
        assert_eq!(conflict_line(text), Some(2));
        let diff3 = "x\n<<<<<<< ours\n\u{c6b0}\n||||||| base\nb\n=======\nt\n>>>>>>> theirs\n";
        assert_eq!(conflict_line(diff3.as_bytes()), Some(2));
    }

    #[test]
    fn headings_and_half_markers_are_not_conflicts() {
        assert_eq!(conflict_line(b"Title\n=======\n\ntext\n"), None);
        assert_eq!(conflict_line(b"<<<<<<< a\n=======\nno end\n"), None);
        assert_eq!(conflict_line(b"=======\n>>>>>>> b\n"), None);
        assert_eq!(conflict_line(b"  <<<<<<< a\n=======\n>>>>>>> b\n"), None);
    }
}
