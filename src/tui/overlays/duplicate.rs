//! Starting a review for a team and date that already has one asks first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;

use super::dialog;
use crate::review::Details;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::line;

/// The details of the review to start.
pub struct Duplicate {
    pub details: Details,
}

impl Component for Duplicate {
    fn context(&self) -> Context {
        Context::Duplicate
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Confirm => vec![Effect::Close, Effect::CreateAnyway(self.details.clone())],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from(format!(
            "{} already has a review dated {}. It is on the home screen, to resume.",
            line(&self.details.team),
            self.details.date
        ));
        dialog(
            "A review of this team on this date exists",
            body,
            Context::Duplicate,
            ctx.theme,
            area,
            buf,
        );
    }
}
