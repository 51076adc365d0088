//! The programme view as one self-contained HTML page to read or print on A4: inline CSS, an
//! inline SVG chart of each team's total against the programme's median and the reference
//! band, and the tables of teams, domains and items.
//!
//! Every piece of text from a file or a pack goes through [`escape`], so a team called
//! `<script>` is shown, never run; numbers are formatted here.

use std::fmt::Write as _;

use crate::review::Programme;
use crate::review::stats::{Spread, show};
use crate::scale::Scale;

/// Text made safe inside HTML elements and quoted attributes; control and bidi characters are
/// shown as visible escapes first.
pub fn escape(text: &str) -> String {
    let text = super::inert(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body { font-family: system-ui, sans-serif; font-size: 11pt; color: #111; margin: 2em auto; max-width: 60em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
p.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.weak td { background: #fdecea; }
.chart svg { width: 100%; height: auto; }
.legend { font-size: 0.9em; color: #444; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  tr, .chart, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr.weak td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// The page.
pub fn render(p: &Programme, scale: &Scale) -> String {
    let mut html = String::new();
    let title = format!("Programme view: {}", escape(&scale.name));
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let _ = writeln!(
        html,
        "<p class=\"meta\">{}, version {} · reviews counted: {} · teams: {} · median total {}</p>",
        escape(&scale.name),
        escape(&scale.version),
        p.reviews,
        p.team_count,
        p.median_total.map_or("–".to_owned(), show)
    );
    if let Some(r) = &p.reference {
        let _ = writeln!(
            html,
            "<p>Reference, {}: {} teams, median total {}, interquartile range {}–{}, range {}–{}.</p>",
            escape(r.name),
            r.teams,
            r.median_total,
            r.iqr[0],
            r.iqr[1],
            r.range[0],
            r.range[1]
        );
    }
    chart(&mut html, p, scale);
    teams(&mut html, p);
    if !p.weakest.is_empty() {
        let list: Vec<String> = p.weakest.iter().map(u16::to_string).collect();
        let _ = writeln!(
            html,
            "<p>Weakest items (lowest medians): {}.</p>",
            list.join(", ")
        );
    }
    html.push_str("<h2>Domains</h2>\n");
    spread_table(
        &mut html,
        "Domain",
        p.domains
            .iter()
            .map(|d| (escape(&d.name), &d.spread, false)),
    );
    html.push_str("<h2>Items</h2>\n");
    spread_table(
        &mut html,
        "Item",
        p.items.iter().map(|i| {
            let label = format!("{} {}", i.number, escape(&i.title));
            (label, &i.spread, p.weakest.contains(&i.number))
        }),
    );
    html.push_str(
        "<p class=\"legend\">Quartiles by linear interpolation between the order statistics \
         (the method of R's type 7 and numpy's default). Domain figures are over each review's \
         domain mean.</p>\n",
    );
    if !p.left_out.is_empty() {
        let _ = writeln!(html, "<h2>Left out ({})</h2>\n<ul>", p.left_out.len());
        for l in &p.left_out {
            let _ = writeln!(
                html,
                "<li><code>{}</code>: {}</li>",
                escape(&l.path),
                escape(&l.why)
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// One bar per counted review, lowest total first, on the scale's range of totals; the
/// reference's interquartile range shaded, its median dashed, the programme's median solid.
fn chart(html: &mut String, p: &Programme, scale: &Scale) {
    if p.teams.is_empty() {
        return;
    }
    let (low, high) = scale.total_range();
    let (width, height, left, bottom, top) = (640.0, 260.0, 36.0, 20.0, 10.0);
    let plot_h = height - bottom - top;
    let plot_w = width - left - 8.0;
    let y = |total: f64| {
        let span = f64::from(high.saturating_sub(low)).max(1.0);
        top + plot_h * (1.0 - ((total - f64::from(low)) / span).clamp(0.0, 1.0))
    };
    let _ = writeln!(
        html,
        "<h2>Totals</h2>\n<div class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Each team's total against the median\">"
    );
    for tick in ticks(low, high) {
        let ty = y(f64::from(tick));
        let _ = writeln!(
            html,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#000\" stroke-opacity=\"0.12\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{tick}</text>",
            left + plot_w,
            left - 4.0,
            ty + 3.0
        );
    }
    if let Some(r) = &p.reference {
        let (q1, q3) = (y(f64::from(r.iqr[0])), y(f64::from(r.iqr[1])));
        let _ = writeln!(
            html,
            "<rect x=\"{left}\" y=\"{q3:.1}\" width=\"{plot_w}\" height=\"{:.1}\" fill=\"#dde8f5\"><title>{}: interquartile range {}–{}</title></rect>",
            q1 - q3,
            escape(r.name),
            r.iqr[0],
            r.iqr[1]
        );
        let m = y(f64::from(r.median_total));
        let _ = writeln!(
            html,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{m:.1}\" y2=\"{m:.1}\" stroke=\"#3a6ea5\" stroke-dasharray=\"4 3\"/>",
            left + plot_w
        );
    }
    let mut rows: Vec<_> = p.teams.iter().collect();
    rows.sort_by_key(|t| t.total);
    let step = plot_w / rows.len() as f64;
    let bar = (step * 0.8).max(0.5);
    for (index, t) in rows.iter().enumerate() {
        let top_y = y(f64::from(t.total));
        let _ = writeln!(
            html,
            "<rect x=\"{:.2}\" y=\"{top_y:.1}\" width=\"{bar:.2}\" height=\"{:.1}\" fill=\"#777\"><title>{} {}: {}</title></rect>",
            left + step * index as f64 + (step - bar) / 2.0,
            y(f64::from(low)) - top_y,
            escape(&t.team),
            t.date,
            t.total
        );
    }
    if let Some(median) = p.median_total {
        let m = y(median);
        let _ = writeln!(
            html,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{m:.1}\" y2=\"{m:.1}\" stroke=\"#b00\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#b00\">median {}</text>",
            left + plot_w,
            left + 4.0,
            m - 4.0,
            show(median)
        );
    }
    let _ = writeln!(
        html,
        "</svg>\n<p class=\"legend\">Bars: each review's total, lowest first. Solid red line: the programme's median total{}.</p>\n</div>",
        if p.reference.is_some() {
            "; shaded: the reference's interquartile range; dashed blue: its median"
        } else {
            ""
        }
    );
}

/// Round numbers from `low` to `high` for the chart's axis, five to ten of them.
fn ticks(low: u32, high: u32) -> Vec<u32> {
    let span = high.saturating_sub(low).max(1);
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500]
        .into_iter()
        .find(|step| span / step <= 8)
        .unwrap_or(1000);
    (low.div_ceil(step) * step..=high)
        .step_by(step as usize)
        .collect()
}

fn teams(html: &mut String, p: &Programme) {
    html.push_str(
        "<h2>Teams</h2>\n<table>\n<thead><tr><th>Team</th><th>Date</th><th class=\"n\">Total</th><th class=\"n\">Mean</th><th>Band</th><th class=\"n\">vs median</th></tr></thead>\n<tbody>\n",
    );
    for t in &p.teams {
        let vs = if t.vs_median > 0.0 {
            format!("+{}", show(t.vs_median))
        } else {
            show(t.vs_median)
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td>{}</td><td class=\"n\">{vs}</td></tr>",
            escape(&t.team),
            t.date,
            t.total,
            t.mean,
            t.band.as_deref().map_or("–".to_owned(), escape)
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

fn spread_table<'a>(
    html: &mut String,
    what: &str,
    rows: impl Iterator<Item = (String, &'a Option<Spread>, bool)>,
) {
    let _ = writeln!(
        html,
        "<table>\n<thead><tr><th>{what}</th><th class=\"n\">n</th><th class=\"n\">Median</th><th class=\"n\">Q1</th><th class=\"n\">Q3</th><th class=\"n\">Min</th><th class=\"n\">Max</th></tr></thead>\n<tbody>"
    );
    for (label, spread, weak) in rows {
        let class = if weak { " class=\"weak\"" } else { "" };
        match spread {
            Some(s) => {
                let _ = writeln!(
                    html,
                    "<tr{class}><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    s.n,
                    show(s.median),
                    show(s.q1),
                    show(s.q3),
                    show(s.min),
                    show(s.max)
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "<tr{class}><td>{label}</td><td class=\"n\">0</td><td colspan=\"5\"></td></tr>"
                );
            }
        }
    }
    html.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_that_means_something_in_html_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("North\u{202e}CRT"), "North\\u{202e}CRT");
    }

    #[test]
    fn the_axis_has_round_numbers_within_the_range() {
        assert_eq!(ticks(39, 195), [40, 60, 80, 100, 120, 140, 160, 180]);
        assert_eq!(ticks(3, 15), [4, 6, 8, 10, 12, 14]);
    }
}
