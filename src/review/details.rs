//! Changing who and what is reviewed after the review is started: each changed detail is
//! logged, all of them one step, so an undo takes the whole change back.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{Change, Details, Field, Review};

impl Review {
    /// Puts `details` in place of the review's; returns whether anything changed.
    pub fn set_details(&mut self, details: Details, now: DateTime<Utc>) -> bool {
        let old = std::mem::replace(&mut self.details, details);
        let new = self.details.clone();
        let changes = [
            (Field::Team, old.team, new.team),
            (Field::Organisation, old.organisation, new.organisation),
            (Field::Date, old.date.to_string(), new.date.to_string()),
            (
                Field::Reviewers,
                old.reviewers.join(", "),
                new.reviewers.join(", "),
            ),
            (
                Field::Kind,
                old.kind.label().to_owned(),
                new.kind.label().to_owned(),
            ),
        ];
        let mut first = true;
        for (field, old, new) in changes {
            if old == new {
                continue;
            }
            self.record(now, None, None, field, old, new);
            if let Some(last) = self.log.last_mut() {
                last.with_previous = !first;
            }
            first = false;
        }
        !first
    }

    /// Puts a detail back as a log entry had it before (for undo); false if `change` is not
    /// about the details.
    pub(super) fn put_detail(&mut self, change: &Change) -> bool {
        let old = change.old.as_str();
        let details = &mut self.details;
        match change.field {
            Field::Team => old.clone_into(&mut details.team),
            Field::Organisation => old.clone_into(&mut details.organisation),
            Field::Date => {
                if let Ok(date) = old.parse::<NaiveDate>() {
                    details.date = date;
                }
            }
            Field::Reviewers => {
                details.reviewers = old
                    .split(", ")
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            Field::Kind => {
                if let Ok(kind) = old.parse() {
                    details.kind = kind;
                }
            }
            _ => return false,
        }
        true
    }
}
