//! Small file-system helpers shared by every place that reads or writes a file: read a
//! regular file only (never block on a FIFO or a device), create a file without following a
//! link, swap two folders in one step.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why [`read_regular`] refused a file.
#[derive(Debug)]
pub enum ReadError {
    /// The path could not be opened or read.
    Io(io::Error),
    /// A folder, pipe (FIFO), socket or device: reading it could block forever or never end.
    NotRegular,
    /// Larger than the limit given; the size in bytes.
    TooLarge(u64),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular => {
                f.write_str("it is not a regular file (a folder, pipe, socket or device)")
            }
            ReadError::TooLarge(n) => write!(f, "it is {n} bytes, more than smpolicy reads"),
        }
    }
}

/// Opens `path` for reading without blocking: a FIFO opened for reading waits for a writer,
/// so on Linux the file is opened with `O_NONBLOCK` and checked before anything is read.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// Reads `path` when it is a regular file (a link to one is followed) of at most `max`
/// bytes. A FIFO, socket, device or folder is refused before a byte is read, so a reader
/// never hangs on a pipe.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    // Checked by name first (everywhere), then on the open handle (no race with a swap).
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Creates `path` and writes `bytes` to disk (`fsync`). Fails when anything is already
/// there, a link included: the link is never followed.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Whether [`sync_fs`] forces a whole file system to disk in one call (`syncfs` on Linux):
/// then files staged for a build are written without an `fsync` each, and forced to disk
/// all at once before any of them is swapped in. Elsewhere each file is forced as it is
/// written ([`create_new`]).
pub const SYNCS_WHOLE_FS: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// Creates `path` and writes `bytes`, leaving them for [`sync_fs`] to force to disk. Fails
/// when anything is already there, a link included: the link is never followed.
///
/// The writing to disk is started at once, without waiting for it: [`sync_fs`] then finds
/// little left to write, where it used to wait for every file of the build while the
/// processors stood idle (a build of 1,000 organisations writes some 600 MB).
pub fn create_new_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    start_writeback(&file);
    Ok(())
}

/// Asks the system to start writing `file`'s data to disk, and does not wait. On Linux,
/// `POSIX_FADV_DONTNEED` starts the write-back of the file's dirty pages (the pages being
/// written stay in memory). Only advice: an error changes nothing, [`sync_fs`] still
/// forces everything.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn start_writeback(file: &File) {
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn start_writeback(_file: &File) {}

/// Forces everything written to the file system that holds `dir` to disk, data and
/// folders (`syncfs`), when [`SYNCS_WHOLE_FS`]; otherwise nothing is left to force.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn sync_fs(dir: &Path) -> io::Result<()> {
    let folder = File::open(dir)?;
    rustix::fs::syncfs(&folder).map_err(io::Error::from)
}

/// Forces everything written to the file system that holds `dir` to disk, data and
/// folders (`syncfs`), when [`SYNCS_WHOLE_FS`]; otherwise nothing is left to force.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn sync_fs(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Writes a folder's entries to disk (`fsync` on the folder), so a rename into it or out of
/// it survives a power cut.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// True when `path` itself (not what it points to) is a symbolic link.
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Opens (creating it if needed) a file that is never a link: the lock file of `out/`.
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    if is_link(path) {
        return Err(io::Error::other("it is a symbolic link"));
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

/// `path` made absolute with every link resolved, also when its last parts do not exist
/// yet (an output folder a build will create): the longest existing part is resolved and
/// the rest appended.
pub fn resolve(path: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(base) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

/// How [`swap_dirs`] put the new folder in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// One atomic exchange: `new` now holds the old folder.
    Exchanged,
    /// `target` did not exist: `new` was renamed to it.
    Renamed,
}

/// Puts the folder `new` at `target` in one step, where `target` is a folder or absent.
/// On Linux the two are exchanged with `renameat2(RENAME_EXCHANGE)`, so `target` is at every
/// moment either the old folder or the new one, and `new` then holds the old one. Where that
/// call is not available the caller gets `Unsupported` and falls back to two renames.
pub fn swap_dirs(new: &Path, target: &Path) -> io::Result<Swapped> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            rename_no_replace(new, target)?;
            return Ok(Swapped::Renamed);
        }
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    exchange(new, target).map(|()| Swapped::Exchanged)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| {
        let e = io::Error::from(e);
        match e.raw_os_error() {
            // The file system or kernel cannot exchange: the caller falls back.
            Some(code) if code == rustix::io::Errno::INVAL.raw_os_error() => {
                io::Error::new(io::ErrorKind::Unsupported, e)
            }
            Some(code) if code == rustix::io::Errno::NOSYS.raw_os_error() => {
                io::Error::new(io::ErrorKind::Unsupported, e)
            }
            _ => e,
        }
    })
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange of folders on this system",
    ))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_no_replace(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            std::fs::rename(a, b)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_no_replace(a: &Path, b: &Path) -> io::Result<()> {
    std::fs::rename(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(matches!(
            read_regular(&fifo, 1024),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_regular(dir.path(), 1024),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn a_regular_file_is_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.yaml");
        std::fs::write(&f, b"abc").unwrap();
        assert_eq!(read_regular(&f, 3).unwrap(), b"abc");
        assert!(matches!(read_regular(&f, 2), Err(ReadError::TooLarge(3))));
    }

    #[test]
    fn create_new_never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(create_new(&link, b"evil").is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    }

    #[test]
    fn swap_exchanges_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("f"), b"new").unwrap();
        assert_eq!(swap_dirs(&a, &b).unwrap(), Swapped::Renamed);
        assert_eq!(std::fs::read(b.join("f")).unwrap(), b"new");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("f"), b"newer").unwrap();
        match swap_dirs(&a, &b) {
            Ok(s) => {
                assert_eq!(s, Swapped::Exchanged);
                assert_eq!(std::fs::read(b.join("f")).unwrap(), b"newer");
                assert_eq!(std::fs::read(a.join("f")).unwrap(), b"new");
            }
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::Unsupported, "{e}"),
        }
    }
}
