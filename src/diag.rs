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
}

impl Detail {
    pub fn new(id: &'static str, args: Vec<(&'static str, String)>) -> Detail {
        Detail { id, args }
    }

    /// A library's own (English) text, such as a TOML parser's, shown quoted.
    pub fn quoted(id: &'static str, text: impl Into<String>) -> Detail {
        Detail {
            id,
            args: vec![("text", text.into())],
        }
    }

    /// The detail in English.
    pub fn english(&self) -> String {
        crate::i18n::Messages::english().format(self.id, &self.args)
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

/// The message for an IO failure of `kind`: the common kinds have their own words in every
/// UI language; the rest show the OS's (English) text.
pub fn io_message_id(kind: std::io::ErrorKind) -> &'static str {
    match kind {
        std::io::ErrorKind::NotFound => "err-io-not-found",
        std::io::ErrorKind::PermissionDenied => "err-io-permission",
        std::io::ErrorKind::AlreadyExists => "err-io-exists",
        std::io::ErrorKind::IsADirectory => "err-io-is-directory",
        std::io::ErrorKind::NotADirectory => "err-io-not-directory",
        _ => "err-io",
    }
}

impl Diagnostic for IoError {
    fn id(&self) -> &'static str {
        io_message_id(self.kind)
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("message", self.message.clone()),
        ]
    }
}
