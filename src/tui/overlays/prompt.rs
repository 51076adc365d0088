//! One-line prompts at the foot of the review screen: go to an item, tag evidence sources.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use ratatui_textarea::TextArea;

use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::session::Edit;
use crate::tui::text::{line, truncate};

/// What the prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// An item number to go to.
    Jump,
    /// The evidence source codes of the current criterion (or item rated directly), shown
    /// and edited.
    Tag,
    /// The evidence source being interviewed now: a code, or nothing for nobody.
    Interviewing,
}

/// A prompt and what has been typed.
pub struct Prompt {
    pub kind: PromptKind,
    pub area: TextArea<'static>,
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        Prompt::with_text(kind, "")
    }

    /// A prompt with `text` already typed, to edit.
    pub fn with_text(kind: PromptKind, text: &str) -> Self {
        Prompt {
            kind,
            area: field::single_line(text),
            error: None,
        }
    }
}

impl Component for Prompt {
    fn context(&self) -> Context {
        Context::Prompt
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Edit(key) => {
                self.area.input(key);
            }
            Action::Paste(text) => {
                field::paste(&mut self.area, &text, false, " ");
            }
            Action::Cancel => return vec![Effect::Close],
            Action::Confirm => {
                let typed = field::value(&self.area);
                let result = match self.kind {
                    PromptKind::Jump => jump(ctx, &typed),
                    PromptKind::Tag => tag(ctx, &typed),
                    PromptKind::Interviewing => interviewing(ctx, &typed),
                };
                match result {
                    Ok(effect) => return std::iter::once(Effect::Close).chain(effect).collect(),
                    Err(message) => self.error = Some(message),
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

/// The item typed, to go to.
fn jump(ctx: &Ctx, typed: &str) -> Result<Option<Effect>, String> {
    let (first, last) = ctx.item_range();
    let number = typed
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|&n| ctx.scale.item(n).is_some())
        .ok_or_else(|| format!("Type an item number from {first} to {last}"))?;
    Ok(Some(Effect::GoToItem(number)))
}

/// The evidence sources typed, to be those of the current criterion (or item rated directly).
/// The field starts with the codes there now: deleting one, or typing it again, takes it off.
fn tag(ctx: &Ctx, typed: &str) -> Result<Option<Effect>, String> {
    let sources = &ctx.scale.evidence_sources;
    let mut codes = Vec::new();
    for word in typed.split([' ', ',']).filter(|w| !w.is_empty()) {
        match sources.iter().find(|s| s.code.eq_ignore_ascii_case(word)) {
            // A code typed again after those already there takes it off.
            Some(source) => match codes.iter().position(|c| *c == source.code) {
                Some(at) => {
                    codes.remove(at);
                }
                None => codes.push(source.code.clone()),
            },
            None => {
                let known: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
                return Err(format!(
                    "{:?} is not a source here; the codes are {}",
                    line(word),
                    known.join(" ")
                ));
            }
        }
    }
    let Some(item) = ctx.current_item() else {
        return Ok(None);
    };
    Ok(Some(Effect::Edit(Edit::Sources {
        item: item.number,
        criterion: ctx.current_criterion().map(|(_, id)| id),
        codes,
    })))
}

/// The source typed, to interview now; nothing typed is nobody.
fn interviewing(ctx: &Ctx, typed: &str) -> Result<Option<Effect>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Some(Effect::Edit(Edit::Interviewing(None))));
    }
    let sources = &ctx.scale.evidence_sources;
    match sources.iter().find(|s| s.code.eq_ignore_ascii_case(typed)) {
        Some(source) => Ok(Some(Effect::Edit(Edit::Interviewing(Some(
            source.code.clone(),
        ))))),
        None => {
            let known: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
            Err(format!(
                "{:?} is not a source here; the codes are {}",
                line(typed),
                known.join(" ")
            ))
        }
    }
}

fn render(prompt: &Prompt, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let mut lines: Vec<Line> = Vec::new();
    let question = match prompt.kind {
        PromptKind::Jump => {
            let (first, last) = ctx.item_range();
            format!("Go to item ({first}–{last}), then Enter: ")
        }
        PromptKind::Tag | PromptKind::Interviewing => {
            let current = match prompt.kind {
                PromptKind::Tag => ctx.current_sources(),
                _ => ctx
                    .review()
                    .and_then(|r| r.working.source.clone())
                    .into_iter()
                    .collect(),
            };
            for source in &ctx.scale.evidence_sources {
                let on = current.contains(&source.code);
                let mark = if on { theme.symbols.met } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(format!(" {mark} ")),
                    Span::styled(format!("{:<3}", line(&source.code)), theme.key_hint),
                    Span::raw(line(&source.name).into_owned()),
                ]));
            }
            match prompt.kind {
                PromptKind::Tag => {
                    "Sources to add or remove (a code again removes it), then Enter: ".to_owned()
                }
                _ => "Interviewing (a code; Enter alone: nobody): ".to_owned(),
            }
        }
    };
    // The question on a line of its own where it would crowd the field, else the field after it.
    let question_width = crate::tui::text::width(&question) as u16;
    let inline = question_width + 12 <= area.width;
    let height = (lines.len() as u16 + 3 + u16::from(!inline) + u16::from(prompt.error.is_some()))
        .min(area.height);
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
    let mut rows = inner.rows();
    for source_line in lines {
        let Some(row) = rows.next() else { return };
        source_line.render(row, buf);
    }
    let question = |row: Rect, buf: &mut Buffer| {
        Span::styled(truncate(&question, usize::from(row.width)), theme.title).render(row, buf);
    };
    let field = |row: Rect, indent: u16, buf: &mut Buffer| {
        let at = Rect {
            x: row.x + indent.min(row.width),
            width: row.width.saturating_sub(indent),
            ..row
        };
        prompt.area.render(at, buf);
    };
    let Some(row) = rows.next() else { return };
    if inline {
        question(
            Rect {
                width: question_width,
                ..row
            },
            buf,
        );
        field(row, question_width, buf);
    } else {
        question(row, buf);
        let Some(row) = rows.next() else { return };
        Span::styled("› ", theme.key_hint).render(row, buf);
        field(row, 2, buf);
    }
    if let Some(error) = &prompt.error {
        let Some(row) = rows.next() else { return };
        Span::styled(error.as_str(), theme.error).render(row, buf);
    }
    if let Some(row) = rows.next() {
        Line::from(vec![
            Span::styled("Enter", theme.key_hint),
            Span::raw(" done  "),
            Span::styled("Esc", theme.key_hint),
            Span::raw(" cancel"),
        ])
        .render(row, buf);
    }
}
