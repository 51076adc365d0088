//! A notice or an error, closed with Enter or Esc.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;

use super::dialog;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::sanitize;

/// A notice or an error.
pub struct Message {
    pub title: String,
    pub body: String,
    pub is_error: bool,
}

impl Message {
    pub fn error(title: impl Into<String>, body: impl Into<String>) -> Self {
        Message {
            title: title.into(),
            body: body.into(),
            is_error: true,
        }
    }

    pub fn notice(title: impl Into<String>, body: impl Into<String>) -> Self {
        Message {
            title: title.into(),
            body: body.into(),
            is_error: false,
        }
    }
}

impl Component for Message {
    fn context(&self) -> Context {
        Context::Message
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let style = if self.is_error {
            ctx.theme.error
        } else {
            ctx.theme.text
        };
        let body = Text::styled(sanitize(&self.body, true).into_owned(), style);
        dialog(&self.title, body, Context::Message, ctx.theme, area, buf);
    }
}
