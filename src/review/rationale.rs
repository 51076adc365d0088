//! Which rationale still stands.
//!
//! A rationale explains a final score that differs from the suggestion. When later findings
//! bring the suggestion to the final score, or the final score is taken back, the reason no
//! longer explains anything: it is kept in the review (and its log), but not reported.

use super::model::{ItemRecord, Review};

/// The item's rationale while it explains a final score that differs from `suggested` (the
/// score the anchors suggest, if any); empty when it no longer applies.
pub fn applying(record: &ItemRecord, suggested: Option<u8>) -> &str {
    match record.final_score {
        Some(score) if suggested != Some(score) => record.rationale.trim(),
        _ => "",
    }
}

/// The rationale a report gives for an item of `review`: in a consensus review the agreed
/// reason, which explains the agreed score wherever the reviewers differed; elsewhere the
/// rationale while it still [applies](applying).
pub fn reported<'a>(review: &Review, record: &'a ItemRecord, suggested: Option<u8>) -> &'a str {
    if review.is_consensus() {
        record.rationale.trim()
    } else {
        applying(record, suggested)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(final_score: Option<u8>, rationale: &str) -> ItemRecord {
        ItemRecord {
            final_score,
            rationale: rationale.to_owned(),
            ..ItemRecord::default()
        }
    }

    #[test]
    fn a_rationale_applies_while_the_final_score_differs() {
        assert_eq!(applying(&record(Some(3), "Audit"), Some(4)), "Audit");
        assert_eq!(applying(&record(Some(3), "Audit"), None), "Audit");
    }

    #[test]
    fn a_rationale_the_findings_caught_up_with_does_not_apply() {
        assert_eq!(applying(&record(Some(4), "Audit"), Some(4)), "");
        assert_eq!(applying(&record(None, "Audit"), Some(4)), "");
    }
}
