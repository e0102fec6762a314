//! The commands: one file each, all sharing the way they print and exit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use smpolicy::diagnostics::{self, Class, Diagnostic, Severity, SourceSet, Style, summary_line};
use smpolicy::render::templates::TemplateSet;

use args::Format;

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

/// `println!` to standard output through [`emit`], so a closed pipe never panics.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cmd::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) mod args;
mod build;
mod check;
mod diff;
mod hash;
mod init;
mod manual;
mod textconv;
pub(crate) mod threads;
mod verify;

use args::{Cli, Command};

/// How a command ended, as documented in the README and `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: done (for `verify` and `diff`: yes, the same).
    Ok,
    /// 1: the policy has errors (or warnings with `--deny-warnings`); for `verify` and
    /// `diff`: no, not the same.
    Policy,
    /// 2: a usage or input/output error.
    Environment,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(match e {
            Exit::Ok => 0,
            Exit::Policy => 1,
            Exit::Environment => 2,
        })
    }
}

/// Runs the command the officer typed.
pub(crate) fn run(cli: Cli) -> Exit {
    match cli.command {
        Command::Check {
            src,
            format,
            deny_warnings,
            templates,
        } => check::run(&src, format, deny_warnings, templates),
        Command::Build {
            src,
            out,
            deny_warnings,
            templates,
            pdf_standard,
            only,
            formats,
        } => build::run(
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
        Command::Init { dir, kind } => init::run(&dir, kind),
        Command::Completions { shell } => {
            emit(&manual::completions(shell));
            Exit::Ok
        }
        Command::Man => manual::run_man(),
        Command::Schema => {
            emit(&smpolicy::schema::generate());
            Exit::Ok
        }
        Command::Hash { src, templates } => hash::run(&src, templates),
        Command::Verify {
            file,
            src,
            templates,
            text,
            pdf_standard,
        } => {
            let mode = if text {
                smpolicy::audit::verify::Mode::Text
            } else {
                smpolicy::audit::verify::Mode::Bytes
            };
            verify::run(&file, &src, templates, mode, pdf_standard)
        }
        Command::Diff {
            old,
            new,
            src,
            format,
            public,
        } => {
            let scope = if public {
                smpolicy::audit::diff::Scope::Public
            } else {
                smpolicy::audit::diff::Scope::Full
            };
            diff::run(&old, &new, &src, format, scope)
        }
        Command::Watch(args) => exit_code(smpolicy::serve::run(&args.options(None))),
        Command::Serve(args) => exit_code(smpolicy::serve::run(&args.options())),
        Command::Textconv {
            file,
            src,
            templates,
        } => textconv::run(&file, &src, templates),
    }
}

/// The [`Exit`] of a library function that returns an exit code (`watch`, `serve`).
fn exit_code(code: u8) -> Exit {
    match code {
        0 => Exit::Ok,
        1 => Exit::Policy,
        _ => Exit::Environment,
    }
}

/// Writes to standard output. A closed pipe (`smpolicy schema | head`) is not an error worth
/// a panic: the reader has what it wanted.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The templates folder: the one given, else the project's own beside the source (never
/// the current folder, so a build gives the same bytes from wherever it is run).
fn templates_dir(given: Option<PathBuf>, src: &Path) -> Option<PathBuf> {
    given.or_else(|| smpolicy::render::templates::beside(src))
}

/// The template set for `src` (with `--templates` or the project's own); on failure prints
/// why.
fn template_set(given: Option<PathBuf>, src: &Path, format: Format) -> Result<TemplateSet, Exit> {
    TemplateSet::with_overrides(templates_dir(given, src).as_deref()).map_err(|d| {
        print_diags(&mut [d], &SourceSet::default(), format);
        Exit::Environment
    })
}

fn print_diags(diags: &mut [Diagnostic], sources: &SourceSet, format: Format) {
    diagnostics::sort(diags);
    use std::io::Write;
    // Written as made, through a buffer: thousands of diagnostics are never one string.
    match format {
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = diagnostics::write_json(&mut out, diags).and_then(|()| out.flush());
        }
        Format::Github => emit(&smpolicy::annotations::render(diags)),
        Format::Human => {
            let mut out = std::io::BufWriter::new(std::io::stderr().lock());
            let _ = diagnostics::write_human(&mut out, diags, sources, Style::detect())
                .and_then(|()| out.flush());
        }
    }
}

/// Prints one diagnostic for people; the command stops with [`Exit::Environment`] whatever
/// its class (what `init`, `textconv` and the reading of a file to verify do).
fn refuse(d: Diagnostic, sources: &SourceSet) -> Exit {
    print_diags(&mut [d], sources, Format::Human);
    Exit::Environment
}

/// Prints one diagnostic for people and gives the exit of its class.
fn fail(d: Diagnostic, sources: &SourceSet) -> Exit {
    let exit = failure(std::slice::from_ref(&d), false).unwrap_or(Exit::Environment);
    print_diags(&mut [d], sources, Format::Human);
    exit
}

/// The exit for a list of diagnostics, if they stop the command: an error of the run
/// (input/output, usage) is [`Exit::Environment`], an error in the policy (or any warning
/// with `--deny-warnings`) [`Exit::Policy`].
fn failure(diags: &[Diagnostic], deny_warnings: bool) -> Option<Exit> {
    if diags
        .iter()
        .any(|d| d.is_error() && d.class == Class::Environment)
    {
        Some(Exit::Environment)
    } else if diags
        .iter()
        .any(|d| d.is_error() || (deny_warnings && d.severity == Severity::Warning))
    {
        Some(Exit::Policy)
    } else {
        None
    }
}

/// Loads the templates and checks `src`; on failure prints why and gives the exit: an error
/// of the run is [`Exit::Environment`], one in the policy is `policy_errors`.
fn checked_source(
    src: &Path,
    templates: Option<PathBuf>,
    policy_errors: Exit,
) -> Result<(TemplateSet, smpolicy::compile::Checked), Exit> {
    let set = template_set(templates, src, Format::Human)?;
    let mut checked = smpolicy::compile::check(src, &set);
    print_diags(&mut checked.diags, &checked.sources, Format::Human);
    if let Some(exit) = failure(&checked.diags, false) {
        eprintln!("{}: {}", src.display(), summary_line(&checked.diags));
        return Err(match exit {
            Exit::Environment => Exit::Environment,
            _ => policy_errors,
        });
    }
    Ok((set, checked))
}

/// The progress line of a run over many organisations: on a terminal, unless `-q`.
fn progress() -> smpolicy::pipeline::Progress {
    if smpolicy::term::quiet() {
        smpolicy::pipeline::Progress::off()
    } else {
        smpolicy::pipeline::Progress::auto()
    }
}

/// Says, as a note, each document an organisation does not have and why (see
/// `smpolicy::render::documents`): not an error, nothing to fix unless the body has one.
pub(crate) fn say_absent_documents(absent: &[(String, smpolicy::render::DocKind, &str)]) {
    for (slug, kind, reason) in absent {
        say!(
            "note: {slug}: the {} policy is not built: {reason}",
            kind.name()
        );
    }
}
