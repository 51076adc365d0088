//! The side list of every item, and the criteria of the current one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::review::{Finding, ItemScore, Review};
use crate::scale::{Item, Scale};
use crate::tui::text::{line, truncate, width, wrap};
use crate::tui::theme::Theme;

use super::layout::*;

/// The side list's width with numbers only: symbol, number, flag, border.
pub(super) fn side_numbers_width(scale: &Scale) -> u16 {
    let digits = scale.items.last().map_or(1, |i| i.number.to_string().len());
    (digits + 5) as u16
}

pub(super) fn render_side(
    scale: &Scale,
    review: &Review,
    theme: &Theme,
    kind: Side,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let text_width = usize::from(inner.width);
    let digits = scale.items.last().map_or(1, |i| i.number.to_string().len());
    let mut lines = Vec::new();
    let mut current_line = 0;
    for domain in &scale.domains {
        lines.push(match kind {
            Side::Titles => Line::styled(truncate(&line(&domain.name), text_width), theme.heading),
            Side::Numbers => Line::styled("─".repeat(text_width), theme.border),
        });
        for item in scale.items_in(&domain.id) {
            let record = review.item(item.number);
            let progress = ItemScore::of(item, record).progress();
            let flag = if record.is_some_and(|r| r.flagged) {
                theme.symbols.flag
            } else {
                " "
            };
            let head = format!("{} {:>digits$} ", theme.symbols.progress(progress), item.number);
            let text = match kind {
                Side::Titles => {
                    let title_width = text_width.saturating_sub(width(&head) + 2);
                    format!("{head}{}", truncate(&line(&item.title), title_width))
                }
                Side::Numbers => head,
            };
            let current = item.number == review.cursor.item;
            if current {
                current_line = lines.len();
            }
            let style = if current { theme.selected } else { theme.text };
            let padding = " ".repeat(text_width.saturating_sub(width(&text) + 1));
            lines.push(Line::from(vec![
                Span::styled(format!("{text}{padding}"), style),
                Span::styled(flag, theme.flagged),
            ]));
        }
    }
    let height = usize::from(inner.height);
    let offset = current_line
        .saturating_sub(height / 2)
        .min(lines.len().saturating_sub(height));
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);
}

/// The criteria as they fit their pane: the lines, and the first one shown.
pub(super) struct CriteriaView {
    pub(super) lines: Vec<Line<'static>>,
    pub(super) offset: usize,
}

/// Lays out the criteria of an item in `width` columns and, where it can, `height` rows. The
/// current criterion is always whole; the others are whole if all fit, else each cut to the
/// most lines (3, 2, then 1) that lets them all fit, with `…` where cut. If even that is too
/// tall, the view scrolls to keep the current criterion in sight. With `only_current`, only
/// the current one is shown.
pub(super) fn criteria_view(
    item: &Item,
    review: &Review,
    width: u16,
    height: u16,
    only_current: bool,
    theme: &Theme,
) -> CriteriaView {
    // The last column is kept for the ▲ and ▼ marks.
    let width = usize::from(width).saturating_sub(1).max(8);
    let height = usize::from(height);
    if item.criteria.is_empty() {
        let mut lines = vec![Line::styled("This item is rated directly.", theme.heading)];
        for text in wrap(
            "It has no criteria to count: give its score with 1–5.",
            width,
        ) {
            lines.push(Line::raw(text));
        }
        return CriteriaView { lines, offset: 0 };
    }
    let current = review.cursor.criterion;
    let rows: Vec<(String, Finding, Vec<String>)> = item
        .criteria
        .iter()
        .enumerate()
        .map(|(index, criterion)| {
            let record = review.criterion(item.number, &criterion.id);
            let finding = record.map_or(Finding::NotRated, |c| c.finding);
            let mark = if record.is_some_and(|c| !c.note.is_empty()) {
                " ✎"
            } else {
                ""
            };
            let head = format!(
                "{} {} {}) ",
                if index == current { "›" } else { " " },
                theme.symbols.finding(finding),
                line(&criterion.id)
            );
            let body_width = width.saturating_sub(self::width(&head)).max(1);
            let body = wrap(&format!("{}{mark}", line(&criterion.text)), body_width);
            (head, finding, body)
        })
        .collect();
    let lengths: Vec<usize> = rows.iter().map(|(_, _, body)| body.len()).collect();
    let shown = if only_current {
        (0..lengths.len())
            .map(|index| if index == current { lengths[index] } else { 0 })
            .collect()
    } else {
        fit_criteria(&lengths, current, height)
    };

    let mut lines = Vec::new();
    let mut current_rows = 0..0;
    for (index, (head, finding, body)) in rows.into_iter().enumerate() {
        let is_current = index == current;
        let head_width = self::width(&head);
        let body_width = width.saturating_sub(head_width).max(1);
        let style = if is_current {
            theme.selected
        } else {
            theme.text
        };
        let symbol_style = if is_current {
            theme.selected
        } else {
            theme.finding(finding)
        };
        let shown = shown[index];
        let start = lines.len();
        for row in 0..shown {
            let mut text = body[row].clone();
            if row + 1 == shown && shown < body.len() {
                text = truncate(&format!("{text} {}", body[row + 1]), body_width);
            }
            let lead = if row == 0 {
                Span::styled(head.clone(), symbol_style)
            } else {
                Span::styled(" ".repeat(head_width), style)
            };
            let padding = if is_current {
                " ".repeat(body_width.saturating_sub(self::width(&text)))
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                lead,
                Span::styled(format!("{text}{padding}"), style),
            ]));
        }
        if is_current {
            current_rows = start..lines.len();
        }
    }
    let offset = if lines.len() <= height {
        0
    } else {
        let room = height.saturating_sub(current_rows.len()) / 2;
        current_rows
            .start
            .saturating_sub(room)
            .min(lines.len() - height)
    };
    CriteriaView { lines, offset }
}

/// How many of its `lengths[i]` lines each criterion shows in `height` rows. The current one
/// shows all; the others all if they fit, else the most lines (3, 2, then 1) that let every
/// criterion fit, and then the rows left over go to those nearest the current one.
pub(super) fn fit_criteria(lengths: &[usize], current: usize, height: usize) -> Vec<usize> {
    let capped = |cap: usize| -> Vec<usize> {
        lengths
            .iter()
            .enumerate()
            .map(|(index, &len)| if index == current { len } else { len.min(cap) })
            .collect()
    };
    let mut shown = [usize::MAX, 3, 2, 1]
        .into_iter()
        .map(capped)
        .find(|shown| shown.iter().sum::<usize>() <= height)
        .unwrap_or_else(|| capped(1));
    let mut spare = height.saturating_sub(shown.iter().sum());
    let nearest = (1..lengths.len()).flat_map(|distance| {
        [current.checked_add(distance), current.checked_sub(distance)]
            .into_iter()
            .flatten()
            .filter(|&index| index < lengths.len())
    });
    for index in nearest {
        let more = (lengths[index] - shown[index]).min(spare);
        shown[index] += more;
        spare -= more;
    }
    shown
}

/// Draws the criteria, with ▲ or ▼ at the right edge where some are out of sight.
pub(super) fn render_criteria(view: CriteriaView, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let total = view.lines.len();
    let height = usize::from(area.height);
    Paragraph::new(view.lines)
        .scroll((view.offset as u16, 0))
        .render(area, buf);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let edge = area.right() - 1;
    if view.offset > 0 {
        buf.set_string(edge, area.y, "▲", theme.muted);
    }
    if view.offset + height < total {
        buf.set_string(edge, area.bottom() - 1, "▼", theme.muted);
    }
}

