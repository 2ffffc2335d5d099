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
