//! Exports: Markdown, CSV and JSON reports of a review. Knows nothing of the terminal.
//!
//! A report is a pure function of a review and its scale: it returns the bytes, and the caller
//! writes the file. Every score comes from [`Summary`] and [`ItemScore`]; nothing is scored
//! again here.
//!
//! Text that came from a person or a pack (notes, team names, criteria) is made safe for each
//! format:
//! - control characters and bidi overrides are shown as visible escapes ([`inert`]) in Markdown
//!   and CSV;
//! - Markdown escapes everything that would turn a note into markup ([`markdown`]);
//! - CSV prefixes a `'` to any cell a spreadsheet would read as a formula ([`csv`]);
//! - JSON keeps the text exactly, but writes those characters as `\u` escapes, so the file
//!   holds no raw control or bidi character ([`json`]).
//!
//! [`Summary`]: crate::review::Summary
//! [`ItemScore`]: crate::review::ItemScore

pub mod csv;
pub mod json;
pub mod markdown;
pub mod programme_html;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::review::Review;
use crate::scale::Scale;

/// The kinds of report a review can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A report a person reads and can hand over.
    Markdown,
    /// One row per criterion, for a spreadsheet.
    Csv,
    /// The summary and every finding, for other programs.
    Json,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Csv, Format::Json];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The format's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
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
        f.write_str(self.extension())
    }
}

/// A format name that is not one of `md`, `csv` or `json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a report format (md, csv or json)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// The report of `review` in `format`, as the bytes of the file.
pub fn render(format: Format, review: &Review, scale: &Scale) -> Vec<u8> {
    match format {
        Format::Markdown => markdown::render(review, scale).into_bytes(),
        Format::Csv => csv::render(review, scale),
        Format::Json => json::render(review, scale).into_bytes(),
    }
}

/// A file name for the report: the review date, the team as a slug, e.g.
/// `2026-11-23-north-crt-review.md`. Safe on every platform: letters, digits and `-` only.
pub fn default_file_name(review: &Review, format: Format) -> String {
    format!(
        "{}-{}-review.{}",
        review.details.date.format("%Y-%m-%d"),
        slug(&review.details.team),
        format.extension()
    )
}

/// The longest slug of a team name, in characters.
const SLUG_MAX: usize = 48;

/// Lower-case letters and digits of `text`, every other run of characters made one `-`;
/// `team` when nothing is left.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if out.chars().count() == SLUG_MAX {
                break;
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "team".to_owned()
    } else {
        trimmed.to_owned()
    }
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
    fn slug_keeps_letters_and_digits() {
        assert_eq!(slug("North CRT"), "north-crt");
        assert_eq!(slug("  St. Ann's (East) #2 "), "st-ann-s-east-2");
        assert_eq!(slug("\u{1b}]0;x\u{7}"), "0-x");
        assert_eq!(slug("***"), "team");
        assert_eq!(slug(&"a".repeat(200)).len(), SLUG_MAX);
    }

    #[test]
    fn formats_parse_and_display() {
        for format in Format::ALL {
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        }
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        assert!("pdf".parse::<Format>().is_err());
    }
}
