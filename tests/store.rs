//! The session store, driven as the app drives it: create, save, open, list; and proved
//! against failing disks, killed processes, second writers and damaged files.
//!
//! Every test works in its own temp folder. Tests that need a second process run this test
//! binary again with `CHILD_ENV` set (see `child_process`).

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, NaiveDate, Utc};
use fidelity_review::review::{Details, Finding, Review, ReviewKind};
use fidelity_review::scale::Scale;
use fidelity_review::store::{self, FaultyIo, OpenError, RealIo, SaveIo, SaveStep, Session, Store};
use proptest::prelude::*;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Fixtures

fn mini() -> Scale {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    fidelity_review::scale::pack::load_dir(&dir).expect("the mini pack loads")
}

/// The mini pack, loaded once for the property test's many cases.
fn mini_ref() -> &'static Scale {
    static SCALE: std::sync::OnceLock<Scale> = std::sync::OnceLock::new();
    SCALE.get_or_init(mini)
}

fn at(minute: u32) -> DateTime<Utc> {
    format!("2026-11-23T14:{minute:02}:00Z").parse().unwrap()
}

fn details(team: &str) -> Details {
    Details {
        team: team.into(),
        organisation: "North Trust".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec!["Ann".into(), "Bo".into()],
        kind: ReviewKind::External,
    }
}

fn new_review(scale: &Scale, team: &str) -> Review {
    Review::new(scale, details(team), at(0))
}

/// A review with something recorded: findings on item 1, a note, a flag.
fn half_done(scale: &Scale) -> Review {
    let mut review = new_review(scale, "North CRT");
    for (criterion, finding) in [
        ("a", Finding::Met),
        ("b", Finding::Met),
        ("c", Finding::NotMet),
    ] {
        review.set_finding(1, criterion, finding, at(1));
    }
    review.set_note(
        1,
        "a",
        "Calls logged on paper; «urgent» ones in red.",
        at(2),
    );
    review.toggle_flag(2, at(3));
    review
}

/// A child process holds copies of all of its parent's open files from the moment it is forked
/// until it starts its own program, and with them their locks. So a test that closes a session
/// and opens it again must not run while another test starts a child: the first holds this
/// for reading, the second for writing.
static CHILDREN: RwLock<()> = RwLock::new(());

fn reopening() -> RwLockReadGuard<'static, ()> {
    CHILDREN.read().unwrap_or_else(PoisonError::into_inner)
}

#[cfg_attr(not(unix), allow(dead_code))] // the tests that start children are Unix-only
fn starting_children() -> RwLockWriteGuard<'static, ()> {
    CHILDREN.write().unwrap_or_else(PoisonError::into_inner)
}

fn data_dir(temp: &TempDir) -> PathBuf {
    temp.path().join("data")
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<String> = file_names(dir)
        .into_iter()
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "temp files left behind: {temps:?}");
}

// ---------------------------------------------------------------------------------------------
// Create, save, open

#[test]
fn a_review_survives_create_save_and_open() {
    let _guard = reopening();
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let store = Store::new(data_dir(&temp));
    let mut review = new_review(&scale, "North CRT");
    let mut session = store.create(&review).unwrap();
    let path = session.path().to_path_buf();
    assert_eq!(path, data_dir(&temp).join("2026-11-23-north-crt.json"));

    review.set_finding(1, "a", Finding::Met, at(5));
    review.set_note(1, "a", "Seen in the log book.\nSecond line.", at(6));
    review.toggle_source(1, "a", "M", at(7));
    review
        .set_final_score(
            &scale,
            2,
            Some(4),
            "Visits happen, but not always at home",
            at(8),
        )
        .unwrap();
    session.save(&review).unwrap();
    drop(session);

    let (_session, reopened) = store::open(&path).unwrap();
    assert_eq!(reopened, review);
    assert_eq!(store::read(&path).unwrap(), review);
}

#[test]
fn the_file_is_pretty_json_with_the_schema_version_first_and_a_final_newline() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let session = Store::new(data_dir(&temp))
        .create(&half_done(&scale))
        .unwrap();
    let text = fs::read_to_string(session.path()).unwrap();
    assert!(
        text.starts_with("{\n  \"schema_version\": 1,\n  \"scale\": {"),
        "{text}"
    );
    assert!(text.ends_with("}\n"));
    let again = Store::new(temp.path().join("other"))
        .create(&half_done(&scale))
        .unwrap();
    assert_eq!(
        fs::read_to_string(again.path()).unwrap(),
        text,
        "the same review, the same bytes"
    );
}

#[test]
fn names_that_are_taken_get_a_number() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let store = Store::new(data_dir(&temp));
    let review = new_review(&scale, "North CRT");
    let sessions: Vec<Session> = (0..3).map(|_| store.create(&review).unwrap()).collect();
    let names: Vec<&str> = sessions
        .iter()
        .map(|s| s.path().file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "2026-11-23-north-crt.json",
            "2026-11-23-north-crt-2.json",
            "2026-11-23-north-crt-3.json"
        ]
    );
}

#[test]
fn creators_at_the_same_moment_never_share_a_file() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let store = Store::new(data_dir(&temp));
    let paths: Vec<PathBuf> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let (store, scale) = (&store, &scale);
                scope.spawn(move || {
                    let mut review = new_review(scale, "North CRT");
                    review.set_item_note(1, &format!("writer {i}"), at(1));
                    let session = store.create(&review).unwrap();
                    (session.path().to_path_buf(), review)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                let (path, review) = handle.join().unwrap();
                assert_eq!(store::read(&path).unwrap(), review);
                path
            })
            .collect()
    });
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8, "{paths:?}");
}

#[test]
fn the_backup_holds_the_previous_version() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let mut review = new_review(&scale, "North CRT");
    let mut session = Store::new(data_dir(&temp)).create(&review).unwrap();
    let backup = store::backup_path(session.path());
    assert!(!backup.exists(), "nothing to back up yet");

    let first = fs::read(session.path()).unwrap();
    review.set_finding(1, "a", Finding::Met, at(1));
    session.save(&review).unwrap();
    assert_eq!(fs::read(&backup).unwrap(), first);

    let second = fs::read(session.path()).unwrap();
    review.set_finding(1, "b", Finding::Unsure, at(2));
    session.save(&review).unwrap();
    assert_eq!(fs::read(&backup).unwrap(), second);
    assert_eq!(store::read(session.path()).unwrap(), review);
}

#[test]
fn a_recovery_file_goes_beside_the_session_never_over_it() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let session = Store::new(data_dir(&temp))
        .create(&new_review(&scale, "North"))
        .unwrap();
    let before = fs::read(session.path()).unwrap();
    let review = half_done(&scale);
    let written = store::write_recovery(session.path(), &review).unwrap();
    assert_eq!(written, store::recovery_path(session.path()));
    assert_eq!(
        written.file_name().unwrap(),
        "2026-11-23-north.json.recovery"
    );
    assert_eq!(store::read(&written).unwrap(), review);
    assert_eq!(fs::read(session.path()).unwrap(), before);
    assert_no_temp_files(&data_dir(&temp));
}

#[test]
fn write_private_file_replaces_a_file_whole() {
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("export.md");
    fs::write(&path, "an older, longer export").unwrap();
    store::write_private_file(&path, b"# Report\n").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"# Report\n");
    assert_no_temp_files(temp.path());
}

#[test]
fn ids_and_paths_resolve_to_session_files() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let store = Store::new(data_dir(&temp));
    let session = store.create(&new_review(&scale, "North CRT")).unwrap();
    let path = session.path().to_path_buf();
    assert_eq!(store.resolve("2026-11-23-north-crt"), path);
    assert_eq!(store.resolve("2026-11-23-north-crt.json"), path);
    assert_eq!(store.resolve(path.to_str().unwrap()), path);
    let elsewhere = temp.path().join("elsewhere.json");
    assert_eq!(store.resolve(elsewhere.to_str().unwrap()), elsewhere);
    assert_eq!(
        store.resolve("no-such-review"),
        data_dir(&temp).join("no-such-review.json")
    );
    assert!(matches!(
        store::open(&store.resolve("no-such-review")),
        Err(OpenError::NotFound { .. })
    ));
}

#[test]
fn the_default_data_dir_is_named_after_the_app() {
    if let Some(dir) = store::default_data_dir() {
        assert!(
            dir.to_string_lossy().contains("fidelity-review"),
            "{}",
            dir.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Failing disks

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

#[test]
fn a_save_failed_at_any_step_leaves_the_previous_file_whole() {
    let scale = mini();
    for step in STEPS {
        for code in [ENOSPC, EACCES, EIO] {
            let temp = TempDir::new().unwrap();
            let faults = FaultyIo::new();
            let store = Store::new(data_dir(&temp)).with_io(Arc::new(faults.clone()));
            let mut review = half_done(&scale);
            let mut session = store.create(&review).unwrap();
            review.set_finding(1, "d", Finding::Met, at(10));
            session.save(&review).unwrap();
            let good = fs::read(session.path()).unwrap();
            let good_backup = fs::read(store::backup_path(session.path())).unwrap();

            faults.fail(step, move || io::Error::from_raw_os_error(code));
            review.set_note(1, "d", "A change the disk refused.", at(11));
            let error = session.save(&review).unwrap_err();
            assert_eq!(error.step, step);
            assert_eq!(error.path, session.path());
            assert_eq!(error.source.raw_os_error(), Some(code));
            let message = error.to_string();
            assert!(
                message.contains(&session.path().display().to_string()),
                "{message}"
            );
            assert!(message.contains(&step.to_string()), "{message}");

            let on_disk = fs::read(session.path()).unwrap();
            if step == SaveStep::SyncFolder {
                // Renamed already: the new version is in place, whole, just not yet flushed.
                assert_eq!(store::read(session.path()).unwrap(), review, "{step:?}");
            } else {
                assert_eq!(on_disk, good, "{step:?} {code}: the old file changed");
            }
            let backup = fs::read(store::backup_path(session.path())).unwrap();
            assert!(
                backup == good_backup || backup == good,
                "{step:?}: the backup is neither version"
            );
            assert_no_temp_files(&data_dir(&temp));

            faults.clear();
            review.set_note(1, "d", "The disk has room again.", at(12));
            session.save(&review).unwrap();
            assert_eq!(store::read(session.path()).unwrap(), review);
            assert_eq!(
                fs::read(store::backup_path(session.path())).unwrap(),
                on_disk
            );
            assert_no_temp_files(&data_dir(&temp));
        }
    }
}

#[test]
fn a_failed_create_leaves_no_file_behind() {
    let scale = mini();
    for step in [
        SaveStep::CreateTemp,
        SaveStep::Write,
        SaveStep::SyncFile,
        SaveStep::Rename,
    ] {
        let temp = TempDir::new().unwrap();
        let faults = FaultyIo::new();
        faults.fail(step, || io::Error::from_raw_os_error(ENOSPC));
        let store = Store::new(data_dir(&temp)).with_io(Arc::new(faults.clone()));
        let error = store.create(&new_review(&scale, "North")).unwrap_err();
        assert_eq!(error.step, step);
        let sessions = store.list(&scale).unwrap();
        assert!(sessions.is_empty(), "{step:?}: {sessions:?}");
        assert_no_temp_files(&data_dir(&temp));
    }
}

#[test]
fn an_open_session_can_be_given_a_failing_disk() {
    let _guard = reopening();
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let path = Store::new(data_dir(&temp))
        .create(&half_done(&scale))
        .unwrap()
        .path()
        .to_path_buf();
    let faults = FaultyIo::new();
    let (session, mut review) = store::open(&path).unwrap();
    let mut session = session.with_io(Arc::new(faults.clone()));
    faults.fail(SaveStep::Write, || io::Error::from_raw_os_error(EIO));
    review.toggle_flag(3, at(20));
    assert_eq!(session.save(&review).unwrap_err().step, SaveStep::Write);
    faults.clear();
    session.save(&review).unwrap();
    assert_eq!(store::read(&path).unwrap(), review);
}

#[test]
fn a_data_folder_deleted_while_open_is_made_again_on_the_next_save() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let mut review = half_done(&scale);
    let mut session = Store::new(data_dir(&temp)).create(&review).unwrap();
    fs::remove_dir_all(data_dir(&temp)).unwrap();
    review.toggle_flag(1, at(30));
    session.save(&review).unwrap();
    assert_eq!(store::read(session.path()).unwrap(), review);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_refuses_the_save_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let mut review = half_done(&scale);
    let mut session = Store::new(data_dir(&temp)).create(&review).unwrap();
    let good = fs::read(session.path()).unwrap();
    fs::set_permissions(data_dir(&temp), fs::Permissions::from_mode(0o500)).unwrap();
    if fs::File::create(data_dir(&temp).join("probe")).is_ok() {
        eprintln!("skipped: this user (root?) can write to a read-only folder");
        return;
    }
    review.toggle_flag(1, at(40));
    let error = session.save(&review).unwrap_err();
    assert_eq!(error.step, SaveStep::CreateTemp);
    assert_eq!(error.source.kind(), io::ErrorKind::PermissionDenied);
    assert_eq!(fs::read(session.path()).unwrap(), good);
    fs::set_permissions(data_dir(&temp), fs::Permissions::from_mode(0o700)).unwrap();
    session.save(&review).unwrap();
    assert_eq!(store::read(session.path()).unwrap(), review);
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read

/// The bytes of a real session file, and the review in it.
fn good_file() -> (Vec<u8>, Review) {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let review = half_done(&scale);
    let session = Store::new(data_dir(&temp)).create(&review).unwrap();
    (fs::read(session.path()).unwrap(), review)
}

/// Writes `bytes` as a session file (with a backup beside it if asked), and checks that both
/// `read` and `open` refuse it, name it, point to the backup, and leave it byte-for-byte.
fn refused(name: &str, bytes: &[u8], with_backup: bool) -> OpenError {
    let temp = TempDir::new().unwrap();
    let path = temp.path().join(format!("{name}.json"));
    fs::write(&path, bytes).unwrap();
    let backup = store::backup_path(&path);
    if with_backup {
        fs::write(&backup, good_file().0).unwrap();
    }
    let read_error = store::read(&path).expect_err(name);
    let open_error = store::open(&path).map(|_| ()).expect_err(name);
    assert_eq!(read_error.to_string(), open_error.to_string());
    let message = read_error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "{name}: {message}"
    );
    assert!(message.contains("left as it is"), "{name}: {message}");
    if let OpenError::Unreadable {
        path: named,
        backup: pointed,
        ..
    } = &read_error
    {
        assert_eq!(named, &path);
        if with_backup {
            assert_eq!(pointed.as_deref(), Some(backup.as_path()), "{name}");
            assert!(
                message.contains(&backup.display().to_string()),
                "{name}: {message}"
            );
        } else {
            assert_eq!(pointed, &None, "{name}");
        }
    }
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "{name}: the file was changed"
    );
    read_error
}

fn problem_of(error: &OpenError) -> &str {
    match error {
        OpenError::Unreadable { problem, .. } => problem,
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

#[test]
fn empty_files_are_refused() {
    for with_backup in [false, true] {
        assert!(problem_of(&refused("empty", b"", with_backup)).contains("empty"));
        assert!(problem_of(&refused("blank", b"\n  \n", with_backup)).contains("empty"));
    }
}

#[test]
fn files_cut_short_at_every_tenth_are_refused_with_line_and_column() {
    let (bytes, _) = good_file();
    for tenth in 1..10 {
        let cut = &bytes[..bytes.len() * tenth / 10];
        let error = refused(&format!("cut-{tenth}"), cut, tenth.is_multiple_of(2));
        let problem = problem_of(&error);
        assert!(
            problem.contains("line ") && problem.contains("column "),
            "{problem}"
        );
    }
}

#[test]
fn garbage_and_binary_files_are_refused() {
    refused("text", b"Dear diary, today the team was reviewed.", true);
    refused("html", b"<html><body>not a session</body></html>", false);
    refused("array", b"[1, 2, 3]", false);
    refused("number", b"42", false);
    refused("bom", b"\xEF\xBB\xBF{\"schema_version\": 1}", false);
    let binary: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    refused("binary", &binary, true);
    refused("zeros", &[0; 1000], false);
    let (good, _) = good_file();
    let mut flipped = good.clone();
    flipped[good.len() / 2] = 0xFF;
    refused("invalid-utf8", &flipped, true);
}

#[test]
fn fields_of_the_wrong_type_are_refused_naming_the_line() {
    let (good, _) = good_file();
    let good = String::from_utf8(good).unwrap();
    let cases = [
        ("team-number", "\"team\": \"North CRT\"", "\"team\": 5"),
        (
            "bad-date",
            "\"date\": \"2026-11-23\"",
            "\"date\": \"yesterday\"",
        ),
        (
            "bad-finding",
            "\"finding\": \"met\"",
            "\"finding\": \"maybe\"",
        ),
        ("bad-kind", "\"kind\": \"external\"", "\"kind\": \"peer\""),
        ("items-list", "\"items\": {", "\"items\": [{"),
        ("bad-cursor", "\"item\": 1,", "\"item\": -1,"),
    ];
    for (name, from, to) in cases {
        assert!(good.contains(from), "{name}: the fixture has no {from}");
        let bad = good.replacen(from, to, 1);
        let problem = problem_of(&refused(name, bad.as_bytes(), true)).to_owned();
        assert!(problem.contains("line "), "{name}: {problem}");
    }
}

#[test]
fn files_without_a_schema_version_are_not_sessions() {
    let (good, _) = good_file();
    let good = String::from_utf8(good).unwrap();
    let without = good.replacen("\"schema_version\": 1,", "", 1);
    for (name, text) in [
        ("missing", without.as_str()),
        (
            "zero",
            &good.replacen("\"schema_version\": 1", "\"schema_version\": 0", 1),
        ),
        (
            "text",
            &good.replacen("\"schema_version\": 1", "\"schema_version\": \"1\"", 1),
        ),
        ("other-json", "{\"name\": \"some other program's file\"}"),
    ] {
        let problem = problem_of(&refused(name, text.as_bytes(), false)).to_owned();
        assert!(problem.contains("not a"), "{name}: {problem}");
    }
}

#[test]
fn a_newer_schema_is_refused_and_left_for_the_newer_version() {
    let (good, _) = good_file();
    let newer = String::from_utf8(good).unwrap().replacen(
        "\"schema_version\": 1",
        "\"schema_version\": 2",
        1,
    );
    let error = refused("newer", newer.as_bytes(), true);
    assert!(
        matches!(
            error,
            OpenError::NewerSchema {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("newer"));
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("huge.json");
    let file = fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap(); // sparse: no disk used
    drop(file);
    let error = store::read(&path).unwrap_err();
    assert!(problem_of(&error).contains("100 MB"), "{error}");
    assert!(store::open(&path).is_err());
    assert_eq!(fs::metadata(&path).unwrap().len(), 100 * 1024 * 1024);
}

#[test]
fn a_folder_named_like_a_session_is_refused() {
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("folder.json");
    fs::create_dir(&path).unwrap();
    assert!(problem_of(&store::read(&path).unwrap_err()).contains("folder"));
}

// ---------------------------------------------------------------------------------------------
// Listing

#[test]
fn the_listing_shows_every_session_newest_first_and_unreadable_ones_last() {
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let dir = data_dir(&temp);
    let store = Store::new(&dir);

    let mut older = new_review(&scale, "South");
    older.details.kind = ReviewKind::SelfReview;
    older.set_finding(2, "a", Finding::Met, at(1));
    let older_path = store.create(&older).unwrap().path().to_path_buf();

    let mut newer = half_done(&scale);
    newer.set_finding(1, "d", Finding::NotMet, at(50));
    let mut session = store.create(&newer).unwrap();
    session.save(&newer).unwrap(); // leaves a .bak
    let newer_path = session.path().to_path_buf();
    store::write_recovery(&newer_path, &newer).unwrap();

    fs::write(
        dir.join("broken.json"),
        b"{\"schema_version\": 1, \"scale\": ",
    )
    .unwrap();
    fs::write(dir.join(".hidden.json"), b"junk").unwrap();
    fs::write(dir.join(".x.json.123-4.tmp"), b"junk").unwrap();
    fs::write(dir.join("notes.txt"), b"junk").unwrap();
    fs::create_dir(dir.join("folder.json")).unwrap();

    let listing = store.list(&scale).unwrap();
    let paths: Vec<&Path> = listing.iter().map(|l| l.path.as_path()).collect();
    assert_eq!(
        paths,
        [
            newer_path.as_path(),
            older_path.as_path(),
            &dir.join("broken.json")
        ]
    );

    let first = listing[0].entry.as_ref().unwrap();
    assert_eq!(first.team, "North CRT");
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert_eq!(first.kind, ReviewKind::External);
    assert_eq!(
        (first.rated, first.items),
        (1, 3),
        "item 1 is settled with 3 of 4 met"
    );
    assert_eq!(first.updated, at(50));

    let second = listing[1].entry.as_ref().unwrap();
    assert_eq!(
        (second.team.as_str(), second.kind),
        ("South", ReviewKind::SelfReview)
    );
    assert_eq!(second.rated, 1);

    let reason = listing[2].entry.as_ref().unwrap_err();
    assert!(reason.contains("line 1"), "{reason}");
}

#[test]
fn a_missing_folder_lists_nothing() {
    let temp = TempDir::new().unwrap();
    let listing = Store::new(temp.path().join("not-yet"))
        .list(&mini())
        .unwrap();
    assert!(listing.is_empty());
    assert!(
        !temp.path().join("not-yet").exists(),
        "listing creates nothing"
    );
}

// ---------------------------------------------------------------------------------------------
// One writer

#[test]
fn a_second_open_is_told_who_holds_the_session() {
    let _guard = reopening();
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let session = Store::new(data_dir(&temp))
        .create(&half_done(&scale))
        .unwrap();
    let path = session.path().to_path_buf();
    let before = fs::read(&path).unwrap();

    let error = store::open(&path).map(|_| ()).unwrap_err();
    let OpenError::Locked {
        path: named,
        holder,
    } = &error
    else {
        panic!("expected Locked, got {error:?}");
    };
    assert_eq!(named, &path);
    assert_eq!(holder.pid, Some(std::process::id()));
    assert_eq!(holder.host, gethostname::gethostname().into_string().ok());
    assert!(holder.since.is_some());
    let message = error.to_string();
    assert!(
        message.contains(&format!("process {}", std::process::id())),
        "{message}"
    );
    assert!(message.contains(&path.display().to_string()), "{message}");

    // Reading without the lock still works while it is held.
    assert!(store::read(&path).is_ok());
    assert_eq!(fs::read(&path).unwrap(), before);

    drop(session);
    assert!(
        store::lock_path(&path).exists(),
        "the lock file stays behind…"
    );
    let (_session, _) = store::open(&path).expect("…but only the OS lock counts");
}

#[cfg(unix)]
#[test]
fn a_lock_held_by_a_killed_process_is_free_again() {
    let _guard = starting_children();
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let path = Store::new(data_dir(&temp))
        .create(&half_done(&scale))
        .unwrap()
        .path()
        .to_path_buf();

    let (mut child, mut lines) = spawn_child(&format!("hold:{}", path.display()));
    wait_for(&mut lines, "LOCKED");
    match store::open(&path) {
        Err(OpenError::Locked { holder, .. }) => {
            assert_eq!(holder.pid, Some(child.id()), "{holder}");
        }
        other => panic!("expected Locked, got {:?}", other.map(|_| ())),
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let (_session, review) = store::open(&path).expect("the lock died with its process");
    assert_eq!(review, half_done(&scale));
}

#[cfg(unix)]
#[test]
fn a_process_killed_while_saving_never_leaves_an_unreadable_file() {
    let _guard = starting_children();
    let rounds: u64 = std::env::var("FIDELITY_REVIEW_KILL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let scale = mini();
    let temp = TempDir::new().unwrap();
    let mut review = half_done(&scale);
    // A note large enough that a save takes a while, so kills land mid-write too.
    review.set_item_note(3, &"A long observation. ".repeat(40_000), at(1));
    let path = Store::new(data_dir(&temp))
        .create(&review)
        .unwrap()
        .path()
        .to_path_buf();

    let mut last_saved = 0;
    let mut mid_save = 0;
    for round in 0..rounds {
        let (mut child, mut lines) = spawn_child(&format!("save:{}", path.display()));
        // Let it save once or twice, then kill it: between saves, or just as it starts one
        // of the steps of a save, a different moment each round.
        for _ in 0..=(round % 2) {
            last_saved = wait_for(&mut lines, "SAVED ").parse().unwrap();
        }
        let moment = round as usize % (STEPS.len() + 1);
        if let Some(step) = STEPS.get(moment) {
            wait_for(&mut lines, &format!("STEP {step:?}"));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let left_a_temp = file_names(&data_dir(&temp))
            .iter()
            .any(|name| name.ends_with(".tmp"));
        mid_save += u64::from(left_a_temp);

        let on_disk = store::read(&path).unwrap_or_else(|e| {
            panic!("round {round}: after a kill the session is unreadable: {e}")
        });
        let count: u64 = on_disk.item(1).unwrap().note.parse().unwrap();
        assert!(
            count >= last_saved,
            "round {round}: saved {last_saved}, on disk {count}"
        );
        if let Ok(backup) = store::read(&store::backup_path(&path)) {
            assert_eq!(backup.details, on_disk.details);
        }
    }
    let (_session, review) = store::open(&path).unwrap();
    assert!(review.item(1).unwrap().note.parse::<u64>().unwrap() >= last_saved);
    eprintln!("{rounds} kills, {mid_save} of them mid-save (a temp file left), none unreadable");
    assert_no_temp_files(&data_dir(&temp));
}

// ---------------------------------------------------------------------------------------------
// Privacy

#[cfg(unix)]
#[test]
fn files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;

    /// Checks the temp file's mode at the moment it is flushed.
    #[derive(Debug, Default)]
    struct TempModes(std::sync::Mutex<Vec<u32>>);
    impl SaveIo for TempModes {
        fn sync_file(&self, file: &fs::File) -> io::Result<()> {
            let mode = file.metadata()?.permissions().mode() & 0o777;
            self.0.lock().unwrap().push(mode);
            file.sync_all()
        }
    }

    let scale = mini();
    let temp = TempDir::new().unwrap();
    let nested = temp.path().join("a/b");
    let modes = Arc::new(TempModes::default());
    let mut review = half_done(&scale);
    let mut session = Store::new(&nested)
        .with_io(modes.clone())
        .create(&review)
        .unwrap();
    review.toggle_flag(1, at(5));
    session.save(&review).unwrap();
    let path = session.path().to_path_buf();
    let recovery = store::write_recovery(&path, &review).unwrap();
    let export = temp.path().join("report.md");
    store::write_private_file(&export, b"# Report\n").unwrap();

    assert_eq!(mode(&temp.path().join("a")), 0o700);
    assert_eq!(mode(&nested), 0o700);
    for file in [
        &path,
        &store::backup_path(&path),
        &store::lock_path(&path),
        &recovery,
        &export,
    ] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert_eq!(*modes.0.lock().unwrap(), [0o600, 0o600], "temp files");
}

// ---------------------------------------------------------------------------------------------
// Round trip of any review

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..60).prop_map(String::from_iter)
}

#[derive(Debug, Clone)]
enum Change {
    Finding(u16, &'static str, Finding),
    Note(u16, &'static str, String),
    Source(u16, &'static str, &'static str),
    ItemNote(u16, String),
    Flag(u16),
    Score(u16, Option<u8>, String),
    Cursor(u16, usize, u16),
}

fn change() -> impl Strategy<Value = Change> {
    // Item 4 and criterion `z` are not in the pack: answers to them must be kept too.
    let item = 1..=4u16;
    let criterion = prop::sample::select(vec!["a", "b", "c", "d", "z"]);
    let finding = prop::sample::select(vec![
        Finding::NotRated,
        Finding::Met,
        Finding::NotMet,
        Finding::Unsure,
    ]);
    prop_oneof![
        (item.clone(), criterion.clone(), finding).prop_map(|(i, c, f)| Change::Finding(i, c, f)),
        (item.clone(), criterion.clone(), text()).prop_map(|(i, c, t)| Change::Note(i, c, t)),
        (
            item.clone(),
            criterion,
            prop::sample::select(vec!["C", "M", "S", "SU"])
        )
            .prop_map(|(i, c, s)| Change::Source(i, c, s)),
        (item.clone(), text()).prop_map(|(i, t)| Change::ItemNote(i, t)),
        item.clone().prop_map(Change::Flag),
        (item.clone(), any::<Option<u8>>(), text()).prop_map(|(i, s, r)| Change::Score(i, s, r)),
        (item, any::<usize>(), any::<u16>()).prop_map(|(i, c, g)| Change::Cursor(i, c, g)),
    ]
}

fn review_strategy() -> impl Strategy<Value = Review> {
    (
        text(),
        text(),
        prop::collection::vec(text(), 0..4),
        any::<bool>(),
        -100_000i32..100_000,
        prop::collection::vec((change(), 0..100_000i64), 0..40),
    )
        .prop_map(|(team, organisation, reviewers, external, days, changes)| {
            let date = NaiveDate::from_num_days_from_ce_opt(739_000 + days).unwrap();
            let details = Details {
                team,
                organisation,
                date,
                reviewers,
                kind: if external {
                    ReviewKind::External
                } else {
                    ReviewKind::SelfReview
                },
            };
            let start = at(0);
            let mut review = Review::new(mini_ref(), details, start);
            for (change, millis) in changes {
                let now = start
                    + chrono::Duration::milliseconds(millis)
                    + chrono::Duration::nanoseconds(7);
                match change {
                    Change::Finding(i, c, f) => {
                        review.set_finding(i, c, f, now);
                    }
                    Change::Note(i, c, t) => {
                        review.set_note(i, c, &t, now);
                    }
                    Change::Source(i, c, s) => review.toggle_source(i, c, s, now),
                    Change::ItemNote(i, t) => {
                        review.set_item_note(i, &t, now);
                    }
                    Change::Flag(i) => {
                        review.toggle_flag(i, now);
                    }
                    Change::Score(i, score, rationale) => {
                        // Straight into the record: the file must keep whatever is there.
                        let record = review.items.entry(i).or_default();
                        record.final_score = score;
                        record.rationale = rationale;
                    }
                    Change::Cursor(item, criterion, guidance_scroll) => {
                        review.set_cursor(fidelity_review::review::Cursor {
                            item,
                            criterion,
                            guidance_scroll,
                        })
                    }
                }
            }
            review
        })
}

proptest! {
    #[test]
    fn any_review_comes_back_from_disk_as_it_was(review in review_strategy()) {
    let _guard = reopening();
        let temp = TempDir::new().unwrap();
        let store = Store::new(data_dir(&temp));
        let mut session = store.create(&Review::new(mini_ref(), details("x"), at(0))).unwrap();
        session.save(&review).unwrap();
        let path = session.path().to_path_buf();
        drop(session);
        let (_session, reopened) = store::open(&path).unwrap();
        prop_assert_eq!(&reopened, &review);
        let created = store.create(&review).unwrap();
        prop_assert_eq!(&store::read(created.path()).unwrap(), &review);
    }
}

proptest! {
    /// Damage of any kind to a session file is refused or read, never a panic, never a write.
    #[test]
    fn a_damaged_file_is_never_a_panic_or_a_write(
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8)
    ) {
        let (mut bytes, _) = good_file_cached().clone();
        for (at, byte, how) in damage {
            let i = at.index(bytes.len().max(1));
            match how {
                0 if !bytes.is_empty() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if !bytes.is_empty() => { bytes.remove(i); }
                _ => {}
            }
        }
        let temp = TempDir::new().unwrap();
        let path = temp.path().join("damaged.json");
        fs::write(&path, &bytes).unwrap();
        let _ = store::read(&path);
        if let Ok((mut session, review)) = store::open(&path) {
            session.save(&review).unwrap();
            prop_assert_eq!(store::read(&path).unwrap(), review);
        } else {
            prop_assert_eq!(fs::read(&path).unwrap(), bytes);
        }
    }
}

fn good_file_cached() -> &'static (Vec<u8>, Review) {
    static GOOD: std::sync::OnceLock<(Vec<u8>, Review)> = std::sync::OnceLock::new();
    GOOD.get_or_init(good_file)
}

// ---------------------------------------------------------------------------------------------
// The second process

/// The real disk, saying `STEP <step>` as each step of a save begins, so a test can kill the
/// process at that moment.
#[derive(Debug)]
struct Announced;

impl Announced {
    fn say(step: SaveStep) {
        println!("STEP {step:?}");
    }
}

impl SaveIo for Announced {
    fn create_temp(&self, path: &Path) -> io::Result<fs::File> {
        Self::say(SaveStep::CreateTemp);
        RealIo.create_temp(path)
    }
    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        Self::say(SaveStep::Write);
        RealIo.write(file, bytes)
    }
    fn sync_file(&self, file: &fs::File) -> io::Result<()> {
        Self::say(SaveStep::SyncFile);
        RealIo.sync_file(file)
    }
    fn keep_backup(&self, current: &Path, backup: &Path) -> io::Result<()> {
        Self::say(SaveStep::Backup);
        RealIo.keep_backup(current, backup)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        Self::say(SaveStep::Rename);
        RealIo.rename(from, to)
    }
    fn sync_folder(&self, dir: &Path) -> io::Result<()> {
        Self::say(SaveStep::SyncFolder);
        RealIo.sync_folder(dir)
    }
}

const CHILD_ENV: &str = "FIDELITY_REVIEW_STORE_TEST_CHILD";

/// Runs this test binary again as a child that does `job` (see `child_process`), with its
/// stdout as lines to wait on.
#[cfg_attr(not(unix), allow(dead_code))] // the tests that start children are Unix-only
fn spawn_child(job: &str) -> (Child, std::io::Lines<BufReader<std::process::ChildStdout>>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, job)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    (child, lines)
}

/// Reads the child's output until a line holding `prefix`; returns what follows it.
#[cfg_attr(not(unix), allow(dead_code))] // the tests that start children are Unix-only
fn wait_for(lines: &mut impl Iterator<Item = io::Result<String>>, prefix: &str) -> String {
    for line in lines {
        // libtest may have printed "test child_process ... " on the same line first.
        let line = line.unwrap();
        if let Some(at) = line.find(prefix) {
            return line[at + prefix.len()..].to_owned();
        }
    }
    panic!("the child process ended before saying {prefix:?}");
}

/// Not a test of its own: the body of the child processes above. Does nothing unless
/// `CHILD_ENV` is set to `hold:PATH` (open the session and hold it until killed) or
/// `save:PATH` (open it and save changes over and over, saying `SAVED n` after each).
#[test]
fn child_process() {
    let Ok(job) = std::env::var(CHILD_ENV) else {
        return;
    };
    if let Some(path) = job.strip_prefix("hold:") {
        let (_session, _) = store::open(Path::new(path)).expect("the child opens the session");
        println!("LOCKED");
        // Holds the lock until killed (or until the parent goes away and closes stdin).
        let _ = io::stdin().lines().count();
    } else if let Some(path) = job.strip_prefix("save:") {
        let (session, mut review) = store::open(Path::new(path)).expect("the child opens");
        let mut session = session.with_io(Arc::new(Announced));
        let mut count: u64 = review.item(1).map_or(0, |r| r.note.parse().unwrap_or(0));
        loop {
            count += 1;
            let now = Utc::now();
            review.set_item_note(1, &count.to_string(), now);
            let finding = if count.is_multiple_of(2) {
                Finding::Met
            } else {
                Finding::NotMet
            };
            review.set_finding(2, "a", finding, now);
            session.save(&review).expect("the child saves");
            println!("SAVED {count}");
        }
    }
}
