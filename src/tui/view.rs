//! Drawing the whole app: a pure function of its state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::keymap;
use super::overlays;
use super::screens;
use super::text::width;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return render_too_small(self, area, buf);
        }
        let [body, footer] = split(area);
        screens::render(self, body, buf);
        render_footer(self, footer, buf);
        for overlay in self.overlays() {
            overlays::render(overlay, self, area, buf);
        }
    }
}

fn split(area: Rect) -> [Rect; 2] {
    area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
    ]))
}

/// Where a screen is drawn in a terminal of `area`: all but the footer line.
pub fn body(area: Rect) -> Rect {
    split(area)[0]
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    if let Some(flash) = app.flash() {
        Span::styled(format!(" {flash} "), theme.warning).render(area, buf);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for hint in keymap::footer(app.screen().context()) {
        let needed = width(&hint.keys) + width(hint.label) + 4;
        if used + needed - 3 > usize::from(area.width) {
            break;
        }
        used += needed;
        spans.push(Span::styled(hint.keys, theme.key_hint));
        spans.push(Span::styled(format!(" {}   ", hint.label), theme.muted));
    }
    Line::from(spans).render(area, buf);
}

fn render_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let message = format!(
        "Make the window larger: it needs {MIN_WIDTH}×{MIN_HEIGHT}, and is {}×{}.",
        area.width, area.height
    );
    let height = (width(&message) as u16)
        .div_ceil(area.width.max(1))
        .min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    Paragraph::new(Span::styled(message, app.theme().title))
        .wrap(Wrap { trim: true })
        .centered()
        .render(
            Rect {
                y: top,
                height: area.bottom() - top,
                ..area
            },
            buf,
        );
}
