//! The content model: a scale, its domains, items, criteria, anchors and guidance.
//!
//! These are the validated, in-memory types. The file format lives in [`super::pack`], which
//! turns pack files into a [`Scale`] or a list of problems.

use serde::Serialize;

/// A fidelity scale: the content a review is carried out against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// Short stable id, e.g. `core-crt`.
    pub id: String,
    pub name: String,
    pub version: String,
    pub rating: RatingRange,
    pub evidence_sources: Vec<EvidenceSource>,
    pub domains: Vec<Domain>,
    /// Sorted by number, numbers unique.
    pub items: Vec<Item>,
    pub bands: Bands,
    /// Who wrote the scale, and on what terms it may be used.
    pub attribution: String,
    /// The scale's own notice on its use, as the pack records it.
    pub permission: Option<String>,
    /// Where the scale and the pack's wording come from, with their addresses.
    pub sources: Vec<SourceLink>,
    pub introduction: Option<Introduction>,
    /// A hash of every file of the pack; a review is pinned to it.
    pub content_hash: String,
}

/// The lowest and highest score an item can get (1–5 on CORE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RatingRange {
    pub min: u8,
    pub max: u8,
}

impl RatingRange {
    pub fn contains(self, score: u8) -> bool {
        (self.min..=self.max).contains(&score)
    }

    /// Every score of the range, lowest first.
    pub fn scores(self) -> impl DoubleEndedIterator<Item = u8> {
        self.min..=self.max
    }
}

/// Where a finding comes from, e.g. `M` manager interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceSource {
    pub code: String,
    pub name: String,
}

/// A published source of the scale or of the pack's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    pub name: String,
    /// A web address, as the source gives it (e.g. `ucl.ac.uk/core-study`).
    pub address: String,
}

/// A group of items (a sub-scale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
}

/// One item of the scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub number: u16,
    /// The short title shown on screen.
    pub title: String,
    /// The scale's longer title, where it differs from the short one.
    pub scale_title: Option<String>,
    /// The id of one of the scale's domains.
    pub domain: String,
    /// Evidence source codes the scale names for this item (often unknown, so empty).
    pub evidence: Vec<String>,
    /// Something that must hold before the criteria are considered.
    pub precondition: Option<String>,
    /// In order `a`, `b`, …; empty for an item that is rated directly.
    pub criteria: Vec<Criterion>,
    /// How many criteria met give each score; `None` for an item rated directly.
    pub anchors: Option<Anchors>,
    pub guidance: Vec<Section>,
    pub provenance: Provenance,
    /// For an imported item: the name of the saved page its wording was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

impl Item {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// True when the reviewer gives the score directly, with no criteria to count.
    pub fn is_rated_directly(&self) -> bool {
        self.anchors.is_none()
    }
}

/// One criterion of an item: `a) The team …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    /// Scoring guidance for this criterion alone (e.g. what "partly met" means).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
}

/// The score each number of criteria met gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchors {
    /// True where the anchors are not the scale's own but a stand-in rule.
    pub provisional: bool,
    /// `by_count[n]` is the score for `n` criteria met; one entry for every count from 0 to the
    /// number of criteria.
    pub by_count: Vec<u8>,
}

impl Anchors {
    /// The score for `met` criteria met, if that count is scored.
    pub fn score_for(&self, met: usize) -> Option<u8> {
        self.by_count.get(met).copied()
    }

    /// The counts of criteria met that give `score`, lowest first.
    pub fn counts_for(&self, score: u8) -> Vec<usize> {
        (0..self.by_count.len())
            .filter(|&n| self.by_count[n] == score)
            .collect()
    }
}

/// Where the wording of an item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Copied word for word from the published resource pack.
    Verbatim,
    /// Written in the pack's own words from facts about the scale.
    Summary,
    /// The wording was not available: a title only, to be rated directly.
    Placeholder,
    /// Read word for word from a saved page a team imported into its copy of the pack.
    Imported,
}

impl Provenance {
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Verbatim => "verbatim",
            Provenance::Summary => "summary",
            Provenance::Placeholder => "placeholder",
            Provenance::Imported => "imported",
        }
    }
}

/// A headed part of guidance text ("Why this is important", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Section {
    pub heading: String,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// One block of guidance text, kept as the page had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    Subheading(String),
    Bullets(Vec<String>),
    Quote(String),
}

/// The introduction to the scale ("How to use the Resource Pack").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Introduction {
    pub title: String,
    pub provenance: Provenance,
    pub sections: Vec<Section>,
}

/// Fidelity bands on the mean item score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub provisional: bool,
    /// Ordered from the lowest band up; each band's upper bound is above the one before.
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub name: String,
    pub upper: Bound,
}

/// The upper bound of a band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Means strictly below this value.
    Below(f64),
    /// Means up to and including this value.
    UpTo(f64),
}

impl Bound {
    fn admits(self, mean: f64) -> bool {
        match self {
            Bound::Below(limit) => mean < limit,
            Bound::UpTo(limit) => mean <= limit,
        }
    }

    pub fn value(self) -> f64 {
        match self {
            Bound::Below(v) | Bound::UpTo(v) => v,
        }
    }
}

impl Bands {
    /// The band a mean item score falls in (the highest band for a mean above every bound).
    pub fn band_for(&self, mean: f64) -> Option<&Band> {
        self.bands
            .iter()
            .find(|band| band.upper.admits(mean))
            .or(self.bands.last())
    }
}

impl Scale {
    /// The item with this number.
    pub fn item(&self, number: u16) -> Option<&Item> {
        self.items
            .binary_search_by_key(&number, |item| item.number)
            .ok()
            .map(|index| &self.items[index])
    }

    /// The position of an item in [`Scale::items`].
    pub fn index_of(&self, number: u16) -> Option<usize> {
        self.items
            .binary_search_by_key(&number, |item| item.number)
            .ok()
    }

    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    /// The items of one domain, in order.
    pub fn items_in<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |item| item.domain == domain)
    }

    pub fn evidence_source(&self, code: &str) -> Option<&EvidenceSource> {
        self.evidence_sources.iter().find(|s| s.code == code)
    }

    /// Lowest and highest possible total (39–195 on CORE).
    pub fn total_range(&self) -> (u32, u32) {
        let n = self.items.len() as u32;
        (
            n * u32::from(self.rating.min),
            n * u32::from(self.rating.max),
        )
    }
}
