//! Quick notes: written at once during an interview, before the reviewer knows which item they
//! belong to, stamped with the time and the source being interviewed; attached later to a
//! criterion or an item, or kept at review level.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Field, NOTE_EDIT_WINDOW, Review};

/// One quick note. Its stamp names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickNote {
    pub at: DateTime<Utc>,
    /// The code of the source being interviewed when it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub text: String,
    /// Where it belongs, once attached; `None`: the review as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// A criterion (`criterion` set) or an item a quick note is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub item: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
}

impl Place {
    /// `12`, or `12b` for a criterion; "" for none.
    pub fn label(place: Option<&Place>) -> String {
        match place {
            Some(p) => format!("{}{}", p.item, p.criterion.as_deref().unwrap_or("")),
            None => String::new(),
        }
    }

    /// The place a label names, back: `12b`, `12`; "" is none.
    pub fn parse(label: &str) -> Option<Place> {
        let split = label
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(label.len());
        let item = label[..split].parse().ok()?;
        let criterion = (split < label.len()).then(|| label[split..].to_owned());
        Some(Place { item, criterion })
    }
}

impl Review {
    /// The quick note stamped `at`.
    pub fn quick_note(&self, at: DateTime<Utc>) -> Option<&QuickNote> {
        self.quick_notes.iter().find(|q| q.at == at)
    }

    /// Writes the quick note stamped `at`: a new one (tagged with the source being
    /// interviewed) or new text for it. Returns whether anything changed. Edits in a row are
    /// one entry of the log, as for other notes; an emptied new note is dropped.
    pub fn write_quick_note(&mut self, at: DateTime<Utc>, text: &str, now: DateTime<Utc>) -> bool {
        let old = match self.quick_notes.iter_mut().find(|q| q.at == at) {
            Some(note) if note.text == text => return false,
            Some(note) => std::mem::replace(&mut note.text, text.to_owned()),
            None if text.is_empty() => return false,
            None => {
                let source = self.working.source.clone();
                self.quick_notes.push(QuickNote {
                    at,
                    source,
                    text: text.to_owned(),
                    place: None,
                });
                String::new()
            }
        };
        if text.is_empty() {
            self.quick_notes.retain(|q| q.at != at);
        }
        if let Some(last) = self.log.last_mut()
            && last.field == Field::QuickNote
            && last.quick == Some(at)
            && last.reverts.is_none()
            && now.signed_duration_since(last.at) <= NOTE_EDIT_WINDOW
        {
            last.at = now;
            text.clone_into(&mut last.new);
            self.updated = now;
            return true;
        }
        self.record(now, None, None, Field::QuickNote, old, text.to_owned());
        if let Some(last) = self.log.last_mut() {
            last.quick = Some(at);
        }
        true
    }

    /// Attaches the quick note stamped `at` to `place` (`None`: back to the review as a
    /// whole). Returns whether anything changed.
    pub fn place_quick_note(
        &mut self,
        at: DateTime<Utc>,
        place: Option<Place>,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(note) = self.quick_notes.iter_mut().find(|q| q.at == at) else {
            return false;
        };
        if note.place == place {
            return false;
        }
        let old = Place::label(note.place.as_ref());
        let new = Place::label(place.as_ref());
        note.place = place;
        self.record(now, None, None, Field::QuickNotePlace, old, new);
        if let Some(last) = self.log.last_mut() {
            last.quick = Some(at);
        }
        true
    }

    /// Puts back a quick note's text or place as a log entry had it before (for undo).
    pub(super) fn put_quick(&mut self, field: Field, at: DateTime<Utc>, old: &str) {
        match field {
            Field::QuickNote if old.is_empty() => self.quick_notes.retain(|q| q.at != at),
            Field::QuickNote => match self.quick_notes.iter_mut().find(|q| q.at == at) {
                Some(note) => old.clone_into(&mut note.text),
                None => {
                    self.quick_notes.push(QuickNote {
                        at,
                        source: None,
                        text: old.to_owned(),
                        place: None,
                    });
                    self.quick_notes.sort_by_key(|q| q.at);
                }
            },
            Field::QuickNotePlace => {
                if let Some(note) = self.quick_notes.iter_mut().find(|q| q.at == at) {
                    note.place = Place::parse(old);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_back_as_written() {
        for label in ["12b", "3", "25ab"] {
            assert_eq!(Place::label(Place::parse(label).as_ref()), label);
        }
        assert_eq!(Place::parse(""), None);
    }
}
