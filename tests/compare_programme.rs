//! Comparing two reviews and the programme view, through the library, on the mini test pack
//! (item 1: four criteria, scored by count met; item 2: one criterion, 1 or 5; item 3: rated
//! directly; domains: access = item 1, care = items 2 and 3).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fidelity_review::review::programme::LeftOut;
use fidelity_review::review::{
    CompareError, Comparison, Details, Finding, ItemRecord, Pick, Programme, Review, ReviewKind,
    ScaleRef, Scorecard,
};
use fidelity_review::scale::{Scale, pack};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn mini() -> Scale {
    pack::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini"))
        .unwrap()
}

fn review(scale: &Scale, date: (i32, u32, u32), findings: &[(u16, &str, Finding)]) -> Review {
    let details = Details {
        team: "North CRT".to_owned(),
        organisation: String::new(),
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        reviewers: Vec::new(),
        kind: ReviewKind::External,
    };
    let mut review = Review::new(scale, details, now());
    for &(item, criterion, finding) in findings {
        review.set_finding(item, criterion, finding, now());
    }
    review
}

use Finding::{Met, NotMet, Unsure};

#[test]
fn a_comparison_says_what_changed_per_item_domain_and_criterion() {
    let scale = mini();
    // Old: item 1 a, b, d met, c not (3 met: 4); item 2 not met (1); item 3 rated 4.
    let mut old = review(
        &scale,
        (2025, 11, 12),
        &[
            (1, "a", Met),
            (1, "b", Met),
            (1, "c", NotMet),
            (1, "d", Met),
            (2, "a", NotMet),
        ],
    );
    old.set_final_score(&scale, 3, Some(4), "", now()).unwrap();
    // New: item 1 a, b, c met, d unsure (3 met: 4); item 2 met (5); item 3 rated 2.
    let mut new = review(
        &scale,
        (2026, 11, 20),
        &[
            (1, "a", Met),
            (1, "b", Met),
            (1, "c", Met),
            (1, "d", Unsure),
            (2, "a", Met),
        ],
    );
    new.set_final_score(&scale, 3, Some(2), "", now()).unwrap();

    let c = Comparison::of(("old", &old), ("new", &new), &scale).unwrap();
    assert_eq!((c.old.total, c.new.total, c.total_change), (9, 11, 2));
    assert_eq!(c.old.mean, Some(3.0));
    assert_eq!(c.new.mean.map(|m| (m * 100.0).round()), Some(367.0));
    assert_eq!(c.old.band.as_deref(), Some("Moderate"));
    let scores: Vec<_> = c.items.iter().map(|i| (i.old, i.new, i.change)).collect();
    assert_eq!(
        scores,
        [
            (Some(4), Some(4), Some(0)),
            (Some(1), Some(5), Some(4)),
            (Some(4), Some(2), Some(-2))
        ]
    );
    assert_eq!(
        (&c.improved[..], &c.declined[..], &c.unchanged[..]),
        (&[2][..], &[3][..], &[1][..])
    );
    assert!(c.not_scored.is_empty());
    let ids = |list: &[fidelity_review::review::compare::CriterionChange]| {
        list.iter()
            .map(|x| format!("{}{}", x.item, x.criterion))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&c.newly_met), ["1c", "2a"]);
    assert_eq!(ids(&c.newly_lost), ["1d"]);
    let means: Vec<_> = c.domains.iter().map(|d| (d.old_mean, d.new_mean)).collect();
    assert_eq!(means, [(Some(4.0), Some(4.0)), (Some(2.5), Some(3.5))]);

    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["old"]["mean"], 3);
    assert_eq!(json["new"]["mean"], 3.67);
    assert_eq!(json["items"][2]["change"], -2);
}

#[test]
fn an_item_scored_in_only_one_review_is_named_and_has_no_change() {
    let scale = mini();
    let mut old = review(&scale, (2025, 11, 12), &[(2, "a", Met)]);
    old.set_final_score(&scale, 3, Some(4), "", now()).unwrap();
    let new = review(&scale, (2026, 11, 20), &[(2, "a", Met)]);
    let c = Comparison::of(("old", &old), ("new", &new), &scale).unwrap();
    assert_eq!(c.not_scored, [1, 3]);
    assert_eq!(
        c.item(3).map(|i| (i.old, i.new, i.change)),
        Some((Some(4), None, None))
    );
    let json = serde_json::to_value(&c).unwrap();
    assert!(json["items"][2]["new"].is_null() && json["items"][2]["change"].is_null());
    assert_eq!(c.total_change, -4);
}

#[test]
fn reviews_on_another_scale_or_version_are_refused_naming_both() {
    let scale = mini();
    let old = review(&scale, (2025, 11, 12), &[]);
    let mut new = old.clone();
    new.scale.version = "2".into();
    let error = Comparison::of(("2025-north", &old), ("2026-north", &new), &scale).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, CompareError::OtherScale { .. }));
    for part in [
        "2025-north on mini version 1",
        "2026-north on mini version 2",
    ] {
        assert!(text.contains(part), "{text}");
    }
    new.scale.id = "core-crt".into();
    let text = Comparison::of(("a", &old), ("b", &new), &scale)
        .unwrap_err()
        .to_string();
    assert!(text.contains("b on core-crt"), "{text}");
}

/// A finished review of the mini pack with the given scores of items 1, 2 and 3.
fn card(scale: &Scale, path: &str, team: &str, date: u32, scores: [u8; 3]) -> Scorecard {
    let items: BTreeMap<u16, ItemRecord> = (1..=3)
        .zip(scores)
        .map(|(number, score)| {
            let record = ItemRecord {
                final_score: Some(score),
                ..ItemRecord::default()
            };
            (number, record)
        })
        .collect();
    Scorecard {
        path: path.to_owned(),
        scale: ScaleRef::of(scale),
        team: team.to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 1, date).unwrap(),
        updated: now(),
        items,
    }
}

#[test]
fn programme_figures_match_a_hand_worked_example() {
    let scale = mini();
    // Item 1 over six teams: 4, 2, 1, 5, 3, 2 → sorted 1, 2, 2, 3, 4, 5 (positions 0..5).
    //   Q1 at h = 5 × 0.25 = 1.25: 2 + 0.25 × (2 − 2) = 2
    //   median at h = 2.5: 2 + 0.5 × (3 − 2) = 2.5
    //   Q3 at h = 3.75: 3 + 0.75 × (4 − 3) = 3.75
    // Totals: 11, 7, 5, 13, 9, 8 → sorted 5, 7, 8, 9, 11, 13; median at h = 2.5: 8.5.
    // Care (items 2 and 3) means: 3.5, 2.5, 2, 4, 3, 3 → sorted 2, 2.5, 3, 3, 3.5, 4:
    //   Q1 at 1.25: 2.5 + 0.25 × 0.5 = 2.625; median 3; Q3 at 3.75: 3 + 0.75 × 0.5 = 3.375
    let cards = vec![
        card(&scale, "a.json", "A", 1, [4, 3, 4]),
        card(&scale, "b.json", "B", 1, [2, 3, 2]),
        card(&scale, "c.json", "C", 1, [1, 2, 2]),
        card(&scale, "d.json", "D", 1, [5, 4, 4]),
        card(&scale, "e.json", "E", 1, [3, 3, 3]),
        card(&scale, "f.json", "F", 1, [2, 3, 3]),
    ];
    let p = Programme::of(cards, Vec::new(), &scale, Pick::Latest);
    assert_eq!((p.reviews, p.team_count), (6, 6));
    let item1 = p.items[0].spread.unwrap();
    assert_eq!((item1.q1, item1.median, item1.q3), (2.0, 2.5, 3.75));
    assert_eq!((item1.min, item1.max, item1.n), (1.0, 5.0, 6));
    assert_eq!(p.median_total, Some(8.5));
    let care = p.domains[1].spread.unwrap();
    assert_eq!((care.q1, care.median, care.q3), (2.625, 3.0, 3.375));
    let a = &p.teams[0];
    assert_eq!((a.team.as_str(), a.total, a.vs_median), ("A", 11, 2.5));
    // Medians: item 1 2.5, item 2 3, item 3 3 (Q1 2.25 against 3): 1, then 3, then 2.
    assert_eq!(p.weakest, [1, 3, 2]);
    assert!(p.reference.is_none(), "no survey used the mini pack");

    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["items"][0]["median"], 2.5);
    assert_eq!(json["items"][0]["min"], 1);
    assert_eq!(json["domains"][1]["q1"], 2.63);
    assert_eq!(json["teams"][0]["vs_median"], 2.5);
}

#[test]
fn the_latest_review_of_each_team_counts_unless_all_are_asked_for() {
    let scale = mini();
    let cards = || {
        vec![
            card(&scale, "north-1.json", "North CRT", 1, [1, 1, 1]),
            card(&scale, "north-2.json", " north crt", 20, [5, 5, 5]),
            card(&scale, "south.json", "South CRT", 5, [3, 3, 3]),
        ]
    };
    let latest = Programme::of(cards(), Vec::new(), &scale, Pick::Latest);
    assert_eq!((latest.reviews, latest.team_count), (2, 2));
    let paths: Vec<_> = latest.teams.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(paths, ["north-2.json", "south.json"]);
    let all = Programme::of(cards(), Vec::new(), &scale, Pick::All);
    assert_eq!((all.reviews, all.team_count), (3, 2));
}

#[test]
fn unfinished_reviews_and_other_scales_are_left_out_with_why() {
    let scale = mini();
    let mut unfinished = card(&scale, "b-unfinished.json", "B", 1, [1, 2, 3]);
    unfinished.items.remove(&2);
    let mut other = card(&scale, "c-other.json", "C", 1, [1, 2, 3]);
    other.scale.version = "9".into();
    let mut out_of_range = card(&scale, "e-nine.json", "E", 1, [1, 2, 3]);
    out_of_range.items.get_mut(&2).unwrap().final_score = Some(9);
    let unreadable = LeftOut {
        path: "a-broken.json".into(),
        why: "it is not valid JSON".into(),
    };
    let p = Programme::of(
        vec![
            card(&scale, "d.json", "D", 1, [3, 3, 3]),
            unfinished,
            other,
            out_of_range,
        ],
        vec![unreadable],
        &scale,
        Pick::Latest,
    );
    assert_eq!(p.reviews, 1);
    let why: Vec<_> = p
        .left_out
        .iter()
        .map(|l| (l.path.as_str(), l.why.as_str()))
        .collect();
    assert_eq!(
        why,
        [
            ("a-broken.json", "it is not valid JSON"),
            ("b-unfinished.json", "unfinished: 2 of 3 items scored"),
            ("c-other.json", "made on mini version 9, not mini version 1"),
            ("e-nine.json", "item 2 has a final score of 9, outside 1–5"),
        ]
    );
}

#[test]
fn the_core_pack_carries_the_uk_2014_survey_as_reference() {
    let scale = pack::load_embedded().unwrap();
    let p = Programme::of(Vec::new(), Vec::new(), &scale, Pick::Latest);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["reference"],
        serde_json::json!({"name": "UK survey 2014", "teams": 75, "median_total": 122,
                           "iqr": [111, 132], "range": [73, 151]})
    );
    assert!(json["median_total"].is_null());
    assert_eq!(p.items.len(), 39);
}
