//! Saving off the key path: the app on the real store with the background writer the binary
//! uses, over a disk whose flush waits until the test lets it go, or fails.
//!
//! A key changes the screen at once and the header says "Saving…"; "Saved HH:MM:SS" shows only
//! once the writer has the newest state on disk; a failure says NOT SAVED and why, and the
//! next change tries again. States that queue up behind a slow save are written as one.
//! Quitting waits for the save under way.

mod reliability_support;

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use fidelity_review::review::Finding;
use fidelity_review::store::{self, FaultyIo, SaveIo, SaveStep, Store};
use fidelity_review::tui::action::Action;
use fidelity_review::tui::{App, Disk, Start, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use reliability_support::app::{FixedClock, buffer_text, create_review, mini_scale};
use tempfile::TempDir;

/// Long enough for any save on a loaded machine; the tests never wait this long when all is well.
const PATIENCE: Duration = Duration::from_secs(30);

/// A disk whose file flush waits while the gate is shut, counting the flushes.
#[derive(Debug, Default)]
struct GatedIo {
    shut: Mutex<bool>,
    opened: Condvar,
    flushes: AtomicUsize,
    /// Flushes waiting at the gate now.
    waiting: AtomicUsize,
}

impl GatedIo {
    fn shut(&self) {
        *self.shut.lock().unwrap() = true;
    }

    fn open(&self) {
        *self.shut.lock().unwrap() = false;
        self.opened.notify_all();
    }

    /// Waits until a flush is held at the gate.
    fn wait_for_a_held_flush(&self) {
        let deadline = std::time::Instant::now() + PATIENCE;
        while self.waiting.load(Ordering::SeqCst) == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "no save reached the disk"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

impl SaveIo for GatedIo {
    fn sync_file(&self, file: &File) -> io::Result<()> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut shut = self.shut.lock().unwrap();
        while *shut {
            shut = self.opened.wait(shut).unwrap();
        }
        drop(shut);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        self.flushes.fetch_add(1, Ordering::SeqCst);
        file.sync_all()
    }
}

/// The app on the review at `path`, saving in the background through `io`.
fn app(dir: &Path, path: &Path, io: Arc<dyn SaveIo>) -> App {
    App::new(
        mini_scale(),
        Box::new(Disk::in_background(
            Store::new(dir).with_io(io),
            Arc::new(|| {}),
        )),
        Box::new(FixedClock),
        Theme::color(),
        Start::Open(path.to_path_buf()),
        (100, 30),
    )
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn header(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    let screen = buffer_text(terminal.backend().buffer());
    screen.lines().next().unwrap_or_default().to_owned()
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    buffer_text(terminal.backend().buffer())
}

#[test]
fn a_key_shows_at_once_saving_until_the_disk_has_it_then_saved() {
    let temp = TempDir::new().unwrap();
    let path = create_review(temp.path(), &mini_scale(), "Crisis Team");
    let io = Arc::new(GatedIo::default());
    let mut app = app(temp.path(), &path, io.clone());
    io.shut();

    keys(&mut app, "y");
    // The key has been answered while the disk still holds the save back.
    io.wait_for_a_held_flush();
    assert!(screen(&app).contains("› ✓ a)"), "{}", screen(&app));
    assert!(header(&app).ends_with("Saving…"), "{}", header(&app));
    assert_eq!(
        store::read(&path).unwrap().finding(1, "a"),
        Finding::NotRated,
        "not on disk yet"
    );

    io.open();
    app.wait_for_saves(PATIENCE);
    assert!(header(&app).ends_with("Saved 14:32:05"), "{}", header(&app));
    assert_eq!(store::read(&path).unwrap().finding(1, "a"), Finding::Met);
}

#[test]
fn a_failed_save_says_not_saved_and_why_and_the_next_change_tries_again() {
    let temp = TempDir::new().unwrap();
    let path = create_review(temp.path(), &mini_scale(), "Crisis Team");
    let io = Arc::new(FaultyIo::new());
    io.fail(SaveStep::Write, || io::Error::other("the disk is full"));
    let mut app = app(temp.path(), &path, io.clone());

    keys(&mut app, "y");
    app.wait_for_saves(PATIENCE);
    let shown = screen(&app);
    assert!(header(&app).ends_with("NOT SAVED"), "{shown}");
    assert!(shown.contains("the disk is full"), "{shown}");
    assert_eq!(
        store::read(&path).unwrap().finding(1, "a"),
        Finding::NotRated
    );

    io.clear();
    keys(&mut app, "jn");
    app.wait_for_saves(PATIENCE);
    assert!(header(&app).ends_with("Saved 14:32:05"), "{}", screen(&app));
    let saved = store::read(&path).unwrap();
    assert_eq!(saved.finding(1, "a"), Finding::Met, "the failed change too");
    assert_eq!(saved.finding(1, "b"), Finding::NotMet);
}

#[test]
fn changes_made_while_a_slow_save_runs_are_written_together_and_none_is_lost() {
    let temp = TempDir::new().unwrap();
    let path = create_review(temp.path(), &mini_scale(), "Crisis Team");
    let io = Arc::new(GatedIo::default());
    let mut app = app(temp.path(), &path, io.clone());
    io.shut();

    // Twenty changes as fast as keys come: the first save is held at the disk meanwhile.
    keys(&mut app, "y");
    io.wait_for_a_held_flush();
    for _ in 0..5 {
        keys(&mut app, "nyuy");
    }
    keys(&mut app, "jn");
    assert!(header(&app).ends_with("Saving…"));

    io.open();
    app.wait_for_saves(PATIENCE);
    assert!(header(&app).ends_with("Saved 14:32:05"), "{}", header(&app));
    let saved = store::read(&path).unwrap();
    assert_eq!(saved.items, app.open().unwrap().review.items);
    assert_eq!(saved.finding(1, "a"), Finding::Met);
    assert_eq!(saved.finding(1, "b"), Finding::NotMet);
    // The held save, then one for everything that queued up behind it.
    assert_eq!(io.flushes.load(Ordering::SeqCst), 2);
}

#[test]
fn quitting_waits_for_the_save_under_way() {
    let temp = TempDir::new().unwrap();
    let path = create_review(temp.path(), &mini_scale(), "Crisis Team");
    let io = Arc::new(GatedIo::default());
    let mut app = app(temp.path(), &path, io.clone());
    io.shut();

    keys(&mut app, "y");
    io.wait_for_a_held_flush();
    keys(&mut app, "q");
    assert!(!app.should_quit(), "it waits for the disk");
    assert!(
        screen(&app).contains("Saving your answers before quitting"),
        "{}",
        screen(&app)
    );

    io.open();
    app.wait_for_saves(PATIENCE);
    assert!(app.should_quit());
    assert_eq!(store::read(&path).unwrap().finding(1, "a"), Finding::Met);
}

#[test]
fn the_writer_wakes_the_app_when_a_save_finishes() {
    let temp = TempDir::new().unwrap();
    let path = create_review(temp.path(), &mini_scale(), "Crisis Team");
    let (wake, woken) = std::sync::mpsc::channel();
    let wake = Mutex::new(wake);
    let mut app = App::new(
        mini_scale(),
        Box::new(Disk::in_background(
            Store::new(temp.path()),
            Arc::new(move || {
                let _ = wake.lock().unwrap().send(());
            }),
        )),
        Box::new(FixedClock),
        Theme::color(),
        Start::Open(path.clone()),
        (100, 30),
    );
    keys(&mut app, "y");
    woken
        .recv_timeout(PATIENCE)
        .expect("the writer says when a save is done");
    app.update(Action::SavesFinished);
    assert!(header(&app).ends_with("Saved 14:32:05"), "{}", header(&app));
}
