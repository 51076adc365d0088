//! What the screen tests share: the mini pack, an in-memory library in place of the store, a
//! fixed clock, and a harness that types keys and reads the screen.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use fidelity_review::review::{Details, Review, ReviewKind, Summary};
use fidelity_review::scale::Scale;
use fidelity_review::store::{Listing, ListingInfo, LockHolder, OpenError, SaveError, SaveStep};
use fidelity_review::tui::library::{ExportFormat, Saved};
use fidelity_review::tui::{App, Clock, Library, Start, Theme, Writer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn mini_scale() -> Scale {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    fidelity_review::scale::pack::load_dir(&dir).expect("the mini pack loads")
}

/// 2025-03-14 14:32:05, in UTC and shown as UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 14, 32, 5).unwrap()
}

pub struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        now()
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc()
    }
}

pub fn details(team: &str) -> Details {
    Details {
        team: team.to_owned(),
        organisation: "North Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        reviewers: vec!["Ann".to_owned(), "Bo".to_owned()],
        kind: ReviewKind::External,
    }
}

/// What the in-memory library holds; tests look at it and change it.
#[derive(Default)]
pub struct Shelf {
    pub dir: PathBuf,
    pub sessions: BTreeMap<PathBuf, Review>,
    pub unreadable: Vec<(PathBuf, String)>,
    pub locked: BTreeMap<PathBuf, LockHolder>,
    pub recoveries: BTreeMap<PathBuf, Review>,
    /// Saves fail with this message while set.
    pub fail_saves: Option<String>,
    pub saves: usize,
    pub exports: Vec<(ExportFormat, PathBuf)>,
    /// Whether each export had the notes in.
    pub exports_with_notes: Vec<bool>,
    /// Reports opened in the system's program.
    pub shown: Vec<PathBuf>,
    pub scale: Option<Scale>,
    /// Reviews deleted, the last one last.
    pub deleted: Vec<(PathBuf, Review)>,
}

/// The library the app uses in tests, over a [`Shelf`].
#[derive(Clone)]
pub struct FakeLibrary(pub Rc<RefCell<Shelf>>);

struct FakeWriter {
    path: PathBuf,
    shelf: Rc<RefCell<Shelf>>,
    finished: Vec<Saved>,
}

impl FakeWriter {
    fn new(path: PathBuf, shelf: &Rc<RefCell<Shelf>>) -> Self {
        FakeWriter {
            path,
            shelf: Rc::clone(shelf),
            finished: Vec::new(),
        }
    }

    /// Saves at once, or fails while the shelf says so.
    fn write(&mut self, review: &Review) -> Result<(), SaveError> {
        let mut shelf = self.shelf.borrow_mut();
        if let Some(reason) = &shelf.fail_saves {
            return Err(SaveError {
                path: self.path.clone(),
                step: SaveStep::Write,
                source: std::io::Error::other(reason.clone()),
            });
        }
        shelf.saves += 1;
        shelf.sessions.insert(self.path.clone(), review.clone());
        Ok(())
    }
}

impl Writer for FakeWriter {
    fn path(&self) -> &Path {
        &self.path
    }

    fn save(&mut self, version: u64, review: &Review) {
        let result = self.write(review);
        self.finished.push(Saved { version, result });
    }

    fn finished(&mut self) -> Vec<Saved> {
        std::mem::take(&mut self.finished)
    }
}

impl Library for FakeLibrary {
    fn dir(&self) -> &Path {
        Path::new("/data/fidelity-review")
    }

    fn list(&self, scale: &Scale) -> std::io::Result<Vec<Listing>> {
        let shelf = self.0.borrow();
        let mut listings: Vec<Listing> = shelf
            .sessions
            .iter()
            .map(|(path, review)| {
                let summary = Summary::of(review, scale);
                Listing {
                    path: path.clone(),
                    entry: Ok(ListingInfo {
                        team: review.details.team.clone(),
                        date: review.details.date,
                        kind: review.details.kind,
                        rated: summary.rated,
                        partly: summary
                            .items
                            .iter()
                            .filter(|i| i.progress == fidelity_review::review::Progress::Partly)
                            .count(),
                        items: summary.items_total,
                        updated: review.updated,
                    }),
                }
            })
            .collect();
        listings.sort_by_key(|l| std::cmp::Reverse(l.entry.as_ref().map(|i| i.updated).ok()));
        listings.extend(shelf.unreadable.iter().map(|(path, problem)| Listing {
            path: path.clone(),
            entry: Err(problem.clone()),
        }));
        Ok(listings)
    }

    fn create(&self, review: &Review) -> Result<Box<dyn Writer>, SaveError> {
        let path = PathBuf::from(format!(
            "/data/fidelity-review/{}-{}.json",
            review.details.date,
            review.details.team.to_lowercase().replace(' ', "-")
        ));
        let mut writer = FakeWriter::new(path, &self.0);
        writer.write(review)?;
        Ok(Box::new(writer))
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Writer>, Review), OpenError> {
        let shelf = self.0.borrow();
        if let Some(holder) = shelf.locked.get(path) {
            return Err(OpenError::Locked {
                path: path.to_path_buf(),
                holder: holder.clone(),
            });
        }
        let review = shelf
            .sessions
            .get(path)
            .cloned()
            .ok_or(OpenError::NotFound {
                path: path.to_path_buf(),
            })?;
        let writer = FakeWriter::new(path.to_path_buf(), &self.0);
        Ok((Box::new(writer), review))
    }

    fn read(&self, path: &Path) -> Result<Review, OpenError> {
        self.0
            .borrow()
            .sessions
            .get(path)
            .cloned()
            .ok_or(OpenError::NotFound {
                path: path.to_path_buf(),
            })
    }

    fn recovery(&self, path: &Path) -> Option<(PathBuf, Review)> {
        let review = self.0.borrow().recoveries.get(path).cloned()?;
        Some((path.with_extension("recovery.json"), review))
    }

    fn discard_recovery(&self, path: &Path) -> std::io::Result<()> {
        self.0.borrow_mut().recoveries.remove(path);
        Ok(())
    }

    fn export(
        &self,
        _review: &Review,
        _scale: &Scale,
        format: ExportFormat,
        options: fidelity_review::report::Options,
        to: &Path,
    ) -> Result<(), String> {
        let mut shelf = self.0.borrow_mut();
        shelf.exports.push((format, to.to_path_buf()));
        shelf.exports_with_notes.push(options.include_notes);
        Ok(())
    }

    fn show(&self, path: &Path) -> Result<(), String> {
        self.0.borrow_mut().shown.push(path.to_path_buf());
        Ok(())
    }

    fn delete(&self, path: &Path) -> Result<PathBuf, String> {
        let mut shelf = self.0.borrow_mut();
        let review = shelf
            .sessions
            .remove(path)
            .ok_or_else(|| format!("{} is not there", path.display()))?;
        shelf.deleted.push((path.to_path_buf(), review));
        Ok(Path::new("/data/fidelity-review/deleted").join(path.file_name().unwrap()))
    }

    fn restore_deleted(&self) -> Result<Option<PathBuf>, String> {
        let mut shelf = self.0.borrow_mut();
        let Some((path, review)) = shelf.deleted.pop() else {
            return Ok(None);
        };
        shelf.sessions.insert(path.clone(), review);
        Ok(Some(path))
    }

    fn export_path(&self, review: &Review, format: ExportFormat) -> PathBuf {
        PathBuf::from(format!(
            "/data/fidelity-review/{}-report.{}",
            review.details.date,
            format.extension()
        ))
    }
}

/// An app in a pretend terminal, driven by key presses.
pub struct Ui {
    pub app: App,
    pub shelf: Rc<RefCell<Shelf>>,
    pub size: (u16, u16),
}

/// The path of the review [`Ui::with_review`] puts on the shelf.
pub fn review_path() -> PathBuf {
    PathBuf::from("/data/fidelity-review/2025-03-14-crisis-team.json")
}

impl Ui {
    pub fn new(shelf: Shelf, start: Start, size: (u16, u16)) -> Self {
        Ui::with_scale(mini_scale(), shelf, start, size)
    }

    pub fn with_scale(scale: Scale, shelf: Shelf, start: Start, size: (u16, u16)) -> Self {
        let shelf = Rc::new(RefCell::new(shelf));
        let app = App::new(
            scale,
            Box::new(FakeLibrary(Rc::clone(&shelf))),
            Box::new(FixedClock),
            Theme::color(),
            start,
            size,
        );
        Ui { app, shelf, size }
    }

    /// A new review of "Crisis Team" on the shelf, opened.
    pub fn with_review(size: (u16, u16)) -> Self {
        let mut shelf = Shelf::default();
        shelf.sessions.insert(
            review_path(),
            Review::new(&mini_scale(), details("Crisis Team"), now()),
        );
        Ui::new(shelf, Start::Open(review_path()), size)
    }

    /// Types each character as a key press.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    pub fn press(&mut self, code: KeyCode) -> &mut Self {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.app.on_key(KeyEvent::new(code, modifiers));
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app
            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.size = (width, height);
        self.app
            .update(fidelity_review::tui::action::Action::Resize(width, height));
        self
    }

    /// The screen as a person reads it, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        let buffer = self.buffer();
        let width = usize::from(buffer.area.width);
        buffer
            .content
            .chunks(width.max(1))
            .map(|row| {
                row.iter()
                    .map(|c| c.symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn buffer(&self) -> ratatui::buffer::Buffer {
        let (w, h) = self.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| frame.render_widget(&self.app, frame.area()))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// The review as last saved.
    pub fn saved(&self) -> Review {
        self.shelf
            .borrow()
            .sessions
            .get(&review_path())
            .cloned()
            .expect("saved")
    }

    /// The review as the app holds it.
    pub fn held(&self) -> Review {
        self.app.open().expect("a review is open").review.clone()
    }
}
