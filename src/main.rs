use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use smpolicy::cli::{Cli, Command, Format};
use smpolicy::compile;
use smpolicy::diagnostics::{self, Diagnostic, SourceSet, Style};
use smpolicy::render::templates::TemplateSet;
use smpolicy::validate::lints;

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
    ExitCode::from(run(cli))
}

fn templates_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    given.or_else(|| {
        let local = Path::new("templates");
        local.is_dir().then(|| local.to_path_buf())
    })
}

fn print_diags(diags: &mut [Diagnostic], sources: &SourceSet, format: Format) {
    diagnostics::sort(diags);
    match format {
        Format::Json => print!("{}", diagnostics::render_json(diags)),
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
            let set = match TemplateSet::with_overrides(templates_dir(templates).as_deref()) {
                Ok(s) => s,
                Err(d) => {
                    print_diags(&mut [d], &SourceSet::default(), format);
                    return USAGE_OR_IO;
                }
            };
            // `check` may read the clock for `review-overdue` (SOURCE_DATE_EPOCH wins);
            // `build` never does, so its output depends on its inputs only.
            let mut checked = compile::check_with(&src, &set, lints::today(true));
            print_diags(&mut checked.diags, &checked.sources, format);
            let code = failure_code(&checked.diags, deny_warnings);
            if format == Format::Human {
                match code {
                    None => eprintln!(
                        "{}: {} organisation(s) checked, {}",
                        src.display(),
                        checked.orgs.len(),
                        summary_line(&checked.diags)
                    ),
                    Some(_) => eprintln!("{}: {}", src.display(), summary_line(&checked.diags)),
                }
            }
            code.unwrap_or(OK)
        }
        Command::Build {
            src,
            out,
            deny_warnings,
            templates,
        } => {
            let set = match TemplateSet::with_overrides(templates_dir(templates).as_deref()) {
                Ok(s) => s,
                Err(d) => {
                    print_diags(&mut [d], &SourceSet::default(), Format::Human);
                    return USAGE_OR_IO;
                }
            };
            let mut checked = compile::check(&src, &set);
            print_diags(&mut checked.diags, &checked.sources, Format::Human);
            if let Some(code) = failure_code(&checked.diags, deny_warnings) {
                eprintln!(
                    "{}: {}; nothing was written",
                    src.display(),
                    summary_line(&checked.diags)
                );
                return code;
            }
            let artifacts = match compile::render_all(&checked.orgs, &set) {
                Ok(a) => a,
                Err(d) => {
                    print_diags(&mut [d], &checked.sources, Format::Human);
                    eprintln!("nothing was written");
                    return POLICY_ERRORS;
                }
            };
            if let Err(d) = compile::write(&out, &artifacts) {
                print_diags(&mut [d], &checked.sources, Format::Human);
                return USAGE_OR_IO;
            }
            eprintln!(
                "wrote {} file(s) for {} organisation(s) into {}",
                artifacts.len(),
                checked.orgs.len(),
                out.display()
            );
            OK
        }
        Command::Init { dir, kind } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            match smpolicy::init::run(&dir, kind, &cwd, &smpolicy::schema::generate()) {
                Ok(w) => {
                    for f in &w.files {
                        eprintln!("wrote {}", f.display());
                    }
                    eprintln!(
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
        Command::Schema => {
            print!("{}", smpolicy::schema::generate());
            OK
        }
    }
}
