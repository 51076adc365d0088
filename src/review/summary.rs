//! The summary of a review: totals, mean, band, domains, and the items to look at again.
//! Pure code over a review and its scale.

use serde::Serialize;

use super::model::Review;
use super::scoring::{ItemScore, Progress};
use crate::scale::Scale;

/// Everything the summary screen and the reports show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Sum of the scores of the rated items.
    pub total: u32,
    /// Lowest and highest possible total over all items (39–195 on CORE).
    pub total_range: (u32, u32),
    /// Mean score of the rated items; `None` while no item is rated.
    pub mean: Option<f64>,
    /// The fidelity band of the mean.
    pub band: Option<String>,
    pub band_provisional: bool,
    /// Items with a score.
    pub rated: usize,
    /// Items in the scale.
    pub items_total: usize,
    pub domains: Vec<DomainSummary>,
    pub items: Vec<ItemSummary>,
    /// Numbers of the items without a score.
    pub unrated: Vec<u16>,
    /// Numbers of the items flagged for follow-up.
    pub flagged: Vec<u16>,
    pub overrides: Vec<Override>,
    /// Numbers of the rated items with the lowest score.
    pub lowest: Vec<u16>,
    /// Numbers of the rated items with the highest score.
    pub highest: Vec<u16>,
    /// Answers the review holds for items or criteria this scale does not have (kept, not shown
    /// elsewhere).
    pub orphans: Vec<Orphan>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainSummary {
    pub id: String,
    pub name: String,
    pub subtotal: u32,
    pub mean: Option<f64>,
    pub rated: usize,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSummary {
    pub number: u16,
    pub title: String,
    pub domain: String,
    pub met: usize,
    pub not_met: usize,
    pub unsure: usize,
    pub not_rated: usize,
    pub suggested: Option<u8>,
    /// The score that stands (the reviewer's, else the suggestion).
    #[serde(rename = "final")]
    pub final_score: Option<u8>,
    /// The suggestion comes from provisional anchors.
    pub provisional: bool,
    pub flagged: bool,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub number: u16,
    pub suggested: u8,
    #[serde(rename = "final")]
    pub final_score: u8,
    pub rationale: String,
}

/// An answer kept for an item or criterion the scale lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphan {
    pub item: u16,
    /// `None` when the whole item is missing from the scale.
    pub criterion: Option<String>,
}

impl Summary {
    pub fn of(review: &Review, scale: &Scale) -> Self {
        let mut items = Vec::with_capacity(scale.items.len());
        let mut overrides = Vec::new();
        for item in &scale.items {
            let record = review.item(item.number);
            let score = ItemScore::of(item, record);
            if score.overridden
                && let (Some(suggested), Some(final_score)) = (score.suggested, score.score)
            {
                overrides.push(Override {
                    number: item.number,
                    suggested: suggested.score,
                    final_score,
                    rationale: record.map(|r| r.rationale.clone()).unwrap_or_default(),
                });
            }
            items.push(ItemSummary {
                number: item.number,
                title: item.title.clone(),
                domain: item.domain.clone(),
                met: score.counts.met,
                not_met: score.counts.not_met,
                unsure: score.counts.unsure,
                not_rated: score.counts.not_rated,
                suggested: score.suggested.map(|s| s.score),
                final_score: score.score,
                provisional: item.anchors.as_ref().is_some_and(|a| a.provisional),
                flagged: record.is_some_and(|r| r.flagged),
                progress: score.progress(),
            });
        }

        let scores: Vec<(u16, u8)> = items
            .iter()
            .filter_map(|i| i.final_score.map(|s| (i.number, s)))
            .collect();
        let total: u32 = scores.iter().map(|&(_, s)| u32::from(s)).sum();
        let mean = mean_of(total, scores.len());
        let band = mean
            .and_then(|m| scale.bands.band_for(m))
            .map(|b| b.name.clone());
        let with_score = |target: Option<u8>| -> Vec<u16> {
            scores
                .iter()
                .filter(|&&(_, s)| Some(s) == target)
                .map(|&(n, _)| n)
                .collect()
        };
        let lowest = with_score(scores.iter().map(|&(_, s)| s).min());
        let highest = with_score(scores.iter().map(|&(_, s)| s).max());

        let domains = scale
            .domains
            .iter()
            .map(|domain| {
                let in_domain: Vec<&ItemSummary> =
                    items.iter().filter(|i| i.domain == domain.id).collect();
                let rated: Vec<u8> = in_domain.iter().filter_map(|i| i.final_score).collect();
                let subtotal = rated.iter().map(|&s| u32::from(s)).sum();
                DomainSummary {
                    id: domain.id.clone(),
                    name: domain.name.clone(),
                    subtotal,
                    mean: mean_of(subtotal, rated.len()),
                    rated: rated.len(),
                    items: in_domain.len(),
                }
            })
            .collect();

        Summary {
            total,
            total_range: scale.total_range(),
            mean,
            band,
            band_provisional: scale.bands.provisional,
            rated: scores.len(),
            items_total: scale.items.len(),
            domains,
            unrated: items
                .iter()
                .filter(|i| i.final_score.is_none())
                .map(|i| i.number)
                .collect(),
            flagged: items
                .iter()
                .filter(|i| i.flagged)
                .map(|i| i.number)
                .collect(),
            overrides,
            lowest,
            highest,
            orphans: orphans(review, scale),
            items,
        }
    }

    /// True when every item has a score.
    pub fn is_complete(&self) -> bool {
        self.rated == self.items_total
    }
}

fn mean_of(total: u32, count: usize) -> Option<f64> {
    (count > 0).then(|| f64::from(total) / count as f64)
}

/// Answers for items or criteria that `scale` does not have.
pub fn orphans(review: &Review, scale: &Scale) -> Vec<Orphan> {
    let mut out = Vec::new();
    for (&number, record) in &review.items {
        match scale.item(number) {
            None => out.push(Orphan {
                item: number,
                criterion: None,
            }),
            Some(item) => {
                for id in record.criteria.keys() {
                    if item.criterion(id).is_none() {
                        out.push(Orphan {
                            item: number,
                            criterion: Some(id.clone()),
                        });
                    }
                }
            }
        }
    }
    out
}
