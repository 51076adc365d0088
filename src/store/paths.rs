//! Paths a person types, and names that do not replace a file already there.

use std::path::{Path, PathBuf};

/// `typed` with a leading `~` (alone or before a `/`) made the home folder, as a shell would;
/// anything else as it is. Where no home folder is known, `~` is kept.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    expand_home_in(typed, home.as_deref())
}

fn expand_home_in(typed: &str, home: Option<&Path>) -> PathBuf {
    let rest = match typed.strip_prefix('~') {
        Some("") => Some(""),
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            Some(&rest[1..])
        }
        _ => None,
    };
    match (rest, home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(typed),
    }
}

/// `path` if nothing is there yet, else the first of `NAME-2.EXT`, `NAME-3.EXT`, … that is
/// free: a second report of a day is written beside the first, not over it.
pub fn unused_name(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()));
    (2u32..)
        .map(|n| path.with_file_name(format!("{stem}-{n}{}", extension.as_deref().unwrap_or(""))))
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = Path::new("/home/ann");
        assert_eq!(
            expand_home_in("~/reports/a.md", Some(home)),
            home.join("reports/a.md")
        );
        assert_eq!(expand_home_in("~", Some(home)), home);
        assert_eq!(
            expand_home_in("~bo/a.md", Some(home)),
            Path::new("~bo/a.md")
        );
        assert_eq!(expand_home_in("a/~/b", Some(home)), Path::new("a/~/b"));
        assert_eq!(expand_home_in("~/a.md", None), Path::new("~/a.md"));
    }

    #[test]
    fn a_taken_name_gets_the_next_number() {
        let dir = tempfile::TempDir::new().unwrap();
        let first = dir.path().join("report.md");
        assert_eq!(unused_name(&first), first);
        std::fs::write(&first, "one").unwrap();
        let second = dir.path().join("report-2.md");
        assert_eq!(unused_name(&first), second);
        std::fs::write(&second, "two").unwrap();
        assert_eq!(unused_name(&first), dir.path().join("report-3.md"));
    }
}
