//! Messages shown to people are Fluent ids plus arguments; this is the bridge between
//! typed errors in the core and the localized text printed at the edge.

/// An error or finding that can be rendered in any UI language.
pub trait Diagnostic {
    /// The Fluent message id, e.g. `err-invalid-utf8`.
    fn id(&self) -> &'static str;
    /// Named arguments for the message.
    fn args(&self) -> Vec<(&'static str, String)>;
    /// A message shown inside this one as its `$detail`, in the same language: Fluent
    /// cannot pick a message by an argument's value.
    fn detail(&self) -> Option<&Detail> {
        None
    }
}

/// What went wrong inside a framed message (`file:line: <detail>`): a Fluent id and its
/// arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// A detail this one frames in its own `$detail`.
    pub inner: Option<Box<Detail>>,
}

impl Detail {
    pub fn new(id: &'static str, args: Vec<(&'static str, String)>) -> Detail {
        Detail {
            id,
            args,
            inner: None,
        }
    }

    /// A library's own (English) text, such as a TOML parser's, shown quoted.
    pub fn quoted(id: &'static str, text: impl Into<String>) -> Detail {
        Detail::new(id, vec![("text", text.into())])
    }

    /// This detail inside the frame `id` (which says where it came from).
    pub fn within(self, id: &'static str, args: Vec<(&'static str, String)>) -> Detail {
        Detail {
            id,
            args,
            inner: Some(Box::new(self)),
        }
    }

    /// The detail in English.
    pub fn english(&self) -> String {
        crate::i18n::Messages::english().detail(self)
    }
}

/// Implements `Display` (English) and `std::error::Error` for a `Diagnostic`.
#[macro_export]
macro_rules! english_display {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::i18n::Messages::english().diagnostic(self))
            }
        }
        impl std::error::Error for $ty {}
    };
}

/// Declares an error about a position in a text file (path, line, column, detail) shown
/// through the Fluent message `$id`, which frames `$detail`.
#[macro_export]
macro_rules! positioned_error {
    ($(#[$doc:meta])* $name:ident, $id:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            pub path: String,
            pub line: usize,
            pub column: usize,
            pub detail: $crate::diag::Detail,
        }

        impl $crate::diag::Diagnostic for $name {
            fn id(&self) -> &'static str {
                $id
            }
            fn args(&self) -> Vec<(&'static str, String)> {
                vec![
                    ("path", self.path.clone()),
                    ("line", self.line.to_string()),
                    ("column", self.column.to_string()),
                ]
            }
            fn detail(&self) -> Option<&$crate::diag::Detail> {
                Some(&self.detail)
            }
        }

        $crate::english_display!($name);
    };
}

/// A failure on its way to the edge, where it is rendered through Fluent.
pub struct Failure(pub Box<dyn Diagnostic>);

impl<T: Diagnostic + 'static> From<T> for Failure {
    fn from(d: T) -> Self {
        Failure(Box::new(d))
    }
}

/// An IO failure on a named file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoError {
    pub path: String,
    /// What went wrong, in the UI language (the OS text is English).
    pub detail: Detail,
}

impl IoError {
    pub fn new(path: impl AsRef<std::path::Path>, e: &std::io::Error) -> IoError {
        IoError {
            path: path.as_ref().display().to_string(),
            detail: Detail::io(e),
        }
    }
}

impl Detail {
    /// An IO failure: the common kinds have their own words in every UI language; the
    /// rest show the OS's (English) text, quoted.
    pub fn io(e: &std::io::Error) -> Detail {
        use std::io::ErrorKind;
        let id = match e.kind() {
            ErrorKind::NotFound => "detail-io-not-found",
            ErrorKind::PermissionDenied => "detail-io-permission",
            ErrorKind::AlreadyExists => "detail-io-exists",
            ErrorKind::IsADirectory => "detail-io-is-directory",
            ErrorKind::NotADirectory => "detail-io-not-directory",
            _ => return Detail::quoted("detail-io", e.to_string()),
        };
        Detail::new(id, vec![])
    }
}

impl Diagnostic for IoError {
    fn id(&self) -> &'static str {
        "err-io"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
    fn detail(&self) -> Option<&Detail> {
        Some(&self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Messages, UiLang};

    #[test]
    fn io_errors_read_in_the_ui_language() {
        use std::io::{Error, ErrorKind};
        let said = |kind: ErrorKind, lang: UiLang| {
            Messages::get(lang).diagnostic(&IoError::new("a.md", &Error::new(kind, "os text")))
        };
        for (kind, lang, text) in [
            (
                ErrorKind::NotFound,
                UiLang::Ko,
                "a.md: 파일이나 디렉터리가 없습니다",
            ),
            (
                ErrorKind::NotFound,
                UiLang::En,
                "a.md: no such file or directory",
            ),
            (ErrorKind::AlreadyExists, UiLang::Ko, "a.md: 이미 있습니다"),
            (
                ErrorKind::PermissionDenied,
                UiLang::Ko,
                "a.md: 권한이 없습니다",
            ),
            (
                ErrorKind::IsADirectory,
                UiLang::Ko,
                "a.md: 파일이 아니라 디렉터리입니다",
            ),
            // Kinds without words of their own show the OS's text, quoted, in a Korean frame.
            (
                ErrorKind::Other,
                UiLang::Ko,
                "a.md: 읽거나 쓸 수 없습니다: \"os text\"",
            ),
            (ErrorKind::Other, UiLang::En, "a.md: os text"),
        ] {
            assert_eq!(said(kind, lang), text);
        }
    }
}
