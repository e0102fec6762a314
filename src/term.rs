//! What the terminal gets: colours (`--color`, `NO_COLOR`) and how much is said (`-q`, `-v`).
//! Set once from the command line, read wherever something is printed.

use std::sync::atomic::{AtomicI8, AtomicU8, Ordering};

/// `--color`: when to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set to something.
    #[default]
    Auto,
    /// Always, even into a file or a pipe, and even with `NO_COLOR`.
    Always,
    /// Never.
    Never,
}

impl crate::names::Named for ColorChoice {
    const ALL: &'static [Self] = &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never];

    fn name(self) -> &'static str {
        match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        }
    }

    fn help(self) -> &'static str {
        match self {
            ColorChoice::Auto => "On a terminal, unless `NO_COLOR` is set to something",
            ColorChoice::Always => "Always, even into a file or a pipe, and even with `NO_COLOR`",
            ColorChoice::Never => "Never",
        }
    }
}

static COLOR: AtomicU8 = AtomicU8::new(0);
static VERBOSITY: AtomicI8 = AtomicI8::new(0);

/// Sets the colour choice and the verbosity (-1 quiet, 0 normal, 1 and more verbose).
pub fn set(color: ColorChoice, verbosity: i8) {
    let c = match color {
        ColorChoice::Auto => 0,
        ColorChoice::Always => 1,
        ColorChoice::Never => 2,
    };
    COLOR.store(c, Ordering::Relaxed);
    VERBOSITY.store(verbosity, Ordering::Relaxed);
}

pub fn color() -> ColorChoice {
    match COLOR.load(Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// `-q`: only diagnostics, no summary or progress lines.
pub fn quiet() -> bool {
    VERBOSITY.load(Ordering::Relaxed) < 0
}

/// `-v`: also what was read and written.
pub fn verbose() -> bool {
    VERBOSITY.load(Ordering::Relaxed) > 0
}

/// Colours for a stream, as `--color` and `NO_COLOR` say (the command line wins over the
/// environment, as no-color.org asks).
pub fn colors_on(is_terminal: bool) -> bool {
    match color() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color && is_terminal
        }
    }
}
