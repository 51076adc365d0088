//! The pack's file format: the TOML structures of the manifest, the introduction and an item,
//! as read (with spans, for placing problems) and as written.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::scale::model::{Item, Provenance, Section, SourceLink};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ManifestFile {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) attribution: String,
    /// The scale's own notice on its use.
    pub(super) permission: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<SourceLink>,
    pub(super) rating: Spanned<RatingFile>,
    /// The introduction's file, relative to the pack.
    pub(super) introduction: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) evidence_sources: Vec<EvidenceSourceFile>,
    pub(super) domains: Vec<DomainFile>,
    pub(super) bands: BandsFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RatingFile {
    pub(super) min: u8,
    pub(super) max: u8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EvidenceSourceFile {
    pub(super) code: Spanned<String>,
    pub(super) name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainFile {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BandsFile {
    pub(super) provisional: bool,
    pub(super) band: Vec<Spanned<BandFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BandFile {
    pub(super) name: String,
    pub(super) below: Option<f64>,
    pub(super) up_to: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IntroductionFile {
    pub(super) title: Spanned<String>,
    pub(super) provenance: Provenance,
    #[serde(default)]
    pub(super) sections: Vec<Section>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ItemFile {
    pub(super) number: Spanned<u16>,
    pub(super) title: Spanned<String>,
    pub(super) scale_title: Option<String>,
    pub(super) domain: Spanned<String>,
    pub(super) provenance: Spanned<Provenance>,
    /// For an imported item, the saved page it was read from.
    pub(super) imported_from: Option<String>,
    #[serde(default)]
    pub(super) evidence: Vec<Spanned<String>>,
    pub(super) precondition: Option<String>,
    #[serde(default)]
    pub(super) criteria: Vec<CriterionFile>,
    pub(super) anchors: Option<Spanned<AnchorsFile>>,
    #[serde(default)]
    pub(super) guidance: Vec<Section>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriterionFile {
    pub(super) id: Spanned<String>,
    pub(super) text: Spanned<String>,
    pub(super) guidance: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnchorsFile {
    pub(super) provisional: bool,
    /// Score (as a key, e.g. `5`) to the counts of criteria met that give it.
    pub(super) scores: BTreeMap<Spanned<String>, Spanned<Vec<i64>>>,
}

/// An item in the pack's file format, for writing (the importer's `--out`).
#[derive(Serialize)]
struct ItemFileOut<'a> {
    number: u16,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale_title: Option<&'a str>,
    domain: &'a str,
    provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    imported_from: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    evidence: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    precondition: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    criteria: Vec<CriterionOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchors: Option<AnchorsOut>,
    #[serde(skip_serializing_if = "<[Section]>::is_empty")]
    guidance: &'a [Section],
}

#[derive(Serialize)]
struct CriterionOut<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    guidance: Option<&'a str>,
}

#[derive(Serialize)]
struct AnchorsOut {
    provisional: bool,
    scores: BTreeMap<String, Vec<usize>>,
}

/// Writes an item in the pack's file format (TOML).
pub fn item_to_toml(item: &Item) -> String {
    let out = ItemFileOut {
        number: item.number,
        title: &item.title,
        scale_title: item.scale_title.as_deref(),
        domain: &item.domain,
        provenance: item.provenance,
        imported_from: item.imported_from.as_deref(),
        evidence: &item.evidence,
        precondition: item.precondition.as_deref(),
        criteria: item
            .criteria
            .iter()
            .map(|c| CriterionOut {
                id: &c.id,
                text: &c.text,
                guidance: c.guidance.as_deref(),
            })
            .collect(),
        anchors: item.anchors.as_ref().map(|anchors| AnchorsOut {
            provisional: anchors.provisional,
            scores: anchors
                .by_count
                .iter()
                .map(|score| score.to_string())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|key| {
                    let score: u8 = key.parse().expect("written from a u8");
                    (key, anchors.counts_for(score))
                })
                .collect(),
        }),
        guidance: &item.guidance,
    };
    let body = toml::to_string_pretty(&out).unwrap_or_else(|e| format!("# cannot write: {e}\n"));
    format!(
        "# Item {} of the scale, in the fidelity-review pack format.\n{body}",
        item.number
    )
}

/// The file name an item is written to: `25-planning-aftercare.toml`.
pub fn item_file_name(item: &Item) -> String {
    let slug: String = item
        .title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{:02}-{slug}.toml", item.number)
}
