//! Writing files that are not sessions: exports (reports) and recovery copies. An export never
//! goes over a review, and never replaces anything but a regular file.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::files::{self, kind_of};
use super::{
    ExportError, MAX_FILE_BYTES, OpenError, SaveError, SaveStep, backup_path, durable, lock_path,
    read, recovery_path, schema, write_private_file,
};
use crate::review::Review;

/// How much of a file's start is looked at to tell a review by its content.
const PROBE_BYTES: u64 = 64 * 1024;

/// True when `path` is a session file (or a session's backup, lock or recovery copy): a file
/// an export must never replace. A review is known by the files beside it, and by its content
/// alone: a damaged review, or one from a newer version, with nothing beside it is still one.
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
            || looks_like_review(path)
            || matches!(read(path), Ok(_) | Err(OpenError::NewerSchema { .. })))
}

/// Whether the file's start reads like a session file, damaged or not: a JSON object with a
/// `schema_version` key near the top. (A report's JSON never has one: notes in it are strings,
/// whose quotes are escaped.)
fn looks_like_review(path: &Path) -> bool {
    let Ok((file, _)) = files::open_to_read(path) else {
        return false;
    };
    let mut start = Vec::new();
    if file.take(PROBE_BYTES).read_to_end(&mut start).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&start);
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    text.starts_with('{')
        && text.match_indices("\"schema_version\"").any(|(at, key)| {
            text[at + key.len()..]
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .starts_with(':')
        })
}

/// Writes an export (a report) to `path`, private to the user (0600) and durably. Refuses a
/// path that is a review file or anything but a regular file (a link, a device, a pipe), and a
/// folder that does not exist unless `create_folder`. Temp files that killed exports left in
/// the folder are removed first.
pub fn write_export(path: &Path, bytes: &[u8], create_folder: bool) -> Result<(), ExportError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            return Err(ExportError::NotARegularFile {
                path: path.to_path_buf(),
                kind: kind_of(metadata.file_type()),
            });
        }
        _ => {}
    }
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
    if let Some(name) = path.file_name().and_then(|name| name.to_str()) {
        files::remove_stale_temps(durable::folder_of(path), Some(name));
    }
    write_private_file(path, bytes)?;
    Ok(())
}

/// Writes `review` to the recovery file beside `session` (never over the session itself).
pub fn write_recovery(session: &Path, review: &Review) -> Result<PathBuf, SaveError> {
    let path = recovery_path(session);
    let bytes = schema::encode(review);
    refuse_too_large(&path, &bytes)?;
    write_private_file(&path, &bytes)?;
    Ok(path)
}

/// A review that would make a file larger than the reader reads is not written: what the app
/// saves, it can open.
pub(crate) fn refuse_too_large(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    if bytes.len() as u64 <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(SaveError {
        path: path.to_path_buf(),
        step: SaveStep::Write,
        source: io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "the review would be {} MB, and a review file is never larger than {} MB; shorten the longest notes",
                (bytes.len() as u64).div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ),
    })
}
