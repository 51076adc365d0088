//! The note editor: a multi-line note of a criterion or of an item.
//!
//! What is typed is saved two seconds after the last key (the event loop keeps that deadline),
//! on Ctrl-S, and when the editor closes.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use ratatui_textarea::TextArea;

use super::window;
use crate::review::Review;
use crate::tui::app::App;
use crate::tui::text::{line, truncate, wrap};

/// Whose note is being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Criterion { item: u16, criterion: String },
    Item(u16),
}

impl NoteTarget {
    /// Puts `text` in the review as this note; false if the note already said that.
    pub fn write(&self, review: &mut Review, text: &str, now: DateTime<Utc>) -> bool {
        match self {
            NoteTarget::Criterion { item, criterion } => {
                review.set_note(*item, criterion, text, now)
            }
            NoteTarget::Item(item) => review.set_item_note(*item, text, now),
        }
    }
}

/// The note editor's state.
pub struct NoteEditor {
    pub target: NoteTarget,
    pub area: TextArea<'static>,
    /// Typed since the last save.
    pub dirty: bool,
    /// When the note was last saved from this editor.
    pub saved: Option<DateTime<Utc>>,
}

impl NoteEditor {
    pub fn new(target: NoteTarget, note: &str) -> Self {
        NoteEditor {
            target,
            area: crate::tui::field::multi_line(note),
            dirty: false,
            saved: None,
        }
    }
}

pub fn render(editor: &NoteEditor, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (title, about) = match &editor.target {
        NoteTarget::Criterion { item, criterion } => {
            let text = app
                .scale()
                .item(*item)
                .and_then(|i| i.criterion(criterion))
                .map_or(String::new(), |c| line(&c.text).into_owned());
            (
                format!("Note · item {item} · criterion {criterion}"),
                format!("{criterion}) {text}"),
            )
        }
        NoteTarget::Item(item) => {
            let title = app
                .scale()
                .item(*item)
                .map_or(String::new(), |i| line(&i.title).into_owned());
            (format!("Note · item {item}"), title)
        }
    };
    let width = (area.width * 4 / 5).clamp(40, 100);
    let height = (area.height * 2 / 3).max(10);
    let inner = window(area, width, height, &title, theme, buf);
    // What the note is about, in full where it fits in three rows.
    let mut about = wrap(&about, usize::from(inner.width).max(1));
    if about.len() > 3 {
        let rest = about[3..].join(" ");
        about.truncate(3);
        about[2] = truncate(&format!("{} {rest}", about[2]), usize::from(inner.width));
    }
    let [about_area, text_area, status_area] = inner.layout(&Layout::vertical([
        Constraint::Length(about.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    Paragraph::new(
        about
            .into_iter()
            .map(|row| Line::styled(row, theme.muted))
            .collect::<Vec<_>>(),
    )
    .render(about_area, buf);
    editor
        .area
        .render(text_area.inner(ratatui::layout::Margin::new(1, 0)), buf);
    let state = if editor.dirty {
        "Saves when you pause".to_owned()
    } else if let Some(at) = editor.saved {
        format!("Saved {}", app.clock().local(at).format("%H:%M:%S"))
    } else {
        String::new()
    };
    let keys = Line::from(vec![
        Span::styled("Esc", theme.key_hint),
        Span::raw(" save and close  "),
        Span::styled("Ctrl-S", theme.key_hint),
        Span::raw(" save now"),
    ]);
    let keys_width = keys.width() as u16;
    let status = Line::from(Span::styled(state, theme.muted));
    Line::from(keys.spans)
        .right_aligned()
        .render(status_area, buf);
    let state_area = Rect {
        width: status_area.width.saturating_sub(keys_width + 1),
        ..status_area
    };
    status.render(state_area, buf);
}
