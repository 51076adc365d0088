//! Reads resource-pack pages saved as plain text into items.
//!
//! A saved item page looks like this (see `tests/fixtures/import/`):
//!
//! ```text
//! The Core Study                      site header and navigation: skipped
//!
//! Item 25                             the item's number
//! Planning aftercare                  its title
//!
//! a) The CRT discusses and agrees …   the criteria, `a)` `b)` … in order
//! b) The CRT makes referrals …
//!
//! Why this is important               guidance: headed sections
//! As CRTs are only intended …         with paragraphs, sub-headings,
//!   • West Gwent CRHTT, NHS Wales     bullet lists and quotes
//! ```
//!
//! # How a page is read
//!
//! - **Text.** Line ends may be LF, CRLF or CR. Every line is normalised: non-breaking and other
//!   Unicode spaces become plain spaces, invisible characters (byte-order mark, zero-width
//!   spaces, soft hyphens, control characters) are dropped, runs of whitespace collapse to one
//!   space, and the ends are trimmed. A line's indent is remembered only to tell a wrapped bullet
//!   from the paragraph after it.
//! - **Number.** Everything before the first `Item N` line is navigation and is skipped. The line
//!   is `Item N` alone (any case), or `Item N` then `:`, `-`, `–`, `—`, `.` or `|` and the
//!   title. When a breadcrumb `Item N` is followed by the page's own `Item N`, the later one is
//!   used. With no such line, the error points at the first line that came close: a word after
//!   `Item` with digits that is not a whole number from 1 to 65535 (`Item 25a`, `Item 0`), or
//!   some other line starting with `Item`.
//! - **Title.** The next line that is not blank or navigation (`Home`, `Menu`, `Close`, `Back to
//!   top`, …), joined with the lines directly under it if it wraps.
//! - **Criteria.** An optional `Target` (or `Targets`, `Criteria`) heading, then criteria marked
//!   `a)`, `(a)` or `a.` (any case), each the next letter in order. A line without a marker
//!   directly under a criterion continues it; a blank line followed by a line with no marker
//!   ends the criteria. A marker with nothing after it takes its text from the lines directly
//!   under it. An `x)` or `(x)` marker out of order, a marker with no text, and a page with no
//!   criteria at all are errors.
//! - **Guidance.** The rest of the page is cut into groups of lines between blank lines.
//!   - A line that is one of the known headings ([`KNOWN_HEADINGS`], any case, a final colon
//!     allowed) opens a section, wherever it stands.
//!   - A line starting with `•`, `◦`, `▪`, or `-` or `*` then a space, is a bullet; bullets in a
//!     row make one list, even with blank lines between them. A line directly under a bullet
//!     continues it, unless the bullet was indented and the line is not. A bullet mark alone on
//!     its line takes its words from the line under it.
//!   - Other lines in a group are joined into one paragraph. A paragraph ending in a page
//!     reference (`(p.19)`, `(pp. 4–5)`) or wholly in quotation marks is a quote.
//!   - A paragraph of one line that is short (at most fifteen words), does not start with a
//!     lower-case letter and has no final punctuation (`.` `,` `;` `:` `!` `?`) is a heading:
//!     it opens a section when none is open yet (straight after the criteria), and is a
//!     sub-heading inside a section. So an unknown heading after a known one becomes a
//!     sub-heading, and a sub-heading with its paragraph directly under it (no blank line)
//!     reads as one paragraph.
//!   - A navigation line standing alone is dropped, and so is a line with no letters or digits
//!     (a rule such as `* * *`) other than a bullet mark. Any other text before the first
//!     heading is an error.
//!
//! Errors name the file and the line. No input makes the importer panic.

//!
//! The module is cut along those seams: [`lines`] reads the text into normalised lines and
//! tells what each line is; [`parser`] reads the lines into a page.

mod lines;
mod parser;

use serde::Serialize;

use super::model::{Anchors, Criterion, Item, Provenance, Section};

/// The guidance headings of a resource-pack item page, as the pack writes them.
pub const KNOWN_HEADINGS: [&str; 4] = [
    "Why this is important",
    "Ways of doing this well",
    "Examples of good practice",
    "Relevant reading",
];

/// One resource-pack page, as read from its saved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPage {
    pub number: u16,
    pub title: String,
    pub criteria: Vec<Criterion>,
    pub guidance: Vec<Section>,
}

/// A page that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ImportError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

/// Reads one saved page. `file` names it in errors.
pub fn import_page(file: &str, text: &str) -> Result<ImportedPage, ImportError> {
    parser::read_page(file, lines::normalise(text))
}

/// The item a page gives, verbatim, ready for a pack.
///
/// `existing` is the pack's item of the same number: its domain, scale title, evidence sources
/// and precondition are kept, and its anchors too when they fit the page's number of criteria.
/// Otherwise the domain is `unknown` and the anchors are [`countdown_anchors`].
pub fn to_item(page: &ImportedPage, existing: Option<&Item>) -> Item {
    let criteria = page.criteria.len();
    let anchors = if criteria == 0 {
        None
    } else {
        existing
            .and_then(|item| item.anchors.clone())
            .filter(|anchors| anchors.by_count.len() == criteria + 1)
            .or_else(|| Some(countdown_anchors(criteria)))
    };
    Item {
        number: page.number,
        title: page.title.clone(),
        scale_title: existing.and_then(|item| item.scale_title.clone()),
        domain: existing.map_or_else(|| "unknown".to_owned(), |item| item.domain.clone()),
        evidence: existing
            .map(|item| item.evidence.clone())
            .unwrap_or_default(),
        precondition: existing.and_then(|item| item.precondition.clone()),
        criteria: page.criteria.clone(),
        anchors,
        guidance: page.guidance.clone(),
        provenance: Provenance::Verbatim,
        imported_from: None,
    }
}

/// The item a page gives when it replaces `existing` in a team's copy of the pack: as
/// [`to_item`] (the domain, scale title, evidence sources and precondition kept, and the anchors
/// too while the page has as many criteria, which makes them the same criteria `a`, `b`, …),
/// with provenance `imported` and the name of the page's file.
pub fn imported_item(page: &ImportedPage, existing: &Item, file_name: &str) -> Item {
    Item {
        provenance: Provenance::Imported,
        imported_from: Some(file_name.to_owned()),
        ..to_item(page, Some(existing))
    }
}

/// The provisional anchors for an item whose own are not known: 5 when every criterion is met,
/// 4 for all but one, 3 for all but two, 2 for all but three, 1 for fewer.
///
/// Items with fewer than four criteria spread the scores out instead (one criterion: 5 or 1;
/// two: 5, 3, 1; three: 5, 4, 2, 1). With no criteria there is nothing to count, and the
/// anchors are empty.
pub fn countdown_anchors(criteria: usize) -> Anchors {
    /// `by_count` for items with 0, 1, 2 and 3 criteria.
    const FEW: [&[u8]; 4] = [&[], &[1, 5], &[1, 3, 5], &[1, 2, 4, 5]];
    let by_count = match FEW.get(criteria) {
        Some(scores) => scores.to_vec(),
        None => (0..=criteria)
            .map(|met| {
                let missed = criteria - met;
                match missed {
                    0 => 5,
                    1 => 4,
                    2 => 3,
                    3 => 2,
                    _ => 1,
                }
            })
            .collect(),
    };
    Anchors {
        provisional: true,
        by_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown() {
        assert_eq!(countdown_anchors(0).by_count, Vec::<u8>::new());
        assert_eq!(countdown_anchors(1).by_count, [1, 5]);
        assert_eq!(countdown_anchors(2).by_count, [1, 3, 5]);
        assert_eq!(countdown_anchors(3).by_count, [1, 2, 4, 5]);
        assert_eq!(countdown_anchors(4).by_count, [1, 2, 3, 4, 5]);
        assert_eq!(countdown_anchors(6).by_count, [1, 1, 1, 2, 3, 4, 5]);
        assert!(countdown_anchors(6).provisional);
    }
}
