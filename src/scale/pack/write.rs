//! Writing packs to disk: the built-in pack as editable files, and items replaced in a pack
//! folder.
//!
//! Every file is written whole: to a temporary file beside it, flushed, renamed into place, and
//! the folder flushed, so a crash leaves the old file or the new one, never half of either.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{MANIFEST, PackFiles, item_file_name, item_to_toml, read_dir};
use crate::scale::model::Item;

/// The folder items live in, inside a pack.
const ITEMS: &str = "items";

/// A pack that could not be written, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl WriteError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        WriteError {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    fn io(path: &Path, doing: &str, e: &io::Error) -> Self {
        WriteError::new(path, format!("cannot {doing}: {e}"))
    }
}

/// Writes a pack's files (and, if given, its README) into `dir`, which must not exist yet or be
/// empty: an export never writes over files that may hold a team's edits. Returns the paths
/// written, relative to `dir`.
pub fn export(
    pack: &PackFiles,
    readme: Option<&str>,
    dir: &Path,
) -> Result<Vec<String>, WriteError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(WriteError::new(dir, "is a file, not a folder"));
        }
        let mut entries =
            fs::read_dir(dir).map_err(|e| WriteError::io(dir, "read the folder", &e))?;
        if let Some(entry) = entries.next() {
            let name = entry
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .unwrap_or_default();
            let what = if dir.join(MANIFEST).is_file() {
                "already holds a pack".to_owned()
            } else {
                format!("is not empty (it holds {name:?}, among others)")
            };
            return Err(WriteError::new(
                dir,
                format!(
                    "{what}; export writes only into a new or empty folder, so that nothing is \
                     overwritten. Name a new folder, or import pages into this pack with \
                     `content import FILE... --into DIR`"
                ),
            ));
        }
    }
    fs::create_dir_all(dir.join(ITEMS))
        .map_err(|e| WriteError::io(&dir.join(ITEMS), "create the folder", &e))?;

    let mut written = Vec::with_capacity(pack.files.len() + 1);
    let readme = readme.map(|text| ("README.md".to_owned(), text.to_owned()));
    for (relative, text) in pack.files.iter().cloned().chain(readme) {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| WriteError::io(parent, "create the folder", &e))?;
        }
        write_whole(&path, text.as_bytes())?;
        written.push(relative);
    }
    Ok(written)
}

/// One item written over the item of its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replaced {
    pub number: u16,
    /// The item's file before, relative to the pack.
    pub before: String,
    /// The item's file now (its name follows the new title), relative to the pack.
    pub after: String,
}

/// Writes each item into the pack in `dir` in place of the item of the same number, and
/// removes the old file when the new title gives the item another file name.
///
/// Every item must replace one the pack already has; nothing is written when one does not.
pub fn replace_items(dir: &Path, items: &[Item]) -> Result<Vec<Replaced>, WriteError> {
    let files = read_dir(dir).map_err(|e| WriteError::new(dir, e.to_string()))?;
    let by_number = item_files(&files);
    let mut plan = Vec::with_capacity(items.len());
    for item in items {
        let Some(before) = by_number.get(&item.number) else {
            return Err(WriteError::new(
                &dir.join(ITEMS),
                format!(
                    "the pack has no item {} to replace (an import replaces the item of each \
                     page's number)",
                    item.number
                ),
            ));
        };
        let after = format!("{ITEMS}/{}", item_file_name(item));
        plan.push((item, before.clone(), after));
    }

    let mut replaced = Vec::with_capacity(plan.len());
    for (item, before, after) in plan {
        write_whole(&dir.join(&after), item_to_toml(item).as_bytes())?;
        if before != after {
            let old = dir.join(&before);
            fs::remove_file(&old).map_err(|e| WriteError::io(&old, "remove the old file", &e))?;
            sync_folder(&dir.join(ITEMS))?;
        }
        replaced.push(Replaced {
            number: item.number,
            before,
            after,
        });
    }
    Ok(replaced)
}

/// The file of each item number in a pack, found by reading each item file's `number`.
fn item_files(files: &PackFiles) -> BTreeMap<u16, String> {
    files
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("items/"))
        .filter_map(|(path, text)| {
            let table: toml::Table = toml::from_str(text).ok()?;
            let number = u16::try_from(table.get("number")?.as_integer()?).ok()?;
            Some((number, path.clone()))
        })
        .collect()
}

/// Writes `bytes` to `path` whole: a temporary file beside it, flushed, renamed over it, and the
/// folder flushed.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(".{name}.tmp"));
    let result = File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(WriteError::io(path, "write the file", &e));
    }
    sync_folder(folder)
}

/// Flushes a folder's entries (a rename or removal in it) to disk.
fn sync_folder(folder: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    File::open(folder)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| WriteError::io(folder, "flush the folder", &e))?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}
