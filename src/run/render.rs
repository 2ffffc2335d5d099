//! Render (pure): the English post for a set of state entries, read back as a document.

use std::collections::HashMap;

use crate::diag::Failure;
use crate::document::{Document, ParseOptions, Replacement};
use crate::state::{SegmentState, Status};

/// The front-matter key that marks a post holding placeholder text.
pub const PSEUDO_KEY: &str = "l10n";

/// What rendering one post needs besides its entries.
pub struct Page<'a> {
    pub source: &'a Document,
    pub target_name: &'a str,
    /// Front-matter keys the configuration sets in the English post.
    pub keys: Vec<(String, String)>,
    pub options: ParseOptions,
}

impl Page<'_> {
    /// The English post for `entries`, read back as a document (with in-page links
    /// following their headings into English).
    pub fn render(&self, entries: &[SegmentState]) -> Result<(String, Document), Failure> {
        let replacements: HashMap<_, _> = entries
            .iter()
            .map(|e| {
                let r = if e.raw {
                    Replacement::Raw(e.target.clone())
                } else {
                    Replacement::Text(e.target.clone())
                };
                (e.id.clone(), r)
            })
            .collect();
        let keys = self.keys_for(entries);
        let out = self
            .source
            .render_with(self.target_name, &replacements, &keys)?;
        let written = Document::parse_str(self.target_name, out, &self.options)?;
        let out = crate::qa::anchors::rewrite(self.source, written.source(), &written);
        let written = Document::parse_str(self.target_name, out.clone(), &self.options)?;
        Ok((out, written))
    }

    /// Front-matter keys l10n sets in the English post: the configured ones, and
    /// `l10n: pseudo` while any segment is placeholder text, so the site can mark (or hide)
    /// a post that is not a translation yet.
    fn keys_for(&self, entries: &[SegmentState]) -> Vec<(String, String)> {
        let mut keys = self.keys.clone();
        if entries.iter().any(|e| e.state == Status::Pseudo) {
            keys.push((PSEUDO_KEY.to_owned(), "pseudo".to_owned()));
        }
        keys
    }
}
