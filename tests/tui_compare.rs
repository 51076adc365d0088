//! The compare screen, reached from the home list, and the last review's score beside each
//! item of the review screen, driven by key presses.

mod tui_common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use fidelity_review::review::{Finding, Previous, Review};
use fidelity_review::tui::Start;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SMALL: (u16, u16) = (80, 24);

fn old_path() -> PathBuf {
    PathBuf::from("/data/fidelity-review/2025-11-12-north-crt.json")
}

fn new_path() -> PathBuf {
    PathBuf::from("/data/fidelity-review/2026-11-20-north-crt.json")
}

/// North CRT reviewed twice: item 1 from 2 to 4 criteria met (3 → 5), item 2 met then not met
/// (5 → 1), item 3 rated 4 both times: totals 12 and 10. The later review was changed last, so it is listed
/// first.
fn shelf() -> Shelf {
    let scale = mini_scale();
    let at = now() - Duration::days(3);
    let mut old_details = details("North CRT");
    old_details.date = NaiveDate::from_ymd_opt(2025, 11, 12).unwrap();
    let mut old = Review::new(&scale, old_details, at);
    for (id, finding) in [
        ("a", Finding::Met),
        ("b", Finding::Met),
        ("c", Finding::NotMet),
    ] {
        old.set_finding(1, id, finding, at);
    }
    old.set_finding(1, "d", Finding::NotMet, at);
    old.set_finding(2, "a", Finding::Met, at);
    old.set_final_score(&scale, 3, Some(4), "", at).unwrap();

    let later = now() - Duration::days(1);
    let mut new_details = details("North CRT");
    new_details.date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut new = Review::new(&scale, new_details, later);
    for id in ["a", "b", "c", "d"] {
        new.set_finding(1, id, Finding::Met, later);
    }
    new.set_finding(2, "a", Finding::NotMet, later);
    new.set_final_score(&scale, 3, Some(4), "", later).unwrap();

    let mut shelf = Shelf::default();
    shelf.sessions.insert(old_path(), old);
    shelf.sessions.insert(new_path(), new);
    shelf
}

#[test]
fn marking_two_reviews_and_pressing_c_compares_them_earlier_first() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    // The later review is listed first: mark it, then the earlier one.
    ui.keys(" j ");
    let home = ui.screen();
    let marked: Vec<&str> = home.lines().filter(|l| l.contains('●')).collect();
    assert_eq!(marked.len(), 2, "{home}");
    ui.keys("c");
    let screen = ui.screen();
    assert!(
        screen.starts_with("Compare · North CRT · 2025-11-12 → 2026-11-20"),
        "{screen}"
    );
    assert!(
        screen.contains("Total 12 → 10 (-2) · mean 4.00 → 3.33 · band Moderate → Moderate"),
        "{screen}"
    );
    assert!(
        screen.contains("Improved 1 · declined 2 · unchanged 3"),
        "{screen}"
    );
    let row = |number: &str| {
        screen
            .lines()
            .find(|l| l.trim_start().starts_with(number) && l.contains("  "))
            .unwrap_or_default()
            .split_whitespace()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("1  Answering"), ["+2", "5", "3"], "{screen}");
    assert_eq!(row("2  Home"), ["-4", "1", "5"], "{screen}");
    assert!(screen.contains("Criteria newly met: 2"), "{screen}");
    assert!(screen.contains("1c  Calls are logged."), "{screen}");
    assert!(
        screen.contains("1d  Missed calls are reviewed."),
        "{screen}"
    );
    assert!(screen.contains("2a  Visits happen at home."), "{screen}");
    assert!(screen.contains("Criteria newly lost: 1"), "{screen}");
    assert_snapshot!("compare_80x24", screen);

    ui.press(KeyCode::Esc);
    assert!(ui.screen().starts_with("Reviews on this machine"));
}

#[test]
fn the_lower_part_scrolls_and_the_totals_stay() {
    let mut ui = Ui::new(shelf(), Start::Home, (80, 18));
    ui.keys(" j c");
    assert!(ui.screen().contains("Domain"));
    ui.keys("jjjjjjjjjjjjjjjjjjjj");
    let screen = ui.screen();
    assert!(!screen.contains("Domain  "), "{screen}");
    assert!(screen.contains("Criteria newly lost: 1"), "{screen}");
    assert!(screen.contains("Total 12 → 10"), "{screen}");
    ui.keys("kk");
    assert!(ui.screen().contains("Domain"), "{}", ui.screen());
}

#[test]
fn compare_needs_two_marks_and_space_takes_a_mark_off() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("c");
    assert!(
        ui.screen()
            .contains("Mark two reviews with Space, then press c to compare them")
    );
    ui.keys("  c");
    let screen = ui.screen();
    assert!(!screen.contains('●'), "{screen}");
    assert!(screen.contains("Mark two reviews with Space"), "{screen}");
    assert!(screen.starts_with("Reviews on this machine"));
}

#[test]
fn reviews_on_another_scale_are_refused_with_both_named() {
    let mut shelf = shelf();
    shelf.sessions.get_mut(&old_path()).unwrap().scale.version = "9".into();
    let mut ui = Ui::new(shelf, Start::Home, SMALL);
    ui.keys(" j c");
    let screen = ui.screen();
    assert!(
        screen.contains("These reviews cannot be compared"),
        "{screen}"
    );
    let flat: String = screen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("2025-11-12-north-crt on mini version 9"),
        "{screen}"
    );
    assert!(
        flat.contains("2026-11-20-north-crt on mini version 1"),
        "{screen}"
    );
}

#[test]
fn the_review_screen_shows_the_last_reviews_score_beside_the_item() {
    let scale = mini_scale();
    let mut review = Review::new(&scale, details("North CRT"), now());
    review.previous = Some(Previous {
        id: "2025-11-12-north-crt".into(),
        date: NaiveDate::from_ymd_opt(2025, 11, 12).unwrap(),
        scores: BTreeMap::from([(1, 3), (3, 4)]),
    });
    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), review);
    let mut ui = Ui::new(shelf, Start::Open(review_path()), SMALL);
    let screen = ui.screen();
    let header: Vec<&str> = screen.lines().take(2).collect();
    assert!(
        header[1].contains("Access · last review 2025-11-12: 3"),
        "{screen}"
    );
    ui.keys("l");
    assert!(
        ui.screen().contains("last review 2025-11-12: not scored"),
        "{}",
        ui.screen()
    );
    ui.keys("l");
    assert!(ui.screen().contains("last review 2025-11-12: 4"));
}

#[test]
fn a_review_without_a_last_review_shows_none() {
    let ui = Ui::with_review(SMALL);
    assert!(!ui.screen().contains("last review"));
}
