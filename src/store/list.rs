//! Listing the sessions in a data folder, readable or not.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Listing, ListingInfo, OpenError, load, schema};
use crate::review::{Details, ItemRecord, ItemScore, Progress, limits};
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
        let entry = listing_info(&path, scale).map_err(|error| reason(&error));
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

/// What the listing shows of the session at `path`. A file in the current format is read for
/// its headline only, passing over the change log (most of a long review's file); any other is
/// read whole, to migrate it or to say what is wrong with it. So a file damaged only inside the
/// parts passed over is listed as readable; opening it says what is wrong.
///
/// Final scores are checked against the scale's rating range: a file with one outside it is
/// listed as unreadable, with the item named.
fn listing_info(path: &Path, scale: &Scale) -> Result<ListingInfo, OpenError> {
    let bytes = load::read_bytes(path)?;
    let checked = |items: &BTreeMap<u16, ItemRecord>| {
        limits::check_final_scores(items, scale.rating)
            .map_err(|problem| load::Load::Unreadable(problem).into_open_error(path))
    };
    if let Some(headline) = schema::decode_headline(&bytes) {
        checked(&headline.items)?;
        return Ok(info(
            &headline.details,
            &headline.items,
            headline.updated,
            scale,
        ));
    }
    let review = load::decode(path, &bytes)?;
    checked(&review.items)?;
    Ok(info(&review.details, &review.items, review.updated, scale))
}

fn info(
    details: &Details,
    items: &BTreeMap<u16, ItemRecord>,
    updated: DateTime<Utc>,
    scale: &Scale,
) -> ListingInfo {
    let progress: Vec<Progress> = scale
        .items
        .iter()
        .map(|item| ItemScore::of(item, items.get(&item.number)).progress())
        .collect();
    let count = |p: Progress| progress.iter().filter(|&&q| q == p).count();
    let rated = scale
        .items
        .iter()
        .filter(|item| ItemScore::of(item, items.get(&item.number)).score.is_some())
        .count();
    let partly = count(Progress::Partly);
    ListingInfo {
        team: details.team.clone(),
        date: details.date,
        kind: details.kind,
        rated,
        partly,
        items: scale.items.len(),
        updated,
    }
}

/// Why a file is not readable, in a few words (the listing already names the file).
pub(super) fn reason(error: &OpenError) -> String {
    match error {
        OpenError::Unreadable { problem, .. } => problem.clone(),
        OpenError::NewerSchema { found, .. } => {
            format!("written by a newer fidelity-review (session format {found})")
        }
        OpenError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Review;
    use crate::scale::pack;

    fn mini() -> Scale {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
        pack::load_dir(&dir).unwrap()
    }

    /// A review of the mini pack with item 1 settled (3 of 4 criteria met) and a long log.
    fn review(scale: &Scale) -> Review {
        let details = Details {
            team: "North CRT".into(),
            organisation: String::new(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            reviewers: Vec::new(),
            kind: crate::review::ReviewKind::External,
        };
        let at = |minute| {
            "2026-11-23T09:00:00Z".parse::<DateTime<Utc>>().unwrap()
                + chrono::Duration::minutes(minute)
        };
        let mut review = Review::new(scale, details, at(0));
        for (minute, id) in ["a", "b", "c"].into_iter().enumerate() {
            review.set_finding(1, id, crate::review::Finding::Met, at(minute as i64 + 1));
        }
        review.set_finding(1, "d", crate::review::Finding::NotMet, at(4));
        for minute in 5..50 {
            review.toggle_flag(2, at(minute));
        }
        review
    }

    #[test]
    fn the_headline_gives_what_the_whole_file_gives() {
        let scale = mini();
        let temp = tempfile::tempdir().unwrap();
        let review = review(&scale);
        let path = temp.path().join("a.json");
        std::fs::write(&path, schema::encode(&review)).unwrap();
        let listed = listing_info(&path, &scale).unwrap();
        assert_eq!(
            listed,
            info(&review.details, &review.items, review.updated, &scale)
        );
        assert_eq!((listed.rated, listed.items), (1, 3));

        // Written some other way (compact, keys in another order): read whole, same headline.
        let mut value = serde_json::to_value(&review).unwrap();
        value["schema_version"] = 1.into();
        let other = temp.path().join("b.json");
        std::fs::write(&other, serde_json::to_vec(&value).unwrap()).unwrap();
        assert_eq!(listing_info(&other, &scale).unwrap(), listed);
    }

    #[test]
    fn a_file_damaged_only_in_its_change_log_is_listed_and_refused_on_opening() {
        let scale = mini();
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("a.json");
        let text = String::from_utf8(schema::encode(&review(&scale))).unwrap();
        let damaged = text.replacen("\"field\": \"flag\"", "\"field\": 5", 1);
        assert_ne!(damaged, text);
        std::fs::write(&path, damaged).unwrap();
        assert_eq!(listing_info(&path, &scale).unwrap().rated, 1);
        assert!(super::super::read(&path).is_err());

        // A key given twice where the listing reads is refused on listing too.
        for (twice, named) in [
            (
                text.replacen("\"criteria\": {", "\"criteria\": {\n\"a\": {},", 1),
                "\"a\"",
            ),
            (
                text.replacen("\"updated\"", "\"schema_version\": 9,\n  \"updated\"", 1),
                "\"schema_version\"",
            ),
        ] {
            std::fs::write(&path, &twice).unwrap();
            let Err(OpenError::Unreadable { problem, .. }) = listing_info(&path, &scale) else {
                panic!("listed: {twice}");
            };
            assert!(problem.contains(named), "{problem}");
        }

        let cut = &text.as_bytes()[..text.len() / 2];
        std::fs::write(&path, cut).unwrap();
        assert!(listing_info(&path, &scale).is_err());
    }
}
