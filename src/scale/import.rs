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

use serde::Serialize;

use super::model::{Anchors, Block, Criterion, Item, Provenance, Section};
use super::pack::criterion_id;

/// The guidance headings of a resource-pack item page, as the pack writes them.
pub const KNOWN_HEADINGS: [&str; 4] = [
    "Why this is important",
    "Ways of doing this well",
    "Examples of good practice",
    "Relevant reading",
];

/// Headings that may stand before the criteria (compared in lower case, without a final colon).
const TARGET_HEADINGS: [&str; 3] = ["target", "targets", "criteria"];

/// Lines of a website's chrome that are never content (compared in lower case).
const NAVIGATION: [&str; 17] = [
    "home",
    "menu",
    "close",
    "back",
    "back to top",
    "top",
    "print",
    "print this page",
    "share",
    "search",
    "skip to content",
    "skip to main content",
    "previous",
    "next",
    "previous item",
    "next item",
    "the core study",
];

/// The most words a line may have to be read as a heading.
const MAX_HEADING_WORDS: usize = 15;

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
    Parser {
        file,
        lines: normalise(text),
        pos: 0,
    }
    .page()
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

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

/// One line of the page, normalised.
#[derive(Debug)]
struct Line {
    /// 1-based.
    number: usize,
    /// Whitespace characters before the text.
    indent: usize,
    /// Trimmed, with single plain spaces between words.
    text: String,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    fn is_navigation(&self) -> bool {
        NAVIGATION.contains(&self.text.to_lowercase().as_str())
    }

    fn is_target_heading(&self) -> bool {
        let text = self.text.to_lowercase();
        TARGET_HEADINGS.contains(&text.strip_suffix(':').unwrap_or(&text).trim_end())
    }

    /// The known heading this line is, as the pack writes it.
    fn known_heading(&self) -> Option<&'static str> {
        let text = self.text.strip_suffix(':').unwrap_or(&self.text).trim_end();
        KNOWN_HEADINGS
            .into_iter()
            .find(|heading| heading.eq_ignore_ascii_case(text))
    }
}

/// Splits the text into lines (LF, CRLF or CR) and normalises each.
fn normalise(text: &str) -> Vec<Line> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .enumerate()
        .map(|(index, raw)| {
            let visible: String = raw.chars().filter(|&c| !is_invisible(c)).collect();
            Line {
                number: index + 1,
                indent: visible.chars().take_while(|c| c.is_whitespace()).count(),
                text: collapse(&visible),
            }
        })
        .collect()
}

/// Characters a page may carry that take no space: dropped.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// Trims and collapses every run of whitespace (non-breaking spaces included) to one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins wrapped lines with one space.
fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    collapse(&parts.into_iter().collect::<Vec<_>>().join(" "))
}

// ---------------------------------------------------------------------------------------------
// Recognising lines
// ---------------------------------------------------------------------------------------------

/// What an `Item N` line says.
enum ItemLine {
    /// The number, and the title when it is on the same line.
    Number(u16, Option<String>),
    /// `Item` and a word with digits that is not a usable number.
    BadNumber(String),
}

/// Characters that may stand between `Item N` and a title on the same line.
const TITLE_SEPARATORS: [char; 6] = [':', '-', '–', '—', '.', '|'];

/// Reads `Item 25`, `Item 25: Planning aftercare` and the like; `None` for any other line.
fn item_line(text: &str) -> Option<ItemLine> {
    let (first, rest) = text.split_once(' ')?;
    if !first.eq_ignore_ascii_case("item") {
        return None;
    }
    let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
    let number = word.trim_end_matches(TITLE_SEPARATORS);
    let title = if after.is_empty() || number.len() < word.len() {
        after
    } else {
        let after_separator = after.strip_prefix(TITLE_SEPARATORS)?;
        if !after_separator.is_empty() && !after_separator.starts_with(' ') {
            return None;
        }
        after_separator
    };
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let title = Some(title.trim().to_owned()).filter(|t| !t.is_empty());
    match number.parse::<u16>() {
        Ok(n) if n > 0 && number.chars().all(|c| c.is_ascii_digit()) => {
            Some(ItemLine::Number(n, title))
        }
        _ => Some(ItemLine::BadNumber(number.to_owned())),
    }
}

/// True for a line that starts with the word `Item` but is not an `Item N` line.
fn looks_like_item_line(text: &str) -> bool {
    text.split(' ')
        .next()
        .is_some_and(|first| first.eq_ignore_ascii_case("item"))
}

/// A criterion marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker<'a> {
    /// Lower case.
    letter: char,
    /// `a)` or `(a)`, which prose rarely starts with; `a.` could be an initial.
    parenthesised: bool,
    /// The text after the marker (may be empty).
    rest: &'a str,
}

/// Reads `a) text`, `(a) text` or `a. text`.
fn marker(text: &str) -> Option<Marker<'_>> {
    let (open, text) = match text.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut chars = text.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let close = chars.next()?;
    let parenthesised = match close {
        ')' => true,
        '.' if !open => false,
        _ => return None,
    };
    let rest = chars.as_str();
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some(Marker {
        letter: letter.to_ascii_lowercase(),
        parenthesised,
        rest: rest.trim(),
    })
}

/// The text of a bullet line: `• text`, `◦ text`, `▪ text`, `- text` or `* text`. A marker
/// alone gives an empty text: the bullet's words are on the lines under it.
fn bullet(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(['•', '◦', '▪']) {
        return Some(rest.trim());
    }
    let rest = text.strip_prefix(['-', '*'])?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim())
}

/// True for a line that can be a heading: short, not a sentence's tail, no final punctuation.
fn is_heading_like(text: &str) -> bool {
    let Some(last) = text.chars().last() else {
        return false;
    };
    text.split(' ').count() <= MAX_HEADING_WORDS
        && !text.starts_with(char::is_lowercase)
        && !matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
}

/// True for a paragraph that is a quotation: it ends in a page reference like `(p.19)`, or
/// it is wholly in quotation marks.
fn is_quote(text: &str) -> bool {
    let quoted = (text.starts_with('“') && text.ends_with('”'))
        || (text.len() > 1 && text.starts_with('"') && text.ends_with('"'));
    quoted || ends_with_page_reference(text)
}

/// `… (p.19)`, `… (p. 19).`, `… (pp.19-20)`, `… (Smith 2006, p. 4)`.
fn ends_with_page_reference(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    let Some(inner) = text
        .strip_suffix(')')
        .and_then(|text| text.rsplit_once('('))
        .map(|(_, inner)| inner)
    else {
        return false;
    };
    let reference = inner.rsplit(',').next().unwrap_or(inner).trim();
    let Some(pages) = ["pages", "page", "pp", "p"]
        .into_iter()
        .find_map(|prefix| reference.strip_prefix(prefix))
    else {
        return false;
    };
    let pages = pages.strip_prefix('.').unwrap_or(pages).trim();
    let mut range = pages.splitn(2, ['-', '–']);
    range.all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

struct Parser<'a> {
    file: &'a str,
    lines: Vec<Line>,
    /// The next line to read.
    pos: usize,
}

/// A criterion being read: its marker's line and the text so far.
struct Open {
    line: usize,
    text: Vec<String>,
}

impl Parser<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        }
    }

    fn page(mut self) -> Result<ImportedPage, ImportError> {
        let (item_line, number, inline_title) = self.number()?;
        let (title_line, title) = match inline_title {
            Some(title) => (item_line, title),
            None => self.title(item_line)?,
        };
        let criteria = self.criteria(title_line)?;
        let guidance = self.guidance()?;
        Ok(ImportedPage {
            number,
            title,
            criteria,
            guidance,
        })
    }

    /// Moves `pos` to the next line that is neither blank nor navigation; returns it.
    fn skip_chrome(&mut self) -> Option<&Line> {
        while self
            .lines
            .get(self.pos)
            .is_some_and(|line| line.is_blank() || line.is_navigation())
        {
            self.pos += 1;
        }
        self.lines.get(self.pos)
    }

    /// Finds the `Item N` line: its line number, the number, and a title on the same line.
    fn number(&mut self) -> Result<(usize, u16, Option<String>), ImportError> {
        let mut found = None;
        // Where no `Item N` line is found, the first line that came close, for the message.
        let mut bad_number: Option<(usize, String)> = None;
        let mut near_miss: Option<&Line> = None;
        for (index, line) in self.lines.iter().enumerate() {
            match item_line(&line.text) {
                Some(ItemLine::Number(number, title)) => {
                    found = Some((index, number, title));
                    break;
                }
                Some(ItemLine::BadNumber(word)) => {
                    bad_number.get_or_insert((line.number, word));
                }
                None if looks_like_item_line(&line.text) => {
                    near_miss.get_or_insert(line);
                }
                None => {}
            }
        }
        let Some((mut index, mut number, mut title)) = found else {
            let message =
                "no `Item N` line: a page gives its item number (as in `Item 25`) before its title";
            return Err(match (bad_number, near_miss) {
                (Some((line, word)), _) => self.error(
                    line,
                    format!(
                        "{word:?} is not an item number (expected a whole number from 1, as in `Item 25`)"
                    ),
                ),
                (None, Some(line)) => self.error(
                    line.number,
                    format!("{message}; this line has no number: {:?}", line.text),
                ),
                (None, None) => self.error(1, message),
            });
        };
        // A breadcrumb `Item N` may come before the page's own.
        loop {
            self.pos = index + 1;
            if title.is_some() {
                break;
            }
            let Some(next) = self.skip_chrome() else {
                break;
            };
            match item_line(&next.text) {
                Some(ItemLine::Number(n, t)) => (index, number, title) = (self.pos, n, t),
                Some(ItemLine::BadNumber(_)) | None => break,
            }
        }
        Ok((self.lines[index].number, number, title))
    }

    /// Reads the title after the `Item N` line: its line number and text.
    fn title(&mut self, item_line: usize) -> Result<(usize, String), ImportError> {
        let (title_line, can_be_title) = match self.skip_chrome() {
            Some(first) => (
                first.number,
                !(first.is_target_heading()
                    || first.known_heading().is_some()
                    || marker(&first.text).is_some()),
            ),
            None => (item_line, false),
        };
        if !can_be_title {
            return Err(self.error(
                title_line,
                "no title: the line after `Item N` should be the item's title",
            ));
        }
        let mut parts = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            let ends_title = line.is_blank()
                || line.is_target_heading()
                || line.known_heading().is_some()
                || marker(&line.text).is_some_and(|m| m.letter == 'a');
            if ends_title {
                break;
            }
            parts.push(line.text.as_str());
            self.pos += 1;
        }
        Ok((title_line, join(parts)))
    }

    /// Reads the criteria after the title (and an optional `Target` heading).
    fn criteria(&mut self, title_line: usize) -> Result<Vec<Criterion>, ImportError> {
        let target_line = match self.skip_chrome() {
            Some(line) if line.is_target_heading() => {
                let number = line.number;
                self.pos += 1;
                Some(number)
            }
            _ => None,
        };

        let mut criteria: Vec<Criterion> = Vec::new();
        let mut open: Option<Open> = None;
        let mut after_blank = false;
        while let Some(line) = self.lines.get(self.pos) {
            if line.is_blank() {
                after_blank = true;
                self.pos += 1;
                continue;
            }
            if line.known_heading().is_some() {
                break;
            }
            let expected = criterion_id(criteria.len() + usize::from(open.is_some()));
            match marker(&line.text) {
                Some(m) if expected.starts_with(m.letter) && expected.len() == 1 => {
                    if let Some(done) = open.take() {
                        criteria.push(self.finish(done, criteria.len())?);
                    }
                    open = Some(Open {
                        line: line.number,
                        text: vec![m.rest.to_owned()],
                    });
                }
                Some(m) if m.parenthesised => {
                    return Err(self.error(
                        line.number,
                        format!(
                            "criterion {}) is out of order: the next criterion should be {expected})",
                            m.letter
                        ),
                    ));
                }
                _ => match open.as_mut() {
                    Some(open) if !after_blank => open.text.push(line.text.clone()),
                    _ => break,
                },
            }
            after_blank = false;
            self.pos += 1;
        }
        if let Some(done) = open.take() {
            criteria.push(self.finish(done, criteria.len())?);
        }
        let found = self.lines.get(self.pos);
        let guidance_follows = found.is_some_and(|line| line.known_heading().is_some());
        if criteria.is_empty() && (target_line.is_some() || !guidance_follows) {
            // An item with no criteria (rated directly) goes straight on to its guidance; a
            // page that started criteria, or has neither, is broken.
            return Err(match (target_line, found) {
                (Some(line), _) => self.error(
                    line,
                    "a `Target` heading with no criteria (`a) …`) after it",
                ),
                (None, Some(found)) => self.error(
                    found.number,
                    format!(
                        "no criteria: expected the first criterion, `a) …`, but found {:?}",
                        found.text
                    ),
                ),
                (None, None) => self.error(
                    title_line,
                    "no criteria: the page ends after the title, with no `a) …`",
                ),
            });
        }
        Ok(criteria)
    }

    /// Closes a criterion being read, which must have text.
    fn finish(&self, open: Open, index: usize) -> Result<Criterion, ImportError> {
        let id = criterion_id(index);
        let text = join(open.text.iter().map(String::as_str));
        if text.is_empty() {
            return Err(self.error(open.line, format!("criterion {id}) has no text")));
        }
        Ok(Criterion {
            id,
            text,
            guidance: None,
        })
    }

    /// Reads the guidance sections after the criteria.
    fn guidance(&mut self) -> Result<Vec<Section>, ImportError> {
        let mut guidance = Guidance::default();
        while self.pos < self.lines.len() {
            let start = self.pos;
            while self
                .lines
                .get(self.pos)
                .is_some_and(|line| !line.is_blank())
            {
                self.pos += 1;
            }
            let group = &self.lines[start..self.pos];
            self.pos += 1;
            match group {
                [] => {}
                [line] if line.is_navigation() => {}
                _ => guidance
                    .group(group)
                    .map_err(|(line, message)| self.error(line, message))?,
            }
        }
        Ok(guidance.finish())
    }
}

/// The guidance sections as they are read.
#[derive(Default)]
struct Guidance {
    sections: Vec<Section>,
}

/// A place in the page and what is wrong there.
type Misplaced = (usize, String);

impl Guidance {
    /// Reads one group of lines (between blank lines).
    fn group(&mut self, lines: &[Line]) -> Result<(), Misplaced> {
        let mut paragraph: Vec<&Line> = Vec::new();
        // The indent of the bullet being read, while a line directly under it may continue it.
        let mut bullet_indent: Option<usize> = None;
        for line in lines {
            let is_decoration =
                !line.text.chars().any(char::is_alphanumeric) && bullet(&line.text) != Some("");
            if is_decoration {
                continue;
            }
            if let Some(heading) = line.known_heading() {
                self.paragraph(&mut paragraph)?;
                self.open(heading.to_owned());
                bullet_indent = None;
            } else if let Some(text) = bullet(&line.text) {
                self.paragraph(&mut paragraph)?;
                self.bullet(line.number, text.to_owned())?;
                bullet_indent = Some(line.indent);
            } else if bullet_indent.is_some_and(|indent| line.indent > 0 || indent == 0)
                || self.last_bullet_is_empty()
            {
                self.continue_bullet(&line.text);
            } else {
                bullet_indent = None;
                paragraph.push(line);
            }
        }
        self.paragraph(&mut paragraph)
    }

    fn open(&mut self, heading: String) {
        self.sections.push(Section {
            heading,
            blocks: Vec::new(),
        });
    }

    /// The blocks of the open section, or where text stands before any heading.
    fn blocks(&mut self, line: usize, what: &str) -> Result<&mut Vec<Block>, Misplaced> {
        match self.sections.last_mut() {
            Some(section) => Ok(&mut section.blocks),
            None => Err((
                line,
                format!(
                    "{what} after the criteria but before any heading (such as \"{}\")",
                    KNOWN_HEADINGS[0]
                ),
            )),
        }
    }

    fn bullet(&mut self, line: usize, text: String) -> Result<(), Misplaced> {
        let blocks = self.blocks(line, "a bullet")?;
        match blocks.last_mut() {
            Some(Block::Bullets(bullets)) => bullets.push(text),
            _ => blocks.push(Block::Bullets(vec![text])),
        }
        Ok(())
    }

    /// The bullet being read, if the open section's last block is a list.
    fn last_bullet(&mut self) -> Option<&mut String> {
        match self.sections.last_mut()?.blocks.last_mut()? {
            Block::Bullets(bullets) => bullets.last_mut(),
            _ => None,
        }
    }

    fn last_bullet_is_empty(&mut self) -> bool {
        self.last_bullet().is_some_and(|bullet| bullet.is_empty())
    }

    fn continue_bullet(&mut self, text: &str) {
        if let Some(bullet) = self.last_bullet() {
            *bullet = join([bullet.as_str(), text]);
        }
    }

    /// The sections read, without bullets that never got any words.
    fn finish(mut self) -> Vec<Section> {
        for section in &mut self.sections {
            for block in &mut section.blocks {
                if let Block::Bullets(bullets) = block {
                    bullets.retain(|bullet| !bullet.is_empty());
                }
            }
            section
                .blocks
                .retain(|block| !matches!(block, Block::Bullets(bullets) if bullets.is_empty()));
        }
        self.sections
    }

    /// Closes the paragraph being read (if any) as a heading, sub-heading, quote or paragraph.
    fn paragraph(&mut self, lines: &mut Vec<&Line>) -> Result<(), Misplaced> {
        let Some(first) = lines.first().map(|line| line.number) else {
            return Ok(());
        };
        let text = join(lines.iter().map(|line| line.text.as_str()));
        let standalone = lines.len() == 1;
        lines.clear();
        if is_quote(&text) {
            self.blocks(first, "a quotation")?.push(Block::Quote(text));
        } else if standalone && is_heading_like(&text) {
            match self.sections.last_mut() {
                Some(section) => section.blocks.push(Block::Subheading(text)),
                None => self.open(text),
            }
        } else {
            self.blocks(first, "a paragraph")?
                .push(Block::Paragraph(text));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_lines() {
        let number = |text| match item_line(text) {
            Some(ItemLine::Number(n, title)) => Some((n, title)),
            _ => None,
        };
        assert_eq!(number("Item 25"), Some((25, None)));
        assert_eq!(number("ITEM 7"), Some((7, None)));
        assert_eq!(number("Item 25:"), Some((25, None)));
        assert_eq!(
            number("Item 25: Planning aftercare"),
            Some((25, Some("Planning aftercare".to_owned())))
        );
        assert_eq!(
            number("Item 25 – Planning aftercare"),
            Some((25, Some("Planning aftercare".to_owned())))
        );
        assert!(item_line("Item 25 of 39").is_none());
        assert!(item_line("Items 1 to 39").is_none());
        assert!(item_line("Item list").is_none());
        assert!(item_line("Item").is_none());
        for bad in ["Item 0", "Item 25a", "Item 2.5", "Item 70000", "Item +5"] {
            assert!(
                matches!(item_line(bad), Some(ItemLine::BadNumber(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn markers() {
        let m = |text| marker(text).map(|m| (m.letter, m.parenthesised, m.rest));
        assert_eq!(m("a) The CRT"), Some(('a', true, "The CRT")));
        assert_eq!(m("(B) The CRT"), Some(('b', true, "The CRT")));
        assert_eq!(m("c. The CRT"), Some(('c', false, "The CRT")));
        assert_eq!(m("d)"), Some(('d', true, "")));
        assert_eq!(m("e.g. a team"), None);
        assert_eq!(m("(a. b"), None);
        assert_eq!(m("As CRTs"), None);
        assert_eq!(m(""), None);
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet("• West Gwent"), Some("West Gwent"));
        assert_eq!(bullet("•West Gwent"), Some("West Gwent"));
        assert_eq!(bullet("- West Gwent"), Some("West Gwent"));
        assert_eq!(bullet("* West Gwent"), Some("West Gwent"));
        assert_eq!(bullet("-5 degrees"), None);
        assert_eq!(bullet("*Note"), None);
    }

    #[test]
    fn page_references() {
        for quote in [
            "handed over. (p.19)",
            "handed over (p. 19).",
            "handed over (pp.19-20)",
            "handed over (pp. 19–20)",
            "handed over (McGlynn 2006, p.19)",
            "handed over (page 19)",
        ] {
            assert!(ends_with_page_reference(quote), "{quote}");
        }
        for not in [
            "support (e.g. groups)",
            "handed over (p.)",
            "(p",
            "the CMHT (pilot)",
            "",
        ] {
            assert!(!ends_with_page_reference(not), "{not}");
        }
    }

    #[test]
    fn headings() {
        assert!(is_heading_like("Discharge planning and meeting"));
        assert!(is_heading_like("McGlynn (2006) CRHT: A Practical Guide"));
        assert!(!is_heading_like("can be contacted for advice about this:"));
        assert!(!is_heading_like("The team meets daily."));
        assert!(!is_heading_like("and then the team"));
        assert!(!is_heading_like(""));
    }

    #[test]
    fn normalising() {
        let lines = normalise("  a\u{a0} b \r\n\u{feff}c\rd\u{200b}e\t");
        let texts: Vec<(usize, usize, &str)> = lines
            .iter()
            .map(|l| (l.number, l.indent, l.text.as_str()))
            .collect();
        assert_eq!(texts, [(1, 2, "a b"), (2, 0, "c"), (3, 0, "de")]);
    }

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
