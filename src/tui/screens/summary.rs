//! The summary screen: total, mean and band, domain subtotals as a bar chart, every item's
//! score, and the items to look at again (unrated, flagged, overridden).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget,
    Wrap,
};

use super::consensus::summary as consensus;
use crate::review::{Progress, Review, Summary, interview};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::{line, truncate, width};

/// The summary screen's state.
pub struct SummaryScreen {
    /// The review summed up, when it is not the open one (picked on the home screen).
    pub review: Option<Box<Review>>,
    /// The row selected in the item table.
    pub selected: usize,
}

impl SummaryScreen {
    pub fn new(review: Option<Box<Review>>) -> Self {
        SummaryScreen {
            review,
            selected: 0,
        }
    }

    pub fn select(&mut self, step: isize, rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(rows.saturating_sub(1));
    }
}

impl Component for SummaryScreen {
    fn context(&self) -> Context {
        Context::Summary
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let effect = match action {
            Action::MoveDown => {
                self.select(1, ctx.scale.items.len());
                return Vec::new();
            }
            Action::MoveUp => {
                self.select(-1, ctx.scale.items.len());
                return Vec::new();
            }
            Action::Cancel if self.review.is_some() || ctx.open.is_none() => Effect::GoHome,
            Action::Cancel => Effect::ShowReview,
            Action::OpenItem if self.review.is_some() => {
                Effect::Flash("Open the review from the home screen to change it".to_owned())
            }
            Action::OpenItem => match ctx.scale.items.get(self.selected) {
                Some(item) => Effect::GoToItem(item.number),
                None => return Vec::new(),
            },
            Action::Export => Effect::StartExport(self.review.clone()),
            _ => return Vec::new(),
        };
        vec![effect]
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }
}

fn render(screen: &SummaryScreen, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let Some(review) = screen.review.as_deref().or(ctx.review()) else {
        return;
    };
    let theme = ctx.theme;
    let scale = ctx.scale;
    let summary = Summary::of(review, scale);
    let chart_height = scale.domains.len() as u16 + 1;
    let agreement = consensus::agreement_lines(review, scale, theme, usize::from(area.width));
    let [title, totals, chart, lists, figures, table] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(chart_height),
        Constraint::Length(5),
        Constraint::Length(agreement.len() as u16),
        Constraint::Fill(1),
    ]));

    let details = &review.details;
    Line::from(vec![
        Span::styled("Summary", theme.title),
        Span::styled(
            format!(
                " · {} · {} · {} review",
                line(&details.team),
                details.date,
                review.kind_label()
            ),
            theme.muted,
        ),
    ])
    .render(title, buf);

    let (low, high) = summary.total_range;
    let mean = summary.mean.map_or("–".to_owned(), |m| format!("{m:.2}"));
    let band = match (&summary.band, summary.band_provisional) {
        (Some(band), true) => format!("{} (provisional)", line(band)),
        (Some(band), false) => line(band).into_owned(),
        (None, _) => "–".to_owned(),
    };
    // A total of some items only says so beside the range of all of them.
    let (before, after) = if summary.is_complete() {
        (
            format!("All {} items rated · ", summary.items_total),
            String::new(),
        )
    } else if summary.rated == 0 {
        ("No item rated yet · ".to_owned(), String::new())
    } else {
        (
            String::new(),
            format!(
                " from {} of {} items rated",
                summary.rated, summary.items_total
            ),
        )
    };
    Paragraph::new(Line::from(vec![
        Span::styled(before, theme.muted),
        Span::styled("Total ", theme.muted),
        Span::styled(summary.total.to_string(), theme.title),
        Span::styled(format!("{after} (range {low}–{high}) · Mean "), theme.muted),
        Span::styled(mean, theme.title),
        Span::styled(" · Band ", theme.muted),
        Span::styled(band, theme.title),
    ]))
    .wrap(Wrap { trim: true })
    .render(totals, buf);

    render_chart(&summary, ctx, chart, buf);
    let unsure = interview::unsure(scale, review);
    render_lists(&summary, review, &unsure, ctx, lists, buf);
    Paragraph::new(agreement).render(figures, buf);
    render_table(review, &summary, screen.selected, ctx, table, buf);
}

/// One row per domain: its name, its figures, and beside them a bar of its subtotal's share of
/// the most it could be (never drawn under text, so a low domain still shows its bar).
fn render_chart(summary: &Summary, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(" Domain subtotals ", theme.muted))
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows: Vec<(String, u32, u64, String)> = summary
        .domains
        .iter()
        .map(|domain| {
            // Each bar is the share of its own domain's highest subtotal, so domains of
            // different sizes compare.
            let most = (domain.items as u64 * u64::from(ctx.scale.rating.max)).max(1);
            let value = format!(
                "{} of {most} ({}/{} rated)",
                domain.subtotal, domain.rated, domain.items
            );
            (line(&domain.name).into_owned(), domain.subtotal, most, value)
        })
        .collect();
    let full = usize::from(inner.width);
    let value_width = rows.iter().map(|r| width(&r.3)).max().unwrap_or(0);
    // Domain names whole where they take at most a third of the width; the figures after them,
    // and the bar in what is left, at least a few cells.
    let longest = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
    let label_width = longest.min((full / 3).max(8));
    let bar_width = full.saturating_sub(label_width + 1 + value_width + 2).max(4);
    for ((name, subtotal, most, value), row) in rows.iter().zip(inner.rows()) {
        let filled = usize::try_from(u64::from(*subtotal) * bar_width as u64 / most)
            .unwrap_or(bar_width)
            .min(bar_width);
        // A domain with any points shows at least a sliver.
        let filled = if *subtotal > 0 { filled.max(1) } else { filled };
        let label = truncate(name, label_width);
        let pad = " ".repeat(label_width.saturating_sub(width(&label)));
        let value_pad = " ".repeat(value_width.saturating_sub(width(value)));
        Line::from(vec![
            Span::styled(format!("{label}{pad} {value}{value_pad}  "), theme.text),
            Span::styled("█".repeat(filled), theme.bar),
            Span::styled("░".repeat(bar_width - filled), theme.muted),
        ])
        .render(row, buf);
    }
}

fn numbers(list: &[u16]) -> String {
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The items to look at again, the criteria found unsure (to chase), and the items whose
/// findings rest on one source only (to triangulate).
fn render_lists(
    summary: &Summary,
    review: &Review,
    unsure: &[(u16, String)],
    ctx: &Ctx,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = ctx.theme;
    let overrides = if summary.overrides.is_empty() {
        "none".to_owned()
    } else {
        summary
            .overrides
            .iter()
            .map(|o| format!("{} ({}→{})", o.number, o.suggested, o.final_score))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let width = usize::from(area.width);
    let row = |label: &str, text: String| {
        Line::from(vec![
            Span::styled(format!("{label:<12}"), theme.heading),
            Span::raw(truncate(&text, width.saturating_sub(12))),
        ])
    };
    let unsure: Vec<String> = unsure.iter().map(|(item, id)| format!("{item}{id}")).collect();
    let unsure = if unsure.is_empty() {
        "none".to_owned()
    } else {
        unsure.join(", ")
    };
    let single = interview::single_source(ctx.scale, review);
    let single = if single.is_empty() {
        "none".to_owned()
    } else {
        single
            .iter()
            .map(|(item, code)| format!("{item} ({})", line(code)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Paragraph::new(vec![
        row("Unrated", numbers(&summary.unrated)),
        row("Unsure", unsure),
        row("One source", single),
        row(&format!("Flagged {}", theme.symbols.flag), numbers(&summary.flagged)),
        row("Overridden", overrides),
    ])
    .render(area, buf);
}

/// The columns of the item table but the title, and the spaces between them.
const TABLE_FIXED: u16 = 5 + 8 + 9 + 5 + 1 + 5;

fn render_table(
    review: &Review,
    summary: &Summary,
    selected: usize,
    ctx: &Ctx,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = ctx.theme;
    // A consensus review shows each reviewer's score where the others show the findings.
    let reviewers = consensus::reviewers_heading(review);
    let counts_width = reviewers.as_ref().map_or(8, |(_, w)| *w);
    let title_width =
        usize::from(area.width.saturating_sub(TABLE_FIXED + counts_width.saturating_sub(8)));
    let rows = summary.items.iter().map(|item| {
        let score = |s: Option<u8>| s.map_or("–".to_owned(), |s| s.to_string());
        let suggested = match (item.suggested, item.provisional) {
            (Some(s), true) => format!("{s} prov."),
            (Some(s), false) => s.to_string(),
            (None, _) => "–".to_owned(),
        };
        let final_style = match item.progress {
            Progress::Rated => theme.title,
            _ => theme.muted,
        };
        Row::new(vec![
            Cell::from(format!(
                "{} {:>2}",
                theme.symbols.progress(item.progress),
                item.number
            )),
            Cell::from(truncate(&line(&item.title), title_width)),
            Cell::from(
                consensus::reviewer_scores(review, ctx.scale, item.number).unwrap_or_else(|| {
                    format!("{:>2} {:>2} {:>2}", item.met, item.not_met, item.unsure)
                }),
            ),
            Cell::from(suggested),
            Cell::from(Span::styled(score(item.final_score), final_style)),
            Cell::from(Span::styled(
                if item.flagged { theme.symbols.flag } else { "" },
                theme.flagged,
            )),
        ])
    });
    let symbols = theme.symbols;
    let table = Table::new(
        rows,
        [
            Constraint::Length(5),
            Constraint::Fill(1),
            Constraint::Length(counts_width),
            Constraint::Length(9),
            Constraint::Length(5),
            Constraint::Length(1),
        ],
    )
    .header(
        Row::new([
            "Item".to_owned(),
            "Title".to_owned(),
            reviewers.as_ref().map_or_else(
                || format!(" {}  {}  {}", symbols.met, symbols.not_met, symbols.unsure),
                |(heading, _)| heading.clone(),
            ),
            "Suggested".to_owned(),
            "Final".to_owned(),
            symbols.flag.to_owned(),
        ])
        .style(theme.heading),
    )
    .block(
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border),
    )
    .row_highlight_style(theme.selected)
    .column_spacing(1);
    let mut state = TableState::new().with_selected(Some(selected));
    StatefulWidget::render(table, area, buf, &mut state);
}
