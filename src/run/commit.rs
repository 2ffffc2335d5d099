//! Commit: the post's new state with its QA findings, English-only content carried back
//! where the editor put it, and the English post and state written together unless
//! someone saved the post while its translations were on the way.

use super::assemble::Assembled;
use super::load::Loaded;
use super::plan::Planned;
use super::render::PSEUDO_KEY;
use super::{Event, Hold, Job, lock};
use crate::diag::Failure;
use crate::document::Document;
use crate::state::{PostState, Status, VERSION, file_hash, written_hash};

/// One post's write transaction, for translate and review's decisions: nothing is
/// written when the English post is no longer the `read` bytes (someone saved it
/// meanwhile: their version wins, `false`); else `state` (when there is one to record)
/// and the post's new bytes `out` go through the store's pending-state commit.
pub fn write_post(
    site: &crate::site::Site,
    target_rel: &std::path::Path,
    read: Option<&[u8]>,
    state: Option<&PostState>,
    out: Option<&[u8]>,
) -> Result<bool, Failure> {
    if site.read(target_rel)?.as_deref() != read {
        return Ok(false);
    }
    if let Some(state) = state {
        let full = site.config.root.join(target_rel);
        site.store.commit(state, out.map(|o| (full.as_path(), o)))?;
    }
    Ok(true)
}

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
        let (mut state, findings) =
            self.new_state(loaded, planned, assembled.entries, written, &out);
        if assembled.failed > 0 {
            // Not "translated from this source" yet: the next run (and check) must look.
            state.source_hash = String::new();
        }
        let out = match self.carry(loaded, planned, &mut state, out, written)? {
            Ok(out) => out,
            Err(line) => return self.held(Hold::EnglishOnly, loaded, Some(line)),
        };
        self.warn_removed(loaded, planned);
        let changed = loaded.target_bytes.as_deref() != Some(out.as_bytes());
        let record = changed || loaded.state.as_ref() != Some(&state);
        // Someone may have saved the English post while its translations were on the way.
        if !write_post(
            self.site,
            &loaded.target_rel,
            loaded.target_bytes.as_deref(),
            record.then_some(&state),
            changed.then_some(out.as_bytes()),
        )? {
            return self.held(Hold::Changed, loaded, None);
        }
        self.derive(loaded, &state, &out, written, &findings);
        let mut t = lock(self.totals);
        if changed {
            t.written += 1;
            self.events.event(&Event::Wrote {
                path: loaded.target_name.clone(),
            });
        }
        t.reused += assembled.reused;
        Ok(())
    }

    /// Keeps the verdict `check` gives the post as just committed, for the run's
    /// one-verdict check.
    fn derive(
        &self,
        loaded: &Loaded,
        state: &PostState,
        out: &str,
        written: &Document,
        findings: &[crate::finding::Finding],
    ) {
        let pairs = qa_pairs(loaded, state);
        let done = crate::check::QaDone {
            pairs: &pairs,
            findings,
        };
        let same = out == written.source();
        let carried;
        let target = match same {
            true => written,
            false => match self.site.parse(&loaded.target_rel, out.as_bytes()) {
                Ok(d) => {
                    carried = d;
                    &carried
                }
                // Not kept: `check` reads the post after the run and reports why.
                Err(_) => return,
            },
        };
        let derived = crate::check::derive(
            self.site,
            self.lang,
            self.setup,
            &loaded.source,
            &loaded.source_hash,
            state,
            target,
            out.as_bytes(),
            same.then_some(&done),
        );
        if let Some(d) = derived {
            lock(self.derived).insert(
                (self.setup.target_lang.clone(), loaded.source_rel.clone()),
                d,
            );
        }
    }

    /// The state of the post as rendered: entries with the hashes of what was written, and
    /// today's QA fingerprint with its finding count; and those findings.
    fn new_state(
        &self,
        loaded: &Loaded,
        planned: &Planned,
        entries: Vec<crate::state::SegmentState>,
        written: &Document,
        out: &str,
    ) -> (PostState, Vec<crate::finding::Finding>) {
        let mut state = PostState {
            version: VERSION,
            source: loaded.source_name.clone(),
            target: loaded.target_name.clone(),
            lang: self.setup.target_lang.clone(),
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
            e.written_as(&t.text);
        }
        let findings = crate::qa::check_post(
            &self.setup.qa(self.site),
            &loaded.target_name,
            &loaded.source,
            written,
            &qa_pairs(loaded, &state),
        );
        state.qa = self.setup.fingerprint.clone();
        state.qa_findings = findings.len();
        (state, findings)
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
                    &observed.target_index,
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

    /// Leaves `loaded` as it is, saying why (at `line` when the reason has one).
    pub(super) fn held(
        &self,
        why: Hold,
        loaded: &Loaded,
        line: Option<usize>,
    ) -> Result<(), Failure> {
        self.events.event(&Event::Held {
            path: loaded.target_name.clone(),
            line,
            why,
        });
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
                        .find(|s| written_hash(&s.text) == e.target_hash)
                })
                .map_or(1, |s| s.line);
            let english: String = e.target.chars().take(80).collect();
            self.events.event(&Event::RemovedEdit {
                path: loaded.target_name.clone(),
                line,
                text: english,
            });
        }
    }
}

/// Each entry of `state` with its position in the rendered post and its source segment:
/// what the post's QA is computed over.
fn qa_pairs<'a>(
    loaded: &'a Loaded,
    state: &PostState,
) -> Vec<(usize, &'a crate::document::Segment, Status)> {
    state
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, e)| loaded.source.segment(&e.id).map(|s| (i, s, e.state)))
        .collect()
}
