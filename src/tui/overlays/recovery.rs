//! A recovery file left by a crash, newer than the saved review: restore it or delete it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};

use super::dialog;
use crate::review::Review;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::session::{Edit, valid_cursor};

/// A recovery file was found beside the session being opened.
pub struct Recovery {
    /// The recovery file.
    pub from: PathBuf,
    pub review: Box<Review>,
    /// When the saved review was last changed, to compare with the copy's time.
    pub saved: DateTime<Utc>,
}

impl Component for Recovery {
    fn context(&self) -> Context {
        Context::Recovery
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::RestoreRecovery => {
                let mut restored = self.review.clone();
                restored.set_cursor(valid_cursor(ctx.scale, &restored.cursor));
                vec![
                    Effect::Close,
                    Effect::Edit(Edit::Restore {
                        review: restored,
                        from: self.from.display().to_string(),
                    }),
                    Effect::DiscardRecovery,
                ]
            }
            Action::DiscardRecovery => vec![Effect::Close, Effect::DiscardRecovery],
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let copy = ctx.clock.local(self.review.updated);
        let saved = ctx.clock.local(self.saved);
        let times = if copy.date() == saved.date() {
            format!(
                "Recovered copy from {}, saved file from {} ({}).",
                copy.format("%H:%M:%S"),
                saved.format("%H:%M:%S"),
                copy.format("%Y-%m-%d")
            )
        } else {
            format!(
                "Recovered copy from {}, saved file from {}.",
                copy.format("%Y-%m-%d %H:%M"),
                saved.format("%Y-%m-%d %H:%M")
            )
        };
        let body = Text::from(vec![
            Line::from("The app stopped unexpectedly last time, and left a copy of its answers."),
            Line::from(times),
            Line::from(""),
            Line::from("Restore the copy over the saved review, or keep the saved review?"),
        ]);
        dialog(
            "Answers recovered",
            body,
            Context::Recovery,
            ctx.theme,
            area,
            buf,
        );
    }
}
