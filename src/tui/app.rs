//! The app: the screen, the overlays on it, the open review; [`App::update`] routes each action
//! to the top overlay or the screen and carries out the effects they ask for.
//!
//! The app knows no screen's insides: a screen or overlay changes its own state and returns
//! [`Effect`]s; carrying those out (saving, opening a review, showing another screen) is the
//! app's. Every change to the open review is saved at once through its writer, and the result
//! is shown in the header. A failed save keeps the answers in memory, says NOT SAVED with the
//! reason, and is tried again with the next change. A copy of the review is kept in a
//! [`Rescue`] for the panic hook.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Start;
use super::action::Action;
use super::component::{Ctx, Effect};
use super::keymap::{self, Context};
use super::library::{Clock, ExportFormat, Library};
use super::overlays::Overlay;
use super::overlays::duplicate::Duplicate;
use super::overlays::export::ExportDialog;
use super::overlays::help::Help;
use super::overlays::locked::Locked;
use super::overlays::message::Message;
use super::overlays::recovery::Recovery;
use super::screens::Screen;
use super::screens::compare::CompareScreen;
use super::screens::consensus::ConsensusScreen;
use super::screens::home::Home;
use super::screens::new_review::{Form, Prefill};
use super::screens::review::ReviewScreen;
use super::screens::summary::SummaryScreen;
use super::session::{Edit, valid_cursor};
use super::theme::Theme;
use super::view::{MIN_HEIGHT, MIN_WIDTH};
use crate::report;
use crate::review::{Comparison, Cursor, Details, Review};
use crate::scale::Scale;
use crate::store::{OpenError, review_id};

pub use super::session::{Access, OpenReview, Rescue, RescueCopy, SaveStatus};

mod reviews;

/// The whole state of the app.
pub struct App {
    scale: Scale,
    library: Box<dyn Library>,
    clock: Box<dyn Clock>,
    theme: Theme,
    /// The terminal's size, for the layout the keys scroll in.
    size: (u16, u16),
    screen: Screen,
    overlays: Vec<Overlay>,
    open: Option<OpenReview>,
    /// A short notice in the footer until the next key.
    flash: Option<String>,
    rescue: Rescue,
    /// The cursor moved within an item since the last save.
    cursor_unsaved: bool,
    /// The user was told that quitting now leaves answers unsaved; the next quit leaves.
    warned_unsaved: bool,
    /// Quitting waits for the saves under way; `true` when the user asked to quit.
    quitting: Option<bool>,
    /// What a new-review form starts with.
    prefill: Prefill,
    quit: bool,
}

/// The read-only context of `$app`, borrowing its fields one by one so that the screen or an
/// overlay can be borrowed mutably beside it.
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            scale: &$app.scale,
            theme: &$app.theme,
            clock: $app.clock.as_ref(),
            size: $app.size,
            open: $app.open.as_ref(),
            data_dir: $app.library.dir(),
        }
    };
}

impl App {
    /// An app showing `start`, drawn at `size` until told otherwise.
    pub fn new(
        scale: Scale,
        library: Box<dyn Library>,
        clock: Box<dyn Clock>,
        theme: Theme,
        start: Start,
        size: (u16, u16),
    ) -> Self {
        let mut app = App {
            screen: Screen::from(ReviewScreen::new()),
            scale,
            library,
            clock,
            theme,
            size,
            overlays: Vec::new(),
            open: None,
            flash: None,
            rescue: Arc::new(Mutex::new(None)),
            cursor_unsaved: false,
            warned_unsaved: false,
            quitting: None,
            prefill: Prefill::default(),
            quit: false,
        };
        match start {
            Start::Home => app.go_home(),
            Start::New(None) => app.screen = Form::blank(app.clock.today(), &app.prefill).into(),
            Start::New(Some(details)) => app.create_review(details),
            Start::Open(path) => app.open_review(&path),
        }
        // The reviews are listed only when the home screen shows: reading every session in
        // the folder would delay the first frame of the one review opened.
        if app.open.is_none() && matches!(app.screen, Screen::Review(_)) {
            app.go_home();
        }
        app
    }

    /// New-review forms start with `prefill`, this one too if it is showing untouched.
    pub fn with_prefill(mut self, prefill: Prefill) -> Self {
        self.prefill = prefill;
        if let Screen::NewReview(form) = &self.screen
            && !form.touched
        {
            self.screen = Form::blank(self.clock.today(), &self.prefill).into();
        }
        self
    }

    // ---- what the view and tests read ----

    /// What the screens and overlays read.
    pub fn ctx(&self) -> Ctx<'_> {
        ctx!(self)
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    pub fn open(&self) -> Option<&OpenReview> {
        self.open.as_ref()
    }

    pub fn flash(&self) -> Option<&str> {
        self.flash.as_deref()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// True while the review screen gives the guidance its full height.
    pub fn guidance_full(&self) -> bool {
        matches!(&self.screen, Screen::Review(review) if review.guidance_full())
    }

    /// A handle on the copy of the open review kept for the panic hook.
    pub fn rescue(&self) -> Rescue {
        Arc::clone(&self.rescue)
    }

    /// True while a note has been typed and not yet saved: the event loop then wakes to save
    /// it a little after the last key.
    pub fn note_pending(&self) -> bool {
        self.overlays
            .iter()
            .any(|o| o.component().unsaved_note().is_some())
    }

    /// Where keys are read now: the top overlay, else the screen.
    pub fn context(&self) -> Context {
        self.overlays
            .last()
            .map_or_else(|| self.screen.component(), Overlay::component)
            .context()
    }

    // ---- input ----

    /// A key press, through the keymap. Keys with no meaning here do nothing. While the
    /// window is too small to show anything, only quitting works: no answer changes unseen.
    pub fn on_key(&mut self, key: KeyEvent) {
        if let Some(plain) = keymap::split_escape(self.context(), &key) {
            self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            return self.on_key(plain);
        }
        if self.too_small() {
            if keymap::is_quit(&key) {
                self.update(Action::Quit);
            }
            return;
        }
        match keymap::lookup(self.context(), &key) {
            Some(action) => self.update(action),
            None => self.flash = keymap::unbound_hint(self.context(), &key),
        }
    }

    /// True while the window is below the size the screens are laid out for.
    pub fn too_small(&self) -> bool {
        let (width, height) = self.size;
        width < MIN_WIDTH || height < MIN_HEIGHT
    }

    /// Carries out one action: quitting and help here, everything else by the top overlay or
    /// the screen. The only place the app's state changes.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(width, height) => {
                self.size = (width, height);
                let effects = self.screen.component_mut().update(action, &ctx!(self));
                return self.carry_out(effects);
            }
            Action::NoteIdle => return self.save_notes(),
            Action::SavesFinished => return self.saves_finished(),
            Action::Quit | Action::Shutdown => {}
            _ if self.too_small() => return,
            _ => self.flash = None,
        }
        match action {
            // Something typed is not thrown away by a stray key.
            Action::Quit if self.overlays.is_empty() => {
                match self.screen.component().confirm_quit() {
                    Some(question) => self.overlays.push(question),
                    None => self.quit(true),
                }
            }
            // The top overlay may ask too: Ctrl-C typed in the note editor.
            Action::Quit => match self
                .overlays
                .last()
                .and_then(|o| o.component().confirm_quit())
            {
                Some(question) => self.overlays.push(question),
                None => self.quit(true),
            },
            Action::Shutdown => self.quit(false),
            Action::Help => {
                let context = self.context();
                self.overlays.push(Overlay::from(Help::new(context)));
            }
            _ => self.route(action),
        }
    }

    /// Gives an action to the top overlay, else to the screen, and carries out what it asks.
    fn route(&mut self, action: Action) {
        let effects = match self.overlays.pop() {
            Some(mut overlay) => {
                let effects = overlay.component_mut().update(action, &ctx!(self));
                if !effects.iter().any(|e| matches!(e, Effect::Close)) {
                    self.overlays.push(overlay);
                }
                self.keep_rescue_note();
                effects
            }
            None => self.screen.component_mut().update(action, &ctx!(self)),
        };
        self.carry_out(effects);
    }

    fn carry_out(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.carry_out_one(effect);
        }
    }

    fn carry_out_one(&mut self, effect: Effect) {
        match effect {
            Effect::Close => {}
            Effect::Push(overlay) => self.overlays.push(overlay),
            Effect::Show(screen) => self.screen = screen,
            Effect::Flash(message) => self.flash = Some(message),
            Effect::Edit(edit) => self.edit(edit),
            Effect::MoveTo(cursor) => self.set_cursor(cursor),
            Effect::FitScroll(scroll) => {
                if let Some(open) = &mut self.open {
                    open.review.cursor.guidance_scroll = scroll;
                }
            }
            Effect::GoToItem(number) => {
                self.set_cursor(Cursor {
                    item: number,
                    criterion: 0,
                    guidance_scroll: 0,
                });
                self.show_review_screen();
            }
            Effect::ShowReview => self.show_review_screen(),
            Effect::ShowSummary => self.screen = SummaryScreen::new(None).into(),
            Effect::GoHome => self.go_home(),
            Effect::CloseReview => self.close_review(),
            Effect::NewReview => {
                self.screen = Form::blank(self.clock.today(), &self.prefill).into();
            }
            Effect::Create(details) if self.has_review_of(&details) => {
                self.overlays.push(Overlay::from(Duplicate { details }));
            }
            Effect::Create(details) | Effect::CreateAnyway(details) => self.create_review(details),
            Effect::Open { path, recheck } => {
                // Read again, for the whole message: the file, what is wrong, the way back.
                if !recheck || self.read_review(&path).is_some() {
                    self.open_review(&path);
                }
            }
            Effect::SummaryOf(path) => {
                if let Some(review) = self.read_review(&path) {
                    self.screen = SummaryScreen::new(Some(Box::new(review))).into();
                }
            }
            Effect::ExportOf(path) => {
                if let Some(review) = self.read_review(&path) {
                    self.start_export(Some(Box::new(review)));
                }
            }
            Effect::CompareOf { old, new } => self.compare(&old, &new),
            Effect::StartExport(review) => self.start_export(review),
            Effect::Export {
                review,
                format,
                include_notes,
                to,
            } => self.export(review, format, report::Options { include_notes }, &to),
            Effect::ShowReport(path) => {
                if let Err(e) = self.library.show(&path) {
                    self.flash = Some(format!("The report could not be opened: {e}"));
                }
            }
            Effect::RereadSources => {
                let now = self.clock.now();
                let Some(open) = &mut self.open else { return };
                let applied = open.reread_sources(self.library.as_ref(), now);
                if applied.changed {
                    self.save();
                }
                self.flash = applied.notice;
            }
            Effect::DiscardRecovery => self.discard_recovery(),
            Effect::Delete(path) => self.delete_review(&path),
            Effect::RestoreDeleted => self.restore_deleted(),
            Effect::EditDetailsOf(path) => self.edit_details_of(&path),
            Effect::ViewReadOnly { path, holder } => {
                if let Some(review) = self.read_review(&path) {
                    self.show_review(review, path, Access::ReadOnly(holder));
                }
            }
            Effect::Quit => self.quit(true),
        }
    }

    /// Leaves, saving what is not saved yet, once the saves under way are on disk.
    fn quit(&mut self, asked: bool) {
        self.save_notes();
        if self.cursor_unsaved || self.save_failed().is_some() {
            self.save();
        }
        if self.saving() {
            self.quitting = Some(asked || self.quitting == Some(true));
            self.flash = Some("Saving your answers before quitting…".to_owned());
            return;
        }
        self.finish_quit(asked);
    }

    /// When the last save failed, a quit the user asked for stops to say so, and only the next
    /// one leaves (a shutdown asked by the system leaves at once). Once everything is on disk
    /// the rescue copy is cleared: a failure after this (a terminal that has gone away) leaves
    /// nothing to recover.
    fn finish_quit(&mut self, asked: bool) {
        if asked
            && !self.warned_unsaved
            && let Some(reason) = self.save_failed()
        {
            let body = format!(
                "{reason}.\n\nThey are kept here while the app is open: free some space or \
                 mend the folder, and the next change saves them. Press q again to quit \
                 without them."
            );
            self.overlays.push(Overlay::from(Message::error(
                "Your answers are not saved",
                body,
            )));
            self.warned_unsaved = true;
            return;
        }
        if self.save_failed().is_none()
            && let Ok(mut slot) = self.rescue.try_lock()
        {
            *slot = None;
        }
        self.quit = true;
    }

    /// Why the last save failed, while it stands.
    fn save_failed(&self) -> Option<String> {
        match &self.open.as_ref()?.status {
            SaveStatus::Failed(reason) => Some(reason.clone()),
            _ => None,
        }
    }

    // ---- screens ----

    fn go_home(&mut self) {
        let home = match self.library.list(&self.scale) {
            Ok(listings) => Home::new(listings, None),
            Err(e) => Home::new(
                Vec::new(),
                Some(format!("The reviews cannot be listed: {e}")),
            ),
        };
        self.screen = home.into();
    }

    /// Two reviews side by side; why not, in a message, when they cannot be read or compared.
    fn compare(&mut self, old: &Path, new: &Path) {
        let Some(before) = self.read_review(old) else {
            return;
        };
        let Some(after) = self.read_review(new) else {
            return;
        };
        let (old, new) = (review_id(old), review_id(new));
        match Comparison::of((&old, &before), (&new, &after), &self.scale) {
            Ok(comparison) => self.screen = CompareScreen::new(comparison).into(),
            Err(why) => self.overlays.push(Overlay::from(Message::error(
                "These reviews cannot be compared",
                why.to_string(),
            ))),
        }
    }

    /// The review screen, as it was if it is already shown.
    fn show_review_screen(&mut self) {
        if !matches!(self.screen, Screen::Review(_) | Screen::Consensus(_)) {
            self.screen = self.review_screen();
        }
    }

    /// The screen a review is shown on: a consensus review's shows the reviewers side by side.
    fn review_screen(&self) -> Screen {
        match &self.open {
            Some(open) if open.review.is_consensus() => ConsensusScreen::new().into(),
            _ => ReviewScreen::new().into(),
        }
    }

    fn read_review(&mut self, path: &Path) -> Option<Review> {
        match self.library.read(path) {
            Ok(review) => Some(review),
            Err(e) => {
                self.overlays.push(Overlay::from(Message::error(
                    "This review cannot be read",
                    e.to_string(),
                )));
                None
            }
        }
    }

    /// Creates a review, writes it, and opens it; on failure the form shows why.
    fn create_review(&mut self, details: Details) {
        let review = Review::new(&self.scale, details.clone(), self.clock.now());
        match self.library.create(&review) {
            Ok(writer) => {
                let path = writer.path().to_path_buf();
                self.show_review(review, path, Access::Write(writer));
            }
            Err(e) => {
                self.screen = Form::new(Some(&details), review.details.date).into();
                let problem = format!(
                    "The review could not be created: {} failed: {} ({})",
                    e.step,
                    e.source,
                    e.path.display()
                );
                let effects = self
                    .screen
                    .component_mut()
                    .update(Action::Failed(problem), &ctx!(self));
                self.carry_out(effects);
            }
        }
    }

    /// Opens a review for writing; offers read-only viewing if another window holds it. A
    /// recovery copy is offered only when it is newer than the saved review; an older one
    /// holds nothing the review lacks and is deleted.
    fn open_review(&mut self, path: &Path) {
        match self.library.open(path) {
            Ok((writer, review)) => {
                let saved = review.updated;
                let recovered = self.library.recovery(writer.path());
                self.show_review(review, path.to_path_buf(), Access::Write(writer));
                if !self.is_pinned() {
                    self.overlays.push(Overlay::from(Message::notice(
                        "Another version of the scale",
                        "This review was started with another version of the scale's content. Every answer is kept; answers to criteria this version lacks are listed in the summary.",
                    )));
                }
                match recovered {
                    Some((from, recovered)) if recovered.updated > saved => {
                        let review = Box::new(recovered);
                        self.overlays.push(Overlay::from(Recovery {
                            from,
                            review,
                            saved,
                        }));
                    }
                    Some(_) => self.discard_recovery(),
                    None => {}
                }
            }
            Err(OpenError::Locked { path, holder }) => {
                self.overlays.push(Overlay::from(Locked { path, holder }));
            }
            Err(e) => {
                self.overlays.push(Overlay::from(Message::error(
                    "This review cannot be opened",
                    e.to_string(),
                )));
            }
        }
    }

    fn is_pinned(&self) -> bool {
        self.open
            .as_ref()
            .is_none_or(|o| o.review.is_pinned_to(&self.scale))
    }

    fn show_review(&mut self, mut review: Review, path: PathBuf, access: Access) {
        review.set_cursor(valid_cursor(&self.scale, &review.cursor));
        self.open = Some(OpenReview {
            review,
            path,
            access,
            status: SaveStatus::Opened,
            submitted: 0,
        });
        self.screen = self.review_screen();
        if let Some(open) = &self.open {
            self.flash = open.changed_sources(self.library.as_ref());
        }
        self.keep_rescue_copy();
    }

    /// The export dialog for `review`, or the open review; the team's HTML report first.
    fn start_export(&mut self, review: Option<Box<Review>>) {
        let Some(subject) = review.as_deref().or(self.open.as_ref().map(|o| &o.review)) else {
            return;
        };
        let defaults = ExportFormat::ALL
            .into_iter()
            .map(|format| (format, self.library.export_path(subject, format)))
            .collect();
        self.overlays
            .push(Overlay::from(ExportDialog::new(review, defaults)));
    }

    /// Writes a report of `review`, or of the open review; says how it went to the top overlay.
    fn export(
        &mut self,
        review: Option<Box<Review>>,
        format: ExportFormat,
        options: report::Options,
        to: &Path,
    ) {
        let Some(subject) = review.as_deref().or(self.open.as_ref().map(|o| &o.review)) else {
            return;
        };
        let outcome = match self
            .library
            .export(subject, &self.scale, format, options, to)
        {
            // The whole path, wherever the app was started.
            Ok(()) => {
                Action::Exported(std::path::absolute(to).unwrap_or_else(|_| to.to_path_buf()))
            }
            Err(reason) => Action::Failed(reason),
        };
        self.route(outcome);
    }

    /// Deletes the recovery file beside the open review, unless the answers restored from it
    /// are not on disk yet.
    fn discard_recovery(&mut self) {
        if self.save_failed().is_some() {
            return;
        }
        let Some(open) = &self.open else { return };
        if let Err(e) = self.library.discard_recovery(&open.path) {
            self.flash = Some(format!("The recovery file could not be deleted: {e}"));
        }
    }

    // ---- changes and saving ----

    /// Carries out an edit of the open review, and saves it if anything changed.
    fn edit(&mut self, edit: Edit) {
        let now = self.clock.now();
        let Some(open) = &mut self.open else { return };
        let applied = open.apply(edit, &self.scale, now);
        if applied.changed {
            self.save();
        }
        if let Some(notice) = applied.notice {
            self.flash = Some(notice);
        }
    }

    /// Puts every note typed and not yet saved in the review.
    fn save_notes(&mut self) {
        for index in 0..self.overlays.len() {
            let overlay = self.overlays[index].component_mut();
            if let Some((target, text)) = overlay.unsaved_note() {
                overlay.note_saved();
                self.edit(Edit::Note { target, text });
            }
        }
    }

    /// Moves the cursor. A move to another item is saved at once; a move within the item
    /// (criterion, guidance scroll) is saved with the next change or on leaving, so reading
    /// guidance does not write to the disk at every key.
    fn set_cursor(&mut self, cursor: Cursor) {
        let Some(open) = &mut self.open else { return };
        let other_item = open.review.cursor.item != cursor.item;
        open.review.set_cursor(cursor);
        if open.is_read_only() {
            return;
        }
        if other_item {
            self.save();
        } else {
            self.cursor_unsaved = true;
        }
    }

    /// Hands the open review to its writer, and takes in any save that has finished; keeps
    /// the rescue copy up to date. The header says "Saving…" until the writer says this state
    /// is on disk.
    fn save(&mut self) {
        let Some(open) = &mut self.open else { return };
        let Access::Write(writer) = &mut open.access else {
            return;
        };
        open.submitted += 1;
        writer.save(open.submitted, &open.review);
        self.cursor_unsaved = false;
        // A failure stands until a later save succeeds.
        if !matches!(open.status, SaveStatus::Failed(_)) {
            open.status = SaveStatus::Saving;
        }
        self.collect_saves();
        self.keep_rescue_copy();
    }

    /// Takes in what became of the saves finished since last asked: "Saved" only once the
    /// newest state handed over is on disk; a failure says why.
    fn collect_saves(&mut self) {
        let now = self.clock.now();
        let Some(open) = &mut self.open else { return };
        let Access::Write(writer) = &mut open.access else {
            return;
        };
        for saved in writer.finished() {
            match saved.result {
                Ok(()) if saved.version == open.submitted => {
                    open.status = SaveStatus::Saved(now);
                    self.warned_unsaved = false;
                }
                // An older state: a newer one is still on its way.
                Ok(()) => {}
                Err(e) => {
                    open.status = SaveStatus::Failed(format!("{} failed: {}", e.step, e.source));
                }
            }
        }
    }

    /// True while a state handed to the writer is not on disk yet.
    fn saving(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.status == SaveStatus::Saving)
    }

    /// Waits, at most `limit`, for the saves under way, and takes in what became of them; a
    /// quit that was waiting for them goes on. For leaving: the terminal may be gone.
    pub fn wait_for_saves(&mut self, limit: std::time::Duration) {
        if let Some(OpenReview {
            access: Access::Write(writer),
            ..
        }) = &mut self.open
        {
            writer.flush(limit);
        }
        self.saves_finished();
    }

    /// A save running in the background has finished.
    fn saves_finished(&mut self) {
        self.collect_saves();
        if let Some(asked) = self.quitting
            && !self.saving()
        {
            self.quitting = None;
            self.finish_quit(asked);
        }
    }

    fn keep_rescue_copy(&self) {
        let copy = self
            .open
            .as_ref()
            .filter(|o| !o.is_read_only())
            .map(|o| RescueCopy {
                path: o.path.clone(),
                review: o.review.clone(),
                note: None,
            });
        if let Ok(mut slot) = self.rescue.try_lock() {
            *slot = copy;
        }
    }

    /// Puts the note being typed beside the rescue copy, so a panic before it is saved keeps it.
    fn keep_rescue_note(&self) {
        let Some(note) = self
            .overlays
            .iter()
            .find_map(|o| o.component().unsaved_note())
        else {
            return;
        };
        if let Ok(mut slot) = self.rescue.try_lock()
            && let Some(copy) = slot.as_mut()
        {
            copy.note = Some(note);
        }
    }
}
