//! tags: inline tags missing, extra or unbalanced (a hand edit can break them).

use super::{Check, Problem};
use crate::document::tags::check_tags;

pub fn check(source: &str, translation: &str) -> Option<Problem> {
    check_tags(source, translation).err().map(|(tag, p)| {
        Problem::localized(
            Check::Tags,
            "qa-tag",
            vec![("tag", tag), ("problem", p.code().to_owned())],
        )
    })
}
