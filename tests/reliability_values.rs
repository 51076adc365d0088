//! Values no review can have, limits the writer and the reader share, and output channels that
//! fail.
//!
//! - A time outside the calendar, a final score outside the rating range, a key given twice
//!   (`schema_version`, an item): the file is refused with the field named, never a panic and
//!   never a wrong total, on `list`, `summary`, `export`, `open` and the home screen; one bad
//!   file never stops the listing of the others.
//! - What the app saves, it can open: a note over the limit is refused where it is set, and a
//!   review that would grow past the file limit is not saved (the answers stay, the save says
//!   why), so no file is written that the reader refuses.
//! - A warning written to a full standard error loses the warning, never the command.

#![cfg(unix)]

mod reliability_support;

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::Utc;
use fidelity_review::review::{
    Finding, MAX_FILE_BYTES, MAX_TEXT_BYTES, RatingError, Review, check_text,
};
use fidelity_review::store::{self, SaveStep, Store};
use reliability_support::app::{create_review, details, mini_scale, now};
use reliability_support::{binary, mini_pack_dir, run_cli};
use tempfile::TempDir;

/// A review file with its text changed by `edit`, beside a good one: (folder, bad, good).
fn bad_beside_good(edit: impl Fn(&str) -> String) -> (TempDir, PathBuf, PathBuf) {
    let temp = TempDir::new().unwrap();
    let scale = mini_scale();
    let good = create_review(temp.path(), &scale, "Good Team");
    let bad = temp.path().join("2025-03-14-bad.json");
    let mut review = Review::new(&scale, details("Bad Team"), now());
    review.set_finding(1, "a", Finding::Met, now());
    review
        .set_final_score(&scale, 3, Some(4), "", now())
        .unwrap();
    let session = Store::new(temp.path().join("made"))
        .create(&review)
        .unwrap();
    let text = fs::read_to_string(session.path()).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    fs::write(&bad, edited).unwrap();
    drop(session);
    fs::remove_dir_all(temp.path().join("made")).unwrap();
    (temp, bad, good)
}

fn far_future(text: &str) -> String {
    let updated = text.find("\"updated\": \"").unwrap() + "\"updated\": \"".len();
    let end = updated + text[updated..].find('"').unwrap();
    format!(
        "{}+262142-01-01T00:00:00Z{}",
        &text[..updated],
        &text[end..]
    )
}

fn score_255(text: &str) -> String {
    text.replacen("\"final_score\": 4", "\"final_score\": 255", 1)
}

fn version_twice(text: &str) -> String {
    text.replacen(
        "\"schema_version\": 1,",
        "\"schema_version\": 1,\n  \"schema_version\": 99,",
        1,
    )
}

fn item_twice(text: &str) -> String {
    // Item 3 given again, ahead of the first, with another final score.
    text.replacen(
        "\"items\": {",
        "\"items\": {\n    \"3\": {\"final_score\": 1},",
        1,
    )
}

/// A kind of impossible value: what it is, how a good file is changed to hold it, and what
/// the refusal must name.
type Case = (&'static str, fn(&str) -> String, &'static str);

/// Each kind of impossible value.
fn cases() -> Vec<Case> {
    vec![
        (
            "a time in the year 262142",
            far_future,
            "updated is +262142",
        ),
        (
            "a final score of 255",
            score_255,
            "item 3: final_score is 255",
        ),
        (
            "schema_version twice",
            version_twice,
            "\"schema_version\" is given twice",
        ),
        ("an item twice", item_twice, "\"3\" is given twice"),
    ]
}

fn pack() -> String {
    mini_pack_dir().to_str().unwrap().to_owned()
}

#[test]
fn the_store_refuses_each_impossible_value_with_its_field_named() {
    for (what, edit, named) in cases() {
        let (temp, bad, _good) = bad_beside_good(edit);
        let scale = mini_scale();
        let refused = store::read_for(&bad, &scale).expect_err(what).to_string();
        assert!(refused.contains(named), "{what}: {refused}");
        assert!(
            refused.contains(&bad.display().to_string()),
            "{what}: {refused}"
        );
        let opened = Store::new(temp.path())
            .checking_against(&scale)
            .open(&bad)
            .map(|_| ())
            .expect_err(what)
            .to_string();
        assert!(opened.contains(named), "{what}: {opened}");
        let listings = Store::new(temp.path()).list(&scale).unwrap();
        assert_eq!(listings.len(), 2, "{what}");
        let bad_row = listings.iter().find(|l| l.path == bad).unwrap();
        let reason = bad_row.entry.as_ref().expect_err(what);
        assert!(reason.contains(named), "{what}: {reason}");
        assert!(
            listings.iter().any(|l| l.entry.is_ok()),
            "{what}: the good review is still listed"
        );
    }
}

#[test]
fn the_command_line_refuses_each_impossible_value_and_still_lists_the_others() {
    for (what, edit, named) in cases() {
        let (temp, bad, _good) = bad_beside_good(edit);
        let pack = pack();
        let (code, stdout, stderr) = run_cli(temp.path(), &["--content", &pack, "list"]);
        assert_eq!(code, Some(0), "{what}: {stderr}");
        assert!(stdout.contains("Good Team"), "{what}: {stdout}");
        assert!(stdout.contains("UNREADABLE"), "{what}: {stdout}");
        assert!(stdout.contains(named), "{what}: {stdout}");
        for args in [
            vec!["summary", bad.to_str().unwrap()],
            vec!["summary", "--json", bad.to_str().unwrap()],
            vec!["export", bad.to_str().unwrap(), "--format", "csv"],
        ] {
            let mut all = vec!["--content", &pack];
            all.extend(args.iter().copied());
            let (code, stdout, stderr) = run_cli(temp.path(), &all);
            assert_eq!(code, Some(1), "{what} {args:?}: {stdout}{stderr}");
            assert!(stderr.contains(named), "{what} {args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(!stdout.contains("total"), "no total from {what}: {stdout}");
        }
    }
}

#[test]
fn the_home_screen_lists_every_review_beside_a_file_from_the_year_262142() {
    let (temp, bad, _good) = bad_beside_good(far_future);
    let pack = pack();
    let mut app = pty::Tui::spawn(temp.path(), &["--content", &pack], 160, 30);
    let screen = app.wait_for_all(&["Good Team", "q quit"]);
    assert!(!screen.contains("panicked"), "{screen}");
    app.send("q");
    assert!(app.wait_exit(), "no panic, an orderly exit");

    let mut app = pty::Tui::spawn(
        temp.path(),
        &["--content", &pack, "open", bad.to_str().unwrap()],
        160,
        30,
    );
    app.wait_for_all(&["cannot be opened", "updated is +262142"]);
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn a_note_over_the_limit_is_refused_where_it_is_set_and_nothing_changes() {
    let scale = mini_scale();
    let mut review = Review::new(&scale, details("North"), now());
    let most = "n".repeat(MAX_TEXT_BYTES);
    assert_eq!(review.try_set_note(1, "a", &most, now()), Ok(true));
    let over = "n".repeat(MAX_TEXT_BYTES + 1);
    let refused = review.try_set_note(1, "a", &over, now()).unwrap_err();
    assert!(refused.to_string().contains("at most 100 KB"), "{refused}");
    assert_eq!(review.criterion(1, "a").unwrap().note, most, "unchanged");
    assert!(review.try_set_item_note(2, &over, now()).is_err());
    assert_eq!(review.item(2).map(|i| i.note.as_str()), None);
    assert!(check_text(&over).is_err() && check_text(&most).is_ok());
    match review.set_final_score(&scale, 3, Some(2), &over, now()) {
        Err(RatingError::RationaleTooLong { item: 3, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_review_grown_past_the_file_limit_is_not_saved_and_what_was_saved_still_opens() {
    let temp = TempDir::new().unwrap();
    let scale = mini_scale();
    let path = create_review(temp.path(), &scale, "Paste Many Times");
    let (mut session, mut review) = store::open(&path).unwrap();
    review.set_finding(1, "a", Finding::Met, Utc::now());
    session.save(&review).unwrap();
    // Far more than any note may hold, set without the check, as an older editor would.
    let huge = "p".repeat((MAX_FILE_BYTES / 2) as usize);
    review.set_item_note(1, &huge, Utc::now());
    let error = session
        .save(&review)
        .expect_err("too large to be read again");
    assert_eq!(error.step, SaveStep::Write);
    assert_eq!(error.source.kind(), ErrorKind::FileTooLarge);
    assert!(
        error.to_string().contains("never larger than 64 MB"),
        "{error}"
    );
    drop(session);
    let reopened = store::read(&path).expect("what was saved opens");
    assert_eq!(reopened.finding(1, "a"), Finding::Met);
    assert!(fs::metadata(&path).unwrap().len() < MAX_FILE_BYTES);
    // The recovery copy is held to the same limit.
    assert!(store::write_recovery(&path, &review).is_err());
    assert!(!store::recovery_path(&path).exists());
}

#[test]
fn a_review_just_inside_the_limit_is_saved_and_opens() {
    let temp = TempDir::new().unwrap();
    let scale = mini_scale();
    let path = create_review(temp.path(), &scale, "Long Notes");
    let (mut session, mut review) = store::open(&path).unwrap();
    let note = "q".repeat(MAX_TEXT_BYTES);
    for (item, criterion) in [(1, "a"), (1, "b"), (1, "c"), (2, "a")] {
        review
            .try_set_note(item, criterion, &note, Utc::now())
            .unwrap();
    }
    session.save(&review).unwrap();
    drop(session);
    assert_eq!(store::read(&path).unwrap(), review);
}

/// Runs the binary with standard error on `/dev/full`: (code, stdout, stderr-was-empty).
fn with_full_stderr(data: &Path, args: &[&str]) -> (Option<i32>, String) {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = Command::new(binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .stdin(Stdio::null())
        .stderr(full)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn a_warning_to_a_full_standard_error_never_stops_the_command() {
    let temp = TempDir::new().unwrap();
    // Made with the mini pack, read with the built-in one: a warning on standard error.
    let path = create_review(temp.path(), &mini_scale(), "Other Pack");
    let path = path.to_str().unwrap();
    let (code, stdout) = with_full_stderr(temp.path(), &["summary", path]);
    assert_eq!(code, Some(0), "the summary is still given");
    assert!(stdout.contains("Other Pack"), "{stdout}");
    let (code, stdout) = with_full_stderr(temp.path(), &["export", path, "--format", "md"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Other Pack"));
    // A failure with nowhere to say it: exit code 1, not a panic (101).
    let (code, _) = with_full_stderr(temp.path(), &["summary", "no-such-review"]);
    assert_eq!(code, Some(1));
    let (code, _) = with_full_stderr(temp.path(), &["open", "no-such-review"]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_full_standard_output_is_a_failure_said_on_standard_error() {
    let temp = TempDir::new().unwrap();
    create_review(temp.path(), &mini_scale(), "Listed");
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = Command::new(binary())
        .arg("--data-dir")
        .arg(temp.path())
        .args(["--content", &pack(), "list"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}
