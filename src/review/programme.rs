//! The programme view: many teams' reviews on one scale, as figures across the programme.
//!
//! Per item the spread of final scores, per domain the spread of the reviews' domain means,
//! per team its total against the programme's median total, the weakest items, and the
//! scale's published reference. Quartiles are by linear interpolation (R's type 7, numpy's
//! default; see [`super::stats`]). Pure code: the reviews come in as [`Scorecard`]s.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::model::{ItemRecord, ScaleRef};
use super::reference::{self, Reference};
use super::scoring::ItemScore;
use super::stats::{Spread, number, optional_number};
use crate::scale::Scale;

/// How many of the weakest items the view names.
pub const WEAKEST: usize = 5;

/// What the programme view needs of one review: no notes, no change log.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// Where the review came from (a file's path), as shown.
    pub path: String,
    pub scale: ScaleRef,
    pub team: String,
    pub date: NaiveDate,
    pub updated: DateTime<Utc>,
    /// Findings and final scores by item; notes and rationales left empty.
    pub items: BTreeMap<u16, ItemRecord>,
}

/// A review not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub path: String,
    pub why: String,
}

/// The figures across a programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Programme {
    /// Reviews counted.
    pub reviews: usize,
    /// Teams among them.
    pub team_count: usize,
    pub left_out: Vec<LeftOut>,
    pub items: Vec<ItemSpread>,
    pub domains: Vec<DomainSpread>,
    /// One row per review counted, by team then date.
    pub teams: Vec<TeamRow>,
    #[serde(serialize_with = "optional_number")]
    pub median_total: Option<f64>,
    /// The items with the lowest medians, lowest first (ties: the lower first quartile, then
    /// the lower number).
    pub weakest: Vec<u16>,
    pub reference: Option<Reference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSpread {
    pub number: u16,
    pub title: String,
    #[serde(flatten)]
    pub spread: Option<Spread>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainSpread {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub spread: Option<Spread>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRow {
    pub team: String,
    pub date: NaiveDate,
    pub path: String,
    pub total: u32,
    #[serde(serialize_with = "number")]
    pub mean: f64,
    pub band: Option<String>,
    /// The total less the programme's median total.
    #[serde(serialize_with = "number")]
    pub vs_median: f64,
}

/// Which reviews of a team count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The latest review of each team (by review date, then last change).
    Latest,
    /// Every review.
    All,
}

/// A counted review's scores, in the scale's item order.
struct Counted {
    card: Scorecard,
    scores: Vec<u8>,
}

impl Programme {
    /// The programme over `cards` on `scale`. Reviews on another scale or version, with a score
    /// outside the rating range, or with items still unscored, are left out and named;
    /// `left_out` comes with the files that could not be read.
    pub fn of(
        cards: Vec<Scorecard>,
        mut left_out: Vec<LeftOut>,
        scale: &Scale,
        pick: Pick,
    ) -> Programme {
        let mut counted = Vec::with_capacity(cards.len());
        for card in cards {
            if card.scale.id != scale.id || card.scale.version != scale.version {
                let why = format!(
                    "made on {} version {}, not {} version {}",
                    card.scale.id, card.scale.version, scale.id, scale.version
                );
                left_out.push(LeftOut {
                    path: card.path,
                    why,
                });
                continue;
            }
            let out_of_range = card.items.iter().find_map(|(number, record)| {
                let score = record.final_score?;
                (!scale.rating.contains(score)).then_some((number, score))
            });
            if let Some((number, score)) = out_of_range {
                let why = format!(
                    "item {number} has a final score of {score}, outside {}–{}",
                    scale.rating.min, scale.rating.max
                );
                left_out.push(LeftOut {
                    path: card.path,
                    why,
                });
                continue;
            }
            let scores: Vec<u8> = scale
                .items
                .iter()
                .filter_map(|item| ItemScore::of(item, card.items.get(&item.number)).score)
                .collect();
            if scores.len() < scale.items.len() {
                let why = format!(
                    "unfinished: {} of {} items scored",
                    scores.len(),
                    scale.items.len()
                );
                left_out.push(LeftOut {
                    path: card.path,
                    why,
                });
                continue;
            }
            counted.push(Counted { card, scores });
        }
        let team_count = {
            let mut teams: Vec<String> = counted.iter().map(|c| team_key(&c.card.team)).collect();
            teams.sort();
            teams.dedup();
            teams.len()
        };
        if pick == Pick::Latest {
            counted = latest_per_team(counted);
        }
        counted.sort_by(|a, b| {
            team_key(&a.card.team)
                .cmp(&team_key(&b.card.team))
                .then(a.card.date.cmp(&b.card.date))
                .then_with(|| a.card.path.cmp(&b.card.path))
        });

        let items: Vec<ItemSpread> = scale
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| ItemSpread {
                number: item.number,
                title: item.title.clone(),
                spread: Spread::of(counted.iter().map(|c| f64::from(c.scores[index]))),
            })
            .collect();
        let domains = scale
            .domains
            .iter()
            .map(|domain| {
                let indexes: Vec<usize> = scale
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.domain == domain.id)
                    .map(|(index, _)| index)
                    .collect();
                let means = counted.iter().filter(|_| !indexes.is_empty()).map(|c| {
                    let sum: u32 = indexes.iter().map(|&i| u32::from(c.scores[i])).sum();
                    f64::from(sum) / indexes.len() as f64
                });
                DomainSpread {
                    id: domain.id.clone(),
                    name: domain.name.clone(),
                    spread: Spread::of(means),
                }
            })
            .collect();
        let totals: Vec<u32> = counted
            .iter()
            .map(|c| c.scores.iter().map(|&s| u32::from(s)).sum())
            .collect();
        let median_total = Spread::of(totals.iter().map(|&t| f64::from(t))).map(|s| s.median);
        let teams = counted
            .into_iter()
            .zip(&totals)
            .map(|(c, &total)| {
                let mean = f64::from(total) / c.scores.len().max(1) as f64;
                TeamRow {
                    team: c.card.team,
                    date: c.card.date,
                    path: c.card.path,
                    total,
                    mean,
                    band: scale.bands.band_for(mean).map(|b| b.name.clone()),
                    vs_median: f64::from(total) - median_total.unwrap_or(0.0),
                }
            })
            .collect::<Vec<_>>();

        let mut ranked: Vec<&ItemSpread> = items.iter().filter(|i| i.spread.is_some()).collect();
        ranked.sort_by(|a, b| {
            let (sa, sb) = (a.spread.unwrap(), b.spread.unwrap());
            sa.median
                .total_cmp(&sb.median)
                .then(sa.q1.total_cmp(&sb.q1))
                .then(a.number.cmp(&b.number))
        });
        let weakest = ranked.iter().take(WEAKEST).map(|i| i.number).collect();
        left_out.sort_by(|a, b| a.path.cmp(&b.path));

        Programme {
            reviews: teams.len(),
            team_count,
            left_out,
            items,
            domains,
            teams,
            median_total,
            weakest,
            reference: reference::for_scale(&scale.id, &scale.version).copied(),
        }
    }
}

/// Teams are told apart by name, ignoring case and spaces around it.
fn team_key(team: &str) -> String {
    team.trim().to_lowercase()
}

fn latest_per_team(counted: Vec<Counted>) -> Vec<Counted> {
    let mut latest: HashMap<String, Counted> = HashMap::new();
    for c in counted {
        let key = team_key(&c.card.team);
        match latest.get(&key) {
            Some(kept)
                if (kept.card.date, kept.card.updated, &kept.card.path)
                    >= (c.card.date, c.card.updated, &c.card.path) => {}
            _ => {
                latest.insert(key, c);
            }
        }
    }
    latest.into_values().collect()
}
