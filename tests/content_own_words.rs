//! The pack's summaries are in its own words: no sentence of a summary item shares a run of 8
//! or more consecutive words with the facts sheet they were written from
//! (`tests/fixtures/core-crt-facts.md`).
//!
//! # How the runs are found
//!
//! Both texts are reduced to words the same way: lower case, and every character that is not a
//! letter or a digit counts as a space. So punctuation, symbols and case never hide a shared run:
//! `≥50%` becomes `50`, `18:00` becomes `18 00`, `same-day` becomes `same day`, `users/carers`
//! becomes `users carers`. Every 8 consecutive words of the facts sheet (read as one stream, so
//! a run across its line breaks counts too) go into a set; then every 8 consecutive words of
//! each text of the pack are looked up in it. Any hit is reported with the item, the text and
//! the shared words.
//!
//! What is checked: for every item whose provenance is `summary` or `placeholder`, each
//! criterion's text and scoring guidance, the precondition, and every block of guidance (the
//! "Why it matters" and "Rating this item" paragraphs). What is not: item 25 and the
//! introduction, which are quoted verbatim on purpose; and the titles and scale titles, which
//! are the names of the items as the scale gives them.

use std::collections::BTreeSet;
use std::path::Path;

use fidelity_review::scale::{Block, Provenance, pack};

/// The shortest run of shared words that counts as copied.
const RUN: usize = 8;

/// Lower-case words, every other character a space.
fn words(text: &str) -> Vec<String> {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn runs(words: &[String]) -> impl Iterator<Item = &[String]> {
    words.windows(RUN)
}

fn facts() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core-crt-facts.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every summary text of the pack: `(where, text)`.
fn summary_texts() -> Vec<(String, String)> {
    let scale = pack::load_embedded().unwrap_or_else(|e| panic!("{e}"));
    let mut texts = Vec::new();
    for item in &scale.items {
        if !matches!(
            item.provenance,
            Provenance::Summary | Provenance::Placeholder
        ) {
            continue;
        }
        let n = item.number;
        if let Some(precondition) = &item.precondition {
            texts.push((format!("item {n} precondition"), precondition.clone()));
        }
        for criterion in &item.criteria {
            texts.push((format!("item {n} {}", criterion.id), criterion.text.clone()));
            if let Some(guidance) = &criterion.guidance {
                texts.push((
                    format!("item {n} {} guidance", criterion.id),
                    guidance.clone(),
                ));
            }
        }
        for section in &item.guidance {
            for block in &section.blocks {
                let place = format!("item {n} {:?}", section.heading);
                match block {
                    Block::Paragraph(text) | Block::Subheading(text) | Block::Quote(text) => {
                        texts.push((place, text.clone()));
                    }
                    Block::Bullets(bullets) => {
                        texts.extend(bullets.iter().map(|b| (place.clone(), b.clone())));
                    }
                }
            }
        }
    }
    texts
}

#[test]
fn no_summary_shares_a_run_of_8_words_with_the_facts() {
    let facts = words(&facts());
    let fact_runs: BTreeSet<&[String]> = runs(&facts).collect();
    assert!(fact_runs.len() > 1000, "the facts sheet was read");

    let texts = summary_texts();
    assert!(texts.len() > 150, "the pack's summaries were read");
    let mut copied = Vec::new();
    for (place, text) in &texts {
        let words = words(text);
        let shared: Vec<String> = runs(&words)
            .filter(|run| fact_runs.contains(run))
            .map(|run| run.join(" "))
            .collect();
        if !shared.is_empty() {
            copied.push(format!("{place}: {:?}", shared));
        }
    }
    assert!(
        copied.is_empty(),
        "summaries sharing {RUN} or more words in a row with the facts:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_check_finds_a_copied_run() {
    // The method itself: a sentence taken from the facts, with its punctuation and case
    // changed, is still found; the same words cut to 7 in a row are not.
    let facts = words(&facts());
    let fact_runs: BTreeSet<&[String]> = runs(&facts).collect();
    let copied =
        words("Staff Arrive Up-To-Date; avoid repeat questioning, give a coherent approach!");
    assert!(runs(&copied).any(|run| fact_runs.contains(run)));
    let seven = words("As we saw, staff arrive up to date avoid repeat calls and so on");
    assert!(!runs(&seven).any(|run| fact_runs.contains(run)));
    assert_eq!(
        words("≥50% before 18:00, same-day"),
        ["50", "before", "18", "00", "same", "day"]
    );
}
