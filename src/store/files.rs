//! How the store opens the files it keeps: only regular files, never through a link it did not
//! make, never in a way that can block; and how it tidies what killed processes left behind.
//!
//! - [`open_to_read`] follows a link to a session the user named, but opens only a regular
//!   file: a named pipe, socket or device is refused from its type before it is opened, and the
//!   open itself never waits (`O_NONBLOCK`, `O_NOCTTY`) in case the file changed in between.
//! - [`open_in_place`] is for the one file the store writes in place, the lock: it refuses a
//!   link (`O_NOFOLLOW`), anything but a regular file, and a file with a second name (a hard
//!   link to something else), so writing to it can only ever touch the lock itself.
//! - Every other write goes to a new temp file (created exclusively) renamed over its target,
//!   which replaces a link rather than writing through it.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Why a file was not opened.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// It is not a regular file: what it is, in words ("a named pipe (FIFO)").
    NotRegular(&'static str),
    /// It has more names than one (hard links), so it is not the app's own.
    OtherNames(u64),
    Io(io::Error),
}

impl Refusal {
    /// The refusal as an I/O error whose message says what the file is.
    pub(crate) fn into_io(self, what: &str) -> io::Error {
        match self {
            Refusal::Io(error) => error,
            Refusal::NotRegular(kind) => io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "it is {kind}, not {what} fidelity-review made; it was left as it is (remove it, then try again)"
                ),
            ),
            Refusal::OtherNames(names) => io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "it has {names} names (hard links), so it is not {what} fidelity-review made; it was left as it is (remove it, then try again)"
                ),
            ),
        }
    }
}

impl From<io::Error> for Refusal {
    fn from(error: io::Error) -> Self {
        Refusal::Io(error)
    }
}

/// What a file that is not a regular one is, in words.
pub(crate) fn kind_of(file_type: fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// Flags that keep an open from waiting on a pipe or taking over a terminal.
#[cfg(unix)]
fn never_block(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
}

#[cfg(not(unix))]
fn never_block(_options: &mut OpenOptions) {}

/// Opens a regular file for reading (following a link to it), refusing anything else before
/// opening it, and never waiting.
pub(crate) fn open_to_read(path: &Path) -> Result<(File, Metadata), Refusal> {
    let before = fs::metadata(path)?;
    if !before.is_file() {
        return Err(Refusal::NotRegular(kind_of(before.file_type())));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    never_block(&mut options);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
    }
    Ok((file, metadata))
}

/// Opens (creating it, 0600, if it is not there) a file the store writes in place. Refuses a
/// link, anything but a regular file and a file with a second name.
pub(crate) fn open_in_place(path: &Path) -> Result<File, Refusal> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
        }
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error.into()),
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|error| {
        // O_NOFOLLOW meets a link made since the look above.
        #[cfg(unix)]
        if error.raw_os_error() == Some(libc::ELOOP) {
            return Refusal::NotRegular("a symbolic link");
        }
        Refusal::Io(error)
    })?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
    }
    let names = link_count(&metadata);
    if names > 1 {
        return Err(Refusal::OtherNames(names));
    }
    Ok(file)
}

/// How many names (hard links) a file has; 1 where the platform does not say.
pub(crate) fn link_count(metadata: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        1
    }
}

/// Whether two metadata are of one file (same device and inode). Where the platform cannot
/// tell, true.
pub(crate) fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Whether `file` is still the file named `path` (not removed or replaced since it was opened).
pub(crate) fn still_named(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => same_file(&open, &named),
        _ => false,
    }
}

/// How old a temp file of a process no longer running must be before it is removed: a save
/// takes milliseconds, an export of a big review on a slow stick seconds.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Where it cannot be told whether a process runs, a temp file is left this long.
#[cfg(not(unix))]
const STALE_AFTER_UNKNOWN: Duration = Duration::from_secs(60 * 60);

/// Removes the temp files in `dir` that a save or an export killed part-way left behind: only
/// names the app makes (`.<name>.<pid>-<n>.tmp`), only regular files, only when the process
/// that made it no longer runs and the file has not changed for a minute. `only_for` limits it
/// to the temp files of one target name.
pub(crate) fn remove_stale_temps(dir: &Path, only_for: Option<&str>) {
    let Ok(entries) = dir.read_dir() else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((target, pid)) = super::durable::parse_temp_name(name) else {
            continue;
        };
        if only_for.is_some_and(|only| only != target) {
            continue;
        }
        let Ok(metadata) = entry.path().symlink_metadata() else {
            continue;
        };
        let age = metadata
            .modified()
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .unwrap_or_default();
        if metadata.is_file() && is_stale(pid, age) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn is_stale(pid: u32, age: Duration) -> bool {
    age >= STALE_AFTER && !process_runs(pid)
}

#[cfg(not(unix))]
fn is_stale(_pid: u32, age: Duration) -> bool {
    age >= STALE_AFTER_UNKNOWN.max(STALE_AFTER)
}

/// Whether a process with this id runs on this machine.
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 only asks whether the process is there; EPERM means it is, someone else's.
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let asked = unsafe { libc::kill(pid, 0) };
    asked == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Removes lock files in `dir` whose session does not exist (left by a creation that failed, a
/// full disk, or a review deleted by hand), each only once its lock is taken, so never one a
/// live process holds. Unix only: elsewhere a file open in another process cannot be removed.
pub(crate) fn remove_orphan_locks(dir: &Path) {
    #[cfg(unix)]
    {
        let Ok(entries) = dir.read_dir() else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                continue;
            }
            let Some(session) = name.strip_suffix(".lock").filter(|s| s.ends_with(".json")) else {
                continue;
            };
            let session = dir.join(session);
            if fs::symlink_metadata(&session).is_ok() {
                continue;
            }
            super::lock::remove_if_free(&session);
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}
