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
    /// The version named by `adoption.previous`, read from git, when there is one.
    pub previous: Option<Policy>,
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

/// Loads and checks every organisation under `src`, and reads the previous version each
/// names in `adoption.previous` from git. Writes nothing.
pub fn check(src: &Path, templates: &TemplateSet) -> Checked {
    check_with(src, templates, true)
}

/// Like [`check`]; with `resolve_previous` false, `adoption.previous` is not read (for
/// sources that are themselves snapshots of a revision, or for comparing two sources).
pub fn check_with(src: &Path, templates: &TemplateSet, resolve_previous: bool) -> Checked {
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
            let previous = match (&policy.adoption.previous, resolve_previous) {
                (Some(rev), true) => match previous_version(&dir, rev, templates) {
                    Ok(p) => Some(p),
                    Err(d) => {
                        diags.push(d.at(checked.sources.locate(rev.pos)));
                        None
                    }
                },
                _ => None,
            };
            checked.orgs.push(Org {
                slug: dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                dir: dir.clone(),
                policy,
                previous,
            });
        }
        checked.diags.extend(diags);
    }
    checked
}

/// The organisation in `dir` as it was at the git revision `rev`.
fn previous_version(
    dir: &Path,
    rev: &crate::model::Src<String>,
    templates: &TemplateSet,
) -> Result<Policy, Diagnostic> {
    let snapshot = audit::git::snapshot_in(dir, &rev.value, Path::new("."))
        .map_err(|d| {
            let hint = d.hint.clone().unwrap_or_default();
            Diagnostic::error(
                "previous-version",
                format!(
                    "cannot read the previous version `{}` named in `adoption.previous`: {}",
                    rev.value, d.message
                ),
            )
            .hint(format!(
                "{hint}; `previous` names a git revision (a tag such as v1.0) of this repository: fetch the tags (`git fetch --tags`) or remove `previous`"
            ))
        })?;
    let mut old = check_with(&snapshot.src, templates, false);
    let errors = old.diags.iter().filter(|d| d.is_error()).count();
    match (errors, old.orgs.pop()) {
        (0, Some(org)) => Ok(org.policy),
        _ => Err(Diagnostic::error(
            "previous-version",
            format!(
                "the previous version `{}` named in `adoption.previous` cannot be read: {errors} error(s)",
                rev.value
            ),
        )
        .hint(format!(
            "run `smpolicy check` on that version (`git checkout {}`), or name another revision",
            rev.value
        ))),
    }
}

/// Renders every organisation's artifacts, in parallel, in a stable order.
///
/// Each organisation gets its own fingerprint (see [`audit::fingerprint`]) in
/// [`Meta::fingerprint`], printed by every document, plus the publication bundle:
/// `policy.json` (the public policy), `accounts.json` (the register of official accounts)
/// and, last, `SHA256SUMS` over every other file of `out/<org>/`. A renderer that adds files
/// (the PDF stage) must add them in [`render::org_artifacts`], before the sums are taken.
pub fn render_all(
    orgs: &[Org],
    templates: &TemplateSet,
    options: &render::RenderOptions,
) -> Result<Vec<Artifact>, Diagnostic> {
    let engine = Engine::new(templates)?;
    let css = templates.get("style.css").unwrap_or_default();
    let per_org: Vec<Result<Vec<Artifact>, Diagnostic>> = orgs
        .par_iter()
        .map(|org| org_bundle(org, templates, &engine, css, options))
        .collect();
    let mut all = Vec::new();
    for r in per_org {
        all.extend(r?);
    }
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

/// The build facts of one organisation: its fingerprint, the generator and, when the
/// policy names a previous version, what changed since then for citizens.
pub fn meta_for(org: &Org, templates: &TemplateSet) -> Result<Meta, Diagnostic> {
    let (previous, changes) = match &org.previous {
        Some(prev) => {
            let a = &prev.adoption.value;
            let info = render::PreviousVersion {
                version: a.version.value.clone(),
                act: a.act.get(prev.main_language()).unwrap_or("").to_string(),
                date: a.date.value.dmy(),
            };
            (
                Some(info),
                audit::citizen_changes(prev, &org.policy, &Engine::new(templates)?)?,
            )
        }
        None => (None, Vec::new()),
    };
    Ok(Meta {
        fingerprint: audit::fingerprint(&org.policy, org.previous.as_ref(), templates)?,
        generator: format!("smpolicy {}", audit::VERSION),
        previous,
        changes,
    })
}

fn org_bundle(
    org: &Org,
    templates: &TemplateSet,
    engine: &Engine,
    css: &str,
    options: &render::RenderOptions,
) -> Result<Vec<Artifact>, Diagnostic> {
    let meta = meta_for(org, templates)?;
    let mut artifacts = render::org_artifacts(&org.slug, &org.policy, engine, css, &meta, options)?;
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
