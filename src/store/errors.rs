//! Why a session could not be opened, saved or exported, in words that name the file and the
//! way back.

use std::path::PathBuf;

use super::LockHolder;

/// Why a session could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path}: no such session file")]
    NotFound { path: PathBuf },
    #[error("{path} is open in another fidelity-review ({holder})")]
    Locked { path: PathBuf, holder: LockHolder },
    #[error(
        "{path} cannot be read: {problem}. It was left as it is.{}",
        recover_hint(backup, broken_backup)
    )]
    Unreadable {
        path: PathBuf,
        problem: String,
        /// The previous version, when it can be read: the way back.
        backup: Option<PathBuf>,
        /// The backup beside it that cannot be read either, and why.
        broken_backup: Option<(PathBuf, String)>,
    },
    #[error(
        "{path} was written by a newer fidelity-review (session format {found}; this one reads up to {supported}). It was left as it is; open it with the newer version."
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path} has {names} names (hard links), so saving it under one would part it from the others. It was left as it is; to work on it, copy it to a file of its own (e.g. `cp` it to a new name) and open the copy."
    )]
    OtherNames { path: PathBuf, names: u64 },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How to get the answers back: from the backup where it can be read, else from a copy of
/// the user's own.
fn recover_hint(backup: &Option<PathBuf>, broken_backup: &Option<(PathBuf, String)>) -> String {
    const OWN_COPY: &str = "restore it from a copy of your own, or mend it in a text editor";
    match (backup, broken_backup) {
        (Some(backup), _) => format!(
            " The version saved before it is kept, whole, in {}: to go back to it, copy that \
             file over this one (keep this one aside first).",
            backup.display()
        ),
        (None, Some((backup, problem))) => format!(
            " Its backup {} cannot be read either ({problem}): {OWN_COPY}.",
            backup.display()
        ),
        (None, None) => format!(" There is no backup beside it: {OWN_COPY}."),
    }
}

impl std::fmt::Display for LockHolder {
    /// E.g. "process 1234 on laptop-7 since 2026-11-23 14:02 UTC".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pid {
            Some(pid) => write!(f, "process {pid}")?,
            None => f.write_str("another process")?,
        }
        if let Some(host) = &self.host {
            write!(f, " on {host}")?;
        }
        if let Some(since) = &self.since {
            write!(f, " since {}", since.format("%Y-%m-%d %H:%M UTC"))?;
        }
        Ok(())
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

/// The steps of a durable save, in order. A failure at any step before
/// [`SaveStep::SyncFolder`] leaves the previous file exactly as it was; at `SyncFolder` the new
/// version is already in place, whole, but may not yet be safe from a power cut.
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

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{path} is a review file; an export never goes over one. Choose another name, e.g. one ending .md, .csv or .json outside the reviews"
    )]
    WouldOverwriteReview { path: PathBuf },
    #[error(
        "{path} is {kind}, not a regular file; an export only replaces a regular file or makes a new one. It was left as it is; choose another name (without -o the report goes to standard output)"
    )]
    NotARegularFile { path: PathBuf, kind: &'static str },
    #[error("{folder}: no such folder to export into")]
    NoFolder { folder: PathBuf },
    #[error(transparent)]
    Save(#[from] SaveError),
}
