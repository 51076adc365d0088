//! The review screen: one item at a time, its criteria and findings, the anchors and scores,
//! the current criterion's note, the guidance, and every item's progress at the side.
//!
//! At 80×24 the side list shows only symbols and numbers, so the criteria get the width: the
//! current criterion is always shown in full, and the others too where they fit (else cut to
//! the most lines that let them all be seen). The anchors stand beside the note and guidance.
//! Enter gives the guidance the full height under the current criterion; Esc goes back.
//!
//! ```text
//! Item 25 of 39 · Planning aftercare                              Saved 14:32:05
//! Content and delivery of care
//! ──────│  ✓ a) The CRT discusses and agrees plans for ending CRT care and…
//! ○ 24  │› ? b) The CRT makes referrals to health services and other
//! ◐ 25  │       organisations identified to provide support post-discharge…
//! ○ 26  │Criterion b: sources M S                     │ Anchors (provisional)
//! ──────│  Manager says referrals are made.            │ 5 ← 6 met
//! ○ 27  │── Guidance ─────────────────────────────────│ …
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::review::{Finding, ItemScore, Review};
use crate::scale::{Block as GuidanceBlock, Criterion, Item, Scale};
use crate::tui::app::{Access, App, OpenReview, SaveStatus};
use crate::tui::text::{line, truncate, width, wrap};
use crate::tui::theme::{FLAG, Theme, finding_symbol, progress_symbol};

/// From this width the side list shows item titles; below it, only numbers.
const SIDE_TITLES_FROM: u16 = 100;
/// Below this width there is no side list.
const SIDE_FROM: u16 = 70;
/// The anchors and scores column, its border and margin included.
const SCORES_WIDTH: u16 = 26;
/// The guidance keeps at least this many rows, its title included.
const GUIDANCE_MIN: u16 = 5;

/// The note of the current criterion gets this many lines, more on a tall screen.
fn note_height(area: Rect) -> u16 {
    if area.height >= 30 { 5 } else { 3 }
}

/// How the side list is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Domain names and item titles.
    Titles,
    /// Progress symbols and item numbers only.
    Numbers,
}

/// Where each part of the review screen goes, and the header and criteria as they fit there.
struct Areas {
    header: Rect,
    header_rows: HeaderRows,
    side: Option<(Rect, Side)>,
    criteria: Rect,
    criteria_view: CriteriaView,
    scores: Rect,
    note: Rect,
    guidance: Rect,
}

fn layout(app: &App, open: &OpenReview, item: &Item, area: Rect) -> Areas {
    let (scale, review, theme) = (app.scale(), &open.review, app.theme());
    let header_rows = header_rows(app, open, area.width);
    let [header, body] = area.layout(&Layout::vertical([
        Constraint::Length(1 + header_rows.rows.len() as u16),
        Constraint::Fill(1),
    ]));
    let side = if area.width >= SIDE_TITLES_FROM {
        Some(((area.width / 4).clamp(22, 34), Side::Titles))
    } else if area.width >= SIDE_FROM {
        Some((side_numbers_width(scale), Side::Numbers))
    } else {
        None
    };
    let (side, main) = match side {
        Some((side_width, kind)) => {
            let [side, main] = body.layout(&Layout::horizontal([
                Constraint::Length(side_width),
                Constraint::Fill(1),
            ]));
            (Some((side, kind)), main)
        }
        None => (None, body),
    };
    if app.guidance_full() {
        // Reading the guidance: the current criterion, and the guidance under it.
        let half = (main.height / 2).max(1);
        let criteria_view = criteria_view(item, review, main.width, half, true, theme);
        let criteria_height = (criteria_view.lines.len() as u16).clamp(1, half);
        let [criteria, guidance] = main.layout(&Layout::vertical([
            Constraint::Length(criteria_height),
            Constraint::Fill(1),
        ]));
        let nowhere = Rect::new(guidance.x, guidance.bottom(), 0, 0);
        return Areas {
            header,
            header_rows,
            side,
            criteria,
            criteria_view,
            scores: nowhere,
            note: nowhere,
            guidance,
        };
    }
    // The criteria come first: they may take all but the note, a little guidance, and the
    // anchors column with its anchors put compactly.
    let note_height = note_height(area);
    let guidance_width = main.width.saturating_sub(SCORES_WIDTH);
    let criterion = item.criteria.get(review.cursor.criterion);
    let guidance_rows = guidance_lines(item, criterion, guidance_width, theme).len() as u16 + 1;
    let scores = score_lines(item, review, theme, usize::from(scores_inner(SCORES_WIDTH)));
    let scores_rows = scores.compact.len() as u16;
    let lower_min = (note_height + guidance_rows.min(GUIDANCE_MIN)).max(scores_rows);
    let criteria_max = main.height.saturating_sub(lower_min).max(3);
    let criteria_view = criteria_view(item, review, main.width, criteria_max, false, theme);
    let criteria_height = (criteria_view.lines.len() as u16).clamp(1, criteria_max);
    let [criteria, lower] = main.layout(&Layout::vertical([
        Constraint::Length(criteria_height),
        Constraint::Fill(1),
    ]));
    let [left, scores] = lower.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(SCORES_WIDTH),
    ]));
    let [note, guidance] = left.layout(&Layout::vertical([
        Constraint::Length(note_height),
        Constraint::Fill(1),
    ]));
    Areas {
        header,
        header_rows,
        side,
        criteria,
        criteria_view,
        scores,
        note,
        guidance,
    }
}

/// The columns of the scores column inside its border and the space after it.
fn scores_inner(width: u16) -> u16 {
    width.saturating_sub(2)
}

/// How many lines the guidance of the current item has, and how many are shown at once: what
/// the guidance keys scroll through.
pub fn guidance_extent(app: &App) -> (u16, u16) {
    let (Some(open), Some(item)) = (app.open(), app.current_item()) else {
        return (0, 0);
    };
    let (w, h) = app.size();
    let area = crate::tui::view::body(Rect::new(0, 0, w, h));
    let areas = layout(app, open, item, area);
    let inner = guidance_block(app.theme(), 0, None, false).inner(areas.guidance);
    let criterion = item.criteria.get(open.review.cursor.criterion);
    let lines = guidance_lines(item, criterion, inner.width, app.theme()).len();
    (u16::try_from(lines).unwrap_or(u16::MAX), inner.height)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(open), Some(item)) = (app.open(), app.current_item()) else {
        return;
    };
    let theme = app.theme();
    let areas = layout(app, open, item, area);
    render_header(app, open, item, areas.header_rows, areas.header, buf);
    if let Some((side, kind)) = areas.side {
        render_side(app.scale(), &open.review, theme, kind, side, buf);
    }
    render_criteria(areas.criteria_view, theme, areas.criteria, buf);
    if !areas.scores.is_empty() {
        render_scores(item, &open.review, theme, areas.scores, buf);
    }
    if !areas.note.is_empty() {
        render_note(app, item, &open.review, areas.note, buf);
    }
    render_guidance(
        item,
        &open.review,
        theme,
        app.guidance_full(),
        areas.guidance,
        buf,
    );
}

/// The header's rows under the title.
struct HeaderRows {
    rows: Vec<String>,
    style: Style,
    /// A banner: the whole width takes its style.
    banner: bool,
}

/// The header's rows under the title: the domain and evidence sources, or, while the review is
/// read-only or a save failed, a banner saying so and why, wrapped to at most three rows.
fn header_rows(app: &App, open: &OpenReview, width: u16) -> HeaderRows {
    let theme = app.theme();
    let banner = match (&open.access, &open.status) {
        (Access::ReadOnly(holder), _) => Some((
            format!(
                "READ-ONLY: this review is open in another fidelity-review ({}). Nothing here is saved.",
                line(&holder_text(holder, app))
            ),
            theme.warning,
        )),
        (_, SaveStatus::Failed(reason)) => Some((
            format!(
                "NOT SAVED: {}. Your answers are kept here and saved with the next change.",
                line(reason)
            ),
            theme.not_saved,
        )),
        _ => None,
    };
    let width = usize::from(width);
    match banner {
        Some((text, style)) => {
            let rows = wrap(&text, width.saturating_sub(2).max(1));
            let more = rows.len() > 3;
            let rows = rows
                .iter()
                .take(3)
                .enumerate()
                .map(|(index, row)| {
                    let row = if more && index == 2 {
                        truncate(&format!("{row} {}", rows[3]), width.saturating_sub(2))
                    } else {
                        row.clone()
                    };
                    format!(" {row}")
                })
                .collect();
            HeaderRows {
                rows,
                style,
                banner: true,
            }
        }
        None => {
            let scale = app.scale();
            let mut text = String::new();
            if let Some(item) = app.current_item() {
                let domain = scale
                    .domain(&item.domain)
                    .map_or(item.domain.as_str(), |d| d.name.as_str());
                text.push_str(&line(domain));
                if !item.evidence.is_empty() {
                    let codes: Vec<String> =
                        item.evidence.iter().map(|c| line(c).into_owned()).collect();
                    text.push_str(&format!(" · Evidence: {}", codes.join(" ")));
                }
            }
            HeaderRows {
                rows: vec![truncate(&text, width)],
                style: theme.muted,
                banner: false,
            }
        }
    }
}

fn render_header(
    app: &App,
    open: &OpenReview,
    item: &Item,
    rows: HeaderRows,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme();
    let first = Rect { height: 1, ..area };
    let (status, status_style) = match (&open.access, &open.status) {
        (Access::ReadOnly(_), _) => (" READ-ONLY ".to_owned(), theme.warning),
        (_, SaveStatus::Failed(_)) => (" NOT SAVED ".to_owned(), theme.not_saved),
        (_, SaveStatus::Saved(at)) => (
            format!("Saved {}", app.clock().local(*at).format("%H:%M:%S")),
            theme.saved,
        ),
        (_, SaveStatus::Opened) => (
            format!("Saved {}", when(app, open.review.updated)),
            theme.saved,
        ),
    };
    let status_width = width(&status) as u16;
    let title = format!(
        "Item {} of {} · {}",
        item.number,
        app.scale().items.len(),
        line(&item.title)
    );
    let room = usize::from(first.width.saturating_sub(status_width + 1));
    // The flag is kept whole; a long title gives way to it.
    let flag = format!("  {FLAG} follow up");
    let flagged = open.review.item(item.number).is_some_and(|r| r.flagged);
    let title_width = if flagged {
        room.saturating_sub(width(&flag))
    } else {
        room
    };
    let mut spans = vec![Span::styled(truncate(&title, title_width), theme.title)];
    if flagged {
        spans.push(Span::styled(flag, theme.flagged));
    }
    Line::from(spans).render(first, buf);
    let status_area = Rect {
        x: first.right().saturating_sub(status_width),
        width: status_width.min(first.width),
        ..first
    };
    Span::styled(status, status_style).render(status_area, buf);

    for (index, text) in rows.rows.into_iter().enumerate() {
        let row = Rect {
            y: area.y + 1 + index as u16,
            height: 1,
            ..area
        };
        if row.bottom() > area.bottom() {
            break;
        }
        if rows.banner {
            buf.set_style(row, rows.style);
        }
        Span::styled(text, rows.style).render(row, buf);
    }
}

/// A time today as `14:32:05`, another day as `2025-03-13`.
fn when(app: &App, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = app.clock().local(at);
    if local.date() == app.clock().today() {
        local.format("%H:%M:%S").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    }
}

/// Who holds the review: `pid 4242 on laptop since 14:02`.
pub fn holder_text(holder: &crate::store::LockHolder, app: &App) -> String {
    let mut parts = Vec::new();
    if let Some(pid) = holder.pid {
        parts.push(format!("pid {pid}"));
    }
    if let Some(host) = &holder.host {
        parts.push(format!("on {host}"));
    }
    if let Some(since) = holder.since {
        parts.push(format!("since {}", when(app, since)));
    }
    if parts.is_empty() {
        "holder unknown".to_owned()
    } else {
        parts.join(" ")
    }
}

/// The side list's width with numbers only: symbol, number, flag, border.
fn side_numbers_width(scale: &Scale) -> u16 {
    let digits = scale.items.last().map_or(1, |i| i.number.to_string().len());
    (digits + 5) as u16
}

fn render_side(
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
                FLAG
            } else {
                " "
            };
            let head = format!("{} {:>digits$} ", progress_symbol(progress), item.number);
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
struct CriteriaView {
    lines: Vec<Line<'static>>,
    offset: usize,
}

/// Lays out the criteria of an item in `width` columns and, where it can, `height` rows. The
/// current criterion is always whole; the others are whole if all fit, else each cut to the
/// most lines (3, 2, then 1) that lets them all fit, with `…` where cut. If even that is too
/// tall, the view scrolls to keep the current criterion in sight. With `only_current`, only
/// the current one is shown.
fn criteria_view(
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
                finding_symbol(finding),
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
fn fit_criteria(lengths: &[usize], current: usize, height: usize) -> Vec<usize> {
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
fn render_criteria(view: CriteriaView, theme: &Theme, area: Rect, buf: &mut Buffer) {
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

/// The lines of the scores column, two ways: `full` gives each anchor a row; `compact` puts
/// the anchors on as few rows as `width` allows, for a column too short for the full list.
struct ScoreLines {
    full: Vec<Line<'static>>,
    compact: Vec<Line<'static>>,
}

/// The anchors, the suggested score, the final score and any override, in `width` columns.
fn score_lines(item: &Item, review: &Review, theme: &Theme, width: usize) -> ScoreLines {
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
            let more = rows.len() > 3;
            for (index, row) in rows.iter().take(3).enumerate() {
                let row = if more && index == 2 {
                    truncate(&format!("{row} {}", rows[3]), width)
                } else {
                    row.clone()
                };
                lines.push(Line::styled(row, theme.unsure));
            }
        }
    }
    if record.is_some_and(|r| r.flagged) {
        lines.push(Line::styled(format!("{FLAG} follow up"), theme.flagged));
    }
    // What follows the anchors is the same both ways.
    compact.extend(lines[tail_from..].iter().cloned());
    ScoreLines {
        full: lines,
        compact,
    }
}

/// Spans on as few lines of `width` columns as they fit, `gap` between them on a line.
fn pack_spans(spans: Vec<Span<'static>>, gap: &'static str, width: usize) -> Vec<Line<'static>> {
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
fn counts_text(counts: &[usize]) -> String {
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

fn render_scores(item: &Item, review: &Review, theme: &Theme, area: Rect, buf: &mut Buffer) {
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
    let ScoreLines { full, compact } = score_lines(item, review, theme, width);
    // Too tall for a row each: the anchors go on a row or two, so every one is seen.
    let lines = if full.len() <= usize::from(inner.height) {
        full
    } else {
        compact
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

fn render_note(app: &App, item: &Item, review: &Review, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
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
            ("Item note".to_owned(), None, note)
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
fn guidance_block(
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

fn render_guidance(
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
