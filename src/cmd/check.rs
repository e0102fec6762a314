//! `smpolicy check`: checks every organisation and writes nothing.

use std::path::{Path, PathBuf};

use smpolicy::compile::CheckOptions;
use smpolicy::diagnostics::SourceSet;
use smpolicy::validate::lints;

use super::args::Format;
use super::{Exit, failure, print_diags, progress, summary_line, template_set};

pub(crate) fn run(
    src: &Path,
    format: Format,
    deny_warnings: bool,
    templates: Option<PathBuf>,
) -> Exit {
    let set = match template_set(templates, src, format) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    // `check` may read the clock for `review-overdue` (SOURCE_DATE_EPOCH wins);
    // `build` never does, so its output depends on its inputs only.
    let mut checked = smpolicy::pipeline::check(
        src,
        &set,
        CheckOptions {
            resolve_previous: true,
            lints: true,
            today: lints::today(true),
        },
        &progress(),
    );
    print_diags(&mut checked.diags, &SourceSet::default(), format);
    let exit = failure(&checked.diags, deny_warnings);
    if format == Format::Human {
        for path in &checked.files {
            detail!("read {}", path.display());
        }
        super::say_absent_documents(&checked.absent);
        say!(
            "{}: {} organisation(s) checked, {}",
            src.display(),
            checked.checked,
            summary_line(&checked.diags)
        );
    }
    exit.unwrap_or(Exit::Ok)
}
