//! The terminal app: the only module that knows of ratatui and crossterm.
//!
//! One key press, end to end: the input thread reads it -> [`event_loop`] hands it to the app ->
//! [`keymap::lookup`] makes it an [`action::Action`] -> [`app::App::update`] changes the review
//! and saves it through the store -> the loop draws ([`view`]) and waits again.
//!
//! - [`app`]: the state and its one `update`; [`action`]: every intent; [`keymap`]: every key.
//! - [`screens`]: home, new review, review, summary; [`overlays`]: help, note editor,
//!   rationale prompt, prompts, export, messages.
//! - [`library`]: what the app needs of the store, as traits tests can fake.
//! - [`theme`], [`text`] (sanitizing and wrapping), [`field`] (text fields).
//! - [`event_loop`], [`terminal`]: waiting for events, owning the terminal.

pub mod action;
pub mod app;
pub mod event_loop;
pub mod field;
pub mod keymap;
pub mod library;
pub mod overlays;
pub mod screens;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::sync::mpsc;

use crate::review::Details;
use crate::scale::Scale;
use crate::store::Store;

pub use app::App;
pub use library::{Clock, Disk, Library, SystemClock, Writer};
pub use theme::Theme;

/// What the app needs to start.
pub struct Options {
    pub store: Store,
    pub scale: Scale,
    pub start: Start,
    /// `NO_COLOR` is set: show state by symbols and emphasis only.
    pub no_color: bool,
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
    } = options;
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(
        scale,
        Box::new(Disk::new(store)),
        Box::new(SystemClock),
        Theme::new(no_color),
        start,
        (width, height),
    );
    let (sender, mut receiver) = mpsc::channel();
    event_loop::spawn_signals(sender.clone())?;
    let mut terminal = terminal::enter(app.rescue())?;
    event_loop::spawn_input(sender);
    let result = event_loop::run(&mut app, &mut receiver, |app| {
        terminal
            .draw(|frame| frame.render_widget(app, frame.area()))
            .map(|_| ())
    });
    terminal::leave();
    result
}
