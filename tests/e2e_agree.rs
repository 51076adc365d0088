//! End to end, in a pseudo-terminal: three reviewers' sheets imported, `consensus A B C` opens
//! the consensus screen, items are agreed (one needing a reason, one every reviewer scored
//! alike), and the saved file and the JSON and Markdown exports carry the agreed scores and
//! reasons; the reviewers' files are never written.

#[path = "support/pty.rs"]
mod support;

use std::fs;

use fidelity_review::review::consensus::sha256_hex;
use fidelity_review::store;
use support::{Tui, run};
use tempfile::TempDir;

#[test]
fn three_reviewers_agree_on_the_consensus_screen_and_the_reports_carry_the_reasons() {
    let data = TempDir::new().unwrap();
    let sheets = TempDir::new().unwrap();
    let mut sources = Vec::new();
    for (name, reviewer, sheet) in [
        (
            "a.csv",
            "Ann Bell",
            "item,final,met\n1,4,abcde\n2,3,a\n3,5,\n",
        ),
        (
            "b.csv",
            "Bo Chen",
            "item,final,met\n1,4,abcde\n2,2,\n3,5,\n",
        ),
        (
            "c.csv",
            "Cat Diaz",
            "item,final,met\n1,4,abcde\n2,3,a\n3,4,\n",
        ),
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
                "--reviewer",
                reviewer,
            ],
        );
        sources.push(out.lines().last().unwrap().to_owned());
    }
    let hashes = |paths: &[String]| -> Vec<String> {
        paths
            .iter()
            .map(|p| sha256_hex(&fs::read(p).unwrap()))
            .collect()
    };
    let before = hashes(&sources);

    let mut app = Tui::spawn(
        data.path(),
        &["consensus", &sources[0], &sources[1], &sources[2]],
        80,
        24,
    );
    app.wait_for_all(&["Item 1 of 39", "to discuss 38 · agreed 1", "AB", "BC", "CD"]);
    app.wait_for_all(&["Scores", "AB 4", "BC 4", "CD 4", "all alike"]);

    // Tab: the first item to discuss, item 2 (spread 1).
    app.send("\t");
    app.wait_for_all(&["Item 2 of 39", "AB 3", "BC 2", "CD 3", "spread 1"]);
    app.send("3");
    app.wait_for_all(&["Agreed score 3 for item 2", "The reviewers gave 3, 2, 3"]);
    app.send("Two of three saw the leaflet");
    app.send("\r");
    app.send_and_wait("", "to discuss 37 · agreed 2");

    app.send("\t");
    app.wait_for_all(&["Item 3 of 39", "AB 5", "CD 4"]);
    app.send("5");
    app.wait_for("Agreed score 5 for item 3");
    app.send("Referrals from all sources are logged\r");
    app.send_and_wait("", "to discuss 36 · agreed 3");

    // The reviewers' notes on demand, and back.
    app.send("r");
    app.wait_for("Reviewers' notes");
    app.send("r");
    app.wait_gone("Reviewers' notes");

    // Item 1: back to discuss, then agreed again with the score every reviewer gave: no
    // reason asked.
    app.send("g1\r");
    app.wait_for("Item 1 of 39");
    app.send_and_wait("0", "to discuss 37 · agreed 2");
    app.send_and_wait("4", "to discuss 36 · agreed 3");
    app.send("q");
    assert!(app.wait_exit(), "q quits cleanly");

    let consensus: Vec<(std::path::PathBuf, _)> = fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| store::read(&p).ok().map(|r| (p, r)))
        .filter(|(_, r)| r.is_consensus())
        .collect();
    assert_eq!(consensus.len(), 1);
    let (path, review) = &consensus[0];
    let agreed = |item: u16| {
        let record = review.item(item).unwrap();
        (record.final_score, record.rationale.clone())
    };
    assert_eq!(agreed(1), (Some(4), String::new()));
    assert_eq!(
        agreed(2),
        (Some(3), "Two of three saw the leaflet".to_owned())
    );
    assert_eq!(
        agreed(3),
        (Some(5), "Referrals from all sources are logged".to_owned())
    );

    let path = path.to_str().unwrap();
    let json = run(
        data.path(),
        &["export", path, "--format", "json", "-o", "-"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = |n: u64| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["number"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(item(2)["final"], 3);
    assert_eq!(item(2)["rationale"], "Two of three saw the leaflet");
    assert_eq!(item(3)["final"], 5);
    assert_eq!(
        item(3)["rationale"],
        "Referrals from all sources are logged"
    );
    let md = run(data.path(), &["export", path, "--format", "md", "-o", "-"]);
    assert!(md.contains("Two of three saw the leaflet"), "{md}");
    assert!(md.contains("Referrals from all sources are logged"), "{md}");

    assert_eq!(
        hashes(&sources),
        before,
        "the reviewers' files are unchanged"
    );
}
