//! Reading a version of the source from git: `smpolicy diff v1.0 HEAD`.
//!
//! The files under the source folder at a revision are written into a temporary folder
//! (removed when the returned [`Snapshot`] is dropped) with `git ls-tree` and
//! `git cat-file`, so no archive tool is needed and the work tree is never touched.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostics::Diagnostic;

/// A source folder as it was at a revision.
pub struct Snapshot {
    _dir: tempfile::TempDir,
    /// The source folder inside the temporary folder.
    pub src: PathBuf,
    /// The commit the revision names.
    pub commit: String,
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
    let listing = git(&[
        "ls-tree",
        "-r",
        "-z",
        "--full-name",
        "--name-only",
        &commit,
        "--",
        src_str,
    ])?;
    if !listing.status.success() {
        return Err(Diagnostic::error(
            "git",
            format!(
                "cannot list `{src_str}` at `{rev}`: {}",
                String::from_utf8_lossy(&listing.stderr).trim()
            ),
        ));
    }
    let names: Vec<String> = listing
        .stdout
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    if names.is_empty() {
        let shown = if src_str == "." || src_str.is_empty() {
            cwd.display().to_string()
        } else {
            src_str.to_string()
        };
        return Err(Diagnostic::error(
            "git",
            format!("`{shown}` does not exist at `{rev}`"),
        )
        .hint("give the source folder inside the repository with --src, for example --src policy-src"));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| Diagnostic::error("io", format!("cannot create a temporary folder: {e}")))?;
    for name in &names {
        let blob = git(&["cat-file", "blob", &format!("{commit}:{name}")])?;
        if !blob.status.success() {
            return Err(Diagnostic::error(
                "git",
                format!("cannot read `{name}` at `{rev}`"),
            ));
        }
        let target = dir.path().join(name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error("io", format!("cannot write a temporary file: {e}"))
            })?;
        }
        std::fs::write(&target, &blob.stdout)
            .map_err(|e| Diagnostic::error("io", format!("cannot write a temporary file: {e}")))?;
    }
    let src_dir = dir.path().join(&prefix).join(src_str);
    Ok(Snapshot {
        _dir: dir,
        src: src_dir,
        commit,
    })
}
