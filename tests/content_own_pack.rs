//! A team makes the pack its own, through the real binary: `content export DIR` writes the
//! built-in pack as editable files, `content import FILE... --into DIR` puts saved official
//! pages in place of the items of their numbers, `content check DIR` passes, and
//! `--content DIR` runs reviews on the team's wording.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fidelity-review"));
    command
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
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

#[track_caller]
fn assert_fails(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

fn page(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn text(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// The item files of a pack folder, by name.
fn item_files(pack: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(pack.join("items"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file of a folder and its bytes, to show that a refused command wrote nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

fn check_json(pack: &Path) -> Value {
    let output = run(&["content", "check", text(pack), "--json"]);
    assert_ok(&output);
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn export_import_check_and_review_on_the_teams_own_pack() {
    let root = TempDir::new().unwrap();
    let pack = root.path().join("our-pack");
    let data = root.path().join("data");

    // Export: the built-in pack as files, laid out as content/core-crt/ is, README included.
    let output = run(&["content", "export", text(&pack)]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("content check"),
        "{}",
        stdout(&output)
    );
    for file in ["scale.toml", "introduction.toml", "README.md"] {
        assert!(pack.join(file).is_file(), "{file} exported");
    }
    let before = item_files(&pack);
    assert_eq!(before.len(), 39);
    assert!(before.contains(&"07-facilitating-early-discharge.toml".to_owned()));

    // The export is the built-in pack exactly: the same content hash, so reviews made on one
    // open on the other without a warning.
    let built_in = run(&["content", "check", "--json"]);
    assert_ok(&built_in);
    let built_in: Value = serde_json::from_slice(&built_in.stdout).unwrap();
    let exported = check_json(&pack);
    assert_eq!(exported["valid"], true);
    assert_eq!(exported["content_hash"], built_in["content_hash"]);

    // Import two pages: item 25 (the seed: 6 criteria, as the pack's item has) and item 7 (a
    // page with 3 criteria where the pack's item has 6).
    let output = run(&[
        "content",
        "import",
        &page("seed-item-25.txt"),
        &page("small-item.txt"),
        "--into",
        text(&pack),
        "--json",
    ]);
    assert_ok(&output);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["format"], 1);
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["number"], 25);
    assert_eq!(items[0]["anchors"], "kept");
    assert_eq!(items[0]["page"], "seed-item-25.txt");
    assert_eq!(items[1]["number"], 7);
    assert_eq!(items[1]["anchors"], "provisional");
    assert_eq!(
        items[1]["before"],
        "items/07-facilitating-early-discharge.toml"
    );
    assert_eq!(items[1]["after"], "items/07-keeping-a-shared-log.toml");

    // Each page replaced the item of its number: still 39 files, one per item.
    let after = item_files(&pack);
    assert_eq!(after.len(), 39);
    assert!(after.contains(&"07-keeping-a-shared-log.toml".to_owned()));
    assert!(!after.contains(&"07-facilitating-early-discharge.toml".to_owned()));
    let item_7 = fs::read_to_string(pack.join("items/07-keeping-a-shared-log.toml")).unwrap();
    let item_7: toml::Table = toml::from_str(&item_7).unwrap();
    assert_eq!(item_7["domain"].as_str(), Some("referrals-access"));
    assert_eq!(item_7["provenance"].as_str(), Some("imported"));
    assert_eq!(item_7["imported_from"].as_str(), Some("small-item.txt"));
    assert_eq!(item_7["anchors"]["provisional"].as_bool(), Some(true));
    let item_25 = fs::read_to_string(pack.join("items/25-planning-aftercare.toml")).unwrap();
    let item_25: toml::Table = toml::from_str(&item_25).unwrap();
    assert_eq!(item_25["domain"].as_str(), Some("content-delivery"));
    assert_eq!(item_25["provenance"].as_str(), Some("imported"));
    assert_eq!(item_25["imported_from"].as_str(), Some("seed-item-25.txt"));

    // The pack checks, and says which items are the team's imports.
    let checked = check_json(&pack);
    assert_eq!(checked["valid"], true);
    assert_eq!(checked["items"], 39);
    assert_eq!(checked["imported"], serde_json::json!([7, 25]));
    assert_eq!(checked["verbatim"], serde_json::json!([]));
    let output = run(&["content", "check", text(&pack)]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("imported items: 7, 25"),
        "{}",
        stdout(&output)
    );

    // A review on the team's pack, with its wording.
    let output = run(&[
        "--data-dir",
        text(&data),
        "--content",
        text(&pack),
        "new",
        "--team",
        "X",
        "--date",
        "2026-11-23",
        "--no-tui",
    ]);
    assert_ok(&output);
    let review = stdout(&output).lines().last().unwrap().to_owned();
    let output = run(&[
        "--data-dir",
        text(&data),
        "--content",
        text(&pack),
        "summary",
        &review,
        "--json",
    ]);
    assert_ok(&output);
    assert!(
        !stderr(&output).contains("warning"),
        "the review's own pack: {}",
        stderr(&output)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["items"][6]["number"], 7);
    assert_eq!(summary["items"][6]["title"], "Keeping a shared log");
    let output = run(&[
        "--data-dir",
        text(&data),
        "--content",
        text(&pack),
        "summary",
        &review,
    ]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("Keeping a shared log"),
        "{}",
        stdout(&output)
    );

    // The same review read with the built-in pack is warned about, as any change of pack is.
    let output = run(&["--data-dir", text(&data), "summary", &review]);
    assert_ok(&output);
    assert!(
        stderr(&output).contains("not the pack loaded now"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_export_never_writes_into_a_folder_that_holds_files() {
    let root = TempDir::new().unwrap();

    let pack = root.path().join("pack");
    assert_ok(&run(&["content", "export", text(&pack)]));
    let edited = pack.join("items/01-responding-quickly-to-new-referrals.toml");
    fs::write(&edited, "# a team's edit\n").unwrap();
    let before = snapshot(&pack);
    let output = run(&["content", "export", text(&pack)]);
    assert_fails(&output);
    assert!(
        stderr(&output).contains("already holds a pack"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(&pack), before, "nothing overwritten");

    let other = root.path().join("notes");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("todo.txt"), "keep me").unwrap();
    let output = run(&["content", "export", text(&other)]);
    assert_fails(&output);
    assert!(
        stderr(&output).contains("is not empty"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains(text(&other)), "names the folder");
    assert_eq!(fs::read_dir(&other).unwrap().count(), 1);

    // An empty folder is fine.
    let empty = root.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_ok(&run(&["content", "export", text(&empty)]));
    assert_eq!(check_json(&empty)["valid"], true);
}

#[test]
fn an_import_that_cannot_place_every_page_writes_nothing() {
    let root = TempDir::new().unwrap();
    let pack = root.path().join("pack");
    assert_ok(&run(&["content", "export", text(&pack)]));
    let before = snapshot(&pack);

    // Two pages for one item.
    let output = run(&[
        "content",
        "import",
        &page("seed-item-25.txt"),
        &page("everything.txt"),
        "--into",
        text(&pack),
    ]);
    assert_fails(&output);
    assert!(
        stderr(&output).contains("everything.txt"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("item 25"), "{}", stderr(&output));

    // A page that does not read: its file and line are named.
    let output = run(&[
        "content",
        "import",
        &page("small-item.txt"),
        &page("error-out-of-order.txt"),
        "--into",
        text(&pack),
    ]);
    assert_fails(&output);
    assert!(
        stderr(&output).contains("error-out-of-order.txt:"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(&pack), before, "nothing written");

    // A folder that is not a pack.
    let output = run(&[
        "content",
        "import",
        &page("small-item.txt"),
        "--into",
        text(&root.path().join("nowhere")),
    ]);
    assert_fails(&output);
    assert!(stderr(&output).contains("nowhere"), "{}", stderr(&output));

    // `--into` and `--out` do not go together.
    let output = run(&[
        "content",
        "import",
        &page("small-item.txt"),
        "--into",
        text(&pack),
        "--out",
        text(&root.path().join("out")),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(snapshot(&pack), before, "nothing written");
}

#[test]
fn a_page_numbered_beyond_the_pack_is_refused() {
    let root = TempDir::new().unwrap();
    let pack = root.path().join("pack");
    assert_ok(&run(&["content", "export", text(&pack)]));
    let before = snapshot(&pack);
    let page_40 = root.path().join("item-40.txt");
    let seed = fs::read_to_string(page("seed-item-25.txt")).unwrap();
    fs::write(&page_40, seed.replacen("Item 25", "Item 40", 1)).unwrap();
    let output = run(&["content", "import", text(&page_40), "--into", text(&pack)]);
    assert_fails(&output);
    assert!(
        stderr(&output).contains("item 40 is not in the pack"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(&pack), before, "nothing written");
}

#[test]
fn an_imported_item_names_its_page_or_the_check_says_so() {
    let root = TempDir::new().unwrap();
    let pack = root.path().join("pack");
    assert_ok(&run(&["content", "export", text(&pack)]));
    let file = pack.join("items/05-providing-a-24-hour-7-day-a-week-service.toml");
    let item = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        item.replace("provenance = \"summary\"", "provenance = \"imported\""),
    )
    .unwrap();
    let output = run(&["content", "check", text(&pack)]);
    assert_fails(&output);
    let said = stdout(&output);
    assert!(
        said.contains("items/05-providing-a-24-hour-7-day-a-week-service.toml:")
            && said.contains("imported_from"),
        "{said}"
    );

    fs::write(
        &file,
        item.replace(
            "provenance = \"summary\"",
            "provenance = \"summary\"\nimported_from = \"item-05.txt\"",
        ),
    )
    .unwrap();
    let output = run(&["content", "check", text(&pack)]);
    assert_fails(&output);
    assert!(
        stdout(&output).contains("not \"imported\""),
        "{}",
        stdout(&output)
    );
}
