//! The four screens. One is shown at a time; overlays are drawn on top of it.

pub mod home;
pub mod new_review;
pub mod review;
pub mod summary;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::keymap::Context;

/// The screen shown, with the state only it needs.
pub enum Screen {
    /// The reviews on this machine.
    Home(home::Home),
    /// The new-review form.
    NewReview(Box<new_review::Form>),
    /// The open review, at its cursor.
    Review,
    /// The summary of scores of the open review, or of one picked on the home screen.
    Summary(summary::SummaryScreen),
}

impl Screen {
    /// Where the screen's keys are read.
    pub fn context(&self) -> Context {
        match self {
            Screen::Home(_) => Context::Home,
            Screen::NewReview(form) => form.context(),
            Screen::Review => Context::Review,
            Screen::Summary(_) => Context::Summary,
        }
    }

    /// The short name shown in the help overlay's title.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Home(_) => "Reviews",
            Screen::NewReview(_) => "New review",
            Screen::Review => "Review",
            Screen::Summary(_) => "Summary",
        }
    }
}

/// Draws the current screen into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    match app.screen() {
        Screen::Home(home) => home::render(home, app, area, buf),
        Screen::NewReview(form) => new_review::render(form, app, area, buf),
        Screen::Review => review::render(app, area, buf),
        Screen::Summary(summary) => summary::render(summary, app, area, buf),
    }
}
