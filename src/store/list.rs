//! Listing the sessions in a data folder, readable or not.

use std::io;
use std::path::Path;

use super::{Listing, ListingInfo, OpenError};
use crate::review::{ItemScore, Review};
use crate::scale::Scale;

/// Every `*.json` file in `dir` (hidden files, backups, locks, recovery and temp files are
/// not sessions), newest change first, unreadable files last. A missing folder lists nothing.
pub(crate) fn list(dir: &Path, scale: &Scale) -> io::Result<Vec<Listing>> {
    let entries = match dir.read_dir() {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut listings = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') || !name.ends_with(".json") {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            continue;
        }
        let entry = super::read(&path)
            .map(|review| info(&review, scale))
            .map_err(|error| reason(&error));
        listings.push(Listing { path, entry });
    }
    listings.sort_by(|a, b| match (&a.entry, &b.entry) {
        (Ok(a_info), Ok(b_info)) => b_info
            .updated
            .cmp(&a_info.updated)
            .then_with(|| a.path.cmp(&b.path)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.path.cmp(&b.path),
    });
    Ok(listings)
}

fn info(review: &Review, scale: &Scale) -> ListingInfo {
    let rated = scale
        .items
        .iter()
        .filter(|item| {
            ItemScore::of(item, review.item(item.number))
                .score
                .is_some()
        })
        .count();
    ListingInfo {
        team: review.details.team.clone(),
        date: review.details.date,
        kind: review.details.kind,
        rated,
        items: scale.items.len(),
        updated: review.updated,
    }
}

/// Why a file is not readable, in a few words (the listing already names the file).
fn reason(error: &OpenError) -> String {
    match error {
        OpenError::Unreadable { problem, .. } => problem.clone(),
        OpenError::NewerSchema { found, .. } => {
            format!("written by a newer fidelity-review (session format {found})")
        }
        OpenError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}
