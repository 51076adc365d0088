//! Nothing lost when the disk fails: the app over the real store, saving through a
//! [`FaultyIo`] that fails one step of a save (create temp, write, fsync, backup, rename, fsync
//! folder) with a full disk, a lost permission or an I/O error. The previous file stays whole,
//! the app keeps the answers, says NOT SAVED with the reason, tries again with every change, and
//! once the fault clears the next save holds everything. Also a read-only data folder, and a data
//! folder deleted while the app runs (in the app, and in the real binary).
//!
//! `tests/store.rs` proves the same of the store alone
//! (`a_save_failed_at_any_step_leaves_the_previous_file_whole`); this is the app's side.

mod reliability_support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use fidelity_review::review::Finding;
use fidelity_review::store::{self, FaultyIo, SaveIo, SaveStep};
use fidelity_review::tui::Start;
use ratatui::crossterm::event::KeyCode;
use reliability_support::app::{DiskUi, create_review, mini_scale};
use reliability_support::file_names;
use tempfile::TempDir;

const ENOSPC: i32 = 28;
const EACCES: i32 = 13;
const EIO: i32 = 5;

const STEPS: [SaveStep; 6] = [
    SaveStep::CreateTemp,
    SaveStep::Write,
    SaveStep::SyncFile,
    SaveStep::Backup,
    SaveStep::Rename,
    SaveStep::SyncFolder,
];

/// Wide enough that the NOT SAVED banner shows the whole reason.
const SIZE: (u16, u16) = (180, 30);

/// A [`FaultyIo`] that also counts the saves tried.
#[derive(Debug, Clone, Default)]
struct Counted {
    faults: FaultyIo,
    tried: Arc<AtomicUsize>,
}

impl Counted {
    fn tried(&self) -> usize {
        self.tried.load(Ordering::SeqCst)
    }
}

impl SaveIo for Counted {
    fn create_temp(&self, path: &Path) -> io::Result<fs::File> {
        self.tried.fetch_add(1, Ordering::SeqCst);
        self.faults.create_temp(path)
    }
    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        self.faults.write(file, bytes)
    }
    fn sync_file(&self, file: &fs::File) -> io::Result<()> {
        self.faults.sync_file(file)
    }
    fn keep_backup(&self, current: &Path, backup: &Path) -> io::Result<()> {
        self.faults.keep_backup(current, backup)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.faults.rename(from, to)
    }
    fn claim(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.faults.claim(from, to)
    }
    fn sync_folder(&self, dir: &Path) -> io::Result<()> {
        self.faults.sync_folder(dir)
    }
}

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

fn temp_files(dir: &Path) -> Vec<String> {
    file_names(dir)
        .into_iter()
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// A review in a fresh folder, open in the app, saving through `io`.
fn open_app(temp: &TempDir, io: Counted) -> (DiskUi, PathBuf) {
    let dir = temp.path().join("data");
    let path = create_review(&dir, &mini_scale(), "Crisis Team");
    let ui = DiskUi::new(
        mini_scale(),
        &dir,
        Some(Arc::new(io)),
        Start::Open(path.clone()),
        SIZE,
    );
    (ui, path)
}

#[test]
fn a_failed_save_at_any_step_keeps_the_answers_says_why_and_is_tried_again() {
    let mut injected = 0;
    for step in STEPS {
        for code in [ENOSPC, EACCES, EIO] {
            let temp = TempDir::new().unwrap();
            let io = Counted::default();
            let (mut ui, path) = open_app(&temp, io.clone());
            let dir = path.parent().unwrap().to_path_buf();
            let case = format!("{step:?}, os error {code}");

            ui.keys("y");
            assert!(header(&ui.screen()).ends_with("Saved 14:32:05"), "{case}");
            let good = fs::read(&path).unwrap();

            io.faults
                .fail(step, move || io::Error::from_raw_os_error(code));
            let tried = io.tried();
            ui.keys("jn");
            injected += 1;
            let screen = ui.screen();
            assert!(header(&screen).ends_with("NOT SAVED"), "{case}:\n{screen}");
            let reason = format!(
                "NOT SAVED: {step} failed: {}. Your answers are kept here",
                io::Error::from_raw_os_error(code)
            );
            assert!(
                screen.contains(&reason),
                "{case}: no {reason:?} in\n{screen}"
            );
            assert!(screen.contains("› ✗ b)"), "{case}: the answer is shown");
            assert_eq!(ui.held().finding(1, "b"), Finding::NotMet, "{case}: kept");
            assert_eq!(io.tried(), tried + 1, "{case}: one save tried");

            // The previous file is whole (after a failed folder flush, the new one is in place).
            let on_disk = store::read(&path).expect("the file on disk stays readable");
            if step == SaveStep::SyncFolder {
                assert_eq!(on_disk.items, ui.held().items, "{case}");
            } else {
                assert_eq!(fs::read(&path).unwrap(), good, "{case}: the file changed");
            }
            assert_eq!(temp_files(&dir), Vec::<String>::new(), "{case}");

            // Every change tries again, and says so again.
            ui.keys("f");
            injected += 1;
            assert_eq!(
                io.tried(),
                tried + 2,
                "{case}: tried again on the next change"
            );
            assert!(header(&ui.screen()).ends_with("NOT SAVED"), "{case}");

            io.faults.clear();
            ui.keys("ju");
            let screen = ui.screen();
            assert!(
                header(&screen).ends_with("Saved 14:32:05"),
                "{case}:\n{screen}"
            );
            assert!(!screen.contains("NOT SAVED"), "{case}");
            let saved = store::read(&path).unwrap();
            assert_eq!(saved.items, ui.held().items, "{case}: nothing lost");
            assert_eq!(saved.finding(1, "a"), Finding::Met);
            assert_eq!(saved.finding(1, "b"), Finding::NotMet);
            assert_eq!(saved.finding(1, "c"), Finding::Unsure);
            assert!(saved.item(1).unwrap().flagged);
            store::read(&store::backup_path(&path)).expect("the backup is readable");
            assert_eq!(temp_files(&dir), Vec::<String>::new(), "{case}");
        }
    }
    eprintln!("{injected} failed saves injected through the app, nothing lost");
}

#[test]
fn quitting_while_not_saved_tries_once_more_and_does_not_leave_silently() {
    let temp = TempDir::new().unwrap();
    let io = Counted::default();
    let (mut ui, path) = open_app(&temp, io.clone());
    io.faults
        .fail(SaveStep::Write, || io::Error::from_raw_os_error(ENOSPC));
    ui.keys("y");
    let tried = io.tried();
    ui.keys("q");
    assert_eq!(io.tried(), tried + 1, "quitting tries to save once more");
    assert!(
        !ui.app.should_quit(),
        "it does not leave with answers unsaved"
    );
    let screen = ui.screen();
    assert!(screen.contains("Your answers are not saved"), "{screen}");
    assert!(screen.contains("No space left on device"), "{screen}");

    // The disk has room again: the next try saves and the app leaves.
    io.faults.clear();
    ui.press(KeyCode::Esc).keys("q");
    assert!(ui.app.should_quit());
    assert_eq!(store::read(&path).unwrap().finding(1, "a"), Finding::Met);
}

#[test]
fn quitting_twice_leaves_even_when_the_disk_still_fails() {
    let temp = TempDir::new().unwrap();
    let io = Counted::default();
    let (mut ui, _path) = open_app(&temp, io.clone());
    io.faults
        .fail(SaveStep::CreateTemp, || io::Error::from_raw_os_error(EIO));
    ui.keys("y").keys("q");
    assert!(!ui.app.should_quit());
    ui.keys("q");
    assert!(ui.app.should_quit(), "the second q is the user's decision");
}

#[cfg(unix)]
#[test]
fn a_read_only_data_folder_refuses_saves_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let temp = TempDir::new().unwrap();
    let io = Counted::default();
    let (mut ui, path) = open_app(&temp, io.clone());
    let dir = path.parent().unwrap().to_path_buf();
    ui.keys("y");
    let good = fs::read(&path).unwrap();

    fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
    let enforced = fs::File::create(dir.join("probe")).is_err();
    if !enforced {
        // Root writes to a read-only folder anyway: play the refusal the OS would give.
        let _ = fs::remove_file(dir.join("probe"));
        eprintln!(
            "this user (root?) can write to a read-only folder; the refusal is simulated with \
             EACCES at the first step of the save"
        );
        io.faults.fail(SaveStep::CreateTemp, || {
            io::Error::from_raw_os_error(EACCES)
        });
    }
    ui.keys("jn");
    let screen = ui.screen();
    assert!(header(&screen).ends_with("NOT SAVED"), "{screen}");
    assert!(
        screen.contains("creating the temporary file failed: Permission denied"),
        "{screen}"
    );
    assert_eq!(fs::read(&path).unwrap(), good);

    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    io.faults.clear();
    ui.keys("ju");
    assert!(header(&ui.screen()).ends_with("Saved 14:32:05"));
    assert_eq!(store::read(&path).unwrap().items, ui.held().items);
}

#[test]
fn a_data_folder_deleted_under_the_app_is_made_again_on_the_next_change() {
    let temp = TempDir::new().unwrap();
    let (mut ui, path) = open_app(&temp, Counted::default());
    let dir = path.parent().unwrap().to_path_buf();
    ui.keys("y");
    fs::remove_dir_all(&dir).unwrap();
    ui.keys("jn");
    let screen = ui.screen();
    assert!(header(&screen).ends_with("Saved 14:32:05"), "{screen}");
    let saved = store::read(&path).expect("the session is written again");
    assert_eq!(saved.items, ui.held().items);
    #[cfg(unix)]
    assert_eq!(reliability_support::mode(&dir), 0o700);
}

/// The real binary: the folder goes while the review is on screen, then a rating.
#[cfg(unix)]
#[test]
fn a_data_folder_deleted_under_the_running_binary_is_saved_again() {
    use reliability_support::Launch;
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("data");
    let path = create_review(
        &dir,
        &fidelity_review::scale::pack::load_embedded().unwrap(),
        "Crisis Team",
    );
    let mut term = Launch::new(&dir, &["open", path.to_str().unwrap()]).spawn();
    term.wait_for("Item 1 of 39");
    fs::remove_dir_all(&dir).unwrap();
    term.send("y");
    // The rating shows at once, "Saving…" until the writer is done.
    let frame = term
        .wait_frame(|frame| frame.contains("› ✓ a)") && !frame.contains("Saving…"))
        .unwrap_or_else(|frame| panic!("the rating never showed:\n{frame}"));
    let header = frame.lines().next().unwrap();
    assert!(
        header.contains("Saved ") && !header.contains("NOT SAVED"),
        "{frame}"
    );
    let saved = store::read(&path).expect("the session is back on disk");
    assert_eq!(saved.finding(1, "a"), Finding::Met);
    term.send("q");
    assert!(term.wait_exit().success());
}

/// Keys on one review before the next is started.
const KEYS_PER_REVIEW: usize = 1_000;

/// A long session on a disk that fails now and then, at any step, with any of the errors:
/// after every key the file on disk is whole and holds exactly what was last saved, the app
/// holds every answer, and once the disk works again everything is saved.
#[test]
fn a_long_session_on_a_failing_disk_never_loses_a_saved_answer() {
    use fidelity_review::tui::app::SaveStatus;
    use reliability_support::{Rng, env_count, seed, soak};

    let keys = env_count(
        "FIDELITY_REVIEW_FAULT_KEYS",
        if soak() { 50_000 } else { 2_000 },
    );
    let mut rng = Rng::new(seed("faults"));
    let (mut failed_saves, mut saves) = (0, 0);
    // A new review every so often: every change adds to a review's log, so one review typed
    // at for tens of thousands of keys is no longer a day's work.
    for first in (0..keys).step_by(KEYS_PER_REVIEW) {
        let temp = reliability_support::fast_temp_dir();
        let io = Counted::default();
        let (mut ui, path) = open_app(&temp, io.clone());
        let mut on_disk = store::read(&path).unwrap().items;
        let mut failing: Option<SaveStep> = None;
        for n in first..keys.min(first + KEYS_PER_REVIEW) {
            if rng.one_in(6) {
                failing = match rng.below(3) {
                    0 => None,
                    _ => Some(*rng.pick(&STEPS)),
                };
                match failing {
                    Some(step) => {
                        let code = *rng.pick(&[ENOSPC, EACCES, EIO]);
                        io.faults
                            .fail(step, move || io::Error::from_raw_os_error(code));
                    }
                    None => io.faults.clear(),
                }
            }
            let tried = io.tried();
            match rng.below(10) {
                0 => ui.keys("y"),
                1 => ui.keys("n"),
                2 => ui.keys("u"),
                3 => ui.press(KeyCode::Backspace),
                4 => ui.keys("j"),
                5 => ui.keys("k"),
                6 => ui.keys("f"),
                7 => ui.keys("0"),
                _ => {
                    let item = 1 + rng.below(3);
                    ui.keys(&format!("g{item}"));
                    ui.press(KeyCode::Enter)
                }
            };
            let open = ui.app.open().unwrap();
            if io.tried() > tried {
                match (&open.status, failing) {
                    (SaveStatus::Saved(_), _) => {
                        saves += 1;
                        on_disk = open.review.items.clone();
                    }
                    (SaveStatus::Failed(_), Some(step)) => {
                        failed_saves += 1;
                        if step == SaveStep::SyncFolder {
                            on_disk = open.review.items.clone();
                        }
                    }
                    (status, failing) => panic!("key {n}: {status:?} while failing {failing:?}"),
                }
            }
            let file = store::read(&path).unwrap_or_else(|e| panic!("key {n}: {e}"));
            assert!(
                file.items == on_disk,
                "key {n}: the file is not what was last saved"
            );
        }
        io.faults.clear();
        ui.keys("f");
        assert_eq!(store::read(&path).unwrap().items, ui.held().items);
    }
    eprintln!(
        "{keys} keys on a failing disk: {failed_saves} saves failed (faults injected), {saves} \
         succeeded; the file was whole and held the last save after every key, and the first \
         save after the disk recovered held every answer"
    );
}
