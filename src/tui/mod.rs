//! The terminal app: the only module that knows of ratatui and crossterm.

use std::path::PathBuf;

use crate::review::Details;
use crate::scale::Scale;
use crate::store::Store;

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
    let _ = options;
    Err(std::io::Error::other(
        "the interview screens are not built yet",
    ))
}
