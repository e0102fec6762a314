//! Writing outputs: all or nothing.
//!
//! Every file is first written beside its target under a temporary name; only when all of
//! them are on disk are they renamed into place. A failure removes the temporary files, so
//! `out/` never holds half a build.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A file to write, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

fn temp_name(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-smpolicy-{}", std::process::id()));
    target.with_file_name(name)
}

/// Writes `artifacts` under `out`, atomically per file and all-or-nothing for the set.
pub fn write_all(out: &Path, artifacts: &[Artifact]) -> Result<(), Diagnostic> {
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |written: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for a in artifacts {
        let target = out.join(&a.path);
        let tmp = temp_name(&target);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, &a.bytes));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&written);
            return Err(Diagnostic::error(
                "io",
                format!("cannot write `{}`: {e}", target.display()),
            )
            .hint("check that the output folder is writable and the disk is not full; nothing was changed"));
        }
        written.push((tmp, target));
    }
    for (i, (tmp, target)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            cleanup(&written[i..]);
            return Err(Diagnostic::error(
                "io",
                format!("cannot move `{}` into place: {e}", target.display()),
            ));
        }
    }
    Ok(())
}
