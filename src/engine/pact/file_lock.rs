//! An exclusive lock shared by processes: a lock file beside the file it protects, locked with
//! the operating system's file lock (`flock` on Linux and macOS, `LockFileEx` on Windows).
//!
//! The protected file itself is not locked because it is replaced by a rename: a waiter would
//! end up holding a lock on the old, unlinked file. On Unix the holder removes the lock file
//! before releasing it, so that nothing is left behind; a waiter that then gets the lock finds
//! the path gone or pointing at a newer lock file, and starts again with the file now there.
//! Elsewhere a file that is open cannot be removed, so the lock file stays.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Held until dropped.
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Waits for the lock on `path`, creating the lock file when needed.
    pub fn acquire(path: &Path) -> io::Result<FileLock> {
        loop {
            let file = OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
            file.lock()?;
            if still_at(&file, path)? {
                return Ok(FileLock {
                    file,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Only the holder removes the file, and only before releasing it (closing `file`).
        if cfg!(unix) && still_at(&self.file, &self.path).unwrap_or(false) {
            if let Err(err) = fs::remove_file(&self.path) {
                tracing::debug!("the lock file {} stays: {err}", self.path.display());
            }
        }
    }
}

/// True when `path` is still the file that was locked, not removed by the previous holder.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let locked = file.metadata()?;
    match fs::metadata(path) {
        Ok(current) => Ok(current.dev() == locked.dev() && current.ino() == locked.ino()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Lock files are never removed here, so the one locked is the one at the path.
#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::thread;
    use std::time::Duration;

    use super::*;

    #[test]
    fn one_holder_at_a_time_and_nothing_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".pact.json.lock");
        let inside = Arc::new(AtomicUsize::new(0));
        let most_inside = Arc::new(AtomicUsize::new(0));
        let start = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (path, inside, most_inside, start) =
                    (path.clone(), inside.clone(), most_inside.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    for _ in 0..20 {
                        // Each acquire opens its own file description, as another process would.
                        let _lock = FileLock::acquire(&path).unwrap();
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most_inside.fetch_max(now, Ordering::SeqCst);
                        thread::sleep(Duration::from_micros(200));
                        inside.fetch_sub(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(most_inside.load(Ordering::SeqCst), 1, "two holders at once");
        if cfg!(unix) {
            assert!(!path.exists(), "the lock file is removed by its last holder");
        }
    }

    #[test]
    fn a_lock_file_left_by_a_crash_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".pact.json.lock");
        fs::write(&path, b"").unwrap();
        drop(FileLock::acquire(&path).unwrap());
        if cfg!(unix) {
            assert!(!path.exists());
        }
    }

    #[test]
    fn a_lock_in_a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = FileLock::acquire(&dir.path().join("missing/.pact.json.lock"))
            .err()
            .unwrap();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
