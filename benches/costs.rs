//! What the app's real code paths cost: `cargo bench --bench costs`.
//! Figures and budgets are recorded in BENCHMARKS.md.

use std::hint::black_box;

use fidelity_review::scale::pack::{self, PackFiles};

fn main() {
    divan::main();
}

/// Loading and validating the embedded CORE CRT pack (parse every file, check, hash).
#[divan::bench]
fn load_embedded_pack() -> usize {
    pack::load_embedded().unwrap().items.len()
}

/// A generated pack of `n` items, each with six criteria and three paragraphs of guidance:
/// the cost should grow in step with the number of items.
#[divan::bench(args = [39, 100, 500])]
fn load_generated_pack(bencher: divan::Bencher, n: usize) {
    let files = generated_pack(n);
    bencher.bench(|| pack::load(black_box(&files)).unwrap().items.len());
}

fn generated_pack(n: usize) -> PackFiles {
    let manifest = pack::embedded_files()
        .files
        .into_iter()
        .find(|(path, _)| path == pack::MANIFEST)
        .unwrap();
    let mut files = vec![manifest];
    for number in 1..=n {
        let mut text = format!(
            "number = {number}\ntitle = \"Generated item {number}\"\ndomain = \"content-delivery\"\nprovenance = \"summary\"\n"
        );
        for id in ["a", "b", "c", "d", "e", "f"] {
            text.push_str(&format!(
                "\n[[criteria]]\nid = \"{id}\"\ntext = \"The team does thing {id} for at least 80% of the people it sees, within 4 hours.\"\n"
            ));
        }
        text.push_str("\n[anchors]\nprovisional = true\nscores = { 5 = [6], 4 = [5], 3 = [4], 2 = [3], 1 = [0, 1, 2] }\n");
        text.push_str("\n[[guidance]]\nheading = \"Why it matters\"\nblocks = [\n");
        for _ in 0..3 {
            text.push_str("    { paragraph = \"A paragraph of guidance long enough to be realistic: people in crisis value quick, calm and consistent help from a team that knows them.\" },\n");
        }
        text.push_str("]\n");
        files.push((format!("items/{number:03}-generated.toml"), text));
    }
    PackFiles {
        origin: "generated".to_owned(),
        files,
    }
}
