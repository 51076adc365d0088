//! What the source being interviewed backs across the whole scale, and what it does not yet:
//! to steer the conversation to what is still to ask.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};

use super::dialog;
use crate::review::interview;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::line;

/// The source's code.
pub struct Coverage {
    pub code: String,
}

impl Component for Coverage {
    fn context(&self) -> Context {
        Context::Coverage
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let Some(review) = ctx.review() else { return };
        let (backed, not_yet) = interview::coverage(ctx.scale, review, &self.code);
        // By item, its criteria after its number: `1abd 2c 23`.
        let places = |list: &[(u16, String)]| {
            let mut groups: Vec<(u16, String)> = Vec::new();
            for (item, id) in list {
                match groups.last_mut() {
                    Some((last, ids)) if last == item => ids.push_str(&line(id)),
                    _ => groups.push((*item, line(id).into_owned())),
                }
            }
            if groups.is_empty() {
                "none".to_owned()
            } else {
                groups
                    .iter()
                    .map(|(item, ids)| format!("{item}{ids}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        let name = ctx
            .scale
            .evidence_source(&self.code)
            .map_or(self.code.as_str(), |s| s.name.as_str());
        let body = Text::from(vec![
            Line::from(format!("Backed by {} ({}):", line(name), line(&self.code))),
            Line::from(places(&backed)),
            Line::from(""),
            Line::from(format!("Not yet ({}):", not_yet.len())),
            Line::from(places(&not_yet)),
        ]);
        dialog(
            "What this source backs",
            body,
            Context::Coverage,
            ctx.theme,
            area,
            buf,
        );
    }
}
