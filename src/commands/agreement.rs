//! `agreement`: the agreement figures between 2 or 3 reviewer copies, as text or JSON.

use std::collections::BTreeMap;

use super::*;
use crate::review::agreement::{self, Agreement, Figure};
use crate::review::consensus::SourceReview;

pub(super) fn run(
    reviews: &[String],
    json: bool,
    store: &Store,
    scale: &Scale,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut sources = super::consensus::read_sources(store, scale, reviews)?;
    if let [one] = sources.as_slice() {
        sources = copies_in(one)?;
    }
    for (i, s) in sources.iter().enumerate() {
        if s.review.scale.id != scale.id || s.review.scale.version != scale.version {
            return Err(Failure::new(format!(
                "{} is a review of {} version {}, not of {} version {}; agreement is figured on one scale",
                report::inert(&s.path),
                report::inert(&s.review.scale.id),
                report::inert(&s.review.scale.version),
                scale.id,
                scale.version
            )));
        }
        if sources[..i].iter().any(|o| o.sha256 == s.sha256) {
            return Err(Failure::new(format!(
                "{} is given twice",
                report::inert(&s.path)
            )));
        }
    }
    let refs: Vec<&Review> = sources.iter().map(|s| &s.review).collect();
    let figures = agreement::of_reviews(scale, &refs);
    if json {
        write_json(out, &to_json(&sources, &figures))
    } else {
        out.write_all(text(&sources, &figures).as_bytes())?;
        Ok(())
    }
}

#[derive(Serialize)]
struct Json<'a> {
    reviews: Vec<JsonReview<'a>>,
    items_compared: usize,
    items_left_out: &'a [u16],
    exact: Option<f64>,
    within_one: Option<f64>,
    mean_abs_diff: Option<f64>,
    pairs: Vec<JsonPair>,
    icc: JsonIcc,
    alpha_ordinal: Option<f64>,
    criteria: JsonCriteria,
    disagreements: Vec<JsonDisagreement<'a>>,
    /// Each undefined figure (by its place in this object) with the reason.
    undefined: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonReview<'a> {
    id: &'a str,
    path: &'a str,
    reviewers: &'a [String],
}

#[derive(Serialize)]
struct JsonPair {
    a: usize,
    b: usize,
    exact: Option<f64>,
    kappa_linear: Option<f64>,
    kappa_quadratic: Option<f64>,
}

#[derive(Serialize)]
struct JsonIcc {
    model: &'static str,
    value: Option<f64>,
    ci95: Option<[f64; 2]>,
}

#[derive(Serialize)]
struct JsonCriteria {
    compared: usize,
    /// Criteria some reviewer left not rated, e.g. `7b`.
    left_out: Vec<String>,
    all_agree: Option<f64>,
    fleiss_kappa: Option<f64>,
}

#[derive(Serialize)]
struct JsonDisagreement<'a> {
    item: u16,
    scores: &'a [u8],
    spread: u8,
}

/// The sources of a consensus review, from the copies it holds (the files may be gone).
fn copies_in(review: &SourceReview) -> Result<Vec<SourceReview>, Failure> {
    let Some(consensus) = &review.review.consensus else {
        return Err(Failure::new(format!(
            "{} is not a consensus review; give 2 or 3 reviewer copies, or one consensus review",
            report::inert(&review.path)
        )));
    };
    Ok(consensus
        .sources
        .iter()
        .map(|s| {
            let mut copy = review.review.clone();
            copy.consensus = None;
            copy.scale = s.scale.clone();
            copy.details = s.details.clone();
            copy.items = s.items.clone();
            SourceReview {
                id: s.id.clone(),
                path: s.path.clone(),
                sha256: s.sha256.clone(),
                review: copy,
            }
        })
        .collect())
}

/// The JSON of the figures: `format` 1; an undefined figure is `null`, and `undefined` names
/// each with its reason.
fn to_json<'a>(sources: &'a [SourceReview], figures: &'a Agreement) -> Json<'a> {
    let mut undefined = BTreeMap::new();
    let mut figure = |name: String, figure: &Figure| match figure {
        Ok(value) => Some(*value),
        Err(reason) => {
            undefined.insert(name, reason.0.clone());
            None
        }
    };
    let reviews = sources
        .iter()
        .map(|s| JsonReview {
            id: &s.id,
            path: &s.path,
            reviewers: &s.review.details.reviewers,
        })
        .collect();
    let exact = figure("exact".into(), &figures.exact);
    let within_one = figure("within_one".into(), &figures.within_one);
    let mean_abs_diff = figure("mean_abs_diff".into(), &figures.mean_abs_diff);
    let pairs = figures
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| JsonPair {
            a: p.a,
            b: p.b,
            exact: figure(format!("pairs[{i}].exact"), &p.exact),
            kappa_linear: figure(format!("pairs[{i}].kappa_linear"), &p.kappa_linear),
            kappa_quadratic: figure(format!("pairs[{i}].kappa_quadratic"), &p.kappa_quadratic),
        })
        .collect();
    let value = figure("icc.value".into(), &figures.icc.value);
    let ci95 = match &figures.icc.ci95 {
        Ok((low, high)) => Some([*low, *high]),
        Err(reason) => figure("icc.ci95".into(), &Err(reason.clone())).map(|v| [v, v]),
    };
    let alpha_ordinal = figure("alpha_ordinal".into(), &figures.alpha_ordinal);
    let criteria = JsonCriteria {
        compared: figures.criteria.compared,
        left_out: figures
            .criteria
            .left_out
            .iter()
            .map(|(item, c)| format!("{item}{c}"))
            .collect(),
        all_agree: figure("criteria.all_agree".into(), &figures.criteria.all_agree),
        fleiss_kappa: figure(
            "criteria.fleiss_kappa".into(),
            &figures.criteria.fleiss_kappa,
        ),
    };
    let disagreements = figures
        .disagreements
        .iter()
        .map(|d| JsonDisagreement {
            item: d.item,
            scores: &d.scores,
            spread: d.spread,
        })
        .collect();
    Json {
        reviews,
        items_compared: figures.items_compared,
        items_left_out: &figures.items_left_out,
        exact,
        within_one,
        mean_abs_diff,
        pairs,
        icc: JsonIcc {
            model: "ICC(2,1)",
            value,
            ci95,
        },
        alpha_ordinal,
        criteria,
        disagreements,
        undefined,
    }
}

fn percent(figure: &Figure) -> String {
    match figure {
        Ok(value) => format!("{:.0}%", value * 100.0),
        Err(reason) => format!("– ({reason})"),
    }
}

fn number(figure: &Figure) -> String {
    match figure {
        Ok(value) => format!("{value:.2}"),
        Err(reason) => format!("– ({reason})"),
    }
}

fn numbers(list: &[u16]) -> String {
    list.iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The figures as text for a terminal.
fn text(sources: &[SourceReview], figures: &Agreement) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "Agreement of {} reviews", sources.len());
    for (i, s) in sources.iter().enumerate() {
        let who = s.review.details.reviewers.join(", ");
        let _ = writeln!(
            t,
            "  {}. {}{}",
            i + 1,
            report::inert(&s.path),
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({})", report::inert(&who))
            }
        );
    }
    let _ = writeln!(t);
    let _ = write!(
        t,
        "Items compared: {} (scored by every reviewer)",
        figures.items_compared
    );
    if figures.items_left_out.is_empty() {
        let _ = writeln!(t);
    } else {
        let _ = writeln!(
            t,
            "; left out, not scored by all: {} (items {})",
            figures.items_left_out.len(),
            numbers(&figures.items_left_out)
        );
    }
    let _ = writeln!(t, "Exact agreement:         {}", percent(&figures.exact));
    let _ = writeln!(
        t,
        "Within one point:        {}",
        percent(&figures.within_one)
    );
    let _ = writeln!(
        t,
        "Mean absolute difference: {}",
        number(&figures.mean_abs_diff)
    );
    let icc = match (&figures.icc.value, &figures.icc.ci95) {
        (Ok(v), Ok((lo, hi))) => format!("{v:.2} (95% CI {lo:.2} to {hi:.2})"),
        (Ok(v), Err(reason)) => format!("{v:.2} (no 95% CI: {reason})"),
        (Err(reason), _) => format!("– ({reason})"),
    };
    let _ = writeln!(t, "ICC(2,1), absolute agreement: {icc}");
    let _ = writeln!(
        t,
        "Krippendorff's alpha (ordinal, items scored by two or more): {}",
        number(&figures.alpha_ordinal)
    );
    if !figures.pairs.is_empty() {
        let _ = writeln!(t);
        let _ = writeln!(
            t,
            "{:<8} {:>7} {:>14} {:>17}",
            "PAIR", "EXACT", "KAPPA LINEAR", "KAPPA QUADRATIC"
        );
        let mut reasons = Vec::new();
        for p in &figures.pairs {
            let mut cell = |f: &Figure, pct: bool| match f {
                Ok(v) if pct => format!("{:.0}%", v * 100.0),
                Ok(v) => format!("{v:.2}"),
                Err(reason) => {
                    if !reasons.contains(&reason.0) {
                        reasons.push(reason.0.clone());
                    }
                    "–".into()
                }
            };
            let exact = cell(&p.exact, true);
            let linear = cell(&p.kappa_linear, false);
            let quadratic = cell(&p.kappa_quadratic, false);
            let _ = writeln!(
                t,
                "{:<8} {exact:>7} {linear:>14} {quadratic:>17}",
                format!("{} and {}", p.a + 1, p.b + 1)
            );
        }
        for reason in reasons {
            let _ = writeln!(t, "  –: {reason}");
        }
    }
    let c = &figures.criteria;
    let _ = writeln!(t);
    let _ = write!(
        t,
        "Criteria compared: {} (rated by every reviewer)",
        c.compared
    );
    if c.left_out.is_empty() {
        let _ = writeln!(t);
    } else {
        let names: Vec<String> = c
            .left_out
            .iter()
            .map(|(i, id)| format!("{i}{id}"))
            .collect();
        let _ = writeln!(t, "; left out: {} ({})", names.len(), names.join(", "));
    }
    let _ = writeln!(t, "All reviewers agree:     {}", percent(&c.all_agree));
    let _ = writeln!(
        t,
        "Fleiss' kappa (met / not met / unsure): {}",
        number(&c.fleiss_kappa)
    );
    let _ = writeln!(t);
    if figures.disagreements.is_empty() {
        let _ = writeln!(t, "No compared item was scored differently.");
    } else {
        let _ = writeln!(t, "Scored differently, largest spread first:");
        for d in &figures.disagreements {
            let scores: Vec<String> = d.scores.iter().map(u8::to_string).collect();
            let _ = writeln!(
                t,
                "  item {:>2}: {} (spread {})",
                d.item,
                scores.join(", "),
                d.spread
            );
        }
    }
    t
}
