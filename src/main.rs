#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use smpolicy::audit;
use smpolicy::cli::{Cli, Command, DiffFormat, Format};
use smpolicy::compile;
use smpolicy::diagnostics::{self, Diagnostic, SourceSet, Style};
use smpolicy::render::templates::TemplateSet;
use smpolicy::validate::lints;

/// mimalloc (built without transparent huge pages, which would inflate the resident memory):
/// layout and PDF writing make many small allocations, and with it the example's PDFs take
/// about a sixth less time than with the system allocator (`cargo bench --bench pdf`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, as documented in the README and `--help`.
const OK: u8 = 0;
const POLICY_ERRORS: u8 = 1;
const USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { USAGE_OR_IO } else { OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    smpolicy::term::set(cli.color, cli.verbosity());
    ExitCode::from(run(cli))
}

/// `eprintln!` for what is not a diagnostic (summaries, what was written): silent with `-q`.
macro_rules! say {
    ($($arg:tt)*) => {
        if !smpolicy::term::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// `eprintln!` for details shown only with `-v`.
macro_rules! detail {
    ($($arg:tt)*) => {
        if smpolicy::term::verbose() {
            eprintln!($($arg)*);
        }
    };
}

/// Writes to standard output. A closed pipe (`smpolicy schema | head`) is not an error worth
/// a panic: the reader has what it wanted.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// `println!` to standard output through [`emit`], so a closed pipe never panics.
macro_rules! outln {
    ($($arg:tt)*) => {
        emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// The templates folder: the one given, else the project's own beside the source (never
/// the current folder, so a build gives the same bytes from wherever it is run).
fn templates_dir(given: Option<PathBuf>, src: &Path) -> Option<PathBuf> {
    given.or_else(|| smpolicy::render::templates::beside(src))
}

fn print_diags(diags: &mut [Diagnostic], sources: &SourceSet, format: Format) {
    diagnostics::sort(diags);
    match format {
        Format::Json => emit(&diagnostics::render_json(diags)),
        Format::Github => emit(&smpolicy::annotations::render(diags)),
        Format::Human => {
            if !diags.is_empty() {
                eprint!(
                    "{}",
                    diagnostics::render_human(diags, sources, Style::detect())
                );
            }
        }
    }
}

/// Exit code for a list of diagnostics: I/O problems are 2, policy errors 1.
fn failure_code(diags: &[Diagnostic], deny_warnings: bool) -> Option<u8> {
    if diags.iter().any(|d| d.is_error() && d.code == "io") {
        Some(USAGE_OR_IO)
    } else if diags.iter().any(|d| d.is_error() || deny_warnings) {
        Some(POLICY_ERRORS)
    } else {
        None
    }
}

fn summary_line(diags: &[Diagnostic]) -> String {
    let (errors, warnings) = diagnostics::summary(diags);
    format!("{errors} error(s), {warnings} warning(s)")
}

fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check {
            src,
            format,
            deny_warnings,
            templates,
        } => {
            let set = match TemplateSet::with_overrides(templates_dir(templates, &src).as_deref()) {
                Ok(s) => s,
                Err(d) => {
                    print_diags(&mut [d], &SourceSet::default(), format);
                    return USAGE_OR_IO;
                }
            };
            // `check` may read the clock for `review-overdue` (SOURCE_DATE_EPOCH wins);
            // `build` never does, so its output depends on its inputs only.
            let mut checked = smpolicy::pipeline::check(
                &src,
                &set,
                compile::CheckOptions {
                    resolve_previous: true,
                    lints: true,
                    today: lints::today(true),
                },
                &progress(),
            );
            print_diags(&mut checked.diags, &checked.sources, format);
            let code = failure_code(&checked.diags, deny_warnings);
            if format == Format::Human {
                for path in &checked.files {
                    detail!("read {}", path.display());
                }
                match code {
                    None => say!(
                        "{}: {} organisation(s) checked, {}",
                        src.display(),
                        checked.orgs.len(),
                        summary_line(&checked.diags)
                    ),
                    Some(_) => say!("{}: {}", src.display(), summary_line(&checked.diags)),
                }
            }
            code.unwrap_or(OK)
        }
        Command::Build {
            src,
            out,
            deny_warnings,
            templates,
            pdf_standard,
            only,
            formats,
        } => build(
            &src,
            &out,
            templates,
            deny_warnings,
            &only,
            smpolicy::pipeline::BuildOptions {
                render: smpolicy::render::RenderOptions { pdf: pdf_standard },
                formats: smpolicy::pipeline::formats(&formats),
                prune: false,
                ..Default::default()
            },
        ),
        Command::Init { dir, kind } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            match smpolicy::init::run(&dir, kind, &cwd, &smpolicy::schema::generate()) {
                Ok(w) => {
                    for f in &w.files {
                        say!("wrote {}", f.display());
                    }
                    say!(
                        "next: replace the values marked DA SOSTITUIRE, the *.example addresses and the 000 numbers, then run `smpolicy check {}`",
                        dir.display()
                    );
                    OK
                }
                Err(d) => {
                    print_diags(&mut [d], &SourceSet::default(), Format::Human);
                    USAGE_OR_IO
                }
            }
        }
        Command::Completions { shell } => {
            emit(&smpolicy::cli_extras::completions(shell));
            OK
        }
        Command::Man => match smpolicy::cli_extras::man() {
            Ok(page) => {
                emit(&page);
                OK
            }
            Err(e) => {
                eprintln!("error[io]: cannot write the manual page: {e}");
                USAGE_OR_IO
            }
        },
        Command::Schema => {
            emit(&smpolicy::schema::generate());
            OK
        }
        Command::Hash { src, templates } => hash(&src, templates),
        Command::Verify {
            file,
            src,
            templates,
            text,
            pdf_standard,
        } => {
            let mode = if text {
                audit::verify::Mode::Text
            } else {
                audit::verify::Mode::Bytes
            };
            verify(&file, &src, templates, mode, pdf_standard)
        }
        Command::Diff {
            old,
            new,
            src,
            format,
            public,
        } => {
            let scope = if public {
                audit::diff::Scope::Public
            } else {
                audit::diff::Scope::Full
            };
            diff(&old, &new, &src, format, scope)
        }
        Command::Watch(args) => smpolicy::serve::run(&args.options(None)),
        Command::Serve(args) => smpolicy::serve::run(&args.options()),
        Command::Textconv {
            file,
            src,
            templates,
        } => {
            let set = TemplateSet::with_overrides(templates_dir(templates, &src).as_deref())
                .unwrap_or_else(|_| TemplateSet::builtin());
            match audit::textconv::textconv(&file, &src, &set) {
                Ok(text) => {
                    emit(&text);
                    OK
                }
                Err(d) => {
                    print_diags(&mut [d], &SourceSet::default(), Format::Human);
                    USAGE_OR_IO
                }
            }
        }
    }
}

/// Loads the templates and checks `src`; on failure prints why and gives the exit code.
fn checked_source(
    src: &Path,
    templates: Option<PathBuf>,
    fail: u8,
) -> Result<(TemplateSet, compile::Checked), u8> {
    let set = match TemplateSet::with_overrides(templates_dir(templates, src).as_deref()) {
        Ok(s) => s,
        Err(d) => {
            print_diags(&mut [d], &SourceSet::default(), Format::Human);
            return Err(USAGE_OR_IO);
        }
    };
    let mut checked = compile::check(src, &set);
    print_diags(&mut checked.diags, &checked.sources, Format::Human);
    if let Some(code) = failure_code(&checked.diags, false) {
        eprintln!("{}: {}", src.display(), summary_line(&checked.diags));
        return Err(if code == USAGE_OR_IO {
            USAGE_OR_IO
        } else {
            fail
        });
    }
    Ok((set, checked))
}

fn hash(src: &Path, templates: Option<PathBuf>) -> u8 {
    let (set, checked) = match checked_source(src, templates, POLICY_ERRORS) {
        Ok(x) => x,
        Err(code) => return code,
    };
    for org in &checked.orgs {
        match audit::fingerprint(&org.policy, org.previous.as_ref(), &set) {
            Ok(fp) => outln!("{} {fp}", org.slug),
            Err(d) => {
                print_diags(&mut [d], &checked.sources, Format::Human);
                return USAGE_OR_IO;
            }
        }
    }
    OK
}

fn verify(
    file: &Path,
    src: &Path,
    templates: Option<PathBuf>,
    mode: audit::verify::Mode,
    pdf: smpolicy::render::pdf::PdfStandard,
) -> u8 {
    use audit::verify::{Difference, Outcome};
    use diagnostics::printable;
    let (bytes, prov) = match audit::verify::read(file) {
        Ok(p) => p,
        Err(d) => {
            print_diags(&mut [d], &SourceSet::default(), Format::Human);
            return USAGE_OR_IO;
        }
    };
    let (set, checked) = match checked_source(src, templates, USAGE_OR_IO) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let found = prov.fingerprint.clone().unwrap_or_default();
    let mut current = Vec::new();
    for org in &checked.orgs {
        match audit::fingerprint(&org.policy, org.previous.as_ref(), &set) {
            Ok(fp) => current.push((org, fp)),
            Err(d) => {
                print_diags(&mut [d], &checked.sources, Format::Human);
                return USAGE_OR_IO;
            }
        }
    }
    let artifacts = match compile::render_all(
        &checked.orgs,
        &set,
        &smpolicy::render::RenderOptions { pdf },
    ) {
        Ok(a) => a,
        Err(d) => {
            print_diags(&mut [d], &checked.sources, Format::Human);
            return USAGE_OR_IO;
        }
    };
    let same_fp = current.iter().find(|(_, fp)| *fp == found);
    let org_hint = same_fp.map(|(o, _)| o.slug.as_str());
    let describe = |org: &compile::Org| {
        let a = &org.policy.adoption.value;
        format!(
            "`{}` ({}, version {}, adopted {})",
            org.slug, org.policy.organisation.name.value, a.version.value, a.date.value
        )
    };
    let outcome = audit::verify::compare(file, &bytes, org_hint, &artifacts, mode);
    if let Outcome::Same { path } = &outcome {
        let org = checked.orgs.iter().find(|o| {
            path.components()
                .next()
                .is_some_and(|c| c.as_os_str() == o.slug.as_str())
        });
        let how = match mode {
            audit::verify::Mode::Bytes => "is byte for byte",
            audit::verify::Mode::Text => "has the same visible text as",
        };
        outln!(
            "yes: {} {how} {} as the current source of {} builds it",
            file.display(),
            path.display(),
            org.map_or_else(String::new, describe)
        );
        if let Some((_, fp)) = org.and_then(|o| current.iter().find(|(c, _)| c.slug == o.slug)) {
            outln!("fingerprint: {fp}");
        }
        return OK;
    }
    outln!(
        "no: {} is not what the current source in {} builds",
        file.display(),
        src.display()
    );
    match same_fp {
        Some((org, _)) => outln!(
            "the fingerprint in the file is that of the current source of {}, but the content differs: the file was edited, cut or made by hand",
            describe(org)
        ),
        None => outln!("the fingerprint in the file matches no organisation of the current source"),
    }
    if let Outcome::Differs {
        against: Some(against),
        at,
    } = &outcome
    {
        let place = match at {
            Some(Difference::Line(n)) => format!("the file first differs at line {n}"),
            Some(Difference::Page {
                page,
                file_pages,
                built_pages,
            }) => format!(
                "the file first differs on page {page} (the file has {file_pages} page(s), the build {built_pages})"
            ),
            Some(Difference::Text { chars, file, built }) => format!(
                "the visible text first differs after {chars} character(s): the file has «{}», the build «{}»",
                printable(file),
                printable(built)
            ),
            Some(Difference::Unreadable(e)) => {
                format!("the file cannot be read as a PDF ({})", printable(e))
            }
            None => "the file differs".to_string(),
        };
        outln!(
            "compared with {} as the current source builds it: {place}",
            against.display()
        );
    }
    outln!("the file says it was built from:");
    for (label, value) in &prov.facts {
        outln!("  {}: {}", printable(label), printable(value));
    }
    outln!("  fingerprint: {}", printable(&found));
    if let Some(g) = &prov.generator {
        outln!("  generator: {}", printable(g));
    }
    outln!("the current source gives:");
    for (org, fp) in &current {
        outln!("  {fp} {}", describe(org));
    }
    let this = format!("smpolicy {}", audit::VERSION);
    if let Some(g) = prov.generator.as_ref().filter(|g| **g != this) {
        outln!(
            "note: the file was made by {} and this is {this}; the version of smpolicy is part of the fingerprint",
            printable(g)
        );
    }
    POLICY_ERRORS
}

/// One side of a diff: a folder, or the source folder at a git revision (read in memory).
fn diff_side(arg: &str, src: &Path) -> Result<compile::Checked, u8> {
    let path = Path::new(arg);
    let mut checked = if path.is_dir() {
        compile::check_with(path, &TemplateSet::builtin(), false)
    } else {
        match audit::git::snapshot(arg, src) {
            Ok(s) => compile::check_snapshot(&s, &TemplateSet::builtin()),
            Err(d) => {
                print_diags(&mut [d], &SourceSet::default(), Format::Human);
                return Err(USAGE_OR_IO);
            }
        }
    };
    print_diags(&mut checked.diags, &checked.sources, Format::Human);
    if checked.has_errors() {
        eprintln!(
            "{arg}: {}; cannot compare a source with errors",
            summary_line(&checked.diags)
        );
        return Err(USAGE_OR_IO);
    }
    Ok(checked)
}

fn diff(old: &str, new: &str, src: &Path, format: DiffFormat, scope: audit::diff::Scope) -> u8 {
    let old_checked = match diff_side(old, src) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let new_checked = match diff_side(new, src) {
        Ok(x) => x,
        Err(code) => return code,
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
            let labels = builtin_labels(&lang, src);
            let words = audit::diff::Words {
                labels: &labels,
                lang: &lang,
                show_ids: true,
            };
            emit(&audit::diff::markdown(&diffs, &words));
        }
    }
    if audit::diff::all_equal(&diffs) {
        OK
    } else {
        POLICY_ERRORS
    }
}

/// The labels of the built-in templates (or the project's own, beside `src`).
fn builtin_labels(lang: &str, src: &Path) -> serde_json::Value {
    let set = TemplateSet::with_overrides(templates_dir(None, src).as_deref())
        .unwrap_or_else(|_| TemplateSet::builtin());
    smpolicy::render::markdown::Engine::new(&set)
        .map(|e| e.labels(lang))
        .unwrap_or(serde_json::Value::Null)
}

/// `smpolicy build`: checks every organisation (or those of `--only`), writes nothing on an
/// error, then renders and writes them one after another in parallel (see
/// [`smpolicy::pipeline`]).
fn build(
    src: &Path,
    out: &Path,
    templates: Option<PathBuf>,
    deny_warnings: bool,
    only: &[String],
    mut options: smpolicy::pipeline::BuildOptions,
) -> u8 {
    use smpolicy::pipeline;
    let set = match TemplateSet::with_overrides(templates_dir(templates, src).as_deref()) {
        Ok(s) => s,
        Err(d) => {
            print_diags(&mut [d], &SourceSet::default(), Format::Human);
            return USAGE_OR_IO;
        }
    };
    let progress = progress();
    let dirs = match pipeline::select(src, only) {
        Ok(d) => d,
        Err(d) => {
            // A name `--only` does not find is a usage error; a source without
            // organisations is as for `check`.
            let code = match failure_code(std::slice::from_ref(&d), false) {
                Some(code) if d.code != "unknown-organisation" => code,
                _ => USAGE_OR_IO,
            };
            print_diags(&mut [d], &SourceSet::default(), Format::Human);
            say!("nothing was written");
            return code;
        }
    };
    let opts = compile::CheckOptions {
        resolve_previous: true,
        lints: true,
        today: lints::today(false),
    };
    let mut checked = pipeline::check_dirs(&dirs, &set, opts, &progress);
    print_diags(&mut checked.diags, &checked.sources, Format::Human);
    if let Some(code) = failure_code(&checked.diags, deny_warnings) {
        say!(
            "{}: {}; nothing was written",
            src.display(),
            summary_line(&checked.diags)
        );
        return code;
    }
    let slugs: Vec<String> = dirs.iter().map(|d| smpolicy::load::slug_of(d)).collect();
    if let Err(d) = compile::check_out_slugs(out, src, &slugs) {
        print_diags(&mut [d], &checked.sources, Format::Human);
        return USAGE_OR_IO;
    }
    // A folder of organisations is mirrored into `out/`: the folders of organisations that
    // left it go. One organisation's folder, or `--only`, leaves the others alone.
    options.prune = only.is_empty() && dirs.iter().all(|d| d != src);
    options.scanned = std::sync::Arc::clone(&checked.scanned);
    let (written, files) = match pipeline::write(out, &checked.orgs, &set, &options, &progress) {
        Ok(w) => w,
        Err(d) => {
            // The output folder (locked, unwritable) is an I/O matter; a document that
            // cannot be made is the policy's or the templates'.
            let io = d.code == "io" || d.code == "out-locked";
            print_diags(&mut [d], &checked.sources, Format::Human);
            if io {
                return USAGE_OR_IO;
            }
            say!("nothing was written");
            return POLICY_ERRORS;
        }
    };
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
    say!(
        "wrote {files} file(s) for {} organisation(s) into {}",
        checked.orgs.len(),
        out.display()
    );
    OK
}

/// The progress line of a run over many organisations: on a terminal, unless `-q`.
fn progress() -> smpolicy::pipeline::Progress {
    if smpolicy::term::quiet() {
        smpolicy::pipeline::Progress::off()
    } else {
        smpolicy::pipeline::Progress::auto()
    }
}
