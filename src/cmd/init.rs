//! `smpolicy init`: writes a starter organisation that `check` accepts as it is.

use std::path::{Path, PathBuf};

use smpolicy::diagnostics::SourceSet;
use smpolicy::init::StarterKind;

use super::{Exit, refuse};

pub(crate) fn run(dir: &Path, kind: StarterKind) -> Exit {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match smpolicy::init::run(dir, kind, &cwd, &smpolicy::schema::generate()) {
        Ok(w) => {
            for f in &w.files {
                say!("wrote {}", f.display());
            }
            say!(
                "next: replace the values marked DA SOSTITUIRE, the *.example addresses and the 000 numbers, then run `smpolicy check {}`",
                dir.display()
            );
            Exit::Ok
        }
        Err(d) => refuse(d, &SourceSet::default()),
    }
}
