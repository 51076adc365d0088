//! The home screen: the reviews on this machine, newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

use crate::store::Listing;
use crate::tui::app::App;
use crate::tui::text::line;

/// The home screen's state.
pub struct Home {
    pub listings: Vec<Listing>,
    pub selected: usize,
    /// Why the folder could not be listed.
    pub error: Option<String>,
}

impl Home {
    pub fn new(listings: Vec<Listing>, error: Option<String>) -> Self {
        Home {
            listings,
            selected: 0,
            error,
        }
    }

    pub fn select(&mut self, step: isize) {
        let last = self.listings.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(step).min(last);
    }

    pub fn selected(&self) -> Option<&Listing> {
        self.listings.get(self.selected)
    }
}

pub fn render(home: &Home, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let [title, list, folder] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    Line::from(vec![
        Span::styled("fidelity-review", theme.title),
        Span::styled(
            format!(" · {} · Reviews on this machine", line(&app.scale().name)),
            theme.muted,
        ),
    ])
    .render(title, buf);

    if let Some(error) = &home.error {
        Paragraph::new(Span::styled(error.as_str(), theme.error))
            .wrap(Wrap { trim: true })
            .render(list, buf);
    } else if home.listings.is_empty() {
        Paragraph::new(vec![
            Line::from("No reviews yet."),
            Line::from(""),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("n", theme.key_hint),
                Span::raw(" to start a new review."),
            ]),
        ])
        .render(list, buf);
    } else {
        render_table(home, app, list, buf);
    }
    let dir = format!(
        "Reviews are kept in {}",
        line(&app.library().dir().display().to_string())
    );
    Span::styled(dir, theme.muted).render(folder, buf);
}

fn render_table(home: &Home, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let rows = home.listings.iter().map(|listing| match &listing.entry {
        Ok(info) => Row::new(vec![
            Cell::from(line(&info.team).into_owned()),
            Cell::from(info.date.to_string()),
            Cell::from(info.kind.label()),
            Cell::from(format!("{}/{}", info.rated, info.items)),
            Cell::from(
                app.clock()
                    .local(info.updated)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            ),
        ]),
        Err(problem) => {
            let name = listing
                .path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            Row::new(vec![
                Cell::from(format!("⚠ {}", line(&name))),
                Cell::from(Span::styled(
                    format!("cannot be read: {}", line(problem)),
                    theme.error,
                )),
            ])
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(16),
        ],
    )
    .header(Row::new(["Team", "Date", "Kind", "Progress", "Last change"]).style(theme.heading))
    .row_highlight_style(theme.selected)
    .highlight_symbol("› ")
    .column_spacing(2);
    let mut state = TableState::new().with_selected(Some(home.selected));
    StatefulWidget::render(table, area, buf, &mut state);
}
