//! The header: the item, the save status, and the domain or a banner.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::scale::Item;
use crate::tui::component::Ctx;
use crate::tui::session::{Access, OpenReview, SaveStatus, holder_text, when};
use crate::tui::text::{line, truncate, width, wrap};


/// The header's rows under the title.
pub(super) struct HeaderRows {
    pub(super) rows: Vec<String>,
    pub(super) style: Style,
    /// A banner: the whole width takes its style.
    pub(super) banner: bool,
}

/// The header's rows under the title: the domain and evidence sources, or, while the review is
/// read-only or a save failed, a banner saying so and why, wrapped to at most three rows.
pub(super) fn header_rows(ctx: &Ctx, open: &OpenReview, width: u16) -> HeaderRows {
    let theme = ctx.theme;
    let banner = match (&open.access, &open.status) {
        (Access::ReadOnly(holder), _) => Some((
            format!(
                "READ-ONLY: this review is open in another fidelity-review ({}). Nothing here is saved.",
                line(&holder_text(holder, ctx.clock))
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
            let scale = ctx.scale;
            let mut text = String::new();
            // Who is being interviewed first, where it is not cut.
            if let Some(code) = &open.review.working.source {
                let name = scale.evidence_source(code).map_or(code.as_str(), |s| &s.name);
                text.push_str(&format!("Interviewing: {} ({}) · ", line(name), line(code)));
            }
            if let Some(item) = ctx.current_item() {
                let domain = scale
                    .domain(&item.domain)
                    .map_or(item.domain.as_str(), |d| d.name.as_str());
                text.push_str(&line(domain));
                if let Some(previous) = &open.review.previous {
                    text.push_str(&format!(" · {}", previous.line_for(item.number)));
                }
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

pub(super) fn render_header(
    ctx: &Ctx,
    open: &OpenReview,
    item: &Item,
    rows: HeaderRows,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = ctx.theme;
    let first = Rect { height: 1, ..area };
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
    let status_width = width(&status) as u16;
    let title = format!(
        "Item {} of {} · {}",
        item.number,
        ctx.scale.items.len(),
        line(&item.title)
    );
    let room = usize::from(first.width.saturating_sub(status_width + 1));
    // The flag is kept whole; a long title gives way to it.
    let flag = format!("  {} follow up", theme.symbols.flag);
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

