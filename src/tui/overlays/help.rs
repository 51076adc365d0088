//! The help overlay: every key of the context under it, made from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::window;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::{self, Context};
use crate::tui::text::truncate;

const KEYS_WIDTH: usize = 11;

/// The keys of `context`: the screen or overlay under the help.
pub struct Help {
    pub context: Context,
}

impl Component for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Cancel => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self.context, ctx, area, buf);
    }
}

fn render(context: Context, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let hints = keymap::help(context);
    let fits_one = hints.len() as u16 + 3 <= area.height.saturating_sub(2);
    let columns: usize = if fits_one { 1 } else { 2 };
    let rows = hints.len().div_ceil(columns);
    let width = if columns == 1 { 50 } else { 90 };
    let title = format!("Keys: {}", context.title());
    let inner = window(area, width, rows as u16 + 4, &title, theme, buf);
    let column_width = inner.width / columns as u16;
    for (index, hint) in hints.iter().enumerate() {
        let (column, row) = (index / rows, index % rows);
        if row as u16 >= inner.height.saturating_sub(2) {
            continue;
        }
        let x = inner.x + 1 + column as u16 * column_width;
        let label_width = usize::from(column_width).saturating_sub(KEYS_WIDTH + 2);
        let line = Line::from(vec![
            Span::styled(
                format!("{:>w$} ", truncate(&hint.keys, KEYS_WIDTH), w = KEYS_WIDTH),
                theme.key_hint,
            ),
            Span::styled(truncate(hint.label, label_width), theme.text),
        ]);
        line.render(
            Rect::new(x, inner.y + row as u16, column_width.saturating_sub(1), 1),
            buf,
        );
    }
    let close = Line::from(Span::styled("Esc or ? closes this help", theme.muted));
    close.render(
        Rect::new(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            inner.width.saturating_sub(1),
            1,
        ),
        buf,
    );
}
