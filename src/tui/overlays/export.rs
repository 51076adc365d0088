//! The export dialog: a report format and the path it is written to.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::window;
use crate::review::Review;
use crate::tui::app::App;
use crate::tui::library::ExportFormat;

/// A report about to be written.
pub struct ExportDialog {
    /// The review to export, when it is not the open one (picked on the home screen).
    pub review: Option<Box<Review>>,
    pub format: ExportFormat,
    pub path: TextArea<'static>,
    /// The path was typed, so changing the format leaves it alone.
    pub path_edited: bool,
    pub error: Option<String>,
}

impl ExportDialog {
    pub fn new(review: Option<Box<Review>>, format: ExportFormat, path: PathBuf) -> Self {
        ExportDialog {
            review,
            format,
            path: crate::tui::field::single_line(&path.display().to_string()),
            path_edited: false,
            error: None,
        }
    }
}

pub fn render(dialog: &ExportDialog, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let inner = window(area, 72, 10, "Export a report", theme, buf);
    let [formats, label, path, error, keys] =
        inner.inner(Margin::new(1, 0)).layout(&Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
    let mut spans = vec![Span::raw("Format: ")];
    for format in ExportFormat::ALL {
        let chosen = format == dialog.format;
        let mark = if chosen { "(•) " } else { "( ) " };
        let style = if chosen { theme.selected } else { theme.text };
        spans.push(Span::styled(format!("{mark}{}", format.label()), style));
        spans.push(Span::raw("  "));
    }
    Line::from(spans).render(formats, buf);
    Span::styled("Write it to:", theme.muted).render(label, buf);
    dialog.path.render(path, buf);
    if let Some(message) = &dialog.error {
        Paragraph::new(Span::styled(message.as_str(), theme.error))
            .wrap(Wrap { trim: true })
            .render(error, buf);
    }
    Line::from(vec![
        Span::styled("Tab", theme.key_hint),
        Span::raw(" format  "),
        Span::styled("Enter", theme.key_hint),
        Span::raw(" export  "),
        Span::styled("Esc", theme.key_hint),
        Span::raw(" cancel"),
    ])
    .render(keys, buf);
}
