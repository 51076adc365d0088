//! The JSON report: the summary and every finding, for other programs.
//!
//! At the top: `report` and `report_version` (what the file is), `scale` (the scale the review
//! is pinned to), `details` (team, organisation, date, reviewers, kind), `created`, `updated`;
//! then every field of [`Summary`] (`total`, `mean`, `band`, `rated`, `domains`, `items`, …);
//! then `findings`: per item its criteria (finding, note, sources), the final score, the
//! reviewer's own score, rationale, item note and flag. Answers kept for criteria or items the
//! scale lacks appear in `findings` with a `text` or `title` of `null`.
//!
//! Text is kept exactly as recorded. Control characters and bidi controls are written as `\u`
//! escapes, so the file holds none of them raw and is safe to print in a terminal.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::review::{
    CriterionRecord, Details, Finding, ItemRecord, Review, ScaleRef, Summary, rationale,
};
use crate::scale::Scale;

use super::is_hostile;

/// What the `report` field says, and the version of this layout.
const REPORT: &str = "fidelity-review report";
const REPORT_VERSION: u32 = 1;

/// The JSON report of `review`, pretty-printed.
pub fn render(review: &Review, scale: &Scale) -> String {
    let summary = Summary::of(review, scale);
    let report = Report {
        report: REPORT,
        report_version: REPORT_VERSION,
        scale: ScaleInfo {
            pinned_to: &review.scale,
            name: &scale.name,
            content_matches: review.is_pinned_to(scale),
        },
        details: &review.details,
        created: review.created,
        updated: review.updated,
        findings: findings(review, scale, &summary),
        summary: &summary,
    };
    // Every map key is a string and every value serialisable, so this cannot fail.
    let text = serde_json::to_string_pretty(&report).expect("a report always serialises");
    escape_hostile(&text)
}

#[derive(Serialize)]
struct Report<'a> {
    report: &'static str,
    report_version: u32,
    scale: ScaleInfo<'a>,
    details: &'a Details,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    #[serde(flatten)]
    summary: &'a Summary,
    findings: Vec<ItemFindings<'a>>,
}

/// The scale the review is pinned to, and whether the loaded content is that same content.
#[derive(Serialize)]
struct ScaleInfo<'a> {
    #[serde(flatten)]
    pinned_to: &'a ScaleRef,
    name: &'a str,
    content_matches: bool,
}

/// What was recorded about one item.
#[derive(Serialize)]
struct ItemFindings<'a> {
    number: u16,
    /// `None` for an item the scale lacks.
    title: Option<&'a str>,
    criteria: Vec<CriterionFindings<'a>>,
    /// The score that stands, as in the summary.
    #[serde(rename = "final")]
    final_score: Option<u8>,
    /// The score the reviewer set; `None` while the suggested score stands.
    reviewer_score: Option<u8>,
    rationale: &'a str,
    note: &'a str,
    flagged: bool,
}

#[derive(Serialize)]
struct CriterionFindings<'a> {
    id: &'a str,
    /// `None` for a criterion the scale lacks.
    text: Option<&'a str>,
    finding: Finding,
    note: &'a str,
    sources: &'a [String],
}

impl<'a> CriterionFindings<'a> {
    fn of(id: &'a str, text: Option<&'a str>, found: Option<&'a CriterionRecord>) -> Self {
        CriterionFindings {
            id,
            text,
            finding: found.map_or(Finding::NotRated, |c| c.finding),
            note: found.map_or("", |c| c.note.as_str()),
            sources: found.map_or(&[], |c| c.sources.as_slice()),
        }
    }
}

fn findings<'a>(review: &'a Review, scale: &'a Scale, summary: &Summary) -> Vec<ItemFindings<'a>> {
    let mut out = Vec::new();
    for item in &summary.items {
        let Some(scale_item) = scale.item(item.number) else {
            continue;
        };
        let record = review.item(item.number);
        let mut criteria: Vec<CriterionFindings<'a>> = scale_item
            .criteria
            .iter()
            .map(|c| {
                let found = record.and_then(|r| r.criteria.get(&c.id));
                CriterionFindings::of(&c.id, Some(&c.text), found)
            })
            .collect();
        if let Some(record) = record {
            let kept = record
                .criteria
                .iter()
                .filter(|(id, _)| scale_item.criterion(id).is_none());
            criteria.extend(kept.map(|(id, found)| CriterionFindings::of(id, None, Some(found))));
        }
        let mut found = item_findings(
            item.number,
            Some(&scale_item.title),
            criteria,
            item.final_score,
            record,
        );
        found.rationale = record.map_or("", |r| rationale::applying(r, item.suggested));
        out.push(found);
    }
    for orphan in summary.orphans.iter().filter(|o| o.criterion.is_none()) {
        let Some(record) = review.item(orphan.item) else {
            continue;
        };
        let criteria = record
            .criteria
            .iter()
            .map(|(id, found)| CriterionFindings::of(id, None, Some(found)))
            .collect();
        out.push(item_findings(
            orphan.item,
            None,
            criteria,
            record.final_score,
            Some(record),
        ));
    }
    out
}

fn item_findings<'a>(
    number: u16,
    title: Option<&'a str>,
    criteria: Vec<CriterionFindings<'a>>,
    final_score: Option<u8>,
    record: Option<&'a ItemRecord>,
) -> ItemFindings<'a> {
    ItemFindings {
        number,
        title,
        criteria,
        final_score,
        reviewer_score: record.and_then(|r| r.final_score),
        rationale: record.map_or("", |r| r.rationale.as_str()),
        note: record.map_or("", |r| r.note.as_str()),
        flagged: record.is_some_and(|r| r.flagged),
    }
}

/// `json` with every control and bidi character written as a `\uXXXX` escape. `serde_json`
/// already escapes C0 controls; DEL, C1 controls and bidi controls it writes raw. Outside
/// strings JSON is plain ASCII, so each such character is inside a string, where the escape
/// means the same character: the data is unchanged.
fn escape_hostile(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hostile(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}
