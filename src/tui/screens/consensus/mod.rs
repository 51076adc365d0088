//! The consensus screen: a consensus review's current item with each reviewer's findings side
//! by side (one column per reviewer), their scores and the spread, their notes on demand, and
//! the agreed findings and score.
//!
//! ```text
//! Item 3 of 39 · Rapid response                                     Saved 14:32:05
//! to discuss 7 · agreed 32 · Referrals and access
//!    Criterion                                            A    B    C  Agreed
//!  › a) The CRT responds to referrals within an hour…    ✓    ✓    ✗    ·
//!    b) The CRT offers a face-to-face assessment…         ✓    ✓    ✓    ✓
//! Scores  A 4  B 4  C 3  · spread 1      Suggested 4 · Agreed –
//! ```
//!
//! The agreed score follows the agreed findings' suggestion; where the reviewers' scores
//! differ, or the score is not the one suggested, it needs a short reason.

pub mod summary;
mod view;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::review::consensus::spread;
use crate::review::{Cursor, Finding, ItemScore};
use crate::scale::Item;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Effect};
use crate::tui::keymap::Context;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::agree_reason::AgreeReason;
use crate::tui::overlays::note::NoteEditor;
use crate::tui::overlays::prompt::{Prompt, PromptKind};
use crate::tui::session::{Edit, NoteTarget, READ_ONLY_NOTICE};

/// The consensus screen's own state: the review is the app's, read through the context.
#[derive(Debug, Default)]
pub struct ConsensusScreen {
    /// The reviewers' notes on the item are shown.
    notes: bool,
}

impl ConsensusScreen {
    pub fn new() -> Self {
        ConsensusScreen::default()
    }

    /// True while the reviewers' notes are shown.
    pub fn notes_shown(&self) -> bool {
        self.notes
    }
}

impl Component for ConsensusScreen {
    fn context(&self) -> Context {
        Context::Consensus
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
            Action::NextToDiscuss => match review.next_to_discuss(ctx.scale, item.number) {
                Some(next) if next != item.number => Effect::GoToItem(next),
                Some(_) => Effect::Flash(format!("Item {} is the last to discuss", item.number)),
                None => Effect::Flash("Every item is agreed: s shows the summary".to_owned()),
            },
            Action::SetFinding(finding) => set_finding(ctx, item, finding),
            Action::SetScore(score) => agree(ctx, item, score),
            Action::ClearScore => Effect::Edit(Edit::Reopen(item.number)),
            Action::ToggleReviewerNotes => {
                self.notes = !self.notes;
                return Vec::new();
            }
            Action::EditItemNote if ctx.read_only() => Effect::Flash(READ_ONLY_NOTICE.to_owned()),
            Action::EditItemNote => {
                let note = review.item(item.number).map_or("", |r| r.note.as_str());
                Effect::Push(Overlay::from(NoteEditor::new(
                    NoteTarget::Item(item.number),
                    note,
                )))
            }
            Action::RereadSources => Effect::RereadSources,
            Action::StartJump => Effect::Push(Overlay::from(Prompt::new(PromptKind::Jump))),
            Action::ShowSummary => Effect::ShowSummary,
            Action::Export => Effect::StartExport(None),
            _ => return Vec::new(),
        };
        vec![effect]
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        view::render(ctx, self.notes, area, buf);
    }
}

fn move_criterion(item: &Item, cursor: &Cursor, step: isize) -> Effect {
    let count = item.criteria.len();
    match cursor.criterion.checked_add_signed(step).filter(|&n| n < count) {
        Some(next) => Effect::MoveTo(Cursor {
            criterion: next,
            ..cursor.clone()
        }),
        None if count == 0 => Effect::Flash(format!(
            "Item {} is rated directly: 1–5 gives the agreed score",
            item.number
        )),
        None if step > 0 => Effect::Flash("Last criterion: l goes to the next item".to_owned()),
        None => Effect::Flash("First criterion: h goes to the previous item".to_owned()),
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

fn set_finding(ctx: &Ctx, item: &Item, finding: Finding) -> Effect {
    match ctx.current_criterion() {
        None => Effect::Flash(format!(
            "Item {} is rated directly: 1–5 gives the agreed score",
            item.number
        )),
        Some((number, criterion)) => Effect::Edit(Edit::Finding {
            item: number,
            criterion,
            finding,
        }),
    }
}

/// The agreed score: at once where every reviewer gave it and the agreed findings suggest it
/// (or suggest nothing); else the reason is asked first.
fn agree(ctx: &Ctx, item: &Item, score: u8) -> Effect {
    if ctx.read_only() {
        return Effect::Flash(READ_ONLY_NOTICE.to_owned());
    }
    let Some(review) = ctx.review() else {
        return Effect::Flash(String::new());
    };
    let Some(consensus) = review.consensus.as_ref() else {
        return Effect::Flash("This review is not a consensus review".to_owned());
    };
    let record = review.item(item.number);
    let scores = consensus.scores(ctx.scale, item.number);
    let suggested = ItemScore::of(item, record).suggested.map(|s| s.score);
    let differ = scores.iter().any(|&s| s != Some(score));
    let off_suggestion = suggested.is_some_and(|s| s != score);
    if !differ && !off_suggestion {
        return Effect::Edit(Edit::AgreedScore {
            item: item.number,
            score,
            reason: String::new(),
        });
    }
    let gave = scores
        .iter()
        .map(|s| s.map_or("–".to_owned(), |s| s.to_string()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut why = format!("The reviewers gave {gave}");
    if let Some(spread) = spread(&scores).filter(|&s| s > 0) {
        why.push_str(&format!(" (spread {spread})"));
    }
    why.push('.');
    if let Some(suggested) = suggested.filter(|_| off_suggestion) {
        why.push_str(&format!(" The agreed findings suggest {suggested}."));
    }
    let reason = record.map_or("", |r| r.rationale.as_str());
    Effect::Push(Overlay::from(AgreeReason::new(
        item.number,
        score,
        why,
        reason,
    )))
}
