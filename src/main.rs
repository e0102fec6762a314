#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

#[macro_use]
mod cmd;

/// mimalloc (built without transparent huge pages, which would inflate the resident memory):
/// layout and PDF writing make many small allocations, and with it the example's PDFs take
/// about a sixth less time than with the system allocator (`cargo bench --bench pdf`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cmd::args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let exit = if e.use_stderr() {
                cmd::Exit::Environment
            } else {
                cmd::Exit::Ok
            };
            let _ = e.print();
            return exit.into();
        }
    };
    smpolicy::term::set(cli.color, cli.verbosity());
    if let Err(exit) = cmd::threads::start() {
        return exit.into();
    }
    cmd::run(cli).into()
}
