//! A complete review of the embedded CORE CRT pack, made the way a reviewer makes one: every
//! criterion answered, the items without criteria rated directly, feedback on every item, an
//! override with its reason, notes, method counts, and (with `plan`) every draft
//! recommendation accepted, with owners and target dates.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use fidelity_review::review::{Details, Finding, Review, ReviewKind, lift};
use fidelity_review::scale::Scale;

pub const TEAM: &str = "North Riverside Crisis Resolution and Home Treatment Team";

pub fn started() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn details() -> Details {
    Details {
        team: TEAM.to_owned(),
        organisation: "Riverside Mental Health NHS Foundation Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec![
            "Ann Reviewer".to_owned(),
            "Ben Carer".to_owned(),
            "Cy Clinician".to_owned(),
        ],
        kind: ReviewKind::External,
    }
}

/// The finding for criterion `index` of item `number`: most met, some not, a few unsure.
fn finding(number: u16, index: usize) -> Finding {
    match (usize::from(number) + index) % 7 {
        0 => Finding::NotMet,
        3 if number.is_multiple_of(3) => Finding::Unsure,
        5 if number.is_multiple_of(2) => Finding::NotMet,
        _ => Finding::Met,
    }
}

pub fn full(scale: &Scale, plan: bool) -> Review {
    let mut at = started();
    let mut tick = || {
        at += Duration::minutes(1);
        at
    };
    let mut review = Review::new(scale, details(), tick());
    for item in &scale.items {
        for (index, criterion) in item.criteria.iter().enumerate() {
            let now = tick();
            review.set_finding(item.number, &criterion.id, finding(item.number, index), now);
            review.toggle_source(item.number, &criterion.id, ["M", "S", "C"][index % 3], now);
            if index == 0 {
                review.set_note(
                    item.number,
                    &criterion.id,
                    &format!(
                        "Note on item {}: the manager said so; case note 4 agrees.",
                        item.number
                    ),
                    now,
                );
            }
        }
        if item.criteria.is_empty() {
            review
                .set_final_score(
                    scale,
                    item.number,
                    Some(3 + (item.number % 2) as u8),
                    "",
                    tick(),
                )
                .unwrap();
        }
        let feedback = format!(
            "The team does well on {}. Staff described how it works day to day, and the \
             records we read agreed.\nKeep the current arrangements and review them yearly.",
            item.title.to_lowercase()
        );
        review.set_feedback(item.number, &feedback, tick());
    }
    review.set_item_note(3, "Ask for the rota for March.", tick());
    review.toggle_flag(12, tick());
    let overridden = scale
        .items
        .iter()
        .find(|i| {
            !i.criteria.is_empty()
                && fidelity_review::review::scoring::suggested(i, review.item(i.number))
                    .is_some_and(|s| s.score > 2)
        })
        .unwrap()
        .number;
    let suggested = fidelity_review::review::scoring::suggested(
        scale.item(overridden).unwrap(),
        review.item(overridden),
    )
    .unwrap()
    .score;
    review
        .set_final_score(
            scale,
            overridden,
            Some(suggested - 1),
            "The records did not bear out what staff described.",
            tick(),
        )
        .unwrap();
    for (code, count) in [("C", 10), ("M", 1), ("S", 6), ("SU", 5), ("F", 4), ("O", 3)] {
        review.set_method_count(code, Some(count), tick());
    }
    if plan {
        let owners = [
            "Team manager",
            "Consultant psychiatrist",
            "Clinical lead",
            "",
        ];
        for (index, draft) in lift::drafts(scale, &review).iter().enumerate() {
            let id = review.accept_draft(draft, None, tick()).unwrap();
            review
                .set_owner(id, owners[index % owners.len()], tick())
                .unwrap();
            let due = NaiveDate::from_ymd_opt(2027, 1 + (index % 12) as u32, 15);
            review.set_target_date(id, due, tick()).unwrap();
        }
        review
            .add_recommendation(None, "Share this report with the whole team and agree the plan at the next business meeting.", tick())
            .unwrap();
    }
    review
}
