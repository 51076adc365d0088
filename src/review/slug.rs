//! The one rule that turns a team name into the part of a file name that names it: review ids
//! (`2026-11-23-north-crt`) and export file names (`2026-11-23-north-crt-review.md`) alike.
//!
//! Letters of any script are transliterated to ASCII ("Équipe" -> `equipe`, "日本チーム" ->
//! `ri-ben-chiimu`), lower-cased, and every other run of characters becomes one `-`. The result
//! is safe as a file name on every platform and readable in a shell.

/// The longest slug, in characters (all ASCII, so bytes too).
pub const SLUG_MAX: usize = 40;

/// What a name with nothing to transliterate (only punctuation, say) becomes.
pub const SLUG_FALLBACK: &str = "team";

/// `text` as lower-case ASCII letters and digits joined by single `-`, at most [`SLUG_MAX`]
/// characters and never ending in `-`; [`SLUG_FALLBACK`] when nothing is left.
pub fn slug(text: &str) -> String {
    // Only letters and digits are transliterated: controls, bidi marks, symbols and emoji
    // separate words like punctuation does.
    let ascii = text.chars().flat_map(|c| {
        let letters = c
            .is_alphanumeric()
            .then(|| deunicode::deunicode_char(c))
            .flatten();
        letters.unwrap_or(" ").chars()
    });
    let mut out = String::with_capacity(SLUG_MAX);
    for c in ascii {
        if c.is_ascii_alphanumeric() {
            if out.len() == SLUG_MAX {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            if out.len() == SLUG_MAX {
                break;
            }
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        SLUG_FALLBACK.to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_lose_accents_and_punctuation() {
        assert_eq!(slug("North CRT"), "north-crt");
        assert_eq!(slug("  Équipe  Nord / Süd! "), "equipe-nord-sud");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("  St. Ann's (East) #2 "), "st-ann-s-east-2");
        assert_eq!(slug("Łódź Œuvre"), "lodz-oeuvre");
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(slug("日本チーム"), "ri-ben-timu");
        assert_eq!(slug("Москва"), "moskva");
        assert_eq!(slug("Αθήνα"), "athena");
    }

    #[test]
    fn controls_and_empty_names_are_safe() {
        assert_eq!(slug("\u{1b}]0;x\u{7}"), "0-x");
        assert_eq!(slug("x\u{202e}y"), "x-y");
        assert_eq!(slug("***"), SLUG_FALLBACK);
        assert_eq!(slug(""), SLUG_FALLBACK);
    }

    #[test]
    fn long_names_are_cut_without_a_trailing_dash() {
        assert_eq!(slug(&"a".repeat(200)).len(), SLUG_MAX);
        let cut = slug(&"ab ".repeat(40));
        assert!(cut.len() <= SLUG_MAX && !cut.ends_with('-'), "{cut}");
    }
}
