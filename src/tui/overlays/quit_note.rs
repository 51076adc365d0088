//! Ctrl-C typed in the note editor, by reflex, asks before leaving the app mid-interview.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;

use super::dialog;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;

/// The question.
pub struct QuitNote;

impl Component for QuitNote {
    fn context(&self) -> Context {
        Context::QuitNote
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Confirm => vec![Effect::Close, Effect::Quit],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from("The note is saved either way. Esc goes back to writing it.");
        dialog("Quit the app?", body, Context::QuitNote, ctx.theme, area, buf);
    }
}
