//! Reading only what the programme view needs of a session: its scale, team, dates, findings
//! and final scores. The change log, the cursor and every note are passed over unread (serde
//! skips fields a struct does not name, as `IgnoredAny`, checking only that they are JSON), so
//! a thousand long reviews cost little more than their bytes.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{OpenError, schema};
use crate::review::{CriterionRecord, Finding, ItemRecord, Review, ScaleRef, Scorecard};

#[derive(Deserialize)]
struct Slim {
    scale: ScaleRef,
    details: SlimDetails,
    #[serde(default)]
    items: BTreeMap<u16, SlimItem>,
    updated: DateTime<Utc>,
}

#[derive(Deserialize)]
struct SlimDetails {
    team: String,
    date: NaiveDate,
}

#[derive(Deserialize)]
struct SlimItem {
    #[serde(default)]
    criteria: BTreeMap<String, SlimCriterion>,
    #[serde(default)]
    final_score: Option<u8>,
}

#[derive(Deserialize)]
struct SlimCriterion {
    #[serde(default)]
    finding: Finding,
}

/// The scores of the session at `path`, read once. A file in the current format is read for
/// its scores only; any other is read whole, to migrate it or to say what is wrong with it.
pub fn read_scores(path: &Path) -> Result<Scorecard, OpenError> {
    let bytes = super::load::read_bytes(path)?;
    let label = path.display().to_string();
    if schema::in_current_format(&bytes)
        && let Ok(slim) = serde_json::from_slice::<Slim>(&bytes)
    {
        return Ok(Scorecard {
            path: label,
            scale: slim.scale,
            team: slim.details.team,
            date: slim.details.date,
            updated: slim.updated,
            items: slim
                .items
                .into_iter()
                .map(|(number, item)| (number, record(item)))
                .collect(),
        });
    }
    let review = super::load::decode(path, &bytes)?;
    Ok(scorecard(label, review))
}

/// A whole review as a scorecard, its notes left behind.
fn scorecard(path: String, review: Review) -> Scorecard {
    Scorecard {
        path,
        scale: review.scale,
        team: review.details.team,
        date: review.details.date,
        updated: review.updated,
        items: review
            .items
            .into_iter()
            .map(|(number, item)| {
                let criteria = item
                    .criteria
                    .into_iter()
                    .map(|(id, c)| (id, SlimCriterion { finding: c.finding }))
                    .collect();
                let slim = SlimItem {
                    criteria,
                    final_score: item.final_score,
                };
                (number, record(slim))
            })
            .collect(),
    }
}

fn record(item: SlimItem) -> ItemRecord {
    ItemRecord {
        criteria: item
            .criteria
            .into_iter()
            .map(|(id, c)| {
                let record = CriterionRecord {
                    finding: c.finding,
                    ..CriterionRecord::default()
                };
                (id, record)
            })
            .collect(),
        final_score: item.final_score,
        ..ItemRecord::default()
    }
}

/// Why a file could not be read, in a few words (the caller names the file).
pub fn why_unreadable(error: &OpenError) -> String {
    super::list::reason(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Details, ReviewKind};
    use crate::scale::pack;

    #[test]
    fn the_slim_read_gives_what_the_whole_read_gives() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
        let scale = pack::load_dir(&dir).unwrap();
        let at = "2026-11-23T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let details = Details {
            team: "North CRT".into(),
            organisation: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            reviewers: Vec::new(),
            kind: ReviewKind::External,
        };
        let mut review = Review::new(&scale, details, at);
        review.set_finding(1, "a", Finding::Met, at);
        review.set_note(1, "a", "a long note", at);
        review.set_item_note(2, "more notes", at);
        review.set_final_score(&scale, 3, Some(4), "", at).unwrap();
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("a.json");
        std::fs::write(&path, schema::encode(&review)).unwrap();
        let slim = read_scores(&path).unwrap();
        assert_eq!(slim, scorecard(path.display().to_string(), review.clone()));
        assert_eq!(slim.items[&1].criteria["a"].finding, Finding::Met);
        assert_eq!(slim.items[&3].final_score, Some(4));
        assert!(slim.items[&1].criteria["a"].note.is_empty());

        // Written some other way (compact): read whole, same scores.
        let mut value = serde_json::to_value(&review).unwrap();
        value["schema_version"] = 1.into();
        std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
        assert_eq!(read_scores(&path).unwrap(), slim);
    }
}
