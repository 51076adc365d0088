//! What the reliability tests share: a seeded random source, the real binary in a
//! pseudo-terminal that knows where each drawn frame ends, and small file helpers.

#![allow(dead_code)] // each test file uses part of this

pub mod app;

use std::fs;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen before a test gives up. A deadline for failing, never a
/// measure of speed: machines running the tests are slow and shared.
pub const PATIENCE: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Random numbers

/// A tiny xorshift64* generator: the same seed gives the same keys, kills and damage.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seed for a randomised test: `FIDELITY_REVIEW_SEED` to replay one, else from the clock.
/// Printed, so a failing run shows how to replay it.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("FIDELITY_REVIEW_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("{test}: seed {seed} (replay with FIDELITY_REVIEW_SEED={seed})");
    seed
}

/// A count from the environment, or `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// True when the long runs are asked for (`FIDELITY_REVIEW_SOAK=1`).
pub fn soak() -> bool {
    std::env::var("FIDELITY_REVIEW_SOAK").is_ok_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------------
// The real binary in a pseudo-terminal

/// Ratatui ends every frame it draws without a visible cursor with "hide the cursor" (the app's
/// text fields draw their own cursor).
const FRAME_END: &[u8] = b"\x1b[?25l";

/// What the app asked of the terminal beyond drawing: window titles and bells.
#[derive(Debug, Default, Clone)]
pub struct Requests {
    pub titles: Vec<String>,
    pub bells: usize,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// What the app has drawn so far.
struct Screen {
    parser: vt100::Parser<Requests>,
    /// Bytes read but not yet given to the parser: they may be the start of a frame end.
    pending: Vec<u8>,
    /// Every frame drawn to its end, as the screen showed it then.
    frames: Vec<String>,
    /// Everything the app wrote, for tests that look at the raw bytes.
    raw: Vec<u8>,
    closed: bool,
}

impl Screen {
    fn feed(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        self.pending.extend_from_slice(bytes);
        loop {
            match find(&self.pending, FRAME_END) {
                Some(at) => {
                    let end = at + FRAME_END.len();
                    self.parser.process(&self.pending[..end]);
                    self.pending.drain(..end);
                    self.frames.push(self.parser.screen().contents());
                }
                None => {
                    let keep = FRAME_END.len() - 1;
                    if self.pending.len() > keep {
                        let n = self.pending.len() - keep;
                        self.parser.process(&self.pending[..n]);
                        self.pending.drain(..n);
                    }
                    return;
                }
            }
        }
    }
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The app, running in a pseudo-terminal of its own.
pub struct Term {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    screen: Arc<(Mutex<Screen>, Condvar)>,
}

/// How to start the app.
pub struct Launch<'a> {
    pub data: &'a Path,
    pub args: &'a [&'a str],
    pub cols: u16,
    pub rows: u16,
    pub env: &'a [(&'a str, &'a str)],
    /// Where standard error goes, instead of the terminal (run through `sh`).
    pub stderr_to: Option<&'a Path>,
    /// A umask to run with (run through `sh`).
    pub umask: Option<&'a str>,
}

impl<'a> Launch<'a> {
    pub fn new(data: &'a Path, args: &'a [&'a str]) -> Self {
        Launch {
            data,
            args,
            cols: 120,
            rows: 40,
            env: &[],
            stderr_to: None,
            umask: None,
        }
    }

    pub fn size(self, cols: u16, rows: u16) -> Self {
        Launch { cols, rows, ..self }
    }

    pub fn env(self, env: &'a [(&'a str, &'a str)]) -> Self {
        Launch { env, ..self }
    }

    pub fn stderr_to(self, path: &'a Path) -> Self {
        Launch {
            stderr_to: Some(path),
            ..self
        }
    }

    pub fn spawn(self) -> Term {
        let mut command = if self.stderr_to.is_some() || self.umask.is_some() {
            let mut line = String::new();
            if let Some(umask) = self.umask {
                line.push_str(&format!("umask {umask}; "));
            }
            line.push_str(r#"exec "$@""#);
            if self.stderr_to.is_some() {
                line.push_str(r#" 2>"$STDERR_FILE""#);
            }
            let mut command = CommandBuilder::new("/bin/sh");
            command.args(["-c", &line, "sh", binary()]);
            if let Some(stderr) = self.stderr_to {
                command.env("STDERR_FILE", stderr);
            }
            command
        } else {
            CommandBuilder::new(binary())
        };
        command.arg("--data-dir");
        command.arg(self.data);
        command.args(self.args);
        command.env_remove("FIDELITY_REVIEW_DATA_DIR");
        command.env_remove("NO_COLOR");
        for (name, value) in self.env {
            command.env(name, value);
        }
        Term::start(command, self.data, self.cols, self.rows)
    }

    /// Starts with umask 000, as if the user let everyone read what they make.
    pub fn spawn_with_umask_000(self) -> Term {
        Launch {
            umask: Some("000"),
            ..self
        }
        .spawn()
    }
}

/// The binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_fidelity-review")
}

/// Keys, as a terminal sends them.
pub mod key {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const BACKSPACE: &str = "\x7f";
}

impl Term {
    /// Any program in a 120×40 terminal, e.g. the app under a tracer.
    pub fn spawn_program(program: &str, args: &[&str], cwd: &Path) -> Term {
        let mut command = CommandBuilder::new(program);
        command.args(args);
        Term::start(command, cwd, 120, 40)
    }

    fn start(mut command: CommandBuilder, cwd: &Path, cols: u16, rows: u16) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        command.env("TERM", "xterm-256color");
        command.cwd(cwd);
        let child = pair.slave.spawn_command(command).expect("the app starts");
        drop(pair.slave);

        let screen = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new_with_callbacks(
                    NonZeroU16::new(rows).expect("rows"),
                    NonZeroU16::new(cols).expect("columns"),
                    0,
                    Requests::default(),
                ),
                pending: Vec::new(),
                frames: Vec::new(),
                raw: Vec::new(),
                closed: false,
            }),
            Condvar::new(),
        ));
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        {
            let screen = Arc::clone(&screen);
            thread::spawn(move || {
                let mut buffer = [0u8; 16384];
                loop {
                    let read = reader.read(&mut buffer);
                    let (lock, changed) = &*screen;
                    let mut screen = lock.lock().unwrap();
                    match read {
                        Ok(0) | Err(_) => {
                            screen.closed = true;
                            changed.notify_all();
                            break;
                        }
                        Ok(n) => {
                            screen.feed(&buffer[..n]);
                            changed.notify_all();
                        }
                    }
                }
            });
        }
        let writer = pair.master.take_writer().expect("a pty writer");
        Term {
            child,
            writer,
            _master: pair.master,
            screen,
        }
    }

    /// Types text or key sequences.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen as it is now, perhaps in the middle of a frame.
    pub fn contents(&self) -> String {
        self.screen.0.lock().unwrap().parser.screen().contents()
    }

    /// How many whole frames the app has drawn.
    pub fn frames(&self) -> usize {
        self.screen.0.lock().unwrap().frames.len()
    }

    /// The screen as the last whole frame left it.
    pub fn last_frame(&self) -> String {
        let screen = self.screen.0.lock().unwrap();
        screen.frames.last().cloned().unwrap_or_default()
    }

    /// Everything the app has written to the terminal.
    pub fn raw(&self) -> Vec<u8> {
        self.screen.0.lock().unwrap().raw.clone()
    }

    /// The window titles and bells the app asked the terminal for.
    pub fn requests(&self) -> Requests {
        self.screen.0.lock().unwrap().parser.callbacks().clone()
    }

    /// Waits for a whole frame for which `test` holds, starting with the one on screen now;
    /// gives the frame, or the last one seen. (A frame drawn before the last one is never
    /// looked at: after a key, "until X is gone" waits for the key to be handled.)
    pub fn wait_frame(&self, test: impl FnMut(&str) -> bool) -> Result<String, String> {
        let now = self.frames().saturating_sub(1);
        self.wait_frame_from(now, test).map(|(_, frame)| frame)
    }

    /// Shows `test` each whole frame from number `first` on, in the order drawn, until it holds
    /// for one; gives its number and the frame, or the last one seen if none comes in time.
    pub fn wait_frame_from(
        &self,
        first: usize,
        mut test: impl FnMut(&str) -> bool,
    ) -> Result<(usize, String), String> {
        let deadline = Instant::now() + PATIENCE;
        let (lock, changed) = &*self.screen;
        let mut screen = lock.lock().unwrap();
        let mut next = first;
        loop {
            while next < screen.frames.len() {
                if test(&screen.frames[next]) {
                    return Ok((next, screen.frames[next].clone()));
                }
                next += 1;
            }
            let now = Instant::now();
            if now >= deadline || screen.closed {
                return Err(screen.frames.last().cloned().unwrap_or_default());
            }
            screen = changed.wait_timeout(screen, deadline - now).unwrap().0;
        }
    }

    /// Waits until the screen shows `text` (in a whole frame) with no save under way; fails the
    /// test if it never does.
    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        // A change shows at once, "Saving…" until it is on disk: wait for the disk too.
        self.wait_frame(|screen| screen.contains(text) && !screen.contains("Saving…"))
            .unwrap_or_else(|screen| panic!("the screen never showed {text:?}:\n{screen}"))
    }

    /// Waits until the terminal as drawn now (whole frame or not) shows `text`.
    #[track_caller]
    pub fn wait_for_text(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.contents();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("the terminal never showed {text:?}:\n{screen}");
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }

    /// Kills the app with SIGKILL, as a dead battery would, and waits until it is gone.
    #[cfg(unix)]
    pub fn kill_hard(&mut self) {
        let status = std::process::Command::new("kill")
            .args(["-KILL", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -KILL failed");
        let _ = self.child.wait();
    }

    /// Waits for the app to exit; its exit status, or a failure with the screen.
    #[track_caller]
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// True while the app runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
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

// ---------------------------------------------------------------------------------------------
// Files

/// A temp folder in memory where the machine has one (`/dev/shm`), for tests that save
/// thousands of times and are not about the disk: a flush there costs nothing.
pub fn fast_temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::TempDir::new_in(shm)
    {
        return dir;
    }
    tempfile::TempDir::new().expect("a temp folder")
}

/// The names in a folder, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The mini pack of the tests: three items, one rated directly.
pub fn mini_pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini")
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs the binary with `args` (no terminal); its exit code, stdout and stderr.
pub fn run_cli(data: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = std::process::Command::new(binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
