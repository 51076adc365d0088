//! The Markdown report: the same report as the HTML one, for the team to read rendered or as
//! plain text.
//!
//! In order: who and what was reviewed, the method, the summary (with the survey context where
//! there is one), a table of domains, strengths and priorities (with what would lift each
//! score), a table of items, each item's feedback, the recommendations and the action plan,
//! the flagged items, the items still without a score, the overrides, then an appendix of the
//! findings of every item (criteria and sources; notes only when included), any answers kept
//! for criteria the scale lacks, and where the pack's wording came from.
//!
//! Every piece of text from a person or a pack goes through [`inline`], [`cell`] or [`block`]:
//! control characters are made visible ([`super::inert`]) and everything that Markdown would read
//! as markup is escaped, so a note shows as written and cannot add headings, links, HTML or
//! table columns. Leading spaces of a note's lines are dropped, so no line becomes a code block.

mod escape;
mod team;

pub use escape::{block, cell, escape_line, inline};

use crate::review::summary::{ItemSummary, Orphan};
use crate::review::{CriterionRecord, Finding, ItemRecord, Review, ReviewKind, Summary, rationale};
use crate::scale::{Item, Scale};

use super::Options;
use super::view::View;

/// The Markdown report of `review`.
pub fn render(review: &Review, scale: &Scale, options: Options) -> String {
    let view = View::new(review, scale, options);
    let summary = &view.summary;
    let mut doc = Doc::default();
    header(&mut doc, review, scale, options);
    team::method(&mut doc, &view);
    totals(&mut doc, summary);
    team::context(&mut doc, &view);
    // A consensus review adds here each reviewer's score and the agreement figures.
    domain_table(&mut doc, summary);
    team::strengths(&mut doc, &view);
    team::priorities(&mut doc, &view);
    item_table(&mut doc, scale, summary);
    team::feedback(&mut doc, &view);
    team::recommendations(&mut doc, &view);
    team::action_plan(&mut doc, &view);
    flagged(&mut doc, summary);
    unrated(&mut doc, summary);
    overrides(&mut doc, summary);
    findings(&mut doc, &view);
    orphans(&mut doc, review, &summary.orphans, options);
    if options.include_notes {
        // Quick notes are the reviewer's, like notes: private unless asked for.
        quick_notes(&mut doc, review);
    }
    team::about(&mut doc, &view);
    let mut text = doc.text.trim_end().to_owned();
    text.push('\n');
    text
}

/// The text of the report, built a line at a time.
#[derive(Default)]
struct Doc {
    text: String,
}

impl Doc {
    fn line(&mut self, line: impl AsRef<str>) {
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.line(format!("{} {title}", "#".repeat(level)));
        self.blank();
    }
}

fn header(doc: &mut Doc, review: &Review, scale: &Scale, options: Options) {
    let details = &review.details;
    doc.heading(1, &format!("Fidelity review: {}", inline(&details.team)));
    doc.line(format!(
        "- **Scale:** {}, version {}",
        inline(&scale.name),
        inline(&scale.version)
    ));
    doc.line(format!("- **Team:** {}", or_dash(inline(&details.team))));
    doc.line(format!(
        "- **Organisation:** {}",
        or_dash(inline(&details.organisation))
    ));
    doc.line(format!(
        "- **Review date:** {}",
        details.date.format("%Y-%m-%d")
    ));
    let reviewers: Vec<String> = details
        .reviewers
        .iter()
        .map(|r| inline(r))
        .filter(|r| !r.is_empty())
        .collect();
    doc.line(format!(
        "- **Reviewers:** {}",
        or_dash(reviewers.join(", "))
    ));
    let kind = match details.kind {
        ReviewKind::External => "external review",
        ReviewKind::SelfReview => "self-review",
    };
    doc.line(format!("- **Kind:** {kind}"));
    doc.line(format!(
        "- **Last change:** {}",
        review.updated.format("%Y-%m-%d %H:%M UTC")
    ));
    if !review.is_pinned_to(scale) {
        doc.blank();
        doc.line(format!(
            "> **Note:** this review was made with other content of the scale ({} version {}, \
             content hash {}). It is shown against the content loaded now.",
            inline(&review.scale.id),
            inline(&review.scale.version),
            inline(short_hash(&review.scale.content_hash)),
        ));
    }
    doc.blank();
    doc.line(if options.include_notes {
        "This copy includes the reviewers' notes, at their request."
    } else {
        "The reviewers' own notes are not included."
    });
    doc.blank();
}

fn totals(doc: &mut Doc, summary: &Summary) {
    doc.heading(2, "Summary");
    let (low, high) = summary.total_range;
    let missing = summary.items_total - summary.rated;
    if missing > 0 {
        doc.line(format!(
            "This review is not complete: {} without a score, so the total and mean cover the \
             rated items only.",
            count(missing, "item", "items")
        ));
        doc.blank();
    }
    doc.line(format!(
        "- **Total:** {} (possible range {low}–{high})",
        summary.total
    ));
    doc.line(format!("- **Mean item score:** {}", mean(summary.mean)));
    let band = match (&summary.band, summary.band_provisional) {
        (Some(band), true) => format!("{} (provisional)", inline(band)),
        (Some(band), false) => inline(band),
        (None, _) => "—".to_owned(),
    };
    doc.line(format!("- **Fidelity band:** {band}"));
    doc.line(format!(
        "- **Rated:** {} of {} items",
        summary.rated, summary.items_total
    ));
    for (label, numbers) in [("Lowest", &summary.lowest), ("Highest", &summary.highest)] {
        let score = summary
            .items
            .iter()
            .find(|i| numbers.first() == Some(&i.number))
            .and_then(|i| i.final_score);
        if let Some(score) = score {
            let list: Vec<String> = numbers.iter().map(u16::to_string).collect();
            let items = if numbers.len() == 1 { "item" } else { "items" };
            doc.line(format!(
                "- **{label} score:** {score} ({items} {})",
                list.join(", ")
            ));
        }
    }
    doc.blank();
}

fn domain_table(doc: &mut Doc, summary: &Summary) {
    doc.heading(2, "Domains");
    doc.line("| Domain | Subtotal | Mean | Rated |");
    doc.line("|---|---:|---:|---:|");
    for domain in &summary.domains {
        doc.line(format!(
            "| {} | {} | {} | {} of {} |",
            cell(&domain.name),
            domain.subtotal,
            mean(domain.mean),
            domain.rated,
            domain.items
        ));
    }
    doc.blank();
}

fn item_table(doc: &mut Doc, scale: &Scale, summary: &Summary) {
    doc.heading(2, "Items");
    doc.line("| No. | Item | Met | Not met | Unsure | Suggested | Final | Flag |");
    doc.line("|---:|---|---:|---:|---:|---|---|---|");
    for item in &summary.items {
        let criteria = criteria_count(item) > 0;
        let number_or_dash = |n: usize| {
            if criteria {
                n.to_string()
            } else {
                "–".to_owned()
            }
        };
        let overridden = summary.overrides.iter().any(|o| o.number == item.number);
        doc.line(format!(
            "| {} | {} | {} | {} | {} | {} | {}{} | {} |",
            item.number,
            cell(&item.title),
            number_or_dash(item.met),
            number_or_dash(item.not_met),
            number_or_dash(item.unsure),
            suggested(item, scale.item(item.number)),
            score(item.final_score),
            if overridden { " (override)" } else { "" },
            if item.flagged { "follow up" } else { "" },
        ));
    }
    doc.blank();
}

fn findings(doc: &mut Doc, view: &View<'_>) {
    let (review, scale, summary) = (view.review, view.scale, &view.summary);
    let notes = view.options.include_notes;
    doc.heading(2, "Appendix: findings by criterion");
    doc.line(
        "✓ met, ✗ not met, ? unsure, · not rated; an unsure finding counts as not met. \
         Evidence source codes as in the method.",
    );
    doc.blank();
    for (item, scale_item) in summary
        .items
        .iter()
        .filter_map(|i| Some((i, scale.item(i.number)?)))
    {
        let record = review.item(item.number);
        doc.heading(3, &format!("{}. {}", item.number, inline(&item.title)));
        let how = if scale_item.is_rated_directly() {
            "Rated directly".to_owned()
        } else {
            format!("Suggested: {}", suggested(item, Some(scale_item)))
        };
        let final_score = item
            .final_score
            .map_or("—".to_owned(), |s| format!("**{s}**"));
        doc.line(format!(
            "Domain: {} · {how} · Final: {final_score}",
            domain_name(scale, &item.domain),
        ));
        doc.blank();
        if item.flagged {
            doc.line("**Flagged for follow-up.**");
            doc.blank();
        }
        for criterion in &scale_item.criteria {
            let found = record.and_then(|r| r.criteria.get(&criterion.id));
            criterion_bullet(
                doc,
                "",
                &format!("**{})** {}", inline(&criterion.id), inline(&criterion.text)),
                found,
                notes,
            );
        }
        if !scale_item.criteria.is_empty() {
            doc.blank();
        }
        if let Some(record) = record {
            item_notes(doc, record, summary, item.number, notes);
        }
    }
}

/// The item note, and an override or rationale, each a paragraph.
fn item_notes(doc: &mut Doc, record: &ItemRecord, summary: &Summary, number: u16, notes: bool) {
    if notes && !record.note.trim().is_empty() {
        doc.line(format!("**Item note:** {}", block(&record.note, "")));
        doc.blank();
    }
    if let Some(o) = summary.overrides.iter().find(|o| o.number == number) {
        let why = if o.rationale.trim().is_empty() {
            " No rationale was given."
        } else {
            ""
        };
        doc.line(format!(
            "**Override:** final score {} where the anchors suggest {}.{why}",
            o.final_score, o.suggested
        ));
        doc.blank();
    }
    let suggested = summary
        .items
        .iter()
        .find(|i| i.number == number)
        .and_then(|i| i.suggested);
    let rationale = rationale::applying(record, suggested);
    if !rationale.is_empty() {
        doc.line(format!("**Rationale:** {}", block(rationale, "")));
        doc.blank();
    }
}

/// One criterion as a list item (`- ✓ met: …`), with its sources and note beneath.
fn criterion_bullet(
    doc: &mut Doc,
    indent: &str,
    label: &str,
    found: Option<&CriterionRecord>,
    notes: bool,
) {
    let finding = found.map_or(Finding::NotRated, |c| c.finding);
    doc.line(format!(
        "{indent}- {} {}: {label}",
        symbol(finding),
        finding.label()
    ));
    let Some(found) = found else { return };
    let sources: Vec<String> = found
        .sources
        .iter()
        .map(|s| inline(s))
        .filter(|s| !s.is_empty())
        .collect();
    if !sources.is_empty() {
        doc.line(format!("{indent}  - Sources: {}", sources.join(", ")));
    }
    if notes && !found.note.trim().is_empty() {
        let continuation = format!("{indent}    ");
        doc.line(format!(
            "{indent}  - Note: {}",
            block(&found.note, &continuation)
        ));
    }
}

fn flagged(doc: &mut Doc, summary: &Summary) {
    doc.heading(2, "Flagged for follow-up");
    item_list(doc, summary, &summary.flagged, |_| String::new());
}

fn unrated(doc: &mut Doc, summary: &Summary) {
    doc.heading(2, "Not yet rated");
    item_list(doc, summary, &summary.unrated, |item| {
        let criteria = criteria_count(item);
        if criteria == 0 {
            " (rated directly)".to_owned()
        } else {
            format!(
                " ({} of {} rated)",
                item.met + item.not_met + item.unsure,
                count(criteria, "criterion", "criteria")
            )
        }
    });
}

/// A list of items by number, or "None.".
fn item_list(
    doc: &mut Doc,
    summary: &Summary,
    numbers: &[u16],
    extra: impl Fn(&ItemSummary) -> String,
) {
    if numbers.is_empty() {
        doc.line("None.");
    }
    for item in summary.items.iter().filter(|i| numbers.contains(&i.number)) {
        doc.line(format!(
            "- Item {}: {}{}",
            item.number,
            inline(&item.title),
            extra(item)
        ));
    }
    doc.blank();
}

fn overrides(doc: &mut Doc, summary: &Summary) {
    doc.heading(2, "Overrides");
    if summary.overrides.is_empty() {
        doc.line("None.");
        doc.blank();
        return;
    }
    doc.line("| No. | Item | Suggested | Final | Rationale |");
    doc.line("|---:|---|---:|---:|---|");
    for o in &summary.overrides {
        let title = summary
            .items
            .iter()
            .find(|i| i.number == o.number)
            .map_or(String::new(), |i| cell(&i.title));
        doc.line(format!(
            "| {} | {title} | {} | {} | {} |",
            o.number,
            o.suggested,
            o.final_score,
            if o.rationale.trim().is_empty() {
                "*none given*".to_owned()
            } else {
                cell(&o.rationale)
            }
        ));
    }
    doc.blank();
}

/// Answers the review holds for items or criteria the scale lacks: shown so nothing is lost.
fn orphans(doc: &mut Doc, review: &Review, orphans: &[Orphan], options: Options) {
    let notes = options.include_notes;
    if orphans.is_empty() {
        return;
    }
    doc.heading(2, "Answers kept for criteria this scale lacks");
    doc.line(
        "The review holds these answers for items or criteria that the scale loaded now does \
         not have. They are kept, and listed here so nothing is lost.",
    );
    doc.blank();
    for orphan in orphans {
        match &orphan.criterion {
            Some(id) => criterion_bullet(
                doc,
                "",
                &format!("item {}, criterion {}", orphan.item, inline(id)),
                review.criterion(orphan.item, id),
                notes,
            ),
            None => {
                doc.line(format!("- Item {} (not in this scale)", orphan.item));
                let Some(record) = review.item(orphan.item) else {
                    continue;
                };
                if let Some(score) = record.final_score {
                    doc.line(format!("  - Final score: {score}"));
                }
                if record.flagged {
                    doc.line("  - Flagged for follow-up");
                }
                for (label, text, private) in [
                    ("Item note", &record.note, true),
                    ("Rationale", &record.rationale, false),
                ] {
                    if (notes || !private) && !text.trim().is_empty() {
                        doc.line(format!("  - {label}: {}", block(text, "    ")));
                    }
                }
                for (id, found) in &record.criteria {
                    criterion_bullet(
                        doc,
                        "  ",
                        &format!("criterion {}", inline(id)),
                        Some(found),
                        notes,
                    );
                }
            }
        }
    }
    doc.blank();
}

/// The suggested score as the tables show it: `4`, `5 (provisional)`, `rated directly` or `—`.
fn suggested(item: &ItemSummary, scale_item: Option<&Item>) -> String {
    match item.suggested {
        Some(score) if item.provisional => format!("{score} (provisional)"),
        Some(score) => score.to_string(),
        None if scale_item.is_some_and(Item::is_rated_directly) => "rated directly".to_owned(),
        None => "—".to_owned(),
    }
}

fn criteria_count(item: &ItemSummary) -> usize {
    item.met + item.not_met + item.unsure + item.not_rated
}

fn symbol(finding: Finding) -> &'static str {
    match finding {
        Finding::Met => "✓",
        Finding::NotMet => "✗",
        Finding::Unsure => "?",
        Finding::NotRated => "·",
    }
}

fn score(score: Option<u8>) -> String {
    score.map_or("—".to_owned(), |s| s.to_string())
}

fn mean(mean: Option<f64>) -> String {
    mean.map_or("—".to_owned(), |m| format!("{m:.2}"))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn domain_name(scale: &Scale, id: &str) -> String {
    inline(scale.domain(id).map_or(id, |d| d.name.as_str()))
}

fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

/// The quick notes, with when they were written, the source and where each is attached.
fn quick_notes(doc: &mut Doc, review: &Review) {
    if review.quick_notes.is_empty() {
        return;
    }
    doc.heading(2, "Quick notes");
    for note in &review.quick_notes {
        let source = note
            .source
            .as_deref()
            .map_or(String::new(), |c| format!(", {}", inline(c)));
        let place = match crate::review::quick::Place::label(note.place.as_ref()).as_str() {
            "" => String::new(),
            label => format!(", item {}", inline(label)),
        };
        doc.line(format!(
            "- {} UTC{source}{place}: {}",
            note.at.format("%Y-%m-%d %H:%M"),
            block(&note.text, "  ")
        ));
    }
    doc.blank();
}
