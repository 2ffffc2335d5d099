//! `review --accept PATH[:LINE]…` without a terminal: which segments each PATH and LINE
//! name, every one resolved before anything is written, so a mistyped line changes nothing.

use std::path::Path;

use super::Item;
use super::apply::{Held, Placeholder};
use super::queue::{Post, load, posts, queue};
use crate::diag::Failure;
use crate::document::Document;
use crate::site::Site;
use crate::state::Status;

/// A post on the command line that l10n does not translate.
#[derive(Debug)]
struct NotAPost {
    path: String,
}

impl crate::diag::Diagnostic for NotAPost {
    fn id(&self) -> &'static str {
        "err-review-not-a-post"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone())]
    }
}

/// `--accept PATH:LINE` where LINE is on no segment that has an English translation.
#[derive(Debug)]
struct NoSegmentAt {
    path: String,
    line: usize,
}

impl crate::diag::Diagnostic for NoSegmentAt {
    fn id(&self) -> &'static str {
        "err-review-no-segment"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("path", self.path.clone()), ("line", self.line.to_string())]
    }
}

/// `PATH[:LINE]`: a trailing `:digits` is a line.
fn split_line(spec: &str) -> (&str, Option<usize>) {
    match spec.rsplit_once(':') {
        Some((path, line)) if !path.is_empty() => match line.parse() {
            Ok(n) => (path, Some(n)),
            Err(_) => (spec, None),
        },
        _ => (spec, None),
    }
}

/// The posts a path names, and whether it names them by their source.
pub fn posts_named(site: &Site, path: &Path) -> Result<(Vec<Post>, bool), Failure> {
    let rel = site.config.relative(&site.cwd, path)?;
    if site.config.is_source(&rel) {
        return Ok((posts(site, &[path.to_path_buf()])?, true));
    }
    let named: Vec<Post> = posts(site, &[])?
        .into_iter()
        .filter(|p| p.target == rel)
        .collect();
    if named.is_empty() {
        return Err(NotAPost {
            path: path.display().to_string(),
        }
        .into());
    }
    Ok((named, false))
}

/// Whether `line` falls on `seg` in `doc`.
fn covers(doc: &Document, seg: &crate::document::Segment, line: usize) -> bool {
    let last = doc.line_of(seg.range.end.saturating_sub(1).max(seg.range.start));
    (seg.line..=last.max(seg.line)).contains(&line)
}

/// The segments to accept in one post, in the order first named, and the placeholders its
/// PATH named: left as they are, nothing to approve until they are translated.
pub struct Chosen {
    pub post: Post,
    pub items: Vec<Item>,
    pub placeholders: Vec<Item>,
}

/// Resolves `--accept` specs. A LINE on placeholder text is refused like a LINE on no
/// segment; a PATH without LINE leaves its placeholders out and counts them.
pub fn choose(site: &Site, specs: &[String]) -> Result<Vec<Chosen>, Failure> {
    let mut chosen: Vec<Chosen> = Vec::new();
    for spec in specs {
        let (path, line) = split_line(spec);
        let (named, by_source) = posts_named(site, Path::new(path))?;
        let mut found = false;
        for post in named {
            let Some(l) = load(site, &post)? else {
                continue;
            };
            if l.observed.conflict.is_some() {
                return Err(Held::new(&post, &l).into());
            }
            let q = queue(site, std::slice::from_ref(&post), line.is_some())?;
            let (placeholders, items): (Vec<Item>, Vec<Item>) = q
                .items
                .into_iter()
                .filter(|i| match line {
                    None => true,
                    Some(n) if by_source => l
                        .source
                        .segment(&i.id)
                        .is_some_and(|s| covers(&l.source, s, n)),
                    Some(n) => l
                        .target
                        .segments()
                        .get(i.index)
                        .is_some_and(|s| covers(&l.target, s, n)),
                })
                .partition(|i| i.status == Status::Pseudo);
            if let (Some(_), Some(p), true) = (line, placeholders.first(), items.is_empty()) {
                return Err(Placeholder {
                    path: p.target_path.clone(),
                    line: p.line,
                    source: p.source_path.clone(),
                }
                .into());
            }
            found |= !items.is_empty();
            match chosen.iter_mut().find(|c| c.post == post) {
                Some(c) => {
                    c.items.extend(items);
                    c.placeholders.extend(placeholders);
                }
                None => chosen.push(Chosen {
                    post,
                    items,
                    placeholders,
                }),
            }
        }
        if let (Some(n), false) = (line, found) {
            return Err(NoSegmentAt {
                path: path.to_owned(),
                line: n,
            }
            .into());
        }
    }
    for list in chosen
        .iter_mut()
        .flat_map(|c| [&mut c.items, &mut c.placeholders])
    {
        list.sort_by_key(|i| i.index);
        list.dedup_by_key(|i| i.index);
    }
    Ok(chosen)
}
