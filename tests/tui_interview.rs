//! What tripped a new reviewer on an interview day, driven by key presses through the keymap
//! and drawn into a test terminal.

mod tui_common;

use fidelity_review::report::{self, Format};
use fidelity_review::tui::action::Action;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SMALL: (u16, u16) = (80, 24);
const TINY: (u16, u16) = (60, 20);

fn control_pictures(text: &str) -> bool {
    text.chars().any(|c| ('\u{2400}'..='\u{2426}').contains(&c))
}

#[test]
fn a_paste_with_cr_line_ends_and_tabs_makes_line_breaks_and_spaces_in_a_note() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("e");
    ui.app.update(Action::Paste(
        "Manager:\rcalls logged\r\nStaff\t12".to_owned(),
    ));
    let screen = ui.screen();
    assert!(!control_pictures(&screen), "{screen}");
    ui.press(KeyCode::Esc);
    let note = ui.saved().criterion(1, "a").unwrap().note.clone();
    assert_eq!(note, "Manager:\ncalls logged\nStaff 12");
    let screen = ui.screen();
    assert!(!control_pictures(&screen), "{screen}");
    assert!(screen.contains("calls logged"), "{screen}");
}

#[test]
fn esc_keeps_a_typed_rationale_as_it_keeps_a_note() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjy3");
    ui.app
        .update(Action::Paste("Night calls\rgo to voicemail".to_owned()));
    assert!(!control_pictures(&ui.screen()));
    assert!(
        ui.screen().contains("Esc save and close"),
        "{}",
        ui.screen()
    );
    ui.press(KeyCode::Esc);
    let record = ui.saved().item(1).unwrap().clone();
    assert_eq!(record.final_score, Some(3));
    assert_eq!(record.rationale, "Night calls\ngo to voicemail");
}

#[test]
fn zero_on_an_agreed_override_says_what_it_took_back() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjy3").keys("Audit found gaps");
    ui.press(KeyCode::Enter);
    assert_eq!(ui.saved().item(1).unwrap().final_score, Some(3));
    ui.keys("0");
    let screen = ui.screen();
    assert!(
        screen.contains(
            "Took back 3 (reason \"Audit found gaps\"): suggested 5 stands · Ctrl-Z undoes"
        ),
        "{screen}"
    );
    assert_eq!(ui.saved().item(1).unwrap().final_score, None);
}

#[test]
fn a_rationale_the_findings_caught_up_with_is_not_in_the_exports() {
    let mut ui = Ui::with_review(SMALL);
    // All four met suggest 5; the reviewer gives 4, then finds d not met: 4 is now suggested.
    ui.keys("yjyjyjy4").keys("Night cover thin");
    ui.press(KeyCode::Enter);
    ui.keys("n");
    let review = ui.saved();
    let record = review.item(1).unwrap();
    assert_eq!(record.final_score, Some(4));
    assert_eq!(record.rationale, "Night cover thin", "kept in the review");
    let scale = mini_scale();
    for format in [Format::Markdown, Format::Csv, Format::Json] {
        let out = String::from_utf8(report::render(format, &review, &scale)).unwrap();
        assert!(!out.contains("Night cover thin"), "{format:?}:\n{out}");
    }
}

#[test]
fn a_tilde_in_an_export_path_is_the_home_folder() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("x");
    ui.press(KeyCode::Home).ctrl('k');
    ui.keys("~/reports/north.md");
    ui.press(KeyCode::Enter);
    let home = directories::BaseDirs::new()
        .unwrap()
        .home_dir()
        .to_path_buf();
    let exports = ui.shelf.borrow().exports.clone();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].1, home.join("reports/north.md"));
    assert!(ui.screen().contains("The HTML report is in"));
}

#[test]
fn a_low_domain_shows_its_bar_beside_its_figures() {
    let mut ui = Ui::with_review(SMALL);
    // Access: all four not met gives 1 of 5; Care: nothing yet.
    ui.keys("njnjnjn").keys("s");
    let screen = ui.screen();
    let access = screen
        .lines()
        .find(|l| l.starts_with("Access"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(access.contains("Access 1 of 5 (1/1 rated)"), "{access}");
    let bar = access.split("rated)").nth(1).unwrap();
    assert!(
        bar.trim_start().starts_with('█'),
        "a bar beside the figures: {access}"
    );
    assert!(
        bar.contains('░'),
        "the rest of the bar shown empty: {access}"
    );
    let care = screen.lines().find(|l| l.starts_with("Care")).unwrap();
    assert!(!care.contains('█') && care.contains('░'), "{care}");
}

#[test]
fn wide_characters_keep_the_home_rows_in_line() {
    let mut shelf = Shelf::default();
    for (team, path) in [
        ("危機チーム 🚑", "/data/fidelity-review/a.json"),
        ("North CRT", "/data/fidelity-review/b.json"),
    ] {
        shelf.sessions.insert(
            std::path::PathBuf::from(path),
            fidelity_review::review::Review::new(&mini_scale(), details(team), now()),
        );
    }
    let ui = Ui::new(shelf, fidelity_review::tui::Start::Home, SMALL);
    let screen = ui.screen();
    let column = |needle: &str, at: &str| {
        let row = screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} in\n{screen}"));
        let at = row.find(at).unwrap();
        // One character per cell: a wide character's second cell reads as a space.
        row[..at].chars().count()
    };
    let date = column("North CRT", "2025-03-14");
    assert_eq!(column("危", "2025-03-14"), date, "{screen}");
    assert_eq!(column("Team", "Date"), date, "{screen}");
    assert_eq!(column("危", "external"), column("North CRT", "external"));
}

#[test]
fn at_60_by_20_every_help_entry_is_whole_and_the_rest_scroll_into_view() {
    let mut ui = Ui::with_review(TINY);
    ui.keys("?");
    let hints = fidelity_review::tui::keymap::help(fidelity_review::tui::keymap::Context::Review);
    let mut seen = String::new();
    for _ in 0..hints.len() {
        seen.push_str(&ui.screen());
        ui.keys("j");
    }
    assert!(ui.screen().contains("j/k scroll"), "{}", ui.screen());
    for hint in &hints {
        let entry = format!("{} {}", hint.keys, hint.label);
        assert!(seen.contains(&entry), "{entry:?} whole, in\n{seen}");
    }
    ui.press(KeyCode::Esc);
    assert!(!ui.screen().contains("Keys: Review"));
}

#[test]
fn at_60_by_20_the_note_editors_footer_is_not_run_together() {
    let mut ui = Ui::with_review(TINY);
    ui.keys("e").keys("Calls logged");
    let screen = ui.screen();
    assert!(screen.contains("Saves when you pause"), "{screen}");
    assert!(
        screen.contains("Esc save and close  Ctrl-S save now"),
        "{screen}"
    );
}

#[test]
fn ctrl_c_in_the_note_editor_asks_before_leaving_the_app() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("e").keys("Half a thought");
    ui.ctrl('c');
    assert!(!ui.app.should_quit(), "mid-interview, the app stays");
    let screen = ui.screen();
    assert!(screen.contains("Quit the app?"), "{screen}");
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("Note · item 1"), "back to the note");
    ui.keys(" more");
    ui.ctrl('c').keys("y");
    assert!(ui.app.should_quit());
    assert_eq!(
        ui.saved().criterion(1, "a").unwrap().note,
        "Half a thought more"
    );

    // Elsewhere Ctrl-C and q still quit at once.
    let mut ui = Ui::with_review(SMALL);
    ui.ctrl('c');
    assert!(ui.app.should_quit());
}

#[test]
fn a_long_note_and_rationale_use_the_room_the_screen_has() {
    let mut ui = Ui::with_review((120, 40));
    let note: Vec<String> = (1..=8).map(|n| format!("Line {n} of the note")).collect();
    ui.keys("e");
    ui.app.update(Action::Paste(note.join("\n")));
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    for line in &note {
        assert!(screen.contains(line.as_str()), "{line:?} in\n{screen}");
    }

    let why = "Night calls go to a voicemail that nobody checks until the morning handover, \
               so the log undercounts the calls missed; the manager agreed the audit was \
               right and the score should be lower than the anchors say";
    ui.keys("yjyjyjy3").keys(why);
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("handover"), "{screen}");
    assert!(
        screen.contains("anchors say"),
        "the whole rationale: {screen}"
    );
}

#[test]
fn the_evidence_prompt_shows_the_codes_there_now_to_edit_and_what_each_means() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("tm s");
    ui.press(KeyCode::Enter);
    ui.keys("t");
    let screen = ui.screen();
    assert!(screen.contains("M  Manager interview"), "{screen}");
    assert!(screen.contains("S  Staff interview"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("M S") && !l.contains("Criterion")),
        "the codes there now, in the field: {screen}"
    );
    // Deleting a code in the field takes it off.
    ui.press(KeyCode::Backspace).press(KeyCode::Backspace);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.saved().criterion(1, "a").unwrap().sources, ["M"]);
}

#[test]
fn an_item_rated_directly_takes_evidence_sources_of_its_own() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("ll");
    assert!(ui.screen().contains("This item is rated directly."));
    ui.keys("t");
    assert!(
        ui.screen().contains("M  Manager interview"),
        "{}",
        ui.screen()
    );
    ui.keys("s");
    ui.press(KeyCode::Enter);
    assert_eq!(ui.saved().item(3).unwrap().sources, ["S"]);
    assert!(
        ui.screen().contains("Item note: sources S"),
        "{}",
        ui.screen()
    );
}

#[test]
fn b_goes_back_to_the_list_of_reviews_and_an_unbound_key_says_where_the_keys_are() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("z");
    let screen = ui.screen();
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .contains("z does nothing here: ? shows the keys"),
        "{screen}"
    );
    ui.keys("j");
    assert!(
        !ui.screen().contains("does nothing here"),
        "gone at the next key"
    );
    ui.keys("?");
    assert!(
        ui.screen().contains("b back to all reviews"),
        "{}",
        ui.screen()
    );
    ui.press(KeyCode::Esc);

    ui.keys("yb");
    let screen = ui.screen();
    assert!(screen.starts_with("Reviews on this machine"), "{screen}");
    assert!(ui.app.open().is_none(), "the review is closed");
    assert_eq!(ui.saved().cursor.criterion, 1, "the cursor was saved");
    ui.press(KeyCode::Enter);
    assert!(ui.screen().starts_with("Item 1 of 3"), "{}", ui.screen());
}

#[test]
fn ctrl_z_undoes_zero_on_an_agreed_override_and_ctrl_y_redoes_it() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjyjyjy3").keys("Audit found gaps");
    ui.press(KeyCode::Enter);
    ui.keys("0");
    ui.ctrl('z');
    let screen = ui.screen();
    assert!(
        screen.contains("Undone: item 1: final score back to 3"),
        "{screen}"
    );
    let record = ui.saved().item(1).unwrap().clone();
    assert_eq!(record.final_score, Some(3));
    assert_eq!(record.rationale, "Audit found gaps");
    assert!(screen.contains("Why: Audit found gaps"), "{screen}");

    ui.ctrl('y');
    assert!(ui.screen().contains("Redone: item 1"), "{}", ui.screen());
    assert_eq!(ui.saved().item(1).unwrap().final_score, None);
}

#[test]
fn undo_takes_back_findings_flags_notes_and_sources_and_works_after_reopening() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("y").keys("f").keys("tm");
    ui.press(KeyCode::Enter);
    ui.keys("e").keys("Logged");
    ui.press(KeyCode::Esc);

    ui.ctrl('z');
    assert!(
        ui.screen().contains("Undone: item 1 a: note taken out"),
        "{}",
        ui.screen()
    );
    assert_eq!(ui.saved().criterion(1, "a").unwrap().note, "");
    ui.ctrl('z');
    assert!(ui.screen().contains("Undone: item 1 a: no sources again"));
    assert!(ui.saved().criterion(1, "a").unwrap().sources.is_empty());

    // Reopened, the log still knows what to undo next.
    let mut shelf = Shelf::default();
    shelf.sessions.insert(review_path(), ui.saved());
    let mut ui = Ui::new(
        shelf,
        fidelity_review::tui::Start::Open(review_path()),
        SMALL,
    );
    ui.ctrl('z');
    assert!(
        ui.screen().contains("Undone: item 1: flag cleared"),
        "{}",
        ui.screen()
    );
    assert!(!ui.saved().item(1).unwrap().flagged);
    ui.ctrl('z');
    assert!(
        ui.screen()
            .contains("Undone: item 1 a: finding back to not rated")
    );
    ui.ctrl('z');
    assert!(ui.screen().contains("Nothing to undo"), "{}", ui.screen());
    ui.ctrl('y');
    assert_eq!(
        ui.saved().finding(1, "a"),
        fidelity_review::review::Finding::Met
    );
}

#[test]
fn m_moves_on_after_each_finding_and_the_choice_is_kept() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("m");
    assert!(
        ui.screen().contains("Move on after rating: on"),
        "{}",
        ui.screen()
    );
    assert!(ui.saved().working.move_on, "kept in the review");
    // Four criteria, four keys.
    ui.keys("ynuy");
    let review = ui.saved();
    assert_eq!(
        review.finding(1, "a"),
        fidelity_review::review::Finding::Met
    );
    assert_eq!(
        review.finding(1, "b"),
        fidelity_review::review::Finding::NotMet
    );
    assert_eq!(
        review.finding(1, "c"),
        fidelity_review::review::Finding::Unsure
    );
    assert_eq!(
        review.finding(1, "d"),
        fidelity_review::review::Finding::Met
    );
    assert_eq!(ui.held().cursor.criterion, 3, "stays on the last criterion");
    ui.keys("m");
    assert!(ui.screen().contains("Move on after rating: off"));
    ui.keys("k").keys("n");
    assert_eq!(ui.held().cursor.criterion, 2, "off: the cursor stays");
}

#[test]
fn tab_goes_to_the_next_criterion_to_rate_or_unsure_across_items() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("yjujyjy");
    // Item 1: a met, b unsure, c and d met. Tab from d: item 2 a; Shift-Tab back: 1 b.
    ui.press(KeyCode::Tab);
    assert!(ui.screen().starts_with("Item 2 of 3"), "{}", ui.screen());
    ui.press(KeyCode::BackTab);
    let screen = ui.screen();
    assert!(screen.starts_with("Item 1 of 3"), "{screen}");
    assert!(screen.contains("› ? b)"), "{screen}");
}

#[test]
fn the_summary_lists_unsure_criteria_and_home_counts_partly_rated_items() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("ujy").keys("ly").keys("s");
    let screen = ui.screen();
    let unsure = screen
        .lines()
        .find(|l| l.starts_with("Unsure"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(unsure.contains("1a"), "{unsure}");

    ui.press(KeyCode::Esc).keys("b");
    let screen = ui.screen();
    let row = screen.lines().find(|l| l.contains("Crisis Team")).unwrap();
    assert!(
        row.contains("1/3 ◐1"),
        "item 2 scored, item 1 partly: {row}"
    );
}

#[test]
fn i_sets_who_is_interviewed_and_every_finding_and_note_is_tagged_with_it() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("i");
    assert!(
        ui.screen().contains("S  Staff interview"),
        "{}",
        ui.screen()
    );
    ui.keys("s");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(
        screen
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Interviewing: Staff interview (S)"),
        "{screen}"
    );
    assert_eq!(ui.saved().working.source.as_deref(), Some("S"));
    ui.keys("y").keys("j").keys("e").keys("Rota on the wall");
    ui.press(KeyCode::Esc);
    let review = ui.saved();
    assert_eq!(review.criterion(1, "a").unwrap().sources, ["S"]);
    assert_eq!(review.criterion(1, "b").unwrap().sources, ["S"]);

    // What S backs, and what not yet.
    ui.keys("I");
    let screen = ui.screen();
    assert!(
        screen.contains("Backed by Staff interview (S):"),
        "{screen}"
    );
    assert!(screen.contains("1ab"), "{screen}");
    assert!(screen.contains("1cd 2a 3"), "{screen}");
    ui.press(KeyCode::Esc);

    // The summary names item 1 as resting on S alone.
    ui.keys("s");
    let screen = ui.screen();
    let row = screen
        .lines()
        .find(|l| l.starts_with("One source"))
        .unwrap();
    assert!(row.contains("1 (S)"), "{row}");
    ui.press(KeyCode::Esc);

    // Enter alone: nobody; nothing more is tagged.
    ui.keys("i");
    for _ in 0..3 {
        ui.press(KeyCode::Backspace);
    }
    ui.press(KeyCode::Enter);
    assert!(!ui.screen().contains("Interviewing: Staff"));
    ui.keys("jn");
    assert!(ui.saved().criterion(1, "c").unwrap().sources.is_empty());
}

#[test]
fn w_writes_a_quick_note_stamped_with_the_time_and_source_and_w_list_attaches_it() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("is");
    ui.press(KeyCode::Enter);
    ui.keys("w");
    let screen = ui.screen();
    assert!(
        screen.contains("Quick note · 14:32 · Staff interview (S)"),
        "{screen}"
    );
    ui.keys("Night cover is one nurse");
    ui.press(KeyCode::Esc);
    let review = ui.saved();
    assert_eq!(review.quick_notes.len(), 1);
    let note = &review.quick_notes[0];
    assert_eq!(note.text, "Night cover is one nurse");
    assert_eq!(note.source.as_deref(), Some("S"));
    assert_eq!(note.at, now());
    assert_eq!(note.place, None, "at review level until attached");

    // A second one at the same instant is a note of its own.
    ui.keys("w").keys("Rota on the wall");
    ui.press(KeyCode::Esc);
    assert_eq!(ui.saved().quick_notes.len(), 2);

    // Attached later, from the list, to the criterion under the cursor.
    ui.keys("jW");
    let screen = ui.screen();
    assert!(
        screen.contains("14:32 (S) · review · Night cover is one nurse"),
        "{screen}"
    );
    ui.press(KeyCode::Enter);
    assert_eq!(
        ui.saved().quick_notes[0].place,
        Some(fidelity_review::review::quick::Place {
            item: 1,
            criterion: Some("b".to_owned())
        })
    );
    assert!(
        ui.screen().contains("at 1b · Night cover"),
        "{}",
        ui.screen()
    );
    ui.keys("jo");
    assert_eq!(
        ui.saved().quick_notes[1].place.as_ref().unwrap().criterion,
        None
    );
    ui.press(KeyCode::Esc);

    // Undone like any other change; in the report's appendix.
    ui.ctrl('z');
    assert!(
        ui.screen()
            .contains("Undone: the review: quick note back at review level"),
        "{}",
        ui.screen()
    );
    // Private like notes: only in a report that has the notes in.
    let without = report::render(Format::Markdown, &ui.saved(), &mini_scale());
    assert!(
        !String::from_utf8(without)
            .unwrap()
            .contains("## Quick notes")
    );
    let with_notes = report::Options {
        include_notes: true,
    };
    let markdown = String::from_utf8(report::render_with(
        Format::Markdown,
        &ui.saved(),
        &mini_scale(),
        with_notes,
    ))
    .unwrap();
    assert!(markdown.contains("## Quick notes"), "{markdown}");
    assert!(
        markdown.contains("- 2025-03-14 14:32 UTC, S, item 1b: Night cover is one nurse"),
        "{markdown}"
    );
}

#[test]
fn starting_a_review_for_a_team_and_date_that_has_one_says_so_first() {
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&mini_scale(), details("Crisis Team"), now()),
    );
    let mut ui = Ui::new(shelf, fidelity_review::tui::Start::Home, SMALL);
    ui.keys("n").keys("crisis team");
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(
        screen.contains("A review of this team on this date exists"),
        "{screen}"
    );
    assert!(
        screen.contains("already has a review dated 2025-03-14"),
        "{screen}"
    );
    assert_eq!(ui.shelf.borrow().sessions.len(), 1, "nothing made yet");
    ui.press(KeyCode::Esc);
    assert!(
        ui.screen().contains("› Team"),
        "back to the form: {}",
        ui.screen()
    );
    ui.ctrl('s').keys("y");
    assert!(ui.screen().starts_with("Item 1 of 3"), "{}", ui.screen());
    assert_eq!(
        ui.held().details.team,
        "crisis team",
        "made when asked again"
    );
}

#[test]
fn d_deletes_a_review_after_a_question_and_u_brings_it_back() {
    let mut shelf = Shelf::default();
    shelf.sessions.insert(
        review_path(),
        fidelity_review::review::Review::new(&mini_scale(), details("Crisis Team"), now()),
    );
    let mut ui = Ui::new(shelf, fidelity_review::tui::Start::Home, SMALL);
    ui.keys("d");
    let screen = ui.screen();
    assert!(screen.contains("Delete this review?"), "{screen}");
    assert!(
        screen.contains("The review of Crisis Team on 2025-03-14"),
        "{screen}"
    );
    ui.press(KeyCode::Esc);
    assert_eq!(ui.shelf.borrow().sessions.len(), 1, "Esc keeps it");
    ui.keys("dy");
    let screen = ui.screen();
    assert!(
        screen.contains("Deleted: it is in the deleted folder"),
        "{screen}"
    );
    assert!(screen.contains("No reviews yet."), "{screen}");
    ui.keys("u");
    let screen = ui.screen();
    assert!(screen.contains("Restored"), "{screen}");
    assert!(screen.contains("Crisis Team"), "{screen}");
}

#[test]
fn the_details_change_from_the_review_and_home_screens_logged_and_undoable() {
    let mut ui = Ui::with_review(SMALL);
    ui.keys("D");
    let screen = ui.screen();
    assert!(screen.starts_with("Review details"), "{screen}");
    assert!(
        screen.contains("Crisis Team") && screen.contains("North Trust"),
        "{screen}"
    );
    assert!(screen.contains("Ctrl-S save"), "{screen}");
    ui.press(KeyCode::Home)
        .ctrl('k')
        .keys("Crisis Resolution Team");
    ui.press(KeyCode::Tab).press(KeyCode::Tab);
    ui.press(KeyCode::Home).ctrl('k').keys("2025-03-15");
    ui.ctrl('s');
    assert!(ui.screen().starts_with("Item 1 of 3"), "{}", ui.screen());
    let review = ui.saved();
    assert_eq!(review.details.team, "Crisis Resolution Team");
    assert_eq!(review.details.date.to_string(), "2025-03-15");
    let fields: Vec<_> = review.log.iter().rev().take(2).map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            fidelity_review::review::Field::Date,
            fidelity_review::review::Field::Team
        ]
    );
    ui.ctrl('z');
    assert!(
        ui.screen().contains("Undone: the review: details back"),
        "{}",
        ui.screen()
    );
    let review = ui.saved();
    assert_eq!(review.details.team, "Crisis Team");
    assert_eq!(review.details.date.to_string(), "2025-03-14");

    // From home: D on the selected review.
    ui.keys("b").keys("D");
    assert!(ui.screen().starts_with("Review details"), "{}", ui.screen());
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::End).keys(" NHS");
    ui.ctrl('s');
    assert_eq!(ui.saved().details.organisation, "North Trust NHS");
}
