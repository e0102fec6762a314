//! The command line: what a communication officer types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::render::pdf::PdfStandard;

/// smpolicy compiles the social media policy of a public body, written once in YAML, into
/// the external policy for citizens and the internal one for staff, as Markdown, HTML and PDF.
#[derive(Debug, Parser)]
#[command(name = "smpolicy", version = crate::audit::LONG_VERSION, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 the policy has errors (or warnings with --deny-warnings), 2 usage or input/output error.\n\nStart with `smpolicy check` after every edit, then `smpolicy build`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and warnings: no summary or progress lines.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say what was read and written.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Colour the messages: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value_t = crate::term::ColorChoice::Auto, value_name = "WHEN")]
    pub color: crate::term::ColorChoice,
}

impl Cli {
    /// -1 with `-q`, 0 by default, the number of `-v` otherwise.
    pub fn verbosity(&self) -> i8 {
        if self.quiet {
            -1
        } else {
            i8::try_from(self.verbose).unwrap_or(i8::MAX)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: file:line:column, the line itself and a hint.
    Human,
    /// For CI: one JSON array of diagnostics on standard output.
    Json,
    /// For GitHub Actions: one annotation per diagnostic on standard output, shown on the
    /// line of the YAML in a pull request.
    Github,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the YAML without writing anything.
    Check {
        /// The folder with one folder per organisation, or one organisation's folder.
        #[arg(default_value = "policy-src")]
        src: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        deny_warnings: bool,
        /// A folder of templates that replace the built-in ones file by file.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Check, then write the documents of every organisation into the output folder.
    Build {
        /// The folder with one folder per organisation, or one organisation's folder.
        #[arg(default_value = "policy-src")]
        src: PathBuf,
        /// Where to write: <out>/<organisation>/<language>/<document>.<ext>.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Treat warnings as errors: write nothing if there are any.
        #[arg(long)]
        deny_warnings: bool,
        /// A folder of templates that replace the built-in ones file by file
        /// (default: ./templates when it exists).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// The PDF flavour: `a-2a,ua-1` (tagged, archival and accessible: the default),
        /// `a-2b` (archival), or `none` (a plain PDF written with printpdf).
        #[arg(long, default_value = "a-2a,ua-1", value_name = "STANDARD")]
        pdf_standard: PdfStandard,
        /// Build only this organisation (its folder's name); repeat for more. The other
        /// organisations' folders in the output are left as they are.
        #[arg(long, value_name = "ORG")]
        only: Vec<String>,
        /// Write only these formats (comma-separated); the documents of the other formats
        /// are kept from the previous build, and each SHA256SUMS covers them all.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
        formats: Vec<crate::pipeline::Format>,
    },
    /// Write a complete, commented starter organisation that `check` accepts as it is.
    Init {
        /// The organisation's folder. Never overwrites a file that is already there.
        #[arg(default_value = crate::init::DEFAULT_DIR)]
        dir: PathBuf,
        /// The kind of body: sets the adopting body and whether it has elected organs.
        #[arg(long, value_enum)]
        kind: crate::init::StarterKind,
    },
    /// Print the JSON Schema (draft-07) of the policy files, for editor autocomplete.
    Schema,
    /// Print the fingerprint of each organisation's source: `<organisation> sha256:<hex>`.
    Hash {
        /// The folder with one folder per organisation, or one organisation's folder.
        #[arg(default_value = "policy-src")]
        src: PathBuf,
        /// A folder of templates that replace the built-in ones file by file
        /// (default: ./templates when it exists).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Say whether a published file (.md, .html, .pdf) is exactly what the current source
    /// builds. Exit 0 yes, 1 no, 2 error.
    Verify {
        /// The published file.
        file: PathBuf,
        /// The source to compare with.
        #[arg(default_value = "policy-src")]
        src: PathBuf,
        /// For an HTML page a CMS has re-written: compare the visible text of its main
        /// content (whitespace normalised) instead of the bytes.
        #[arg(long)]
        text: bool,
        /// The PDF flavour the file was built with (as for `build`).
        #[arg(long, default_value = "a-2a,ua-1", value_name = "STANDARD")]
        pdf_standard: PdfStandard,
        /// A folder of templates that replace the built-in ones file by file
        /// (default: ./templates when it exists).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Compare two versions of the policy: folders, or git revisions such as `v1.0 HEAD`.
    /// Exit 0 equal, 1 different, 2 error.
    Diff {
        /// The old version: a source folder, or a git revision (tag, branch, commit).
        old: String,
        /// The new version: a source folder, or a git revision.
        new: String,
        /// The source folder inside the repository, for revisions.
        #[arg(long, default_value = "policy-src")]
        src: PathBuf,
        /// Markdown in Italian, or JSON.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Compare only what the public policy shows (policy.json, the external policy):
        /// no staff names, phones, roles or internal section. Use it for a published act.
        #[arg(long)]
        public: bool,
    },
    /// For git's textconv: print the rendered policy of the organisation a YAML file belongs
    /// to (see the README: `git diff` then shows changes in the policy text).
    Textconv {
        /// The YAML file git hands over.
        file: PathBuf,
        /// Where the organisations are.
        #[arg(long, default_value = "policy-src")]
        src: PathBuf,
        /// A folder of templates that replace the built-in ones file by file
        /// (default: ./templates when it exists).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Print the completion script for a shell (bash: `smpolicy completions bash >
    /// ~/.local/share/bash-completion/completions/smpolicy`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page, in roff (`smpolicy man > smpolicy.1; man ./smpolicy.1`).
    Man,
    /// Build, then build again each time a YAML file or a template is saved.
    Watch(crate::serve::args::WatchArgs),
    /// Like `watch`, and show the documents in the browser on 127.0.0.1, reloading the open
    /// page after each build; errors are shown in the page and on the terminal.
    Serve(crate::serve::args::ServeArgs),
}

/// `smpolicy completions <SHELL>` and `smpolicy man`: written by [`crate::cli_extras`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// "## Modifiche rispetto alla versione precedente", in Italian.
    Markdown,
    /// One JSON object: `equal` and, per organisation, each change with old and new value.
    Json,
}
