//! Which file of `out/` a request names, if any: the only way from a URL to a path.
//!
//! The path is percent-decoded once, then split on `/`; every part must be an ordinary
//! name. `..` and `.` (also written `%2e%2e`, or hidden in `..%2f`), backslashes (also
//! `%5c`), empty parts (`//etc/passwd`), NUL and control characters, and names starting with
//! a dot (`.smpolicy-manifest`, `.smpolicy-lock`, the staging folder) are refused. What is
//! left is a path relative to `out/`, opened below it without ever leaving it (see
//! [`super::http`]).

use std::path::PathBuf;

use percent_encoding::percent_decode_str;

/// Why a request path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a path at all (`*`, `http://host/x`).
    NotAPath,
    /// The percent-decoded path is not UTF-8.
    NotUtf8,
    /// It would leave `out/`, or names something hidden: the part that was refused.
    Part(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotAPath => f.write_str("the request does not name a path"),
            Refused::NotUtf8 => f.write_str("the path is not UTF-8 text"),
            Refused::Part(p) => write!(
                f,
                "the path part {p:?} is not allowed: only files inside the output folder are served"
            ),
        }
    }
}

/// What a request target names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `/`: the list of organisations and documents.
    Index,
    /// A file (or folder) relative to `out/`, in parts that are each an ordinary name.
    File(PathBuf),
}

/// The request target without its query (`?...`) and fragment (`#...`).
pub fn path_of(target: &str) -> &str {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    &target[..end]
}

/// A name that may be part of a served path: not empty, not `.`, `..` or hidden (a leading
/// dot), no `/`, backslash, drive colon or control character.
pub fn ordinary(part: &str) -> bool {
    !(part.is_empty()
        || part.starts_with('.')
        || part.contains(['/', '\\', ':'])
        || part.chars().any(char::is_control))
}

/// Resolves a request target (`/comune/public/it/external.html?x`) to what it names.
pub fn resolve(target: &str) -> Result<Target, Refused> {
    let raw = path_of(target);
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(Refused::NotAPath);
    };
    if rest.is_empty() {
        return Ok(Target::Index);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| Refused::NotUtf8)?;
    let mut path = PathBuf::new();
    let parts: Vec<&str> = decoded.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        // A trailing slash (`/comune/`) names the folder; an empty part anywhere else would
        // make the rest absolute (`//etc/passwd`).
        if part.is_empty() && i + 1 == parts.len() {
            continue;
        }
        if !ordinary(part) {
            return Err(Refused::Part(part.to_string()));
        }
        path.push(part);
    }
    Ok(Target::File(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(target: &str) -> bool {
        resolve(target).is_err()
    }

    #[test]
    fn ordinary_paths_resolve_below_out() {
        assert_eq!(resolve("/"), Ok(Target::Index));
        assert_eq!(resolve("/?x=1"), Ok(Target::Index));
        assert_eq!(
            resolve("/comune/public/it/external.html?reload=1#M-03"),
            Ok(Target::File(PathBuf::from(
                "comune/public/it/external.html"
            )))
        );
        assert_eq!(
            resolve("/comune%20di%20x/public/"),
            Ok(Target::File(PathBuf::from("comune di x/public")))
        );
        assert_eq!(
            resolve("/citt%C3%A0/a.pdf"),
            Ok(Target::File(PathBuf::from("città/a.pdf")))
        );
    }

    #[test]
    fn paths_out_of_out_and_hidden_files_are_refused() {
        for target in [
            "/..",
            "/../etc/passwd",
            "/comune/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc%2fpasswd",
            "/comune/..%2F..%2F",
            "/.",
            "/./comune",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/comune//x",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/comune\\public",
            "/C:/Windows/win.ini",
            "/c%3a%5cwindows",
            "/.smpolicy-lock",
            "/comune/.smpolicy-manifest",
            "/.smpolicy-work/x",
            "/a%00.html",
            "/a%0d%0aSet-Cookie:x",
            "http://example.org/x",
            "*",
            "",
            "/%ff%fe",
        ] {
            assert!(refused(target), "{target} must be refused");
        }
    }
}
