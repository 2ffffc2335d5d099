//! Again: one segment translated anew for `review`, as a run would send it.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::send::validator;
use super::setup::{Setup, backends, runtime};
use crate::backend::scheduler::{Cache, Scheduler};
use crate::diag::{Detail, Failure, IoError};
use crate::document::SegmentId;
use crate::site::Site;
use crate::state::Status;

/// A segment translated again for `review`.
#[derive(Debug, Clone)]
pub struct Again {
    pub text: String,
    /// The backend that wrote it (a fallback when the first one failed).
    pub origin: String,
    /// QA problems that survived the corrective retry, for the reviewer to weigh.
    pub problems: Vec<Detail>,
    /// Hash of the glossary terms it was made with.
    pub terms: Option<String>,
}

/// Translates segment `id` of `source_rel` again, as a run would send it: with the post's
/// title, outline and neighbours, the editors' examples, today's validation and the
/// backend's fallbacks; never from the cache (a person asked for a new answer).
/// `Ok(Err(why))` when every backend failed.
pub fn translate_again(
    site: &Site,
    backend_name: Option<&str>,
    lang: &str,
    source_rel: &Path,
    id: &SegmentId,
) -> Result<Result<Again, Vec<Detail>>, Failure> {
    let chain = backends(site, backend_name, false)?;
    let bytes = site
        .read(source_rel)?
        .ok_or_else(|| IoError::new(source_rel, &std::io::ErrorKind::NotFound.into()))?;
    let source = site.parse(source_rel, &bytes)?;
    let Some(seg) = source.segment(id) else {
        return Ok(Err(vec![Detail::new(
            "detail-segment-gone",
            vec![
                ("segment", id.0.clone()),
                ("path", source_rel.display().to_string()),
            ],
        )]));
    };
    let glossary = site.glossary()?;
    // `langs` names exactly the one language asked for.
    let Some(target) = site.langs(Some(lang))?.into_iter().next() else {
        return Ok(Err(Vec::new()));
    };
    let setup = Setup::new(site, &glossary, &target);
    let examples = setup.examples(site, chain.iter().any(|t| t.examples() > 0))?;
    let context = setup.post_context(&source, examples);
    let qa = setup.qa(site);
    let pseudo = chain[0].status() == Status::Pseudo;
    let path = source_rel.display().to_string();
    let validate = validator(&qa, [seg], pseudo, &path);
    let cache = Cache::none();
    let cancel = AtomicBool::new(false);
    let runtime = runtime(false)?;
    let scheduler = Scheduler::new(chain[0].as_ref(), &cache, &cancel).with_fallbacks(&chain[1..]);
    let batch = vec![(id.clone(), seg.text.clone())];
    let mut outcome =
        runtime.block_on(scheduler.translate(&context, batch, &Default::default(), &validate));
    Ok(match outcome.translations.remove(id) {
        Some(text) => Ok(Again {
            text,
            origin: outcome
                .origins
                .remove(id)
                .map_or_else(|| chain[0].origin(), |(o, _)| o),
            problems: outcome.flagged.remove(id).unwrap_or_default(),
            terms: setup.terms(&seg.text),
        }),
        None => Err(outcome.failures.into_iter().map(|(_, why)| why).collect()),
    })
}
