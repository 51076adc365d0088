//! The review side of the domain: a review's answers, scoring and the summary, what would lift
//! a score, and what the team is told and asked to do. Pure code: no I/O, no terminal; times
//! are passed in.

pub mod agreement;
pub mod compare;
pub mod consensus;
pub mod details;
pub mod interview;
pub mod lift;
pub mod limits;
pub mod model;
pub mod plan;
pub mod previous;
pub mod programme;
pub mod quick;
pub mod rationale;
pub mod reference;
pub mod scoring;
pub mod sheet;
pub mod slug;
pub mod sources;
pub mod stats;
pub mod summary;
pub mod text;
pub mod undo;

pub use compare::{CompareError, Comparison};
pub use lift::{Draft, Lift};
pub use limits::{MAX_FILE_BYTES, MAX_TEXT_BYTES, TextTooLong, check_text};
pub use model::{
    Change, CriterionRecord, Cursor, Details, Field, Finding, ItemRecord, RatingError, Review,
    ReviewKind, ScaleRef,
};
pub use plan::{Method, PlanError, Recommendation, Status};
pub use previous::Previous;
pub use programme::{Pick, Programme, Scorecard};
pub use scoring::{Counts, ItemScore, Progress, Suggestion};
pub use slug::slug;
pub use summary::Summary;
