//! The report a team receives, in every format: notes private unless asked for, the sheet by
//! item summing to the total, the HTML page self-contained and complete, and hostile text in
//! every field inert everywhere.

#[path = "support/full_review.rs"]
mod full_review;

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use fidelity_review::report::{self, Format, Options, csv::ITEM_HEADER};
use fidelity_review::review::{Details, Finding, Review, ReviewKind, Summary};
use fidelity_review::scale::{Scale, pack};

fn core() -> Scale {
    pack::load_embedded().expect("the embedded pack loads")
}

fn mini() -> Scale {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    pack::load_dir(&dir).expect("the mini pack loads")
}

const NOTES: Options = Options {
    include_notes: true,
};

fn text(format: Format, review: &Review, scale: &Scale, options: Options) -> String {
    String::from_utf8(report::render_with(format, review, scale, options)).expect("UTF-8")
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

// ---- The sheet by item --------------------------------------------------------------------

#[test]
fn the_sheet_by_item_sums_to_the_total() {
    let scale = core();
    let review = full_review::full(&scale, true);
    let summary = Summary::of(&review, &scale);
    assert!(summary.is_complete());
    let bytes = report::render(Format::Csv, &review, &scale);
    assert!(bytes.starts_with(b"\xEF\xBB\xBFitem,title,domain,met,not_met,unsure,suggested,final,provisional,flagged,rationale,feedback\r\n"));
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0], ITEM_HEADER);
    assert_eq!(rows.len(), 1 + 39, "one row per item");
    let sum: u32 = rows[1..].iter().map(|r| r[7].parse::<u32>().unwrap()).sum();
    assert_eq!(sum, summary.total, "the final column sums to the total");

    for (row, item) in rows[1..].iter().zip(&summary.items) {
        assert_eq!(row[0], item.number.to_string());
        assert_eq!(row[1], item.title);
        let letters = |column: usize| row[column].split_whitespace().count();
        assert_eq!(
            (letters(3), letters(4), letters(5)),
            (item.met, item.not_met, item.unsure),
            "item {}",
            item.number
        );
        assert!(row[11].starts_with("The team does well on"), "{row:?}");
    }
    // Criterion letters, spaced, and the override's reason.
    let one = &rows[1];
    let scale_one = scale.item(1).unwrap();
    let met: Vec<&str> = scale_one
        .criteria
        .iter()
        .filter(|c| review.finding(1, &c.id) == Finding::Met)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(one[3], met.join(" "));
    let overridden = &summary.overrides[0];
    let row = &rows[usize::from(overridden.number)];
    assert_eq!(
        row[10],
        "The records did not bear out what staff described."
    );
    assert_eq!(row[7], overridden.final_score.to_string());
    assert_eq!(row[6], overridden.suggested.to_string());
}

#[test]
fn the_sheet_by_criterion_has_one_row_per_criterion() {
    let scale = core();
    let review = full_review::full(&scale, false);
    let rows = csv_rows(&report::render(Format::CsvCriteria, &review, &scale));
    let criteria: usize = scale.items.iter().map(|i| i.criteria.len().max(1)).sum();
    assert_eq!(rows.len(), 1 + criteria);
    assert_eq!(rows[0][3], "Criterion");
    assert!(
        rows[1..].iter().all(|r| r[7].is_empty()),
        "no notes unless asked"
    );
    let with_notes = csv_rows(&report::render_with(
        Format::CsvCriteria,
        &review,
        &scale,
        NOTES,
    ));
    assert!(with_notes[1][7].starts_with("Note on item 1"));
}

// ---- Notes are private --------------------------------------------------------------------

#[test]
fn notes_stay_out_of_every_format_unless_asked_for() {
    let scale = mini();
    let mut review = Review::new(&scale, details("North CRT"), at(0));
    review.set_finding(1, "a", Finding::Met, at(1));
    review.set_note(1, "a", "Informant said CRITERION-NOTE-7.", at(2));
    review.set_item_note(2, "ITEM-NOTE-9 from the carer.", at(3));
    review.set_feedback(1, "FEEDBACK-3 for the team.", at(4));
    for format in Format::ALL {
        let plain = text(format, &review, &scale, Options::default());
        for secret in ["CRITERION-NOTE-7", "ITEM-NOTE-9"] {
            assert!(!plain.contains(secret), "{format}: {secret} without asking");
        }
        assert!(
            plain.contains("FEEDBACK-3"),
            "{format}: feedback is for the team"
        );
        let with = text(format, &review, &scale, NOTES);
        if format != Format::Csv {
            for secret in ["CRITERION-NOTE-7", "ITEM-NOTE-9"] {
                assert!(with.contains(secret), "{format}: {secret} asked for");
            }
        }
    }
}

// ---- The HTML page ------------------------------------------------------------------------

#[test]
fn the_html_report_is_self_contained_and_has_every_section() {
    let scale = core();
    let review = full_review::full(&scale, true);
    let html = text(Format::Html, &review, &scale, Options::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "<script",
        "<link",
        "src=",
        "href=",
        "url(",
        "@import",
        "@font-face",
        "http:",
        "https:",
    ] {
        // The SVG namespace is a name, not something fetched.
        let found = html
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .contains(needle);
        assert!(!found, "the page fetches or runs something: {needle}");
    }
    for id in [
        "cover",
        "method",
        "summary",
        "profile",
        "strengths",
        "priorities",
        "items",
        "recommendations",
        "plan",
        "appendix",
        "about",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    assert!(html.contains("<svg"), "the domain profile is an SVG");
    assert!(html.contains("@page") && html.contains("size: A4"));
    assert!(html.contains("break-inside: avoid"));
    let summary = Summary::of(&review, &scale);
    assert!(html.contains(&format!(
        "<th>Total</th><td><strong>{}</strong>",
        summary.total
    )));
    for fact in [
        "75 teams",
        "median total of 122",
        "between 111 and 132",
        "from 73 to 151",
    ] {
        assert!(html.contains(fact), "no {fact:?} in the survey context");
    }
    assert!(
        html.contains("<span class=\"tag\">provisional</span>"),
        "the band is marked"
    );
    for item in &scale.items {
        assert!(
            html.contains(&format!(
                "<h3>{}. {}</h3>",
                item.number,
                escape(&item.title)
            )),
            "item {} has no findings",
            item.number
        );
    }
    for domain in &summary.domains {
        let value = format!(
            "{:.2} · {} of {}",
            domain.mean.unwrap(),
            domain.subtotal,
            domain.items * 5
        );
        assert!(html.contains(&value), "the chart shows {value}");
    }
    for rec in review.action_plan() {
        assert!(html.contains(&escape(&rec.text)), "{}", rec.text);
    }
    assert!(html.contains("Team manager") && html.contains("15 Jan 2027"));
    assert!(
        html.contains("Item 25") || html.contains("25"),
        "provenance lists item 25"
    );
    assert!(html.contains("quoted word for word from the published resource pack"));
    assert!(!html.contains("Note on item"), "no notes unless asked");
    let with = text(Format::Html, &review, &scale, NOTES);
    assert!(with.contains("Note on item 1: the manager said so"));
}

/// HTML escaping as askama does it, for the texts these tests look for.
fn escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

// ---- Hostile text in every field ----------------------------------------------------------

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).unwrap()
}

fn details(team: &str) -> Details {
    Details {
        team: team.to_owned(),
        organisation: "Example NHS Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec!["Ann Reviewer".to_owned()],
        kind: ReviewKind::External,
    }
}

/// Markup of HTML and Markdown, formulas behind padding, terminal controls and bidi.
const HOSTILE: [&str; 9] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\"><svg onload=alert(3)>",
    "# heading *bold* [link](javascript:x) | cell |",
    "\u{a0}=HYPERLINK(\"http://x\",\"y\")",
    " \u{feff}\u{200b}+SUM(A1)",
    "\"@cmd",
    "\x1b]0;owned\x07\x1b[2J bell\x07 \u{9b}31m",
    "\u{202e}desrever\u{2066}",
];

fn hostile(scale: &Scale) -> Review {
    let all = HOSTILE.join("\n");
    let mut review = Review::new(scale, details(&HOSTILE.join(" ")), at(0));
    review.details.organisation = HOSTILE[1].to_owned();
    review.details.reviewers = HOSTILE.iter().map(|s| (*s).to_owned()).collect();
    for (index, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
        review.set_finding(1, id, Finding::NotMet, at(1));
        review.set_note(1, id, HOSTILE[index * 2], at(1));
        review.toggle_source(1, id, HOSTILE[index + 4], at(1));
    }
    review.set_finding(2, "a", Finding::NotMet, at(2));
    for (index, item) in [1u16, 2, 3].into_iter().enumerate() {
        review.set_feedback(item, HOSTILE[index + 4], at(3));
        review.set_item_note(item, &all, at(3));
    }
    review
        .set_final_score(scale, 1, Some(3), HOSTILE[5], at(4))
        .unwrap();
    review
        .set_final_score(scale, 3, Some(2), HOSTILE[6], at(4))
        .unwrap();
    for (index, text) in HOSTILE.iter().enumerate() {
        let id = review.add_recommendation(Some(2), text, at(5)).unwrap();
        review
            .set_owner(id, HOSTILE[(index + 1) % HOSTILE.len()], at(5))
            .unwrap();
    }
    for code in HOSTILE {
        review.set_method_count(code, Some(1), at(6));
    }
    review
}

#[test]
fn hostile_text_in_every_field_is_inert_in_every_format() {
    let scale = mini();
    let review = hostile(&scale);
    for format in Format::ALL {
        for options in [Options::default(), NOTES] {
            let out = text(format, &review, &scale, options);
            let raw: Vec<char> = out
                .chars()
                .filter(|&c| report::is_hostile(c) && c != '\r')
                .collect();
            assert!(raw.is_empty(), "{format}: raw {raw:?}");
            assert!(
                !out.replace("\r\n", "\n").contains('\r'),
                "{format}: a lone CR"
            );
        }
    }

    // HTML: every text is text.
    let html = text(Format::Html, &review, &scale, NOTES);
    for tag in ["<script", "<img", "<svg onload"] {
        let hits = html.matches(tag).count();
        assert_eq!(hits, 0, "HTML: {tag} reached the page as markup");
    }
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(html.contains("&#60;img src=x onerror=alert(2)&#62;"));
    assert!(html.contains("&#34;&#62;&#60;svg onload=alert(3)&#62;"));
    assert!(
        html.contains("\\u{1b}]0;owned\\u{7}"),
        "controls shown, not run"
    );

    // Markdown: no markup of theirs survives unescaped.
    let md = text(Format::Markdown, &review, &scale, NOTES);
    for needle in ["<script>", "<img", "](javascript", "*bold*"] {
        let unescaped = md
            .match_indices(needle)
            .filter(|(i, _)| !md[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 0, "Markdown: {needle} unescaped");
    }
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    let plain = text(
        Format::Markdown,
        &Review::new(&scale, details("T"), at(0)),
        &scale,
        NOTES,
    );
    assert_eq!(
        headings,
        plain.lines().filter(|l| l.starts_with('#')).count(),
        "no heading added"
    );
    for row in md.lines().filter(|l| l.starts_with("| ")) {
        let pipes = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
            .count();
        assert!(
            [5, 6, 9].contains(&pipes),
            "a row lost or gained a column: {row}"
        );
    }

    // CSV: no cell a spreadsheet would run, behind whatever padding.
    for format in [Format::Csv, Format::CsvCriteria] {
        let rows = csv_rows(&report::render_with(format, &review, &scale, NOTES));
        for cell in rows.iter().flatten() {
            let start = cell.trim_start_matches(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\u{a0}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{2060}'
                    )
            });
            let risky = start.starts_with(['=', '+', '-', '@']) && !cell.starts_with('\'');
            assert!(!risky, "{format}: {cell:?} could run as a formula");
        }
    }
    let items = csv_rows(&report::render(Format::Csv, &review, &scale));
    assert_eq!(items[1][11], "'\u{a0}=HYPERLINK(\"http://x\",\"y\")");
    // The rationale is stored trimmed; the BOM and zero-width space stay.
    assert_eq!(items[1][10], "'\u{feff}\u{200b}+SUM(A1)");

    // JSON keeps every text exactly.
    let value: serde_json::Value =
        serde_json::from_str(&text(Format::Json, &review, &scale, NOTES)).unwrap();
    assert_eq!(value["details"]["team"], HOSTILE.join(" "));
    assert_eq!(value["recommendations"][0]["text"], HOSTILE[0]);
    assert_eq!(value["findings"][0]["feedback"], HOSTILE[4]);
}
