//! Drawing the whole app: a pure function of its state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::keymap;
use super::text::width;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return render_too_small(self, area, buf);
        }
        let ctx = self.ctx();
        let [body, footer] = split(area);
        self.screen().component().render(&ctx, body, buf);
        render_footer(self, footer, buf);
        for overlay in self.overlays() {
            overlay.component().render(&ctx, area, buf);
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

/// The keys of what has the keyboard now (the top overlay, else the screen): its own from the
/// left as many as fit, help and quit always at the right.
fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    if let Some(flash) = app.flash() {
        Span::styled(format!(" {flash} "), theme.warning).render(area, buf);
        return;
    }
    let (global, own): (Vec<_>, Vec<_>) = keymap::footer(app.context())
        .into_iter()
        .partition(|hint| hint.global);
    let spans = |hints: &[keymap::Hint], room: usize| {
        let mut spans = Vec::new();
        let mut used = 0;
        for hint in hints {
            let gap = if spans.is_empty() { 0 } else { 3 };
            let needed = gap + width(&hint.keys) + 1 + width(hint.label);
            if used + needed > room {
                break;
            }
            used += needed;
            if gap > 0 {
                spans.push(Span::raw("   "));
            }
            spans.push(Span::styled(hint.keys.clone(), theme.key_hint));
            spans.push(Span::styled(format!(" {}", hint.label), theme.muted));
        }
        (spans, used)
    };
    let full = usize::from(area.width);
    let (right, right_width) = spans(&global, full);
    let (left, _) = spans(&own, full.saturating_sub(right_width + 3));
    Line::from(left).render(area, buf);
    let right_width = right_width as u16;
    let right_area = Rect {
        x: area.right().saturating_sub(right_width),
        width: right_width.min(area.width),
        ..area
    };
    Line::from(right).render(right_area, buf);
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
