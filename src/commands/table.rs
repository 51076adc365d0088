//! Table cells padded by display width, so CJK, emoji and accented names line up in a terminal.

use unicode_width::UnicodeWidthStr;

/// `text` left-aligned in `width` columns: cut with `…` when wider, padded with spaces.
pub fn left(text: &str, width: usize) -> String {
    let mut cell = clip(text, width);
    let pad = width.saturating_sub(cell.width());
    cell.extend(std::iter::repeat_n(' ', pad));
    cell
}

/// `text` cut to at most `width` columns, ending in `…` when cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut cell = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cell.push(c);
        used += w;
    }
    cell.push('…');
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fill_their_columns_whatever_the_script() {
        for text in ["North CRT", "Équipe", "日本チーム", "🦄 Team", "Ärzte‍👩‍⚕️"]
        {
            assert_eq!(left(text, 12).width(), 12, "{text}");
        }
        assert_eq!(left("日本チーム", 12), "日本チーム  ");
    }

    #[test]
    fn wide_text_is_cut_to_the_column() {
        assert_eq!(clip("日本チーム", 6), "日本…");
        assert_eq!(left("日本チーム", 7), "日本チ…");
        assert_eq!(left("abcdefgh", 5), "abcd…");
        assert_eq!(left("日本チーム", 7).width(), 7);
    }
}
