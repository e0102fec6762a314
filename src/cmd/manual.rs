//! `smpolicy completions <SHELL>` and `smpolicy man`: generated from the command line's own
//! description ([`super::args::Cli`]), so they never disagree with `--help`.

use clap::CommandFactory;
use clap_complete::Shell as Target;

use super::args::{Cli, Shell};

/// The completion script for `shell`.
pub(crate) fn completions(shell: Shell) -> String {
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Elvish => Target::Elvish,
        Shell::Powershell => Target::PowerShell,
    };
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(target, &mut cmd, "smpolicy", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page (roff): the command, its options, and one section per subcommand with
/// its own options. No date in it, so it is the same bytes at every build.
fn man() -> Result<String, std::io::Error> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("smpolicy {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        // The subcommand's synopsis, description and options, as a section of the main
        // page, their headings one level down.
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        for line in String::from_utf8_lossy(&part).lines() {
            let line = line
                .strip_prefix(".SH ")
                .map_or(line.to_string(), |h| format!(".SS {h}"));
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `smpolicy man`: prints the manual page.
pub(crate) fn run_man() -> super::Exit {
    match man() {
        Ok(page) => {
            super::emit(&page);
            super::Exit::Ok
        }
        Err(e) => {
            eprintln!("error[io]: cannot write the manual page: {e}");
            super::Exit::Environment
        }
    }
}
