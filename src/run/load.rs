//! Load: a post's source, its English twin and its state, or nothing when the state
//! header says the pair is already as it should be.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Job;
use crate::diag::{Failure, IoError};
use crate::document::Document;
use crate::state::{PostState, Status, file_hash};

/// One post as read, with the twin and state it is translated against.
pub struct Loaded {
    pub source_rel: PathBuf,
    pub target_rel: PathBuf,
    pub source_name: String,
    pub target_name: String,
    /// The English post's bytes as read: it is written only if they are still there.
    pub target_bytes: Option<Vec<u8>>,
    pub source_hash: String,
    pub state: Option<PostState>,
    pub source: Document,
    pub target: Option<Document>,
    /// The source this post's state was made for, when it was renamed.
    pub renamed_from: Option<String>,
}

impl Job<'_> {
    /// Reads `source_rel` and what belongs to it; `None` when the state header shows the
    /// English post current.
    pub(super) fn load(&self, source_rel: &Path) -> Result<Option<Loaded>, Failure> {
        let site = self.site;
        let target_rel = site.config.target_path(source_rel, self.lang);
        let source_name = source_rel.display().to_string();
        let target_name = target_rel.display().to_string();
        let source_bytes = site
            .read(source_rel)?
            .ok_or_else(|| IoError::new(source_rel, &std::io::ErrorKind::NotFound.into()))?;
        let target_bytes = site.read(&target_rel)?;
        // A run killed between writing a target and its state left a pending state.
        if !self.opts.dry_run {
            site.store
                .recover(&self.setup.target_lang, source_rel, target_bytes.as_deref())?;
        }
        let source_hash = file_hash(&source_bytes);
        if self.current(source_rel, &source_hash, target_bytes.as_deref())? {
            return Ok(None);
        }
        let mut state = site.store.load(&self.setup.target_lang, source_rel)?;
        let source = site.parse(source_rel, &source_bytes)?;
        let mut target = match &target_bytes {
            Some(b) => Some(site.parse(&target_rel, b)?),
            None => None,
        };
        let renamed_from = self.follow_rename(&source, &source_name, &mut state, &mut target)?;
        Ok(Some(Loaded {
            source_rel: source_rel.to_path_buf(),
            target_rel,
            source_name,
            target_name,
            target_bytes,
            source_hash,
            state,
            source,
            target,
            renamed_from,
        }))
    }

    /// The state header's fast path: the English post was written from this source with
    /// today's QA, and nothing in it waits for a translation.
    fn current(
        &self,
        source_rel: &Path,
        source_hash: &str,
        target_bytes: Option<&[u8]>,
    ) -> Result<bool, Failure> {
        if self.opts.force || self.opts.overwrite_edits {
            return Ok(false);
        }
        let header = self
            .site
            .store
            .load_header(&self.setup.target_lang, source_rel)?;
        Ok(matches!((&header, target_bytes), (Some(h), Some(tb))
            if h.source_hash == source_hash
                && h.target_hash == file_hash(tb)
                && h.qa == self.setup.fingerprint
                && h.count(Status::Flagged) + h.count(Status::Untranslated) == 0
                // Placeholder text is work left for a real backend.
                && (self.scheduler.translator.status() == Status::Pseudo
                    || h.count(Status::Pseudo) == 0)))
    }

    /// A new post with nothing of its own may be an old one renamed: its twin, edits and
    /// English-only content included, follow it. Returns the source it was renamed from.
    fn follow_rename(
        &self,
        source: &Document,
        source_name: &str,
        state: &mut Option<PostState>,
        target: &mut Option<Document>,
    ) -> Result<Option<String>, Failure> {
        if state.is_some() || target.is_some() {
            return Ok(state.as_ref().and_then(|s| s.renamed_from.clone()));
        }
        let Some((st, doc)) = self.adopt(source)? else {
            return Ok(None);
        };
        let from = st.source.clone();
        self.events.event(&super::Event::Renamed {
            from: from.clone(),
            to: source_name.to_owned(),
        });
        *state = Some(st);
        *target = doc;
        Ok(Some(from))
    }

    /// The state (and English post) of a source that no longer exists whose segments are
    /// mostly this post's: the post was renamed or moved.
    fn adopt(&self, source: &Document) -> Result<Option<(PostState, Option<Document>)>, Failure> {
        let site = self.site;
        let lang = self.setup.target_lang.as_str();
        let ids: HashSet<&str> = source.segments().iter().map(|s| s.id.0.as_str()).collect();
        let dir = Path::new(crate::state::store::DIR).join("state").join(lang);
        let mut best: Option<(usize, PostState)> = None;
        // Listed once per run: once per new post made a 10,000-post backfill quadratic.
        for (rel, old_source) in self.old_states.get_or_init(|| site.store.files()) {
            if !rel.starts_with(&dir) || site.config.root.join(old_source).exists() {
                continue;
            }
            let Some(st) = site.store.load(lang, old_source)? else {
                continue;
            };
            let shared = st
                .segments
                .iter()
                .filter(|e| ids.contains(e.id.0.as_str()))
                .count();
            if shared * 2 > st.segments.len().max(1)
                && best.as_ref().is_none_or(|(n, _)| shared > *n)
            {
                best = Some((shared, st));
            }
        }
        let Some((_, st)) = best else {
            return Ok(None);
        };
        let target_rel = PathBuf::from(&st.target);
        let doc = match site.read(&target_rel)? {
            Some(b) => Some(site.parse(&target_rel, &b)?),
            None => None,
        };
        Ok(Some((st, doc)))
    }
}
