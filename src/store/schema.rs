//! The session file format: `{"schema_version": N, ...the review...}`, pretty-printed, keys in
//! the order of the review's fields (maps sorted), with a trailing newline.
//!
//! Reading checks `schema_version` before anything else:
//! - missing, not a whole number, or 0: not a session file;
//! - newer than [`SCHEMA_VERSION`]: refused, so an older build never overwrites what it does
//!   not understand;
//! - older: brought up to date by [`migrate`], one version at a time, then read.
//!
//! To change the format: raise [`SCHEMA_VERSION`] and add a step to [`MIGRATIONS`] that turns
//! a file of the previous version into the new one (as JSON, before the review is read).
//!
//! A field added with a serde default and left out while empty (feedback, recommendations,
//! method counts) needs no new version: files that do not use it are written as before, and a
//! file that does has a change-log entry of a kind (`field`) older builds do not know, so they
//! refuse that file rather than read it and save it without the new answers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{SCHEMA_VERSION, check};
use crate::review::{Change, CriterionRecord, Cursor, Details, ItemRecord, Review, ScaleRef};

/// Why file contents are not a review this build can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not a session file, or a damaged one: what is wrong, with line and column where known.
    Unreadable(String),
    /// Written by a newer build.
    Newer(u32),
}

/// One step of migration: turns a file of version N into version N + 1.
type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`. Version 1 is the first format,
/// so there is nothing to migrate yet.
const MIGRATIONS: &[Migration] = &[];

const _: () = assert!(MIGRATIONS.len() + 1 == SCHEMA_VERSION as usize);

#[derive(Serialize)]
struct Versioned<'a> {
    schema_version: u32,
    #[serde(flatten)]
    review: &'a Review,
}

/// Only the version, to decide how to read the rest.
#[derive(Deserialize)]
struct Probe {
    schema_version: Option<Value>,
}

/// The bytes of a session file holding `review`.
pub(crate) fn encode(review: &Review) -> Vec<u8> {
    let versioned = Versioned {
        schema_version: SCHEMA_VERSION,
        review,
    };
    let mut bytes = serde_json::to_vec_pretty(&versioned)
        .expect("a review is plain data: strings, numbers and maps with string or number keys");
    bytes.push(b'\n');
    bytes
}

/// Whether `bytes` begin the way [`encode`] begins a file: `schema_version` first, and the
/// current one. Such a file can be read in one pass, with no probe for its version first.
pub(super) fn in_current_format(bytes: &[u8]) -> bool {
    let header = format!("{{\n  \"schema_version\": {SCHEMA_VERSION},\n");
    bytes.starts_with(header.as_bytes())
}

/// What the listing shows of a session: the review without its change log, cursor and scale,
/// which are passed over unread (but for checking they are JSON). Read in one pass that also
/// refuses a key given twice where the listing reads: at the top (a second `schema_version`
/// could get round the refusal of newer files), among the items and their criteria, and in
/// every record (serde refuses a field given twice). The rest is checked when the file is
/// opened.
#[derive(Deserialize)]
pub(crate) struct Headline {
    pub details: Details,
    #[serde(default, deserialize_with = "unique_items")]
    pub items: BTreeMap<u16, ItemRecord>,
    pub updated: DateTime<Utc>,
    #[serde(default, rename = "schema_version")]
    _version: Option<IgnoredAny>,
    #[serde(default, rename = "scale")]
    _scale: Option<IgnoredAny>,
    #[serde(default, rename = "cursor")]
    _cursor: Option<IgnoredAny>,
    #[serde(default, rename = "created")]
    _created: Option<IgnoredAny>,
    #[serde(default, rename = "log")]
    _log: Option<IgnoredAny>,
}

/// A session file in the current format, read in one pass: the review's fields, with
/// `schema_version` among them so that a second one is refused (serde refuses a field given
/// twice, in every record), and the items and their criteria each given once. Keys the review
/// does not have are passed over. Turned into a [`Review`] field by field, so a field added to
/// the review must be added here.
#[derive(Deserialize)]
struct Stored {
    #[serde(rename = "schema_version")]
    _version: IgnoredAny,
    scale: ScaleRef,
    details: Details,
    #[serde(default, deserialize_with = "unique_items")]
    items: BTreeMap<u16, ItemRecord>,
    cursor: Cursor,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    #[serde(default)]
    previous: Option<crate::review::Previous>,
    #[serde(default)]
    log: Vec<Change>,
    #[serde(default)]
    consensus: Option<crate::review::consensus::Consensus>,
    #[serde(default)]
    recommendations: Vec<crate::review::Recommendation>,
    #[serde(default)]
    method: crate::review::Method,
    #[serde(default)]
    working: crate::review::interview::Working,
    #[serde(default)]
    quick_notes: Vec<crate::review::quick::QuickNote>,
}

impl From<Stored> for Review {
    fn from(stored: Stored) -> Self {
        Review {
            scale: stored.scale,
            details: stored.details,
            items: stored.items,
            cursor: stored.cursor,
            created: stored.created,
            updated: stored.updated,
            previous: stored.previous,
            log: stored.log,
            consensus: stored.consensus,
            recommendations: stored.recommendations,
            method: stored.method,
            working: stored.working,
            quick_notes: stored.quick_notes,
        }
    }
}

/// An item as a session file holds it: an [`ItemRecord`], its criteria each given once.
#[derive(Deserialize)]
struct StoredItem {
    #[serde(default, deserialize_with = "check::unique_map")]
    criteria: BTreeMap<String, CriterionRecord>,
    #[serde(default)]
    final_score: Option<u8>,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    flagged: bool,
    #[serde(default)]
    feedback: String,
    #[serde(default)]
    sources: Vec<String>,
}

/// The items of a session file, each given once, each with its criteria given once.
fn unique_items<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<u16, ItemRecord>, D::Error> {
    let items: BTreeMap<u16, StoredItem> = check::unique_map(deserializer)?;
    Ok(items
        .into_iter()
        .map(|(number, item)| {
            let record = ItemRecord {
                criteria: item.criteria,
                final_score: item.final_score,
                rationale: item.rationale,
                note: item.note,
                flagged: item.flagged,
                feedback: item.feedback,
                sources: item.sources,
            };
            (number, record)
        })
        .collect())
}

/// The headline of a file in the current format, or `None`: the file is then to be read whole,
/// to migrate it or to learn what is wrong with it.
pub(crate) fn decode_headline(bytes: &[u8]) -> Option<Headline> {
    if !in_current_format(bytes) {
        return None;
    }
    let headline: Headline = serde_json::from_slice(bytes).ok()?;
    check::time("updated", &headline.updated).ok()?;
    Some(headline)
}

/// Reads a review from the bytes of a session file, migrating older versions, and checks that
/// no key is given twice and every time is one the calendar has.
pub(crate) fn decode(bytes: &[u8]) -> Result<Review, Problem> {
    let review = decode_shape(bytes)?;
    check::times(&review).map_err(Problem::Unreadable)?;
    Ok(review)
}

/// Reads a review from the bytes of a session file, migrating older versions.
fn decode_shape(bytes: &[u8]) -> Result<Review, Problem> {
    // The usual case, in one pass that also refuses a key given twice. Anything else, a
    // damaged file too, takes the careful way below, which says what is wrong.
    if in_current_format(bytes)
        && let Ok(stored) = serde_json::from_slice::<Stored>(bytes)
    {
        return Ok(stored.into());
    }
    check::no_repeated_keys(bytes).map_err(Problem::Unreadable)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Unreadable("the file is empty".into()));
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Eof => {
            Problem::Unreadable(format!("the file ends too early, as if cut short ({e})"))
        }
        serde_json::error::Category::Data => Problem::Unreadable(format!(
            "it is JSON but not a session file: expected an object with schema_version ({e})"
        )),
        _ => Problem::Unreadable(format!("it is not valid JSON ({e})")),
    })?;
    let is_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !is_object {
        return Err(Problem::Unreadable(
            "it is JSON but not a session file: expected an object with schema_version".into(),
        ));
    }
    let version = version_of(probe.schema_version)?;
    if version > SCHEMA_VERSION {
        return Err(Problem::Newer(version));
    }
    let wrong_fields = |e: serde_json::Error| {
        Problem::Unreadable(format!("a field does not hold what a session needs ({e})"))
    };
    if version == SCHEMA_VERSION {
        // Straight from the bytes, so errors carry a line and column.
        return serde_json::from_slice(bytes).map_err(wrong_fields);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(wrong_fields)?;
    let value = migrate(value, version).map_err(|problem| {
        Problem::Unreadable(format!(
            "it could not be brought up from session format {version}: {problem}"
        ))
    })?;
    serde_json::from_value(value).map_err(wrong_fields)
}

fn version_of(value: Option<Value>) -> Result<u32, Problem> {
    let not_a_session = |why: String| {
        Problem::Unreadable(format!("it is not a fidelity-review session file ({why})"))
    };
    let value = value.ok_or_else(|| not_a_session("it has no schema_version".into()))?;
    let version = value
        .as_u64()
        .ok_or_else(|| not_a_session(format!("schema_version is {value}, not a whole number")))?;
    match u32::try_from(version) {
        Ok(0) => Err(not_a_session("schema_version is 0".into())),
        Ok(version) => Ok(version),
        Err(_) => Err(Problem::Newer(u32::MAX)),
    }
}

/// Brings a file of version `from` (at least 1) up to [`SCHEMA_VERSION`], one step at a time.
fn migrate(mut value: Value, from: u32) -> Result<Value, String> {
    for step in &MIGRATIONS[(from as usize - 1)..] {
        value = step(value)?;
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("schema_version".into(), SCHEMA_VERSION.into());
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_decides_how_a_file_is_read() {
        assert_eq!(
            decode(br#"{"schema_version": 99}"#),
            Err(Problem::Newer(99))
        );
        assert_eq!(
            decode(br#"{"schema_version": 99999999999}"#),
            Err(Problem::Newer(u32::MAX))
        );
        for text in [
            r#"{}"#,
            r#"{"schema_version": 0}"#,
            r#"{"schema_version": "1"}"#,
            "[1]",
        ] {
            let Err(Problem::Unreadable(problem)) = decode(text.as_bytes()) else {
                panic!("{text} was read");
            };
            assert!(problem.contains("not a"), "{text}: {problem}");
        }
    }

    #[test]
    fn problems_name_the_line_and_column() {
        let Err(Problem::Unreadable(problem)) =
            decode(b"{\n  \"schema_version\": 1,\n  \"scale\": 5\n}")
        else {
            panic!("read");
        };
        assert!(problem.contains("line 3"), "{problem}");
    }

    #[test]
    fn files_this_build_writes_are_recognised_as_the_current_format() {
        let review: Review = serde_json::from_value(serde_json::json!({
            "scale": {"id": "s", "version": "1", "content_hash": "h"},
            "details": {"team": "T", "date": "2026-11-23", "kind": "external"},
            "cursor": {"item": 1},
            "created": "2026-11-23T09:00:00Z",
            "updated": "2026-11-23T09:00:00Z"
        }))
        .unwrap();
        let bytes = encode(&review);
        assert!(in_current_format(&bytes));
        assert_eq!(decode(&bytes), Ok(review));
        assert!(!in_current_format(br#"{"schema_version": 1}"#));
        assert!(!in_current_format(b"{\n  \"schema_version\": 10,\n"));
    }

    #[test]
    fn migrating_from_the_current_version_changes_nothing() {
        let value = serde_json::json!({"schema_version": 1, "a": [1, 2]});
        assert_eq!(migrate(value.clone(), SCHEMA_VERSION), Ok(value));
    }
}
