//! Whatever the scores and sheets, the figures are numbers in range or undefined with a
//! reason (never NaN), and reading a sheet never panics.

use fidelity_review::review::Finding;
use fidelity_review::review::agreement::{CriterionFindings, ItemScores, compute};
use fidelity_review::review::sheet;
use fidelity_review::scale::{Scale, pack};
use proptest::prelude::*;

fn finding() -> impl Strategy<Value = Finding> {
    prop_oneof![
        Just(Finding::Met),
        Just(Finding::NotMet),
        Just(Finding::Unsure),
        Just(Finding::NotRated),
    ]
}

/// Reviewers, their scores item by item, their findings criterion by criterion.
type Sheets = (usize, Vec<Vec<Option<u8>>>, Vec<Vec<Finding>>);

fn sheets() -> impl Strategy<Value = Sheets> {
    (2usize..=3).prop_flat_map(|k| {
        (
            Just(k),
            prop::collection::vec(
                prop::collection::vec(prop::option::weighted(0.9, 1u8..=5), k),
                0..40,
            ),
            prop::collection::vec(prop::collection::vec(finding(), k), 0..60),
        )
    })
}

#[track_caller]
fn in_range(
    figure: &Result<f64, fidelity_review::review::agreement::Undefined>,
    low: f64,
    high: f64,
) {
    match figure {
        Ok(v) => assert!(
            v.is_finite() && *v >= low - 1e-9 && *v <= high + 1e-9,
            "{v}"
        ),
        Err(reason) => assert!(!reason.0.is_empty()),
    }
}

fn core() -> &'static Scale {
    static SCALE: std::sync::OnceLock<Scale> = std::sync::OnceLock::new();
    SCALE.get_or_init(|| pack::load_embedded().unwrap())
}

proptest! {
    #[test]
    fn figures_are_in_range_or_undefined((k, scores, findings) in sheets()) {
        let items: Vec<ItemScores> = scores
            .into_iter()
            .enumerate()
            .map(|(i, scores)| ItemScores { item: i as u16 + 1, scores })
            .collect();
        let criteria: Vec<CriterionFindings> = findings
            .into_iter()
            .enumerate()
            .map(|(i, findings)| CriterionFindings { item: i as u16 / 4 + 1, criterion: "abcd"[i % 4..i % 4 + 1].into(), findings })
            .collect();
        let a = compute(k, &items, &criteria);
        prop_assert_eq!(a.items_compared + a.items_left_out.len(), items.len());
        prop_assert_eq!(a.criteria.compared + a.criteria.left_out.len(), criteria.len());
        in_range(&a.exact, 0.0, 1.0);
        in_range(&a.within_one, 0.0, 1.0);
        in_range(&a.mean_abs_diff, 0.0, 4.0);
        for p in &a.pairs {
            in_range(&p.exact, 0.0, 1.0);
            in_range(&p.kappa_linear, -1.0, 1.0);
            in_range(&p.kappa_quadratic, -1.0, 1.0);
        }
        // ICC(2,1) has no lower bound on few items; it is at most 1.
        in_range(&a.icc.value, f64::MIN, 1.0);
        if let Ok((low, high)) = a.icc.ci95 {
            prop_assert!(low.is_finite() && high.is_finite() && low <= high, "{} {}", low, high);
        }
        in_range(&a.alpha_ordinal, -2.0, 1.0);
        in_range(&a.criteria.all_agree, 0.0, 1.0);
        in_range(&a.criteria.fleiss_kappa, -1.0, 1.0);
        let mut last = u8::MAX;
        for d in &a.disagreements {
            prop_assert!(d.spread > 0 && d.spread <= last);
            last = d.spread;
        }
    }

    #[test]
    fn reading_any_bytes_as_a_sheet_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = sheet::read(&bytes, core());
    }

    #[test]
    fn reading_any_text_under_a_good_header_never_panics(body in "[0-9a-z ,;\"\r\n.-]{0,300}") {
        let scale = core();
        let text = format!("item,final,met,not_met,unsure,note,flagged\n{body}");
        if let Err(errors) = sheet::read(text.as_bytes(), scale) {
            prop_assert!(errors.iter().all(|e| e.row >= 1 && !e.problem.is_empty()));
        }
    }
}
