//! The review side of the domain: a review's answers, scoring and the summary. Pure code: no
//! I/O, no terminal; times are passed in.

pub mod compare;
pub mod model;
pub mod previous;
pub mod programme;
pub mod reference;
pub mod scoring;
pub mod stats;
pub mod summary;

pub use compare::{CompareError, Comparison};
pub use model::{
    Change, CriterionRecord, Cursor, Details, Field, Finding, ItemRecord, RatingError, Review,
    ReviewKind, ScaleRef,
};
pub use previous::Previous;
pub use programme::{Pick, Programme, Scorecard};
pub use scoring::{Counts, ItemScore, Progress, Suggestion};
pub use summary::Summary;
