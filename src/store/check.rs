//! What a session file must hold beyond its shape: no key twice in one object, and times the
//! calendar has. A file that breaks either is refused with the key or field named.
//!
//! JSON readers keep the last of two equal keys without a word, so a file with `schema_version`
//! twice could slip past the refusal of newer files, and an item given twice would silently
//! lose one. Every object of the file is checked for a repeated key before it is read.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::marker::PhantomData;

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

/// A JSON object read as a map, refusing a key given twice (for the listing's one pass: see
/// `schema::Headline`).
pub(crate) fn unique_map<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct MapVisitor<K, V>(PhantomData<(K, V)>);
    impl<'de, K, V> Visitor<'de> for MapVisitor<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<K>()? {
                let value = map.next_value::<V>()?;
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format!(
                        "the key \"{key}\" is given twice in one object, the second time"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

/// Adds `key` to the keys seen; the error if it was there.
fn twice<'de, E: de::Error>(keys: &mut Keys<'de>, key: Cow<'de, str>) -> Result<(), E> {
    if keys.insert(key.clone()) {
        Ok(())
    } else {
        Err(E::custom(format!(
            "the key {key:?} is given twice in one object, the second time"
        )))
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
        let mut keys = Keys::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            map.next_value::<Checked>()?;
            twice(&mut keys, key)?;
        }
        Ok(Checked)
    }
}

/// The keys of one object seen so far: a short list for the few keys objects usually have, a
/// hash set once there are many (so a hostile object of a million keys costs no more than
/// reading it).
#[derive(Default)]
struct Keys<'de> {
    few: Vec<Cow<'de, str>>,
    many: HashSet<Cow<'de, str>>,
}

impl<'de> Keys<'de> {
    const FEW: usize = 32;

    /// Adds `key`; false if it was there.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if self.many.is_empty() && self.few.len() < Self::FEW {
            if self.few.contains(&key) {
                return false;
            }
            self.few.push(key);
            return true;
        }
        if self.many.is_empty() {
            self.many.extend(self.few.drain(..));
        }
        self.many.insert(key)
    }
}

/// An object's key, borrowed from the file where it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
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
        // Many keys, and one of them twice.
        let mut many = String::from("{");
        for n in 0..1000 {
            many.push_str(&format!("\"k{n}\": {n}, "));
        }
        assert!(no_repeated_keys(format!("{many}\"k999\": 1}}").as_bytes()).is_err());
        assert!(no_repeated_keys(format!("{many}\"k1000\": 1}}").as_bytes()).is_ok());
        // Malformed JSON is for the reader to describe.
        assert!(no_repeated_keys(b"{\"a\": ").is_ok());
        // One map read with the check.
        let map = |text: &str| {
            let mut de = serde_json::Deserializer::from_str(text);
            unique_map::<_, u16, u8>(&mut de).map_err(|e| e.to_string())
        };
        assert_eq!(map(r#"{"1": 2, "3": 4}"#).unwrap().len(), 2);
        assert!(
            map(r#"{"1": 2, "1": 4}"#)
                .unwrap_err()
                .contains("\"1\" is given twice")
        );
    }

    #[test]
    fn times_beyond_the_calendar_are_named() {
        let far = DateTime::<Utc>::MAX_UTC;
        let problem = time("updated", &far).unwrap_err();
        assert!(problem.starts_with("updated is +262"), "{problem}");
        assert!(time("created", &"2026-11-23T09:00:00Z".parse().unwrap()).is_ok());
    }
}
