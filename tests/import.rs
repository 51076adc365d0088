//! The importer of saved resource-pack pages: the seed page, one fixture per way real saved
//! pages vary, broken pages, the item it builds, and arbitrary text.

use std::fs;
use std::path::{Path, PathBuf};

use fidelity_review::scale::import::{ImportedPage, countdown_anchors, import_page, to_item};
use fidelity_review::scale::{Block, Criterion, Item, Provenance, Section, pack};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn fixture(name: &str) -> String {
    let path = fixtures().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn import(name: &str) -> ImportedPage {
    import_page(name, &fixture(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn seed() -> ImportedPage {
    import("seed-item-25.txt")
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(text.to_owned())
}

fn subheading(text: &str) -> Block {
    Block::Subheading(text.to_owned())
}

fn criterion(id: &str, text: &str) -> Criterion {
    Criterion {
        id: id.to_owned(),
        text: text.to_owned(),
        guidance: None,
    }
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.to_owned(),
        blocks,
    }
}

// ---------------------------------------------------------------------------------------------
// The seed page
// ---------------------------------------------------------------------------------------------

#[test]
fn the_seed_gives_item_25_with_its_title_and_criteria() {
    let page = seed();
    assert_eq!(page.number, 25);
    assert_eq!(page.title, "Planning aftercare");
    let criteria: Vec<(&str, &str)> = page
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        criteria,
        [
            (
                "a",
                "The CRT discusses and agrees plans for ending CRT care and follow-on care with other involved secondary mental health services before a service user is discharged from the CRT."
            ),
            (
                "b",
                "The CRT makes referrals to health services and other organisations identified to provide support post-discharge wherever additional support is required."
            ),
            (
                "c",
                "A discharge meeting is arranged and service users and involved family are invited to attend."
            ),
            (
                "d",
                "Other involved mental health services attend the discharge meeting."
            ),
            (
                "e",
                "A written discharge plan identifying providers of support following discharge from the CRT is provided to service users."
            ),
            (
                "f",
                "Details of how to access crisis help in the future are provided to the service user and involved family members."
            ),
        ]
    );
    assert!(page.criteria.iter().all(|c| c.guidance.is_none()));
}

#[test]
fn the_seed_keeps_its_guidance_as_structure() {
    let page = seed();
    let headings: Vec<&str> = page.guidance.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Why this is important",
            "Ways of doing this well",
            "Examples of good practice",
            "Relevant reading"
        ]
    );

    let why = &page.guidance[0].blocks;
    assert_eq!(why.len(), 1);
    assert!(
        matches!(&why[0], Block::Paragraph(text) if text.starts_with("As CRTs are only intended") && text.ends_with("a key part of this process."))
    );

    let ways = &page.guidance[1].blocks;
    assert_eq!(ways.len(), 4);
    assert_eq!(ways[0], subheading("Discharge planning and meeting"));
    assert_eq!(ways[2], subheading("Post-discharge contact details"));
    // The non-breaking spaces between sentences are gone.
    assert!(
        matches!(&ways[1], Block::Paragraph(text) if text.contains("period of support. Plans for ending care"))
    );
    assert!(matches!(&ways[3], Block::Paragraph(_)));

    let examples = &page.guidance[2].blocks;
    assert_eq!(
        examples,
        &[
            paragraph(
                "In our fidelity review survey of 75 crisis teams in 2014, the following teams achieved excellent model fidelity, and can be contacted for advice about how they achieved this:"
            ),
            Block::Bullets(
                [
                    "West Gwent CRHTT, NHS Wales",
                    "Dudley CRT, Dudley and Walsall Mental Health Partnership NHS Trust",
                    "Barking, Dagenham, Havering HTT, North East London NHS Foundation Trust",
                    "Hastings CRT, Sussex Partnership NHS Foundation Trust",
                    "Wandsworth CHTT, South West London and St George's",
                ]
                .map(str::to_owned)
                .to_vec()
            ),
        ]
    );

    let reading = &page.guidance[3].blocks;
    assert_eq!(reading.len(), 3);
    assert_eq!(
        reading[0],
        subheading("McGlynn (2006) CRHT: A Practical Guide")
    );
    assert_eq!(
        reading[1],
        subheading(
            "Staying involved until the crisis is resolved and ensuring handover to ongoing care"
        )
    );
    assert!(
        matches!(&reading[2], Block::Quote(text) if text.starts_with("CRHT teams keep working") && text.ends_with("as far as possible. (p.19)"))
    );
}

#[test]
fn every_text_of_the_seed_is_normalised() {
    let page = seed();
    let mut texts: Vec<&str> = vec![&page.title];
    texts.extend(page.criteria.iter().map(|c| c.text.as_str()));
    for section in &page.guidance {
        texts.push(&section.heading);
        for block in &section.blocks {
            match block {
                Block::Paragraph(t) | Block::Subheading(t) | Block::Quote(t) => texts.push(t),
                Block::Bullets(bullets) => texts.extend(bullets.iter().map(String::as_str)),
            }
        }
    }
    for text in texts {
        assert_eq!(text, text.trim(), "{text:?}");
        assert!(!text.contains('\u{a0}'), "{text:?}");
        assert!(!text.contains("  "), "{text:?}");
        assert!(!text.is_empty());
    }
}

#[test]
fn the_seed_prints_as_json_in_the_documented_shape() {
    let json = serde_json::to_value(seed()).expect("serialises");
    let object = json.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["criteria", "guidance", "number", "title"]);
    assert_eq!(json["number"], 25);
    assert_eq!(json["title"], "Planning aftercare");
    assert_eq!(
        json["criteria"][3],
        serde_json::json!({"id": "d", "text": "Other involved mental health services attend the discharge meeting."})
    );
    assert_eq!(json["guidance"][1]["heading"], "Ways of doing this well");
    assert_eq!(
        json["guidance"][1]["blocks"][0],
        serde_json::json!({"subheading": "Discharge planning and meeting"})
    );
    assert_eq!(
        json["guidance"][2]["blocks"][1]["bullets"][0],
        "West Gwent CRHTT, NHS Wales"
    );
    assert!(json["guidance"][3]["blocks"][2]["quote"].is_string());
}

// ---------------------------------------------------------------------------------------------
// The seed against the pack's hand-made item 25
// ---------------------------------------------------------------------------------------------

/// A placeholder item, to fill the numbers a test pack needs before the item under test.
fn placeholder(number: u16, domain: &str) -> Item {
    Item {
        number,
        title: format!("Placeholder {number}"),
        scale_title: None,
        domain: domain.to_owned(),
        evidence: Vec::new(),
        precondition: None,
        criteria: Vec::new(),
        anchors: None,
        guidance: Vec::new(),
        provenance: Provenance::Placeholder,
        imported_from: None,
    }
}

/// Writes a pack folder: `manifest` as its scale.toml, `item` through the pack writer, and
/// placeholders numbered from 1 up to it.
fn write_pack(dir: &Path, manifest: &str, item_file: (&str, &str), placeholder_domain: &str) {
    fs::create_dir_all(dir.join("items")).expect("items folder");
    fs::write(dir.join(pack::MANIFEST), manifest).expect("manifest");
    fs::write(dir.join("items").join(item_file.0), item_file.1).expect("item");
    let number: u16 = item_file.0[..2]
        .parse()
        .expect("file names start with the number");
    for n in 1..number {
        let item = placeholder(n, placeholder_domain);
        fs::write(
            dir.join("items").join(pack::item_file_name(&item)),
            pack::item_to_toml(&item),
        )
        .expect("placeholder");
    }
}

/// A manifest that names no introduction file (the test packs have none).
fn without_introduction(manifest: &str) -> String {
    manifest
        .lines()
        .filter(|line| !line.starts_with("introduction ="))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The pack's hand-made item 25, loaded and validated by the pack loader (with placeholders
/// for the other items, since the pack is still being written).
fn pack_item_25() -> Item {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/core-crt");
    let item_name = "25-planning-aftercare.toml";
    let item_text = fs::read_to_string(root.join("items").join(item_name)).expect("item 25");
    let table: toml::Table = toml::from_str(&item_text).expect("item 25 is TOML");
    let domain = table["domain"].as_str().expect("a domain").to_owned();
    let manifest =
        without_introduction(&fs::read_to_string(root.join(pack::MANIFEST)).expect("manifest"));

    let dir = tempfile::tempdir().expect("temp dir");
    write_pack(dir.path(), &manifest, (item_name, &item_text), &domain);
    let scale = pack::load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    scale.item(25).expect("item 25").clone()
}

#[test]
fn the_seed_imports_to_the_packs_item_25() {
    let existing = pack_item_25();
    let page = seed();
    assert_eq!(to_item(&page, Some(&existing)), existing);

    // Without the pack's item, the same words and structure, and the same provisional anchors.
    let fresh = to_item(&page, None);
    assert_eq!(fresh.criteria, existing.criteria);
    assert_eq!(fresh.guidance, existing.guidance);
    assert_eq!(fresh.title, existing.title);
    assert_eq!(fresh.anchors, existing.anchors);
    assert_eq!(fresh.domain, "unknown");
    assert_eq!(fresh.provenance, Provenance::Verbatim);
}

#[test]
fn an_imported_item_written_to_a_pack_loads_back_the_same() {
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    let manifest = without_introduction(
        &fs::read_to_string(mini.join(pack::MANIFEST)).expect("mini manifest"),
    )
    .replace(
        "domains = [",
        "domains = [\n    { id = \"unknown\", name = \"Not yet placed\" },",
    );
    for name in ["seed-item-25.txt", "small-item.txt"] {
        let item = to_item(&import(name), None);
        let dir = tempfile::tempdir().expect("temp dir");
        write_pack(
            dir.path(),
            &manifest,
            (&pack::item_file_name(&item), &pack::item_to_toml(&item)),
            "care",
        );
        let scale = pack::load_dir(dir.path()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let loaded = scale.item(item.number).expect("the imported item");
        assert_eq!(loaded.criteria, item.criteria, "{name}");
        assert_eq!(loaded.guidance, item.guidance, "{name}");
        assert_eq!(loaded, &item, "{name}");
    }
    assert_eq!(
        pack::item_file_name(&to_item(&seed(), None)),
        "25-planning-aftercare.toml"
    );
}

// ---------------------------------------------------------------------------------------------
// How saved pages vary
// ---------------------------------------------------------------------------------------------

/// Fixtures that are the seed page saved differently, and a sign that each really differs.
const SEED_VARIATIONS: &[(&str, &str)] = &[
    ("navigation.txt", "\nMenu\n"),
    ("target.txt", "\nTarget\n"),
    ("crlf.txt", "\r\n"),
    ("nbsp.txt", "Item\u{a0}25"),
    ("trailing-spaces.txt", "aftercare  \t \n"),
    ("blank-runs.txt", "\n\n\n \n\n"),
    ("wrapped-criterion.txt", "\n   and follow-on care"),
    ("wrapped-paragraph.txt", "people in\ncrisis"),
    ("dash-bullets.txt", "\n- West Gwent"),
    ("star-bullets.txt", "\n    * West Gwent"),
    ("parenthesised-markers.txt", "\n(a) The CRT"),
    ("dot-markers.txt", "\nA. The CRT"),
    ("inline-title.txt", "Item 25: Planning aftercare\n"),
    ("everything.txt", "\u{a0}\u{a0}- West Gwent"),
];

#[test]
fn pages_saved_differently_import_the_same_as_the_seed() {
    let seed = seed();
    for (name, sign) in SEED_VARIATIONS {
        let text = fixture(name);
        assert!(text.contains(sign), "{name} should contain {sign:?}");
        assert!(text != fixture("seed-item-25.txt"), "{name} is the seed");
        let page = import_page(name, &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page, seed, "{name}");
    }
}

#[test]
fn the_crlf_fixture_has_only_crlf_line_ends() {
    let text = fixture("crlf.txt");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert!(fixture("everything.txt").contains("\r\n"));
}

#[test]
fn a_small_page_with_every_kind_of_block() {
    let page = import("small-item.txt");
    assert_eq!(page.number, 7);
    assert_eq!(page.title, "Keeping a shared log");
    assert_eq!(
        page.criteria,
        [
            criterion("a", "The team keeps one log of every referral."),
            criterion("b", "The log is reviewed at each handover."),
            criterion("c", "Gaps in the log are followed up within a week."),
        ]
    );
    assert_eq!(
        page.guidance,
        [
            // A short line standing alone straight after the criteria opens a section.
            section(
                "Background",
                vec![paragraph(
                    "The log is the team's shared memory of who has been referred and what happened next."
                )]
            ),
            // A known heading is written as the pack writes it, without the colon.
            section(
                "Why this is important",
                vec![paragraph(
                    "Without a shared log, referrals can be lost between shifts."
                )]
            ),
            section(
                "Ways of doing this well",
                vec![
                    subheading("What to record"),
                    // A wrapped, indented bullet; the unindented line after the list is not
                    // part of it.
                    Block::Bullets(vec![
                        "The time the referral came in and who took it".to_owned(),
                        "What was agreed".to_owned(),
                    ]),
                    paragraph("Keep the log where every shift can reach it."),
                    // A heading-like line directly over a list is a sub-heading; bullet marks
                    // alone on a line take the words under them.
                    subheading("Where to keep it"),
                    Block::Bullets(vec![
                        "The team office".to_owned(),
                        "The shared drive".to_owned()
                    ]),
                    // `* * *` is a rule, dropped; a paragraph in quotation marks is a quote.
                    Block::Quote("“A log nobody reads is a log nobody keeps.”".to_owned()),
                    // An unknown heading inside a section is a sub-heading; `Back to top` goes.
                    subheading("Tips for reviewers"),
                ]
            ),
        ]
    );
}

#[test]
fn a_page_with_no_guidance_has_only_criteria() {
    let page = import_page("short.txt", "Item 3\nTitle\n\na) One.\nb) Two.\n").expect("imports");
    assert_eq!(page.criteria.len(), 2);
    assert!(page.guidance.is_empty());
}

#[test]
fn a_page_with_no_criteria_is_an_item_rated_directly() {
    let page = import_page("rated-directly.txt", &fixture("rated-directly.txt")).unwrap();
    assert_eq!(page.number, 25);
    assert!(page.criteria.is_empty());
    assert_eq!(page.guidance.len(), 1);
    assert_eq!(page.guidance[0].heading, "Why this is important");
    let item = to_item(&page, None);
    assert!(item.is_rated_directly());
}

// ---------------------------------------------------------------------------------------------
// Broken pages
// ---------------------------------------------------------------------------------------------

#[test]
fn broken_pages_name_the_file_and_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("error-no-item.txt", 1, "no `Item N` line"),
        ("error-item-word.txt", 4, "\"Item twenty-five\""),
        ("error-bad-number.txt", 3, "\"25a\" is not an item number"),
        ("error-no-title.txt", 5, "no title"),
        (
            "error-target-no-criteria.txt",
            5,
            "`Target` heading with no criteria",
        ),
        ("error-empty-criterion.txt", 9, "criterion c) has no text"),
        ("error-out-of-order.txt", 9, "criterion d) is out of order"),
        ("error-text-before-heading.txt", 9, "before any heading"),
    ];
    for &(name, line, message) in cases {
        let text = fixture(name);
        let error = import_page(name, &text).expect_err(name);
        assert_eq!(error.file, name);
        assert_eq!(error.line, line, "{name}: {error}");
        assert!(error.message.contains(message), "{name}: {error}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("{name}:{line}: ")),
            "{name}: {shown}"
        );

        // CRLF line ends, non-breaking spaces and trailing spaces move no line.
        let messy = text.replace(' ', "\u{a0} ").replace('\n', " \r\n");
        let error = import_page(name, &messy).expect_err(name);
        assert_eq!(error.line, line, "{name} messy: {error}");
    }
}

#[test]
fn short_broken_pages() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 1, "no `Item N` line"),
        ("\n\n\n", 1, "no `Item N` line"),
        ("Home\nItem 0\n", 2, "not an item number"),
        ("Home\nItem 70000\n", 2, "not an item number"),
        ("Home\n\nItem 4\n\n", 3, "no title"),
        ("Item 4\nTarget\na) One.", 2, "no title"),
        ("Item 4\nA title\n", 2, "no criteria"),
        ("Item 4\nA title\n\nTarget\n\n", 4, "`Target` heading"),
        (
            "Item 4\nA title\n\na)\nb) Two.",
            4,
            "criterion a) has no text",
        ),
        (
            "Item 4\nA title\n\n(b) Two.",
            4,
            "criterion b) is out of order",
        ),
        (
            "Item 4\nA title\n\na) One.\n\n• A bullet\n",
            6,
            "a bullet after the criteria",
        ),
    ];
    for &(text, line, message) in cases {
        let error = import_page("page.txt", text).expect_err(text);
        assert_eq!(error.line, line, "{text:?}: {error}");
        assert!(error.message.contains(message), "{text:?}: {error}");
    }
}

#[test]
fn a_number_the_page_cannot_use_is_passed_over_for_a_good_one() {
    let text = "Item 1/39\nHome\n\nItem 25\n\nPlanning aftercare\n\na) One.";
    let page = import_page("page.txt", text).expect("imports");
    assert_eq!(
        (page.number, page.title.as_str()),
        (25, "Planning aftercare")
    );
}

#[test]
fn a_breadcrumb_item_line_gives_way_to_the_pages_own() {
    let text = "Item 24\n\nNext\nItem 25\n\nPlanning aftercare\n\na) One.";
    let page = import_page("page.txt", text).expect("imports");
    assert_eq!(
        (page.number, page.title.as_str()),
        (25, "Planning aftercare")
    );
}

#[test]
fn a_marker_alone_takes_its_text_from_the_lines_under_it() {
    let page = import_page("page.txt", "Item 4\nA title\n\na)\nOne\nmore.\nb) Two.").expect("ok");
    assert_eq!(page.criteria[0].text, "One more.");
}

// ---------------------------------------------------------------------------------------------
// The item an imported page gives
// ---------------------------------------------------------------------------------------------

fn mini_item(number: u16) -> Item {
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    let scale = pack::load_dir(&mini).unwrap_or_else(|e| panic!("{e}"));
    scale.item(number).expect("mini item").clone()
}

fn page_with(number: u16, criteria: usize) -> ImportedPage {
    ImportedPage {
        number,
        title: "A new title".to_owned(),
        criteria: (0..criteria)
            .map(|i| criterion(&pack::criterion_id(i), "A criterion."))
            .collect(),
        guidance: vec![section(
            "Why this is important",
            vec![paragraph("Because.")],
        )],
    }
}

#[test]
fn to_item_keeps_the_packs_anchors_when_they_fit() {
    // Mini item 1 has four criteria, its own (not provisional) anchors and evidence `M`.
    let existing = mini_item(1);
    let item = to_item(&page_with(1, 4), Some(&existing));
    assert_eq!(item.anchors, existing.anchors);
    assert_eq!(item.domain, "access");
    assert_eq!(item.evidence, ["M"]);
    assert_eq!(item.title, "A new title");
    assert_eq!(item.provenance, Provenance::Verbatim);
    assert_eq!(item.guidance, page_with(1, 4).guidance);
}

#[test]
fn to_item_counts_down_when_the_packs_anchors_do_not_fit() {
    let existing = mini_item(1);
    let item = to_item(&page_with(1, 5), Some(&existing));
    assert_eq!(item.anchors, Some(countdown_anchors(5)));
    assert_eq!(item.domain, "access");

    // An item rated directly in the pack, with criteria on the page.
    let item = to_item(&page_with(3, 2), Some(&mini_item(3)));
    assert_eq!(item.anchors, Some(countdown_anchors(2)));
    assert_eq!(item.domain, "care");

    let item = to_item(&page_with(9, 6), None);
    assert_eq!(item.anchors, Some(countdown_anchors(6)));
    assert_eq!(item.domain, "unknown");
    assert!(item.evidence.is_empty());
}

#[test]
fn the_countdown_rule_scores_every_count() {
    /// A score and the counts of criteria met that give it.
    type Gives = (u8, &'static [usize]);
    let cases: &[(usize, &[Gives])] = &[
        (1, &[(5, &[1]), (1, &[0])]),
        (2, &[(5, &[2]), (3, &[1]), (1, &[0])]),
        (3, &[(5, &[3]), (4, &[2]), (2, &[1]), (1, &[0])]),
        (4, &[(5, &[4]), (4, &[3]), (3, &[2]), (2, &[1]), (1, &[0])]),
        (
            7,
            &[
                (5, &[7]),
                (4, &[6]),
                (3, &[5]),
                (2, &[4]),
                (1, &[0, 1, 2, 3]),
            ],
        ),
    ];
    for &(criteria, scores) in cases {
        let anchors = countdown_anchors(criteria);
        assert!(anchors.provisional);
        assert_eq!(anchors.by_count.len(), criteria + 1);
        for &(score, counts) in scores {
            assert_eq!(
                anchors.counts_for(score),
                counts,
                "{criteria} criteria, score {score}"
            );
        }
    }
    assert!(countdown_anchors(0).by_count.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Any text at all
// ---------------------------------------------------------------------------------------------

/// Checks what holds for every outcome: an error names the file and a line of the text; a page
/// has normalised, non-empty words and writes to a pack file that is valid TOML.
fn check_outcome(text: &str) {
    match import_page("any.txt", text) {
        Err(error) => {
            let lines = text.split(['\n', '\r']).count().max(1);
            assert!((1..=lines).contains(&error.line), "{error}");
            assert!(error.to_string().starts_with("any.txt:"));
        }
        Ok(page) => {
            assert!(page.number > 0);
            assert!(!page.title.is_empty());
            // No criteria only for an item rated directly, which goes on to its guidance.
            assert!(!page.criteria.is_empty() || !page.guidance.is_empty());
            for (index, criterion) in page.criteria.iter().enumerate() {
                assert_eq!(criterion.id, pack::criterion_id(index));
                assert_normalised(&criterion.text);
            }
            for section in &page.guidance {
                assert_normalised(&section.heading);
                for block in &section.blocks {
                    match block {
                        Block::Paragraph(t) | Block::Subheading(t) | Block::Quote(t) => {
                            assert_normalised(t)
                        }
                        Block::Bullets(bullets) => {
                            assert!(!bullets.is_empty());
                            bullets.iter().for_each(|b| assert_normalised(b));
                        }
                    }
                }
            }
            let toml_text = pack::item_to_toml(&to_item(&page, None));
            let parsed: Result<toml::Table, _> = toml::from_str(&toml_text);
            assert!(parsed.is_ok(), "{toml_text}");
        }
    }
}

fn assert_normalised(text: &str) {
    assert!(!text.is_empty());
    assert_eq!(text, text.trim());
    assert!(!text.contains("  ") && !text.contains('\u{a0}') && !text.contains('\n'));
}

/// Lines that steer the importer deep into a page.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Item 25".to_owned()),
        Just("Item 2x".to_owned()),
        Just("A title".to_owned()),
        Just("Target".to_owned()),
        "[a-e][).] [a-z ]{0,12}".prop_map(String::from),
        Just("(c)".to_owned()),
        Just("Why this is important".to_owned()),
        Just("Relevant reading:".to_owned()),
        Just("  • A bullet".to_owned()),
        Just("•".to_owned()),
        Just("- ".to_owned()),
        Just("* * *".to_owned()),
        Just("Some words (p.19)".to_owned()),
        Just("A sentence.".to_owned()),
        Just("\u{a0}\t\r".to_owned()),
        any::<String>(),
    ]
}

/// Ways to damage the seed page.
#[derive(Debug, Clone)]
enum Mutation {
    DropLine(usize),
    DuplicateLine(usize),
    InsertChar(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::InsertChar(at, c)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for mutation in mutations {
        let len = lines.len().max(1);
        match *mutation {
            Mutation::DropLine(at) if !lines.is_empty() => {
                lines.remove(at % len);
            }
            Mutation::DuplicateLine(at) if !lines.is_empty() => {
                let line = lines[at % len].clone();
                lines.insert(at % len, line);
            }
            Mutation::InsertChar(at, c) if !lines.is_empty() => {
                let line = &mut lines[at % len];
                let chars = line.chars().count() + 1;
                let byte = line
                    .char_indices()
                    .nth(at % chars)
                    .map_or(line.len(), |(i, _)| i);
                line.insert(byte, c);
            }
            _ => {}
        }
    }
    lines.join("\n")
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_outcome(&text);
    }

    #[test]
    fn arbitrary_pages_never_panic(lines in prop::collection::vec(page_line(), 0..40)) {
        check_outcome(&lines.join("\n"));
        check_outcome(&lines.join("\r\n"));
    }

    #[test]
    fn a_damaged_seed_never_panics(mutations in prop::collection::vec(mutation(), 0..12)) {
        check_outcome(&mutate(&fixture("seed-item-25.txt"), &mutations));
    }
}
