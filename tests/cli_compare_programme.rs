//! `compare`, `programme` and `new --previous`, through the real binary, on reviews made with
//! `new --no-tui` and scored by editing their files (as a score sheet brought in would be).
//! Most use the mini test pack (items 1–3; domains access = item 1, care = items 2 and 3).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use tempfile::TempDir;

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini")
}

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelity-review"))
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// Runs with the mini pack loaded.
fn run_mini(data: &Path, args: &[&str]) -> Output {
    let pack = mini();
    let mut all = vec!["--content", pack.to_str().unwrap()];
    all.extend_from_slice(args);
    run(data, &all)
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
fn json_of(output: &Output) -> Value {
    assert_ok(output);
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A review of `team` on `date` made with `new --no-tui` (mini pack unless `core`), then given
/// these final scores by item (`None`: not scored). Returns its path.
fn review(data: &Path, team: &str, date: &str, scores: &[Option<u8>]) -> PathBuf {
    let output = run_mini(data, &["new", "--no-tui", "--team", team, "--date", date]);
    assert_ok(&output);
    let path = PathBuf::from(stdout(&output).trim());
    score(&path, scores);
    path
}

/// Sets the final scores in a review file.
fn score(path: &Path, scores: &[Option<u8>]) {
    edit(path, |value| {
        let items: serde_json::Map<String, Value> = scores
            .iter()
            .enumerate()
            .filter_map(|(index, score)| {
                score.map(|s| ((index + 1).to_string(), json!({"final_score": s})))
            })
            .collect();
        value["items"] = Value::Object(items);
    });
}

fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
}

fn id(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn compare_prints_json_in_the_documented_shape() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let old = review(
        data,
        "North CRT",
        "2025-11-12",
        &[Some(2), Some(5), Some(3)],
    );
    let new = review(data, "North CRT", "2026-11-20", &[Some(4), Some(5), None]);
    let output = run_mini(
        data,
        &["compare", &id(&old), new.to_str().unwrap(), "--json"],
    );
    let value = json_of(&output);
    assert_eq!(value["format"], 1);
    assert_eq!(
        value["old"],
        json!({"id": "2025-11-12-north-crt", "team": "North CRT", "date": "2025-11-12",
               "total": 10, "mean": 3.33, "band": "Moderate", "rated": 3})
    );
    assert_eq!(value["new"]["total"], 9);
    assert_eq!(value["new"]["mean"], 4.5);
    assert_eq!(value["new"]["band"], "High");
    assert_eq!(
        value["items"],
        json!([
            {"number": 1, "title": "Answering calls", "old": 2, "new": 4, "change": 2},
            {"number": 2, "title": "Home visits", "old": 5, "new": 5, "change": 0},
            {"number": 3, "title": "Team culture", "old": 3, "new": null, "change": null}
        ])
    );
    assert_eq!(
        value["domains"],
        json!([
            {"id": "access", "name": "Access", "old_mean": 2, "new_mean": 4},
            {"id": "care", "name": "Care", "old_mean": 4, "new_mean": 5}
        ])
    );
    assert_eq!(value["total_change"], -1);
    assert_eq!(value["improved"], json!([1]));
    assert_eq!(value["declined"], json!([]));
    assert_eq!(value["unchanged"], json!([2]));
    assert_eq!(value["not_scored"], json!([3]));
    assert_eq!(value["newly_met"], json!([]));
}

#[test]
fn compare_as_text_says_what_moved() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let old = review(
        data,
        "North CRT",
        "2025-11-12",
        &[Some(2), Some(5), Some(3)],
    );
    let new = review(
        data,
        "North CRT",
        "2026-11-20",
        &[Some(4), Some(1), Some(3)],
    );
    edit(&old, |v| {
        v["items"]["1"]["criteria"] = json!({"c": {"finding": "not_met"}})
    });
    edit(&new, |v| {
        v["items"]["1"]["criteria"] = json!({"c": {"finding": "met"}})
    });
    let output = run_mini(data, &["compare", &id(&old), &id(&new)]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.starts_with("North CRT · 2025-11-12 (2025-11-12-north-crt) → 2026-11-20"),
        "{text}"
    );
    assert!(
        text.contains("Total 10 → 8 (-2) · mean 3.33 → 2.67"),
        "{text}"
    );
    assert!(
        text.contains("Improved: 1\nDeclined: 2\nUnchanged: 3\n"),
        "{text}"
    );
    assert!(
        text.contains("Criteria newly met:\n  1c  Calls are logged."),
        "{text}"
    );
}

#[test]
fn compare_refuses_reviews_on_another_scale_or_version_naming_both() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let old = review(
        data,
        "North CRT",
        "2025-11-12",
        &[Some(2), Some(5), Some(3)],
    );
    let new = review(
        data,
        "North CRT",
        "2026-11-20",
        &[Some(4), Some(5), Some(3)],
    );
    edit(&new, |v| v["scale"]["version"] = json!("2"));
    let output = run_mini(data, &["compare", &id(&old), &id(&new)]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("2025-11-12-north-crt on mini version 1")
            && text.contains("2026-11-20-north-crt on mini version 2"),
        "{text}"
    );
    assert!(output.stdout.is_empty());

    // Both on the mini pack, but the CORE pack is loaded: refused, saying how to load theirs.
    edit(&new, |v| v["scale"]["version"] = json!("1"));
    let output = run(data, &["compare", &id(&old), &id(&new)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--content DIR"),
        "{}",
        stderr(&output)
    );

    let output = run_mini(data, &["compare", &id(&old), "no-such-review"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no such review file"));
}

/// Six finished reviews of six teams, scores as in the hand-worked example below, and one left
/// out of each kind.
fn programme_folder(data: &Path) -> PathBuf {
    let folder = data.join("programme");
    std::fs::create_dir(&folder).unwrap();
    let teams = [
        ("A", [4, 3, 4]),
        ("B", [2, 3, 2]),
        ("C", [1, 2, 2]),
        ("D", [5, 4, 4]),
        ("E", [3, 3, 3]),
        ("F", [2, 3, 3]),
    ];
    for (team, scores) in teams {
        let path = review(data, team, "2026-01-10", &scores.map(Some));
        std::fs::rename(&path, folder.join(format!("{team}.json"))).unwrap();
    }
    let unfinished = review(data, "G", "2026-01-10", &[Some(3), None, Some(3)]);
    std::fs::rename(&unfinished, folder.join("g-unfinished.json")).unwrap();
    let other_version = review(data, "H", "2026-01-10", &[Some(3), Some(3), Some(3)]);
    edit(&other_version, |v| v["scale"]["version"] = json!("7"));
    std::fs::rename(&other_version, folder.join("h-other-version.json")).unwrap();
    let other_scale = review(data, "I", "2026-01-10", &[Some(3), Some(3), Some(3)]);
    edit(&other_scale, |v| v["scale"]["id"] = json!("core-crt"));
    std::fs::rename(&other_scale, folder.join("i-other-scale.json")).unwrap();
    std::fs::write(folder.join("j-unreadable.json"), "{ not json").unwrap();
    // Not review files: passed over, not left out.
    std::fs::write(folder.join("notes.txt"), "hello").unwrap();
    std::fs::write(folder.join(".hidden.json"), "{").unwrap();
    std::fs::copy(folder.join("A.json"), folder.join("A.json.bak")).unwrap();
    folder
}

#[test]
fn programme_figures_match_a_hand_worked_example_and_name_what_was_left_out() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let folder = programme_folder(data);
    let output = run_mini(data, &["programme", folder.to_str().unwrap(), "--json"]);
    let value = json_of(&output);
    assert_eq!(value["format"], 1);
    assert_eq!(
        (value["reviews"].clone(), value["team_count"].clone()),
        (json!(6), json!(6))
    );

    // Item 1 over the six teams: 4, 2, 1, 5, 3, 2 → sorted 1, 2, 2, 3, 4, 5 (positions 0–5).
    //   Q1: h = (6 − 1) × 0.25 = 1.25 → x[1] + 0.25 × (x[2] − x[1]) = 2 + 0.25 × 0 = 2
    //   median: h = 2.5 → x[2] + 0.5 × (x[3] − x[2]) = 2 + 0.5 × 1 = 2.5
    //   Q3: h = 3.75 → x[3] + 0.75 × (x[4] − x[3]) = 3 + 0.75 × 1 = 3.75
    // (R: quantile(c(4, 2, 1, 5, 3, 2)) and numpy.percentile give the same.)
    assert_eq!(
        value["items"][0],
        json!({"number": 1, "title": "Answering calls", "n": 6, "median": 2.5, "q1": 2,
               "q3": 3.75, "min": 1, "max": 5})
    );
    // Care (items 2 and 3) means: 3.5, 2.5, 2, 4, 3, 3 → sorted 2, 2.5, 3, 3, 3.5, 4:
    //   Q1 at 1.25: 2.5 + 0.25 × 0.5 = 2.625 (shown 2.63); median 3; Q3: 3 + 0.75 × 0.5 = 3.375
    assert_eq!(
        value["domains"][1],
        json!({"id": "care", "name": "Care", "n": 6, "median": 3, "q1": 2.63, "q3": 3.38,
               "min": 2, "max": 4})
    );
    // Totals 11, 7, 5, 13, 9, 8 → sorted 5, 7, 8, 9, 11, 13: median (8 + 9) / 2 = 8.5.
    assert_eq!(value["median_total"], 8.5);
    let a = &value["teams"][0];
    assert_eq!(
        (
            &a["team"],
            &a["total"],
            &a["mean"],
            &a["band"],
            &a["vs_median"]
        ),
        (
            &json!("A"),
            &json!(11),
            &json!(3.67),
            &json!("Moderate"),
            &json!(2.5)
        )
    );
    assert!(a["path"].as_str().unwrap().ends_with("A.json"));
    assert_eq!(value["weakest"], json!([1, 3, 2]));
    assert!(
        value["reference"].is_null(),
        "no published survey of the mini pack"
    );

    let left: Vec<(String, String)> = value["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let path = PathBuf::from(l["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, l["why"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(left.len(), 4, "{left:?}");
    assert_eq!(
        left[0],
        (
            "g-unfinished.json".into(),
            "unfinished: 2 of 3 items scored".into()
        )
    );
    assert_eq!(
        left[1],
        (
            "h-other-version.json".into(),
            "made on mini version 7, not mini version 1".into()
        )
    );
    assert_eq!(
        left[2],
        (
            "i-other-scale.json".into(),
            "made on core-crt version 1, not mini version 1".into()
        )
    );
    assert_eq!(left[3].0, "j-unreadable.json");
    assert!(left[3].1.starts_with("unreadable: "), "{left:?}");

    let output = run_mini(data, &["programme", folder.to_str().unwrap()]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(text.contains("counted: 6 reviews of 6 teams"), "{text}");
    assert!(text.contains("Median total 8.5"), "{text}");
    assert!(text.contains("Left out (4):"), "{text}");
    assert!(
        text.contains("g-unfinished.json: unfinished: 2 of 3 items scored"),
        "{text}"
    );
}

#[test]
fn the_latest_review_of_each_team_counts_unless_all_is_asked_for() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    review(
        data,
        "North CRT",
        "2025-11-12",
        &[Some(1), Some(1), Some(1)],
    );
    let latest = review(
        data,
        "North CRT",
        "2026-11-20",
        &[Some(5), Some(5), Some(5)],
    );
    let south = review(
        data,
        "South CRT",
        "2026-03-01",
        &[Some(3), Some(3), Some(3)],
    );
    let folder = data.to_str().unwrap();
    let value = json_of(&run_mini(data, &["programme", folder, "--json"]));
    assert_eq!(
        (value["reviews"].clone(), value["team_count"].clone()),
        (json!(2), json!(2))
    );
    let paths: Vec<&str> = value["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [latest.to_str().unwrap(), south.to_str().unwrap()]);
    assert_eq!(value["median_total"], 12);

    let value = json_of(&run_mini(data, &["programme", folder, "--all", "--json"]));
    assert_eq!(
        (value["reviews"].clone(), value["team_count"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(value["median_total"], 9);

    // Files named one by one count the same as their folder.
    let value = json_of(&run_mini(
        data,
        &[
            "programme",
            latest.to_str().unwrap(),
            south.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(value["reviews"], 2);
}

#[test]
fn programme_over_core_reviews_carries_the_uk_2014_survey() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let output = run(
        data,
        &[
            "new",
            "--no-tui",
            "--team",
            "East CRT",
            "--date",
            "2026-02-02",
        ],
    );
    assert_ok(&output);
    let path = PathBuf::from(stdout(&output).trim());
    score(&path, &[Some(3); 39]);
    let value = json_of(&run(data, &["programme", data.to_str().unwrap(), "--json"]));
    assert_eq!(
        value["reference"],
        json!({"name": "UK survey 2014", "teams": 75, "median_total": 122,
               "iqr": [111, 132], "range": [73, 151]})
    );
    assert_eq!(value["teams"][0]["total"], 117);
    assert_eq!(value["teams"][0]["vs_median"], 0);
    let text = stdout(&run(data, &["programme", data.to_str().unwrap()]));
    assert!(
        text.contains(
            "Reference, UK survey 2014: 75 teams, median total 122, IQR 111–132, range 73–151"
        ),
        "{text}"
    );
}

#[test]
fn programme_html_is_one_printable_page_with_every_text_escaped() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    review(
        data,
        "<b>North</b> & \"Co\"",
        "2026-01-10",
        &[Some(4), Some(3), Some(4)],
    );
    review(
        data,
        "South CRT",
        "2026-01-10",
        &[Some(2), Some(3), Some(2)],
    );
    let html_path = data.join("exports").join("programme.html");
    std::fs::create_dir(data.join("exports")).unwrap();
    let output = run_mini(
        data,
        &[
            "programme",
            data.to_str().unwrap(),
            "--json",
            "--html",
            html_path.to_str().unwrap(),
        ],
    );
    let value = json_of(&output);
    assert_eq!(value["reviews"], 2, "stdout is the JSON alone");
    assert!(stderr(&output).contains("programme.html"));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("&lt;b&gt;North&lt;/b&gt; &amp; &quot;Co&quot;"),
        "{html}"
    );
    assert!(!html.contains("<b>North"), "{html}");
    assert!(html.contains("<style>") && html.contains("@page { size: A4"));
    assert!(html.contains("break-inside: avoid"));
    assert!(html.contains("<svg") && html.contains("</svg>"));
    assert_eq!(
        html.matches("<rect").count(),
        2,
        "one bar per team, no reference band"
    );
    for external in ["<script", "<link", "src=\"http", "href=\"http"] {
        assert!(!html.contains(external), "{external}");
    }
    // Never over a review file.
    let a_review = review(data, "West", "2026-01-10", &[Some(1), Some(1), Some(1)]);
    let output = run_mini(
        data,
        &[
            "programme",
            data.to_str().unwrap(),
            "--html",
            a_review.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn programme_needs_a_path_that_exists() {
    let temp = TempDir::new().unwrap();
    let output = run_mini(temp.path(), &["programme"]);
    assert_eq!(output.status.code(), Some(2));
    let missing = temp.path().join("nowhere");
    let output = run_mini(temp.path(), &["programme", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no such file or folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn new_with_previous_links_the_last_review_and_older_files_still_read() {
    let temp = TempDir::new().unwrap();
    let data = temp.path();
    let old = review(data, "North CRT", "2025-11-12", &[Some(3), None, Some(4)]);
    let output = run_mini(
        data,
        &[
            "new",
            "--no-tui",
            "--team",
            "North CRT",
            "--date",
            "2026-11-20",
            "--previous",
            &id(&old),
        ],
    );
    assert_ok(&output);
    let new = PathBuf::from(stdout(&output).trim());
    let value: Value = serde_json::from_slice(&std::fs::read(&new).unwrap()).unwrap();
    assert_eq!(
        value["previous"],
        json!({"id": "2025-11-12-north-crt", "date": "2025-11-12", "scores": {"1": 3, "3": 4}})
    );
    // The review without the link (as every older file is) reads as before.
    let old_value: Value = serde_json::from_slice(&std::fs::read(&old).unwrap()).unwrap();
    assert!(old_value.get("previous").is_none());
    assert_ok(&run_mini(data, &["summary", &id(&old)]));
    assert_ok(&run_mini(data, &["summary", &id(&new)]));

    edit(&old, |v| v["scale"]["version"] = json!("3"));
    let output = run_mini(
        data,
        &[
            "new",
            "--no-tui",
            "--team",
            "North CRT",
            "--previous",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("mini version 3"),
        "{}",
        stderr(&output)
    );
}
