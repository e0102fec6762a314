//! The build of many organisations in flat memory.
//!
//! 1. Every organisation is loaded and checked, in parallel; only diagnostics are kept (and
//!    the source texts of the organisations that have any, for their snippets). Nothing is
//!    written when any organisation has an error.
//! 2. Then each organisation is read and checked again, rendered and staged on disk, in
//!    parallel, its documents leaving memory once staged; when all are staged, each
//!    organisation folder is swapped in whole (see [`output::write_streaming`]).
//!
//! Reading every source twice keeps memory independent of the number of organisations: no
//! policy, document or source text of an organisation outlives its turn. The second read
//! does not repeat the credential and control-character scans of a file that is as it was
//! when checked ([`load::Scanned`]: 32 bytes a file are kept, not the file).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compile::{self, CheckOptions, Org};
use crate::diagnostics::{Diagnostic, SourceSet, Style};
use crate::load;
use crate::render::output::{self, Artifact, Plan};
use crate::render::templates::TemplateSet;
use crate::render::{self, Formats};

/// The formats `build --formats` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// external.md, internal.md
    Md,
    /// external.html, external.fragment.html and the internal ones
    Html,
    /// external.pdf, internal.pdf
    Pdf,
}

impl crate::names::Named for Format {
    const ALL: &'static [Self] = &[Format::Md, Format::Html, Format::Pdf];

    fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Format::Md => "external.md, internal.md",
            Format::Html => "external.html, external.fragment.html and the internal ones",
            Format::Pdf => "external.pdf, internal.pdf",
        }
    }
}

/// The [`Formats`] of a `--formats` list (every format when it is empty).
pub fn formats(list: &[Format]) -> Formats {
    if list.is_empty() {
        return Formats::default();
    }
    Formats {
        md: list.contains(&Format::Md),
        html: list.contains(&Format::Html),
        pdf: list.contains(&Format::Pdf),
    }
}

/// What [`check`] found: how many organisations checked into a policy, their folders, the
/// diagnostics, and the source texts of the organisations that have diagnostics.
#[derive(Debug, Default)]
pub struct Validated {
    /// How many organisation folders were checked, read or not.
    pub checked: usize,
    /// The folders of the organisations that could be read and merged (they may still have
    /// errors found after merging).
    pub orgs: Vec<PathBuf>,
    /// The files read, in order (what `-v` lists). Their texts are not kept: each
    /// diagnostic keeps the lines it shows ([`Diagnostic::snippet`]).
    pub files: Vec<PathBuf>,
    pub diags: Vec<Diagnostic>,
    /// The files that scanned clean (see [`load::Scanned`]): [`write`] does not scan them
    /// again when it is handed them in [`BuildOptions::scanned`].
    pub scanned: std::sync::Arc<load::Scanned>,
    /// The documents an organisation does not have (see [`render::documents`]): its folder
    /// name, the document and why. Notes, not diagnostics.
    pub absent: Vec<(String, render::DocKind, &'static str)>,
    /// The readability of each organisation's external document (its folder name, a
    /// [`crate::readability::Figures`] per language), when the lints ran.
    pub readability: Vec<(String, Vec<crate::readability::Figures>)>,
}

impl Validated {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// The organisation folders of `src`, or only those named by `only` (folder names, as in
/// `out/<name>`). A name that is not an organisation of `src` is an error.
pub fn select(src: &Path, only: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let dirs = load::find_orgs(src)?;
    if only.is_empty() {
        return Ok(dirs);
    }
    let names: Vec<String> = dirs.iter().map(|d| load::slug_of(d)).collect();
    for name in only {
        if !names.contains(name) {
            let near = names
                .iter()
                .map(|n| (strsim::jaro_winkler(n, name), n))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(Diagnostic::error(
                "unknown-organisation",
                format!(
                    "`--only {name}`: there is no organisation `{name}` in `{}`",
                    src.display()
                ),
            )
            .hint(format!(
                "{near}--only takes the name of an organisation's folder, as in out/<name>/; nothing was written"
            ))
            .environment());
        }
    }
    Ok(dirs
        .into_iter()
        .zip(names)
        .filter(|(_, n)| only.contains(n))
        .map(|(d, _)| d)
        .collect())
}

/// Checks the organisations in `dirs`, in parallel, keeping only their diagnostics: memory
/// does not grow with the number of organisations that check clean. Writes nothing.
pub fn check_dirs(
    dirs: &[PathBuf],
    templates: &TemplateSet,
    opts: CheckOptions,
    progress: &Progress,
) -> Validated {
    progress.start("checking", dirs.len());
    let scanned = std::sync::Arc::new(load::Scanned::default());
    type Absent = Vec<(render::DocKind, &'static str)>;
    type Result = (
        Option<Absent>,
        Vec<Diagnostic>,
        Vec<PathBuf>,
        Vec<crate::readability::Figures>,
    );
    let results: Vec<Result> = dirs
        .par_iter()
        .map(|dir| {
            let mut sources = SourceSet::default();
            let mut diags = Vec::new();
            let mut figures = Vec::new();
            let absent = load::with_scanned(&scanned, || {
                compile::check_dir_measured(
                    dir,
                    templates,
                    opts,
                    &mut sources,
                    &mut diags,
                    &mut figures,
                )
                .map(|org| render::documents::absent(&org.policy))
            });
            progress.tick();
            let files = sources.files().map(|(p, _)| p.to_path_buf()).collect();
            // The few lines each diagnostic shows are kept, not the files.
            crate::diagnostics::keep_snippets(&mut diags, &sources, Style::detect());
            (absent, diags, files, figures)
        })
        .collect();
    progress.finish();
    let mut validated = Validated {
        checked: dirs.len(),
        scanned,
        ..Validated::default()
    };
    // Templates that cannot be parsed fail the build: `check` says so, once.
    if !dirs.is_empty()
        && let Some(d) = templates.engine_error()
    {
        validated.diags.push(d);
    }
    for (dir, (absent, diags, files, figures)) in dirs.iter().zip(results) {
        if let Some(absent) = absent {
            validated.orgs.push(dir.clone());
            let slug = load::slug_of(dir);
            if !figures.is_empty() {
                validated.readability.push((slug.clone(), figures));
            }
            validated.absent.extend(
                absent
                    .into_iter()
                    .map(|(kind, why)| (slug.clone(), kind, why)),
            );
        }
        validated.files.extend(files);
        validated.diags.extend(diags);
    }
    validated
}

/// Loads and checks every organisation under `src`, as [`compile::check_opts`] does, in
/// parallel and without keeping the policies.
pub fn check(
    src: &Path,
    templates: &TemplateSet,
    opts: CheckOptions,
    progress: &Progress,
) -> Validated {
    match load::find_orgs(src) {
        Ok(dirs) => check_dirs(&dirs, templates, opts, progress),
        Err(d) => Validated {
            diags: vec![d],
            ..Validated::default()
        },
    }
}

/// How [`write`] builds.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub render: render::RenderOptions,
    /// The formats written; the others are kept from the previous build.
    pub formats: Formats,
    /// Remove the folders of organisations smpolicy wrote earlier that are not in the
    /// source (when the source is a folder of organisations and every one is built).
    pub prune: bool,
    /// The files [`check_dirs`] scanned clean ([`Validated::scanned`]), not scanned again.
    pub scanned: std::sync::Arc<load::Scanned>,
}

/// Renders and writes the organisations in `dirs` (already checked clean by
/// [`check_dirs`]) into `out`, each folder swapped in whole, in flat memory. An
/// organisation whose source changed into one with errors since it was checked stops the
/// build before any folder is swapped.
pub fn write(
    out: &Path,
    dirs: &[PathBuf],
    templates: &TemplateSet,
    options: &BuildOptions,
    progress: &Progress,
) -> Result<(output::Written, usize), Diagnostic> {
    let engine = render::markdown::Engine::new(templates)?;
    let css = templates.get("style.css").unwrap_or_default();
    let shared = compile::Shared {
        templates,
        engine: &engine,
        css,
        options: &options.render,
    };
    let slugs: Vec<String> = dirs.iter().map(|d| load::slug_of(d)).collect();
    let opts = CheckOptions {
        resolve_previous: true,
        lints: false,
        today: None,
    };
    let files = std::sync::atomic::AtomicUsize::new(0);
    progress.start("writing", dirs.len());
    let produce = |i: usize| -> Result<Vec<Artifact>, Diagnostic> {
        let mut sources = SourceSet::default();
        let mut diags = Vec::new();
        let org = load::with_scanned(&options.scanned, || {
            compile::check_dir(&dirs[i], templates, opts, &mut sources, &mut diags)
        });
        let org = match org {
            Some(org) if !diags.iter().any(Diagnostic::is_error) => org,
            _ => return Err(changed(&dirs[i])),
        };
        let carry = |made: &[Artifact]| carried(out, &org, made, options.formats);
        let artifacts = compile::org_bundle_in(&org, &shared, options.formats, &carry)?;
        files.fetch_add(artifacts.len(), std::sync::atomic::Ordering::Relaxed);
        progress.tick();
        Ok(artifacts)
    };
    let keep = BTreeSet::new();
    let plan = Plan {
        slugs: &slugs,
        prune: options.prune,
        keep: &keep,
    };
    let written = output::write_streaming(out, &plan, &produce);
    progress.finish();
    Ok((written?, files.into_inner()))
}

fn changed(dir: &Path) -> Diagnostic {
    Diagnostic::error(
        "changed-during-build",
        format!(
            "`{}` changed while the build was running and no longer checks clean",
            dir.display()
        ),
    )
    .hint("run `smpolicy check` to see what is wrong, then build again; nothing was written")
}

/// The document files of the previous build that this build keeps because it does not
/// write their format (`--formats md` keeps the HTML and the PDF): those smpolicy wrote (in
/// the folder's manifest), in a language folder this build writes into, read back so that
/// the new `SHA256SUMS` vouches for them. A language that left the source takes its files
/// with it, as in a full build.
fn carried(
    out: &Path,
    org: &Org,
    made: &[Artifact],
    formats: Formats,
) -> Result<Vec<Artifact>, Diagnostic> {
    if formats.all() {
        return Ok(Vec::new());
    }
    let old = out.join(&org.slug);
    if crate::fsutil::is_link(&old) {
        return Ok(Vec::new());
    }
    let Some(listed) = output::read_manifest(&old) else {
        return Ok(Vec::new());
    };
    let made_paths: BTreeSet<&Path> = made.iter().map(|a| a.path.as_path()).collect();
    let lang_dirs: BTreeSet<PathBuf> = made
        .iter()
        .filter_map(|a| a.path.parent().map(Path::to_path_buf))
        .collect();
    let mut kept = Vec::new();
    for rel in listed {
        let path = PathBuf::from(&org.slug).join(&rel);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let document = [".md", ".html", ".pdf"].iter().any(|e| name.ends_with(e));
        let in_lang_dir = path.parent().is_some_and(|p| lang_dirs.contains(p));
        if !document || formats.writes(&name) || !in_lang_dir || made_paths.contains(path.as_path())
        {
            continue;
        }
        // Only regular files, never through a link (a link planted at a document's name
        // would copy what it points at into the folder); a file that is gone is not kept.
        let file = out.join(&path);
        let read = match std::fs::symlink_metadata(&file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Ok(m) if !m.is_file() => Err(crate::fsutil::ReadError::NotRegular),
            _ => crate::fsutil::read_regular(&file, 256 * 1024 * 1024),
        };
        match read {
            Ok(bytes) => kept.push(Artifact { path, bytes }),
            Err(e) => {
                return Err(Diagnostic::io(format!(
                        "cannot keep `{}` from the previous build: {e}",
                        out.join(&path).display()
                    ),
                )
                .hint("build every format (leave out --formats), or remove the file; nothing was written"));
            }
        }
    }
    Ok(kept)
}

/// A progress line on the terminal for builds of many organisations: `checking 120/7896`,
/// then `writing 4000/7896`. Off unless asked for ([`Progress::auto`] asks for it when
/// standard error is a terminal and `CI` is not set); a `-q` flag would pass
/// [`Progress::off`].
#[derive(Debug, Default)]
pub struct Progress {
    enabled: bool,
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl Progress {
    /// No progress line.
    pub fn off() -> Self {
        Progress::default()
    }

    /// A progress line when standard error is a terminal and the `CI` variable is not set.
    pub fn auto() -> Self {
        use std::io::IsTerminal;
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress {
            enabled,
            ..Progress::default()
        }
    }

    /// Whether a progress line is shown.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    fn start(&self, what: &str, len: usize) {
        if !self.enabled || len < 2 {
            return;
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        let style = indicatif::ProgressStyle::with_template(
            "{prefix} {pos}/{len} organisations [{bar:30}] {elapsed_precise}",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_prefix(what.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn tick(&self) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}
