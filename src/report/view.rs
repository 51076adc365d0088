//! What the team's report says, worked out once for the HTML and Markdown reports: the cover,
//! the method, the summary and its context, the domain profile, strengths and priorities, the
//! items, the recommendations and action plan, the findings by criterion and the pack's credit.
//!
//! Pure: text here is as recorded (each format escapes it its own way). Notes are left out
//! unless [`super::Options::include_notes`].

use crate::review::summary::ItemSummary;
use crate::review::{Finding, Lift, Review, ReviewKind, Summary, lift, rationale};
use crate::scale::{Item, Scale};

use super::Options;
use super::context::{Survey, survey_for};

/// Everything the report shows, in the order it shows it.
pub struct View<'a> {
    pub review: &'a Review,
    pub scale: &'a Scale,
    pub summary: Summary,
    pub options: Options,
    pub lifts: Vec<Lift>,
}

/// How the evidence was gathered: one row per source the review used or counted.
pub struct SourceRow {
    pub code: String,
    pub name: String,
    /// Criteria whose findings cite the source.
    pub criteria: usize,
    /// What the reviewer entered (case notes read, interviews held).
    pub count: Option<u32>,
}

/// One item as the item table shows it.
pub struct ItemRow<'a> {
    pub summary: &'a ItemSummary,
    pub item: &'a Item,
    pub domain: &'a str,
    pub feedback: &'a str,
    /// The reason for an override: `Some("")` when none was given.
    pub override_reason: Option<&'a str>,
    /// The rationale the reviewer gave where the score is not an override.
    pub rationale: &'a str,
    pub lift: Option<&'a Lift>,
}

impl ItemRow<'_> {
    pub fn criteria(&self) -> usize {
        self.item.criteria.len()
    }
}

/// One criterion of an item's findings in the appendix.
pub struct CriterionRow<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub finding: Finding,
    pub sources: Vec<&'a str>,
    /// Only when notes are included, and not empty.
    pub note: Option<&'a str>,
}

/// Where the pack's wording comes from, grouped by provenance.
pub struct ProvenanceGroup {
    pub label: &'static str,
    pub description: &'static str,
    pub items: Vec<u16>,
}

impl<'a> View<'a> {
    pub fn new(review: &'a Review, scale: &'a Scale, options: Options) -> Self {
        View {
            review,
            scale,
            summary: Summary::of(review, scale),
            options,
            lifts: lift::lifts(scale, review),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self.review.details.kind {
            ReviewKind::External => "External review",
            ReviewKind::SelfReview => "Self-review",
        }
    }

    pub fn date(&self) -> String {
        self.review.details.date.format("%-d %B %Y").to_string()
    }

    pub fn iso_date(&self) -> String {
        self.review.details.date.format("%Y-%m-%d").to_string()
    }

    pub fn reviewers(&self) -> Vec<&'a str> {
        self.review
            .details
            .reviewers
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .collect()
    }

    /// Evidence sources the findings cite or the reviewer counted, in the pack's order, then any
    /// the pack does not name.
    pub fn sources(&self) -> Vec<SourceRow> {
        let mut cited: std::collections::BTreeMap<&str, usize> = Default::default();
        for record in self.review.items.values() {
            for criterion in record.criteria.values() {
                for code in &criterion.sources {
                    *cited.entry(code.as_str()).or_default() += 1;
                }
            }
        }
        let counts = &self.review.method.counts;
        let mut rows: Vec<SourceRow> = self
            .scale
            .evidence_sources
            .iter()
            .map(|s| SourceRow {
                code: s.code.clone(),
                name: s.name.clone(),
                criteria: cited.get(s.code.as_str()).copied().unwrap_or(0),
                count: counts.get(&s.code).copied(),
            })
            .filter(|row| row.criteria > 0 || row.count.is_some())
            .collect();
        let unknown = cited
            .keys()
            .copied()
            .chain(counts.keys().map(String::as_str))
            .filter(|code| self.scale.evidence_source(code).is_none())
            .collect::<std::collections::BTreeSet<_>>();
        for code in unknown {
            rows.push(SourceRow {
                code: code.to_owned(),
                name: String::new(),
                criteria: cited.get(code).copied().unwrap_or(0),
                count: counts.get(code).copied(),
            });
        }
        rows
    }

    pub fn survey(&self) -> Option<&'static Survey> {
        survey_for(self.scale)
    }

    /// Every item of the scale, in order.
    pub fn items(&self) -> Vec<ItemRow<'_>> {
        self.summary
            .items
            .iter()
            .filter_map(|summary| {
                let item = self.scale.item(summary.number)?;
                let record = self.review.item(summary.number);
                let override_reason = self
                    .summary
                    .overrides
                    .iter()
                    .find(|o| o.number == summary.number)
                    .map(|o| o.rationale.trim());
                let rationale = match override_reason {
                    Some(_) => "",
                    None => record.map_or("", |r| {
                        rationale::reported(self.review, r, summary.suggested)
                    }),
                };
                Some(ItemRow {
                    summary,
                    item,
                    domain: self.domain_name(&summary.domain),
                    feedback: record.map_or("", |r| r.feedback.trim()),
                    override_reason,
                    rationale,
                    lift: self.lifts.iter().find(|l| l.item == summary.number),
                })
            })
            .collect()
    }

    /// Items at the top of the rating range.
    pub fn strengths(&self) -> Vec<&ItemSummary> {
        let top = self.scale.rating.max;
        self.summary
            .items
            .iter()
            .filter(|i| i.final_score == Some(top))
            .collect()
    }

    /// Items at the bottom two scores of the range, lowest first.
    pub fn priorities(&self) -> Vec<&ItemSummary> {
        let low = self.scale.rating.min.saturating_add(1);
        let mut items: Vec<&ItemSummary> = self
            .summary
            .items
            .iter()
            .filter(|i| i.final_score.is_some_and(|s| s <= low))
            .collect();
        items.sort_by_key(|i| (i.final_score, i.number));
        items
    }

    pub fn quick_wins(&self) -> Vec<&Lift> {
        self.lifts.iter().filter(|l| l.is_quick_win()).collect()
    }

    pub fn title(&self, number: u16) -> &str {
        self.scale.item(number).map_or("", |i| i.title.as_str())
    }

    /// The text of a criterion, or `""`.
    pub fn criterion_text(&self, item: u16, id: &str) -> &str {
        self.scale
            .item(item)
            .and_then(|i| i.criterion(id))
            .map_or("", |c| c.text.as_str())
    }

    pub fn domain_name(&self, id: &'a str) -> &'a str {
        self.scale.domain(id).map_or(id, |d| d.name.as_str())
    }

    /// The criteria of an item with what was found, for the appendix.
    pub fn criteria(&self, item: &'a Item) -> Vec<CriterionRow<'a>> {
        let record = self.review.item(item.number);
        item.criteria
            .iter()
            .map(|criterion| {
                let found = record.and_then(|r| r.criteria.get(&criterion.id));
                CriterionRow {
                    id: &criterion.id,
                    text: &criterion.text,
                    finding: found.map_or(Finding::NotRated, |c| c.finding),
                    sources: found.map_or(Vec::new(), |c| {
                        c.sources.iter().map(String::as_str).collect()
                    }),
                    note: found
                        .map(|c| c.note.trim())
                        .filter(|n| self.options.include_notes && !n.is_empty()),
                }
            })
            .collect()
    }

    /// The item's own note, when notes are included.
    pub fn item_note(&self, number: u16) -> Option<&'a str> {
        self.review
            .item(number)
            .map(|r| r.note.trim())
            .filter(|n| self.options.include_notes && !n.is_empty())
    }

    /// The items of the pack grouped by where their wording came from.
    pub fn provenance(&self) -> Vec<ProvenanceGroup> {
        let mut groups: Vec<ProvenanceGroup> = Vec::new();
        for item in &self.scale.items {
            let label = item.provenance.label();
            match groups.iter_mut().find(|g| g.label == label) {
                Some(group) => group.items.push(item.number),
                None => groups.push(ProvenanceGroup {
                    label,
                    description: describe(label),
                    items: vec![item.number],
                }),
            }
        }
        groups
    }

    /// The introduction's title and where its wording came from.
    pub fn introduction(&self) -> Option<(&str, &'static str)> {
        let intro = self.scale.introduction.as_ref()?;
        Some((&intro.title, describe(intro.provenance.label())))
    }
}

/// What a provenance label means, for a reader of the report.
fn describe(label: &str) -> &'static str {
    match label {
        "verbatim" => "quoted word for word from the published resource pack",
        "summary" => "summaries in the pack's own words, from published facts about the scale",
        "placeholder" => "title only (the wording is in the official scale); rated directly",
        "imported" => "imported from pages of the resource pack the team holds",
        _ => "of other origin",
    }
}

/// `1, 2 and 5`, or `items 1–3` style lists are left to the formats; this joins numbers.
pub fn numbers(list: &[u16]) -> String {
    let parts: Vec<String> = list.iter().map(u16::to_string).collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A mean to two places, or `—`.
pub fn mean(mean: Option<f64>) -> String {
    mean.map_or("—".to_owned(), |m| format!("{m:.2}"))
}

/// A score, or `—`.
pub fn score(score: Option<u8>) -> String {
    score.map_or("—".to_owned(), |s| s.to_string())
}
