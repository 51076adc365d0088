//! Reading a session file: its bytes (only from a regular file, never more than
//! [`MAX_FILE_BYTES`], never blocking), then the review in them, with the way back named when
//! it cannot be read.

use std::io::{self, Read};
use std::path::Path;

use super::files::{self, Refusal};
use super::{MAX_FILE_BYTES, OpenError, SCHEMA_VERSION, backup_path, schema};
use crate::review::Review;

/// Reads a session without taking the lock (for summary, export and read-only viewing).
///
/// A file that cannot be read comes back as [`OpenError::Unreadable`], with its backup when
/// that one can be read (the way back), or why the backup cannot be read either.
pub fn read(path: &Path) -> Result<Review, OpenError> {
    load_bytes(path)
        .and_then(|bytes| decode_bytes(&bytes))
        .map_err(|failure| failure.into_open_error(path))
}

/// [`read`], refusing a review whose final scores lie outside `scale`'s rating range (they
/// would be summed into a total no review can have), the item named.
pub fn read_for(path: &Path, scale: &crate::scale::Scale) -> Result<Review, OpenError> {
    let review = read(path)?;
    crate::review::limits::check_final_scores(&review.items, scale.rating)
        .map_err(|problem| Load::Unreadable(problem).into_open_error(path))?;
    Ok(review)
}

/// The bytes of a session file, refused if it is not a regular file or larger than
/// [`MAX_FILE_BYTES`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, OpenError> {
    load_bytes(path).map_err(|failure| failure.into_open_error(path))
}

/// The review in the bytes of the session file at `path`.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<Review, OpenError> {
    decode_bytes(bytes).map_err(|failure| failure.into_open_error(path))
}

/// Why a file could not be loaded, before it is put in the words of an [`OpenError`].
pub(crate) enum Load {
    NotFound,
    Io(io::Error),
    Unreadable(String),
    Newer(u32),
}

impl Load {
    /// The error for `path`; an unreadable file points to its backup when that one can be read
    /// (the way back), or says why the backup cannot be read either.
    pub(crate) fn into_open_error(self, path: &Path) -> OpenError {
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

/// Reads one session file's bytes, refusing anything but a regular file, and anything too
/// large before reading it.
pub(crate) fn load_bytes(path: &Path) -> Result<Vec<u8>, Load> {
    let too_large = |size: u64| {
        Load::Unreadable(format!(
            "it is {} MB, and a session file is never larger than {} MB",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    let (file, metadata) = files::open_to_read(path).map_err(|refusal| match refusal {
        Refusal::Io(source) if source.kind() == io::ErrorKind::NotFound => Load::NotFound,
        Refusal::Io(source) => Load::Io(source),
        Refusal::NotRegular(kind) => Load::Unreadable(format!("it is {kind}, not a session file")),
        Refusal::OtherNames(names) => Load::Unreadable(format!("it has {names} names")),
    })?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Load::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The review in a session file's bytes.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Result<Review, Load> {
    schema::decode(bytes).map_err(|problem| match problem {
        schema::Problem::Unreadable(problem) => Load::Unreadable(problem),
        schema::Problem::Newer(found) => Load::Newer(found),
    })
}
