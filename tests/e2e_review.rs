//! End to end, the real binary in a pseudo-terminal at 80×24: a review is started (from the
//! command line and from the home screen's form), criteria of two items are rated, `g` jumps to
//! item 25, a note is written, and the review is reopened where it was left.

#[path = "support/pty.rs"]
mod support;

use fidelity_review::review::{Finding, ReviewKind};
use fidelity_review::store;
use support::{Tui, key, session_file};
use tempfile::TempDir;

#[test]
fn a_review_started_from_the_command_line_is_rated_noted_and_reopened_where_it_was_left() {
    let data = TempDir::new().unwrap();
    let mut app = Tui::spawn(
        data.path(),
        &["new", "--team", "North CRT", "--reviewer", "Ann"],
        80,
        24,
    );
    app.wait_for("Item 1 of 39");
    app.wait_for("› · a)");

    // Item 1: a met, b not met.
    app.send_and_wait("y", "› ✓ a)");
    app.send_and_wait("j", "› · b)");
    app.send_and_wait("n", "› ✗ b)");
    // Item 2: a unsure.
    app.send_and_wait("l", "Item 2 of 39");
    app.send_and_wait("u", "› ? a)");

    // Go to item 25, its second criterion, and write a note.
    app.send_and_wait("g", "Go to item (1–39)");
    app.send_and_wait("25", "Enter: 25");
    app.send_and_wait(key::ENTER, "Item 25 of 39 · Planning aftercare");
    app.send_and_wait("j", "› · b)");
    app.send_and_wait("e", "Note · item 25 · criterion b");
    app.send_and_wait("Referrals by phone, never in writing.", "never in writing.");
    app.send(key::ESC);
    app.wait_gone("Note · item 25");
    app.wait_for_all(&["Criterion b:", "Referrals by phone, never in writing."]);

    app.send("q");
    assert!(app.wait_exit(), "q quits cleanly");

    let path = session_file(data.path());
    let review = store::read(&path).expect("the session reads");
    assert_eq!(review.details.team, "North CRT");
    assert_eq!(review.details.reviewers, ["Ann"]);
    assert_eq!(review.finding(1, "a"), Finding::Met);
    assert_eq!(review.finding(1, "b"), Finding::NotMet);
    assert_eq!(review.finding(2, "a"), Finding::Unsure);
    assert_eq!(
        review.criterion(25, "b").map(|c| c.note.as_str()),
        Some("Referrals by phone, never in writing.")
    );
    assert_eq!((review.cursor.item, review.cursor.criterion), (25, 1));

    // Reopened, it is where it was left: item 25, criterion b, the note beside it.
    let mut again = Tui::spawn(data.path(), &["open", path.to_str().unwrap()], 80, 24);
    again.wait_for_all(&[
        "Item 25 of 39 · Planning aftercare",
        "› · b)",
        "Criterion b:",
        "Referrals by phone, never in writing.",
    ]);
    // Items 1 and 2 are partly rated in the side list.
    again.send("g1\r");
    again.wait_for_all(&["Item 1 of 39", "› ✓ a)", "✗ b)", "◐  1", "◐  2"]);
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn a_review_started_from_the_home_screen_form_opens_and_saves() {
    let data = TempDir::new().unwrap();
    let mut app = Tui::spawn(data.path(), &[], 80, 24);
    app.wait_for("Reviews on this machine");
    app.wait_for("No reviews yet.");

    app.send_and_wait("n", "New review");
    app.wait_for("› Team");
    app.send_and_wait("South CRT", "South CRT");
    app.send_and_wait(key::TAB, "› Organisation");
    app.send_and_wait("South Trust", "South Trust");
    app.send_and_wait(key::TAB, "› Review date");
    app.send_and_wait(key::TAB, "› Reviewers");
    app.send_and_wait("Ann, Bo", "Ann, Bo");
    app.send_and_wait(key::TAB, "› Kind");
    app.send_and_wait(" ", "(•) self-review");
    app.send(key::ENTER);
    app.wait_for("Item 1 of 39");

    app.send_and_wait("y", "› ✓ a)");
    app.send("q");
    assert!(app.wait_exit());

    let review = store::read(&session_file(data.path())).expect("the session reads");
    assert_eq!(review.details.team, "South CRT");
    assert_eq!(review.details.organisation, "South Trust");
    assert_eq!(review.details.reviewers, ["Ann", "Bo"]);
    assert_eq!(review.details.kind, ReviewKind::SelfReview);
    assert_eq!(review.finding(1, "a"), Finding::Met);

    // The home screen lists it, and Enter resumes it.
    let mut again = Tui::spawn(data.path(), &[], 80, 24);
    again.wait_for("South CRT");
    again.send(key::ENTER);
    again.wait_for("Item 1 of 39");
    again.wait_for("› ✓ a)");
    again.send("q");
    assert!(again.wait_exit());
}
