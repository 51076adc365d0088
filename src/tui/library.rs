//! What the app needs from the session store, as two small traits.
//!
//! [`Disk`] is the real thing, on [`crate::store`]; tests put an in-memory library in its place,
//! so screens can be driven without touching a disk, and a save can be made to fail on purpose.
//! Also the clock, for the same reason.
//!
//! A [`Writer`] may save at once or on a thread of its own: the app hands it each state with a
//! number and learns what became of it from [`Writer::finished`]. The binary saves in the
//! background ([`Disk::in_background`]), so a key never waits for the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

use crate::report;
use crate::review::Review;
use crate::review::consensus::SourceReview;
use crate::scale::Scale;
use crate::store::{self, Background, Listing, OpenError, SaveError, Session, SourceState, Store};

pub use crate::store::Saved;

/// The reviews on this machine.
pub trait Library {
    /// The data folder; reports are written here unless the user says otherwise.
    fn dir(&self) -> &Path;
    /// Every session file, newest first; unreadable ones with the reason.
    fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>>;
    /// Writes a new review and opens it for writing.
    fn create(&self, review: &Review) -> Result<Box<dyn Writer>, SaveError>;
    /// Opens a review for writing (takes the one-writer lock).
    fn open(&self, path: &Path) -> Result<(Box<dyn Writer>, Review), OpenError>;
    /// Reads a review without the lock, for looking only.
    fn read(&self, path: &Path) -> Result<Review, OpenError>;
    /// The recovery file a crash left beside the session, and its answers, if any.
    fn recovery(&self, path: &Path) -> Option<(PathBuf, Review)>;
    /// Deletes the recovery file beside the session.
    fn discard_recovery(&self, path: &Path) -> std::io::Result<()>;
    /// Writes a report of `review` to `to`.
    fn export(
        &self,
        review: &Review,
        scale: &Scale,
        format: ExportFormat,
        options: report::Options,
        to: &Path,
    ) -> Result<(), String>;
    /// Where a report goes unless the user says otherwise: a name no file has yet.
    fn export_path(&self, review: &Review, format: ExportFormat) -> PathBuf;
    /// Opens a report in the program the system uses for it (a browser for HTML).
    fn show(&self, path: &Path) -> Result<(), String>;
    /// Moves a review into the `deleted` folder; returns where it went, or why not.
    fn delete(&self, path: &Path) -> Result<PathBuf, String>;
    /// Brings back the review deleted last; `None` when none is there.
    fn restore_deleted(&self) -> Result<Option<PathBuf>, String>;

    /// How each reviewer's file of a consensus review stands now: read and hashed where it was
    /// read from, wherever the reviews are kept.
    fn check_sources(&self, review: &Review) -> Vec<SourceState> {
        store::check_sources(review)
    }

    /// A reviewer's file of a consensus review, read again (never written).
    fn read_source(&self, path: &Path) -> Result<SourceReview, OpenError> {
        store::read_source(path)
    }
}

/// An open review that can be saved.
pub trait Writer {
    fn path(&self) -> &Path;
    /// Saves `review`, the state numbered `version`, durably: at once, or queued to be saved
    /// in the background. On error the file on disk is the previous good version.
    fn save(&mut self, version: u64, review: &Review);
    /// The saves finished since last asked, oldest first.
    fn finished(&mut self) -> Vec<Saved>;
    /// Waits until every state handed over is saved (or failed), at most `limit`; true if so.
    fn flush(&mut self, _limit: Duration) -> bool {
        true
    }
}

/// The report formats, as the reports module names them.
pub use crate::report::Format as ExportFormat;

/// Called from the writer thread when a save finishes, to wake the app.
pub type Notify = Arc<dyn Fn() + Send + Sync>;

/// The session files in a data folder.
pub struct Disk {
    store: Store,
    /// Save in the background, waking the app through this when a save finishes.
    background: Option<Notify>,
}

impl Disk {
    /// Saves at once, before the call returns.
    pub fn new(store: Store) -> Self {
        Disk {
            store,
            background: None,
        }
    }

    /// Saves on a thread of each open review's own; `notify` is called when a save finishes.
    pub fn in_background(store: Store, notify: Notify) -> Self {
        Disk {
            store,
            background: Some(notify),
        }
    }

    fn writer(&self, session: Session) -> Box<dyn Writer> {
        let Some(notify) = &self.background else {
            return Box::new(AtOnce::new(session));
        };
        let notify = Arc::clone(notify);
        match Background::spawn(session, move || notify()) {
            Ok(background) => Box::new(background),
            // No thread to be had: save at once instead.
            Err((session, _)) => Box::new(AtOnce::new(session)),
        }
    }
}

/// A session saved before each call returns.
struct AtOnce {
    session: Session,
    finished: Vec<Saved>,
}

impl AtOnce {
    fn new(session: Session) -> Self {
        AtOnce {
            session,
            finished: Vec::new(),
        }
    }
}

impl Writer for AtOnce {
    fn path(&self) -> &Path {
        self.session.path()
    }

    fn save(&mut self, version: u64, review: &Review) {
        let result = self.session.save(review);
        self.finished.push(Saved { version, result });
    }

    fn finished(&mut self) -> Vec<Saved> {
        std::mem::take(&mut self.finished)
    }
}

impl Writer for Background {
    fn path(&self) -> &Path {
        Background::path(self)
    }

    fn save(&mut self, version: u64, review: &Review) {
        Background::save(self, version, review.clone());
    }

    fn finished(&mut self) -> Vec<Saved> {
        Background::finished(self)
    }

    fn flush(&mut self, limit: Duration) -> bool {
        Background::flush(self, limit)
    }
}

impl Library for Disk {
    fn dir(&self) -> &Path {
        self.store.dir()
    }

    fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>> {
        self.store.list(scale)
    }

    fn create(&self, review: &Review) -> Result<Box<dyn Writer>, SaveError> {
        Ok(self.writer(self.store.create(review)?))
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Writer>, Review), OpenError> {
        let (session, review) = self.store.open(path)?;
        Ok((self.writer(session), review))
    }

    fn read(&self, path: &Path) -> Result<Review, OpenError> {
        store::read(path)
    }

    fn recovery(&self, path: &Path) -> Option<(PathBuf, Review)> {
        let recovery = store::recovery_path(path);
        let review = store::read(&recovery).ok()?;
        Some((recovery, review))
    }

    fn discard_recovery(&self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_file(store::recovery_path(path))
    }

    fn export(
        &self,
        review: &Review,
        scale: &Scale,
        format: ExportFormat,
        options: report::Options,
        to: &Path,
    ) -> Result<(), String> {
        let bytes = report::render_with(format, review, scale, options);
        store::write_export(to, &bytes, true).map_err(|e| e.to_string())
    }

    fn show(&self, path: &Path) -> Result<(), String> {
        opener::open(path).map_err(|e| e.to_string())
    }

    fn delete(&self, path: &Path) -> Result<PathBuf, String> {
        store::delete(self.store.dir(), path).map_err(|e| e.to_string())
    }

    fn restore_deleted(&self) -> Result<Option<PathBuf>, String> {
        let Some(last) = store::deleted(self.store.dir()).into_iter().next() else {
            return Ok(None);
        };
        store::restore(self.store.dir(), &last)
            .map(Some)
            .map_err(|e| format!("{} cannot be restored: {e}", last.display()))
    }

    fn export_path(&self, review: &Review, format: ExportFormat) -> PathBuf {
        // A second report of the day goes beside the first, not over it.
        store::unused_name(
            &self
                .store
                .exports_dir()
                .join(report::default_file_name(review, format)),
        )
    }
}

/// The time now, and how to show a time in the user's zone.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime;

    fn today(&self) -> NaiveDate {
        self.local(self.now()).date()
    }
}

/// The system clock and time zone.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&Local).naive_local()
    }
}
