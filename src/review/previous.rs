//! The team's last review, linked to a new one: its date and final scores, kept in the new
//! review so the review screen can show them beside each item without reading another file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Review;
use super::scoring::ItemScore;
use crate::scale::Scale;

/// The review before this one, as it stood when this one was started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    /// The id it is known by (its file name without `.json`).
    pub id: String,
    pub date: NaiveDate,
    /// The scores that stood (the reviewer's, else the suggestion), by item number; an item
    /// without a score is absent.
    #[serde(default)]
    pub scores: BTreeMap<u16, u8>,
}

/// Why a review cannot be linked as the last one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{id} was made on {its_scale} version {its_version}, and this review is on {scale} version {version}; only a review on the same scale and version can be linked"
)]
pub struct LinkError {
    pub id: String,
    pub its_scale: String,
    pub its_version: String,
    pub scale: String,
    pub version: String,
}

impl Previous {
    /// The link to `review`, known as `id`, for a new review on `scale`.
    pub fn of(id: &str, review: &Review, scale: &Scale) -> Result<Previous, LinkError> {
        if review.scale.id != scale.id || review.scale.version != scale.version {
            return Err(LinkError {
                id: id.to_owned(),
                its_scale: review.scale.id.clone(),
                its_version: review.scale.version.clone(),
                scale: scale.id.clone(),
                version: scale.version.clone(),
            });
        }
        let scores = scale
            .items
            .iter()
            .filter_map(|item| {
                let score = ItemScore::of(item, review.item(item.number)).score?;
                Some((item.number, score))
            })
            .collect();
        Ok(Previous {
            id: id.to_owned(),
            date: review.details.date,
            scores,
        })
    }

    /// What the review screen says beside an item: `last review 2025-11-12: 3`.
    pub fn line_for(&self, item: u16) -> String {
        match self.scores.get(&item) {
            Some(score) => format!("last review {}: {score}", self.date),
            None => format!("last review {}: not scored", self.date),
        }
    }
}
