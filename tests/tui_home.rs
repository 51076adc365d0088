//! The home screen, the new-review form and exports, driven by key presses.

mod tui_common;

use std::path::PathBuf;

use chrono::Duration;
use fidelity_review::review::{Finding, Review, ReviewKind};
use fidelity_review::tui::Start;
use fidelity_review::tui::library::ExportFormat;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

/// Two reviews (the self-review changed later) and a broken file.
fn shelf() -> Shelf {
    let scale = mini_scale();
    let mut shelf = Shelf::default();
    let mut older = Review::new(&scale, details("Crisis Team"), now() - Duration::days(2));
    older
        .set_final_score(&scale, 3, Some(4), "", now() - Duration::days(2))
        .unwrap();
    let mut newer_details = details("Home Treatment");
    newer_details.kind = ReviewKind::SelfReview;
    let newer = Review::new(&scale, newer_details, now() - Duration::hours(1));
    shelf.sessions.insert(review_path(), older);
    shelf.sessions.insert(
        PathBuf::from("/data/fidelity-review/2025-03-14-home-treatment.json"),
        newer,
    );
    shelf.unreadable.push((
        PathBuf::from("/data/fidelity-review/broken.json"),
        "line 3, column 7: expected a value".to_owned(),
    ));
    shelf
}

#[test]
fn home_lists_reviews_newest_first_and_unreadable_files_with_the_reason() {
    for size in [SMALL, LARGE] {
        let ui = Ui::new(shelf(), Start::Home, size);
        let screen = ui.screen();
        let rows: Vec<&str> = screen.lines().filter(|l| l.contains("2025-03-")).collect();
        assert!(
            rows[0].contains("Home Treatment") && rows[0].contains("self"),
            "{screen}"
        );
        assert!(rows[0].contains("0/3"));
        assert!(rows[1].contains("Crisis Team") && rows[1].contains("external"));
        assert!(rows[1].contains("1/3"));
        assert!(screen.contains("⚠ broken.json"));
        assert!(screen.contains("cannot be read: line 3, column 7: expected a value"));
        assert!(screen.contains("Reviews are kept in /data/fidelity-review"));
        assert_snapshot!(format!("home_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn enter_resumes_the_selected_review_where_it_was_left() {
    let mut shelf = shelf();
    shelf.sessions.get_mut(&review_path()).unwrap().cursor.item = 2;
    let mut ui = Ui::new(shelf, Start::Home, SMALL);
    ui.keys("j");
    ui.press(KeyCode::Enter);
    assert!(
        ui.screen().starts_with("Item 2 of 3 · Home visits"),
        "{}",
        ui.screen()
    );
}

#[test]
fn an_unreadable_review_says_why_and_is_not_opened() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("jj");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("This review cannot be read"), "{screen}");
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("Reviews are kept in"));
}

#[test]
fn s_on_home_shows_the_summary_of_the_selected_review_and_esc_comes_back() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("js");
    let screen = ui.screen();
    assert!(screen.starts_with("Summary · Crisis Team"), "{screen}");
    assert!(screen.contains("Total 4"));
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("Reviews are kept in"));
}

#[test]
fn an_empty_home_says_how_to_start() {
    let ui = Ui::new(Shelf::default(), Start::Home, SMALL);
    assert!(ui.screen().contains("No reviews yet."));
    assert!(ui.screen().contains("Press n to start a new review."));
}

#[test]
fn the_new_review_form_shows_errors_beside_their_fields() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::new(Shelf::default(), Start::Home, size);
        ui.keys("n");
        let screen = ui.screen();
        assert!(screen.starts_with("New review"), "{screen}");
        assert!(screen.contains("2025-03-14"), "today by default");
        ui.press(KeyCode::Tab).press(KeyCode::Tab);
        for _ in 0..10 {
            ui.press(KeyCode::Backspace);
        }
        ui.keys("14/03/2025");
        ui.ctrl('s');
        let screen = ui.screen();
        assert!(
            screen.contains("✗ A team is required: type the team's name"),
            "{screen}"
        );
        assert!(screen.contains("✗ Not a date: use YYYY-MM-DD"));
        assert!(
            screen.contains("› Team"),
            "the focus goes to the first error"
        );
        assert_snapshot!(format!("new_review_errors_{}x{}", size.0, size.1), screen);
        assert!(ui.shelf.borrow().sessions.is_empty());
    }
}

#[test]
fn the_form_creates_and_opens_the_review() {
    let mut ui = Ui::new(Shelf::default(), Start::Home, SMALL);
    ui.keys("n").keys("Crisis Team");
    ui.press(KeyCode::Tab).keys("North Trust");
    ui.press(KeyCode::Enter); // Enter moves on until the last field
    ui.press(KeyCode::Tab);
    ui.app.update(fidelity_review::tui::action::Action::Paste(
        "Ann\nBo\n".to_owned(),
    ));
    ui.keys(", Cy");
    ui.press(KeyCode::Tab).keys(" ");
    assert!(ui.screen().contains("(•) self-review"));
    ui.press(KeyCode::BackTab).press(KeyCode::Tab);
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(
        screen.starts_with("Item 1 of 3 · Answering calls"),
        "{screen}"
    );
    let shelf = ui.shelf.borrow();
    let review = shelf.sessions.values().next().expect("created");
    assert_eq!(review.details.team, "Crisis Team");
    assert_eq!(review.details.organisation, "North Trust");
    assert_eq!(review.details.reviewers, ["Ann", "Bo", "Cy"]);
    assert_eq!(review.details.kind, ReviewKind::SelfReview);
}

#[test]
fn esc_leaves_an_untouched_form_at_once() {
    let mut ui = Ui::new(Shelf::default(), Start::New(None), SMALL);
    ui.press(KeyCode::Tab).press(KeyCode::Esc);
    assert!(ui.screen().contains("No reviews yet."), "{}", ui.screen());
}

#[test]
fn esc_on_a_filled_in_form_asks_before_discarding_it() {
    let mut ui = Ui::new(Shelf::default(), Start::New(None), SMALL);
    ui.keys("Someone");
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(screen.contains("Discard this new review?"), "{screen}");
    assert!(screen.contains("y discard"), "{screen}");

    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(!screen.contains("Discard this new review?"), "{screen}");
    assert!(
        screen.contains("Someone"),
        "the form is as it was: {screen}"
    );

    ui.press(KeyCode::Esc).keys("y");
    assert!(ui.screen().contains("No reviews yet."), "{}", ui.screen());
    assert!(ui.shelf.borrow().sessions.is_empty());
}

#[test]
fn q_on_a_filled_in_form_asks_before_quitting() {
    let mut ui = Ui::new(Shelf::default(), Start::New(None), SMALL);
    ui.keys("Someone");
    // Over to the kind of review, where q is a key, not a letter typed.
    for _ in 0..4 {
        ui.press(KeyCode::Tab);
    }
    ui.keys("q");
    let screen = ui.screen();
    assert!(
        screen.contains("Discard this new review and quit?"),
        "{screen}"
    );
    assert!(!ui.app.should_quit());

    ui.press(KeyCode::Esc);
    assert!(
        ui.screen().contains("Someone"),
        "back to the form: {}",
        ui.screen()
    );
    assert!(!ui.app.should_quit());

    ui.keys("q").keys("y");
    assert!(ui.app.should_quit());
    assert!(ui.shelf.borrow().sessions.is_empty());
}

#[test]
fn a_bad_date_is_named_as_the_field_is_left() {
    let mut ui = Ui::new(Shelf::default(), Start::New(None), SMALL);
    ui.keys("North CRT");
    ui.press(KeyCode::Tab).press(KeyCode::Tab);
    for _ in 0..10 {
        ui.press(KeyCode::Backspace);
    }
    ui.keys("2026-11-99");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(
        screen.contains("Not a date: use YYYY-MM-DD"),
        "Enter stays and says why: {screen}"
    );
    ui.press(KeyCode::Tab);
    assert!(
        ui.screen().contains("Not a date: use YYYY-MM-DD"),
        "Tab moves on and still says why: {}",
        ui.screen()
    );
}

#[test]
fn enter_on_an_empty_team_says_it_is_required_and_stays() {
    let mut ui = Ui::new(Shelf::default(), Start::New(None), SMALL);
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(
        screen.contains("✗ A team is required"),
        "said beside the field: {screen}"
    );
    assert!(screen.contains("› Team"), "the focus stays: {screen}");

    ui.keys("C");
    assert!(
        !ui.screen().contains("✗ A team is required"),
        "typing clears it"
    );
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("› Organisation"), "{}", ui.screen());
}

#[test]
fn new_with_details_from_the_command_line_opens_the_review_directly() {
    let ui = Ui::new(
        Shelf::default(),
        Start::New(Some(details("Crisis Team"))),
        SMALL,
    );
    assert!(ui.screen().starts_with("Item 1 of 3"));
    assert_eq!(ui.shelf.borrow().sessions.len(), 1);
}

#[test]
fn a_review_that_cannot_be_created_says_why_on_the_form() {
    let shelf = Shelf {
        fail_saves: Some("Permission denied".to_owned()),
        ..Shelf::default()
    };
    let ui = Ui::new(shelf, Start::New(Some(details("Crisis Team"))), SMALL);
    let screen = ui.screen();
    assert!(screen.starts_with("New review"), "{screen}");
    assert!(screen.contains("The review could not be created"));
    assert!(screen.contains("Permission denied"), "{screen}");
    assert!(screen.contains("Crisis Team"), "what was given is kept");
}

#[test]
fn x_exports_to_a_path_it_shows_in_the_format_chosen() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("ys").keys("x");
    let screen = ui.screen();
    assert!(screen.contains("Export a report"), "{screen}");
    // The team's report first.
    assert!(screen.contains("/data/fidelity-review/2025-03-14-report.html"));
    assert_snapshot!("export_80x24", screen);
    ui.press(KeyCode::Tab);
    assert!(
        ui.screen()
            .contains("/data/fidelity-review/2025-03-14-report.md")
    );
    ui.press(KeyCode::Tab);
    assert!(
        ui.screen()
            .contains("/data/fidelity-review/2025-03-14-report.csv")
    );
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("The CSV report is in"), "{screen}");
    assert!(screen.contains("/data/fidelity-review/2025-03-14-report.csv"));
    assert_eq!(
        ui.shelf.borrow().exports,
        [(
            ExportFormat::Csv,
            PathBuf::from("/data/fidelity-review/2025-03-14-report.csv")
        )]
    );
    ui.press(KeyCode::Esc);
    assert!(ui.screen().starts_with("Summary"));
    assert_eq!(ui.held().finding(1, "a"), Finding::Met);
}

#[test]
fn x_on_home_exports_the_selected_review() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("x");
    ui.press(KeyCode::Enter);
    assert_eq!(ui.shelf.borrow().exports.len(), 1);
    assert!(ui.screen().contains("The HTML report is in"));
}

#[test]
fn the_export_leaves_notes_out_unless_asked_and_the_report_can_be_opened() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("x");
    assert!(ui.screen().contains("Notes: left out"), "{}", ui.screen());
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Esc);
    ui.keys("x");
    ui.ctrl('n');
    assert!(ui.screen().contains("Notes: included"), "{}", ui.screen());
    ui.press(KeyCode::Enter);
    assert_eq!(ui.shelf.borrow().exports_with_notes, [false, true]);
    let screen = ui.screen();
    assert!(screen.contains("o open it"), "{screen}");
    ui.keys("o");
    assert_eq!(
        ui.shelf.borrow().shown,
        [PathBuf::from(
            "/data/fidelity-review/2025-03-14-report.html"
        )]
    );
    assert!(!ui.screen().contains("Exported"), "{}", ui.screen());
}

#[test]
fn q_quits_from_every_screen_but_is_typed_in_text_fields() {
    let mut ui = Ui::new(shelf(), Start::Home, SMALL);
    ui.keys("n").keys("q");
    assert!(!ui.app.should_quit(), "typed into the team field");
    assert!(ui.screen().contains("› Team"));
    ui.press(KeyCode::Esc).keys("q");
    assert!(ui.app.should_quit());

    for keys in ["", "s", "?"] {
        let mut ui = Ui::with_review(SMALL);
        ui.keys(keys).keys("q");
        assert!(ui.app.should_quit(), "q after {keys:?}");
    }
}
