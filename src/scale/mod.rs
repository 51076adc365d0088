//! The scale side of the domain: the content model, content packs (loading and validation) and
//! the importer for saved resource-pack pages. Knows nothing of the terminal or of reviews.

pub mod import;
pub mod model;
pub mod pack;

pub use model::{
    Anchors, Band, Bands, Block, Bound, Criterion, Domain, EvidenceSource, Introduction, Item,
    Provenance, RatingRange, Scale, Section, SourceLink,
};
pub use pack::{PackError, Problem};
