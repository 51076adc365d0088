//! The command-line contract (see README "Command line"): clap definitions only.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;
use crate::review::ReviewKind;

/// Environment variable that sets the data folder (the `--data-dir` flag wins over it).
pub const DATA_DIR_ENV: &str = "FIDELITY_REVIEW_DATA_DIR";

/// A keyboard-first terminal app for fidelity review interviews.
///
/// Without a command it opens the home screen: the reviews on this machine.
#[derive(Debug, Parser)]
#[command(name = "fidelity-review", version, about, long_about = None)]
pub struct Cli {
    /// Folder holding the review files [default: the platform's data folder, shown below]
    #[arg(long, global = true, value_name = "DIR", env = DATA_DIR_ENV)]
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
    New(NewArgs),
    /// Resume a review where it was left
    Open {
        /// A review file, or the id of one in the data folder (its file name without .json)
        #[arg(value_name = "PATH|ID")]
        review: String,
    },
    /// List the reviews in the data folder
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print a review's scores: total, mean, band, domains and items
    Summary {
        /// A review file, or the id of one in the data folder
        #[arg(value_name = "PATH|ID")]
        review: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write a review as a Markdown report, a CSV sheet or JSON
    Export {
        /// A review file, or the id of one in the data folder
        #[arg(value_name = "PATH|ID")]
        review: String,
        /// md: a report to read; csv: one row per criterion; json: scores and findings
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (created private to you) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare two reviews of a team: what changed per item, per domain and overall
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
    Programme(ProgrammeArgs),
    /// Check or import content packs
    #[command(subcommand)]
    Content(ContentCommand),
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
    Md,
    Csv,
    Json,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Md => Format::Markdown,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate a content pack (the built-in one without DIR) and report on it
    Check {
        /// A pack folder (with scale.toml and items/)
        dir: Option<PathBuf>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Read resource-pack pages saved as plain text into pack items
    Import {
        /// Saved pages (plain text)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the pages as JSON
        #[arg(long)]
        json: bool,
        /// Write one item file per page into this folder (in the pack's format)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date in the form YYYY-MM-DD, e.g. 2026-11-23"))
}
