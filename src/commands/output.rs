//! How commands write: JSON for scripts, warnings for people, and a closed pipe taken calmly.
//!
//! Every JSON object a command prints carries `"format"` ([`JSON_FORMAT`]) so scripts can rely
//! on its shape; a list stays a list, and each object in it carries the field. Strings are
//! written with every control, bidi and invisible format character as a `\uXXXX` escape, so a
//! script that prints a field prints nothing that acts on a terminal.

use std::io::{self, Write};

use serde::Serialize;

use super::Failure;
use crate::report;

/// The version of the shape of every JSON object the commands print.
pub const JSON_FORMAT: u32 = 1;

/// An object with `format` first and the value's own fields after it.
#[derive(Serialize)]
struct Versioned<'a, T: ?Sized> {
    format: u32,
    #[serde(flatten)]
    value: &'a T,
}

/// Prints `value`, which serialises as an object, with `"format"` added.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    print_json(
        out,
        &Versioned {
            format: JSON_FORMAT,
            value,
        },
    )
}

/// Prints `items`, each serialising as an object, as a list; each object gets `"format"`.
pub fn write_json_list<T: Serialize>(out: &mut dyn Write, items: &[T]) -> Result<(), Failure> {
    let items: Vec<Versioned<'_, T>> = items
        .iter()
        .map(|value| Versioned {
            format: JSON_FORMAT,
            value,
        })
        .collect();
    print_json(out, &items)
}

fn print_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{}", report::json::escape_unsafe(&text))?;
    Ok(())
}

/// Tells the user something on standard error, made inert. A standard error that cannot be
/// written to (closed, or a full disk) loses the warning rather than stopping the command.
pub fn warn(message: &str) {
    let _ = writeln!(
        io::stderr(),
        "fidelity-review: warning: {}",
        report::inert(message)
    );
}
