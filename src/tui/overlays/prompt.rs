//! One-line prompts at the foot of the review screen: go to an item, tag evidence sources.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use ratatui_textarea::TextArea;

use crate::tui::app::App;
use crate::tui::text::{line, truncate};

/// What the prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// An item number to go to.
    Jump,
    /// Evidence source codes to add to or remove from the current criterion.
    Tag,
}

/// A prompt and what has been typed.
pub struct Prompt {
    pub kind: PromptKind,
    pub area: TextArea<'static>,
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        Prompt {
            kind,
            area: crate::tui::field::single_line(""),
            error: None,
        }
    }
}

pub fn render(prompt: &Prompt, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut lines: Vec<Line> = Vec::new();
    let question = match prompt.kind {
        PromptKind::Jump => {
            let (first, last) = app.item_range();
            format!("Go to item ({first}–{last}), then Enter: ")
        }
        PromptKind::Tag => {
            let current = app.current_sources();
            for source in &app.scale().evidence_sources {
                let on = current.contains(&source.code);
                let mark = if on { "✓" } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(format!(" {mark} ")),
                    Span::styled(format!("{:<3}", line(&source.code)), theme.key_hint),
                    Span::raw(line(&source.name).into_owned()),
                ]));
            }
            "Sources to add or remove (codes, e.g. M S), then Enter: ".to_owned()
        }
    };
    let height = (lines.len() as u16 + 3 + u16::from(prompt.error.is_some())).min(area.height);
    let outer = Rect::new(
        area.x,
        area.bottom().saturating_sub(height),
        area.width,
        height,
    );
    Clear.render(outer, buf);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border);
    let inner = block.inner(outer);
    block.render(outer, buf);
    let mut y = inner.y;
    for source_line in lines {
        source_line.render(Rect::new(inner.x, y, inner.width, 1), buf);
        y += 1;
    }
    let question_width = (crate::tui::text::width(&question) as u16).min(inner.width / 2);
    if y < inner.bottom() {
        Span::styled(
            truncate(&question, usize::from(question_width)),
            theme.title,
        )
        .render(Rect::new(inner.x, y, question_width, 1), buf);
        let field = Rect::new(inner.x + question_width, y, inner.width - question_width, 1);
        prompt.area.render(field, buf);
        y += 1;
    }
    if let Some(error) = &prompt.error
        && y < inner.bottom()
    {
        Span::styled(error.as_str(), theme.error)
            .render(Rect::new(inner.x, y, inner.width, 1), buf);
        y += 1;
    }
    if y < inner.bottom() {
        Line::from(vec![
            Span::styled("Enter", theme.key_hint),
            Span::raw(" done  "),
            Span::styled("Esc", theme.key_hint),
            Span::raw(" cancel"),
        ])
        .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}
