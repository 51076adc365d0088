//! Where each part of the review screen goes, and drawing them there.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::scale::Item;
use crate::tui::component::Ctx;
use crate::tui::session::OpenReview;

use super::criteria::*;
use super::guidance::*;
use super::header::*;
use super::scores::*;

/// From this width the side list shows item titles; below it, only numbers.
pub(super) const SIDE_TITLES_FROM: u16 = 100;
/// Below this width there is no side list.
pub(super) const SIDE_FROM: u16 = 70;
/// The anchors and scores column, its border and margin included.
pub(super) const SCORES_WIDTH: u16 = 26;
/// The guidance keeps at least this many rows, its title included.
pub(super) const GUIDANCE_MIN: u16 = 5;

/// The note of the current criterion gets at least this many lines, more on a tall screen.
pub(super) fn note_height(area: Rect) -> u16 {
    if area.height >= 30 { 5 } else { 3 }
}

/// How the side list is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Domain names and item titles.
    Titles,
    /// Progress symbols and item numbers only.
    Numbers,
}

/// Where each part of the review screen goes, and the header and criteria as they fit there.
pub(super) struct Areas {
    pub(super) header: Rect,
    pub(super) header_rows: HeaderRows,
    pub(super) side: Option<(Rect, Side)>,
    pub(super) criteria: Rect,
    pub(super) criteria_view: CriteriaView,
    pub(super) scores: Rect,
    pub(super) note: Rect,
    pub(super) guidance: Rect,
}

pub(super) fn layout(ctx: &Ctx, open: &OpenReview, item: &Item, full: bool, area: Rect) -> Areas {
    let (scale, review, theme) = (ctx.scale, &open.review, ctx.theme);
    let header_rows = header_rows(ctx, open, area.width);
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
    if full {
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
    let scores = score_lines(item, review, theme, usize::from(scores_inner(SCORES_WIDTH)), 3);
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
    // A longer note takes the rows it needs, as long as the guidance keeps a few.
    let wanted = note_rows(item, review, left.width);
    let note_height = note_height.max(wanted.min(left.height.saturating_sub(GUIDANCE_MIN)));
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
pub(super) fn scores_inner(width: u16) -> u16 {
    width.saturating_sub(2)
}

/// How many lines the guidance of the current item has, and how many are shown at once: what
/// the guidance keys scroll through.
pub(super) fn guidance_extent(ctx: &Ctx, full: bool) -> (u16, u16) {
    let (Some(open), Some(item)) = (ctx.open, ctx.current_item()) else {
        return (0, 0);
    };
    let (w, h) = ctx.size;
    let area = crate::tui::view::body(Rect::new(0, 0, w, h));
    let areas = layout(ctx, open, item, full, area);
    let inner = guidance_block(ctx.theme, 0, None, false).inner(areas.guidance);
    let criterion = item.criteria.get(open.review.cursor.criterion);
    let lines = guidance_lines(item, criterion, inner.width, ctx.theme).len();
    (u16::try_from(lines).unwrap_or(u16::MAX), inner.height)
}

pub(super) fn render(ctx: &Ctx, full: bool, area: Rect, buf: &mut Buffer) {
    let (Some(open), Some(item)) = (ctx.open, ctx.current_item()) else {
        return;
    };
    let theme = ctx.theme;
    let areas = layout(ctx, open, item, full, area);
    render_header(ctx, open, item, areas.header_rows, areas.header, buf);
    if let Some((side, kind)) = areas.side {
        render_side(ctx.scale, &open.review, theme, kind, side, buf);
    }
    render_criteria(areas.criteria_view, theme, areas.criteria, buf);
    if !areas.scores.is_empty() {
        render_scores(item, &open.review, theme, areas.scores, buf);
    }
    if !areas.note.is_empty() {
        render_note(ctx, item, &open.review, areas.note, buf);
    }
    render_guidance(
        item,
        &open.review,
        theme,
        full,
        areas.guidance,
        buf,
    );
}

