//! The anchors and scores column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::review::{ItemScore, Review};
use crate::scale::Item;
use crate::tui::text::{line, truncate, width, wrap};
use crate::tui::theme::Theme;

use super::layout::*;

/// The lines of the scores column, two ways: `full` gives each anchor a row; `compact` puts
/// the anchors on as few rows as `width` allows, for a column too short for the full list.
pub(super) struct ScoreLines {
    pub(super) full: Vec<Line<'static>>,
    pub(super) compact: Vec<Line<'static>>,
}

/// The anchors, the suggested score, the final score and any override, in `width` columns; the
/// rationale on at most `rationale_rows` rows (at least one).
pub(super) fn score_lines(
    item: &Item,
    review: &Review,
    theme: &Theme,
    width: usize,
    rationale_rows: usize,
) -> ScoreLines {
    let record = review.item(item.number);
    let score = ItemScore::of(item, record);
    let mut lines = Vec::new();
    let mut compact = Vec::new();
    // Where, in `lines`, the lines after the anchors start.
    let mut tail_from = 0;
    match &item.anchors {
        Some(anchors) => {
            let title = if anchors.provisional {
                "Anchors (provisional)"
            } else {
                "Anchors"
            };
            lines.push(Line::styled(title, theme.heading));
            compact.push(Line::styled(title, theme.heading));
            let mut entries = Vec::new();
            for value in (1..=5u8).rev() {
                let counts = anchors.counts_for(value);
                if counts.is_empty() {
                    continue;
                }
                let suggested = score.suggested.is_some_and(|s| s.score == value);
                let text = format!("{value} ← {} met", counts_text(&counts));
                let style = if suggested {
                    theme.selected
                } else {
                    theme.text
                };
                let marker = if suggested { " ◂" } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(text, style),
                    Span::raw(marker),
                ]));
                entries.push(Span::styled(
                    format!("{value}←{}", counts_text(&counts)),
                    style,
                ));
            }
            compact.extend(pack_spans(entries, "  ", width));
            tail_from = lines.len();
            lines.push(Line::styled(
                format!("Met {} of {}", score.counts.met, item.criteria.len()),
                theme.muted,
            ));
            match score.suggested {
                Some(s) if s.provisional => {
                    lines.push(Line::raw(format!("Suggested {} provisional", s.score)));
                }
                Some(s) => lines.push(Line::raw(format!("Suggested {}", s.score))),
                None => {
                    let missing = match score.counts.not_rated {
                        1 => "(1 criterion to rate)".to_owned(),
                        n => format!("({n} criteria to rate)"),
                    };
                    let whole = format!("Suggested: – {missing}");
                    if self::width(&whole) <= width {
                        lines.push(Line::styled(whole, theme.muted));
                    } else {
                        lines.push(Line::styled("Suggested: –", theme.muted));
                        lines.push(Line::styled(missing, theme.muted));
                    }
                }
            }
        }
        None => {
            lines.push(Line::styled("Rated directly", theme.heading));
            lines.push(Line::styled("1–5 gives the score", theme.muted));
        }
    }
    let final_score = record.and_then(|r| r.final_score);
    lines.push(match (final_score, score.score) {
        (Some(f), _) => Line::styled(format!("Final {f}"), theme.title),
        (None, Some(s)) => Line::raw(format!("Final {s} (suggested)")),
        (None, None) => Line::styled("Final: not yet", theme.muted),
    });
    if score.overridden {
        let rationale = record.map_or("", |r| r.rationale.as_str());
        if rationale.is_empty() {
            lines.push(Line::styled("Override: no rationale", theme.unsure));
        } else {
            let rows = wrap(&format!("Why: {}", line(rationale)), width.max(1));
            let cap = rationale_rows.max(1);
            let more = rows.len() > cap;
            for (index, row) in rows.iter().take(cap).enumerate() {
                let row = if more && index + 1 == cap {
                    truncate(&format!("{row} {}", rows[cap]), width)
                } else {
                    row.clone()
                };
                lines.push(Line::styled(row, theme.unsure));
            }
        }
    }
    if record.is_some_and(|r| r.flagged) {
        lines.push(Line::styled(format!("{} follow up", theme.symbols.flag), theme.flagged));
    }
    // What follows the anchors is the same both ways.
    compact.extend(lines[tail_from..].iter().cloned());
    ScoreLines {
        full: lines,
        compact,
    }
}

/// Spans on as few lines of `width` columns as they fit, `gap` between them on a line.
pub(super) fn pack_spans(spans: Vec<Span<'static>>, gap: &'static str, width: usize) -> Vec<Line<'static>> {
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    let mut used = 0;
    for span in spans {
        let span_width = span.width();
        match rows.last_mut() {
            Some(row) if used + gap.len() + span_width <= width => {
                row.push(Span::raw(gap));
                row.push(span);
                used += gap.len() + span_width;
            }
            _ => {
                rows.push(vec![span]);
                used = span_width;
            }
        }
    }
    rows.into_iter().map(Line::from).collect()
}

/// `6`, `4–5`, or `0, 2` for counts that are not a run.
pub(super) fn counts_text(counts: &[usize]) -> String {
    match counts {
        [one] => one.to_string(),
        [first, .., last] if last - first + 1 == counts.len() => format!("{first}–{last}"),
        _ => counts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub(super) fn render_scores(item: &Item, review: &Review, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.border);
    let bordered = block.inner(area);
    block.render(area, buf);
    // One column of space after the border.
    let inner = Rect {
        x: bordered.x.saturating_add(1),
        width: scores_inner(area.width),
        ..bordered
    };
    let width = usize::from(inner.width);
    // The rationale gets the rows the column has left: first measured on one row.
    let height = usize::from(inner.height);
    let probe = score_lines(item, review, theme, width, 1);
    // Too tall for a row each: the anchors go on a row or two, so every one is seen.
    let lines = if probe.full.len() <= height {
        score_lines(item, review, theme, width, 1 + height - probe.full.len()).full
    } else {
        let spare = height.saturating_sub(probe.compact.len());
        score_lines(item, review, theme, width, 1 + spare).compact
    };
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if self::width(&text) > width {
                Line::styled(
                    truncate(&text, width),
                    l.spans.first().map_or(Style::new(), |s| s.style),
                )
            } else {
                l
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

