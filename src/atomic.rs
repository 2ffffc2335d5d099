//! Atomic file replacement: a temp file in the same folder, fsync, rename. A reader (or a
//! crash) sees the old file or the new one, never half of one. The new file keeps the
//! permissions of the one it replaces; a new file gets what the umask allows, like any
//! editor's (a web server or CI step running as another user must be able to read it).

use std::fs::{File, OpenOptions, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_like(path, bytes, path)
}

/// Writes `bytes` to `path` atomically with the permissions `like` has now (when it
/// exists): a pending state file renamed over a state later must carry the state's mode.
pub fn write_like(path: &Path, bytes: &[u8], like: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let keep = match std::fs::metadata(like) {
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (tmp, mut file) = create_temp(dir)?;
    let result = fill(&mut file, bytes, keep).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn fill(file: &mut File, bytes: &[u8], keep: Option<Permissions>) -> std::io::Result<()> {
    if let Some(p) = keep {
        file.set_permissions(p)?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

/// A new file next to the target, created exclusively with mode 0666 so that the umask,
/// not a library default of 0600, decides who may read it.
fn create_temp(dir: &Path) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".l10n-tmp-{}-{seed:08x}-{n}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.md");
        super::write(&p, b"one").unwrap();
        super::write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        for mode in [0o644, 0o664, 0o600, 0o755] {
            std::fs::write(&p, "old").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            super::write(&p, b"new").unwrap();
            let got = std::fs::metadata(&p).unwrap().permissions().mode() & 0o7777;
            assert_eq!(got, mode, "{mode:o}");
        }
        // The mode of another file, for a file renamed over it later.
        let q = dir.path().join("a.md.pending");
        super::write_like(&q, b"x", &p).unwrap();
        let got = std::fs::metadata(&q).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, 0o755);
    }

    #[test]
    fn a_failed_rename_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder cannot be replaced by a file.
        let p = dir.path().join("taken");
        std::fs::create_dir_all(p.join("inside")).unwrap();
        assert!(super::write(&p, b"x").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
