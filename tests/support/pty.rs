//! Runs the real binary in a pseudo-terminal and reads its screen through a terminal emulator
//! (`vt100`), so end-to-end tests type keys and wait for what a person would see.

#![allow(dead_code)] // each test file uses part of this

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for text before failing. Generous: CI machines are slow and shared. This
/// is a deadline for a test to give up, never a measure of speed.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The app, running in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Bytes the app has written so far (for tests that count redraws).
    written: Arc<Mutex<usize>>,
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

        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let written = Arc::new(Mutex::new(0));
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        {
            let screen = Arc::clone(&screen);
            let written = Arc::clone(&written);
            thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                loop {
                    match reader.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            screen.lock().unwrap().process(&buffer[..n]);
                            *written.lock().unwrap() += n;
                        }
                    }
                }
            });
        }
        let writer = pair.master.take_writer().expect("a pty writer");
        Tui {
            child,
            writer,
            master: pair.master,
            screen,
            written,
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
        *self.written.lock().unwrap()
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
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen.lock().unwrap().screen_mut().set_size(rows, cols);
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
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{}", self.contents());
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
