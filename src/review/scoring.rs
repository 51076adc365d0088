//! Scoring: what the anchors suggest for an item, and the score that stands.
//!
//! An unsure finding counts as not met when criteria are counted (a criterion counts only when
//! the reviewer found it met); a not-rated criterion leaves the suggestion open while rating it
//! could still change the score.

use serde::Serialize;

use super::model::{Finding, ItemRecord};
use crate::scale::Item;

/// How an item's criteria were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub met: usize,
    pub not_met: usize,
    pub unsure: usize,
    pub not_rated: usize,
}

impl Counts {
    pub fn of(item: &Item, record: Option<&ItemRecord>) -> Self {
        let mut counts = Counts::default();
        for criterion in &item.criteria {
            let finding = record
                .and_then(|r| r.criteria.get(&criterion.id))
                .map_or(Finding::NotRated, |c| c.finding);
            match finding {
                Finding::Met => counts.met += 1,
                Finding::NotMet => counts.not_met += 1,
                Finding::Unsure => counts.unsure += 1,
                Finding::NotRated => counts.not_rated += 1,
            }
        }
        counts
    }

    /// Criteria with any finding.
    pub fn rated(&self) -> usize {
        self.met + self.not_met + self.unsure
    }
}

/// The score the anchors give for an item's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub score: u8,
    /// The anchors are a stand-in rule, not the scale's own.
    pub provisional: bool,
}

/// The suggested score, or `None` while the item is rated directly or a criterion still to be
/// rated could change it.
pub fn suggested(item: &Item, record: Option<&ItemRecord>) -> Option<Suggestion> {
    let anchors = item.anchors.as_ref()?;
    let counts = Counts::of(item, record);
    let score = anchors.score_for(counts.met)?;
    let settled =
        (0..=counts.not_rated).all(|more| anchors.score_for(counts.met + more) == Some(score));
    settled.then_some(Suggestion {
        score,
        provisional: anchors.provisional,
    })
}

/// Everything about how an item is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItemScore {
    pub counts: Counts,
    pub suggested: Option<Suggestion>,
    /// The score that stands: the reviewer's final score, else the suggestion.
    pub score: Option<u8>,
    /// The reviewer's score differs from the suggestion.
    pub overridden: bool,
}

impl ItemScore {
    pub fn of(item: &Item, record: Option<&ItemRecord>) -> Self {
        let counts = Counts::of(item, record);
        let suggested = suggested(item, record);
        let final_score = record.and_then(|r| r.final_score);
        let score = final_score.or(suggested.map(|s| s.score));
        let overridden = matches!((final_score, suggested), (Some(f), Some(s)) if f != s.score);
        ItemScore {
            counts,
            suggested,
            score,
            overridden,
        }
    }

    /// Where the item stands, for progress at a glance.
    pub fn progress(&self) -> Progress {
        if self.score.is_some() {
            Progress::Rated
        } else if self.counts.rated() > 0 {
            Progress::Partly
        } else {
            Progress::NotStarted
        }
    }
}

/// How far an item has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    NotStarted,
    Partly,
    Rated,
}
