//! Checking that reviewer copies can make one consensus, and working out its details.

use chrono::NaiveDate;

use super::SourceReview;
use crate::review::model::{Details, ReviewKind, ScaleRef};
use crate::scale::Scale;

/// Why no consensus can be made of these reviews.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsensusError {
    #[error("a consensus is made of 2 or 3 reviews; {0} given")]
    Count(usize),
    #[error(
        "{id} is a review of {found}, not of {expected}; a consensus needs one scale and version"
    )]
    OtherScale {
        id: String,
        found: String,
        expected: String,
    },
    #[error("{0} is given twice")]
    Repeated(String),
    #[error("the reviews differ in {field} ({values}); give --{field} to settle it")]
    Differ { field: &'static str, values: String },
}

/// The details of the consensus to be made, and what the user should be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub details: Details,
    /// Differences named but not blocking (another content hash, organisation, kind).
    pub warnings: Vec<String>,
    /// Differences in team or date, settled by the first source unless given.
    pub mismatches: Vec<ConsensusError>,
}

/// Checks that `sources` can make one consensus and works out its details: team and date from
/// the sources unless given, organisation from the first that names one, reviewers all of
/// theirs. A source of another scale id or version is refused; another content hash is named.
pub fn plan(
    scale: &Scale,
    sources: &[SourceReview],
    team: Option<&str>,
    date: Option<NaiveDate>,
) -> Result<Plan, ConsensusError> {
    if !(2..=super::MAX_SOURCES).contains(&sources.len()) {
        return Err(ConsensusError::Count(sources.len()));
    }
    let first = &sources[0].review;
    let label = |r: &ScaleRef| format!("{} version {}", r.id, r.version);
    let mut warnings = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        if sources[..i]
            .iter()
            .any(|o| o.sha256 == s.sha256 || o.path == s.path)
        {
            return Err(ConsensusError::Repeated(s.id.clone()));
        }
        let r = &s.review.scale;
        if r.id != scale.id || r.version != scale.version {
            return Err(ConsensusError::OtherScale {
                id: s.id.clone(),
                found: label(r),
                expected: label(&ScaleRef::of(scale)),
            });
        }
        if r.content_hash != first.scale.content_hash {
            warnings.push(format!(
                "{} was made with other content of {} (content {}, not {} as {})",
                s.id,
                label(r),
                short(&r.content_hash),
                short(&first.scale.content_hash),
                sources[0].id
            ));
        }
    }
    let values = |get: &dyn Fn(&Details) -> String| {
        sources
            .iter()
            .map(|s| format!("{}: {}", s.id, get(&s.review.details)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let differs = |get: &dyn Fn(&Details) -> String| {
        sources
            .iter()
            .any(|s| get(&s.review.details) != get(&first.details))
    };
    let mut mismatches = Vec::new();
    let team_of = |d: &Details| d.team.trim().to_owned();
    if team.is_none() && differs(&team_of) {
        mismatches.push(ConsensusError::Differ {
            field: "team",
            values: values(&team_of),
        });
    }
    let date_of = |d: &Details| d.date.to_string();
    if date.is_none() && differs(&date_of) {
        mismatches.push(ConsensusError::Differ {
            field: "date",
            values: values(&date_of),
        });
    }
    let organisation_of = |d: &Details| d.organisation.trim().to_owned();
    let organisation = sources
        .iter()
        .map(|s| organisation_of(&s.review.details))
        .find(|o| !o.is_empty())
        .unwrap_or_default();
    if sources.iter().any(|s| {
        let o = organisation_of(&s.review.details);
        !o.is_empty() && o != organisation
    }) {
        warnings.push(format!(
            "the reviews differ in organisation ({}); {organisation:?} is kept",
            values(&organisation_of)
        ));
    }
    let kind_of = |d: &Details| d.kind.label().to_owned();
    let kind = if differs(&kind_of) {
        warnings.push(format!(
            "the reviews differ in kind ({}); the consensus is kept as an external review",
            values(&kind_of)
        ));
        ReviewKind::External
    } else {
        first.details.kind
    };
    let mut reviewers: Vec<String> = Vec::new();
    for s in sources {
        for name in &s.review.details.reviewers {
            if !reviewers.contains(name) {
                reviewers.push(name.clone());
            }
        }
    }
    Ok(Plan {
        details: Details {
            team: team.map_or_else(|| first.details.team.clone(), str::to_owned),
            organisation,
            date: date.unwrap_or(first.details.date),
            reviewers,
            kind,
        },
        warnings,
        mismatches,
    })
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
