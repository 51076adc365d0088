//! What each command of the command line does. Output goes to the writer given, so tests can
//! read it; errors come back as [`Failure`] and `main` prints them on stderr.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, Utc};
use serde::Serialize;

use crate::cli::{self, Cli, Command, ContentCommand, DATA_DIR_ENV, NewArgs};
use crate::config;
use crate::report::{self, Format};
use crate::review::{Details, Review, Summary, summary};
use crate::scale::pack::{self, PackError, Problem};
use crate::scale::{Provenance, Scale, import};
use crate::store::{self, Store};
use crate::tui;

mod agreement;
mod compare;
mod consensus;
mod content;
mod export;
mod import_sheet;
mod output;
mod programme;
mod reviews;
mod settings;
mod table;

use content::{content_check, content_export, content_import, content_import_into};
pub use output::{JSON_FORMAT, warn, write_json, write_json_list};
use reviews::list;
pub use reviews::summary_text;
pub use settings::Settings;

/// A command that could not do its work; the message says what and where.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    message: String,
    /// Standard output was closed by its reader (`| head`): nothing is wrong.
    broken_pipe: bool,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            broken_pipe: false,
        }
    }

    /// True when the output's reader went away, as `head` does once it has read enough: the
    /// program then ends quietly and successfully.
    pub fn is_broken_pipe(&self) -> bool {
        self.broken_pipe
    }
}

macro_rules! failure_from {
    ($($error:ty),*) => {
        $(impl From<$error> for Failure {
            fn from(error: $error) -> Self {
                Failure::new(error.to_string())
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
        Failure {
            message: format!("cannot write the output: {error}"),
            broken_pipe: error.kind() == io::ErrorKind::BrokenPipe,
        }
    }
}

/// Runs the command line with the config file in force. `out` is standard output; warnings
/// go to standard error.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let loaded = config::load();
    for warning in &loaded.warnings {
        warn(warning);
    }
    let settings = Settings::resolve(&cli, loaded.config);
    run_with(cli, &settings, out)
}

/// Runs the command line with `settings`.
pub fn run_with(cli: Cli, settings: &Settings, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let data_dir = || data_dir(settings.data_dir.as_deref());
    let scale = || load_scale(settings.content.as_deref());
    let tui_options = |store, scale, start| tui_options(store, scale, start, settings);
    match cli.command {
        None => run_tui(tui_options(data_dir()?, scale()?, tui::Start::Home))?,
        Some(Command::New(args)) => new(args, data_dir()?, scale()?, settings, out)?,
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
        Some(Command::Completions { shell }) => {
            // Into memory first: the generator panics on a failed write (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut cli::command(None),
                "fidelity-review",
                &mut script,
            );
            out.write_all(&script)?;
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cli::command(None)).render(&mut page)?;
            out.write_all(&page)?;
        }
        Some(Command::Summary { review, json }) => {
            let store = data_dir()?;
            let scale = scale()?;
            let review = read_review(&store, &review, &scale)?;
            let summary = Summary::of(&review, &scale);
            if json {
                write_json(out, &summary)?;
            } else {
                let text = summary_text(&review, &scale, &summary, settings.ascii);
                out.write_all(text.as_bytes())?;
            }
        }
        Some(Command::Export {
            review,
            format,
            output,
            include_notes,
        }) => {
            let store = data_dir()?;
            let scale = scale()?;
            let review = read_review(&store, &review, &scale)?;
            let options = report::Options { include_notes };
            let request = export::Request {
                format: Format::from(format),
                output: output.as_deref(),
                options,
            };
            export::export(&review, &scale, request, out)?;
        }
        Some(Command::ImportSheet(args)) => import_sheet::run(args, &data_dir()?, &scale()?, out)?,
        Some(Command::Consensus(args)) => {
            consensus::run(args, data_dir()?, scale()?, settings, out)?
        }
        Some(Command::Agreement { reviews, json }) => {
            agreement::run(&reviews, json, &data_dir()?, &scale()?, out)?;
        }
        Some(Command::Compare { old, new, json }) => {
            compare::compare(&data_dir()?, &scale()?, (&old, &new), json, out)?
        }
        Some(Command::Programme(args)) => programme::programme(args, &scale()?, out)?,
        Some(Command::Content(ContentCommand::Check { dir, json })) => {
            return content_check(dir.as_deref().or(settings.content.as_deref()), json, out);
        }
        Some(Command::Content(ContentCommand::Import {
            files,
            json,
            out: dir,
            into: None,
        })) => content_import(
            &files,
            json,
            dir.as_deref(),
            settings.content.as_deref(),
            out,
        )?,
        Some(Command::Content(ContentCommand::Import {
            files,
            json,
            into: Some(pack),
            ..
        })) => content_import_into(&files, json, &pack, out)?,
        Some(Command::Content(ContentCommand::Export { dir, json })) => {
            content_export(&dir, json, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The data folder: `--data-dir`, else the environment variable, else the config file's,
/// else the platform's (see [`Settings`]).
fn data_dir(dir: Option<&Path>) -> Result<Store, Failure> {
    match dir {
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

fn tui_options(store: Store, scale: Scale, start: tui::Start, settings: &Settings) -> tui::Options {
    tui::Options {
        store: store.checking_against(&scale),
        scale,
        start,
        no_color: settings.no_color,
        ascii: settings.ascii,
        prefill: tui::Prefill {
            organisation: settings.organisation.clone().unwrap_or_default(),
            reviewers: settings.reviewer.iter().cloned().collect(),
        },
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

fn new(
    args: NewArgs,
    store: Store,
    scale: Scale,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let Some(team) = args.team.as_deref().map(str::trim) else {
        // The form asks for the rest.
        return run_tui(tui_options(store, scale, tui::Start::New(None), settings));
    };
    if team.is_empty() {
        return Err(Failure::new("--team needs a name"));
    }
    let mut reviewers: Vec<String> = args
        .reviewers
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if args.reviewers.is_empty() {
        reviewers.extend(settings.reviewer.clone());
    }
    let details = Details {
        team: team.to_owned(),
        organisation: args
            .organisation
            .or_else(|| settings.organisation.clone())
            .unwrap_or_default()
            .trim()
            .to_owned(),
        date: args.date.unwrap_or_else(|| Local::now().date_naive()),
        reviewers,
        kind: args.kind.into(),
    };
    let previous = match &args.previous {
        Some(previous) => Some(compare::link_previous(&store, previous, &scale)?),
        None => None,
    };
    if !args.no_tui && previous.is_none() {
        // The app creates the review and keeps it open, lock and all.
        let options = tui_options(store, scale, tui::Start::New(Some(details)), settings);
        return run_tui(options);
    }
    if !args.no_tui {
        // Say so before a file is made that the screens cannot show.
        need_terminal()?;
    }
    let mut review = Review::new(&scale, details, Utc::now());
    review.previous = previous;
    let session = store.create(&review)?;
    if !args.no_tui {
        let path = session.path().to_path_buf();
        drop(session);
        return run_tui(tui_options(store, scale, tui::Start::Open(path), settings));
    }
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
    need_terminal()?;
    tui::run(options).map_err(|e| Failure::new(e.to_string()))
}

/// Fails unless there is a terminal for the interview screens.
fn need_terminal() -> Result<(), Failure> {
    if has_terminal() {
        return Ok(());
    }
    Err(Failure::new(
        "the interview screens need a terminal, and standard input or output is not one; \
         without a terminal use `new --no-tui`, `list`, `summary` or `export`",
    ))
}
