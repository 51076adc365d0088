//! The `compare` command: two reviews of a team side by side.

use super::*;
use crate::review::Comparison;
use crate::review::stats::show;
use crate::store::review_id;

/// The link to the team's last review, named by path or id, for a new review on `scale`.
pub(super) fn link_previous(
    store: &Store,
    previous: &str,
    scale: &Scale,
) -> Result<crate::review::Previous, Failure> {
    let path = existing(store, previous)?;
    let review = store::read(&path)?;
    crate::review::Previous::of(&review_id(&path), &review, scale)
        .map_err(|e| Failure::new(format!("--previous: {e}")))
}

pub(super) fn compare(
    store: &Store,
    scale: &Scale,
    (old, new): (&str, &str),
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let old_path = existing(store, old)?;
    let new_path = existing(store, new)?;
    let old = (review_id(&old_path), read_review(store, old, scale)?);
    let new = (review_id(&new_path), read_review(store, new, scale)?);
    let comparison = Comparison::of((&old.0, &old.1), (&new.0, &new.1), scale).map_err(|e| {
        let hint = match e {
            crate::review::CompareError::NotThisScale { .. } => " (with --content DIR)",
            _ => "",
        };
        Failure::new(format!("{e}{hint}"))
    })?;
    if json {
        return write_json(out, &comparison);
    }
    out.write_all(compare_text(&comparison, scale).as_bytes())?;
    Ok(())
}

/// The comparison as text for a terminal.
pub fn compare_text(c: &Comparison, scale: &Scale) -> String {
    let mut text = String::new();
    let mean = |m: Option<f64>| m.map_or("–".to_owned(), |m| format!("{m:.2}"));
    let band = |b: &Option<String>| -> String {
        b.as_deref()
            .map_or("–".into(), |b| report::inert(b).into_owned())
    };
    let change = |c: Option<f64>| match c {
        Some(c) if c > 0.0 => format!("+{}", show(c)),
        Some(c) => show(c),
        None => "–".to_owned(),
    };
    let team = if c.old.team == c.new.team {
        report::inert(&c.new.team).into_owned()
    } else {
        format!(
            "{} → {}",
            report::inert(&c.old.team),
            report::inert(&c.new.team)
        )
    };
    let _ = writeln!(
        text,
        "{team} · {} ({}) → {} ({}) · {}, version {}",
        c.old.date,
        report::inert(&c.old.id),
        c.new.date,
        report::inert(&c.new.id),
        report::inert(&scale.name),
        report::inert(&scale.version)
    );
    let _ = writeln!(
        text,
        "Total {} → {} ({}) · mean {} → {} · band {} → {}",
        c.old.total,
        c.new.total,
        change(Some(c.total_change as f64)),
        mean(c.old.mean),
        mean(c.new.mean),
        band(&c.old.band),
        band(&c.new.band)
    );
    if c.old.rated < scale.items.len() || c.new.rated < scale.items.len() {
        let _ = writeln!(
            text,
            "Items scored: {} then {}, of {}",
            c.old.rated,
            c.new.rated,
            scale.items.len()
        );
    }
    let numbers = |list: &[u16]| {
        if list.is_empty() {
            "none".to_owned()
        } else {
            list.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(text, "Improved: {}", numbers(&c.improved));
    let _ = writeln!(text, "Declined: {}", numbers(&c.declined));
    let _ = writeln!(text, "Unchanged: {}", numbers(&c.unchanged));
    if !c.not_scored.is_empty() {
        let _ = writeln!(
            text,
            "Not scored in one of the two: {}",
            numbers(&c.not_scored)
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:<36} {:>6} {:>6} {:>7}",
        "DOMAIN", "OLD", "NEW", "CHANGE"
    );
    for d in &c.domains {
        let delta = d.old_mean.zip(d.new_mean).map(|(o, n)| n - o);
        let _ = writeln!(
            text,
            "{:<36} {:>6} {:>6} {:>7}",
            report::inert(&d.name),
            mean(d.old_mean),
            mean(d.new_mean),
            change(delta)
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:>4}  {:<44} {:>3} {:>3} {:>6}",
        "ITEM", "TITLE", "OLD", "NEW", "CHANGE"
    );
    let score = |s: Option<u8>| s.map_or("–".to_owned(), |s| s.to_string());
    for item in &c.items {
        let _ = writeln!(
            text,
            "{:>4}  {:<44} {:>3} {:>3} {:>6}",
            item.number,
            super::table::clip(&report::inert(&item.title), 44),
            score(item.old),
            score(item.new),
            change(item.change.map(f64::from))
        );
    }
    for (heading, list) in [
        ("Criteria newly met", &c.newly_met),
        ("Criteria newly lost", &c.newly_lost),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n{heading}:");
        for x in list {
            let _ = writeln!(
                text,
                "  {}{}  {}",
                x.item,
                report::inert(&x.criterion),
                report::inert(&x.text)
            );
        }
    }
    text
}
