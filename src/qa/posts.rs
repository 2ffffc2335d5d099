//! Cross-post checks: what one post says measured against the others (consistency), and
//! a post still holding placeholder text (pseudo).

use std::collections::HashMap;

use super::{Check, Context, Level, Problem, findings};
use crate::document::{Document, Segment, normalize};
use crate::finding::{Finding, Severity};
use crate::state::{PostState, SegmentState, Status};

/// Normalized source → (translation, target file) over every post into one language.
#[derive(Debug, Default)]
pub struct Translations(HashMap<String, Vec<(String, String)>>);

impl Translations {
    /// The translations `states` hold into `lang`; placeholders and stale edits are not
    /// translations of today's source.
    pub fn from_states<'a>(states: impl IntoIterator<Item = &'a PostState>, lang: &str) -> Self {
        let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for st in states.into_iter().filter(|st| st.lang == lang) {
            for e in &st.segments {
                // English a person changed since, that the state left to the post.
                if e.state == Status::Pseudo || e.state == Status::StaleEdited || !e.has_english() {
                    continue;
                }
                map.entry(normalize(&e.source))
                    .or_default()
                    .push((e.target.clone(), st.target.clone()));
            }
        }
        Translations(map)
    }
}

/// consistency: each segment of `target` (`pairs`: target index, source segment, state)
/// translated differently in another post.
pub fn consistency(
    ctx: &Context<'_>,
    file: &str,
    target: &Document,
    pairs: &[(usize, &Segment, Status)],
    all: &Translations,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, src, status) in pairs {
        let (Some(t), false) = (target.segments().get(*i), *status == Status::Pseudo) else {
            continue;
        };
        let Some(others) = all.0.get(&normalize(&src.text)) else {
            continue;
        };
        let problems: Vec<Problem> = others
            .iter()
            .filter(|(other, f)| f != file && normalize(other) != normalize(&t.text))
            .map(|(other, other_file)| {
                Problem::localized(
                    Check::Consistency,
                    "qa-consistency",
                    vec![("file", other_file.clone()), ("translation", other.clone())],
                )
            })
            .collect();
        out.extend(findings(ctx, file, t.line, Some(src), problems));
    }
    out
}

/// pseudo: one finding per post that still holds placeholder text: it reads like English
/// but is not a translation. `line` gives an entry's line in the English post.
pub fn pseudo(
    file: &str,
    entries: &[SegmentState],
    line: &dyn Fn(&crate::document::SegmentId) -> usize,
    level: Level,
) -> Option<Finding> {
    let severity = match level {
        Level::Off => return None,
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let pseudo: Vec<_> = entries
        .iter()
        .filter(|e| e.state == Status::Pseudo)
        .collect();
    let first = pseudo.first()?;
    Some(Finding {
        file: file.to_owned(),
        line: line(&first.id).max(1),
        segment: None,
        code: Check::Pseudo.key(),
        severity,
        message: "check-pseudo",
        args: vec![
            ("count", pseudo.len().to_string()),
            ("total", entries.len().to_string()),
        ],
        detail: None,
    })
}
