//! The export dialog: a report format and the path it is written to.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::exported::Exported;
use super::{Overlay, window};
use crate::review::Review;
use crate::store;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::library::ExportFormat;

/// A report about to be written.
pub struct ExportDialog {
    /// The review to export, when it is not the open one (picked on the home screen).
    pub review: Option<Box<Review>>,
    pub format: ExportFormat,
    /// Where each format goes unless the user says otherwise.
    defaults: Vec<(ExportFormat, PathBuf)>,
    pub path: TextArea<'static>,
    /// The path was typed, so changing the format leaves it alone.
    pub path_edited: bool,
    /// The notes go in: they are the reviewer's evidence and may hold informants' own words.
    pub include_notes: bool,
    pub error: Option<String>,
}

impl ExportDialog {
    /// A dialog for the first of `defaults`: each format with where its report goes unless the
    /// user says otherwise.
    pub fn new(review: Option<Box<Review>>, defaults: Vec<(ExportFormat, PathBuf)>) -> Self {
        let (format, path) = defaults
            .first()
            .cloned()
            .unwrap_or((ExportFormat::Markdown, PathBuf::new()));
        ExportDialog {
            review,
            format,
            defaults,
            path: field::single_line(&path.display().to_string()),
            path_edited: false,
            include_notes: false,
            error: None,
        }
    }
}

impl Component for ExportDialog {
    fn context(&self) -> Context {
        Context::Export
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Edit(key) => {
                self.path_edited |= self.path.input(key);
            }
            Action::Paste(text) => {
                self.path_edited |= field::paste(&mut self.path, &text, false, "");
            }
            Action::NextFormat => {
                self.format = self.format.next();
                let default = self.defaults.iter().find(|(f, _)| *f == self.format);
                if !self.path_edited
                    && let Some((_, path)) = default
                {
                    self.path = field::single_line(&path.display().to_string());
                }
            }
            Action::ToggleNotes => self.include_notes = !self.include_notes,
            Action::Cancel => return vec![Effect::Close],
            Action::Confirm => {
                // `~` is the home folder, as in a shell: not a folder named `~`.
                let to = store::expand_home(field::value(&self.path).trim());
                if to.as_os_str().is_empty() {
                    self.error = Some("Type where the report goes".to_owned());
                } else {
                    return vec![Effect::Export {
                        review: self.review.clone(),
                        format: self.format,
                        include_notes: self.include_notes,
                        to,
                    }];
                }
            }
            Action::Exported(path) => {
                return vec![
                    Effect::Close,
                    Effect::Push(Overlay::from(Exported {
                        format: self.format,
                        path,
                    })),
                ];
            }
            Action::Failed(reason) => self.error = Some(format!("Not exported: {reason}")),
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }
}

fn render(dialog: &ExportDialog, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
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
    } else {
        let notes = if dialog.include_notes {
            "Notes: included (they may hold informants' own words)"
        } else {
            "Notes: left out (Ctrl-N puts them in)"
        };
        Span::styled(notes, theme.muted).render(error, buf);
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
