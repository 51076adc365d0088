//! The review side of the domain: a review's answers, scoring and the summary. Pure code: no
//! I/O, no terminal; times are passed in.

pub mod details;
pub mod interview;
pub mod model;
pub mod quick;
pub mod rationale;
pub mod scoring;
pub mod sources;
pub mod summary;
pub mod text;
pub mod undo;

pub use model::{
    Change, CriterionRecord, Cursor, Details, Field, Finding, ItemRecord, RatingError, Review,
    ReviewKind, ScaleRef,
};
pub use scoring::{Counts, ItemScore, Progress, Suggestion};
pub use summary::Summary;
