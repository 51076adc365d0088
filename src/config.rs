//! Defaults a person keeps between runs: `config.toml` in the platform's config folder (e.g.
//! `~/.config/fidelity-review/config.toml` on Linux), or the file `FIDELITY_REVIEW_CONFIG`
//! names.
//!
//! ```toml
//! reviewer = "Ann Smith"          # named on every new review
//! organisation = "North Trust"    # the organisation of new reviews
//! data_dir = "~/reviews"          # where reviews are kept
//! content = "packs/core-crt"      # a content pack folder instead of the built-in one
//! ascii = true                    # ASCII symbols for fonts without ● ◐ ⚑ ✓ ✗
//! ```
//!
//! Every key is optional. A path may start with `~/` (the home folder); a relative path is
//! taken from the config file's folder. Flags beat environment variables, which beat the
//! config file. A file that cannot be read or understood is named with its line in a warning,
//! and the app goes on with the defaults: a typo never stops a review.
//!
//! A new option is one more field of [`Config`]: the file format needs nothing else.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "FIDELITY_REVIEW_CONFIG";

/// The config file's name in the platform's config folder.
pub const FILE_NAME: &str = "config.toml";

/// What the config file sets. `None` (or an empty string) leaves the built-in default.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The reviewer named on new reviews made without `--reviewer`.
    pub reviewer: Option<String>,
    /// The organisation of new reviews made without `--organisation`.
    pub organisation: Option<String>,
    /// The data folder, unless `--data-dir` or `FIDELITY_REVIEW_DATA_DIR` names one.
    pub data_dir: Option<PathBuf>,
    /// A content pack folder, unless `--content` names one.
    pub content: Option<PathBuf>,
    /// ASCII symbols instead of ● ◐ ⚑ ✓ ✗; unset, they are used when `TERM=linux`.
    pub ascii: Option<bool>,
}

/// The config in force and what went wrong reading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// Warnings to show: the file is named, and its line when known.
    pub warnings: Vec<String>,
}

/// An environment variable's value; one set to the empty string counts as unset.
pub fn env_var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

/// The platform's config file, whether or not it exists.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fidelity-review")
        .map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// Reads the config file `FIDELITY_REVIEW_CONFIG` names, else the platform's one if it
/// exists. A file named by the variable must exist; the platform's one may be missing.
pub fn load() -> Loaded {
    match env_var(CONFIG_ENV) {
        Some(path) => load_file(Path::new(&path), true),
        None => match default_path() {
            Some(path) => load_file(&path, false),
            None => Loaded::default(),
        },
    }
}

/// Reads `path`; a missing file is a warning only when `required`.
pub fn load_file(path: &Path, required: bool) -> Loaded {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(error) if !required && error.kind() == std::io::ErrorKind::NotFound => {
            return Loaded::default();
        }
        Err(error) => return with_defaults(format!("{}: cannot read: {error}", path.display())),
    };
    match parse(&text, path) {
        Ok(config) => Loaded {
            config,
            warnings: Vec::new(),
        },
        Err(problem) => with_defaults(problem),
    }
}

fn with_defaults(problem: String) -> Loaded {
    Loaded {
        config: Config::default(),
        warnings: vec![format!("{problem}; going on with the defaults")],
    }
}

/// The largest config file read: a config is a few lines, and anything bigger is not one.
const MAX_BYTES: u64 = 64 * 1024;

/// Reads a regular file of at most [`MAX_BYTES`]; never opens a FIFO or device, which could
/// block or never end.
fn read_text(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {} KiB", MAX_BYTES / 1024),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The config in `text`, read from `path` (which names it in problems and anchors relative
/// paths). A problem names the file and the line.
pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let mut config: Config = toml::from_str(text).map_err(|error| {
        let message = error.message().trim_end_matches('\n').replace('\n', "; ");
        let Some(span) = error.span() else {
            return format!("{}: {message}", path.display());
        };
        let before = &text.as_bytes()[..span.start.min(text.len())];
        let number = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line: String = text
            .lines()
            .nth(number - 1)
            .unwrap_or("")
            .trim()
            .chars()
            .take(60)
            .collect();
        format!("{} line {number} ({line}): {message}", path.display())
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    config.reviewer = non_empty(config.reviewer);
    config.organisation = non_empty(config.organisation);
    config.data_dir = config.data_dir.and_then(|dir| resolve(&dir, folder));
    config.content = config.content.and_then(|dir| resolve(&dir, folder));
    Ok(config)
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// `~/x` from the home folder, a relative path from `folder`; an empty path is unset.
fn resolve(path: &Path, folder: &Path) -> Option<PathBuf> {
    if path.as_os_str().is_empty() {
        return None;
    }
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(dirs) = directories::BaseDirs::new()
    {
        return Some(dirs.home_dir().join(rest));
    }
    Some(if path.is_relative() {
        folder.join(path)
    } else {
        path.to_path_buf()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Result<Config, String> {
        parse(text, Path::new("/etc/fr/config.toml"))
    }

    #[test]
    fn every_key_is_optional() {
        assert_eq!(at(""), Ok(Config::default()));
        assert_eq!(at("# nothing\n"), Ok(Config::default()));
    }

    #[test]
    fn keys_are_read_and_paths_anchored() {
        let config = at(
            "reviewer = \" Ann \"\norganisation = \"\"\ndata_dir = \"data\"\ncontent = \"/p\"\nascii = true\n",
        )
        .unwrap();
        assert_eq!(config.reviewer.as_deref(), Some("Ann"));
        assert_eq!(config.organisation, None);
        assert_eq!(config.data_dir, Some(PathBuf::from("/etc/fr/data")));
        assert_eq!(config.content, Some(PathBuf::from("/p")));
        assert_eq!(config.ascii, Some(true));
        assert_eq!(at("data_dir = \"\"").unwrap().data_dir, None);
    }

    #[test]
    fn a_problem_names_the_file_and_line() {
        let problem = at("reviewer = \"Ann\"\n\nascii = yes\n").unwrap_err();
        assert!(
            problem.starts_with("/etc/fr/config.toml line 3 (ascii = yes): "),
            "{problem}"
        );
        let problem = at("reviewer = \"Ann\"\nreviewr = \"Bo\"\n").unwrap_err();
        assert!(
            problem.contains("line 2") && problem.contains("reviewr"),
            "{problem}"
        );
        let problem = at("ascii = \"yes\"\n").unwrap_err();
        assert!(problem.contains("line 1"), "{problem}");
    }
}
