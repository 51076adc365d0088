//! The event loop: it draws once, then waits with no deadline (no tick), and draws again only
//! after an event; it sets a deadline only while a typed note waits to be saved.

mod tui_common;

use std::collections::VecDeque;
use std::time::Instant;

use fidelity_review::tui::event_loop::{
    self, Event, EventSource, NOTE_SAVE_DELAY, NOTE_SAVE_LATEST, Waited, note_deadline,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_common::*;

/// Hands out scripted events and records each wait: its deadline and how many draws came
/// before it.
struct Script {
    events: VecDeque<Waited>,
    waits: Vec<(Option<Instant>, usize)>,
    draws: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Script {
    fn new(events: Vec<Waited>) -> Self {
        Script {
            events: events.into(),
            waits: Vec::new(),
            draws: Default::default(),
        }
    }
}

impl EventSource for Script {
    fn wait(&mut self, deadline: Option<Instant>) -> Waited {
        self.waits.push((deadline, self.draws.get()));
        self.events.pop_front().unwrap_or(Waited::Closed)
    }
}

fn key(c: char) -> Waited {
    Waited::Event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn run(ui: &mut Ui, script: &mut Script) {
    let draws = std::rc::Rc::clone(&script.draws);
    event_loop::run(&mut ui.app, script, |_| {
        draws.set(draws.get() + 1);
        Ok(())
    })
    .unwrap();
}

#[test]
fn an_idle_app_draws_once_and_then_waits_without_a_deadline() {
    let mut ui = Ui::with_review((80, 24));
    let mut script = Script::new(vec![]);
    run(&mut ui, &mut script);
    assert_eq!(script.draws.get(), 1, "no redraw without an event");
    assert_eq!(script.waits, [(None, 1)], "it blocks: no deadline, no tick");
}

#[test]
fn each_event_is_followed_by_exactly_one_draw() {
    let mut ui = Ui::with_review((80, 24));
    let mut script = Script::new(vec![
        key('j'),
        key('y'),
        Waited::Event(Event::Resize(100, 30)),
        key('z'),
    ]);
    run(&mut ui, &mut script);
    assert_eq!(script.draws.get(), 5);
    let deadlines: Vec<_> = script.waits.iter().map(|w| w.0).collect();
    assert_eq!(deadlines, [None; 5]);
    let draws_before: Vec<usize> = script.waits.iter().map(|w| w.1).collect();
    assert_eq!(draws_before, [1, 2, 3, 4, 5]);
    assert_eq!(ui.app.size(), (100, 30));
    assert_eq!(ui.saved().cursor.criterion, 1);
}

#[test]
fn q_ends_the_loop() {
    let mut ui = Ui::with_review((80, 24));
    let mut script = Script::new(vec![key('q'), key('y')]);
    run(&mut ui, &mut script);
    assert!(ui.app.should_quit());
    assert_eq!(script.waits.len(), 1, "nothing is read after q");
}

#[test]
fn a_typed_note_sets_a_deadline_and_is_saved_when_it_passes() {
    let mut ui = Ui::with_review((80, 24));
    let before = Instant::now();
    let mut script = Script::new(vec![key('e'), key('h'), key('i'), Waited::Timeout]);
    run(&mut ui, &mut script);
    let deadlines: Vec<_> = script.waits.iter().map(|w| w.0).collect();
    assert_eq!(deadlines[0], None);
    assert_eq!(deadlines[1], None, "opening the editor is not typing");
    let after_h = deadlines[2].expect("a deadline while the note waits");
    let after_i = deadlines[3].expect("moved on by the next key");
    assert!(after_h >= before + NOTE_SAVE_DELAY);
    assert!(after_i >= after_h, "each key moves the deadline");
    assert_eq!(
        deadlines[4], None,
        "saved: back to waiting without a deadline"
    );
    assert_eq!(ui.saved().criterion(1, "a").unwrap().note, "hi");
}

#[test]
fn a_signal_saves_the_note_being_typed_and_ends_the_loop() {
    let mut ui = Ui::with_review((80, 24));
    let mut script = Script::new(vec![
        key('e'),
        key('o'),
        key('k'),
        Waited::Event(Event::Signal),
    ]);
    run(&mut ui, &mut script);
    assert!(ui.app.should_quit());
    assert_eq!(ui.saved().criterion(1, "a").unwrap().note, "ok");
}

#[test]
fn the_channel_source_reports_a_closed_channel_and_a_passed_deadline() {
    let (sender, mut receiver) = std::sync::mpsc::channel::<Event>();
    assert_eq!(receiver.wait(Some(Instant::now())), Waited::Timeout);
    sender.send(Event::Signal).unwrap();
    assert_eq!(receiver.wait(None), Waited::Event(Event::Signal));
    drop(sender);
    assert_eq!(receiver.wait(None), Waited::Closed);
}

#[test]
fn a_note_typed_without_a_pause_is_still_saved_within_ten_seconds_of_its_first_key() {
    let first = Instant::now();
    assert_eq!(note_deadline(first, first), first + NOTE_SAVE_DELAY);
    let typing = first + std::time::Duration::from_secs(5);
    assert_eq!(note_deadline(first, typing), typing + NOTE_SAVE_DELAY);
    let still_typing = first + std::time::Duration::from_secs(9);
    assert_eq!(
        note_deadline(first, still_typing),
        first + NOTE_SAVE_LATEST,
        "the first unsaved key bounds the wait"
    );
}

#[test]
fn after_a_note_is_saved_the_next_key_starts_a_new_wait() {
    let mut ui = Ui::with_review((80, 24));
    let before = Instant::now();
    let mut script = Script::new(vec![
        key('e'),
        key('a'),
        Waited::Timeout,
        key('b'),
        Waited::Timeout,
    ]);
    run(&mut ui, &mut script);
    let deadlines: Vec<_> = script.waits.iter().map(|w| w.0).collect();
    assert_eq!(deadlines[3], None, "saved after a: no deadline");
    let after_b = deadlines[4].expect("b starts a new wait");
    assert!(after_b >= before + NOTE_SAVE_DELAY);
    assert!(
        after_b <= Instant::now() + NOTE_SAVE_DELAY,
        "two seconds from b, not bounded by a's first key"
    );
    assert_eq!(ui.saved().criterion(1, "a").unwrap().note, "ab");
}
