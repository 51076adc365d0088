//! Small questions and messages: an error or a notice, a recovery file to restore, a review
//! open in another window.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::window;
use crate::review::Review;
use crate::store::LockHolder;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::text::{sanitize, wrap};
use crate::tui::theme::Theme;

/// A notice or an error, closed with Enter or Esc.
pub struct Message {
    pub title: String,
    pub body: String,
    pub is_error: bool,
}

impl Message {
    pub fn error(title: impl Into<String>, body: impl Into<String>) -> Self {
        Message {
            title: title.into(),
            body: body.into(),
            is_error: true,
        }
    }

    pub fn notice(title: impl Into<String>, body: impl Into<String>) -> Self {
        Message {
            title: title.into(),
            body: body.into(),
            is_error: false,
        }
    }
}

/// A recovery file was found beside the session being opened.
pub struct Recovery {
    /// The recovery file.
    pub from: PathBuf,
    pub review: Box<Review>,
    /// When the saved review was last changed, to compare with the copy's time.
    pub saved: DateTime<Utc>,
}

/// The review asked for is open in another window.
pub struct Locked {
    pub path: PathBuf,
    pub holder: LockHolder,
}

pub fn render_message(message: &Message, app: &App, area: Rect, buf: &mut Buffer) {
    let style = if message.is_error {
        app.theme().error
    } else {
        app.theme().text
    };
    let body = Text::styled(sanitize(&message.body, true).into_owned(), style);
    dialog(
        &message.title,
        body,
        Context::Message,
        app.theme(),
        area,
        buf,
    );
}

pub fn render_recovery(recovery: &Recovery, app: &App, area: Rect, buf: &mut Buffer) {
    let clock = app.clock();
    let copy = clock.local(recovery.review.updated);
    let saved = clock.local(recovery.saved);
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
        app.theme(),
        area,
        buf,
    );
}

pub fn render_discard_form(quit: bool, app: &App, area: Rect, buf: &mut Buffer) {
    let body = Text::from("What was typed in the form is lost.");
    dialog(
        if quit {
            "Discard this new review and quit?"
        } else {
            "Discard this new review?"
        },
        body,
        Context::DiscardForm,
        app.theme(),
        area,
        buf,
    );
}

pub fn render_locked(locked: &Locked, app: &App, area: Rect, buf: &mut Buffer) {
    let body = Text::from(vec![
        Line::from(format!(
            "{}",
            sanitize(&locked.path.display().to_string(), false)
        )),
        Line::from(format!(
            "is open in another fidelity-review ({}).",
            sanitize(
                &crate::tui::screens::review::holder_text(&locked.holder, app),
                false
            )
        )),
        Line::from(""),
        Line::from("You can look at it read-only here; nothing will be changed or saved."),
    ]);
    dialog(
        "Review already open",
        body,
        Context::Locked,
        app.theme(),
        area,
        buf,
    );
}

fn dialog(
    title: &str,
    body: Text<'_>,
    context: Context,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = 70u16.min(area.width);
    let text_width = usize::from(width.saturating_sub(4).max(1));
    // Wrapped here rather than by the paragraph, so the window is exactly as tall as the text:
    // a long path must not push the end of a message (the way to recover) out of sight.
    let style = body.style;
    let lines: Vec<Line<'_>> = body
        .lines
        .iter()
        .flat_map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let line_style = line.style;
            wrap(&text, text_width)
                .into_iter()
                .map(move |row| Line::styled(row, line_style))
        })
        .collect();
    let body = Text::from(lines).style(style);
    let body_rows = u16::try_from(body.lines.len()).unwrap_or(u16::MAX);
    let mut keys = Vec::new();
    for hint in keymap::footer(context).into_iter().filter(|h| !h.global) {
        keys.push(Span::styled(hint.keys, theme.key_hint));
        keys.push(Span::raw(format!(" {}  ", hint.label)));
    }
    let keys = Line::from(keys);
    // Wrapping at words can take a row more than the widths say.
    let key_rows = u16::try_from(keys.width().div_ceil(text_width).max(1) + 1).unwrap_or(2);
    let inner = window(
        area,
        width,
        body_rows.saturating_add(key_rows + 3),
        title,
        theme,
        buf,
    )
    .inner(Margin::new(1, 0));
    let [text, _, key_area] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(key_rows),
    ]));
    Paragraph::new(body).render(text, buf);
    Paragraph::new(keys)
        .wrap(Wrap { trim: true })
        .render(key_area, buf);
}
