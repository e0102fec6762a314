//! For the auditor: `verify`, the semantic `diff` between two versions and `textconv`. The
//! fingerprint and the public data files they check are made by [`crate::bundle`].

pub mod diff;
pub mod textconv;
pub mod verify;
