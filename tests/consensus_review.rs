//! The consensus review in the domain: its start state, the agenda, agreeing a score (with a
//! reason where reviewers differed), and a source that changed since it was read.

use std::fs;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fidelity_review::review::consensus::{self, AgreeError, SourceReview, Status, sha256_hex};
use fidelity_review::review::{Details, Finding, Review, ReviewKind};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store::{self, SourceState, Store};
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap()
}

fn core() -> Scale {
    pack::load_embedded().unwrap()
}

fn details(reviewer: &str) -> Details {
    Details {
        team: "North CRT".into(),
        organisation: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec![reviewer.into()],
        kind: ReviewKind::External,
    }
}

/// A reviewer copy with `scores` as final scores of items 1, 2, 3, …, and item 1's
/// criterion a found `a1`.
fn copy(scale: &Scale, reviewer: &str, scores: &[u8], a1: Finding) -> SourceReview {
    let mut review = Review::new(scale, details(reviewer), now());
    for (i, &score) in scores.iter().enumerate() {
        let item = i as u16 + 1;
        review.items.entry(item).or_default().final_score = Some(score);
    }
    review.set_finding(1, "a", a1, now());
    review.set_finding(1, "b", Finding::Met, now());
    review.set_note(1, "b", &format!("{reviewer}'s note"), now());
    let bytes = serde_json::to_vec(&review).unwrap();
    SourceReview {
        id: reviewer.to_lowercase(),
        path: format!("/reviews/{}.json", reviewer.to_lowercase()),
        sha256: sha256_hex(&bytes),
        review,
    }
}

fn three(scale: &Scale) -> Vec<SourceReview> {
    vec![
        copy(scale, "Ann Bell", &[5, 2, 4, 3], Finding::Met),
        copy(scale, "Bo Chen", &[5, 4, 4, 2], Finding::NotMet),
        copy(scale, "Cat Diaz", &[5, 3, 4, 3], Finding::Met),
    ]
}

fn made(scale: &Scale) -> Review {
    let sources = three(scale);
    let plan = consensus::plan(scale, &sources, None, None).unwrap();
    assert!(plan.mismatches.is_empty() && plan.warnings.is_empty());
    Review::consensus_of(scale, &sources, plan.details, now())
}

#[test]
fn items_all_agree_on_start_agreed_and_the_rest_make_the_agenda_by_spread() {
    let scale = core();
    let review = made(&scale);
    assert!(review.is_consensus());
    assert_eq!(review.kind_label(), "consensus");
    assert_eq!(review.status(1), Status::Agreed(5));
    assert_eq!(review.status(3), Status::Agreed(4));
    assert_eq!(review.status(2), Status::ToDiscuss);
    // Criterion 1b: all met; 1a: one reviewer differs, so not rated yet.
    assert_eq!(review.finding(1, "b"), Finding::Met);
    assert_eq!(review.finding(1, "a"), Finding::NotRated);
    let counts = review.consensus_counts(&scale);
    assert_eq!(counts.to_string(), "to discuss 37 · agreed 2");
    let agenda = review.agenda(&scale);
    // Item 2 (2, 4, 3: spread 2), then item 4 (3, 2, 3: spread 1), then the unscored items.
    assert_eq!(agenda[0].item, 2);
    assert_eq!(agenda[0].scores, vec![Some(2), Some(4), Some(3)]);
    assert_eq!(agenda[0].spread, Some(2));
    assert_eq!(agenda[1].item, 4);
    assert_eq!(agenda[1].spread, Some(1));
    assert_eq!(agenda[2].spread, None);
    assert_eq!(agenda[2].item, 5);
    assert_eq!(review.next_to_discuss(&scale, 1), Some(2));
    assert_eq!(review.next_to_discuss(&scale, 2), Some(4));
    assert_eq!(review.next_to_discuss(&scale, 4), Some(5));
    let last = agenda.last().unwrap().item;
    assert_eq!(review.next_to_discuss(&scale, last), Some(2), "wraps round");
}

#[test]
fn findings_and_scores_side_by_side_with_the_notes_on_demand() {
    let scale = core();
    let review = made(&scale);
    let c = review.consensus.as_ref().unwrap();
    let rows = c.side_by_side(&scale, &review, 1);
    assert_eq!(rows.len(), scale.item(1).unwrap().criteria.len());
    assert_eq!(rows[0].id, "a");
    assert_eq!(
        rows[0].findings,
        vec![Finding::Met, Finding::NotMet, Finding::Met]
    );
    assert_eq!(rows[0].agreed, Finding::NotRated);
    assert_eq!(rows[1].agreed, Finding::Met);
    assert_eq!(c.scores(&scale, 2), vec![Some(2), Some(4), Some(3)]);
    assert_eq!(consensus::spread(&c.scores(&scale, 2)), Some(2));
    assert_eq!(c.sources[1].initials(), "BC");
    // The figures over the copies it holds are those over the sources themselves.
    let sources = three(&scale);
    let reviews: Vec<&Review> = sources.iter().map(|s| &s.review).collect();
    assert_eq!(
        fidelity_review::review::agreement::of_consensus(&scale, c),
        fidelity_review::review::agreement::of_reviews(&scale, &reviews)
    );
    let notes = c.notes(1);
    assert_eq!(
        notes[2].criteria,
        vec![("b".to_owned(), "Cat Diaz's note".to_owned())]
    );
}

#[test]
fn an_agreed_score_where_reviewers_differed_needs_a_reason() {
    let scale = core();
    let mut review = made(&scale);
    let refused = review.set_agreed_score(&scale, 2, 3, "  ", now());
    assert!(
        matches!(
            refused,
            Err(AgreeError::ReasonRequired {
                item: 2,
                score: 3,
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(refused.unwrap_err().to_string().contains("gave 2, 4, 3"));
    assert_eq!(review.status(2), Status::ToDiscuss);
    review
        .set_agreed_score(&scale, 2, 3, "referrers phone, no online form", now())
        .unwrap();
    assert_eq!(review.status(2), Status::Agreed(3));
    assert_eq!(
        review.item(2).unwrap().rationale,
        "referrers phone, no online form"
    );
    assert_eq!(review.consensus_counts(&scale).agreed, 3);
    assert_eq!(review.next_to_discuss(&scale, 2), Some(4));
    // Where every reviewer gave the score, no reason is needed.
    review.reopen(&scale, 1, now());
    assert_eq!(review.status(1), Status::ToDiscuss);
    review.set_agreed_score(&scale, 1, 5, "", now()).unwrap();
    // An ordinary review has no agreed scores.
    let mut plain = Review::new(&scale, details("X"), now());
    assert_eq!(
        plain.set_agreed_score(&scale, 1, 3, "r", now()),
        Err(AgreeError::NotConsensus)
    );
    assert!(plain.agenda(&scale).is_empty());
    // The reason is in the JSON export, as the item's rationale.
    let json =
        fidelity_review::report::render(fidelity_review::report::Format::Json, &review, &scale);
    assert!(
        String::from_utf8(json)
            .unwrap()
            .contains("referrers phone, no online form")
    );
}

#[test]
fn the_sources_must_share_a_scale_and_details_that_differ_are_named() {
    let scale = core();
    let mut sources = three(&scale);
    sources[1].review.details.team = "North".into();
    sources[2].review.details.organisation = "Trust".into();
    sources[2].review.scale.content_hash = "0123456789abcdef".into();
    let plan = consensus::plan(&scale, &sources, None, None).unwrap();
    assert_eq!(plan.mismatches.len(), 1);
    assert!(plan.mismatches[0].to_string().contains("team"));
    assert!(
        plan.warnings.iter().any(|w| w.contains("other content")),
        "{:?}",
        plan.warnings
    );
    let settled = consensus::plan(&scale, &sources, Some("North CRT"), None).unwrap();
    assert!(settled.mismatches.is_empty());
    assert_eq!(settled.details.organisation, "Trust");
    assert_eq!(
        settled.details.reviewers,
        vec!["Ann Bell", "Bo Chen", "Cat Diaz"]
    );
    sources[0].review.scale.version = "1".into();
    assert!(matches!(
        consensus::plan(&scale, &sources, None, None),
        Err(consensus::ConsensusError::OtherScale { .. })
    ));
    assert!(matches!(
        consensus::plan(&scale, &sources[..1], None, None),
        Err(consensus::ConsensusError::Count(1))
    ));
}

#[test]
fn a_source_changed_since_it_was_read_is_found_and_can_be_read_again() {
    let scale = core();
    let dir = TempDir::new().unwrap();
    let store = Store::new(dir.path());
    let mut paths = Vec::new();
    for s in three(&scale) {
        // Each review of the same team and date gets its own file name.
        paths.push(store.create(&s.review).unwrap().path().to_path_buf());
    }
    let sources: Vec<SourceReview> = paths
        .iter()
        .map(|p| store::read_source(p).unwrap())
        .collect();
    assert_eq!(sources[0].sha256, sha256_hex(&fs::read(&paths[0]).unwrap()));
    let plan = consensus::plan(&scale, &sources, None, None).unwrap();
    let mut review = Review::consensus_of(&scale, &sources, plan.details, now());
    let session = store.create(&review).unwrap();
    assert_eq!(
        store::check_sources(&review),
        vec![SourceState::Unchanged; 3]
    );

    // A reviewer changes their copy after the consensus was made; another is deleted.
    let (mut writer, mut changed) = store::open(&paths[1]).unwrap();
    changed.items.entry(2).or_default().final_score = Some(3);
    writer.save(&changed).unwrap();
    drop(writer);
    fs::remove_file(&paths[2]).unwrap();
    let states = store::check_sources(&review);
    assert_eq!(
        states,
        vec![
            SourceState::Unchanged,
            SourceState::Changed,
            SourceState::Missing
        ]
    );
    let again = store::read_source(&paths[1]).unwrap();
    assert!(review.reread_source(1, &again, now()));
    let c = review.consensus.as_ref().unwrap();
    assert_eq!(c.scores(&scale, 2), vec![Some(2), Some(3), Some(3)]);
    assert_eq!(store::check_sources(&review)[1], SourceState::Unchanged);
    assert!(!review.reread_source(7, &again, now()));

    // A consensus review saves and reads back whole; a reviewer copy stays ordinary.
    let consensus_path = session.path().to_path_buf();
    let mut session = session;
    session.save(&review).unwrap();
    drop(session);
    assert_eq!(store::read(&consensus_path).unwrap(), review);
    assert!(!store::read(&paths[0]).unwrap().is_consensus());
}

#[test]
fn a_review_file_without_a_consensus_section_still_loads() {
    let text = r#"{
  "schema_version": 1,
  "scale": {"id": "core-crt", "version": "2", "content_hash": "h"},
  "details": {"team": "T", "date": "2026-11-23", "kind": "external"},
  "cursor": {"item": 1},
  "created": "2026-11-23T09:00:00Z",
  "updated": "2026-11-23T09:00:00Z"
}"#;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.json");
    fs::write(&path, text).unwrap();
    let review = store::read(&path).unwrap();
    assert!(!review.is_consensus());
    assert_eq!(review.kind_label(), "external");
    // And an ordinary review is written without one.
    let bytes = serde_json::to_string(&review).unwrap();
    assert!(!bytes.contains("consensus"));
}
