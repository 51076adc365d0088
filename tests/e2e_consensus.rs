//! End to end, in a pseudo-terminal: `consensus` without `--no-tui` makes the consensus review
//! and opens it on the consensus screen; the sources stay as they were.

#[path = "support/pty.rs"]
mod support;

use std::fs;

use fidelity_review::review::consensus::sha256_hex;
use fidelity_review::store;
use support::{Tui, run};
use tempfile::TempDir;

#[test]
fn consensus_opens_the_new_review_on_the_consensus_screen() {
    let data = TempDir::new().unwrap();
    let sheets = TempDir::new().unwrap();
    let mut sources = Vec::new();
    for (name, sheet) in [
        ("a.csv", "item,final,met\n1,4,abcde\n2,3,a\n"),
        ("b.csv", "item,final,met\n1,4,abcde\n2,2,\n"),
    ] {
        let file = sheets.path().join(name);
        fs::write(&file, sheet).unwrap();
        let out = run(
            data.path(),
            &[
                "import-sheet",
                file.to_str().unwrap(),
                "--team",
                "North CRT",
                "--date",
                "2026-11-23",
            ],
        );
        sources.push(out.lines().last().unwrap().to_owned());
    }
    let before: Vec<String> = sources
        .iter()
        .map(|p| sha256_hex(&fs::read(p).unwrap()))
        .collect();
    let mut app = Tui::spawn(
        data.path(),
        &["consensus", &sources[0], &sources[1]],
        80,
        24,
    );
    app.wait_for("Item 1 of 39");
    app.wait_for_all(&["to discuss 38 · agreed 1", "Agreed 4", "Scores"]);
    app.send("q");
    assert!(app.wait_exit(), "q quits cleanly");

    let consensus: Vec<_> = fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| store::read(&p).ok())
        .filter(|r| r.is_consensus())
        .collect();
    assert_eq!(consensus.len(), 1);
    assert_eq!(consensus[0].item(1).and_then(|i| i.final_score), Some(4));
    let after: Vec<String> = sources
        .iter()
        .map(|p| sha256_hex(&fs::read(p).unwrap()))
        .collect();
    assert_eq!(after, before);
}
