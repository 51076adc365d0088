//! The review asked for is open in another window: look at it read-only, or go back.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};

use super::dialog;
use crate::store::LockHolder;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::session::holder_text;
use crate::tui::text::sanitize;

/// The review asked for, and who holds it.
pub struct Locked {
    pub path: PathBuf,
    pub holder: LockHolder,
}

impl Component for Locked {
    fn context(&self) -> Context {
        Context::Locked
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::ViewReadOnly => vec![
                Effect::Close,
                Effect::ViewReadOnly {
                    path: self.path.clone(),
                    holder: self.holder.clone(),
                },
            ],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from(vec![
            Line::from(format!(
                "{}",
                sanitize(&self.path.display().to_string(), false)
            )),
            Line::from(format!(
                "is open in another fidelity-review ({}).",
                sanitize(&holder_text(&self.holder, ctx.clock), false)
            )),
            Line::from(""),
            Line::from("You can look at it read-only here; nothing will be changed or saved."),
        ]);
        dialog(
            "Review already open",
            body,
            Context::Locked,
            ctx.theme,
            area,
            buf,
        );
    }
}
