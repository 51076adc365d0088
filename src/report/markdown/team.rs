//! The parts of the Markdown report written for the team: the method, the survey context,
//! strengths and priorities, each item's feedback, the recommendations, the action plan and
//! where the pack's wording came from.

use super::{Doc, block, cell, inline, score};
use crate::report::view::{self, View};
use crate::review::Lift;

pub(super) fn method(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Method");
    let sources = v.sources();
    if sources.is_empty() {
        doc.line(
            "No evidence source was recorded against the findings, and no counts were entered.",
        );
        doc.blank();
        return;
    }
    doc.line("| Code | Evidence source | Criteria citing it | Count entered |");
    doc.line("|---|---|---:|---:|");
    for s in &sources {
        doc.line(format!(
            "| {} | {} | {} | {} |",
            cell(&s.code),
            if s.name.is_empty() {
                "(not named by this scale)".to_owned()
            } else {
                cell(&s.name)
            },
            s.criteria,
            s.count.map_or("—".to_owned(), |n| n.to_string()),
        ));
    }
    doc.blank();
    doc.line(
        "Counts are what the reviewers entered: case notes read, and interviews held with each \
         group of informants.",
    );
    doc.blank();
}

/// The survey the total can be read against, where the scale has one.
pub(super) fn context(doc: &mut Doc, v: &View<'_>) {
    let Some(survey) = v.survey() else { return };
    let summary = &v.summary;
    let place = if summary.is_complete() {
        format!(
            " This team's total of {} is {}.",
            summary.total,
            survey.place_of(summary.total)
        )
    } else {
        " A total can be set beside these figures once every item is rated.".to_owned()
    };
    doc.line(format!(
        "**In context:** the {} ({} teams) had a median total of {}, the middle half of teams \
         between {} and {}, and totals from {} to {}.{place} Source: {}.",
        survey.name,
        survey.teams,
        survey.median,
        survey.iqr.0,
        survey.iqr.1,
        survey.range.0,
        survey.range.1,
        survey.source,
    ));
    doc.blank();
}

pub(super) fn strengths(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Strengths");
    let top = v.scale.rating.max;
    let items = v.strengths();
    if items.is_empty() {
        doc.line(format!("No item has reached {top} yet."));
    } else {
        doc.line(format!("Items scored {top}, the top of the scale:"));
        doc.blank();
        for item in items {
            doc.line(format!("- Item {}: {}", item.number, inline(&item.title)));
        }
    }
    doc.blank();
}

pub(super) fn priorities(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Priorities");
    let low = v.scale.rating.min.saturating_add(1);
    let items = v.priorities();
    if items.is_empty() {
        doc.line(format!("No item scored {low} or below."));
    } else {
        doc.line(format!("Items scored {low} or below, lowest first:"));
        doc.blank();
        for item in items {
            doc.line(format!(
                "- Item {}: {} ({})",
                item.number,
                inline(&item.title),
                score(item.final_score)
            ));
        }
    }
    doc.blank();
    let quick = v.quick_wins();
    if !quick.is_empty() {
        doc.line("**Quick wins:** one more criterion met would raise each of these by a score.");
        doc.blank();
        for lift in quick {
            doc.line(format!(
                "- Item {}: {}, from {} to {}{}",
                lift.item,
                inline(v.title(lift.item)),
                lift.from,
                lift.to,
                provisional(lift)
            ));
        }
        doc.blank();
    }
    if !v.lifts.is_empty() {
        doc.line("**What would lift the score:**");
        doc.blank();
        for lift in &v.lifts {
            doc.line(format!(
                "- Item {}: {}, {} to {}{}{}: {}",
                lift.item,
                inline(v.title(lift.item)),
                lift.from,
                lift.to,
                if lift.is_quick_win() {
                    ", a quick win"
                } else {
                    ""
                },
                provisional(lift),
                lift_criteria(v, lift),
            ));
        }
        doc.blank();
    }
}

fn provisional(lift: &Lift) -> &'static str {
    if lift.provisional {
        " (provisional anchors)"
    } else {
        ""
    }
}

/// "meet any 1 of c) … ; d) … (unsure)".
fn lift_criteria(v: &View<'_>, lift: &Lift) -> String {
    let how = if lift.needed == lift.criteria.len() {
        if lift.needed == 1 {
            "meet".to_owned()
        } else {
            "meet all of".to_owned()
        }
    } else {
        format!("meet any {} of", lift.needed)
    };
    let listed: Vec<String> = lift
        .criteria
        .iter()
        .map(|id| {
            let unsure = if lift.unsure.contains(id) {
                " (unsure)"
            } else {
                ""
            };
            format!(
                "{}) {}{unsure}",
                inline(id),
                inline(v.criterion_text(lift.item, id))
            )
        })
        .collect();
    format!("{how} {}", listed.join("; "))
}

/// Each item's feedback for the team and the reason for its score, where there is any.
pub(super) fn feedback(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Feedback by item");
    let rows = v.items();
    let mut any = false;
    for row in &rows {
        let reason = match row.override_reason {
            Some("") => {
                Some("The score differs from the suggested one; no reason was given.".into())
            }
            Some(reason) => Some(block(reason, "")),
            None if !row.rationale.is_empty() => Some(block(row.rationale, "")),
            None => None,
        };
        if row.feedback.is_empty() && reason.is_none() {
            continue;
        }
        any = true;
        doc.line(format!(
            "**{}. {}** (score {})",
            row.summary.number,
            inline(&row.summary.title),
            score(row.summary.final_score)
        ));
        doc.blank();
        if !row.feedback.is_empty() {
            doc.line(block(row.feedback, ""));
            doc.blank();
        }
        if let Some(reason) = reason {
            doc.line(format!("*Reason for the score:* {reason}"));
            doc.blank();
        }
    }
    if !any {
        doc.line("No feedback was written.");
        doc.blank();
    }
}

pub(super) fn recommendations(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Recommendations");
    let plan: Vec<_> = v.review.action_plan().collect();
    if plan.is_empty() {
        doc.line("No recommendations were recorded.");
        doc.blank();
        return;
    }
    for (index, rec) in plan.iter().enumerate() {
        let about = rec.item.map_or(String::new(), |n| {
            format!("**Item {n}, {}:** ", inline(v.title(n)))
        });
        doc.line(format!("{}. {about}{}", index + 1, block(&rec.text, "   ")));
    }
    doc.blank();
}

pub(super) fn action_plan(doc: &mut Doc, v: &View<'_>) {
    doc.heading(2, "Action plan");
    let plan: Vec<_> = v.review.action_plan().collect();
    if plan.is_empty() {
        doc.line("No actions were agreed.");
        doc.blank();
        return;
    }
    doc.line("| No. | Action | Item | Owner | Target date |");
    doc.line("|---:|---|---|---|---|");
    for (index, rec) in plan.iter().enumerate() {
        doc.line(format!(
            "| {} | {} | {} | {} | {} |",
            index + 1,
            cell(&rec.text),
            rec.item.map_or("whole service".to_owned(), |n| format!(
                "{n}. {}",
                cell(v.title(n))
            )),
            cell(&rec.owner),
            rec.target
                .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string()),
        ));
    }
    doc.blank();
}

/// The pack: its credit and where its wording came from.
pub(super) fn about(doc: &mut Doc, v: &View<'_>) {
    let scale = v.scale;
    doc.heading(2, "About the scale");
    doc.line(format!(
        "{}, version {} (pack {}, content {}).",
        inline(&scale.name),
        inline(&scale.version),
        inline(&scale.id),
        inline(super::short_hash(&scale.content_hash)),
    ));
    doc.blank();
    doc.line(block(&scale.attribution, ""));
    doc.blank();
    doc.line("Where the wording of this pack comes from:");
    doc.blank();
    if let Some((title, how)) = v.introduction() {
        doc.line(format!("- The introduction, “{}”: {how}.", inline(title)));
    }
    for group in v.provenance() {
        let items = if group.items.len() == 1 {
            "Item"
        } else {
            "Items"
        };
        doc.line(format!(
            "- {items} {}: {}.",
            view::numbers(&group.items),
            group.description
        ));
    }
    doc.blank();
}
