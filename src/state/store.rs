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
