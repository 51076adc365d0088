//! The embedded CORE CRT pack says what the facts about the scale say: 39 items in 4 domains,
//! the right criteria and anchors for each item, and every number, threshold and time exactly.
//!
//! These tests read the pack built into the binary, never a copy of it, so an edit to an item
//! file that drops or changes a number fails here.

use fidelity_review::scale::pack;
use fidelity_review::scale::{Block, Bound, Criterion, Item, Provenance, Scale};

fn core_crt() -> Scale {
    pack::load_embedded().unwrap_or_else(|e| panic!("the embedded pack does not load:\n{e}"))
}

fn item(scale: &Scale, number: u16) -> &Item {
    scale
        .item(number)
        .unwrap_or_else(|| panic!("the pack has no item {number}"))
}

fn criterion<'a>(scale: &'a Scale, number: u16, id: &str) -> &'a Criterion {
    item(scale, number)
        .criterion(id)
        .unwrap_or_else(|| panic!("item {number} has no criterion {id}"))
}

/// Items with no criteria, rated directly from 1 to 5.
const RATED_DIRECTLY: [u16; 4] = [23, 28, 35, 37];

/// Placeholders: the wording is only in the official scale.
const PLACEHOLDERS: [u16; 3] = [28, 35, 37];

#[test]
fn the_pack_is_valid_with_39_items_in_4_domains() {
    let scale = core_crt();
    assert_eq!(scale.id, "core-crt");
    assert_eq!(scale.version, "2");
    assert_eq!((scale.rating.min, scale.rating.max), (1, 5));
    assert_eq!(scale.total_range(), (39, 195));

    let numbers: Vec<u16> = scale.items.iter().map(|item| item.number).collect();
    assert_eq!(numbers, (1..=39).collect::<Vec<u16>>());

    let domains = [
        ("referrals-access", "Referrals and access", 1..=10),
        ("content-delivery", "Content and delivery of care", 11..=26),
        (
            "staffing-team-procedures",
            "Staffing and team procedures",
            27..=36,
        ),
        ("location-timing", "Location and timing of care", 37..=39),
    ];
    let ids: Vec<&str> = scale.domains.iter().map(|d| d.id.as_str()).collect();
    let expected_ids: Vec<&str> = domains.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids, expected_ids);
    for (id, name, range) in domains {
        assert_eq!(scale.domain(id).map(|d| d.name.as_str()), Some(name));
        let in_domain: Vec<u16> = scale.items_in(id).map(|item| item.number).collect();
        assert_eq!(in_domain, range.collect::<Vec<u16>>(), "items of {id}");
    }
}

#[test]
fn every_item_file_is_named_after_its_number_and_title() {
    let scale = core_crt();
    let files: Vec<String> = pack::embedded_files()
        .files
        .into_iter()
        .filter_map(|(path, _)| path.strip_prefix("items/").map(str::to_owned))
        .collect();
    for item in &scale.items {
        let expected = pack::item_file_name(item);
        assert!(
            files.contains(&expected),
            "item {} should live in items/{expected}",
            item.number
        );
    }
    assert_eq!(files.len(), 39);
}

#[test]
fn every_item_has_the_provenance_the_facts_allow() {
    let scale = core_crt();
    for item in &scale.items {
        let expected = match item.number {
            25 => Provenance::Verbatim,
            n if PLACEHOLDERS.contains(&n) => Provenance::Placeholder,
            _ => Provenance::Summary,
        };
        assert_eq!(
            item.provenance, expected,
            "provenance of item {}",
            item.number
        );
        assert!(
            !item.title.trim().is_empty(),
            "item {} has a title",
            item.number
        );
    }
    for number in PLACEHOLDERS {
        let title = &item(&scale, number).title;
        assert!(
            title.starts_with(&format!("Item {number} ")) && title.contains("official scale"),
            "placeholder title of item {number}: {title:?}"
        );
    }
    assert_eq!(
        item(&scale, 23).title,
        "Choice of where, when and what kind of support"
    );
}

#[test]
fn the_scale_titles_and_the_precondition_are_carried_over() {
    let scale = core_crt();
    let scale_titles = [
        (1, "CRT responds quickly to new referrals"),
        (2, "The CRT is easily accessible to all eligible referrers"),
        (3, "Accepts referrals from all sources"),
        (
            10,
            "The CRT is a distinct service that provides only crisis assessment and brief home treatment",
        ),
        (
            13,
            "The CRT closely involves and works with families and wider social networks in supporting service users",
        ),
        (
            23,
            "The CRT offers service users choice of location, timing and type of support",
        ),
    ];
    for (number, title) in scale_titles {
        assert_eq!(item(&scale, number).scale_title.as_deref(), Some(title));
    }
    for item in &scale.items {
        if !scale_titles.iter().any(|(n, _)| *n == item.number) {
            assert_eq!(item.scale_title, None, "item {} scale title", item.number);
        }
        if item.number != 9 {
            assert_eq!(item.precondition, None, "item {} precondition", item.number);
        }
        if item.number != 1 {
            assert!(item.evidence.is_empty(), "item {} evidence", item.number);
        }
    }
    let precondition = item(&scale, 9).precondition.as_deref().unwrap_or_default();
    assert!(
        precondition.contains("service user and carer"),
        "{precondition}"
    );
    assert!(precondition.contains("phone number"), "{precondition}");
    assert_eq!(item(&scale, 1).evidence, ["C", "P", "M", "S", "O"]);
}

/// How many criteria each item has, from the facts sheet (0: rated directly).
const CRITERIA: [(u16, usize); 39] = [
    (1, 6),
    (2, 4),
    (3, 7),
    (4, 4),
    (5, 1),
    (6, 5),
    (7, 6),
    (8, 4),
    (9, 4),
    (10, 5),
    (11, 2),
    (12, 6),
    (13, 5),
    (14, 4),
    (15, 4),
    (16, 6),
    (17, 5),
    (18, 4),
    (19, 3),
    (20, 3),
    (21, 4),
    (22, 4),
    (23, 0),
    (24, 4),
    (25, 6),
    (26, 5),
    (27, 4),
    (28, 0),
    (29, 1),
    (30, 5),
    (31, 6),
    (32, 5),
    (33, 5),
    (34, 5),
    (35, 0),
    (36, 4),
    (37, 0),
    (38, 5),
    (39, 1),
];

/// The provisional count-down rule: the score for 0, 1, … `n` criteria met.
fn count_down(n: usize) -> Vec<u8> {
    match n {
        1 => vec![1, 5],
        2 => vec![1, 3, 5],
        3 => vec![1, 2, 4, 5],
        _ => (0..=n)
            .map(|met| match n - met {
                0 => 5,
                1 => 4,
                2 => 3,
                3 => 2,
                _ => 1,
            })
            .collect(),
    }
}

#[test]
fn each_item_has_its_criteria_count_and_anchors() {
    let scale = core_crt();
    for (number, count) in CRITERIA {
        let item = item(&scale, number);
        assert_eq!(item.criteria.len(), count, "criteria of item {number}");
        let ids: Vec<&str> = item.criteria.iter().map(|c| c.id.as_str()).collect();
        let expected: Vec<String> = (0..count).map(pack::criterion_id).collect();
        assert_eq!(ids, expected, "criterion ids of item {number}");

        if RATED_DIRECTLY.contains(&number) {
            assert_eq!(count, 0);
            assert!(item.is_rated_directly(), "item {number} is rated directly");
            continue;
        }
        let anchors = item
            .anchors
            .as_ref()
            .unwrap_or_else(|| panic!("item {number} has anchors"));
        assert_eq!(
            anchors.provisional,
            number > 3,
            "item {number}: only items 1–3 have the scale's own anchors"
        );
        if anchors.provisional {
            assert_eq!(
                anchors.by_count,
                count_down(count),
                "anchors of item {number}"
            );
        }
    }
}

#[test]
fn items_1_to_3_score_every_count_as_the_scale_does() {
    let scale = core_crt();
    // The score for 0, 1, … criteria met.
    let expected: [(u16, &[u8]); 3] = [
        (1, &[1, 1, 1, 2, 3, 4, 5]),
        (2, &[1, 2, 3, 4, 5]),
        (3, &[1, 1, 1, 2, 3, 3, 4, 5]),
    ];
    for (number, scores) in expected {
        let anchors = item(&scale, number).anchors.as_ref().expect("anchors");
        for (met, &score) in scores.iter().enumerate() {
            assert_eq!(
                anchors.score_for(met),
                Some(score),
                "item {number}, {met} criteria met"
            );
        }
        assert_eq!(anchors.score_for(scores.len()), None);
    }
    assert!(
        criterion(&scale, 3, "d")
            .text
            .contains("emergency services"),
        "item 3 follows the scale's 7 criteria, with the emergency services"
    );
}

/// Every number of the facts sheet's criteria, as the pack must state it in the criterion's text
/// (compared ignoring case, so a fact may open a sentence).
const CRITERION_FACTS: &[(u16, &str, &str)] = &[
    (1, "b", "within 30 minutes"),
    (1, "c", "at least 90%"),
    (1, "c", "within 4 hours"),
    (1, "d", "at least 50%"),
    (1, "d", "before 18:00"),
    (1, "d", "same day"),
    (1, "e", "at least 90%"),
    (1, "e", "before 18:00"),
    (1, "e", "same day"),
    (4, "d", "aged 16 or over"),
    (5, "a", "any hour"),
    (5, "a", "every day"),
    (6, "a", "at least 90%"),
    (6, "a", "voluntary"),
    (6, "b", "at least 98%"),
    (6, "b", "voluntary"),
    (6, "c", "at least 67%"),
    (6, "c", "compulsory"),
    (6, "d", "at least 90%"),
    (6, "d", "compulsory"),
    (7, "a", "at least 3 times a week"),
    (7, "b", "at least 50%"),
    (7, "c", "at least 80%"),
    (7, "d", "at least 20%"),
    (7, "e", "at least 90%"),
    (7, "e", "within 24 hours"),
    (7, "f", "same day"),
    (9, "b", "at least 90%"),
    (9, "b", "within 1 hour"),
    (9, "c", "at least 90%"),
    (9, "c", "within 20 minutes"),
    (9, "d", "same day"),
    (10, "a", "at least 95%"),
    (10, "b", "at least 70%"),
    (10, "b", "less than 6 weeks"),
    (10, "c", "at least 90%"),
    (10, "c", "less than 6 weeks"),
    (10, "e", "at least 90%"),
    (11, "a", "12 elements"),
    (12, "b", "within 4 working days"),
    (12, "c", "at least 80%"),
    (12, "c", "the day before"),
    (12, "d", "no more than 1 hour"),
    (12, "e", "at least 80%"),
    (12, "e", "within 1 hour"),
    (12, "f", "at least 80%"),
    (12, "f", "more than 15 minutes"),
    (13, "b", "at least 1 key person"),
    (13, "c", "at least 1 person"),
    (13, "d", "at least 1 person"),
    (15, "a", "every day"),
    (15, "b", "out of hours"),
    (15, "c", "up to twice a day"),
    (16, "b", "at least 80%"),
    (16, "e", "at least 80%"),
    (17, "a", "at least 0.4 FTE"),
    (17, "c", "more than 30%"),
    (17, "e", "more than 80%"),
    (17, "e", "at least every 2 months"),
    (18, "a", "at least 80%"),
    (18, "c", "at least 80%"),
    (18, "c", "past 12 months"),
    (21, "a", "at least 1 visit"),
    (21, "a", "at least 30 minutes"),
    (21, "c", "at least 80%"),
    (21, "c", "at least 30 minutes"),
    (22, "c", "past year"),
    (26, "a", "at least 48 hours"),
    (26, "d", "at least 2 weeks"),
    (27, "a", "no more than 25 service users per 14"),
    (27, "d", "last 3 months"),
    (27, "d", "more than 80%"),
    (29, "a", "at least 8 of these 12 groups"),
    (30, "a", "at least 12 hours"),
    (30, "b", "last 6 months"),
    (30, "b", "at least 80%"),
    (30, "b", "at least once a month"),
    (30, "c", "at least every 2 months"),
    (30, "d", "at least 80%"),
    (30, "d", "at least once a year"),
    (30, "e", "at least 80%"),
    (30, "e", "last year"),
    (31, "a", "at least 80%"),
    (31, "b", "at least 80%"),
    (31, "f", "up to 4 hours"),
    (32, "c", "at least 80%"),
    (32, "d", "same day"),
    (32, "e", "at least once a year"),
    (33, "b", "daytime shift"),
    (33, "c", "at least once a month"),
    (33, "d", "at least 90%"),
    (33, "d", "same day"),
    (34, "a", "at least 80%"),
    (34, "b", "at least 80%"),
    (34, "b", "within 3 days"),
    (34, "c", "at least 1 key"),
    (34, "c", "at least once a month"),
    (34, "d", "at least every 2 months"),
    (36, "b", "at least 80%"),
    (38, "a", "at least 50%"),
    (38, "a", "twice a day on 3 consecutive days"),
    (38, "b", "more than twice a day"),
    (38, "c", "at least 50%"),
    (38, "c", "at least 7 times in their first week"),
    (38, "d", "at least 50%"),
    (38, "d", "on average 5 times a week"),
    (39, "a", "at least 80%"),
];

#[test]
fn every_number_of_the_criteria_is_stated_exactly() {
    let scale = core_crt();
    let mut missing = Vec::new();
    for &(number, id, fact) in CRITERION_FACTS {
        let text = &criterion(&scale, number, id).text;
        if !text.to_lowercase().contains(&fact.to_lowercase()) {
            missing.push(format!("item {number} {id}: {fact:?} not in {text:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_met_rules_of_criteria_are_in_their_guidance() {
    let scale = core_crt();
    let rules = [
        (
            27,
            "a",
            ["Fully met", "no more than 25 service users per 14 FTE"],
        ),
        (
            27,
            "a",
            ["Partly met", "no more than 30 service users per 14 FTE"],
        ),
        (31, "d", ["Met when", "at least 80% of staff"]),
    ];
    for (number, id, facts) in rules {
        let guidance = criterion(&scale, number, id)
            .guidance
            .as_deref()
            .unwrap_or_else(|| panic!("item {number} {id} has guidance"));
        for fact in facts {
            assert!(
                guidance.contains(fact),
                "item {number} {id}: {fact:?} not in {guidance:?}"
            );
        }
    }
    for item in &scale.items {
        for c in &item.criteria {
            let expected = matches!((item.number, c.id.as_str()), (27, "a") | (31, "d"));
            assert_eq!(
                c.guidance.is_some(),
                expected,
                "item {} {} guidance",
                item.number,
                c.id
            );
        }
    }
}

#[test]
fn lists_inside_criteria_keep_every_entry() {
    let scale = core_crt();
    let assessment = &criterion(&scale, 11, "a").text;
    let elements = [
        "(i) the presenting problem",
        "(ii) a mental state examination",
        "(iii) symptoms",
        "(iv) current medication",
        "(v) family and social network",
        "(vi) social functioning, including work, housing and money",
        "(vii) substance use",
        "(viii) risk and safety",
        "(ix) the person's strengths, goals and preferences for treatment",
        "(x) personal and psychiatric history",
        "(xi) the views of carers",
        "(xii) religious or spiritual needs",
    ];
    for element in elements {
        assert!(assessment.contains(element), "item 11 a lacks {element:?}");
    }

    let groups = &criterion(&scale, 29, "a").text;
    let professions = [
        "nurses",
        "occupational therapists",
        "clinical or counselling psychologists",
        "social workers",
        "psychiatrists",
        "service users employed as staff",
        "support staff without a professional mental health qualification",
        "pharmacists",
        "approved mental health professionals (AMHPs) or equivalent",
        "non-medical prescribers",
        "a family therapist",
        "an accredited CBT therapist",
    ];
    assert_eq!(groups.matches("; ").count() + 1, professions.len());
    for profession in professions {
        assert!(
            groups.contains(profession),
            "item 29 a lacks {profession:?}"
        );
    }

    let sources = ["GPs", "other health services", "emergency services"];
    for (id, source) in ["b", "c", "d"].into_iter().zip(sources) {
        assert!(criterion(&scale, 3, id).text.contains(source));
    }
}

/// Numbers in the "Why it matters" guidance, where the pack gives one.
const GUIDANCE_FACTS: &[(u16, &str)] = &[
    (1, "within 4 hours"),
    (3, "more than 20%"),
    (4, "2007"),
    (5, "24 hours a day, 7 days a week"),
    (5, "Glover et al. 2005"),
    (5, "Hasselberg et al. 2013"),
    (13, "Bridgett & Polak 2003"),
    (14, "Carers Act 1995"),
    (17, "about 30%"),
    (27, "at least 14 full-time staff for a caseload of 20–30"),
];

#[test]
fn the_numbers_in_why_it_matters_are_stated_exactly() {
    let scale = core_crt();
    for &(number, fact) in GUIDANCE_FACTS {
        let text: String = item(&scale, number)
            .guidance
            .iter()
            .flat_map(|section| &section.blocks)
            .map(|block| match block {
                Block::Paragraph(text) | Block::Subheading(text) | Block::Quote(text) => {
                    text.clone()
                }
                Block::Bullets(bullets) => bullets.join("\n"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains(fact),
            "item {number}: {fact:?} not in its guidance"
        );
    }
}

#[test]
fn the_bands_are_provisional_with_cut_offs_at_3_and_4() {
    let scale = core_crt();
    let bands = &scale.bands;
    assert!(bands.provisional);
    let shape: Vec<(&str, Bound)> = bands
        .bands
        .iter()
        .map(|band| (band.name.as_str(), band.upper))
        .collect();
    assert_eq!(
        shape,
        [
            ("Low", Bound::Below(3.0)),
            ("Moderate", Bound::UpTo(4.0)),
            ("High", Bound::UpTo(5.0)),
        ]
    );

    // On 39 items: low 39–116, moderate 117–156, high 157–195.
    let band_of_total = |total: u32| {
        let mean = f64::from(total) / 39.0;
        bands.band_for(mean).map(|band| band.name.as_str())
    };
    for (total, band) in [
        (39, "Low"),
        (116, "Low"),
        (117, "Moderate"),
        (156, "Moderate"),
        (157, "High"),
        (195, "High"),
    ] {
        assert_eq!(band_of_total(total), Some(band), "total {total}");
    }
}

/// Meaning the facts sheet marks as part of what is rated (an offer, in person, involved
/// carers, where needed, …): each criterion must say it, in these words (ignoring case).
const CRITERION_MEANINGS: &[(u16, &str, &str)] = &[
    (1, "d", "are offered an assessment"),
    (1, "d", "even when the person does not take it up"),
    (1, "e", "are offered an assessment"),
    (1, "e", "even when the person does not take it up"),
    (8, "b", "assessed someone in person"),
    (8, "c", "assessed in person"),
    (8, "d", "every referrer"),
    (8, "d", "above all those whose referrals it often declines"),
    (9, "d", "where they are needed"),
    (13, "c", "who is involved in their care"),
    (13, "d", "who is involved in their care"),
    (16, "d", "the carers involved in their care"),
    (16, "d", "why each medicine is prescribed"),
    (16, "d", "side effects"),
    (27, "c", "wherever possible"),
    (27, "c", "may benefit from early discharge"),
    (31, "c", "risk assessment"),
    (31, "c", "risk management plan"),
];

#[test]
fn the_meaning_the_facts_mark_is_kept() {
    let scale = core_crt();
    let mut missing = Vec::new();
    for &(number, id, meaning) in CRITERION_MEANINGS {
        let text = &criterion(&scale, number, id).text;
        if !text.to_lowercase().contains(&meaning.to_lowercase()) {
            missing.push(format!("item {number} {id}: {meaning:?} not in {text:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));

    // Identifying carers at the first contact is the government guidance's point, not the
    // social-systems source's.
    let why: Vec<&str> = item(&scale, 13)
        .guidance
        .iter()
        .flat_map(|section| &section.blocks)
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        })
        .flat_map(|text| text.split(". "))
        .collect();
    let first_contact = why
        .iter()
        .find(|sentence| sentence.contains("first contact"))
        .expect("item 13 says when carers are identified");
    assert!(first_contact.contains("guidance"), "{first_contact}");
    assert!(!first_contact.contains("Bridgett"), "{first_contact}");
}

#[test]
fn the_credits_sources_and_notice_are_in_the_pack() {
    let scale = core_crt();
    for credit in [
        "Brynmor Lloyd-Evans",
        "Sonia Johnson",
        "CORE Research Group",
        "NIHR",
        "RP-PG-0109-10078",
        "Camden and Islington NHS Foundation Trust",
        "govern a formal review",
    ] {
        assert!(
            scale.attribution.contains(credit),
            "attribution lacks {credit:?}"
        );
    }
    let permission = scale.permission.as_deref().expect("the scale's notice");
    assert!(
        permission.contains("not be used or adapted without permission from its developers"),
        "{permission}"
    );
    let addresses: Vec<&str> = scale.sources.iter().map(|s| s.address.as_str()).collect();
    assert!(addresses.contains(&"ucl.ac.uk/core-study"), "{addresses:?}");
    assert!(
        addresses.contains(&"dx.doi.org/10.1186/s12888-016-1139-4"),
        "{addresses:?}"
    );
    let introduction = scale.introduction.as_ref().expect("the introduction");
    assert_eq!(introduction.title, "How to use the Resource Pack");
    assert_eq!(introduction.provenance, Provenance::Verbatim);
}
