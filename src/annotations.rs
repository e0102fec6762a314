//! `check --format github`: diagnostics as GitHub Actions workflow commands, so that a pull
//! request shows each error and warning on the line of the YAML it is about.
//!
//! Values come from the officer's files and folder names, so they may be hostile: every
//! control character, escape sequence and bidi mark is written out (`\u{1b}`) first, then
//! the characters that workflow commands give a meaning are escaped as GitHub asks
//! (`%` `\r` `\n` in the message; also `:` and `,` in properties). Nothing read from a file
//! can end the line and start a command of its own.

use crate::diagnostics::{Diagnostic, Severity, printable};

/// The message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value (`file=...`, `title=...`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One line per diagnostic: `::error file=F,line=L,col=C,title=T::message`.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Acknowledged => "notice",
        };
        let mut props = Vec::new();
        if let Some(loc) = &d.location {
            props.push(format!(
                "file={}",
                escape_property(&printable(&loc.file.to_string_lossy()))
            ));
            if loc.line > 0 {
                props.push(format!("line={}", loc.line));
                if loc.column > 0 {
                    props.push(format!("col={}", loc.column));
                }
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("smpolicy {command}[{}]", printable(&d.code)))
        ));
        // Line breaks of our own (before the hint) are kept as %0A; those in values are
        // already written out by `printable`.
        let mut message = printable(&d.message);
        if let Some(h) = &d.hint {
            message.push('\n');
            message.push_str("help: ");
            message.push_str(&printable(h));
        }
        for (loc, what) in &d.related {
            message.push('\n');
            message.push_str(&printable(&format!("note: {what} at {loc}")));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use std::path::PathBuf;

    fn at(file: &str, line: usize, column: usize) -> Location {
        Location {
            file: PathBuf::from(file),
            line,
            column,
            offset: 0,
            len: 0,
        }
    }

    #[test]
    fn a_diagnostic_is_one_command_with_its_place() {
        let d = Diagnostic::error("bad-url", "not a web address")
            .at(at("policy-src/a/policy.yaml", 3, 5))
            .hint("write https://");
        assert_eq!(
            render(&[d]),
            "::error file=policy-src/a/policy.yaml,line=3,col=5,title=smpolicy error[bad-url]::not a web address%0Ahelp: write https://\n"
        );
    }

    #[test]
    fn hostile_values_cannot_start_a_command_or_reach_the_terminal() {
        let d = Diagnostic::warning(
            "unknown-value",
            "unknown `x\n::error file=evil::pwned\r\u{1b}[2J 100% \u{202e}`",
        )
        .at(at("org,line=1:x\n::warning::y/policy.yaml", 2, 1));
        let out = render(&[d]);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.starts_with("::warning file=org%2Cline=1%3Ax\\u{a}%3A%3Awarning%3A%3Ay/policy.yaml,line=2,col=1,title="), "{out}");
        for bad in ['\u{1b}', '\r', '\u{202e}'] {
            assert!(!out.contains(bad), "{out:?}");
        }
        assert!(out.contains("100%25"), "{out}");
        assert!(!out[2..].contains("\n::"), "{out}");
    }

    #[test]
    fn without_a_place_only_the_title() {
        let d = Diagnostic::io("cannot read");
        assert_eq!(
            render(&[d]),
            "::error title=smpolicy error[io]::cannot read\n"
        );
    }
}
