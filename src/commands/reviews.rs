//! The commands about reviews: `new`, `list`, and the text of `summary`.

use super::*;

#[derive(Serialize)]
struct ListRow<'a> {
    path: &'a Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rated: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

pub(super) fn list(
    store: &Store,
    scale: &Scale,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let listings = store.list(scale).map_err(|e| {
        Failure::new(format!(
            "cannot read the data folder {}: {e}",
            store.dir().display()
        ))
    })?;
    if json {
        let rows: Vec<ListRow<'_>> = listings
            .iter()
            .map(|listing| match &listing.entry {
                Ok(info) => ListRow {
                    path: &listing.path,
                    team: Some(&info.team),
                    date: Some(info.date.to_string()),
                    kind: Some(info.kind.label()),
                    rated: Some(info.rated),
                    items: Some(info.items),
                    updated: Some(info.updated.to_rfc3339()),
                    error: None,
                },
                Err(reason) => ListRow {
                    path: &listing.path,
                    team: None,
                    date: None,
                    kind: None,
                    rated: None,
                    items: None,
                    updated: None,
                    error: Some(reason),
                },
            })
            .collect();
        return write_json(out, &rows);
    }
    if listings.is_empty() {
        writeln!(
            out,
            "No reviews in {} yet. Start one with `fidelity-review new`.",
            store.dir().display()
        )?;
        return Ok(());
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<28} {:<10} {:<8} {:>8}  {:<16}  FILE",
        "TEAM", "DATE", "KIND", "RATED", "LAST CHANGE"
    );
    for listing in &listings {
        match &listing.entry {
            Ok(info) => {
                let _ = writeln!(
                    text,
                    "{:<28} {:<10} {:<8} {:>8}  {:<16}  {}",
                    clip(&report::inert(&info.team), 28),
                    info.date,
                    info.kind.label(),
                    format!("{}/{}", info.rated, info.items),
                    info.updated.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                    report::inert(&listing.path.display().to_string())
                );
            }
            Err(reason) => {
                let _ = writeln!(
                    text,
                    "UNREADABLE: {} ({})",
                    report::inert(&listing.path.display().to_string()),
                    report::inert(reason)
                );
            }
        }
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(width - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// The summary as text for a terminal.
pub fn summary_text(review: &Review, scale: &Scale, summary: &Summary) -> String {
    let mut text = String::new();
    let details = &review.details;
    let _ = writeln!(
        text,
        "{} · {} · {} · {} review",
        report::inert(&details.team),
        if details.organisation.is_empty() {
            "no organisation given".into()
        } else {
            report::inert(&details.organisation)
        },
        details.date,
        details.kind.label()
    );
    let _ = writeln!(
        text,
        "{}, version {}",
        report::inert(&scale.name),
        report::inert(&scale.version)
    );
    let (low, high) = summary.total_range;
    let provisional = if summary.band_provisional && summary.band.is_some() {
        " (provisional)"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "Rated {} of {} items · total {} (range {low}–{high}) · mean {} · band {}{provisional}",
        summary.rated,
        summary.items_total,
        summary.total,
        summary
            .mean
            .map_or("–".to_owned(), |mean| format!("{mean:.2}")),
        summary.band.as_deref().map_or("–".into(), report::inert),
    );
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:<36} {:>8} {:>6} {:>7}",
        "DOMAIN", "SUBTOTAL", "MEAN", "RATED"
    );
    for domain in &summary.domains {
        let _ = writeln!(
            text,
            "{:<36} {:>8} {:>6} {:>7}",
            report::inert(&domain.name),
            domain.subtotal,
            domain
                .mean
                .map_or("–".to_owned(), |mean| format!("{mean:.2}")),
            format!("{}/{}", domain.rated, domain.items)
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:>4}  {:<44} {:>3} {:>3} {:>3} {:>9} {:>5}  FLAG",
        "ITEM", "TITLE", "MET", "NOT", "?", "SUGGESTED", "FINAL"
    );
    for item in &summary.items {
        let suggested = match item.suggested {
            Some(score) if item.provisional => format!("{score} prov."),
            Some(score) => score.to_string(),
            None => "–".to_owned(),
        };
        let _ = writeln!(
            text,
            "{:>4}  {:<44} {:>3} {:>3} {:>3} {:>9} {:>5}  {}",
            item.number,
            clip(&report::inert(&item.title), 44),
            item.met,
            item.not_met,
            item.unsure,
            suggested,
            item.final_score.map_or("–".to_owned(), |s| s.to_string()),
            if item.flagged { "⚑" } else { "" }
        );
    }
    let numbers = |list: &[u16]| {
        list.iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !summary.unrated.is_empty() {
        let _ = writeln!(text, "\nNot rated yet: {}", numbers(&summary.unrated));
    }
    if !summary.flagged.is_empty() {
        let _ = writeln!(text, "Flagged for follow-up: {}", numbers(&summary.flagged));
    }
    for o in &summary.overrides {
        let _ = writeln!(
            text,
            "Item {}: final {} instead of the suggested {} — {}",
            o.number,
            o.final_score,
            o.suggested,
            if o.rationale.trim().is_empty() {
                "no rationale given".into()
            } else {
                report::inert(&o.rationale)
            }
        );
    }
    text
}
