//! End to end, the real binary in a pseudo-terminal at 80×24: the keys of an interview day.

#[path = "support/pty.rs"]
mod support;

use fidelity_review::store;
use support::{Tui, key, session_file};
use tempfile::TempDir;

const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";

fn new_review(data: &TempDir) -> Tui {
    let app = Tui::spawn(
        data.path(),
        &["new", "--team", "North CRT", "--reviewer", "Ann"],
        80,
        24,
    );
    app.wait_for("Item 1 of 39");
    app.wait_for("› · a)");
    app
}

#[test]
fn a_note_pasted_with_cr_line_ends_keeps_its_lines() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    app.send_and_wait("e", "Note · item 1 · criterion a");
    app.send(&format!(
        "{PASTE_START}Manager: logged\rStaff: not always\r\nCarers: slow{PASTE_END}"
    ));
    app.wait_for("Carers: slow");
    assert!(!app.contents().contains('␍'), "{}", app.contents());
    app.send(key::ESC);
    app.wait_gone("Note · item 1");
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    assert_eq!(
        review.criterion(1, "a").unwrap().note,
        "Manager: logged\nStaff: not always\nCarers: slow"
    );
}

#[test]
fn a_second_export_is_written_beside_the_first() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    for _ in 0..2 {
        app.send_and_wait("x", "Export a report");
        app.send_and_wait(key::ENTER, "The HTML report is in");
        app.send(key::ENTER);
        app.wait_gone("The HTML report is in");
    }
    app.send("q");
    assert!(app.wait_exit());
    let mut reports: Vec<String> = std::fs::read_dir(data.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        reports.iter().any(|r| r.ends_with("-review-2.html")),
        "{reports:?}"
    );
}

#[test]
fn zero_then_ctrl_z_puts_an_agreed_override_back() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    // Item 1 has six criteria: all met suggests 5; the reviewers agree on 4, and why.
    for _ in 0..5 {
        app.send("y");
        app.send("j");
    }
    app.send_and_wait("y", "Suggested 5");
    app.send_and_wait("4", "Final score 4 for item 1");
    app.send_and_wait("Out of hours gaps", "Out of hours gaps");
    app.send(key::ENTER);
    app.wait_for("Why: Out of hours gaps");
    app.send_and_wait("0", "Took back 4");
    app.wait_for("Final 5 (suggested)");
    app.send_and_wait("\x1a", "Undone: item 1: final score back to 4");
    app.wait_for("Why: Out of hours gaps");
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    let record = review.item(1).unwrap();
    assert_eq!(record.final_score, Some(4));
    assert_eq!(record.rationale, "Out of hours gaps");
}

#[test]
fn m_then_ratings_move_down_the_criteria() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    app.send_and_wait("m", "Move on after rating: on");
    app.send_and_wait("y", "› · b)");
    app.send_and_wait("n", "› · c)");
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    assert!(review.working.move_on);
    assert_eq!(
        review.finding(1, "b"),
        fidelity_review::review::Finding::NotMet
    );
}

#[test]
fn i_then_a_rating_tags_the_finding_with_who_is_interviewed() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    app.send_and_wait("i", "Interviewing (a code; Enter alone: nobody)");
    app.send_and_wait("f", "Enter alone: nobody): f");
    app.send_and_wait(key::ENTER, "Interviewing: Family and carer interviews (F)");
    app.send_and_wait("y", "› ✓ a)");
    app.wait_for("sources F");
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    assert_eq!(review.working.source.as_deref(), Some("F"));
    assert_eq!(review.criterion(1, "a").unwrap().sources, ["F"]);
}

#[test]
fn w_writes_a_quick_note_that_is_saved_at_review_level() {
    let data = TempDir::new().unwrap();
    let mut app = new_review(&data);
    app.send_and_wait("w", "Quick note ·");
    app.send_and_wait("Ask the manager about the rota", "about the rota");
    app.send(key::ESC);
    app.wait_gone("Quick note ·");
    app.send_and_wait("W", "review · Ask the manager");
    app.send(key::ESC);
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    assert_eq!(review.quick_notes.len(), 1);
    assert_eq!(review.quick_notes[0].text, "Ask the manager about the rota");
}
