//! Text fields: a thin layer on `ratatui-textarea` for the one-line fields and the note editor.

use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::text::sanitize;

/// A one-line field holding `text`, the cursor at its end.
pub fn single_line(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![sanitize(text, false).into_owned()]);
    area.set_cursor_line_style(Style::new());
    area.move_cursor(CursorMove::End);
    area
}

/// A multi-line field holding `text`, wrapped at words, the cursor at its end.
pub fn multi_line(text: &str) -> TextArea<'static> {
    let text = sanitize(text, true);
    let mut area = TextArea::new(text.split('\n').map(str::to_owned).collect());
    area.set_cursor_line_style(Style::new());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// The text of a one-line field.
pub fn value(area: &TextArea<'_>) -> String {
    area.lines().join(" ")
}

/// The text of a multi-line field, without trailing blank space.
pub fn text(area: &TextArea<'_>) -> String {
    area.lines().join("\n").trim_end().to_owned()
}

/// Pastes into a field: line breaks kept in a multi-line field, else made `joiner`.
pub fn paste(area: &mut TextArea<'_>, pasted: &str, multi_line: bool, joiner: &str) -> bool {
    let clean = sanitize(pasted, true);
    let clean = if multi_line {
        clean.into_owned()
    } else {
        clean
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(joiner)
    };
    area.insert_str(clean)
}
