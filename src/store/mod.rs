//! Session files: one pretty-printed JSON file per review, saved durably, one writer at a time.
//!
//! - [`Store`] is the data folder: create, list and resolve sessions.
//! - [`open`] takes the one-writer lock and reads a session; [`read`] reads without the lock
//!   (summary, export, read-only viewing).
//! - [`Session::save`] writes durably: temp file (0600) -> write -> fsync -> keep the previous
//!   version as `<file>.bak` -> rename over the session -> fsync the folder.
//! - A file that cannot be read is never written over.
//!
//! Knows nothing of the terminal.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::review::{Review, ReviewKind};
use crate::scale::Scale;

/// The session file format version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The data folder holding session files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
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
    // filled in by the implementation
}

/// Why a session could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path}: no such session file")]
    NotFound { path: PathBuf },
    #[error("{path} is open in another fidelity-review ({holder})")]
    Locked { path: PathBuf, holder: LockHolder },
    #[error(
        "{path} cannot be read: {problem}. It was left as it is.{}",
        recover_hint(backup)
    )]
    Unreadable {
        path: PathBuf,
        problem: String,
        backup: Option<PathBuf>,
    },
    #[error(
        "{path} was written by a newer fidelity-review (session format {found}; this one reads up to {supported}). It was left as it is; open it with the newer version."
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn recover_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(backup) => format!(" The previous good version is {}", backup.display()),
        None => String::new(),
    }
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        todo!()
    }
}

/// A save that did not happen. The file on disk is the previous good version, whole.
#[derive(Debug, thiserror::Error)]
#[error("not saved to {path}: {step} failed: {source}")]
pub struct SaveError {
    pub path: PathBuf,
    pub step: SaveStep,
    pub source: std::io::Error,
}

/// The steps of a durable save, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    CreateTemp,
    Write,
    SyncFile,
    Backup,
    Rename,
    SyncFolder,
}

impl std::fmt::Display for SaveStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SaveStep::CreateTemp => "creating the temporary file",
            SaveStep::Write => "writing",
            SaveStep::SyncFile => "flushing the file to disk",
            SaveStep::Backup => "keeping the previous version",
            SaveStep::Rename => "replacing the session file",
            SaveStep::SyncFolder => "flushing the folder to disk",
        })
    }
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the folder (0700) if needed, writes `review` to a new file named after its date
    /// and team, and opens it for writing.
    pub fn create(&self, review: &Review) -> Result<Session, SaveError> {
        todo!()
    }

    /// Every session file in the folder, most recently changed first. Unreadable files are
    /// listed with the reason. A folder that does not exist yet lists nothing.
    pub fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>> {
        todo!()
    }

    /// A path to a session file, or the id (file stem) of one in this folder.
    pub fn resolve(&self, path_or_id: &str) -> PathBuf {
        todo!()
    }
}

/// Opens a session for writing: takes the lock, then reads it.
pub fn open(path: &Path) -> Result<(Session, Review), OpenError> {
    todo!()
}

/// Reads a session without taking the lock (for summary, export and read-only viewing).
pub fn read(path: &Path) -> Result<Review, OpenError> {
    todo!()
}

/// Where the previous good version of a session is kept.
pub fn backup_path(session: &Path) -> PathBuf {
    todo!()
}

/// Where a recovery copy of a session is written after a crash.
pub fn recovery_path(session: &Path) -> PathBuf {
    todo!()
}

/// Writes `review` to the recovery file beside `session` (never over the session itself).
pub fn write_recovery(session: &Path, review: &Review) -> Result<PathBuf, SaveError> {
    todo!()
}

impl Session {
    pub fn path(&self) -> &Path {
        todo!()
    }

    /// Saves durably. On error the file on disk is the previous good version.
    pub fn save(&mut self, review: &Review) -> Result<(), SaveError> {
        todo!()
    }
}
