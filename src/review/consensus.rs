//! A consensus review: two or three reviewer copies of one review, side by side, and the
//! scores the reviewers agree. Pure code: the sources come in as reviews with their file's
//! hash; reading the files is the store's work.
//!
//! The consensus review is an ordinary [`Review`] whose answers are the agreed ones, with a
//! [`Consensus`] section holding each source (its id, path, reviewers, the SHA-256 of the file
//! as read, and a copy of its answers), so it stands alone once the sources are gone.
//!
//! An item is *agreed* once it has a final score, and *to discuss* until then. Where the
//! reviewers' scores differ, the agreed score needs a short reason, kept as the item's
//! rationale (so the reports and the JSON export carry it).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::{Details, Field, Finding, ItemRecord, Review, ScaleRef};
use super::scoring::ItemScore;
use crate::scale::Scale;

mod plan;

pub use plan::{ConsensusError, Plan, plan};

/// The most reviewer copies a consensus is made of.
pub const MAX_SOURCES: usize = 3;

/// What a consensus review holds beyond an ordinary review: its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consensus {
    pub sources: Vec<Source>,
}

/// One reviewer copy, as it was read when the consensus was made (or last re-read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name without `.json`.
    pub id: String,
    /// Where the file was read from.
    pub path: String,
    pub reviewers: Vec<String>,
    /// SHA-256 of the file's bytes as read, lowercase hex.
    pub sha256: String,
    pub scale: ScaleRef,
    pub details: Details,
    /// A copy of its answers.
    #[serde(default)]
    pub items: BTreeMap<u16, ItemRecord>,
}

/// A reviewer copy read from its file, to make a consensus of.
#[derive(Debug, Clone)]
pub struct SourceReview {
    pub id: String,
    pub path: String,
    /// SHA-256 of the bytes the review was read from (see [`sha256_hex`]).
    pub sha256: String,
    pub review: Review,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl Source {
    fn of(source: &SourceReview) -> Self {
        Source {
            id: source.id.clone(),
            path: source.path.clone(),
            reviewers: source.review.details.reviewers.clone(),
            sha256: source.sha256.clone(),
            scale: source.review.scale.clone(),
            details: source.review.details.clone(),
            items: source.review.items.clone(),
        }
    }

    /// Who the source is, for a column header: its reviewers' names, else its id.
    pub fn label(&self) -> String {
        if self.reviewers.is_empty() {
            self.id.clone()
        } else {
            self.reviewers.join(", ")
        }
    }

    /// Initials of the source's reviewers (`JS`, `JS+AB`), else the start of its id.
    pub fn initials(&self) -> String {
        if self.reviewers.is_empty() {
            return self.id.chars().take(3).collect();
        }
        self.reviewers
            .iter()
            .map(|name| {
                name.split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("+")
    }

    /// True when `bytes` (the file as it is now) are what was read.
    pub fn is_unchanged(&self, bytes: &[u8]) -> bool {
        sha256_hex(bytes) == self.sha256
    }

    /// The score that stands for an item in this source (its final score, else the suggestion).
    pub fn score(&self, scale: &Scale, item: u16) -> Option<u8> {
        let scale_item = scale.item(item)?;
        ItemScore::of(scale_item, self.items.get(&item)).score
    }

    pub fn finding(&self, item: u16, criterion: &str) -> Finding {
        self.items
            .get(&item)
            .and_then(|r| r.criteria.get(criterion))
            .map_or(Finding::NotRated, |c| c.finding)
    }
}

/// One criterion with each source's finding and the agreed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRow {
    pub id: String,
    /// In the order of the sources.
    pub findings: Vec<Finding>,
    pub agreed: Finding,
}

/// What a source wrote about an item: its item note and its criteria notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNotes {
    pub source: usize,
    pub item_note: String,
    /// (criterion id, note), only where there is one.
    pub criteria: Vec<(String, String)>,
    pub rationale: String,
}

/// An item's place in the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Agreed(u8),
    ToDiscuss,
}

/// An item still to discuss, with the reviewers' scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub item: u16,
    pub scores: Vec<Option<u8>>,
    /// Highest minus lowest score given; `None` when no one gave one.
    pub spread: Option<u8>,
}

/// "to discuss 7 · agreed 32".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub to_discuss: usize,
    pub agreed: usize,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "to discuss {} · agreed {}", self.to_discuss, self.agreed)
    }
}

/// An agreed score that cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreeError {
    #[error("this review is not a consensus review")]
    NotConsensus,
    #[error(
        "item {item}: the reviewers gave {scores}; an agreed score of {score} needs a short reason"
    )]
    ReasonRequired {
        item: u16,
        score: u8,
        scores: String,
    },
    #[error(transparent)]
    Rating(#[from] super::model::RatingError),
}

/// Highest minus lowest of the scores given.
pub fn spread(scores: &[Option<u8>]) -> Option<u8> {
    let given = scores.iter().flatten();
    Some(given.clone().max()? - given.min()?)
}

impl Consensus {
    /// Each source's score for an item, in the order of the sources.
    pub fn scores(&self, scale: &Scale, item: u16) -> Vec<Option<u8>> {
        self.sources.iter().map(|s| s.score(scale, item)).collect()
    }

    /// True unless every source gave the item one and the same score.
    pub fn reviewers_differ(&self, scale: &Scale, item: u16) -> bool {
        let scores = self.scores(scale, item);
        scores.iter().any(Option::is_none) || spread(&scores) != Some(0)
    }

    /// The sources' findings per criterion of the item, side by side, with the agreed ones
    /// from `review`.
    pub fn side_by_side(&self, scale: &Scale, review: &Review, item: u16) -> Vec<CriterionRow> {
        let Some(scale_item) = scale.item(item) else {
            return Vec::new();
        };
        scale_item
            .criteria
            .iter()
            .map(|c| CriterionRow {
                id: c.id.clone(),
                findings: self
                    .sources
                    .iter()
                    .map(|s| s.finding(item, &c.id))
                    .collect(),
                agreed: review.finding(item, &c.id),
            })
            .collect()
    }

    /// What each source noted about the item (shown on demand).
    pub fn notes(&self, item: u16) -> Vec<SourceNotes> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let record = s.items.get(&item);
                SourceNotes {
                    source: i,
                    item_note: record.map(|r| r.note.clone()).unwrap_or_default(),
                    criteria: record
                        .map(|r| {
                            r.criteria
                                .iter()
                                .filter(|(_, c)| !c.note.trim().is_empty())
                                .map(|(id, c)| (id.clone(), c.note.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    rationale: record.map(|r| r.rationale.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }
}

fn scores_text(scores: &[Option<u8>]) -> String {
    scores
        .iter()
        .map(|s| s.map_or("–".to_owned(), |s| s.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Review {
    /// A new consensus review of `sources` with `details` (see [`plan`]), in its start state:
    /// an item every source gave the same score starts agreed with it; every other item is to
    /// discuss; criteria every source found alike start with that finding.
    pub fn consensus_of(
        scale: &Scale,
        sources: &[SourceReview],
        details: Details,
        now: DateTime<Utc>,
    ) -> Review {
        let mut review = Review::new(scale, details, now);
        let consensus = Consensus {
            sources: sources.iter().map(Source::of).collect(),
        };
        for item in &scale.items {
            for criterion in &item.criteria {
                let mut found = consensus
                    .sources
                    .iter()
                    .map(|s| s.finding(item.number, &criterion.id));
                let first = found.next().unwrap_or_default();
                if first != Finding::NotRated && found.all(|f| f == first) {
                    review.set_finding(item.number, &criterion.id, first, now);
                }
            }
            let scores = consensus.scores(scale, item.number);
            if let (Some(score), false) = (
                scores.first().copied().flatten(),
                consensus.reviewers_differ(scale, item.number),
            ) {
                let rationale = format!("every reviewer gave {score}");
                let _ = review.set_final_score(scale, item.number, Some(score), &rationale, now);
                // Only an override keeps a rationale: where the agreed findings suggest the
                // same score, there is nothing to explain.
                if let Some(record) = review.items.get_mut(&item.number)
                    && !ItemScore::of(item, Some(record)).overridden
                {
                    record.rationale.clear();
                }
            }
        }
        review.consensus = Some(consensus);
        review
    }

    /// True for a review made by [`Review::consensus_of`].
    pub fn is_consensus(&self) -> bool {
        self.consensus.is_some()
    }

    /// The kind to show: `consensus`, `external` or `self`.
    pub fn kind_label(&self) -> &'static str {
        if self.is_consensus() {
            "consensus"
        } else {
            self.details.kind.label()
        }
    }

    /// Agreed (with its score) or to discuss.
    pub fn status(&self, item: u16) -> Status {
        match self.item(item).and_then(|r| r.final_score) {
            Some(score) => Status::Agreed(score),
            None => Status::ToDiscuss,
        }
    }

    /// The items still to discuss, largest spread first, then those no one scored; by item
    /// number within a spread. Empty for a review that is not a consensus.
    pub fn agenda(&self, scale: &Scale) -> Vec<AgendaItem> {
        let Some(consensus) = &self.consensus else {
            return Vec::new();
        };
        let mut agenda: Vec<AgendaItem> = scale
            .items
            .iter()
            .filter(|item| self.status(item.number) == Status::ToDiscuss)
            .map(|item| {
                let scores = consensus.scores(scale, item.number);
                AgendaItem {
                    item: item.number,
                    spread: spread(&scores),
                    scores,
                }
            })
            .collect();
        agenda.sort_by(|a, b| b.spread.cmp(&a.spread).then(a.item.cmp(&b.item)));
        agenda
    }

    /// The item to discuss after `current` in the agenda's order (the first one when
    /// `current` is not on it), or `None` when everything is agreed.
    pub fn next_to_discuss(&self, scale: &Scale, current: u16) -> Option<u16> {
        let agenda = self.agenda(scale);
        let at = agenda.iter().position(|a| a.item == current);
        match at {
            Some(i) => agenda
                .iter()
                .cycle()
                .skip(i + 1)
                .take(agenda.len())
                .map(|a| a.item)
                .find(|&n| n != current)
                .or(Some(current)),
            None => agenda.first().map(|a| a.item),
        }
    }

    /// How many items are to discuss and how many agreed.
    pub fn consensus_counts(&self, scale: &Scale) -> Counts {
        let agreed = scale
            .items
            .iter()
            .filter(|i| matches!(self.status(i.number), Status::Agreed(_)))
            .count();
        Counts {
            to_discuss: scale.items.len() - agreed,
            agreed,
        }
    }

    /// Sets the agreed score of an item. Unless every reviewer gave this very score, it needs
    /// a short reason, kept as the item's rationale (which also explains a score other than
    /// the one the agreed findings suggest).
    pub fn set_agreed_score(
        &mut self,
        scale: &Scale,
        item: u16,
        score: u8,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AgreeError> {
        let consensus = self.consensus.as_ref().ok_or(AgreeError::NotConsensus)?;
        let scores = consensus.scores(scale, item);
        let all_gave_it = scores.iter().all(|&s| s == Some(score));
        if !all_gave_it && reason.trim().is_empty() {
            return Err(AgreeError::ReasonRequired {
                item,
                score,
                scores: scores_text(&scores),
            });
        }
        self.set_final_score(scale, item, Some(score), reason, now)?;
        Ok(())
    }

    /// Puts an agreed item back on the agenda.
    pub fn reopen(&mut self, scale: &Scale, item: u16, now: DateTime<Utc>) {
        let _ = self.set_final_score(scale, item, None, "", now);
    }

    /// Replaces the copy of source `index` with the file as it is now (after
    /// [`Source::is_unchanged`] said it changed). Agreed answers are kept as they are.
    /// Returns false when there is no such source.
    pub fn reread_source(
        &mut self,
        index: usize,
        source: &SourceReview,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(slot) = self
            .consensus
            .as_mut()
            .and_then(|c| c.sources.get_mut(index))
        else {
            return false;
        };
        let old = std::mem::replace(slot, Source::of(source));
        let new = slot.sha256.clone();
        self.log_change(now, Field::SourceReread, old.sha256, new);
        true
    }
}
