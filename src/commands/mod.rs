//! What each command of the command line does. Output goes to the writer given, so tests can
//! read it; errors come back as [`Failure`] and `main` prints them on stderr.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, Utc};
use serde::Serialize;

use crate::cli::{Cli, Command, ContentCommand, DATA_DIR_ENV, NewArgs};
use crate::report::{self, Format};
use crate::review::{Details, Review, Summary, summary};
use crate::scale::pack::{self, PackError, Problem};
use crate::scale::{Provenance, Scale, import};
use crate::store::{self, Store};
use crate::tui;

mod content;
mod reviews;

use content::{content_check, content_import};
use reviews::list;
pub use reviews::summary_text;

/// A command that could not do its work; the message says what and where.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failure(String);

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure(message.into())
    }
}

macro_rules! failure_from {
    ($($error:ty),*) => {
        $(impl From<$error> for Failure {
            fn from(error: $error) -> Self {
                Failure(error.to_string())
            }
        })*
    };
}

failure_from!(
    PackError,
    store::OpenError,
    store::SaveError,
    store::ExportError
);

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure(format!("cannot write the output: {error}"))
    }
}

/// Runs the command line. `out` is standard output; warnings go to standard error.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let data_dir = || data_dir(cli.data_dir.as_deref());
    let scale = || load_scale(cli.content.as_deref());
    match cli.command {
        None => run_tui(tui_options(data_dir()?, scale()?, tui::Start::Home))?,
        Some(Command::New(args)) => new(args, data_dir()?, scale()?, out)?,
        Some(Command::Open { review }) => {
            let store = data_dir()?;
            let path = existing(&store, &review)?;
            if !has_terminal() {
                // Without screens to show it on, say first what is wrong with the file.
                store::read_for(&path, &scale()?)?;
            }
            run_tui(tui_options(store, scale()?, tui::Start::Open(path)))?;
        }
        Some(Command::List { json }) => list(&data_dir()?, &scale()?, json, out)?,
        Some(Command::Summary { review, json }) => {
            let store = data_dir()?;
            let scale = scale()?;
            let review = read_review(&store, &review, &scale)?;
            let summary = Summary::of(&review, &scale);
            if json {
                write_json(out, &summary)?;
            } else {
                out.write_all(summary_text(&review, &scale, &summary).as_bytes())?;
            }
        }
        Some(Command::Export {
            review,
            format,
            output,
        }) => {
            let store = data_dir()?;
            let scale = scale()?;
            let review = read_review(&store, &review, &scale)?;
            let bytes = report::render(Format::from(format), &review, &scale);
            match output {
                Some(path) => {
                    store::write_export(&path, &bytes, false)?;
                    // The full path, so the report can be found whatever folder this ran in.
                    let shown = std::path::absolute(&path).unwrap_or(path);
                    writeln!(out, "{}", shown.display())?;
                }
                None => out.write_all(&bytes)?,
            }
        }
        Some(Command::Content(ContentCommand::Check { dir, json })) => {
            return content_check(dir.as_deref().or(cli.content.as_deref()), json, out);
        }
        Some(Command::Content(ContentCommand::Import {
            files,
            json,
            out: dir,
        })) => content_import(&files, json, dir.as_deref(), cli.content.as_deref(), out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The data folder: `--data-dir`, else the environment variable, else the platform's.
fn data_dir(flag: Option<&Path>) -> Result<Store, Failure> {
    match flag.map(Path::to_path_buf).or_else(store::default_data_dir) {
        Some(dir) => Ok(Store::new(dir)),
        None => Err(Failure::new(format!(
            "no data folder could be found for this user; name one with --data-dir DIR or {DATA_DIR_ENV}"
        ))),
    }
}

fn load_scale(content: Option<&Path>) -> Result<Scale, Failure> {
    Ok(match content {
        Some(dir) => pack::load_dir(dir)?,
        None => pack::load_embedded()?,
    })
}

fn tui_options(store: Store, scale: Scale, start: tui::Start) -> tui::Options {
    tui::Options {
        store: store.checking_against(&scale),
        scale,
        start,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    }
}

/// The path of a review given as a path or an id, which must exist (a pipe or a device there
/// is left for the reader to refuse by name).
fn existing(store: &Store, review: &str) -> Result<PathBuf, Failure> {
    let path = store.resolve(review);
    if path.is_file() || std::fs::metadata(&path).is_ok_and(|m| !m.is_dir()) {
        Ok(path)
    } else {
        Err(Failure::new(format!(
            "{}: no such review file (give a path, or an id from `fidelity-review list`; data folder {})",
            path.display(),
            store.dir().display()
        )))
    }
}

/// Reads a review without taking the lock, warning when it was made with another pack.
/// Refuses one whose final scores lie outside the scale's rating range.
fn read_review(store: &Store, review: &str, scale: &Scale) -> Result<Review, Failure> {
    let path = existing(store, review)?;
    let review = store::read_for(&path, scale)?;
    for warning in pack_warnings(&path, &review, scale) {
        warn(&warning);
    }
    Ok(review)
}

/// Writes a warning on standard error. A standard error that cannot be written (full, closed)
/// loses the warning, never the command.
fn warn(warning: &str) {
    let _ = writeln!(
        io::stderr(),
        "fidelity-review: warning: {}",
        report::inert(warning)
    );
}

/// What to tell the user when a review meets a pack other than the one it was made with.
pub fn pack_warnings(path: &Path, review: &Review, scale: &Scale) -> Vec<String> {
    let mut warnings = Vec::new();
    if !review.is_pinned_to(scale) {
        warnings.push(format!(
            "{} was made with {} version {} (content {}), not the pack loaded now ({} version {}, content {}); every answer is kept",
            path.display(),
            review.scale.id,
            review.scale.version,
            short_hash(&review.scale.content_hash),
            scale.id,
            scale.version,
            short_hash(&scale.content_hash),
        ));
    }
    for orphan in summary::orphans(review, scale) {
        warnings.push(match orphan.criterion {
            Some(criterion) => format!(
                "answers for item {} criterion {criterion} are kept, but this pack has no such criterion",
                orphan.item
            ),
            None => format!(
                "answers for item {} are kept, but this pack has no such item",
                orphan.item
            ),
        });
    }
    warnings
}

fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn new(args: NewArgs, store: Store, scale: Scale, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(team) = args.team.as_deref().map(str::trim) else {
        // The form asks for the rest.
        return run_tui(tui_options(store, scale, tui::Start::New(None)));
    };
    if team.is_empty() {
        return Err(Failure::new("--team needs a name"));
    }
    let details = Details {
        team: team.to_owned(),
        organisation: args.organisation.unwrap_or_default().trim().to_owned(),
        date: args.date.unwrap_or_else(|| Local::now().date_naive()),
        reviewers: args
            .reviewers
            .iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect(),
        kind: args.kind.into(),
    };
    if !args.no_tui {
        // The app creates the review and keeps it open, lock and all.
        let options = tui_options(store, scale, tui::Start::New(Some(details)));
        return run_tui(options);
    }
    let review = Review::new(&scale, details, Utc::now());
    let session = store.create(&review)?;
    writeln!(out, "{}", session.path().display())?;
    Ok(())
}

/// True when standard input and output are a terminal the screens can use.
fn has_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Runs the interview screens, which need a terminal to draw on and read keys from.
fn run_tui(options: tui::Options) -> Result<(), Failure> {
    if !has_terminal() {
        return Err(Failure::new(
            "the interview screens need a terminal, and standard input or output is not one; \
             without a terminal use `new --no-tui`, `list`, `summary` or `export`",
        ));
    }
    tui::run(options).map_err(|e| Failure::new(e.to_string()))
}

fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{text}")?;
    Ok(())
}
