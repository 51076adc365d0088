//! What would lift a score: for an item below the top of the range whose anchors give its
//! score, the criteria not met (or unsure) whose meeting would take it to the next anchor.
//! Computed from the anchors as data, so a pack's own anchors give its own answer.
//!
//! The count is the anchors' count: criteria met now, and the fewest more that reach a higher
//! score. An item with a criterion still to be rated that could change the score has no lift
//! yet, nor has an item rated directly (no anchors), one whose score is already the top, or one
//! whose final score overrides the anchors (the reviewer's reason stands in for them).

use serde::Serialize;

use super::model::{Finding, Review};
use super::plan::Recommendation;
use super::scoring::{self, Counts};
use crate::scale::{Item, RatingRange, Scale};

/// What would take one item to its next score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lift {
    pub item: u16,
    /// The score the anchors give now.
    pub from: u8,
    /// The next score the anchors give.
    pub to: u8,
    /// How many more criteria must be met to get there.
    pub needed: usize,
    /// The criteria not met or unsure (ids, in order), any `needed` of which would do.
    pub criteria: Vec<String>,
    /// Those of `criteria` the reviewer was unsure of: perhaps met, with evidence.
    pub unsure: Vec<String>,
    /// The anchors are a stand-in rule, so the lift is too.
    pub provisional: bool,
}

impl Lift {
    /// One criterion from the next score.
    pub fn is_quick_win(&self) -> bool {
        self.needed == 1
    }
}

/// What would lift `item`, if anything (see the module's notes).
pub fn lift(item: &Item, review: &Review, rating: RatingRange) -> Option<Lift> {
    let anchors = item.anchors.as_ref()?;
    let record = review.item(item.number);
    let suggestion = scoring::suggested(item, record)?;
    let standing = record
        .and_then(|r| r.final_score)
        .unwrap_or(suggestion.score);
    if standing != suggestion.score || standing >= rating.max {
        return None;
    }
    let met = Counts::of(item, record).met;
    let (target, to) = (met + 1..anchors.by_count.len())
        .map(|n| (n, anchors.by_count[n]))
        .find(|&(_, score)| score > suggestion.score)?;
    let mut criteria = Vec::new();
    let mut unsure = Vec::new();
    for criterion in &item.criteria {
        match review.finding(item.number, &criterion.id) {
            Finding::NotMet => criteria.push(criterion.id.clone()),
            Finding::Unsure => {
                criteria.push(criterion.id.clone());
                unsure.push(criterion.id.clone());
            }
            Finding::Met | Finding::NotRated => {}
        }
    }
    let needed = target - met;
    (criteria.len() >= needed).then_some(Lift {
        item: item.number,
        from: suggestion.score,
        to,
        needed,
        criteria,
        unsure,
        provisional: anchors.provisional,
    })
}

/// What would lift each item of the scale, in item order.
pub fn lifts(scale: &Scale, review: &Review) -> Vec<Lift> {
    scale
        .items
        .iter()
        .filter_map(|item| lift(item, review, scale.rating))
        .collect()
}

/// A recommendation offered to the reviewer, made from a [`Lift`]: accepted (perhaps edited) or
/// dropped with [`Review::accept_draft`] and [`Review::drop_draft`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub item: u16,
    pub text: String,
    pub lift: Lift,
}

/// The drafts to offer: one for each item with a lift and no recommendation yet (accepted or
/// dropped), in item order.
pub fn drafts(scale: &Scale, review: &Review) -> Vec<Draft> {
    let has_one = |number: u16| {
        review
            .recommendations
            .iter()
            .any(|r: &Recommendation| r.item == Some(number))
    };
    lifts(scale, review)
        .into_iter()
        .filter(|lift| !has_one(lift.item))
        .filter_map(|lift| {
            let item = scale.item(lift.item)?;
            Some(Draft {
                item: lift.item,
                text: draft_text(item, &lift),
                lift,
            })
        })
        .collect()
}

/// The words of a draft: what to do, and what it would bring (the item is named beside it).
/// E.g. "To reach 5 (now 4), meet one more of these: c) Calls are logged. d) Missed calls are
/// reviewed."
pub fn draft_text(item: &Item, lift: &Lift) -> String {
    let how_many = match (lift.needed, lift.criteria.len()) {
        (n, m) if n == m && n == 1 => "meet this criterion".to_owned(),
        (n, m) if n == m => "meet all of these".to_owned(),
        (1, _) => "meet one more of these".to_owned(),
        (n, _) => format!("meet {} more of these", number_word(n)),
    };
    let listed: Vec<String> = lift
        .criteria
        .iter()
        .filter_map(|id| item.criterion(id))
        .map(|c| format!("{}) {}", c.id, c.text.trim()))
        .collect();
    format!(
        "To reach {} (now {}), {how_many}: {}",
        lift.to,
        lift.from,
        listed.join(" ")
    )
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}
