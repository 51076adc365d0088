//! Exports: the Markdown, CSV and JSON reports of reviews of the mini pack, built the way the
//! app builds them (a new review, then one change at a time).

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fidelity_review::report::{self, Format, Options, csv::CRITERION_HEADER as HEADER};
use fidelity_review::review::{Details, Finding, Review, ReviewKind};
use fidelity_review::scale::{Scale, pack};
use serde_json::Value;

fn scale() -> Scale {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    pack::load_dir(&dir).expect("the mini pack loads")
}

/// A moment on the review day, `minute` minutes after nine.
fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).unwrap()
}

fn details(team: &str) -> Details {
    Details {
        team: team.to_owned(),
        organisation: "Example NHS Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec!["Ann Reviewer".to_owned(), "Ben Carer".to_owned()],
        kind: ReviewKind::External,
    }
}

/// Item 1 partly rated (two met, one not met, one to go), item 2 met, item 3 not started.
fn half_done(scale: &Scale) -> Review {
    let mut review = Review::new(scale, details("North CRT"), at(0));
    review.set_finding(1, "a", Finding::Met, at(1));
    review.toggle_source(1, "a", "M", at(1));
    review.set_note(1, "a", "Checked the call log for May.", at(2));
    review.set_finding(1, "b", Finding::Met, at(3));
    review.set_finding(1, "c", Finding::NotMet, at(4));
    review.set_finding(2, "a", Finding::Met, at(5));
    review
}

/// Every item rated: item 1 overridden from 4 to 3, item 2 flagged, item 3 rated directly.
fn complete(scale: &Scale) -> Review {
    let mut review = half_done(scale);
    review.set_finding(1, "c", Finding::Met, at(6));
    review.set_finding(1, "d", Finding::Unsure, at(7));
    review.toggle_source(1, "d", "M", at(7));
    review.toggle_source(1, "d", "S", at(7));
    review.set_note(
        1,
        "d",
        "Manager says missed calls are reviewed weekly.\nStaff had not heard of it.",
        at(8),
    );
    review
        .set_final_score(scale, 1, Some(3), "Reviews not seen in the records.", at(9))
        .unwrap();
    review.toggle_flag(2, at(10));
    review.set_item_note(2, "Ask for the visit log.", at(10));
    review
        .set_final_score(scale, 3, Some(4), "", at(11))
        .unwrap();
    review
}

/// Notes are included unless a test says otherwise, so the tests can see how they are shown.
const NOTES: Options = Options {
    include_notes: true,
};

fn markdown(review: &Review, scale: &Scale) -> String {
    String::from_utf8(report::render_with(Format::Markdown, review, scale, NOTES)).unwrap()
}

/// The sheet by criterion, with notes.
fn criteria_csv(review: &Review, scale: &Scale) -> Vec<u8> {
    report::render_with(Format::CsvCriteria, review, scale, NOTES)
}

fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l == line)
}

#[track_caller]
fn assert_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(has_line(text, line), "no line {line:?} in:\n{text}");
    }
}

/// The text between a `## heading` and the next one.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading:?} in:\n{text}"));
    let rest = &text[start + heading.len() + 5..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

// ---- Markdown --------------------------------------------------------------------------------

#[test]
fn markdown_of_a_half_done_review_shows_what_is_left() {
    let scale = scale();
    let text = markdown(&half_done(&scale), &scale);
    assert_lines(
        &text,
        &[
            "# Fidelity review: North CRT",
            "- **Scale:** Mini Test Scale, version 1",
            "- **Organisation:** Example NHS Trust",
            "- **Review date:** 2026-11-23",
            "- **Reviewers:** Ann Reviewer, Ben Carer",
            "- **Kind:** external review",
            "- **Total:** 5 (possible range 3–15)",
            "- **Mean item score:** 5.00",
            "- **Fidelity band:** High (provisional)",
            "- **Rated:** 1 of 3 items",
            "| 1 | Answering calls | 2 | 1 | 0 | — | — |  |",
            "| 2 | Home visits | 1 | 0 | 0 | 5 (provisional) | 5 |  |",
            "| 3 | Team culture | – | – | – | rated directly | — |  |",
            "- ✓ met: **a)** Calls are answered within 30 minutes.",
            "  - Sources: M",
            "  - Note: Checked the call log for May.",
            "- ✗ not met: **c)** Calls are logged.",
            "- · not rated: **d)** Missed calls are reviewed.",
        ],
    );
    assert!(text.contains("This review is not complete: 2 items without a score"));
    let unrated = section(&text, "Not yet rated");
    assert!(unrated.contains("- Item 1: Answering calls (3 of 4 criteria rated)\n"));
    assert!(unrated.contains("- Item 3: Team culture (rated directly)\n"));
    assert!(!unrated.contains("Item 2"));
    assert_eq!(section(&text, "Flagged for follow-up").trim(), "None.");
    assert_eq!(section(&text, "Overrides").trim(), "None.");
    assert!(!text.contains("## Answers kept"), "no orphans, no section");
}

#[test]
fn markdown_of_a_complete_review_can_be_handed_over() {
    let scale = scale();
    let text = markdown(&complete(&scale), &scale);
    assert_lines(
        &text,
        &[
            "- **Total:** 12 (possible range 3–15)",
            "- **Mean item score:** 4.00",
            "- **Fidelity band:** Moderate (provisional)",
            "- **Rated:** 3 of 3 items",
            "| Access | 3 | 3.00 | 1 of 1 |",
            "| Care | 9 | 4.50 | 2 of 2 |",
            "| 1 | Answering calls | 3 | 0 | 1 | 4 | 3 (override) |  |",
            "| 2 | Home visits | 1 | 0 | 0 | 5 (provisional) | 5 | follow up |",
            "| 3 | Team culture | – | – | – | rated directly | 4 |  |",
            "### 1. Answering calls",
            "Domain: Access · Suggested: 4 · Final: **3**",
            "- ? unsure: **d)** Missed calls are reviewed.",
            "  - Sources: M, S",
            "  - Note: Manager says missed calls are reviewed weekly.\\",
            "    Staff had not heard of it.",
            "**Override:** final score 3 where the anchors suggest 4.",
            "**Rationale:** Reviews not seen in the records.",
            "**Flagged for follow-up.**",
            "**Item note:** Ask for the visit log.",
            "Domain: Care · Rated directly · Final: **4**",
            "- **Lowest score:** 3 (item 1)",
            "- **Highest score:** 5 (item 2)",
            "| 1 | Answering calls | 4 | 3 | Reviews not seen in the records. |",
        ],
    );
    assert!(!text.contains("not complete"));
    assert_eq!(
        section(&text, "Flagged for follow-up").trim(),
        "- Item 2: Home visits"
    );
    assert_eq!(section(&text, "Not yet rated").trim(), "None.");
    insta::assert_snapshot!("complete_review_markdown", text);
}

#[test]
fn markdown_escapes_markup_in_team_names_and_notes() {
    let scale = scale();
    let hostile = "*bold* # heading | pipe <script>alert(1)</script> [link](x)";
    let mut review = Review::new(&scale, details(hostile), at(0));
    review.details.organisation = "# Org".to_owned();
    review.set_note(
        1,
        "a",
        "*bold*\n# heading\n| pipe | cell |\n<script>alert(1)</script>\n[link](x)\n- item\n1. item\n    code",
        at(1),
    );
    review.set_item_note(1, "===\n&#x202e; &amp;", at(2));
    review.set_finding(1, "a", Finding::Met, at(3));
    for id in ["b", "c", "d"] {
        review.set_finding(1, id, Finding::NotMet, at(3));
    }
    review
        .set_final_score(&scale, 1, Some(5), "|a|b|\nsecond line", at(4))
        .unwrap();
    let text = markdown(&review, &scale);

    let escaped = r"\*bold\* \# heading \| pipe \<script\>alert(1)\</script\> \[link\](x)";
    assert_lines(
        &text,
        &[
            &format!("# Fidelity review: {escaped}"),
            &format!("- **Team:** {escaped}"),
            r"- **Organisation:** \# Org",
            r"  - Note: \*bold\*\",
            r"    \# heading\",
            r"    \| pipe \| cell \|\",
            r"    \<script\>alert(1)\</script\>\",
            r"    \[link\](x)\",
            r"    \- item\",
            r"    1\. item\",
            r"    code",
            r"**Item note:** \===\",
            r"\&\#x202e; \&amp;",
            r"| 1 | Answering calls | 2 | 5 | \|a\|b\|<br>second line |",
        ],
    );
    // Only the report's own headings start a line with `#`.
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 1 + 14 + 3, "{headings:#?}");
    for needle in ["<script>", "](x)", "*bold*", "| pipe"] {
        assert!(
            unescaped(&text, needle).is_empty(),
            "{needle:?} unescaped in:\n{text}"
        );
    }
    // Every table row still has its columns.
    for row in text.lines().filter(|l| l.starts_with("| ")) {
        let columns = count_unescaped(row, '|');
        assert!([5, 6, 9].contains(&columns), "{row}");
    }
    insta::assert_snapshot!("escaped_markdown", text);
}

/// Where `needle` appears with no backslash before its first character.
fn unescaped(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .filter(|&i| !text[..i].ends_with('\\'))
        .collect()
}

fn count_unescaped(line: &str, c: char) -> usize {
    line.char_indices()
        .filter(|&(i, ch)| ch == c && !line[..i].ends_with('\\'))
        .count()
}

// ---- CSV -------------------------------------------------------------------------------------

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_has_a_bom_a_header_and_one_row_per_criterion() {
    let scale = scale();
    let bytes = criteria_csv(&complete(&scale), &scale);
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    assert!(bytes[3..].starts_with(b"Item,Item title,Domain,Criterion,"));
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0], HEADER);
    let keys: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("1", "a", "met"),
            ("1", "b", "met"),
            ("1", "c", "met"),
            ("1", "d", "unsure"),
            ("2", "a", "met"),
            ("3", "", ""),
        ]
    );
    let d = &rows[4];
    assert_eq!(d[1], "Answering calls");
    assert_eq!(d[2], "Access");
    assert_eq!(d[4], "Missed calls are reviewed.");
    assert_eq!(d[6], "M S");
    assert_eq!(
        d[7],
        "Manager says missed calls are reviewed weekly.\nStaff had not heard of it."
    );
    assert_eq!(
        &d[8..13],
        ["4", "", "3", "", "Reviews not seen in the records."]
    );
    let home = &rows[5];
    assert_eq!(
        &home[8..14],
        ["5", "yes", "5", "yes", "", "Ask for the visit log."]
    );
    assert_eq!(&rows[6][8..11], ["", "", "4"]);
}

#[test]
fn csv_cells_never_start_a_formula() {
    let scale = scale();
    let mut review = Review::new(&scale, details("=HYPERLINK(\"http://x\")"), at(0));
    let notes = [("a", "=1+1"), ("b", "+1"), ("c", "-2"), ("d", "@SUM(A1)")];
    for (id, note) in notes {
        review.set_note(1, id, note, at(1));
    }
    review.set_note(2, "a", "\tindented", at(2));
    review.set_item_note(3, "\r=1+1", at(3));
    review.set_item_note(1, "＝1+1", at(3));
    review.set_finding(1, "a", Finding::Met, at(4));
    review
        .set_final_score(&scale, 1, Some(5), "-cmd|' /C calc'!A0", at(5))
        .unwrap();
    let rows = csv_rows(&criteria_csv(&review, &scale));

    let note = |row: usize| rows[row][7].as_str();
    assert_eq!(note(1), "'=1+1");
    assert_eq!(note(2), "'+1");
    assert_eq!(note(3), "'-2");
    assert_eq!(note(4), "'@SUM(A1)");
    assert_eq!(note(5), "'\tindented");
    assert_eq!(rows[6][13], "'\\u{d}=1+1", "a CR is neutralised and shown");
    assert_eq!(rows[1][13], "'＝1+1");
    assert_eq!(rows[1][12], "'-cmd|' /C calc'!A0");
    for row in &rows {
        for cell in row {
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
            assert!(!risky, "{cell:?} could run as a formula");
        }
    }
}

#[test]
fn csv_note_with_commas_quotes_and_newlines_round_trips() {
    let scale = scale();
    let mut review = Review::new(&scale, details("North CRT"), at(0));
    let note = "Said \"yes\", then \"no\",\nand later:\n\n  'maybe', \"\"";
    review.set_note(1, "b", note, at(1));
    review.set_item_note(3, "a, b; \"c\"", at(2));
    let rows = csv_rows(&criteria_csv(&review, &scale));
    assert_eq!(rows.len(), 1 + 6, "the header and six criterion rows");
    assert_eq!(rows[2][7], note);
    assert_eq!(rows[6][13], "a, b; \"c\"");
    assert!(rows.iter().all(|r| r.len() == HEADER.len()));
}

// ---- JSON ------------------------------------------------------------------------------------

fn json(review: &Review, scale: &Scale) -> Value {
    let bytes = report::render_with(Format::Json, review, scale, NOTES);
    serde_json::from_slice(&bytes).expect("the JSON report parses")
}

#[test]
fn json_holds_the_summary_and_the_findings() {
    let scale = scale();
    let value = json(&complete(&scale), &scale);
    assert_eq!(value["total"], 12);
    assert_eq!(value["mean"], 4.0);
    assert_eq!(value["band"], "Moderate");
    assert_eq!(value["band_provisional"], true);
    assert_eq!(value["rated"], 3);
    assert_eq!(value["domains"].as_array().unwrap().len(), 2);
    assert_eq!(value["details"]["team"], "North CRT");
    assert_eq!(value["details"]["kind"], "external");
    assert_eq!(value["scale"]["id"], "mini");
    assert_eq!(value["scale"]["content_hash"], scale.content_hash.as_str());

    let items = value["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
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
            assert!(item.get(key).is_some(), "item without {key}: {item}");
        }
    }
    assert_eq!(items[0]["suggested"], 4);
    assert_eq!(items[0]["final"], 3);
    assert_eq!(items[1]["provisional"], true);
    assert_eq!(items[1]["flagged"], true);

    let first = &value["findings"][0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["final"], 3);
    assert_eq!(first["reviewer_score"], 3);
    assert_eq!(first["rationale"], "Reviews not seen in the records.");
    let d = &first["criteria"][3];
    assert_eq!(d["id"], "d");
    assert_eq!(d["finding"], "unsure");
    assert_eq!(d["sources"], serde_json::json!(["M", "S"]));
    assert!(d["note"].as_str().unwrap().starts_with("Manager says"));
    assert_eq!(value["findings"][1]["note"], "Ask for the visit log.");
    assert_eq!(value["findings"][2]["criteria"], serde_json::json!([]));
}

#[test]
fn json_of_an_empty_review_has_no_mean_or_band() {
    let scale = scale();
    let value = json(&Review::new(&scale, details("North CRT"), at(0)), &scale);
    assert_eq!(value["total"], 0);
    assert_eq!(value["mean"], Value::Null);
    assert_eq!(value["band"], Value::Null);
    assert_eq!(value["rated"], 0);
    assert_eq!(value["unrated"], serde_json::json!([1, 2, 3]));
}

// ---- Every format ----------------------------------------------------------------------------

const ESCAPES: &str = "\x1b]0;owned\x07 \x1b[2J\x1b[H bell\x07 \u{9b}31m \u{202e}desrever\u{202c} \u{2066}iso\u{2069}";

fn hostile_review(scale: &Scale) -> (Review, String) {
    let long_line = "x".repeat(10_000);
    let note = format!("{ESCAPES}\n{long_line}\nlast line");
    let mut review = Review::new(scale, details(&format!("North{ESCAPES}")), at(0));
    review.details.reviewers.push("\u{202e}nnA".to_owned());
    review.set_note(1, "a", &note, at(1));
    review.set_finding(1, "a", Finding::Met, at(1));
    review.toggle_source(1, "a", "\x1b[31mM", at(1));
    review.set_item_note(3, &note, at(2));
    review
        .set_final_score(scale, 1, Some(5), ESCAPES, at(3))
        .unwrap();
    (review, note)
}

/// A character that would act on a terminal or reorder text, other than a line end.
fn acts(c: char) -> bool {
    report::is_hostile(c) && c != '\r'
}

#[test]
fn hostile_text_is_inert_in_every_format() {
    let scale = scale();
    let (review, note) = hostile_review(&scale);
    for format in Format::ALL {
        let bytes = report::render_with(format, &review, &scale, NOTES);
        let text = String::from_utf8(bytes).expect("UTF-8");
        let raw: Vec<char> = text.chars().filter(|&c| acts(c)).collect();
        assert!(raw.is_empty(), "{format}: raw {raw:?}");
        if format != Format::Csv {
            // The sheet by item has no notes.
            assert!(
                text.contains(&"x".repeat(10_000)),
                "{format}: the long line is kept whole"
            );
        }
    }

    let md = markdown(&review, &scale);
    assert!(md.contains(r"\\u{1b}\]0;owned\\u{7}"), "shown, not run");
    assert!(md.contains(r"\\u{202e}desrever\\u{202c}"));
    assert!(has_line(
        &md,
        r"# Fidelity review: North\\u{1b}\]0;owned\\u{7} \\u{1b}\[2J\\u{1b}\[H bell\\u{7} \\u{9b}31m \\u{202e}desrever\\u{202c} \\u{2066}iso\\u{2069}"
    ));
    let plain = markdown(&complete(&scale), &scale);
    let headings = |t: &str| t.lines().filter(|l| l.starts_with('#')).count();
    assert_eq!(headings(&md), headings(&plain), "no heading added or lost");

    let rows = csv_rows(&criteria_csv(&review, &scale));
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[1][6], r"\u{1b}[31mM");
    assert!(rows[1][7].starts_with(r"\u{1b}]0;owned\u{7} \u{1b}[2J"));

    // JSON keeps the text exactly; only its spelling in the file is escaped.
    let value = json(&review, &scale);
    assert_eq!(value["findings"][0]["criteria"][0]["note"], note.as_str());
    assert_eq!(value["details"]["team"], format!("North{ESCAPES}"));
    assert_eq!(value["findings"][0]["rationale"], ESCAPES);
}

// ---- Answers the scale lacks, file names, formats --------------------------------------------

#[test]
fn answers_for_criteria_the_scale_lacks_are_reported() {
    let scale = scale();
    let mut review = half_done(&scale);
    review.set_finding(1, "z", Finding::NotMet, at(20));
    review.set_note(1, "z", "From an older pack.", at(20));
    review.set_finding(9, "a", Finding::Met, at(21));
    review.set_item_note(9, "Item nine note.", at(21));

    let md = markdown(&review, &scale);
    insta::assert_snapshot!("orphans_markdown", md);
    let kept = section(&md, "Answers kept for criteria this scale lacks");
    for line in [
        "- ✗ not met: item 1, criterion z",
        "  - Note: From an older pack.",
        "- Item 9 (not in this scale)",
        "  - Item note: Item nine note.",
        "  - ✓ met: criterion a",
    ] {
        assert!(kept.lines().any(|l| l == line), "no {line:?} in:\n{kept}");
    }

    let rows = csv_rows(&criteria_csv(&review, &scale));
    let z = rows.iter().find(|r| r[0] == "1" && r[3] == "z").unwrap();
    assert_eq!(
        (z[4].as_str(), z[5].as_str()),
        ("(not in this scale)", "not met")
    );
    let nine = rows.iter().find(|r| r[0] == "9").unwrap();
    assert_eq!(
        (nine[1].as_str(), nine[13].as_str()),
        ("(not in this scale)", "Item nine note.")
    );

    let value = json(&review, &scale);
    assert_eq!(value["orphans"].as_array().unwrap().len(), 2);
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings[0]["criteria"][4]["id"], "z");
    assert_eq!(findings[0]["criteria"][4]["text"], Value::Null);
    assert_eq!(findings[3]["number"], 9);
    assert_eq!(findings[3]["title"], Value::Null);
}

#[test]
fn default_file_names_carry_date_and_team() {
    let scale = scale();
    let review = half_done(&scale);
    assert_eq!(
        report::default_file_name(&review, Format::Markdown),
        "2026-11-23-north-crt-review.md"
    );
    assert_eq!(
        report::default_file_name(&review, Format::Csv),
        "2026-11-23-north-crt-review.csv"
    );
    let (hostile, _) = hostile_review(&scale);
    let name = report::default_file_name(&hostile, Format::Json);
    assert!(name.starts_with("2026-11-23-north-"), "{name}");
    assert!(name.ends_with("-review.json"), "{name}");
    assert!(
        name.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.'),
        "{name}"
    );
}

#[test]
fn formats_are_named_as_on_the_command_line() {
    for (name, format) in [
        ("html", Format::Html),
        ("md", Format::Markdown),
        ("csv", Format::Csv),
        ("json", Format::Json),
    ] {
        assert_eq!(name.parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), name);
        assert_eq!(format.extension(), name);
    }
    assert_eq!("csv-criteria".parse::<Format>(), Ok(Format::CsvCriteria));
    assert_eq!(Format::CsvCriteria.to_string(), "csv-criteria");
    assert_eq!(Format::CsvCriteria.extension(), "csv");
    let err = "pdf".parse::<Format>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"pdf\" is not a report format (html, md, csv, csv-criteria or json)"
    );
}
