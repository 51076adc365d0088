//! The event loop: draw, then wait for something to happen. No tick: an idle app sleeps until a
//! key, a paste, a resize or a signal arrives, and wakes on its own only to save a note two
//! seconds after the last key typed in it (ten after the first, for someone who never pauses).

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, KeyEvent, KeyEventKind};

use super::action::Action;
use super::app::App;

/// How long after the last key a note being typed is saved.
pub const NOTE_SAVE_DELAY: Duration = Duration::from_secs(2);

/// However steadily someone types, a note is saved at the latest this long after the first key
/// not yet saved: a crash while typing loses at most this much.
pub const NOTE_SAVE_LATEST: Duration = Duration::from_secs(10);

/// When a note being typed is next saved: two seconds after the last key, or ten after the
/// first key not yet saved if that comes sooner.
pub fn note_deadline(first_unsaved: Instant, last_key: Instant) -> Instant {
    (last_key + NOTE_SAVE_DELAY).min(first_unsaved + NOTE_SAVE_LATEST)
}

/// Something that happened outside the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// SIGTERM or SIGHUP: save and leave.
    Signal,
    /// A save running in the background has finished.
    Saved,
}

/// What waiting for an event gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Event(Event),
    /// The deadline passed with nothing happening.
    Timeout,
    /// No more events will come.
    Closed,
}

/// Where events come from. `deadline` is `None` to wait as long as it takes.
pub trait EventSource {
    fn wait(&mut self, deadline: Option<Instant>) -> Waited;
}

impl EventSource for Receiver<Event> {
    fn wait(&mut self, deadline: Option<Instant>) -> Waited {
        match deadline {
            None => self.recv().map_or(Waited::Closed, Waited::Event),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.recv_timeout(left) {
                    Ok(event) => Waited::Event(event),
                    Err(RecvTimeoutError::Timeout) => Waited::Timeout,
                    Err(RecvTimeoutError::Disconnected) => Waited::Closed,
                }
            }
        }
    }
}

/// Runs until the app quits or the events end: draws, waits, updates, draws again. Draws only
/// after something happened, and not after the app has quit.
pub fn run<E: EventSource>(
    app: &mut App,
    events: &mut E,
    mut draw: impl FnMut(&App) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // While a typed note waits to be saved: when its first unsaved key came, and when to save.
    let mut unsaved_since: Option<Instant> = None;
    let mut deadline: Option<Instant> = None;
    draw(app)?;
    while !app.should_quit() {
        match events.wait(deadline) {
            Waited::Closed => break,
            Waited::Timeout => app.update(Action::NoteIdle),
            Waited::Event(event) => {
                let typed = matches!(event, Event::Key(_) | Event::Paste(_));
                match event {
                    Event::Key(key) => app.on_key(key),
                    Event::Paste(text) => app.update(Action::Paste(text)),
                    Event::Resize(w, h) => app.update(Action::Resize(w, h)),
                    Event::Signal => app.update(Action::Shutdown),
                    Event::Saved => app.update(Action::SavesFinished),
                }
                if typed && app.note_pending() {
                    let now = Instant::now();
                    let first = *unsaved_since.get_or_insert(now);
                    deadline = Some(note_deadline(first, now));
                }
            }
        }
        if !app.note_pending() {
            unsaved_since = None;
            deadline = None;
        }
        if app.should_quit() {
            // No last frame: the terminal may already be gone (SIGHUP).
            break;
        }
        draw(app)?;
    }
    Ok(())
}

/// Reads terminal events on a thread of its own, blocking, and sends the ones the app uses:
/// key presses (not releases or repeats), pastes and resizes.
pub fn spawn_input(sender: std::sync::mpsc::Sender<Event>) {
    // Start crossterm's reader here, before the first frame, so that it is already listening
    // for window size changes: one made while the thread was starting would be lost.
    let _ = event::poll(Duration::ZERO);
    std::thread::spawn(move || {
        loop {
            let sent = match event::read() {
                Ok(event::Event::Key(key)) if key.kind == KeyEventKind::Press => {
                    sender.send(Event::Key(key))
                }
                Ok(event::Event::Paste(text)) => sender.send(Event::Paste(text)),
                Ok(event::Event::Resize(w, h)) => sender.send(Event::Resize(w, h)),
                Ok(_) => Ok(()),
                Err(_) => break,
            };
            if sent.is_err() {
                break;
            }
        }
    });
}

/// Waits for SIGTERM and SIGHUP on a thread of its own and sends them as [`Event::Signal`].
#[cfg(unix)]
pub fn spawn_signals(sender: std::sync::mpsc::Sender<Event>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if sender.send(Event::Signal).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Signals are Unix only; elsewhere the terminal closing ends the input thread.
#[cfg(not(unix))]
pub fn spawn_signals(_sender: std::sync::mpsc::Sender<Event>) -> std::io::Result<()> {
    Ok(())
}
