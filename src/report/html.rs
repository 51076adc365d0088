//! The HTML report: one self-contained page for the team, to read on screen and print on A4.
//!
//! The page is the template `templates/report.html` (askama: checked when the crate is built,
//! every value HTML-escaped). It needs nothing from a network: the style sheet is inline, the
//! domain profile is an inline SVG, there is no script and no font to fetch. The print style
//! keeps a row or an item's findings on one page where it fits, and puts the team and the date
//! at the top of every page where the browser supports page margin boxes.
//!
//! After HTML escaping, every control and bidi character left in the page is shown as a
//! visible escape ([`super::inert`]): the template holds none, so they all came from the review
//! or the pack.

use askama::Template;

use super::view::{self, CriterionRow, ItemRow, ProvenanceGroup, SourceRow, View};
use super::{Options, Survey, inert};
use crate::review::{Finding, Lift, Recommendation, Review};
use crate::scale::{Item, Scale};

/// The HTML report of `review`.
pub fn render(review: &Review, scale: &Scale, options: Options) -> String {
    let v = View::new(review, scale, options);
    let page = Page {
        running: css_string(&format!(
            "{} · {} · fidelity review",
            review.details.team.trim(),
            v.iso_date()
        )),
        sources: v.sources(),
        items: v.items(),
        chart: Chart::of(&v),
        plan: review.action_plan().collect(),
        appendix: scale
            .items
            .iter()
            .map(|item| Findings {
                item,
                criteria: v.criteria(item),
                note: v.item_note(item.number),
            })
            .collect(),
        provenance: v.provenance(),
        v: &v,
    };
    // Rendering writes into a String and every value is plain text, so it cannot fail.
    let html = page.render().expect("the report template renders");
    inert(&html).into_owned()
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    v: &'a View<'a>,
    /// The running header, as a CSS string literal.
    running: String,
    sources: Vec<SourceRow>,
    items: Vec<ItemRow<'a>>,
    chart: Chart,
    plan: Vec<&'a Recommendation>,
    appendix: Vec<Findings<'a>>,
    provenance: Vec<ProvenanceGroup>,
}

/// One item's findings, for the appendix.
struct Findings<'a> {
    item: &'a Item,
    criteria: Vec<CriterionRow<'a>>,
    note: Option<&'a str>,
}

impl Page<'_> {
    fn mean(&self, mean: &Option<f64>) -> String {
        view::mean(*mean)
    }

    fn score(&self, score: &Option<u8>) -> String {
        view::score(*score)
    }

    fn place(&self, survey: &Survey) -> &'static str {
        survey.place_of(self.v.summary.total)
    }

    fn title(&self, number: &u16) -> &str {
        self.v.title(*number)
    }

    fn numbers(&self, list: &[u16]) -> String {
        view::numbers(list)
    }

    fn symbol(&self, finding: &Finding) -> &'static str {
        symbol(*finding)
    }

    /// `c, d` with the text of each criterion, for a lift.
    fn lift_criteria(&self, lift: &Lift) -> Vec<(String, String, bool)> {
        lift.criteria
            .iter()
            .map(|id| {
                (
                    id.clone(),
                    self.v.criterion_text(lift.item, id).to_owned(),
                    lift.unsure.contains(id),
                )
            })
            .collect()
    }

    /// The item a recommendation is about, by number; `all` for the whole service.
    fn item_label(&self, rec: &Recommendation) -> String {
        rec.item.map_or("all".to_owned(), |n| n.to_string())
    }

    fn target(&self, rec: &Recommendation) -> String {
        rec.target
            .map_or(String::new(), |d| d.format("%-d %b %Y").to_string())
    }
}

pub(super) fn symbol(finding: Finding) -> &'static str {
    match finding {
        Finding::Met => "✓",
        Finding::NotMet => "✗",
        Finding::Unsure => "?",
        Finding::NotRated => "·",
    }
}

/// The domain profile: one bar per domain, its length the domain's mean item score.
struct Chart {
    width: u32,
    height: u32,
    /// The left edge and the width of the bars' area.
    left: u32,
    span: u32,
    ticks: Vec<Tick>,
    bars: Vec<Bar>,
}

struct Tick {
    x: u32,
    label: u8,
}

struct Bar {
    name: String,
    /// The top of the label's row and of the bar.
    label_y: u32,
    bar_y: u32,
    length: u32,
    value_x: u32,
    value: String,
}

impl Chart {
    const ROW: u32 = 46;

    fn of(v: &View<'_>) -> Self {
        let (width, left, span) = (640, 4, 480);
        let max = u32::from(v.scale.rating.max.max(1));
        let scale = |score: f64| (score / f64::from(max) * f64::from(span)).round() as u32;
        let bars = v
            .summary
            .domains
            .iter()
            .enumerate()
            .map(|(index, domain)| {
                let top = 8 + index as u32 * Self::ROW;
                let length = domain.mean.map_or(0, scale);
                let value = match domain.mean {
                    Some(mean) => format!(
                        "{mean:.2} · {} of {}",
                        domain.subtotal,
                        domain.items as u32 * max
                    ),
                    None => "not rated".to_owned(),
                };
                let value = if domain.rated < domain.items && domain.rated > 0 {
                    format!("{value} ({} of {} rated)", domain.rated, domain.items)
                } else {
                    value
                };
                Bar {
                    name: domain.name.clone(),
                    label_y: top + 12,
                    bar_y: top + 18,
                    length,
                    value_x: left + length + 6,
                    value,
                }
            })
            .collect::<Vec<_>>();
        let height = 8 + bars.len() as u32 * Self::ROW + 22;
        let ticks = v
            .scale
            .rating
            .scores()
            .map(|s| Tick {
                x: left + scale(f64::from(s)),
                label: s,
            })
            .collect();
        Chart {
            width,
            height,
            left,
            span,
            ticks,
            bars,
        }
    }

    fn axis_y(&self) -> u32 {
        self.height - 20
    }
}

/// `text` as a CSS string literal, `"…"`, with every character but ASCII letters, digits and
/// spaces written as a hex escape: nothing in it can end the string, the rule or the style
/// element, and HTML escaping leaves it as it is.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else if !report_hides(c) {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Characters left out of the running header: controls and bidi controls, which would act
/// rather than show.
fn report_hides(c: char) -> bool {
    super::is_hostile(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(css_string("North CRT"), "\"North CRT\"");
        assert_eq!(
            css_string("a\";}</style><script>"),
            "\"a\\22 \\3b \\7d \\3c \\2f style\\3e \\3c script\\3e \""
        );
        assert_eq!(css_string("x\u{1b}\u{202e}y"), "\"xy\"");
    }
}
