//! What a run uses, from flags, environment variables, the config file and built-in defaults,
//! in that order: a flag beats the environment, which beats the config file.

use std::path::PathBuf;

use crate::cli::{Cli, DATA_DIR_ENV};
use crate::config::{self, Config};

/// The settings of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The data folder, when any is named or the platform has one.
    pub data_dir: Option<PathBuf>,
    /// A content pack folder; `None` for the built-in pack.
    pub content: Option<PathBuf>,
    /// The reviewer new reviews name when no `--reviewer` is given.
    pub reviewer: Option<String>,
    /// The organisation new reviews name when no `--organisation` is given.
    pub organisation: Option<String>,
    /// Colours off (`NO_COLOR` set and not empty).
    pub no_color: bool,
    /// ASCII symbols for fonts without ● ◐ ⚑ ✓ ✗.
    pub ascii: bool,
}

impl Settings {
    /// The settings for `cli` given `config` and this process's environment.
    pub fn resolve(cli: &Cli, config: Config) -> Self {
        let env_dir = config::env_var(DATA_DIR_ENV).map(PathBuf::from);
        let term_lacks_symbols = config::env_var("TERM").is_some_and(|term| term == "linux");
        Settings {
            data_dir: cli
                .data_dir
                .clone()
                .or(env_dir)
                .or(config.data_dir)
                .or_else(crate::store::default_data_dir),
            content: cli.content.clone().or(config.content),
            reviewer: config.reviewer,
            organisation: config.organisation,
            no_color: config::env_var("NO_COLOR").is_some(),
            ascii: config.ascii.unwrap_or(term_lacks_symbols),
        }
    }
}
