//! Text as it enters a review: notes and rationales typed or pasted.
//!
//! Terminals send line ends as CR, and text copied from other programs brings CRLF and tabs.
//! What the app stores has `\n` line breaks only, and a tab as a space, so neither the screen
//! nor an export shows a control character for them. The setters of [`super::Review`] store
//! what they are given; the app cleans what is typed or pasted with [`clean`] first.

use std::borrow::Cow;

/// `text` with CRLF and CR line ends made `\n`, and each tab a space.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.contains(['\r', '\t']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_becomes_a_line_break() {
        assert_eq!(clean("one\r\ntwo\rthree\nfour"), "one\ntwo\nthree\nfour");
        assert_eq!(clean("a\r\r\nb"), "a\n\nb");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(clean("Staff\t12\tcarers"), "Staff 12 carers");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(clean("fine\nas it is"), Cow::Borrowed(_)));
    }
}
