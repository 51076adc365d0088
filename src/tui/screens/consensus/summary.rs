//! What the summary screen adds for a consensus review: each reviewer's score beside the
//! agreed one, and the agreement figures in a few lines.

use ratatui::text::{Line, Span};

use crate::review::Review;
use crate::review::agreement::{self, Figure};
use crate::scale::Scale;
use crate::tui::text::{line, truncate};
use crate::tui::theme::Theme;

/// The heading of the reviewers' column (their initials) and its width, for a consensus review.
pub fn reviewers_heading(review: &Review) -> Option<(String, u16)> {
    let consensus = review.consensus.as_ref()?;
    let heading = consensus
        .sources
        .iter()
        .map(|s| format!("{:>3}", truncate(&line(&s.initials()), 3)))
        .collect::<String>();
    let width = u16::try_from(heading.chars().count()).unwrap_or(9);
    Some((heading, width))
}

/// Each reviewer's score of an item, in the reviewers' column.
pub fn reviewer_scores(review: &Review, scale: &Scale, item: u16) -> Option<String> {
    let consensus = review.consensus.as_ref()?;
    Some(
        consensus
            .scores(scale, item)
            .iter()
            .map(|s| format!("{:>3}", s.map_or("–".to_owned(), |s| s.to_string())))
            .collect(),
    )
}

fn percent(figure: &Figure) -> String {
    figure
        .as_ref()
        .map_or("–".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

fn number(figure: &Figure) -> String {
    figure
        .as_ref()
        .map_or("–".to_owned(), |v| format!("{v:.2}"))
}

/// The agreement figures (on the scores, on the criteria) and who the reviewers are, three
/// lines of at most `width`.
pub fn agreement_lines(
    review: &Review,
    scale: &Scale,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let Some(consensus) = review.consensus.as_ref() else {
        return Vec::new();
    };
    let figures = agreement::of_consensus(scale, consensus);
    let scores = format!(
        "exact {} · within one {} · ICC {} · alpha {} ({} items)",
        percent(&figures.exact),
        percent(&figures.within_one),
        number(&figures.icc.value),
        number(&figures.alpha_ordinal),
        figures.items_compared,
    );
    let criteria = format!(
        "alike {} · Fleiss' kappa {} ({} criteria)",
        percent(&figures.criteria.all_agree),
        number(&figures.criteria.fleiss_kappa),
        figures.criteria.compared,
    );
    let who = consensus
        .sources
        .iter()
        .map(|s| format!("{} {}", line(&s.initials()), line(&s.label())))
        .collect::<Vec<_>>()
        .join(" · ");
    let counts = review.consensus_counts(scale).to_string();
    let row = |label: &str, text: String| {
        Line::from(vec![
            Span::styled(format!("{label:<12}"), theme.heading),
            Span::raw(truncate(&text, width.saturating_sub(12))),
        ])
    };
    vec![
        row("Agreement", scores),
        row("Criteria", criteria),
        row("Reviewers", format!("{who} · {counts}")),
    ]
}
