//! `consensus`: a consensus review of 2 or 3 reviewer copies. The sources are only read.

use super::*;
use crate::cli::ConsensusArgs;
use crate::review::consensus::{self, SourceReview};

/// Reads each source (a path or an id in the data folder), with its file's hash.
pub(super) fn read_sources(
    store: &Store,
    scale: &Scale,
    reviews: &[String],
) -> Result<Vec<SourceReview>, Failure> {
    let mut sources = Vec::new();
    for review in reviews {
        let path = existing(store, review)?;
        let source = store::read_source(&path)?;
        for warning in pack_warnings(&path, &source.review, scale) {
            warn(&warning);
        }
        sources.push(source);
    }
    Ok(sources)
}

pub(super) fn run(
    args: ConsensusArgs,
    store: Store,
    scale: Scale,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let team = args.team.as_deref().map(str::trim);
    if team == Some("") {
        return Err(Failure::new("--team needs a name"));
    }
    if !args.no_tui && !has_terminal() {
        return Err(Failure::new(
            "the consensus screens need a terminal, and standard input or output is not one; \
             use `consensus --no-tui` to only create the consensus review",
        ));
    }
    let sources = read_sources(&store, &scale, &args.reviews)?;
    let plan = consensus::plan(&scale, &sources, team, args.date)
        .map_err(|e| Failure::new(report::inert(&e.to_string())))?;
    for warning in &plan.warnings {
        warn(warning);
    }
    if !plan.mismatches.is_empty() {
        let text: Vec<String> = plan
            .mismatches
            .iter()
            .map(|m| report::inert(&m.to_string()).into_owned())
            .collect();
        if args.no_tui {
            return Err(Failure::new(text.join("\n")));
        }
        for line in text {
            warn(&format!("{line}; the first review's is used"));
        }
    }
    let review = Review::consensus_of(&scale, &sources, plan.details, Utc::now());
    let session = store.create(&review)?;
    let path = session.path().to_path_buf();
    if args.no_tui {
        let counts = review.consensus_counts(&scale);
        writeln!(out, "Consensus of {} reviews: {counts}", sources.len())?;
        writeln!(out, "{}", path.display())?;
        return Ok(());
    }
    // The app takes the lock itself.
    drop(session);
    run_tui(tui_options(store, scale, tui::Start::Open(path), settings))
}
