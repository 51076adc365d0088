//! Exports: Markdown, CSV and JSON reports of a review. Knows nothing of the terminal.
