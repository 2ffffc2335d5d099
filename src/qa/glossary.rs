//! glossary: house terms used, forbidden forms avoided (see `crate::glossary`).

use super::{Check, Problem};
use crate::glossary::TermIndex;

pub fn check(index: &TermIndex, source: &str, translation: &str) -> Vec<Problem> {
    index
        .verify(source, translation)
        .into_iter()
        .map(|v| {
            let (id, args) = v.message();
            Problem::localized(Check::Glossary, id, args)
        })
        .collect()
}
