//! `export`: a review as one of the report formats, to a file or to standard output.

use std::io::Write;
use std::path::Path;

use super::Failure;
use crate::report::{self, Format, Options};
use crate::review::Review;
use crate::scale::Scale;
use crate::store;

/// What to export, and where.
pub(super) struct Request<'a> {
    pub format: Format,
    /// A file to write (created private to the user); `None` or `-` for standard output.
    pub output: Option<&'a Path>,
    pub options: Options,
}

/// Writes the report; with a file, prints the file's path.
pub(super) fn export(
    review: &Review,
    scale: &Scale,
    request: Request<'_>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let bytes = report::render_with(request.format, review, scale, request.options);
    match request.output.filter(|path| path.as_os_str() != "-") {
        Some(path) => {
            store::write_export(path, &bytes, false)?;
            // The full path, so the report can be found whatever folder this ran in.
            let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            writeln!(out, "{}", shown.display())?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(())
}
