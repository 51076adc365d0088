//! Bad session files are refused, named, and left alone: empty, cut short at every tenth,
//! garbage, binary, 100 MB, fields of the wrong type, a newer format, each with no backup, a
//! whole backup, or a backup that is broken too. The command line (`summary`, `export`, `list`,
//! `open`) and the app (home screen, resume, summary, export, opening it directly) refuse each
//! with a message that names the file and the way back, never a panic, and never write to it.
//!
//! `tests/store.rs` proves the store's side (`empty_files_are_refused`,
//! `files_cut_short_at_every_tenth_are_refused_with_line_and_column`, …); this is what a user
//! sees.

mod reliability_support;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use fidelity_review::review::{Finding, Review};
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store::{self, SCHEMA_VERSION, Store};
use fidelity_review::tui::Start;
use ratatui::crossterm::event::KeyCode;
use reliability_support::app::{DiskUi, details};
use reliability_support::{Rng, file_names, run_cli};
use serde_json::Value;
use tempfile::TempDir;

/// What lies beside a bad file: no backup, a whole one, or a broken one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Beside {
    Nothing,
    Whole,
    Broken,
}

const BESIDE: [Beside; 3] = [Beside::Nothing, Beside::Whole, Beside::Broken];

fn scale() -> Scale {
    pack::load_embedded().expect("the embedded pack loads")
}

/// The bytes of a real session file with a few answers.
fn good_bytes() -> Vec<u8> {
    let scale = scale();
    let temp = TempDir::new().unwrap();
    let mut review = Review::new(&scale, details("Crisis Team"), Utc::now());
    review.set_finding(1, "a", Finding::Met, Utc::now());
    review.set_note(1, "a", "Seen in the log book.", Utc::now());
    review.toggle_flag(2, Utc::now());
    let session = Store::new(temp.path()).create(&review).unwrap();
    fs::read(session.path()).unwrap()
}

/// Every kind of bad file, by name; the 100 MB one is made apart (see [`write_bad`]).
fn bad_files() -> Vec<(String, Vec<u8>)> {
    let good = good_bytes();
    let mut files = vec![("empty".to_owned(), Vec::new())];
    for tenth in 1..10 {
        let cut = good.len() * tenth / 10;
        files.push((format!("cut-{tenth}0pc"), good[..cut].to_vec()));
    }
    files.push((
        "garbage".to_owned(),
        b"Crisis team notes, not a session {{ ]] :: \"\n".repeat(20),
    ));
    let mut rng = Rng::new(0x5eed);
    let binary: Vec<u8> = (0..4096).map(|_| rng.next_u64() as u8).collect();
    files.push(("binary".to_owned(), binary));

    let value: Value = serde_json::from_slice(&good).unwrap();
    let mut team_a_number = value.clone();
    team_a_number["details"]["team"] = Value::from(42);
    files.push(("team-a-number".to_owned(), pretty(&team_a_number)));
    let mut finding_a_number = value.clone();
    finding_a_number["items"]["1"]["criteria"]["a"]["finding"] = Value::from(7);
    files.push(("finding-a-number".to_owned(), pretty(&finding_a_number)));
    let mut items_a_string = value.clone();
    items_a_string["items"] = Value::from("all of them");
    files.push(("items-a-string".to_owned(), pretty(&items_a_string)));
    let mut newer = value;
    newer["schema_version"] = Value::from(SCHEMA_VERSION + 1);
    files.push(("newer-schema".to_owned(), pretty(&newer)));
    files.push(("huge-100mb".to_owned(), Vec::new()));
    files
}

fn pretty(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap()
}

/// Writes a bad file `name` into `dir` (and its backup), gives its path.
fn write_bad(dir: &Path, name: &str, bytes: &[u8], beside: Beside) -> PathBuf {
    let path = dir.join(format!("{name}.json"));
    if name == "huge-100mb" {
        let file = fs::File::create(&path).unwrap();
        file.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB of nothing
    } else {
        fs::write(&path, bytes).unwrap();
    }
    match beside {
        Beside::Nothing => {}
        Beside::Whole => fs::write(store::backup_path(&path), good_bytes()).unwrap(),
        Beside::Broken => {
            let good = good_bytes();
            fs::write(store::backup_path(&path), &good[..good.len() / 3]).unwrap();
        }
    }
    path
}

/// What a file looks like, to tell whether it was written: its bytes, or the length of the
/// 100 MB one.
fn fingerprint(path: &Path) -> (u64, Option<Vec<u8>>) {
    let len = fs::metadata(path).unwrap().len();
    let bytes = (len < 1024 * 1024).then(|| fs::read(path).unwrap());
    (len, bytes)
}

/// The words that give the way back, for a file of `name` with `beside` next to it.
fn way_back(name: &str, beside: Beside) -> &'static str {
    if name == "newer-schema" {
        return "open it with the newer version";
    }
    match beside {
        Beside::Nothing => "There is no backup beside it: restore it from a copy of your own",
        Beside::Whole => "to go back to it, copy that file over this one",
        Beside::Broken => "cannot be read either",
    }
}

/// Checks a refusal message: the file, what is wrong, the way back.
#[track_caller]
fn assert_refusal(message: &str, path: &Path, name: &str, beside: Beside) {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        message.contains(&path.display().to_string()),
        "{name} {beside:?}: the file is not named: {message}"
    );
    assert!(
        message.contains("left as it is"),
        "{name} {beside:?}: {message}"
    );
    let way = way_back(name, beside);
    assert!(
        message.contains(way),
        "{name} {beside:?}: no {way:?} in {message}"
    );
    if beside == Beside::Whole && name != "newer-schema" {
        let backup = store::backup_path(path).display().to_string();
        assert!(message.contains(&backup), "{name}: {message}");
    }
}

#[test]
fn the_command_line_refuses_every_bad_file_names_it_and_leaves_it() {
    let mut refusals = 0;
    for beside in BESIDE {
        let temp = TempDir::new().unwrap();
        let dir = temp.path().join("data");
        fs::create_dir(&dir).unwrap();
        let files = bad_files();
        let paths: Vec<(String, PathBuf)> = files
            .iter()
            .map(|(name, bytes)| (name.clone(), write_bad(&dir, name, bytes, beside)))
            .collect();
        let before: Vec<_> = paths.iter().map(|(_, p)| fingerprint(p)).collect();

        for (name, path) in &paths {
            let out = temp.path().join(format!("{name}.csv"));
            let path_text = path.to_str().unwrap();
            let out_text = out.to_str().unwrap();
            for args in [
                vec!["summary", path_text],
                vec!["summary", path_text, "--json"],
                vec!["export", path_text, "--format", "md"],
                vec!["export", path_text, "--format", "csv", "-o", out_text],
            ] {
                let (code, stdout, stderr) = run_cli(&dir, &args);
                assert_eq!(code, Some(1), "{name} {beside:?} {args:?}: {stderr}");
                assert!(stdout.is_empty(), "{name} {args:?}: printed {stdout}");
                assert!(!stderr.contains("panicked"), "{name}: {stderr}");
                assert_refusal(&stderr, path, name, beside);
                refusals += 1;
            }
            assert!(!out.exists(), "{name}: an export was written");
        }

        let (code, stdout, stderr) = run_cli(&dir, &["list"]);
        assert_eq!(code, Some(0), "{stderr}");
        for (name, path) in &paths {
            assert!(
                stdout.contains(&format!("UNREADABLE: {}", path.display())),
                "{name} is not listed as unreadable:\n{stdout}"
            );
        }
        let after: Vec<_> = paths.iter().map(|(_, p)| fingerprint(p)).collect();
        assert!(before == after, "{beside:?}: a bad file was written to");
    }
    eprintln!("{refusals} refusals on the command line, no file written");
}

/// The text of the message window on screen, its lines joined.
fn message_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|line| {
            let start = line.find('│')?;
            let end = line.rfind('│')?;
            (end > start).then(|| line[start + '│'.len_utf8()..end].trim().to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_app_lists_every_bad_file_as_unreadable_and_refuses_to_open_it() {
    const SIZE: (u16, u16) = (120, 40);
    for beside in BESIDE {
        let temp = TempDir::new().unwrap();
        let dir = temp.path().join("data");
        let scale = scale();
        let good = Store::new(&dir)
            .create(&Review::new(&scale, details("Good Team"), Utc::now()))
            .unwrap()
            .path()
            .to_path_buf();
        let files = bad_files();
        let paths: Vec<(String, PathBuf)> = files
            .iter()
            .map(|(name, bytes)| (name.clone(), write_bad(&dir, name, bytes, beside)))
            .collect();
        let before: Vec<_> = paths.iter().map(|(_, p)| fingerprint(p)).collect();
        let names_before = file_names(&dir);

        let mut ui = DiskUi::new(scale.clone(), &dir, None, Start::Home, SIZE);
        let home = ui.screen();
        assert!(home.contains("Good Team"), "{home}");
        for (name, _) in &paths {
            let row = home
                .lines()
                .find(|line| line.contains(&format!("⚠ {name}.json ")))
                .unwrap_or_else(|| panic!("{name} is not on the home screen:\n{home}"));
            assert!(row.contains("cannot be read"), "{row}");
        }

        // The good review comes first; then the bad ones, in the order listed.
        let listed: Vec<String> = home
            .lines()
            .filter_map(|line| {
                let at = line.find("⚠ ")?;
                Some(line[at + "⚠ ".len()..].split(' ').next()?.to_owned())
            })
            .collect();
        assert_eq!(listed.len(), paths.len(), "{home}");
        for (index, file) in listed.iter().enumerate() {
            let name = file.trim_end_matches(".json");
            let path = dir.join(file);
            for key in [KeyCode::Enter, KeyCode::Char('s'), KeyCode::Char('x')] {
                for _ in 0..=listed.len() {
                    ui.press(KeyCode::Char('k'));
                }
                for _ in 0..=index {
                    ui.press(KeyCode::Char('j'));
                }
                ui.press(key);
                let screen = ui.screen();
                assert!(
                    screen.contains("This review cannot be read"),
                    "{name} {key:?}:\n{screen}"
                );
                assert_refusal(&message_text(&screen), &path, name, beside);
                ui.press(KeyCode::Esc);
                assert!(ui.screen().contains("Reviews are kept in"), "{name}");
            }
        }

        // Opened directly, as `open PATH` does.
        for (name, path) in &paths {
            let ui = DiskUi::new(scale.clone(), &dir, None, Start::Open(path.clone()), SIZE);
            let screen = ui.screen();
            assert!(
                screen.contains("This review cannot be opened"),
                "{name}:\n{screen}"
            );
            assert_refusal(&message_text(&screen), path, name, beside);
            assert!(ui.app.open().is_none(), "{name} was opened");
        }

        let after: Vec<_> = paths.iter().map(|(_, p)| fingerprint(p)).collect();
        assert!(before == after, "{beside:?}: a bad file was written to");
        // Opening takes the one-writer lock first, so a lock file may appear; nothing else.
        let new: Vec<String> = file_names(&dir)
            .into_iter()
            .filter(|name| !names_before.contains(name) && !name.ends_with(".lock"))
            .collect();
        assert!(new.is_empty(), "files made: {new:?}");
        assert!(store::read(&good).is_ok());
    }
}

/// The real binary, `open` on a garbage file with a whole backup beside it.
#[cfg(unix)]
#[test]
fn open_in_the_real_binary_shows_the_refusal_and_leaves_the_file() {
    use reliability_support::Launch;
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("data");
    fs::create_dir(&dir).unwrap();
    let path = write_bad(&dir, "garbage", b"not a session at all", Beside::Whole);
    let before = fs::read(&path).unwrap();
    let mut term = Launch::new(&dir, &["open", path.to_str().unwrap()])
        .size(120, 40)
        .spawn();
    let screen = term.wait_for("This review cannot be opened");
    assert_refusal(&message_text(&screen), &path, "garbage", Beside::Whole);
    term.send("\x1b");
    term.wait_frame(|frame| !frame.contains("cannot be opened"))
        .expect("Esc closes the message");
    term.send("q");
    assert!(term.wait_exit().success());
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!term.last_frame().contains("panicked"));
}

/// A message is as tall as its text: a long path does not push the way back out of the window.
#[test]
fn the_way_back_stays_in_sight_at_80x24_with_long_paths() {
    let deep = "a-long-folder-name-that-people-do-make-sometimes/and-deeper-still";
    for beside in BESIDE {
        let temp = TempDir::new().unwrap();
        let dir = temp.path().join(deep);
        fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in bad_files() {
            let path = write_bad(&dir, &name, &bytes, beside);
            let ui = DiskUi::new(scale(), &dir, None, Start::Open(path), (80, 24));
            let screen = ui.screen();
            let text = message_text(&screen);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let way = way_back(&name, beside);
            let last_words: Vec<&str> = way.split(' ').rev().take(3).collect();
            assert!(
                last_words.iter().all(|word| text.contains(word)),
                "{name} {beside:?}: the end of the message is cut:\n{screen}"
            );
        }
    }
}
