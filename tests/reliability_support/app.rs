//! The app over the real store ([`Disk`]) in a temp folder, driven by key presses and drawn
//! into a test terminal: what the screen tests do over an in-memory library, but with files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use fidelity_review::review::{Details, Review, ReviewKind};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store::{SaveIo, Store};
use fidelity_review::tui::{App, Clock, Disk, Start, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// 2025-03-14 14:32:05 UTC, shown as UTC.
pub struct FixedClock;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 14, 32, 5).unwrap()
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        now()
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc()
    }
}

pub fn mini_scale() -> Scale {
    pack::load_dir(&super::mini_pack_dir()).expect("the mini pack loads")
}

pub fn details(team: &str) -> Details {
    Details {
        team: team.to_owned(),
        organisation: "North Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        reviewers: vec!["Ann".to_owned()],
        kind: ReviewKind::External,
    }
}

/// Writes a new review of `team` into `dir` and gives its path.
pub fn create_review(dir: &Path, scale: &Scale, team: &str) -> PathBuf {
    let review = Review::new(scale, details(team), now());
    Store::new(dir)
        .create(&review)
        .expect("the review is created")
        .path()
        .to_path_buf()
}

/// The app on real files.
pub struct DiskUi {
    pub app: App,
    pub size: (u16, u16),
}

impl DiskUi {
    /// The app on the data folder `dir`, saving through `io` when given.
    pub fn new(
        scale: Scale,
        dir: &Path,
        io: Option<Arc<dyn SaveIo>>,
        start: Start,
        size: (u16, u16),
    ) -> Self {
        let store = match io {
            Some(io) => Store::new(dir).with_io(io),
            None => Store::new(dir),
        };
        let app = App::new(
            scale,
            Box::new(Disk::new(store)),
            Box::new(FixedClock),
            Theme::color(),
            start,
            size,
        );
        DiskUi { app, size }
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
            _ => KeyModifiers::NONE,
        };
        self.app.on_key(KeyEvent::new(code, modifiers));
        self
    }

    pub fn buffer(&self) -> Buffer {
        let (w, h) = self.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| frame.render_widget(&self.app, frame.area()))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// The screen as a person reads it, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        buffer_text(&self.buffer())
    }

    /// The review as the app holds it.
    pub fn held(&self) -> Review {
        self.app.open().expect("a review is open").review.clone()
    }
}

/// A buffer's text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width).max(1);
    buffer
        .content
        .chunks(width)
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
