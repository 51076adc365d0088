//! The review screen: one item at a time, its criteria and findings, the anchors and scores,
//! the current criterion's note, the guidance, and every item's progress at the side.
//!
//! ```text
//! Item 25 of 39 · Planning aftercare                              Saved 14:32:05
//! Content and delivery · Evidence: C P M
//! Referrals      │ ✓ a  The CRT discusses and agrees…   │ Anchors
//!  ● 1 Respond…  │›? b  The CRT makes referrals to …    │ 5 ← 6 met
//!  …             │ Sources: M · Note: …                 │ …
//!                │── Guidance ───────────────────────────────────────
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

/// The side list is shown from this width on.
const SIDE_FROM_WIDTH: u16 = 80;
const SCORES_WIDTH: u16 = 26;
/// The note of the current criterion gets this many lines, more on a tall screen.
fn note_height(area: Rect) -> u16 {
    if area.height >= 30 { 5 } else { 3 }
}

/// Where each part of the review screen goes.
struct Areas {
    header: Rect,
    side: Option<Rect>,
    criteria: Rect,
    scores: Rect,
    note: Rect,
    guidance: Rect,
}

fn layout(area: Rect, item: &Item, review: &Review, theme: &Theme) -> Areas {
    let [header, body] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
    ]));
    let (side, main) = if area.width >= SIDE_FROM_WIDTH {
        let side_width = (area.width / 4).clamp(22, 34);
        let [side, main] = body.layout(&Layout::horizontal([
            Constraint::Length(side_width),
            Constraint::Fill(1),
        ]));
        (Some(side), main)
    } else {
        (None, body)
    };
    let criteria_width = main.width.saturating_sub(SCORES_WIDTH + 1);
    let wanted = criteria_lines(item, review, criteria_width, theme)
        .0
        .len()
        .max(score_lines(item, review, theme).len()) as u16;
    let top_height = wanted.min(main.height / 2).max(3);
    let [top, note, guidance] = main.layout(&Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Length(note_height(area)),
        Constraint::Fill(1),
    ]));
    let [criteria, scores] = top.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(SCORES_WIDTH),
    ]));
    Areas {
        header,
        side,
        criteria,
        scores,
        note,
        guidance,
    }
}

/// How many lines the guidance of the current item has, and how many are shown at once: what
/// the guidance keys scroll through.
pub fn guidance_extent(app: &App) -> (u16, u16) {
    let (Some(open), Some(item)) = (app.open(), app.current_item()) else {
        return (0, 0);
    };
    let (w, h) = app.size();
    let area = crate::tui::view::body(Rect::new(0, 0, w, h));
    let areas = layout(area, item, &open.review, app.theme());
    let inner = guidance_block(app.theme(), None).inner(areas.guidance);
    let criterion = item.criteria.get(open.review.cursor.criterion);
    let lines = guidance_lines(item, criterion, inner.width, app.theme()).len();
    (u16::try_from(lines).unwrap_or(u16::MAX), inner.height)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(open), Some(item)) = (app.open(), app.current_item()) else {
        return;
    };
    let theme = app.theme();
    let areas = layout(area, item, &open.review, theme);
    render_header(app, open, item, areas.header, buf);
    if let Some(side) = areas.side {
        render_side(app.scale(), &open.review, theme, side, buf);
    }
    render_criteria(item, &open.review, theme, areas.criteria, buf);
    render_scores(item, &open.review, theme, areas.scores, buf);
    render_note(app, item, &open.review, areas.note, buf);
    render_guidance(item, &open.review, theme, areas.guidance, buf);
}

fn render_header(app: &App, open: &OpenReview, item: &Item, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let scale = app.scale();
    let [first, second] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
    ]));

    let (status, status_style) = match (&open.access, &open.status) {
        (Access::ReadOnly(_), _) => (" READ-ONLY ".to_owned(), theme.warning),
        (_, SaveStatus::Failed(_)) => (" NOT SAVED ".to_owned(), theme.not_saved),
        (_, SaveStatus::Saved(at)) => (
            format!("Saved {}", app.clock().local(*at).format("%H:%M:%S")),
            theme.saved,
        ),
        (_, SaveStatus::Opened) => ("Saved".to_owned(), theme.saved),
    };
    let status_width = width(&status) as u16;
    let title = format!(
        "Item {} of {} · {}",
        item.number,
        scale.items.len(),
        line(&item.title)
    );
    let title_width = usize::from(first.width.saturating_sub(status_width + 1));
    let mut spans = vec![Span::styled(truncate(&title, title_width), theme.title)];
    let record = open.review.item(item.number);
    if record.is_some_and(|r| r.flagged) && width(&title) + 12 < title_width {
        spans.push(Span::styled(format!("  {FLAG} follow up"), theme.flagged));
    }
    Line::from(spans).render(first, buf);
    let status_area = Rect {
        x: first.right().saturating_sub(status_width),
        width: status_width.min(first.width),
        ..first
    };
    Span::styled(status, status_style).render(status_area, buf);

    let banner = match (&open.access, &open.status) {
        (Access::ReadOnly(holder), _) => Some((
            format!(
                " READ-ONLY: this review is open in another fidelity-review ({}). Nothing here is saved. ",
                line(&holder_text(holder, app))
            ),
            theme.warning,
        )),
        (_, SaveStatus::Failed(reason)) => Some((
            format!(
                " NOT SAVED: {}. Your answers are kept here and saved with the next change. ",
                line(reason)
            ),
            theme.not_saved,
        )),
        _ => None,
    };
    match banner {
        Some((text, style)) => {
            buf.set_style(second, style);
            Span::styled(truncate(&text, usize::from(second.width)), style).render(second, buf);
        }
        None => {
            let domain = scale
                .domain(&item.domain)
                .map_or(item.domain.as_str(), |d| d.name.as_str());
            let mut text = line(domain).into_owned();
            if !item.evidence.is_empty() {
                let codes: Vec<String> =
                    item.evidence.iter().map(|c| line(c).into_owned()).collect();
                text.push_str(&format!(" · Evidence: {}", codes.join(" ")));
            }
            Span::styled(truncate(&text, usize::from(second.width)), theme.muted)
                .render(second, buf);
        }
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
        parts.push(format!(
            "since {}",
            app.clock().local(since).format("%Y-%m-%d %H:%M")
        ));
    }
    if parts.is_empty() {
        "holder unknown".to_owned()
    } else {
        parts.join(" ")
    }
}

fn render_side(scale: &Scale, review: &Review, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let text_width = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut current_line = 0;
    for domain in &scale.domains {
        lines.push(Line::styled(
            truncate(&line(&domain.name), text_width),
            theme.heading,
        ));
        for item in scale.items_in(&domain.id) {
            let record = review.item(item.number);
            let progress = ItemScore::of(item, record).progress();
            let flag = if record.is_some_and(|r| r.flagged) {
                FLAG
            } else {
                " "
            };
            let head = format!("{} {:>2} ", progress_symbol(progress), item.number);
            let title_width = text_width.saturating_sub(width(&head) + 2);
            let text = format!("{head}{}", truncate(&line(&item.title), title_width));
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

/// The criteria of an item, each on one line but the current one in full; and the lines the
/// current one takes.
fn criteria_lines(
    item: &Item,
    review: &Review,
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
    let width = usize::from(width).max(8);
    let mut lines = Vec::new();
    if item.criteria.is_empty() {
        lines.push(Line::styled("This item is rated directly.", theme.heading));
        for text in wrap(
            "It has no criteria to count: give its score with 1–5.",
            width,
        ) {
            lines.push(Line::raw(text));
        }
        return (lines, 0..0);
    }
    let mut current_range = 0..0;
    for (index, criterion) in item.criteria.iter().enumerate() {
        let record = review.criterion(item.number, &criterion.id);
        let finding = record.map_or(Finding::NotRated, |c| c.finding);
        let marks = record.map_or(String::new(), |c| {
            let mut marks = String::new();
            if !c.note.is_empty() {
                marks.push_str(" ✎");
            }
            marks
        });
        let current = index == review.cursor.criterion;
        let head = format!(
            "{} {} {}) ",
            if current { "›" } else { " " },
            finding_symbol(finding),
            line(&criterion.id)
        );
        let head_width = self::width(&head);
        let body = format!("{}{marks}", line(&criterion.text));
        let body_width = width.saturating_sub(head_width).max(1);
        let style = if current { theme.selected } else { theme.text };
        let symbol_style = if current {
            theme.selected
        } else {
            theme.finding(finding)
        };
        if current {
            let start = lines.len();
            for (row, text) in wrap(&body, body_width).into_iter().enumerate() {
                let lead = if row == 0 {
                    Span::styled(head.clone(), symbol_style)
                } else {
                    Span::styled(" ".repeat(head_width), style)
                };
                let padding = " ".repeat(body_width.saturating_sub(self::width(&text)));
                lines.push(Line::from(vec![
                    lead,
                    Span::styled(format!("{text}{padding}"), style),
                ]));
            }
            current_range = start..lines.len();
        } else {
            lines.push(Line::from(vec![
                Span::styled(head, symbol_style),
                Span::styled(truncate(&body, body_width), style),
            ]));
        }
    }
    (lines, current_range)
}

fn render_criteria(item: &Item, review: &Review, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (lines, current) = criteria_lines(item, review, area.width, theme);
    let height = usize::from(area.height);
    let offset = current.end.saturating_sub(height);
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(area, buf);
}

/// The anchors, the suggested score, the final score and any override.
fn score_lines(item: &Item, review: &Review, theme: &Theme) -> Vec<Line<'static>> {
    let record = review.item(item.number);
    let score = ItemScore::of(item, record);
    let mut lines = Vec::new();
    match &item.anchors {
        Some(anchors) => {
            let title = if anchors.provisional {
                "Anchors (provisional)"
            } else {
                "Anchors"
            };
            lines.push(Line::styled(title, theme.heading));
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
            }
            lines.push(Line::styled(
                format!("Met {} of {}", score.counts.met, item.criteria.len()),
                theme.muted,
            ));
            lines.push(match score.suggested {
                Some(s) if s.provisional => Line::raw(format!("Suggested {} provisional", s.score)),
                Some(s) => Line::raw(format!("Suggested {}", s.score)),
                None => Line::styled("Suggested: rate more", theme.muted),
            });
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
        let why = if rationale.is_empty() {
            "Override: no rationale".to_owned()
        } else {
            format!("Why: {}", line(rationale))
        };
        lines.push(Line::styled(why, theme.unsure));
    }
    if record.is_some_and(|r| r.flagged) {
        lines.push(Line::styled(format!("{FLAG} follow up"), theme.flagged));
    }
    lines
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
    let inner = block.inner(area);
    block.render(area, buf);
    let lines: Vec<Line> = score_lines(item, review, theme)
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if width(&text) > usize::from(inner.width) {
                Line::styled(
                    truncate(&text, usize::from(inner.width)),
                    l.spans.first().map_or(Style::new(), |s| s.style),
                )
            } else {
                l
            }
        })
        .collect();
    Paragraph::new(lines).render(inner.inner(ratatui::layout::Margin::new(1, 0)), buf);
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
            ("Item".to_owned(), None, note)
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
    let head = vec![
        Span::styled(format!("{label}: "), theme.heading),
        Span::raw(parts.join(" · ")),
    ];
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

/// The guidance pane's frame; `shown` is the lines in view and how many there are, when not
/// all of them fit.
fn guidance_block(theme: &Theme, shown: Option<(usize, usize, usize)>) -> Block<'static> {
    let position = shown.map_or(String::new(), |(from, to, total)| {
        format!(" lines {from}–{to} of {total} ")
    });
    Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(" Guidance (J/K, PgUp/PgDn) ", theme.muted))
        .title(Line::styled(position, theme.muted).right_aligned())
}

fn render_guidance(item: &Item, review: &Review, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let probe = guidance_block(theme, None).inner(area);
    let criterion = item.criteria.get(review.cursor.criterion);
    let lines = guidance_lines(item, criterion, probe.width, theme);
    let max = lines.len().saturating_sub(usize::from(probe.height));
    let scroll = usize::from(review.cursor.guidance_scroll).min(max);
    let shown_to = (scroll + usize::from(probe.height)).min(lines.len());
    let shown = (max > 0).then_some((scroll + 1, shown_to, lines.len()));
    let block = guidance_block(theme, shown);
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
