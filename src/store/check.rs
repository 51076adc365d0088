//! What a session file must hold beyond its shape: no key twice in one object, and times the
//! calendar has. A file that breaks either is refused with the key or field named.
//!
//! JSON readers keep the last of two equal keys without a word, so a file with `schema_version`
//! twice could slip past the refusal of newer files, and an item given twice would silently
//! lose one. Every object of the file is checked for a repeated key before it is read.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, Utc};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::review::Review;

/// The years a time in a session may fall in: what the calendar of the file format (RFC 3339,
/// four-digit years) holds, and every local time zone can show.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// `Ok` when no object in the JSON `bytes` has a key twice; else which key, with its line and
/// column. Malformed JSON is left for the reader proper to describe.
pub(crate) fn no_repeated_keys(bytes: &[u8]) -> Result<(), String> {
    match serde_json::from_slice::<Checked>(bytes) {
        Err(error) if error.classify() == serde_json::error::Category::Data => {
            Err(error.to_string())
        }
        _ => Ok(()),
    }
}

/// Any JSON value, read only to check its objects' keys.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckVisitor)
    }
}

struct CheckVisitor;

impl<'de> Visitor<'de> for CheckVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut keys = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            map.next_value::<Checked>()?;
            if !keys.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} is given twice in one object, the second time"
                )));
            }
        }
        Ok(Checked)
    }
}

/// An object's key, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_str<E>(self, key: &str) -> Result<Key, E> {
                Ok(Key(key.to_owned()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// `Ok` when every time in the review is one the calendar has; else which field holds what.
pub(crate) fn times(review: &Review) -> Result<(), String> {
    time("created", &review.created)?;
    time("updated", &review.updated)?;
    for (index, change) in review.log.iter().enumerate() {
        time(&format!("log entry {} (at)", index + 1), &change.at)?;
    }
    Ok(())
}

/// `Ok` when `at` falls in [`YEARS`].
pub(crate) fn time(field: &str, at: &DateTime<Utc>) -> Result<(), String> {
    if YEARS.contains(&at.year()) {
        Ok(())
    } else {
        Err(format!(
            "{field} is {}, a time no review can have (years {} to {})",
            at.to_rfc3339(),
            YEARS.start(),
            YEARS.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_found_at_any_depth() {
        assert!(no_repeated_keys(br#"{"a": 1, "b": {"c": [1, {"d": 2}]}}"#).is_ok());
        let twice = no_repeated_keys(b"{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(
            twice.contains("\"a\" is given twice") && twice.contains("line 2"),
            "{twice}"
        );
        let deep = no_repeated_keys(br#"{"items": {"1": {"x": [{"k": 1, "k": 1}]}}}"#);
        assert!(deep.unwrap_err().contains("\"k\""));
        // Malformed JSON is for the reader to describe.
        assert!(no_repeated_keys(b"{\"a\": ").is_ok());
    }

    #[test]
    fn times_beyond_the_calendar_are_named() {
        let far = DateTime::<Utc>::MAX_UTC;
        let problem = time("updated", &far).unwrap_err();
        assert!(problem.starts_with("updated is +262"), "{problem}");
        assert!(time("created", &"2026-11-23T09:00:00Z".parse().unwrap()).is_ok());
    }
}
