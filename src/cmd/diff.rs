//! `smpolicy diff`: compares two versions of the policy.

use std::path::Path;

use smpolicy::audit;
use smpolicy::compile;
use smpolicy::diagnostics::{Diagnostic, SourceSet};
use smpolicy::render::templates::TemplateSet;

use super::args::{DiffFormat, Format};
use super::{Exit, emit, print_diags, refuse, summary_line, templates_dir};

/// One side of a diff: a folder, or the source folder at a git revision (read in memory).
fn diff_side(arg: &str, src: &Path, set: &TemplateSet) -> Result<compile::Checked, Exit> {
    let path = Path::new(arg);
    let mut checked = if path.is_dir() {
        compile::check_with(path, set, false)
    } else {
        match smpolicy::git::snapshot(arg, src) {
            Ok(s) => compile::check_snapshot(&s, set),
            Err(d) => return Err(refuse(d, &SourceSet::default())),
        }
    };
    print_diags(&mut checked.diags, &checked.sources, Format::Human);
    if checked.has_errors() {
        eprintln!(
            "{arg}: {}; cannot compare a source with errors",
            summary_line(&checked.diags)
        );
        return Err(Exit::Environment);
    }
    Ok(checked)
}

pub(crate) fn run(
    old: &str,
    new: &str,
    src: &Path,
    format: DiffFormat,
    scope: audit::diff::Scope,
) -> Exit {
    // The policies are compared, not rendered: the built-in templates are enough to check
    // them, read once for both sides.
    let set = TemplateSet::builtin();
    let old_checked = match diff_side(old, src, &set) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let new_checked = match diff_side(new, src, &set) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    fn sides(c: &compile::Checked) -> Vec<audit::diff::Side<'_>> {
        c.orgs
            .iter()
            .map(|o| audit::diff::Side {
                slug: &o.slug,
                policy: &o.policy,
            })
            .collect()
    }
    let diffs = audit::diff::compare(&sides(&old_checked), &sides(&new_checked), scope);
    match format {
        DiffFormat::Json => emit(&audit::diff::json(&diffs)),
        DiffFormat::Markdown => {
            let lang = new_checked
                .orgs
                .first()
                .map_or("it".to_string(), |o| o.policy.main_language().to_string());
            let labels = match diff_labels(&lang, src) {
                Ok(l) => l,
                Err(d) => return refuse(d, &SourceSet::default()),
            };
            let words = smpolicy::changes::Words {
                labels: &labels,
                lang: &lang,
                show_ids: true,
            };
            emit(&audit::diff::markdown(&diffs, &words));
        }
    }
    if audit::diff::all_equal(&diffs) {
        Exit::Ok
    } else {
        Exit::Policy
    }
}

/// The labels of the built-in templates (or the project's own, beside `src`).
fn diff_labels(lang: &str, src: &Path) -> Result<smpolicy::labels::Labels, Diagnostic> {
    let set = TemplateSet::with_overrides(templates_dir(None, src).as_deref())
        .unwrap_or_else(|_| TemplateSet::builtin());
    let engine = smpolicy::render::markdown::Engine::new(&set)?;
    engine.words_or_error(lang).cloned()
}
