//! The pipeline: load every organisation, check all of them, and only then render.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::load;
use crate::model::{Date, Policy};
use crate::render::markdown::Engine;
use crate::render::output::{self, Artifact};
use crate::render::templates::TemplateSet;
use crate::render::{self, Meta};
use crate::validate::{self, lints};

/// A checked organisation.
#[derive(Debug)]
pub struct Org {
    /// Folder name, and the name of its output folder.
    pub slug: String,
    pub dir: PathBuf,
    pub policy: Policy,
}

/// What `check` found: the organisations that could be read, every source text, and every
/// diagnostic.
#[derive(Debug, Default)]
pub struct Checked {
    pub orgs: Vec<Org>,
    pub sources: SourceSet,
    pub diags: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Loads and checks every organisation under `src`. Writes nothing. `review-overdue` runs only
/// when `SOURCE_DATE_EPOCH` is set: outputs never depend on the clock.
pub fn check(src: &Path, templates: &TemplateSet) -> Checked {
    check_with(src, templates, lints::today(false))
}

/// Like [`check`], with the date `review-overdue` compares against (none: skip that lint).
pub fn check_with(src: &Path, templates: &TemplateSet, today: Option<Date>) -> Checked {
    let mut checked = Checked::default();
    let dirs = match load::find_orgs(src) {
        Ok(d) => d,
        Err(d) => {
            checked.diags.push(d);
            return checked;
        }
    };
    for dir in dirs {
        let mut diags = Vec::new();
        let org = load::load_org(&dir, &mut checked.sources, &mut diags);
        if let Some(policy) = check_org(org, &checked.sources, Some(templates), today, &mut diags) {
            checked.orgs.push(Org {
                slug: dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                dir: dir.clone(),
                policy,
            });
        }
        checked.diags.extend(diags);
    }
    checked
}

/// Merges, resolves and lints one loaded organisation. `None` when its files could not be
/// read cleanly or merged.
fn check_org(
    org: load::OrgSource,
    sources: &SourceSet,
    templates: Option<&TemplateSet>,
    today: Option<Date>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Policy> {
    if diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    let policy = validate::merge(org, sources, diags)?;
    validate::check_references(&policy, sources, diags);
    lints::lint(&policy, sources, today, diags);
    if let Some(templates) = templates {
        for lang in &policy.languages {
            if !templates.has_language(lang.value.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "no-templates",
                        format!("there are no templates for the language `{}`", lang.value),
                    )
                    .at(sources.locate(lang.pos))
                    .hint(format!(
                        "add templates/{0}/external.md.tera, internal.md.tera, page.html.tera and labels.yaml to your project, or remove `{0}` from `languages`",
                        lang.value
                    )),
                );
            }
        }
    }
    Some(policy)
}

/// Loads and checks one policy file held in memory, as if it were the only file of an
/// organisation: the entry point of the fuzz target. Never panics, whatever the input.
pub fn check_str(yaml: &str, today: Option<Date>) -> (SourceSet, Vec<Diagnostic>) {
    let mut sources = SourceSet::default();
    let mut diags = Vec::new();
    let dir = PathBuf::from("memory");
    let path = dir.join("policy.yaml");
    let files = load::parse_text(&path, yaml, &mut sources, &mut diags)
        .into_iter()
        .collect();
    let org = load::OrgSource {
        slug: "memory".to_string(),
        dir,
        files,
    };
    let _ = check_org(org, &sources, None, today, &mut diags);
    (sources, diags)
}

/// Renders every organisation's artifacts, in parallel, in a stable order.
pub fn render_all(orgs: &[Org], templates: &TemplateSet) -> Result<Vec<Artifact>, Diagnostic> {
    let engine = Engine::new(templates)?;
    let css = templates.get("style.css").unwrap_or_default();
    let meta = Meta {
        fingerprint: String::new(),
        generator: format!("smpolicy {}", env!("CARGO_PKG_VERSION")),
    };
    let per_org: Vec<Result<Vec<Artifact>, Diagnostic>> = orgs
        .par_iter()
        .map(|org| render::org_artifacts(&org.slug, &org.policy, &engine, css, &meta))
        .collect();
    let mut all = Vec::new();
    for r in per_org {
        all.extend(r?);
    }
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

/// Writes the artifacts under `out`, all or nothing.
pub fn write(out: &Path, artifacts: &[Artifact]) -> Result<(), Diagnostic> {
    output::write_all(out, artifacts)
}
