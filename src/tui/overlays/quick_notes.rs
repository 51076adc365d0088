//! The quick notes of the open review: each with its time, its source and where it is
//! attached; one can be attached to the criterion or item under the cursor, or kept at review
//! level.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};

use super::dialog;
use crate::review::quick::Place;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::session::Edit;
use crate::tui::text::{line, truncate};

/// The list and the one selected.
#[derive(Debug, Default)]
pub struct QuickNotes {
    pub selected: usize,
}

impl QuickNotes {
    fn selected_at(&self, ctx: &Ctx) -> Option<DateTime<Utc>> {
        ctx.review()?.quick_notes.get(self.selected).map(|q| q.at)
    }
}

impl Component for QuickNotes {
    fn context(&self) -> Context {
        Context::QuickNotes
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let count = ctx.review().map_or(0, |r| r.quick_notes.len());
        let place = |whole_item: bool| {
            let review = ctx.review()?;
            let item = review.cursor.item;
            let criterion = ctx.current_criterion().map(|(_, id)| id);
            Some(Place {
                item,
                criterion: criterion.filter(|_| !whole_item),
            })
        };
        let place = match action {
            Action::Cancel => return vec![Effect::Close],
            Action::MoveDown => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
                return Vec::new();
            }
            Action::MoveUp => {
                self.selected = self.selected.saturating_sub(1);
                return Vec::new();
            }
            Action::AttachToCriterion => place(false),
            Action::AttachToItem => place(true),
            Action::KeepAtReviewLevel => None,
            _ => return Vec::new(),
        };
        match self.selected_at(ctx) {
            Some(at) => vec![Effect::Edit(Edit::PlaceQuickNote { at, place })],
            None => vec![Effect::Flash("No quick notes yet: w writes one".to_owned())],
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let Some(review) = ctx.review() else { return };
        let theme = ctx.theme;
        let here = match ctx.current_criterion() {
            Some((item, id)) => format!("{item}{}", line(&id)),
            None => review.cursor.item.to_string(),
        };
        let mut lines = vec![Line::from(format!(
            "Enter attaches the one marked › to {here} (the cursor's place), o to item {}.",
            review.cursor.item
        ))];
        lines.push(Line::from(""));
        if review.quick_notes.is_empty() {
            lines.push(Line::styled("No quick notes yet: w writes one.", theme.muted));
        }
        let width = usize::from(area.width.min(70).saturating_sub(4));
        for (index, note) in review.quick_notes.iter().enumerate() {
            let marker = if index == self.selected { "› " } else { "  " };
            let source = note
                .source
                .as_deref()
                .map_or(String::new(), |c| format!(" ({})", line(c)));
            let place = match Place::label(note.place.as_ref()).as_str() {
                "" => "review".to_owned(),
                label => format!("at {label}"),
            };
            let head = format!(
                "{marker}{}{source} · {place} · ",
                ctx.clock.local(note.at).format("%H:%M")
            );
            let text = line(&note.text).into_owned();
            let room = width.saturating_sub(crate::tui::text::width(&head));
            lines.push(Line::from(vec![
                Span::styled(head, theme.heading),
                Span::raw(truncate(&text, room)),
            ]));
        }
        dialog(
            "Quick notes",
            Text::from(lines),
            Context::QuickNotes,
            theme,
            area,
            buf,
        );
    }
}
