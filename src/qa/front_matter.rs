//! front-matter: the target's YAML parses (it did, or the post would not have been read)
//! and the keys Jekyll needs unchanged are unchanged.

use super::{Check, Problem};
use crate::document::Document;

const KEPT: [&str; 4] = ["date", "layout", "categories", "permalink"];

pub fn check(source: &Document, target: &Document) -> Vec<Problem> {
    let (Some(s), Some(t)) = (source.front_matter(), target.front_matter()) else {
        return match (source.front_matter(), target.front_matter()) {
            (Some(_), None) => vec![Problem::localized(
                Check::FrontMatter,
                "qa-front-matter-missing",
                vec![],
            )],
            _ => Vec::new(),
        };
    };
    let mut out = Vec::new();
    for key in KEPT {
        let Some(se) = s.entries.iter().find(|e| e.key == key) else {
            continue;
        };
        match t.entries.iter().find(|e| e.key == key) {
            Some(te) if te.text == se.text => {}
            Some(te) => out.push(Problem::localized(
                Check::FrontMatter,
                "qa-front-matter-changed",
                vec![
                    ("key", key.to_owned()),
                    ("translation", te.text.clone()),
                    ("source", se.text.clone()),
                ],
            )),
            None => out.push(Problem::localized(
                Check::FrontMatter,
                "qa-front-matter-key-missing",
                vec![("key", key.to_owned())],
            )),
        }
    }
    out
}
