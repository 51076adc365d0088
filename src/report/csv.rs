//! The CSV sheets, for a spreadsheet.
//!
//! - [`render_items`] (`--format csv`): one row per item of the scale, columns
//!   [`ITEM_HEADER`]; `met`, `not_met` and `unsure` list criterion ids separated by spaces, so
//!   the sum of the `final` column is the review's total. Answers kept for items the scale lacks
//!   are not in it (they are in the sheet by criterion), so the sum stays the total. The
//!   column names are a contract: the sheet is read back by `import-sheet`.
//! - [`render_criteria`] (`--format csv-criteria`): one row per criterion. Each row carries its
//!   item's columns too (score, flag, rationale, feedback): every row stands alone, so sorting,
//!   filtering and pivot tables keep a criterion with its item. An item with no criteria gets
//!   one row with the criterion columns empty. Answers kept for criteria the scale lacks get
//!   rows too, after their item's, with the criterion text `(not in this scale)`. The note
//!   columns are empty unless the notes are included.
//!
//! Both are UTF-8 with a byte order mark (so Excel reads them as UTF-8), CRLF line ends, a
//! header row, cells quoted where they hold a comma, quote or line break. Text cells are made
//! inert ([`super::inert`]), and a cell a spreadsheet could read as a formula gets a leading `'`
//! ([`neutralise`]).

use crate::review::summary::ItemSummary;
use crate::review::{CriterionRecord, Finding, ItemRecord, Review, Summary, rationale};
use crate::scale::Scale;

use super::{Options, inert};

/// The header row of the sheet by item.
pub const ITEM_HEADER: [&str; 12] = [
    "item",
    "title",
    "domain",
    "met",
    "not_met",
    "unsure",
    "suggested",
    "final",
    "provisional",
    "flagged",
    "rationale",
    "feedback",
];

/// The sheet by item of `review`, as the bytes of the file.
pub fn render_items(review: &Review, scale: &Scale) -> Vec<u8> {
    let summary = Summary::of(review, scale);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for item in &summary.items {
        let Some(scale_item) = scale.item(item.number) else {
            continue;
        };
        let record = review.item(item.number);
        let with = |finding: Finding| -> String {
            let ids: Vec<&str> = scale_item
                .criteria
                .iter()
                .filter(|c| review.finding(item.number, &c.id) == finding)
                .map(|c| c.id.as_str())
                .collect();
            text_cell(&ids.join(" "))
        };
        let domain = scale
            .domain(&item.domain)
            .map_or(item.domain.as_str(), |d| d.name.as_str());
        rows.push(vec![
            item.number.to_string(),
            text_cell(&item.title),
            text_cell(domain),
            with(Finding::Met),
            with(Finding::NotMet),
            with(Finding::Unsure),
            number(item.suggested),
            number(item.final_score),
            yes(item.provisional && item.suggested.is_some()),
            yes(item.flagged),
            text_cell(record.map_or("", |r| rationale::reported(review, r, item.suggested))),
            text_cell(record.map_or("", |r| r.feedback.as_str())),
        ]);
    }
    write(&ITEM_HEADER, &rows)
}

fn number(n: Option<u8>) -> String {
    n.map_or(String::new(), |n| n.to_string())
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "" }.to_owned()
}

/// The header row of the sheet by criterion.
pub const CRITERION_HEADER: [&str; 15] = [
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
    "Feedback",
];

/// One row of the file.
type Row = [String; CRITERION_HEADER.len()];

/// Stands for the title or text of something the review has and the scale lacks.
const NOT_IN_SCALE: &str = "(not in this scale)";

/// The sheet by criterion of `review`, as the bytes of the file.
pub fn render_criteria(review: &Review, scale: &Scale, options: Options) -> Vec<u8> {
    let summary = Summary::of(review, scale);
    let notes = options.include_notes;
    let mut rows: Vec<Row> = Vec::new();
    for item in &summary.items {
        let Some(scale_item) = scale.item(item.number) else {
            continue;
        };
        let record = review.item(item.number);
        let domain = scale
            .domain(&item.domain)
            .map_or(item.domain.as_str(), |d| d.name.as_str());
        let row = ItemColumns::of(review, item, domain, record, notes);
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
        let row = ItemColumns::orphan(orphan.item, record, notes);
        if record.criteria.is_empty() {
            rows.push(row.with([""; 5]));
        }
        for (id, found) in &record.criteria {
            rows.push(row.with_criterion(id, NOT_IN_SCALE, Some(found)));
        }
    }
    write(&CRITERION_HEADER, &rows)
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
    feedback: &'a str,
    notes: bool,
}

impl<'a> ItemColumns<'a> {
    fn of(
        review: &Review,
        item: &'a ItemSummary,
        domain: &'a str,
        record: Option<&'a ItemRecord>,
        notes: bool,
    ) -> Self {
        ItemColumns {
            number: item.number,
            title: &item.title,
            domain,
            suggested: item.suggested,
            provisional: item.provisional && item.suggested.is_some(),
            final_score: item.final_score,
            flagged: item.flagged,
            rationale: record.map_or("", |r| rationale::reported(review, r, item.suggested)),
            note: record.filter(|_| notes).map_or("", |r| r.note.as_str()),
            feedback: record.map_or("", |r| r.feedback.as_str()),
            notes,
        }
    }

    /// An item the scale lacks: only what the review recorded.
    fn orphan(number: u16, record: &'a ItemRecord, notes: bool) -> Self {
        ItemColumns {
            number,
            title: NOT_IN_SCALE,
            domain: "",
            suggested: None,
            provisional: false,
            final_score: record.final_score,
            flagged: record.flagged,
            rationale: &record.rationale,
            note: if notes { &record.note } else { "" },
            feedback: &record.feedback,
            notes,
        }
    }

    fn with_criterion(&self, id: &str, text: &str, found: Option<&CriterionRecord>) -> Row {
        let finding = found.map_or(Finding::NotRated, |c| c.finding);
        let sources = found.map_or(String::new(), |c| c.sources.join(" "));
        let note = found.filter(|_| self.notes).map_or("", |c| c.note.as_str());
        self.with([id, text, finding.label(), &sources, note])
    }

    /// A row: this item's columns around the five criterion columns (id, text, finding,
    /// sources, note).
    fn with(&self, criterion: [&str; 5]) -> Row {
        let [id, text, finding, sources, note] = criterion;
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
            text_cell(self.feedback),
        ]
    }
}

fn write<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to memory cannot fail: the only errors are I/O errors.
    writer.write_record(header).expect("CSV goes to memory");
    for row in rows {
        writer
            .write_record(row.as_ref())
            .expect("CSV goes to memory");
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
/// also accept), or with `=`, `+`, `-` or `@` after spaces, quotes, no-break or other Unicode
/// spaces, a byte order mark or zero-width characters, which some spreadsheets skip or strip
/// before they look for a formula. Excel and LibreOffice show the rest as text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    const FORMULA: [char; 8] = [
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ];
    let risky = cell.starts_with(FORMULA)
        || cell.starts_with(['\t', '\r', '\n'])
        || cell.trim_start_matches(is_padding).starts_with(FORMULA);
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// What may stand before a formula and be skipped: white space of any kind (the no-break space
/// too), quotes, the byte order mark, zero-width and other invisible format characters.
fn is_padding(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '\u{a0}'
                | '\u{ad}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
                | '\u{ff02}'
                | '\u{ff07}'
                | '\u{2018}'..='\u{201f}'
        )
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_behind_padding_are_neutralised() {
        for cell in [
            "=1+1",
            "  =1+1",
            "\"=1+1",
            "'=1+1",
            "\u{a0}+1",
            "\u{feff}-1",
            "\u{200b}@SUM(A1)",
            "\u{2060} \u{200d}=HYPERLINK(\"x\")",
            "\u{3000}=1",
            "\u{201c}=1",
            "\t1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["1+1", "a=b", " x = 1", "\"quoted\"", "", "   "] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }
}
