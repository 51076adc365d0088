//! Whole-program figures, side by side with `dialog`: both programs run in the same
//! pseudo-terminal setup (80×24, `TERM=xterm-256color`) and are read through a terminal
//! emulator (`vt100`), the way a person would see them.
//!
//! Run with `scripts/bench-vs-dialog` (installs `dialog` if missing) or
//! `cargo bench --bench whole_program`. Linux only: it reads `/proc`.
//!
//! What is measured, for both programs in one run, repetitions interleaved so that a busy
//! moment on the machine falls on both alike:
//! 1. spawn -> first full frame: ours until "Item 1 of 39" shows; `dialog --msgbox` until its
//!    text shows. Ours also in a data folder as a reviewer's laptop has it after a while: a
//!    review half done (notes on every criterion answered), opened among 40 finished ones.
//! 2. key -> frame: ours `j` (next criterion), then `k` (back), until the screen changes;
//!    `dialog --menu`, Down, then Up, until the selection has moved.
//! 3. Esc -> action: ours, Esc until the help overlay is gone; `dialog --msgbox`, Esc until the
//!    process exits (ncurses waits `ESCDELAY` for the rest of an escape sequence; dialog is
//!    measured as it comes, with `ESCDELAY` unset).
//! 4. idle wake-ups over 10 s after the first frame: run slices (`/proc/PID/task/*/schedstat`)
//!    and voluntary context switches (`/proc/PID/task/*/status`), summed over threads.
//! 5. resident memory after the first frame (`VmRSS`, `VmHWM`).
//!
//! A frame is complete when the screen shows what is awaited and the program then writes
//! nothing more for a moment; times end at the last byte of that frame. They come from
//! `Instant`s stamped as each chunk of output is read from the pseudo-terminal, so they show
//! when the frame's bytes arrived, not when the poll noticed.

#[cfg(target_os = "linux")]
fn main() {
    linux::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!(
        "whole_program: these figures read /proc and are measured on Linux only; nothing to run here."
    );
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fmt::Write as _;
    use std::fs;
    use std::io::{Read, Write};
    use std::num::{NonZeroU16, NonZeroUsize};
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::{Duration, Instant};

    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

    const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
    const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();
    /// Sleep between looks at the screen or the process: fine enough for sub-millisecond
    /// figures without taking a core from the program being measured.
    const POLL: Duration = Duration::from_micros(100);
    /// How long a program gets to show what is awaited before the figure is given up.
    const PATIENCE: Duration = Duration::from_secs(5);
    /// No output for this long: the program has finished drawing.
    const SETTLED: Duration = Duration::from_millis(15);

    const SPAWN_REPS: usize = 60;
    /// Even, so that the last key (k) brings our review back to where it started.
    const KEY_REPS: usize = 200;
    /// dialog waits about a second on every Esc (ncurses' ESCDELAY), so fewer of these.
    const ESC_REPS: usize = 20;
    const IDLE: Duration = Duration::from_secs(10);

    const MSGBOX_TEXT: &str = "Bench message: press Enter";
    const OUR_HEADER: &str = "Item 1 of 39";
    const MENU_ENTRIES: [&str; 6] = [
        "First entry",
        "Second entry",
        "Third entry",
        "Fourth entry",
        "Fifth entry",
        "Sixth entry",
    ];

    pub fn main() {
        let dialog = find_dialog();
        let ours = Ours::prepare();
        let (dialog, ours) = (dialog.as_ref(), ours.as_ref());

        eprintln!(
            "whole_program: idle wake-ups and memory ({} s)…",
            IDLE.as_secs()
        );
        let (dialog_idle, our_idle, our_busy_idle) = idle_and_memory(dialog, ours);
        let mut report = Report::new(dialog_idle, our_idle, our_busy_idle);

        eprintln!("whole_program: spawn -> first frame ({SPAWN_REPS} each)…");
        for _ in 0..SPAWN_REPS {
            report
                .dialog_spawn
                .record(|| ready(dialog).and_then(|path| dialog_first_frame(path)));
            report
                .our_spawn
                .record(|| ready(ours).and_then(Ours::first_frame));
            report
                .our_spawn_busy
                .record(|| ready(ours).and_then(Ours::first_frame_busy));
        }

        eprintln!("whole_program: key -> frame ({KEY_REPS} each)…");
        key_to_frame(dialog, ours, &mut report);

        eprintln!("whole_program: Esc -> action ({ESC_REPS} each)…");
        esc_to_action(dialog, ours, &mut report);

        print!("{}", report.table(dialog));
    }

    // ---- the two programs ----

    fn find_dialog() -> Result<PathBuf, String> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|dir| dir.join("dialog"))
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| {
                "dialog is not installed (scripts/bench-vs-dialog installs it)".to_owned()
            })
    }

    /// A program to measure, or why it cannot be measured in this run.
    type Subject<'a, T> = Result<&'a T, &'a String>;

    fn ready<T>(subject: Subject<'_, T>) -> Result<&T, String> {
        subject.map_err(Clone::clone)
    }

    fn msgbox(dialog: &Path) -> Result<(Term, Instant), String> {
        Term::spawn(dialog, &["--msgbox", MSGBOX_TEXT, "7", "40"], None)
    }

    fn menu(dialog: &Path) -> Result<(Term, Instant), String> {
        let mut args = vec!["--menu", "Pick one", "16", "40", "8"];
        let tags = ["1", "2", "3", "4", "5", "6"];
        for (tag, entry) in tags.iter().zip(MENU_ENTRIES) {
            args.push(tag);
            args.push(entry);
        }
        Term::spawn(dialog, &args, None)
    }

    fn dialog_first_frame(dialog: &Path) -> Result<Duration, String> {
        let (mut term, started) = msgbox(dialog)?;
        let shown = term.wait_for_text(MSGBOX_TEXT)?;
        term.send("\r")?;
        term.wait_exit()?;
        Ok(shown - started)
    }

    /// Our binary and a 39-item review made for the run in a temporary data folder; and a
    /// second folder, [`Busy`].
    struct Ours {
        binary: PathBuf,
        data: tempfile::TempDir,
        review: PathBuf,
        busy: Busy,
    }

    /// A data folder as a reviewer's laptop has it after a while: [`FINISHED`] finished
    /// reviews, and one half done, which is the one opened.
    struct Busy {
        data: tempfile::TempDir,
        review: PathBuf,
        /// What its first frame shows at the top.
        header: String,
    }

    /// How many finished reviews the busy folder holds beside the one opened.
    const FINISHED: usize = 40;

    impl Ours {
        fn prepare() -> Result<Ours, String> {
            let binary = PathBuf::from(env!("CARGO_BIN_EXE_fidelity-review"));
            let data = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
            let output = Command::new(&binary)
                .arg("--data-dir")
                .arg(data.path())
                .args(["new", "--team", "Bench", "--no-tui"])
                .current_dir(data.path())
                .env_remove("FIDELITY_REVIEW_DATA_DIR")
                .output()
                .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
            if !output.status.success() {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let reason: Vec<&str> = stderr
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .take(2)
                    .collect();
                return Err(format!("`new --no-tui` failed: {}", reason.join(" ")));
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            let review = stdout
                .lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .map(|line| PathBuf::from(line.trim()))
                .ok_or("`new --no-tui` printed no path")?;
            Ok(Ours {
                binary,
                data,
                review,
                busy: Busy::prepare()?,
            })
        }

        fn open(&self) -> Result<(Term, Instant), String> {
            self.open_in(self.data.path(), &self.review)
        }

        fn open_in(&self, data: &Path, review: &Path) -> Result<(Term, Instant), String> {
            let data_arg = data.to_str().ok_or("data folder is not UTF-8")?;
            let review = review.to_str().ok_or("review path is not UTF-8")?;
            Term::spawn(
                &self.binary,
                &["--data-dir", data_arg, "open", review],
                Some(data),
            )
        }

        fn first_frame(&self) -> Result<Duration, String> {
            let (mut term, started) = self.open()?;
            let shown = term.wait_for_text(OUR_HEADER)?;
            term.send("q")?;
            term.wait_exit()?;
            Ok(shown - started)
        }

        fn first_frame_busy(&self) -> Result<Duration, String> {
            let (mut term, started) = self.open_in(self.busy.data.path(), &self.busy.review)?;
            let shown = term.wait_for_text(&self.busy.header)?;
            term.send("q")?;
            term.wait_exit()?;
            Ok(shown - started)
        }
    }

    impl Busy {
        /// Writes the reviews through the store, made as a reviewer makes them: each answer
        /// through the review's change methods, so notes and change logs are real.
        fn prepare() -> Result<Busy, String> {
            use fidelity_review::store::Store;
            let scale = fidelity_review::scale::pack::load_embedded()
                .map_err(|e| format!("the embedded pack does not load: {e}"))?;
            let data = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
            let store = Store::new(data.path());
            let not_saved = |e: fidelity_review::store::SaveError| e.to_string();
            for n in 1..=FINISHED {
                let review = answered(&scale, &format!("Team {n}"), scale.items.len());
                store.create(&review).map_err(not_saved)?;
            }
            let half = scale.items.len() / 2;
            let review = answered(&scale, "Half done", half);
            let path = store
                .create(&review)
                .map_err(not_saved)?
                .path()
                .to_path_buf();
            Ok(Busy {
                data,
                review: path,
                header: format!("Item {} of {}", review.cursor.item, scale.items.len()),
            })
        }
    }

    /// A review with every criterion of the first `items` items answered (met, met, not met,
    /// unsure, in turn), each with a 300-byte note and a source, a minute apart; the cursor on
    /// the last item answered.
    fn answered(
        scale: &fidelity_review::scale::Scale,
        team: &str,
        items: usize,
    ) -> fidelity_review::review::Review {
        use chrono::{Duration as Minutes, NaiveDate, TimeZone, Utc};
        use fidelity_review::review::{Cursor, Details, Finding, Review, ReviewKind};
        let mut at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let details = Details {
            team: team.to_owned(),
            organisation: "North Trust".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            reviewers: vec!["Ann Reviewer".to_owned(), "Bo Reviewer".to_owned()],
            kind: ReviewKind::External,
        };
        let mut review = Review::new(scale, details, at);
        let note =
            "Staff described the handover meeting; case notes 3 and 7 confirm it. ".repeat(4);
        for item in scale.items.iter().take(items) {
            for (index, criterion) in item.criteria.iter().enumerate() {
                at += Minutes::minutes(1);
                let finding =
                    [Finding::Met, Finding::Met, Finding::NotMet, Finding::Unsure][index % 4];
                review.set_finding(item.number, &criterion.id, finding, at);
                review.set_note(item.number, &criterion.id, note.trim_end(), at);
                review.toggle_source(item.number, &criterion.id, "M", at);
            }
            if item.criteria.is_empty() {
                let _ = review.set_final_score(scale, item.number, Some(3), "", at);
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

    // ---- the figures ----

    /// Starts both programs (ours twice: the fresh review and the half-done one), waits for
    /// their first frames and for output to stop, then counts their wake-ups over [`IDLE`] (all
    /// at once) and reads their memory.
    fn idle_and_memory(
        dialog: Subject<'_, PathBuf>,
        ours: Subject<'_, Ours>,
    ) -> (
        Result<Idle, String>,
        Result<Idle, String>,
        Result<Idle, String>,
    ) {
        let started = |term: Result<Term, String>| -> Result<(Term, Sample), String> {
            let term = term?;
            let sample = Sample::of(term.pid)?;
            Ok((term, sample))
        };
        let dialog_run = started(ready(dialog).and_then(|path| {
            let (term, _) = msgbox(path)?;
            term.wait_for_text(MSGBOX_TEXT)?;
            Ok(term)
        }));
        let our_run = started(ready(ours).and_then(|ours| {
            let (term, _) = ours.open()?;
            term.wait_for_text(OUR_HEADER)?;
            Ok(term)
        }));
        let our_busy_run = started(ready(ours).and_then(|ours| {
            let (term, _) = ours.open_in(ours.busy.data.path(), &ours.busy.review)?;
            term.wait_for_text(&ours.busy.header)?;
            Ok(term)
        }));
        thread::sleep(IDLE);
        let finish = |run: Result<(Term, Sample), String>| -> Result<Idle, String> {
            let (term, before) = run?;
            let after = Sample::of(term.pid)?;
            let memory = Memory::of(term.pid)?;
            Ok(Idle {
                run_slices: after.run_slices.saturating_sub(before.run_slices),
                voluntary_switches: after
                    .voluntary_switches
                    .saturating_sub(before.voluntary_switches),
                threads: after.threads,
                memory,
            })
        };
        (finish(dialog_run), finish(our_run), finish(our_busy_run))
    }

    /// Both programs open side by side; keys sent to each in turn.
    fn key_to_frame(dialog: Subject<'_, PathBuf>, ours: Subject<'_, Ours>, report: &mut Report) {
        let mut dialog_menu = ready(dialog).and_then(|path| {
            let (term, _) = menu(path)?;
            term.wait_for_text(MENU_ENTRIES[1])?;
            Ok(term)
        });
        let mut our_review = ready(ours).and_then(|ours| {
            let (term, _) = ours.open()?;
            term.wait_for_text(OUR_HEADER)?;
            Ok(term)
        });
        if let Err(e) = &dialog_menu {
            report.dialog_key.fail(e.clone());
        }
        if let Err(e) = &our_review {
            report.our_key.fail(e.clone());
        }
        for rep in 0..KEY_REPS {
            if let Ok(term) = &mut dialog_menu {
                // Down from the first entry, Up from the second: every key moves the selection.
                let down = rep % 2 == 0;
                report.dialog_key.record(|| menu_move(term, down));
            }
            if let Ok(term) = &mut our_review {
                // j to the next criterion, k back: the review stays on item 1 for later figures.
                let key = if rep % 2 == 0 { "j" } else { "k" };
                report.our_key.record(|| {
                    let before = term.screen_text();
                    let sent = term.send(key)?;
                    let what = format!("the screen to change after {key}");
                    let shown =
                        term.wait_for_frame(&what, |screen| visible_text(screen) != before)?;
                    Ok(shown - sent)
                });
            }
        }
        // Leave the help overlay figure its own fresh session, and the lock free for it.
        if let Ok(mut term) = our_review {
            let _ = term.send("q").and_then(|_| term.wait_exit());
        }
    }

    /// Moves the menu selection one entry and times it until the two entries have traded looks.
    fn menu_move(term: &mut Term, down: bool) -> Result<Duration, String> {
        let (from, to) = if down { (0, 1) } else { (1, 0) };
        let (look_from, look_to) = term.with_screen(|screen| {
            (
                entry_look(screen, MENU_ENTRIES[from]),
                entry_look(screen, MENU_ENTRIES[to]),
            )
        });
        let (look_from, look_to) = (
            look_from.ok_or("menu entry not on screen")?,
            look_to.ok_or("menu entry not on screen")?,
        );
        if look_from == look_to {
            return Err("the menu shows no selected entry".to_owned());
        }
        let key = match (down, term.with_screen(vt100::Screen::application_cursor)) {
            (true, true) => "\x1bOB",
            (true, false) => "\x1b[B",
            (false, true) => "\x1bOA",
            (false, false) => "\x1b[A",
        };
        let sent = term.send(key)?;
        let shown = term.wait_for_frame("the menu selection to move", |screen| {
            entry_look(screen, MENU_ENTRIES[to]).as_ref() == Some(&look_from)
                && entry_look(screen, MENU_ENTRIES[from]).as_ref() == Some(&look_to)
        })?;
        Ok(shown - sent)
    }

    fn esc_to_action(dialog: Subject<'_, PathBuf>, ours: Subject<'_, Ours>, report: &mut Report) {
        let mut our_review = ready(ours).and_then(|ours| {
            let (term, _) = ours.open()?;
            term.wait_for_text(OUR_HEADER)?;
            Ok(term)
        });
        if let Err(e) = &our_review {
            report.our_esc.fail(e.clone());
        }
        for _ in 0..ESC_REPS {
            report.dialog_esc.record(|| {
                let (mut term, _) = msgbox(ready(dialog)?)?;
                term.wait_for_text(MSGBOX_TEXT)?;
                let sent = term.send("\x1b")?;
                let exited = term.wait_exit()?;
                Ok(exited - sent)
            });
            if let Ok(term) = &mut our_review {
                report.our_esc.record(|| {
                    let review = term.screen_text();
                    term.send("?")?;
                    term.wait_for_frame("the help overlay to open", |screen| {
                        visible_text(screen) != review
                    })?;
                    let sent = term.send("\x1b")?;
                    let gone = term.wait_for_frame("the help overlay to close", |screen| {
                        visible_text(screen) == review
                    })?;
                    Ok(gone - sent)
                });
            }
        }
        if let Ok(mut term) = our_review {
            let _ = term.send("q").and_then(|_| term.wait_exit());
        }
    }

    /// The screen as a person reads it: one line per row, blank cells as spaces, no trailing
    /// blanks (a cell never written and one written with a space look the same).
    fn visible_text(screen: &vt100::Screen) -> String {
        let (rows, _) = screen.size();
        (0..rows.get())
            .map(|row| row_text(screen, row).trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// One character per column, blanks as spaces, so an offset in it is a column.
    fn row_text(screen: &vt100::Screen, row: u16) -> String {
        let (_, cols) = screen.size();
        (0..cols.get())
            .map(|col| {
                screen
                    .cell(row, col)
                    .and_then(|cell| cell.contents().chars().next())
                    .unwrap_or(' ')
            })
            .collect()
    }

    /// How the first letter of a menu entry is drawn: the selected entry looks different.
    #[derive(Debug, Clone, PartialEq)]
    struct Look {
        fg: vt100::Color,
        bg: vt100::Color,
        bold: bool,
        inverse: bool,
        underline: bool,
    }

    fn entry_look(screen: &vt100::Screen, text: &str) -> Option<Look> {
        let (rows, _) = screen.size();
        (0..rows.get()).find_map(|row| {
            let line = row_text(screen, row);
            let col = line.find(text).map(|at| line[..at].chars().count())?;
            let cell = screen.cell(row, u16::try_from(col).ok()?)?;
            Some(Look {
                fg: cell.fgcolor(),
                bg: cell.bgcolor(),
                bold: cell.bold(),
                inverse: cell.inverse(),
                underline: cell.underline(),
            })
        })
    }

    // ---- a program in a pseudo-terminal ----

    /// A program running in a pseudo-terminal, its output fed to a terminal emulator by a
    /// reader thread that stamps each chunk with the time it was read.
    struct Term {
        child: Box<dyn Child + Send + Sync>,
        writer: Box<dyn Write + Send>,
        _master: Box<dyn MasterPty + Send>,
        shared: Arc<Mutex<Shared>>,
        pid: u32,
    }

    struct Shared {
        parser: vt100::Parser,
        /// When the last chunk of output was read.
        last_read: Instant,
        /// Chunks read so far: the screen can only have changed when this has.
        chunks: u64,
    }

    impl Term {
        /// Starts `program`; returns it and the moment just before the spawn.
        fn spawn(
            program: &Path,
            args: &[&str],
            cwd: Option<&Path>,
        ) -> Result<(Term, Instant), String> {
            let pair = native_pty_system()
                .openpty(PtySize {
                    rows: ROWS.get(),
                    cols: COLS.get(),
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .map_err(|e| format!("no pseudo-terminal: {e}"))?;
            let mut command = CommandBuilder::new(program);
            command.args(args);
            command.env("TERM", "xterm-256color");
            for name in [
                "ESCDELAY",
                "NO_COLOR",
                "FIDELITY_REVIEW_DATA_DIR",
                "DIALOGRC",
            ] {
                command.env_remove(name);
            }
            if let Some(dir) = cwd {
                command.cwd(dir);
            }
            let shared = Arc::new(Mutex::new(Shared {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                last_read: Instant::now(),
                chunks: 0,
            }));
            let mut reader = pair
                .master
                .try_clone_reader()
                .map_err(|e| format!("no pty reader: {e}"))?;
            let writer = pair
                .master
                .take_writer()
                .map_err(|e| format!("no pty writer: {e}"))?;
            let started = Instant::now();
            let child = pair
                .slave
                .spawn_command(command)
                .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
            drop(pair.slave);
            {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let mut buffer = [0u8; 16 * 1024];
                    loop {
                        match reader.read(&mut buffer) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                let read = Instant::now();
                                let mut shared = shared.lock().unwrap();
                                shared.parser.process(&buffer[..n]);
                                shared.last_read = read;
                                shared.chunks += 1;
                            }
                        }
                    }
                });
            }
            let pid = child.process_id().ok_or("the program exited at once")?;
            Ok((
                Term {
                    child,
                    writer,
                    _master: pair.master,
                    shared,
                    pid,
                },
                started,
            ))
        }

        /// Types `keys`; returns the moment just before they were written.
        fn send(&mut self, keys: &str) -> Result<Instant, String> {
            let sent = Instant::now();
            self.writer
                .write_all(keys.as_bytes())
                .and_then(|()| self.writer.flush())
                .map_err(|e| format!("cannot type: {e}"))?;
            Ok(sent)
        }

        fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
            look(self.shared.lock().unwrap().parser.screen())
        }

        fn screen_text(&self) -> String {
            self.with_screen(visible_text)
        }

        /// Waits until `test` holds for the screen and the program has then stopped writing;
        /// returns when the last of that output was read: the moment the frame was complete.
        fn wait_for_frame(
            &self,
            what: &str,
            test: impl Fn(&vt100::Screen) -> bool,
        ) -> Result<Instant, String> {
            let deadline = Instant::now() + PATIENCE;
            let mut tested = None;
            loop {
                {
                    let shared = self.shared.lock().unwrap();
                    if tested != Some(shared.chunks) {
                        if test(shared.parser.screen()) {
                            break;
                        }
                        tested = Some(shared.chunks);
                    }
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "gave up waiting for {what}; the screen:\n{}",
                        self.screen_text()
                    ));
                }
                thread::sleep(POLL);
            }
            self.settle()
        }

        /// Waits for a frame showing `text`.
        fn wait_for_text(&self, text: &str) -> Result<Instant, String> {
            self.wait_for_frame(&format!("{text:?}"), |screen| {
                visible_text(screen).contains(text)
            })
        }

        /// Waits until the program has written nothing for [`SETTLED`]; returns when its last
        /// output was read.
        fn settle(&self) -> Result<Instant, String> {
            let deadline = Instant::now() + PATIENCE;
            loop {
                let last = self.shared.lock().unwrap().last_read;
                if last.elapsed() >= SETTLED {
                    return Ok(last);
                }
                if Instant::now() > deadline {
                    return Err("the program never stopped writing".to_owned());
                }
                thread::sleep(Duration::from_millis(1));
            }
        }

        /// Waits for the program to exit; returns when it was seen gone.
        fn wait_exit(&mut self) -> Result<Instant, String> {
            let deadline = Instant::now() + PATIENCE;
            loop {
                match self.child.try_wait() {
                    Ok(Some(_)) => return Ok(Instant::now()),
                    Ok(None) => {}
                    Err(e) => return Err(format!("cannot wait for the program: {e}")),
                }
                if Instant::now() > deadline {
                    return Err("the program did not exit".to_owned());
                }
                thread::sleep(POLL);
            }
        }
    }

    impl Drop for Term {
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }

    // ---- /proc ----

    /// Scheduler counters summed over all of a process's threads.
    struct Sample {
        run_slices: u64,
        voluntary_switches: u64,
        threads: usize,
    }

    impl Sample {
        fn of(pid: u32) -> Result<Sample, String> {
            let tasks = format!("/proc/{pid}/task");
            let entries = fs::read_dir(&tasks).map_err(|e| format!("cannot read {tasks}: {e}"))?;
            let mut sample = Sample {
                run_slices: 0,
                voluntary_switches: 0,
                threads: 0,
            };
            for entry in entries.flatten() {
                let dir = entry.path();
                let schedstat = read(&dir.join("schedstat"))?;
                sample.run_slices += schedstat
                    .split_whitespace()
                    .nth(2)
                    .and_then(|field| field.parse::<u64>().ok())
                    .ok_or_else(|| format!("odd schedstat in {}", dir.display()))?;
                sample.voluntary_switches +=
                    status_field(&read(&dir.join("status"))?, "voluntary_ctxt_switches:")
                        .ok_or_else(|| {
                            format!("no voluntary_ctxt_switches in {}", dir.display())
                        })?;
                sample.threads += 1;
            }
            Ok(sample)
        }
    }

    #[derive(Clone, Copy)]
    struct Memory {
        rss_kib: u64,
        hwm_kib: u64,
    }

    impl Memory {
        fn of(pid: u32) -> Result<Memory, String> {
            let status = read(Path::new(&format!("/proc/{pid}/status")))?;
            Ok(Memory {
                rss_kib: status_field(&status, "VmRSS:").ok_or("no VmRSS")?,
                hwm_kib: status_field(&status, "VmHWM:").ok_or("no VmHWM")?,
            })
        }
    }

    fn read(path: &Path) -> Result<String, String> {
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }

    /// The number after `name` on its line of a `/proc` status file.
    fn status_field(status: &str, name: &str) -> Option<u64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|number| number.parse().ok())
    }

    // ---- figures and the table ----

    /// Repeated timings of one figure, or why they stopped.
    #[derive(Default)]
    struct Series {
        samples: Vec<Duration>,
        error: Option<String>,
    }

    impl Series {
        /// Takes one more timing unless an earlier one failed.
        fn record(&mut self, measure: impl FnOnce() -> Result<Duration, String>) {
            if self.error.is_some() {
                return;
            }
            match measure() {
                Ok(sample) => self.samples.push(sample),
                Err(e) => self.error = Some(e),
            }
        }

        fn fail(&mut self, error: String) {
            self.error = Some(error);
        }

        fn median(&self) -> Option<Duration> {
            self.percentile(50)
        }

        /// The median, only if every repetition was taken: budgets are judged on whole series.
        fn verdict_median(&self) -> Option<Duration> {
            self.error.is_none().then(|| self.median()).flatten()
        }

        /// Nearest-rank percentile.
        fn percentile(&self, percent: usize) -> Option<Duration> {
            let mut sorted = self.samples.clone();
            sorted.sort();
            let rank = (percent * sorted.len()).div_ceil(100);
            sorted.get(rank.max(1) - 1).copied()
        }

        fn cell(&self) -> String {
            match (self.median(), self.percentile(90)) {
                (Some(median), Some(p90)) => {
                    let cut = if self.error.is_some() {
                        ", cut short"
                    } else {
                        ""
                    };
                    let n = self.samples.len();
                    format!("{} / {} ms (n={n}{cut})", ms(median), ms(p90))
                }
                _ => "not measured".to_owned(),
            }
        }
    }

    fn ms(duration: Duration) -> String {
        let ms = duration.as_secs_f64() * 1000.0;
        if ms < 10.0 {
            format!("{ms:.2}")
        } else {
            format!("{ms:.1}")
        }
    }

    struct Idle {
        run_slices: u64,
        voluntary_switches: u64,
        threads: usize,
        memory: Memory,
    }

    const RSS_BUDGET_KIB: u64 = 10 * 1024;
    const ESC_BUDGET: Duration = Duration::from_millis(10);

    /// Every figure of the run, for both programs.
    struct Report {
        dialog_idle: Result<Idle, String>,
        our_idle: Result<Idle, String>,
        our_busy_idle: Result<Idle, String>,
        dialog_spawn: Series,
        our_spawn: Series,
        our_spawn_busy: Series,
        dialog_key: Series,
        our_key: Series,
        dialog_esc: Series,
        our_esc: Series,
    }

    /// How each figure is taken, printed under the table.
    fn notes() -> String {
        let settled = SETTLED.as_millis();
        let idle = IDLE.as_secs();
        format!(
            "\
Times are median / p90 in ms, n = repetitions; verdicts are on medians. A time ends at the
last byte of the awaited frame (output then quiet for {settled} ms), stamped as it was read.
spawn: until the first frame shows (ours \"{OUR_HEADER}\", dialog --msgbox its text); \"half
       done\": ours opening a review half answered (300-byte notes) among {FINISHED} finished ones.
key: ours j/k in turn until the screen changes; dialog --menu Down/Up until the selection moves.
Esc: ours until the help overlay is gone; dialog --msgbox until the process exits, measured
     as it comes (ESCDELAY unset: ncurses waits that long for the rest of an escape sequence).
idle: run slices (3rd field of /proc/PID/task/*/schedstat) and voluntary context switches,
      summed over threads, over {idle} s from when output stopped after the first frame.
memory: VmRSS and VmHWM after the first frame (dialog --msgbox; ours the open review).
"
        )
    }

    impl Report {
        fn new(
            dialog_idle: Result<Idle, String>,
            our_idle: Result<Idle, String>,
            our_busy_idle: Result<Idle, String>,
        ) -> Report {
            Report {
                dialog_idle,
                our_idle,
                our_busy_idle,
                dialog_spawn: Series::default(),
                our_spawn: Series::default(),
                our_spawn_busy: Series::default(),
                dialog_key: Series::default(),
                our_key: Series::default(),
                dialog_esc: Series::default(),
                our_esc: Series::default(),
            }
        }

        fn table(&self, dialog: Subject<'_, PathBuf>) -> String {
            let mut out = String::new();
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Whole-program figures: {COLS}x{ROWS} pseudo-terminal, TERM=xterm-256color"
            );
            let _ = writeln!(out, "machine: {}", machine());
            let _ = writeln!(out, "dialog: {}", dialog_version(dialog));
            let _ = writeln!(out, "ours: {}", env!("CARGO_BIN_EXE_fidelity-review"));
            let _ = writeln!(out);
            out.push_str(&aligned(&self.rows()));
            let _ = writeln!(out);
            out.push_str(&notes());
            for problem in self.problems() {
                let _ = writeln!(out, "{problem}");
            }
            out
        }

        /// The table: a heading, then one row per figure.
        fn rows(&self) -> Vec<[String; 5]> {
            let heading = [
                "figure",
                "dialog",
                "fidelity-review",
                "budget (ours)",
                "verdict",
            ];
            let both =
                |ours: &Series, theirs: &Series| ours.verdict_median().zip(theirs.verdict_median());
            let idle = |idle: &Result<Idle, String>, show: fn(&Idle) -> String| {
                idle.as_ref()
                    .map_or_else(|_| "not measured".to_owned(), show)
            };
            let our_idle = self.our_idle.as_ref().ok();
            vec![
                heading.map(str::to_owned),
                [
                    "spawn -> first frame".into(),
                    self.dialog_spawn.cell(),
                    self.our_spawn.cell(),
                    "<= dialog --msgbox".into(),
                    verdict(
                        both(&self.our_spawn, &self.dialog_spawn)
                            .map(|(ours, theirs)| ours <= theirs),
                    ),
                ],
                [
                    format!("  half done, {FINISHED} others"),
                    "-".into(),
                    self.our_spawn_busy.cell(),
                    "(how it grows)".into(),
                    "-".into(),
                ],
                [
                    "key -> frame".into(),
                    self.dialog_key.cell(),
                    self.our_key.cell(),
                    "<= 2x dialog --menu".into(),
                    verdict(
                        both(&self.our_key, &self.dialog_key)
                            .map(|(ours, theirs)| ours <= theirs * 2),
                    ),
                ],
                [
                    "Esc -> action".into(),
                    self.dialog_esc.cell(),
                    self.our_esc.cell(),
                    "< 10 ms".into(),
                    verdict(self.our_esc.verdict_median().map(|ours| ours < ESC_BUDGET)),
                ],
                [
                    format!("idle wake-ups, {} s", IDLE.as_secs()),
                    idle(&self.dialog_idle, wakeups),
                    idle(&self.our_idle, wakeups),
                    "0".into(),
                    verdict(our_idle.map(|idle| idle.run_slices == 0)),
                ],
                [
                    "resident memory".into(),
                    idle(&self.dialog_idle, memory),
                    idle(&self.our_idle, memory),
                    "RSS <= 10 MiB".into(),
                    verdict(our_idle.map(|idle| idle.memory.rss_kib <= RSS_BUDGET_KIB)),
                ],
                [
                    format!("  half done, {FINISHED} others"),
                    "-".into(),
                    idle(&self.our_busy_idle, memory),
                    "(how it grows)".into(),
                    "-".into(),
                ],
            ]
        }

        /// Why figures are missing or cut short, one line per cause.
        fn problems(&self) -> Vec<String> {
            let series = [
                ("dialog spawn", &self.dialog_spawn),
                ("dialog key", &self.dialog_key),
                ("dialog Esc", &self.dialog_esc),
                ("ours spawn", &self.our_spawn),
                ("ours spawn, busy folder", &self.our_spawn_busy),
                ("ours key", &self.our_key),
                ("ours Esc", &self.our_esc),
            ];
            let series = series.into_iter().filter_map(|(who, series)| {
                let error = series.error.as_ref()?;
                let n = series.samples.len();
                Some((format!("{who} (after {n})"), error))
            });
            let idle = [
                ("dialog idle", &self.dialog_idle),
                ("ours idle", &self.our_idle),
                ("ours idle, busy folder", &self.our_busy_idle),
            ];
            let idle = idle
                .into_iter()
                .filter_map(|(who, idle)| Some((who.to_owned(), idle.as_ref().err()?)));
            let mut causes: Vec<(Vec<String>, &String)> = Vec::new();
            for (who, error) in series.chain(idle) {
                match causes.iter_mut().find(|(_, cause)| *cause == error) {
                    Some((whom, _)) => whom.push(who),
                    None => causes.push((vec![who], error)),
                }
            }
            causes
                .into_iter()
                .map(|(whom, error)| format!("stopped: {}: {error}", whom.join(", ")))
                .collect()
        }
    }

    /// A budget's verdict: met, missed, or not decidable from this run.
    fn verdict(met: Option<bool>) -> String {
        match met {
            Some(true) => "PASS",
            Some(false) => "MISS",
            None => "-",
        }
        .to_owned()
    }

    /// Rows as columns padded to their widest cell, with a rule under the heading.
    fn aligned(rows: &[[String; 5]]) -> String {
        let widths: Vec<usize> = (0..5)
            .map(|col| {
                rows.iter()
                    .map(|row| row[col].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<String>| cells.join("  ").trim_end().to_owned() + "\n";
        let mut out = String::new();
        for (index, row) in rows.iter().enumerate() {
            out += &line(
                row.iter()
                    .zip(&widths)
                    .map(|(cell, width)| format!("{cell:<width$}"))
                    .collect(),
            );
            if index == 0 {
                out += &line(widths.iter().map(|width| "-".repeat(*width)).collect());
            }
        }
        out
    }

    fn wakeups(idle: &Idle) -> String {
        format!(
            "{} slices, {} vol. switches ({} thr.)",
            idle.run_slices, idle.voluntary_switches, idle.threads
        )
    }

    fn memory(idle: &Idle) -> String {
        format!(
            "RSS {:.1} MiB, HWM {:.1} MiB",
            idle.memory.rss_kib as f64 / 1024.0,
            idle.memory.hwm_kib as f64 / 1024.0
        )
    }

    fn machine() -> String {
        let cpu = fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|line| line.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let cores = thread::available_parallelism().map_or(0, NonZeroUsize::get);
        let load = fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|load| {
                load.split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        format!(
            "{cpu}, {cores} cores, Linux {}, load average {load}",
            kernel.trim()
        )
    }

    fn dialog_version(dialog: Subject<'_, PathBuf>) -> String {
        let Ok(path) = dialog else {
            return "not installed".to_owned();
        };
        Command::new(path)
            .arg("--version")
            .output()
            .ok()
            .map(|output| {
                String::from_utf8_lossy(&output.stdout)
                    .trim()
                    .trim_start_matches("Version: ")
                    .to_owned()
            })
            .unwrap_or_else(|| "unknown version".to_owned())
    }
}
