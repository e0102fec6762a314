//! The command line: what a communication officer types (clap lives here, in the binary;
//! the library takes plain values).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use smpolicy::names::Named;
use smpolicy::render::pdf::PdfStandard;

/// A value parser for a closed set of named values of the library: the names are the
/// possible values (listed in `--help` and the completions), each with its help text.
fn named<T: Named + Send + Sync>() -> impl TypedValueParser<Value = T> {
    let values = T::ALL.iter().map(|v| {
        let value = PossibleValue::new(v.name()).aliases(v.alias());
        match v.help() {
            "" => value,
            help => value.help(help),
        }
    });
    PossibleValuesParser::new(values)
        .try_map(|s| T::from_name(&s).ok_or("not one of the possible values"))
}

/// smpolicy compiles the social media policy of a public body, written once in YAML, into
/// the external policy for citizens and the internal one for staff, as Markdown, HTML and PDF.
#[derive(Debug, Parser)]
#[command(name = "smpolicy", version = smpolicy::bundle::LONG_VERSION, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 the policy has errors (or warnings with --deny-warnings), 2 usage or input/output error.\n\nStart with `smpolicy check` after every edit, then `smpolicy build`."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Print only errors and warnings: no summary or progress lines.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also say what was read and written.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Colour the messages: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, global = true, value_parser = named::<smpolicy::term::ColorChoice>(), default_value = "auto", value_name = "WHEN")]
    pub(crate) color: smpolicy::term::ColorChoice,
}

impl Cli {
    /// -1 with `-q`, 0 by default, the number of `-v` otherwise.
    pub(crate) fn verbosity(&self) -> i8 {
        if self.quiet {
            -1
        } else {
            i8::try_from(self.verbose).unwrap_or(i8::MAX)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: file:line:column, the line itself and a hint.
    Human,
    /// For CI: one JSON array of diagnostics on standard output.
    Json,
    /// For GitHub Actions: one annotation per diagnostic on standard output, shown on the
    /// line of the YAML in a pull request.
    Github,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
        #[arg(long, value_parser = named::<smpolicy::pipeline::Format>(), value_delimiter = ',', value_name = "FORMATS")]
        formats: Vec<smpolicy::pipeline::Format>,
    },
    /// Write a complete, commented starter organisation that `check` accepts as it is.
    Init {
        /// The organisation's folder. Never overwrites a file that is already there.
        #[arg(default_value = smpolicy::init::DEFAULT_DIR)]
        dir: PathBuf,
        /// The kind of body: sets the adopting body and whether it has elected organs.
        #[arg(long, value_parser = named::<smpolicy::init::StarterKind>())]
        kind: smpolicy::init::StarterKind,
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
        /// Markdown worded by the templates' labels (Italian by default), or JSON.
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
    Watch(WatchArgs),
    /// Like `watch`, and show the documents in the browser on 127.0.0.1, reloading the open
    /// page after each build; errors are shown in the page and on the terminal.
    Serve(ServeArgs),
}

/// `smpolicy completions <SHELL>` and `smpolicy man`: written by [`super::manual`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Markdown, worded by the labels of the templates (`changes:` in labels.yaml; Italian by default).
    Markdown,
    /// One JSON object: `equal` and, per organisation, each change with old and new value.
    Json,
}

/// `smpolicy watch [SRC]`.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// The folder with one folder per organisation, or one organisation's folder.
    #[arg(default_value = "policy-src")]
    pub(crate) src: PathBuf,
    /// Where to write: <out>/<organisation>/... as `build` does.
    #[arg(long, default_value = "out")]
    pub(crate) out: PathBuf,
    /// A folder of templates that replace the built-in ones file by file
    /// (default: the project's templates/ beside the source, when it exists). Watched too.
    #[arg(long)]
    pub(crate) templates: Option<PathBuf>,
    /// The PDF flavour, as for `build`.
    #[arg(long, default_value = "a-2a,ua-1", value_name = "STANDARD")]
    pub(crate) pdf_standard: PdfStandard,
}

/// `smpolicy serve [SRC] [--port N]`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) watch: WatchArgs,
    /// The port on 127.0.0.1 (0: any free port, printed at start).
    #[arg(long, default_value_t = 3000)]
    pub(crate) port: u16,
}

impl WatchArgs {
    pub(crate) fn options(&self, port: Option<u16>) -> smpolicy::serve::Options {
        smpolicy::serve::Options {
            src: self.src.clone(),
            out: self.out.clone(),
            templates: self.templates.clone(),
            pdf: self.pdf_standard,
            port,
        }
    }
}

impl ServeArgs {
    pub(crate) fn options(&self) -> smpolicy::serve::Options {
        self.watch.options(Some(self.port))
    }
}
