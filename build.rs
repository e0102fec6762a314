//! Records the commit smpolicy is built from, for `smpolicy --version` and the generator
//! field of `policy.json`.
//!
//! The commit is read with git only when this folder is the top of its own git work tree:
//! a copy unpacked inside another repository (a vendored tarball) must not take that
//! repository's commit. Without git, or outside a work tree, the version is the crate's
//! version alone. `SMPOLICY_COMMIT` set in the environment (for a packager building from a
//! tarball) is taken as it is.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// A commit id or date as git prints them: nothing else may reach the version string.
fn clean(s: String) -> Option<String> {
    s.bytes()
        .all(|b| b.is_ascii_hexdigit() || b == b'-')
        .then_some(s)
}

fn main() {
    println!("cargo:rerun-if-env-changed=SMPOLICY_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();

    let from_env = std::env::var("SMPOLICY_COMMIT")
        .ok()
        .and_then(clean)
        .map(|c| (c, None));
    let from_git = || {
        let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same(Path::new(&top), &dir) {
            return None;
        }
        // Build again when HEAD moves: a commit, a checkout. Only paths that exist: cargo
        // runs the script again at every build for a path that does not. A branch whose
        // ref is packed gets a file of its own at its next commit, in the folder watched.
        let head = git(&dir, &["rev-parse", "--git-path", "HEAD"]).map(PathBuf::from);
        let branch = git(&dir, &["rev-parse", "--symbolic-full-name", "HEAD"])
            .and_then(|r| git(&dir, &["rev-parse", "--git-path", &r]))
            .map(PathBuf::from)
            .map(|p| {
                if p.exists() {
                    p
                } else {
                    p.parent().map(Path::to_path_buf).unwrap_or(p)
                }
            });
        let packed = git(&dir, &["rev-parse", "--git-path", "packed-refs"]).map(PathBuf::from);
        for path in [head, branch, packed].into_iter().flatten() {
            let path = if path.is_relative() {
                dir.join(path)
            } else {
                path
            };
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let commit = git(&dir, &["rev-parse", "--short=12", "HEAD"]).and_then(clean)?;
        let date = git(&dir, &["log", "-1", "--format=%cs", "HEAD"]).and_then(clean);
        Some((commit, date))
    };
    let long = match from_env.or_else(from_git) {
        Some((commit, Some(date))) => format!("{version} ({commit} {date})"),
        Some((commit, None)) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=SMPOLICY_LONG_VERSION={long}");
}
