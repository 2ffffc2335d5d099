//! State files on disk: `.l10n/state/<lang>/<source path>.toml`, one per target post, so
//! pull requests touching different posts never conflict. Writes are atomic and happen
//! under an advisory lock on `.l10n/lock`.

use std::fs::File;
use std::path::{Path, PathBuf};

use std::io::BufRead;

use super::{Header, PostState};
use crate::diag::Diagnostic;

pub const DIR: &str = ".l10n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub path: String,
    pub message: String,
}

impl Diagnostic for StateError {
    fn id(&self) -> &'static str {
        "err-state"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("path", self.path.clone()),
            ("message", self.message.clone()),
        ]
    }
}

crate::english_display!(StateError);

pub struct Store {
    root: PathBuf,
}

/// Held while a run writes; released on drop (and by the OS if the process dies).
pub struct Lock {
    _file: File,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    fn state_dir(&self) -> PathBuf {
        self.root.join(DIR).join("state")
    }

    /// Repository-relative path of the state file for `source` in `lang`.
    pub fn rel_path(lang: &str, source: &Path) -> PathBuf {
        let mut p = PathBuf::from(DIR).join("state").join(lang).join(source);
        let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".toml");
        p.set_file_name(name);
        p
    }

    pub fn load(&self, lang: &str, source: &Path) -> Result<Option<PostState>, StateError> {
        let rel = Store::rel_path(lang, source);
        read_state(&self.root.join(&rel), &rel)
    }

    /// Reads only the header of a state file (the lines before the first segment).
    pub fn load_header(&self, lang: &str, source: &Path) -> Result<Option<Header>, StateError> {
        let rel = Store::rel_path(lang, source);
        read_header(&self.root.join(&rel), &rel)
    }

    /// Every state file as (repository-relative path, the source path it is for), sorted.
    pub fn files(&self) -> Vec<(PathBuf, PathBuf)> {
        let mut files = Vec::new();
        collect(&self.state_dir(), &mut files);
        files.sort();
        let base = self.state_dir();
        files
            .into_iter()
            .filter_map(|f| {
                let rel = f.strip_prefix(&self.root).ok()?.to_path_buf();
                // .l10n/state/<lang>/<source>.toml
                let mut source: PathBuf =
                    f.strip_prefix(&base).ok()?.components().skip(1).collect();
                let name = source
                    .file_name()?
                    .to_string_lossy()
                    .strip_suffix(".toml")?
                    .to_owned();
                source.set_file_name(name);
                Some((rel, source))
            })
            .collect()
    }

    pub fn save(&self, state: &PostState) -> Result<(), StateError> {
        let rel = Store::rel_path(&state.lang, Path::new(&state.source));
        crate::atomic::write(&self.root.join(&rel), state.to_toml().as_bytes()).map_err(|e| {
            StateError {
                path: rel.display().to_string(),
                message: e.to_string(),
            }
        })
    }

    fn pending_path(&self, state: &PostState) -> PathBuf {
        let mut p = self
            .root
            .join(Store::rel_path(&state.lang, Path::new(&state.source)));
        p.set_extension("toml.pending");
        p
    }

    /// Writes a target post and its state as one step: the new state goes to
    /// `….toml.pending`, then the target, then the pending state replaces the old one. A
    /// crash anywhere leaves either the old pair or enough to finish the new one
    /// ([`Store::recover`]). `target` is `None` when the post itself did not change.
    pub fn commit(
        &self,
        state: &PostState,
        target: Option<(&Path, &[u8])>,
    ) -> Result<(), StateError> {
        let rel = Store::rel_path(&state.lang, Path::new(&state.source));
        let err = |path: &Path, e: std::io::Error| StateError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let Some((target_path, bytes)) = target else {
            return self.save(state);
        };
        let pending = self.pending_path(state);
        crate::atomic::write(&pending, state.to_toml().as_bytes()).map_err(|e| err(&pending, e))?;
        crate::atomic::write(target_path, bytes).map_err(|e| err(target_path, e))?;
        std::fs::rename(&pending, self.root.join(&rel)).map_err(|e| err(&rel, e))
    }

    /// Finishes or rolls back a commit a crash interrupted: a pending state whose target
    /// hash is the target on disk becomes the state; any other pending state is dropped.
    pub fn recover(
        &self,
        lang: &str,
        source: &Path,
        target_bytes: Option<&[u8]>,
    ) -> Result<(), StateError> {
        let rel = Store::rel_path(lang, source);
        let mut pending = self.root.join(&rel);
        pending.set_extension("toml.pending");
        let Some(p) = read_state(&pending, &rel)? else {
            return Ok(());
        };
        let err = |e: std::io::Error| StateError {
            path: rel.display().to_string(),
            message: e.to_string(),
        };
        if target_bytes.is_some_and(|b| super::file_hash(b) == p.target_hash) {
            std::fs::rename(&pending, self.root.join(&rel)).map_err(err)
        } else {
            std::fs::remove_file(&pending).map_err(err)
        }
    }

    pub fn remove(&self, lang: &str, source: &Path) -> std::io::Result<()> {
        std::fs::remove_file(self.root.join(Store::rel_path(lang, source)))
    }

    /// Every state file, sorted by path.
    pub fn all(&self) -> Result<Vec<(PathBuf, PostState)>, StateError> {
        let mut files = Vec::new();
        collect(&self.state_dir(), &mut files);
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let rel = f.strip_prefix(&self.root).unwrap_or(&f).to_path_buf();
            if let Some(s) = read_state(&f, &rel)? {
                out.push((rel, s));
            }
        }
        Ok(out)
    }

    /// Takes the run lock, waiting for another run to finish; `on_wait` is called once if
    /// the lock is busy.
    pub fn lock(&self, on_wait: impl FnOnce()) -> Result<Lock, StateError> {
        let path = self.root.join(DIR).join("lock");
        let err = |e: std::io::Error| StateError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(self.root.join(DIR)).map_err(err)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock().map_err(err)?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(err(e)),
        }
        Ok(Lock { _file: file })
    }
}

fn read_state(full: &Path, rel: &Path) -> Result<Option<PostState>, StateError> {
    let text = match std::fs::read_to_string(full) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StateError {
                path: rel.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    PostState::from_toml(&text)
        .map(Some)
        .map_err(|message| StateError {
            path: rel.display().to_string(),
            message: message.lines().next().unwrap_or_default().to_owned(),
        })
}

fn read_header(full: &Path, rel: &Path) -> Result<Option<Header>, StateError> {
    let err = |message: String| StateError {
        path: rel.display().to_string(),
        message,
    };
    let file = match std::fs::File::open(full) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(err(e.to_string())),
    };
    let mut prefix = String::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| err(e.to_string()))?;
        if line.trim_start().starts_with("[[segment]]") {
            break;
        }
        prefix.push_str(&line);
        prefix.push('\n');
    }
    Header::from_toml_prefix(&prefix)
        .map(Some)
        .map_err(|m| err(m.lines().next().unwrap_or_default().to_owned()))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(target_hash: &str) -> PostState {
        PostState {
            version: 1,
            source: "posts/a.md".into(),
            target: "posts/en/a.md".into(),
            lang: "en".into(),
            source_hash: "s".into(),
            target_hash: target_hash.into(),
            qa: String::new(),
            qa_findings: 0,
            counts: Default::default(),
            segments: vec![],
            removed: vec![],
            renamed_from: None,
        }
    }

    #[test]
    fn an_interrupted_commit_is_finished_or_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        store.save(&state("old")).unwrap();
        let new = state(&crate::state::file_hash(b"new post"));
        let pending = store.pending_path(&new);
        // Crashed after the pending state, before the target: roll back.
        crate::atomic::write(&pending, new.to_toml().as_bytes()).unwrap();
        store.recover("en", src, Some(b"old post")).unwrap();
        assert!(!pending.exists());
        assert_eq!(store.load("en", src).unwrap().unwrap().target_hash, "old");
        // Crashed after the target, before the rename: finish.
        crate::atomic::write(&pending, new.to_toml().as_bytes()).unwrap();
        store.recover("en", src, Some(b"new post")).unwrap();
        assert!(!pending.exists());
        assert_eq!(store.load("en", src).unwrap().unwrap(), new);
        // A full commit leaves no pending file.
        let target = dir.path().join("posts/en/a.md");
        store.commit(&new, Some((&target, b"new post"))).unwrap();
        assert!(!pending.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"new post");
    }

    #[test]
    fn files_name_their_sources() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Store::rel_path("en", Path::new("posts/a.md"));
        std::fs::create_dir_all(dir.path().join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(&rel), "").unwrap();
        assert_eq!(
            Store::new(dir.path()).files(),
            vec![(rel, PathBuf::from("posts/a.md"))]
        );
    }

    #[test]
    fn state_path_mirrors_source() {
        assert_eq!(
            Store::rel_path("en", Path::new("posts/a.md")),
            PathBuf::from(".l10n/state/en/posts/a.md.toml")
        );
    }

    #[test]
    fn corrupt_state_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let rel = Store::rel_path("en", Path::new("posts/a.md"));
        std::fs::create_dir_all(dir.path().join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(&rel), "version = \"x\"").unwrap();
        let e = store.load("en", Path::new("posts/a.md")).unwrap_err();
        assert!(e.path.ends_with("a.md.toml"));
        assert_eq!(store.load("en", Path::new("posts/b.md")).unwrap(), None);
    }
}
