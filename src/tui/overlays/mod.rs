//! Overlays: small windows stacked over a screen. Keys go to the top one; Esc closes it.

pub mod confirm;
pub mod export;
pub mod help;
pub mod note;
pub mod prompt;
pub mod rationale;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::app::App;
use super::keymap::Context;
use super::theme::Theme;

/// One overlay on the stack.
pub enum Overlay {
    /// The keys of the context under it.
    Help(Context),
    Note(note::NoteEditor),
    Rationale(rationale::RationalePrompt),
    Prompt(prompt::Prompt),
    Export(export::ExportDialog),
    Message(confirm::Message),
    Recovery(confirm::Recovery),
    Locked(confirm::Locked),
    /// Leaving a new-review form with something typed in it; `quit` when leaving the app too.
    DiscardForm {
        quit: bool,
    },
}

impl Overlay {
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(_) => Context::Help,
            Overlay::Note(_) => Context::Note,
            Overlay::Rationale(_) => Context::Rationale,
            Overlay::Prompt(_) => Context::Prompt,
            Overlay::Export(_) => Context::Export,
            Overlay::Message(_) => Context::Message,
            Overlay::Recovery(_) => Context::Recovery,
            Overlay::Locked(_) => Context::Locked,
            Overlay::DiscardForm { .. } => Context::DiscardForm,
        }
    }
}

/// Draws one overlay over whatever is in `area`.
pub fn render(overlay: &Overlay, app: &App, area: Rect, buf: &mut Buffer) {
    match overlay {
        Overlay::Help(context) => help::render(*context, app, area, buf),
        Overlay::Note(editor) => note::render(editor, app, area, buf),
        Overlay::Rationale(prompt) => rationale::render(prompt, app, area, buf),
        Overlay::Prompt(prompt) => prompt::render(prompt, app, area, buf),
        Overlay::Export(dialog) => export::render(dialog, app, area, buf),
        Overlay::Message(message) => confirm::render_message(message, app, area, buf),
        Overlay::Recovery(recovery) => confirm::render_recovery(recovery, app, area, buf),
        Overlay::Locked(locked) => confirm::render_locked(locked, app, area, buf),
        Overlay::DiscardForm { quit } => confirm::render_discard_form(*quit, app, area, buf),
    }
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
