//! The event loop: draw, then wait for something to happen. No tick: an idle app sleeps until a
//! key, a paste, a resize or a signal arrives, and wakes on its own only to save a note two
//! seconds after the last key typed in it (ten after the first, for someone who never pauses).

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, KeyEvent, KeyEventKind};

use super::action::Action;
use super::app::App;

/// How long after the last key a note being typed is saved.
pub const NOTE_SAVE_DELAY: Duration = Duration::from_secs(2);

/// However steadily someone types, a note is saved at the latest this long after the first key
/// not yet saved: a crash while typing loses at most this much.
pub const NOTE_SAVE_LATEST: Duration = Duration::from_secs(10);

/// When a note being typed is next saved: two seconds after the last key, or ten after the
/// first key not yet saved if that comes sooner.
pub fn note_deadline(first_unsaved: Instant, last_key: Instant) -> Instant {
    (last_key + NOTE_SAVE_DELAY).min(first_unsaved + NOTE_SAVE_LATEST)
}

/// Something that happened outside the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (or the console closing on Windows): save and leave.
    Signal,
    /// A save running in the background has finished.
    Saved,
}

/// What waiting for an event gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Event(Event),
    /// The deadline passed with nothing happening.
    Timeout,
    /// No more events will come.
    Closed,
}

/// Where events come from. `deadline` is `None` to wait as long as it takes.
pub trait EventSource {
    fn wait(&mut self, deadline: Option<Instant>) -> Waited;
}

impl EventSource for Receiver<Event> {
    fn wait(&mut self, deadline: Option<Instant>) -> Waited {
        match deadline {
            None => self.recv().map_or(Waited::Closed, Waited::Event),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.recv_timeout(left) {
                    Ok(event) => Waited::Event(event),
                    Err(RecvTimeoutError::Timeout) => Waited::Timeout,
                    Err(RecvTimeoutError::Disconnected) => Waited::Closed,
                }
            }
        }
    }
}

/// Runs until the app quits or the events end: draws, waits, updates, draws again. Draws only
/// after something happened, and not after the app has quit.
pub fn run<E: EventSource>(
    app: &mut App,
    events: &mut E,
    mut draw: impl FnMut(&App) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // While a typed note waits to be saved: when its first unsaved key came, and when to save.
    let mut unsaved_since: Option<Instant> = None;
    let mut deadline: Option<Instant> = None;
    draw(app)?;
    while !app.should_quit() {
        match events.wait(deadline) {
            Waited::Closed => break,
            Waited::Timeout => app.update(Action::NoteIdle),
            Waited::Event(event) => {
                let typed = matches!(event, Event::Key(_) | Event::Paste(_));
                match event {
                    Event::Key(key) => app.on_key(key),
                    Event::Paste(text) => app.update(Action::Paste(text)),
                    Event::Resize(w, h) => app.update(Action::Resize(w, h)),
                    Event::Signal => app.update(Action::Shutdown),
                    Event::Saved => app.update(Action::SavesFinished),
                }
                if typed && app.note_pending() {
                    let now = Instant::now();
                    let first = *unsaved_since.get_or_insert(now);
                    deadline = Some(note_deadline(first, now));
                }
            }
        }
        if !app.note_pending() {
            unsaved_since = None;
            deadline = None;
        }
        if app.should_quit() {
            // No last frame: the terminal may already be gone (SIGHUP).
            break;
        }
        draw(app)?;
    }
    Ok(())
}

/// Reads terminal events on a thread of its own, blocking, and sends the ones the app uses:
/// key presses (not releases or repeats), pastes and resizes.
pub fn spawn_input(sender: std::sync::mpsc::Sender<Event>) {
    // Start crossterm's reader here, before the first frame, so that it is already listening
    // for window size changes: one made while the thread was starting would be lost.
    let _ = event::poll(Duration::ZERO);
    std::thread::spawn(move || {
        loop {
            let sent = match event::read() {
                Ok(event::Event::Key(key)) if key.kind == KeyEventKind::Press => {
                    sender.send(Event::Key(key))
                }
                Ok(event::Event::Paste(text)) => sender.send(Event::Paste(text)),
                Ok(event::Event::Resize(w, h)) => sender.send(Event::Resize(w, h)),
                Ok(_) => Ok(()),
                Err(_) => break,
            };
            if sent.is_err() {
                break;
            }
        }
    });
}

/// Waits for signals on a thread of its own.
///
/// - SIGTERM, SIGHUP, SIGINT and SIGQUIT, whoever sends them, come as [`Event::Signal`]: the
///   app saves what is being typed and leaves, giving the terminal back.
/// - SIGTSTP (a stop asked from outside: in raw mode Ctrl-Z is a key) gives the terminal back,
///   stops, and once continued takes the terminal again and has the screen redrawn whole.
/// - SIGCONT alone (after a SIGSTOP, which cannot be caught) takes the terminal again too: the
///   shell may have put it back to its own modes meanwhile.
#[cfg(unix)]
pub fn spawn_signals(sender: std::sync::mpsc::Sender<Event>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let event = match signal {
                SIGTSTP => {
                    super::terminal::suspend();
                    // Stops here until continued (`fg`, SIGCONT).
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                    super::terminal::resume();
                    resized()
                }
                SIGCONT => {
                    super::terminal::resume();
                    resized()
                }
                _ => Event::Signal,
            };
            if sender.send(event).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// The terminal's size now, as an event that has the loop draw again.
#[cfg(unix)]
fn resized() -> Event {
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    Event::Resize(width, height)
}

/// Windows: closing the console window, logging off or shutting down comes as
/// [`Event::Signal`], as SIGHUP does on Unix. Windows ends the process once the handler
/// returns (allowing about five seconds), so the handler waits until the app has saved and
/// given the terminal back.
#[cfg(windows)]
pub fn spawn_signals(sender: std::sync::mpsc::Sender<Event>) -> std::io::Result<()> {
    console::listen(sender)
}

#[cfg(windows)]
mod console {
    use std::sync::Mutex;
    use std::sync::mpsc::Sender;
    use std::time::{Duration, Instant};

    use windows_sys::Win32::Foundation::{FALSE, TRUE};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
        SetConsoleCtrlHandler,
    };
    use windows_sys::core::BOOL;

    use super::Event;

    /// Where the handler sends what it is told.
    static SENDER: Mutex<Option<Sender<Event>>> = Mutex::new(None);

    /// How long the handler waits for the app to save, inside the time Windows gives.
    const PATIENCE: Duration = Duration::from_millis(4500);

    pub fn listen(sender: Sender<Event>) -> std::io::Result<()> {
        *SENDER
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(sender);
        // SAFETY: the handler is a plain function that lives as long as the program.
        if unsafe { SetConsoleCtrlHandler(Some(handler), TRUE) } == FALSE {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    unsafe extern "system" fn handler(event: u32) -> BOOL {
        match event {
            CTRL_C_EVENT | CTRL_BREAK_EVENT | CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT
            | CTRL_SHUTDOWN_EVENT => {
                if let Some(sender) = SENDER
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .as_ref()
                {
                    let _ = sender.send(Event::Signal);
                }
                let until = Instant::now() + PATIENCE;
                while !super::super::terminal::given_back() && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(20));
                }
                TRUE
            }
            _ => FALSE,
        }
    }
}

/// Elsewhere there are no signals to wait for; the terminal closing ends the input thread.
#[cfg(not(any(unix, windows)))]
pub fn spawn_signals(_sender: std::sync::mpsc::Sender<Event>) -> std::io::Result<()> {
    Ok(())
}
