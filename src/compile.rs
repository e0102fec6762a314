//! The pipeline: load every organisation, check all of them, and only then render.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::bundle;
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

/// How [`check_opts`] checks.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Read the version named in `adoption.previous` from git.
    pub resolve_previous: bool,
    /// Run the lints (off for past versions, which were adopted as they are).
    pub lints: bool,
    /// The date `review-overdue` compares against; `None` skips that lint.
    pub today: Option<Date>,
}

/// Loads and checks every organisation under `src`, and reads the previous version each
/// names in `adoption.previous` from git. Writes nothing. `review-overdue` runs only when
/// `SOURCE_DATE_EPOCH` is set: what `build` writes never depends on the clock.
pub fn check(src: &Path, templates: &TemplateSet) -> Checked {
    check_with(src, templates, true)
}

/// Like [`check`]; with `resolve_previous` false, `adoption.previous` is not read and the
/// lints do not run (for sources that are themselves snapshots of a revision, or for
/// comparing two sources: a past version was adopted as it is).
pub fn check_with(src: &Path, templates: &TemplateSet, resolve_previous: bool) -> Checked {
    check_opts(
        src,
        templates,
        CheckOptions {
            resolve_previous,
            lints: resolve_previous,
            today: lints::today(false),
        },
    )
}

/// Like [`check`], with every option spelled out.
pub fn check_opts(src: &Path, templates: &TemplateSet, opts: CheckOptions) -> Checked {
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
        if let Some(org) = check_dir(&dir, templates, opts, &mut checked.sources, &mut diags) {
            checked.orgs.push(org);
        }
        checked.diags.extend(diags);
    }
    checked
}

/// Loads and checks the organisation in `dir`, its files added to `sources` and its
/// problems to `diags`; reads the previous version it names from git. `None` when its files
/// could not be read cleanly or merged.
pub fn check_dir(
    dir: &Path,
    templates: &TemplateSet,
    opts: CheckOptions,
    sources: &mut SourceSet,
    diags: &mut Vec<Diagnostic>,
) -> Option<Org> {
    check_dir_measured(dir, templates, opts, sources, diags, &mut Vec::new())
}

/// [`check_dir`], also giving the readability of the external document (when the lints
/// run) in `figures`.
pub fn check_dir_measured(
    dir: &Path,
    templates: &TemplateSet,
    opts: CheckOptions,
    sources: &mut SourceSet,
    diags: &mut Vec<Diagnostic>,
    figures: &mut Vec<crate::readability::Figures>,
) -> Option<Org> {
    let org = load::load_org(dir, sources, diags);
    let policy = check_org(org, sources, Some(templates), opts, diags, figures)?;
    let previous = match (&policy.public.adoption.previous, opts.resolve_previous) {
        (Some(rev), true) => match previous_version(dir, rev, templates) {
            Ok(p) => Some(p),
            Err(d) => {
                diags.push(d.at(sources.locate(rev.pos)));
                None
            }
        },
        _ => None,
    };
    Some(Org {
        slug: load::slug_of(dir),
        dir: dir.to_path_buf(),
        policy,
        previous,
    })
}

/// Merges, resolves and lints one loaded organisation. `None` when its files could not be
/// read cleanly or merged.
fn check_org(
    org: load::OrgSource,
    sources: &SourceSet,
    templates: Option<&TemplateSet>,
    opts: CheckOptions,
    diags: &mut Vec<Diagnostic>,
    figures: &mut Vec<crate::readability::Figures>,
) -> Option<Policy> {
    if diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    let files: Vec<_> = org.files.iter().map(|(id, _)| *id).collect();
    let policy = validate::merge(org, sources, diags)?;
    // Warnings from here on can be acknowledged in the policy.
    let start = diags.len();
    // Characters the PDF cannot draw, each reported where it is written.
    crate::render::pdf::coverage::check_files(&files, sources, diags);
    validate::check_references(&policy, sources, diags);
    validate::anchors::check(&policy, &files, sources, diags);
    validate::publishing::check(&policy, sources, diags);
    if opts.lints {
        lints::lint(&policy, sources, opts.today, diags);
        // How easy the citizen document is to read: needs its text, so the templates;
        // only for a policy that checked clean so far (the text would be incomplete).
        if let Some(engine) = templates.and_then(TemplateSet::engine)
            && !diags.iter().any(Diagnostic::is_error)
        {
            match crate::readability::measure(&policy, &engine) {
                Ok(f) => *figures = f,
                // A template that cannot render is reported by the build, with its cause.
                Err(_) => figures.clear(),
            }
            crate::readability::lint(&policy, figures, sources, diags);
        }
        let found = validate::acknowledge::apply(
            &policy,
            sources,
            &mut diags[start..],
            opts.today.is_some(),
        );
        diags.extend(found);
    }
    if let Some(templates) = templates {
        // The account kits: each text must fit its platform (`kit-too-long`). Only for the
        // current version (a past one was adopted as it is) and once the policy is
        // otherwise clean: the kit is rendered from it.
        if opts.lints && !diags.iter().any(Diagnostic::is_error) {
            crate::render::kit::check(&policy.public, templates, sources, diags);
        }
        for lang in &policy.public.languages {
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
/// organisation: the entry point of the fuzz target `check_str`. Never panics, whatever
/// the input.
pub fn check_str(yaml: &str, today: Option<Date>) -> (SourceSet, Vec<Diagnostic>) {
    let (sources, diags, _) = check_str_policy(yaml, today);
    (sources, diags)
}

/// Checks one policy held in memory and, when it has no errors, renders every document the
/// build writes: the entry point of the fuzz target `build_str`.
pub fn build_str(yaml: &str, today: Option<Date>) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
    let (_, diags, policy) = check_str_policy(yaml, today);
    match policy {
        Some(policy) if !diags.iter().any(Diagnostic::is_error) => {
            let org = Org {
                slug: "memory".to_string(),
                dir: PathBuf::from("memory"),
                policy,
                previous: None,
            };
            render_all(
                &[org],
                &TemplateSet::builtin(),
                &render::RenderOptions::default(),
            )
            .map_err(|d| vec![d])
        }
        _ => Err(diags),
    }
}

/// Checks one policy held in memory and, when it has no errors, renders the Markdown of each
/// document the build writes, without HTML or PDF: the fast path for tests that build many
/// variants of a policy.
pub fn markdown_str(
    yaml: &str,
    today: Option<Date>,
) -> Result<Vec<render::RenderedDoc>, Vec<Diagnostic>> {
    let (_, diags, policy) = check_str_policy(yaml, today);
    match policy {
        Some(policy) if !diags.iter().any(Diagnostic::is_error) => {
            let engine = Engine::new(&TemplateSet::builtin()).map_err(|d| vec![d])?;
            let meta = Meta {
                fingerprint: String::new(),
                generator: format!("smpolicy {}", bundle::VERSION),
                previous: None,
                changes: Vec::new(),
            };
            render::markdown_docs(&policy, &engine, &meta).map_err(|d| vec![d])
        }
        _ => Err(diags),
    }
}

pub(crate) fn check_str_policy(
    yaml: &str,
    today: Option<Date>,
) -> (SourceSet, Vec<Diagnostic>, Option<Policy>) {
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
    let opts = CheckOptions {
        resolve_previous: false,
        lints: true,
        today,
    };
    let builtin = TemplateSet::builtin();
    let policy = check_org(
        org,
        &sources,
        Some(&builtin),
        opts,
        &mut diags,
        &mut Vec::new(),
    );
    (sources, diags, policy)
}

/// The organisation in `dir` as it was at the git revision `rev`.
fn previous_version(
    dir: &Path,
    rev: &crate::model::Src<String>,
    templates: &TemplateSet,
) -> Result<Policy, Diagnostic> {
    let snapshot = crate::git::snapshot_in(dir, &rev.value, Path::new("."))
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
    let mut old = check_snapshot(&snapshot, templates);
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

/// Checks a source read from git, in memory, as [`check_with`] checks a folder without
/// `previous` and lints (a past version was adopted as it is). The organisations are found
/// as on disk: the snapshot is one organisation when it holds YAML files itself, otherwise
/// each first-level folder is one. Messages name files `<revision>:<path>`.
pub fn check_snapshot(snapshot: &crate::git::Snapshot, templates: &TemplateSet) -> Checked {
    let mut checked = Checked::default();
    let opts = CheckOptions {
        resolve_previous: false,
        lints: false,
        today: None,
    };
    let single = snapshot
        .files
        .iter()
        .any(|(p, _)| p.components().count() == 1);
    let mut groups: std::collections::BTreeMap<PathBuf, Vec<&(PathBuf, Vec<u8>)>> =
        std::collections::BTreeMap::new();
    for file in &snapshot.files {
        let org = if single {
            PathBuf::new()
        } else {
            file.0.components().take(1).collect()
        };
        groups.entry(org).or_default().push(file);
    }
    if groups.is_empty() {
        checked.diags.push(Diagnostic::error(
            "no-policy",
            format!("`{}` holds no YAML file", snapshot.src.display()),
        ));
        return checked;
    }
    for (org, mut files) in groups {
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let dir = snapshot.src.join(&org);
        let slug = org
            .file_name()
            .or_else(|| Path::new(&snapshot.src).file_name())
            .map_or_else(
                || "policy".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
        let mut diags = Vec::new();
        let mut parsed = Vec::new();
        for (rel, bytes) in files {
            let path = snapshot.src.join(rel);
            match std::str::from_utf8(bytes) {
                Ok(text) => parsed.extend(load::parse_text(
                    &path,
                    text,
                    &mut checked.sources,
                    &mut diags,
                )),
                Err(e) => diags.push(
                    Diagnostic::error(
                        "encoding",
                        format!(
                            "`{}` is not UTF-8 text (byte {})",
                            path.display(),
                            e.valid_up_to()
                        ),
                    )
                    .in_file(&path),
                ),
            }
        }
        let source = load::OrgSource {
            slug: slug.clone(),
            dir: dir.clone(),
            files: parsed,
        };
        if let Some(policy) = check_org(
            source,
            &checked.sources,
            Some(templates),
            opts,
            &mut diags,
            &mut Vec::new(),
        ) {
            checked.orgs.push(Org {
                slug,
                dir,
                policy,
                previous: None,
            });
        }
        checked.diags.extend(diags);
    }
    checked
}

/// Renders every organisation's artifacts, in parallel, in a stable order.
///
/// Each organisation gets its own fingerprint (see [`bundle::fingerprint`]) in
/// [`Meta::fingerprint`], printed by every document, plus the publication bundle in
/// `out/<org>/public/`: `policy.json` (the public policy), `accounts.json` (the register of
/// official accounts) and, last, `SHA256SUMS` over every other file of that folder; the
/// internal documents get their own `SHA256SUMS` in `out/<org>/internal/`. A renderer that adds files
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
    meta_with(org, templates, &Engine::new(templates)?)
}

/// [`meta_for`] with the templates already parsed into `engine` (once per build, not per
/// organisation).
pub fn meta_with(org: &Org, templates: &TemplateSet, engine: &Engine) -> Result<Meta, Diagnostic> {
    let (previous, changes) = match &org.previous {
        Some(prev) => {
            let a = &prev.public.adoption.value;
            // Printed into the Markdown: escaped like every other value.
            let info = render::PreviousVersion {
                version: a.version.as_ref().map(|v| crate::view::md_inline(&v.value)),
                act: a
                    .act
                    .as_ref()
                    .map(|t| crate::view::md_inline(t.get(prev.main_language()).unwrap_or(""))),
                date: a.date.value.to_string(),
                published: a.published_on().map(|d| d.to_string()),
            };
            (
                Some(info),
                crate::changes::citizen_changes(&prev.public, &org.policy.public, engine)?,
            )
        }
        None => (None, Vec::new()),
    };
    Ok(Meta {
        fingerprint: bundle::fingerprint(&org.policy, org.previous.as_ref(), templates)?,
        generator: format!("smpolicy {}", bundle::VERSION),
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
    org_bundle_in(
        org,
        &Shared {
            templates,
            engine,
            css,
            options,
        },
        render::Formats::default(),
        &|_| Ok(Vec::new()),
    )
}

/// What every organisation of a build shares: templates parsed once, the style sheet, the
/// options.
pub struct Shared<'a> {
    pub templates: &'a TemplateSet,
    pub engine: &'a Engine,
    pub css: &'a str,
    pub options: &'a render::RenderOptions,
}

/// The files `carry` returns for the documents rendered so far (files of formats this
/// build does not write, kept from the previous build); they join their folder's
/// `SHA256SUMS`.
pub type Carry<'a> = dyn Fn(&[Artifact]) -> Result<Vec<Artifact>, Diagnostic> + Sync + 'a;

/// One organisation's artifacts in `formats`, plus what `carry` keeps, with the
/// `policy.json`, `accounts.json` and the `SHA256SUMS` of each folder (see [`render_all`]).
pub fn org_bundle_in(
    org: &Org,
    shared: &Shared,
    formats: render::Formats,
    carry: &Carry,
) -> Result<Vec<Artifact>, Diagnostic> {
    let Shared {
        templates,
        engine,
        css,
        options,
    } = *shared;
    let meta = meta_with(org, templates, engine)?;
    let mut artifacts =
        render::org_artifacts(&org.slug, &org.policy, engine, css, &meta, options, formats)?;
    let carried = carry(&artifacts)?;
    artifacts.extend(carried);
    // The account kits (`public/accounts/<id>.md`), whatever the formats: they are the
    // officer's texts, not a format of the documents.
    artifacts.extend(render::kit::kit_artifacts(
        &org.slug,
        &org.policy.public,
        templates,
        engine,
    )?);
    let public = PathBuf::from(&org.slug).join(render::PUBLIC_DIR);
    artifacts.push(Artifact {
        path: public.join("policy.json"),
        bytes: bundle::policy_json(&org.policy.public, &meta.fingerprint)?.into_bytes(),
    });
    artifacts.push(Artifact {
        path: public.join("accounts.json"),
        bytes: bundle::accounts_json(&org.policy.public)?.into_bytes(),
    });
    // Each of the two folders vouches for its own files only: the public SHA256SUMS says
    // nothing about the internal documents.
    for folder in [render::PUBLIC_DIR, render::INTERNAL_DIR] {
        let base = PathBuf::from(&org.slug).join(folder);
        let files: Vec<(String, &[u8])> = artifacts
            .iter()
            .filter_map(|a| {
                let rel = a.path.strip_prefix(&base).ok()?;
                Some((rel.to_string_lossy().replace('\\', "/"), a.bytes.as_slice()))
            })
            .collect();
        // A document the policy does not have leaves no folder behind (see
        // `render::documents`); the public folder always holds `policy.json`.
        if files.is_empty() {
            continue;
        }
        let sums = bundle::sha256sums(&files);
        artifacts.push(Artifact {
            path: base.join("SHA256SUMS"),
            bytes: sums.into_bytes(),
        });
    }
    Ok(artifacts)
}

/// Refuses an output folder that would overwrite the source: `out` inside `src` (every
/// later check would read the outputs as organisations), or an `out/<org>` that holds the
/// source (the build would replace it).
pub fn check_out(out: &Path, src: &Path, orgs: &[Org]) -> Result<(), Diagnostic> {
    let slugs: Vec<String> = orgs.iter().map(|o| o.slug.clone()).collect();
    check_out_slugs(out, src, &slugs)
}

/// [`check_out`] for the organisations named `slugs`.
pub fn check_out_slugs(out: &Path, src: &Path, slugs: &[String]) -> Result<(), Diagnostic> {
    let (out_abs, src_abs) = (crate::fsutil::resolve(out), crate::fsutil::resolve(src));
    let clash = out_abs.starts_with(&src_abs)
        || slugs
            .iter()
            .any(|slug| src_abs.starts_with(out_abs.join(slug)));
    if clash {
        return Err(Diagnostic::error(
            "out-in-source",
            format!(
                "the output folder `{}` is inside the source `{}` (or would replace it)",
                out.display(),
                src.display()
            ),
        )
        .hint("write the documents outside the source, for example `--out out` next to `policy-src`; nothing was written"));
    }
    Ok(())
}

/// Writes the artifacts under `out`, each organisation folder in one step (see
/// [`output::write_all`]). With `prune`, folders of organisations that left the source go.
pub fn write(
    out: &Path,
    artifacts: &[Artifact],
    prune: bool,
) -> Result<output::Written, Diagnostic> {
    output::write_all(out, artifacts, prune)
}
