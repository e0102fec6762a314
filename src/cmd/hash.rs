//! `smpolicy hash`: the fingerprint of each organisation's source.

use std::path::{Path, PathBuf};

use super::{Exit, checked_source, refuse};

pub(crate) fn run(src: &Path, templates: Option<PathBuf>) -> Exit {
    let (set, checked) = match checked_source(src, templates, Exit::Policy) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    for org in &checked.orgs {
        match smpolicy::bundle::fingerprint(&org.policy, org.previous.as_ref(), &set) {
            Ok(fp) => outln!("{} {fp}", org.slug),
            Err(d) => return refuse(d, &checked.sources),
        }
    }
    Exit::Ok
}
