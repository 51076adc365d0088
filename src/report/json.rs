//! The JSON report: the summary and every finding, for other programs.
//!
//! At the top: `format` and `report_version` (both the version of this layout) and `report`
//! (what the file is), `scale` (the scale the review is pinned to), `details` (team,
//! organisation, date, reviewers, kind), `created`, `updated` (RFC 3339 in UTC, e.g.
//! `2026-11-23T14:02:09Z`, as every timestamp the command line prints);
//! then every field of [`Summary`] (`total`, `mean`, `band`, `rated`, `domains`, `items`, …);
//! then `findings`: per item its criteria (finding, note, sources), the final score, the
//! reviewer's own score, rationale, item note, feedback and flag. Answers kept for criteria or
//! items the scale lacks appear in `findings` with a `text` or `title` of `null`. Then
//! `notes_included` (notes are `""` unless they are), `lifts` (what would lift each score),
//! `recommendations` (accepted and dropped, with owner and target date) and `method` (the
//! counts of evidence gathered, by source code).
//!
//! Text is kept exactly as recorded. Control characters, bidi controls and other invisible
//! format characters are written as `\u` escapes ([`escape_unsafe`]), so the file holds none
//! of them raw and is safe to print in a terminal.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::review::{
    CriterionRecord, Details, Finding, ItemRecord, Lift, Method, Recommendation, Review, ScaleRef,
    Summary, lift, rationale,
};
use crate::scale::Scale;

use super::{Options, is_hostile};

/// What the `report` field says, and the version of this layout.
const REPORT: &str = "fidelity-review report";
const REPORT_VERSION: u32 = 2;

/// The JSON report of `review`, pretty-printed.
pub fn render(review: &Review, scale: &Scale, options: Options) -> String {
    let summary = Summary::of(review, scale);
    let notes = options.include_notes;
    let report = Report {
        format: REPORT_VERSION,
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
        findings: findings(review, scale, &summary, notes),
        summary: &summary,
        notes_included: notes,
        lifts: lift::lifts(scale, review),
        recommendations: &review.recommendations,
        method: &review.method,
    };
    // Every map key is a string and every value serialisable, so this cannot fail.
    let text = serde_json::to_string_pretty(&report).expect("a report always serialises");
    escape_unsafe(&text)
}

/// `time` in the one form JSON output uses: RFC 3339 in UTC with a `Z`, to the second.
pub fn timestamp(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn serialize_timestamp<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&timestamp(time))
}

#[derive(Serialize)]
struct Report<'a> {
    format: u32,
    report: &'static str,
    report_version: u32,
    scale: ScaleInfo<'a>,
    details: &'a Details,
    #[serde(serialize_with = "serialize_timestamp")]
    created: DateTime<Utc>,
    #[serde(serialize_with = "serialize_timestamp")]
    updated: DateTime<Utc>,
    #[serde(flatten)]
    summary: &'a Summary,
    findings: Vec<ItemFindings<'a>>,
    notes_included: bool,
    lifts: Vec<Lift>,
    recommendations: &'a [Recommendation],
    method: &'a Method,
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
    feedback: &'a str,
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
    fn of(
        id: &'a str,
        text: Option<&'a str>,
        found: Option<&'a CriterionRecord>,
        notes: bool,
    ) -> Self {
        CriterionFindings {
            id,
            text,
            finding: found.map_or(Finding::NotRated, |c| c.finding),
            note: found.filter(|_| notes).map_or("", |c| c.note.as_str()),
            sources: found.map_or(&[], |c| c.sources.as_slice()),
        }
    }
}

fn findings<'a>(
    review: &'a Review,
    scale: &'a Scale,
    summary: &Summary,
    notes: bool,
) -> Vec<ItemFindings<'a>> {
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
                CriterionFindings::of(&c.id, Some(&c.text), found, notes)
            })
            .collect();
        if let Some(record) = record {
            let kept = record
                .criteria
                .iter()
                .filter(|(id, _)| scale_item.criterion(id).is_none());
            criteria.extend(
                kept.map(|(id, found)| CriterionFindings::of(id, None, Some(found), notes)),
            );
        }
        let mut found = item_findings(
            item.number,
            Some(&scale_item.title),
            criteria,
            item.final_score,
            record,
            notes,
        );
        found.rationale = record.map_or("", |r| rationale::reported(review, r, item.suggested));
        out.push(found);
    }
    for orphan in summary.orphans.iter().filter(|o| o.criterion.is_none()) {
        let Some(record) = review.item(orphan.item) else {
            continue;
        };
        let criteria = record
            .criteria
            .iter()
            .map(|(id, found)| CriterionFindings::of(id, None, Some(found), notes))
            .collect();
        out.push(item_findings(
            orphan.item,
            None,
            criteria,
            record.final_score,
            Some(record),
            notes,
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
    notes: bool,
) -> ItemFindings<'a> {
    ItemFindings {
        number,
        title,
        criteria,
        final_score,
        reviewer_score: record.and_then(|r| r.final_score),
        rationale: record.map_or("", |r| r.rationale.as_str()),
        note: record.filter(|_| notes).map_or("", |r| r.note.as_str()),
        feedback: record.map_or("", |r| r.feedback.as_str()),
        flagged: record.is_some_and(|r| r.flagged),
    }
}

/// `json` with every character that could act on a terminal or hide in it written as a
/// `\uXXXX` escape: controls (C0, DEL, C1), bidi controls, and the other invisible format
/// characters (zero-width ones, word joiners, the BOM, tags, line and paragraph separators).
/// `serde_json` already escapes C0 controls and writes the rest raw. Outside strings JSON is
/// plain ASCII, so each such character is inside a string, where the escape means the same
/// character: the data is unchanged.
pub fn escape_unsafe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hostile(c) || is_invisible(c) {
            // Beyond U+FFFF, JSON escapes a character as its UTF-16 surrogate pair.
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Format characters (Unicode category Cf) and the line and paragraph separators: they show
/// nothing, or break lines, where a script prints them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_become_escapes_that_mean_the_same() {
        let text = "a\u{9b}b\u{202e}c\u{2066}d\u{200b}e\u{feff}f\u{2028}g\u{e0041}h\u{7f}";
        let json = escape_unsafe(&serde_json::to_string(text).unwrap());
        assert!(json.is_ascii(), "{json}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        assert!(json.contains("\\udb40\\udc41"), "a surrogate pair: {json}");
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
        assert_eq!(escape_unsafe("\"Équipe 日本 🦄\""), "\"Équipe 日本 🦄\"");
    }

    #[test]
    fn timestamps_are_utc_with_a_z() {
        let time: DateTime<Utc> = "2026-11-23T14:02:09.123456+00:00".parse().unwrap();
        assert_eq!(timestamp(&time), "2026-11-23T14:02:09Z");
    }
}
