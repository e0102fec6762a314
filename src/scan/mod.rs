//! What reading a file looks for in its text, before and besides parsing it: characters that
//! could act on a terminal or hide text (control characters, bidi overrides), and secrets
//! (passwords, tokens, keys). Part of loading: `load` runs these scans on every file.

pub mod control;
pub mod credentials;
pub mod escaped;
pub mod known_tokens;
