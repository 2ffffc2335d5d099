//! The quality checks by name: one enum for `[qa]` keys, `[[qa.ignore]] check`, and the
//! code a finding carries in every report format.

use super::Level;

/// A quality check. Its key is its name in `[qa]` and the code of its findings.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    Urls,
    Numbers,
    Dates,
    Identifiers,
    Glosses,
    Hangul,
    Untranslated,
    Glossary,
    Tags,
    Length,
    FrontMatter,
    Anchors,
    Consistency,
    Pseudo,
}

impl Check {
    /// Every check, in the order the config error lists them.
    pub const ALL: [Check; 14] = [
        Check::Urls,
        Check::Numbers,
        Check::Dates,
        Check::Identifiers,
        Check::Glosses,
        Check::Hangul,
        Check::Untranslated,
        Check::Glossary,
        Check::Tags,
        Check::Length,
        Check::FrontMatter,
        Check::Anchors,
        Check::Consistency,
        Check::Pseudo,
    ];

    /// The name in `[qa]` and the code of the check's findings.
    pub fn key(self) -> &'static str {
        match self {
            Check::Urls => "urls",
            Check::Numbers => "numbers",
            Check::Dates => "dates",
            Check::Identifiers => "identifiers",
            Check::Glosses => "glosses",
            Check::Hangul => "hangul",
            Check::Untranslated => "untranslated",
            Check::Glossary => "glossary",
            Check::Tags => "tags",
            Check::Length => "length",
            Check::FrontMatter => "front-matter",
            Check::Anchors => "anchors",
            Check::Consistency => "consistency",
            Check::Pseudo => "pseudo",
        }
    }

    /// The Fluent id of the check's name as reports show it (the key itself in English).
    pub fn message_id(self) -> &'static str {
        match self {
            Check::Urls => "qa-check-urls",
            Check::Numbers => "qa-check-numbers",
            Check::Dates => "qa-check-dates",
            Check::Identifiers => "qa-check-identifiers",
            Check::Glosses => "qa-check-glosses",
            Check::Hangul => "qa-check-hangul",
            Check::Untranslated => "qa-check-untranslated",
            Check::Glossary => "qa-check-glossary",
            Check::Tags => "qa-check-tags",
            Check::Length => "qa-check-length",
            Check::FrontMatter => "qa-check-front-matter",
            Check::Anchors => "qa-check-anchors",
            Check::Consistency => "qa-check-consistency",
            Check::Pseudo => "qa-check-pseudo",
        }
    }

    /// The check named `key` in `[qa]`, if there is one.
    pub fn from_key(key: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The keys of all checks, for the error that names an unknown one.
    pub fn keys() -> String {
        Check::ALL.map(Check::key).join(", ")
    }

    /// Checks that judge meaning: they skip pseudo text, which is not a translation.
    pub fn is_semantic(self) -> bool {
        matches!(
            self,
            Check::Numbers
                | Check::Dates
                | Check::Identifiers
                | Check::Glosses
                | Check::Hangul
                | Check::Untranslated
                | Check::Length
                | Check::Glossary
        )
    }

    /// The level when `[qa]` does not set one.
    pub fn default_level(self) -> Level {
        match self {
            // A vanished number is a warning inside the numbers check itself.
            // Placeholder text is shown, not hidden: sites that publish make it an error.
            Check::Length | Check::Consistency | Check::Pseudo => Level::Warning,
            _ => Level::Error,
        }
    }
}

/// Written as the quoted key, as the name was when it was a string: the QA fingerprint
/// recorded in state hashes this text, so it stays the same across versions.
impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key reads back as its check, the Debug text is the
    /// quoted key the fingerprint has always hashed, and docs/QA.md has a row for it.
    #[test]
    fn keys_round_trip_through_from_key_and_debug() {
        for c in Check::ALL {
            assert_eq!(Check::from_key(c.key()), Some(c));
            assert_eq!(format!("{c:?}"), format!("\"{}\"", c.key()));
        }
        assert_eq!(Check::from_key("spelling"), None);
        let doc = include_str!("../../docs/QA.md");
        for c in Check::ALL {
            assert!(
                doc.contains(&format!("\n| `{}` |", c.key())),
                "{c:?} has no row in docs/QA.md"
            );
        }
        assert_eq!(
            Check::keys(),
            "urls, numbers, dates, identifiers, glosses, hangul, untranslated, glossary, tags, length, front-matter, anchors, consistency, pseudo"
        );
    }
}
