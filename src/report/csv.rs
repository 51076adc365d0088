//! The CSV report: one row per criterion, for a spreadsheet.
//!
//! UTF-8 with a byte order mark (so Excel reads it as UTF-8), CRLF line ends, a header row.
//! Each row carries its item's columns too (score, flag, rationale, item note): every row
//! stands alone, so sorting, filtering and pivot tables in Excel or LibreOffice keep a criterion
//! with its item, which extra rows of another shape would break. An item with no criteria gets
//! one row with the criterion columns empty. Answers kept for criteria the scale lacks get rows
//! too, after their item's, with the criterion text `(not in this scale)`.
//!
//! Text cells are made inert ([`super::inert`]), and a cell a spreadsheet could read as a
//! formula gets a leading `'` ([`neutralise`]).

use crate::review::summary::ItemSummary;
use crate::review::{CriterionRecord, Finding, ItemRecord, Review, Summary, rationale};
use crate::scale::Scale;

use super::inert;

/// The header row.
pub const HEADER: [&str; 14] = [
    "Item",
    "Item title",
    "Domain",
    "Criterion",
    "Criterion text",
    "Finding",
    "Sources",
    "Note",
    "Suggested",
    "Provisional",
    "Final",
    "Flagged",
    "Rationale",
    "Item note",
];

/// One row of the file.
type Row = [String; HEADER.len()];

/// Stands for the title or text of something the review has and the scale lacks.
const NOT_IN_SCALE: &str = "(not in this scale)";

/// The CSV report of `review`, as the bytes of the file.
pub fn render(review: &Review, scale: &Scale) -> Vec<u8> {
    let summary = Summary::of(review, scale);
    let mut rows: Vec<Row> = Vec::new();
    for item in &summary.items {
        let Some(scale_item) = scale.item(item.number) else {
            continue;
        };
        let record = review.item(item.number);
        let domain = scale
            .domain(&item.domain)
            .map_or(item.domain.as_str(), |d| d.name.as_str());
        let row = ItemColumns::of(item, domain, record);
        if scale_item.criteria.is_empty() {
            rows.push(row.with([""; 5]));
        }
        for criterion in &scale_item.criteria {
            let found = record.and_then(|r| r.criteria.get(&criterion.id));
            rows.push(row.with_criterion(&criterion.id, &criterion.text, found));
        }
        let kept = summary
            .orphans
            .iter()
            .filter(|o| o.item == item.number)
            .filter_map(|o| o.criterion.as_deref());
        for id in kept {
            rows.push(row.with_criterion(id, NOT_IN_SCALE, review.criterion(item.number, id)));
        }
    }
    for orphan in summary.orphans.iter().filter(|o| o.criterion.is_none()) {
        let Some(record) = review.item(orphan.item) else {
            continue;
        };
        let row = ItemColumns::orphan(orphan.item, record);
        if record.criteria.is_empty() {
            rows.push(row.with([""; 5]));
        }
        for (id, found) in &record.criteria {
            rows.push(row.with_criterion(id, NOT_IN_SCALE, Some(found)));
        }
    }
    write(&rows)
}

/// The columns every row of one item shares.
struct ItemColumns<'a> {
    number: u16,
    title: &'a str,
    domain: &'a str,
    suggested: Option<u8>,
    provisional: bool,
    final_score: Option<u8>,
    flagged: bool,
    rationale: &'a str,
    note: &'a str,
}

impl<'a> ItemColumns<'a> {
    fn of(item: &'a ItemSummary, domain: &'a str, record: Option<&'a ItemRecord>) -> Self {
        ItemColumns {
            number: item.number,
            title: &item.title,
            domain,
            suggested: item.suggested,
            provisional: item.provisional && item.suggested.is_some(),
            final_score: item.final_score,
            flagged: item.flagged,
            rationale: record.map_or("", |r| rationale::applying(r, item.suggested)),
            note: record.map_or("", |r| r.note.as_str()),
        }
    }

    /// An item the scale lacks: only what the review recorded.
    fn orphan(number: u16, record: &'a ItemRecord) -> Self {
        ItemColumns {
            number,
            title: NOT_IN_SCALE,
            domain: "",
            suggested: None,
            provisional: false,
            final_score: record.final_score,
            flagged: record.flagged,
            rationale: &record.rationale,
            note: &record.note,
        }
    }

    fn with_criterion(&self, id: &str, text: &str, found: Option<&CriterionRecord>) -> Row {
        let finding = found.map_or(Finding::NotRated, |c| c.finding);
        let sources = found.map_or(String::new(), |c| c.sources.join(" "));
        let note = found.map_or("", |c| c.note.as_str());
        self.with([id, text, finding.label(), &sources, note])
    }

    /// A row: this item's columns around the five criterion columns (id, text, finding,
    /// sources, note).
    fn with(&self, criterion: [&str; 5]) -> Row {
        let [id, text, finding, sources, note] = criterion;
        let number = |n: Option<u8>| n.map_or(String::new(), |n| n.to_string());
        let yes = |b: bool| if b { "yes" } else { "" }.to_owned();
        [
            self.number.to_string(),
            text_cell(self.title),
            text_cell(self.domain),
            text_cell(id),
            text_cell(text),
            finding.to_owned(),
            text_cell(sources),
            text_cell(note),
            number(self.suggested),
            yes(self.provisional),
            number(self.final_score),
            yes(self.flagged),
            text_cell(self.rationale),
            text_cell(self.note),
        ]
    }
}

fn write(rows: &[Row]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to memory cannot fail: the only errors are I/O errors.
    writer.write_record(HEADER).expect("CSV goes to memory");
    for row in rows {
        writer.write_record(row).expect("CSV goes to memory");
    }
    writer.flush().expect("CSV goes to memory");
    drop(writer);
    out
}

/// A cell of text from a person or a pack: never a formula, and inert. A formula is looked for
/// first, in the text as written, so a cell that began with a CR still shows the `'`.
fn text_cell(text: &str) -> String {
    inert(&neutralise(text)).into_owned()
}

/// `cell` with a leading `'` if a spreadsheet could take it for a formula: it begins with `=`,
/// `+`, `-`, `@`, a tab, CR or newline (or the full-width `＝ ＋ － ＠`, which some spreadsheets
/// also accept). Excel and LibreOffice show the rest as text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\n', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ]);
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}
