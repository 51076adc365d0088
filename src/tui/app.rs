//! The app's state, and [`App::update`], the one place it changes.
//!
//! Every change to the open review is saved at once through its [`Writer`], and the result is
//! shown in the header. A failed save keeps the answers in memory, says NOT SAVED with the
//! reason, and is tried again with the next change. A copy of the review is kept in a
//! [`Rescue`] for the panic hook.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::keymap::{self, Context};
use super::library::{Clock, ExportFormat, Library, Writer};
use super::overlays::Overlay;
use super::overlays::confirm::{Locked, Message, Recovery};
use super::overlays::export::ExportDialog;
use super::overlays::note::{NoteEditor, NoteTarget};
use super::overlays::prompt::{Prompt, PromptKind};
use super::overlays::rationale::RationalePrompt;
use super::screens::home::Home;
use super::screens::new_review::Form;
use super::screens::summary::SummaryScreen;
use super::screens::{Screen, review as review_screen};
use super::theme::Theme;
use super::view::{MIN_HEIGHT, MIN_WIDTH};
use super::{Start, field};
use crate::review::{Cursor, Details, Finding, ItemScore, RatingError, Review};
use crate::scale::{Item, Scale};
use crate::store::{LockHolder, OpenError};

/// The last answers of the open review, for the panic hook to write to a recovery file.
pub type Rescue = Arc<Mutex<Option<RescueCopy>>>;

/// The open review as held in memory, and the note being typed that is not yet in it.
#[derive(Clone)]
pub struct RescueCopy {
    pub path: PathBuf,
    pub review: Review,
    pub note: Option<(NoteTarget, String)>,
}

impl RescueCopy {
    /// The session's path, and the review with the note being typed put in.
    pub fn into_review(self) -> (PathBuf, Review) {
        let RescueCopy {
            path,
            mut review,
            note,
        } = self;
        if let Some((target, text)) = note {
            target.write(&mut review, &text, Utc::now());
        }
        (path, review)
    }
}

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
    /// The guidance takes the review screen's height, under the current criterion.
    guidance_full: bool,
    /// The user was told that quitting now leaves answers unsaved; the next quit leaves.
    warned_unsaved: bool,
    quit: bool,
}

/// The review on screen and how it is kept.
pub struct OpenReview {
    pub review: Review,
    pub path: PathBuf,
    pub access: Access,
    pub status: SaveStatus,
}

/// Whether the open review can be changed.
pub enum Access {
    Write(Box<dyn Writer>),
    /// Another window holds the review; this one only looks.
    ReadOnly(LockHolder),
}

/// What became of the last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing changed since the review was opened.
    Opened,
    Saved(DateTime<Utc>),
    /// The reason, in a few words.
    Failed(String),
}

impl OpenReview {
    pub fn is_read_only(&self) -> bool {
        matches!(self.access, Access::ReadOnly(_))
    }
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
            screen: Screen::Review,
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
            guidance_full: false,
            warned_unsaved: false,
            quit: false,
        };
        match start {
            Start::Home => app.go_home(),
            Start::New(None) => {
                app.screen = Screen::NewReview(Box::new(Form::new(None, app.clock.today())))
            }
            Start::New(Some(details)) => app.create_review(details),
            Start::Open(path) => app.open_review(&path),
        }
        // The reviews are listed only when the home screen shows: reading every session in
        // the folder would delay the first frame of the one review opened.
        if app.open.is_none() && matches!(app.screen, Screen::Review) {
            app.go_home();
        }
        app
    }

    // ---- what the screens read ----

    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn library(&self) -> &dyn Library {
        self.library.as_ref()
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

    /// True while the guidance is read at full height.
    pub fn guidance_full(&self) -> bool {
        self.guidance_full
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
            .any(|o| matches!(o, Overlay::Note(editor) if editor.dirty))
    }

    /// Where keys are read now: the top overlay, else the screen.
    pub fn context(&self) -> Context {
        self.overlays
            .last()
            .map_or_else(|| self.screen.context(), Overlay::context)
    }

    /// The name of a context, for the help overlay's title.
    pub fn context_name(&self, context: Context) -> &'static str {
        match context {
            Context::Home
            | Context::Form
            | Context::FormChoice
            | Context::Review
            | Context::Summary => self.screen.name(),
            Context::Note => "Note",
            Context::Rationale => "Rationale",
            Context::Prompt => "Prompt",
            Context::Export => "Export",
            Context::Recovery => "Recovery",
            Context::Locked => "Review already open",
            Context::DiscardForm => "Discard",
            _ => "",
        }
    }

    /// The item the cursor is on.
    pub fn current_item(&self) -> Option<&Item> {
        let open = self.open.as_ref()?;
        self.scale.item(open.review.cursor.item)
    }

    /// The evidence sources of the current criterion.
    pub fn current_sources(&self) -> Vec<String> {
        self.current_criterion()
            .and_then(|(item, id)| self.open.as_ref()?.review.criterion(item, &id))
            .map(|c| c.sources.clone())
            .unwrap_or_default()
    }

    /// The first and last item numbers.
    pub fn item_range(&self) -> (u16, u16) {
        let first = self.scale.items.first().map_or(0, |i| i.number);
        let last = self.scale.items.last().map_or(0, |i| i.number);
        (first, last)
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
        if let Some(action) = keymap::lookup(self.context(), &key) {
            self.update(action);
        }
    }

    /// True while the window is below the size the screens are laid out for.
    pub fn too_small(&self) -> bool {
        let (width, height) = self.size;
        width < MIN_WIDTH || height < MIN_HEIGHT
    }

    /// Carries out one action. The only place the app's state changes.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.clamp_guidance_scroll();
                return;
            }
            Action::NoteIdle => return self.save_note(false),
            Action::Quit | Action::Shutdown => {}
            _ if self.too_small() => return,
            _ => self.flash = None,
        }
        match action {
            // A form with something typed in it is not thrown away by a stray key.
            Action::Quit
                if self.overlays.is_empty()
                    && matches!(&self.screen, Screen::NewReview(form) if form.touched) =>
            {
                return self.overlays.push(Overlay::DiscardForm { quit: true });
            }
            Action::Quit => return self.quit(true),
            Action::Shutdown => return self.quit(false),
            Action::Help => return self.overlays.push(Overlay::Help(self.context())),
            _ => {}
        }
        match self.overlays.pop() {
            Some(overlay) => {
                let index = self.overlays.len();
                if let Some(keep) = self.on_overlay(overlay, action) {
                    self.overlays.insert(index, keep);
                }
            }
            None => self.on_screen(action),
        }
    }

    /// Leaves, saving what is not saved yet. When the last save failed it is tried once more;
    /// if it fails again, a quit the user asked for stops to say so, and only the next one
    /// leaves (a shutdown asked by the system leaves at once). Once everything is on disk the
    /// rescue copy is cleared: a failure after this (a terminal that has gone away) leaves
    /// nothing to recover.
    fn quit(&mut self, asked: bool) {
        self.save_note(false);
        if self.cursor_unsaved || self.save_failed().is_some() {
            self.save();
        }
        if asked
            && !self.warned_unsaved
            && let Some(reason) = self.save_failed()
        {
            let body = format!(
                "{reason}.\n\nThey are kept here while the app is open: free some space or \
                 mend the folder, and the next change saves them. Press q again to quit \
                 without them."
            );
            self.overlays.push(Overlay::Message(Message::error(
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

    fn on_screen(&mut self, action: Action) {
        match &self.screen {
            Screen::Home(_) => self.on_home(action),
            Screen::NewReview(_) => self.on_form(action),
            Screen::Review => self.on_review(action),
            Screen::Summary(_) => self.on_summary(action),
        }
    }

    fn go_home(&mut self) {
        let home = match self.library.list(&self.scale) {
            Ok(listings) => Home::new(listings, None),
            Err(e) => Home::new(
                Vec::new(),
                Some(format!("The reviews cannot be listed: {e}")),
            ),
        };
        self.screen = Screen::Home(home);
    }

    fn on_home(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match action {
            Action::MoveDown => home.select(1),
            Action::MoveUp => home.select(-1),
            Action::NewReview => {
                self.screen = Screen::NewReview(Box::new(Form::new(None, self.clock.today())));
            }
            Action::Resume | Action::ShowSummary | Action::Export => {
                let Some(listing) = home.selected() else {
                    self.flash = Some("No review yet: press n to start one".to_owned());
                    return;
                };
                let path = listing.path.clone();
                // Read again, for the whole message: the file, what is wrong, the way back.
                if listing.entry.is_err() && self.read_review(&path).is_none() {
                    return;
                }
                match action {
                    Action::Resume => self.open_review(&path),
                    Action::ShowSummary => {
                        if let Some(review) = self.read_review(&path) {
                            self.screen =
                                Screen::Summary(SummaryScreen::new(Some(Box::new(review))));
                        }
                    }
                    _ => {
                        if let Some(review) = self.read_review(&path) {
                            self.start_export(Some(Box::new(review)));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn read_review(&mut self, path: &Path) -> Option<Review> {
        match self.library.read(path) {
            Ok(review) => Some(review),
            Err(e) => {
                self.overlays.push(Overlay::Message(Message::error(
                    "This review cannot be read",
                    e.to_string(),
                )));
                None
            }
        }
    }

    fn on_form(&mut self, action: Action) {
        let Screen::NewReview(form) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField => {
                // Leaving a field says what is wrong with it, without holding the reviewer there.
                form.check_focused();
                form.focus_next();
            }
            Action::PrevField => form.focus_prev(),
            Action::ToggleKind => form.toggle_kind(),
            Action::Edit(key) => form.edit(key),
            Action::Paste(text) => form.paste(&text),
            Action::Cancel if form.touched => {
                self.overlays.push(Overlay::DiscardForm { quit: false })
            }
            Action::Cancel => self.go_home(),
            Action::SubmitField if !form.check_focused() => {}
            Action::SubmitField if !form.on_last_field() => form.focus_next(),
            Action::SubmitField | Action::CreateReview => {
                if let Some(details) = form.validate() {
                    self.create_review(details);
                }
            }
            _ => {}
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
                let mut form = Form::new(Some(&details), review.details.date);
                form.problem = Some(format!(
                    "The review could not be created: {} failed: {} ({})",
                    e.step,
                    e.source,
                    e.path.display()
                ));
                self.screen = Screen::NewReview(Box::new(form));
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
                    self.overlays.push(Overlay::Message(Message::notice(
                        "Another version of the scale",
                        "This review was started with another version of the scale's content. Every answer is kept; answers to criteria this version lacks are listed in the summary.",
                    )));
                }
                match recovered {
                    Some((from, recovered)) if recovered.updated > saved => {
                        let review = Box::new(recovered);
                        self.overlays.push(Overlay::Recovery(Recovery {
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
                self.overlays.push(Overlay::Locked(Locked { path, holder }));
            }
            Err(e) => {
                self.overlays.push(Overlay::Message(Message::error(
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
        review.set_cursor(self.valid_cursor(&review.cursor));
        self.open = Some(OpenReview {
            review,
            path,
            access,
            status: SaveStatus::Opened,
        });
        self.screen = Screen::Review;
        self.keep_rescue_copy();
    }

    /// The cursor moved onto an item and criterion the scale has.
    fn valid_cursor(&self, cursor: &Cursor) -> Cursor {
        match self.scale.item(cursor.item) {
            Some(item) => Cursor {
                item: item.number,
                criterion: cursor.criterion.min(item.criteria.len().saturating_sub(1)),
                guidance_scroll: cursor.guidance_scroll,
            },
            None => Cursor {
                item: self.item_range().0,
                criterion: 0,
                guidance_scroll: 0,
            },
        }
    }

    fn on_review(&mut self, action: Action) {
        let Some(item) = self.current_item().cloned() else {
            return;
        };
        match action {
            Action::NextCriterion => self.move_criterion(&item, 1),
            Action::PrevCriterion => self.move_criterion(&item, -1),
            Action::NextItem => self.move_item(1),
            Action::PrevItem => self.move_item(-1),
            Action::SetFinding(finding) => self.set_finding(&item, finding),
            Action::EditNote => self.start_note(&item, false),
            Action::EditItemNote => self.start_note(&item, true),
            Action::ToggleFlag => {
                let now = self.clock.now();
                self.change(|review, _| {
                    review.toggle_flag(item.number, now);
                });
            }
            Action::SetScore(score) => self.set_score(&item, score),
            Action::ClearScore => {
                let now = self.clock.now();
                self.change(|review, scale| {
                    let _ = review.set_final_score(scale, item.number, None, "", now);
                });
            }
            Action::StartJump => self
                .overlays
                .push(Overlay::Prompt(Prompt::new(PromptKind::Jump))),
            Action::StartTag => {
                if item.criteria.is_empty() {
                    self.flash = Some(format!("Item {} has no criteria to tag", item.number));
                } else if self.writable() {
                    self.overlays
                        .push(Overlay::Prompt(Prompt::new(PromptKind::Tag)));
                }
            }
            Action::GuidanceDown => self.scroll_guidance(3),
            Action::GuidanceUp => self.scroll_guidance(-3),
            Action::GuidancePageDown => self.scroll_guidance(self.guidance_page()),
            Action::GuidancePageUp => self.scroll_guidance(-self.guidance_page()),
            Action::ToggleGuidance => {
                self.guidance_full = !self.guidance_full;
                self.clamp_guidance_scroll();
            }
            Action::Cancel if self.guidance_full => {
                self.guidance_full = false;
                self.clamp_guidance_scroll();
            }
            Action::ShowSummary => self.screen = Screen::Summary(SummaryScreen::new(None)),
            Action::Export => self.start_export(None),
            _ => {}
        }
    }

    fn move_criterion(&mut self, item: &Item, step: isize) {
        let Some(open) = &self.open else { return };
        let current = open.review.cursor.criterion;
        let count = item.criteria.len();
        let Some(next) = current.checked_add_signed(step).filter(|&n| n < count) else {
            self.flash = Some(match (count, step > 0) {
                (0, _) => format!(
                    "Item {} is rated directly: 1–5 gives its score",
                    item.number
                ),
                (_, true) => "Last criterion: l goes to the next item".to_owned(),
                (_, false) => "First criterion: h goes to the previous item".to_owned(),
            });
            return;
        };
        self.set_cursor(Cursor {
            criterion: next,
            ..open.review.cursor.clone()
        });
    }

    fn move_item(&mut self, step: isize) {
        let Some(open) = &self.open else { return };
        let index = self.scale.index_of(open.review.cursor.item).unwrap_or(0);
        match index
            .checked_add_signed(step)
            .and_then(|i| self.scale.items.get(i))
        {
            Some(next) => self.go_to_item(next.number),
            None if step > 0 => self.screen = Screen::Summary(SummaryScreen::new(None)),
            None => self.flash = Some("This is the first item".to_owned()),
        }
    }

    /// Moves to an item's first criterion, the guidance at its top.
    fn go_to_item(&mut self, number: u16) {
        self.set_cursor(Cursor {
            item: number,
            criterion: 0,
            guidance_scroll: 0,
        });
        self.screen = Screen::Review;
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

    fn guidance_page(&self) -> isize {
        let (_, height) = review_screen::guidance_extent(self);
        isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn scroll_guidance(&mut self, step: isize) {
        let Some(open) = &self.open else { return };
        let (lines, height) = review_screen::guidance_extent(self);
        let max = lines.saturating_sub(height);
        let scroll = open.review.cursor.guidance_scroll;
        let next = scroll.saturating_add_signed(step as i16).min(max);
        if next != scroll {
            self.set_cursor(Cursor {
                guidance_scroll: next,
                ..open.review.cursor.clone()
            });
        }
    }

    fn clamp_guidance_scroll(&mut self) {
        if self.open.is_some() && matches!(self.screen, Screen::Review) {
            let (lines, height) = review_screen::guidance_extent(self);
            if let Some(open) = &mut self.open {
                let max = lines.saturating_sub(height);
                open.review.cursor.guidance_scroll = open.review.cursor.guidance_scroll.min(max);
            }
        }
    }

    /// The current item and criterion id, when the item has criteria.
    fn current_criterion(&self) -> Option<(u16, String)> {
        let open = self.open.as_ref()?;
        let item = self.scale.item(open.review.cursor.item)?;
        let criterion = item.criteria.get(open.review.cursor.criterion)?;
        Some((item.number, criterion.id.clone()))
    }

    fn set_finding(&mut self, item: &Item, finding: Finding) {
        let Some((number, id)) = self.current_criterion() else {
            self.flash = Some(format!(
                "Item {} is rated directly: 1–5 gives its score",
                item.number
            ));
            return;
        };
        if !self.writable() {
            return;
        }
        let was_unexplained = self.unexplained_override(item).is_some();
        let now = self.clock.now();
        self.change(|review, _| {
            review.set_finding(number, &id, finding, now);
        });
        // Said in the footer, not asked in a prompt: a prompt would swallow the rating keys
        // still being typed. The scores pane keeps showing it until a reason is given.
        if !was_unexplained && let Some((final_score, suggested)) = self.unexplained_override(item)
        {
            self.flash = Some(format!(
                "Final {final_score} now differs from the suggested {suggested}: press \
                 {final_score} to say why"
            ));
        }
    }

    /// The final score and the suggestion, when they differ and no reason is given.
    fn unexplained_override(&self, item: &Item) -> Option<(u8, u8)> {
        let record = self.open.as_ref()?.review.item(item.number)?;
        let score = ItemScore::of(item, Some(record));
        let final_score = record.final_score?;
        let suggested = score.suggested?.score;
        (final_score != suggested && record.rationale.trim().is_empty())
            .then_some((final_score, suggested))
    }

    fn set_score(&mut self, item: &Item, score: u8) {
        if !self.writable() {
            return;
        }
        let Some(open) = &self.open else { return };
        let record = open.review.item(item.number);
        let suggested = ItemScore::of(item, record).suggested;
        match suggested {
            Some(suggested) if suggested.score != score => {
                let rationale = record.map_or("", |r| r.rationale.as_str());
                self.overlays.push(Overlay::Rationale(RationalePrompt::new(
                    item.number,
                    score,
                    suggested,
                    rationale,
                )));
            }
            // The suggestion stands: no final score is kept, so later findings move it.
            Some(_) => {
                let now = self.clock.now();
                self.change(|review, scale| {
                    let _ = review.set_final_score(scale, item.number, None, "", now);
                });
            }
            None => {
                self.apply_score(item.number, score, "");
            }
        }
    }

    fn apply_score(&mut self, item: u16, score: u8, rationale: &str) -> Option<RatingError> {
        let now = self.clock.now();
        let mut error = None;
        self.change(|review, scale| {
            error = review
                .set_final_score(scale, item, Some(score), rationale, now)
                .err();
        });
        if let Some(e) = &error {
            self.flash = Some(e.to_string());
        }
        error
    }

    fn start_note(&mut self, item: &Item, whole_item: bool) {
        if !self.writable() {
            return;
        }
        let Some(open) = &self.open else { return };
        let (target, note) = match self.current_criterion() {
            Some((number, id)) if !whole_item => {
                let note = open.review.criterion(number, &id).map(|c| c.note.clone());
                (
                    NoteTarget::Criterion {
                        item: number,
                        criterion: id,
                    },
                    note,
                )
            }
            _ => {
                let note = open.review.item(item.number).map(|r| r.note.clone());
                (NoteTarget::Item(item.number), note)
            }
        };
        let editor = NoteEditor::new(target, note.as_deref().unwrap_or(""));
        self.overlays.push(Overlay::Note(editor));
    }

    fn start_export(&mut self, review: Option<Box<Review>>) {
        let Some(subject) = review.as_deref().or(self.open.as_ref().map(|o| &o.review)) else {
            return;
        };
        let format = ExportFormat::Markdown;
        let path = self.library.export_path(subject, format);
        self.overlays
            .push(Overlay::Export(ExportDialog::new(review, format, path)));
    }

    fn on_summary(&mut self, action: Action) {
        let Screen::Summary(summary) = &mut self.screen else {
            return;
        };
        match action {
            Action::MoveDown => summary.select(1, self.scale.items.len()),
            Action::MoveUp => summary.select(-1, self.scale.items.len()),
            Action::Cancel => {
                if summary.review.is_some() || self.open.is_none() {
                    self.go_home();
                } else {
                    self.screen = Screen::Review;
                }
            }
            Action::OpenItem => {
                if summary.review.is_some() {
                    self.flash =
                        Some("Open the review from the home screen to change it".to_owned());
                } else if let Some(item) = self.scale.items.get(summary.selected) {
                    self.go_to_item(item.number);
                }
            }
            Action::Export => {
                let review = summary.review.clone();
                self.start_export(review);
            }
            _ => {}
        }
    }

    // ---- overlays ----

    /// Handles an action for the top overlay (taken off the stack); returns it if it stays.
    fn on_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Overlay> {
        match overlay {
            Overlay::Help(_) | Overlay::Message(_) => match action {
                Action::Cancel => None,
                _ => Some(overlay),
            },
            Overlay::Note(editor) => self.on_note(editor, action).map(Overlay::Note),
            Overlay::Rationale(prompt) => self.on_rationale(prompt, action).map(Overlay::Rationale),
            Overlay::Prompt(prompt) => self.on_prompt(prompt, action).map(Overlay::Prompt),
            Overlay::Export(dialog) => self.on_export(dialog, action).map(Overlay::Export),
            Overlay::Recovery(recovery) => {
                self.on_recovery(recovery, action).map(Overlay::Recovery)
            }
            Overlay::Locked(locked) => self.on_locked(locked, action).map(Overlay::Locked),
            Overlay::DiscardForm { quit } => match action {
                Action::Confirm if quit => {
                    self.quit = true;
                    None
                }
                Action::Confirm => {
                    self.go_home();
                    None
                }
                Action::Cancel => None,
                _ => Some(overlay),
            },
        }
    }

    /// Typing changes the note in the editor only; it is written to the review when a save is
    /// due (the event loop's deadline, Ctrl-S, closing the editor, quitting), not at each key.
    fn on_note(&mut self, mut editor: NoteEditor, action: Action) -> Option<NoteEditor> {
        let typed = match action {
            Action::Edit(key) => editor.area.input(key),
            Action::Paste(text) => field::paste(&mut editor.area, &text, true, "\n"),
            Action::SaveNote => {
                self.write_note(&mut editor);
                false
            }
            Action::CloseNote => {
                if editor.dirty {
                    self.write_note(&mut editor);
                }
                return None;
            }
            _ => false,
        };
        if typed {
            editor.dirty = true;
            self.keep_rescue_note(&editor);
        }
        Some(editor)
    }

    /// Saves the note being written, wherever its editor is on the stack. With `always`, even
    /// when nothing was typed since the last save.
    fn save_note(&mut self, always: bool) {
        let Some(index) = self
            .overlays
            .iter()
            .position(|o| matches!(o, Overlay::Note(_)))
        else {
            return;
        };
        let Overlay::Note(mut editor) = self.overlays.remove(index) else {
            return;
        };
        if editor.dirty || always {
            self.write_note(&mut editor);
        }
        self.overlays.insert(index, Overlay::Note(editor));
    }

    fn write_note(&mut self, editor: &mut NoteEditor) {
        let text = field::text(&editor.area);
        let now = self.clock.now();
        let target = editor.target.clone();
        self.change_if(|review, _| target.write(review, &text, now));
        editor.dirty = false;
        if matches!(
            self.open.as_ref().map(|o| &o.status),
            Some(SaveStatus::Saved(_))
        ) {
            editor.saved = Some(now);
        }
    }

    fn on_rationale(
        &mut self,
        mut prompt: RationalePrompt,
        action: Action,
    ) -> Option<RationalePrompt> {
        match action {
            Action::Edit(key) => {
                prompt.area.input(key);
            }
            Action::Paste(text) => {
                field::paste(&mut prompt.area, &text, true, "\n");
            }
            Action::Cancel => return None,
            Action::Confirm => {
                let rationale = field::text(&prompt.area);
                if rationale.trim().is_empty() {
                    prompt.error =
                        Some("Write why the score differs (required), or Esc to cancel".to_owned());
                } else {
                    self.apply_score(prompt.item, prompt.score, &rationale);
                    return None;
                }
            }
            _ => {}
        }
        Some(prompt)
    }

    fn on_prompt(&mut self, mut prompt: Prompt, action: Action) -> Option<Prompt> {
        match action {
            Action::Edit(key) => {
                prompt.area.input(key);
            }
            Action::Paste(text) => {
                field::paste(&mut prompt.area, &text, false, " ");
            }
            Action::Cancel => return None,
            Action::Confirm => {
                let typed = field::value(&prompt.area);
                let result = match prompt.kind {
                    PromptKind::Jump => self.jump(&typed),
                    PromptKind::Tag => self.tag(&typed),
                };
                match result {
                    Ok(()) => return None,
                    Err(message) => prompt.error = Some(message),
                }
            }
            _ => {}
        }
        Some(prompt)
    }

    fn jump(&mut self, typed: &str) -> Result<(), String> {
        let (first, last) = self.item_range();
        let number = typed
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|&n| self.scale.item(n).is_some())
            .ok_or_else(|| format!("Type an item number from {first} to {last}"))?;
        self.go_to_item(number);
        Ok(())
    }

    fn tag(&mut self, typed: &str) -> Result<(), String> {
        let mut codes = Vec::new();
        for word in typed.split([' ', ',']).filter(|w| !w.is_empty()) {
            let source = self
                .scale
                .evidence_sources
                .iter()
                .find(|s| s.code.eq_ignore_ascii_case(word));
            match source {
                Some(source) => codes.push(source.code.clone()),
                None => {
                    let known: Vec<&str> = self
                        .scale
                        .evidence_sources
                        .iter()
                        .map(|s| s.code.as_str())
                        .collect();
                    return Err(format!(
                        "{} is not a source here; the codes are {}",
                        text_word(word),
                        known.join(" ")
                    ));
                }
            }
        }
        let Some((item, id)) = self.current_criterion() else {
            return Ok(());
        };
        if codes.is_empty() {
            return Ok(());
        }
        let now = self.clock.now();
        self.change(|review, _| {
            for code in &codes {
                review.toggle_source(item, &id, code, now);
            }
        });
        Ok(())
    }

    fn on_export(&mut self, mut dialog: ExportDialog, action: Action) -> Option<ExportDialog> {
        match action {
            Action::Edit(key) => {
                dialog.path_edited |= dialog.path.input(key);
            }
            Action::Paste(text) => {
                dialog.path_edited |= field::paste(&mut dialog.path, &text, false, "");
            }
            Action::NextFormat => {
                dialog.format = dialog.format.next();
                if !dialog.path_edited {
                    let subject = dialog
                        .review
                        .as_deref()
                        .or(self.open.as_ref().map(|o| &o.review));
                    if let Some(review) = subject {
                        let path = self.library.export_path(review, dialog.format);
                        dialog.path = field::single_line(&path.display().to_string());
                    }
                }
            }
            Action::Cancel => return None,
            Action::Confirm => {
                let path = PathBuf::from(field::value(&dialog.path).trim());
                let subject = dialog
                    .review
                    .as_deref()
                    .or(self.open.as_ref().map(|o| &o.review));
                let review = subject?;
                if path.as_os_str().is_empty() {
                    dialog.error = Some("Type where the report goes".to_owned());
                    return Some(dialog);
                }
                match self
                    .library
                    .export(review, &self.scale, dialog.format, &path)
                {
                    Ok(()) => {
                        let body = format!(
                            "The {} report is in\n{}",
                            dialog.format.label(),
                            path.display()
                        );
                        self.overlays
                            .push(Overlay::Message(Message::notice("Exported", body)));
                        return None;
                    }
                    Err(e) => dialog.error = Some(format!("Not exported: {e}")),
                }
            }
            _ => {}
        }
        Some(dialog)
    }

    fn on_recovery(&mut self, recovery: Recovery, action: Action) -> Option<Recovery> {
        match action {
            Action::RestoreRecovery => {
                let mut restored = *recovery.review;
                restored.set_cursor(self.valid_cursor(&restored.cursor));
                let from = recovery.from.display().to_string();
                let now = self.clock.now();
                self.change(|review, _| {
                    *review = restored;
                    review.mark_restored(&from, now);
                });
                if matches!(
                    self.open.as_ref().map(|o| &o.status),
                    Some(SaveStatus::Saved(_))
                ) {
                    self.discard_recovery();
                }
                None
            }
            Action::DiscardRecovery => {
                self.discard_recovery();
                None
            }
            Action::Cancel => None,
            _ => Some(recovery),
        }
    }

    fn discard_recovery(&mut self) {
        let Some(open) = &self.open else { return };
        if let Err(e) = self.library.discard_recovery(&open.path) {
            self.flash = Some(format!("The recovery file could not be deleted: {e}"));
        }
    }

    fn on_locked(&mut self, locked: Locked, action: Action) -> Option<Locked> {
        match action {
            Action::ViewReadOnly => {
                if let Some(review) = self.read_review(&locked.path) {
                    self.show_review(review, locked.path, Access::ReadOnly(locked.holder));
                }
                None
            }
            Action::Cancel => None,
            _ => Some(locked),
        }
    }

    // ---- changes and saving ----

    /// True when the open review can be changed; says "read-only" when it cannot.
    fn writable(&mut self) -> bool {
        match &self.open {
            Some(open) if open.is_read_only() => {
                self.flash = Some(
                    "Read-only: this review is open in another window; nothing is changed"
                        .to_owned(),
                );
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Changes the open review, then saves it at once.
    fn change(&mut self, edit: impl FnOnce(&mut Review, &Scale)) {
        self.change_if(|review, scale| {
            edit(review, scale);
            true
        });
    }

    /// Changes the open review, and saves it if `edit` says it changed anything.
    fn change_if(&mut self, edit: impl FnOnce(&mut Review, &Scale) -> bool) {
        if !self.writable() {
            return;
        }
        let changed = match &mut self.open {
            Some(open) => edit(&mut open.review, &self.scale),
            None => false,
        };
        if changed {
            self.save();
        }
    }

    /// Saves the open review and notes how it went; keeps the rescue copy up to date.
    fn save(&mut self) {
        let now = self.clock.now();
        let Some(open) = &mut self.open else { return };
        let Access::Write(writer) = &mut open.access else {
            return;
        };
        open.status = match writer.save(&open.review) {
            Ok(()) => {
                self.cursor_unsaved = false;
                self.warned_unsaved = false;
                SaveStatus::Saved(now)
            }
            Err(e) => SaveStatus::Failed(format!("{} failed: {}", e.step, e.source)),
        };
        self.keep_rescue_copy();
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
    fn keep_rescue_note(&self, editor: &NoteEditor) {
        if let Ok(mut slot) = self.rescue.try_lock()
            && let Some(copy) = slot.as_mut()
        {
            copy.note = Some((editor.target.clone(), field::text(&editor.area)));
        }
    }
}

/// A word the user typed, quoted and made safe to show.
fn text_word(word: &str) -> String {
    format!("{:?}", super::text::line(word))
}
