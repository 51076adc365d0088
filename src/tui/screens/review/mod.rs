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

mod criteria;
mod guidance;
mod header;
mod layout;
mod scores;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::review::{Cursor, Finding, ItemScore, Review, interview};
use crate::scale::Item;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::overlays::Overlay;
use crate::tui::screens::new_review::Form;
use crate::tui::overlays::coverage::Coverage;
use crate::tui::overlays::quick_notes::QuickNotes;
use crate::tui::overlays::note::NoteEditor;
use crate::tui::overlays::prompt::{Prompt, PromptKind};
use crate::tui::overlays::rationale::RationalePrompt;
use crate::tui::session::{Edit, NoteTarget, READ_ONLY_NOTICE};

pub use guidance::guidance_lines;

/// The review screen's own state: the review itself is the app's, read through the context.
#[derive(Debug, Default)]
pub struct ReviewScreen {
    /// The guidance takes the screen's height, under the current criterion.
    guidance_full: bool,
}

impl ReviewScreen {
    pub fn new() -> Self {
        ReviewScreen::default()
    }

    /// True while the guidance is read at full height.
    pub fn guidance_full(&self) -> bool {
        self.guidance_full
    }
}

impl Component for ReviewScreen {
    fn context(&self) -> Context {
        Context::Review
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let (Some(review), Some(item)) = (ctx.review(), ctx.current_item()) else {
            return Vec::new();
        };
        let cursor = &review.cursor;
        let effect = match action {
            Action::NextCriterion => move_criterion(item, cursor, 1),
            Action::PrevCriterion => move_criterion(item, cursor, -1),
            Action::NextItem => move_item(ctx, cursor, 1),
            Action::PrevItem => move_item(ctx, cursor, -1),
            Action::SetFinding(finding) => return set_finding(ctx, item, cursor, finding),
            Action::NextOpen => next_open(ctx, cursor, true),
            Action::PrevOpen => next_open(ctx, cursor, false),
            Action::ToggleMoveOn => Effect::Edit(Edit::ToggleMoveOn),
            Action::EditNote => start_note(ctx, review, item, false),
            Action::EditItemNote => start_note(ctx, review, item, true),
            Action::ToggleFlag => Effect::Edit(Edit::Flag(item.number)),
            Action::SetScore(score) => set_score(ctx, item, score),
            Action::ClearScore => Effect::Edit(Edit::Score {
                item: item.number,
                score: None,
                rationale: String::new(),
            }),
            Action::StartJump => Effect::Push(Overlay::from(Prompt::new(PromptKind::Jump))),
            Action::StartInterviewing if ctx.read_only() => {
                Effect::Flash(READ_ONLY_NOTICE.to_owned())
            }
            Action::StartInterviewing => {
                let current = review.working.source.clone().unwrap_or_default();
                Effect::Push(Overlay::from(Prompt::with_text(
                    PromptKind::Interviewing,
                    &current,
                )))
            }
            Action::ShowCoverage => match &review.working.source {
                Some(code) => Effect::Push(Overlay::from(Coverage { code: code.clone() })),
                None => Effect::Flash("Nobody is being interviewed: i says who".to_owned()),
            },
            Action::QuickNote | Action::ShowQuickNotes if ctx.read_only() => {
                Effect::Flash(READ_ONLY_NOTICE.to_owned())
            }
            Action::QuickNote => {
                // The stamp names the note: a second one in the same instant gets the next.
                let mut at = ctx.clock.now();
                while review.quick_note(at).is_some() {
                    at += chrono::TimeDelta::nanoseconds(1);
                }
                Effect::Push(Overlay::from(NoteEditor::new(NoteTarget::Quick(at), "")))
            }
            Action::ShowQuickNotes => Effect::Push(Overlay::from(QuickNotes::default())),
            Action::StartTag if ctx.read_only() => Effect::Flash(READ_ONLY_NOTICE.to_owned()),
            // The codes there now, to edit; an item rated directly takes them itself.
            Action::StartTag => {
                let mut codes = ctx.current_sources().join(" ");
                if !codes.is_empty() {
                    codes.push(' ');
                }
                Effect::Push(Overlay::from(Prompt::with_text(PromptKind::Tag, &codes)))
            }
            Action::GuidanceDown => return self.scroll_guidance(ctx, 3),
            Action::GuidanceUp => return self.scroll_guidance(ctx, -3),
            Action::GuidancePageDown => return self.scroll_guidance(ctx, self.guidance_page(ctx)),
            Action::GuidancePageUp => return self.scroll_guidance(ctx, -self.guidance_page(ctx)),
            Action::ToggleGuidance => {
                self.guidance_full = !self.guidance_full;
                return self.fit_scroll(ctx);
            }
            Action::Cancel if self.guidance_full => {
                self.guidance_full = false;
                return self.fit_scroll(ctx);
            }
            Action::Resize(..) => return self.fit_scroll(ctx),
            Action::ShowSummary => Effect::ShowSummary,
            Action::ShowReviews => Effect::CloseReview,
            Action::EditDetails if ctx.read_only() => Effect::Flash(READ_ONLY_NOTICE.to_owned()),
            Action::EditDetails => Effect::Show(Form::of_details(&review.details).into()),
            Action::Undo => Effect::Edit(Edit::Undo),
            Action::Redo => Effect::Edit(Edit::Redo),
            Action::Export => Effect::StartExport(None),
            _ => return Vec::new(),
        };
        vec![effect]
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        layout::render(ctx, self.guidance_full, area, buf);
    }
}

impl ReviewScreen {
    fn guidance_page(&self, ctx: &Ctx) -> isize {
        let (_, height) = layout::guidance_extent(ctx, self.guidance_full);
        isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn scroll_guidance(&self, ctx: &Ctx, step: isize) -> Vec<Effect> {
        let Some(review) = ctx.review() else {
            return Vec::new();
        };
        let (lines, height) = layout::guidance_extent(ctx, self.guidance_full);
        let max = lines.saturating_sub(height);
        let scroll = review.cursor.guidance_scroll;
        let next = scroll.saturating_add_signed(step as i16).min(max);
        if next == scroll {
            return Vec::new();
        }
        vec![Effect::MoveTo(Cursor {
            guidance_scroll: next,
            ..review.cursor.clone()
        })]
    }

    /// Keeps the guidance scroll within what the layout now shows.
    fn fit_scroll(&self, ctx: &Ctx) -> Vec<Effect> {
        let Some(review) = ctx.review() else {
            return Vec::new();
        };
        let (lines, height) = layout::guidance_extent(ctx, self.guidance_full);
        let max = lines.saturating_sub(height);
        vec![Effect::FitScroll(review.cursor.guidance_scroll.min(max))]
    }
}

fn move_criterion(item: &Item, cursor: &Cursor, step: isize) -> Effect {
    let count = item.criteria.len();
    match cursor.criterion.checked_add_signed(step).filter(|&n| n < count) {
        Some(next) => Effect::MoveTo(Cursor {
            criterion: next,
            ..cursor.clone()
        }),
        None => Effect::Flash(match (count, step > 0) {
            (0, _) => format!(
                "Item {} is rated directly: 1–5 gives its score",
                item.number
            ),
            (_, true) => "Last criterion: l goes to the next item".to_owned(),
            (_, false) => "First criterion: h goes to the previous item".to_owned(),
        }),
    }
}

fn move_item(ctx: &Ctx, cursor: &Cursor, step: isize) -> Effect {
    let index = ctx.scale.index_of(cursor.item).unwrap_or(0);
    match index
        .checked_add_signed(step)
        .and_then(|i| ctx.scale.items.get(i))
    {
        Some(next) => Effect::GoToItem(next.number),
        None if step > 0 => Effect::ShowSummary,
        None => Effect::Flash("This is the first item".to_owned()),
    }
}

/// A finding for the current criterion; with "move on" set, the cursor then goes to the next
/// criterion of the item.
fn set_finding(ctx: &Ctx, item: &Item, cursor: &Cursor, finding: Finding) -> Vec<Effect> {
    let Some((number, criterion)) = ctx.current_criterion() else {
        return vec![Effect::Flash(format!(
            "Item {} is rated directly: 1–5 gives its score",
            item.number
        ))];
    };
    let mut effects = vec![Effect::Edit(Edit::Finding {
        item: number,
        criterion,
        finding,
    })];
    let move_on = ctx.review().is_some_and(|r| r.working.move_on);
    if move_on && finding != Finding::NotRated && cursor.criterion + 1 < item.criteria.len() {
        effects.push(Effect::MoveTo(Cursor {
            criterion: cursor.criterion + 1,
            guidance_scroll: 0,
            ..cursor.clone()
        }));
    }
    effects
}

/// The next (or previous) criterion still to rate or unsure, in this item or another.
fn next_open(ctx: &Ctx, cursor: &Cursor, forward: bool) -> Effect {
    let Some(review) = ctx.review() else {
        return Effect::Flash(String::new());
    };
    match interview::next_open(ctx.scale, review, (cursor.item, cursor.criterion), forward) {
        Some((item, criterion)) => Effect::MoveTo(Cursor {
            item,
            criterion,
            guidance_scroll: 0,
        }),
        None => Effect::Flash("Nothing else is still to rate or unsure".to_owned()),
    }
}

/// A score equal to the suggestion keeps no final score, so later findings move it; one that
/// differs asks for the reason first.
fn set_score(ctx: &Ctx, item: &Item, score: u8) -> Effect {
    if ctx.read_only() {
        return Effect::Flash(READ_ONLY_NOTICE.to_owned());
    }
    let record = ctx.review().and_then(|r| r.item(item.number));
    match ItemScore::of(item, record).suggested {
        Some(suggested) if suggested.score != score => {
            let rationale = record.map_or("", |r| r.rationale.as_str());
            Effect::Push(Overlay::from(RationalePrompt::new(
                item.number,
                score,
                suggested,
                rationale,
            )))
        }
        Some(_) => Effect::Edit(Edit::Score {
            item: item.number,
            score: None,
            rationale: String::new(),
        }),
        None => Effect::Edit(Edit::Score {
            item: item.number,
            score: Some(score),
            rationale: String::new(),
        }),
    }
}

fn start_note(ctx: &Ctx, review: &Review, item: &Item, whole_item: bool) -> Effect {
    if ctx.read_only() {
        return Effect::Flash(READ_ONLY_NOTICE.to_owned());
    }
    let (target, note) = match ctx.current_criterion() {
        Some((number, id)) if !whole_item => {
            let note = review.criterion(number, &id).map(|c| c.note.clone());
            (
                NoteTarget::Criterion {
                    item: number,
                    criterion: id,
                },
                note,
            )
        }
        _ => {
            let note = review.item(item.number).map(|r| r.note.clone());
            (NoteTarget::Item(item.number), note)
        }
    };
    Effect::Push(Overlay::from(NoteEditor::new(
        target,
        note.as_deref().unwrap_or(""),
    )))
}
