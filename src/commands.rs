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
                store::read(&path)?;
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
                    writeln!(out, "{}", path.display())?;
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
        store,
        scale,
        start,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    }
}

/// The path of a review given as a path or an id, which must exist.
fn existing(store: &Store, review: &str) -> Result<PathBuf, Failure> {
    let path = store.resolve(review);
    if path.is_file() {
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
fn read_review(store: &Store, review: &str, scale: &Scale) -> Result<Review, Failure> {
    let path = existing(store, review)?;
    let review = store::read(&path)?;
    for warning in pack_warnings(&path, &review, scale) {
        eprintln!("fidelity-review: warning: {}", report::inert(&warning));
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

#[derive(Serialize)]
struct ListRow<'a> {
    path: &'a Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rated: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

fn list(store: &Store, scale: &Scale, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let listings = store.list(scale).map_err(|e| {
        Failure::new(format!(
            "cannot read the data folder {}: {e}",
            store.dir().display()
        ))
    })?;
    if json {
        let rows: Vec<ListRow<'_>> = listings
            .iter()
            .map(|listing| match &listing.entry {
                Ok(info) => ListRow {
                    path: &listing.path,
                    team: Some(&info.team),
                    date: Some(info.date.to_string()),
                    kind: Some(info.kind.label()),
                    rated: Some(info.rated),
                    items: Some(info.items),
                    updated: Some(info.updated.to_rfc3339()),
                    error: None,
                },
                Err(reason) => ListRow {
                    path: &listing.path,
                    team: None,
                    date: None,
                    kind: None,
                    rated: None,
                    items: None,
                    updated: None,
                    error: Some(reason),
                },
            })
            .collect();
        return write_json(out, &rows);
    }
    if listings.is_empty() {
        writeln!(
            out,
            "No reviews in {} yet. Start one with `fidelity-review new`.",
            store.dir().display()
        )?;
        return Ok(());
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<28} {:<10} {:<8} {:>8}  {:<16}  FILE",
        "TEAM", "DATE", "KIND", "RATED", "LAST CHANGE"
    );
    for listing in &listings {
        match &listing.entry {
            Ok(info) => {
                let _ = writeln!(
                    text,
                    "{:<28} {:<10} {:<8} {:>8}  {:<16}  {}",
                    clip(&report::inert(&info.team), 28),
                    info.date,
                    info.kind.label(),
                    format!("{}/{}", info.rated, info.items),
                    info.updated.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                    report::inert(&listing.path.display().to_string())
                );
            }
            Err(reason) => {
                let _ = writeln!(
                    text,
                    "UNREADABLE: {} ({})",
                    report::inert(&listing.path.display().to_string()),
                    report::inert(reason)
                );
            }
        }
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(width - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// The summary as text for a terminal.
pub fn summary_text(review: &Review, scale: &Scale, summary: &Summary) -> String {
    let mut text = String::new();
    let details = &review.details;
    let _ = writeln!(
        text,
        "{} · {} · {} · {} review",
        report::inert(&details.team),
        if details.organisation.is_empty() {
            "no organisation given".into()
        } else {
            report::inert(&details.organisation)
        },
        details.date,
        details.kind.label()
    );
    let _ = writeln!(
        text,
        "{}, version {}",
        report::inert(&scale.name),
        report::inert(&scale.version)
    );
    let (low, high) = summary.total_range;
    let provisional = if summary.band_provisional && summary.band.is_some() {
        " (provisional)"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "Rated {} of {} items · total {} (range {low}–{high}) · mean {} · band {}{provisional}",
        summary.rated,
        summary.items_total,
        summary.total,
        summary
            .mean
            .map_or("–".to_owned(), |mean| format!("{mean:.2}")),
        summary.band.as_deref().map_or("–".into(), report::inert),
    );
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:<36} {:>8} {:>6} {:>7}",
        "DOMAIN", "SUBTOTAL", "MEAN", "RATED"
    );
    for domain in &summary.domains {
        let _ = writeln!(
            text,
            "{:<36} {:>8} {:>6} {:>7}",
            report::inert(&domain.name),
            domain.subtotal,
            domain
                .mean
                .map_or("–".to_owned(), |mean| format!("{mean:.2}")),
            format!("{}/{}", domain.rated, domain.items)
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:>4}  {:<44} {:>3} {:>3} {:>3} {:>9} {:>5}  FLAG",
        "ITEM", "TITLE", "MET", "NOT", "?", "SUGGESTED", "FINAL"
    );
    for item in &summary.items {
        let suggested = match item.suggested {
            Some(score) if item.provisional => format!("{score} prov."),
            Some(score) => score.to_string(),
            None => "–".to_owned(),
        };
        let _ = writeln!(
            text,
            "{:>4}  {:<44} {:>3} {:>3} {:>3} {:>9} {:>5}  {}",
            item.number,
            clip(&report::inert(&item.title), 44),
            item.met,
            item.not_met,
            item.unsure,
            suggested,
            item.final_score.map_or("–".to_owned(), |s| s.to_string()),
            if item.flagged { "⚑" } else { "" }
        );
    }
    let numbers = |list: &[u16]| {
        list.iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !summary.unrated.is_empty() {
        let _ = writeln!(text, "\nNot rated yet: {}", numbers(&summary.unrated));
    }
    if !summary.flagged.is_empty() {
        let _ = writeln!(text, "Flagged for follow-up: {}", numbers(&summary.flagged));
    }
    for o in &summary.overrides {
        let _ = writeln!(
            text,
            "Item {}: final {} instead of the suggested {} — {}",
            o.number,
            o.final_score,
            o.suggested,
            if o.rationale.trim().is_empty() {
                "no rationale given".into()
            } else {
                report::inert(&o.rationale)
            }
        );
    }
    text
}

#[derive(Serialize)]
struct CheckReport<'a> {
    valid: bool,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    items: usize,
    domains: usize,
    criteria: usize,
    rated_directly: usize,
    scale_anchors: usize,
    provisional_anchors: usize,
    verbatim: Vec<u16>,
    placeholders: Vec<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_hash: Option<&'a str>,
    problems: &'a [Problem],
}

fn content_check(dir: Option<&Path>, json: bool, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let files = match dir {
        Some(dir) => pack::read_dir(dir),
        None => Ok(pack::embedded_files()),
    };
    let (origin, result) = match files {
        Ok(files) => (files.origin.clone(), pack::load(&files)),
        Err(error) => (error.origin.clone(), Err(error)),
    };
    let no_problems = Vec::new();
    let report = match &result {
        Ok(scale) => {
            let with_anchors = || scale.items.iter().filter_map(|i| i.anchors.as_ref());
            let of = |provenance| {
                scale
                    .items
                    .iter()
                    .filter(|i| i.provenance == provenance)
                    .map(|i| i.number)
                    .collect()
            };
            CheckReport {
                valid: true,
                origin: &origin,
                id: Some(&scale.id),
                name: Some(&scale.name),
                version: Some(&scale.version),
                items: scale.items.len(),
                domains: scale.domains.len(),
                criteria: scale.items.iter().map(|i| i.criteria.len()).sum(),
                rated_directly: scale.items.iter().filter(|i| i.is_rated_directly()).count(),
                scale_anchors: with_anchors().filter(|a| !a.provisional).count(),
                provisional_anchors: with_anchors().filter(|a| a.provisional).count(),
                verbatim: of(Provenance::Verbatim),
                placeholders: of(Provenance::Placeholder),
                content_hash: Some(&scale.content_hash),
                problems: &no_problems,
            }
        }
        Err(error) => CheckReport {
            valid: false,
            origin: &origin,
            id: None,
            name: None,
            version: None,
            items: 0,
            domains: 0,
            criteria: 0,
            rated_directly: 0,
            scale_anchors: 0,
            provisional_anchors: 0,
            verbatim: Vec::new(),
            placeholders: Vec::new(),
            content_hash: None,
            problems: &error.problems,
        },
    };

    if json {
        write_json(out, &report)?;
    } else {
        match &result {
            Ok(scale) => {
                let numbers = |list: &[u16]| {
                    list.iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                writeln!(
                    out,
                    "{} (the {})",
                    report::inert(&scale.name),
                    report::inert(&origin)
                )?;
                writeln!(
                    out,
                    "version {}, id {}, content {}",
                    report::inert(&scale.version),
                    report::inert(&scale.id),
                    short_hash(&scale.content_hash)
                )?;
                writeln!(
                    out,
                    "{} items in {} domains, {} criteria; {} items rated directly",
                    report.items, report.domains, report.criteria, report.rated_directly
                )?;
                writeln!(
                    out,
                    "anchors: {} from the scale, {} provisional",
                    report.scale_anchors, report.provisional_anchors
                )?;
                if !report.verbatim.is_empty() {
                    writeln!(out, "verbatim items: {}", numbers(&report.verbatim))?;
                }
                if !report.placeholders.is_empty() {
                    writeln!(out, "placeholder items: {}", numbers(&report.placeholders))?;
                }
                writeln!(out, "valid")?;
            }
            Err(error) => writeln!(out, "{}", report::inert(&error.to_string()))?,
        }
    }
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn content_import(
    files: &[PathBuf],
    json: bool,
    out_dir: Option<&Path>,
    content: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut pages = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                errors.push(format!("{name}: cannot read: {e}"));
                continue;
            }
        };
        match import::import_page(&name, &text) {
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::new(errors.join("\n")));
    }

    if let Some(dir) = out_dir {
        // The pack the pages belong to gives each item its domain and anchors.
        let scale = load_scale(content).ok();
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::new(format!("{}: cannot create the folder: {e}", dir.display()))
        })?;
        for page in &pages {
            let existing = scale.as_ref().and_then(|s| s.item(page.number));
            let item = import::to_item(page, existing);
            let path = dir.join(pack::item_file_name(&item));
            std::fs::write(&path, pack::item_to_toml(&item))
                .map_err(|e| Failure::new(format!("{}: cannot write: {e}", path.display())))?;
            if !json {
                writeln!(
                    out,
                    "item {}: {} ({} criteria, {} guidance sections) -> {}",
                    page.number,
                    page.title,
                    page.criteria.len(),
                    page.guidance.len(),
                    path.display()
                )?;
            }
        }
    }
    if json {
        write_json(out, &pages)?;
    } else if out_dir.is_none() {
        for page in &pages {
            writeln!(
                out,
                "item {}: {} ({} criteria, {} guidance sections)",
                page.number,
                page.title,
                page.criteria.len(),
                page.guidance.len()
            )?;
        }
    }
    Ok(())
}

fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{text}")?;
    Ok(())
}
