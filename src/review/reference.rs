//! Published figures a programme's reviews can be set against, one table for every scale that
//! has any. A programme view shows the reference of its scale, if there is one.

use serde::Serialize;

/// Totals from a published survey of teams reviewed on one scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reference {
    /// The scale (pack id and version) the survey used.
    #[serde(skip)]
    pub scale: (&'static str, &'static str),
    pub name: &'static str,
    /// Teams reviewed.
    pub teams: u32,
    pub median_total: u32,
    /// First and third quartile of the totals.
    pub iqr: [u32; 2],
    /// Lowest and highest total.
    pub range: [u32; 2],
}

/// Every reference known.
pub static REFERENCES: &[Reference] = &[Reference {
    scale: ("core-crt", "2"),
    name: "UK survey 2014",
    teams: 75,
    median_total: 122,
    iqr: [111, 132],
    range: [73, 151],
}];

/// The reference for a scale, by its id and version.
pub fn for_scale(id: &str, version: &str) -> Option<&'static Reference> {
    REFERENCES
        .iter()
        .find(|r| r.scale.0 == id && r.scale.1 == version)
}
