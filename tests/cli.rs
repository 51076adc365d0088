//! The command-line contract, through the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fidelity-review"));
    command
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .env_remove("FIDELITY_REVIEW_CONFIG")
        .env_remove("XDG_CONFIG_HOME")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

fn run(data: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
}

/// Creates a review with `new --no-tui` and returns its path.
fn new_review(data: &Path, team: &str) -> PathBuf {
    let output = run(
        data,
        &[
            "new",
            "--team",
            team,
            "--date",
            "2026-11-23",
            "--reviewer",
            "Ann",
            "--reviewer",
            "Bo",
            "--no-tui",
        ],
    );
    assert_ok(&output);
    let text = stdout(&output);
    let path = PathBuf::from(text.lines().last().expect("a path on the last line"));
    assert!(path.is_file(), "{path:?}");
    path
}

#[test]
fn help_names_the_commands_and_the_data_folder() {
    let output = bin().arg("--help").output().unwrap();
    assert_ok(&output);
    let text = stdout(&output);
    for word in [
        "new",
        "open",
        "list",
        "summary",
        "export",
        "content",
        "--data-dir",
        "--content",
        "FIDELITY_REVIEW_DATA_DIR",
    ] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
    assert!(text.contains("Reviews are saved in"), "{text}");
}

#[test]
fn version_prints_the_version() {
    let output = bin().arg("--version").output().unwrap();
    assert_ok(&output);
    assert!(stdout(&output).contains(env!("CARGO_PKG_VERSION")));
    assert!(stdout(&output).contains("content pack: core-crt"));
}

#[test]
fn bad_usage_exits_with_2() {
    let data = TempDir::new().unwrap();
    for args in [
        &["frobnicate"][..],
        &["new", "--no-tui"],
        &["new", "--team", "X", "--date", "2026-13-40", "--no-tui"],
        &["new", "--team", "X", "--kind", "sideways", "--no-tui"],
        &["export", "x.json", "--format", "pdf"],
        &["summary"],
    ] {
        let output = run(data.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty());
    }
    let output = run(
        data.path(),
        &["new", "--team", "X", "--date", "2026-13-40", "--no-tui"],
    );
    assert!(
        stderr(&output).contains("YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn content_check_reports_39_items_in_4_domains() {
    let output = bin().args(["content", "check", "--json"]).output().unwrap();
    assert_ok(&output);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["format"], 1);
    assert_eq!(report["items"], 39);
    assert_eq!(report["domains"], 4);
    assert_eq!(report["valid"], true);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);

    let text = stdout(&bin().args(["content", "check"]).output().unwrap());
    assert!(text.contains("39 items in 4 domains"), "{text}");
}

#[test]
fn content_check_of_a_broken_pack_names_file_and_line_and_exits_1() {
    let dir = TempDir::new().unwrap();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    std::fs::create_dir_all(dir.path().join("items")).unwrap();
    std::fs::copy(mini.join("scale.toml"), dir.path().join("scale.toml")).unwrap();
    std::fs::copy(
        mini.join("introduction.toml"),
        dir.path().join("introduction.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("items/01-x.toml"),
        "number = 1\ntitle = \"X\"\ndomain = \"nowhere\"\nprovenance = \"summary\"\n",
    )
    .unwrap();
    let output = bin()
        .args(["content", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("items/01-x.toml:3"),
        "{}",
        stdout(&output)
    );

    let output = bin()
        .args(["content", "check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["problems"][0]["file"], "items/01-x.toml");
    assert_eq!(report["problems"][0]["line"], 3);
}

#[test]
fn new_list_summary_and_export_work_together() {
    let data = TempDir::new().unwrap();
    let path = new_review(data.path(), "North CRT");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let output = run(data.path(), &["list", "--json"]);
    assert_ok(&output);
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["format"], 1);
    assert_eq!(rows[0]["id"], path.file_stem().unwrap().to_str().unwrap());
    assert_eq!(rows[0]["team"], "North CRT");
    assert_eq!(rows[0]["date"], "2026-11-23");
    assert_eq!(rows[0]["rated"], 0);
    assert_eq!(rows[0]["items"], 39);
    let text = stdout(&run(data.path(), &["list"]));
    assert!(
        text.contains("North CRT") && text.contains("0/39"),
        "{text}"
    );

    let id = path.file_stem().unwrap().to_str().unwrap();
    for review in [path.to_str().unwrap(), id] {
        let output = run(data.path(), &["summary", review, "--json"]);
        assert_ok(&output);
        let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(summary["format"], 1);
        for key in ["total", "mean", "band", "rated", "domains", "items"] {
            assert!(summary.get(key).is_some(), "summary lacks {key}");
        }
        let item = &summary["items"][0];
        for key in [
            "number",
            "title",
            "domain",
            "met",
            "not_met",
            "unsure",
            "suggested",
            "final",
            "provisional",
            "flagged",
        ] {
            assert!(item.get(key).is_some(), "item lacks {key}");
        }
    }
    let text = stdout(&run(data.path(), &["summary", id]));
    assert!(text.contains("Rated 0 of 39 items"), "{text}");

    let output = run(data.path(), &["export", id, "--format", "md"]);
    assert_ok(&output);
    assert!(stdout(&output).contains("North CRT"));

    let csv = data.path().join("out.csv");
    let output = run(
        data.path(),
        &["export", id, "--format", "csv", "-o", csv.to_str().unwrap()],
    );
    assert_ok(&output);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM"
    );

    let output = run(data.path(), &["export", id, "--format", "json"]);
    assert_ok(&output);
    let _: Value = serde_json::from_slice(&output.stdout).unwrap();
}

#[test]
fn the_data_folder_comes_from_the_environment_too() {
    let data = TempDir::new().unwrap();
    let output = bin()
        .env("FIDELITY_REVIEW_DATA_DIR", data.path())
        .args(["new", "--team", "Env Team", "--no-tui"])
        .output()
        .unwrap();
    assert_ok(&output);
    let path = PathBuf::from(stdout(&output).lines().last().unwrap());
    assert!(path.starts_with(data.path()), "{path:?}");
}

#[test]
fn a_missing_review_is_named_and_exits_1() {
    let data = TempDir::new().unwrap();
    let output = run(data.path(), &["summary", "/no/such/review.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/no/such/review.json"),
        "{}",
        stderr(&output)
    );

    let output = run(data.path(), &["export", "nobody", "--format", "md"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nobody"), "{}", stderr(&output));
}

#[test]
fn an_unreadable_review_is_refused_and_left_alone() {
    let data = TempDir::new().unwrap();
    let path = new_review(data.path(), "Broken Team");
    std::fs::write(&path, b"{\"schema_version\": 1, \"scale\": ").unwrap();
    let before = std::fs::read(&path).unwrap();
    let output = run(data.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(path.to_str().unwrap()),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let output = run(data.path(), &["list", "--json"]);
    assert_ok(&output);
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(rows[0]["error"].is_string(), "{rows}");
}

#[test]
fn content_import_reads_the_seed_page() {
    let output = bin()
        .args(["content", "import", "--json"])
        .arg(seed("resource-pack-item-25-planning-aftercare.txt"))
        .output()
        .unwrap();
    assert_ok(&output);
    let pages: Value = serde_json::from_slice(&output.stdout).unwrap();
    let page = &pages[0];
    assert_eq!(page["format"], 1);
    assert_eq!(page["number"], 25);
    assert_eq!(page["title"], "Planning aftercare");
    assert_eq!(page["criteria"].as_array().unwrap().len(), 6);
    assert_eq!(page["criteria"][2]["id"], "c");
    assert_eq!(
        page["criteria"][2]["text"],
        "A discharge meeting is arranged and service users and involved family are invited to attend."
    );
    let headings: Vec<&str> = page["guidance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert_eq!(
        headings,
        [
            "Why this is important",
            "Ways of doing this well",
            "Examples of good practice",
            "Relevant reading"
        ]
    );

    let out = TempDir::new().unwrap();
    let output = bin()
        .args(["content", "import", "--out"])
        .arg(out.path())
        .arg(seed("resource-pack-item-25-planning-aftercare.txt"))
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(out.path().join("25-planning-aftercare.toml").is_file());
}

#[test]
fn content_import_names_the_file_and_line_of_a_bad_page() {
    let dir = TempDir::new().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(&page, "Home\nMenu\nPlanning aftercare\n\na) Something.\n").unwrap();
    let output = bin()
        .args(["content", "import"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("page.txt"), "{}", stderr(&output));

    let output = bin()
        .args(["content", "import", "/no/such/page.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("/no/such/page.txt"));
}

#[test]
fn content_check_uses_the_global_content_folder() {
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    let output = bin()
        .arg("--content")
        .arg(&mini)
        .args(["content", "check", "--json"])
        .output()
        .unwrap();
    assert_ok(&output);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["items"], 3);
}

#[test]
fn an_export_into_a_missing_folder_is_refused() {
    let data = TempDir::new().unwrap();
    let path = new_review(data.path(), "West");
    let target = data.path().join("no-such-folder/report.md");
    let output = run(
        data.path(),
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no such folder"),
        "{}",
        stderr(&output)
    );
    assert!(!target.parent().unwrap().exists());
}

#[test]
fn an_export_never_goes_over_a_review_file() {
    let data = TempDir::new().unwrap();
    let path = new_review(data.path(), "South");
    let before = std::fs::read(&path).unwrap();
    let target = path.to_str().unwrap();
    let output = run(
        data.path(),
        &["export", target, "--format", "md", "-o", target],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is a review file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the review is untouched"
    );

    let lock = format!("{target}.lock");
    let output = run(
        data.path(),
        &["export", target, "--format", "csv", "-o", &lock],
    );
    assert_eq!(output.status.code(), Some(1), "nor over its lock file");
}

#[test]
fn the_screens_ask_for_a_terminal_and_name_an_unreadable_file_first() {
    let data = TempDir::new().unwrap();
    let path = new_review(data.path(), "Tidy Team");
    let output = run(data.path(), &["open", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("need a terminal"),
        "{}",
        stderr(&output)
    );

    let output = run(data.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("need a terminal"),
        "{}",
        stderr(&output)
    );

    std::fs::write(&path, b"not json").unwrap();
    let output = run(data.path(), &["open", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot be read"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"not json");
}
