//! Built-in templates, embedded in the binary, and a project's own overrides.
//!
//! A project may keep a `templates/` folder next to `policy-src/`; each file there replaces
//! the built-in file with the same relative name (`it/external.md.tera`), one by one.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The templates shipped with smpolicy: (relative name, content).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "it/account_kit.md.tera",
        include_str!("../../templates/it/account_kit.md.tera"),
    ),
    (
        "it/components.tera",
        include_str!("../../templates/it/components.tera"),
    ),
    (
        "it/external.md.tera",
        include_str!("../../templates/it/external.md.tera"),
    ),
    (
        "it/internal.md.tera",
        include_str!("../../templates/it/internal.md.tera"),
    ),
    (
        "it/labels.yaml",
        include_str!("../../templates/it/labels.yaml"),
    ),
    (
        "it/page.html.tera",
        include_str!("../../templates/it/page.html.tera"),
    ),
    (
        "fragment.html.tera",
        include_str!("../../templates/fragment.html.tera"),
    ),
    ("page.css", include_str!("../../templates/page.css")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// Largest template file read: the built-in ones are a few kilobytes.
const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

/// A project's own templates: the `templates/` folder of the project, next to the folder
/// of organisations (`<project>/policy-src/` and `<project>/templates/`; when `src` is one
/// organisation's folder, next to its parent). Never the current folder: the same build
/// from any folder uses the same templates and gives the same bytes.
pub fn beside(src: &Path) -> Option<PathBuf> {
    let src = std::fs::canonicalize(src).ok()?;
    let orgs = match crate::load::find_orgs(&src) {
        Ok(dirs) if dirs == [src.clone()] => src.parent()?.to_path_buf(),
        _ => src,
    };
    let dir = orgs.parent()?.join("templates");
    // A link is passed on, for `with_overrides` to refuse with a clear message.
    (dir.is_dir() || crate::fsutil::is_link(&dir)).then_some(dir)
}

/// The set of templates a build uses, after overrides.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    /// Sorted by name.
    pub files: Vec<(String, String)>,
    /// The templates parsed once, for `check`'s measure of readability (see
    /// [`TemplateSet::engine`]).
    engine: EngineCache,
}

/// A Tera engine made at most once per template set and shared by the threads of `check`.
#[derive(Default)]
struct EngineCache(
    std::sync::OnceLock<Result<std::sync::Arc<super::markdown::Engine>, Diagnostic>>,
);

impl Clone for EngineCache {
    /// A copy parses again: its files may be changed before it is used.
    fn clone(&self) -> Self {
        EngineCache::default()
    }
}

impl std::fmt::Debug for EngineCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EngineCache")
    }
}

impl TemplateSet {
    pub fn builtin() -> TemplateSet {
        let mut files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        files.sort();
        TemplateSet {
            files,
            engine: EngineCache::default(),
        }
    }

    /// The templates parsed into an engine, once (`None` when they cannot be parsed:
    /// [`TemplateSet::engine_error`] says why). Made on first use; the files must not change
    /// after it.
    pub fn engine(&self) -> Option<std::sync::Arc<super::markdown::Engine>> {
        self.parsed().as_ref().ok().cloned()
    }

    /// Why the templates cannot be parsed, when they cannot (what `check` reports once,
    /// as the build would).
    pub fn engine_error(&self) -> Option<Diagnostic> {
        self.parsed().as_ref().err().cloned()
    }

    fn parsed(&self) -> &Result<std::sync::Arc<super::markdown::Engine>, Diagnostic> {
        self.engine
            .0
            .get_or_init(|| super::markdown::Engine::new(self).map(std::sync::Arc::new))
    }

    /// The built-in set with the files of `dir` laid over it. The folder is read as it is:
    /// a link inside it (or the folder itself being a link), a pipe or a device is refused,
    /// so what goes into the documents is the folder's own files and nothing else.
    pub fn with_overrides(dir: Option<&Path>) -> Result<TemplateSet, Diagnostic> {
        let mut set = TemplateSet::builtin();
        let Some(dir) = dir else {
            return Ok(set);
        };
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(false)
            .follow_root_links(false)
            .max_depth(8)
        {
            let entry = entry.map_err(|e| {
                Diagnostic::io(format!("cannot read the templates folder: {e}")).in_file(dir)
            })?;
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            if kind.is_symlink() {
                return Err(Diagnostic::io(format!(
                        "`{}` is a link; smpolicy reads only the files really inside the templates folder",
                        entry.path().display()
                    ),
                )
                .in_file(entry.path())
                .hint("copy the template into the folder instead of linking it (or give the real folder with --templates)"));
            }
            let bytes =
                crate::fsutil::read_regular(entry.path(), MAX_TEMPLATE_BYTES).map_err(|e| {
                    Diagnostic::io(format!("cannot read the template: {e}"))
                        .in_file(entry.path())
                        .hint("templates are UTF-8 text files")
                })?;
            let content = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::io("cannot read the template: it is not UTF-8 text")
                    .in_file(entry.path())
                    .hint("save the template as UTF-8 text")
            })?;
            let rel = entry
                .path()
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            match set.files.iter_mut().find(|(n, _)| *n == rel) {
                Some(slot) => slot.1 = content,
                None => set.files.push((rel, content)),
            }
        }
        set.files.sort();
        Ok(set)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }

    /// Languages that have both documents' templates.
    pub fn has_language(&self, lang: &str) -> bool {
        [
            "external.md.tera",
            "internal.md.tera",
            "labels.yaml",
            "page.html.tera",
        ]
        .iter()
        .all(|f| self.get(&format!("{lang}/{f}")).is_some())
    }
}
