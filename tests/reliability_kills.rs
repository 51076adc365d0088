//! Nothing lost under kills: the real binary, in a pseudo-terminal, typing random ratings,
//! moves, scores and notes, killed with SIGKILL at random moments, round after round on the
//! same review (a new one every 250 rounds).
//!
//! The test keeps its own copy of the review and applies every key it sends to it through the
//! same domain calls the app makes, so it knows each state the review passes through. Before a
//! kill it reads the screen the way a person would (a whole frame: the item, the findings of its
//! criteria, the final score, the flag, the note and the "Saved HH:MM:SS" status) and notes the
//! earliest state that screen can be showing. After the kill the session file must parse, and
//! must hold that state or one after it: a change the screen had shown as saved is never lost;
//! only keys still in flight may be.
//!
//! 240 kills in the normal run; `FIDELITY_REVIEW_SOAK=1` (or `FIDELITY_REVIEW_KILLS=N`) for
//! the long run. `FIDELITY_REVIEW_SEED` replays a run's keys and kill moments.

#![cfg(unix)]

mod reliability_support;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use fidelity_review::review::{Cursor, Details, Finding, ItemScore, Review, ReviewKind};
use fidelity_review::scale::{Item, Scale, pack};
use fidelity_review::store::{self, Store};
use reliability_support::{Launch, Rng, Term, env_count, file_names, key, seed, soak};
use tempfile::TempDir;

const NORMAL_KILLS: usize = 240;
/// Rounds on one review before the next is started.
const ROUNDS_PER_REVIEW: usize = 250;
const SOAK_KILLS: usize = 2_000;
/// Wide and tall enough that every criterion of a CORE item is on screen.
const COLS: u16 = 140;
const ROWS: u16 = 50;

#[test]
fn killed_at_random_moments_the_review_keeps_every_change_shown_as_saved() {
    let kills = env_count(
        "FIDELITY_REVIEW_KILLS",
        if soak() { SOAK_KILLS } else { NORMAL_KILLS },
    );
    let mut rng = Rng::new(seed("kills"));
    let scale = pack::load_embedded().expect("the embedded pack loads");
    let temp = TempDir::new().unwrap();
    let data = temp.path().join("data");

    let started = Instant::now();
    let mut tally = Tally::default();
    let mut reviews = 0;
    for first in (0..kills).step_by(ROUNDS_PER_REVIEW) {
        // A new review now and then, as a new day brings: the change log of one review grows
        // with every round, and a few thousand changes is already a long day.
        reviews += 1;
        let review = Review::new(&scale, details(), Utc::now());
        let folder = data.join(format!("day-{reviews}"));
        let path = Store::new(&folder)
            .create(&review)
            .expect("the review is created")
            .path()
            .to_path_buf();
        let mut saved = store::read(&path).unwrap();
        for round in first..kills.min(first + ROUNDS_PER_REVIEW) {
            saved = kill_round(&scale, &path, saved, &mut rng, &mut tally)
                .unwrap_or_else(|problem| panic!("round {round} of {kills}: {problem}"));
        }
        let (_session, last) = store::open(&path).expect("the review opens after the last kill");
        assert_eq!(last.items, saved.items);
        let left: Vec<String> = file_names(&folder)
            .into_iter()
            .filter(|name| name.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "opening cleared the temp files: {left:?}");
    }
    eprintln!(
        "{kills} kills over {reviews} review file(s) in {:.1} s: {} during start-up, {} with keys \
         in flight, {} after the screen showed the last key saved; {} changes seen saved on \
         screen and found in the file, {} changes in flight not yet saved, {} kills mid-save \
         (temp file left); the file parsed after every kill and held every change shown as saved",
        started.elapsed().as_secs_f64(),
        tally.during_start,
        tally.in_flight,
        tally.after_confirmed,
        tally.confirmed_changes,
        tally.lost_in_flight,
        tally.mid_save,
    );
}

fn details() -> Details {
    Details {
        team: "Kill Harness Crisis Team".to_owned(),
        organisation: "North Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
        reviewers: vec!["Ann".to_owned()],
        kind: ReviewKind::External,
    }
}

#[derive(Default)]
struct Tally {
    during_start: usize,
    in_flight: usize,
    after_confirmed: usize,
    /// Changes of answers the screen showed saved before a kill.
    confirmed_changes: usize,
    /// Changes sent but not in the file after the kill (allowed: they were in flight).
    lost_in_flight: usize,
    mid_save: usize,
}

/// One round: start the app on the review, type, kill, check. Gives the review as saved.
fn kill_round(
    scale: &Scale,
    path: &Path,
    saved: Review,
    rng: &mut Rng,
    tally: &mut Tally,
) -> Result<Review, String> {
    let data = path.parent().unwrap();
    let mut model = Model::new(scale, saved);
    let mut term = Launch::new(data, &["open", path.to_str().unwrap()])
        .size(COLS, ROWS)
        .spawn();
    let mut sent = Vec::new();

    if rng.one_in(12) {
        // Somewhere in starting up: before, during or just after the first frame.
        std::thread::sleep(Duration::from_millis(rng.below(40) as u64));
        tally.during_start += 1;
    } else {
        model.confirm(&term, &sent)?;
        let batches = 1 + rng.below(3);
        for batch in 0..batches {
            let ends_in_esc = model.type_batch(&mut term, rng, &mut sent);
            let last = batch + 1 == batches;
            if !last {
                if ends_in_esc || rng.one_in(2) {
                    model.confirm(&term, &sent)?;
                }
                continue;
            }
            match rng.below(3) {
                0 => tally.in_flight += 1,
                1 => {
                    std::thread::sleep(Duration::from_millis(rng.below(15) as u64));
                    tally.in_flight += 1;
                }
                _ => {
                    model.confirm(&term, &sent)?;
                    tally.after_confirmed += 1;
                }
            }
        }
    }
    term.kill_hard();
    let frame = term.last_frame();
    drop(term);

    let names = file_names(data);
    if names.iter().any(|name| name.ends_with(".tmp")) {
        tally.mid_save += 1;
    }
    let session = path.file_name().unwrap().to_str().unwrap();
    for name in &names {
        let known = name == session
            || *name == format!("{session}.bak")
            || *name == format!("{session}.lock")
            || (name.starts_with(&format!(".{session}.")) && name.ends_with(".tmp"));
        if !known {
            return Err(format!("a file nobody asked for: {name} in {names:?}"));
        }
    }
    let on_disk = store::read(path).map_err(|e| format!("after the kill: {e}"))?;
    if let Ok(backup) = fs::metadata(store::backup_path(path)) {
        assert!(backup.is_file());
        store::read(&store::backup_path(path)).map_err(|e| format!("the backup: {e}"))?;
    }
    let held = model.states[model.confirmed..]
        .iter()
        .position(|state| state.items == on_disk.items)
        .ok_or_else(|| {
            format!(
                "the file lost a change the screen showed as saved.\nkeys: {sent:?}\n\
                 last whole frame:\n{frame}\nfile holds: {:#?}\nscreen showed (earliest): {:#?}",
                on_disk.items, model.states[model.confirmed].items
            )
        })?;
    tally.confirmed_changes += model.changes_before(model.confirmed);
    tally.lost_in_flight +=
        model.changes_before(model.states.len() - 1) - model.changes_before(model.confirmed + held);
    Ok(on_disk)
}

// ---------------------------------------------------------------------------------------------
// The test's own copy of the review

/// Every state the review passes through as the keys sent are carried out.
struct Model<'a> {
    scale: &'a Scale,
    /// `states[0]` is the review as the app opens it; one more for each key that changes it.
    states: Vec<Review>,
    /// The earliest state the screen has been seen showing, saved.
    confirmed: usize,
    /// The frames drawn when a note editor was opened, not yet seen closed.
    note_from: Option<usize>,
    /// The first frame not yet read: every later frame shows a later state (or the same).
    next_frame: usize,
}

impl<'a> Model<'a> {
    fn new(scale: &'a Scale, mut saved: Review) -> Self {
        // Where the app puts the cursor on opening: the saved one, made valid.
        let cursor = match scale.item(saved.cursor.item) {
            Some(item) => Cursor {
                item: item.number,
                criterion: saved
                    .cursor
                    .criterion
                    .min(item.criteria.len().saturating_sub(1)),
                guidance_scroll: saved.cursor.guidance_scroll,
            },
            None => Cursor {
                item: scale.items[0].number,
                criterion: 0,
                guidance_scroll: 0,
            },
        };
        saved.set_cursor(cursor);
        Model {
            scale,
            states: vec![saved],
            confirmed: 0,
            note_from: None,
            next_frame: 0,
        }
    }

    fn now(&self) -> &Review {
        self.states.last().unwrap()
    }

    fn item(&self) -> &'a Item {
        self.scale.item(self.now().cursor.item).unwrap()
    }

    /// Carries out a change on a copy of the latest state and keeps it.
    fn push(&mut self, change: impl FnOnce(&mut Review, &Scale)) {
        let mut next = self.now().clone();
        change(&mut next, self.scale);
        self.states.push(next);
    }

    /// How many answer changes happened in `states[..=index]`.
    fn changes_before(&self, index: usize) -> usize {
        self.states[..=index]
            .windows(2)
            .filter(|pair| pair[0].items != pair[1].items)
            .count()
    }

    /// Types a few random keys, applying each to the model. True when the last key sent was
    /// Esc, which must not be followed by more keys before the screen shows it (a terminal
    /// would read Esc and the next key as one Alt-key).
    fn type_batch(&mut self, term: &mut Term, rng: &mut Rng, sent: &mut Vec<String>) -> bool {
        let mut keys = String::new();
        for _ in 0..1 + rng.below(6) {
            let roll = rng.below(100);
            if roll < 10 {
                // A note: open the editor, maybe clear it, type, then Esc on its own.
                self.note_from = Some(term.frames());
                keys.push_str(&self.note(rng));
                term.send(&keys);
                term.send(key::ESC);
                sent.push(keys);
                sent.push("Esc".to_owned());
                return true;
            }
            keys.push_str(&match roll {
                10..=44 => self.finding(rng),
                45..=59 => self.move_criterion(rng),
                60..=71 => self.move_item(rng),
                72..=77 => self.flag(),
                78..=89 => self.score(rng),
                90..=92 => self.clear_score(),
                _ => self.jump(rng),
            });
        }
        term.send(&keys);
        sent.push(keys);
        false
    }

    fn criterion_id(&self) -> Option<String> {
        let review = self.now();
        self.item()
            .criteria
            .get(review.cursor.criterion)
            .map(|c| c.id.clone())
    }

    fn finding(&mut self, rng: &mut Rng) -> String {
        let (key, finding) = *rng.pick(&[
            ("y", Finding::Met),
            ("n", Finding::NotMet),
            ("u", Finding::Unsure),
            (key::BACKSPACE, Finding::NotRated),
        ]);
        let keys = key.to_owned();
        if let Some(id) = self.criterion_id() {
            let number = self.item().number;
            self.push(|review, _| {
                review.set_finding(number, &id, finding, Utc::now());
            });
        }
        keys
    }

    fn move_criterion(&mut self, rng: &mut Rng) -> String {
        let down = rng.one_in(2);
        let count = self.item().criteria.len();
        let at = self.now().cursor.criterion;
        let next = if down { at + 1 } else { at.wrapping_sub(1) };
        if next < count {
            self.push(|review, _| {
                review.set_cursor(Cursor {
                    criterion: next,
                    ..review.cursor.clone()
                })
            });
        }
        if down { "j" } else { "k" }.to_owned()
    }

    fn move_item(&mut self, rng: &mut Rng) -> String {
        let index = self.scale.index_of(self.item().number).unwrap();
        let last = self.scale.items.len() - 1;
        // Never `l` on the last item: it goes to the summary, which is not this test's business.
        let forward = index == 0 || (index < last && rng.one_in(2));
        let next = if forward { index + 1 } else { index - 1 };
        let number = self.scale.items[next].number;
        self.go_to(number);
        if forward { "l" } else { "h" }.to_owned()
    }

    fn go_to(&mut self, number: u16) {
        self.push(|review, _| {
            review.set_cursor(Cursor {
                item: number,
                criterion: 0,
                guidance_scroll: 0,
            })
        });
    }

    fn jump(&mut self, rng: &mut Rng) -> String {
        let number = rng.pick(&self.scale.items).number;
        self.go_to(number);
        format!("g{number}{}", key::ENTER)
    }

    fn flag(&mut self) -> String {
        let number = self.item().number;
        self.push(|review, _| {
            review.toggle_flag(number, Utc::now());
        });
        "f".to_owned()
    }

    fn score(&mut self, rng: &mut Rng) -> String {
        let score = 1 + rng.below(5) as u8;
        let item = self.item();
        let record = self.now().item(item.number);
        let suggested = ItemScore::of(item, record).suggested;
        match suggested {
            Some(suggested) if suggested.score != score => {
                // The app asks why; the answer is added to the rationale already there.
                let old = record.map_or(String::new(), |r| r.rationale.clone());
                let count = 1 + rng.below(3);
                let typed = words(rng, count);
                let rationale = format!("{old}{typed}").trim_end().to_owned();
                let number = item.number;
                self.push(|review, scale| {
                    let _ =
                        review.set_final_score(scale, number, Some(score), &rationale, Utc::now());
                });
                format!("{score}{typed}{}", key::ENTER)
            }
            // The suggested score: the suggestion stands, with no final score kept.
            Some(_) => {
                let number = item.number;
                self.push(|review, scale| {
                    let _ = review.set_final_score(scale, number, None, "", Utc::now());
                });
                score.to_string()
            }
            None => {
                let number = item.number;
                self.push(|review, scale| {
                    let _ = review.set_final_score(scale, number, Some(score), "", Utc::now());
                });
                score.to_string()
            }
        }
    }

    fn clear_score(&mut self) -> String {
        let number = self.item().number;
        self.push(|review, scale| {
            let _ = review.set_final_score(scale, number, None, "", Utc::now());
        });
        "0".to_owned()
    }

    /// Opens the note of the current criterion (or of the item, when it has none), perhaps
    /// deletes what is there, and types a few words. Every text in between is a state too: the
    /// editor saves by itself when typing pauses.
    fn note(&mut self, rng: &mut Rng) -> String {
        let number = self.item().number;
        let criterion = self.criterion_id();
        let old = match &criterion {
            Some(id) => self.now().criterion(number, id).map(|c| c.note.clone()),
            None => self.now().item(number).map(|r| r.note.clone()),
        }
        .unwrap_or_default();
        let set = |review: &mut Review, text: &str| {
            let text = text.trim_end();
            match &criterion {
                Some(id) => {
                    review.set_note(number, id, text, Utc::now());
                }
                None => {
                    review.set_item_note(number, text, Utc::now());
                }
            }
        };
        let mut keys = "e".to_owned();
        let mut text = old.clone();
        let clear = old.len() > 40 || rng.one_in(3);
        if clear {
            while text.pop().is_some() {
                keys.push_str(key::BACKSPACE);
                let now = text.clone();
                self.push(|review, _| set(review, &now));
            }
        }
        let count = 1 + rng.below(3);
        for c in words(rng, count).chars() {
            keys.push(c);
            text.push(c);
            let now = text.clone();
            self.push(|review, _| set(review, &now));
        }
        keys
    }

    /// Waits for a whole frame showing the latest state, saved; from then on, every state
    /// before the earliest one that frame could be showing counts as shown saved.
    fn confirm(&mut self, term: &Term, sent: &[String]) -> Result<(), String> {
        let target = self.states.len() - 1;
        let mut problem = None;
        // After a note, only frames after the editor was seen count.
        let note_from = self.note_from.take();
        let mut editor_seen = note_from.is_none();
        let first = note_from.unwrap_or(0).max(self.next_frame);
        let found = term.wait_frame_from(first, |frame| {
            if frame.contains("╭ Note · ") {
                editor_seen = true;
            }
            if !editor_seen {
                return false;
            }
            match View::parse(frame, self.scale) {
                Some(view) if view.not_saved => {
                    problem = Some(format!("the screen says NOT SAVED:\n{frame}"));
                    true
                }
                // A change shows at once with "Saving…"; the frame that counts is the one
                // that says it is saved.
                Some(view) => {
                    view.shows(&self.states[target], self.scale) && !frame.contains("Saving…")
                }
                None => false,
            }
        });
        if let Some(problem) = problem {
            return Err(problem);
        }
        let (index, frame) = found.map_err(|frame| {
            format!(
                "the screen never showed the state the keys lead to.\nkeys: {sent:?}\n\
                 last whole frame:\n{frame}\nexpected cursor {:?}, item {:#?}",
                self.states[target].cursor,
                self.states[target].item(self.states[target].cursor.item)
            )
        })?;
        self.next_frame = index + 1;
        let view = View::parse(&frame, self.scale).unwrap();
        if self.confirmed < target && !frame.contains("Saved") {
            return Err(format!("no Saved status on screen:\n{frame}"));
        }
        self.confirmed = (self.confirmed..=target)
            .find(|&j| view.shows(&self.states[j], self.scale))
            .unwrap();
        Ok(())
    }
}

/// A few short words, each unique enough to tell notes apart, with a space before each.
fn words(rng: &mut Rng, count: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijkmnoprstuvwxz";
    let mut text = String::new();
    for _ in 0..count {
        text.push(' ');
        for _ in 0..2 + rng.below(4) {
            text.push(*rng.pick(LETTERS) as char);
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Reading the screen

/// What a whole frame of the review screen shows about the current item.
#[derive(Debug)]
struct View {
    item: u16,
    /// The criterion with the `›` marker.
    current: Option<usize>,
    findings: Vec<Finding>,
    /// The line of the scores pane that starts with "Final".
    final_line: String,
    flagged: bool,
    /// The lines of the note pane.
    note_lines: Vec<String>,
    not_saved: bool,
}

impl View {
    /// The review screen with no overlay on it, or `None` for any other frame.
    fn parse(frame: &str, scale: &Scale) -> Option<View> {
        let lines: Vec<&str> = frame.lines().collect();
        if frame.contains('╭') {
            return None; // an overlay: help, note editor, prompt
        }
        let header = lines.first()?.strip_prefix("Item ")?;
        let item: u16 = header.split(' ').next()?.parse().ok()?;
        let scale_item = scale.item(item)?;
        let mut findings = Vec::new();
        let mut current = None;
        let mut final_line = None;
        let mut flagged = false;
        let mut note_label = None;
        for (row, line) in lines.iter().enumerate() {
            let Some((_, main)) = line.split_once('│') else {
                continue;
            };
            let chars: Vec<char> = main.chars().collect();
            if let [marker, ' ', symbol, ' ', ..] = chars[..]
                && matches!(marker, '›' | ' ')
                && let Some(finding) = finding_of(symbol)
                && main.chars().skip(4).take_while(|c| *c != ')').count() <= 3
                && main.chars().skip(4).any(|c| c == ')')
            {
                if marker == '›' {
                    current = Some(findings.len());
                }
                findings.push(finding);
            }
            if let Some(at) = line.find("│ Final") {
                final_line = Some(line[at + "│ ".len()..].trim_end().to_owned());
            }
            if line.contains("│ ⚑ follow up") {
                flagged = true;
            }
            if main.starts_with("Criterion ")
                || main.starts_with("Item: ")
                || main.starts_with("Item note")
            {
                note_label = Some(row);
            }
        }
        // The note pane: the lines under its label, up to the guidance.
        let note_lines: Vec<String> = lines[note_label? + 1..]
            .iter()
            .map_while(|line| {
                // The note pane sits between the item list and the scores pane.
                let text = line.split('│').nth(1)?;
                (!text.trim().is_empty() && !text.contains("Guidance")).then(|| text.to_owned())
            })
            .collect();
        if findings.len() != scale_item.criteria.len() {
            return None;
        }
        Some(View {
            item,
            current,
            findings,
            final_line: final_line?,
            flagged,
            note_lines,
            not_saved: lines[0].contains("NOT SAVED"),
        })
    }

    /// True when this is what the app shows for `review`.
    fn shows(&self, review: &Review, scale: &Scale) -> bool {
        let Some(item) = scale.item(review.cursor.item) else {
            return false;
        };
        if self.item != item.number {
            return false;
        }
        let record = review.item(item.number);
        let findings: Vec<Finding> = item
            .criteria
            .iter()
            .map(|c| review.finding(item.number, &c.id))
            .collect();
        let current = (!item.criteria.is_empty()).then_some(review.cursor.criterion);
        let score = ItemScore::of(item, record);
        let final_line = match (record.and_then(|r| r.final_score), score.score) {
            (Some(f), _) => format!("Final {f}"),
            (None, Some(s)) => format!("Final {s} (suggested)"),
            (None, None) => "Final: not yet".to_owned(),
        };
        let note = match item.criteria.get(review.cursor.criterion) {
            Some(c) => review.criterion(item.number, &c.id).map(|r| r.note.clone()),
            None => record.map(|r| r.note.clone()),
        }
        .unwrap_or_default();
        self.current == current
            && self.findings == findings
            && self.final_line == final_line
            && self.flagged == record.is_some_and(|r| r.flagged)
            && shows_note(&self.note_lines, &note)
    }
}

fn finding_of(symbol: char) -> Option<Finding> {
    match symbol {
        '✓' => Some(Finding::Met),
        '✗' => Some(Finding::NotMet),
        '?' => Some(Finding::Unsure),
        '·' => Some(Finding::NotRated),
        _ => None,
    }
}

/// True when the note pane shows `note`: all of it, or as much as fits ending in "…".
fn shows_note(lines: &[String], note: &str) -> bool {
    let words: Vec<&str> = note.split_whitespace().collect();
    if words.is_empty() {
        return lines.len() == 1 && lines[0].starts_with("No note");
    }
    let shown: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    match shown.split_last() {
        Some((&"…", shown)) => words.starts_with(shown),
        _ => shown == words,
    }
}
