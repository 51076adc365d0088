//! Hostile text is shown, never run: escape sequences (window title, clear screen, cursor
//! moves, colours), bells, C0 and C1 controls, bidirectional overrides and very long lines, in
//! notes, team names, rationales, file names, lock holders and every text of a content pack.
//! Every screen and overlay stays whole and no cell holds a control character; the real binary
//! neither changes the terminal's title nor rings its bell; the command line prints them inert.
//!
//! Exports: `tests/report.rs` (`hostile_text_is_inert_in_every_format`,
//! `csv_cells_never_start_a_formula`, `markdown_escapes_markup_in_team_names_and_notes`) covers
//! review text; here also pack text, which reaches the reports through item titles and criteria.

mod reliability_support;

use std::fs;
use std::path::Path;

use fidelity_review::report::{self, Format};
use fidelity_review::review::{Details, Finding, Review, ReviewKind};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store::{self, Store};
use fidelity_review::tui::Start;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use reliability_support::app::{DiskUi, buffer_text, now};
use reliability_support::{Launch, mini_pack_dir, run_cli};
use tempfile::TempDir;

/// Everything that could act on a terminal or reorder text, in one line.
const ESCAPES: &str = "\x1b]0;PWNED\x07 \x1b]2;PWNED2\x1b\\ \x1b[2J\x1b[H \x1b[31mred\x1b[0m \
    \x1b[5A\x1b[10Cup \x07bell \u{9b}31m \u{85}nel \u{202e}desrever\u{202c} \u{2066}iso\u{2069} \
    \u{200f}rlm \rcr \x08bs \x00nul \x7fdel";

fn long_line() -> String {
    "x".repeat(10_000)
}

/// `text` with the escapes and a long line after it.
fn hostile(text: &str) -> String {
    format!("{text} {ESCAPES} {}", "y".repeat(3_000))
}

/// True for a character that would act on a terminal or reorder the text around it.
fn acts(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Fails if any cell of the buffer holds a character that acts.
#[track_caller]
fn assert_inert(buffer: &Buffer, what: &str) {
    for (index, cell) in buffer.content.iter().enumerate() {
        let bad: Vec<char> = cell.symbol().chars().filter(|&c| acts(c)).collect();
        assert!(
            bad.is_empty(),
            "{what}: cell {index} holds {bad:?}:\n{}",
            buffer_text(buffer)
        );
    }
}

/// The mini pack with hostile text in every name, title, criterion and piece of guidance.
fn hostile_pack(into: &Path) -> Scale {
    fn poison(value: &mut toml::Value, key: &str) {
        const TEXT_KEYS: &[&str] = &[
            "name",
            "title",
            "text",
            "heading",
            "paragraph",
            "subheading",
            "quote",
            "bullets",
            "precondition",
            "guidance",
            "attribution",
        ];
        match value {
            toml::Value::String(text) if TEXT_KEYS.contains(&key) => *text = hostile(text),
            toml::Value::Table(table) => {
                for (k, v) in table.iter_mut() {
                    poison(v, k);
                }
            }
            toml::Value::Array(items) => {
                for item in items {
                    poison(item, key);
                }
            }
            _ => {}
        }
    }
    fs::create_dir_all(into.join("items")).unwrap();
    for file in [
        "scale.toml",
        "introduction.toml",
        "items/01-answering-calls.toml",
        "items/02-home-visits.toml",
        "items/03-team-culture.toml",
    ] {
        let text = fs::read_to_string(mini_pack_dir().join(file)).unwrap();
        let mut value = toml::Value::Table(toml::from_str(&text).unwrap());
        poison(&mut value, "");
        fs::write(into.join(file), toml::to_string(&value).unwrap()).unwrap();
    }
    pack::load_dir(into).expect("a pack with odd text still loads")
}

fn hostile_review(scale: &Scale) -> Review {
    let details = Details {
        team: hostile("North"),
        organisation: hostile("Trust"),
        date: now().date_naive(),
        reviewers: vec![hostile("Ann")],
        kind: ReviewKind::External,
    };
    let mut review = Review::new(scale, details, now());
    let note = format!("{}\n{}\nlast line {ESCAPES}", hostile("Seen"), long_line());
    review.set_note(1, "a", &note, now());
    review.set_finding(1, "a", Finding::Met, now());
    review.set_finding(1, "b", Finding::NotMet, now());
    review.set_finding(1, "c", Finding::Met, now());
    review.set_finding(1, "d", Finding::Met, now());
    // 3 of 4 met suggests 4; a 2 needs a rationale, and the prompt shows it again.
    review
        .set_final_score(scale, 1, Some(2), &hostile("Why"), now())
        .unwrap();
    review.toggle_source(1, "a", "\x1b[31mM", now());
    review.set_item_note(1, &note, now());
    review.set_item_note(3, &note, now());
    let _ = review.set_final_score(scale, 3, Some(4), "", now());
    review.toggle_flag(1, now());
    review
}

/// The review screen is whole: the header on top, the footer at the bottom, the side list's
/// border in one column from the third row down.
#[track_caller]
fn assert_review_layout(screen: &str, width: u16, what: &str) {
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].starts_with("Item 1 of 3 · "), "{what}:\n{screen}");
    assert!(
        lines.last().unwrap().starts_with("y met"),
        "{what}: the footer is gone:\n{screen}"
    );
    if width >= 80 {
        let column = |line: &str| line.chars().position(|c| c == '│');
        let border = column(lines[2]).expect("the side list border");
        for line in &lines[2..lines.len() - 1] {
            assert_eq!(
                column(line),
                Some(border),
                "{what}: a row is out of line:\n{screen}"
            );
        }
    }
}

#[test]
fn every_screen_shows_hostile_text_inert_and_stays_whole() {
    for size in [(80, 24), (160, 50)] {
        let temp = TempDir::new().unwrap();
        let scale = hostile_pack(&temp.path().join("pack"));
        let dir = temp.path().join("data");
        let review = hostile_review(&scale);
        let path = Store::new(&dir)
            .create(&review)
            .unwrap()
            .path()
            .to_path_buf();
        // A file whose very name is hostile, which cannot be read.
        fs::write(dir.join("\x1b]0;NAME\x07\u{202e}.json"), b"{").unwrap();

        let what = |screen: &str| format!("{screen} at {}x{}", size.0, size.1);
        let mut ui = DiskUi::new(scale.clone(), &dir, None, Start::Home, size);
        assert_inert(&ui.buffer(), &what("home"));
        let home = ui.screen();
        assert!(home.starts_with("Reviews on this machine · "), "{home}");
        assert!(home.contains("North ␛]0;PWNED␇"), "shown, not run:\n{home}");

        // The unreadable file with the hostile name: its message.
        ui.keys("j").press(KeyCode::Enter);
        assert_inert(&ui.buffer(), &what("message"));
        assert!(ui.screen().contains("This review cannot be read"));
        ui.press(KeyCode::Esc);

        let mut ui = DiskUi::new(scale.clone(), &dir, None, Start::Open(path.clone()), size);
        let screen = ui.screen();
        assert_inert(&ui.buffer(), &what("review"));
        assert_review_layout(&screen, size.0, &what("review"));
        assert!(screen.contains("␛]0;PWNED␇"), "{screen}");

        for (keys, name, shows) in [
            ("e", "note editor", "╭ Note · item 1"),
            ("?", "help", "╭ Keys"),
            ("2", "rationale prompt", "╭ Final score 2 for item 1"),
            ("x", "export dialog", "╭ Export a report"),
            ("g", "jump prompt", "Go to item (1–3)"),
            ("t", "sources prompt", "Sources to add or remove"),
        ] {
            ui.keys(keys);
            let screen = ui.screen();
            assert!(
                screen.contains(shows),
                "{} did not open:\n{screen}",
                what(name)
            );
            assert_inert(&ui.buffer(), &what(name));
            ui.press(KeyCode::Esc);
            assert_review_layout(&ui.screen(), size.0, &what(name));
        }
        for item in ["l", "l"] {
            ui.keys(item);
            assert_inert(&ui.buffer(), &what("next item"));
        }
        ui.keys("s");
        assert_inert(&ui.buffer(), &what("summary"));
        assert!(ui.screen().starts_with("Summary"), "{}", ui.screen());
    }
}

#[test]
fn a_hostile_lock_holder_is_shown_inert() {
    let temp = TempDir::new().unwrap();
    let scale = reliability_support::app::mini_scale();
    let dir = temp.path().join("data");
    let path = Store::new(&dir)
        .create(&hostile_review(&scale))
        .unwrap()
        .path()
        .to_path_buf();
    let (_held, _) = store::open(&path).unwrap();
    // What the holder wrote in the lock file is only words to show.
    fs::write(
        store::lock_path(&path),
        format!(
            "{{\"pid\":1,\"host\":{:?},\"since\":null}}\n",
            hostile("laptop")
        ),
    )
    .unwrap();
    let mut ui = DiskUi::new(scale, &dir, None, Start::Open(path), (80, 24));
    assert!(
        ui.screen().contains("Review already open"),
        "{}",
        ui.screen()
    );
    assert_inert(&ui.buffer(), "lock holder");
    ui.keys("r");
    assert_inert(&ui.buffer(), "read-only review");
    assert!(ui.screen().contains("READ-ONLY"));
}

/// The real binary in a terminal: the title is never set, the bell never rung, the screen
/// never cleared by what the review holds.
#[cfg(unix)]
#[test]
fn the_terminal_is_never_driven_by_review_text() {
    let temp = TempDir::new().unwrap();
    let scale = pack::load_embedded().unwrap();
    let dir = temp.path().join("data");
    let mut review = hostile_review(&scale);
    review.scale = fidelity_review::review::ScaleRef::of(&scale);
    let path = Store::new(&dir)
        .create(&review)
        .unwrap()
        .path()
        .to_path_buf();

    let mut term = Launch::new(&dir, &[]).size(100, 30).spawn();
    term.wait_for("North ␛]0;PWNED␇");
    term.send("\r");
    let frame = term.wait_for("Item 1 of 39");
    assert!(frame.contains("␛]0;PWNED␇"), "{frame}");
    term.send("e");
    term.wait_for("╭ Note · item 1");
    let drawn = term.frames();
    term.send("\x1b");
    let (_, frame) = term
        .wait_frame_from(drawn, |f| !f.contains("╭ Note"))
        .unwrap();
    let lines: Vec<&str> = frame.lines().collect();
    assert!(lines[0].starts_with("Item 1 of 39 · "), "{frame}");
    assert!(lines.last().unwrap().starts_with("y met"), "{frame}");
    term.send("s");
    term.wait_for("Summary");
    term.send("q");
    assert!(term.wait_exit().success());

    let requests = term.requests();
    assert!(
        requests.titles.is_empty(),
        "the title was set: {:?}",
        requests.titles
    );
    assert_eq!(requests.bells, 0, "the bell rang");
    let raw = term.raw();
    for payload in [
        &b"\x1b]0;PWNED"[..],
        b"\x1b]2;PWNED2",
        b"\x07bell",
        b"\x1b[5A",
    ] {
        assert!(
            reliability_support::find(&raw, payload).is_none(),
            "{payload:?} reached the terminal"
        );
    }
    assert!(store::read(&path).is_ok());
}

/// What the command line prints for people: no character that acts, wherever it came from
/// (the pack, the review, a file name).
#[test]
fn the_command_line_prints_hostile_text_inert() {
    let temp = TempDir::new().unwrap();
    let pack_dir = temp.path().join("pack");
    let scale = hostile_pack(&pack_dir);
    let dir = temp.path().join("data");
    let path = Store::new(&dir)
        .create(&hostile_review(&scale))
        .unwrap()
        .path()
        .to_path_buf();
    let bad = dir.join("\x1b]0;NAME\x07.json");
    fs::write(&bad, b"{").unwrap();

    let pack_arg = pack_dir.to_str().unwrap();
    let session = path.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--content", pack_arg, "summary", session],
        vec!["--content", pack_arg, "list"],
        vec!["--content", pack_arg, "content", "check", pack_arg],
        vec!["--content", pack_arg, "summary", bad.to_str().unwrap()],
        vec!["--content", pack_arg, "export", session, "--format", "md"],
        vec!["--content", pack_arg, "export", session, "--format", "csv"],
    ];
    for args in runs {
        let (_, stdout, stderr) = run_cli(&dir, &args);
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            // CSV rows end in CR LF, as the format asks; any other CR is hostile.
            let text = text.replace("\r\n", "\n");
            let bad: Vec<char> = text.chars().filter(|&c| report::is_hostile(c)).collect();
            assert!(bad.is_empty(), "{args:?} {stream} holds {bad:?}:\n{text}");
        }
    }

    // The reports of a review made with the hostile pack.
    let review = store::read(&path).unwrap();
    for format in [Format::Markdown, Format::Csv] {
        let text = String::from_utf8(report::render(format, &review, &scale)).unwrap();
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| report::is_hostile(c) && c != '\r')
            .collect();
        assert!(
            bad.is_empty(),
            "{format}: pack text reached the report raw: {bad:?}"
        );
    }
}
