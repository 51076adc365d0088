//! Taking over the terminal and giving it back, also after a panic.
//!
//! Frames go out through one 64 KiB buffer, so a redraw reaches the terminal in one write
//! rather than in many small ones (standard output's own buffer is 1 KiB). Once the terminal has
//! been given back, that buffer writes nothing more: a frame half-drawn when a panic struck never
//! lands on the user's shell.
//!
//! A stop (SIGTSTP) gives the terminal back for the while ([`suspend`]); being continued takes it
//! again and has the next frame drawn whole ([`resume`]), since the shell drew over the screen.
//!
//! The panic hook gives the terminal back first, then lets the default hook print the panic,
//! then writes the answers held in memory to a recovery file beside the session, and says where
//! it is.

use std::io::{self, BufWriter, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{CompletedFrame, Frame, Terminal};

use super::app::Rescue;
use crate::store;

/// The terminal the app draws on.
pub struct Term(Terminal<CrosstermBackend<Output>>);

impl Term {
    /// Draws a frame: only what changed since the last one, or the whole screen after the app
    /// was stopped and continued.
    pub fn draw<F: FnOnce(&mut Frame)>(&mut self, render: F) -> io::Result<CompletedFrame<'_>> {
        if REDRAW_ALL.swap(false, Ordering::SeqCst) {
            // Not `Terminal::clear`, which asks the terminal where its cursor is: wipe the
            // screen, and make the frame to compare with an empty one.
            self.0.backend_mut().clear_region(ClearType::All)?;
            self.0.swap_buffers();
        }
        self.0.draw(render)
    }
}

/// How much of a frame is gathered before it is written.
const FRAME_BUFFER: usize = 64 * 1024;

/// Set once the terminal has been given back; [`Output`] then drops what it is given.
static GIVEN_BACK: AtomicBool = AtomicBool::new(false);

/// Set while the terminal is the app's (entered, not given back).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Set while the app is stopped: frames are dropped, the shell has the terminal.
static SUSPENDED: AtomicBool = AtomicBool::new(false);

/// Set when the screen must be drawn whole at the next frame.
static REDRAW_ALL: AtomicBool = AtomicBool::new(false);

/// Standard output through a frame-sized buffer, silent once the terminal is given back.
pub struct Output(BufWriter<Stdout>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if GIVEN_BACK.load(Ordering::SeqCst) || SUSPENDED.load(Ordering::SeqCst) {
            return Ok(bytes.len());
        }
        self.0.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        if GIVEN_BACK.load(Ordering::SeqCst) || SUSPENDED.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.0.flush()
    }
}

/// Installs the recovery panic hook, then enters raw mode, the alternate screen and bracketed
/// paste.
pub fn enter(rescue: Rescue) -> io::Result<Term> {
    install_panic_hook(rescue);
    GIVEN_BACK.store(false, Ordering::SeqCst);
    enable_raw_mode()?;
    ENTERED.store(true, Ordering::SeqCst);
    let entered = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste).and_then(|()| {
        let output = Output(BufWriter::with_capacity(FRAME_BUFFER, stdout()));
        Terminal::new(CrosstermBackend::new(output)).map(Term)
    });
    if entered.is_err() {
        leave();
    }
    entered
}

/// Gives the terminal back while the app is stopped: as [`leave`], but frames drawn meanwhile
/// are dropped rather than lost for good. Does nothing if the app does not have the terminal.
#[cfg(unix)]
pub fn suspend() {
    if !ENTERED.load(Ordering::SeqCst) {
        return;
    }
    SUSPENDED.store(true, Ordering::SeqCst);
    let _ = disable_raw_mode();
    let mut sequence = Vec::new();
    let _ = ratatui::crossterm::queue!(sequence, DisableBracketedPaste, LeaveAlternateScreen, Show);
    write_to_terminal(&sequence);
}

/// Takes the terminal again after a stop: raw mode, the alternate screen, bracketed paste; the
/// next frame is drawn whole. Does nothing if the app does not have the terminal.
#[cfg(unix)]
pub fn resume() {
    if !ENTERED.load(Ordering::SeqCst) {
        return;
    }
    let _ = enable_raw_mode();
    let mut sequence = Vec::new();
    let _ = ratatui::crossterm::queue!(sequence, EnterAlternateScreen, EnableBracketedPaste);
    write_to_terminal(&sequence);
    REDRAW_ALL.store(true, Ordering::SeqCst);
    SUSPENDED.store(false, Ordering::SeqCst);
}

/// Writes straight to standard output's file, not through `Stdout`: the thread that runs the
/// app holds `Stdout`'s lock while it runs, and a stop arrives on another thread.
#[cfg(unix)]
fn write_to_terminal(bytes: &[u8]) {
    use std::os::fd::FromRawFd;
    // SAFETY: fd 1 is open for the life of the process; ManuallyDrop never closes it.
    let mut out = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
    let _ = out.write_all(bytes);
}

/// Whether the terminal has been given back for good (the app has left).
pub fn given_back() -> bool {
    GIVEN_BACK.load(Ordering::SeqCst)
}

/// Gives the terminal back as it was: bracketed paste off, the main screen, the cursor shown,
/// raw mode off. Safe to call more than once.
pub fn leave() {
    GIVEN_BACK.store(true, Ordering::SeqCst);
    ENTERED.store(false, Ordering::SeqCst);
    // Raw mode first: it has the widest effects if the rest fails.
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
}

fn install_panic_hook(rescue: Rescue) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
        let copy = match rescue.try_lock() {
            Ok(slot) => slot.clone(),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner().clone(),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        let Some(copy) = copy else { return };
        let (path, review) = copy.into_review();
        let mut err = io::stderr();
        match store::write_recovery(&path, &review) {
            Ok(written) => {
                let _ = writeln!(
                    err,
                    "fidelity-review stopped on an error. Your answers were written to {}; open the review again to restore them.",
                    written.display()
                );
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "fidelity-review stopped on an error, and the recovery copy could not be written: {e}"
                );
            }
        }
    }));
}
