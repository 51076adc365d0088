//! Leaving a new-review form with something typed in it asks first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;

use super::dialog;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;

/// The question; `quit` when leaving the app too.
pub struct DiscardForm {
    pub quit: bool,
}

impl Component for DiscardForm {
    fn context(&self) -> Context {
        Context::DiscardForm
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Confirm if self.quit => vec![Effect::Close, Effect::Quit],
            Action::Confirm => vec![Effect::Close, Effect::GoHome],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from("What was typed in the form is lost.");
        let title = if self.quit {
            "Discard this new review and quit?"
        } else {
            "Discard this new review?"
        };
        dialog(title, body, Context::DiscardForm, ctx.theme, area, buf);
    }
}
