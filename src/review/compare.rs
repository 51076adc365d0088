//! Comparing two reviews of a team: what changed per item, per domain and overall, and which
//! criteria were newly met or newly lost. Pure code over two reviews and their scale.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{Finding, Review};
use super::stats::optional_number;
use super::summary::Summary;
use crate::scale::Scale;

/// Two reviews side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub old: Side,
    pub new: Side,
    pub items: Vec<ItemChange>,
    pub domains: Vec<DomainChange>,
    /// The new total less the old.
    pub total_change: i64,
    /// Numbers of the items scored higher in the new review.
    pub improved: Vec<u16>,
    pub declined: Vec<u16>,
    pub unchanged: Vec<u16>,
    /// Items with a score in only one of the two, or in neither.
    pub not_scored: Vec<u16>,
    /// Criteria met in the new review that were found not met (or unsure) in the old.
    pub newly_met: Vec<CriterionChange>,
    /// Criteria met in the old review that are found not met (or unsure) in the new.
    pub newly_lost: Vec<CriterionChange>,
}

/// One of the two reviews, in figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub id: String,
    pub team: String,
    pub date: NaiveDate,
    pub total: u32,
    #[serde(serialize_with = "optional_number")]
    pub mean: Option<f64>,
    pub band: Option<String>,
    /// Items with a score.
    pub rated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub number: u16,
    pub title: String,
    pub old: Option<u8>,
    pub new: Option<u8>,
    /// `new - old`, where both have a score.
    pub change: Option<i16>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainChange {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "optional_number")]
    pub old_mean: Option<f64>,
    #[serde(serialize_with = "optional_number")]
    pub new_mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionChange {
    pub item: u16,
    pub criterion: String,
    pub text: String,
}

/// Why two reviews cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// Each named as "ID on SCALE version V".
    #[error(
        "the reviews were made on different scales: {old}, {new}; only reviews on the same scale and version can be compared"
    )]
    OtherScale { old: String, new: String },
    #[error(
        "both reviews were made on {scale} version {version}, and the scale loaded is {loaded} version {loaded_version}; load theirs to compare them"
    )]
    NotThisScale {
        scale: String,
        version: String,
        loaded: String,
        loaded_version: String,
    },
}

impl Comparison {
    /// Compares `old` with `new`, each with the id it is known by, on `scale`. Reviews pinned to
    /// another scale or version than each other are refused, naming both, and so are two
    /// reviews on another scale than `scale` (their scores would be read with the wrong one).
    pub fn of(
        (old_id, old): (&str, &Review),
        (new_id, new): (&str, &Review),
        scale: &Scale,
    ) -> Result<Comparison, CompareError> {
        if old.scale.id != new.scale.id || old.scale.version != new.scale.version {
            let named = |id: &str, review: &Review| {
                format!(
                    "{id} on {} version {}",
                    review.scale.id, review.scale.version
                )
            };
            return Err(CompareError::OtherScale {
                old: named(old_id, old),
                new: named(new_id, new),
            });
        }
        if old.scale.id != scale.id || old.scale.version != scale.version {
            return Err(CompareError::NotThisScale {
                scale: old.scale.id.clone(),
                version: old.scale.version.clone(),
                loaded: scale.id.clone(),
                loaded_version: scale.version.clone(),
            });
        }
        let before = Summary::of(old, scale);
        let after = Summary::of(new, scale);

        let mut comparison = Comparison {
            old: side(old_id, old, &before),
            new: side(new_id, new, &after),
            items: Vec::with_capacity(scale.items.len()),
            domains: before
                .domains
                .iter()
                .zip(&after.domains)
                .map(|(b, a)| DomainChange {
                    id: b.id.clone(),
                    name: b.name.clone(),
                    old_mean: b.mean,
                    new_mean: a.mean,
                })
                .collect(),
            total_change: i64::from(after.total) - i64::from(before.total),
            improved: Vec::new(),
            declined: Vec::new(),
            unchanged: Vec::new(),
            not_scored: Vec::new(),
            newly_met: Vec::new(),
            newly_lost: Vec::new(),
        };
        for (b, a) in before.items.iter().zip(&after.items) {
            let change = match (b.final_score, a.final_score) {
                (Some(o), Some(n)) => Some(i16::from(n) - i16::from(o)),
                _ => None,
            };
            let list = match change {
                Some(c) if c > 0 => &mut comparison.improved,
                Some(c) if c < 0 => &mut comparison.declined,
                Some(_) => &mut comparison.unchanged,
                None => &mut comparison.not_scored,
            };
            list.push(b.number);
            comparison.items.push(ItemChange {
                number: b.number,
                title: b.title.clone(),
                old: b.final_score,
                new: a.final_score,
                change,
            });
        }
        for item in &scale.items {
            for criterion in &item.criteria {
                let was = old.finding(item.number, &criterion.id);
                let is = new.finding(item.number, &criterion.id);
                let found_short = |f: Finding| matches!(f, Finding::NotMet | Finding::Unsure);
                let list = if is == Finding::Met && found_short(was) {
                    &mut comparison.newly_met
                } else if was == Finding::Met && found_short(is) {
                    &mut comparison.newly_lost
                } else {
                    continue;
                };
                list.push(CriterionChange {
                    item: item.number,
                    criterion: criterion.id.clone(),
                    text: criterion.text.clone(),
                });
            }
        }
        Ok(comparison)
    }

    /// The change of one item, if the scale has it.
    pub fn item(&self, number: u16) -> Option<&ItemChange> {
        self.items.iter().find(|i| i.number == number)
    }
}

fn side(id: &str, review: &Review, summary: &Summary) -> Side {
    Side {
        id: id.to_owned(),
        team: review.details.team.clone(),
        date: review.details.date,
        total: summary.total,
        mean: summary.mean,
        band: summary.band.clone(),
        rated: summary.rated,
    }
}
