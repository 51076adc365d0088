//! Drawing the consensus screen: the header, the criteria with one column per reviewer, the
//! scores, and the reviewers' notes when asked for.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::review::consensus::{Consensus, Status, spread};
use crate::review::{ItemScore, Review};
use crate::scale::Item;
use crate::tui::component::Ctx;
use crate::tui::session::{Access, OpenReview, SaveStatus, when};
use crate::tui::text::{line, truncate, width, wrap};

/// The width of each reviewer's column.
const COLUMN: usize = 5;
/// The width of the agreed column.
const AGREED: usize = 7;
/// The marker and the criterion's id before its text: ` › a) `.
const LEAD: usize = 6;

pub(super) fn render(ctx: &Ctx, notes: bool, area: Rect, buf: &mut Buffer) {
    let (Some(open), Some(item)) = (ctx.open, ctx.current_item()) else {
        return;
    };
    let review = &open.review;
    let Some(consensus) = review.consensus.as_ref() else {
        return;
    };
    let mut rows = Rows::new(area, buf);
    header(ctx, open, item, &mut rows);
    let scores = score_lines(ctx, review, consensus, item, usize::from(area.width));
    let note_lines = if notes {
        note_lines(ctx, consensus, item, usize::from(area.width))
    } else {
        Vec::new()
    };
    // The scores keep their rows; the notes take what the criteria leave, and at least half
    // of it when they need it.
    let left = rows.left().saturating_sub(scores.len());
    let notes_room = (left / 2)
        .max(left.saturating_sub(criteria_height(item)))
        .min(note_lines.len());
    criteria(ctx, review, consensus, item, left - notes_room, &mut rows);
    for line in scores {
        rows.push(line);
    }
    for line in note_lines.into_iter().take(notes_room) {
        rows.push(line);
    }
}

/// Rows drawn one under the other, from the top of an area.
struct Rows<'b> {
    area: Rect,
    next: u16,
    buf: &'b mut Buffer,
}

impl<'b> Rows<'b> {
    fn new(area: Rect, buf: &'b mut Buffer) -> Self {
        Rows { area, next: 0, buf }
    }

    fn left(&self) -> usize {
        usize::from(self.area.height.saturating_sub(self.next))
    }

    fn push(&mut self, content: Line<'_>) {
        if self.next >= self.area.height {
            return;
        }
        let row = Rect {
            y: self.area.y + self.next,
            height: 1,
            ..self.area
        };
        content.render(row, self.buf);
        self.next += 1;
    }
}

fn header(ctx: &Ctx, open: &OpenReview, item: &Item, rows: &mut Rows) {
    let theme = ctx.theme;
    let (status, status_style) = match (&open.access, &open.status) {
        (Access::ReadOnly(_), _) => (" READ-ONLY ".to_owned(), theme.warning),
        (_, SaveStatus::Failed(_)) => (" NOT SAVED ".to_owned(), theme.not_saved),
        (_, SaveStatus::Saving) => ("Saving…".to_owned(), theme.muted),
        (_, SaveStatus::Saved(at)) => (
            format!("Saved {}", ctx.clock.local(*at).format("%H:%M:%S")),
            theme.saved,
        ),
        (_, SaveStatus::Opened) => (
            format!("Saved {}", when(ctx.clock, open.review.updated)),
            theme.saved,
        ),
    };
    let total = usize::from(rows.area.width);
    let title = format!(
        "Item {} of {} · {}",
        item.number,
        ctx.scale.items.len(),
        line(&item.title)
    );
    let room = total.saturating_sub(width(&status) + 1);
    let title = truncate(&title, room);
    let gap = total.saturating_sub(width(&title) + width(&status));
    rows.push(Line::from(vec![
        Span::styled(title, theme.title),
        Span::raw(" ".repeat(gap)),
        Span::styled(status, status_style),
    ]));

    let review = &open.review;
    let (state, state_style) = match review.status(item.number) {
        Status::Agreed(score) => (format!("Agreed {score}"), theme.saved),
        Status::ToDiscuss => ("To discuss".to_owned(), theme.warning),
    };
    let counts = review.consensus_counts(ctx.scale).to_string();
    let domain = ctx
        .scale
        .domain(&item.domain)
        .map_or(item.domain.as_str(), |d| d.name.as_str());
    let room = total.saturating_sub(width(&state) + width(&counts) + 1);
    let rest = truncate(&format!(" · {}", line(domain)), room);
    let gap = total.saturating_sub(width(&counts) + width(&rest) + width(&state));
    rows.push(Line::from(vec![
        Span::styled(counts, theme.heading),
        Span::styled(rest, theme.muted),
        Span::raw(" ".repeat(gap)),
        Span::styled(state, state_style),
    ]));
}

/// The rows the criteria take with each on one line.
fn criteria_height(item: &Item) -> usize {
    if item.criteria.is_empty() {
        2
    } else {
        item.criteria.len() + 1
    }
}

/// A reviewer's initials, cut to fit a column.
fn initials(consensus: &Consensus, index: usize) -> String {
    truncate(&line(&consensus.sources[index].initials()), COLUMN - 1)
}

fn centred(text: &str, cell: usize) -> String {
    let pad = cell.saturating_sub(width(text));
    format!("{}{text}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
}

fn criteria(
    ctx: &Ctx,
    review: &Review,
    consensus: &Consensus,
    item: &Item,
    room: usize,
    rows: &mut Rows,
) {
    let theme = ctx.theme;
    let total = usize::from(rows.area.width);
    let columns = consensus.sources.len() * COLUMN + AGREED;
    let text_width = total.saturating_sub(LEAD + columns).max(8);
    let mut heading = format!("{:<w$}", "   Criterion", w = LEAD + text_width);
    for index in 0..consensus.sources.len() {
        heading.push_str(&centred(&initials(consensus, index), COLUMN));
    }
    heading.push_str(&centred("Agreed", AGREED));
    if room == 0 {
        return;
    }
    rows.push(Line::styled(truncate(&heading, total), theme.heading));
    if item.criteria.is_empty() {
        rows.push(Line::styled(
            "   Rated directly: each reviewer's score is below; 1–5 gives the agreed one.",
            theme.muted,
        ));
        return;
    }
    let current = review.cursor.criterion.min(item.criteria.len() - 1);
    let side = consensus.side_by_side(ctx.scale, review, item.number);
    let room = room.saturating_sub(1);
    // The current criterion takes the rows the others leave, to be read whole; if they do
    // not all fit, a window around it is shown.
    let full = wrap(&line(&item.criteria[current].text), text_width);
    let extra = room
        .saturating_sub(item.criteria.len())
        .min(full.len().saturating_sub(1));
    let shown = room.saturating_sub(extra).max(1);
    let first = current
        .saturating_sub(shown / 2)
        .min(item.criteria.len().saturating_sub(shown));
    for (index, criterion) in item.criteria.iter().enumerate().skip(first).take(shown) {
        let selected = index == current;
        let text = line(&criterion.text);
        let body = if selected {
            full.first().cloned().unwrap_or_default()
        } else {
            truncate(&text, text_width)
        };
        let marker = if selected { " › " } else { "   " };
        let id = truncate(&format!("{}) ", line(&criterion.id)), LEAD - 3);
        let mut spans = vec![
            Span::styled(
                format!("{marker}{id:<w$}", w = LEAD - 3),
                if selected { theme.selected } else { theme.text },
            ),
            Span::styled(
                format!("{body:<text_width$}"),
                if selected { theme.selected } else { theme.text },
            ),
        ];
        if let Some(row) = side.iter().find(|r| r.id == criterion.id) {
            for finding in &row.findings {
                spans.push(Span::styled(
                    centred(theme.symbols.finding(*finding), COLUMN),
                    theme.finding(*finding),
                ));
            }
            spans.push(Span::styled(
                centred(theme.symbols.finding(row.agreed), AGREED),
                theme.finding(row.agreed),
            ));
        }
        rows.push(Line::from(spans));
        if selected {
            for more in full.iter().skip(1).take(extra) {
                rows.push(Line::from(vec![
                    Span::raw(" ".repeat(LEAD)),
                    Span::styled(more.clone(), theme.selected),
                ]));
            }
        }
    }
}

fn score_lines(
    ctx: &Ctx,
    review: &Review,
    consensus: &Consensus,
    item: &Item,
    total: usize,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let scores = consensus.scores(ctx.scale, item.number);
    let mut spans = vec![Span::styled("Scores ", theme.heading)];
    for (index, score) in scores.iter().enumerate() {
        spans.push(Span::styled(
            format!("  {} ", initials(consensus, index)),
            theme.muted,
        ));
        spans.push(Span::styled(
            score.map_or("–".to_owned(), |s| s.to_string()),
            theme.title,
        ));
    }
    let spread_text = match spread(&scores) {
        Some(0) => " · all alike".to_owned(),
        Some(s) => format!(" · spread {s}"),
        None => " · no scores".to_owned(),
    };
    let spread_style: Style = if spread(&scores).is_some_and(|s| s > 0) {
        theme.warning
    } else {
        theme.muted
    };
    spans.push(Span::styled(spread_text, spread_style));

    let record = review.item(item.number);
    let suggested = ItemScore::of(item, record).suggested;
    let suggested = match suggested {
        Some(s) if s.provisional => format!("{} (provisional)", s.score),
        Some(s) => s.score.to_string(),
        None => "–".to_owned(),
    };
    let agreed = record
        .and_then(|r| r.final_score)
        .map_or("–".to_owned(), |s| s.to_string());
    let mut lines = vec![
        Line::from(spans),
        Line::from(vec![
            Span::styled("Agreed ", theme.heading),
            Span::styled(agreed, theme.title),
            Span::styled(
                format!("  · suggested by the agreed findings {suggested}"),
                theme.muted,
            ),
        ]),
    ];
    let reason = record.map_or("", |r| r.rationale.trim());
    if !reason.is_empty() {
        let text = format!("Reason: {}", line(reason));
        lines.push(Line::styled(truncate(&text, total), theme.text));
    }
    let who = consensus
        .sources
        .iter()
        .enumerate()
        .map(|(index, s)| format!("{} {}", initials(consensus, index), line(&s.label())))
        .collect::<Vec<_>>()
        .join(" · ");
    lines.push(Line::styled(truncate(&who, total), theme.muted));
    lines
}

fn note_lines(ctx: &Ctx, consensus: &Consensus, item: &Item, total: usize) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::styled(
        format!("── Reviewers' notes {}", "─".repeat(total.saturating_sub(20))),
        theme.border,
    )];
    let mut any = false;
    for notes in consensus.notes(item.number) {
        let who = initials(consensus, notes.source);
        let mut texts: Vec<(String, String)> = Vec::new();
        if !notes.item_note.trim().is_empty() {
            texts.push((String::new(), notes.item_note.clone()));
        }
        for (id, note) in &notes.criteria {
            texts.push((format!(" {})", line(id)), note.clone()));
        }
        if !notes.rationale.trim().is_empty() {
            texts.push((" why".to_owned(), notes.rationale.clone()));
        }
        for (label, text) in texts {
            any = true;
            let lead = format!("{who}{label}: ");
            let rows = wrap(&line(&text), total.saturating_sub(width(&lead)).max(8));
            for (index, row) in rows.into_iter().enumerate() {
                let head = if index == 0 {
                    lead.clone()
                } else {
                    " ".repeat(width(&lead))
                };
                lines.push(Line::from(vec![
                    Span::styled(head, theme.heading),
                    Span::styled(row, theme.text),
                ]));
            }
        }
    }
    if !any {
        lines.push(Line::styled("No reviewer wrote a note on this item.", theme.muted));
    }
    lines
}
