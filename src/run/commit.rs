//! Commit: the post's new state with its QA findings, English-only content carried back
//! where the editor put it, and the English post and state written together unless
//! someone saved the post while its translations were on the way.

use super::assemble::Assembled;
use super::load::Loaded;
use super::plan::Planned;
use super::render::PSEUDO_KEY;
use super::{Job, lock};
use crate::diag::Failure;
use crate::document::Document;
use crate::state::{PostState, Status, VERSION, file_hash, text_hash};

impl Job<'_> {
    /// Writes `out` (read back as `written`) for `loaded` with its state, or holds it.
    pub(super) fn commit(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        assembled: Assembled,
        out: String,
        written: &Document,
    ) -> Result<(), Failure> {
        let mut state = self.new_state(loaded, planned, assembled.entries, written, &out);
        if assembled.failed > 0 {
            // Not "translated from this source" yet: the next run (and check) must look.
            state.source_hash = String::new();
        }
        let out = match self.carry(loaded, planned, &mut state, out, written)? {
            Ok(out) => out,
            Err(line) => return self.held("warn-held-english-only", loaded, Some(line)),
        };
        self.warn_removed(loaded, planned);
        // Someone may have saved the English post while its translations were on the way.
        if self.site.read(&loaded.target_rel)? != loaded.target_bytes {
            return self.held("warn-held-changed", loaded, None);
        }
        let changed = loaded.target_bytes.as_deref() != Some(out.as_bytes());
        if changed || loaded.state.as_ref() != Some(&state) {
            let target_path = self.site.config.root.join(&loaded.target_rel);
            self.site.store.commit(
                &state,
                changed.then_some((target_path.as_path(), out.as_bytes())),
            )?;
        }
        let mut t = lock(self.totals);
        if changed {
            t.written += 1;
            if self.events.verbose() {
                self.events
                    .note("translate-wrote", &[("path", loaded.target_name.clone())]);
            }
        }
        t.reused += assembled.reused;
        Ok(())
    }

    /// The state of the post as rendered: entries with the hashes of what was written, and
    /// today's QA fingerprint with its finding count.
    fn new_state(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        entries: Vec<crate::state::SegmentState>,
        written: &Document,
        out: &str,
    ) -> PostState {
        let mut state = PostState {
            version: VERSION,
            source: loaded.source_name.clone(),
            target: loaded.target_name.clone(),
            lang: self.target_lang.clone(),
            source_hash: loaded.source_hash.clone(),
            target_hash: file_hash(out.as_bytes()),
            qa: String::new(),
            qa_findings: 0,
            counts: Default::default(),
            segments: entries,
            removed: loaded
                .state
                .as_ref()
                .map(|s| s.removed.clone())
                .unwrap_or_default()
                .into_iter()
                .chain(planned.plan.removed_human.iter().cloned())
                .collect(),
            renamed_from: loaded.renamed_from.clone(),
        };
        state.recount();
        for (e, t) in state.segments.iter_mut().zip(written.segments()) {
            e.target_hash = text_hash(&t.text);
        }
        let pairs: Vec<(usize, &crate::document::Segment, Status)> = state
            .segments
            .iter()
            .enumerate()
            .filter_map(|(i, e)| loaded.source.segment(&e.id).map(|s| (i, s, e.state)))
            .collect();
        let findings = crate::qa::check_post(
            &self.qa(),
            &loaded.target_name,
            &loaded.source,
            written,
            &pairs,
        );
        state.qa = self.qa_fingerprint.clone();
        state.qa_findings = findings.len();
        state
    }

    /// `out` with what only the English post had put back where the editor put it;
    /// `Err(line)` when that cannot be done without losing or moving it.
    fn carry(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        state: &mut PostState,
        out: String,
        written: &Document,
    ) -> Result<Result<String, usize>, Failure> {
        let out = match (&planned.plan.observed, &loaded.target) {
            (Some(observed), Some(old)) => {
                let ours: Vec<String> = self
                    .site
                    .config
                    .target_keys_for(self.lang, &loaded.source_rel)
                    .into_iter()
                    .map(|(k, _)| k)
                    .chain([PSEUDO_KEY.to_owned()])
                    .collect();
                match crate::carry::carry_over(
                    old,
                    observed,
                    &loaded.source,
                    written,
                    &planned.plan.continues,
                    &ours,
                ) {
                    Ok(text) => text,
                    Err(u) => return Ok(Err(u.line)),
                }
            }
            _ => out,
        };
        if out != written.source() {
            let carried = Document::parse_str(
                &loaded.target_name,
                out.clone(),
                &self.site.config.parse_options(),
            )?;
            if crate::plan::line_up(state, &carried).conflict.is_some() {
                return Ok(Err(1));
            }
            state.target_hash = file_hash(out.as_bytes());
        }
        Ok(Ok(out))
    }

    /// Leaves `loaded` as it is, saying why (`id`, at `line` when it names one).
    fn held(&self, id: &str, loaded: &Loaded, line: Option<usize>) -> Result<(), Failure> {
        let mut args = vec![("path", loaded.target_name.clone())];
        args.extend(line.map(|l| ("line", l.to_string())));
        self.events.warn(id, &args);
        lock(self.totals).held += 1;
        Ok(())
    }

    /// Says which hand edits lost their Korean source and are kept in the state only.
    fn warn_removed(&self, loaded: &Loaded, planned: &Planned) {
        for e in &planned.plan.removed_human {
            let line = loaded
                .target
                .as_ref()
                .and_then(|t| {
                    t.segments()
                        .iter()
                        .find(|s| text_hash(&s.text) == e.target_hash)
                })
                .map_or(1, |s| s.line);
            let english: String = e.target.chars().take(80).collect();
            self.events.warn(
                "warn-removed-edit",
                &[
                    ("path", loaded.target_name.clone()),
                    ("line", line.to_string()),
                    ("text", english),
                ],
            );
        }
    }
}
