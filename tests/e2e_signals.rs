//! End to end, the real binary in a pseudo-terminal, told from outside to stop or to end:
//! SIGINT and SIGQUIT are handled as SIGTERM and SIGHUP are (the note being typed is saved, the
//! terminal given back, an orderly exit); after SIGTSTP the terminal is the shell's until the
//! app is continued, and then raw mode and the alternate screen are back and the screen is
//! drawn whole.

#![cfg(unix)]

#[path = "support/pty.rs"]
mod support;

mod reliability_support;

use std::path::Path;
use std::time::{Duration, Instant};

use fidelity_review::store;
use reliability_support::{env_count, soak};
use support::{PATIENCE, Tui, session_file};
use tempfile::TempDir;

fn start(data: &Path) -> Tui {
    let app = Tui::spawn(data, &["new", "--team", "North CRT"], 80, 24);
    app.wait_for_all(&["Item 1 of 39", "› · a)", "q quit"]);
    app
}

/// Whether the terminal is the app's: the alternate screen, the cursor hidden, pastes
/// bracketed.
fn app_has_terminal(app: &Tui) -> (bool, bool, bool) {
    app.with_screen(|screen| {
        (
            screen.alternate_screen(),
            screen.hide_cursor(),
            screen.bracketed_paste(),
        )
    })
}

/// The process state letter in `/proc/PID/stat` (`T` stopped), where there is a `/proc`.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.trim_start().chars().next()
}

#[track_caller]
fn wait(what: &str, mut test: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !test() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigint_or_sigquit_from_outside_saves_the_note_restores_the_terminal_and_exits() {
    for signal in ["INT", "QUIT"] {
        let data = TempDir::new().unwrap();
        let mut app = start(data.path());
        app.send_and_wait("e", "Note · item 1 · criterion a");
        app.send_and_wait("Typed as the session closed", "as the session closed");
        app.signal(signal);
        assert!(app.wait_exit(), "SIG{signal} is an orderly exit");
        assert_eq!(
            app_has_terminal(&app),
            (false, false, false),
            "SIG{signal}: the terminal is given back"
        );
        let path = session_file(data.path());
        let review = store::read(&path).unwrap();
        assert_eq!(
            review.criterion(1, "a").map(|c| c.note.as_str()),
            Some("Typed as the session closed"),
            "SIG{signal}"
        );
    }
}

#[test]
fn after_sigtstp_and_fg_the_terminal_is_raw_again_and_the_screen_is_drawn_whole() {
    let rounds = env_count("FIDELITY_REVIEW_STOP_ROUNDS", if soak() { 100 } else { 3 });
    let data = TempDir::new().unwrap();
    let mut app = start(data.path());
    app.send_and_wait("y", "› ✓ a)");
    let pid = app.pid();
    let mut met = true;

    for round in 0..rounds {
        app.signal("TSTP");
        // Stopped, with the terminal given back to the shell meanwhile.
        wait("the terminal given back", || {
            app_has_terminal(&app) == (false, false, false)
        });
        if Path::new("/proc/self/stat").exists() {
            wait("the app stopped", || state(pid) == Some('T'));
        }

        app.signal("CONT");
        wait("the terminal taken again", || {
            let (alternate, _, paste) = app_has_terminal(&app);
            alternate && paste
        });
        // The alternate screen was cleared on the way back in: all of it is there again.
        let shown = if met { "› ✓ a)" } else { "› ✗ a)" };
        app.wait_for_all(&["Item 1 of 39", shown, "q quit"]);
        // Raw mode: a key without Enter acts at once.
        met = !met;
        let (key, shown) = if met {
            ("y", "› ✓ a)")
        } else {
            ("n", "› ✗ a)")
        };
        app.send_and_wait(key, shown);
        assert!(
            app.wait_until(|s| s.contains("Saved")).is_ok(),
            "round {round}"
        );
    }
    app.send("q");
    assert!(app.wait_exit());
    let review = store::read(&session_file(data.path())).unwrap();
    let expected = if met {
        fidelity_review::review::Finding::Met
    } else {
        fidelity_review::review::Finding::NotMet
    };
    assert_eq!(review.finding(1, "a"), expected);
    println!(
        "stops: {rounds} SIGTSTP and SIGCONT, the terminal raw and the screen whole after each"
    );
}

#[test]
fn a_stop_that_cannot_be_caught_is_followed_by_the_terminal_taken_again() {
    let data = TempDir::new().unwrap();
    let mut app = start(data.path());
    app.signal("STOP");
    if Path::new("/proc/self/stat").exists() {
        wait("the app stopped", || state(app.pid()) == Some('T'));
    }
    app.signal("CONT");
    app.wait_for_all(&["Item 1 of 39", "q quit"]);
    app.send_and_wait("y", "› ✓ a)");
    app.send("q");
    assert!(app.wait_exit());
}
