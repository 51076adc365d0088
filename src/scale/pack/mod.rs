//! Content packs on disk: the file format, loading, and validation.
//!
//! A pack is a folder:
//!
//! ```text
//! scale.toml            the manifest: id, name, version, rating range, evidence sources,
//!                       domains, fidelity bands, attribution, where the introduction is
//! introduction.toml     optional: the scale's introduction, as guidance sections
//! items/NN-slug.toml    one file per item
//! ```
//!
//! Loading collects every problem of a pack (syntax, missing or duplicate item numbers, unknown
//! domains, criteria out of order, bad anchors, empty titles, …) with the file, line and column,
//! rather than stopping at the first.
//!
//! The module is cut along those seams: [`format`] is the TOML file format (reading and
//! writing), [`validate`] turns parsed files into a [`Scale`] or every problem found, and
//! [`write`] writes packs to disk (the built-in pack as editable files, items replaced in a
//! pack folder).

mod format;
mod validate;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::model::Scale;

pub use format::{item_file_name, item_to_toml};
pub use validate::load;

/// The name of a pack's manifest file.
pub const MANIFEST: &str = "scale.toml";

/// The files of a pack, read into memory: where they came from and `(relative path, text)`.
#[derive(Debug, Clone)]
pub struct PackFiles {
    /// Shown in messages: `embedded pack` or the folder's path.
    pub origin: String,
    /// Paths relative to the pack folder, with `/` separators.
    pub files: Vec<(String, String)>,
}

/// The CORE CRT pack built into the binary.
pub fn embedded_files() -> PackFiles {
    const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));
    PackFiles {
        origin: "embedded pack".to_owned(),
        files: FILES
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect(),
    }
}

/// The built-in pack's README: what it is, its credits and terms, where its wording comes from.
/// An export writes it beside the pack's files; it is not part of the content (or its hash).
pub const EMBEDDED_README: &str = include_str!("../../../content/core-crt/README.md");

/// Loads and validates the embedded CORE CRT pack.
pub fn load_embedded() -> Result<Scale, PackError> {
    load(&embedded_files())
}

/// Loads and validates the pack in `dir`.
pub fn load_dir(dir: &Path) -> Result<Scale, PackError> {
    load(&read_dir(dir)?)
}

/// Reads a pack folder into memory: the manifest, `introduction.toml` and `items/*.toml`.
pub fn read_dir(dir: &Path) -> Result<PackFiles, PackError> {
    let origin = dir.display().to_string();
    let unreadable = |path: &Path, e: std::io::Error| PackError {
        origin: origin.clone(),
        problems: vec![Problem::file(
            path.display().to_string(),
            format!("cannot read: {e}"),
        )],
    };
    if !dir.is_dir() {
        return Err(PackError {
            origin: origin.clone(),
            problems: vec![Problem::file(
                origin.clone(),
                "no such folder (a pack is a folder with a scale.toml)".to_owned(),
            )],
        });
    }

    let mut paths: Vec<PathBuf> = Vec::new();
    for name in [MANIFEST, "introduction.toml"] {
        let path = dir.join(name);
        if path.exists() {
            paths.push(path);
        }
    }
    let items = dir.join("items");
    if items.is_dir() {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&items).map_err(|e| unreadable(&items, e))? {
            let path = entry.map_err(|e| unreadable(&items, e))?.path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                found.push(path);
            }
        }
        found.sort();
        paths.extend(found);
    }

    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
        let relative = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = String::from_utf8(bytes).map_err(|e| PackError {
            origin: origin.clone(),
            problems: vec![Problem::at(
                relative.clone(),
                Some(line_col_of_byte(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                )),
                "the file is not UTF-8 text".to_owned(),
            )],
        })?;
        files.push((relative, text));
    }
    Ok(PackFiles { origin, files })
}

/// A pack that failed to load: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PackError {
    pub origin: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the content pack at {} has {n} problem{}:",
            self.origin,
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

/// One thing wrong with a pack, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, relative to the pack folder.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    fn file(file: String, message: String) -> Self {
        Problem {
            file,
            line: None,
            column: None,
            message,
        }
    }

    fn at(file: String, line_col: Option<(usize, usize)>, message: String) -> Self {
        Problem {
            file,
            line: line_col.map(|(line, _)| line),
            column: line_col.map(|(_, column)| column),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col_of_byte(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The id of the criterion at `index`: `a`, `b`, … `z`, then `aa`, `ab`, ….
pub fn criterion_id(index: usize) -> String {
    let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index))
    }
}

/// A SHA-256 over every file of the pack (path and text), as lowercase hex.
fn content_hash(pack: &PackFiles) -> String {
    let mut files: Vec<&(String, String)> = pack.files.iter().collect();
    files.sort();
    let mut hasher = Sha256::new();
    for (path, text) in files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        // Line ends are not content: a pack checked out with CRLF hashes the same.
        hasher.update(text.replace("\r\n", "\n").as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col_of_byte(text, 0), (1, 1));
        assert_eq!(line_col_of_byte(text, 6), (2, 1));
        assert_eq!(line_col_of_byte(text, 9), (2, 3));
    }

    #[test]
    fn criterion_ids_run_past_z() {
        assert_eq!(criterion_id(0), "a");
        assert_eq!(criterion_id(25), "z");
        assert_eq!(criterion_id(26), "aa");
        assert_eq!(criterion_id(27), "ab");
    }
}
