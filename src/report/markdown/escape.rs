//! Escaping for Markdown: text from a person or a pack shows as written, and cannot add
//! headings, links, HTML or table columns.

use crate::report::inert;

/// Text for one line: a heading, a header field, a list item. Lines are joined with spaces.
pub fn inline(text: &str) -> String {
    lines(text).collect::<Vec<_>>().join(" ")
}

/// Text for a table cell: `|` escaped, lines joined with `<br>`.
pub fn cell(text: &str) -> String {
    lines(text).collect::<Vec<_>>().join("<br>")
}

/// Text that may run over several lines, to follow a label (`Note: `). Lines within a
/// paragraph end in a hard break (`\`); a blank line starts a new paragraph. `indent` begins
/// every line after the first, so the text stays inside the list item it belongs to.
pub fn block(text: &str, indent: &str) -> String {
    let inert_text = inert(text);
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for line in inert_text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else if let Some(paragraph) = paragraphs.last_mut() {
            paragraph.push(escape_line(line));
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
        .iter()
        .map(|p| p.join(&format!("\\\n{indent}")))
        .collect::<Vec<_>>()
        .join(&format!("\n\n{indent}"))
}

/// The non-empty lines of `text`, made inert, trimmed and escaped.
fn lines(text: &str) -> impl Iterator<Item = String> {
    inert(text)
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(escape_line)
        .collect::<Vec<_>>()
        .into_iter()
}

/// One line of text (no newline, no leading space) escaped so Markdown shows it as written.
///
/// Characters that start emphasis, code, links, HTML, entities, maths, strike-through, table
/// cells and headings are escaped wherever they are (a `#` at the end of a heading would be
/// dropped); `-`, `+`, `=` and `1.` / `1)` only at the start, where they would make a list, a
/// rule or a setext underline.
pub fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let list_marker = (1..=9).contains(&digits) && line[digits..].starts_with(['.', ')']);
    for (index, c) in line.char_indices() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$' | '#'
        );
        if special || (list_marker && index == digits) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_anywhere() {
        assert_eq!(escape_line("*bold* _it_"), r"\*bold\* \_it\_");
        assert_eq!(escape_line("[link](x)"), r"\[link\](x)");
        assert_eq!(escape_line("<script>"), r"\<script\>");
        assert_eq!(escape_line("a | b"), r"a \| b");
        assert_eq!(escape_line("&#x202e;"), r"\&\#x202e;");
        assert_eq!(escape_line(r"C:\path"), r"C:\\path");
    }

    #[test]
    fn escapes_block_starts_only_at_line_start() {
        assert_eq!(escape_line("# heading"), r"\# heading");
        assert_eq!(escape_line("North #"), r"North \#");
        assert_eq!(escape_line("- not a list"), r"\- not a list");
        assert_eq!(escape_line("12. not a list"), r"12\. not a list");
        assert_eq!(escape_line("3) nor this"), r"3\) nor this");
        assert_eq!(escape_line("2026 was a year."), "2026 was a year.");
        assert_eq!(escape_line("==="), r"\===");
    }

    #[test]
    fn block_keeps_lines_inside_the_list_item() {
        assert_eq!(
            block("one\n  # two\n\n\nthree", "    "),
            "one\\\n    \\# two\n\n    three"
        );
    }

    #[test]
    fn cells_and_lines_never_break_the_line() {
        assert_eq!(cell("a\nb|c"), r"a<br>b\|c");
        assert_eq!(inline("a\r\n> b"), r"a \> b");
    }
}
