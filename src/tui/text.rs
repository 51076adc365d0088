//! Text from files made safe and laid out for the terminal.
//!
//! Notes, pack content and team names come from files anyone could have edited. [`sanitize`]
//! makes control characters and escape sequences inert before anything is drawn, and [`wrap`]
//! breaks text into lines of a given width.

use std::borrow::Cow;

use ratatui::text::Span;

/// `text` with every control character replaced by a visible stand-in (`ESC` becomes `␛`,
/// other C0 controls their control pictures, C1 controls and bidirectional overrides `�`), so
/// it cannot move the cursor, change colours or reorder what is shown. Tabs become a space.
/// CRLF and a lone CR (what terminals send for Enter) are line breaks, kept only when
/// `keep_newlines`, else a space.
pub fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) || c == '\r' || (c == '\n' && !keep_newlines);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' if keep_newlines => out.push('\n'),
            '\r' => out.push(' '),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
            }
            '\u{7f}' => out.push('␡'),
            c if is_unsafe(c) => out.push('�'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of text from a file, safe to draw.
pub fn line(text: &str) -> Cow<'_, str> {
    sanitize(text, false)
}

fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\t'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The number of terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    Span::raw(text).width()
}

/// Breaks `text` (already sanitized) into lines at most `width` columns wide, at spaces where it
/// can and inside words longer than a line. Line breaks in the text are kept. Always at least
/// one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = self::width(word);
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
            } else {
                for c in word.chars() {
                    let w = self::width(c.encode_utf8(&mut [0; 4]));
                    if line_width + w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    line.push(c);
                    line_width += w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to `width` columns, with `…` where it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = self::width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_inert() {
        let note = "red \u{1b}[31mtext\u{1b}[0m and a bell\u{7}";
        let clean = sanitize(note, false);
        assert_eq!(clean, "red ␛[31mtext␛[0m and a bell␇");
        assert!(!clean.chars().any(|c| c.is_control()));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_replaced() {
        assert_eq!(sanitize("a\u{9b}31mb\u{202e}c", false), "a�31mb�c");
    }

    #[test]
    fn line_breaks_are_kept_only_where_asked() {
        assert_eq!(sanitize("one\r\ntwo\rthree", true), "one\ntwo\nthree");
        assert_eq!(sanitize("one\r\ntwo\rthree", false), "one two three");
        assert_eq!(sanitize("one\ntwo\tthree", false), "one two three");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(sanitize("Team Ø – fine", false), Cow::Borrowed(_)));
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
    }

    #[test]
    fn wrapped_lines_fit() {
        let text = "The CRT discusses and agrees plans for ending CRT care and follow-on care.";
        for width in 1..40 {
            for line in wrap(text, width) {
                assert!(super::width(&line) <= width, "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("Answering calls", 8), "Answeri…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(truncate("short", 0), "");
    }
}
