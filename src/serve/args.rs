//! The options of `smpolicy watch` and `smpolicy serve` (clap), kept beside the code they
//! drive so that the command enum only names them.

use std::path::PathBuf;

use clap::Args;

use crate::render::pdf::PdfStandard;

/// `smpolicy watch [SRC]`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The folder with one folder per organisation, or one organisation's folder.
    #[arg(default_value = "policy-src")]
    pub src: PathBuf,
    /// Where to write: <out>/<organisation>/... as `build` does.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// A folder of templates that replace the built-in ones file by file
    /// (default: the project's templates/ beside the source, when it exists). Watched too.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// The PDF flavour, as for `build`.
    #[arg(long, default_value = "a-2a,ua-1", value_name = "STANDARD")]
    pub pdf_standard: PdfStandard,
}

/// `smpolicy serve [SRC] [--port N]`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub watch: WatchArgs,
    /// The port on 127.0.0.1 (0: any free port, printed at start).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

impl WatchArgs {
    pub fn options(&self, port: Option<u16>) -> super::Options {
        super::Options {
            src: self.src.clone(),
            out: self.out.clone(),
            templates: self.templates.clone(),
            pdf: self.pdf_standard,
            port,
        }
    }
}

impl ServeArgs {
    pub fn options(&self) -> super::Options {
        self.watch.options(Some(self.port))
    }
}
