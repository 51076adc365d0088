//! Deleting a review into the `deleted` folder inside the data folder, and restoring it.
//!
//! Nothing is destroyed: the session file and its `.bak` are moved into `deleted/`, where they
//! can be moved back. A review another window holds is not deleted. Restoring never writes over
//! a review that is there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{OpenError, backup_path, create_private_dir, lock, lock_path};

/// The folder deleted reviews go to.
pub fn deleted_dir(data: &Path) -> PathBuf {
    data.join("deleted")
}

/// Moves the review at `session` (with its `.bak`) into `deleted/`; returns where it went.
pub fn delete(data: &Path, session: &Path) -> Result<PathBuf, OpenError> {
    let io_error = |source| OpenError::Io {
        path: session.to_path_buf(),
        source,
    };
    // Held while moving, so a window that opens it now is refused, and one that has it open
    // keeps it.
    let held = lock::acquire(session).map_err(|error| match error {
        lock::LockError::Held(holder) => OpenError::Locked {
            path: session.to_path_buf(),
            holder,
        },
        lock::LockError::Io { path, source } => OpenError::Io { path, source },
    })?;
    let folder = deleted_dir(data);
    create_private_dir(&folder).map_err(io_error)?;
    let name = session
        .file_name()
        .ok_or_else(|| io_error(io::Error::new(io::ErrorKind::InvalidInput, "no file name")))?;
    let to = super::unused_name(&folder.join(name));
    fs::rename(session, &to).map_err(io_error)?;
    let backup = backup_path(session);
    if backup.exists() {
        let _ = fs::rename(&backup, backup_path(&to));
    }
    drop(held);
    let _ = fs::remove_file(lock_path(session));
    Ok(to)
}

/// The reviews in `deleted/`, the most recently deleted first.
pub fn deleted(data: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(deleted_dir(data)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let changed = fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (changed, p)
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, p)| p).collect()
}

/// Moves a deleted review back into the data folder, under its name or, if a review has taken
/// it since, a new one; returns where it went.
pub fn restore(data: &Path, deleted: &Path) -> io::Result<PathBuf> {
    let name = deleted
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let to = super::unused_name(&data.join(name));
    fs::rename(deleted, &to)?;
    let backup = backup_path(deleted);
    if backup.exists() {
        let _ = fs::rename(&backup, backup_path(&to));
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deleted_review_goes_to_the_deleted_folder_and_comes_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let session = dir.path().join("2025-03-14-north.json");
        fs::write(&session, "{}").unwrap();
        fs::write(backup_path(&session), "{}").unwrap();
        let moved = delete(dir.path(), &session).unwrap();
        assert_eq!(moved, dir.path().join("deleted/2025-03-14-north.json"));
        assert!(!session.exists() && !backup_path(&session).exists());
        assert!(backup_path(&moved).exists());
        assert_eq!(deleted(dir.path()), std::slice::from_ref(&moved));

        let back = restore(dir.path(), &moved).unwrap();
        assert_eq!(back, session);
        assert!(session.exists() && backup_path(&session).exists());
        assert!(deleted(dir.path()).is_empty());
    }

    #[test]
    fn a_review_held_by_another_window_is_not_deleted() {
        let dir = tempfile::TempDir::new().unwrap();
        let session = dir.path().join("held.json");
        fs::write(&session, "{}").unwrap();
        let _held = lock::acquire(&session).unwrap();
        assert!(delete(dir.path(), &session).is_err());
        assert!(session.exists());
    }
}
