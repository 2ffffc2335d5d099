//! Translation backends behind one trait. The pipeline hands a backend a batch of tagged
//! segments with their glossary terms and gets translations back by segment id.

pub mod pseudo;
pub mod romanize;

use crate::diag::Diagnostic;
use crate::document::SegmentId;
use crate::state::Status;

/// One request: segments of one post, in document order.
#[derive(Debug, Clone)]
pub struct Request {
    pub source_lang: String,
    pub target_lang: String,
    /// The post's title, as context.
    pub title: Option<String>,
    /// (source, target) house terms that occur in these segments.
    pub glossary: Vec<(String, String)>,
    pub segments: Vec<(SegmentId, String)>,
}

/// A backend that could not translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    pub backend: String,
    pub message: String,
}

impl Diagnostic for BackendError {
    fn id(&self) -> &'static str {
        "err-backend"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("backend", self.backend.clone()),
            ("message", self.message.clone()),
        ]
    }
}

crate::english_display!(BackendError);

pub trait Translator: Send + Sync {
    /// Recorded in the state as the text's origin, e.g. `pseudo`.
    fn origin(&self) -> String;
    /// The status its output gets: `pseudo` for placeholders, `machine` for translations.
    fn status(&self) -> Status;
    fn translate(&self, req: &Request) -> Result<Vec<(SegmentId, String)>, BackendError>;
}
