//! Values that remember where they were written.
//!
//! `Src<T>` wraps a value read from YAML together with the file, line and column it came
//! from, so that a semantic error found long after parsing (an unknown role, a duplicate rule
//! id) can still point at the exact place in the officer's file.

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Index of a source file in the [`crate::load::Sources`] of one organisation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A place in a source file: 1-based line and column, and the byte range of the value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    pub file: FileId,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub len: usize,
}

impl Pos {
    /// The position serde-saphyr reports for a value or an error, in `file`.
    pub fn from_location(file: FileId, loc: &serde_saphyr::Location) -> Pos {
        let span = loc.span();
        let size = |v: Option<u64>| v.and_then(|o| usize::try_from(o).ok()).unwrap_or(0);
        Pos {
            file,
            line: usize::try_from(loc.line()).unwrap_or(0),
            column: usize::try_from(loc.column()).unwrap_or(0),
            offset: size(span.byte_offset()),
            len: size(span.byte_len()),
        }
    }
}

thread_local! {
    static CURRENT_FILE: Cell<FileId> = const { Cell::new(FileId(0)) };
}

/// Runs `f` with `file` as the file that newly deserialised [`Src`] values belong to.
pub fn with_current_file<R>(file: FileId, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT_FILE.with(|c| c.replace(file));
    let out = f();
    CURRENT_FILE.with(|c| c.set(previous));
    out
}

/// A value with its position in the YAML sources.
#[derive(Clone, Debug)]
pub struct Src<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Src<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Src { value, pos }
    }
}

impl<T: PartialEq> PartialEq for Src<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Src<T> {}

impl<T> std::ops::Deref for Src<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Src<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Src<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let pos = Pos::from_location(CURRENT_FILE.with(Cell::get), &spanned.referenced);
        Ok(Src {
            value: spanned.value,
            pos,
        })
    }
}

/// Positions are not part of the policy: serialising a `Src` writes only its value, so the
/// canonical form (and its fingerprint) does not change when lines move.
impl<T: Serialize> Serialize for Src<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}
