//! Undo and redo, from the change log.
//!
//! Every change is in [`Review::log`] with its old and new value, so the log alone says what
//! can be taken back, in this session or after the review is reopened. An undo puts the old
//! values back and appends entries that say so (`reverts` names the step undone); a redo takes
//! an undo back the same way. Nothing in the log is removed.
//!
//! A step is an entry and those after it marked `with_previous` (a final score and its
//! rationale). Reading the log in order: a new step is done and clears what could be redone;
//! an undo moves the step it reverts from done to undone; a redo moves it back. Creating the
//! review and restoring a recovery file start afresh: nothing before them is undone.

use chrono::{DateTime, Utc};

use super::model::{Change, Field, Finding, Review};

/// What an undo or redo did, for the person to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reverted {
    /// Where: `item 1 a`, `item 3`.
    pub place: String,
    /// What changed there, in a few words: `finding back to not rated`.
    pub what: String,
}

impl std::fmt::Display for Reverted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.what)
    }
}

/// The steps that can be undone (oldest first) and redone (next first last), as the indices
/// of their first entries; an undo or redo step is named by the entries it appended.
struct Stacks {
    done: Vec<usize>,
    undone: Vec<usize>,
}

/// The first entry of each step, with the step's entries.
fn steps(log: &[Change]) -> Vec<std::ops::Range<usize>> {
    let mut steps: Vec<std::ops::Range<usize>> = Vec::new();
    for (index, change) in log.iter().enumerate() {
        match steps.last_mut() {
            Some(step) if change.with_previous && step.end == index => step.end = index + 1,
            _ => steps.push(index..index + 1),
        }
    }
    steps
}

fn stacks(log: &[Change]) -> Stacks {
    let mut stacks = Stacks {
        done: Vec::new(),
        undone: Vec::new(),
    };
    for step in steps(log) {
        let first = &log[step.start];
        match (first.field, first.reverts) {
            // What undo cannot take back starts the history afresh: a review made or
            // restored, a source read again, the recommendations and the method counts.
            (
                Field::Created
                | Field::Restored
                | Field::SourceReread
                | Field::Recommendation
                | Field::RecommendationStatus
                | Field::Owner
                | Field::TargetDate
                | Field::MethodCount,
                _,
            ) => {
                stacks.done.clear();
                stacks.undone.clear();
            }
            (_, None) => {
                stacks.done.push(step.start);
                stacks.undone.clear();
            }
            (_, Some(reverted)) => {
                // An undo reverts a done step; a redo reverts an undo.
                if stacks.done.last() == Some(&reverted) {
                    stacks.done.pop();
                    stacks.undone.push(step.start);
                } else if stacks.undone.last() == Some(&reverted) {
                    stacks.undone.pop();
                    stacks.done.push(step.start);
                }
            }
        }
    }
    stacks
}

impl Review {
    /// True when there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !stacks(&self.log).done.is_empty()
    }

    /// True when there is an undo to take back.
    pub fn can_redo(&self) -> bool {
        !stacks(&self.log).undone.is_empty()
    }

    /// Undoes the last change not undone yet; `None` when there is none.
    pub fn undo(&mut self, now: DateTime<Utc>) -> Option<Reverted> {
        let step = *stacks(&self.log).done.last()?;
        self.revert(step, now)
    }

    /// Takes back the last undo, when nothing has changed since; `None` when there is none.
    pub fn redo(&mut self, now: DateTime<Utc>) -> Option<Reverted> {
        let step = *stacks(&self.log).undone.last()?;
        self.revert(step, now)
    }

    /// Puts back the old values of the step starting at `start`, last entry first, and logs
    /// each as reverting it.
    fn revert(&mut self, start: usize, now: DateTime<Utc>) -> Option<Reverted> {
        let range = steps(&self.log).into_iter().find(|s| s.start == start)?;
        let entries: Vec<Change> = self.log[range].to_vec();
        let mut said = None;
        for (n, change) in entries.iter().rev().enumerate() {
            self.put(change);
            self.record(
                now,
                change.item,
                change.criterion.as_deref(),
                change.field,
                change.new.clone(),
                change.old.clone(),
            );
            if let Some(last) = self.log.last_mut() {
                last.reverts = Some(start);
                last.with_previous = n > 0;
                last.quick = change.quick;
            }
            // The first entry of the step says what the step was.
            said = Some(describe(change));
        }
        said
    }

    /// Sets the field `change` touched back to its old value.
    fn put(&mut self, change: &Change) {
        if let Some(at) = change.quick {
            return self.put_quick(change.field, at, &change.old);
        }
        if self.put_detail(change) {
            return;
        }
        let Some(item) = change.item else { return };
        let old = change.old.as_str();
        match (change.field, change.criterion.as_deref()) {
            (Field::Finding, Some(id)) => {
                self.criterion_mut(item, id).finding = finding(old);
            }
            (Field::Note, Some(id)) => old.clone_into(&mut self.criterion_mut(item, id).note),
            (Field::Sources, Some(id)) => self.criterion_mut(item, id).sources = codes(old),
            (Field::Sources, None) => self.items.entry(item).or_default().sources = codes(old),
            (Field::ItemNote, _) => old.clone_into(&mut self.items.entry(item).or_default().note),
            (Field::FinalScore, _) => {
                self.items.entry(item).or_default().final_score = old.parse().ok();
            }
            (Field::Rationale, _) => {
                old.clone_into(&mut self.items.entry(item).or_default().rationale);
            }
            (Field::Flag, _) => self.items.entry(item).or_default().flagged = old == "true",
            (Field::Feedback, _) => {
                old.clone_into(&mut self.items.entry(item).or_default().feedback);
            }
            _ => {}
        }
    }
}

fn finding(label: &str) -> Finding {
    [Finding::Met, Finding::NotMet, Finding::Unsure]
        .into_iter()
        .find(|f| f.label() == label)
        .unwrap_or(Finding::NotRated)
}

fn codes(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What putting back `change`'s old value does, in words.
fn describe(change: &Change) -> Reverted {
    let place = match (change.item, change.criterion.as_deref()) {
        _ if change.quick.is_some() => "the review".to_owned(),
        (None, _) if change.field != Field::Restored => "the review".to_owned(),
        (Some(item), Some(id)) => format!("item {item} {id}"),
        (Some(item), None) => format!("item {item}"),
        _ => "the review".to_owned(),
    };
    let old = change.old.as_str();
    let what = match change.field {
        Field::Finding => format!("finding back to {old}"),
        Field::Note | Field::ItemNote if old.is_empty() => "note taken out".to_owned(),
        Field::Note | Field::ItemNote => "note back as it was".to_owned(),
        Field::Sources if old.is_empty() => "no sources again".to_owned(),
        Field::Sources => format!("sources back to {}", old.replace(',', " ")),
        Field::FinalScore if old.is_empty() => "final score taken back".to_owned(),
        Field::FinalScore => format!("final score back to {old}"),
        Field::Rationale if old.is_empty() => "rationale taken out".to_owned(),
        Field::Rationale => "rationale back as it was".to_owned(),
        Field::Flag if old == "true" => "flagged again".to_owned(),
        Field::Flag => "flag cleared".to_owned(),
        Field::QuickNote if old.is_empty() => "quick note taken out".to_owned(),
        Field::QuickNote => "quick note back as it was".to_owned(),
        Field::QuickNotePlace if old.is_empty() => "quick note back at review level".to_owned(),
        Field::QuickNotePlace => format!("quick note back at {old}"),
        Field::Team | Field::Organisation | Field::Date | Field::Reviewers | Field::Kind => {
            format!(
                "details back as they were ({})",
                if old.is_empty() { "–" } else { old }
            )
        }
        Field::Feedback if old.is_empty() => "feedback taken out".to_owned(),
        Field::Feedback => "feedback back as it was".to_owned(),
        Field::Created
        | Field::Restored
        | Field::SourceReread
        | Field::Recommendation
        | Field::RecommendationStatus
        | Field::Owner
        | Field::TargetDate
        | Field::MethodCount => "nothing".to_owned(),
    };
    Reverted { place, what }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::review::{Details, ReviewKind};
    use crate::scale::Scale;

    fn scale() -> Scale {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
        crate::scale::pack::load_dir(&dir).unwrap()
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 9, minute, 0).unwrap()
    }

    fn review(scale: &Scale) -> Review {
        let details = Details {
            team: "T".to_owned(),
            organisation: String::new(),
            date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
            reviewers: Vec::new(),
            kind: ReviewKind::External,
        };
        Review::new(scale, details, at(0))
    }

    #[test]
    fn undo_takes_back_changes_last_first_and_redo_puts_them_again() {
        let scale = scale();
        let mut review = review(&scale);
        assert!(!review.can_undo(), "creating the review is not undone");
        review.set_finding(1, "a", Finding::Met, at(1));
        review.set_finding(1, "b", Finding::NotMet, at(2));
        review.toggle_flag(2, at(3));

        let undone = review.undo(at(4)).unwrap();
        assert_eq!(undone.to_string(), "item 2: flag cleared");
        assert!(!review.item(2).unwrap().flagged);
        let undone = review.undo(at(5)).unwrap();
        assert_eq!(undone.to_string(), "item 1 b: finding back to not rated");
        assert_eq!(review.finding(1, "b"), Finding::NotRated);

        let redone = review.redo(at(6)).unwrap();
        assert_eq!(redone.to_string(), "item 1 b: finding back to not met");
        assert_eq!(review.finding(1, "b"), Finding::NotMet);
        assert_eq!(review.finding(1, "a"), Finding::Met);
        assert!(review.can_redo(), "the flag can still be redone");
        review.redo(at(7)).unwrap();
        assert!(review.item(2).unwrap().flagged);
        assert!(!review.can_redo());
    }

    #[test]
    fn a_new_change_after_an_undo_clears_the_redo() {
        let scale = scale();
        let mut review = review(&scale);
        review.set_finding(1, "a", Finding::Met, at(1));
        review.undo(at(2));
        review.set_finding(1, "b", Finding::Unsure, at(3));
        assert!(!review.can_redo());
        review.undo(at(4));
        assert_eq!(review.finding(1, "b"), Finding::NotRated);
        assert!(!review.can_undo(), "the first finding was undone already");
    }

    #[test]
    fn a_final_score_and_its_rationale_are_one_step() {
        let scale = scale();
        let mut review = review(&scale);
        for (minute, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
            review.set_finding(1, id, Finding::Met, at(minute as u32 + 1));
        }
        review
            .set_final_score(&scale, 1, Some(3), "Audit found gaps", at(6))
            .unwrap();
        review.set_final_score(&scale, 1, None, "", at(7)).unwrap();
        let undone = review.undo(at(8)).unwrap();
        assert_eq!(undone.to_string(), "item 1: final score back to 3");
        let record = review.item(1).unwrap();
        assert_eq!(record.final_score, Some(3));
        assert_eq!(record.rationale, "Audit found gaps");
        review.redo(at(9)).unwrap();
        assert_eq!(review.item(1).unwrap().final_score, None);
        assert_eq!(review.item(1).unwrap().rationale, "");
    }

    #[test]
    fn notes_and_sources_come_back_and_the_log_says_so_after_a_round_trip() {
        let scale = scale();
        let mut review = review(&scale);
        review.set_note(1, "a", "First", at(1));
        review.set_sources(1, Some("a"), &["M".to_owned(), "S".to_owned()], at(2));
        review.set_note(1, "a", "Second", at(30));
        let json = serde_json::to_string(&review).unwrap();
        let mut review: Review = serde_json::from_str(&json).unwrap();
        assert_eq!(review.undo(at(31)).unwrap().what, "note back as it was");
        assert_eq!(review.criterion(1, "a").unwrap().note, "First");
        assert_eq!(review.undo(at(32)).unwrap().what, "no sources again");
        assert!(review.criterion(1, "a").unwrap().sources.is_empty());
        // An edit of the note after an undo is a new change, not part of the undo.
        review.set_note(1, "a", "Third", at(33));
        assert!(!review.can_redo());
        assert_eq!(review.undo(at(34)).unwrap().what, "note back as it was");
        assert_eq!(review.criterion(1, "a").unwrap().note, "First");
    }

    #[test]
    fn nothing_before_a_restore_is_undone() {
        let scale = scale();
        let mut review = review(&scale);
        review.set_finding(1, "a", Finding::Met, at(1));
        review.mark_restored("copy", at(2));
        assert!(review.undo(at(3)).is_none());
        assert_eq!(review.finding(1, "a"), Finding::Met);
    }
}
