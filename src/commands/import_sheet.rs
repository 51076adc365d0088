//! `import-sheet`: a paper score sheet (CSV) becomes a review. The sheet is checked whole
//! before anything is written.

use std::fs;
use std::io::Read as _;

use super::*;
use crate::cli::ImportSheetArgs;
use crate::review::sheet;

/// The largest sheet read: a score sheet is a few kilobytes.
const MAX_SHEET_BYTES: u64 = 16 * 1024 * 1024;

pub(super) fn run(
    args: ImportSheetArgs,
    store: &Store,
    scale: &Scale,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let team = args.team.trim();
    if team.is_empty() {
        return Err(Failure::new("--team needs a name"));
    }
    let file = &args.file;
    let shown = || report::inert(&file.display().to_string()).into_owned();
    let mut bytes = Vec::new();
    fs::File::open(file)
        .and_then(|f| f.take(MAX_SHEET_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Failure::new(format!("{}: cannot be read: {e}", shown())))?;
    if bytes.len() as u64 > MAX_SHEET_BYTES {
        return Err(Failure::new(format!(
            "{}: larger than {} MB, which no score sheet is",
            shown(),
            MAX_SHEET_BYTES / (1024 * 1024)
        )));
    }
    let sheet = sheet::read(&bytes, scale).map_err(|errors| {
        let mut message = format!(
            "{}: the sheet was not imported ({} problem{}); nothing was written",
            shown(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        for error in &errors {
            let _ = write!(
                message,
                "\n  {}: {}",
                shown(),
                report::inert(&error.to_string())
            );
        }
        Failure::new(message)
    })?;
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
    let review = Review::from_sheet(scale, details, &sheet, Utc::now());
    let session = store.create(&review)?;
    writeln!(
        out,
        "Read {} item row{} from {}",
        sheet.items.len(),
        if sheet.items.len() == 1 { "" } else { "s" },
        shown()
    )?;
    writeln!(out, "{}", session.path().display())?;
    Ok(())
}
