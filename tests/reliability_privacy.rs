//! Nothing leaked: every file the program makes is the user's alone (0600, folders 0700) whatever
//! the umask, exports included; a session in the app writes nothing but its own files and the
//! screen (no log, nothing on stderr, nothing in the home folder); and it makes no network call.
//!
//! `tests/store.rs` (`files_are_private_to_the_user`) proves the modes at the store level, temp
//! files included; `tests/privacy.rs` that no network crate or socket call is in the code. This
//! is the real binary.

#![cfg(unix)]

mod reliability_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use reliability_support::app::{DiskUi, create_review, mini_scale};
use reliability_support::{Launch, Term, binary, mode, run_cli};
use tempfile::TempDir;

/// Every file and folder under `root`, with its mode.
fn modes_under(root: &Path) -> Vec<(PathBuf, u32, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let is_dir = path.is_dir();
            out.push((path.clone(), mode(&path), is_dir));
            if is_dir {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[track_caller]
fn assert_private(root: &Path) {
    for (path, mode, is_dir) in modes_under(root) {
        let want = if is_dir { 0o700 } else { 0o600 };
        assert_eq!(mode, want, "{} is {mode:o}", path.display());
    }
}

/// Runs the binary with a permissive umask (everything readable by all, by default).
fn run_with_open_umask(data: &Path, args: &[&str], home: &Path) -> std::process::Output {
    Command::new("/bin/sh")
        .arg("-c")
        .arg(r#"umask 000; exec "$@""#)
        .arg("sh")
        .arg(binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HOME", home)
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .output()
        .unwrap()
}

#[test]
fn files_and_folders_are_private_whatever_the_umask() {
    let temp = TempDir::new().unwrap();
    let home = temp.path().join("home");
    fs::create_dir(&home).unwrap();
    let data = temp.path().join("nested/data");
    let output = run_with_open_umask(
        &data,
        &["new", "--team", "North", "--date", "2026-11-23", "--no-tui"],
        &home,
    );
    assert!(output.status.success(), "{output:?}");
    let path = PathBuf::from(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    );

    // A session in the app, with the same umask: changes, a note, an export.
    let mut term = Launch::new(&data, &["open", path.to_str().unwrap()])
        .size(120, 40)
        .spawn_with_umask_000();
    term.wait_for("Item 1 of 39");
    term.send("yjn");
    term.wait_for("✗ b)");
    term.send("e");
    term.wait_for("╭ Note");
    term.send("Private words.");
    term.send("\x1b");
    term.wait_frame(|f| !f.contains("╭ Note") && f.contains("Private words."))
        .unwrap();
    term.send("x");
    term.wait_for("╭ Export a report");
    term.send("\r");
    term.wait_for("╭ Exported");
    term.send("\x1b");
    term.wait_frame(|f| !f.contains("╭ Exported")).unwrap();
    term.send("q");
    assert!(term.wait_exit().success());

    // And from the command line.
    let export = data.join("from-cli.csv");
    let output = run_with_open_umask(
        &data,
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            export.to_str().unwrap(),
        ],
        &home,
    );
    assert!(output.status.success(), "{output:?}");
    // An export over a file anyone could read leaves a file only the user can.
    let open_file = data.join("was-public.md");
    fs::write(&open_file, b"old").unwrap();
    fs::set_permissions(
        &open_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let output = run_with_open_umask(
        &data,
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            open_file.to_str().unwrap(),
        ],
        &home,
    );
    assert!(output.status.success(), "{output:?}");

    let names: Vec<String> = modes_under(&data)
        .iter()
        .map(|(p, _, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".json.bak")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".json.lock")), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("-report.md") || n.ends_with(".md")),
        "{names:?}"
    );
    assert_eq!(mode(&temp.path().join("nested")), 0o700);
    assert_private(&data);
}

#[test]
fn an_export_from_the_app_is_private() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("data");
    let path = create_review(&dir, &mini_scale(), "Crisis Team");
    let mut ui = DiskUi::new(
        mini_scale(),
        &dir,
        None,
        fidelity_review::tui::Start::Open(path),
        (100, 30),
    );
    ui.keys("y").keys("x");
    ui.press(ratatui::crossterm::event::KeyCode::Enter);
    assert!(ui.screen().contains("Exported"), "{}", ui.screen());
    assert_private(&dir);
}

/// Everything a session in the app leaves behind: the session's own files, nothing on stderr,
/// nothing in the home folder, the note nowhere but in the session and its backup.
#[test]
fn a_session_in_the_app_writes_nothing_but_its_files_and_the_screen() {
    let temp = TempDir::new().unwrap();
    let home = temp.path().join("home");
    fs::create_dir(&home).unwrap();
    let data = temp.path().join("data");
    let stderr = temp.path().join("stderr.txt");
    let (_, stdout, _) = run_cli(
        &data,
        &["new", "--team", "North", "--date", "2026-11-23", "--no-tui"],
    );
    let path = PathBuf::from(stdout.lines().last().unwrap());
    let note = "Confidential-note-4417";

    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_CONFIG_HOME", home.to_str().unwrap()),
        ("XDG_CACHE_HOME", home.to_str().unwrap()),
        ("XDG_STATE_HOME", home.to_str().unwrap()),
        ("XDG_DATA_HOME", home.to_str().unwrap()),
        ("RUST_LOG", "trace"),
        ("RUST_BACKTRACE", "1"),
    ];
    let mut term = Launch::new(&data, &["open", path.to_str().unwrap()])
        .size(120, 40)
        .stderr_to(&stderr)
        .env(&env)
        .spawn();
    term.wait_for("Item 1 of 39");
    term.send("y");
    term.wait_for("› ✓ a)");
    term.send("e");
    term.wait_for("╭ Note");
    term.send(note);
    term.send("\x1b");
    term.wait_frame(|f| !f.contains("╭ Note") && f.contains(note))
        .unwrap();
    term.send("lns");
    term.wait_for("Summary");
    term.send("q");
    assert!(term.wait_exit().success());

    let written = fs::read(&stderr).unwrap();
    assert!(
        written.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&written)
    );
    let session = path.file_name().unwrap().to_str().unwrap();
    let mut names: Vec<String> = fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            session.to_owned(),
            format!("{session}.bak"),
            format!("{session}.lock")
        ]
    );
    let in_home: Vec<_> = modes_under(&home);
    assert!(in_home.is_empty(), "files in the home folder: {in_home:?}");
    // The note is in the session and its backup, and nowhere else under the temp folder.
    let mut holding = Vec::new();
    for (file, _, is_dir) in modes_under(temp.path()) {
        if !is_dir
            && fs::read(&file)
                .unwrap()
                .windows(note.len())
                .any(|w| w == note.as_bytes())
        {
            holding.push(file.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    holding.sort();
    assert!(
        holding
            .iter()
            .all(|n| n == session || *n == format!("{session}.bak")),
        "the note is in {holding:?}"
    );
    assert!(holding.contains(&session.to_owned()));
}

/// With `strace` at hand, a whole session in the app makes no network system call (skipped,
/// saying so, where strace is missing or not allowed).
#[test]
fn a_session_in_the_app_makes_no_network_call() {
    let Ok(status) = Command::new("strace").arg("-V").output() else {
        eprintln!("skipped: no strace on this machine");
        return;
    };
    if !status.status.success() {
        eprintln!("skipped: strace does not run here");
        return;
    }
    let temp = TempDir::new().unwrap();
    let data = temp.path().join("data");
    let trace = temp.path().join("trace.txt");
    let (_, stdout, _) = run_cli(
        &data,
        &["new", "--team", "North", "--date", "2026-11-23", "--no-tui"],
    );
    let path = stdout.lines().last().unwrap().to_owned();
    let mut term = Term::spawn_program(
        "strace",
        &[
            "-f",
            "-qq",
            "-e",
            "trace=%network",
            "-o",
            trace.to_str().unwrap(),
            binary(),
            "--data-dir",
            data.to_str().unwrap(),
            "open",
            &path,
        ],
        &data,
    );
    let Ok(_) = term.wait_frame(|f| f.contains("Item 1 of 39")) else {
        eprintln!("skipped: the app did not start under strace (ptrace not allowed?)");
        return;
    };
    term.send("yjnx");
    term.wait_for("╭ Export a report");
    term.send("\r");
    term.wait_for("╭ Exported");
    term.send("\x1b");
    term.wait_frame(|f| !f.contains("╭ Exported")).unwrap();
    term.send("q");
    let _ = term.wait_exit();
    // Local pairs of sockets (the signal and input wake-ups) are not a network: what must
    // never appear is a socket of its own, an address, or a connection.
    let calls = fs::read_to_string(&trace).unwrap_or_default();
    let network: Vec<&str> = calls
        .lines()
        .filter(|line| {
            [
                "socket(", "connect(", "bind(", "listen(", "accept", "AF_INET", "AF_INET6",
            ]
            .iter()
            .any(|call| line.contains(call))
        })
        .collect();
    assert!(network.is_empty(), "network calls:\n{}", network.join("\n"));
    eprintln!(
        "{} socket calls traced, all on local socket pairs",
        calls.lines().count()
    );
}
