//! The compare screen: two reviews of a team side by side, picked on the home screen. The
//! totals stay at the top; the domains, items and criteria below scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::review::Comparison;
use crate::review::stats::show;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::text::{line, truncate};
use crate::tui::theme::Theme;

/// Rows of the totals at the top, which do not scroll.
const TOP: u16 = 4;

/// The compare screen's state.
pub struct CompareScreen {
    pub comparison: Box<Comparison>,
    /// Rows scrolled down in the lower part.
    pub scroll: usize,
}

impl CompareScreen {
    pub fn new(comparison: Comparison) -> Self {
        CompareScreen {
            comparison: Box::new(comparison),
            scroll: 0,
        }
    }
}

impl Component for CompareScreen {
    fn context(&self) -> Context {
        Context::Compare
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let rows = body_lines(&self.comparison, ctx.theme, usize::from(ctx.size.0)).len();
        // The rows below the totals (four) and above the footer (one).
        let visible = usize::from(ctx.size.1.saturating_sub(TOP + 1));
        match action {
            Action::MoveDown => self.scroll = (self.scroll + 1).min(rows.saturating_sub(visible)),
            Action::MoveUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Cancel => return vec![Effect::GoHome],
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let c = &self.comparison;
        let theme = ctx.theme;
        let [top, body] = area.layout(&Layout::vertical([
            Constraint::Length(TOP),
            Constraint::Fill(1),
        ]));
        Paragraph::new(top_lines(c, theme, usize::from(area.width))).render(top, buf);
        let lines = body_lines(c, theme, usize::from(area.width));
        let last_start = lines.len().saturating_sub(usize::from(body.height));
        let scroll = self.scroll.min(last_start);
        Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>()).render(body, buf);
    }
}

fn signed(change: f64) -> String {
    if change > 0.0 {
        format!("+{}", show(change))
    } else {
        show(change)
    }
}

fn mean(m: Option<f64>) -> String {
    m.map_or("–".to_owned(), |m| format!("{m:.2}"))
}

fn numbers(list: &[u16]) -> String {
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The title, the totals before and after, and which items moved.
fn top_lines(c: &Comparison, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let team = if c.old.team == c.new.team {
        line(&c.new.team).into_owned()
    } else {
        format!("{} → {}", line(&c.old.team), line(&c.new.team))
    };
    let band = |b: &Option<String>| b.as_deref().map_or("–".to_owned(), |b| line(b).into_owned());
    let mut moved = format!(
        "Improved {} · declined {} · unchanged {}",
        numbers(&c.improved),
        numbers(&c.declined),
        numbers(&c.unchanged)
    );
    if !c.not_scored.is_empty() {
        moved.push_str(&format!(
            " · not scored in one: {}",
            numbers(&c.not_scored)
        ));
    }
    vec![
        Line::from(vec![
            Span::styled("Compare", theme.title),
            Span::styled(
                truncate(
                    &format!(" · {team} · {} → {}", c.old.date, c.new.date),
                    width.saturating_sub(7),
                ),
                theme.muted,
            ),
        ]),
        Line::styled(
            truncate(
                &format!(
                    "Total {} → {} ({}) · mean {} → {} · band {} → {}",
                    c.old.total,
                    c.new.total,
                    signed(c.total_change as f64),
                    mean(c.old.mean),
                    mean(c.new.mean),
                    band(&c.old.band),
                    band(&c.new.band)
                ),
                width,
            ),
            theme.text,
        ),
        Line::styled(truncate(&moved, width), theme.text),
        Line::raw(""),
    ]
}

/// The domains, the items and the criteria that changed.
fn body_lines(c: &Comparison, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let name_width = width.saturating_sub(24).clamp(8, 44);
    lines.push(Line::styled(
        format!(
            "{:<name_width$}  {:>5} {:>5} {:>6}",
            "Domain", "Old", "New", "Change"
        ),
        theme.heading,
    ));
    for d in &c.domains {
        let change = d
            .old_mean
            .zip(d.new_mean)
            .map_or("–".to_owned(), |(o, n)| signed(n - o));
        lines.push(Line::styled(
            format!(
                "{:<name_width$}  {:>5} {:>5} {:>6}",
                truncate(&line(&d.name), name_width),
                mean(d.old_mean),
                mean(d.new_mean),
                change
            ),
            theme.text,
        ));
    }
    lines.push(Line::raw(""));
    let title_width = name_width.saturating_sub(6).max(4);
    lines.push(Line::styled(
        format!(
            "{:>4}  {:<title_width$}  {:>5} {:>5} {:>6}",
            "Item", "Title", "Old", "New", "Change"
        ),
        theme.heading,
    ));
    let score = |s: Option<u8>| s.map_or("–".to_owned(), |s| s.to_string());
    for item in &c.items {
        let style: Style = match item.change {
            Some(change) if change > 0 => theme.met,
            Some(change) if change < 0 => theme.not_met,
            Some(_) => theme.text,
            None => theme.muted,
        };
        lines.push(Line::styled(
            format!(
                "{:>4}  {:<title_width$}  {:>5} {:>5} {:>6}",
                item.number,
                truncate(&line(&item.title), title_width),
                score(item.old),
                score(item.new),
                item.change
                    .map_or("–".to_owned(), |change| signed(f64::from(change)))
            ),
            style,
        ));
    }
    for (heading, list) in [
        ("Criteria newly met", &c.newly_met),
        ("Criteria newly lost", &c.newly_lost),
    ] {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{heading}: {}", list.len()), theme.heading));
        for x in list {
            lines.push(Line::styled(
                truncate(
                    &format!("{:>4}{}  {}", x.item, line(&x.criterion), line(&x.text)),
                    width,
                ),
                theme.text,
            ));
        }
    }
    lines
}
