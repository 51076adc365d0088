//! What the app does with the reviews as a whole: closing the open one to go back to the
//! list, deleting and restoring, and noticing a second review of a team on one date.

use std::path::Path;

use super::super::screens::new_review::Form;
use super::App;
use crate::review::Details;

impl App {
    /// Saves what is not saved yet and closes the open review (its lock let go), then lists
    /// the reviews. While a save fails the review stays open, so nothing is lost unseen.
    pub(super) fn close_review(&mut self) {
        self.save_notes();
        if self.cursor_unsaved || self.save_failed().is_some() {
            self.save();
        }
        if let Some(reason) = self.save_failed() {
            self.flash = Some(format!("Not saved ({reason}): the review stays open"));
            return;
        }
        self.open = None;
        self.keep_rescue_copy();
        self.go_home();
    }

    /// Opens a review and shows its details to change, from the home screen.
    pub(super) fn edit_details_of(&mut self, path: &Path) {
        self.open_review(path);
        if let Some(open) = self.open.as_ref().filter(|o| !o.is_read_only()) {
            self.screen = Form::of_details(&open.review.details).into();
        }
    }

    /// Moves a review into the `deleted` folder and lists the reviews again, saying so.
    pub(super) fn delete_review(&mut self, path: &Path) {
        self.flash = Some(match self.library.delete(path) {
            Ok(_) => "Deleted: it is in the deleted folder; u brings it back".to_owned(),
            Err(reason) => format!("Not deleted: {reason}"),
        });
        self.relist();
    }

    /// Brings back the review deleted last and lists the reviews again, saying so.
    pub(super) fn restore_deleted(&mut self) {
        self.flash = Some(match self.library.restore_deleted() {
            Ok(Some(path)) => format!("Restored {}", path.display()),
            Ok(None) => "No deleted review to bring back".to_owned(),
            Err(reason) => reason,
        });
        self.relist();
    }

    /// The home screen listed again, keeping the notice about what changed.
    fn relist(&mut self) {
        let flash = self.flash.take();
        self.go_home();
        self.flash = flash;
    }

    /// True when a review of the same team (in any case) on the same date is listed.
    pub(super) fn has_review_of(&self, details: &Details) -> bool {
        let team = details.team.trim().to_lowercase();
        self.library.list(&self.scale).is_ok_and(|listings| {
            listings
                .iter()
                .filter_map(|l| l.entry.as_ref().ok())
                .any(|info| info.date == details.date && info.team.trim().to_lowercase() == team)
        })
    }
}
