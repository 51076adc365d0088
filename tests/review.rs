//! Scoring and the summary, over the embedded CORE CRT pack and the mini test pack.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fidelity_review::review::{
    Details, Finding, ItemScore, Progress, RatingError, Review, ReviewKind, Summary,
};
use fidelity_review::scale::{Scale, pack};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn details() -> Details {
    Details {
        team: "North CRT".to_owned(),
        organisation: "North Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec!["A. Reviewer".to_owned()],
        kind: ReviewKind::External,
    }
}

fn core() -> Scale {
    pack::load_embedded().expect("the embedded pack is valid")
}

fn mini() -> Scale {
    pack::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini"))
        .unwrap()
}

/// Rates the first `met` criteria of an item met and the rest not met.
fn rate(review: &mut Review, scale: &Scale, item: u16, met: usize) {
    for (index, criterion) in scale.item(item).unwrap().criteria.iter().enumerate() {
        let finding = if index < met {
            Finding::Met
        } else {
            Finding::NotMet
        };
        review.set_finding(item, &criterion.id, finding, now());
    }
}

fn score(review: &Review, scale: &Scale, item: u16) -> ItemScore {
    ItemScore::of(scale.item(item).unwrap(), review.item(item))
}

#[test]
fn items_1_to_3_score_every_count_as_the_scale_says() {
    let scale = core();
    // (item, [score for 0, 1, 2, … criteria met])
    let expected: [(u16, &[u8]); 3] = [
        (1, &[1, 1, 1, 2, 3, 4, 5]),
        (2, &[1, 2, 3, 4, 5]),
        (3, &[1, 1, 1, 2, 3, 3, 4, 5]),
    ];
    for (item, scores) in expected {
        assert_eq!(scale.item(item).unwrap().criteria.len() + 1, scores.len());
        for (met, &want) in scores.iter().enumerate() {
            let mut review = Review::new(&scale, details(), now());
            rate(&mut review, &scale, item, met);
            let got = score(&review, &scale, item);
            assert_eq!(got.counts.met, met);
            let suggestion = got.suggested.expect("every criterion is rated");
            assert_eq!(suggestion.score, want, "item {item} with {met} met");
            assert!(!suggestion.provisional, "items 1–3 use the scale's anchors");
            assert_eq!(got.score, Some(want));
        }
    }
}

#[test]
fn a_provisional_item_counts_down_and_says_so() {
    let scale = core();
    let item = scale.item(25).unwrap();
    assert_eq!(item.criteria.len(), 6);
    for (met, want) in [(6, 5), (5, 4), (4, 3), (3, 2), (2, 1), (1, 1), (0, 1)] {
        let mut review = Review::new(&scale, details(), now());
        rate(&mut review, &scale, 25, met);
        let suggestion = score(&review, &scale, 25).suggested.unwrap();
        assert_eq!(suggestion.score, want, "{met} met");
        assert!(suggestion.provisional);
    }
}

#[test]
fn no_suggestion_while_an_unrated_criterion_could_change_it() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    review.set_finding(1, "a", Finding::Met, now());
    review.set_finding(1, "b", Finding::Met, now());
    review.set_finding(1, "c", Finding::Met, now());
    let open = score(&review, &scale, 1);
    assert_eq!(open.suggested, None);
    assert_eq!(open.progress(), Progress::Partly);

    review.set_finding(1, "d", Finding::Unsure, now());
    let settled = score(&review, &scale, 1);
    assert_eq!(settled.counts.unsure, 1);
    assert_eq!(
        settled.suggested.unwrap().score,
        4,
        "unsure counts as not met"
    );
    assert_eq!(settled.progress(), Progress::Rated);
}

#[test]
fn a_suggestion_is_made_when_the_rest_cannot_change_it() {
    let scale = core();
    // Item 1: with 4 of 6 not met, the best case is 2 met -> 1 either way.
    let mut review = Review::new(&scale, details(), now());
    for id in ["a", "b", "c", "d"] {
        review.set_finding(1, id, Finding::NotMet, now());
    }
    assert_eq!(score(&review, &scale, 1).suggested.unwrap().score, 1);
}

#[test]
fn clearing_a_finding_takes_the_suggestion_back() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    rate(&mut review, &scale, 1, 4);
    assert_eq!(score(&review, &scale, 1).score, Some(5));
    review.set_finding(1, "b", Finding::NotRated, now());
    assert_eq!(score(&review, &scale, 1).score, None);
}

#[test]
fn an_override_needs_a_rationale() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    rate(&mut review, &scale, 1, 3); // suggests 4

    let refused = review.set_final_score(&scale, 1, Some(2), "  ", now());
    assert_eq!(
        refused,
        Err(RatingError::RationaleRequired {
            item: 1,
            suggested: 4,
            score: 2
        })
    );
    assert_eq!(review.item(1).unwrap().final_score, None, "nothing changed");

    review
        .set_final_score(&scale, 1, Some(4), "", now())
        .expect("agreeing with the suggestion needs no rationale");
    review
        .set_final_score(&scale, 1, Some(2), "Logs exist but are not used.", now())
        .unwrap();
    let scored = score(&review, &scale, 1);
    assert_eq!(scored.score, Some(2));
    assert!(scored.overridden);

    assert_eq!(
        review.set_final_score(&scale, 1, Some(6), "why", now()),
        Err(RatingError::OutOfRange {
            score: 6,
            min: 1,
            max: 5
        })
    );
}

#[test]
fn an_item_without_criteria_is_rated_directly() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    assert_eq!(score(&review, &scale, 3).suggested, None);
    review
        .set_final_score(&scale, 3, Some(3), "", now())
        .unwrap();
    let scored = score(&review, &scale, 3);
    assert_eq!(scored.score, Some(3));
    assert!(!scored.overridden);
}

#[test]
fn every_change_is_logged_with_old_and_new_values() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    let later = now() + chrono::Duration::minutes(5);
    assert!(review.set_finding(1, "a", Finding::Met, later));
    assert!(
        !review.set_finding(1, "a", Finding::Met, later),
        "no change, no entry"
    );
    review.set_note(1, "a", "Seen in the log book.", later);
    review.toggle_source(1, "a", "M", later);
    review.toggle_flag(1, later);
    let last = review.log.len();
    assert_eq!(last, 5, "created, finding, note, sources, flag");
    assert_eq!(review.log[1].old, "not rated");
    assert_eq!(review.log[1].new, "met");
    assert_eq!(review.log[1].criterion.as_deref(), Some("a"));
    assert_eq!(review.log[3].new, "M");
    assert_eq!(review.updated, later);
}

#[test]
fn the_summary_of_a_half_done_review() {
    let scale = core();
    let mut review = Review::new(&scale, details(), now());
    rate(&mut review, &scale, 1, 6); // 5
    rate(&mut review, &scale, 2, 2); // 3
    review.set_finding(3, "a", Finding::Met, now()); // partly
    review
        .set_final_score(&scale, 23, Some(2), "", now())
        .unwrap();
    review.toggle_flag(2, now());

    let summary = Summary::of(&review, &scale);
    assert_eq!(summary.rated, 3);
    assert_eq!(summary.items_total, 39);
    assert_eq!(summary.total, 10);
    assert_eq!(summary.total_range, (39, 195));
    let mean = summary.mean.unwrap();
    assert!((mean - 10.0 / 3.0).abs() < 1e-9);
    assert_eq!(summary.band.as_deref(), Some("Moderate"));
    assert!(summary.band_provisional);
    assert_eq!(summary.unrated.len(), 36);
    assert!(summary.unrated.contains(&3));
    assert_eq!(summary.flagged, vec![2]);
    assert_eq!(summary.lowest, vec![23]);
    assert_eq!(summary.highest, vec![1]);
    let referrals = &summary.domains[0];
    assert_eq!(referrals.id, "referrals-access");
    assert_eq!(
        (referrals.subtotal, referrals.rated, referrals.items),
        (8, 2, 10)
    );
    let item_3 = &summary.items[2];
    assert_eq!(
        (item_3.met, item_3.not_rated, item_3.final_score),
        (1, 6, None)
    );
    assert_eq!(item_3.progress, Progress::Partly);
    assert!(!summary.is_complete());
}

#[test]
fn the_summary_of_a_complete_review() {
    let scale = core();
    let mut review = Review::new(&scale, details(), now());
    for item in &scale.items {
        if item.is_rated_directly() {
            review
                .set_final_score(&scale, item.number, Some(4), "", now())
                .unwrap();
        } else {
            rate(&mut review, &scale, item.number, item.criteria.len());
        }
    }
    review
        .set_final_score(
            &scale,
            39,
            Some(4),
            "Some visits are at the team base.",
            now(),
        )
        .unwrap();

    let summary = Summary::of(&review, &scale);
    assert!(summary.is_complete());
    assert_eq!(summary.rated, 39);
    let directly = scale.items.iter().filter(|i| i.is_rated_directly()).count() as u32;
    let expected = 5 * (39 - directly) + 4 * directly - 1;
    assert_eq!(summary.total, expected);
    assert_eq!(summary.band.as_deref(), Some("High"));
    assert_eq!(summary.overrides.len(), 1);
    assert_eq!(summary.overrides[0].number, 39);
    assert_eq!(
        summary.overrides[0].rationale,
        "Some visits are at the team base."
    );
    let subtotals: u32 = summary.domains.iter().map(|d| d.subtotal).sum();
    assert_eq!(subtotals, summary.total);
    assert!(summary.unrated.is_empty());
}

#[test]
fn bands_follow_the_mean_item_score() {
    let scale = core();
    for (mean, band) in [
        (1.0, "Low"),
        (2.99, "Low"),
        (3.0, "Moderate"),
        (4.0, "Moderate"),
        (4.01, "High"),
        (5.0, "High"),
    ] {
        assert_eq!(
            scale.bands.band_for(mean).unwrap().name,
            band,
            "mean {mean}"
        );
    }
    // On 39 items: 116 is low, 117 moderate, 156 moderate, 157 high.
    for (total, band) in [
        (116.0, "Low"),
        (117.0, "Moderate"),
        (156.0, "Moderate"),
        (157.0, "High"),
    ] {
        assert_eq!(
            scale.bands.band_for(total / 39.0).unwrap().name,
            band,
            "total {total}"
        );
    }
}

#[test]
fn answers_for_criteria_the_pack_lacks_are_kept_and_reported() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    review.set_finding(1, "z", Finding::Met, now());
    review.set_note(9, "a", "From an older pack.", now());
    let summary = Summary::of(&review, &scale);
    assert_eq!(summary.orphans.len(), 2);
    assert_eq!(review.finding(1, "z"), Finding::Met, "kept");
}

#[test]
fn a_run_of_edits_to_one_note_is_one_log_entry() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), now());
    let at = |minutes| now() + chrono::Duration::minutes(minutes);
    review.set_note(1, "a", "Seen", at(1));
    review.set_note(1, "a", "Seen in the", at(2));
    review.set_note(1, "a", "Seen in the log book.", at(3));
    assert_eq!(review.log.len(), 2, "created, one note entry");
    let entry = &review.log[1];
    assert_eq!(
        (entry.old.as_str(), entry.new.as_str()),
        ("", "Seen in the log book.")
    );
    assert_eq!(entry.at, at(3));

    // Another change in between, or a long pause, starts a new entry.
    review.set_finding(1, "a", Finding::Met, at(4));
    review.set_note(1, "a", "Seen in the log book, twice.", at(5));
    review.set_note(1, "a", "Seen in the log book, three times.", at(30));
    review.set_item_note(1, "Ask about weekends.", at(31));
    assert_eq!(review.log.len(), 6);
    assert_eq!(review.log[4].old, "Seen in the log book, twice.");
}

/// Clearing a criterion never rated changes nothing, and makes no record: the review held in
/// memory is the one saved (a kill between two such keys loses nothing shown).
#[test]
fn clearing_an_unrated_criterion_makes_no_record() {
    let scale = core();
    let mut review = Review::new(&scale, details(), now());
    let before = review.clone();
    assert!(!review.set_finding(1, "a", Finding::NotRated, now()));
    assert_eq!(review, before);
}
