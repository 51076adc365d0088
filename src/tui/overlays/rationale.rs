//! The rationale prompt: a final score that differs from the suggested one needs a reason.
//!
//! Esc means what it means in the note editor: what was typed is kept (the score saved with
//! it); with nothing typed, the score is left as it was.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::window;
use crate::review::Suggestion;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::session::Edit;

/// A final score waiting for its rationale.
pub struct RationalePrompt {
    pub item: u16,
    pub score: u8,
    pub suggested: Suggestion,
    pub area: TextArea<'static>,
    /// Shown when Enter was pressed with nothing written.
    pub error: Option<String>,
}

impl RationalePrompt {
    pub fn new(item: u16, score: u8, suggested: Suggestion, rationale: &str) -> Self {
        RationalePrompt {
            item,
            score,
            suggested,
            area: field::multi_line(rationale),
            error: None,
        }
    }
}

impl Component for RationalePrompt {
    fn context(&self) -> Context {
        Context::Rationale
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Edit(key) => {
                self.area.input(key);
            }
            Action::Paste(text) => {
                field::paste(&mut self.area, &text, true, "\n");
            }
            // Esc keeps what was typed, as in the note editor; with nothing typed there is
            // nothing to keep, and the score is left as it was.
            Action::CloseNote if field::text(&self.area).trim().is_empty() => {
                return vec![Effect::Close];
            }
            Action::CloseNote | Action::Confirm => {
                let rationale = field::text(&self.area);
                if rationale.trim().is_empty() {
                    self.error =
                        Some("Write why the score differs (required), or Esc to leave it".to_owned());
                } else {
                    return vec![
                        Effect::Close,
                        Effect::Edit(Edit::Score {
                            item: self.item,
                            score: Some(self.score),
                            rationale,
                        }),
                    ];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }
}

fn render(prompt: &RationalePrompt, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let inner = window(
        area,
        64,
        11,
        &format!("Final score {} for item {}", prompt.score, prompt.item),
        theme,
        buf,
    );
    let [question, text, error, keys] =
        inner
            .inner(ratatui::layout::Margin::new(1, 0))
            .layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Length(1),
            ]));
    let provisional = if prompt.suggested.provisional {
        " (provisional)"
    } else {
        ""
    };
    let words = format!(
        "The suggested score is {}{provisional}. Why is it {}? A short rationale is required.",
        prompt.suggested.score, prompt.score
    );
    Paragraph::new(words)
        .wrap(Wrap { trim: true })
        .render(question, buf);
    prompt.area.render(text, buf);
    if let Some(message) = &prompt.error {
        Span::styled(message.as_str(), theme.error).render(error, buf);
    }
    Line::from(vec![
        Span::styled("Enter", theme.key_hint),
        Span::raw(" save score  "),
        Span::styled("Esc", theme.key_hint),
        Span::raw(" save and close"),
    ])
    .render(keys, buf);
}
