//! The terminal app: the only module that knows of ratatui and crossterm.
//!
//! One key press, end to end: the input thread reads it -> [`event_loop`] hands it to the app ->
//! [`keymap::lookup`] makes it an [`action::Action`] -> [`app::App::update`] gives it to the top
//! overlay or the screen, which returns [`component::Effect`]s -> the app carries them out
//! (an edit of the review through [`session`], then a save through the store) -> the loop draws
//! ([`view`]) and waits again.
//!
//! - [`component`]: what a screen or overlay is, what it may read ([`component::Ctx`]) and ask
//!   for ([`component::Effect`]); [`app`]: routing and carrying out effects; [`session`]: the
//!   open review and its edits; [`action`]: every intent; [`keymap`]: every key.
//! - [`screens`]: home, new review, review, summary; [`overlays`]: help, note editor,
//!   rationale prompt, prompts, export, messages. Each is one module, listed once.
//! - [`library`]: what the app needs of the store, as traits tests can fake.
//! - [`theme`], [`text`] (sanitizing and wrapping), [`field`] (text fields).
//! - [`event_loop`], [`terminal`]: waiting for events, owning the terminal.

pub mod action;
pub mod app;
pub mod component;
pub mod event_loop;
pub mod field;
pub mod keymap;
pub mod library;
pub mod overlays;
pub mod screens;
pub mod session;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::review::Details;
use crate::scale::Scale;
use crate::store::Store;

use action::Action;
pub use app::App;
pub use library::{Clock, Disk, Library, SystemClock, Writer};
pub use screens::new_review::Prefill;
pub use theme::Theme;

/// How long leaving waits for the saves under way before the terminal is given back; the
/// writer still finishes its save before the program ends.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(30);

/// What the app needs to start.
pub struct Options {
    pub store: Store,
    pub scale: Scale,
    pub start: Start,
    /// `NO_COLOR` is set: show state by symbols and emphasis only.
    pub no_color: bool,
    /// Show state with ASCII symbols, for consoles whose fonts lack ● ◐ ⚑ ✓ ✗.
    pub ascii: bool,
    /// What a new-review form starts with (from the config file).
    pub prefill: Prefill,
}

/// The first screen.
pub enum Start {
    /// The reviews on this machine.
    Home,
    /// The new-review form, filled in from the command line where given.
    New(Option<Details>),
    /// A review, resumed where it was left.
    Open(PathBuf),
}

/// Runs the app until the user quits. Errors are returned after the terminal is restored.
pub fn run(options: Options) -> std::io::Result<()> {
    let Options {
        store,
        scale,
        start,
        no_color,
        ascii,
        prefill,
    } = options;
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let (sender, receiver) = mpsc::channel();
    let wake = Mutex::new(sender.clone());
    let notify: library::Notify = Arc::new(move || {
        if let Ok(wake) = wake.lock() {
            let _ = wake.send(event_loop::Event::Saved);
        }
    });
    let mut app = App::new(
        scale,
        Box::new(Disk::in_background(store, notify)),
        Box::new(SystemClock),
        Theme::new(no_color).with_ascii(ascii),
        start,
        (width, height),
    )
    .with_prefill(prefill);
    event_loop::spawn_signals(sender.clone())?;
    let mut terminal = terminal::enter(app.rescue())?;
    event_loop::spawn_input(sender);
    let mut events = test_hook::wrap(receiver);
    let result = event_loop::run(&mut app, &mut events, |app| {
        terminal
            .draw(|frame| frame.render_widget(app, frame.area()))
            .map(|_| ())
    });
    if !app.should_quit() {
        // The terminal failed or the input ended: keep what was being typed all the same.
        app.update(Action::Shutdown);
    }
    // Whatever ended the loop, the last state handed to the writer reaches the disk first.
    app.wait_for_saves(SHUTDOWN_WAIT);
    terminal::leave();
    result
}

/// A way for the end-to-end tests to make the real program panic, to see that the terminal is
/// given back and the answers are kept. Only in debug builds, and only when
/// `FIDELITY_REVIEW_TEST_PANIC_ON_KEY` names a character: pressing that key then panics.
#[cfg(debug_assertions)]
mod test_hook {
    use std::time::Instant;

    use ratatui::crossterm::event::KeyCode;

    use super::event_loop::{Event, EventSource, Waited};

    /// The environment variable naming the key that panics.
    pub const PANIC_ON_KEY: &str = "FIDELITY_REVIEW_TEST_PANIC_ON_KEY";

    pub struct PanicOnKey<E> {
        events: E,
        key: Option<char>,
    }

    pub fn wrap<E: EventSource>(events: E) -> PanicOnKey<E> {
        let key = std::env::var(PANIC_ON_KEY)
            .ok()
            .and_then(|value| value.chars().next());
        PanicOnKey { events, key }
    }

    impl<E: EventSource> EventSource for PanicOnKey<E> {
        fn wait(&mut self, deadline: Option<Instant>) -> Waited {
            let waited = self.events.wait(deadline);
            if let Waited::Event(Event::Key(key)) = &waited
                && self.key.is_some_and(|c| key.code == KeyCode::Char(c))
            {
                panic!("{PANIC_ON_KEY} was pressed");
            }
            waited
        }
    }
}

/// Release builds have no test hook: events pass through untouched.
#[cfg(not(debug_assertions))]
mod test_hook {
    pub fn wrap<E>(events: E) -> E {
        events
    }
}
