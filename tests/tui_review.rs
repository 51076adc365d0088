//! The review screen, driven by key presses through the keymap, drawn into a test terminal.

mod tui_common;

use fidelity_review::review::{Finding, Review};
use fidelity_review::store::LockHolder;
use fidelity_review::tui::Start;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{screen}"))
}

#[test]
fn a_fresh_review_opens_on_the_first_criterion_of_the_first_item() {
    for size in [SMALL, LARGE] {
        let ui = Ui::with_review(size);
        let screen = ui.screen();
        assert!(
            screen.starts_with("Item 1 of 3 · Answering calls"),
            "{screen}"
        );
        assert!(
            line_with(&screen, "Item 1 of 3").ends_with("Saved 14:32:05"),
            "the time of the last save, in full: {screen}"
        );
        assert!(screen.contains("Access · Evidence: M"));
        assert!(line_with(&screen, "a) Calls").contains("› · a)"));
        assert!(screen.contains("5 ← 4 met"));
        assert!(screen.contains("Final: not yet"));
        assert!(screen.contains("Why it matters"));
        assert!(screen.contains("  • Keep a log."));
        assert_snapshot!(format!("review_fresh_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn a_finding_shows_its_symbol_and_is_saved_without_moving_the_cursor() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("y");
    let screen = ui.screen();
    assert!(
        line_with(&screen, "a) Calls").contains("› ✓ a)"),
        "{screen}"
    );
    assert!(line_with(&screen, "Item 1 of 3").ends_with("Saved 14:32:05"));
    assert_eq!(ui.saved().finding(1, "a"), Finding::Met);
    assert_eq!(
        ui.saved().cursor.criterion,
        0,
        "rating never moves the cursor"
    );

    ui.keys("jnju");
    let screen = ui.screen();
    assert!(screen.contains("✗ b) A clinician answers."), "{screen}");
    assert!(screen.contains("› ? c) Calls are logged."), "{screen}");
    assert!(
        screen.contains("◐ 1 "),
        "the side list shows it partly rated: {screen}"
    );

    ui.press(KeyCode::Backspace);
    assert!(ui.screen().contains("› · c) Calls are logged."));
    assert_eq!(ui.saved().finding(1, "c"), Finding::NotRated);
}

#[test]
fn partly_rated_item() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("yjyjn");
        let screen = ui.screen();
        assert!(screen.contains("Met 2 of 4"), "{screen}");
        assert!(
            screen.contains("Suggested: –") && screen.contains("(1 criterion to rate)"),
            "what is missing for a suggestion: {screen}"
        );
        assert_snapshot!(format!("review_partly_rated_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn all_criteria_rated_gives_the_suggested_score_and_the_item_counts_as_rated() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjn");
    let screen = ui.screen();
    assert!(screen.contains("Suggested 4"), "{screen}");
    assert!(screen.contains("Final 4 (suggested)"));
    assert!(screen.contains("4 ← 3 met ◂"));
    assert!(screen.contains("● 1 "), "{screen}");
}

#[test]
fn provisional_anchors_say_so() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("ly");
    let screen = ui.screen();
    assert!(screen.contains("Anchors (provisional)"), "{screen}");
    assert!(screen.contains("Suggested 5 provisional"));
}

#[test]
fn an_item_rated_directly_takes_its_score_from_the_number_keys() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("ll");
        let screen = ui.screen();
        assert!(screen.starts_with("Item 3 of 3 · Team culture"), "{screen}");
        assert!(screen.contains("This item is rated directly."));
        ui.keys("y");
        assert!(ui.screen().contains("rated directly: 1–5 gives its score"));
        ui.keys("4");
        let screen = ui.screen();
        assert!(screen.contains("Final 4"), "no rationale asked: {screen}");
        assert_eq!(ui.saved().item(3).unwrap().final_score, Some(4));
        let side = if size == SMALL {
            "● 3 "
        } else {
            "● 3 Team culture"
        };
        assert!(screen.contains(side), "{screen}");
        assert_snapshot!(
            format!("review_rated_directly_{}x{}", size.0, size.1),
            screen
        );
    }
}

#[test]
fn moving_to_another_item_starts_at_its_first_criterion_and_the_cursor_is_saved() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("jjj");
    assert_eq!(ui.held().cursor.criterion, 3);
    assert_eq!(
        ui.saved().cursor.criterion,
        0,
        "moves within an item wait for the next save"
    );
    ui.keys("y");
    assert_eq!(ui.saved().cursor.criterion, 3, "and go with it");
    ui.keys("j");
    assert!(
        ui.screen()
            .contains("Last criterion: l goes to the next item")
    );
    ui.keys("lh");
    let saved = ui.saved();
    assert_eq!((saved.cursor.item, saved.cursor.criterion), (1, 0));
    ui.press(KeyCode::Right);
    assert!(ui.screen().starts_with("Item 2 of 3 · Home visits"));
    assert_eq!(ui.saved().cursor.item, 2);
}

#[test]
fn after_the_last_item_l_goes_to_the_summary() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("lll");
    assert!(ui.screen().starts_with("Summary · Crisis Team"));
    ui.press(KeyCode::Esc);
    assert!(ui.screen().starts_with("Item 3 of 3"));
}

#[test]
fn g_and_a_number_go_to_that_item_showing_what_is_typed() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("g3");
    let screen = ui.screen();
    assert!(
        screen.contains("Go to item (1–3), then Enter: 3"),
        "{screen}"
    );
    ui.press(KeyCode::Enter);
    assert!(ui.screen().starts_with("Item 3 of 3"));

    ui.keys("g9");
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("Type an item number from 1 to 3"));
    ui.press(KeyCode::Backspace).keys("2");
    ui.press(KeyCode::Enter);
    assert!(ui.screen().starts_with("Item 2 of 3"));
}

#[test]
fn t_tags_evidence_sources_on_the_current_criterion() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("t");
    let screen = ui.screen();
    assert!(screen.contains("M  Manager interview"), "{screen}");
    ui.keys("m s");
    ui.press(KeyCode::Enter);
    assert_eq!(ui.saved().criterion(1, "a").unwrap().sources, ["M", "S"]);
    assert!(ui.screen().contains("Criterion a: sources M S"));

    ui.keys("tx");
    ui.press(KeyCode::Enter);
    assert!(
        ui.screen()
            .contains("\"x\" is not a source here; the codes are M S")
    );
    ui.press(KeyCode::Esc);
    ui.keys("ts");
    ui.press(KeyCode::Enter);
    assert_eq!(ui.saved().criterion(1, "a").unwrap().sources, ["M"]);
}

#[test]
fn the_note_editor_saves_on_esc_and_takes_a_paste_as_one_piece() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("je").keys("Manager: calls logged");
        ui.app.update(fidelity_review::tui::action::Action::Paste(
            "\nsince May\u{1b}[2J".to_owned(),
        ));
        let screen = ui.screen();
        assert!(screen.contains("Note · item 1 · criterion b"), "{screen}");
        assert!(screen.contains("Saves when you pause"));
        assert!(screen.contains("since May␛[2J"), "pasted escapes are inert");
        assert_snapshot!(format!("note_editor_{}x{}", size.0, size.1), screen);

        ui.press(KeyCode::Esc);
        let note = ui.saved().criterion(1, "b").unwrap().note.clone();
        assert_eq!(note, "Manager: calls logged\nsince May␛[2J");
        let screen = ui.screen();
        assert!(screen.contains("Manager: calls logged"), "{screen}");
        assert!(screen.contains("b) A clinician answers. ✎"));
    }
}

#[test]
fn a_note_is_saved_while_typing_when_the_loop_says_the_keys_stopped() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("e").keys("half a thought");
    assert!(ui.app.note_pending());
    assert_eq!(ui.saved().criterion(1, "a").map(|c| c.note.clone()), None);
    ui.app
        .update(fidelity_review::tui::action::Action::NoteIdle);
    assert!(!ui.app.note_pending());
    assert_eq!(ui.saved().criterion(1, "a").unwrap().note, "half a thought");
    assert!(
        ui.screen().contains("Saved 14:32:05"),
        "the editor says it saved"
    );
}

#[test]
fn a_note_reaches_the_review_and_its_change_log_only_when_a_save_is_due() {
    use fidelity_review::review::Field;
    let note_changes = |ui: &Ui| {
        let saves = ui.shelf.borrow().saves;
        let logged = ui
            .held()
            .log
            .iter()
            .filter(|c| c.field == Field::Note)
            .count();
        (saves, logged)
    };
    let mut ui = Ui::with_review(SMALL);
    let (saves_before, _) = note_changes(&ui);
    ui.keys("e")
        .keys("forty characters typed one key at a time");
    assert_eq!(
        note_changes(&ui),
        (saves_before, 0),
        "typing writes nothing and logs nothing"
    );
    ui.app
        .update(fidelity_review::tui::action::Action::NoteIdle);
    assert_eq!(
        note_changes(&ui),
        (saves_before + 1, 1),
        "the pause saves once"
    );
    ui.app
        .update(fidelity_review::tui::action::Action::NoteIdle);
    assert_eq!(
        note_changes(&ui),
        (saves_before + 1, 1),
        "nothing new, nothing saved"
    );
    ui.keys(", then more");
    ui.press(KeyCode::Esc);
    assert_eq!(
        note_changes(&ui),
        (saves_before + 2, 1),
        "closing saves what was typed since, in the same log entry as the run of edits"
    );
    let last = ui.held().log.last().cloned().unwrap();
    assert_eq!(
        last.new,
        "forty characters typed one key at a time, then more"
    );
    ui.keys("e").press(KeyCode::Esc);
    assert_eq!(
        note_changes(&ui),
        (saves_before + 2, 1),
        "opening and closing the editor without typing writes nothing"
    );
    let last = ui.held().log.last().cloned().unwrap();
    assert_eq!(
        last.old, "",
        "the entry starts from the note before the run of edits"
    );
    assert_eq!(
        last.new,
        "forty characters typed one key at a time, then more"
    );
}

#[test]
fn a_score_that_differs_from_the_suggestion_asks_for_a_rationale() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("yjyjyjy");
        assert!(ui.screen().contains("Suggested 5"));
        ui.keys("3");
        let screen = ui.screen();
        assert!(screen.contains("Final score 3 for item 1"), "{screen}");
        assert!(screen.contains("The suggested score is 5. Why is it 3?"));
        ui.press(KeyCode::Enter);
        let screen = ui.screen();
        assert!(
            screen.contains("Write why the score differs (required)"),
            "{screen}"
        );
        assert_snapshot!(format!("rationale_prompt_{}x{}", size.0, size.1), screen);
        assert_eq!(ui.saved().item(1).unwrap().final_score, None);

        ui.keys("Calls go to voicemail at night");
        ui.press(KeyCode::Enter);
        let record = ui.saved().item(1).unwrap().clone();
        assert_eq!(record.final_score, Some(3));
        assert_eq!(record.rationale, "Calls go to voicemail at night");
        let screen = ui.screen();
        assert!(screen.contains("Final 3"));
        assert!(screen.contains("Why: Calls go"), "{screen}");

        ui.keys("5");
        assert_eq!(
            ui.saved().item(1).unwrap().final_score,
            None,
            "the suggested score needs no reason, and stands as the suggestion"
        );
        assert!(ui.screen().contains("Final 5 (suggested)"));
    }
}

#[test]
fn esc_on_the_rationale_prompt_leaves_the_score_alone() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjy2");
    ui.press(KeyCode::Esc);
    assert_eq!(ui.saved().item(1).unwrap().final_score, None);
    assert!(ui.screen().contains("Final 5 (suggested)"));
}

#[test]
fn help_lists_the_keys_of_the_keymap() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("?");
        let screen = ui.screen();
        assert!(screen.contains("Keys: Review"), "{screen}");
        for hint in
            fidelity_review::tui::keymap::help(fidelity_review::tui::keymap::Context::Review)
        {
            let label: String = hint.label.chars().take(10).collect();
            assert!(screen.contains(&label), "{label:?} missing from\n{screen}");
        }
        assert!(screen.contains("1–5 final score"));
        assert!(screen.contains("j/↓ next criterion"));
        assert_snapshot!(format!("help_review_{}x{}", size.0, size.1), screen);
        ui.press(KeyCode::Esc);
        assert!(!ui.screen().contains("Keys: Review"));
    }
}

#[test]
fn f_flags_the_item_for_follow_up() {
    let mut ui = Ui::with_review(LARGE);
    ui.keys("f");
    let screen = ui.screen();
    assert!(screen.contains("⚑ follow up"), "{screen}");
    assert!(line_with(&screen, "1 Answering calls").contains('⚑'));
    assert!(ui.saved().item(1).unwrap().flagged);
}

/// The guidance title's position, `lines 4–7 of 73` or `4–7/73`: from, to, total.
fn guidance_position(screen: &str) -> (usize, usize, usize) {
    let row = line_with(screen, "Guidance");
    let title = row.split_once("Guidance").unwrap().1;
    let title = title.split('│').next().unwrap();
    let numbers: Vec<usize> = title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().unwrap())
        .collect();
    match numbers[..] {
        [.., from, to, total] => (from, to, total),
        _ => panic!("no position in {row:?}"),
    }
}

#[test]
fn guidance_scrolls_with_its_own_keys_and_the_scroll_is_saved() {
    let scale = fidelity_review::scale::pack::load_embedded().expect("the embedded pack");
    let mut shelf = Shelf::default();
    let review = Review::new(&scale, details("Crisis Team"), now());
    shelf.sessions.insert(review_path(), review);
    let mut ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), SMALL);
    ui.keys("g25").press(KeyCode::Enter);
    let before = ui.screen();
    assert!(before.contains("Why this is important"), "{before}");
    let (from, _, total) = guidance_position(&before);
    assert_eq!(from, 1, "{before}");
    ui.keys("J");
    let after = ui.screen();
    assert!(!after.contains("Why this is important"), "{after}");
    assert_eq!(guidance_position(&after).0, 4, "{after}");
    assert_eq!(ui.held().cursor.guidance_scroll, 3);
    ui.press(KeyCode::PageUp);
    assert!(ui.screen().contains("Why this is important"));
    assert_eq!(ui.held().cursor.guidance_scroll, 0);
    for _ in 0..100 {
        ui.press(KeyCode::PageDown);
    }
    let end = ui.screen();
    let (_, to, last_total) = guidance_position(&end);
    assert_eq!(
        (to, last_total),
        (total, total),
        "no further than the end: {end}"
    );
    ui.keys("Jq");
    assert_eq!(
        ui.saved().cursor.guidance_scroll,
        ui.held().cursor.guidance_scroll,
        "saved on leaving"
    );
    assert!(ui.saved().cursor.guidance_scroll > 3);
}

#[test]
fn a_failed_save_says_not_saved_keeps_the_answer_and_retries_on_the_next_change() {
    let mut ui = Ui::with_review(SMALL);
    ui.shelf.borrow_mut().fail_saves = Some("No space left on device".to_owned());
    ui.keys("y");
    let screen = ui.screen();
    assert!(
        line_with(&screen, "Item 1 of 3").ends_with("NOT SAVED"),
        "{screen}"
    );
    assert!(screen.contains("NOT SAVED: writing failed: No space left on device."));
    assert_snapshot!("review_not_saved_80x24", screen);
    assert_eq!(ui.held().finding(1, "a"), Finding::Met, "kept in memory");
    assert_eq!(ui.saved().finding(1, "a"), Finding::NotRated);

    ui.shelf.borrow_mut().fail_saves = None;
    ui.keys("jn");
    let saved = ui.saved();
    assert_eq!(
        saved.finding(1, "a"),
        Finding::Met,
        "the retry carries the earlier answer"
    );
    assert_eq!(saved.finding(1, "b"), Finding::NotMet);
    assert!(line_with(&ui.screen(), "Item 1 of 3").ends_with("Saved 14:32:05"));
}

#[test]
fn a_review_open_elsewhere_can_be_viewed_read_only_and_nothing_is_written() {
    let mut ui = Ui::with_review(SMALL);
    drop(ui);
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&mini_scale(), details("Crisis Team"), now()),
    );
    shelf.locked.insert(
        review_path(),
        LockHolder {
            pid: Some(4242),
            host: Some("laptop".to_owned()),
            since: Some(now()),
        },
    );
    ui = Ui::new(shelf, Start::Open(review_path()), SMALL);
    let screen = ui.screen();
    assert!(screen.contains("Review already open"), "{screen}");
    assert!(
        screen.contains("pid 4242 on laptop"),
        "who holds it: {screen}"
    );
    let keys = line_with(&screen, "view read-only");
    assert!(
        keys.contains("r view read-only") && keys.contains("q quit"),
        "{screen}"
    );
    assert_snapshot!("review_already_open_80x24", screen);
    ui.keys("r");
    let screen = ui.screen();
    assert!(
        line_with(&screen, "Item 1 of 3").ends_with("READ-ONLY"),
        "{screen}"
    );
    assert!(screen.contains("READ-ONLY: this review is open in another fidelity-review"));
    assert_snapshot!("review_read_only_80x24", screen);

    for keys in ["y", "n", "f", "4", "e", "t"] {
        ui.keys(keys);
        assert!(ui.screen().contains("Read-only"), "{keys} says read-only");
    }
    ui.keys("jl");
    assert!(
        ui.screen().starts_with("Item 2 of 3"),
        "moving around works"
    );
    assert_eq!(ui.shelf.borrow().saves, 0, "never writes");
    assert!(
        ui.app.rescue().lock().unwrap().is_none(),
        "no recovery copy either"
    );
}

#[test]
fn opening_a_review_with_a_recovery_file_offers_to_restore_it() {
    let scale = mini_scale();
    let saved = fidelity_review::review::Review::new(&scale, details("Crisis Team"), now());
    let mut recovered = saved.clone();
    recovered.set_finding(1, "a", Finding::Met, now() + chrono::Duration::minutes(7));
    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), saved);
    shelf.recoveries.insert(review_path(), recovered);
    let mut ui = Ui::new(shelf, Start::Open(review_path()), SMALL);
    let screen = ui.screen();
    assert!(screen.contains("Answers recovered"), "{screen}");
    assert!(
        screen.contains("Recovered copy from 14:39:05, saved file from 14:32:05"),
        "both times, to choose knowing which is newer: {screen}"
    );
    assert!(screen.contains("restore the recovered answers"));
    ui.keys("r");
    assert_eq!(ui.saved().finding(1, "a"), Finding::Met);
    assert!(
        ui.shelf.borrow().recoveries.is_empty(),
        "the copy is gone once saved"
    );
    assert!(ui.screen().contains("› ✓ a)"));
}

#[test]
fn the_rescue_copy_follows_every_change() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("y");
    let rescue = ui.app.rescue();
    let copy = rescue.lock().unwrap().clone().expect("a copy");
    assert_eq!(copy.path, review_path());
    assert_eq!(copy.review.finding(1, "a"), Finding::Met);
}

#[test]
fn the_rescue_copy_holds_the_note_being_typed_before_it_is_saved() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("eLate");
    assert_eq!(ui.saved().criterion(1, "a").map(|c| c.note.clone()), None);
    let copy = ui.app.rescue().lock().unwrap().clone().expect("a copy");
    let (path, review) = copy.into_review();
    assert_eq!(path, review_path());
    assert_eq!(review.criterion(1, "a").unwrap().note, "Late");
}

#[test]
fn the_summary_shows_totals_domains_and_items_and_enter_goes_to_an_item() {
    for size in [SMALL, LARGE] {
        let mut ui = Ui::with_review(size);
        ui.keys("yjyjyjy").keys("ly").keys("l4f").keys("s");
        let screen = ui.screen();
        assert!(
            screen.starts_with("Summary · Crisis Team · 2025-03-14 · external review"),
            "{screen}"
        );
        assert!(screen.contains("Total 14 (range 3–15)"), "{screen}");
        assert!(screen.contains("Mean 4.67"));
        assert!(screen.contains("Band High (provisional)"), "{screen}");
        assert!(screen.contains("All 3 items rated"), "{screen}");
        assert!(screen.contains("Access 5 of 5"));
        assert!(line_with(&screen, "Flagged").contains('3'));
        assert!(line_with(&screen, "Unrated").contains("none"));
        assert_snapshot!(format!("summary_{}x{}", size.0, size.1), screen);

        ui.keys("jj");
        ui.press(KeyCode::Enter);
        assert!(ui.screen().starts_with("Item 3 of 3"));
    }
}

#[test]
fn text_from_files_cannot_drive_the_terminal() {
    let mut shelf = Shelf::default();
    let mut review = fidelity_review::review::Review::new(
        &mini_scale(),
        details("Team \u{1b}]0;owned\u{7}"),
        now(),
    );
    review.set_note(1, "a", "note \u{1b}[31mred\u{9b}", now());
    shelf.sessions.insert(review_path(), review);
    let ui = Ui::new(shelf, Start::Open(review_path()), SMALL);
    let buffer = ui.buffer();
    for cell in &buffer.content {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "{:?}",
            cell.symbol()
        );
    }
    assert!(ui.screen().contains("note ␛[31mred�"));
}

#[test]
fn guidance_shows_the_precondition_the_criterion_guidance_headings_bullets_and_quotes() {
    use fidelity_review::scale::{Block, Section};
    let mut scale = mini_scale();
    let item = &mut scale.items[0];
    item.precondition = Some("The team takes referrals directly.".to_owned());
    item.criteria[0].guidance = Some("Count calls answered by a person.".to_owned());
    item.guidance.push(Section {
        heading: "Relevant reading".to_owned(),
        blocks: vec![
            Block::Subheading("A practical guide".to_owned()),
            Block::Quote("Answer every call, and answer it soon. (p.19)".to_owned()),
        ],
    });
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&scale, details("Crisis Team"), now()),
    );
    let ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), LARGE);
    let screen = ui.screen();
    for text in [
        "Before scoring",
        "The team takes referrals directly.",
        "Scoring criterion a",
        "Count calls answered by a person.",
        "Relevant reading",
        "A practical guide",
        "  │ Answer every call, and answer it soon. (p.19)",
    ] {
        assert!(screen.contains(text), "{text:?} missing from\n{screen}");
    }
    assert_snapshot!("review_guidance_120x40", screen);
}

/// The review of the embedded CORE pack, opened at `size`.
fn core_review(size: (u16, u16)) -> Ui {
    let scale = fidelity_review::scale::pack::load_embedded().expect("the embedded pack");
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        Review::new(&scale, details("Crisis Team"), now()),
    );
    Ui::with_scale(scale, shelf, Start::Open(review_path()), size)
}

/// The screen's rows right of the side list, as one run of words.
fn words_right_of_side_list(screen: &str) -> String {
    screen
        .lines()
        .map(|row| row.split_once('│').map_or(row, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_criterion_of_the_core_scale_can_be_read_in_full_at_80x24() {
    let mut ui = core_review(SMALL);
    let scale = fidelity_review::scale::pack::load_embedded().unwrap();
    for item in &scale.items {
        ui.keys(&format!("g{}", item.number)).press(KeyCode::Enter);
        for (index, criterion) in item.criteria.iter().enumerate() {
            let screen = ui.screen();
            let words = words_right_of_side_list(&screen);
            let text = criterion
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                words.contains(&text),
                "item {} criterion {} is not shown in full when on it:\n{screen}",
                item.number,
                criterion.id
            );
            for other in &item.criteria {
                assert!(
                    screen.contains(&format!(" {}) ", other.id)),
                    "item {} criterion {} is out of sight from {}:\n{screen}",
                    item.number,
                    other.id,
                    criterion.id
                );
            }
            assert!(
                line_with(&screen, &format!("Item {} of 39", item.number))
                    .ends_with("Saved 14:32:05"),
                "{screen}"
            );
            if index + 1 < item.criteria.len() {
                ui.keys("j");
            }
        }
    }
}

#[test]
fn at_80x24_the_side_list_is_numbers_only_and_item_25_shows_every_criterion() {
    let mut ui = core_review(SMALL);
    ui.keys("g25").press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(
        screen.starts_with("Item 25 of 39 · Planning aftercare"),
        "{screen}"
    );
    assert!(
        line_with(&screen, "○ 24").starts_with("○ 24  │"),
        "{screen}"
    );
    assert!(
        !screen.contains("Planning afte…"),
        "no titles in the side list: {screen}"
    );
    for id in ["a", "b", "c", "d", "e", "f"] {
        assert!(
            screen.contains(&format!(" {id}) ")),
            "{id} missing:\n{screen}"
        );
    }
    assert!(screen.contains("(6 criteria to rate)"), "{screen}");
    assert_snapshot!("review_core_item_25_80x24", screen);
}

#[test]
fn enter_gives_the_guidance_the_full_height_under_the_current_criterion_and_esc_goes_back() {
    let mut ui = core_review(SMALL);
    ui.keys("g25").press(KeyCode::Enter).keys("jj");
    let before = ui.screen();
    assert!(before.contains(" a) "), "{before}");
    ui.press(KeyCode::Enter);
    let full = ui.screen();
    assert!(full.contains("› · c) A discharge meeting"), "{full}");
    assert!(
        !full.contains(" a) ") && !full.contains(" d) "),
        "only the current criterion: {full}"
    );
    assert!(full.contains("Esc: back"), "{full}");
    assert!(
        full.contains("Ways of doing this well"),
        "more guidance in sight: {full}"
    );
    assert!(!full.contains("Anchors"), "{full}");
    assert_snapshot!("review_guidance_full_80x24", full);

    // Rating and moving work as before, still at full height.
    ui.keys("n");
    assert_eq!(ui.saved().finding(25, "c"), Finding::NotMet);
    ui.keys("j");
    assert!(ui.screen().contains("› · d) Other involved"));
    assert!(ui.screen().contains("Esc: back"));

    ui.press(KeyCode::Esc);
    let back = ui.screen();
    assert!(back.contains(" a) ") && back.contains("Anchors"), "{back}");
    assert!(back.contains("✗ c)"), "{back}");
}

#[test]
fn a_score_given_before_the_findings_says_so_once_it_becomes_an_override() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("5");
    assert_eq!(ui.saved().item(1).unwrap().final_score, Some(5));
    assert!(ui.screen().contains("Final 5"), "{}", ui.screen());

    ui.keys("njnjnjn");
    let screen = ui.screen();
    assert!(
        screen.contains("Final 5 now differs from the suggested 1: press 5 to say why"),
        "{screen}"
    );
    assert!(
        !screen.contains("Final score 5 for item 1"),
        "no prompt to swallow the keys still being typed: {screen}"
    );
    assert!(screen.contains("no rationale"), "{screen}");
    assert_eq!(
        ui.held().cursor.criterion,
        3,
        "rating never moves the cursor"
    );
    // Keys typed on go on rating, as they should.
    ui.keys("u");
    assert_eq!(ui.saved().finding(1, "d"), Finding::Unsure);

    ui.keys("5");
    assert!(
        ui.screen().contains("Final score 5 for item 1"),
        "{}",
        ui.screen()
    );
    ui.keys("Only phone logs were seen").press(KeyCode::Enter);
    let item = ui.saved().item(1).cloned().unwrap();
    assert_eq!(item.final_score, Some(5));
    assert_eq!(item.rationale, "Only phone logs were seen");
    assert!(!ui.screen().contains("no rationale"), "{}", ui.screen());
}

#[test]
fn a_score_equal_to_the_suggestion_keeps_no_final_score() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjn4");
    assert_eq!(ui.saved().item(1).unwrap().final_score, None);
    assert!(
        ui.screen().contains("Final 4 (suggested)"),
        "{}",
        ui.screen()
    );

    ui.keys("y");
    let screen = ui.screen();
    assert!(
        screen.contains("Final 5 (suggested)"),
        "the suggestion moves: {screen}"
    );
    assert!(!screen.contains("Final score"), "{screen}");
}

#[test]
fn a_recovery_copy_no_newer_than_the_saved_review_is_deleted_without_asking() {
    let scale = mini_scale();
    let mut recovered = fidelity_review::review::Review::new(&scale, details("Crisis Team"), now());
    recovered.set_finding(1, "a", Finding::Met, now());
    let mut saved = recovered.clone();
    saved.set_finding(1, "b", Finding::NotMet, now() + chrono::Duration::days(2));
    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), saved);
    shelf.recoveries.insert(review_path(), recovered);
    let mut ui = Ui::new(shelf, Start::Open(review_path()), SMALL);
    let screen = ui.screen();
    assert!(!screen.contains("Answers recovered"), "{screen}");
    assert!(
        ui.shelf.borrow().recoveries.is_empty(),
        "the old copy is gone"
    );
    ui.keys("r");
    assert_eq!(
        ui.held().finding(1, "b"),
        Finding::NotMet,
        "the newer work stands"
    );
}

#[test]
fn esc_typed_quickly_before_a_key_arrives_as_alt_and_is_taken_as_both() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let alt = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT);

    let mut ui = Ui::with_review(SMALL);
    ui.keys("g");
    assert!(ui.screen().contains("Go to item"), "{}", ui.screen());
    ui.app.on_key(alt('q'));
    assert!(ui.app.overlays().is_empty(), "Esc closed the prompt");
    assert!(ui.app.should_quit(), "and q quit");

    let mut ui = Ui::with_review(SMALL);
    ui.press(KeyCode::Enter);
    ui.app.on_key(alt('y'));
    assert!(!ui.app.guidance_full(), "Esc left full-height guidance");
    assert_eq!(ui.saved().finding(1, "a"), Finding::Met, "and y rated");

    let mut ui = Ui::with_review(SMALL);
    ui.keys("eLate");
    ui.app.on_key(alt('q'));
    assert!(
        ui.screen().contains("Note · item 1 · criterion a"),
        "the note editor keeps its Alt keys: {}",
        ui.screen()
    );
    assert!(!ui.app.should_quit());
}

#[test]
fn a_long_title_gives_way_to_the_follow_up_flag() {
    let scale = fidelity_review::scale::pack::load_embedded().expect("the embedded pack");
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        Review::new(&scale, details("Crisis Team"), now()),
    );
    let mut ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), SMALL);
    ui.keys("g23");
    ui.press(KeyCode::Enter);
    ui.keys("f");
    let screen = ui.screen();
    let header = line_with(&screen, "Item 23 of 39");
    assert!(header.contains("⚑ follow up"), "{screen}");
    assert!(header.ends_with("Saved 14:32:05"), "{screen}");
}

#[test]
fn the_summary_total_says_how_many_items_it_counts() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("ly").keys("s");
    let screen = ui.screen();
    assert!(
        screen.contains("Total 5 from 1 of 3 items rated (range 3–15)"),
        "{screen}"
    );
}

#[test]
fn every_anchor_is_seen_when_the_column_is_short() {
    let scale = fidelity_review::scale::pack::load_embedded().expect("the embedded pack");
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        Review::new(&scale, details("Crisis Team"), now()),
    );
    let mut ui = Ui::with_scale(scale, shelf, Start::Open(review_path()), SMALL);
    ui.keys("g25");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    for anchor in ["5←", "4←", "3←", "2←", "1←"] {
        assert!(screen.contains(anchor), "{anchor} in\n{screen}");
    }
    assert!(screen.contains("Final: not yet"), "{screen}");
}
