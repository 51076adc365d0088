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
//! The parts: [`durable`] (how a file is written), [`lock`] (one writer), `schema` (the file
//! format and its versions) and `list` (the folder listing).
//!
//! Knows nothing of the terminal.

mod deleted;
pub mod durable;
mod list;
pub mod lock;
mod paths;
mod schema;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

pub use deleted::{delete, deleted, deleted_dir, restore};
pub use durable::{FaultyIo, RealIo, SaveIo, create_private_dir, write_private_file};
pub use lock::lock_path;
pub use paths::{expand_home, unused_name};

use crate::review::{Review, ReviewKind};
use crate::scale::Scale;

/// The session file format version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest session file that is read. A full review is well under a megabyte; anything
/// this big is not a session, and is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The data folder holding session files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    io: Arc<dyn SaveIo>,
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
        }
    }

    /// The same folder, saving new sessions through `io` (to test failing disks).
    pub fn with_io(self, io: Arc<dyn SaveIo>) -> Self {
        Store { io, ..self }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the app puts exports unless told otherwise: a folder of their own inside the data
    /// folder, so reports are never mistaken for reviews.
    pub fn exports_dir(&self) -> PathBuf {
        self.dir.join("exports")
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
            slug(&review.details.team)
        );
        for n in 1u32.. {
            let path = match n {
                1 => self.dir.join(format!("{stem}.json")),
                n => self.dir.join(format!("{stem}-{n}.json")),
            };
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
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
            match durable::create_new(&*self.io, &path, &bytes) {
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
    pub fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>> {
        list::list(&self.dir, scale)
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

    /// Opens a session for writing, saving through this store's I/O layer.
    pub fn open(&self, path: &Path) -> Result<(Session, Review), OpenError> {
        open_with_io(path, Arc::clone(&self.io))
    }
}

/// Opens a session for writing: takes the lock, then reads it.
pub fn open(path: &Path) -> Result<(Session, Review), OpenError> {
    open_with_io(path, Arc::new(RealIo))
}

/// [`open`], saving through `io` (to test failing disks).
pub fn open_with_io(path: &Path, io: Arc<dyn SaveIo>) -> Result<(Session, Review), OpenError> {
    metadata(path)?;
    let lock = lock::acquire(path).map_err(|error| match error {
        lock::LockError::Held(holder) => OpenError::Locked {
            path: path.to_path_buf(),
            holder,
        },
        lock::LockError::Io { path, source } => OpenError::Io { path, source },
    })?;
    let review = read(path)?;
    remove_stale_temps(path);
    let session = Session {
        path: path.to_path_buf(),
        _lock: lock,
        io,
    };
    Ok((session, review))
}

/// Reads a session without taking the lock (for summary, export and read-only viewing).
///
/// A file that cannot be read comes back as [`OpenError::Unreadable`], with its backup when
/// that one can be read (the way back), or why the backup cannot be read either.
pub fn read(path: &Path) -> Result<Review, OpenError> {
    load_bytes(path)
        .and_then(|bytes| decode_bytes(&bytes))
        .map_err(|failure| failure.into_open_error(path))
}

/// The bytes of a session file, refused if it is a folder or larger than [`MAX_FILE_BYTES`].
fn read_bytes(path: &Path) -> Result<Vec<u8>, OpenError> {
    load_bytes(path).map_err(|failure| failure.into_open_error(path))
}

/// The review in the bytes of the session file at `path`.
fn decode(path: &Path, bytes: &[u8]) -> Result<Review, OpenError> {
    decode_bytes(bytes).map_err(|failure| failure.into_open_error(path))
}

/// Why a file could not be loaded, before it is put in the words of an [`OpenError`].
enum Load {
    NotFound,
    Io(io::Error),
    Unreadable(String),
    Newer(u32),
}

impl Load {
    /// The error for `path`; an unreadable file points to its backup when that one can be read
    /// (the way back), or says why the backup cannot be read either.
    fn into_open_error(self, path: &Path) -> OpenError {
        match self {
            Load::NotFound => OpenError::NotFound {
                path: path.to_path_buf(),
            },
            Load::Io(source) => OpenError::Io {
                path: path.to_path_buf(),
                source,
            },
            Load::Newer(found) => OpenError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            },
            Load::Unreadable(problem) => {
                let backup = backup_path(path);
                let (backup, broken_backup) = match load_bytes(&backup)
                    .and_then(|bytes| decode_bytes(&bytes))
                {
                    Ok(_) => (Some(backup), None),
                    Err(Load::NotFound) => (None, None),
                    Err(Load::Unreadable(problem)) => (None, Some((backup, problem))),
                    Err(Load::Newer(found)) => (
                        None,
                        Some((
                            backup,
                            format!(
                                "it was written by a newer fidelity-review (session format {found})"
                            ),
                        )),
                    ),
                    Err(Load::Io(source)) => (None, Some((backup, source.to_string()))),
                };
                OpenError::Unreadable {
                    path: path.to_path_buf(),
                    problem,
                    backup,
                    broken_backup,
                }
            }
        }
    }
}

/// Reads one session file's bytes, refusing anything too large before reading it.
fn load_bytes(path: &Path) -> Result<Vec<u8>, Load> {
    let too_large = |size: u64| {
        Load::Unreadable(format!(
            "it is {} MB, and a session file is never larger than {} MB",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    let metadata = fs::metadata(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => Load::NotFound,
        _ => Load::Io(source),
    })?;
    if metadata.is_dir() {
        return Err(Load::Unreadable(
            "it is a folder, not a session file".into(),
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(Load::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The review in a session file's bytes.
fn decode_bytes(bytes: &[u8]) -> Result<Review, Load> {
    schema::decode(bytes).map_err(|problem| match problem {
        schema::Problem::Unreadable(problem) => Load::Unreadable(problem),
        schema::Problem::Newer(found) => Load::Newer(found),
    })
}

/// Where the previous good version of a session is kept.
pub fn backup_path(session: &Path) -> PathBuf {
    with_suffix(session, ".bak")
}

/// Where a recovery copy of a session is written after a crash.
pub fn recovery_path(session: &Path) -> PathBuf {
    with_suffix(session, ".recovery")
}

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{path} is a review file; an export never goes over one. Choose another name, e.g. one ending .md, .csv or .json outside the reviews"
    )]
    WouldOverwriteReview { path: PathBuf },
    #[error("{folder}: no such folder to export into")]
    NoFolder { folder: PathBuf },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// True when `path` is a session file (or a session's backup, lock or recovery copy): a file
/// an export must never replace.
pub fn is_review_file(path: &Path) -> bool {
    let sidecar = |session: &Path| {
        [
            backup_path(session),
            lock_path(session),
            recovery_path(session),
        ]
        .iter()
        .any(|p| p.exists())
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let session_of_sidecar = name.as_deref().and_then(|name| {
        [".bak", ".lock", ".recovery"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .map(|session| path.with_file_name(session))
    });
    path.is_file()
        && (sidecar(path)
            || session_of_sidecar.is_some_and(|session| session.is_file())
            || read(path).is_ok())
}

/// Writes an export (a report) to `path`, private to the user (0600) and durably. Refuses a
/// path that is a review file, and a folder that does not exist unless `create_folder`.
pub fn write_export(path: &Path, bytes: &[u8], create_folder: bool) -> Result<(), ExportError> {
    if is_review_file(path) {
        return Err(ExportError::WouldOverwriteReview {
            path: path.to_path_buf(),
        });
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if !create_folder && let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(ExportError::NoFolder {
            folder: folder.to_path_buf(),
        });
    }
    write_private_file(path, bytes)?;
    Ok(())
}

/// Writes `review` to the recovery file beside `session` (never over the session itself).
pub fn write_recovery(session: &Path, review: &Review) -> Result<PathBuf, SaveError> {
    let path = recovery_path(session);
    write_private_file(&path, &schema::encode(review))?;
    Ok(path)
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

    /// Saves durably. On error the file on disk is the previous good version.
    pub fn save(&mut self, review: &Review) -> Result<(), SaveError> {
        durable::replace(&*self.io, &self.path, &schema::encode(review), true)
    }
}

fn metadata(path: &Path) -> Result<fs::Metadata, OpenError> {
    fs::metadata(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => OpenError::NotFound {
            path: path.to_path_buf(),
        },
        _ => OpenError::Io {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// `path` with `suffix` added to its file name: `x.json` -> `x.json.bak`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
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

/// A file-name-safe form of a team name: lower-case ASCII letters and digits joined by `-`
/// (common accented letters lose their accents), at most 40 characters; `review` if nothing
/// is left.
fn slug(text: &str) -> String {
    const MAX: usize = 40;
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        if folded.is_empty() {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else if slug.len() + folded.len() <= MAX {
            slug.push_str(folded);
        } else {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "review".into()
    } else {
        slug.into()
    }
}

/// The ASCII letters for a lower-case letter or digit, or "" for anything else.
fn fold_accent(c: char) -> &'static str {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("çćč", "c"),
        ("èéêëēę", "e"),
        ("ìíîïī", "i"),
        ("ñń", "n"),
        ("òóôõöøō", "o"),
        ("ùúûüū", "u"),
        ("ýÿ", "y"),
        ("śš", "s"),
        ("źżž", "z"),
        ("ł", "l"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
    ];
    const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    if c.is_ascii_alphanumeric() {
        let i = ASCII.find(c).unwrap_or(0);
        return &ASCII[i..=i];
    }
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map_or("", |(_, to)| to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_lower_case_ascii() {
        assert_eq!(slug("North CRT"), "north-crt");
        assert_eq!(slug("  Équipe  Nord / Süd! "), "equipe-nord-sud");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("日本"), "review");
        assert_eq!(slug(""), "review");
        assert_eq!(slug(&"ab ".repeat(40)).len(), 40);
        assert!(!slug(&"ab ".repeat(40)).ends_with('-'));
    }

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
