//! `smpolicy build`: checks, then writes the documents of every organisation.

use std::path::{Path, PathBuf};

use smpolicy::compile;
use smpolicy::diagnostics::SourceSet;
use smpolicy::validate::lints;

use super::args::Format;
use super::{Exit, fail, failure, print_diags, progress, refuse, summary_line, template_set};

/// `smpolicy build`: checks every organisation (or those of `--only`), writes nothing on an
/// error, then renders and writes them one after another in parallel (see
/// [`smpolicy::pipeline`]).
pub(crate) fn run(
    src: &Path,
    out: &Path,
    templates: Option<PathBuf>,
    deny_warnings: bool,
    only: &[String],
    mut options: smpolicy::pipeline::BuildOptions,
) -> Exit {
    use smpolicy::pipeline;
    let set = match template_set(templates, src, Format::Human) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let progress = progress();
    let dirs = match pipeline::select(src, only) {
        Ok(d) => d,
        Err(d) => {
            // A name `--only` does not find is a usage error; a source without
            // organisations is as for `check`.
            let exit = fail(d, &SourceSet::default());
            say!("nothing was written");
            return exit;
        }
    };
    let opts = compile::CheckOptions {
        resolve_previous: true,
        lints: true,
        today: lints::today(false),
    };
    let mut checked = pipeline::check_dirs(&dirs, &set, opts, &progress);
    print_diags(&mut checked.diags, &SourceSet::default(), Format::Human);
    if let Some(exit) = failure(&checked.diags, deny_warnings) {
        say!(
            "{}: {}; nothing was written",
            src.display(),
            summary_line(&checked.diags)
        );
        return exit;
    }
    let slugs: Vec<String> = dirs.iter().map(|d| smpolicy::load::slug_of(d)).collect();
    if let Err(d) = compile::check_out_slugs(out, src, &slugs) {
        return refuse(d, &SourceSet::default());
    }
    // A folder of organisations is mirrored into `out/`: the folders of organisations that
    // left it go. One organisation's folder, or `--only`, leaves the others alone.
    options.prune = only.is_empty() && dirs.iter().all(|d| d != src);
    // Files the check found clean and that have not changed are not scanned again.
    options.scanned = std::sync::Arc::clone(&checked.scanned);
    let (written, files) = match pipeline::write(out, &checked.orgs, &set, &options, &progress) {
        Ok(w) => w,
        Err(d) => {
            // The output folder (locked, unwritable) is an I/O matter; a document that
            // cannot be made is the policy's or the templates'.
            let exit = fail(d, &SourceSet::default());
            if exit == Exit::Policy {
                say!("nothing was written");
            }
            return exit;
        }
    };
    super::say_absent_documents(&checked.absent);
    for slug in &written.removed {
        say!(
            "removed {} (the organisation is no longer in {})",
            out.join(slug).display(),
            src.display()
        );
    }
    for f in &written.kept {
        say!("kept {} (not written by smpolicy)", out.join(f).display());
    }
    if smpolicy::term::verbose() {
        // Each organisation's manifest lists the files its folder now holds.
        for slug in &slugs {
            let dir = out.join(slug);
            for f in smpolicy::render::output::read_manifest(&dir).unwrap_or_default() {
                detail!("wrote {}", dir.join(f).display());
            }
        }
    }
    for line in smpolicy::readability::summary(out, &checked.readability) {
        say!("{line}");
    }
    say!(
        "wrote {files} file(s) for {} organisation(s) into {}",
        checked.orgs.len(),
        out.display()
    );
    Exit::Ok
}
