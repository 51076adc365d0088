//! Saving off the caller's thread.
//!
//! A [`Background`] owns a [`Session`] on a thread of its own. [`Background::save`] hands it
//! the latest state and returns at once; the thread writes states in the order they came,
//! and when several queued up while it was writing, only the newest is written (it holds
//! everything the older ones did). Each finished save is kept as a [`Saved`] until collected,
//! and `notify` is called, so a caller that sleeps until something happens is woken.
//!
//! Dropping a `Background` waits for the state queued last to be written, then releases the
//! session (and its lock).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{SaveError, Session};
use crate::review::Review;

/// What became of one save: the number the caller gave the state, and the result.
#[derive(Debug)]
pub struct Saved {
    pub version: u64,
    pub result: Result<(), SaveError>,
}

/// A session saved by a thread of its own.
pub struct Background {
    path: PathBuf,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when a state is queued, a save finishes, or the writer is to stop.
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// The newest state not yet taken by the writer.
    queued: Option<(u64, Review)>,
    /// The writer is writing a state now.
    writing: bool,
    /// Finished saves not yet collected, oldest first.
    finished: VecDeque<Saved>,
    /// No more states will come: the writer stops once the queue is empty.
    stopping: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic on the writer thread cannot leave the state half-changed: every change
        // under the lock is a single assignment. Carry on with it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Background {
    /// Starts the writer thread for `session`; `notify` is called after every save. When no
    /// thread can be started, the session comes back with the reason.
    pub fn spawn(
        session: Session,
        notify: impl Fn() + Send + 'static,
    ) -> Result<Self, (Session, std::io::Error)> {
        let path = session.path().to_path_buf();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        });
        // The session is handed over once the thread runs, so that it is not lost with a
        // thread that could not be started.
        let (hand_over, take) = std::sync::mpsc::channel::<Session>();
        let started = std::thread::Builder::new().name("save".to_owned()).spawn({
            let shared = Arc::clone(&shared);
            move || {
                if let Ok(session) = take.recv() {
                    write_states(session, &shared, notify);
                }
            }
        });
        match started {
            Ok(thread) => {
                // The thread is waiting on the channel, so the hand-over cannot fail.
                let _ = hand_over.send(session);
                Ok(Background {
                    path,
                    shared,
                    thread: Some(thread),
                })
            }
            Err(e) => Err((session, e)),
        }
    }

    /// The session file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues `review` to be written as state `version`, in place of any state still waiting.
    pub fn save(&self, version: u64, review: Review) {
        let mut state = self.shared.lock();
        state.queued = Some((version, review));
        self.shared.changed.notify_all();
    }

    /// The saves finished since last asked, oldest first.
    pub fn finished(&self) -> Vec<Saved> {
        self.shared.lock().finished.drain(..).collect()
    }

    /// True while a state is queued or being written.
    pub fn busy(&self) -> bool {
        let state = self.shared.lock();
        state.queued.is_some() || state.writing
    }

    /// Waits until nothing is queued or being written, at most `limit`; true if so.
    pub fn flush(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut state = self.shared.lock();
        while state.queued.is_some() || state.writing {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        true
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.shared.lock().stopping = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer thread: takes the newest queued state, writes it, records the outcome, until
/// told to stop with nothing left to write.
fn write_states(mut session: Session, shared: &Shared, notify: impl Fn()) {
    loop {
        let (version, review) = {
            let mut state = shared.lock();
            loop {
                if let Some(queued) = state.queued.take() {
                    state.writing = true;
                    break queued;
                }
                if state.stopping {
                    return;
                }
                state = shared
                    .changed
                    .wait(state)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        };
        let result = session.save(&review);
        {
            let mut state = shared.lock();
            state.writing = false;
            state.finished.push_back(Saved { version, result });
        }
        shared.changed.notify_all();
        notify();
    }
}
