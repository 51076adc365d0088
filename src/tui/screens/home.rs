//! The home screen: the reviews on this machine, newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::store::Listing;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::delete::DeleteReview;
use crate::tui::text::{line, truncate, width};

/// The home screen's state.
pub struct Home {
    pub listings: Vec<Listing>,
    pub selected: usize,
    /// Why the folder could not be listed.
    pub error: Option<String>,
    /// The rows marked to compare, in the order they were marked (two at most).
    pub marked: Vec<usize>,
}

impl Home {
    pub fn new(listings: Vec<Listing>, error: Option<String>) -> Self {
        Home {
            listings,
            selected: 0,
            error,
            marked: Vec::new(),
        }
    }

    pub fn select(&mut self, step: isize) {
        let last = self.listings.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(step).min(last);
    }

    pub fn selected(&self) -> Option<&Listing> {
        self.listings.get(self.selected)
    }

    /// Marks the selected review to compare, or takes its mark off; a third mark takes the
    /// place of the first.
    fn toggle_mark(&mut self) -> Vec<Effect> {
        let Some(listing) = self.selected() else {
            return vec![Effect::Flash(
                "No review yet: press n to start one".to_owned(),
            )];
        };
        if listing.entry.is_err() {
            return vec![Effect::Flash(
                "This file cannot be read, so it cannot be compared".to_owned(),
            )];
        }
        if let Some(at) = self.marked.iter().position(|&m| m == self.selected) {
            self.marked.remove(at);
        } else {
            if self.marked.len() == 2 {
                self.marked.remove(0);
            }
            self.marked.push(self.selected);
        }
        Vec::new()
    }

    /// The two marked reviews compared, the earlier (by review date, then last change) first.
    fn compare(&self) -> Vec<Effect> {
        let marked: Vec<&Listing> = self
            .marked
            .iter()
            .filter_map(|&m| self.listings.get(m))
            .collect();
        let [a, b] = marked[..] else {
            return vec![Effect::Flash(
                "Mark two reviews with Space, then press c to compare them".to_owned(),
            )];
        };
        let when = |l: &Listing| l.entry.as_ref().ok().map(|i| (i.date, i.updated));
        let (old, new) = if when(a) <= when(b) { (a, b) } else { (b, a) };
        vec![Effect::CompareOf {
            old: old.path.clone(),
            new: new.path.clone(),
        }]
    }
}

impl Component for Home {
    fn context(&self) -> Context {
        Context::Home
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::MoveDown => self.select(1),
            Action::MoveUp => self.select(-1),
            Action::NewReview => return vec![Effect::NewReview],
            Action::MarkReview => return self.toggle_mark(),
            Action::Compare => return self.compare(),
            Action::RestoreDeleted => return vec![Effect::RestoreDeleted],
            Action::EditDetails => {
                return match self.selected().filter(|l| l.entry.is_ok()) {
                    Some(listing) => vec![Effect::EditDetailsOf(listing.path.clone())],
                    None => vec![Effect::Flash("No readable review selected".to_owned())],
                };
            }
            Action::DeleteReview => {
                let Some(listing) = self.selected() else {
                    return vec![Effect::Flash("No review to delete".to_owned())];
                };
                let name = match &listing.entry {
                    Ok(info) => format!("The review of {} on {}", info.team, info.date),
                    Err(_) => listing.path.display().to_string(),
                };
                return vec![Effect::Push(Overlay::from(DeleteReview {
                    path: listing.path.clone(),
                    name,
                }))];
            }
            Action::Resume | Action::ShowSummary | Action::Export => {
                let Some(listing) = self.selected() else {
                    return vec![Effect::Flash(
                        "No review yet: press n to start one".to_owned(),
                    )];
                };
                let path = listing.path.clone();
                return vec![match action {
                    Action::Resume => Effect::Open {
                        path,
                        recheck: listing.entry.is_err(),
                    },
                    Action::ShowSummary => Effect::SummaryOf(path),
                    _ => Effect::ExportOf(path),
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }
}

fn render(home: &Home, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let [title, list, folder] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let scale = format!(" · {}", line(&ctx.scale.name));
    let heading = "Reviews on this machine";
    let room = usize::from(title.width).saturating_sub(width(heading));
    Line::from(vec![
        Span::styled(heading, theme.title),
        Span::styled(truncate(&scale, room), theme.muted),
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
        render_table(home, ctx, list, buf);
    }
    let dir = format!(
        "Reviews are kept in {}",
        line(&ctx.data_dir.display().to_string())
    );
    Span::styled(dir, theme.muted).render(folder, buf);
}

/// One line per review; an unreadable file's reason takes the whole line.
fn render_table(home: &Home, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let width = usize::from(area.width);
    // Date, kind, progress and last change take fixed widths; the team gets the rest.
    let fixed = 2 + 2 + 10 + 2 + 8 + 2 + 9 + 2 + 16;
    let team_width = width.saturating_sub(fixed).max(8);
    // Padded by the columns a name takes on screen, not its characters: a CJK character or an
    // emoji takes two, and must not push the row's other columns out of line.
    let columns = |team: &str, date: &str, kind: &str, progress: &str, last: &str| {
        let team = truncate(team, team_width);
        let pad = " ".repeat(team_width.saturating_sub(self::width(&team)));
        format!("{team}{pad}  {date:<10}  {kind:<8}  {progress:>9}  {last:<16}")
    };
    let header = columns("Team", "Date", "Kind", "Progress", "Last change");
    Line::styled(format!("  {header}"), theme.heading).render(Rect { height: 1, ..area }, buf);

    let rows = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let visible = usize::from(rows.height).max(1);
    let offset = home.selected.saturating_sub(visible - 1);
    for (index, listing) in home.listings.iter().enumerate().skip(offset).take(visible) {
        let selected = index == home.selected;
        let marker = match (selected, home.marked.contains(&index)) {
            (true, true) => "›●",
            (true, false) => "› ",
            (false, true) => " ●",
            (false, false) => "  ",
        };
        let row = Rect {
            y: rows.y + (index - offset) as u16,
            height: 1,
            ..rows
        };
        let line = match &listing.entry {
            Ok(info) => {
                let last = ctx
                    .clock
                    .local(info.updated)
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                let text = columns(
                    &line(&info.team),
                    &info.date.to_string(),
                    info.kind.label(),
                    &progress(info.rated, info.partly, info.items),
                    &last,
                );
                Line::styled(format!("{marker}{text}"), theme.text)
            }
            Err(problem) => {
                let name = listing
                    .path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                Line::from(vec![
                    Span::raw(format!("{marker}⚠ {} ", line(&name))),
                    Span::styled(format!("cannot be read: {}", line(problem)), theme.error),
                ])
            }
        };
        let line = if selected {
            line.patch_style(theme.selected)
        } else {
            line
        };
        buf.set_style(row, if selected { theme.selected } else { theme.text });
        line.render(row, buf);
    }
}

/// `12/39` items scored, and `◐3` for those partly rated (the side list's symbol for them).
fn progress(rated: usize, partly: usize, items: usize) -> String {
    if partly == 0 {
        format!("{rated}/{items}")
    } else {
        format!("{rated}/{items} ◐{partly}")
    }
}
