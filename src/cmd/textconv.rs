//! `smpolicy textconv`: for git, the rendered policy of the organisation a YAML file
//! belongs to.

use std::path::{Path, PathBuf};

use smpolicy::diagnostics::SourceSet;
use smpolicy::render::templates::TemplateSet;

use super::{Exit, emit, refuse, templates_dir};

pub(crate) fn run(file: &Path, src: &Path, templates: Option<PathBuf>) -> Exit {
    let set = TemplateSet::with_overrides(templates_dir(templates, src).as_deref())
        .unwrap_or_else(|_| TemplateSet::builtin());
    match smpolicy::audit::textconv::textconv(file, src, &set) {
        Ok(text) => {
            emit(&text);
            Exit::Ok
        }
        Err(d) => refuse(d, &SourceSet::default()),
    }
}
