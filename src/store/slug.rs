//! File names of new sessions, from the team's name.

/// A file-name-safe form of a team name: lower-case ASCII letters and digits joined by `-`
/// (common accented letters lose their accents), at most 40 characters; `review` if nothing
/// is left.
pub(crate) fn slug(text: &str) -> String {
    const MAX: usize = 40;
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        if folded.is_empty() {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else if slug.len() + folded.len() <= MAX {
            slug.push_str(folded);
        } else {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "review".into()
    } else {
        slug.into()
    }
}

/// The ASCII letters for a lower-case letter or digit, or "" for anything else.
fn fold_accent(c: char) -> &'static str {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("çćč", "c"),
        ("èéêëēę", "e"),
        ("ìíîïī", "i"),
        ("ñń", "n"),
        ("òóôõöøō", "o"),
        ("ùúûüū", "u"),
        ("ýÿ", "y"),
        ("śš", "s"),
        ("źżž", "z"),
        ("ł", "l"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
    ];
    const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    if c.is_ascii_alphanumeric() {
        let i = ASCII.find(c).unwrap_or(0);
        return &ASCII[i..=i];
    }
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map_or("", |(_, to)| to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_lower_case_ascii() {
        assert_eq!(slug("North CRT"), "north-crt");
        assert_eq!(slug("  Équipe  Nord / Süd! "), "equipe-nord-sud");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("日本"), "review");
        assert_eq!(slug(""), "review");
        assert_eq!(slug(&"ab ".repeat(40)).len(), 40);
        assert!(!slug(&"ab ".repeat(40)).ends_with('-'));
    }
}
