//! No input makes the program panic: arbitrary and mutated session files, pack files and
//! importer pages, fed to the loaders, and whatever they accept fed on to the summary, the
//! reports and the screens.
//!
//! A few thousand cases in the normal run. `FIDELITY_REVIEW_FUZZ_CASES=N` sets the total across
//! the properties below (shared out by [`cases`]); 100,000 is a good long run. The `fuzz/`
//! crate has coverage-guided targets for the session parser and the importer (`cargo fuzz`).
//!
//! Builds on `tests/store.rs` (`a_damaged_file_is_never_a_panic_or_a_write`), `tests/pack.rs`
//! (`any_item_text_loads_or_is_refused`) and `tests/import.rs` (`arbitrary_text_never_panics`),
//! which run a few hundred cases each.

mod reliability_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use fidelity_review::report::{self, Format};
use fidelity_review::review::{Cursor, Finding, Review, Summary};
use fidelity_review::scale::{Scale, import, pack};
use fidelity_review::store::{self, Store};
use fidelity_review::tui::Start;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestRunner;
use ratatui::crossterm::event::KeyCode;
use reliability_support::app::{DiskUi, details, mini_scale};
use reliability_support::{env_count, mini_pack_dir};
use serde_json::Value;
use tempfile::TempDir;

/// The cases in the normal run, across all properties.
const NORMAL_TOTAL: usize = 4_000;

/// This property's share of the total: `per_mille` of it.
fn cases(per_mille: usize) -> u32 {
    let total = env_count("FIDELITY_REVIEW_FUZZ_CASES", NORMAL_TOTAL);
    u32::try_from((total * per_mille / 1000).max(1)).unwrap_or(u32::MAX)
}

/// Runs `test` on `per_mille` of the cases, counting those for which it answers true (the input
/// was accepted and used further); fails with the smallest failing input found.
fn fuzz<S: Strategy>(name: &str, per_mille: usize, strategy: S, test: impl Fn(S::Value) -> bool) {
    let config = ProptestConfig {
        cases: cases(per_mille),
        // Shrinking a failure stays quick: the inputs are small.
        max_shrink_iters: 2_000,
        source_file: Some(file!()),
        ..ProptestConfig::default()
    };
    let cases = config.cases;
    let accepted = AtomicUsize::new(0);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        if test(input) {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{name}: {failure}\n{runner}");
    }
    eprintln!(
        "{name}: {cases} inputs, {} accepted and used further, no panic",
        accepted.into_inner()
    );
}

// ---------------------------------------------------------------------------------------------
// Session files

/// A review that touches every field of the file: findings, notes, sources, scores with a
/// rationale, a flag, an item note, the cursor, and a log.
fn rich_review() -> Review {
    let scale = mini_scale();
    let at = |minute| Utc.with_ymd_and_hms(2025, 3, 14, 9, minute, 0).unwrap();
    let mut review = Review::new(&scale, details("Crisis Team"), at(0));
    review.set_finding(1, "a", Finding::Met, at(1));
    review.set_finding(1, "b", Finding::NotMet, at(2));
    review.set_finding(1, "c", Finding::Unsure, at(3));
    review.set_note(1, "a", "Seen in the log: 12 of 14 calls.", at(4));
    review.toggle_source(1, "a", "M", at(5));
    review.set_finding(2, "a", Finding::Met, at(6));
    let _ = review.set_final_score(&scale, 3, Some(4), "", at(7));
    let _ = review.set_final_score(&scale, 1, Some(2), "Calls are often missed.", at(8));
    review.set_item_note(3, "A warm team.", at(9));
    review.toggle_flag(2, at(10));
    review.set_cursor(Cursor {
        item: 2,
        criterion: 1,
        guidance_scroll: 3,
    });
    review
}

/// The bytes of [`rich_review`]'s file, and the file as JSON.
fn good_session() -> &'static (Vec<u8>, Value) {
    static GOOD: OnceLock<(Vec<u8>, Value)> = OnceLock::new();
    GOOD.get_or_init(|| {
        let temp = TempDir::new().unwrap();
        let session = Store::new(temp.path()).create(&rich_review()).unwrap();
        let bytes = fs::read(session.path()).unwrap();
        let value = serde_json::from_slice(&bytes).unwrap();
        (bytes, value)
    })
}

/// Every place in a JSON value, as a JSON pointer ("" is the whole).
fn pointers(value: &Value) -> Vec<String> {
    fn visit(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    visit(child, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    visit(child, format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(value, String::new(), &mut out);
    out
}

/// Values that break assumptions: wrong types, edges of number ranges, hostile strings.
fn odd_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        Just(Value::from(0)),
        Just(Value::from(-1)),
        Just(Value::from(255)),
        Just(Value::from(256)),
        Just(Value::from(65_535)),
        Just(Value::from(65_536)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
        Just(Value::from(1e308)),
        Just(Value::from(-0.5)),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::from)),
        Just(Value::from("")),
        Just(Value::from("met")),
        Just(Value::from("not_met")),
        Just(Value::from("2025-02-30")),
        Just(Value::from("2025-03-14T25:61:00Z")),
        Just(Value::from("\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}evil")),
        Just(Value::from("x".repeat(100_000))),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z0-9_]{0,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// One change to a JSON tree.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Index, Value),
    Remove(Index),
    /// Adds a key to an object (an unknown field, or a new item or criterion).
    Add(Index, String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), odd_value()).prop_map(|(at, v)| Edit::Replace(at, v)),
        any::<Index>().prop_map(Edit::Remove),
        (any::<Index>(), "[a-z0-9]{0,6}", odd_value()).prop_map(|(at, k, v)| Edit::Add(at, k, v)),
    ]
}

fn apply(value: &mut Value, edits: &[Edit]) {
    for edit in edits {
        let places = pointers(value);
        let pick = |at: &Index| places[at.index(places.len())].clone();
        match edit {
            Edit::Replace(at, new) => {
                if let Some(node) = value.pointer_mut(&pick(at)) {
                    *node = new.clone();
                }
            }
            Edit::Remove(at) => {
                let place = pick(at);
                if let Some((parent, last)) = place.rsplit_once('/')
                    && let Some(parent) = value.pointer_mut(parent)
                {
                    let key = last.replace("~1", "/").replace("~0", "~");
                    match parent {
                        Value::Object(map) => {
                            map.remove(&key);
                        }
                        Value::Array(items) => {
                            if let Ok(i) = key.parse::<usize>()
                                && i < items.len()
                            {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Edit::Add(at, key, new) => {
                if let Some(Value::Object(map)) = value.pointer_mut(&pick(at)) {
                    map.insert(key.clone(), new.clone());
                }
            }
        }
    }
}

/// Byte damage: overwrite, insert or remove at random places (none, half the time).
fn damage() -> impl Strategy<Value = Vec<(Index, u8, u8)>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..4),
    ]
}

fn apply_damage(bytes: &mut Vec<u8>, damage: &[(Index, u8, u8)]) {
    for (at, byte, how) in damage {
        let i = at.index(bytes.len().max(1));
        match how {
            0 if !bytes.is_empty() => bytes[i] = *byte,
            1 => bytes.insert(i.min(bytes.len()), *byte),
            _ if !bytes.is_empty() => {
                bytes.remove(i);
            }
            _ => {}
        }
    }
}

/// Reads `bytes` as a session file; whatever is read goes on to the summary and every report.
/// Gives the file's path and what was read.
fn read_and_use(temp: &TempDir, bytes: &[u8]) -> (PathBuf, Option<Review>) {
    let path = temp.path().join("fuzzed.json");
    fs::write(&path, bytes).unwrap();
    let read = store::read(&path);
    if let Ok(review) = &read {
        let scale = mini_scale_cached();
        let _ = Summary::of(review, scale);
        for format in [Format::Markdown, Format::Csv, Format::Json] {
            let _ = report::render(format, review, scale);
        }
        let _ = fidelity_review::commands::pack_warnings(&path, review, scale);
    } else {
        assert_eq!(
            fs::read(&path).unwrap(),
            bytes,
            "a refused file was written"
        );
    }
    (path, read.ok())
}

fn mini_scale_cached() -> &'static Scale {
    static SCALE: OnceLock<Scale> = OnceLock::new();
    SCALE.get_or_init(mini_scale)
}

/// Opens the file in the app, draws it at two sizes, and types a few keys.
fn show_in_app(path: &Path, keys: &str) {
    let dir = path.parent().unwrap();
    let mut ui = DiskUi::new(
        mini_scale_cached().clone(),
        dir,
        None,
        Start::Open(path.to_path_buf()),
        (80, 24),
    );
    let _ = ui.buffer();
    for c in keys.chars() {
        ui.press(KeyCode::Char(c));
        let _ = ui.buffer();
    }
    ui.press(KeyCode::Esc);
    ui.size = (61, 19);
    ui.app
        .update(fidelity_review::tui::action::Action::Resize(61, 19));
    let _ = ui.buffer();
}

/// Any bytes at all.
#[test]
fn any_bytes_as_a_session_file_never_panic() {
    fuzz(
        "session files of any bytes",
        150,
        prop::collection::vec(any::<u8>(), 0..2048),
        |bytes| {
            let temp = TempDir::new().unwrap();
            read_and_use(&temp, &bytes).1.is_some()
        },
    );
}

/// A real session file with its JSON changed about (wrong types, missing and unknown fields,
/// edge numbers, hostile strings), perhaps damaged byte by byte too.
#[test]
fn mutated_session_json_never_panics() {
    fuzz(
        "session files with their JSON changed",
        250,
        (prop::collection::vec(edit(), 1..5), damage()),
        |(edits, damage)| {
            let (_, good) = good_session();
            let mut value = good.clone();
            apply(&mut value, &edits);
            let mut bytes = serde_json::to_vec_pretty(&value).unwrap();
            apply_damage(&mut bytes, &damage);
            let temp = TempDir::new().unwrap();
            read_and_use(&temp, &bytes).1.is_some()
        },
    );
}

/// A changed session file the store accepts is shown and worked on in the app.
#[test]
fn an_accepted_odd_session_is_shown_and_worked_on() {
    let keys = prop::collection::vec(
        prop::sample::select(vec![
            'j', 'k', 'l', 'h', 'y', 'n', 'u', '3', 'f', 's', 'J', 'e', 'x',
        ]),
        0..8,
    );
    fuzz(
        "changed session files shown in the app",
        50,
        (prop::collection::vec(edit(), 1..4), keys),
        |(edits, keys)| {
            let (_, good) = good_session();
            let mut value = good.clone();
            apply(&mut value, &edits);
            let temp = TempDir::new().unwrap();
            let (path, read) = read_and_use(&temp, &serde_json::to_vec_pretty(&value).unwrap());
            if read.is_some() {
                show_in_app(&path, &keys.into_iter().collect::<String>());
            }
            read.is_some()
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Packs

fn mini_files() -> &'static pack::PackFiles {
    static FILES: OnceLock<pack::PackFiles> = OnceLock::new();
    FILES.get_or_init(|| pack::read_dir(&mini_pack_dir()).unwrap())
}

/// Every place in a TOML value, as a path of keys and indexes.
fn toml_places(value: &toml::Value) -> Vec<Vec<String>> {
    fn visit(value: &toml::Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match value {
            toml::Value::Table(table) => {
                for (key, child) in table {
                    let mut next = at.clone();
                    next.push(key.clone());
                    visit(child, next, out);
                }
            }
            toml::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let mut next = at.clone();
                    next.push(index.to_string());
                    visit(child, next, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(value, Vec::new(), &mut out);
    out
}

fn toml_at<'a>(value: &'a mut toml::Value, place: &[String]) -> Option<&'a mut toml::Value> {
    let mut node = value;
    for step in place {
        node = match node {
            toml::Value::Table(table) => table.get_mut(step)?,
            toml::Value::Array(items) => items.get_mut(step.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn odd_toml() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        Just(toml::Value::Integer(0)),
        Just(toml::Value::Integer(-1)),
        Just(toml::Value::Integer(255)),
        Just(toml::Value::Integer(65_536)),
        Just(toml::Value::Integer(i64::MAX)),
        Just(toml::Value::Integer(i64::MIN)),
        Just(toml::Value::Float(f64::NAN)),
        Just(toml::Value::Float(1e300)),
        Just(toml::Value::Boolean(true)),
        Just(toml::Value::String(String::new())),
        Just(toml::Value::String(
            "\u{1b}[2J\u{1b}]0;t\u{7}\u{202e}".to_owned()
        )),
        Just(toml::Value::String("z".repeat(5_000))),
        Just(toml::Value::Array(Vec::new())),
        Just(toml::Value::Table(toml::Table::new())),
        ".{0,20}".prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        prop::collection::vec(-2i64..12, 0..5)
            .prop_map(|v| toml::Value::Array(v.into_iter().map(toml::Value::Integer).collect())),
    ]
}

#[derive(Debug, Clone)]
enum TomlEdit {
    Replace(Index, Index, toml::Value),
    Remove(Index, Index),
    DuplicateLastArrayItem(Index, Index),
}

fn toml_edit() -> impl Strategy<Value = TomlEdit> {
    prop_oneof![
        (any::<Index>(), any::<Index>(), odd_toml())
            .prop_map(|(f, at, v)| TomlEdit::Replace(f, at, v)),
        (any::<Index>(), any::<Index>()).prop_map(|(f, at)| TomlEdit::Remove(f, at)),
        (any::<Index>(), any::<Index>())
            .prop_map(|(f, at)| TomlEdit::DuplicateLastArrayItem(f, at)),
    ]
}

fn apply_toml(files: &mut pack::PackFiles, edit: &TomlEdit) {
    let (file, at) = match edit {
        TomlEdit::Replace(f, at, _)
        | TomlEdit::Remove(f, at)
        | TomlEdit::DuplicateLastArrayItem(f, at) => (f, at),
    };
    let file = file.index(files.files.len());
    let Ok(table) = toml::from_str::<toml::Table>(&files.files[file].1) else {
        return;
    };
    let mut value = toml::Value::Table(table);
    let places = toml_places(&value);
    let place = places[at.index(places.len())].clone();
    match edit {
        TomlEdit::Replace(_, _, new) => {
            if let Some(node) = toml_at(&mut value, &place) {
                *node = new.clone();
            }
        }
        TomlEdit::Remove(..) => {
            if let Some((last, parent)) = place.split_last()
                && let Some(parent) = toml_at(&mut value, parent)
            {
                match parent {
                    toml::Value::Table(table) => {
                        table.remove(last);
                    }
                    toml::Value::Array(items) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
        TomlEdit::DuplicateLastArrayItem(..) => {
            if let Some(toml::Value::Array(items)) = toml_at(&mut value, &place)
                && let Some(last) = items.last().cloned()
            {
                items.push(last);
            }
        }
    }
    if let Ok(text) = toml::to_string(&value) {
        files.files[file].1 = text;
    }
}

/// A pack the loader accepts is used the whole way: a review, every finding, the summary, the
/// reports, and the screens.
fn use_scale(scale: &Scale) {
    let at = Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap();
    let mut review = Review::new(scale, details("Crisis Team"), at);
    for (n, item) in scale.items.iter().enumerate() {
        for (m, criterion) in item.criteria.iter().enumerate() {
            let finding = [Finding::Met, Finding::NotMet, Finding::Unsure][(n + m) % 3];
            review.set_finding(item.number, &criterion.id, finding, at);
        }
        let _ = review.set_final_score(scale, item.number, Some(scale.rating.max), "why", at);
    }
    let _ = Summary::of(&review, scale);
    for format in [Format::Markdown, Format::Csv, Format::Json] {
        let _ = report::render(format, &review, scale);
    }
    let temp = TempDir::new().unwrap();
    let path = Store::new(temp.path())
        .create(&review)
        .unwrap()
        .path()
        .to_path_buf();
    let mut ui = DiskUi::new(
        scale.clone(),
        temp.path(),
        None,
        Start::Open(path),
        (80, 24),
    );
    let _ = ui.buffer();
    for c in "jJlys?".chars() {
        ui.press(KeyCode::Char(c));
        let _ = ui.buffer();
    }
}

/// The mini pack with its TOML changed about: refused with problems, or loaded and usable.
#[test]
fn mutated_packs_never_panic() {
    fuzz(
        "packs with their TOML changed",
        100,
        prop::collection::vec(toml_edit(), 1..4),
        |edits| {
            let mut files = mini_files().clone();
            for edit in &edits {
                apply_toml(&mut files, edit);
            }
            let loaded = pack::load(&files);
            if let Ok(scale) = &loaded {
                use_scale(scale);
            }
            loaded.is_ok()
        },
    );
}

/// Any text in place of any one file of the pack.
#[test]
fn any_text_in_any_pack_file_never_panics() {
    fuzz(
        "packs with a file of any text",
        100,
        (any::<Index>(), ".{0,300}"),
        |(file, text)| {
            let mut files = mini_files().clone();
            let at = file.index(files.files.len());
            files.files[at].1 = text;
            let loaded = pack::load(&files);
            if let Ok(scale) = &loaded {
                use_scale(scale);
            }
            loaded.is_ok()
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Importer pages

fn import_fixtures() -> &'static Vec<String> {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut pages: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| fs::read_to_string(e.path()).unwrap())
            .collect();
        pages.sort();
        pages
    })
}

/// Lines a saved page might hold, and some it should not.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Item 25".to_owned()),
        Just("Item 0".to_owned()),
        Just("Item 99999".to_owned()),
        Just("Target".to_owned()),
        Just("Why this is important".to_owned()),
        Just("Ways of doing this well".to_owned()),
        Just("a) The team does it.".to_owned()),
        Just("z) Out of order.".to_owned()),
        Just("• A bullet".to_owned()),
        Just("\u{a0}\u{a0}".to_owned()),
        Just("\u{202e}reversed\u{1b}[2J".to_owned()),
        ".{0,60}",
    ]
}

#[derive(Debug, Clone)]
enum PageEdit {
    Delete(Index),
    Duplicate(Index),
    Swap(Index, Index),
    Insert(Index, String),
    InsertChar(Index, Index, char),
}

fn page_edit() -> impl Strategy<Value = PageEdit> {
    let odd_char = prop_oneof![
        Just('\r'),
        Just('\t'),
        Just('\u{a0}'),
        Just('\u{0}'),
        Just('\u{1b}'),
        Just('\u{301}'),
        Just('\u{202e}'),
        Just('•'),
        Just(')'),
        any::<char>(),
    ];
    prop_oneof![
        any::<Index>().prop_map(PageEdit::Delete),
        any::<Index>().prop_map(PageEdit::Duplicate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| PageEdit::Swap(a, b)),
        (any::<Index>(), page_line()).prop_map(|(a, l)| PageEdit::Insert(a, l)),
        (any::<Index>(), any::<Index>(), odd_char)
            .prop_map(|(a, b, c)| PageEdit::InsertChar(a, b, c)),
    ]
}

fn edit_page(page: &str, edits: &[PageEdit]) -> String {
    let mut lines: Vec<String> = page.lines().map(str::to_owned).collect();
    for edit in edits {
        let len = lines.len().max(1);
        match edit {
            PageEdit::Delete(at) if !lines.is_empty() => {
                lines.remove(at.index(len));
            }
            PageEdit::Duplicate(at) if !lines.is_empty() => {
                let line = lines[at.index(len)].clone();
                lines.insert(at.index(len), line);
            }
            PageEdit::Swap(a, b) if !lines.is_empty() => lines.swap(a.index(len), b.index(len)),
            PageEdit::Insert(at, line) => {
                lines.insert(at.index(len + 1).min(lines.len()), line.clone())
            }
            PageEdit::InsertChar(at, pos, c) if !lines.is_empty() => {
                let line = &mut lines[at.index(len)];
                let byte = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([line.len()])
                    .nth(pos.index(line.chars().count() + 1))
                    .unwrap_or(line.len());
                line.insert(byte, *c);
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Imports a page; an imported page goes on into a pack item and back through TOML. True when
/// the page was imported.
fn import_and_use(text: &str) -> bool {
    match import::import_page("page.txt", text) {
        Ok(page) => {
            let item = import::to_item(&page, None);
            let toml = pack::item_to_toml(&item);
            toml::from_str::<toml::Table>(&toml).expect("an imported item is valid TOML");
            let _ = pack::item_file_name(&item);
            true
        }
        Err(error) => {
            assert_eq!(error.file, "page.txt");
            assert!(error.line >= 1, "{error}");
            false
        }
    }
}

/// The fixture pages (the seed and each variation), changed line by line and character by
/// character.
#[test]
fn mutated_import_pages_never_panic() {
    fuzz(
        "importer pages changed",
        350,
        (
            any::<Index>(),
            prop::collection::vec(page_edit(), 0..10),
            any::<bool>(),
        ),
        |(page, edits, crlf)| {
            let pages = import_fixtures();
            let mut text = edit_page(&pages[page.index(pages.len())], &edits);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            import_and_use(&text)
        },
    );
}
