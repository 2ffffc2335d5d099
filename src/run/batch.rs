//! The seams provider batch jobs use: before the posts, collected answers go through the
//! scheduler's own verdict into the response cache ([`Collect`]); per post, after the
//! plan, what is still to send is planned as batch requests and the post waits for its
//! job ([`Job::route`]); the ordinary stages then write it from the cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Job;
use super::setup::Setup;
use crate::backend::scheduler::{PostContext, Scheduler};
use crate::batch::lines::Outcome;
use crate::batch::session::Session;
use crate::batch::store::{Held, Job as BatchJob, Provider};
use crate::diag::Failure;
use crate::document::{Document, Segment, SegmentId};
use crate::site::Site;
use crate::state::written_hash as text_hash;

/// Collected batch answers on their way to the response cache.
pub(super) struct Collect<'a> {
    site: &'a Site,
    scheduler: &'a Scheduler<'a>,
    glossary: &'a crate::glossary::Glossary,
    /// The run's setups, one per target language it translates into.
    run_setups: &'a [Setup],
    /// Setups for the other languages collected jobs were planned for.
    setups: HashMap<String, Setup>,
    /// The source post last read: a post's requests usually come back together.
    last: Option<(String, Document)>,
    accepted: usize,
}

impl<'a> Collect<'a> {
    pub(super) fn new(
        site: &'a Site,
        scheduler: &'a Scheduler<'a>,
        glossary: &'a crate::glossary::Glossary,
        run_setups: &'a [Setup],
    ) -> Collect<'a> {
        Collect {
            site,
            scheduler,
            glossary,
            run_setups,
            setups: HashMap::new(),
            last: None,
            accepted: 0,
        }
    }

    /// Segments whose collected answers went into the cache.
    pub(super) fn accepted(&self) -> usize {
        self.accepted
    }

    /// One request's outcome: its answer read as the synchronous answer is, kept only for
    /// segments whose source still reads as it did when planned (an edited Korean post is
    /// translated anew), and judged by the scheduler like any answer. What failed, expired
    /// or was refused goes the synchronous way.
    pub(super) fn accept(&mut self, job: &BatchJob, held: &Held, outcome: Outcome) {
        let site = self.site;
        let keys: Vec<String> = held.segments.iter().map(|s| s.key.clone()).collect();
        let Outcome::Answer(body) = outcome else {
            self.scheduler.refused(&keys);
            return;
        };
        if self.last.as_ref().is_none_or(|(p, _)| *p != held.post) {
            let rel = PathBuf::from(&held.post);
            let doc = match site.read(&rel) {
                Ok(Some(b)) => site.parse(&rel, &b).ok(),
                _ => None,
            };
            // A post deleted or unreadable since: nothing to translate it for.
            let Some(doc) = doc else { return };
            self.last = Some((held.post.clone(), doc));
        }
        let Some((_, doc)) = &self.last else { return };
        let Ok(lang) = held.lang.parse::<unic_langid::LanguageIdentifier>() else {
            self.scheduler.refused(&keys);
            return;
        };
        let glossary = self.glossary;
        let setup = match self.run_setups.iter().find(|s| s.target_lang == held.lang) {
            Some(s) => s,
            None => self
                .setups
                .entry(held.lang.clone())
                .or_insert_with(|| Setup::new(site, glossary, &lang)),
        };
        let req = crate::backend::Request {
            segments: held
                .segments
                .iter()
                .map(|s| {
                    let id = SegmentId(s.id.clone());
                    let text = doc.segment(&id).map(|g| g.text.clone()).unwrap_or_default();
                    (id, text)
                })
                .collect(),
            places: held
                .segments
                .iter()
                .map(|s| crate::backend::Place {
                    heading: s.heading,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let unused = crate::backend::http::UsageCounter::default();
        let text = body.to_string();
        let parsed = match job.provider {
            Provider::Anthropic => crate::backend::anthropic::content(&text, &req, &unused),
            _ => crate::backend::openai::content(&text, &req, &unused),
        };
        let replies = match parsed {
            Ok(r)
                if r.iter()
                    .all(|(id, _)| held.segments.iter().any(|s| s.id == id.0)) =>
            {
                r
            }
            _ => {
                self.scheduler.refused(&keys);
                return;
            }
        };
        let current: Vec<(SegmentId, String)> = req
            .segments
            .iter()
            .zip(&held.segments)
            .filter(|((_, text), s)| !text.is_empty() && text_hash(text) == s.hash)
            .map(|(seg, _)| seg.clone())
            .collect();
        let replies = replies
            .into_iter()
            .filter(|(id, _)| current.iter().any(|(c, _)| c == id))
            .collect();
        let ctx = setup.post_context(doc, &Default::default());
        let qa = setup.qa(site);
        let by_text: HashMap<&str, &Segment> = doc
            .segments()
            .iter()
            .map(|s| (s.text.as_str(), s))
            .collect();
        let validate = |source: &str, translation: &str| match by_text.get(source) {
            Some(seg) => crate::qa::reply::validate(&qa, seg, translation, false),
            None => Ok(Vec::new()),
        };
        self.accepted += self.scheduler.accept(&ctx, current, replies, &validate);
    }
}

impl Job<'_> {
    /// With batch jobs: plans a batch request for what is still to send (`--batch`), and
    /// says whether the post must wait for a job (true) or can go the synchronous way
    /// now: every answer is cached, or failed in a job before and goes alone.
    pub(super) fn route(
        &self,
        session: &Session,
        context: &PostContext,
        unique: &[usize],
        segments: &[Segment],
        source_rel: &Path,
    ) -> Result<bool, Failure> {
        let keys: Vec<String> = unique
            .iter()
            .map(|&i| self.scheduler.cache_key(context, &segments[i].text))
            .collect();
        if session.planning() {
            let send: Vec<(SegmentId, String)> = unique
                .iter()
                .zip(&keys)
                .filter(|(_, k)| {
                    session.waiting(k).is_none()
                        && !self.scheduler.cached(k)
                        && !self.scheduler.failed_before(k)
                })
                .map(|(&i, _)| (segments[i].id.clone(), segments[i].text.clone()))
                .collect();
            for req in self.scheduler.preview(context, send) {
                let body = self
                    .scheduler
                    .translator
                    .wire(&req)
                    .and_then(|w| serde_json::from_str(&w).ok())
                    .unwrap_or_default();
                let held = Held {
                    custom_id: String::new(),
                    post: source_rel.display().to_string(),
                    lang: self.setup.target_lang.clone(),
                    segments: req
                        .segments
                        .iter()
                        .zip(&req.places)
                        .map(|((id, text), place)| crate::batch::store::Segment {
                            id: id.0.clone(),
                            hash: text_hash(text),
                            key: self.scheduler.cache_key(context, text),
                            heading: place.heading,
                        })
                        .collect(),
                };
                session.plan(held, body)?;
            }
        }
        match keys.iter().find_map(|k| session.waiting(k)) {
            Some(job) => {
                self.events.event(&super::Event::BatchWaiting {
                    path: source_rel.display().to_string(),
                    job,
                });
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
