//! A score sheet: a CSV of item scores (and criterion letters) from a reviewer who rated on
//! paper, or from a spreadsheet. [`read`] checks it against the scale; [`Review::from_sheet`]
//! makes it a review. No files: the bytes come in.
//!
//! Columns are found by header name, case-insensitive, in any order (spaces and hyphens read
//! as `_`); others are ignored. `item` and `final` are required; `met`, `not_met`, `unsure`
//! (criterion letters: `a c d`, `acd` or `a,c,d`), `note`, `rationale` and `flagged` are
//! optional. This is the shape of the items CSV that `export` writes, so a sheet read back
//! gives the same scores. A UTF-8 byte-order mark and CRLF line ends are fine.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};

use super::model::{Details, Field, Finding, ItemRecord, Review};
use crate::scale::{Item, Scale};

/// One problem with a sheet: the row (as a spreadsheet numbers it, the header being row 1),
/// the column where there is one, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    pub row: usize,
    pub column: Option<String>,
    pub problem: String,
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// One item's row of a sheet, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub row: usize,
    pub final_score: Option<u8>,
    /// By criterion id.
    pub findings: BTreeMap<String, Finding>,
    pub note: String,
    pub rationale: String,
    pub flagged: bool,
}

/// A whole sheet, checked: every row good.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub items: BTreeMap<u16, SheetRow>,
}

const ITEM: &str = "item";
const FINAL: &str = "final";
const LISTS: [(&str, Finding); 3] = [
    ("met", Finding::Met),
    ("not_met", Finding::NotMet),
    ("unsure", Finding::Unsure),
];

fn column_key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Reads and checks a sheet. Every problem found is returned, each with its row and column;
/// a sheet with any problem gives no rows at all.
pub fn read(bytes: &[u8], scale: &Scale) -> Result<Sheet, Vec<SheetError>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let header_problem = |problem: String| {
        vec![SheetError {
            row: 1,
            column: None,
            problem,
        }]
    };
    let header = match records.next() {
        None => return Err(header_problem("the sheet is empty: no header row".into())),
        Some(Err(e)) => return Err(header_problem(format!("the header cannot be read ({e})"))),
        Some(Ok(header)) => header,
    };
    let mut columns: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let key = column_key(name);
        if key.is_empty() {
            continue;
        }
        if columns.insert(key.clone(), i).is_some() {
            errors.push(SheetError {
                row: 1,
                column: Some(key),
                problem: "this column appears twice".into(),
            });
        }
    }
    for required in [ITEM, FINAL] {
        if !columns.contains_key(required) {
            errors.push(SheetError {
                row: 1,
                column: Some(required.into()),
                problem: format!("the header has no {required:?} column, which is required"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut sheet = Sheet::default();
    let mut rows = 0;
    for (index, record) in records.enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => SheetError {
                        row,
                        column: header.get(err.field()).map(column_key),
                        problem: "this is not UTF-8 text; save the sheet as \"CSV UTF-8\"".into(),
                    },
                    _ => SheetError {
                        row,
                        column: None,
                        problem: format!("the row cannot be read ({e})"),
                    },
                });
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let mut problem = |column: &str, problem: String| {
            errors.push(SheetError {
                row,
                column: Some(column.into()),
                problem,
            })
        };
        let Some((number, item)) = item_of(cell(ITEM), scale, &mut problem) else {
            continue;
        };
        if let Some(earlier) = sheet.items.get(&number) {
            problem(
                ITEM,
                format!("item {number} is on row {} already", earlier.row),
            );
            continue;
        }
        let mut out = SheetRow {
            row,
            note: cell("note").to_owned(),
            rationale: cell("rationale").to_owned(),
            ..SheetRow::default()
        };
        let score = cell(FINAL);
        if !score.is_empty() {
            // A spreadsheet may write a whole number as `4.0`.
            let whole = score.strip_suffix(".0").unwrap_or(score);
            match whole.parse::<u8>() {
                Ok(s) if scale.rating.contains(s) => out.final_score = Some(s),
                _ => problem(
                    FINAL,
                    format!(
                        "{score:?} is not a score from {} to {} (leave it empty for no score)",
                        scale.rating.min, scale.rating.max
                    ),
                ),
            }
        }
        for (column, finding) in LISTS {
            for id in letters(cell(column), item, column, &mut problem) {
                match out.findings.get(&id) {
                    Some(&other) if other != finding => problem(
                        column,
                        format!(
                            "criterion {id} of item {number} is also in {}",
                            LISTS
                                .iter()
                                .find(|(_, f)| *f == other)
                                .map_or("another list", |(c, _)| c)
                        ),
                    ),
                    _ => {
                        out.findings.insert(id, finding);
                    }
                }
            }
        }
        match flag(cell("flagged")) {
            Some(flagged) => out.flagged = flagged,
            None => problem(
                "flagged",
                format!("{:?} is not yes or no (true/false, 1/0)", cell("flagged")),
            ),
        }
        sheet.items.insert(number, out);
    }
    if rows == 0 && errors.is_empty() {
        errors.push(SheetError {
            row: 2,
            column: None,
            problem: "the sheet has a header but no item rows".into(),
        });
    }
    if errors.is_empty() {
        Ok(sheet)
    } else {
        Err(errors)
    }
}

fn item_of<'s>(
    text: &str,
    scale: &'s Scale,
    problem: &mut impl FnMut(&str, String),
) -> Option<(u16, &'s Item)> {
    if text.is_empty() {
        problem(ITEM, "the item number is missing".into());
        return None;
    }
    let Ok(number) = text.parse::<u16>() else {
        problem(ITEM, format!("{text:?} is not an item number"));
        return None;
    };
    match scale.item(number) {
        Some(item) => Some((number, item)),
        None => {
            let last = scale.items.last().map_or(0, |i| i.number);
            problem(
                ITEM,
                format!("the scale has no item {number} (items 1–{last})"),
            );
            None
        }
    }
}

/// The criterion ids in a cell: `a c d`, `acd`, `a,c,d`; each must be one of the item's.
fn letters(
    text: &str,
    item: &Item,
    column: &str,
    problem: &mut impl FnMut(&str, String),
) -> Vec<String> {
    let mut ids = Vec::new();
    let tokens = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    for token in tokens {
        let pieces: Vec<String> = if item.criterion(&token).is_some() {
            vec![token]
        } else {
            token.chars().map(String::from).collect()
        };
        for id in pieces {
            if item.criterion(&id).is_none() {
                let has = item
                    .criteria
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                problem(
                    column,
                    if has.is_empty() {
                        format!("item {} has no criteria, so no letter {id:?}", item.number)
                    } else {
                        format!(
                            "item {} has no criterion {id:?} (it has {has})",
                            item.number
                        )
                    },
                );
            } else if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

fn flag(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Some(false),
        "true" | "yes" | "y" | "1" | "x" | "⚑" | "flagged" => Some(true),
        _ => None,
    }
}

impl Review {
    /// A review holding a checked sheet's answers: findings, final scores as written (an
    /// override with no rationale is kept, and the summary says none was given), notes as
    /// item notes, flags.
    pub fn from_sheet(scale: &Scale, details: Details, sheet: &Sheet, now: DateTime<Utc>) -> Self {
        let mut review = Review::new(scale, details, now);
        for (&number, row) in &sheet.items {
            for (id, &finding) in &row.findings {
                review.set_finding(number, id, finding, now);
            }
            if !row.note.is_empty() {
                review.set_item_note(number, &row.note, now);
            }
            if row.flagged {
                review.toggle_flag(number, now);
            }
            if row.final_score.is_some() {
                let record: &mut ItemRecord = review.items.entry(number).or_default();
                record.final_score = row.final_score;
                record.rationale = row.rationale.clone();
                let new = row.final_score.map(|s| s.to_string()).unwrap_or_default();
                review.log_item_change(now, number, Field::FinalScore, String::new(), new);
            }
        }
        review
    }
}
