//! Runs the real binary in a pseudo-terminal and reads its screen through a terminal emulator
//! (`vt100`), so end-to-end tests type keys and wait for what a person would see.
//!
//! Tests never sleep a fixed time and assume: after each key they wait for the screen to show
//! its effect (with a generous deadline, for loaded machines), then go on.

#![allow(dead_code)] // each test file uses part of this

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for text before failing. Generous: CI machines are slow and shared. This
/// is a deadline for a test to give up, never a measure of speed.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The app, running in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app has written, in order.
    output: Arc<Mutex<Vec<u8>>>,
    /// The reader has seen the end of the app's output.
    ended: Arc<AtomicBool>,
}

/// Keys, as a terminal sends them.
pub mod key {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const BACKSPACE: &str = "\x7f";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const CTRL_S: &str = "\x13";
}

impl Tui {
    /// Starts `fidelity-review` with `args`, the data folder `data`, and a `cols`×`rows` screen.
    pub fn spawn(data: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        Self::spawn_with(data, args, cols, rows, &[])
    }

    pub fn spawn_with(
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_fidelity-review"));
        command.arg("--data-dir");
        command.arg(data);
        for arg in args {
            command.arg(arg);
        }
        command.env("TERM", "xterm-256color");
        command.env_remove("FIDELITY_REVIEW_DATA_DIR");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        command.cwd(data);
        let child = pair.slave.spawn_command(command).expect("the app starts");
        drop(pair.slave);

        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let output = Arc::new(Mutex::new(Vec::new()));
        let ended = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        {
            let screen = Arc::clone(&screen);
            let output = Arc::clone(&output);
            let ended = Arc::clone(&ended);
            thread::spawn(move || {
                let mut buffer = [0u8; 65536];
                loop {
                    match reader.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            screen.lock().unwrap().process(&buffer[..n]);
                            output.lock().unwrap().extend_from_slice(&buffer[..n]);
                        }
                    }
                }
                ended.store(true, Ordering::SeqCst);
            });
        }
        let writer = pair.master.take_writer().expect("a pty writer");
        Tui {
            child,
            writer,
            master: pair.master,
            screen,
            output,
            ended,
        }
    }

    /// Types text or a key sequence.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen as text, one line per row.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Bytes written by the app so far.
    pub fn bytes_written(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Everything the app has written so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Looks at the emulated terminal: its modes, cursor and cells.
    pub fn with_screen<R>(&self, look: impl FnOnce(&vt100::Screen) -> R) -> R {
        look(self.screen.lock().unwrap().screen())
    }

    /// Types text or a key, then waits until the screen shows `text` and no save is under way
    /// (a change shows at once, "Saving…" until it is on disk).
    #[track_caller]
    pub fn send_and_wait(&mut self, keys: &str, text: &str) -> String {
        self.send(keys);
        self.wait_until(|screen| screen.contains(text) && !screen.contains("Saving…"))
            .unwrap_or_else(|screen| panic!("the screen never showed {text:?}, saved:\n{screen}"))
    }

    /// Waits until the screen shows every one of `texts` at once (a frame can arrive in
    /// pieces: wait for each thing looked for, never assume the rest came with the first).
    #[track_caller]
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_until(|screen| texts.iter().all(|text| screen.contains(text)))
            .unwrap_or_else(|screen| panic!("the screen never showed all of {texts:?}:\n{screen}"))
    }

    /// Waits until the screen no longer shows `text`.
    #[track_caller]
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(|screen| !screen.contains(text))
            .unwrap_or_else(|screen| panic!("the screen kept showing {text:?}:\n{screen}"))
    }

    /// Waits until the screen shows `text`; returns the screen. Fails the test with the screen
    /// if it does not appear in time.
    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(|screen| screen.contains(text))
            .unwrap_or_else(|screen| panic!("the screen never showed {text:?}:\n{screen}"))
    }

    /// Waits until `test` holds for the screen text.
    pub fn wait_until(&self, test: impl Fn(&str) -> bool) -> Result<String, String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.contents();
            if test(&screen) {
                return Ok(screen);
            }
            if Instant::now() > deadline {
                return Err(screen);
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal (the app gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first: the app redraws at the new size as soon as it hears of it.
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }

    /// Kills the app with SIGKILL, as a crash or a dead battery would, and waits for it.
    #[cfg(unix)]
    pub fn kill_hard(&mut self) {
        let status = std::process::Command::new("kill")
            .args(["-KILL", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let _ = self.child.wait();
    }

    /// Sends a signal by name (TERM, HUP, …).
    #[cfg(unix)]
    pub fn signal(&mut self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the app to exit and returns whether it succeeded.
    #[track_caller]
    pub fn wait_exit(&mut self) -> bool {
        self.wait_exit_code() == 0
    }

    /// Waits for the app to exit and returns its exit code.
    #[track_caller]
    pub fn wait_exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take in the last bytes written before the exit.
                while !self.ended.load(Ordering::SeqCst) && Instant::now() < deadline {
                    thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let screen = self.contents();
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{screen}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The session file in a data folder (the one `*.json` there).
#[track_caller]
pub fn session_file(data: &Path) -> PathBuf {
    let sessions: Vec<PathBuf> = std::fs::read_dir(data)
        .expect("the data folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    match sessions.as_slice() {
        [one] => one.clone(),
        other => panic!(
            "expected one session file in {}, found {other:?}",
            data.display()
        ),
    }
}

/// Runs `fidelity-review` to the end without a terminal (for `new --no-tui`, `list`, …) and
/// returns its standard output.
#[track_caller]
pub fn run(data: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fidelity-review"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FIDELITY_REVIEW_DATA_DIR")
        .output()
        .expect("the app runs");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}
