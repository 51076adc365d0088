//! One writer per session: an OS lock on a sidecar file `<session>.lock`.
//!
//! The lock is taken with [`File::try_lock`] and held as long as the `Lock` lives; the OS
//! drops it when the process ends, however it ends, so a crash never leaves a stale lock. The
//! file itself stays behind (deleting it while others may be opening it would let two writers
//! in), and its mere existence means nothing: only the OS lock counts. Once locked, the file
//! names the holder (pid, host, since) so a second opener can be told who has it; the name is
//! cleared when the lock is let go, and a second opener that finds the lock held but no name
//! yet (the holder is just writing it) looks again for up to a tenth of a second.
//!
//! The lock belongs to the open file, not the process: a second open in the same process is
//! refused too, and a child process shares the lock from the moment it is forked until it
//! starts its own program (the file is closed on exec).
//!
//! The lock file is opened only if it is a regular file with one name: a link, a pipe or a
//! hard link to another file is refused, so writing the holder's name can only touch the lock.
//! A lock is taken only on the file that still has the lock's name once locked; so a lock file
//! can be removed (see [`remove_if_free`]) while others may be opening it, and they look again.
//!
//! Windows locks are mandatory: a locked file cannot be read through another handle. There the
//! holder's name goes in a file of its own beside the lock, `<session>.lock.holder`, which is
//! never locked.

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::LockHolder;

/// A held lock on a session. Dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct Lock {
    file: File,
    /// Where the holder's name is written: the lock file itself, or on Windows a file beside it.
    #[cfg(windows)]
    record: Option<File>,
}

/// How often a lock is tried on a lock file that was removed or replaced meanwhile.
const REOPEN_TRIES: u32 = 10;

/// How often, and how long apart, a second opener looks for the holder's name.
const HOLDER_TRIES: u32 = 10;
const HOLDER_WAIT: std::time::Duration = std::time::Duration::from_millis(10);

/// Why a lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another open file holds it.
    Held(LockHolder),
    /// The lock file could not be opened or locked.
    Io { path: PathBuf, source: io::Error },
}

/// What the lock file says about its holder.
#[derive(Serialize, Deserialize)]
struct HolderRecord {
    pid: Option<u32>,
    host: Option<String>,
    since: Option<DateTime<Utc>>,
}

/// Where a session's lock lives: `<session>.lock`.
pub fn lock_path(session: &Path) -> PathBuf {
    super::with_suffix(session, ".lock")
}

/// Takes the lock on `session` without waiting, and writes who holds it into the lock file.
pub(crate) fn acquire(session: &Path) -> Result<Lock, LockError> {
    let path = lock_path(session);
    let io_error = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    for _ in 0..REOPEN_TRIES {
        let mut file = open_lock_file(&path).map_err(io_error)?;
        // A holder writes who it is just after taking the lock, and clears it just before
        // letting go: while the lock is held and nobody is named, look again a few times.
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => match read_holder(session, &mut file) {
                    Some(holder) => return Err(LockError::Held(holder)),
                    None if tries < HOLDER_TRIES => {
                        tries += 1;
                        std::thread::sleep(HOLDER_WAIT);
                    }
                    None => return Err(LockError::Held(LockHolder::unknown())),
                },
                Err(TryLockError::Error(source)) => return Err(io_error(source)),
            }
        }
        if !super::files::still_named(&file, &path) {
            // Removed while it was being locked: this lock guards nothing; open it again.
            continue;
        }
        let mut lock = Lock {
            file,
            #[cfg(windows)]
            record: open_record(session),
        };
        // Who holds it is for the message a second opener gets; failing to write it does not
        // weaken the lock, so it is not an error.
        let _ = write_holder(lock.record_file());
        return Ok(lock);
    }
    Err(io_error(io::Error::other(
        "the lock file kept being removed while it was being locked",
    )))
}

/// Removes the lock file of `session` if nobody holds it, taking the lock first so that no
/// live holder's lock file is removed, and only if the session still does not exist.
#[cfg(unix)]
pub(crate) fn remove_if_free(session: &Path) {
    let path = lock_path(session);
    let Ok(file) = open_lock_file(&path) else {
        return;
    };
    if file.try_lock().is_ok()
        && super::files::still_named(&file, &path)
        && std::fs::symlink_metadata(session).is_err()
    {
        let _ = std::fs::remove_file(&path);
    }
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    super::files::open_in_place(path).map_err(|refusal| refusal.into_io("a lock file"))
}

/// Windows: the file beside the lock that names the holder (see the module notes).
#[cfg(windows)]
fn record_path(session: &Path) -> PathBuf {
    super::with_suffix(session, ".lock.holder")
}

#[cfg(windows)]
fn open_record(session: &Path) -> Option<File> {
    super::files::open_in_place(&record_path(session)).ok()
}

impl Lock {
    /// The file the holder's name goes in.
    fn record_file(&mut self) -> &mut File {
        #[cfg(windows)]
        if let Some(record) = self.record.as_mut() {
            return record;
        }
        &mut self.file
    }
}

fn write_holder(file: &mut File) -> io::Result<()> {
    let record = HolderRecord {
        pid: Some(std::process::id()),
        host: gethostname::gethostname().into_string().ok(),
        since: Some(Utc::now()),
    };
    let mut text = serde_json::to_vec(&record).map_err(io::Error::other)?;
    text.push(b'\n');
    // Written over the last holder's record, and cut only where that was longer: the record
    // is nearly always the same length, and cutting a file that is on disk costs a journal
    // commit (a tenth of a millisecond or more on ext4) at every start.
    let old_len = file.metadata()?.len();
    file.rewind()?;
    file.write_all(&text)?;
    let len = text.len() as u64;
    if old_len > len {
        file.set_len(len)?;
    }
    Ok(())
}

/// Reads who holds the lock, if the lock file (on Windows the file beside it) names anyone.
fn read_holder(session: &Path, file: &mut File) -> Option<LockHolder> {
    #[cfg(windows)]
    let (mut record, _) = {
        let _ = &file;
        super::files::open_to_read(&record_path(session)).ok()?
    };
    #[cfg(windows)]
    let file = &mut record;
    #[cfg(not(windows))]
    let _ = session;
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    let record = serde_json::from_str::<HolderRecord>(text.trim()).ok()?;
    Some(LockHolder {
        pid: record.pid,
        host: record.host,
        since: record.since,
    })
}

impl LockHolder {
    fn unknown() -> Self {
        LockHolder {
            pid: None,
            host: None,
            since: None,
        }
    }
}

impl Drop for Lock {
    /// Clears the holder's name before the lock goes, so nobody is told of a holder that has
    /// left. (A killed holder leaves its name; the next one to lock writes over it.)
    fn drop(&mut self) {
        let _ = self.record_file().set_len(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_written_over_a_longer_or_shorter_record_whole() {
        let temp = tempfile::tempdir().unwrap();
        let session = temp.path().join("a.json");
        for old in ["x".repeat(500), "{}".to_owned(), String::new()] {
            std::fs::write(lock_path(&session), &old).unwrap();
            let lock = acquire(&session).unwrap();
            let text = std::fs::read_to_string(lock_path(&session)).unwrap();
            let record: HolderRecord = serde_json::from_str(text.trim()).unwrap();
            assert_eq!(record.pid, Some(std::process::id()), "over {old:?}");
            assert!(
                text.ends_with('\n') && text.lines().count() == 1,
                "{text:?}"
            );
            drop(lock);
        }
    }
}
