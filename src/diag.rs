//! Messages shown to people are Fluent ids plus arguments; this is the bridge between
//! typed errors in the core and the localized text printed at the edge.

/// An error or finding that can be rendered in any UI language.
pub trait Diagnostic {
    /// The Fluent message id, e.g. `err-invalid-utf8`.
    fn id(&self) -> &'static str;
    /// Named arguments for the message.
    fn args(&self) -> Vec<(&'static str, String)>;
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

/// Declares an error about a position in a text file (path, line, column, message) shown
/// through the Fluent message `$id`.
#[macro_export]
macro_rules! positioned_error {
    ($(#[$doc:meta])* $name:ident, $id:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            pub path: String,
            pub line: usize,
            pub column: usize,
            pub message: String,
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
                    ("message", self.message.clone()),
                ]
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
#[derive(Debug)]
pub struct IoError {
    pub path: String,
    pub message: String,
    /// What went wrong, for a message in the UI language (the OS text is English).
    pub kind: std::io::ErrorKind,
}

impl IoError {
    pub fn new(path: impl AsRef<std::path::Path>, e: &std::io::Error) -> IoError {
        IoError {
            path: path.as_ref().display().to_string(),
            message: e.to_string(),
            kind: e.kind(),
        }
    }
}

impl Diagnostic for IoError {
    fn id(&self) -> &'static str {
        match self.kind {
            std::io::ErrorKind::NotFound => "err-io-not-found",
            std::io::ErrorKind::PermissionDenied => "err-io-permission",
            std::io::ErrorKind::IsADirectory => "err-io-is-directory",
            std::io::ErrorKind::NotADirectory => "err-io-not-directory",
            _ => "err-io",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("message", self.message.clone()),
        ]
    }
}
