//! The command-line contract (see README "Command line"): clap definitions only.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::report::Format;
use crate::review::ReviewKind;

use crate::config::CONFIG_ENV;

/// Environment variable that sets the data folder (the `--data-dir` flag wins over it; set to
/// the empty string it counts as unset).
pub const DATA_DIR_ENV: &str = "FIDELITY_REVIEW_DATA_DIR";

/// A keyboard-first terminal app for fidelity review interviews.
#[derive(Debug, Parser)]
#[command(name = "fidelity-review", version, about, long_about = None)]
pub struct Cli {
    /// Folder holding the review files [env: FIDELITY_REVIEW_DATA_DIR] [default: the
    /// platform's data folder, shown below]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Load the scale from this content pack folder instead of the built-in CORE CRT pack
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a review and open it (or, with --no-tui, only create its file)
    #[command(after_help = example(&[
        "fidelity-review new --team 'North CRT' --reviewer Ann --reviewer Bo",
        "fidelity-review new --team 'North CRT' --date 2026-11-23 --no-tui",
    ]))]
    New(NewArgs),
    /// Resume a review where it was left
    #[command(after_help = example(&["fidelity-review open 2026-11-23-north-crt"]))]
    Open {
        /// A review file, or the id of one in the data folder (its file name without .json)
        #[arg(value_name = "PATH|ID")]
        review: String,
    },
    /// List the reviews in the data folder
    #[command(after_help = example(&[
        "fidelity-review list",
        "fidelity-review list --json | jq -r '.[].id'",
    ]))]
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print a review's scores: total, mean, band, domains and items
    #[command(after_help = example(&[
        "fidelity-review summary 2026-11-23-north-crt",
        "fidelity-review summary 2026-11-23-north-crt --json | jq .total",
    ]))]
    Summary {
        /// A review file, or the id of one in the data folder
        #[arg(value_name = "PATH|ID")]
        review: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write a review as the team's report (HTML or Markdown), a CSV sheet or JSON
    #[command(after_help = example(&[
        "fidelity-review export 2026-11-23-north-crt --format html -o north-crt.html",
        "fidelity-review export 2026-11-23-north-crt --format csv | head",
    ]))]
    Export {
        /// A review file, or the id of one in the data folder
        #[arg(value_name = "PATH|ID")]
        review: String,
        /// html, md: the team's report; csv: one row per item; csv-criteria: one row per
        /// criterion; json: scores and findings
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (created private to you); `-` or none: standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Include the reviewers' notes (left out by default: they may hold informants' words)
        #[arg(long)]
        include_notes: bool,
    },
    /// Make a review from a CSV score sheet (columns item, final; met, not_met, unsure, note)
    #[command(after_help = example(&[
        "fidelity-review import-sheet carer-reviewer.csv --team \"North CRT\" --reviewer \"Sam Reid\"",
    ]))]
    ImportSheet(ImportSheetArgs),
    /// Make a consensus review of 2 or 3 reviewer copies and open it (or, with --no-tui, only
    /// create its file)
    #[command(after_help = example(&[
        "fidelity-review consensus ann.json bo.json sam.json",
        "fidelity-review consensus ann.json bo.json --no-tui",
    ]))]
    Consensus(ConsensusArgs),
    /// Print the agreement between 2 or 3 reviewer copies (or the sources of one consensus
    /// review): exact, within one, kappas, ICC, alpha
    #[command(after_help = example(&[
        "fidelity-review agreement ann.json bo.json sam.json",
        "fidelity-review agreement 2026-11-23-north-crt-consensus --json",
    ]))]
    Agreement {
        /// Reviewer copies, or one consensus review: files, or ids in the data folder
        #[arg(value_name = "PATH|ID", num_args = 1..=3, required = true)]
        reviews: Vec<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Compare two reviews of a team: what changed per item, per domain and overall
    #[command(after_help = example(&[
        "fidelity-review compare 2025-11-12-north-crt 2026-11-20-north-crt",
        "fidelity-review compare old.json new.json --json",
    ]))]
    Compare {
        /// The earlier review: a file, or the id of one in the data folder
        #[arg(value_name = "OLD")]
        old: String,
        /// The later review
        #[arg(value_name = "NEW")]
        new: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Figures across many teams' reviews: per item, per domain and per team
    #[command(after_help = example(&[
        "fidelity-review programme ~/reviews/trust-a ~/reviews/trust-b",
        "fidelity-review programme reviews/ --json --html programme.html",
    ]))]
    Programme(ProgrammeArgs),
    /// Check, export or import content packs
    #[command(subcommand)]
    Content(ContentCommand),
    /// Print a shell completion script
    #[command(after_help = example(&[
        "fidelity-review completions bash > ~/.local/share/bash-completion/completions/fidelity-review",
        "fidelity-review completions zsh > ~/.zfunc/_fidelity-review",
        "fidelity-review completions fish > ~/.config/fish/completions/fidelity-review.fish",
    ]))]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff)
    #[command(after_help = example(&[
        "fidelity-review man > ~/.local/share/man/man1/fidelity-review.1",
        "fidelity-review man | man -l -",
    ]))]
    Man,
}

#[derive(Debug, Args)]
pub struct ImportSheetArgs {
    /// The score sheet (CSV with a header row)
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// The team or service reviewed
    #[arg(long, required = true)]
    pub team: String,
    /// The review date, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// A reviewer's name (repeat for each reviewer)
    #[arg(long = "reviewer", value_name = "NAME")]
    pub reviewers: Vec<String>,
    /// The organisation the team belongs to
    #[arg(long)]
    pub organisation: Option<String>,
    /// An external review or a team's self-review
    #[arg(long, value_enum, default_value_t = KindArg::External)]
    pub kind: KindArg,
}

#[derive(Debug, Args)]
pub struct ConsensusArgs {
    /// Reviewer copies: files, or ids in the data folder
    #[arg(value_name = "PATH|ID", num_args = 2..=3, required = true)]
    pub reviews: Vec<String>,
    /// Only create the consensus review's file and print its path
    #[arg(long)]
    pub no_tui: bool,
    /// The team, where the reviews name it differently
    #[arg(long)]
    pub team: Option<String>,
    /// The review date, where the reviews differ, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ProgrammeArgs {
    /// Review files, and folders whose review files are all read (not their subfolders)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Count every review, not only the latest of each team
    #[arg(long)]
    pub all: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Also write a report to print (HTML) to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The team or service reviewed
    #[arg(long)]
    pub team: Option<String>,
    /// The organisation the team belongs to
    #[arg(long)]
    pub organisation: Option<String>,
    /// The review date, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// A reviewer's name (repeat for each reviewer)
    #[arg(long = "reviewer", value_name = "NAME")]
    pub reviewers: Vec<String>,
    /// An external review or a team's self-review
    #[arg(long, value_enum, default_value_t = KindArg::External)]
    pub kind: KindArg,
    /// Only create the review file and print its path (needs --team)
    #[arg(long, requires = "team")]
    pub no_tui: bool,
    /// Link the team's last review (a file, or an id in the data folder): its scores are shown
    /// beside each item (needs --team)
    #[arg(long, value_name = "PATH|ID", requires = "team")]
    pub previous: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    External,
    #[value(name = "self")]
    SelfReview,
}

impl From<KindArg> for ReviewKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::External => ReviewKind::External,
            KindArg::SelfReview => ReviewKind::SelfReview,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Html,
    Md,
    Csv,
    CsvCriteria,
    Json,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Html => Format::Html,
            ExportFormat::Md => Format::Markdown,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::CsvCriteria => Format::CsvCriteria,
            ExportFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate a content pack (the built-in one without DIR) and report on it
    #[command(after_help = example(&[
        "fidelity-review content check",
        "fidelity-review content check packs/core-crt --json",
    ]))]
    Check {
        /// A pack folder (with scale.toml and items/)
        dir: Option<PathBuf>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Read resource-pack pages saved as plain text into pack items
    #[command(after_help = example(&[
        "fidelity-review content import pages/*.txt --out packs/mine/items",
        "fidelity-review content import item-07.txt --into our-pack",
    ]))]
    Import {
        /// Saved pages (plain text)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the pages as JSON
        #[arg(long)]
        json: bool,
        /// Write one item file per page into this folder (in the pack's format)
        #[arg(long, value_name = "DIR", conflicts_with = "into")]
        out: Option<PathBuf>,
        /// Replace, in the pack in this folder, the item of each page's number with the page
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
    /// Write the built-in pack as editable files into a new or empty folder
    #[command(after_help = example(&["fidelity-review content export our-pack"]))]
    Export {
        /// The folder to write the pack into
        dir: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date in the form YYYY-MM-DD, e.g. 2026-11-23"))
}

/// An `Example:` block for a command's help.
fn example(lines: &[&str]) -> String {
    let mut text = String::from(if lines.len() == 1 {
        "Example:"
    } else {
        "Examples:"
    });
    for line in lines {
        text.push_str("\n  ");
        text.push_str(line);
    }
    text
}

/// The whole command line as clap sees it, with the text that depends on this machine: where
/// reviews and the config file are, and (when `pack` is given) the built-in content pack
/// beside the version.
pub fn command(pack: Option<&crate::scale::Scale>) -> clap::Command {
    let place = |path: Option<PathBuf>| {
        path.map_or_else(|| "none found".to_owned(), |p| p.display().to_string())
    };
    let data_dir = place(crate::store::default_data_dir());
    let config = place(crate::config::default_path());
    let command = Cli::command().after_help(format!(
        "With no command, fidelity-review opens the home screen: the reviews on this machine. \
         No other command opens it.\n\n\
         Reviews are saved in {data_dir} unless --data-dir or {DATA_DIR_ENV} names another folder.\n\n\
         Defaults (reviewer, organisation, data folder, content pack, ASCII symbols) are read \
         from {config}, or the file {CONFIG_ENV} names."
    ));
    match pack {
        Some(scale) => {
            let version = format!(
                "{} (content pack {} version {}, content {})",
                env!("CARGO_PKG_VERSION"),
                scale.id,
                scale.version,
                scale.content_hash.get(..12).unwrap_or(&scale.content_hash)
            );
            let long_version = format!(
                "{}\ncontent pack: {} version {}\ncontent hash: {}",
                env!("CARGO_PKG_VERSION"),
                scale.id,
                scale.version,
                scale.content_hash
            );
            command.version(version).long_version(long_version)
        }
        None => command,
    }
}
