//! The line reader: a saved page's text as normalised lines, and what each line can be (an
//! `Item N` line, a criterion marker, a bullet, a heading, a quote).

use super::KNOWN_HEADINGS;

/// Headings that may stand before the criteria (compared in lower case, without a final colon).
pub(super) const TARGET_HEADINGS: [&str; 3] = ["target", "targets", "criteria"];

/// Lines of a website's chrome that are never content (compared in lower case).
pub(super) const NAVIGATION: [&str; 17] = [
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
pub(super) const MAX_HEADING_WORDS: usize = 15;

/// One line of the page, normalised.
#[derive(Debug)]
pub(super) struct Line {
    /// 1-based.
    pub(super) number: usize,
    /// Whitespace characters before the text.
    pub(super) indent: usize,
    /// Trimmed, with single plain spaces between words.
    pub(super) text: String,
}

impl Line {
    pub(super) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    pub(super) fn is_navigation(&self) -> bool {
        NAVIGATION.contains(&self.text.to_lowercase().as_str())
    }

    pub(super) fn is_target_heading(&self) -> bool {
        let text = self.text.to_lowercase();
        TARGET_HEADINGS.contains(&text.strip_suffix(':').unwrap_or(&text).trim_end())
    }

    /// The known heading this line is, as the pack writes it.
    pub(super) fn known_heading(&self) -> Option<&'static str> {
        let text = self.text.strip_suffix(':').unwrap_or(&self.text).trim_end();
        KNOWN_HEADINGS
            .into_iter()
            .find(|heading| heading.eq_ignore_ascii_case(text))
    }
}

/// Splits the text into lines (LF, CRLF or CR) and normalises each.
pub(super) fn normalise(text: &str) -> Vec<Line> {
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
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// Trims and collapses every run of whitespace (non-breaking spaces included) to one space.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins wrapped lines with one space.
pub(super) fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    collapse(&parts.into_iter().collect::<Vec<_>>().join(" "))
}

// ---------------------------------------------------------------------------------------------
// Recognising lines
// ---------------------------------------------------------------------------------------------

/// What an `Item N` line says.
pub(super) enum ItemLine {
    /// The number, and the title when it is on the same line.
    Number(u16, Option<String>),
    /// `Item` and a word with digits that is not a usable number.
    BadNumber(String),
}

/// Characters that may stand between `Item N` and a title on the same line.
pub(super) const TITLE_SEPARATORS: [char; 6] = [':', '-', '–', '—', '.', '|'];

/// Reads `Item 25`, `Item 25: Planning aftercare` and the like; `None` for any other line.
pub(super) fn item_line(text: &str) -> Option<ItemLine> {
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
pub(super) fn looks_like_item_line(text: &str) -> bool {
    text.split(' ')
        .next()
        .is_some_and(|first| first.eq_ignore_ascii_case("item"))
}

/// A criterion marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marker<'a> {
    /// Lower case.
    pub(super) letter: char,
    /// `a)` or `(a)`, which prose rarely starts with; `a.` could be an initial.
    pub(super) parenthesised: bool,
    /// The text after the marker (may be empty).
    pub(super) rest: &'a str,
}

/// Reads `a) text`, `(a) text` or `a. text`.
pub(super) fn marker(text: &str) -> Option<Marker<'_>> {
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
pub(super) fn bullet(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(['•', '◦', '▪']) {
        return Some(rest.trim());
    }
    let rest = text.strip_prefix(['-', '*'])?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim())
}

/// True for a line that can be a heading: short, not a sentence's tail, no final punctuation.
pub(super) fn is_heading_like(text: &str) -> bool {
    let Some(last) = text.chars().last() else {
        return false;
    };
    text.split(' ').count() <= MAX_HEADING_WORDS
        && !text.starts_with(char::is_lowercase)
        && !matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
}

/// True for a paragraph that is a quotation: it ends in a page reference like `(p.19)`, or
/// it is wholly in quotation marks.
pub(super) fn is_quote(text: &str) -> bool {
    let quoted = (text.starts_with('“') && text.ends_with('”'))
        || (text.len() > 1 && text.starts_with('"') && text.ends_with('"'));
    quoted || ends_with_page_reference(text)
}

/// `… (p.19)`, `… (p. 19).`, `… (pp.19-20)`, `… (Smith 2006, p. 4)`.
pub(super) fn ends_with_page_reference(text: &str) -> bool {
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
}
