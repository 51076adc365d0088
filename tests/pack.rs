//! Loading and validating content packs: the embedded CORE CRT pack, and every kind of broken
//! pack, each reported with its file and line.

use std::fs;
use std::path::{Path, PathBuf};

use fidelity_review::scale::pack::{self, PackError};
use fidelity_review::scale::{Block, Provenance, Section};
use proptest::prelude::*;
use tempfile::TempDir;

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini")
}

/// A copy of the mini pack in a temp folder, with `changes` applied: `(path, Some(text))`
/// writes a file, `(path, None)` removes it.
fn mini_with(changes: &[(&str, Option<&str>)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&mini(), dir.path());
    for (path, text) in changes {
        let path = dir.path().join(path);
        match text {
            Some(text) => fs::write(&path, text).unwrap(),
            None => fs::remove_file(&path).unwrap(),
        }
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn problems(dir: &TempDir) -> PackError {
    pack::load_dir(dir.path()).expect_err("the pack should be refused")
}

/// Asserts one problem names `file`, `line` and a message containing `words`.
#[track_caller]
fn assert_problem(error: &PackError, file: &str, line: Option<usize>, words: &str) {
    let found = error
        .problems
        .iter()
        .any(|p| p.file == file && p.line == line && p.message.contains(words));
    assert!(
        found,
        "expected a problem in {file} at line {line:?} saying {words:?}; got:\n{error}"
    );
    // The message a person reads carries the place too.
    let shown = error.to_string();
    let place = match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    };
    assert!(shown.contains(&place), "{shown}");
}

const ITEM_1: &str = "items/01-answering-calls.toml";

fn item_1_with(criteria: &str, anchors: &str) -> String {
    format!(
        "number = 1\ntitle = \"Answering calls\"\ndomain = \"access\"\nprovenance = \"summary\"\n{criteria}\n{anchors}"
    )
}

const FOUR_CRITERIA: &str = "\
[[criteria]]
id = \"a\"
text = \"One.\"

[[criteria]]
id = \"b\"
text = \"Two.\"

[[criteria]]
id = \"c\"
text = \"Three.\"

[[criteria]]
id = \"d\"
text = \"Four.\"
";

#[test]
fn the_mini_pack_loads() {
    let scale = pack::load_dir(&mini()).unwrap();
    assert_eq!(scale.items.len(), 3);
    assert_eq!(scale.domains.len(), 2);
    let item = scale.item(1).unwrap();
    assert_eq!(item.criteria.len(), 4);
    assert_eq!(item.anchors.as_ref().unwrap().by_count, vec![1, 2, 3, 4, 5]);
    assert!(scale.item(3).unwrap().is_rated_directly());
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let dir = mini_with(&[(
        ITEM_1,
        Some("number = 1\ntitle = \"Answering calls\ndomain = \"access\"\n"),
    )]);
    let error = problems(&dir);
    let problem = error.problems.iter().find(|p| p.file == ITEM_1).unwrap();
    assert_eq!(problem.line, Some(2), "{error}");
    assert!(problem.column.is_some(), "{error}");
}

#[test]
fn a_missing_field_is_named() {
    let dir = mini_with(&[(
        ITEM_1,
        Some("number = 1\ndomain = \"access\"\nprovenance = \"summary\"\n"),
    )]);
    let error = problems(&dir);
    assert!(error.to_string().contains("title"), "{error}");
}

#[test]
fn a_missing_item_number_is_reported() {
    let dir = mini_with(&[("items/02-home-visits.toml", None)]);
    assert_problem(&problems(&dir), "items/", None, "item 2 is missing");
}

#[test]
fn a_duplicate_item_number_names_both_files() {
    let duplicate =
        "number = 1\ntitle = \"Again\"\ndomain = \"access\"\nprovenance = \"summary\"\n";
    let dir = mini_with(&[("items/04-again.toml", Some(duplicate))]);
    assert_problem(&problems(&dir), "items/04-again.toml", Some(1), ITEM_1);
}

#[test]
fn an_unknown_domain_is_reported_at_its_line() {
    let text = "number = 1\ntitle = \"Answering calls\"\n\ndomain = \"nowhere\"\nprovenance = \"summary\"\n";
    let dir = mini_with(&[(ITEM_1, Some(text))]);
    assert_problem(&problems(&dir), ITEM_1, Some(4), "\"nowhere\"");
}

#[test]
fn criteria_out_of_order_are_reported_at_the_id() {
    let criteria = FOUR_CRITERIA.replace("id = \"c\"", "id = \"e\"");
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(&criteria, "")))]);
    // The header takes 4 lines; criterion c's id is on line 14 of the criteria block.
    assert_problem(&problems(&dir), ITEM_1, Some(14), "out of order");
}

#[test]
fn a_repeated_criterion_is_reported() {
    let criteria = FOUR_CRITERIA.replace("id = \"b\"", "id = \"a\"");
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(&criteria, "")))]);
    assert_problem(&problems(&dir), ITEM_1, Some(10), "repeated");
}

#[test]
fn anchors_that_name_more_criteria_than_the_item_has_are_refused() {
    let anchors = "[anchors]\nprovisional = true\nscores = { 5 = [4, 5], 4 = [3], 3 = [2], 2 = [1], 1 = [0] }\n";
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(FOUR_CRITERIA, anchors)))]);
    assert_problem(
        &problems(&dir),
        ITEM_1,
        Some(23),
        "names 5 criteria met, but the item has 4",
    );
}

#[test]
fn anchors_that_leave_a_count_unscored_are_refused() {
    let anchors =
        "[anchors]\nprovisional = true\nscores = { 5 = [4], 4 = [3], 3 = [2], 1 = [0] }\n";
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(FOUR_CRITERIA, anchors)))]);
    assert_problem(
        &problems(&dir),
        ITEM_1,
        Some(21),
        "no score for 1 criteria met",
    );
}

#[test]
fn anchors_that_give_one_count_two_scores_are_refused() {
    let anchors = "[anchors]\nprovisional = true\nscores = { 5 = [4], 4 = [3, 4], 3 = [2], 2 = [1], 1 = [0] }\n";
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(FOUR_CRITERIA, anchors)))]);
    assert_problem(&problems(&dir), ITEM_1, Some(23), "two scores");
}

#[test]
fn a_score_outside_the_rating_range_is_refused() {
    let anchors =
        "[anchors]\nprovisional = true\nscores = { 6 = [4], 4 = [3], 3 = [2], 2 = [1], 1 = [0] }\n";
    let dir = mini_with(&[(ITEM_1, Some(&item_1_with(FOUR_CRITERIA, anchors)))]);
    assert_problem(
        &problems(&dir),
        ITEM_1,
        Some(23),
        "outside the rating range 1–5",
    );
}

#[test]
fn an_empty_title_is_refused() {
    let text = "number = 1\ntitle = \"  \"\ndomain = \"access\"\nprovenance = \"summary\"\n";
    let dir = mini_with(&[(ITEM_1, Some(text))]);
    assert_problem(&problems(&dir), ITEM_1, Some(2), "empty title");
}

#[test]
fn every_problem_of_a_pack_is_collected() {
    let empty_title = "number = 1\ntitle = \"\"\ndomain = \"access\"\nprovenance = \"summary\"\n";
    let bad_domain =
        "number = 2\ntitle = \"Home visits\"\ndomain = \"elsewhere\"\nprovenance = \"summary\"\n";
    let broken = "number = 3\ntitle = [\n";
    let dir = mini_with(&[
        (ITEM_1, Some(empty_title)),
        ("items/02-home-visits.toml", Some(bad_domain)),
        ("items/03-team-culture.toml", Some(broken)),
    ]);
    let error = problems(&dir);
    assert_problem(&error, ITEM_1, Some(2), "empty title");
    assert_problem(&error, "items/02-home-visits.toml", Some(3), "elsewhere");
    assert!(
        error
            .problems
            .iter()
            .any(|p| p.file == "items/03-team-culture.toml" && p.line.is_some()),
        "{error}"
    );
}

#[test]
fn a_missing_folder_and_a_missing_manifest_are_clear() {
    let error = pack::load_dir(Path::new("/no/such/pack")).unwrap_err();
    assert!(error.to_string().contains("/no/such/pack"), "{error}");
    assert!(error.to_string().contains("no such folder"), "{error}");

    let dir = mini_with(&[("scale.toml", None)]);
    assert_problem(&problems(&dir), "scale.toml", None, "no manifest");
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let dir = mini_with(&[]);
    fs::write(dir.path().join(ITEM_1), b"number = 1\ntitle = \"\xff\"\n").unwrap();
    assert_problem(&problems(&dir), ITEM_1, Some(2), "not UTF-8");
}

#[test]
fn bands_must_rise_and_stay_in_range() {
    let manifest = fs::read_to_string(mini().join("scale.toml"))
        .unwrap()
        .replace(
            "{ name = \"High\", up_to = 5.0 }",
            "{ name = \"High\", up_to = 3.5 }",
        );
    let dir = mini_with(&[("scale.toml", Some(&manifest))]);
    assert_problem(&problems(&dir), "scale.toml", Some(22), "must end above");
}

/// Whitespace-normalised lines of a seed text: NBSP to space, runs of spaces collapsed,
/// blank lines and bullet markers dropped.
fn seed_lines(path: &str) -> Vec<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let text = fs::read_to_string(seeds.join(path)).unwrap();
    text.lines()
        .map(normalise)
        .map(|line| line.trim_start_matches('•').trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

fn normalise(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn section_lines(sections: &[Section]) -> Vec<String> {
    let mut lines = Vec::new();
    for section in sections {
        lines.push(section.heading.clone());
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) | Block::Subheading(text) | Block::Quote(text) => {
                    lines.push(normalise(text))
                }
                Block::Bullets(bullets) => lines.extend(bullets.iter().map(|b| normalise(b))),
            }
        }
    }
    lines
}

#[test]
fn item_25_is_the_seed_page_word_for_word() {
    let scale = pack::load_embedded().expect("the embedded pack is valid");
    let item = scale.item(25).unwrap();
    assert_eq!(item.provenance, Provenance::Verbatim);

    let mut lines = vec![
        "The Core Study".to_owned(),
        "Item 25".to_owned(),
        item.title.clone(),
    ];
    lines.extend(
        item.criteria
            .iter()
            .map(|c| format!("{}) {}", c.id, normalise(&c.text))),
    );
    lines.extend(section_lines(&item.guidance));
    assert_eq!(
        lines,
        seed_lines("resource-pack-item-25-planning-aftercare.txt")
    );

    let headings: Vec<&str> = item.guidance.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Why this is important",
            "Ways of doing this well",
            "Examples of good practice",
            "Relevant reading"
        ]
    );
}

#[test]
fn the_introduction_is_the_seed_text_word_for_word() {
    let scale = pack::load_embedded().expect("the embedded pack is valid");
    let intro = scale.introduction.as_ref().unwrap();
    assert_eq!(intro.provenance, Provenance::Verbatim);
    let mut lines = vec!["The Core Study".to_owned(), intro.title.clone()];
    lines.extend(section_lines(&intro.sections));
    assert_eq!(lines, seed_lines("resource-pack-how-to-use.txt"));
}

#[test]
fn the_embedded_pack_is_valid_and_hashes_the_same_every_time() {
    let first = pack::load_embedded().unwrap();
    let second = pack::load_embedded().unwrap();
    assert_eq!(first.items.len(), 39);
    assert_eq!(first.domains.len(), 4);
    assert_eq!(first.content_hash, second.content_hash);
    assert_eq!(first.content_hash.len(), 64);
}

#[test]
fn a_changed_pack_hashes_differently() {
    let original = pack::load_dir(&mini()).unwrap();
    let text = fs::read_to_string(mini().join(ITEM_1))
        .unwrap()
        .replace("30 minutes", "20 minutes");
    let dir = mini_with(&[(ITEM_1, Some(&text))]);
    let changed = pack::load_dir(dir.path()).unwrap();
    assert_ne!(original.content_hash, changed.content_hash);
}

#[test]
fn an_item_written_by_the_pack_writer_loads_back_the_same() {
    let scale = pack::load_dir(&mini()).unwrap();
    let item = scale.item(1).unwrap();
    let dir = mini_with(&[(ITEM_1, Some(&pack::item_to_toml(item)))]);
    let again = pack::load_dir(dir.path()).unwrap();
    assert_eq!(again.item(1).unwrap(), item);
    assert_eq!(pack::item_file_name(item), "01-answering-calls.toml");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever text an item file holds, loading answers with a pack or problems, never a panic.
    #[test]
    fn any_item_text_loads_or_is_refused(text in ".{0,400}") {
        let files = vec![
            ("scale.toml".to_owned(), fs::read_to_string(mini().join("scale.toml")).unwrap()),
            (ITEM_1.to_owned(), text),
        ];
        let _ = pack::load(&pack::PackFiles { origin: "test".to_owned(), files });
    }

    /// Lines of a valid item file, shuffled about, never make the loader panic.
    #[test]
    fn mutated_item_files_never_panic(
        drop in proptest::collection::vec(any::<bool>(), 40),
        insert in ".{0,40}",
        at in 0usize..40,
    ) {
        let original = fs::read_to_string(mini().join(ITEM_1)).unwrap();
        let mut lines: Vec<String> = original
            .lines()
            .zip(drop.iter().cycle())
            .filter(|(_, drop)| !**drop)
            .map(|(line, _)| line.to_owned())
            .collect();
        let at = at.min(lines.len());
        lines.insert(at, insert);
        let files = vec![
            ("scale.toml".to_owned(), fs::read_to_string(mini().join("scale.toml")).unwrap()),
            (ITEM_1.to_owned(), lines.join("\n")),
        ];
        let _ = pack::load(&pack::PackFiles { origin: "test".to_owned(), files });
    }
}
