//! The agreement figures against published worked examples (each source named) and against
//! standard statistics packages on random sheets (tests/fixtures/agreement/, made by
//! scripts/agreement_fixtures.py with pingouin 0.7.0, krippendorff 0.9.0, scikit-learn 1.9.1
//! and statsmodels 0.15.0; the versions are also in the fixture).

use fidelity_review::review::Finding;
use fidelity_review::review::agreement::{
    CriterionFindings, ItemScores, Weights, compute, fleiss_kappa, icc_2_1,
    krippendorff_alpha_ordinal, weighted_kappa,
};
use serde_json::Value;

#[track_caller]
fn close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not {expected} (± {tolerance})"
    );
}

/// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
/// reliability. Psychological Bulletin 86(2), 420–428. Table 2: 6 targets rated by 4 judges;
/// Table 4 gives ICC(2,1) = .29. (The 95% interval, 0.02 to 0.76, is the one R's psych::ICC
/// prints for this table, in its documentation.)
#[test]
fn icc_2_1_of_shrout_and_fleiss_table_2() {
    let table = [
        [9.0, 2.0, 5.0, 8.0],
        [6.0, 1.0, 3.0, 2.0],
        [8.0, 4.0, 6.0, 8.0],
        [7.0, 1.0, 2.0, 6.0],
        [10.0, 5.0, 6.0, 9.0],
        [6.0, 2.0, 4.0, 7.0],
    ];
    let rows: Vec<Vec<f64>> = table.iter().map(|r| r.to_vec()).collect();
    let icc = icc_2_1(&rows);
    close(icc.value.unwrap(), 0.29, 0.005);
    let (low, high) = icc.ci95.unwrap();
    close(low, 0.02, 0.005);
    close(high, 0.76, 0.005);
}

/// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
/// Bulletin 76(5), 378–382: 30 patients, each diagnosed by 6 psychiatrists into 5 categories
/// (depression, personality disorder, schizophrenia, neurosis, other); kappa = .430. The table
/// as R's irr package ships it (`diagnoses`), one diagnosis per psychiatrist.
#[test]
fn fleiss_kappa_of_fleiss_1971() {
    let diagnoses: [[usize; 6]; 30] = [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ];
    let counts: Vec<Vec<usize>> = diagnoses
        .iter()
        .map(|row| {
            let mut c = vec![0; 5];
            for d in row {
                c[d - 1] += 1;
            }
            c
        })
        .collect();
    close(fleiss_kappa(&counts).unwrap(), 0.430, 0.0005);
}

/// The worked example of Wikipedia's "Fleiss' kappa" article: 10 subjects, 14 raters, 5
/// categories; kappa = 0.210.
#[test]
fn fleiss_kappa_of_the_wikipedia_example() {
    let counts = vec![
        vec![0, 0, 0, 0, 14],
        vec![0, 2, 6, 4, 2],
        vec![0, 0, 3, 5, 6],
        vec![0, 3, 9, 2, 0],
        vec![2, 2, 8, 1, 1],
        vec![7, 7, 0, 0, 0],
        vec![3, 2, 6, 3, 0],
        vec![2, 5, 3, 2, 2],
        vec![6, 5, 2, 1, 0],
        vec![0, 2, 2, 3, 7],
    ];
    close(fleiss_kappa(&counts).unwrap(), 0.210, 0.0005);
}

fn pairs_of(table: &[&[usize]]) -> Vec<(u8, u8)> {
    let mut pairs = Vec::new();
    for (i, row) in table.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            pairs.extend(std::iter::repeat_n((i as u8 + 1, j as u8 + 1), n));
        }
    }
    pairs
}

/// Agresti, A. (2002). Categorical Data Analysis, 2nd ed., Wiley, section 10.5: two
/// pathologists' diagnoses of carcinoma on 118 slides (5 ordered categories, from Landis &
/// Koch 1977); kappa = 0.498 and weighted kappa with weights 1 − (i − j)²/(I − 1)² = 0.779.
#[test]
fn quadratic_weighted_kappa_of_agrestis_carcinoma_table() {
    let table: [&[usize]; 5] = [
        &[22, 2, 2, 0, 0],
        &[5, 7, 14, 0, 0],
        &[0, 2, 36, 0, 0],
        &[0, 1, 14, 7, 0],
        &[0, 0, 3, 0, 3],
    ];
    let pairs = pairs_of(&table);
    assert_eq!(pairs.len(), 118);
    close(
        weighted_kappa(&pairs, Weights::Quadratic).unwrap(),
        0.779,
        0.0005,
    );
}

/// SAS/STAT PROC FREQ's weighted kappa (Cicchetti–Allison, i.e. linear, weights) for the
/// 3 × 3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]]: 0.4701, as printed in the SAS output that
/// statsmodels' test suite reproduces (statsmodels/stats/tests/test_inter_rater.py).
#[test]
fn linear_weighted_kappa_of_the_sas_example() {
    let table: [&[usize]; 3] = [&[0, 4, 1], &[0, 8, 0], &[0, 1, 5]];
    close(
        weighted_kappa(&pairs_of(&table), Weights::Linear).unwrap(),
        0.4701,
        0.00005,
    );
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
/// Communication, University of Pennsylvania. Section C, 4 observers × 12 units with missing
/// values; ordinal alpha = 0.815.
#[test]
fn ordinal_alpha_of_krippendorffs_example() {
    let n = None;
    let observers = [
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(1),
            Some(4),
            Some(1),
            Some(2),
            n,
            n,
            n,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(2),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            n,
            Some(3),
        ],
        [
            n,
            Some(3),
            Some(3),
            Some(3),
            Some(2),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(5),
            Some(1),
            n,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            Some(1),
            n,
        ],
    ];
    let units: Vec<Vec<Option<u8>>> = (0..12)
        .map(|u| observers.iter().map(|o| o[u]).collect())
        .collect();
    close(krippendorff_alpha_ordinal(&units).unwrap(), 0.815, 0.0005);
}

#[test]
fn undefined_figures_say_why_and_are_never_nan() {
    // One item: no ICC; everyone the same throughout: no kappa, no alpha, no Fleiss.
    let items = vec![
        ItemScores {
            item: 1,
            scores: vec![Some(3), Some(3)],
        },
        ItemScores {
            item: 2,
            scores: vec![Some(3), None],
        },
    ];
    let criteria = vec![CriterionFindings {
        item: 1,
        criterion: "a".into(),
        findings: vec![Finding::Met, Finding::Met],
    }];
    let a = compute(2, &items, &criteria);
    assert_eq!(a.items_compared, 1);
    assert_eq!(a.items_left_out, vec![2]);
    assert_eq!(a.exact, Ok(1.0));
    assert!(a.icc.value.unwrap_err().0.contains("fewer than two items"));
    assert!(
        a.pairs[0]
            .kappa_linear
            .as_ref()
            .unwrap_err()
            .0
            .contains("same score")
    );
    assert!(a.alpha_ordinal.is_err());
    assert!(a.criteria.fleiss_kappa.is_err());
    // Nothing at all.
    let none = compute(3, &[], &[]);
    assert!(none.exact.is_err() && none.mean_abs_diff.is_err() && none.icc.value.is_err());
    assert!(none.criteria.all_agree.is_err());
    // Constant scores over many items.
    let flat: Vec<ItemScores> = (1..=5)
        .map(|item| ItemScores {
            item,
            scores: vec![Some(4); 3],
        })
        .collect();
    let f = compute(3, &flat, &[]);
    assert!(f.icc.value.unwrap_err().0.contains("do not vary"));
    assert_eq!(f.mean_abs_diff, Ok(0.0));
    // Perfect agreement with spread between items: ICC 1, no F-based interval.
    let perfect: Vec<ItemScores> = (1..=5)
        .map(|item| ItemScores {
            item,
            scores: vec![Some(item as u8); 2],
        })
        .collect();
    let p = compute(2, &perfect, &[]);
    close(p.icc.value.unwrap(), 1.0, 1e-12);
    assert!(p.icc.ci95.is_err());
    close(p.alpha_ordinal.unwrap(), 1.0, 1e-12);
}

fn finding(name: &str) -> Finding {
    match name {
        "met" => Finding::Met,
        "not_met" => Finding::NotMet,
        "unsure" => Finding::Unsure,
        _ => Finding::NotRated,
    }
}

fn f64_of(value: &Value) -> f64 {
    value.as_f64().expect("a number")
}

/// Random sheets against pingouin (ICC and its CI), scikit-learn (weighted kappa),
/// krippendorff (ordinal alpha) and statsmodels (Fleiss' kappa), computed once.
#[test]
fn random_sheets_match_the_statistics_packages() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/agreement/random-sheets.json"
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(fixture["packages"]["pingouin"], "0.7.0");
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for (n, case) in cases.iter().enumerate() {
        let reviewers = case["reviewers"].as_u64().unwrap() as usize;
        let items: Vec<ItemScores> = case["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| ItemScores {
                item: i["item"].as_u64().unwrap() as u16,
                scores: i["scores"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_u64().map(|s| s as u8))
                    .collect(),
            })
            .collect();
        let criteria: Vec<CriterionFindings> = case["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| CriterionFindings {
                item: c["item"].as_u64().unwrap() as u16,
                criterion: c["criterion"].as_str().unwrap().into(),
                findings: c["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| finding(f.as_str().unwrap()))
                    .collect(),
            })
            .collect();
        let e = &case["expected"];
        let a = compute(reviewers, &items, &criteria);
        println!("case {n}");
        assert_eq!(
            a.items_compared as u64,
            e["items_compared"].as_u64().unwrap()
        );
        let left_out: Vec<u16> = e["items_left_out"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u16)
            .collect();
        assert_eq!(a.items_left_out, left_out);
        close(a.exact.unwrap(), f64_of(&e["exact"]), 1e-12);
        close(a.within_one.unwrap(), f64_of(&e["within_one"]), 1e-12);
        close(a.mean_abs_diff.unwrap(), f64_of(&e["mean_abs_diff"]), 1e-12);
        let pairs = e["pairs"].as_array().unwrap();
        assert_eq!(a.pairs.len(), pairs.len());
        for (ours, theirs) in a.pairs.iter().zip(pairs) {
            assert_eq!(ours.a as u64, theirs["a"].as_u64().unwrap());
            assert_eq!(ours.b as u64, theirs["b"].as_u64().unwrap());
            close(ours.exact.clone().unwrap(), f64_of(&theirs["exact"]), 1e-12);
            close(
                ours.kappa_linear.clone().unwrap(),
                f64_of(&theirs["kappa_linear"]),
                1e-9,
            );
            close(
                ours.kappa_quadratic.clone().unwrap(),
                f64_of(&theirs["kappa_quadratic"]),
                1e-9,
            );
        }
        close(a.icc.value.clone().unwrap(), f64_of(&e["icc"]), 1e-9);
        let (low, high) = a.icc.ci95.clone().unwrap();
        close(low, f64_of(&e["icc_ci95"][0]), 1e-6);
        close(high, f64_of(&e["icc_ci95"][1]), 1e-6);
        close(
            a.alpha_ordinal.clone().unwrap(),
            f64_of(&e["alpha_ordinal"]),
            1e-9,
        );
        assert_eq!(
            a.criteria.compared as u64,
            e["criteria_compared"].as_u64().unwrap()
        );
        close(
            a.criteria.all_agree.clone().unwrap(),
            f64_of(&e["criteria_all_agree"]),
            1e-12,
        );
        close(
            a.criteria.fleiss_kappa.clone().unwrap(),
            f64_of(&e["fleiss_kappa"]),
            1e-9,
        );
    }
}
