//! Durable writes: a file is replaced whole or not at all, and survives a power cut once saved.
//!
//! A save goes: temp file in the same folder (0600) -> write -> fsync -> keep the previous
//! version as `.bak` -> rename over the target -> fsync the folder. Each step goes through a
//! [`SaveIo`], so tests can make any step fail the way a full disk or a lost permission would.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::{SaveError, SaveStep};

/// The file operations a save is made of, one method per [`SaveStep`].
///
/// Every method has the real implementation as its default, so [`RealIo`] is just `impl SaveIo
/// for RealIo {}`, and a test layer overrides only what it wants to break (see [`FaultyIo`]).
pub trait SaveIo: fmt::Debug + Send + Sync {
    /// Creates a new, empty file that only the user can read (0600). Fails if it exists.
    fn create_temp(&self, path: &Path) -> io::Result<File> {
        create_private(path)
    }

    /// Writes all of `bytes` to the temp file.
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    /// Flushes the temp file's contents to the disk.
    fn sync_file(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    /// Makes `backup` the same content as `current`, replacing any older backup whole.
    fn keep_backup(&self, current: &Path, backup: &Path) -> io::Result<()> {
        keep_backup(current, backup)
    }

    /// Renames the temp file over the target, trying again briefly while another program
    /// holds the target open (Windows).
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        rename_retrying(from, to)
    }

    /// Gives the temp file the target's name when that name must not already be taken
    /// (creating a new session). Fails with `AlreadyExists` if it is.
    fn claim(&self, from: &Path, to: &Path) -> io::Result<()> {
        claim(from, to)
    }

    /// Flushes the folder, so the rename itself survives a power cut.
    fn sync_folder(&self, dir: &Path) -> io::Result<()> {
        sync_folder(dir)
    }
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealIo;

impl SaveIo for RealIo {}

/// The real file system, except that one chosen step fails with a chosen error until cleared.
///
/// Clones share the fault, so a test keeps one clone to switch faults on and off while a
/// [`super::Session`] uses another. A failing write writes half the bytes first, like a disk
/// that fills up mid-write.
#[derive(Clone, Default)]
pub struct FaultyIo {
    fault: Arc<Mutex<Option<Fault>>>,
}

#[derive(Clone)]
struct Fault {
    step: SaveStep,
    error: Arc<dyn Fn() -> io::Error + Send + Sync>,
}

impl FaultyIo {
    pub fn new() -> Self {
        Self::default()
    }

    /// From now on, `step` fails with the error `error` makes (e.g.
    /// `|| io::Error::from_raw_os_error(28)` for a full disk).
    pub fn fail(&self, step: SaveStep, error: impl Fn() -> io::Error + Send + Sync + 'static) {
        *self.lock() = Some(Fault {
            step,
            error: Arc::new(error),
        });
    }

    /// From now on, every step works.
    pub fn clear(&self) {
        *self.lock() = None;
    }

    fn check(&self, step: SaveStep) -> io::Result<()> {
        match &*self.lock() {
            Some(fault) if fault.step == step => Err((fault.error)()),
            _ => Ok(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Fault>> {
        self.fault.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for FaultyIo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = self.lock().as_ref().map(|fault| fault.step);
        f.debug_struct("FaultyIo").field("failing", &step).finish()
    }
}

impl SaveIo for FaultyIo {
    fn create_temp(&self, path: &Path) -> io::Result<File> {
        self.check(SaveStep::CreateTemp)?;
        create_private(path)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if let Err(error) = self.check(SaveStep::Write) {
            file.write_all(&bytes[..bytes.len() / 2])?;
            return Err(error);
        }
        file.write_all(bytes)
    }

    fn sync_file(&self, file: &File) -> io::Result<()> {
        self.check(SaveStep::SyncFile)?;
        file.sync_all()
    }

    fn keep_backup(&self, current: &Path, backup: &Path) -> io::Result<()> {
        self.check(SaveStep::Backup)?;
        keep_backup(current, backup)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(SaveStep::Rename)?;
        rename_retrying(from, to)
    }

    fn claim(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(SaveStep::Rename)?;
        claim(from, to)
    }

    fn sync_folder(&self, dir: &Path) -> io::Result<()> {
        self.check(SaveStep::SyncFolder)?;
        sync_folder(dir)
    }
}

/// Writes `bytes` to `path` durably and privately (0600), replacing any file there whole. No
/// lock and no backup: for exports and recovery files.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    replace(&RealIo, path, bytes, false)
}

/// Turns the error of one step of saving `target` into a [`SaveError`].
fn failed(target: &Path, step: SaveStep) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |source| SaveError {
        path: target.to_path_buf(),
        step,
        source,
    }
}

/// Replaces `target` with `bytes` through a temp file; with `backup`, the version it replaces is
/// kept as `<target>.bak` first. On error the temp file is gone and `target` is untouched
/// (except after [`SaveStep::SyncFolder`], where the new version is already in place, whole).
pub(crate) fn replace(
    io: &dyn SaveIo,
    target: &Path,
    bytes: &[u8],
    backup: bool,
) -> Result<(), SaveError> {
    let fail = |step| failed(target, step);
    let temp = write_temp(io, target, bytes)?;
    let cleanup = |error: SaveError| {
        let _ = fs::remove_file(&temp);
        error
    };
    if backup && target.exists() {
        io.keep_backup(target, &super::backup_path(target))
            .map_err(fail(SaveStep::Backup))
            .map_err(cleanup)?;
    }
    io.rename(&temp, target)
        .map_err(fail(SaveStep::Rename))
        .map_err(cleanup)?;
    io.sync_folder(folder_of(target))
        .map_err(fail(SaveStep::SyncFolder))
}

/// Writes `bytes` to `target`, which must not exist yet: fails with an `AlreadyExists` source
/// at [`SaveStep::Rename`] if another file took the name first.
pub(crate) fn create_new(io: &dyn SaveIo, target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let fail = |step| failed(target, step);
    let temp = write_temp(io, target, bytes)?;
    let claimed = io.claim(&temp, target).map_err(fail(SaveStep::Rename));
    let _ = fs::remove_file(&temp);
    claimed?;
    io.sync_folder(folder_of(target))
        .map_err(fail(SaveStep::SyncFolder))
}

/// Creates, writes and flushes a temp file beside `target`; removes it again on failure.
fn write_temp(io: &dyn SaveIo, target: &Path, bytes: &[u8]) -> Result<PathBuf, SaveError> {
    let fail = |step| failed(target, step);
    let temp = temp_path(target);
    let mut file = io.create_temp(&temp).map_err(fail(SaveStep::CreateTemp))?;
    let written = io
        .write(&mut file, bytes)
        .map_err(fail(SaveStep::Write))
        .and_then(|()| io.sync_file(&file).map_err(fail(SaveStep::SyncFile)));
    drop(file);
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    Ok(temp)
}

/// The folder a file is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A fresh temp name beside `target`: `.<name>.<pid>-<n>.tmp`. Hidden, and never `*.json`, so
/// listings skip it.
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(format!(".{}-{n}.tmp", std::process::id()));
    folder_of(target).join(name)
}

/// Whether `file_name` is a temp file made by [`temp_path`] for a target named `target_name`.
pub(crate) fn is_temp_of(file_name: &str, target_name: &str) -> bool {
    parse_temp_name(file_name).is_some_and(|(target, _)| target == target_name)
}

/// The target name and process id in a temp file name made by [`temp_path`], or `None` for
/// any other name.
pub(crate) fn parse_temp_name(file_name: &str) -> Option<(&str, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, numbers) = rest.rsplit_once('.')?;
    let (pid, n) = numbers.split_once('-')?;
    let is_number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if target.is_empty() || !is_number(pid) || !is_number(n) {
        return None;
    }
    Some((target, pid.parse().ok()?))
}

/// Creates a new file readable and writable by the user only. If its folder is gone (deleted
/// while the app runs), the folder is made again (0700) first.
fn create_private(path: &Path) -> io::Result<File> {
    let open = || {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY);
        }
        options.open(path)
    };
    match open() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            create_private_dir(folder_of(path))?;
            open()
        }
        result => result,
    }
}

/// Creates a folder and any missing parents, each readable by the user only (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Keeps `current` as `backup`: a hard link to a temp name renamed over the backup, or a copy
/// where the file system has no hard links. The old backup stays until the new one is whole.
fn keep_backup(current: &Path, backup: &Path) -> io::Result<()> {
    backup_by_link(current, backup).or_else(|_| backup_by_copy(current, backup))
}

fn backup_by_link(current: &Path, backup: &Path) -> io::Result<()> {
    let temp = temp_path(backup);
    fs::hard_link(current, &temp)?;
    let renamed = fs::rename(&temp, backup);
    // A rename between two links to one file (the backup already is the current version,
    // after a save that failed later on) succeeds without moving anything: drop the temp
    // name in every case. The name is this process's own, so nothing else is removed.
    let _ = fs::remove_file(&temp);
    renamed
}

fn backup_by_copy(current: &Path, backup: &Path) -> io::Result<()> {
    let temp = temp_path(backup);
    let copied = (|| {
        let mut to = create_private(&temp)?;
        let (mut from, _) = super::files::open_to_read(current)
            .map_err(|refusal| refusal.into_io("a session file"))?;
        io::copy(&mut from, &mut to)?;
        to.sync_all()?;
        drop(to);
        fs::rename(&temp, backup)
    })();
    if copied.is_err() {
        let _ = fs::remove_file(&temp);
    }
    copied
}

/// Moves `from` to `to` only if `to` does not exist, atomically where hard links work. Where
/// they do not, the name is claimed with an exclusive create and then renamed over.
fn claim(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) => {
            drop(create_private(to)?);
            fs::rename(from, to)
        }
    }
}

/// Flushes a folder. A file system that cannot flush a folder (some network shares and FUSE
/// file systems answer ENOTSUP or EINVAL) has nothing more to flush: the file itself was
/// flushed in full before the rename (on macOS `sync_all` is `F_FULLFSYNC`).
#[cfg(unix)]
fn sync_folder(dir: &Path) -> io::Result<()> {
    not_supported_is_done(File::open(dir).and_then(|folder| folder.sync_all()))
}

/// A folder flush the file system does not support counts as done.
#[cfg(unix)]
fn not_supported_is_done(flushed: io::Result<()>) -> io::Result<()> {
    match flushed {
        Err(error)
            if error.kind() == io::ErrorKind::Unsupported
                || error.raw_os_error().is_some_and(|code| {
                    code == libc::ENOTSUP || code == libc::EOPNOTSUPP || code == libc::EINVAL
                }) =>
        {
            Ok(())
        }
        flushed => flushed,
    }
}

/// How often, and how long apart, a rename is tried while another program holds the file.
const RENAME_TRIES: u32 = 10;
const RENAME_WAIT: std::time::Duration = std::time::Duration::from_millis(20);

fn rename_retrying(from: &Path, to: &Path) -> io::Result<()> {
    retrying(|| fs::rename(from, to), held_by_another_program)
}

/// Runs `op`, and again (up to [`RENAME_TRIES`] times in all, waiting a little longer each
/// time) while it fails in a way `transient` says will pass.
fn retrying(
    mut op: impl FnMut() -> io::Result<()>,
    transient: fn(&io::Error) -> bool,
) -> io::Result<()> {
    let mut tries = 1;
    loop {
        match op() {
            Err(error) if transient(&error) && tries < RENAME_TRIES => {
                std::thread::sleep(RENAME_WAIT * tries);
                tries += 1;
            }
            done => return done,
        }
    }
}

/// Windows: an antivirus or indexer holding the file open (access denied, sharing or lock
/// violation) lets go within moments.
#[cfg(windows)]
fn held_by_another_program(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

/// Elsewhere a rename is not refused for another program having the file open.
#[cfg(not(windows))]
fn held_by_another_program(_error: &io::Error) -> bool {
    false
}

/// Windows has no way to flush a folder; a rename there is flushed with the file system.
#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_for_their_target_only() {
        let temp = temp_path(Path::new("dir/2026-11-23-north.json"));
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert!(is_temp_of(name, "2026-11-23-north.json"));
        assert!(!is_temp_of(name, "2026-11-23-north"));
        assert!(!is_temp_of(name, "2026-11-23-north.json.bak"));
        assert!(!is_temp_of(".a.json.recovery.1-2.tmp", "a.json"));
        assert!(!is_temp_of(".a.json.1-2.tmp.x", "a.json"));
        assert!(!is_temp_of(".a.json.1-.tmp", "a.json"));
    }

    #[test]
    fn backup_by_copy_replaces_the_old_backup_whole() {
        let dir = tempfile::tempdir().unwrap();
        let current = dir.path().join("a.json");
        let backup = dir.path().join("a.json.bak");
        fs::write(&current, b"new").unwrap();
        fs::write(&backup, b"old old old").unwrap();
        backup_by_copy(&current, &backup).unwrap();
        assert_eq!(fs::read(&backup).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&backup).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn temp_names_give_their_target_and_process() {
        assert_eq!(parse_temp_name(".a.json.12-3.tmp"), Some(("a.json", 12)));
        assert_eq!(parse_temp_name(".r-1.md.7-0.tmp"), Some(("r-1.md", 7)));
        assert_eq!(parse_temp_name("..12-3.tmp"), None);
        assert_eq!(parse_temp_name(".a.json.12.tmp"), None);
        assert_eq!(parse_temp_name("a.json.12-3.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_flush_the_file_system_cannot_do_is_not_a_failed_save() {
        for code in [libc::ENOTSUP, libc::EOPNOTSUPP, libc::EINVAL] {
            assert!(not_supported_is_done(Err(io::Error::from_raw_os_error(code))).is_ok());
        }
        for code in [libc::EIO, libc::ENOSPC, libc::EACCES] {
            assert!(not_supported_is_done(Err(io::Error::from_raw_os_error(code))).is_err());
        }
    }

    #[test]
    fn a_rename_held_up_by_another_program_is_tried_again_briefly() {
        let mut calls = 0;
        let done = retrying(
            || {
                calls += 1;
                if calls < 3 {
                    Err(io::Error::from(io::ErrorKind::PermissionDenied))
                } else {
                    Ok(())
                }
            },
            |e| e.kind() == io::ErrorKind::PermissionDenied,
        );
        assert!(done.is_ok());
        assert_eq!(calls, 3);
        let mut calls = 0;
        let failed = retrying(
            || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            },
            |e| e.kind() == io::ErrorKind::PermissionDenied,
        );
        assert!(failed.is_err());
        assert_eq!(calls, RENAME_TRIES);
        let mut calls = 0;
        let _ = retrying(
            || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::NotFound))
            },
            |e| e.kind() == io::ErrorKind::PermissionDenied,
        );
        assert_eq!(calls, 1, "other errors are not tried again");
    }

    #[test]
    fn claim_never_replaces_a_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from");
        let to = dir.path().join("to");
        fs::write(&from, b"mine").unwrap();
        fs::write(&to, b"theirs").unwrap();
        let error = claim(&from, &to).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&to).unwrap(), b"theirs");
    }
}
