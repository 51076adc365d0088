//! Deleting a review from the home screen asks first; it goes to the `deleted` folder, from
//! which `u` brings it back.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;

use super::dialog;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::line;

/// The review to delete, and how it is named on screen.
pub struct DeleteReview {
    pub path: PathBuf,
    pub name: String,
}

impl Component for DeleteReview {
    fn context(&self) -> Context {
        Context::DeleteReview
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Confirm => vec![Effect::Close, Effect::Delete(self.path.clone())],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from(format!(
            "{} goes to the deleted folder inside the data folder; u on this screen brings it back.",
            line(&self.name)
        ));
        dialog(
            "Delete this review?",
            body,
            Context::DeleteReview,
            ctx.theme,
            area,
            buf,
        );
    }
}
