//! What the app's real code paths cost: `cargo bench --bench costs`.
//! Figures and budgets are recorded in BENCHMARKS.md.
//!
//! Every bench drives the code the app runs, on the embedded CORE CRT pack, with sessions in a
//! real temporary folder (the real [`Disk`] library and [`Store`]) unless it says otherwise.
//! The reviews are made the way a reviewer makes them, through the review's own change
//! methods, so their change logs are real too.
//!
//! - `pack`: loading and validating the embedded pack; generated packs of 39, 100 and 500 items.
//! - `startup`: what `open` does in process before the first frame, and the frame itself.
//! - `render`: one frame of the review screen into a `TestBackend` at three sizes.
//! - `key`: one key press end to end (key event -> keymap -> update -> save -> draw), saving to
//!   a session file or to an in-memory writer that keeps nothing, to split the save from the rest.
//! - `store`: one durable save by note size and by change-log length; reading a session back;
//!   `list` over 10, 100 and 1,000 session files.
//! - `report`: the summary of a full review and each export format, without and with notes.
//! - `import`: 39 resource-pack pages read into items.

use std::cell::Cell;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use divan::Bencher;
use fidelity_review::review::{Cursor, Details, Finding, Review, ReviewKind};
use fidelity_review::scale::pack::{self, PackFiles};
use fidelity_review::scale::{Block, Item, Scale};
use fidelity_review::store::Listing;
use fidelity_review::store::{OpenError, SaveError, Store};
use fidelity_review::tui::library::{ExportFormat, Saved};
use fidelity_review::tui::{App, Disk, Library, Start, SystemClock, Theme, Writer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

fn main() {
    eprintln!("costs: {}", machine());
    divan::main();
}

/// The CPU, its cores and the load, for the record beside the figures (Linux; elsewhere what
/// is known).
fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let load = fs::read_to_string("/proc/loadavg")
        .map(|load| {
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("{cpu}, {cores} cores, load average {load}")
}

// ---- the fixtures ----

/// The embedded pack, loaded once.
fn scale() -> &'static Scale {
    static SCALE: OnceLock<Scale> = OnceLock::new();
    SCALE.get_or_init(|| pack::load_embedded().expect("the embedded pack loads"))
}

fn started() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn details(team: &str) -> Details {
    Details {
        team: team.to_owned(),
        organisation: "North Trust".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        reviewers: vec!["Ann Reviewer".to_owned(), "Bo Reviewer".to_owned()],
        kind: ReviewKind::External,
    }
}

/// A note of about `bytes` bytes, in sentences a reviewer might write.
fn note(bytes: usize) -> String {
    const SENTENCE: &str = "Staff described the handover meeting; case notes 3 and 7 confirm it, \
        note 9 does not. ";
    let mut note = String::with_capacity(bytes + SENTENCE.len());
    while note.len() < bytes {
        note.push_str(SENTENCE);
    }
    note.truncate(bytes);
    note.trim_end().to_owned()
}

/// A review of the embedded pack with every criterion of its first `items` items answered (met,
/// met, not met, unsure, in turn), each with a note of `note_bytes` and an evidence source, and
/// items rated directly given a score: each answer made through the review's change methods,
/// a minute apart, so the change log is the one a reviewer would leave.
fn answered(items: usize, note_bytes: usize) -> Review {
    let scale = scale();
    let mut at = started();
    let mut review = Review::new(scale, details("North CRT"), at);
    let text = note(note_bytes);
    for item in scale.items.iter().take(items) {
        for (index, criterion) in item.criteria.iter().enumerate() {
            at += Duration::minutes(1);
            let finding = match index % 4 {
                0 | 1 => Finding::Met,
                2 => Finding::NotMet,
                _ => Finding::Unsure,
            };
            review.set_finding(item.number, &criterion.id, finding, at);
            if !text.is_empty() {
                review.set_note(item.number, &criterion.id, &text, at);
            }
            review.toggle_source(item.number, &criterion.id, "M", at);
        }
        if item.criteria.is_empty() {
            review
                .set_final_score(scale, item.number, Some(3), "", at)
                .unwrap();
        }
    }
    let last = scale.items[items.clamp(1, scale.items.len()) - 1].number;
    review.set_cursor(Cursor {
        item: last,
        criterion: 0,
        guidance_scroll: 0,
    });
    review
}

/// Every item answered, with a note of `note_bytes` on every criterion.
fn full(note_bytes: usize) -> Review {
    answered(scale().items.len(), note_bytes)
}

/// [`full`] with 2 KB notes, then `extra` more entries in its change log (a flag set and
/// cleared, over and over, as a long review with many second thoughts would leave).
fn with_log(extra: usize) -> Review {
    let mut review = full(2_000);
    let mut at = review.updated;
    for n in 0..extra {
        at += Duration::seconds(10);
        review.toggle_flag(scale().items[n % scale().items.len()].number, at);
    }
    review
}

/// A session file holding `review` in a fresh temporary folder.
fn session_file(review: &Review) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let session = Store::new(dir.path()).create(review).unwrap();
    let path = session.path().to_path_buf();
    (dir, path)
}

/// `WIDTHxHEIGHT` as numbers.
fn size(text: &str) -> (u16, u16) {
    let (w, h) = text.split_once('x').unwrap();
    (w.parse().unwrap(), h.parse().unwrap())
}

/// The app with `path` open, on the real store, as `fidelity-review open` starts it.
fn app_on_disk(dir: &Path, path: &Path, size: (u16, u16)) -> App {
    App::new(
        scale().clone(),
        Box::new(Disk::new(Store::new(dir))),
        Box::new(SystemClock),
        Theme::color(),
        Start::Open(path.to_path_buf()),
        size,
    )
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
}

/// A review held in memory; its writer keeps nothing, so a key press costs all but the save.
struct Memory {
    review: Review,
    dir: PathBuf,
}

struct Discard {
    path: PathBuf,
}

impl Writer for Discard {
    fn path(&self) -> &Path {
        &self.path
    }

    fn save(&mut self, version: u64, review: &Review) {
        black_box((version, review));
    }

    fn finished(&mut self) -> Vec<Saved> {
        Vec::new()
    }
}

impl Library for Memory {
    fn dir(&self) -> &Path {
        &self.dir
    }

    fn list(&self, _scale: &Scale) -> std::io::Result<Vec<Listing>> {
        Ok(Vec::new())
    }

    fn create(&self, _review: &Review) -> Result<Box<dyn Writer>, SaveError> {
        Ok(Box::new(Discard {
            path: self.dir.join("review.json"),
        }))
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Writer>, Review), OpenError> {
        let writer = Discard {
            path: path.to_path_buf(),
        };
        Ok((Box::new(writer), self.review.clone()))
    }

    fn read(&self, _path: &Path) -> Result<Review, OpenError> {
        Ok(self.review.clone())
    }

    fn recovery(&self, _path: &Path) -> Option<(PathBuf, Review)> {
        None
    }

    fn discard_recovery(&self, _path: &Path) -> std::io::Result<()> {
        Ok(())
    }

    fn export(
        &self,
        _review: &Review,
        _scale: &Scale,
        _format: ExportFormat,
        _options: fidelity_review::report::Options,
        _to: &Path,
    ) -> Result<(), String> {
        Ok(())
    }

    fn show(&self, _path: &Path) -> Result<(), String> {
        Ok(())
    }

    fn export_path(&self, _review: &Review, format: ExportFormat) -> PathBuf {
        self.dir.join(format!("review.{}", format.extension()))
    }

    fn delete(&self, path: &Path) -> Result<PathBuf, String> {
        Err(format!(
            "{} stays: the benches delete nothing",
            path.display()
        ))
    }

    fn restore_deleted(&self) -> Result<Option<PathBuf>, String> {
        Ok(None)
    }
}

/// The review the screen benches show: half the items answered, with notes of a few lines.
fn half_rated() -> Review {
    answered(scale().items.len() / 2, 300)
}

// ---- the benches ----

mod pack_loading {
    use super::*;

    /// Loading and validating the embedded CORE CRT pack (parse every file, check, hash).
    #[divan::bench]
    fn embedded() -> usize {
        pack::load_embedded().unwrap().items.len()
    }

    /// A generated pack of `n` items, each with six criteria and three paragraphs of guidance:
    /// the cost should grow in step with the number of items.
    #[divan::bench(args = [39, 100, 500])]
    fn generated(bencher: Bencher, n: usize) {
        let files = generated_pack(n);
        bencher.bench(|| pack::load(black_box(&files)).unwrap().items.len());
    }

    fn generated_pack(n: usize) -> PackFiles {
        // The embedded pack's manifest and introduction, and generated items.
        let mut files: Vec<(String, String)> = pack::embedded_files()
            .files
            .into_iter()
            .filter(|(path, _)| !path.starts_with("items/"))
            .collect();
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
}

mod startup {
    use super::*;

    /// What `open` does in process before it can draw, the pack already loaded: list the data
    /// folder, take the lock, read the session, look for a recovery file.
    #[divan::bench]
    fn open_review(bencher: Bencher) {
        let (dir, path) = session_file(&half_rated());
        bencher.bench_local(|| app_on_disk(dir.path(), &path, (80, 24)));
    }

    /// Loading the pack, opening the review and drawing the first 80×24 frame: the in-process
    /// part of spawn -> first frame (no process start, no terminal set-up, no terminal writes).
    #[divan::bench]
    fn first_frame(bencher: Bencher) {
        let (dir, path) = session_file(&half_rated());
        bencher.bench_local(|| {
            let scale = pack::load_embedded().unwrap();
            let app = App::new(
                scale,
                Box::new(Disk::new(Store::new(dir.path()))),
                Box::new(SystemClock),
                Theme::color(),
                Start::Open(path.clone()),
                (80, 24),
            );
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            draw(&mut terminal, &app);
            app
        });
    }
}

mod render {
    use super::*;

    /// One frame of the review screen (half the review answered, notes shown) drawn into a
    /// `TestBackend`: render, diff against the last frame, hand the changes to the backend.
    #[divan::bench(args = ["80x24", "120x40", "200x60"])]
    fn review_screen(bencher: Bencher, at: &str) {
        let (w, h) = size(at);
        let (dir, path) = session_file(&half_rated());
        let app = app_on_disk(dir.path(), &path, (w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        bencher.bench_local(|| draw(&mut terminal, &app));
    }

    /// The same frame, every cell sent to the backend (as after a resize or the first frame).
    #[divan::bench(args = ["80x24", "120x40", "200x60"])]
    fn review_screen_full(bencher: Bencher, at: &str) {
        let (w, h) = size(at);
        let (dir, path) = session_file(&half_rated());
        let app = app_on_disk(dir.path(), &path, (w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        bencher.bench_local(|| {
            terminal.clear().unwrap();
            draw(&mut terminal, &app);
        });
    }
}

mod key {
    use super::*;

    /// `j` and `k` in turn (next criterion, back): key -> keymap -> update -> draw at 80×24.
    /// A move within an item is not saved until the next change, so nothing is written.
    #[divan::bench]
    fn next_criterion(bencher: Bencher) {
        let (dir, path) = session_file(&half_rated());
        let mut app = app_on_disk(dir.path(), &path, (80, 24));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        draw(&mut terminal, &app);
        let down = Cell::new(true);
        bencher.bench_local(|| {
            app.on_key(key(if down.get() { 'j' } else { 'k' }));
            down.set(!down.get());
            draw(&mut terminal, &app);
        });
    }

    /// `y` (met) on a criterion already met: key -> keymap -> update -> durable save of the
    /// session file -> draw at 80×24. The answer does not change, so the file keeps its size
    /// from one press to the next; a real change also appends one entry to the change log.
    #[divan::bench]
    fn met_saved_to_disk(bencher: Bencher) {
        let (dir, path) = session_file(&half_rated());
        let mut app = app_on_disk(dir.path(), &path, (80, 24));
        met(bencher, &mut app);
    }

    /// [`met_saved_to_disk`] on the full review with 2 KB notes and 10,000 more change-log
    /// entries: how a key that changes an answer grows with a long review.
    #[divan::bench(sample_count = 50)]
    fn met_saved_to_disk_long_log(bencher: Bencher) {
        let (dir, path) = session_file(&with_log(10_000));
        let mut app = app_on_disk(dir.path(), &path, (80, 24));
        met(bencher, &mut app);
    }

    /// [`met_saved_to_disk`] with a writer that keeps nothing: the press without the save.
    #[divan::bench]
    fn met_saved_nowhere(bencher: Bencher) {
        let dir = tempfile::tempdir().unwrap();
        let library = Memory {
            review: half_rated(),
            dir: dir.path().to_path_buf(),
        };
        let mut app = App::new(
            scale().clone(),
            Box::new(library),
            Box::new(SystemClock),
            Theme::color(),
            Start::Open(dir.path().join("review.json")),
            (80, 24),
        );
        met(bencher, &mut app);
    }

    fn met(bencher: Bencher, app: &mut App) {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        app.on_key(key('y'));
        draw(&mut terminal, app);
        bencher.bench_local(|| {
            app.on_key(key('y'));
            draw(&mut terminal, app);
        });
    }
}

mod store {
    use super::*;

    /// One durable save of a full review (every criterion answered, a note of this many bytes
    /// on each): temp file, write, fsync, keep the backup, rename, fsync the folder.
    #[divan::bench(args = [200, 2_000, 20_000], sample_count = 50)]
    fn save_by_note_bytes(bencher: Bencher, note_bytes: usize) {
        let review = full(note_bytes);
        let dir = tempfile::tempdir().unwrap();
        let mut session = Store::new(dir.path()).create(&review).unwrap();
        bencher.bench_local(|| session.save(&review).unwrap());
    }

    /// One durable save of the full review with 2 KB notes and this many more change-log
    /// entries.
    #[divan::bench(args = [0, 1_000, 10_000], sample_count = 50)]
    fn save_by_log_entries(bencher: Bencher, extra: usize) {
        let review = with_log(extra);
        let dir = tempfile::tempdir().unwrap();
        let mut session = Store::new(dir.path()).create(&review).unwrap();
        bencher.bench_local(|| session.save(&review).unwrap());
    }

    /// Turning the full review into pretty-printed JSON, the CPU part of a save (no file).
    #[divan::bench(args = [200, 2_000, 20_000])]
    fn serialise_by_note_bytes(bencher: Bencher, note_bytes: usize) {
        let review = full(note_bytes);
        bencher.bench(|| serde_json::to_vec_pretty(&review).unwrap().len());
    }

    /// Reading a session file back (open for looking: summary, export): the full review with
    /// 2 KB notes and this many more change-log entries.
    #[divan::bench(args = [0, 1_000, 10_000])]
    fn read_by_log_entries(bencher: Bencher, extra: usize) {
        let (_dir, path) = session_file(&with_log(extra));
        bencher.bench(|| fidelity_review::store::read(&path).unwrap().log.len());
    }

    /// `list` over a data folder of `n` reviews, each a finished review (every criterion
    /// answered with a 200-byte note), with its backup and lock file beside it.
    #[divan::bench(args = [10, 100, 1_000], sample_count = 20)]
    fn list(bencher: Bencher, n: usize) {
        let dir = folder_of(n, &full(200));
        let store = Store::new(dir.path());
        bencher.bench(|| store.list(scale()).unwrap().len());
    }

    /// A data folder with `n` copies of one review's files, each under its own name.
    pub(super) fn folder_of(n: usize, review: &Review) -> TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Store::new(dir.path()).create(review).unwrap();
        session.save(review).unwrap();
        let first = session.path().to_path_buf();
        drop(session);
        let name = first.file_name().unwrap().to_str().unwrap().to_owned();
        let stem = name.trim_end_matches(".json");
        for copy in 2..=n {
            for suffix in ["", ".bak", ".lock"] {
                fs::copy(
                    dir.path().join(format!("{name}{suffix}")),
                    dir.path().join(format!("{stem}-{copy}.json{suffix}")),
                )
                .unwrap();
            }
        }
        dir
    }
}

mod report {
    use super::*;
    use fidelity_review::report::{self as reports, Format};
    use fidelity_review::review::Summary;

    /// The summary of a full review (2 KB notes): totals, means, band, domains, every item.
    #[divan::bench]
    fn summary(bencher: Bencher) {
        let review = full(2_000);
        bencher.bench(|| Summary::of(&review, scale()).rated);
    }

    /// Each export format of the full review with 2 KB notes, as the bytes of the file (the
    /// notes left out, as by default).
    #[divan::bench(args = Format::ALL)]
    fn export(bencher: Bencher, format: Format) {
        let review = full(2_000);
        bencher.bench(|| reports::render(format, &review, scale()).len());
    }

    /// The same with the notes in (`--include-notes`).
    #[divan::bench(args = Format::ALL)]
    fn export_with_notes(bencher: Bencher, format: Format) {
        let review = full(2_000);
        let options = reports::Options {
            include_notes: true,
        };
        bencher.bench(|| reports::render_with(format, &review, scale(), options).len());
    }
}

mod import {
    use super::*;
    use fidelity_review::scale::import::{KNOWN_HEADINGS, import_page, to_item};

    /// 39 resource-pack pages, one per item of the embedded pack, laid out like the saved
    /// page of item 25: each read into an item as `content import --out` does.
    #[divan::bench]
    fn pages_39(bencher: Bencher) {
        let pages: Vec<(String, String)> = scale()
            .items
            .iter()
            .map(|item| (format!("item-{}.txt", item.number), page_text(item)))
            .collect();
        for (file, text) in &pages {
            import_page(file, text).unwrap_or_else(|e| panic!("{e}"));
        }
        bencher.bench(|| {
            pages
                .iter()
                .map(|(file, text)| {
                    let page = import_page(file, text).unwrap();
                    let existing = scale().item(page.number);
                    to_item(&page, existing).criteria.len()
                })
                .sum::<usize>()
        });
    }

    /// An item as its resource-pack page reads when saved as plain text.
    fn page_text(item: &Item) -> String {
        let mut text = format!(
            "The Core Study\n\n\nItem {}\n\n{}\n\n\n",
            item.number, item.title
        );
        for criterion in &item.criteria {
            text.push_str(&format!("{}) {}\n\n", criterion.id, criterion.text));
        }
        // A page with no criteria goes straight to its guidance, under a heading the importer
        // knows.
        let known = |heading: &str| KNOWN_HEADINGS.contains(&heading);
        if item.criteria.is_empty() && !item.guidance.first().is_some_and(|s| known(&s.heading)) {
            text.push_str(&format!("{}\n\n", KNOWN_HEADINGS[0]));
        }
        for section in &item.guidance {
            text.push_str(&format!("{}\n\n", section.heading));
            for block in &section.blocks {
                match block {
                    Block::Paragraph(words) | Block::Subheading(words) | Block::Quote(words) => {
                        text.push_str(&format!("{words}\n\n"));
                    }
                    Block::Bullets(bullets) => {
                        for bullet in bullets {
                            text.push_str(&format!("  \u{2022} {bullet}\n"));
                        }
                        text.push('\n');
                    }
                }
            }
        }
        text
    }
}
