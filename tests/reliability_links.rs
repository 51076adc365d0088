//! Links, special files and second names where the app expects its own regular files.
//!
//! - A lock, backup, recovery copy or export target that is a symbolic link, a hard link to
//!   another file, a named pipe or a device is never written through, never replaced, and
//!   never read in a way that waits: the review it might point at stays byte for byte.
//! - A named pipe named like a review is listed as what it is, at once (`list` and the home
//!   screen), and every other review is still listed.
//! - One review, one writer, whatever its name: a symbolic link to an open review is refused
//!   as open elsewhere, a review with a second name (hard link) is not opened for writing; two
//!   real instances prove it.
//! - Exports never go over a review, known by its content as well as by the files beside it.
//! - Leftovers of killed exports and failed creations are tidied on the next listing.
//!
//! The cases that differ for an unprivileged user run as `nobody` where the machine allows it
//! (the tests run as root), and say so when skipped.

#![cfg(unix)]

mod reliability_support;

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use chrono::Utc;
use fidelity_review::review::{Finding, Review};
use fidelity_review::scale::pack;
use fidelity_review::store::{self, ExportError, FaultyIo, OpenError, SaveStep, Store};
use reliability_support::app::{create_review, details, mini_scale};
use reliability_support::{PATIENCE, binary, env_count, file_names, run_cli, soak};
use tempfile::TempDir;

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `work` on a thread and gives its result, or fails the test if it has not come back
/// within the patience of the tests: a read that blocks would hang the test otherwise.
#[track_caller]
fn without_hanging<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
        .recv_timeout(PATIENCE)
        .unwrap_or_else(|_| panic!("{what} blocked (still waiting after {PATIENCE:?})"))
}

/// Two reviews in a fresh data folder: (folder, a, b).
fn two_reviews() -> (TempDir, PathBuf, PathBuf) {
    let temp = TempDir::new().unwrap();
    let scale = mini_scale();
    let a = create_review(temp.path(), &scale, "Alpha");
    let b = create_review(temp.path(), &scale, "Bravo");
    (temp, a, b)
}

// ---------------------------------------------------------------------------------------------
// Links and special files as sidecars

#[test]
fn a_lock_file_that_links_to_another_review_is_refused_and_that_review_is_untouched() {
    let (_temp, a, b) = two_reviews();
    let lock = store::lock_path(&a);
    let _ = fs::remove_file(&lock);
    symlink(&b, &lock).unwrap();
    let before = fs::read(&b).unwrap();

    let error = store::open(&a).expect_err("a linked lock file is refused");
    let message = error.to_string();
    assert!(message.contains("symbolic link"), "{message}");
    assert!(message.contains(&lock.display().to_string()), "{message}");
    assert_eq!(
        fs::read(&b).unwrap(),
        before,
        "the review the link points to"
    );
    assert!(
        fs::symlink_metadata(&lock)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // The review behind the link still opens, and is whole.
    store::open(&b).expect("the other review opens");
}

#[test]
fn a_lock_file_that_is_a_second_name_of_another_review_is_refused() {
    let (_temp, a, b) = two_reviews();
    let lock = store::lock_path(&a);
    let _ = fs::remove_file(&lock);
    fs::hard_link(&b, &lock).unwrap();
    let before = fs::read(&b).unwrap();

    let message = store::open(&a).expect_err("refused").to_string();
    assert!(message.contains("2 names"), "{message}");
    assert_eq!(fs::read(&b).unwrap(), before);
}

#[test]
fn a_lock_file_that_is_a_pipe_is_refused_at_once() {
    let (_temp, a, _b) = two_reviews();
    let lock = store::lock_path(&a);
    let _ = fs::remove_file(&lock);
    mkfifo(&lock);
    let message = without_hanging("opening beside a pipe", move || {
        store::open(&a)
            .map(|_| ())
            .expect_err("refused")
            .to_string()
    });
    assert!(message.contains("named pipe"), "{message}");
}

#[test]
fn a_pipe_named_like_a_review_is_listed_as_one_at_once_and_the_others_still_are() {
    let (temp, a, _b) = two_reviews();
    let pipe = temp.path().join("2025-03-14-pipe.json");
    mkfifo(&pipe);
    let dir = temp.path().to_path_buf();
    let listings = without_hanging("listing", move || {
        Store::new(&dir)
            .list(&mini_scale())
            .expect("the folder lists")
    });
    assert_eq!(listings.len(), 3);
    let readable = listings.iter().filter(|l| l.entry.is_ok()).count();
    assert_eq!(readable, 2, "both reviews still listed");
    let piped = listings.iter().find(|l| l.path == pipe).expect("listed");
    let reason = piped.entry.as_ref().expect_err("unreadable");
    assert!(reason.contains("named pipe"), "{reason}");

    // Reading or opening it says the same, at once, and makes nothing beside it.
    let pipe_again = pipe.clone();
    let read = without_hanging("reading", move || store::read(&pipe_again).map(|_| ()));
    assert!(read.unwrap_err().to_string().contains("named pipe"));
    let pipe_again = pipe.clone();
    let opened = without_hanging("opening", move || store::open(&pipe_again).map(|_| ()));
    assert!(opened.unwrap_err().to_string().contains("named pipe"));
    assert!(!store::lock_path(&pipe).exists(), "no lock made for a pipe");
    assert!(a.exists());

    // The real binary's `list` too.
    let dir = temp.path().to_path_buf();
    let (code, stdout, stderr) = without_hanging("`list`", move || {
        let pack = reliability_support::mini_pack_dir();
        run_cli(&dir, &["--content", pack.to_str().unwrap(), "list"])
    });
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Alpha") && stdout.contains("Bravo"),
        "{stdout}"
    );
    assert!(stdout.contains("named pipe"), "{stdout}");
}

#[test]
fn the_home_screen_lists_every_review_beside_a_pipe_named_like_one() {
    let (temp, _a, _b) = two_reviews();
    mkfifo(&temp.path().join("2025-03-14-pipe.json"));
    let pack = reliability_support::mini_pack_dir();
    let mut app = pty::Tui::spawn(temp.path(), &["--content", pack.to_str().unwrap()], 160, 30);
    app.wait_for_all(&["Alpha", "Bravo", "2025-03-14-pipe.json"]);
    // Not hung: keys still work, and quitting quits.
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn a_backup_or_recovery_copy_that_is_a_pipe_is_never_waited_on() {
    let (_temp, a, _b) = two_reviews();
    // A damaged review: reading it looks at its backup, which is a pipe.
    fs::write(&a, b"{\"schema_version\": 1, \"scale\": ").unwrap();
    let backup = store::backup_path(&a);
    let _ = fs::remove_file(&backup);
    mkfifo(&backup);
    let path = a.clone();
    let error = without_hanging("reading beside a pipe", move || {
        store::read(&path).map(|_| ())
    });
    match error {
        Err(OpenError::Unreadable {
            backup: None,
            broken_backup: Some((named, problem)),
            ..
        }) => {
            assert_eq!(named, backup);
            assert!(problem.contains("named pipe"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    let recovery = store::recovery_path(&a);
    mkfifo(&recovery);
    let read = without_hanging("reading a recovery pipe", move || {
        store::read(&recovery).map(|_| ())
    });
    assert!(read.is_err());
}

#[test]
fn a_save_never_writes_through_a_backup_that_links_elsewhere() {
    let (temp, a, b) = two_reviews();
    let backup = store::backup_path(&a);
    let _ = fs::remove_file(&backup);
    symlink(&b, &backup).unwrap();
    let before = fs::read(&b).unwrap();
    let scale = mini_scale();
    let (mut session, mut review) = store::open(&a).unwrap();
    review.set_finding(1, "a", Finding::Met, Utc::now());
    session.save(&review).unwrap();
    assert_eq!(
        fs::read(&b).unwrap(),
        before,
        "the review the link pointed at"
    );
    assert!(
        fs::symlink_metadata(&backup).unwrap().is_file(),
        "the link was replaced by the app's own backup"
    );
    drop(session);
    assert_eq!(
        store::read(&a).unwrap().finding(1, "a"),
        Finding::Met,
        "{:?}",
        file_names(temp.path())
    );
    let _ = scale;
}

// ---------------------------------------------------------------------------------------------
// One review, one writer, whatever its name

#[test]
fn a_symbolic_link_to_an_open_review_is_open_elsewhere() {
    let (temp, a, _b) = two_reviews();
    let link = temp.path().join("other-name.json");
    symlink(&a, &link).unwrap();
    let (session, _) = store::open(&a).unwrap();
    match store::open(&link) {
        Err(OpenError::Locked { path, .. }) => assert_eq!(path, fs::canonicalize(&a).unwrap()),
        other => panic!("a second writer through the link: {:?}", other.map(|_| ())),
    }
    drop(session);
    // Opened by the link alone, the review itself is written, and the link stays a link.
    let (mut session, mut review) = store::open(&link).unwrap();
    assert_eq!(session.path(), fs::canonicalize(&a).unwrap());
    review.set_finding(1, "b", Finding::NotMet, Utc::now());
    session.save(&review).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store::read(&a).unwrap().finding(1, "b"), Finding::NotMet);
    assert!(
        matches!(store::open(&a), Err(OpenError::Locked { .. })),
        "and the lock is the review's own"
    );
}

#[test]
fn a_review_with_a_second_name_is_not_opened_for_writing() {
    let (temp, a, _b) = two_reviews();
    let second = temp.path().join("second-name.json");
    fs::hard_link(&a, &second).unwrap();
    for name in [&a, &second] {
        match store::open(name) {
            Err(OpenError::OtherNames { names: 2, .. }) => {}
            other => panic!("{}: {:?}", name.display(), other.map(|_| ())),
        }
    }
    // Reading (summary, export, read-only viewing) is fine.
    store::read(&second).unwrap();
    // With the second name gone, it opens again.
    fs::remove_file(&second).unwrap();
    store::open(&a).unwrap();
}

#[test]
fn a_review_whose_only_other_name_is_its_own_backup_opens() {
    // A save killed between keeping the backup and putting the new version in place.
    let (_temp, a, _b) = two_reviews();
    let backup = store::backup_path(&a);
    let _ = fs::remove_file(&backup);
    fs::hard_link(&a, &backup).unwrap();
    store::open(&a).expect("its own backup is not a second writer");
}

/// What a real instance settled on: the writer, or told the review is open elsewhere.
fn is_writer(app: &pty::Tui) -> bool {
    let screen = app
        .wait_until(|s| {
            (s.contains("Item 1 of 39") && s.contains("q quit"))
                || s.contains("Review already open")
        })
        .unwrap_or_else(|s| panic!("settled on neither:\n{s}"));
    !screen.contains("Review already open")
}

#[test]
fn two_real_instances_on_two_names_of_one_review_get_one_writer() {
    let rounds = env_count("FIDELITY_REVIEW_NAME_ROUNDS", if soak() { 200 } else { 10 });
    let data = TempDir::new().unwrap();
    let scale = pack::load_embedded().unwrap();
    let a = Store::new(data.path())
        .create(&Review::new(&scale, details("Crisis Team"), Utc::now()))
        .unwrap()
        .path()
        .to_path_buf();
    let link = data.path().join("link.json");
    symlink(&a, &link).unwrap();

    // Started together, one by the file's name and one by the link's, in turn first.
    let (mut by_name, mut by_link) = (0, 0);
    for round in 0..rounds {
        let names = [a.to_str().unwrap(), link.to_str().unwrap()];
        let (first, second) = if round % 2 == 0 { (0, 1) } else { (1, 0) };
        let mut x = pty::Tui::spawn(data.path(), &["open", names[first]], 100, 30);
        let mut y = pty::Tui::spawn(data.path(), &["open", names[second]], 100, 30);
        let (wx, wy) = (is_writer(&x), is_writer(&y));
        assert!(wx != wy, "round {round}: not one writer ({wx}, {wy})");
        let (writer, other, writer_name) = if wx {
            (&mut x, &mut y, first)
        } else {
            (&mut y, &mut x, second)
        };
        if writer_name == 0 {
            by_name += 1;
        } else {
            by_link += 1;
        }
        other.wait_for(&format!("pid {}", writer.pid()));
        other.send("q");
        assert!(other.wait_exit());
        let finding = if round % 2 == 0 { "y" } else { "n" };
        let shown = if round % 2 == 0 { "✓ a)" } else { "✗ a)" };
        writer.send_and_wait(finding, shown);
        writer.send("q");
        assert!(writer.wait_exit());
        let expected = if round % 2 == 0 {
            Finding::Met
        } else {
            Finding::NotMet
        };
        assert_eq!(
            store::read(&a).unwrap().finding(1, "a"),
            expected,
            "round {round}"
        );
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "round {round}: the link is still a link"
        );
    }
    println!(
        "name races: {rounds} rounds of two instances on two names, one writer every time \
         ({by_name} by the file's name, {by_link} by the link's)"
    );

    // A hard link: neither name is opened for writing while both exist.
    let before = fs::read(&a).unwrap();
    let hard = data.path().join("hard.json");
    fs::hard_link(&a, &hard).unwrap();
    for name in [&hard, &a] {
        let mut app = pty::Tui::spawn(data.path(), &["open", name.to_str().unwrap()], 200, 30);
        app.wait_for_all(&["cannot be opened", "2 names"]);
        app.send("q");
        assert!(app.wait_exit());
    }
    assert_eq!(fs::read(&a).unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// Exports over files that are not exports

/// Exports the first review of `data` to `target` with the real binary: (code, stdout, stderr).
fn export_to(data: &Path, review: &Path, target: &Path) -> (Option<i32>, String, String) {
    let format = match target.extension().and_then(|e| e.to_str()) {
        Some("json") => "json",
        Some("csv") => "csv",
        _ => "md",
    };
    run_cli(
        data,
        &[
            "--content",
            reliability_support::mini_pack_dir().to_str().unwrap(),
            "export",
            review.to_str().unwrap(),
            "--format",
            format,
            "-o",
            target.to_str().unwrap(),
        ],
    )
}

#[test]
fn an_export_never_goes_over_a_damaged_or_newer_review_with_nothing_beside_it() {
    let (temp, a, _b) = two_reviews();
    let elsewhere = TempDir::new().unwrap();
    let text = fs::read_to_string(&a).unwrap();
    let damaged = elsewhere.path().join("damaged.json");
    fs::write(&damaged, &text[..text.len() / 2]).unwrap();
    let newer = elsewhere.path().join("newer.json");
    fs::write(
        &newer,
        text.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1),
    )
    .unwrap();
    for target in [&damaged, &newer] {
        let before = fs::read(target).unwrap();
        let (code, _, stderr) = export_to(temp.path(), &a, target);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("is a review file"), "{stderr}");
        assert_eq!(fs::read(target).unwrap(), before, "{}", target.display());
    }
    // A report written before is replaced as usual.
    let report = elsewhere.path().join("report.json");
    let (code, _, stderr) = export_to(temp.path(), &a, &report);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = export_to(temp.path(), &a, &report);
    assert_eq!(code, Some(0), "a JSON report is not a review: {stderr}");
}

#[test]
fn an_export_replaces_only_a_regular_file_or_makes_a_new_one() {
    let (temp, a, b) = two_reviews();
    let out = TempDir::new().unwrap();
    let link = out.path().join("linked.md");
    symlink(&b, &link).unwrap();
    let stdout_link = out.path().join("stdout");
    symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let pipe = out.path().join("pipe.md");
    mkfifo(&pipe);
    let folder = out.path().join("folder.md");
    fs::create_dir(&folder).unwrap();
    let before = fs::read(&b).unwrap();
    for (target, kind) in [
        (&link, "a symbolic link"),
        (&stdout_link, "a symbolic link"),
        (&pipe, "a named pipe"),
        (&folder, "a folder"),
    ] {
        let (code, _, stderr) = export_to(temp.path(), &a, target);
        assert_eq!(code, Some(1), "{}: {stderr}", target.display());
        assert!(stderr.contains(kind), "{stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
    assert_eq!(fs::read(&b).unwrap(), before);

    // A device node, made here where the machine allows (root): never replaced.
    let device = out.path().join("null.md");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let (code, _, stderr) = export_to(temp.path(), &a, &device);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("a character device"), "{stderr}");
        assert!(
            fs::symlink_metadata(&device)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    } else {
        println!("skipped: device node export (mknod is not allowed here)");
    }
    // A new file is made, and its full path printed.
    let (code, stdout, stderr) = export_to(temp.path(), &a, &out.path().join("new.md"));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout.trim(),
        out.path().join("new.md").display().to_string()
    );
}

#[test]
fn an_export_path_is_printed_in_full_from_any_folder() {
    let (temp, a, _b) = two_reviews();
    let cwd = TempDir::new().unwrap();
    let output = Command::new(binary())
        .current_dir(cwd.path())
        .arg("--data-dir")
        .arg(temp.path())
        .args([
            "--content",
            reliability_support::mini_pack_dir().to_str().unwrap(),
        ])
        .args([
            "export",
            a.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            "report.md",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        printed.trim(),
        cwd.path().join("report.md").display().to_string()
    );
    assert!(Path::new(printed.trim()).is_absolute());
}

#[test]
fn the_store_refuses_to_export_over_a_device_or_pipe_by_type() {
    let out = TempDir::new().unwrap();
    let pipe = out.path().join("p.csv");
    mkfifo(&pipe);
    let error = without_hanging("exporting to a pipe", move || {
        store::write_export(&pipe, b"x", true).map_err(|e| e.to_string())
    });
    assert!(error.unwrap_err().contains("named pipe"));
    match store::write_export(Path::new("/dev/null"), b"x", false) {
        Err(ExportError::NotARegularFile { kind, .. }) => assert_eq!(kind, "a character device"),
        other => panic!("{other:?}"),
    }
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

// ---------------------------------------------------------------------------------------------
// Leftovers

/// The id of a process that has ended.
fn ended_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn age(path: &Path, by: Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - by).unwrap();
}

#[test]
fn temp_files_of_killed_exports_and_saves_are_removed_on_the_next_listing() {
    let (temp, _a, _b) = two_reviews();
    let exports = Store::new(temp.path()).exports_dir();
    fs::create_dir_all(&exports).unwrap();
    let dead = ended_pid();
    let stale = exports.join(format!(".2025-03-14-alpha-review.md.{dead}-0.tmp"));
    let stale_save = temp
        .path()
        .join(format!(".2025-03-14-alpha.json.{dead}-3.tmp"));
    let fresh = exports.join(format!(".2025-03-14-alpha-review.csv.{dead}-1.tmp"));
    let live = exports.join(format!(
        ".2025-03-14-alpha-review.json.{}-0.tmp",
        std::process::id()
    ));
    let not_ours = exports.join(".notes.tmp");
    for (path, old) in [
        (&stale, true),
        (&stale_save, true),
        (&fresh, false),
        (&live, true),
        (&not_ours, true),
    ] {
        fs::write(path, vec![b'x'; 1024]).unwrap();
        if old {
            age(path, Duration::from_secs(120));
        }
    }
    // The real binary's listing tidies them.
    let (code, _, stderr) = run_cli(
        temp.path(),
        &[
            "--content",
            reliability_support::mini_pack_dir().to_str().unwrap(),
            "list",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stale.exists(), "a killed export's temp file");
    assert!(!stale_save.exists(), "a killed save's temp file");
    assert!(fresh.exists(), "too recent to be sure");
    assert!(live.exists(), "its process runs");
    assert!(not_ours.exists(), "not a name the app makes");
}

#[test]
fn a_creation_that_fails_leaves_no_lock_file_and_old_ones_go_on_the_next_listing() {
    let temp = TempDir::new().unwrap();
    let faults = FaultyIo::new();
    faults.fail(SaveStep::Write, || io::Error::from_raw_os_error(28));
    let store = Store::new(temp.path()).with_io(std::sync::Arc::new(faults.clone()));
    let scale = mini_scale();
    store
        .create(&Review::new(&scale, details("Full Disk"), Utc::now()))
        .expect_err("the disk is full");
    assert_eq!(
        file_names(temp.path()),
        Vec::<String>::new(),
        "nothing left"
    );

    // Lock files left by older failures: removed, but never one in use or of a session.
    let orphan = temp.path().join("2025-03-14-gone.json.lock");
    fs::write(&orphan, b"").unwrap();
    faults.clear();
    let kept = create_review(temp.path(), &scale, "Kept");
    let (session, _) = store::open(&kept).unwrap();
    let held = Store::new(temp.path())
        .create(&Review::new(&scale, details("Deleted"), Utc::now()))
        .unwrap();
    fs::remove_file(held.path()).unwrap();
    Store::new(temp.path()).list(&scale).unwrap();
    assert!(!orphan.exists(), "an orphan lock file");
    assert!(store::lock_path(&kept).exists(), "the lock of a session");
    assert!(
        store::lock_path(held.path()).exists(),
        "a lock in use, even with its session gone"
    );
    drop(session);
    drop(held);
}

// ---------------------------------------------------------------------------------------------
// As an unprivileged user

/// Runs the binary as `nobody` with `args`: (code, stdout, stderr), or `None` when the machine
/// does not allow it (not root, or no `setpriv`).
fn as_nobody(data: &Path, args: &[&str]) -> Option<(Option<i32>, String, String)> {
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if stderr.contains("setpriv:") {
        return None;
    }
    Some((
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    ))
}

#[test]
fn as_an_unprivileged_user_pipes_and_links_are_refused_the_same() {
    let temp = TempDir::new().unwrap();
    let data = temp.path().join("data");
    let scale = mini_scale();
    let a = create_review(&data, &scale, "Alpha");
    let b = create_review(&data, &scale, "Bravo");
    mkfifo(&data.join("2025-03-14-pipe.json"));
    let link = data.join("linked.md");
    symlink(&b, &link).unwrap();
    let chown = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(temp.path())
        .status();
    if !chown.is_ok_and(|s| s.success()) {
        println!("skipped: unprivileged user (cannot hand the folder to nobody)");
        return;
    }
    let pack = reliability_support::mini_pack_dir();
    let pack = pack.to_str().unwrap();
    let Some((code, stdout, stderr)) = as_nobody(&data, &["--content", pack, "list"]) else {
        println!("skipped: unprivileged user (setpriv cannot change user here)");
        return;
    };
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Alpha") && stdout.contains("Bravo"),
        "{stdout}"
    );
    assert!(stdout.contains("named pipe"), "{stdout}");

    let before = fs::read(&b).unwrap();
    let (code, _, stderr) = as_nobody(
        &data,
        &[
            "--content",
            pack,
            "export",
            a.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            link.to_str().unwrap(),
        ],
    )
    .unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("a symbolic link"), "{stderr}");
    assert_eq!(fs::read(&b).unwrap(), before);

    let (code, _, stderr) = as_nobody(
        &data,
        &[
            "--content",
            pack,
            "export",
            a.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            "/dev/null",
        ],
    )
    .unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("a character device"), "{stderr}");
    assert_eq!(fs::read(&b).unwrap(), before);
    println!("ran as an unprivileged user (nobody)");
}
