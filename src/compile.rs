//! The pipeline: load every organisation, check all of them, and only then render.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::audit;
use crate::diagnostics::{Diagnostic, SourceSet};
use crate::load;
use crate::model::Policy;
use crate::render::markdown::Engine;
use crate::render::output::{self, Artifact};
use crate::render::templates::TemplateSet;
use crate::render::{self, Meta};
use crate::validate;

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

/// Loads and checks every organisation under `src`. Writes nothing.
pub fn check(src: &Path, templates: &TemplateSet) -> Checked {
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
        let loaded_cleanly = !diags.iter().any(Diagnostic::is_error);
        if loaded_cleanly && let Some(policy) = validate::merge(org, &checked.sources, &mut diags) {
            validate::check_references(&policy, &checked.sources, &mut diags);
            for lang in &policy.languages {
                if !templates.has_language(lang.value.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            "no-templates",
                            format!("there are no templates for the language `{}`", lang.value),
                        )
                        .at(checked.sources.locate(lang.pos))
                        .hint(format!(
                            "add templates/{0}/external.md.tera, internal.md.tera, page.html.tera and labels.yaml to your project, or remove `{0}` from `languages`",
                            lang.value
                        )),
                    );
                }
            }
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

/// Renders every organisation's artifacts, in parallel, in a stable order.
///
/// Each organisation gets its own fingerprint (see [`audit::fingerprint`]) in
/// [`Meta::fingerprint`], printed by every document, plus the publication bundle:
/// `policy.json` (the public policy), `accounts.json` (the register of official accounts)
/// and, last, `SHA256SUMS` over every other file of `out/<org>/`. A renderer that adds files
/// (the PDF stage) must add them in [`render::org_artifacts`], before the sums are taken.
pub fn render_all(orgs: &[Org], templates: &TemplateSet) -> Result<Vec<Artifact>, Diagnostic> {
    let engine = Engine::new(templates)?;
    let css = templates.get("style.css").unwrap_or_default();
    let per_org: Vec<Result<Vec<Artifact>, Diagnostic>> = orgs
        .par_iter()
        .map(|org| org_bundle(org, templates, &engine, css))
        .collect();
    let mut all = Vec::new();
    for r in per_org {
        all.extend(r?);
    }
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

/// The build facts of one organisation: its fingerprint and the generator.
pub fn meta_for(policy: &Policy, templates: &TemplateSet) -> Result<Meta, Diagnostic> {
    Ok(Meta {
        fingerprint: audit::fingerprint(policy, templates)?,
        generator: format!("smpolicy {}", audit::VERSION),
    })
}

fn org_bundle(
    org: &Org,
    templates: &TemplateSet,
    engine: &Engine,
    css: &str,
) -> Result<Vec<Artifact>, Diagnostic> {
    let meta = meta_for(&org.policy, templates)?;
    let mut artifacts = render::org_artifacts(&org.slug, &org.policy, engine, css, &meta)?;
    let base = PathBuf::from(&org.slug);
    artifacts.push(Artifact {
        path: base.join("policy.json"),
        bytes: audit::policy_json(&org.policy, &meta.fingerprint)?.into_bytes(),
    });
    artifacts.push(Artifact {
        path: base.join("accounts.json"),
        bytes: audit::accounts_json(&org.policy)?.into_bytes(),
    });
    let files: Vec<(String, &[u8])> = artifacts
        .iter()
        .filter_map(|a| {
            let rel = a.path.strip_prefix(&base).ok()?;
            Some((rel.to_string_lossy().replace('\\', "/"), a.bytes.as_slice()))
        })
        .collect();
    let sums = audit::sha256sums(&files);
    artifacts.push(Artifact {
        path: base.join("SHA256SUMS"),
        bytes: sums.into_bytes(),
    });
    Ok(artifacts)
}

/// Writes the artifacts under `out`, all or nothing.
pub fn write(out: &Path, artifacts: &[Artifact]) -> Result<(), Diagnostic> {
    output::write_all(out, artifacts)
}
