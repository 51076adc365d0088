//! A report has been written: where it is, in full, and a key to open it.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};

use super::dialog;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::library::ExportFormat;
use crate::tui::text::sanitize;

/// The report written.
pub struct Exported {
    pub format: ExportFormat,
    pub path: PathBuf,
}

impl Component for Exported {
    fn context(&self) -> Context {
        Context::Exported
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::ShowReport => vec![Effect::Close, Effect::ShowReport(self.path.clone())],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let body = Text::from(vec![
            Line::from(format!("The {} report is in", self.format.label())),
            Line::from(sanitize(&self.path.display().to_string(), false).into_owned()),
        ]);
        dialog("Exported", body, Context::Exported, ctx.theme, area, buf);
    }
}
