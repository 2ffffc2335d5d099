//! State files on disk: `.l10n/state/<lang>/<source path>.toml`, one per target post, so
//! pull requests touching different posts never conflict. Writes are atomic and happen
//! under an advisory lock on `.l10n/lock`.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::verify::{Invalid, has_digest, readable, sealed, validate};
use super::{Header, PostState};
use crate::diag::{Detail, Diagnostic};
use crate::document::{Document, ParseOptions};

pub const DIR: &str = ".l10n";

/// How much of a state file is read to see whether it has a digest line.
const HEAD: usize = 4096;

/// A state file that cannot be used, or a post whose state cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    /// Repository-relative path of the state file.
    pub path: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Unreadable (IO, not UTF-8, a header that is not TOML).
    Read(Detail),
    /// Not TOML of the expected shape, at a position of the file.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Parsed, but its header and segment list disagree or a field is malformed.
    Invalid(Invalid),
    /// The header names another post or language than the file's path says.
    Mismatch {
        field: &'static str,
        found: String,
        expected: String,
    },
    /// The source path cannot be written into a state file and read back.
    Name,
    /// The file would be written through a symlink to a folder outside the repository.
    Outside { real: String },
    /// Git's conflict markers, from a merge without l10n's merge driver, at this line.
    Conflict { line: usize },
}

impl StateError {
    fn read(path: &Path, e: &std::io::Error) -> StateError {
        StateError::unreadable(path, Detail::io(e))
    }

    fn unreadable(path: &Path, detail: Detail) -> StateError {
        StateError {
            path: path.display().to_string(),
            problem: Problem::Read(detail),
        }
    }
}

impl Diagnostic for StateError {
    fn id(&self) -> &'static str {
        match &self.problem {
            Problem::Read(_) => "err-state",
            Problem::Syntax { .. } => "err-state-syntax",
            Problem::Invalid(i) => i.message().0,
            Problem::Mismatch { .. } => "err-state-mismatch",
            Problem::Name => "err-state-name",
            Problem::Outside { .. } => "err-outside-repo",
            Problem::Conflict { .. } => "err-merge-conflict",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = vec![("path", self.path.clone())];
        match &self.problem {
            Problem::Read(_) => {}
            Problem::Syntax {
                line,
                column,
                message,
            } => args.extend([
                ("line", line.to_string()),
                ("column", column.to_string()),
                ("message", message.clone()),
            ]),
            Problem::Invalid(i) => args.extend(i.message().1),
            Problem::Mismatch {
                field,
                found,
                expected,
            } => args.extend([
                ("field", (*field).to_owned()),
                ("found", found.clone()),
                ("expected", expected.clone()),
            ]),
            Problem::Name => {}
            Problem::Outside { real } => args.push(("real", real.clone())),
            Problem::Conflict { line } => args.push(("line", line.to_string())),
        }
        args
    }
    fn detail(&self) -> Option<&Detail> {
        match &self.problem {
            Problem::Read(detail) => Some(detail),
            _ => None,
        }
    }
}

crate::english_display!(StateError);

pub struct Store {
    root: PathBuf,
    /// How the English posts are segmented, to find the English a state leaves to them.
    opts: ParseOptions,
}

/// Held while a run writes; released on drop (and by the OS if the process dies).
pub struct Lock {
    _file: File,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store::with_options(root, ParseOptions::default())
    }

    /// A store whose English posts are segmented with `opts` (the site's translatable
    /// front-matter keys).
    pub fn with_options(root: &Path, opts: ParseOptions) -> Store {
        Store {
            root: root.to_path_buf(),
            opts,
        }
    }

    /// Fills the English `state` leaves to its written post (see
    /// [`PostState::fill_english`]). A post that is missing or cannot be segmented
    /// leaves it unknown: that post's own reader reports it.
    fn fill_english(&self, state: &mut PostState) -> Result<(), StateError> {
        if !state.lacks_english() {
            return Ok(());
        }
        let bytes = match std::fs::read(self.root.join(&state.target)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StateError::read(Path::new(&state.target), &e)),
        };
        if let Ok(doc) = Document::parse(&state.target, &bytes, &self.opts) {
            state.fill_english(&[&doc]);
        }
        Ok(())
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

    /// [`Store::rel_path`] for a source whose name a state file can carry and give back: a
    /// line break or other control character would end the file's comment and header lines,
    /// and a name that is not UTF-8 could only be recorded changed.
    pub fn state_path(lang: &str, source: &Path) -> Result<PathBuf, StateError> {
        match source.to_str() {
            Some(s) if !s.chars().any(char::is_control) => Ok(Store::rel_path(lang, source)),
            _ => Err(StateError {
                path: source.to_string_lossy().escape_debug().to_string(),
                problem: Problem::Name,
            }),
        }
    }

    /// The state of `source` in `lang`, parsed whole and validated.
    pub fn load(&self, lang: &str, source: &Path) -> Result<Option<PostState>, StateError> {
        let rel = Store::state_path(lang, source)?;
        let Some(text) = read_text(&self.root.join(&rel), &rel)? else {
            return Ok(None);
        };
        let mut state = parse_state(&text, &rel, Some((lang, source)))?;
        self.fill_english(&mut state)?;
        Ok(Some(state))
    }

    /// The header of a state file, trusted without parsing the segment list only when the
    /// file's digest shows it is as l10n wrote it; otherwise the whole file is validated.
    pub fn load_header(&self, lang: &str, source: &Path) -> Result<Option<Header>, StateError> {
        let rel = Store::state_path(lang, source)?;
        let bytes = match std::fs::read(self.root.join(&rel)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StateError::read(&rel, &e)),
        };
        let whole = if sealed(&bytes) != Some(true) || may_approve_placeholders(&bytes) {
            Some(parse_state(
                &utf8(bytes.clone(), &rel)?,
                &rel,
                Some((lang, source)),
            )?)
        } else {
            None
        };
        let end = header_end(&bytes);
        let prefix = std::str::from_utf8(&bytes[..end]).map_err(|e| not_utf8(&rel, e))?;
        let mut header = Header::from_toml_prefix(prefix).map_err(|m| {
            StateError::unreadable(
                &rel,
                Detail::quoted("detail-toml", m.lines().next().unwrap_or_default()),
            )
        })?;
        if !readable(header.version) {
            return Err(StateError {
                path: rel.display().to_string(),
                problem: Problem::Invalid(Invalid::Version {
                    found: header.version,
                }),
            });
        }
        belongs(&header.lang, &header.source, &rel, lang, source)?;
        // Counts as read, placeholders an older review approved counted as placeholders.
        if let Some(state) = whole {
            header.counts = state.counts;
        }
        Ok(Some(header))
    }

    /// Every state file as (repository-relative path, the source path it is for), sorted.
    pub fn files(&self) -> Vec<(PathBuf, PathBuf)> {
        self.entries()
            .unwrap_or_default()
            .into_iter()
            .map(|(rel, _, source)| (rel, source))
            .collect()
    }

    /// Every state file as (repository-relative path, language, source path), sorted; an
    /// error only when the state folder exists and cannot be listed.
    fn entries(&self) -> Result<Vec<(PathBuf, String, PathBuf)>, StateError> {
        let mut files = Vec::new();
        collect(&self.state_dir(), &mut files).map_err(|(dir, e)| {
            StateError::read(dir.strip_prefix(&self.root).unwrap_or(&dir), &e)
        })?;
        files.sort();
        let base = self.state_dir();
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let rel = f.strip_prefix(&self.root).ok()?.to_path_buf();
                // .l10n/state/<lang>/<source>.toml
                let inside = f.strip_prefix(&base).ok()?;
                let lang = inside.components().next()?.as_os_str().to_str()?.to_owned();
                let mut source: PathBuf = inside.components().skip(1).collect();
                let name = source
                    .file_name()?
                    .to_string_lossy()
                    .strip_suffix(".toml")?
                    .to_owned();
                source.set_file_name(name);
                Some((rel, lang, source))
            })
            .collect())
    }

    pub fn save(&self, state: &PostState) -> Result<(), StateError> {
        let rel = Store::state_path(&state.lang, Path::new(&state.source))?;
        self.check_inside(&self.root.join(&rel))?;
        crate::atomic::write(&self.root.join(&rel), state.to_toml().as_bytes())
            .map_err(|e| StateError::read(&rel, &e))
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
        let Some((target_path, bytes)) = target else {
            return self.save(state);
        };
        let rel = Store::state_path(&state.lang, Path::new(&state.source))?;
        let full = self.root.join(&rel);
        self.check_inside(target_path)?;
        self.check_inside(&full)?;
        let pending = full.with_extension("toml.pending");
        // The pending state replaces the state by rename: it carries the state's mode.
        crate::atomic::write_like(&pending, state.to_toml().as_bytes(), &full)
            .map_err(|e| StateError::read(&pending, &e))?;
        crate::atomic::write(target_path, bytes).map_err(|e| StateError::read(target_path, &e))?;
        std::fs::rename(&pending, &full).map_err(|e| StateError::read(&rel, &e))
    }

    /// Refuses a file whose nearest existing folder resolves outside the repository: a
    /// symlinked `posts/en` leading elsewhere must not have l10n write there.
    fn check_inside(&self, full: &Path) -> Result<(), StateError> {
        let root = self
            .root
            .canonicalize()
            .map_err(|e| StateError::read(&self.root, &e))?;
        let mut dir = full.parent();
        while let Some(d) = dir {
            match d.canonicalize() {
                Ok(real) if real.starts_with(&root) => return Ok(()),
                Ok(real) => {
                    return Err(StateError {
                        path: full
                            .strip_prefix(&self.root)
                            .unwrap_or(full)
                            .display()
                            .to_string(),
                        problem: Problem::Outside {
                            real: real.display().to_string(),
                        },
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => dir = d.parent(),
                Err(e) => return Err(StateError::read(d, &e)),
            }
        }
        Ok(())
    }

    /// Finishes or rolls back a commit a crash interrupted: a pending state whose target
    /// hash is the target on disk becomes the state; any other pending state is dropped.
    /// A valid state written before digests existed is written again with one, so `check`
    /// can trust its header from then on.
    pub fn recover(
        &self,
        lang: &str,
        source: &Path,
        target_bytes: Option<&[u8]>,
    ) -> Result<(), StateError> {
        let rel = Store::state_path(lang, source)?;
        let full = self.root.join(&rel);
        let pending = full.with_extension("toml.pending");
        let Some(text) = read_text(&pending, &rel)? else {
            return self.reseal(&rel, lang, source);
        };
        let finished = parse_state(&text, &rel, Some((lang, source)))
            .is_ok_and(|p| target_bytes.is_some_and(|b| super::file_hash(b) == p.target_hash));
        if finished {
            std::fs::rename(&pending, &full).map_err(|e| StateError::read(&rel, &e))
        } else {
            std::fs::remove_file(&pending).map_err(|e| StateError::read(&rel, &e))
        }
    }

    fn reseal(&self, rel: &Path, lang: &str, source: &Path) -> Result<(), StateError> {
        // The digest is on the second line: its presence is read from the first bytes, so
        // a run over a sealed site does not hash every state twice.
        let mut head = Vec::with_capacity(HEAD);
        match File::open(self.root.join(rel)) {
            Ok(f) => {
                std::io::Read::read_to_end(&mut std::io::Read::take(f, HEAD as u64), &mut head)
                    .map_err(|e| StateError::read(rel, &e))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StateError::read(rel, &e)),
        };
        if has_digest(&head) {
            return Ok(());
        }
        let Some(text) = read_text(&self.root.join(rel), rel)? else {
            return Ok(());
        };
        if sealed(text.as_bytes()).is_some() {
            return Ok(());
        }
        // An invalid state is left as it is, for its post to report.
        match parse_state(&text, rel, Some((lang, source))) {
            Ok(mut state) => {
                self.fill_english(&mut state)?;
                self.save(&state)
            }
            Err(_) => Ok(()),
        }
    }

    pub fn remove(&self, lang: &str, source: &Path) -> std::io::Result<()> {
        std::fs::remove_file(self.root.join(Store::rel_path(lang, source)))
    }

    /// Every valid state file, sorted by path. A state that cannot be read or is corrupt is
    /// left out: the post it belongs to reports it when its own state is loaded, and one
    /// bad file must not stop the translation memory every other post uses.
    pub fn all(&self) -> Result<Vec<(PathBuf, PostState)>, StateError> {
        let mut out = Vec::new();
        for (rel, lang, source) in self.entries()? {
            // A state that cannot be read or is invalid is its own post's error, reported
            // when that post is checked or translated: the other posts go on without it.
            let Ok(Some(text)) = read_text(&self.root.join(&rel), &rel) else {
                continue;
            };
            let Ok(mut state) = parse_state(&text, &rel, Some((&lang, &source))) else {
                continue;
            };
            // An English post that cannot be read is not: what people wrote there would be
            // missing from memory and the cross-post checks.
            self.fill_english(&mut state)?;
            out.push((rel, state));
        }
        Ok(out)
    }

    /// Takes the run lock, waiting for another run to finish; `on_wait` is called once if
    /// the lock is busy.
    pub fn lock(&self, on_wait: impl FnOnce()) -> Result<Lock, StateError> {
        let path = self.root.join(DIR).join("lock");
        let err = |e: std::io::Error| StateError::read(&path, &e);
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

/// Whether a state file may hold placeholder text an older review recorded as reviewed:
/// then its header's counts are not what the state says once read (see
/// [`PostState::from_toml`]), and the whole file is read.
fn may_approve_placeholders(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(format!("origin = \"{}\"", super::PSEUDO_ORIGIN).as_bytes()) && has(b"state = \"reviewed\"")
}

/// Where a state file's header ends: at its segment list, `[[segment]]` in version 1 and
/// `segment = [` in version 2.
fn header_end(bytes: &[u8]) -> usize {
    let v2 = format!("\n{}", super::format::SEGMENTS);
    let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
    [find(b"\n[["), find(v2.as_bytes())]
        .into_iter()
        .flatten()
        .min()
        .map_or(bytes.len(), |i| i + 1)
}

/// A state file's text; `None` when it does not exist.
fn read_text(full: &Path, rel: &Path) -> Result<Option<String>, StateError> {
    match std::fs::read(full) {
        Ok(b) => utf8(b, rel).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StateError::read(rel, &e)),
    }
}

fn utf8(bytes: Vec<u8>, rel: &Path) -> Result<String, StateError> {
    String::from_utf8(bytes).map_err(|e| not_utf8(rel, e.utf8_error()))
}

fn not_utf8(rel: &Path, e: std::str::Utf8Error) -> StateError {
    StateError::unreadable(rel, Detail::quoted("detail-utf8", e.to_string()))
}

/// Parses a whole state file and checks it; `owner` is the (language, source) its path says
/// it belongs to.
fn parse_state(
    text: &str,
    rel: &Path,
    owner: Option<(&str, &Path)>,
) -> Result<PostState, StateError> {
    if let Some(line) = crate::merge::markers::conflict_line(text.as_bytes()) {
        return Err(StateError {
            path: rel.display().to_string(),
            problem: Problem::Conflict { line },
        });
    }
    let state = PostState::from_toml(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |s| crate::exchange::line_col(text, s.start));
        StateError {
            path: rel.display().to_string(),
            problem: Problem::Syntax {
                line,
                column,
                message: e.message().trim().to_owned(),
            },
        }
    })?;
    validate(&state).map_err(|i| StateError {
        path: rel.display().to_string(),
        problem: Problem::Invalid(i),
    })?;
    if let Some((lang, source)) = owner {
        belongs(&state.lang, &state.source, rel, lang, source)?;
    }
    Ok(state)
}

/// A state names the post and language its path is for (a copied or hand-moved state
/// would otherwise answer for another post).
fn belongs(
    found_lang: &str,
    found_source: &str,
    rel: &Path,
    lang: &str,
    source: &Path,
) -> Result<(), StateError> {
    let expected_source = source.to_string_lossy();
    let (field, found, expected) = if found_lang != lang {
        ("lang", found_lang, lang)
    } else if found_source != expected_source {
        ("source", found_source, expected_source.as_ref())
    } else {
        return Ok(());
    };
    Err(StateError {
        path: rel.display().to_string(),
        problem: Problem::Mismatch {
            field,
            found: found.to_owned(),
            expected: expected.to_owned(),
        },
    })
}

/// Collects `*.toml` files under `dir`; a missing folder holds none.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err((dir.to_path_buf(), e)),
    };
    for e in entries {
        let e = e.map_err(|err| (dir.to_path_buf(), err))?;
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(target_hash: &str) -> PostState {
        PostState {
            version: crate::state::VERSION,
            source: "posts/a.md".into(),
            target: "posts/en/a.md".into(),
            lang: "en".into(),
            source_hash: crate::state::file_hash(b"source"),
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
        let old = crate::state::file_hash(b"old post");
        store.save(&state(&old)).unwrap();
        let new = state(&crate::state::file_hash(b"new post"));
        let pending = dir
            .path()
            .join(Store::rel_path("en", src))
            .with_extension("toml.pending");
        // Crashed after the pending state, before the target: roll back.
        crate::atomic::write(&pending, new.to_toml().as_bytes()).unwrap();
        store.recover("en", src, Some(b"old post")).unwrap();
        assert!(!pending.exists());
        assert_eq!(store.load("en", src).unwrap().unwrap().target_hash, old);
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

    /// An unreadable state is said in the UI language, the decoder's words quoted.
    #[test]
    fn unreadable_states_read_in_korean() {
        use crate::i18n::{Messages, UiLang};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        let rel = Store::rel_path("en", src);
        std::fs::create_dir_all(dir.path().join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(&rel), b"version = 1\nsource = \"\xff\"\n").unwrap();
        let e = store.load("en", src).unwrap_err();
        let ko = Messages::get(UiLang::Ko).diagnostic(&e);
        assert!(
            ko.starts_with(".l10n/state/en/posts/a.md.toml: 상태 파일을 읽을 수 없습니다: 올바른 UTF-8이 아닙니다 (\"invalid utf-8"),
            "{ko}"
        );
        std::fs::remove_file(dir.path().join(&rel)).unwrap();
        std::fs::create_dir(dir.path().join(&rel)).unwrap();
        let e = store.load_header("en", src).unwrap_err();
        let ko = Messages::get(UiLang::Ko).diagnostic(&e);
        assert_eq!(
            ko,
            ".l10n/state/en/posts/a.md.toml: 상태 파일을 읽을 수 없습니다: 파일이 아니라 디렉터리입니다"
        );
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

    fn write_state(dir: &Path, text: &str) {
        let rel = Store::rel_path("en", Path::new("posts/a.md"));
        std::fs::create_dir_all(dir.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(&rel), text).unwrap();
    }

    fn machine_state(n: usize) -> PostState {
        let mut s = state(&crate::state::file_hash(b"target"));
        s.segments = (0..n)
            .map(|i| crate::state::SegmentState {
                id: crate::document::SegmentId(format!("{i:016x}")),
                kind: crate::document::SegmentKind::Paragraph,
                state: crate::state::Status::Machine,
                origin: "openai".into(),
                source: format!("엔비디아가 {i}분기 실적을 발표했습니다."),
                target: format!("Nvidia reported its Q{i} results."),
                raw: false,
                target_hash: crate::state::written_hash(&i.to_string()),
                terms: None,
                previous: None,
            })
            .collect();
        s.recount();
        s
    }

    #[test]
    fn a_truncated_state_is_refused_by_header_and_whole_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        let text = machine_state(8).to_toml();
        write_state(dir.path(), &text);
        assert_eq!(
            store.load_header("en", src).unwrap().unwrap().target,
            "posts/en/a.md"
        );
        // The first five segments only: valid TOML, wrong counts.
        let cut = super::super::format::segment_line(&text, 5);
        write_state(dir.path(), &format!("{}]\n", &text[..cut]));
        for e in [
            store.load_header("en", src).unwrap_err(),
            store.load("en", src).unwrap_err(),
        ] {
            assert_eq!(e.path, ".l10n/state/en/posts/a.md.toml");
            assert!(
                matches!(
                    e.problem,
                    Problem::Invalid(Invalid::Counts {
                        header: 8,
                        segments: 5,
                        ..
                    })
                ),
                "{e:?}"
            );
        }
        // Cut inside a string: not TOML any more; the error has the line.
        write_state(dir.path(), &text[..cut + 40]);
        let e = store.load_header("en", src).unwrap_err();
        let last = text[..cut + 40].lines().count();
        assert!(
            matches!(e.problem, Problem::Syntax { line, .. } if line == last),
            "{e:?}"
        );
        // Neither stops the other states from being read.
        assert!(store.all().unwrap().is_empty());
    }

    #[test]
    fn a_state_without_a_digest_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        let text: String = machine_state(3)
            .to_toml()
            .lines()
            .filter(|l| !l.starts_with("digest = "))
            .map(|l| format!("{l}\n"))
            .collect();
        write_state(dir.path(), &text);
        assert!(store.load_header("en", src).unwrap().is_some());
        // A run's recovery step seals it; a corrupt one is left for its post to report.
        store.recover("en", src, None).unwrap();
        let full = dir.path().join(Store::rel_path("en", src));
        assert_eq!(sealed(&std::fs::read(&full).unwrap()), Some(true));
        let cut = format!(
            "{}]\n",
            &text[..super::super::format::segment_line(&text, 1)]
        );
        write_state(dir.path(), &cut);
        assert!(store.load_header("en", src).is_err());
        store.recover("en", src, None).unwrap();
        assert_eq!(std::fs::read_to_string(&full).unwrap(), cut);
    }

    #[test]
    fn git_conflict_markers_are_named_with_their_line_not_called_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        let text = machine_state(2).to_toml();
        let conflicted = text.replacen(
            "qa_findings = 0\n",
            "qa_findings = 0\n<<<<<<< HEAD\n[counts]\n=======\n[counts]\n>>>>>>> topic\n",
            1,
        );
        write_state(dir.path(), &conflicted);
        let line = conflicted
            .lines()
            .position(|l| l.starts_with("<<<<<<<"))
            .unwrap()
            + 1;
        for e in [
            store.load_header("en", src).unwrap_err(),
            store.load("en", src).unwrap_err(),
        ] {
            assert_eq!(e.problem, Problem::Conflict { line });
            let en = crate::i18n::Messages::english().diagnostic(&e);
            assert_eq!(
                en,
                format!(
                    ".l10n/state/en/posts/a.md.toml:{line}: run `l10n git-setup` and `git merge` again, or resolve by hand"
                )
                .replace(".l10n", "merge conflict in .l10n")
            );
        }
        // Left as it is by a run's recovery step, for its post to report.
        store.recover("en", src, None).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(Store::rel_path("en", src))).unwrap(),
            conflicted
        );
    }

    #[test]
    fn a_state_for_another_post_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut s = machine_state(1);
        s.source = "posts/b.md".into();
        write_state(dir.path(), &s.to_toml());
        let e = store
            .load_header("en", Path::new("posts/a.md"))
            .unwrap_err();
        assert!(
            matches!(
                e.problem,
                Problem::Mismatch {
                    field: "source",
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn names_a_state_cannot_carry_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        for name in ["posts/a\nb.md", "posts/a\rb.md", "posts/\u{1b}[31m.md"] {
            let e = store.load_header("en", Path::new(name)).unwrap_err();
            assert_eq!(e.problem, Problem::Name, "{name:?}");
            assert!(!e.path.contains(['\n', '\r', '\u{1b}']), "{e:?}");
            let mut s = machine_state(0);
            s.source = name.into();
            assert_eq!(store.save(&s).unwrap_err().problem, Problem::Name);
        }
        assert!(Store::state_path("en", Path::new("posts/2026-01-02-ai-뉴스.md")).is_ok());
    }
    #[test]
    fn a_state_finds_the_english_it_leaves_to_its_post() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let src = Path::new("posts/a.md");
        let english = "# Summary\n\nFoxconn *wins* the order.\n";
        let doc = Document::parse("en.md", english.as_bytes(), &ParseOptions::default()).unwrap();
        let mut s = state(&crate::state::file_hash(english.as_bytes()));
        s.segments = doc
            .segments()
            .iter()
            .map(|t| crate::state::SegmentState {
                id: crate::document::SegmentId(crate::document::id_hash(&t.line.to_string())),
                kind: t.kind,
                state: crate::state::Status::Machine,
                origin: "openai".into(),
                source: t.line.to_string(),
                target: t.text.clone(),
                raw: false,
                target_hash: crate::state::written_hash(&t.text),
                terms: None,
                previous: None,
            })
            .collect();
        s.recount();
        store.save(&s).unwrap();
        // Before its English post exists, the English is unknown.
        assert!(store.load("en", src).unwrap().unwrap().lacks_english());
        let post = dir.path().join("posts/en/a.md");
        std::fs::create_dir_all(post.parent().unwrap()).unwrap();
        std::fs::write(&post, english).unwrap();
        assert_eq!(store.load("en", src).unwrap().unwrap(), s);
        assert_eq!(store.all().unwrap()[0].1, s);
        // An English post that cannot be read is an error naming it.
        std::fs::remove_file(&post).unwrap();
        std::fs::create_dir(&post).unwrap();
        let e = store.load("en", src).unwrap_err();
        assert_eq!(e.path, "posts/en/a.md");
        assert!(matches!(e.problem, Problem::Read(_)), "{e:?}");
    }
}
