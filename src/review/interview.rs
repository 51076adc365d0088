//! How the reviewer works through an interview day: whether rating moves on to the next
//! criterion, and finding what is still to rate or unsure, across items.
//!
//! Kept in the review file, with serde defaults, so files written before read as they were.

use serde::{Deserialize, Serialize};

use super::model::{Finding, Review};
use crate::scale::Scale;

/// The reviewer's way of working on this review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Working {
    /// After a finding, the cursor goes to the next criterion.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub move_on: bool,
    /// The evidence source being interviewed now (its code): findings and notes made while it
    /// is set are tagged with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Working {
    pub fn is_default(&self) -> bool {
        *self == Working::default()
    }
}

/// A place in the scale: an item and the index of one of its criteria (0 for an item rated
/// directly).
pub type Place = (u16, usize);

/// True when the criterion (or item rated directly) at `place` is still to rate or unsure.
pub fn is_open(scale: &Scale, review: &Review, place: Place) -> bool {
    let Some(item) = scale.item(place.0) else {
        return false;
    };
    match item.criteria.get(place.1) {
        Some(criterion) => matches!(
            review.finding(item.number, &criterion.id),
            Finding::NotRated | Finding::Unsure
        ),
        None => {
            item.criteria.is_empty()
                && review
                    .item(item.number)
                    .is_none_or(|r| r.final_score.is_none())
        }
    }
}

/// Every place of the scale, in order.
fn places(scale: &Scale) -> Vec<Place> {
    scale
        .items
        .iter()
        .flat_map(|item| (0..item.criteria.len().max(1)).map(move |c| (item.number, c)))
        .collect()
}

/// The next place after `from` (or before it, `forward` false) that is still to rate or
/// unsure, going round the end of the scale; `None` when there is none but `from` itself.
pub fn next_open(scale: &Scale, review: &Review, from: Place, forward: bool) -> Option<Place> {
    let places = places(scale);
    let at = places.iter().position(|&p| p == from).unwrap_or(0);
    let n = places.len();
    (1..n)
        .map(|step| {
            if forward {
                places[(at + step) % n]
            } else {
                places[(at + n - step) % n]
            }
        })
        .find(|&place| is_open(scale, review, place))
}

/// The criteria found unsure, as `(item, criterion id)`, in scale order: what to chase.
pub fn unsure(scale: &Scale, review: &Review) -> Vec<(u16, String)> {
    scale
        .items
        .iter()
        .flat_map(|item| {
            item.criteria
                .iter()
                .filter(move |c| review.finding(item.number, &c.id) == Finding::Unsure)
                .map(move |c| (item.number, c.id.clone()))
        })
        .collect()
}

impl Review {
    /// Tags the criterion (or, with `None`, the item rated directly) with the source being
    /// interviewed, as part of the change just made: undoing that change takes the tag back
    /// too. Returns whether a tag was added.
    pub fn tag_with_current_source(
        &mut self,
        item: u16,
        criterion: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        let Some(code) = self.working.source.clone() else {
            return false;
        };
        let mut codes = self.sources(item, criterion).to_vec();
        if codes.contains(&code) {
            return false;
        }
        codes.push(code);
        let had_step = !self.log.is_empty();
        let changed = self.set_sources(item, criterion, &codes, now);
        if changed
            && had_step
            && let Some(last) = self.log.last_mut()
        {
            last.with_previous = true;
        }
        changed
    }
}

/// Criteria as `(item, id)`, an item rated directly as `(item, "")`.
pub type Places = Vec<(u16, String)>;

/// The places backed by `code`, and those not yet, in scale order.
pub fn coverage(scale: &Scale, review: &Review, code: &str) -> (Places, Places) {
    let mut backed = Vec::new();
    let mut not_yet = Vec::new();
    for item in &scale.items {
        let ids: Vec<Option<&str>> = if item.criteria.is_empty() {
            vec![None]
        } else {
            item.criteria.iter().map(|c| Some(c.id.as_str())).collect()
        };
        for id in ids {
            let place = (item.number, id.unwrap_or("").to_owned());
            if review.sources(item.number, id).iter().any(|c| c == code) {
                backed.push(place);
            } else {
                not_yet.push(place);
            }
        }
    }
    (backed, not_yet)
}

/// The items whose findings rest on one evidence source only: every rated criterion (or the
/// item rated directly) has sources, and they are all the same one.
pub fn single_source(scale: &Scale, review: &Review) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    for item in &scale.items {
        let mut codes: Vec<&String> = if item.criteria.is_empty() {
            review.sources(item.number, None).iter().collect()
        } else {
            item.criteria
                .iter()
                .filter(|c| review.finding(item.number, &c.id) != Finding::NotRated)
                .flat_map(|c| review.sources(item.number, Some(&c.id)))
                .collect()
        };
        codes.sort();
        codes.dedup();
        if let [one] = codes.as_slice() {
            out.push((item.number, (*one).clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::review::{Details, ReviewKind};

    fn setup() -> (Scale, Review) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
        let scale = crate::scale::pack::load_dir(&dir).unwrap();
        let details = Details {
            team: "T".to_owned(),
            organisation: String::new(),
            date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
            reviewers: Vec::new(),
            kind: ReviewKind::External,
        };
        let now = Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap();
        let review = Review::new(&scale, details, now);
        (scale, review)
    }

    #[test]
    fn the_next_open_place_skips_what_is_rated_and_goes_round() {
        let (scale, mut review) = setup();
        let now = review.created;
        review.set_finding(1, "b", Finding::Met, now);
        review.set_finding(1, "c", Finding::Unsure, now);
        assert_eq!(next_open(&scale, &review, (1, 0), true), Some((1, 2)));
        assert_eq!(next_open(&scale, &review, (1, 2), false), Some((1, 0)));
        // Item 3 is rated directly: open until it has a score.
        assert_eq!(next_open(&scale, &review, (3, 0), true), Some((1, 0)));
        assert_eq!(unsure(&scale, &review), [(1, "c".to_owned())]);
    }

    #[test]
    fn the_source_being_interviewed_tags_what_is_found_as_one_step() {
        let (scale, mut review) = setup();
        let now = review.created;
        review.working.source = Some("S".to_owned());
        review.set_finding(1, "a", Finding::Met, now);
        assert!(review.tag_with_current_source(1, Some("a"), now));
        assert!(!review.tag_with_current_source(1, Some("a"), now), "once");
        assert_eq!(review.sources(1, Some("a")), ["S"]);
        review.undo(now);
        assert_eq!(review.finding(1, "a"), Finding::NotRated);
        assert!(
            review.sources(1, Some("a")).is_empty(),
            "the tag went with it"
        );

        review.set_finding(1, "a", Finding::Met, now);
        review.tag_with_current_source(1, Some("a"), now);
        let (backed, not_yet) = coverage(&scale, &review, "S");
        assert_eq!(backed, [(1, "a".to_owned())]);
        assert!(not_yet.contains(&(3, String::new())));
        assert_eq!(single_source(&scale, &review), [(1, "S".to_owned())]);
    }
}
