//! Evidence sources: which interviews and records back a criterion, or an item rated directly.

use chrono::{DateTime, Utc};

use super::model::{Field, Review};

impl Review {
    /// The evidence sources of a criterion, or with `criterion: None` of the item itself (an
    /// item rated directly has no criteria to carry them).
    pub fn sources(&self, item: u16, criterion: Option<&str>) -> &[String] {
        match criterion {
            Some(id) => self
                .criterion(item, id)
                .map_or(&[], |c| c.sources.as_slice()),
            None => self.item(item).map_or(&[], |r| r.sources.as_slice()),
        }
    }

    /// Makes the sources of a criterion (or, with `None`, of the item) exactly `codes`, sorted
    /// and without repeats. Returns whether anything changed; a change is logged.
    pub fn set_sources(
        &mut self,
        item: u16,
        criterion: Option<&str>,
        codes: &[String],
        now: DateTime<Utc>,
    ) -> bool {
        let mut codes = codes.to_vec();
        codes.sort();
        codes.dedup();
        let slot = match criterion {
            Some(id) => &mut self.criterion_mut(item, id).sources,
            None => &mut self.items.entry(item).or_default().sources,
        };
        if *slot == codes {
            return false;
        }
        let old = std::mem::replace(slot, codes).join(",");
        let new = self.sources(item, criterion).join(",");
        self.record(now, Some(item), criterion, Field::Sources, old, new);
        true
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::review::{Details, ReviewKind};

    fn review() -> (Review, DateTime<Utc>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
        let scale = crate::scale::pack::load_dir(&dir).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap();
        let details = Details {
            team: "T".to_owned(),
            organisation: String::new(),
            date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
            reviewers: Vec::new(),
            kind: ReviewKind::External,
        };
        (Review::new(&scale, details, now), now)
    }

    #[test]
    fn sources_are_set_sorted_once_each_and_logged() {
        let (mut review, now) = review();
        let codes = ["S", "M", "S"].map(str::to_owned);
        assert!(review.set_sources(1, Some("a"), &codes, now));
        assert_eq!(review.sources(1, Some("a")), ["M", "S"]);
        assert!(!review.set_sources(1, Some("a"), &codes, now), "no change");
        let last = review.log.last().unwrap();
        assert_eq!(
            (last.field, last.old.as_str(), last.new.as_str()),
            (Field::Sources, "", "M,S")
        );
    }

    #[test]
    fn an_item_rated_directly_keeps_its_own_sources() {
        let (mut review, now) = review();
        assert!(review.set_sources(3, None, &["M".to_owned()], now));
        assert_eq!(review.sources(3, None), ["M"]);
        assert_eq!(review.log.last().unwrap().criterion, None);
    }
}
