//! The review side of the domain: a review's answers, scoring and the summary. Pure code: no
//! I/O, no terminal; times are passed in.

pub mod agreement;
pub mod consensus;
pub mod model;
pub mod scoring;
pub mod sheet;
pub mod slug;
pub mod summary;

pub use model::{
    Change, CriterionRecord, Cursor, Details, Field, Finding, ItemRecord, RatingError, Review,
    ReviewKind, ScaleRef,
};
pub use scoring::{Counts, ItemScore, Progress, Suggestion};
pub use slug::slug;
pub use summary::Summary;
