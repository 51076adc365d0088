//! The note editor: a multi-line note of a criterion or of an item.
//!
//! What is typed is saved two seconds after the last key (the event loop keeps that deadline),
//! on Ctrl-S, and when the editor closes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use ratatui_textarea::TextArea;

use super::quit_note::QuitNote;
use super::{Overlay, window};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::session::{Edit, NoteTarget, SaveStatus};
use crate::tui::text::{line, truncate, wrap};

/// The note editor's state.
pub struct NoteEditor {
    pub target: NoteTarget,
    pub area: TextArea<'static>,
    /// Typed since the last save.
    pub dirty: bool,
    /// The note has been saved from this editor at least once.
    wrote: bool,
}

impl NoteEditor {
    pub fn new(target: NoteTarget, note: &str) -> Self {
        NoteEditor {
            target,
            area: field::multi_line(note),
            dirty: false,
            wrote: false,
        }
    }

    /// The edit that puts the note as typed in the review.
    fn edit(&self) -> Edit {
        Edit::Note {
            target: self.target.clone(),
            text: field::text(&self.area),
        }
    }
}

/// Typing changes the note in the editor only; it is written to the review when a save is due
/// (the event loop's deadline, Ctrl-S, closing the editor, quitting), not at each key.
impl Component for NoteEditor {
    fn context(&self) -> Context {
        Context::Note
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        let typed = match action {
            Action::Edit(key) => self.area.input(key),
            Action::Paste(text) => field::paste(&mut self.area, &text, true, "\n"),
            Action::SaveNote => {
                self.note_saved();
                return vec![Effect::Edit(self.edit())];
            }
            Action::CloseNote if self.dirty => return vec![Effect::Close, Effect::Edit(self.edit())],
            Action::CloseNote => return vec![Effect::Close],
            _ => false,
        };
        self.dirty |= typed;
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }

    /// Ctrl-C typed by reflex mid-interview asks first, rather than ending the app.
    fn confirm_quit(&self) -> Option<Overlay> {
        Some(Overlay::from(QuitNote))
    }

    fn unsaved_note(&self) -> Option<(NoteTarget, String)> {
        self.dirty
            .then(|| (self.target.clone(), field::text(&self.area)))
    }

    fn note_saved(&mut self) {
        self.dirty = false;
        self.wrote = true;
    }
}

fn render(editor: &NoteEditor, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let (title, about) = match &editor.target {
        NoteTarget::Criterion { item, criterion } => {
            let text = ctx
                .scale
                .item(*item)
                .and_then(|i| i.criterion(criterion))
                .map_or(String::new(), |c| line(&c.text).into_owned());
            (
                format!("Note · item {item} · criterion {criterion}"),
                format!("{criterion}) {text}"),
            )
        }
        NoteTarget::Quick(at) => {
            let source = ctx
                .review()
                .and_then(|r| r.quick_note(*at).and_then(|q| q.source.clone()))
                .or_else(|| ctx.review().and_then(|r| r.working.source.clone()));
            let source = source.map_or(String::new(), |code| {
                let name = ctx.scale.evidence_source(&code).map_or(code.as_str(), |s| &s.name);
                format!(" · {} ({})", line(name), line(&code))
            });
            (
                format!("Quick note · {}{source}", ctx.clock.local(*at).format("%H:%M")),
                "For the review as a whole until attached: W lists the quick notes".to_owned(),
            )
        }
        NoteTarget::Item(item) => {
            let title = ctx
                .scale
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
    let keys = Line::from(vec![
        Span::styled("Esc", theme.key_hint),
        Span::raw(" save and close  "),
        Span::styled("Ctrl-S", theme.key_hint),
        Span::raw(" save now"),
    ]);
    let state = note_state(editor, ctx);
    // The save state and the keys on one row where both fit, else a row each: never one over
    // the other.
    let one_row = state.is_empty()
        || crate::tui::text::width(&state) + 2 + keys.width() <= usize::from(inner.width);
    let footer_rows = if one_row { 1 } else { 2 };
    let [about_area, text_area, status_area] = inner.layout(&Layout::vertical([
        Constraint::Length(about.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(footer_rows),
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
    let status = Line::from(Span::styled(state, theme.muted));
    if one_row {
        status.render(status_area, buf);
        keys.right_aligned().render(status_area, buf);
    } else {
        let [state_row, keys_row] = status_area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
        status.render(state_row, buf);
        keys.right_aligned().render(keys_row, buf);
    }
}

/// Whether the note is saved, in a few words.
fn note_state(editor: &NoteEditor, ctx: &Ctx) -> String {
    let saved = ctx.open.and_then(|o| match o.status {
        SaveStatus::Saved(at) if editor.wrote => Some(at),
        _ => None,
    });
    if editor.dirty {
        "Saves when you pause".to_owned()
    } else if let Some(at) = saved {
        format!("Saved {}", ctx.clock.local(at).format("%H:%M:%S"))
    } else {
        String::new()
    }
}
