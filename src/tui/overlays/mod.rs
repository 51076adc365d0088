//! Overlays: small windows stacked over a screen. Keys go to the top one; Esc closes it.
//!
//! Each overlay is a module whose state implements [`Component`]. The list below is the one
//! place they are named: a new overlay is a module and a line there.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::component::Component;
use super::keymap::{self, Context};
use super::text::wrap;
use super::theme::Theme;

/// Declares the overlay modules and the [`Overlay`] enum over their states, with a way to
/// reach each as a [`Component`].
macro_rules! overlays {
    ($($(#[$doc:meta])* $variant:ident($module:ident::$state:ident),)*) => {
        $(pub mod $module;)*

        /// One overlay on the stack.
        pub enum Overlay {
            $($(#[$doc])* $variant(Box<$module::$state>),)*
        }

        impl Overlay {
            pub fn component(&self) -> &dyn Component {
                match self {
                    $(Overlay::$variant(state) => state.as_ref(),)*
                }
            }

            pub fn component_mut(&mut self) -> &mut dyn Component {
                match self {
                    $(Overlay::$variant(state) => state.as_mut(),)*
                }
            }
        }

        $(impl From<$module::$state> for Overlay {
            fn from(state: $module::$state) -> Self {
                Overlay::$variant(Box::new(state))
            }
        })*
    };
}

overlays! {
    /// The keys of the context under it.
    Help(help::Help),
    /// The note of a criterion or an item.
    Note(note::NoteEditor),
    /// The reason for a final score that differs from the suggestion.
    Rationale(rationale::RationalePrompt),
    /// The reason for an agreed score the reviewers did not all give.
    AgreeReason(agree_reason::AgreeReason),
    /// A one-line prompt: an item to go to, evidence sources.
    Prompt(prompt::Prompt),
    /// A report's format and where it goes.
    Export(export::ExportDialog),
    /// A notice or an error.
    Message(message::Message),
    /// A report written: where it is, and a way to open it.
    Exported(exported::Exported),
    /// A recovery file to restore or delete.
    Recovery(recovery::Recovery),
    /// The review asked for is open in another window.
    Locked(locked::Locked),
    /// Leaving a filled-in new-review form.
    DiscardForm(discard::DiscardForm),
    /// Quitting from the note editor.
    QuitNote(quit_note::QuitNote),
    /// What the source being interviewed backs, and what not yet.
    Coverage(coverage::Coverage),
    /// The quick notes, to attach where they belong.
    QuickNotes(quick_notes::QuickNotes),
    /// A new review for a team and date that already has one.
    Duplicate(duplicate::Duplicate),
    /// Deleting a review from the home screen.
    DeleteReview(delete::DeleteReview),
}

/// Clears a box of `width` × `height` in the middle of `area`, draws its frame and title, and
/// returns the inside.
pub fn window(
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
    buf: &mut Buffer,
) -> Rect {
    let outer = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Clear.render(outer, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(format!(" {title} "))
        .title_style(theme.title);
    let inner = block.inner(outer);
    block.render(outer, buf);
    inner
}

/// A small question or message: `body` wrapped in a window just tall enough for it, and under
/// it the keys of `context`.
pub fn dialog(
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
