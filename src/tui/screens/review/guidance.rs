//! The note of the current criterion, and the guidance pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::review::Review;
use crate::scale::{Block as GuidanceBlock, Criterion, Item};
use crate::tui::component::Ctx;
use crate::tui::text::{line, truncate, width, wrap};
use crate::tui::theme::Theme;


/// The rows the current note takes in `width` columns, its heading included.
pub(super) fn note_rows(item: &Item, review: &Review, width: u16) -> u16 {
    let note = match item.criteria.get(review.cursor.criterion) {
        Some(criterion) => review
            .criterion(item.number, &criterion.id)
            .map(|c| c.note.as_str()),
        None => review.item(item.number).map(|r| r.note.as_str()),
    };
    let text = crate::tui::text::sanitize(note.unwrap_or(""), true);
    let rows = wrap(&text, usize::from(width).saturating_sub(2).max(1)).len();
    u16::try_from(rows + 1).unwrap_or(u16::MAX)
}

pub(super) fn render_note(ctx: &Ctx, item: &Item, review: &Review, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let width = usize::from(area.width);
    let criterion = item.criteria.get(review.cursor.criterion);
    let note_lines = usize::from(area.height.saturating_sub(1));
    let (label, sources, note) = match criterion {
        Some(criterion) => {
            let record = review.criterion(item.number, &criterion.id);
            let sources = record.map_or(Vec::new(), |c| c.sources.clone());
            let note = record.map_or(String::new(), |c| c.note.clone());
            (
                format!("Criterion {}", line(&criterion.id)),
                Some(sources),
                note,
            )
        }
        None => {
            let note = review
                .item(item.number)
                .map_or(String::new(), |r| r.note.clone());
            let sources = review.sources(item.number, None).to_vec();
            ("Item note".to_owned(), Some(sources), note)
        }
    };
    let mut parts = Vec::new();
    if let Some(sources) = sources {
        parts.push(if sources.is_empty() {
            "no sources yet (t)".to_owned()
        } else {
            let codes: Vec<String> = sources.iter().map(|s| line(s).into_owned()).collect();
            format!("sources {}", codes.join(" "))
        });
    }
    if criterion.is_some() && review.item(item.number).is_some_and(|r| !r.note.is_empty()) {
        parts.push("item note ✎ (E)".to_owned());
    }
    let head = if parts.is_empty() {
        vec![Span::styled(label, theme.heading)]
    } else {
        vec![
            Span::styled(format!("{label}: "), theme.heading),
            Span::raw(parts.join(" · ")),
        ]
    };
    let mut lines = vec![Line::from(head)];
    if note.is_empty() {
        lines.push(Line::styled("No note: e writes one", theme.muted));
    } else {
        let text = crate::tui::text::sanitize(&note, true);
        let wrapped = wrap(&text, width.saturating_sub(2).max(1));
        let shown = note_lines;
        for (index, row) in wrapped.iter().take(shown).enumerate() {
            let more = index + 1 == shown && wrapped.len() > shown;
            let row = if more {
                truncate(&format!("{row} …"), width.saturating_sub(2))
            } else {
                row.clone()
            };
            lines.push(Line::raw(format!("  {row}")));
        }
    }
    Paragraph::new(lines).render(area, buf);
}

/// The guidance pane's frame, `width` columns wide; `shown` is the lines in view and how many
/// there are, when not all of them fit; `full` when it has the screen's height. The titles say
/// which keys move it, shortened to fit.
pub(super) fn guidance_block(
    theme: &Theme,
    width: u16,
    shown: Option<(usize, usize, usize)>,
    full: bool,
) -> Block<'static> {
    let room = usize::from(width).saturating_sub(2);
    let positions = shown.map_or([String::new(), String::new()], |(from, to, total)| {
        [
            format!(" lines {from}–{to} of {total} "),
            format!(" {from}–{to}/{total} "),
        ]
    });
    let titles = if full {
        [
            " Guidance (J/K, PgUp/PgDn, Esc: back) ",
            " Guidance (Esc: back) ",
            " Guidance ",
        ]
    } else {
        [
            " Guidance (J/K, PgUp/PgDn, Enter: full height) ",
            " Guidance (Enter: full height) ",
            " Guidance ",
        ]
    };
    let (title, position) = titles
        .iter()
        .flat_map(|title| positions.iter().map(move |position| (*title, position)))
        .find(|(title, position)| self::width(title) + self::width(position) <= room)
        .unwrap_or(("", &positions[1]));
    let position = position.clone();
    Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(title, theme.muted))
        .title(Line::styled(position, theme.muted).right_aligned())
}

pub(super) fn render_guidance(
    item: &Item,
    review: &Review,
    theme: &Theme,
    full: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let probe = guidance_block(theme, 0, None, false).inner(area);
    let criterion = item.criteria.get(review.cursor.criterion);
    let lines = guidance_lines(item, criterion, probe.width, theme);
    let max = lines.len().saturating_sub(usize::from(probe.height));
    let scroll = usize::from(review.cursor.guidance_scroll).min(max);
    let shown_to = (scroll + usize::from(probe.height)).min(lines.len());
    let shown = (max > 0).then_some((scroll + 1, shown_to, lines.len()));
    let block = guidance_block(theme, area.width, shown, full);
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
}

/// The guidance of an item laid out at `width`: the precondition, the current criterion's own
/// scoring guidance, then every section with its headings, sub-headings, bullets and quotes.
pub fn guidance_lines(
    item: &Item,
    criterion: Option<&Criterion>,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let width = usize::from(width).max(4);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let paragraph =
        |lines: &mut Vec<Line<'static>>, text: &str, first: &str, rest: &str, style: Style| {
            let text = line(text);
            let indent = self::width(first);
            for (row, part) in wrap(&text, width.saturating_sub(indent).max(1))
                .into_iter()
                .enumerate()
            {
                let lead = if row == 0 { first } else { rest };
                lines.push(Line::styled(format!("{lead}{part}"), style));
            }
        };
    if let Some(precondition) = &item.precondition {
        lines.push(Line::styled("Before scoring", theme.heading));
        paragraph(&mut lines, precondition, "", "", theme.text);
        lines.push(Line::raw(""));
    }
    if let Some(criterion) = criterion
        && let Some(guidance) = &criterion.guidance
    {
        lines.push(Line::styled(
            format!("Scoring criterion {}", line(&criterion.id)),
            theme.heading,
        ));
        paragraph(&mut lines, guidance, "", "", theme.text);
        lines.push(Line::raw(""));
    }
    for section in &item.guidance {
        lines.push(Line::styled(
            line(&section.heading).into_owned(),
            theme.heading,
        ));
        for block in &section.blocks {
            match block {
                GuidanceBlock::Paragraph(text) => paragraph(&mut lines, text, "", "", theme.text),
                GuidanceBlock::Subheading(text) => {
                    paragraph(&mut lines, text, "", "", theme.subheading)
                }
                GuidanceBlock::Bullets(bullets) => {
                    for bullet in bullets {
                        paragraph(&mut lines, bullet, "  • ", "    ", theme.text);
                    }
                }
                GuidanceBlock::Quote(text) => {
                    paragraph(&mut lines, text, "  │ ", "  │ ", theme.quote)
                }
            }
        }
        lines.push(Line::raw(""));
    }
    if lines.last().is_some_and(|l| l.width() == 0) {
        lines.pop();
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "The pack has no guidance for this item.",
            theme.muted,
        ));
    }
    lines
}
