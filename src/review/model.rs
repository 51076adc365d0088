//! A review (session): who is reviewed, by whom, and every finding, rating and note so far.
//!
//! Every change goes through a method here that records it in the append-only change log.
//! Times are passed in (`now`), so the model stays pure and testable.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::plan::{Method, Recommendation};
use crate::scale::Scale;

/// How close together edits of one note must be to count as one change in the log.
pub const NOTE_EDIT_WINDOW: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// One review of one team against one scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub scale: ScaleRef,
    pub details: Details,
    /// Answers by item number; an item appears once anything about it was recorded.
    #[serde(default)]
    pub items: BTreeMap<u16, ItemRecord>,
    pub cursor: Cursor,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// The team's review before this one, linked when this one was started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<super::previous::Previous>,
    /// Every change, oldest first. Only ever appended to, except that a run of edits to one
    /// note is one entry (see [`NOTE_EDIT_WINDOW`]).
    #[serde(default)]
    pub log: Vec<Change>,
    /// Only in a consensus review: the reviewer copies it was made of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<super::consensus::Consensus>,
    /// Recommendations for the team, accepted or dropped; the accepted ones are the action
    /// plan (see [`super::plan`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    /// How much evidence was gathered: counts the reviewer enters (see [`super::plan`]).
    #[serde(default, skip_serializing_if = "Method::is_empty")]
    pub method: Method,
    /// The reviewer's way of working on this review.
    #[serde(default, skip_serializing_if = "super::interview::Working::is_default")]
    pub working: super::interview::Working,
    /// Quick notes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_notes: Vec<super::quick::QuickNote>,
}

/// The scale a review is pinned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleRef {
    pub id: String,
    pub version: String,
    pub content_hash: String,
}

impl ScaleRef {
    pub fn of(scale: &Scale) -> Self {
        ScaleRef {
            id: scale.id.clone(),
            version: scale.version.clone(),
            content_hash: scale.content_hash.clone(),
        }
    }
}

/// Who and what is reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub team: String,
    #[serde(default)]
    pub organisation: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub reviewers: Vec<String>,
    pub kind: ReviewKind,
}

/// An external review (a visiting team of reviewers) or a team's self-review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    External,
    #[serde(rename = "self")]
    SelfReview,
}

impl ReviewKind {
    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::External => "external",
            ReviewKind::SelfReview => "self",
        }
    }
}

impl std::str::FromStr for ReviewKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "external" => Ok(ReviewKind::External),
            "self" | "self-review" => Ok(ReviewKind::SelfReview),
            other => Err(format!(
                "{other:?} is not a kind of review (external or self)"
            )),
        }
    }
}

/// What is recorded about one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// By criterion id (`a`, `b`, …).
    #[serde(default)]
    pub criteria: BTreeMap<String, CriterionRecord>,
    /// The score the reviewer gave; `None` means the suggested score stands.
    #[serde(default)]
    pub final_score: Option<u8>,
    /// Why the final score differs from the suggested one.
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub note: String,
    /// Marked for follow-up.
    #[serde(default)]
    pub flagged: bool,
    /// What the team is told about this item in the report. Unlike the notes, which are the
    /// reviewer's evidence, this is written for the team.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback: String,
    /// Evidence source codes of an item rated directly (one with no criteria), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// What is recorded about one criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRecord {
    #[serde(default)]
    pub finding: Finding,
    #[serde(default)]
    pub note: String,
    /// Evidence source codes (`C`, `M`, …), sorted, no repeats.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What the reviewer found for a criterion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    #[default]
    NotRated,
    Met,
    NotMet,
    Unsure,
}

impl Finding {
    pub fn label(self) -> &'static str {
        match self {
            Finding::NotRated => "not rated",
            Finding::Met => "met",
            Finding::NotMet => "not met",
            Finding::Unsure => "unsure",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where the reviewer is: restored when the review is opened again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub item: u16,
    /// Index into the item's criteria.
    #[serde(default)]
    pub criterion: usize,
    /// Lines scrolled down in the guidance pane.
    #[serde(default)]
    pub guidance_scroll: u16,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub field: Field,
    pub old: String,
    pub new: String,
    /// The recommendation changed, by its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<u32>,
    /// An undo or redo: the index in the log of the first entry of the step it takes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<usize>,
    /// One step with the entry before it (a final score and its rationale, set together).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_previous: bool,
    /// The stamp of the quick note changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick: Option<DateTime<Utc>>,
}

/// What a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Created,
    Finding,
    Note,
    Sources,
    FinalScore,
    Rationale,
    ItemNote,
    Flag,
    /// Answers were restored from a recovery file.
    Restored,
    /// A consensus review's copy of a source was read again (`old`/`new`: the file's hashes).
    SourceReread,
    /// An item's feedback for the team.
    Feedback,
    /// A recommendation was added, or its text changed.
    Recommendation,
    /// A recommendation was accepted or dropped.
    RecommendationStatus,
    /// Who owns an action of the plan.
    Owner,
    /// When an action of the plan is due.
    TargetDate,
    /// A count of the evidence gathered (case notes read, interviews held).
    MethodCount,
    /// A quick note's text.
    QuickNote,
    /// Where a quick note is attached.
    QuickNotePlace,
    /// The team reviewed.
    Team,
    Organisation,
    /// The review's date.
    Date,
    Reviewers,
    /// External or self-review.
    Kind,
}

/// A final score that cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("the scale has no item {0}")]
    NoSuchItem(u16),
    #[error("{score} is outside the rating range {min}–{max}")]
    OutOfRange { score: u8, min: u8, max: u8 },
    #[error(
        "item {item}: the suggested score is {suggested}; a final score of {score} needs a short rationale"
    )]
    RationaleRequired { item: u16, suggested: u8, score: u8 },
    #[error("item {item}: {too_long}")]
    RationaleTooLong {
        item: u16,
        too_long: super::limits::TextTooLong,
    },
}

impl Review {
    /// A new, empty review of `scale`, with the cursor on the first item.
    pub fn new(scale: &Scale, details: Details, now: DateTime<Utc>) -> Self {
        let mut review = Review {
            scale: ScaleRef::of(scale),
            details,
            items: BTreeMap::new(),
            cursor: Cursor {
                item: scale.items.first().map_or(1, |item| item.number),
                criterion: 0,
                guidance_scroll: 0,
            },
            created: now,
            updated: now,
            previous: None,
            log: Vec::new(),
            consensus: None,
            recommendations: Vec::new(),
            method: Method::default(),
            working: super::interview::Working::default(),
            quick_notes: Vec::new(),
        };
        let team = review.details.team.clone();
        review.record(now, None, None, Field::Created, String::new(), team);
        review
    }

    pub fn item(&self, number: u16) -> Option<&ItemRecord> {
        self.items.get(&number)
    }

    pub fn criterion(&self, item: u16, criterion: &str) -> Option<&CriterionRecord> {
        self.items.get(&item)?.criteria.get(criterion)
    }

    pub fn finding(&self, item: u16, criterion: &str) -> Finding {
        self.criterion(item, criterion)
            .map_or(Finding::NotRated, |c| c.finding)
    }

    /// Records a finding. Returns whether anything changed.
    pub fn set_finding(
        &mut self,
        item: u16,
        criterion: &str,
        finding: Finding,
        now: DateTime<Utc>,
    ) -> bool {
        // Nothing to change: no record is made either, so what is held is what is saved.
        if self.finding(item, criterion) == finding {
            return false;
        }
        let record = self.criterion_mut(item, criterion);
        let old = std::mem::replace(&mut record.finding, finding);
        self.record(
            now,
            Some(item),
            Some(criterion),
            Field::Finding,
            old.label().to_owned(),
            finding.label().to_owned(),
        );
        true
    }

    /// Replaces a criterion's note, refusing one over [`MAX_TEXT_BYTES`] (nothing changes).
    /// Returns whether anything changed.
    ///
    /// [`MAX_TEXT_BYTES`]: super::limits::MAX_TEXT_BYTES
    pub fn try_set_note(
        &mut self,
        item: u16,
        criterion: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, super::limits::TextTooLong> {
        super::limits::check_text(note)?;
        Ok(self.set_note(item, criterion, note, now))
    }

    /// Replaces an item's note, refusing one over [`MAX_TEXT_BYTES`] (nothing changes).
    /// Returns whether anything changed.
    ///
    /// [`MAX_TEXT_BYTES`]: super::limits::MAX_TEXT_BYTES
    pub fn try_set_item_note(
        &mut self,
        item: u16,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, super::limits::TextTooLong> {
        super::limits::check_text(note)?;
        Ok(self.set_item_note(item, note, now))
    }

    /// Replaces a criterion's note, whatever its length (see [`Review::try_set_note`]; a review
    /// grown past the file limit is refused at the save, the answers kept). Returns whether
    /// anything changed.
    pub fn set_note(&mut self, item: u16, criterion: &str, note: &str, now: DateTime<Utc>) -> bool {
        let record = self.criterion_mut(item, criterion);
        if record.note == note {
            return false;
        }
        let old = std::mem::replace(&mut record.note, note.to_owned());
        self.record_text(now, item, Some(criterion), Field::Note, old, note);
        true
    }

    /// Adds an evidence source to a criterion, or removes it if it is there.
    pub fn toggle_source(&mut self, item: u16, criterion: &str, code: &str, now: DateTime<Utc>) {
        let record = self.criterion_mut(item, criterion);
        let old = record.sources.join(",");
        match record.sources.binary_search_by(|s| s.as_str().cmp(code)) {
            Ok(index) => {
                record.sources.remove(index);
            }
            Err(index) => record.sources.insert(index, code.to_owned()),
        }
        let new = record.sources.join(",");
        self.record(now, Some(item), Some(criterion), Field::Sources, old, new);
    }

    /// Sets (or, with `None`, clears) an item's final score. A score that differs from the
    /// suggested one needs a rationale; rating an item directly (no suggestion) does not.
    pub fn set_final_score(
        &mut self,
        scale: &Scale,
        item: u16,
        score: Option<u8>,
        rationale: &str,
        now: DateTime<Utc>,
    ) -> Result<(), RatingError> {
        let scale_item = scale.item(item).ok_or(RatingError::NoSuchItem(item))?;
        super::limits::check_text(rationale.trim())
            .map_err(|too_long| RatingError::RationaleTooLong { item, too_long })?;
        if let Some(score) = score {
            if !scale.rating.contains(score) {
                return Err(RatingError::OutOfRange {
                    score,
                    min: scale.rating.min,
                    max: scale.rating.max,
                });
            }
            let suggested = super::scoring::suggested(scale_item, self.item(item));
            if let Some(suggested) = suggested
                && suggested.score != score
                && rationale.trim().is_empty()
            {
                return Err(RatingError::RationaleRequired {
                    item,
                    suggested: suggested.score,
                    score,
                });
            }
        }
        let record = self.items.entry(item).or_default();
        let old_score = std::mem::replace(&mut record.final_score, score);
        let old_rationale = std::mem::replace(&mut record.rationale, rationale.trim().to_owned());
        let new_rationale = record.rationale.clone();
        if old_score != score {
            self.record(
                now,
                Some(item),
                None,
                Field::FinalScore,
                score_label(old_score),
                score_label(score),
            );
        }
        if old_rationale != new_rationale {
            let with_score = old_score != score;
            self.record(
                now,
                Some(item),
                None,
                Field::Rationale,
                old_rationale,
                new_rationale,
            );
            if let Some(last) = self.log.last_mut() {
                last.with_previous = with_score;
            }
        }
        Ok(())
    }

    /// Replaces an item's note, whatever its length (see [`Review::try_set_item_note`]).
    /// Returns whether anything changed.
    pub fn set_item_note(&mut self, item: u16, note: &str, now: DateTime<Utc>) -> bool {
        let record = self.items.entry(item).or_default();
        if record.note == note {
            return false;
        }
        let old = std::mem::replace(&mut record.note, note.to_owned());
        self.record_text(now, item, None, Field::ItemNote, old, note);
        true
    }

    /// Flags an item for follow-up, or clears the flag. Returns the new state.
    pub fn toggle_flag(&mut self, item: u16, now: DateTime<Utc>) -> bool {
        let record = self.items.entry(item).or_default();
        record.flagged = !record.flagged;
        let flagged = record.flagged;
        self.record(
            now,
            Some(item),
            None,
            Field::Flag,
            (!flagged).to_string(),
            flagged.to_string(),
        );
        flagged
    }

    /// Moves the cursor. Not a change of answers, so not logged.
    pub fn set_cursor(&mut self, cursor: Cursor) {
        self.cursor = cursor;
    }

    /// Notes in the log that answers were restored from a recovery file.
    pub fn mark_restored(&mut self, from: &str, now: DateTime<Utc>) {
        self.record(
            now,
            None,
            None,
            Field::Restored,
            String::new(),
            from.to_owned(),
        );
    }

    /// True when the review was made against exactly this pack.
    pub fn is_pinned_to(&self, scale: &Scale) -> bool {
        self.scale.content_hash == scale.content_hash
    }

    /// Appends a change to the log (for changes made outside this module).
    pub(crate) fn log_change(&mut self, at: DateTime<Utc>, field: Field, old: String, new: String) {
        self.record(at, None, None, field, old, new);
    }

    /// Appends a change of an item to the log (for changes made outside this module).
    pub(crate) fn log_item_change(
        &mut self,
        at: DateTime<Utc>,
        item: u16,
        field: Field,
        old: String,
        new: String,
    ) {
        self.record(at, Some(item), None, field, old, new);
    }

    pub(super) fn criterion_mut(&mut self, item: u16, criterion: &str) -> &mut CriterionRecord {
        self.items
            .entry(item)
            .or_default()
            .criteria
            .entry(criterion.to_owned())
            .or_default()
    }

    /// Records a change of a note. Edits of one note in a row, each within [`NOTE_EDIT_WINDOW`]
    /// of the one before, are one entry: its `old` is the note before the first edit and its
    /// `new` the latest text, so the log says what changed without a copy per autosave.
    pub(super) fn record_text(
        &mut self,
        at: DateTime<Utc>,
        item: u16,
        criterion: Option<&str>,
        field: Field,
        old: String,
        new: &str,
    ) {
        if let Some(last) = self.log.last_mut()
            && last.field == field
            && last.item == Some(item)
            && last.criterion.as_deref() == criterion
            && last.reverts.is_none()
            && at.signed_duration_since(last.at) <= NOTE_EDIT_WINDOW
        {
            last.at = at;
            new.clone_into(&mut last.new);
            self.updated = at;
            return;
        }
        self.record(at, Some(item), criterion, field, old, new.to_owned());
    }

    pub(super) fn record(
        &mut self,
        at: DateTime<Utc>,
        item: Option<u16>,
        criterion: Option<&str>,
        field: Field,
        old: String,
        new: String,
    ) {
        self.updated = at;
        self.log.push(Change {
            at,
            item,
            criterion: criterion.map(str::to_owned),
            field,
            old,
            new,
            recommendation: None,
            reverts: None,
            with_previous: false,
            quick: None,
        });
    }
}

fn score_label(score: Option<u8>) -> String {
    score.map(|s| s.to_string()).unwrap_or_default()
}
