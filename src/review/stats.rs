//! Order statistics for the programme view: median, quartiles, least and greatest.
//!
//! Quartiles are by linear interpolation between the order statistics, the method of R's
//! `quantile(type = 7)` (its default) and numpy's `percentile` default (`method="linear"`): for
//! `n` sorted values `x[0] ≤ … ≤ x[n-1]` and a probability `p`, take `h = (n - 1)·p`; the
//! quantile is `x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋])`.

use serde::{Serialize, Serializer};

/// The `p` quantile (0 ≤ p ≤ 1) of values sorted lowest first, by R's type 7; `None` for no
/// values.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let below = h.floor() as usize;
    let above = (below + 1).min(last);
    Some(sorted[below] + (h - below as f64) * (sorted[above] - sorted[below]))
}

/// How a set of values spreads: how many, the median, the quartiles, the least and the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub n: usize,
    #[serde(serialize_with = "number")]
    pub median: f64,
    #[serde(serialize_with = "number")]
    pub q1: f64,
    #[serde(serialize_with = "number")]
    pub q3: f64,
    #[serde(serialize_with = "number")]
    pub min: f64,
    #[serde(serialize_with = "number")]
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (in any order); `None` for none. Values that are not numbers are
    /// passed over.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| !v.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        Some(Spread {
            n: sorted.len(),
            median: quantile(&sorted, 0.5)?,
            q1: quantile(&sorted, 0.25)?,
            q3: quantile(&sorted, 0.75)?,
            min: *sorted.first()?,
            max: *sorted.last()?,
        })
    }
}

/// A figure as JSON shows it: a whole number without a decimal point, anything else to two
/// decimal places.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Serializes a figure as [`round2`] gives it, whole numbers as integers (`3`, not `3.0`).
pub fn number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let rounded = round2(*value);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        serializer.serialize_i64(rounded as i64)
    } else {
        serializer.serialize_f64(rounded)
    }
}

/// [`number`] for a figure that may be missing (`null`).
pub fn optional_number<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => number(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// A figure for text: a whole number as it is, anything else to two decimal places.
pub fn show(value: f64) -> String {
    let rounded = round2(value);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_by_linear_interpolation_worked_by_hand() {
        // Values 1, 2, 2, 3, 4, 5 (n = 6, positions 0..5).
        // Q1: h = 5 × 0.25 = 1.25 → x[1] + 0.25 × (x[2] − x[1]) = 2 + 0.25 × 0 = 2
        // Median: h = 2.5 → x[2] + 0.5 × (x[3] − x[2]) = 2 + 0.5 × 1 = 2.5
        // Q3: h = 3.75 → x[3] + 0.75 × (x[4] − x[3]) = 3 + 0.75 × 1 = 3.75
        let spread = Spread::of([4.0, 2.0, 1.0, 5.0, 3.0, 2.0]).unwrap();
        assert_eq!((spread.q1, spread.median, spread.q3), (2.0, 2.5, 3.75));
        assert_eq!((spread.min, spread.max, spread.n), (1.0, 5.0, 6));
    }

    #[test]
    fn quantiles_match_r_and_numpy() {
        // R: quantile(c(1, 3, 4, 8, 10), c(.25, .5, .75)) gives 3, 4, 8;
        //    quantile(1:10, c(.25, .5, .75)) gives 3.25, 5.5, 7.75;
        //    quantile(c(7, 15, 36, 39, 40, 41), c(.25, .75)) gives 20.25, 39.75.
        // numpy.percentile with the same data and [25, 50, 75] gives the same figures.
        let q = |values: &[f64], p| quantile(values, p).unwrap();
        assert_eq!(
            [0.25, 0.5, 0.75].map(|p| q(&[1.0, 3.0, 4.0, 8.0, 10.0], p)),
            [3.0, 4.0, 8.0]
        );
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!([0.25, 0.5, 0.75].map(|p| q(&ten, p)), [3.25, 5.5, 7.75]);
        let six = [7.0, 15.0, 36.0, 39.0, 40.0, 41.0];
        assert_eq!([0.25, 0.75].map(|p| q(&six, p)), [20.25, 39.75]);
        // numpy's own documentation: np.percentile([[10, 7, 4], [3, 2, 1]], 50) is 3.5.
        assert_eq!(
            Spread::of([10.0, 7.0, 4.0, 3.0, 2.0, 1.0]).unwrap().median,
            3.5
        );
        assert_eq!(q(&[42.0], 0.25), 42.0);
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn figures_print_as_whole_numbers_or_two_places() {
        let json = |v: f64| {
            let mut out = Vec::new();
            number(&v, &mut serde_json::Serializer::new(&mut out)).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(json(3.0), "3");
        assert_eq!(json(2.5), "2.5");
        assert_eq!(json(3.0333), "3.03");
        assert_eq!(json(-4.0), "-4");
        assert_eq!(show(3.0), "3");
        assert_eq!(show(3.125), "3.13");
    }
}
