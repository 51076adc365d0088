//! Any terminal size: the too-small screen below 60×18, no panic from 1×1 to 300×100.

mod tui_common;

use fidelity_review::tui::{App, Start, Theme};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use tui_common::*;

#[test]
fn below_60_by_18_the_screen_asks_for_a_larger_window() {
    let ui = Ui::with_review((59, 18));
    let screen = ui.screen();
    assert!(
        screen.contains("Make the window larger: it needs 60×18, and is 59×18."),
        "{screen}"
    );
    assert_snapshot!("too_small_59x18", screen);
    let ui = Ui::with_review((60, 17));
    assert!(ui.screen().contains("needs 60×18"));
    let ui = Ui::with_review((60, 18));
    assert!(ui.screen().starts_with("Item 1 of 3"));
}

/// Every screen and overlay the tests can reach, as the keys that reach it from an open review.
const STATES: &[&str] = &[
    "", "yjn", "ll", "?", "e", "yjyjyjy3", "g", "t", "s", "sx", "lll",
];

fn draw(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
}

#[test]
fn no_size_makes_any_screen_panic() {
    let widths = [1, 2, 5, 10, 30, 59, 60, 61, 79, 80, 81, 120, 200, 300];
    let heights = [1, 2, 3, 10, 17, 18, 19, 24, 40, 100];
    let sizes = widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)));
    let sizes: Vec<(u16, u16)> = sizes.collect();
    for keys in STATES {
        let mut ui = Ui::with_review((80, 24));
        ui.keys(keys);
        for &(w, h) in &sizes {
            ui.resize(w, h);
            draw(&ui.app, w, h);
        }
    }
    let home = Ui::new(Shelf::default(), Start::Home, (80, 24));
    let form = Ui::new(Shelf::default(), Start::New(None), (80, 24));
    for &(w, h) in &sizes {
        draw(&home.app, w, h);
        draw(&form.app, w, h);
    }
}

#[test]
fn no_size_makes_the_core_scale_or_full_height_guidance_panic() {
    let scale = fidelity_review::scale::pack::load_embedded().expect("the embedded pack");
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&scale, details("Crisis Team"), now()),
    );
    let mut ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), (80, 24));
    let widths = [1, 7, 30, 60, 69, 70, 79, 80, 99, 100, 200];
    let heights = [1, 3, 17, 18, 19, 24, 60];
    for item in ["11", "25", "31"] {
        ui.keys("g")
            .keys(item)
            .press(ratatui::crossterm::event::KeyCode::Enter);
        ui.keys("j");
        for full in [false, true] {
            if full {
                ui.press(ratatui::crossterm::event::KeyCode::Enter);
            }
            for &w in &widths {
                for &h in &heights {
                    ui.resize(w, h);
                    draw(&ui.app, w, h);
                    ui.keys("JjK");
                    draw(&ui.app, w, h);
                }
            }
            if full {
                ui.press(ratatui::crossterm::event::KeyCode::Esc);
            }
        }
    }
}

#[test]
fn no_color_draws_without_colour_and_state_still_reads() {
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&mini_scale(), details("Crisis Team"), now()),
    );
    let shelf = std::rc::Rc::new(std::cell::RefCell::new(shelf));
    let mut app = App::new(
        mini_scale(),
        Box::new(FakeLibrary(std::rc::Rc::clone(&shelf))),
        Box::new(FixedClock),
        Theme::new(true),
        Start::Open(review_path()),
        (80, 24),
    );
    let mut ui = Ui {
        app,
        shelf,
        size: (80, 24),
    };
    ui.keys("yjnju");
    let buffer = ui.buffer();
    for cell in &buffer.content {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "{:?}",
            cell.symbol()
        );
    }
    let screen = ui.screen();
    assert!(screen.contains("✓ a)") && screen.contains("✗ b)") && screen.contains("› ? c)"));
    app = ui.app;
    drop(app);
}

#[test]
fn keys_change_nothing_while_the_window_is_too_small_and_q_still_quits() {
    let mut ui = Ui::with_review((80, 24));
    let saves = ui.shelf.borrow().saves;
    ui.resize(40, 10);
    ui.keys("fyn5jle");
    ui.press(KeyCode::Backspace).press(KeyCode::Enter);
    ui.app.update(fidelity_review::tui::action::Action::Paste(
        "pasted".to_owned(),
    ));
    ui.resize(80, 24);
    let screen = ui.screen();
    assert!(!screen.contains("⚑"), "not flagged: {screen}");
    assert!(line_with_prefix(&screen, "› · a)"), "{screen}");
    assert_eq!(ui.shelf.borrow().saves, saves, "nothing was saved");
    assert!(ui.app.overlays().is_empty());
    assert_eq!(ui.held().cursor.criterion, 0);
    assert!(!ui.app.should_quit());

    ui.resize(40, 10).keys("q");
    assert!(
        ui.app.should_quit(),
        "q quits even when nothing can be seen"
    );
    let mut ui = Ui::with_review((40, 10));
    ui.ctrl('c');
    assert!(ui.app.should_quit(), "and so does Ctrl-C");
}

fn line_with_prefix(screen: &str, needle: &str) -> bool {
    screen.lines().any(|l| l.contains(needle))
}
