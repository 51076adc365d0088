//! The new-review form: team, organisation, date, reviewers and kind. The same form changes
//! the details of the open review.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use crate::review::{Details, ReviewKind};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::field;
use crate::tui::keymap::Context;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::discard::DiscardForm;
use crate::tui::session::Edit;

/// The fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Team,
    Organisation,
    Date,
    Reviewers,
    Kind,
}

const FIELDS: [FormField; 5] = [
    FormField::Team,
    FormField::Organisation,
    FormField::Date,
    FormField::Reviewers,
    FormField::Kind,
];

impl FormField {
    fn label(self) -> &'static str {
        match self {
            FormField::Team => "Team",
            FormField::Organisation => "Organisation",
            FormField::Date => "Review date",
            FormField::Reviewers => "Reviewers",
            FormField::Kind => "Kind",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            FormField::Team => "required: the team or service reviewed",
            FormField::Organisation => "optional",
            FormField::Date => "YYYY-MM-DD",
            FormField::Reviewers => "names, separated by commas",
            FormField::Kind => "Space switches",
        }
    }
}

/// What a new form starts with: the user's usual organisation and name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub organisation: String,
    pub reviewers: Vec<String>,
}

/// The form's state: what is typed, which field has focus, what is wrong.
pub struct Form {
    texts: [TextArea<'static>; 4],
    pub kind: ReviewKind,
    focus: usize,
    errors: [Option<String>; 5],
    /// Why the review could not be created, shown under the form.
    pub problem: Option<String>,
    /// Something was typed or filled in: leaving asks first.
    pub touched: bool,
    /// The form changes the open review's details rather than starting a review.
    pub editing: bool,
}

impl Form {
    /// An empty form dated `today`, or one filled from `details`.
    /// An empty form dated `today` with the defaults of `prefill` (from the config file), not
    /// yet touched.
    pub fn blank(today: NaiveDate, prefill: &Prefill) -> Self {
        let mut form = Form::new(None, today);
        form.texts[FormField::Organisation as usize] = field::single_line(&prefill.organisation);
        form.texts[FormField::Reviewers as usize] = field::single_line(&prefill.reviewers.join(", "));
        form
    }

    pub fn new(details: Option<&Details>, today: NaiveDate) -> Self {
        let (team, organisation, date, reviewers, kind) = match details {
            Some(d) => (
                d.team.clone(),
                d.organisation.clone(),
                d.date,
                d.reviewers.join(", "),
                d.kind,
            ),
            None => (
                String::new(),
                String::new(),
                today,
                String::new(),
                ReviewKind::External,
            ),
        };
        Form {
            texts: [
                field::single_line(&team),
                field::single_line(&organisation),
                field::single_line(&date.to_string()),
                field::single_line(&reviewers),
            ],
            kind,
            focus: 0,
            errors: Default::default(),
            problem: None,
            touched: details.is_some(),
            editing: false,
        }
    }

    /// The open review's details, to change.
    pub fn of_details(details: &Details) -> Self {
        Form {
            touched: false,
            editing: true,
            ..Form::new(Some(details), details.date)
        }
    }

    pub fn focused(&self) -> FormField {
        FIELDS[self.focus]
    }

    pub fn on_last_field(&self) -> bool {
        self.focus == FIELDS.len() - 1
    }

    pub fn focus_next(&mut self) {
        self.focus = (self.focus + 1) % FIELDS.len();
    }

    pub fn focus_prev(&mut self) {
        self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len();
    }

    pub fn toggle_kind(&mut self) {
        self.touched = true;
        self.kind = match self.kind {
            ReviewKind::External => ReviewKind::SelfReview,
            ReviewKind::SelfReview => ReviewKind::External,
        };
    }

    pub fn edit(&mut self, key: KeyEvent) {
        if let Some(text) = self.texts.get_mut(self.focus)
            && text.input(key)
        {
            self.typed();
        }
    }

    /// Notes a change to the focused field, whose error no longer holds.
    fn typed(&mut self) {
        self.touched = true;
        self.errors[self.focus] = None;
    }

    /// True when the focused field may be left with Enter; a required field left empty says
    /// so beside it.
    pub fn check_focused(&mut self) -> bool {
        let error = self.error_in(self.focused());
        let fine = error.is_none();
        self.errors[self.focus] = error;
        fine
    }

    /// What is wrong with one field's value, if anything.
    fn error_in(&self, field: FormField) -> Option<String> {
        match field {
            FormField::Team if self.value(field).is_empty() => {
                Some("A team is required: type the team's name".to_owned())
            }
            FormField::Date
                if NaiveDate::parse_from_str(&self.value(field), "%Y-%m-%d").is_err() =>
            {
                Some("Not a date: use YYYY-MM-DD, e.g. 2025-03-14".to_owned())
            }
            _ => None,
        }
    }

    pub fn paste(&mut self, pasted: &str) {
        let joiner = if self.focused() == FormField::Reviewers {
            ", "
        } else {
            " "
        };
        if let Some(text) = self.texts.get_mut(self.focus)
            && field::paste(text, pasted, false, joiner)
        {
            self.typed();
        }
    }

    fn value(&self, field: FormField) -> String {
        field::value(&self.texts[field as usize]).trim().to_owned()
    }

    /// The details, or `None` with the errors shown beside their fields and the focus on the
    /// first of them.
    pub fn validate(&mut self) -> Option<Details> {
        self.errors = Default::default();
        for field in [FormField::Team, FormField::Date] {
            self.errors[field as usize] = self.error_in(field);
        }
        let team = self.value(FormField::Team);
        let date = NaiveDate::parse_from_str(&self.value(FormField::Date), "%Y-%m-%d").ok();
        if let Some(first) = self.errors.iter().position(Option::is_some) {
            self.focus = first;
            return None;
        }
        let reviewers = self
            .value(FormField::Reviewers)
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        Some(Details {
            team,
            organisation: self.value(FormField::Organisation),
            date: date?,
            reviewers,
            kind: self.kind,
        })
    }
}

impl Component for Form {
    fn context(&self) -> Context {
        match (self.focused(), self.editing) {
            (FormField::Kind, false) => Context::FormChoice,
            (_, false) => Context::Form,
            (FormField::Kind, true) => Context::DetailsChoice,
            (_, true) => Context::Details,
        }
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::NextField => {
                // Leaving a field says what is wrong with it, without holding the reviewer there.
                self.check_focused();
                self.focus_next();
            }
            Action::PrevField => self.focus_prev(),
            Action::ToggleKind => self.toggle_kind(),
            Action::Edit(key) => self.edit(key),
            Action::Paste(text) => self.paste(&text),
            // Esc leaves the details as they were saved.
            Action::Cancel if self.editing => return vec![Effect::ShowReview],
            Action::Cancel if self.touched => {
                return vec![Effect::Push(Overlay::from(DiscardForm { quit: false }))];
            }
            Action::Cancel => return vec![Effect::GoHome],
            Action::SubmitField if !self.check_focused() => {}
            Action::SubmitField if !self.on_last_field() => self.focus_next(),
            Action::SubmitField | Action::CreateReview => {
                if let Some(details) = self.validate() {
                    if self.editing {
                        return vec![Effect::Edit(Edit::Details(details)), Effect::ShowReview];
                    }
                    return vec![Effect::Create(details)];
                }
            }
            Action::Failed(problem) => self.problem = Some(problem),
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(self, ctx, area, buf);
    }

    fn confirm_quit(&self) -> Option<Overlay> {
        (self.touched && !self.editing)
            .then(|| Overlay::from(DiscardForm { quit: true }))
    }
}

const LABEL_WIDTH: u16 = 16;

fn render(form: &Form, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let theme = ctx.theme;
    let mut constraints = vec![Constraint::Length(2)];
    constraints.extend(FIELDS.iter().map(|_| Constraint::Length(2)));
    constraints.push(Constraint::Fill(1));
    let rows = area.layout_vec(&Layout::vertical(constraints));
    Line::from(vec![
        Span::styled(
            if form.editing {
                "Review details"
            } else {
                "New review"
            },
            theme.title,
        ),
        Span::styled(
            format!(" · {}", crate::tui::text::line(&ctx.scale.name)),
            theme.muted,
        ),
    ])
    .render(rows[0], buf);

    for (index, &field) in FIELDS.iter().enumerate() {
        let row = rows[index + 1];
        let focused = index == form.focus;
        let [label, input] = row.layout(&Layout::horizontal([
            Constraint::Length(LABEL_WIDTH),
            Constraint::Fill(1),
        ]));
        let marker = if focused { "› " } else { "  " };
        let label_style = if focused { theme.title } else { theme.text };
        Span::styled(format!("{marker}{}", field.label()), label_style)
            .render(Rect { height: 1, ..label }, buf);
        let value_area = Rect { height: 1, ..input };
        let note_area = Rect {
            y: input.y + 1,
            height: input.height.saturating_sub(1),
            ..input
        };
        match field {
            FormField::Kind => {
                let choice = |kind: ReviewKind, name: &'static str| {
                    let chosen = form.kind == kind;
                    let mark = if chosen { "(•) " } else { "( ) " };
                    let style = if chosen && focused {
                        theme.selected
                    } else {
                        theme.text
                    };
                    Span::styled(format!("{mark}{name}"), style)
                };
                Line::from(vec![
                    choice(ReviewKind::External, "external review"),
                    Span::raw("   "),
                    choice(ReviewKind::SelfReview, "self-review"),
                ])
                .render(value_area, buf);
            }
            _ => {
                let text = &form.texts[index];
                if focused {
                    text.render(value_area, buf);
                } else {
                    Span::styled(field::value(text), theme.text).render(value_area, buf);
                }
            }
        }
        match &form.errors[index] {
            Some(error) => {
                Span::styled(format!("{} {error}", theme.symbols.not_met), theme.error)
                    .render(note_area, buf)
            }
            None => Span::styled(field.hint(), theme.muted).render(note_area, buf),
        }
    }
    if let Some(problem) = &form.problem {
        let last = rows[rows.len() - 1];
        Paragraph::new(Span::styled(problem.as_str(), theme.error))
            .wrap(Wrap { trim: true })
            .render(last, buf);
    }
}
