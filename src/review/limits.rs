//! How much a review may hold: one place for the limits the writer and the reader share, so
//! that what the app saves it can always open again.
//!
//! - A note or rationale holds at most [`MAX_TEXT_BYTES`]; the checked setters
//!   ([`Review::try_set_note`], [`Review::try_set_item_note`], [`Review::set_final_score`])
//!   refuse more, and an editor can ask [`check_text`] as text is typed or pasted, to tell the
//!   person at once.
//! - A review file is at most [`MAX_FILE_BYTES`]; the store refuses to read a larger one, and
//!   refuses to save a review that would make one (the answers stay in memory, the save is
//!   reported as failed with the reason).
//!
//! [`Review::try_set_note`]: super::Review::try_set_note
//! [`Review::try_set_item_note`]: super::Review::try_set_item_note
//! [`Review::set_final_score`]: super::Review::set_final_score

/// The longest note or rationale, in bytes of UTF-8: about 50 pages of text.
pub const MAX_TEXT_BYTES: usize = 100_000;

/// The largest review file that is read or written. A full review is well under a megabyte.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A note or rationale over [`MAX_TEXT_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this text is {} KB, and a note holds at most {} KB: it was not kept; shorten it",
    bytes.div_ceil(1000),
    MAX_TEXT_BYTES / 1000
)]
pub struct TextTooLong {
    /// The length of the text refused, in bytes.
    pub bytes: usize,
}

/// `Ok` when `text` fits in a note or rationale.
pub fn check_text(text: &str) -> Result<(), TextTooLong> {
    if text.len() > MAX_TEXT_BYTES {
        Err(TextTooLong { bytes: text.len() })
    } else {
        Ok(())
    }
}

/// `Ok` when every final score in `items` is in the scale's rating range; else which item
/// holds what. A score outside the range would be summed into a total no review can have.
pub fn check_final_scores(
    items: &std::collections::BTreeMap<u16, super::ItemRecord>,
    rating: crate::scale::RatingRange,
) -> Result<(), String> {
    for (number, record) in items {
        if let Some(score) = record.final_score
            && !rating.contains(score)
        {
            return Err(format!(
                "item {number}: final_score is {score}, outside the rating range {}–{}",
                rating.min, rating.max
            ));
        }
    }
    Ok(())
}

/// How many more bytes a note of `text` can take.
pub fn room_left(text: &str) -> usize {
    MAX_TEXT_BYTES.saturating_sub(text.len())
}
