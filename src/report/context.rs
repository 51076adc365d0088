//! Figures a review's total can be read against: for the CORE CRT scale, the UK survey of the
//! teams reviewed in 2014. Only shown for the scale they were measured on.

use crate::scale::Scale;

/// The distribution of total scores over many teams' reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    /// What it is, for a reader.
    pub name: &'static str,
    /// Where it was published.
    pub source: &'static str,
    pub teams: u32,
    pub median: u32,
    /// The lower and upper quartiles.
    pub iqr: (u32, u32),
    pub range: (u32, u32),
}

/// The UK survey of 75 crisis resolution teams reviewed in 2014 with the CORE CRT Fidelity
/// Scale: median total 122, IQR 111–132, range 73–151 (Lamb et al., International Journal of
/// Mental Health Nursing; repository.essex.ac.uk/25545).
pub const UK_2014: Survey = Survey {
    name: "UK survey of crisis teams reviewed in 2014",
    source: "Lamb et al., International Journal of Mental Health Nursing (repository.essex.ac.uk/25545)",
    teams: 75,
    median: 122,
    iqr: (111, 132),
    range: (73, 151),
};

/// The survey a review of `scale` can be read against, if any: the figures hold only for the
/// 39 items of the CORE CRT scale, version 2.
pub fn survey_for(scale: &Scale) -> Option<&'static Survey> {
    (scale.id == "core-crt" && scale.version == "2" && scale.items.len() == 39).then_some(&UK_2014)
}

impl Survey {
    /// Where a total falls, in words: "above the upper quartile", etc.
    pub fn place_of(&self, total: u32) -> &'static str {
        if total < self.range.0 {
            "below the lowest total in the survey"
        } else if total > self.range.1 {
            "above the highest total in the survey"
        } else if total < self.iqr.0 {
            "in the lowest quarter of the survey's teams"
        } else if total > self.iqr.1 {
            "in the highest quarter of the survey's teams"
        } else if total < self.median {
            "in the middle half of the survey's teams, below the median"
        } else if total > self.median {
            "in the middle half of the survey's teams, above the median"
        } else {
            "at the survey's median"
        }
    }
}
