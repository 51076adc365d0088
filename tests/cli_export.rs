//! `export` through the real binary: every format, to a file or standard output, with and
//! without the reviewers' notes.

#[path = "support/full_review.rs"]
mod full_review;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use fidelity_review::scale::pack;
use fidelity_review::store::Store;
use tempfile::TempDir;

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelity-review"))
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[track_caller]
fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn every_format_exports_and_notes_need_asking_for() {
    let data = TempDir::new().unwrap();
    let scale = pack::load_embedded().unwrap();
    let session = Store::new(data.path())
        .create(&full_review::full(&scale, true))
        .unwrap();
    let review = session.path().to_str().unwrap().to_owned();
    drop(session);

    for (format, starts) in [
        ("html", "<!DOCTYPE html>"),
        ("md", "# Fidelity review: "),
        ("csv", "\u{feff}item,title,domain,met,not_met,unsure,"),
        ("csv-criteria", "\u{feff}Item,Item title,Domain,Criterion,"),
        ("json", "{"),
    ] {
        let out = ok(&run(data.path(), &["export", &review, "--format", format]));
        assert!(
            out.starts_with(starts),
            "{format}: {}",
            &out[..60.min(out.len())]
        );
        assert!(
            !out.contains("Note on item"),
            "{format}: notes without asking"
        );
        let with = ok(&run(
            data.path(),
            &["export", &review, "--format", format, "--include-notes"],
        ));
        if format != "csv" {
            assert!(with.contains("Note on item 1"), "{format}: notes asked for");
        }
    }

    let file = data.path().join("report.html");
    let out = ok(&run(
        data.path(),
        &[
            "export",
            &review,
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
        ],
    ));
    assert_eq!(out.trim(), file.to_str().unwrap(), "says what it wrote");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains(full_review::TEAM));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the report is private");
    }
}

#[test]
fn an_unknown_format_is_bad_usage_and_names_the_formats() {
    let data = TempDir::new().unwrap();
    let output = run(data.path(), &["export", "x.json", "--format", "pdf"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    for name in ["html", "md", "csv", "csv-criteria", "json"] {
        assert!(err.contains(name), "{name} not offered: {err}");
    }
}
