//! Agreement between reviewers: the figures a researcher reports for two or three reviewer
//! copies of one review. Pure code over scores and findings: no files, no terminal.
//!
//! On the final item scores, over the items every reviewer scored: % exact agreement, % within
//! one point, the mean absolute difference; per pair, Cohen's weighted kappa (linear and
//! quadratic); over all reviewers, ICC(2,1) with its 95% interval. Krippendorff's ordinal
//! alpha uses every item at least two reviewers scored (it allows missing values). On the
//! criteria: the share all reviewers found alike and Fleiss' kappa over met / not met /
//! unsure, over the criteria every reviewer rated. What is left out is named.

mod stats;

pub use stats::{
    Figure, Icc, Undefined, Weights, fleiss_kappa, icc_2_1, krippendorff_alpha_ordinal,
    weighted_kappa,
};

use super::consensus::Consensus;
use super::model::{Finding, ItemRecord, Review};
use super::scoring::ItemScore;
use crate::scale::Scale;

/// One item's final scores, one per reviewer (`None`: that reviewer gave none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemScores {
    pub item: u16,
    pub scores: Vec<Option<u8>>,
}

/// One criterion's findings, one per reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionFindings {
    pub item: u16,
    pub criterion: String,
    pub findings: Vec<Finding>,
}

/// Two reviewers compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Indexes into the reviewers.
    pub a: usize,
    pub b: usize,
    pub exact: Figure,
    pub kappa_linear: Figure,
    pub kappa_quadratic: Figure,
}

/// An item the reviewers scored differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub item: u16,
    /// In the order of the reviewers.
    pub scores: Vec<u8>,
    pub spread: u8,
}

/// Agreement on the criteria findings.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaAgreement {
    /// Criteria every reviewer rated.
    pub compared: usize,
    /// Criteria some reviewer left not rated, as (item, criterion).
    pub left_out: Vec<(u16, String)>,
    /// Share of the compared criteria every reviewer found alike.
    pub all_agree: Figure,
    pub fleiss_kappa: Figure,
}

/// Every figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub reviewers: usize,
    /// Items every reviewer scored.
    pub items_compared: usize,
    /// Items some reviewer left without a score.
    pub items_left_out: Vec<u16>,
    pub exact: Figure,
    pub within_one: Figure,
    pub mean_abs_diff: Figure,
    pub pairs: Vec<Pair>,
    pub icc: Icc,
    pub alpha_ordinal: Figure,
    pub criteria: CriteriaAgreement,
    /// Compared items whose scores differ, largest spread first (then by item number).
    pub disagreements: Vec<Disagreement>,
}

/// One reviewer's answers, by item number.
pub type Answers = std::collections::BTreeMap<u16, ItemRecord>;

/// The final scores (the score that stands) of each reviewer, item by item of the scale.
pub fn item_scores(scale: &Scale, answers: &[&Answers]) -> Vec<ItemScores> {
    scale
        .items
        .iter()
        .map(|item| ItemScores {
            item: item.number,
            scores: answers
                .iter()
                .map(|a| ItemScore::of(item, a.get(&item.number)).score)
                .collect(),
        })
        .collect()
}

/// Each reviewer's finding for every criterion of the scale.
pub fn criterion_findings(scale: &Scale, answers: &[&Answers]) -> Vec<CriterionFindings> {
    let mut out = Vec::new();
    for item in &scale.items {
        for criterion in &item.criteria {
            out.push(CriterionFindings {
                item: item.number,
                criterion: criterion.id.clone(),
                findings: answers
                    .iter()
                    .map(|a| {
                        a.get(&item.number)
                            .and_then(|r| r.criteria.get(&criterion.id))
                            .map_or(Finding::NotRated, |c| c.finding)
                    })
                    .collect(),
            });
        }
    }
    out
}

/// The figures over reviewers' answers to one scale, in the order given.
pub fn of_answers(scale: &Scale, answers: &[&Answers]) -> Agreement {
    compute(
        answers.len(),
        &item_scores(scale, answers),
        &criterion_findings(scale, answers),
    )
}

/// The figures for reviews of one scale.
pub fn of_reviews(scale: &Scale, reviews: &[&Review]) -> Agreement {
    let answers: Vec<&Answers> = reviews.iter().map(|r| &r.items).collect();
    of_answers(scale, &answers)
}

/// The figures over a consensus review's sources, from the copies of their answers it holds.
pub fn of_consensus(scale: &Scale, consensus: &Consensus) -> Agreement {
    let answers: Vec<&Answers> = consensus.sources.iter().map(|s| &s.items).collect();
    of_answers(scale, &answers)
}

fn share(hits: usize, of: usize, what: &str) -> Figure {
    if of == 0 {
        Err(Undefined(format!("no {what} to compare")))
    } else {
        Ok(hits as f64 / of as f64)
    }
}

/// The figures over `reviewers` reviewers' scores and findings.
pub fn compute(
    reviewers: usize,
    items: &[ItemScores],
    criteria: &[CriterionFindings],
) -> Agreement {
    let (complete, left_out): (Vec<&ItemScores>, Vec<&ItemScores>) = items
        .iter()
        .partition(|i| i.scores.len() == reviewers && i.scores.iter().all(Option::is_some));
    let rows: Vec<Vec<u8>> = complete
        .iter()
        .map(|i| i.scores.iter().flatten().copied().collect())
        .collect();
    let n = rows.len();
    let spread = |row: &[u8]| {
        row.iter().max().copied().unwrap_or(0) - row.iter().min().copied().unwrap_or(0)
    };
    let exact = share(
        rows.iter().filter(|r| spread(r) == 0).count(),
        n,
        "item scored by every reviewer",
    );
    let within_one = share(
        rows.iter().filter(|r| spread(r) <= 1).count(),
        n,
        "item scored by every reviewer",
    );
    let mut diff_sum = 0.0;
    let mut diff_count = 0usize;
    let mut pairs = Vec::new();
    for a in 0..reviewers {
        for b in a + 1..reviewers {
            let scored: Vec<(u8, u8)> = rows.iter().map(|r| (r[a], r[b])).collect();
            diff_sum += scored
                .iter()
                .map(|(x, y)| f64::from(x.abs_diff(*y)))
                .sum::<f64>();
            diff_count += scored.len();
            pairs.push(Pair {
                a,
                b,
                exact: share(
                    scored.iter().filter(|(x, y)| x == y).count(),
                    scored.len(),
                    "item scored by every reviewer",
                ),
                kappa_linear: weighted_kappa(&scored, Weights::Linear),
                kappa_quadratic: weighted_kappa(&scored, Weights::Quadratic),
            });
        }
    }
    let mean_abs_diff = if reviewers < 2 {
        Err(Undefined("fewer than two reviewers".into()))
    } else if diff_count == 0 {
        Err(Undefined(
            "no item scored by every reviewer to compare".into(),
        ))
    } else {
        Ok(diff_sum / diff_count as f64)
    };
    let matrix: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| r.iter().map(|&s| f64::from(s)).collect())
        .collect();
    let icc = icc_2_1(&matrix);
    let units: Vec<Vec<Option<u8>>> = items.iter().map(|i| i.scores.clone()).collect();
    let alpha_ordinal = krippendorff_alpha_ordinal(&units);
    let mut disagreements: Vec<Disagreement> = complete
        .iter()
        .zip(&rows)
        .filter(|(_, r)| spread(r) > 0)
        .map(|(i, r)| Disagreement {
            item: i.item,
            scores: r.clone(),
            spread: spread(r),
        })
        .collect();
    disagreements.sort_by(|x, y| y.spread.cmp(&x.spread).then(x.item.cmp(&y.item)));
    Agreement {
        reviewers,
        items_compared: n,
        items_left_out: left_out.iter().map(|i| i.item).collect(),
        exact,
        within_one,
        mean_abs_diff,
        pairs,
        icc,
        alpha_ordinal,
        criteria: criteria_agreement(reviewers, criteria),
        disagreements,
    }
}

fn criteria_agreement(reviewers: usize, criteria: &[CriterionFindings]) -> CriteriaAgreement {
    let category = |f: Finding| match f {
        Finding::Met => Some(0),
        Finding::NotMet => Some(1),
        Finding::Unsure => Some(2),
        Finding::NotRated => None,
    };
    let mut left_out = Vec::new();
    let mut counts = Vec::new();
    let mut all_agree = 0;
    for c in criteria {
        let found: Option<Vec<usize>> = c.findings.iter().map(|&f| category(f)).collect();
        match found {
            Some(found) if found.len() == reviewers && reviewers > 0 => {
                let mut row = vec![0usize; 3];
                for f in &found {
                    row[*f] += 1;
                }
                if row.contains(&reviewers) {
                    all_agree += 1;
                }
                counts.push(row);
            }
            _ => left_out.push((c.item, c.criterion.clone())),
        }
    }
    CriteriaAgreement {
        compared: counts.len(),
        left_out,
        all_agree: share(all_agree, counts.len(), "criterion rated by every reviewer"),
        fleiss_kappa: fleiss_kappa(&counts),
    }
}
