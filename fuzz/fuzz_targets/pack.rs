//! Content packs: any text as the first item file of the test pack (`tests/fixtures/packs/mini`),
//! loaded and validated. Never a panic: a pack loads, or is refused with problems.

#![no_main]

use fidelity_review::review::{Finding, Review, Summary};
use fidelity_review::scale::pack::{self, PackFiles};
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = include_str!("../../tests/fixtures/packs/mini/scale.toml");
const INTRODUCTION: &str = include_str!("../../tests/fixtures/packs/mini/introduction.toml");
const OTHER_ITEM: &str = include_str!("../../tests/fixtures/packs/mini/items/02-home-visits.toml");

fuzz_target!(|text: &str| {
    let files = PackFiles {
        origin: "fuzz".to_owned(),
        files: vec![
            ("scale.toml".to_owned(), MANIFEST.to_owned()),
            ("introduction.toml".to_owned(), INTRODUCTION.to_owned()),
            ("items/01-fuzzed.toml".to_owned(), text.to_owned()),
            (
                "items/02-home-visits.toml".to_owned(),
                OTHER_ITEM.to_owned(),
            ),
        ],
    };
    if let Ok(scale) = pack::load(&files) {
        let now = chrono::Utc::now();
        let details = fidelity_review::review::Details {
            team: "Fuzz".to_owned(),
            organisation: String::new(),
            date: now.date_naive(),
            reviewers: Vec::new(),
            kind: fidelity_review::review::ReviewKind::External,
        };
        let mut review = Review::new(&scale, details, now);
        for item in &scale.items {
            for criterion in &item.criteria {
                review.set_finding(item.number, &criterion.id, Finding::Met, now);
            }
        }
        let _ = Summary::of(&review, &scale);
    }
});
