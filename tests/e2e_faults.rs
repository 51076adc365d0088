//! End to end, the real binary in a pseudo-terminal, when things go wrong: killed outright,
//! asked to stop while a note is being typed, panicking, and opened twice.

#![cfg(unix)]

#[path = "support/pty.rs"]
mod support;

use std::path::Path;

use fidelity_review::review::Finding;
use fidelity_review::store;
use support::{Tui, session_file};
use tempfile::TempDir;

/// Starts a new review of "North CRT" and waits for its first item.
fn start(data: &Path) -> Tui {
    let app = Tui::spawn(data, &["new", "--team", "North CRT"], 80, 24);
    app.wait_for("Item 1 of 39");
    app.wait_for("› · a)");
    app
}

/// The terminal is as it was before the app: main screen, cursor shown, no bracketed paste.
#[track_caller]
fn assert_terminal_restored(app: &Tui) {
    let (alternate, hidden, paste) = app.with_screen(|screen| {
        (
            screen.alternate_screen(),
            screen.hide_cursor(),
            screen.bracketed_paste(),
        )
    });
    assert!(!alternate, "still on the alternate screen");
    assert!(!hidden, "the cursor is still hidden");
    assert!(!paste, "bracketed paste is still on");
}

#[test]
fn a_rating_shown_on_screen_survives_sigkill() {
    let data = TempDir::new().unwrap();
    let mut app = start(data.path());
    app.send_and_wait("j", "› · b)");
    // The screen is drawn after the save: once ✓ shows, the rating is on disk.
    app.send_and_wait("y", "› ✓ b)");
    app.kill_hard();

    let path = session_file(data.path());
    let review = store::read(&path).expect("the session reads after SIGKILL");
    assert_eq!(review.finding(1, "b"), Finding::Met);

    // Reopened: the rating is there, and no recovery is offered (nothing was lost).
    let mut again = Tui::spawn(data.path(), &["open", path.to_str().unwrap()], 80, 24);
    // The footer is the last row drawn: with it, the whole first frame is in.
    let screen = again.wait_for_all(&["Item 1 of 39", "✓ b)", "q quit"]);
    assert!(!screen.contains("Answers recovered"), "{screen}");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn a_second_window_on_the_same_review_is_told_who_holds_it_and_never_writes() {
    let data = TempDir::new().unwrap();
    let mut first = start(data.path());
    first.send_and_wait("y", "› ✓ a)");
    let path = session_file(data.path());
    let backup = path.with_extension("json.bak");
    let session_before = std::fs::read(&path).unwrap();
    let backup_before = std::fs::read(&backup).ok();

    let mut second = Tui::spawn(data.path(), &["open", path.to_str().unwrap()], 80, 24);
    // Who holds it, and the choices: view read-only, or quit.
    second.wait_for_all(&[
        "Review already open",
        &format!("pid {}", first.pid()),
        "r view read-only",
        "q quit",
    ]);

    // Read-only viewing: the answers show, and changing them is refused.
    second.send("r");
    second.wait_for_all(&["READ-ONLY", "› ✓ a)"]);
    second.send_and_wait("n", "Read-only");
    second.send_and_wait("j", "› · b)");
    second.send_and_wait("e", "Read-only");
    second.send("q");
    assert!(second.wait_exit());

    assert_eq!(
        std::fs::read(&path).unwrap(),
        session_before,
        "the second window never writes the session"
    );
    assert_eq!(std::fs::read(&backup).ok(), backup_before, "nor its backup");

    // The first window still holds the review and saves.
    first.send_and_wait("j", "› · b)");
    first.send_and_wait("n", "› ✗ b)");
    first.send("q");
    assert!(first.wait_exit());
    let review = store::read(&path).unwrap();
    assert_eq!(review.finding(1, "a"), Finding::Met);
    assert_eq!(review.finding(1, "b"), Finding::NotMet);
}

#[test]
fn sigterm_while_a_note_is_being_typed_saves_it_restores_the_terminal_and_exits() {
    let data = TempDir::new().unwrap();
    let mut app = start(data.path());
    app.send_and_wait("e", "Note · item 1 · criterion a");
    app.send_and_wait("Typed just before the lid closed", "before the lid closed");
    app.signal("TERM");
    assert!(app.wait_exit(), "SIGTERM is an orderly exit");
    assert_terminal_restored(&app);

    let review = store::read(&session_file(data.path())).unwrap();
    assert_eq!(
        review.criterion(1, "a").map(|c| c.note.as_str()),
        Some("Typed just before the lid closed")
    );
}

#[test]
fn a_panic_restores_the_terminal_writes_a_recovery_file_and_the_next_open_offers_it() {
    if !cfg!(debug_assertions) {
        // The panic key exists only in debug builds.
        return;
    }
    let data = TempDir::new().unwrap();
    let mut app = Tui::spawn_with(
        data.path(),
        &["new", "--team", "North CRT"],
        80,
        24,
        &[("FIDELITY_REVIEW_TEST_PANIC_ON_KEY", "~")],
    );
    app.wait_for("Item 1 of 39");
    app.send_and_wait("y", "› ✓ a)");
    app.send_and_wait("e", "Note · item 1 · criterion a");
    app.send_and_wait("Written as it broke", "Written as it broke");
    app.send("~");
    assert_eq!(app.wait_exit_code(), 101, "a panic");
    let path = session_file(data.path());
    let recovery = store::recovery_path(&path);
    // It says where the copy is (the path may wrap; its file name is short enough not to).
    app.wait_for_all(&[
        "open the review again to restore them",
        recovery.file_name().unwrap().to_str().unwrap(),
    ]);
    assert_terminal_restored(&app);
    let copy = store::read(&recovery).expect("the recovery file reads");
    assert_eq!(copy.finding(1, "a"), Finding::Met);
    assert_eq!(
        copy.criterion(1, "a").map(|c| c.note.as_str()),
        Some("Written as it broke"),
        "the note being typed is in the copy"
    );
    assert!(store::read(&path).is_ok(), "the session itself is intact");

    // The next open offers the copy; restoring it puts the note back and removes the copy.
    let mut again = Tui::spawn(data.path(), &["open", path.to_str().unwrap()], 80, 24);
    again.wait_for_all(&["Answers recovered", "r restore the recovered answers"]);
    again.send("r");
    again.wait_gone("Answers recovered");
    again.wait_for("Written as it broke");
    again.send("q");
    assert!(again.wait_exit());
    assert!(!recovery.exists(), "the copy is gone once restored");
    let review = store::read(&path).unwrap();
    assert_eq!(
        review.criterion(1, "a").map(|c| c.note.as_str()),
        Some("Written as it broke")
    );
}

#[test]
fn q_gives_the_terminal_back() {
    let data = TempDir::new().unwrap();
    let mut app = start(data.path());
    assert!(
        app.with_screen(|s| s.alternate_screen() && s.bracketed_paste()),
        "the app takes the alternate screen and bracketed paste"
    );
    app.send("q");
    assert!(app.wait_exit());
    assert_terminal_restored(&app);
}
