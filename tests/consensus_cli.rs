//! The consensus day through the real binary: score sheets become reviews (`import-sheet`),
//! three reviews become a consensus review (`consensus --no-tui`), and `agreement` prints the
//! figures. Sources are checked untouched by their hashes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use fidelity_review::review::consensus::sha256_hex;
use serde_json::Value;
use tempfile::TempDir;

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

fn last_line_path(output: &Output) -> PathBuf {
    let text = stdout(output);
    let path = PathBuf::from(text.lines().last().expect("a path on the last line"));
    assert!(path.is_file(), "{path:?}");
    path
}

/// Imports `sheet` as a review of North CRT by `reviewer`; returns its path.
fn import(data: &Path, dir: &Path, name: &str, sheet: &str, reviewer: &str, date: &str) -> PathBuf {
    let file = dir.join(name);
    fs::write(&file, sheet).unwrap();
    let output = run(
        data,
        &[
            "import-sheet",
            file.to_str().unwrap(),
            "--team",
            "North CRT",
            "--date",
            date,
            "--organisation",
            "North Trust",
            "--reviewer",
            reviewer,
        ],
    );
    assert_ok(&output);
    last_line_path(&output)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect()
}

fn summary(data: &Path, review: &Path) -> Value {
    let output = run(data, &["summary", review.to_str().unwrap(), "--json"]);
    assert_ok(&output);
    serde_json::from_slice(&output.stdout).unwrap()
}

fn item(summary: &Value, number: u64) -> &Value {
    summary["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == number)
        .unwrap()
}

#[test]
fn import_sheet_refuses_each_kind_of_bad_sheet_and_writes_nothing() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown item",
            "item,final\n1,3\n99,3\n",
            "row 3, column item: the scale has no item 99",
        ),
        (
            "item not a number",
            "item,final\nseven,3\n",
            "row 2, column item: \"seven\" is not an item number",
        ),
        (
            "item missing",
            "item,final\n,3\n",
            "row 2, column item: the item number is missing",
        ),
        (
            "score out of range",
            "item,final\n1,3\n2,7\n",
            "row 3, column final: \"7\" is not a score from 1 to 5",
        ),
        (
            "score not a number",
            "item,final\n1,three\n",
            "row 2, column final: \"three\" is not a score",
        ),
        (
            "letter the item lacks",
            "item,final,met\n2,3,a z\n",
            "row 2, column met: item 2 has no criterion \"z\" (it has a b c d)",
        ),
        (
            "letter on an item with no criteria",
            "item,final,unsure\n23,3,a\n",
            "row 2, column unsure: item 23 has no criteria",
        ),
        (
            "letter in two lists",
            "item,final,met,not_met\n1,3,abc,c d\n",
            "row 2, column not_met: criterion c of item 1 is also in met",
        ),
        (
            "duplicate item row",
            "item,final\n1,3\n2,3\n1,4\n",
            "row 4, column item: item 1 is on row 2 already",
        ),
        (
            "no final column",
            "item,score\n1,3\n",
            "row 1, column final: the header has no \"final\" column",
        ),
        (
            "no item column",
            "number,final\n1,3\n",
            "row 1, column item: the header has no \"item\" column",
        ),
        (
            "a column twice",
            "item,final,Final\n1,3,4\n",
            "row 1, column final: this column appears twice",
        ),
        (
            "bad flag",
            "item,final,flagged\n1,3,maybe\n",
            "row 2, column flagged: \"maybe\" is not yes or no",
        ),
        ("empty file", "", "row 1: the sheet is empty"),
        (
            "header only",
            "item,final\n",
            "row 2: the sheet has a header but no item rows",
        ),
    ];
    for (what, sheet, expected) in cases {
        let file = work.path().join("sheet.csv");
        fs::write(&file, sheet).unwrap();
        let output = run(
            &data,
            &[
                "import-sheet",
                file.to_str().unwrap(),
                "--team",
                "North CRT",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
        let err = stderr(&output);
        assert!(
            err.contains(expected),
            "{what}: expected {expected:?} in\n{err}"
        );
        assert!(
            err.contains("sheet.csv"),
            "{what}: the file is not named:\n{err}"
        );
        assert!(err.contains("nothing was written"), "{what}:\n{err}");
        assert!(stdout(&output).is_empty(), "{what}");
        assert!(json_files(&data).is_empty(), "{what}: a review was written");
    }
    // Every problem of a sheet is named at once, one line each, row and column.
    let file = work.path().join("sheet.csv");
    fs::write(&file, "item,final,met\n1,9,a\n2,3,q\n2,3,\n").unwrap();
    let output = run(
        &data,
        &["import-sheet", file.to_str().unwrap(), "--team", "X"],
    );
    let err = stderr(&output);
    assert!(err.contains("(3 problems)"), "{err}");
    assert!(err.contains("row 2, column final"), "{err}");
    assert!(err.contains("row 3, column met"), "{err}");
    assert!(err.contains("row 4, column item"), "{err}");
    assert!(json_files(&data).is_empty());
    // A cell that is not UTF-8 (a sheet saved in a legacy encoding).
    fs::write(&file, b"item,final,note\n1,3,caf\xe9\n").unwrap();
    let output = run(
        &data,
        &["import-sheet", file.to_str().unwrap(), "--team", "X"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("row 2, column note: this is not UTF-8 text"),
        "{}",
        stderr(&output)
    );
    assert!(json_files(&data).is_empty());
    // A sheet that cannot be read at all.
    let output = run(&data, &["import-sheet", "no-such.csv", "--team", "X"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no-such.csv: cannot be read"),
        "{}",
        stderr(&output)
    );
    // --team is required: bad usage.
    let output = run(&data, &["import-sheet", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_sheet_with_a_bom_crlf_any_column_order_and_other_columns_is_read() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let sheet = "\u{feff}Final,NOTE,Comments,Item,Not Met,MET,unsure\r\n\
                 4,\"seen in 8 of 10 case notes, mostly\",ignored,1,f,\"a, b, c\",d e\r\n\
                 2,,,2,bd,a,\r\n\
                 ,,,3,,,\r\n\
                 5.0,,,23,,,\r\n";
    let review = import(
        &data,
        work.path(),
        "paper.csv",
        sheet,
        "Sam Jones",
        "2026-11-23",
    );
    assert!(stdout(&run(&data, &["list"])).contains("North CRT"));
    let s = summary(&data, &review);
    let one = item(&s, 1);
    assert_eq!(
        (
            one["met"].as_u64(),
            one["not_met"].as_u64(),
            one["unsure"].as_u64()
        ),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(one["final"], 4);
    assert_eq!(item(&s, 2)["final"], 2);
    assert_eq!(item(&s, 2)["not_met"], 2);
    assert_eq!(item(&s, 3)["final"], Value::Null);
    assert_eq!(item(&s, 23)["final"], 5);
    let file: Value = serde_json::from_slice(&fs::read(&review).unwrap()).unwrap();
    assert_eq!(
        file["items"]["1"]["note"],
        "seen in 8 of 10 case notes, mostly"
    );
    assert_eq!(file["details"]["reviewers"][0], "Sam Jones");
    assert_eq!(file["details"]["organisation"], "North Trust");
}

#[test]
fn the_items_csv_of_an_export_reads_back_with_the_same_scores() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let sheet = "item,title,domain,met,not_met,unsure,suggested,final,provisional,flagged,rationale,feedback\n\
                 1,\"Responding quickly, to new referrals\",referrals,a b c d e f,,,5,5,false,false,,Well done\n\
                 2,Easily accessible,referrals,a,b c,d,2,3,true,true,\"seen on the day, not in notes\",\n\
                 23,Rated directly,x,,,,,4,false,false,,\n";
    let review = import(&data, work.path(), "export.csv", sheet, "A", "2026-11-23");
    let s = summary(&data, &review);
    assert_eq!(item(&s, 1)["final"], 5);
    assert_eq!(item(&s, 2)["final"], 3);
    assert_eq!(item(&s, 2)["flagged"], true);
    assert_eq!(item(&s, 23)["final"], 4);
    let file: Value = serde_json::from_slice(&fs::read(&review).unwrap()).unwrap();
    assert_eq!(
        file["items"]["2"]["rationale"],
        "seen on the day, not in notes"
    );
}

const SHEET_A: &str =
    "item,final,met,not_met,unsure\n1,5,abcdef,,\n2,2,a,bcd,\n3,4,abcde,fg,\n23,3,,,\n";
const SHEET_B: &str =
    "item,final,met,not_met,unsure\n1,5,abcdef,,\n2,4,abc,d,\n3,4,abcde,f,g\n23,1,,,\n";
const SHEET_C: &str =
    "item,final,met,not_met,unsure\n1,5,abcdef,,\n2,3,ab,cd,\n3,4,abcde,fg,\n23,2,,,\n4,3,,,\n";

fn three_reviews(data: &Path, dir: &Path) -> Vec<PathBuf> {
    vec![
        import(data, dir, "a.csv", SHEET_A, "Ann Bell", "2026-11-23"),
        import(data, dir, "b.csv", SHEET_B, "Bo Chen", "2026-11-23"),
        import(data, dir, "c.csv", SHEET_C, "Cat Diaz", "2026-11-23"),
    ]
}

fn hashes(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| sha256_hex(&fs::read(p).unwrap()))
        .collect()
}

#[test]
fn a_consensus_of_three_imported_sheets_starts_where_they_agree_and_leaves_them_untouched() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let sources = three_reviews(&data, work.path());
    let before = hashes(&sources);
    let mut args = vec!["consensus"];
    args.extend(sources.iter().map(|p| p.to_str().unwrap()));
    args.push("--no-tui");
    let output = run(&data, &args);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("to discuss 37 · agreed 2"),
        "{}",
        stdout(&output)
    );
    let path = last_line_path(&output);
    assert_eq!(hashes(&sources), before, "a source was written");

    let file: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let recorded = file["consensus"]["sources"].as_array().unwrap();
    assert_eq!(recorded.len(), 3);
    for ((source, path), hash) in recorded.iter().zip(&sources).zip(&before) {
        assert_eq!(source["sha256"], hash.as_str());
        assert_eq!(source["path"], path.to_str().unwrap());
        assert_eq!(source["id"], path.file_stem().unwrap().to_str().unwrap());
        assert!(
            source["items"]["2"]["criteria"]["a"]["finding"] == "met",
            "answers copied"
        );
    }
    assert_eq!(recorded[1]["reviewers"][0], "Bo Chen");
    assert_eq!(
        file["details"]["reviewers"],
        serde_json::json!(["Ann Bell", "Bo Chen", "Cat Diaz"])
    );
    assert_eq!(file["details"]["team"], "North CRT");
    assert_eq!(file["details"]["organisation"], "North Trust");
    // Item 1 (all 5) and 3 (all 4) start agreed; item 2 differs: only the shared finding.
    assert_eq!(file["items"]["1"]["final_score"], 5);
    assert_eq!(file["items"]["3"]["final_score"], 4);
    assert_eq!(file["items"]["3"]["criteria"]["a"]["finding"], "met");
    assert!(
        file["items"]["3"]["criteria"].get("g").is_none(),
        "3g was found differently"
    );
    assert_eq!(file["items"]["2"]["final_score"], Value::Null);
    assert_eq!(file["items"]["2"]["criteria"]["a"]["finding"], "met");
    assert_eq!(file["items"]["2"]["criteria"]["d"]["finding"], "not_met");
    assert!(file["items"]["2"]["criteria"].get("b").is_none());

    // Its sources' agreement can be figured from the copies it holds, also once they are gone.
    let mut args = vec!["agreement"];
    args.extend(sources.iter().map(|p| p.to_str().unwrap()));
    args.push("--json");
    let of_sources = run(&data, &args);
    assert_ok(&of_sources);

    // The consensus review stands alone: the sources can go.
    for source in &sources {
        fs::remove_file(source).unwrap();
    }
    let of_copies = run(&data, &["agreement", path.to_str().unwrap(), "--json"]);
    assert_ok(&of_copies);
    assert_eq!(stdout(&of_copies), stdout(&of_sources));
    let s = summary(&data, &path);
    assert_eq!(item(&s, 1)["final"], 5);
    let export = run(
        &data,
        &["export", path.to_str().unwrap(), "--format", "json"],
    );
    assert_ok(&export);
    let report: Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(report["details"]["team"], "North CRT");
    for format in ["md", "csv"] {
        assert_ok(&run(
            &data,
            &["export", path.to_str().unwrap(), "--format", format],
        ));
    }
}

#[test]
fn a_consensus_refuses_reviews_of_other_dates_unless_told_and_other_scales() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let a = import(&data, work.path(), "a.csv", SHEET_A, "Ann", "2026-11-23");
    let b = import(&data, work.path(), "b.csv", SHEET_B, "Bo", "2026-11-24");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let count = json_files(&data).len();
    let output = run(&data, &["consensus", a, b, "--no-tui"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("differ in date") && err.contains("2026-11-23") && err.contains("2026-11-24"),
        "{err}"
    );
    assert!(err.contains("--date"), "{err}");
    assert_eq!(json_files(&data).len(), count, "nothing written");
    let output = run(
        &data,
        &[
            "consensus",
            a,
            b,
            "--no-tui",
            "--date",
            "2026-11-24",
            "--team",
            "North",
        ],
    );
    assert_ok(&output);
    let file: Value = serde_json::from_slice(&fs::read(last_line_path(&output)).unwrap()).unwrap();
    assert_eq!(file["details"]["date"], "2026-11-24");
    assert_eq!(file["details"]["team"], "North");

    // Another version of the scale is refused, naming the review.
    let mut other: Value = serde_json::from_slice(&fs::read(b).unwrap()).unwrap();
    other["scale"]["version"] = "9".into();
    let other_path = work.path().join("other.json");
    fs::write(&other_path, serde_json::to_vec_pretty(&other).unwrap()).unwrap();
    let output = run(
        &data,
        &[
            "consensus",
            a,
            other_path.to_str().unwrap(),
            "--no-tui",
            "--date",
            "2026-11-23",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("other is a review of core-crt version 9"),
        "{}",
        stderr(&output)
    );
    // Agreement of one review that is not a consensus.
    let output = run(&data, &["agreement", a]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not a consensus review"),
        "{}",
        stderr(&output)
    );
    // The same review twice, one review, four reviews.
    let output = run(&data, &["consensus", a, a, "--no-tui"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("given twice"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        run(&data, &["consensus", a, "--no-tui"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&data, &["consensus", a, b, a, b, "--no-tui"])
            .status
            .code(),
        Some(2)
    );
    // Without --no-tui and without a terminal: refused before anything is written.
    let count = json_files(&data).len();
    let output = run(&data, &["consensus", a, b, "--date", "2026-11-23"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("terminal"), "{}", stderr(&output));
    assert_eq!(json_files(&data).len(), count);
}

#[test]
fn agreement_prints_the_figures_as_json_in_the_documented_shape() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let sources = three_reviews(&data, work.path());
    let before = hashes(&sources);
    let mut args = vec!["agreement"];
    args.extend(sources.iter().map(|p| p.to_str().unwrap()));
    args.push("--json");
    let output = run(&data, &args);
    assert_ok(&output);
    let j: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(j["format"], 1);
    let reviews = j["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 3);
    assert_eq!(reviews[0]["path"], sources[0].to_str().unwrap());
    assert_eq!(
        reviews[0]["id"],
        sources[0].file_stem().unwrap().to_str().unwrap()
    );
    assert_eq!(reviews[2]["reviewers"], serde_json::json!(["Cat Diaz"]));
    // Items 1, 2, 3 and 23 were scored by all three; item 4 by one only.
    assert_eq!(j["items_compared"], 4);
    let left_out = j["items_left_out"].as_array().unwrap();
    assert_eq!(left_out.len(), 35);
    assert!(left_out.contains(&4.into()));
    assert_eq!(j["exact"], 0.5);
    assert_eq!(j["within_one"], 0.5);
    for key in ["mean_abs_diff", "alpha_ordinal"] {
        assert!(j[key].is_f64(), "{key}: {}", j[key]);
    }
    let pairs = j["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    assert_eq!(
        (pairs[0]["a"].as_u64(), pairs[0]["b"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        (pairs[2]["a"].as_u64(), pairs[2]["b"].as_u64()),
        (Some(1), Some(2))
    );
    for pair in pairs {
        for key in ["exact", "kappa_linear", "kappa_quadratic"] {
            assert!(pair[key].is_f64() || pair[key].is_null(), "{key}");
        }
    }
    assert_eq!(j["icc"]["model"], "ICC(2,1)");
    assert!(j["icc"]["value"].is_f64());
    assert_eq!(j["icc"]["ci95"].as_array().unwrap().len(), 2);
    assert!(j["criteria"]["compared"].as_u64().unwrap() > 0);
    assert!(j["criteria"]["all_agree"].is_f64());
    assert!(j["criteria"]["fleiss_kappa"].is_f64());
    // Scores in the order of the reviews, largest spread first.
    assert_eq!(
        j["disagreements"],
        serde_json::json!([
            {"item": 2, "scores": [2, 4, 3], "spread": 2},
            {"item": 23, "scores": [3, 1, 2], "spread": 2},
        ])
    );
    assert_eq!(hashes(&sources), before);

    // The text names what is left out and what is undefined, with the reason.
    let text_output = run(&data, &args[..args.len() - 1]);
    assert_ok(&text_output);
    let text = stdout(&text_output);
    assert!(text.contains("Items compared: 4"), "{text}");
    assert!(text.contains("left out, not scored by all: 35"), "{text}");
    assert!(text.contains("ICC(2,1)"), "{text}");
    assert!(text.contains("item  2: 2, 4, 3 (spread 2)"), "{text}");
}

#[test]
fn an_undefined_figure_is_null_in_json_with_its_reason() {
    let work = TempDir::new().unwrap();
    let data = work.path().join("data");
    let sheet = "item,final\n1,3\n";
    let a = import(&data, work.path(), "a.csv", sheet, "A", "2026-11-23");
    let b = import(&data, work.path(), "b.csv", sheet, "B", "2026-11-23");
    let output = run(
        &data,
        &[
            "agreement",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--json",
        ],
    );
    assert_ok(&output);
    let j: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(j["items_compared"], 1);
    assert_eq!(j["icc"]["value"], Value::Null);
    assert_eq!(j["icc"]["ci95"], Value::Null);
    assert_eq!(j["alpha_ordinal"], Value::Null);
    assert_eq!(j["criteria"]["fleiss_kappa"], Value::Null);
    assert!(
        j["undefined"]["icc.value"]
            .as_str()
            .unwrap()
            .contains("fewer than two items")
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("NaN"));
    let text = stdout(&run(
        &data,
        &["agreement", a.to_str().unwrap(), b.to_str().unwrap()],
    ));
    assert!(
        text.contains("– (fewer than two items scored by every reviewer)"),
        "{text}"
    );
}
