//! The consensus screen: three reviewers side by side, agreeing findings and scores (with a
//! reason where the reviewers differed), the next item to discuss, the reviewers' notes, and
//! the summary with each reviewer's score beside the agreed one.

mod tui_common;

use chrono::NaiveDate;
use fidelity_review::review::consensus::{SourceReview, sha256_hex};
use fidelity_review::review::{Details, Finding, Review, ReviewKind};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::tui::Start;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use tui_common::{Shelf, Ui, now, review_path};

fn core() -> Scale {
    pack::load_embedded().unwrap()
}

fn details(reviewers: &[&str]) -> Details {
    Details {
        team: "North CRT".into(),
        organisation: "North Trust".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        reviewers: reviewers.iter().map(|r| (*r).to_owned()).collect(),
        kind: ReviewKind::External,
    }
}

/// A reviewer copy with `scores` as the final scores of items 1, 2, 3, …; item 1's criterion
/// a found `a1` and b met, with a note.
fn copy(scale: &Scale, reviewer: &str, scores: &[u8], a1: Finding) -> SourceReview {
    let mut review = Review::new(scale, details(&[reviewer]), now());
    for (i, &score) in scores.iter().enumerate() {
        let item = i as u16 + 1;
        review.items.entry(item).or_default().final_score = Some(score);
    }
    review.set_finding(1, "a", a1, now());
    review.set_finding(1, "b", Finding::Met, now());
    review.set_note(1, "b", &format!("{reviewer} saw the rota"), now());
    let bytes = serde_json::to_vec(&review).unwrap();
    SourceReview {
        id: reviewer.to_lowercase().replace(' ', "-"),
        path: format!("/reviews/{}.json", reviewer.to_lowercase()),
        sha256: sha256_hex(&bytes),
        review,
    }
}

fn consensus_ui(size: (u16, u16)) -> Ui {
    let scale = core();
    let sources = vec![
        copy(&scale, "Ann Bell", &[5, 2, 4, 3], Finding::Met),
        copy(&scale, "Bo Chen", &[5, 4, 4, 2], Finding::NotMet),
        copy(&scale, "Cat Diaz", &[5, 3, 4, 3], Finding::Met),
    ];
    let review = Review::consensus_of(
        &scale,
        &sources,
        details(&["Ann Bell", "Bo Chen", "Cat Diaz"]),
        now(),
    );
    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), review);
    Ui::with_scale(scale, shelf, Start::Open(review_path()), size)
}

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{screen}"))
}

#[test]
fn a_consensus_review_opens_with_the_reviewers_side_by_side() {
    let ui = consensus_ui((80, 24));
    let screen = ui.screen();
    assert!(screen.contains("Item 1 of 39"), "{screen}");
    assert!(screen.contains("to discuss 37 · agreed 2"), "{screen}");
    let heading = line_with(&screen, "Criterion");
    for initials in ["AB", "BC", "CD", "Agreed"] {
        assert!(heading.contains(initials), "{heading}");
    }
    // Criterion a: met, not met, met; not agreed yet. Criterion b: met by all, so agreed.
    let a = line_with(&screen, "a) ");
    assert_eq!(a.matches('✓').count(), 2, "{a}");
    assert_eq!(a.matches('✗').count(), 1, "{a}");
    let b = line_with(&screen, "b) ");
    assert_eq!(b.matches('✓').count(), 4, "{b}");
    let scores = line_with(&screen, "Scores");
    assert!(scores.contains("AB 5") && scores.contains("BC 5") && scores.contains("CD 5"));
    assert!(scores.contains("all alike"), "{scores}");
    assert!(line_with(&screen, "Agreed 5").contains("Agreed 5"));
}

#[test]
fn tab_goes_to_the_item_with_the_largest_spread_and_a_score_there_needs_a_reason() {
    let mut ui = consensus_ui((80, 24));
    ui.press(KeyCode::Tab);
    let screen = ui.screen();
    assert!(screen.contains("Item 2 of 39"), "{screen}");
    let scores = line_with(&screen, "Scores");
    assert!(
        scores.contains("AB 2") && scores.contains("BC 4"),
        "{scores}"
    );
    assert!(scores.contains("CD 3"), "{scores}");
    assert!(scores.contains("spread 2"), "{scores}");
    assert!(screen.contains("To discuss"), "{screen}");

    ui.keys("3");
    let screen = ui.screen();
    assert!(screen.contains("Agreed score 3 for item 2"), "{screen}");
    assert!(
        screen.contains("The reviewers gave 2, 4, 3 (spread 2)."),
        "{screen}"
    );
    ui.press(KeyCode::Enter);
    assert!(
        ui.screen().contains("required"),
        "nothing written: asked again"
    );
    ui.keys("Rota seen at the visit");
    ui.press(KeyCode::Enter);
    let saved = ui.saved();
    let record = saved.item(2).unwrap();
    assert_eq!(record.final_score, Some(3));
    assert_eq!(record.rationale, "Rota seen at the visit");
    let screen = ui.screen();
    assert!(screen.contains("to discuss 36 · agreed 3"), "{screen}");
    assert!(
        screen.contains("Reason: Rota seen at the visit"),
        "{screen}"
    );

    // Next to discuss after item 2: item 4 (spread 1), then the unscored items.
    ui.keys("d");
    assert!(ui.screen().contains("Item 4 of 39"), "{}", ui.screen());
    // 0 puts an agreed item back on the agenda.
    ui.keys("g2");
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("Item 2 of 39"), "{}", ui.screen());
    ui.keys("0");
    assert_eq!(ui.saved().item(2).unwrap().final_score, None);
    assert!(ui.screen().contains("to discuss 37 · agreed 2"));
}

#[test]
fn a_score_every_reviewer_gave_is_agreed_without_a_reason() {
    let mut ui = consensus_ui((80, 24));
    ui.keys("g3");
    ui.press(KeyCode::Enter);
    // Every reviewer gave item 3 a 4, so it starts agreed; 0 puts it back on the agenda.
    assert!(ui.screen().contains("Agreed 4"), "{}", ui.screen());
    ui.keys("0");
    assert_eq!(ui.saved().item(3).and_then(|r| r.final_score), None);
    assert!(ui.screen().contains("To discuss"), "{}", ui.screen());
    ui.keys("4");
    assert_eq!(ui.saved().item(3).unwrap().final_score, Some(4));
    assert!(ui.screen().contains("Agreed 4"), "{}", ui.screen());
    assert!(ui.app.overlays().is_empty());
}

#[test]
fn the_agreed_findings_are_set_with_the_usual_keys_and_move_the_suggestion() {
    let mut ui = consensus_ui((80, 24));
    ui.keys("y");
    assert_eq!(ui.saved().finding(1, "a"), Finding::Met);
    let a = line_with(&ui.screen(), "a) ").to_owned();
    assert_eq!(a.matches('✓').count(), 3, "{a}");
    ui.keys("jn");
    assert_eq!(ui.saved().finding(1, "b"), Finding::NotMet);
    ui.keys("ju");
    assert_eq!(ui.saved().finding(1, "c"), Finding::Unsure);
}

#[test]
fn r_shows_the_reviewers_notes_and_hides_them_again() {
    let mut ui = consensus_ui((80, 24));
    assert!(!ui.screen().contains("Ann Bell saw the rota"));
    ui.keys("r");
    let screen = ui.screen();
    assert!(screen.contains("Reviewers' notes"), "{screen}");
    for note in [
        "AB b): Ann Bell saw",
        "BC b): Bo Chen saw",
        "CD b): Cat Diaz saw",
    ] {
        assert!(screen.contains(note), "{note} in\n{screen}");
    }
    ui.keys("r");
    assert!(!ui.screen().contains("Reviewers' notes"));
}

#[test]
fn everything_is_seen_at_120x40_and_80x24() {
    for size in [(80, 24), (120, 40)] {
        let mut ui = consensus_ui(size);
        ui.press(KeyCode::Tab);
        ui.keys("r");
        let screen = ui.screen();
        for needle in [
            "Item 2 of 39",
            "to discuss 37",
            "Criterion",
            "Scores",
            "Agreed",
            "q quit",
        ] {
            assert!(screen.contains(needle), "{needle} at {size:?}:\n{screen}");
        }
        // Every criterion of item 2 has its row with a column for each reviewer.
        let criteria = core().item(2).unwrap().criteria.len();
        let rows = screen
            .lines()
            .filter(|l| l.matches('·').count() >= 4)
            .count();
        assert!(
            rows >= criteria.min(6),
            "{rows} rows at {size:?}:\n{screen}"
        );
    }
}

#[test]
fn consensus_80x24() {
    let mut ui = consensus_ui((80, 24));
    ui.keys("y");
    assert_snapshot!(ui.screen());
}

#[test]
fn the_summary_shows_each_reviewers_score_beside_the_agreed_one_and_the_figures() {
    let mut ui = consensus_ui((80, 24));
    ui.keys("s");
    let screen = ui.screen();
    assert!(screen.contains("consensus review"), "{screen}");
    assert!(screen.contains("Agreement"), "{screen}");
    // Items 1 and 3 every reviewer scored alike, items 2 and 4 differ: 2 of 4 exact, 3 of 4
    // within one point.
    let figures = line_with(&screen, "Agreement");
    assert!(figures.contains("(4 items)"), "{figures}");
    assert!(figures.contains("exact 50%"), "{figures}");
    assert!(figures.contains("within one 75%"), "{figures}");
    assert!(
        line_with(&screen, "Reviewers").contains("AB Ann Bell"),
        "{screen}"
    );
    // Item 1's criteria a and b are rated by all three: b alike, a not.
    let criteria = line_with(&screen, "Fleiss");
    assert!(criteria.starts_with("Criteria"), "{criteria}");
    assert!(
        criteria.contains("alike 50%") && criteria.contains("(2 criteria)"),
        "{criteria}"
    );
    let heading = line_with(&screen, "Title");
    assert!(heading.contains(" AB BC CD"), "{heading}");
    let item2 = line_with(&screen, "Easily accessible");
    assert!(item2.contains("  2  4  3"), "{item2}");
}

#[test]
fn a_reviewers_file_changed_since_it_was_read_is_offered_and_r_reads_it_again() {
    let scale = core();
    let dir = tempfile::TempDir::new().unwrap();
    let store = fidelity_review::store::Store::new(dir.path());
    let copies = [
        copy(&scale, "Ann Bell", &[5, 2, 4, 3], Finding::Met),
        copy(&scale, "Bo Chen", &[5, 4, 4, 2], Finding::NotMet),
        copy(&scale, "Cat Diaz", &[5, 3, 4, 3], Finding::Met),
    ];
    let mut paths = Vec::new();
    for copy in &copies {
        paths.push(store.create(&copy.review).unwrap().path().to_path_buf());
    }
    let sources: Vec<SourceReview> = paths
        .iter()
        .map(|p| fidelity_review::store::read_source(p).unwrap())
        .collect();
    let review = Review::consensus_of(
        &scale,
        &sources,
        details(&["Ann Bell", "Bo Chen", "Cat Diaz"]),
        now(),
    );
    // Bo Chen changes item 2 from 4 to 3 after the consensus was made.
    let (mut writer, mut changed) = fidelity_review::store::open(&paths[1]).unwrap();
    changed.items.entry(2).or_default().final_score = Some(3);
    writer.save(&changed).unwrap();
    drop(writer);

    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), review);
    let mut ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), (80, 24));
    let screen = ui.screen();
    assert!(
        screen.contains("Changed since it was read: BC (R reads it again)"),
        "{screen}"
    );
    ui.press(KeyCode::Tab);
    assert!(line_with(&ui.screen(), "Scores").contains("BC 4"));
    ui.keys("R");
    let screen = ui.screen();
    assert!(screen.contains("Read again: BC"), "{screen}");
    assert!(line_with(&screen, "Scores").contains("BC 3"), "{screen}");
    let saved = ui.saved();
    let consensus = saved.consensus.as_ref().unwrap();
    assert_eq!(
        consensus.scores(&core(), 2),
        vec![Some(2), Some(3), Some(3)]
    );
    assert_eq!(
        fidelity_review::store::check_sources(&saved),
        vec![fidelity_review::store::SourceState::Unchanged; 3]
    );
    ui.keys("R");
    assert!(
        ui.screen()
            .contains("No reviewer's file changed since it was read"),
        "{}",
        ui.screen()
    );
}

#[test]
fn help_lists_the_consensus_keys() {
    let mut ui = consensus_ui((80, 24));
    ui.keys("?");
    let screen = ui.screen();
    for key in [
        "next to discuss",
        "agreed score",
        "notes",
        "back to discuss",
    ] {
        assert!(screen.contains(key), "{key} in\n{screen}");
    }
}
