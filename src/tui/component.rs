//! What every screen and overlay is: a part of the app that owns its state, turns an
//! [`Action`] into a change of that state plus [`Effect`]s for the app to carry out, and draws
//! itself from its state and a small read-only [`Ctx`].
//!
//! A component never reaches into the app, the store or another component: what it reads comes
//! in the context, and what it wants done beyond its own state goes out as effects.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::Context;
use super::library::{Clock, ExportFormat};
use super::overlays::Overlay;
use super::screens::Screen;
use super::session::{Edit, NoteTarget, OpenReview};
use super::theme::Theme;
use crate::review::{Cursor, Details, Review};
use crate::scale::{Item, Scale};
use crate::store::LockHolder;

/// What a component may read: the scale, the theme, the clock, the terminal's size and the
/// open review.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub scale: &'a Scale,
    pub theme: &'a Theme,
    pub clock: &'a dyn Clock,
    /// The terminal's size, for layouts that the keys scroll in.
    pub size: (u16, u16),
    pub open: Option<&'a OpenReview>,
    /// Where the reviews are kept, to show.
    pub data_dir: &'a Path,
}

impl<'a> Ctx<'a> {
    /// The open review's answers.
    pub fn review(&self) -> Option<&'a Review> {
        self.open.map(|o| &o.review)
    }

    /// True while the open review is only looked at.
    pub fn read_only(&self) -> bool {
        self.open.is_some_and(OpenReview::is_read_only)
    }

    /// The item the cursor is on.
    pub fn current_item(&self) -> Option<&'a Item> {
        self.scale.item(self.review()?.cursor.item)
    }

    /// The current item's number and criterion id, when the item has criteria.
    pub fn current_criterion(&self) -> Option<(u16, String)> {
        let item = self.current_item()?;
        let criterion = item.criteria.get(self.review()?.cursor.criterion)?;
        Some((item.number, criterion.id.clone()))
    }

    /// The evidence sources of the current criterion, or of the item when it is rated directly.
    pub fn current_sources(&self) -> Vec<String> {
        let (Some(review), Some(item)) = (self.review(), self.current_item()) else {
            return Vec::new();
        };
        let criterion = self.current_criterion().map(|(_, id)| id);
        review.sources(item.number, criterion.as_deref()).to_vec()
    }

    /// The first and last item numbers.
    pub fn item_range(&self) -> (u16, u16) {
        let first = self.scale.items.first().map_or(0, |i| i.number);
        let last = self.scale.items.last().map_or(0, |i| i.number);
        (first, last)
    }
}

/// Something a component asks the app to do.
pub enum Effect {
    /// Close the overlay that handled the action.
    Close,
    /// Put an overlay on top.
    Push(Overlay),
    /// Show another screen.
    Show(Screen),
    /// A short notice in the footer until the next key.
    Flash(String),
    /// Change the open review, then save it.
    Edit(Edit),
    /// Move the cursor in the open review: saved at once when it goes to another item, else
    /// with the next change.
    MoveTo(Cursor),
    /// Keep the guidance scroll within what a new layout shows (not a move of the reader's).
    FitScroll(u16),
    /// Go to an item's first criterion, on the review screen.
    GoToItem(u16),
    /// Show the review screen at the cursor.
    ShowReview,
    /// The summary of the open review.
    ShowSummary,
    /// The list of reviews.
    GoHome,
    /// Close the open review, once everything in it is saved, and show the list of reviews.
    CloseReview,
    /// An empty new-review form.
    NewReview,
    /// Create a review and open it, after asking if the team has one on that date already;
    /// a failure comes back as [`Action::Failed`].
    Create(Details),
    /// Create a review and open it, though the team has one on that date.
    CreateAnyway(Details),
    /// Open a review for writing. `recheck`: it was listed as unreadable, so read it first for
    /// the whole message.
    Open { path: PathBuf, recheck: bool },
    /// Read a review (not the open one) and show its summary.
    SummaryOf(PathBuf),
    /// Read a review (not the open one) and offer to export it.
    ExportOf(PathBuf),
    /// Read two reviews and show them side by side, the earlier first.
    CompareOf { old: PathBuf, new: PathBuf },
    /// Offer to export a review: the open one, or the one given.
    StartExport(Option<Box<Review>>),
    /// Write a report; the outcome comes back as [`Action::Exported`] or [`Action::Failed`].
    Export {
        review: Option<Box<Review>>,
        format: ExportFormat,
        /// The notes (the reviewer's evidence, informants' words) go in too.
        include_notes: bool,
        to: PathBuf,
    },
    /// Open a report written, in the system's program for it; a failure is flashed.
    ShowReport(PathBuf),
    /// Read again each reviewer's file of the open consensus review that changed since it was
    /// read.
    RereadSources,
    /// Delete the recovery file beside the open review.
    DiscardRecovery,
    /// Move a review into the `deleted` folder, and list the reviews again.
    Delete(PathBuf),
    /// Bring back the review deleted last, and list the reviews again.
    RestoreDeleted,
    /// Open a review and show its details to change.
    EditDetailsOf(PathBuf),
    /// Show a review another window holds, read-only.
    ViewReadOnly { path: PathBuf, holder: LockHolder },
    /// Leave the app.
    Quit,
}

/// A screen or an overlay.
pub trait Component {
    /// Where its keys are read.
    fn context(&self) -> Context;

    /// Carries out an action: changes its own state, and says what else is to be done.
    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect>;

    /// Draws itself; a pure function of its state and the context.
    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer);

    /// The question to ask before quitting, when quitting now would lose what was typed here.
    fn confirm_quit(&self) -> Option<Overlay> {
        None
    }

    /// A note typed and not yet in the review.
    fn unsaved_note(&self) -> Option<(NoteTarget, String)> {
        None
    }

    /// The note typed has been put in the review.
    fn note_saved(&mut self) {}
}
