//! Orphans: state files and English posts whose Korean source is gone, and the ones a
//! rename left behind.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use unic_langid::LanguageIdentifier;

use super::finding;
use crate::diag::{Failure, IoError};
use crate::finding::{Finding, Severity};
use crate::site::Site;

/// State files and English posts whose Korean source is gone.
pub fn orphans(
    site: &Site,
    langs: &[LanguageIdentifier],
    sources: &[PathBuf],
) -> Result<Vec<Finding>, Failure> {
    let mut out = Vec::new();
    // A state file's path names its source: no need to read it.
    let gone: Vec<(PathBuf, PathBuf)> = site
        .store
        .files()
        .into_iter()
        .filter(|(_, source)| !site.config.root.join(source).exists())
        .collect();
    // Read only when something is orphaned.
    let moved = if gone.is_empty() {
        HashMap::new()
    } else {
        renames(site)?
    };
    for (path, source) in &gone {
        let source = source.display().to_string();
        match moved.get(&source) {
            Some((new_source, new_target, _)) => {
                let mut f = finding(
                    &path.display().to_string(),
                    0,
                    "moved",
                    "check-moved-state",
                    vec![
                        ("source", source.clone()),
                        ("new_source", new_source.clone()),
                        ("new_target", new_target.clone()),
                    ],
                );
                f.severity = Severity::Warning;
                out.push(f);
            }
            None => out.push(finding(
                &path.display().to_string(),
                0,
                "orphan",
                "check-orphan-state",
                vec![("source", source)],
            )),
        }
    }
    let moved_targets: HashMap<&str, &str> = moved
        .values()
        .map(|(_, new_target, old_target)| (old_target.as_str(), new_target.as_str()))
        .collect();
    for lang in langs {
        for f in stray_targets(site, lang, sources)? {
            let name = f.display().to_string();
            match moved_targets.get(name.as_str()) {
                Some(new_target) => {
                    let mut m = finding(
                        &name,
                        0,
                        "moved",
                        "check-moved-target",
                        vec![("new_target", (*new_target).to_owned())],
                    );
                    m.severity = Severity::Warning;
                    out.push(m);
                }
                None => out.push(finding(&name, 0, "orphan", "check-orphan-target", vec![])),
            }
        }
    }
    Ok(out)
}

/// Renamed posts: old source → (new source, new target, old target).
fn renames(site: &Site) -> Result<HashMap<String, (String, String, String)>, Failure> {
    let states = site.store.all()?;
    let mut moved = HashMap::new();
    for (_, st) in &states {
        let Some(from) = &st.renamed_from else {
            continue;
        };
        let old_target = states
            .iter()
            .find(|(_, o)| &o.source == from && o.lang == st.lang)
            .map(|(_, o)| o.target.clone())
            .unwrap_or_default();
        moved.insert(
            from.clone(),
            (st.source.clone(), st.target.clone(), old_target),
        );
    }
    Ok(moved)
}

/// The Markdown files in `lang`'s English folder that no source of `sources` makes.
fn stray_targets(
    site: &Site,
    lang: &LanguageIdentifier,
    sources: &[PathBuf],
) -> Result<Vec<PathBuf>, Failure> {
    let expected: HashSet<PathBuf> = sources
        .iter()
        .map(|s| site.config.target_path(s, lang))
        .collect();
    let template = site.config.target.replace("{lang}", &lang.to_string());
    let dir: PathBuf = Path::new(&template)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains('{'))
        .collect();
    let entries = match std::fs::read_dir(site.config.root.join(&dir)) {
        Ok(entries) => entries,
        // No English post written yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(IoError::new(&dir, &e).into()),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| IoError::new(&dir, &e))?;
        let path = dir.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| IoError::new(&path, &e))?;
        if kind.is_file()
            && path
                .extension()
                .is_some_and(|x| x == "md" || x == "markdown")
            && !expected.contains(&path)
            && !site.config.is_source(&path)
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
