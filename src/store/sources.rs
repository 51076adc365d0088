//! Reading the reviewer copies a consensus is made of, with the hash of each file as read, and
//! checking later whether a source has changed since. Sources are only ever read.

use std::path::Path;

use super::OpenError;
use super::load::{decode, read_bytes};
use crate::review::Review;
use crate::review::consensus::{SourceReview, sha256_hex};

/// Reads a reviewer copy (without the lock: it is not written) and hashes its bytes.
pub fn read_source(path: &Path) -> Result<SourceReview, OpenError> {
    let bytes = read_bytes(path)?;
    let review = decode(path, &bytes)?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(SourceReview {
        id,
        path: path.display().to_string(),
        sha256: sha256_hex(&bytes),
        review,
    })
}

/// How a consensus review's source file stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceState {
    /// The file is as it was read.
    Unchanged,
    /// The file was changed since: it can be read again ([`Review::reread_source`]).
    Changed,
    /// The file is gone (the copy in the consensus review still stands).
    Missing,
    /// The file cannot be read, and why.
    Unreadable(String),
}

/// The state of each source of a consensus review, in the order of its sources (empty for a
/// review that is not a consensus).
pub fn check_sources(review: &Review) -> Vec<SourceState> {
    let Some(consensus) = &review.consensus else {
        return Vec::new();
    };
    consensus
        .sources
        .iter()
        .map(|source| match read_bytes(Path::new(&source.path)) {
            Ok(bytes) if source.is_unchanged(&bytes) => SourceState::Unchanged,
            Ok(_) => SourceState::Changed,
            Err(OpenError::NotFound { .. }) => SourceState::Missing,
            Err(error) => SourceState::Unreadable(error.to_string()),
        })
        .collect()
}
