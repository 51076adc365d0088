//! Feedback, what would lift a score, recommendations, the action plan and method counts: the
//! domain as the app drives it, on the mini pack and the embedded CORE pack.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fidelity_review::review::lift::{self, drafts, lifts};
use fidelity_review::review::{Details, Field, Finding, PlanError, Review, ReviewKind, Status};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store::Store;

fn mini() -> Scale {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    pack::load_dir(&dir).expect("the mini pack loads")
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).unwrap()
}

fn details() -> Details {
    Details {
        team: "North CRT".to_owned(),
        organisation: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec![],
        kind: ReviewKind::External,
    }
}

fn rate(review: &mut Review, item: u16, findings: &[(&str, Finding)]) {
    for (id, finding) in findings {
        review.set_finding(item, id, *finding, at(1));
    }
}

#[test]
fn the_next_anchor_and_the_criteria_that_reach_it() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), at(0));
    // Item 1 (4 criteria, anchors 0..4 met -> 1..5): 2 met, c not met, d unsure -> 3.
    rate(
        &mut review,
        1,
        &[
            ("a", Finding::Met),
            ("b", Finding::Met),
            ("c", Finding::NotMet),
            ("d", Finding::Unsure),
        ],
    );
    let found = lifts(&scale, &review);
    assert_eq!(found.len(), 1, "{found:?}");
    let lift = &found[0];
    assert_eq!((lift.item, lift.from, lift.to, lift.needed), (1, 3, 4, 1));
    assert_eq!(lift.criteria, ["c", "d"]);
    assert_eq!(lift.unsure, ["d"]);
    assert!(lift.is_quick_win());
    assert!(!lift.provisional);

    // Item 2's anchors are provisional and jump from 1 (none met) to 5 (one met).
    rate(&mut review, 2, &[("a", Finding::NotMet)]);
    let two = lift::lift(scale.item(2).unwrap(), &review, scale.rating).unwrap();
    assert_eq!((two.from, two.to, two.needed), (1, 5, 1));
    assert!(
        two.provisional,
        "provisional anchors make a provisional lift"
    );
}

#[test]
fn no_lift_at_the_top_while_open_when_rated_directly_or_overridden() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), at(0));
    // Still open: d not rated could change the score.
    rate(
        &mut review,
        1,
        &[
            ("a", Finding::Met),
            ("b", Finding::NotMet),
            ("c", Finding::NotMet),
        ],
    );
    assert!(lifts(&scale, &review).is_empty());
    rate(&mut review, 1, &[("d", Finding::NotMet)]);
    assert_eq!(lifts(&scale, &review)[0].needed, 1);
    // Overridden: the reviewer's score stands, not the anchors'.
    review
        .set_final_score(&scale, 1, Some(4), "Seen in practice.", at(2))
        .unwrap();
    assert!(lifts(&scale, &review).is_empty());
    // At the top, and rated directly.
    rate(&mut review, 2, &[("a", Finding::Met)]);
    review
        .set_final_score(&scale, 3, Some(2), "", at(3))
        .unwrap();
    assert!(lifts(&scale, &review).is_empty());
}

#[test]
fn lifts_follow_the_anchors_of_the_core_pack_as_data() {
    let scale = pack::load_embedded().unwrap();
    let item = scale
        .items
        .iter()
        .find(|i| i.anchors.as_ref().is_some_and(|a| !a.provisional))
        .expect("an item with the scale's own anchors");
    let anchors = item.anchors.as_ref().unwrap();
    let mut review = Review::new(&scale, details(), at(0));
    for criterion in &item.criteria {
        review.set_finding(item.number, &criterion.id, Finding::NotMet, at(1));
    }
    let lift = lift::lift(item, &review, scale.rating).unwrap();
    // The fewest criteria met that score above the score for none.
    let first_higher = (1..anchors.by_count.len())
        .find(|&n| anchors.by_count[n] > anchors.by_count[0])
        .unwrap();
    assert_eq!(lift.needed, first_higher);
    assert_eq!(lift.from, anchors.by_count[0]);
    assert_eq!(lift.to, anchors.by_count[first_higher]);
    assert_eq!(lift.criteria.len(), item.criteria.len());
}

#[test]
fn drafts_are_accepted_edited_or_dropped_and_not_offered_again() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), at(0));
    rate(
        &mut review,
        1,
        &[
            ("a", Finding::Met),
            ("b", Finding::Met),
            ("c", Finding::NotMet),
            ("d", Finding::Unsure),
        ],
    );
    rate(&mut review, 2, &[("a", Finding::NotMet)]);
    let offered = drafts(&scale, &review);
    assert_eq!(offered.len(), 2);
    assert_eq!(
        offered[0].text,
        "To reach 4 (now 3), meet one more of these: c) Calls are logged. \
         d) Missed calls are reviewed."
    );

    let id = review
        .accept_draft(
            &offered[0],
            Some("Log every call and review misses weekly."),
            at(5),
        )
        .unwrap();
    let dropped = review.drop_draft(&offered[1], at(6));
    assert!(
        drafts(&scale, &review).is_empty(),
        "neither is offered again"
    );
    let plan: Vec<u32> = review.action_plan().map(|r| r.id).collect();
    assert_eq!(plan, [id], "a dropped draft is not in the plan");
    assert_eq!(review.recommendation(id).unwrap().criteria, ["c", "d"]);

    assert!(review.set_owner(id, " Team manager ", at(7)).unwrap());
    let date = NaiveDate::from_ymd_opt(2027, 3, 1);
    assert!(review.set_target_date(id, date, at(8)).unwrap());
    assert!(
        !review.set_target_date(id, date, at(8)).unwrap(),
        "no change"
    );
    assert!(
        review
            .set_recommendation_text(id, "Log every call.", at(9))
            .unwrap()
    );
    assert_eq!(
        review.set_recommendation_text(id, "  ", at(9)),
        Err(PlanError::EmptyText)
    );
    assert_eq!(
        review.set_owner(99, "x", at(9)),
        Err(PlanError::NoSuchRecommendation(99))
    );
    assert!(
        review
            .set_recommendation_status(dropped, Status::Accepted, at(10))
            .unwrap()
    );
    let own = review
        .add_recommendation(None, "Share the report with staff.", at(11))
        .unwrap();
    assert_eq!(own, 3, "ids are never reused");
    assert_eq!(review.action_plan().count(), 3);
    let rec = review.recommendation(id).unwrap();
    assert_eq!((rec.owner.as_str(), rec.target), ("Team manager", date));

    // Every change is in the log, with the recommendation it touched.
    let logged: Vec<(Field, Option<u32>, &str)> = review
        .log
        .iter()
        .filter(|c| c.recommendation.is_some())
        .map(|c| (c.field, c.recommendation, c.new.as_str()))
        .collect();
    assert_eq!(
        logged,
        [
            (
                Field::Recommendation,
                Some(1),
                "Log every call and review misses weekly."
            ),
            (Field::Recommendation, Some(2), offered[1].text.as_str()),
            (Field::RecommendationStatus, Some(2), "dropped"),
            (Field::Owner, Some(1), "Team manager"),
            (Field::TargetDate, Some(1), "2027-03-01"),
            (Field::Recommendation, Some(1), "Log every call."),
            (Field::RecommendationStatus, Some(2), "accepted"),
            (
                Field::Recommendation,
                Some(3),
                "Share the report with staff."
            ),
        ]
    );
}

#[test]
fn feedback_and_method_counts_are_logged_like_the_other_changes() {
    let scale = mini();
    let mut review = Review::new(&scale, details(), at(0));
    assert!(review.set_feedback(1, "Calls are answered fast.", at(1)));
    assert!(review.set_feedback(1, "Calls are answered fast; log them.", at(2)));
    assert!(!review.set_feedback(1, "Calls are answered fast; log them.", at(2)));
    assert_eq!(review.feedback(1), "Calls are answered fast; log them.");
    let feedback: Vec<_> = review
        .log
        .iter()
        .filter(|c| c.field == Field::Feedback)
        .collect();
    assert_eq!(
        feedback.len(),
        1,
        "a run of edits is one entry, as for notes"
    );
    assert_eq!(feedback[0].new, "Calls are answered fast; log them.");

    assert!(review.set_method_count("C", Some(10), at(3)));
    assert!(review.set_method_count("SU", Some(6), at(3)));
    assert!(!review.set_method_count("C", Some(10), at(4)));
    assert!(review.set_method_count("C", Some(8), at(4)));
    assert!(review.set_method_count("SU", None, at(5)));
    assert_eq!(review.method.count("C"), Some(8));
    assert_eq!(review.method.count("SU"), None);
    let counts: Vec<(&str, &str)> = review
        .log
        .iter()
        .filter(|c| c.field == Field::MethodCount)
        .map(|c| (c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        counts,
        [("", "C 10"), ("", "SU 6"), ("C 10", "C 8"), ("SU 6", "")]
    );
}

#[test]
fn reviews_without_the_new_answers_are_saved_as_before_and_old_files_load() {
    let scale = mini();
    let temp = tempfile::TempDir::new().unwrap();
    let store = Store::new(temp.path());
    // A review that uses none of it writes no new keys, so older builds read it as before.
    let mut plain = Review::new(&scale, details(), at(0));
    rate(&mut plain, 1, &[("a", Finding::Met)]);
    let session = store.create(&plain).unwrap();
    let text = std::fs::read_to_string(session.path()).unwrap();
    for key in [
        "feedback",
        "recommendations",
        "method",
        "\"recommendation\"",
    ] {
        assert!(
            !text.contains(key),
            "{key} written for a plain review:\n{text}"
        );
    }
    drop(session);

    // A file of the first format, as older builds wrote it, loads with everything empty.
    let old = r#"{
  "schema_version": 1,
  "scale": {"id": "mini", "version": "1", "content_hash": "h"},
  "details": {"team": "T", "date": "2026-11-23", "kind": "external"},
  "items": {"1": {"criteria": {"a": {"finding": "met"}}, "final_score": null}},
  "cursor": {"item": 1},
  "created": "2026-11-23T09:00:00Z",
  "updated": "2026-11-23T09:00:00Z",
  "log": [{"at": "2026-11-23T09:00:00Z", "field": "created", "old": "", "new": "T"}]
}
"#;
    let path = temp.path().join("old.json");
    std::fs::write(&path, old).unwrap();
    let review = fidelity_review::store::read(&path).unwrap();
    assert!(review.recommendations.is_empty());
    assert!(review.method.is_empty());
    assert_eq!(review.feedback(1), "");

    // And everything new survives a save and a read.
    let mut full = plain.clone();
    full.set_feedback(1, "Good.", at(2));
    full.add_recommendation(Some(1), "Keep it up.", at(3))
        .unwrap();
    full.set_method_count("M", Some(1), at(4));
    let session = store.create(&full).unwrap();
    let back = fidelity_review::store::read(session.path()).unwrap();
    assert_eq!(back, full);
}
