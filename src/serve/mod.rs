//! `smpolicy watch` and `smpolicy serve`: the officer's loop. Save a YAML file or a template,
//! and the documents are built again; `serve` also shows `out/` in the browser on
//! 127.0.0.1 and reloads the open page after every build.
//!
//! Each rebuild goes through the build's own steps (`compile::check`, `check_out`,
//! `render_all`, `write`): everything is checked first and nothing is written on an error,
//! so `out/` keeps the last good documents. The errors are printed on the terminal and, by
//! the server, in every page it serves (see [`page`]), never into `out/`.

pub mod http;
pub mod page;
pub mod paths;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::compile;
use crate::diagnostics::{self, Diagnostic, SourceSet, Style};
use crate::render::pdf::PdfStandard;
use crate::render::templates::{self, TemplateSet};
use page::Preview;

/// A line that is not a diagnostic (what a build wrote): silent with `-q`. The address
/// being served and the errors are always shown.
macro_rules! say {
    ($($arg:tt)*) => {
        if !crate::term::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// Exit code of a usage or input/output error (as for every command).
const USAGE_OR_IO: u8 = 2;

/// How long the watcher waits for a burst of saves to end before building: an editor may
/// write a file in several steps (a temporary file, a rename, a change of attributes).
const DEBOUNCE: Duration = Duration::from_millis(120);

/// What `watch` and `serve` build, and where `serve` listens.
#[derive(Debug, Clone)]
pub struct Options {
    pub src: PathBuf,
    pub out: PathBuf,
    /// The templates folder given with `--templates`; else the project's own beside `src`.
    pub templates: Option<PathBuf>,
    pub pdf: PdfStandard,
    /// `Some(port)` for `serve` (0: any free port), `None` for `watch`.
    pub port: Option<u16>,
}

/// The state of the last build, shared with the server: a generation number that changes
/// whenever what the browser shows would change, the errors of the last build, and the
/// words of the preview (see [`page::Preview`] for the language it speaks).
#[derive(Debug)]
pub struct Live {
    status: Mutex<Status>,
    preview: Mutex<Arc<Preview>>,
}

#[derive(Debug, Clone, Default)]
pub struct Status {
    /// This server's process id: a page served by an earlier `serve` reloads too.
    pub server: u32,
    /// Starts at 1 with the first build; grows by one at each build whose result differs
    /// from the one before (other documents, other errors, errors gone).
    pub generation: u64,
    /// The errors of the last build, when it failed: `out/` holds the build before.
    pub errors: Option<Errors>,
}

impl Status {
    /// What a page compares to know that it is out of date: `<server>-<generation>`.
    pub fn token(&self) -> String {
        format!("{}-{}", self.server, self.generation)
    }
}

/// The errors of a failed build, as plain text (escaped where they are shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors {
    /// "policy-src: 1 error(s), 0 warning(s)".
    pub summary: String,
    /// Every diagnostic as the terminal shows it without colours: file:line:column, the
    /// line, the hint.
    pub text: String,
}

impl Live {
    /// `preview`: the words of the preview until a build brings its own.
    pub fn new(preview: Preview) -> Live {
        Live {
            status: Mutex::new(Status {
                server: std::process::id(),
                ..Status::default()
            }),
            preview: Mutex::new(Arc::new(preview)),
        }
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The words of the preview, from the last good build.
    pub fn preview(&self) -> Arc<Preview> {
        match self.preview.lock() {
            Ok(p) => Arc::clone(&p),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn set_preview(&self, preview: Preview) {
        if let Ok(mut p) = self.preview.lock() {
            *p = Arc::new(preview);
        }
    }

    /// Records the result of a build; the generation changes only when `key` (a digest of
    /// what was built, or of the errors) differs from the last one.
    fn record(&self, key: &[u8; 32], last: &mut Option<[u8; 32]>, errors: Option<Errors>) {
        if last.as_ref() == Some(key) {
            return;
        }
        *last = Some(*key);
        if let Ok(mut s) = self.status.lock() {
            s.generation += 1;
            s.errors = errors;
        }
    }
}

/// The result of one build.
enum Outcome {
    Built {
        key: [u8; 32],
        files: usize,
        orgs: usize,
        warnings: Vec<Diagnostic>,
        sources: SourceSet,
        written: crate::render::output::Written,
        preview: Box<Preview>,
    },
    Failed {
        diags: Vec<Diagnostic>,
        sources: SourceSet,
    },
}

/// Builds once, through the same steps as `smpolicy build`: check everything, then render,
/// then write each organisation folder in one step. Nothing is written on an error.
fn build_once(opts: &Options, templates_dir: Option<&Path>) -> Outcome {
    let failed = |d: Diagnostic, sources: SourceSet| Outcome::Failed {
        diags: vec![d],
        sources,
    };
    let set = match TemplateSet::with_overrides(templates_dir) {
        Ok(s) => s,
        Err(d) => return failed(d, SourceSet::default()),
    };
    let checked = compile::check(&opts.src, &set);
    if checked.has_errors() {
        return Outcome::Failed {
            diags: checked.diags,
            sources: checked.sources,
        };
    }
    if let Err(d) = compile::check_out(&opts.out, &opts.src, &checked.orgs) {
        return failed(d, checked.sources);
    }
    let options = crate::render::RenderOptions { pdf: opts.pdf };
    let artifacts = match compile::render_all(&checked.orgs, &set, &options) {
        Ok(a) => a,
        Err(d) => return failed(d, checked.sources),
    };
    let lang = checked
        .orgs
        .first()
        .map_or("it", |o| o.policy.main_language().as_str());
    let preview = match Preview::from_set(&set, lang) {
        Ok(p) => Box::new(p),
        Err(d) => return failed(d, checked.sources),
    };
    let prune = checked.orgs.iter().all(|o| o.dir != opts.src);
    let written = match compile::write(&opts.out, &artifacts, prune) {
        Ok(w) => w,
        Err(d) => return failed(d, checked.sources),
    };
    let mut digest = Sha256::new();
    for a in &artifacts {
        digest.update(a.path.to_string_lossy().as_bytes());
        digest.update([0]);
        digest.update((a.bytes.len() as u64).to_le_bytes());
        digest.update(&a.bytes);
    }
    // New words of the preview reload the page too, even when the documents are the same.
    digest.update(format!("{preview:?}").as_bytes());
    Outcome::Built {
        key: digest.finalize().into(),
        files: artifacts.len(),
        orgs: checked.orgs.len(),
        warnings: checked.diags,
        sources: checked.sources,
        written,
        preview,
    }
}

/// [`build_once`], with a panic turned into an error shown like any other: the server goes
/// on and `out/` keeps the last good documents.
fn build_guarded(opts: &Options, templates_dir: Option<&Path>) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_once(opts, templates_dir)
    }))
    .unwrap_or_else(|_| Outcome::Failed {
        diags: vec![Diagnostic::error(
            "internal",
            "smpolicy stopped on an internal error while building (see the message above)",
        )
        .hint("this is a bug in smpolicy, not in your files: please report it with the files that cause it; out/ keeps the last good documents")],
        sources: SourceSet::default(),
    })
}

/// Builds, prints the result on the terminal and records it for the browser.
fn rebuild(opts: &Options, templates_dir: Option<&Path>, live: &Live, last: &mut Option<[u8; 32]>) {
    match build_guarded(opts, templates_dir) {
        Outcome::Built {
            key,
            files,
            orgs,
            mut warnings,
            sources,
            written,
            preview,
        } => {
            if !warnings.is_empty() {
                diagnostics::sort(&mut warnings);
                eprint!(
                    "{}",
                    diagnostics::render_human(&warnings, &sources, Style::detect())
                );
            }
            for slug in &written.removed {
                say!(
                    "removed {} (the organisation is no longer in {})",
                    opts.out.join(slug).display(),
                    opts.src.display()
                );
            }
            let fixed = live.status().errors.is_some();
            say!(
                "wrote {files} file(s) for {orgs} organisation(s) into {}{}",
                opts.out.display(),
                if fixed { "; the errors are fixed" } else { "" }
            );
            live.set_preview(*preview);
            live.record(&key, last, None);
        }
        Outcome::Failed { mut diags, sources } => {
            diagnostics::sort(&mut diags);
            let summary = format!(
                "{}: {}",
                opts.src.display(),
                summary_line(&diags, "out/ keeps the last good documents")
            );
            eprint!(
                "{}",
                diagnostics::render_human(&diags, &sources, Style::detect())
            );
            eprintln!("{summary}");
            let text = diagnostics::render_human(&diags, &sources, Style::Plain);
            let key: [u8; 32] = Sha256::digest(text.as_bytes()).into();
            live.record(&key, last, Some(Errors { summary, text }));
        }
    }
}

fn summary_line(diags: &[Diagnostic], then: &str) -> String {
    format!("{}; {then}", diagnostics::summary_line(diags))
}

fn print_error(d: Diagnostic) -> u8 {
    eprint!(
        "{}",
        diagnostics::render_human(&[d], &SourceSet::default(), Style::detect())
    );
    USAGE_OR_IO
}

/// Runs `watch` (no port) or `serve`: builds, then builds again after every change to the
/// source or the templates, until the process is stopped (Ctrl+C). Returns an exit code
/// only when it cannot start: 2 when the source is not a folder, the port is taken or the
/// folders cannot be watched.
pub fn run(opts: &Options) -> u8 {
    if !opts.src.is_dir() {
        return match crate::load::find_orgs(&opts.src) {
            Err(d) => print_error(d),
            Ok(_) => print_error(Diagnostic::io(format!(
                "`{}` is not a folder",
                opts.src.display()
            ))),
        };
    }
    let listener = match opts.port {
        Some(port) => match http::bind(port) {
            Ok(l) => Some(l),
            Err(d) => return print_error(d),
        },
        None => None,
    };
    let templates_dir = opts
        .templates
        .clone()
        .or_else(|| templates::beside(&opts.src));
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watched = vec![opts.src.clone()];
    watched.extend(templates_dir.iter().filter(|d| d.is_dir()).cloned());
    let _debouncer = match watch(&watched, tx) {
        Ok(d) => d,
        Err(d) => return print_error(d),
    };
    // The words of the preview before the first good build: `it`, the project's own
    // labels when they load, else the built-in ones.
    let first = TemplateSet::with_overrides(templates_dir.as_deref())
        .and_then(|set| Preview::from_set(&set, "it"))
        .or_else(|_| Preview::from_set(&TemplateSet::builtin(), "it"));
    let live = Arc::new(match first {
        Ok(p) => Live::new(p),
        Err(d) => return print_error(d),
    });
    let mut last = None;
    rebuild(opts, templates_dir.as_deref(), &live, &mut last);
    let out_abs = crate::fsutil::resolve(&opts.out);
    if let Some(listener) = listener {
        let addr = match http::spawn(listener, opts.out.clone(), Arc::clone(&live)) {
            Ok(a) => a,
            Err(d) => return print_error(d),
        };
        eprintln!(
            "serving {} at http://{addr}/ (only this computer can open it); watching {}; stop with Ctrl+C",
            opts.out.display(),
            watched_list(&watched)
        );
    } else {
        eprintln!("watching {}; stop with Ctrl+C", watched_list(&watched));
    }
    // Each batch of changes is one build; changes that arrive during a build make one more.
    while let Ok(batch) = rx.recv() {
        let mut relevant = is_relevant(&batch, &out_abs);
        while let Ok(more) = rx.try_recv() {
            relevant |= is_relevant(&more, &out_abs);
        }
        if relevant {
            rebuild(opts, templates_dir.as_deref(), &live, &mut last);
        }
    }
    print_error(Diagnostic::io("the folders can no longer be watched"))
}

fn watched_list(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(" and ")
}

type Batch = Result<Vec<notify_debouncer_full::DebouncedEvent>, Vec<notify::Error>>;

/// A change worth a build: a file or folder created, written, renamed or removed (reading
/// the sources, which the build itself does, is not), anywhere but in the output folder
/// (which a build writes, and which may sit inside a watched folder when `--templates` is a
/// parent of it).
fn is_relevant(batch: &Batch, out_abs: &Path) -> bool {
    use notify::EventKind;
    match batch {
        Ok(events) => events.iter().any(|e| {
            matches!(
                e.event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            ) && e
                .event
                .paths
                .iter()
                .any(|p| !crate::fsutil::resolve(p).starts_with(out_abs))
        }),
        // A lost event (an overflowing queue): build, to be sure.
        Err(_) => true,
    }
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `dirs` and everything below them; each debounced batch of changes is sent to `tx`.
fn watch(dirs: &[PathBuf], tx: std::sync::mpsc::Sender<Batch>) -> Result<Debouncer, Diagnostic> {
    let fail = |dir: &Path, e: notify::Error| {
        Diagnostic::io(format!("cannot watch `{}` for changes: {e}", dir.display()),
        )
        .hint("on Linux, the number of folders one user may watch is limited (fs.inotify.max_user_watches); close other programs that watch folders, or raise the limit")
    };
    let mut debouncer =
        notify_debouncer_full::new_debouncer(DEBOUNCE, None, move |batch: Batch| {
            let _ = tx.send(batch);
        })
        .map_err(|e| fail(Path::new("."), e))?;
    for dir in dirs {
        debouncer
            .watch(dir, notify::RecursiveMode::Recursive)
            .map_err(|e| fail(dir, e))?;
    }
    Ok(debouncer)
}
