//! Reading a version of the source from git: `smpolicy diff v1.0 HEAD`.
//!
//! The YAML files under the source folder at a revision are read into memory, never written
//! to disk: one `git ls-tree` lists them, one `git cat-file --batch-check` gives their sizes
//! (a file larger than a policy file may be is refused before it is read) and one
//! `git cat-file --batch` reads them all, so no archive tool is needed and the work tree is
//! never touched. A tree with a name git's own commands never make (`..`, an absolute path)
//! or with a link or a submodule is refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostics::Diagnostic;

/// Most bytes of YAML read from one revision, all files together: a few organisations'
/// policies are well under a megabyte.
pub const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024;

/// A source folder as it was at a revision, held in memory.
#[derive(Debug)]
pub struct Snapshot {
    /// How messages name the source folder: `<revision>:<folder from the repository top>`,
    /// such as `v1.0:policy-src`.
    pub src: PathBuf,
    /// The commit the revision names.
    pub commit: String,
    /// The YAML files under the source folder: path relative to it, and content.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

fn git_in(cwd: &Path, args: &[&str]) -> Result<std::process::Output, Diagnostic> {
    let cwd = if cwd.as_os_str().is_empty() {
        Path::new(".")
    } else {
        cwd
    };
    Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error("git", "git is not installed, so revisions cannot be read")
                    .hint("install git, or give two folders instead of revisions")
            } else {
                Diagnostic::error("git", format!("cannot run git: {e}"))
            }
        })
}

fn stdout_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The source folder `src` (relative to the current folder) at revision `rev`.
pub fn snapshot(rev: &str, src: &Path) -> Result<Snapshot, Diagnostic> {
    snapshot_in(Path::new("."), rev, src)
}

/// The folder `src` (relative to `cwd`, in the repository that holds `cwd`) at `rev`.
pub fn snapshot_in(cwd: &Path, rev: &str, src: &Path) -> Result<Snapshot, Diagnostic> {
    let git = |args: &[&str]| git_in(cwd, args);
    if rev.starts_with('-') {
        return Err(Diagnostic::error(
            "git",
            format!("`{rev}` is neither a folder nor a git revision"),
        ));
    }
    let verify = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])?;
    if !verify.status.success() {
        let inside = git(&["rev-parse", "--is-inside-work-tree"])?;
        let hint = if inside.status.success() {
            "give an existing folder, or a revision such as a tag (`v1.0`), a branch or `HEAD~1`; `git tag` lists the tags"
        } else {
            "this folder is not in a git repository: run smpolicy from the repository, or give two folders"
        };
        return Err(Diagnostic::error(
            "git",
            format!("`{rev}` is neither a folder nor a git revision"),
        )
        .hint(hint));
    }
    let commit = stdout_line(&verify);
    let prefix = stdout_line(&git(&["rev-parse", "--show-prefix"])?);
    let src_str = src.to_string_lossy().replace('\\', "/");
    let src_str = src_str.trim_start_matches("./").trim_end_matches('/');
    let listing = git(&["ls-tree", "-r", "-z", "--full-name", &commit, "--", src_str])?;
    if !listing.status.success() {
        return Err(Diagnostic::error(
            "git",
            format!(
                "cannot list `{}` at `{}`: {}",
                printable(src_str),
                printable(rev),
                printable(String::from_utf8_lossy(&listing.stderr).trim())
            ),
        ));
    }
    let entries = parse_listing(&listing.stdout, rev)?;
    if entries.is_empty() {
        let shown = if src_str == "." || src_str.is_empty() {
            cwd.display().to_string()
        } else {
            src_str.to_string()
        };
        return Err(Diagnostic::error(
            "git",
            format!(
                "`{}` does not exist at `{}`",
                printable(&shown),
                printable(rev)
            ),
        )
        .hint(
            "give the source folder inside the repository with --src, for example --src policy-src",
        ));
    }
    // Only the YAML files are read; their sizes are asked first, so that a huge blob is
    // refused before a byte of it is read.
    let yaml: Vec<&Entry> = entries.iter().filter(|e| is_yaml(&e.path)).collect();
    let oids: Vec<&str> = yaml.iter().map(|e| e.oid.as_str()).collect();
    let sizes = batch(cwd, "--batch-check", &oids, rev)?;
    for (entry, (_, size)) in yaml.iter().zip(&sizes) {
        if *size > crate::load::MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                "git",
                format!(
                    "`{}` at `{}` is {size} bytes; a policy file may be at most {} bytes",
                    printable(&entry.path),
                    printable(rev),
                    crate::load::MAX_FILE_BYTES
                ),
            )
            .hint("a policy is a few hundred lines: that revision holds a file that is not a policy; name another revision"));
        }
    }
    let total: u64 = sizes.iter().map(|(_, size)| size).sum();
    if total > MAX_SNAPSHOT_BYTES {
        return Err(Diagnostic::error(
            "git",
            format!(
                "the YAML files under `{}` at `{}` are {total} bytes in all; smpolicy reads at most {MAX_SNAPSHOT_BYTES}",
                printable(src_str),
                printable(rev)
            ),
        )
        .hint("that revision holds far more than policies: give the source folder with --src, or name another revision"));
    }
    let blobs = batch(cwd, "--batch", &oids, rev)?;
    let Some(rel) = inside(&prefix, src_str) else {
        return Err(Diagnostic::error(
            "git",
            format!("`{}` is outside the repository", printable(src_str)),
        )
        .hint("give a source folder inside the repository, for example --src policy-src"));
    };
    let files = yaml
        .iter()
        .zip(blobs)
        .filter_map(|(entry, (content, _))| {
            let path = Path::new(&entry.path).strip_prefix(&rel).ok()?;
            Some((path.to_path_buf(), content))
        })
        .collect();
    Ok(Snapshot {
        src: PathBuf::from(format!("{rev}:{}", rel.display())),
        commit,
        files,
    })
}

/// `prefix/src` as a path from the top of the repository with `..` resolved, or `None` when
/// it would climb above the top.
fn inside(prefix: &str, src: &str) -> Option<PathBuf> {
    let mut parts: Vec<&str> = Vec::new();
    for c in prefix.split('/').chain(src.split('/')) {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.iter().collect())
}

/// One file of a tree listing: a regular blob with a safe relative path.
#[derive(Debug)]
struct Entry {
    oid: String,
    path: String,
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// Escapes what could act on a terminal (control characters, bidi overrides) in a name that
/// comes from a repository.
fn printable(s: &str) -> String {
    crate::diagnostics::printable(s)
}

/// Reads `git ls-tree -r -z` output. Refuses, for the whole revision, any entry that is not
/// a regular file (symbolic links 120000, submodules 160000) or whose path is not a plain
/// relative path (`..` or `.` components, an absolute path, a backslash, an empty component):
/// git's own commands never make such trees, and writing them out could reach outside the
/// temporary folder.
fn parse_listing(stdout: &[u8], rev: &str) -> Result<Vec<Entry>, Diagnostic> {
    let refuse = |path: &str, why: &str| {
        Diagnostic::error(
            "git",
            format!(
                "the revision `{}` holds `{}`, {why}: smpolicy does not read it",
                printable(rev),
                printable(path)
            ),
        )
        .hint("that tree was not made by an ordinary `git add`; name another revision, or remove the entry in a new commit")
    };
    let mut entries = Vec::new();
    for record in stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((head, path)) = record.split_once('\t') else {
            return Err(refuse(&record, "a listing git did not write as expected"));
        };
        let mut fields = head.split(' ');
        let (mode, oid) = match (fields.next(), fields.next(), fields.next()) {
            (Some(mode), Some(_kind), Some(oid)) => (mode, oid),
            _ => return Err(refuse(path, "a listing git did not write as expected")),
        };
        let unsafe_path = path.starts_with('/')
            || path.contains('\\')
            || path
                .split('/')
                .any(|c| c.is_empty() || c == "." || c == "..");
        if unsafe_path {
            return Err(refuse(
                path,
                "a name with `..`, `.`, an empty part or an absolute path",
            ));
        }
        match mode {
            "100644" | "100755" => {}
            "120000" => return Err(refuse(path, "a symbolic link")),
            "160000" => return Err(refuse(path, "a submodule")),
            _ => return Err(refuse(path, "not a regular file")),
        }
        if !oid.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refuse(path, "a listing git did not write as expected"));
        }
        entries.push(Entry {
            oid: oid.to_string(),
            path: path.to_string(),
        });
    }
    Ok(entries)
}

/// Runs ONE `git cat-file --batch-check` or `--batch` for all of `oids`. Returns, per object
/// in order, its content (empty for `--batch-check`) and its size.
fn batch(
    cwd: &Path,
    mode: &str,
    oids: &[&str],
    rev: &str,
) -> Result<Vec<(Vec<u8>, u64)>, Diagnostic> {
    use std::io::{BufRead, Read, Write};
    use std::process::Stdio;
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let cwd = if cwd.as_os_str().is_empty() {
        Path::new(".")
    } else {
        cwd
    };
    let failed = |what: String| {
        Diagnostic::error(
            "git",
            format!("cannot read the files of `{}`: {what}", printable(rev)),
        )
    };
    let mut child = Command::new("git")
        .args(["cat-file", mode])
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no pipe to git".into()))?;
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| failed("no pipe from git".into()))?;
    let mut reader = std::io::BufReader::new(stdout);
    let mut out = Vec::with_capacity(oids.len());
    for _ in oids {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| failed(e.to_string()))?;
        // `<oid> blob <size>`, or `<oid> missing`.
        let mut fields = header.split_whitespace().skip(1);
        let (kind, size) = (
            fields.next(),
            fields.next().and_then(|s| s.parse::<u64>().ok()),
        );
        let (Some("blob"), Some(size)) = (kind, size) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(failed(format!(
                "git answered `{}`",
                printable(header.trim())
            )));
        };
        let mut content = Vec::new();
        if mode == "--batch" {
            // Sizes were checked with `--batch-check` before: at most MAX_FILE_BYTES each.
            let mut limited = (&mut reader).take(size.min(crate::load::MAX_FILE_BYTES) + 1);
            limited
                .read_to_end(&mut content)
                .map_err(|e| failed(e.to_string()))?;
            if content.len() as u64 != size + 1 {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed("git wrote less than it announced".into()));
            }
            content.pop();
        }
        out.push((content, size));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
