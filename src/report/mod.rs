//! Exports: the team's report (HTML and Markdown), CSV sheets (one row per item, or per
//! criterion) and JSON. Knows nothing of the terminal.
//!
//! A report is a pure function of a review, its scale and the [`Options`]: it returns the
//! bytes, and the caller writes the file. Every score comes from [`Summary`] and [`ItemScore`];
//! nothing is scored again here. The reviewers' notes (their evidence, which may hold
//! informants' own words) are left out unless [`Options::include_notes`]; the feedback
//! written for the team is always in.
//!
//! Text that came from a person or a pack (notes, team names, criteria) is made safe for each
//! format:
//! - control characters and bidi overrides are shown as visible escapes ([`inert`]) in HTML,
//!   Markdown and CSV;
//! - HTML escapes every value through its template engine ([`html`]);
//! - Markdown escapes everything that would turn a note into markup ([`markdown`]);
//! - CSV prefixes a `'` to any cell a spreadsheet would read as a formula ([`csv`]);
//! - JSON keeps the text exactly, but writes those characters as `\u` escapes, so the file
//!   holds no raw control or bidi character ([`json`]).
//!
//! [`Summary`]: crate::review::Summary
//! [`ItemScore`]: crate::review::ItemScore

mod context;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod programme_html;
mod view;

pub use context::{Survey, UK_2014, survey_for};

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::review::Review;
use crate::scale::Scale;

/// The kinds of report a review can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The team's report as one self-contained page, to read on screen and print.
    Html,
    /// The team's report in Markdown.
    Markdown,
    /// One row per item, for a spreadsheet; the `final` column sums to the total.
    Csv,
    /// One row per criterion, for a spreadsheet.
    CsvCriteria,
    /// The summary and every finding, for other programs.
    Json,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Markdown,
        Format::Csv,
        Format::CsvCriteria,
        Format::Json,
    ];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv | Format::CsvCriteria => "csv",
            Format::Json => "json",
        }
    }

    /// The format's name on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Format::CsvCriteria => "csv-criteria",
            other => other.extension(),
        }
    }

    /// The format's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
            Format::CsvCriteria => "CSV criteria",
            Format::Json => "JSON",
        }
    }

    /// The format after this one, round again after the last.
    pub fn next(self) -> Self {
        let index = Format::ALL.iter().position(|&f| f == self).unwrap_or(0);
        Format::ALL[(index + 1) % Format::ALL.len()]
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of `html`, `md`, `csv`, `csv-criteria` or `json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a report format (html, md, csv, csv-criteria or json)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(Format::Html),
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "csv-criteria" => Ok(Format::CsvCriteria),
            "json" => Ok(Format::Json),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// What goes into a report beyond the scores, findings and feedback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The reviewers' notes on criteria and items (private by default).
    pub include_notes: bool,
}

/// The report of `review` in `format`, as the bytes of the file, without the notes.
pub fn render(format: Format, review: &Review, scale: &Scale) -> Vec<u8> {
    render_with(format, review, scale, Options::default())
}

/// The report of `review` in `format`, as the bytes of the file.
pub fn render_with(format: Format, review: &Review, scale: &Scale, options: Options) -> Vec<u8> {
    match format {
        Format::Html => html::render(review, scale, options).into_bytes(),
        Format::Markdown => markdown::render(review, scale, options).into_bytes(),
        Format::Csv => csv::render_items(review, scale),
        Format::CsvCriteria => csv::render_criteria(review, scale, options),
        Format::Json => json::render(review, scale, options).into_bytes(),
    }
}

/// A file name for the report: the review date, the team as a slug, e.g.
/// `2026-11-23-north-crt-review.md` (`…-review-criteria.csv` for the sheet by criterion), by the
/// same rule as review ids ([`crate::review::slug`]). Safe on every platform: ASCII letters,
/// digits and `-` only.
pub fn default_file_name(review: &Review, format: Format) -> String {
    let suffix = if format == Format::CsvCriteria {
        "-criteria"
    } else {
        ""
    };
    format!(
        "{}-{}-review{suffix}.{}",
        review.details.date.format("%Y-%m-%d"),
        crate::review::slug(&review.details.team),
        format.extension()
    )
}

/// `text` with every character that could act on a terminal or reorder text shown as a visible
/// escape, so it reads as what it is and does nothing.
///
/// - C0 controls (but newline and tab), DEL and C1 controls become `\u{1b}` style escapes; ESC
///   is one of them, so no escape sequence survives.
/// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) become `\u{202e}`
///   style escapes, so text cannot be shown in another order than it is stored.
/// - A CR LF line end becomes a plain newline; a lone CR, which moves back over the line, is
///   escaped like the other controls.
///
/// Returns the text unchanged (borrowed) when there is nothing to do.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_hostile(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A character [`inert`] escapes: a control other than newline and tab, or a bidi control.
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Bidi embeddings, overrides and isolates: they reorder the text shown after them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_leaves_plain_text_borrowed() {
        assert!(matches!(
            inert("Plain note.\n\tIndented."),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn inert_escapes_controls_and_bidi() {
        assert_eq!(inert("a\x1b[2Jb\x07"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(inert("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(inert("c1\u{9b}"), "c1\\u{9b}");
        assert_eq!(inert("one\r\ntwo\rthree"), "one\ntwo\\u{d}three");
    }

    #[test]
    fn formats_parse_and_display() {
        for format in Format::ALL {
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        }
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("csv-criteria".parse::<Format>(), Ok(Format::CsvCriteria));
        assert!("pdf".parse::<Format>().is_err());
    }
}
