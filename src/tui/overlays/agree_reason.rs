//! The reason for an agreed score: in a consensus review, a score the reviewers did not all
//! give (or one other than the agreed findings suggest) needs a short reason, kept as the
//! item's rationale.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::window;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::session::Edit;

/// An agreed score waiting for its reason.
pub struct AgreeReason {
    pub item: u16,
    pub score: u8,
    /// Why a reason is asked, in a sentence: what the reviewers gave.
    pub why: String,
    pub area: TextArea<'static>,
    /// Shown when Enter was pressed with nothing written.
    pub error: Option<String>,
}

impl AgreeReason {
    pub fn new(item: u16, score: u8, why: String, reason: &str) -> Self {
        AgreeReason {
            item,
            score,
            why,
            area: field::multi_line(reason),
            error: None,
        }
    }
}

impl Component for AgreeReason {
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
            Action::Cancel => return vec![Effect::Close],
            Action::Confirm => {
                let reason = field::text(&self.area);
                if reason.trim().is_empty() {
                    self.error = Some("Write why this score is agreed, or Esc to cancel".to_owned());
                } else {
                    return vec![
                        Effect::Close,
                        Effect::Edit(Edit::AgreedScore {
                            item: self.item,
                            score: self.score,
                            reason,
                        }),
                    ];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let theme = ctx.theme;
        let inner = window(
            area,
            64,
            11,
            &format!("Agreed score {} for item {}", self.score, self.item),
            theme,
            buf,
        );
        let [question, text, error, keys] = inner
            .inner(ratatui::layout::Margin::new(1, 0))
            .layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Length(1),
            ]));
        Paragraph::new(format!("{} A short reason is required.", self.why))
            .wrap(Wrap { trim: true })
            .render(question, buf);
        self.area.render(text, buf);
        if let Some(message) = &self.error {
            Span::styled(message.as_str(), theme.error).render(error, buf);
        }
        Line::from(vec![
            Span::styled("Enter", theme.key_hint),
            Span::raw(" save score  "),
            Span::styled("Esc", theme.key_hint),
            Span::raw(" cancel"),
        ])
        .render(keys, buf);
    }
}
