//! Session files: one pretty-printed JSON file per review, saved durably, one writer at a time.
//!
//! - [`Store`] is the data folder: create, list and resolve sessions.
//! - [`open`] takes the one-writer lock and reads a session; [`read`] reads without the lock
//!   (summary, export, read-only viewing).
//! - [`Session::save`] writes durably: temp file (0600) -> write -> fsync -> keep the previous
//!   version as `<file>.bak` -> rename over the session -> fsync the folder.
//! - A file that cannot be read is never written over.
//! - Every save goes through a [`SaveIo`]; [`FaultyIo`] makes a chosen step fail, so tests can
//!   play a full disk or a lost permission ([`Store::with_io`], [`Session::with_io`]).
//!
//! Beside a session `x.json` live `x.json.bak` (the previous version), `x.json.lock` (the
//! one-writer lock), `x.json.recovery` (answers that could not be saved in place) and, only
//! while a save is under way, `.x.json.<pid>-<n>.tmp`.
//!
//! The parts: [`durable`] (how a file is written), [`lock`] (one writer), `files` (opening
//! only regular files, tidying leftovers), `load` (reading), `schema` (the file format and its
//! versions), `check` (values no review can have), `list` (the folder listing), `export`
//! (reports and recovery copies), `errors`, `background` (saving on a thread of its own),
//! `scores` (only the scores, for reading many reviews) and `sources` (a consensus review's
//! sources, read with their hashes, and checked for changes).
//!
//! One review, one writer, whatever its name: a session opened by a symbolic link is opened
//! as the file the link points to (its lock beside that file), and a session with a second
//! name (a hard link) is not opened for writing, since a save under one name would part it
//! from the other.
//!
//! Knows nothing of the terminal.

pub mod background;
mod check;
mod deleted;
pub mod durable;
mod errors;
mod export;
mod files;
mod list;
mod load;
pub mod lock;
mod paths;
mod schema;
mod scores;
mod sources;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

pub use background::{Background, Saved};
pub use deleted::{delete, deleted, deleted_dir, restore};
pub use durable::{FaultyIo, RealIo, SaveIo, create_private_dir, write_private_file};
pub use errors::{ExportError, OpenError, SaveError, SaveStep};
pub use export::{is_review_file, write_export, write_recovery};
pub use load::{read, read_for};
pub use lock::lock_path;
pub use paths::{expand_home, unused_name};
pub use scores::{read_scores, why_unreadable};
pub use sources::{SourceState, check_sources, read_source};

use crate::review::{Review, ReviewKind, limits};
use crate::scale::{RatingRange, Scale};

/// The session file format version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest session file that is read or written ([`limits::MAX_FILE_BYTES`]). A full
/// review is well under a megabyte; anything this big is not a session, and is refused before
/// it is read into memory. A save that would make a larger file is refused.
pub const MAX_FILE_BYTES: u64 = limits::MAX_FILE_BYTES;

/// The data folder holding session files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    io: Arc<dyn SaveIo>,
    /// The rating range of the scale in use: reviews opened through the store are checked
    /// against it.
    rating: Option<RatingRange>,
}

/// One session file found in the data folder.
#[derive(Debug, Clone)]
pub struct Listing {
    pub path: PathBuf,
    /// What the file holds, or why it cannot be read.
    pub entry: Result<ListingInfo, String>,
}

/// The headline of a readable session file.
#[derive(Debug, Clone, PartialEq)]
pub struct ListingInfo {
    pub team: String,
    pub date: NaiveDate,
    pub kind: ReviewKind,
    /// Items with a score.
    pub rated: usize,
    /// Items with some criteria rated and no score yet.
    pub partly: usize,
    /// Items in the scale.
    pub items: usize,
    pub updated: DateTime<Utc>,
}

/// Who holds a session's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: Option<u32>,
    pub host: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

/// An open session: holds the one-writer lock until dropped.
#[derive(Debug)]
pub struct Session {
    path: PathBuf,
    _lock: lock::Lock,
    io: Arc<dyn SaveIo>,
}

/// The platform's data folder for sessions (e.g. `~/.local/share/fidelity-review` on Linux),
/// or `None` where the platform has no home folder.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fidelity-review")
        .map(|dirs| dirs.data_dir().to_path_buf())
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store {
            dir: dir.into(),
            io: Arc::new(RealIo),
            rating: None,
        }
    }

    /// The same folder, refusing to open a review whose final scores lie outside `scale`'s
    /// rating range (they would be summed into a total no review can have).
    pub fn checking_against(self, scale: &Scale) -> Self {
        Store {
            rating: Some(scale.rating),
            ..self
        }
    }

    /// The same folder, saving new sessions through `io` (to test failing disks).
    pub fn with_io(self, io: Arc<dyn SaveIo>) -> Self {
        Store { io, ..self }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the app puts exports unless told otherwise: where a person finds them, a
    /// `fidelity-review` folder in the user's Documents, when the reviews are in the platform's
    /// own (hidden) data folder and the platform names a Documents folder; else a folder of
    /// their own inside the data folder. Never among the reviews themselves. Always in full.
    pub fn exports_dir(&self) -> PathBuf {
        let documents = directories::UserDirs::new()
            .and_then(|dirs| dirs.document_dir().map(Path::to_path_buf));
        let dir = exports_dir_for(
            &self.dir,
            default_data_dir().as_deref(),
            documents.as_deref(),
        );
        // In full, so the path the app shows can be found from any folder.
        std::path::absolute(&dir).unwrap_or(dir)
    }

    /// Creates the folder (0700) if needed, writes `review` to a new file named after its date
    /// and team, and opens it for writing.
    ///
    /// The name is `<date>-<team>.json`, or `-2`, `-3`… when taken; a name is claimed without
    /// ever replacing a file, so two creators at once get two files.
    pub fn create(&self, review: &Review) -> Result<Session, SaveError> {
        create_private_dir(&self.dir).map_err(|source| SaveError {
            path: self.dir.clone(),
            step: SaveStep::CreateTemp,
            source,
        })?;
        let bytes = schema::encode(review);
        let stem = format!(
            "{}-{}",
            review.details.date.format("%Y-%m-%d"),
            crate::review::slug(&review.details.team)
        );
        for n in 1u32.. {
            let path = match n {
                1 => self.dir.join(format!("{stem}.json")),
                n => self.dir.join(format!("{stem}-{n}.json")),
            };
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            export::refuse_too_large(&path, &bytes)?;
            let lock = match lock::acquire(&path) {
                Ok(lock) => lock,
                Err(lock::LockError::Held(_)) => continue,
                Err(lock::LockError::Io { path, source }) => {
                    return Err(SaveError {
                        path,
                        step: SaveStep::CreateTemp,
                        source,
                    });
                }
            };
            let created = durable::create_new(&*self.io, &path, &bytes);
            if created.is_err() && fs::symlink_metadata(&path).is_err() {
                // Nothing was made: the lock file made for it goes too (taken, so safe).
                #[cfg(unix)]
                let _ = fs::remove_file(lock_path(&path));
            }
            match created {
                Ok(()) => {
                    return Ok(Session {
                        path,
                        _lock: lock,
                        io: Arc::clone(&self.io),
                    });
                }
                Err(error)
                    if error.step == SaveStep::Rename
                        && error.source.kind() == io::ErrorKind::AlreadyExists =>
                {
                    continue;
                }
                Err(error) => return Err(error),
            }
        }
        Err(SaveError {
            path: self.dir.join(format!("{stem}.json")),
            step: SaveStep::Rename,
            source: io::Error::new(io::ErrorKind::AlreadyExists, "every file name is taken"),
        })
    }

    /// Every session file in the folder, most recently changed first. Unreadable files are
    /// listed with the reason. A folder that does not exist yet lists nothing.
    ///
    /// Tidies up on the way what killed processes left: their temp files in the folder and in
    /// the exports folder, and lock files of sessions that do not exist (never one in use).
    pub fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>> {
        let listings = list::list(&self.dir, scale)?;
        files::remove_stale_temps(&self.dir, None);
        files::remove_orphan_locks(&self.dir);
        files::remove_stale_temps(&self.exports_dir(), None);
        Ok(listings)
    }

    /// A path to a session file, or the id (file stem) of one in this folder.
    ///
    /// Text with a path separator, or ending in `.json`, is a path when such a file exists;
    /// anything else is an id. What matches nothing comes back as the most likely path, so the
    /// error that follows names it.
    pub fn resolve(&self, path_or_id: &str) -> PathBuf {
        let as_path = PathBuf::from(path_or_id);
        let looks_like_path = path_or_id.contains('/')
            || path_or_id.contains(std::path::MAIN_SEPARATOR)
            || path_or_id.ends_with(".json");
        if looks_like_path {
            if as_path.exists() {
                return as_path;
            }
            let in_folder = self.dir.join(path_or_id);
            if !path_or_id.contains('/') && in_folder.exists() {
                return in_folder;
            }
            return as_path;
        }
        let by_id = self.dir.join(format!("{path_or_id}.json"));
        if !by_id.exists() && as_path.is_file() {
            return as_path;
        }
        by_id
    }

    /// Opens a session for writing, saving through this store's I/O layer; with
    /// [`Store::checking_against`], refuses one whose scores the scale cannot have.
    pub fn open(&self, path: &Path) -> Result<(Session, Review), OpenError> {
        let (session, review) = open_with_io(path, Arc::clone(&self.io))?;
        if let Some(rating) = self.rating
            && let Err(problem) = limits::check_final_scores(&review.items, rating)
        {
            return Err(load::Load::Unreadable(problem).into_open_error(session.path()));
        }
        Ok((session, review))
    }
}

/// Where exports go for a data folder `dir` (see [`Store::exports_dir`]).
fn exports_dir_for(dir: &Path, default_dir: Option<&Path>, documents: Option<&Path>) -> PathBuf {
    match documents {
        Some(documents) if default_dir == Some(dir) => documents.join("fidelity-review"),
        _ => dir.join("exports"),
    }
}

/// Opens a session for writing: takes the lock, then reads it.
pub fn open(path: &Path) -> Result<(Session, Review), OpenError> {
    open_with_io(path, Arc::new(RealIo))
}

/// [`open`], saving through `io` (to test failing disks).
///
/// The session is the file itself: a symbolic link is followed to it, so both names lock the
/// same file; a file with a second name (a hard link) is refused. The lock is taken before
/// the file is read, and temp files of a killed save are cleared while it is held.
pub fn open_with_io(path: &Path, io: Arc<dyn SaveIo>) -> Result<(Session, Review), OpenError> {
    let path = &the_file_itself(path)?;
    let lock = lock::acquire(path).map_err(|error| match error {
        lock::LockError::Held(holder) => OpenError::Locked {
            path: path.to_path_buf(),
            holder,
        },
        lock::LockError::Io { path, source } => OpenError::Io { path, source },
    })?;
    remove_stale_temps(path);
    refuse_other_names(path)?;
    let review = read(path)?;
    let session = Session {
        path: path.to_path_buf(),
        _lock: lock,
        io,
    };
    Ok((session, review))
}

/// The id a session is known by: its file name without `.json`.
pub fn review_id(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// The path of the session file itself: a link followed to its target; refused if it is not
/// a regular file (a pipe, a device), before anything beside it is made.
fn the_file_itself(path: &Path) -> Result<PathBuf, OpenError> {
    let io_error = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => OpenError::NotFound {
            path: path.to_path_buf(),
        },
        _ => OpenError::Io {
            path: path.to_path_buf(),
            source,
        },
    };
    let named = fs::symlink_metadata(path).map_err(io_error)?;
    let path = if named.file_type().is_symlink() {
        fs::canonicalize(path).map_err(io_error)?
    } else {
        path.to_path_buf()
    };
    let metadata = fs::metadata(&path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(load::Load::Unreadable(format!(
            "it is {}, not a session file",
            files::kind_of(metadata.file_type())
        ))
        .into_open_error(&path));
    }
    Ok(path)
}

/// Refuses a session with more names than one. Its own backup may be a second name for a
/// moment (a save killed between keeping the backup and putting the new version in place).
fn refuse_other_names(path: &Path) -> Result<(), OpenError> {
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    let names = files::link_count(&metadata);
    let backup_is_the_other = || {
        fs::symlink_metadata(backup_path(path))
            .is_ok_and(|backup| files::same_file(&backup, &metadata))
    };
    if names <= 1 || (names == 2 && backup_is_the_other()) {
        Ok(())
    } else {
        Err(OpenError::OtherNames {
            path: path.to_path_buf(),
            names,
        })
    }
}

/// Where the previous good version of a session is kept.
pub fn backup_path(session: &Path) -> PathBuf {
    with_suffix(session, ".bak")
}

/// Where a recovery copy of a session is written after a crash.
pub fn recovery_path(session: &Path) -> PathBuf {
    with_suffix(session, ".recovery")
}

impl Session {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same session, saving through `io` from now on (to test failing disks).
    pub fn with_io(mut self, io: Arc<dyn SaveIo>) -> Self {
        self.io = io;
        self
    }

    /// Saves durably. On error the file on disk is the previous good version. A review that
    /// would make a file larger than [`MAX_FILE_BYTES`] is not saved (the reader would refuse
    /// it).
    pub fn save(&mut self, review: &Review) -> Result<(), SaveError> {
        let bytes = schema::encode(review);
        export::refuse_too_large(&self.path, &bytes)?;
        durable::replace(&*self.io, &self.path, &bytes, true)
    }
}

/// Removes temp files left by a writer of this session that was killed mid-save. Only called
/// while holding the session's lock, so no live writer is using them.
fn remove_stale_temps(session: &Path) {
    let Some(name) = session.file_name().and_then(|name| name.to_str()) else {
        return;
    };
    let backup = format!("{name}.bak");
    let Ok(entries) = durable::folder_of(session).read_dir() else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if durable::is_temp_of(file_name, name) || durable::is_temp_of(file_name, &backup) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `path` with `suffix` added to its file name: `x.json` -> `x.json.bak`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_holder_reads_as_a_sentence() {
        let since = "2026-11-23T14:02:09Z".parse().unwrap();
        let holder = LockHolder {
            pid: Some(1234),
            host: Some("laptop-7".into()),
            since: Some(since),
        };
        assert_eq!(
            holder.to_string(),
            "process 1234 on laptop-7 since 2026-11-23 14:02 UTC"
        );
        let unknown = LockHolder {
            pid: None,
            host: None,
            since: None,
        };
        assert_eq!(unknown.to_string(), "another process");
    }

    #[test]
    fn exports_go_where_a_person_finds_them_only_from_the_default_folder() {
        let default = Path::new("/home/u/.local/share/fidelity-review");
        let documents = Path::new("/home/u/Documents");
        assert_eq!(
            exports_dir_for(default, Some(default), Some(documents)),
            Path::new("/home/u/Documents/fidelity-review")
        );
        assert_eq!(
            exports_dir_for(default, Some(default), None),
            default.join("exports")
        );
        let chosen = Path::new("/srv/reviews");
        assert_eq!(
            exports_dir_for(chosen, Some(default), Some(documents)),
            chosen.join("exports")
        );
    }

    #[test]
    fn sidecar_files_add_to_the_name() {
        let session = Path::new("data/2026-11-23-north.json");
        assert_eq!(
            backup_path(session),
            Path::new("data/2026-11-23-north.json.bak")
        );
        assert_eq!(
            recovery_path(session),
            Path::new("data/2026-11-23-north.json.recovery")
        );
        assert_eq!(
            lock_path(session),
            Path::new("data/2026-11-23-north.json.lock")
        );
    }
}
