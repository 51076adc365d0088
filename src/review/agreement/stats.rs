//! The published reliability coefficients, each over plain numbers: weighted kappa, ICC(2,1)
//! with its confidence interval, Krippendorff's ordinal alpha and Fleiss' kappa. A figure that
//! the data leave undefined is an [`Undefined`] with the reason, never NaN.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

/// Why a figure has no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Undefined(pub String);

impl Undefined {
    fn new(reason: impl Into<String>) -> Self {
        Undefined(reason.into())
    }
}

/// A figure, or why it is undefined.
pub type Figure = Result<f64, Undefined>;

/// A finite value, or the reason given.
fn finite(value: f64, reason: &str) -> Figure {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Undefined::new(reason))
    }
}

/// How disagreement between two scores is weighted in [`weighted_kappa`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weights {
    /// |i − j|.
    Linear,
    /// (i − j)².
    Quadratic,
}

/// Cohen's (1968) weighted kappa of two raters' scores, one pair per unit:
/// 1 − Σ w·observed / Σ w·expected, with disagreement weights on the score values (so the
/// linear and quadratic agreement weights 1 − |i−j|/(k−1) and 1 − (i−j)²/(k−1)² give the
/// same coefficient).
pub fn weighted_kappa(pairs: &[(u8, u8)], weights: Weights) -> Figure {
    if pairs.is_empty() {
        return Err(Undefined::new("no unit was scored by both"));
    }
    let n = pairs.len() as f64;
    let weight = |a: u8, b: u8| {
        let d = f64::from(a.abs_diff(b));
        match weights {
            Weights::Linear => d,
            Weights::Quadratic => d * d,
        }
    };
    let observed: f64 = pairs.iter().map(|&(a, b)| weight(a, b)).sum::<f64>() / n;
    let mut expected = 0.0;
    for &(a, _) in pairs {
        for &(_, b) in pairs {
            expected += weight(a, b);
        }
    }
    expected /= n * n;
    if expected == 0.0 {
        return Err(Undefined::new(
            "both gave one and the same score throughout: no disagreement could be expected",
        ));
    }
    finite(1.0 - observed / expected, "not a number")
}

/// An intraclass correlation with its 95% confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Icc {
    pub value: Figure,
    pub ci95: Result<(f64, f64), Undefined>,
}

/// ICC(2,1) (Shrout & Fleiss 1979; ICC(A,1) in McGraw & Wong 1996): two-way random effects,
/// absolute agreement, a single rater, over `rows` (targets) each scored by every rater
/// (columns). The 95% interval is McGraw & Wong's F-based one (case 2A), with Satterthwaite's
/// degrees of freedom.
pub fn icc_2_1(rows: &[Vec<f64>]) -> Icc {
    let undefined = |reason: &str| Icc {
        value: Err(Undefined::new(reason)),
        ci95: Err(Undefined::new(reason)),
    };
    let n = rows.len();
    let k = rows.first().map_or(0, Vec::len);
    if n < 2 {
        return undefined("fewer than two items scored by every reviewer");
    }
    if k < 2 || rows.iter().any(|row| row.len() != k) {
        return undefined("fewer than two reviewers");
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = rows.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = rows.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / nf)
        .collect();
    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_total: f64 = rows.iter().flatten().map(|x| (x - grand).powi(2)).sum();
    let ss_error = (ss_total - ss_rows - ss_cols).max(0.0);
    let msr = ss_rows / (nf - 1.0);
    let msc = ss_cols / (kf - 1.0);
    let mse = ss_error / ((nf - 1.0) * (kf - 1.0));
    let denominator = msr + (kf - 1.0) * mse + kf * (msc - mse) / nf;
    if ss_total == 0.0 {
        return undefined("the scores do not vary: every reviewer gave every item the same score");
    }
    if denominator.abs() <= 1e-12 * ss_total {
        return undefined(
            "the variance terms cancel out for these few items: the ICC's denominator is zero",
        );
    }
    let icc = (msr - mse) / denominator;
    let value = finite(icc, "not a number");
    let ci95 = match value {
        Ok(icc) => icc_ci(icc, nf, kf, msr, msc, mse),
        Err(ref e) => Err(e.clone()),
    };
    Icc { value, ci95 }
}

fn icc_ci(icc: f64, n: f64, k: f64, msr: f64, msc: f64, mse: f64) -> Result<(f64, f64), Undefined> {
    let no_ci = || {
        Undefined::new(
            "the scores leave no residual variation (reviewers differ by a constant or not at all), so the F-based interval is undefined",
        )
    };
    if mse <= 0.0 || icc >= 1.0 {
        return Err(no_ci());
    }
    let fj = msc / mse;
    let a = k * icc * fj + n * (1.0 + (k - 1.0) * icc) - k * icc;
    let v = (k - 1.0) * (n - 1.0) * a.powi(2)
        / ((n - 1.0) * k.powi(2) * icc.powi(2) * fj.powi(2)
            + (n * (1.0 + (k - 1.0) * icc) - k * icc).powi(2));
    if !v.is_finite() || v <= 0.0 {
        return Err(no_ci());
    }
    let quantile = |d1: f64, d2: f64| {
        FisherSnedecor::new(d1, d2)
            .map(|f| f.inverse_cdf(0.975))
            .map_err(|_| no_ci())
    };
    let f_upper = quantile(n - 1.0, v)?;
    let f_lower = quantile(v, n - 1.0)?;
    let spread = k * msc + (k * n - k - n) * mse;
    let low = n * (msr - f_upper * mse) / (f_upper * spread + n * msr);
    let high = n * (f_lower * msr - mse) / (spread + n * f_lower * msr);
    if low.is_finite() && high.is_finite() {
        Ok((low, high))
    } else {
        Err(no_ci())
    }
}

/// Krippendorff's alpha with the ordinal metric, over units (rows) each holding one value per
/// coder, `None` where a coder gave none (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability"). Units with fewer than two values are not pairable and drop out.
pub fn krippendorff_alpha_ordinal(units: &[Vec<Option<u8>>]) -> Figure {
    let mut values: Vec<u8> = units.iter().flatten().flatten().copied().collect();
    values.sort_unstable();
    values.dedup();
    let index = |v: u8| values.binary_search(&v).unwrap_or(0);
    let c = values.len();
    let mut coincidence = vec![vec![0.0f64; c]; c];
    for unit in units {
        let present: Vec<usize> = unit.iter().flatten().map(|&v| index(v)).collect();
        let m = present.len();
        if m < 2 {
            continue;
        }
        for (i, &a) in present.iter().enumerate() {
            for (j, &b) in present.iter().enumerate() {
                if i != j {
                    coincidence[a][b] += 1.0 / (m as f64 - 1.0);
                }
            }
        }
    }
    let marginals: Vec<f64> = coincidence.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = marginals.iter().sum();
    if n <= 1.0 {
        return Err(Undefined::new(
            "fewer than two pairable values: no item was scored by two reviewers",
        ));
    }
    // The ordinal metric: (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
    let delta = |a: usize, b: usize| {
        let (lo, hi) = (a.min(b), a.max(b));
        let between: f64 = marginals[lo..=hi].iter().sum();
        (between - (marginals[lo] + marginals[hi]) / 2.0).powi(2)
    };
    let mut observed = 0.0;
    let mut expected = 0.0;
    for a in 0..c {
        for b in 0..c {
            let d = delta(a, b);
            observed += coincidence[a][b] * d;
            expected += marginals[a] * marginals[b] * d;
        }
    }
    expected /= n - 1.0;
    if expected == 0.0 {
        return Err(Undefined::new(
            "every value given is the same: no disagreement could be expected",
        ));
    }
    finite(1.0 - observed / expected, "not a number")
}

/// Fleiss' (1971) kappa over subjects (rows), each row the number of raters who put the
/// subject in each category; every row has the same number of raters (at least two).
pub fn fleiss_kappa(counts: &[Vec<usize>]) -> Figure {
    let Some(first) = counts.first() else {
        return Err(Undefined::new("no criterion was rated by every reviewer"));
    };
    let raters: usize = first.iter().sum();
    if raters < 2 || counts.iter().any(|row| row.iter().sum::<usize>() != raters) {
        return Err(Undefined::new("fewer than two raters on a subject"));
    }
    let (n, m) = (counts.len() as f64, raters as f64);
    let categories = first.len();
    let mut share = vec![0.0; categories];
    let mut agreement = 0.0;
    for row in counts {
        let squares: f64 = row.iter().map(|&c| (c * c) as f64).sum();
        agreement += (squares - m) / (m * (m - 1.0));
        for (j, &c) in row.iter().enumerate() {
            share[j] += c as f64 / (n * m);
        }
    }
    let observed = agreement / n;
    let expected: f64 = share.iter().map(|p| p * p).sum();
    if (1.0 - expected).abs() < 1e-12 {
        return Err(Undefined::new(
            "every finding is in one category: no disagreement could be expected",
        ));
    }
    finite((observed - expected) / (1.0 - expected), "not a number")
}
