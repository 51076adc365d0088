//! The help overlay: every key of the context under it, made from the keymap.
//!
//! Two columns where every entry fits whole in them, else one; when the entries are more than
//! the window's rows, j/k scroll them. An entry is never cut.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::window;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::text::width;

/// The keys of `context`: the screen or overlay under the help.
pub struct Help {
    pub context: Context,
    /// Rows scrolled down, when they do not all fit.
    pub scroll: usize,
}

impl Help {
    pub fn new(context: Context) -> Self {
        Help { context, scroll: 0 }
    }
}

impl Component for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let area = Rect::new(0, 0, ctx.size.0, ctx.size.1);
        let plan = Plan::of(&keymap::help(self.context), area);
        match action {
            Action::Cancel => return vec![Effect::Close],
            Action::MoveDown => self.scroll = (self.scroll + 1).min(plan.max_scroll()),
            Action::MoveUp => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }
}

/// How the entries are laid out in a terminal of a given size.
struct Plan {
    columns: usize,
    /// The width of the keys, right-aligned before each label.
    keys_width: usize,
    /// Rows of entries in all, and how many are shown at once.
    rows: usize,
    visible: usize,
    width: u16,
}

impl Plan {
    fn of(hints: &[Hint], area: Rect) -> Plan {
        let keys_width = hints.iter().map(|h| width(&h.keys)).max().unwrap_or(0);
        let label_width = hints.iter().map(|h| width(h.label)).max().unwrap_or(0);
        let entry = keys_width + 1 + label_width + 2;
        let room = usize::from(area.width.saturating_sub(4));
        // Rows for entries: the window's height less its frame, a blank and the closing line.
        let fit_rows = usize::from(area.height.saturating_sub(4)).max(1);
        let two = 2 * entry <= room.min(86) && hints.len() > fit_rows;
        let columns = if two { 2 } else { 1 };
        let rows = hints.len().div_ceil(columns);
        let visible = rows.min(fit_rows);
        // Room for the closing line too, scroll position and all.
        let close = "j/k scroll (10–20 of 40) · Esc or ? closes this help".chars().count();
        let width = if two { 90 } else { (entry.max(close) + 4).max(50) as u16 };
        Plan {
            columns,
            keys_width,
            rows,
            visible,
            width: width.min(area.width),
        }
    }

    fn max_scroll(&self) -> usize {
        self.rows.saturating_sub(self.visible)
    }
}

fn render(help: &Help, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let hints = keymap::help(help.context);
    let plan = Plan::of(&hints, area);
    let scroll = help.scroll.min(plan.max_scroll());
    let title = format!("Keys: {}", help.context.title());
    let inner = window(area, plan.width, plan.visible as u16 + 4, &title, theme, buf);
    let column_width = inner.width.saturating_sub(1) / plan.columns as u16;
    for (index, hint) in hints.iter().enumerate() {
        let (column, row) = (index / plan.rows, index % plan.rows);
        let Some(shown) = row.checked_sub(scroll).filter(|&r| r < plan.visible) else {
            continue;
        };
        let x = inner.x + 1 + column as u16 * column_width;
        let line = Line::from(vec![
            Span::styled(
                format!("{:>w$} ", hint.keys, w = plan.keys_width),
                theme.key_hint,
            ),
            Span::styled(hint.label, theme.text),
        ]);
        line.render(
            Rect::new(x, inner.y + shown as u16, column_width.saturating_sub(1), 1),
            buf,
        );
    }
    let close = if plan.max_scroll() > 0 {
        let last = (scroll + plan.visible).min(plan.rows);
        format!(
            "j/k scroll ({}–{last} of {}) · Esc or ? closes this help",
            scroll + 1,
            plan.rows
        )
    } else {
        "Esc or ? closes this help".to_owned()
    };
    Line::from(Span::styled(close, theme.muted)).render(
        Rect::new(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            inner.width.saturating_sub(1),
            1,
        ),
        buf,
    );
}
