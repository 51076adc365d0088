//! End to end, the real binary in a pseudo-terminal: it follows the window's size as it
//! changes, and with `NO_COLOR` it sends no colour at all.

#[path = "support/pty.rs"]
mod support;

use support::{Tui, key};
use tempfile::TempDir;

#[test]
fn the_layout_follows_the_window_as_it_is_resized() {
    let data = TempDir::new().unwrap();
    let mut app = Tui::spawn(data.path(), &["new", "--team", "North CRT"], 80, 24);
    let screen = app.wait_for_all(&["Item 1 of 39", "○  2  │", "q quit"]);
    assert!(
        !screen.contains("Easily accessible"),
        "numbers only at 80 columns"
    );

    app.resize(120, 40);
    app.wait_for("○  2 Easily accessible");

    app.resize(50, 15);
    app.wait_for("Make the window larger");

    app.resize(80, 24);
    app.wait_gone("Make the window larger");
    app.wait_for("○  2  │");
    // Still working after all that.
    app.send_and_wait("y", "› ✓ a)");
    app.send("q");
    assert!(app.wait_exit());
}

/// The colours set by the SGR sequences in `output`: the parameters that choose a foreground
/// or background colour (30–38, 40–48, 90–97, 100–107). 39 and 49, back to the default, are not
/// colours.
fn colour_codes(output: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(output);
    let mut found = Vec::new();
    for sequence in text.split("\u{1b}[").skip(1) {
        let Some(end) = sequence.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if !sequence[end..].starts_with('m') {
            continue;
        }
        let params = &sequence[..end];
        for part in params.split(';') {
            let Ok(code) = part.parse::<u16>() else {
                continue;
            };
            match code {
                38 | 48 => {
                    found.push(params.to_owned());
                    break;
                }
                30..=37 | 40..=47 | 90..=97 | 100..=107 => found.push(params.to_owned()),
                _ => {}
            }
        }
    }
    found
}

/// Goes through the screens: the review, a rating, the note editor, the summary, help.
fn tour(app: &mut Tui) {
    app.wait_for("Item 1 of 39");
    app.send_and_wait("y", "› ✓ a)");
    app.send_and_wait("jn", "› ✗ b)");
    app.send_and_wait("e", "Note · item 1");
    app.send(key::ESC);
    app.wait_gone("Note · item 1");
    app.send_and_wait("s", "Summary");
    app.send_and_wait("?", "Keys: Summary");
    app.send(key::ESC);
    app.wait_gone("Keys: Summary");
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn no_color_sends_no_colour_and_the_state_still_reads() {
    let data = TempDir::new().unwrap();
    let mut plain = Tui::spawn_with(
        data.path(),
        &["new", "--team", "Plain"],
        80,
        24,
        &[("NO_COLOR", "1")],
    );
    tour(&mut plain);
    let codes = colour_codes(&plain.output());
    assert!(codes.is_empty(), "colour sent with NO_COLOR: {codes:?}");

    // The same tour without NO_COLOR does send colour, so the check above can fail.
    let data = TempDir::new().unwrap();
    let mut coloured = Tui::spawn(data.path(), &["new", "--team", "Colour"], 80, 24);
    tour(&mut coloured);
    assert!(!colour_codes(&coloured.output()).is_empty());
}
