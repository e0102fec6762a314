//! Built-in templates, embedded in the binary, and a project's own overrides.
//!
//! A project may keep a `templates/` folder next to `policy-src/`; each file there replaces
//! the built-in file with the same relative name (`it/external.md.tera`), one by one.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The templates shipped with smpolicy: (relative name, content).
pub const BUILTIN: &[(&str, &str)] = &[
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
    ("style.css", include_str!("../../templates/style.css")),
];

/// The set of templates a build uses, after overrides.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    /// Sorted by name.
    pub files: Vec<(String, String)>,
}

impl TemplateSet {
    pub fn builtin() -> TemplateSet {
        let mut files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        files.sort();
        TemplateSet { files }
    }

    /// The built-in set with the files of `dir` laid over it.
    pub fn with_overrides(dir: Option<&Path>) -> Result<TemplateSet, Diagnostic> {
        let mut set = TemplateSet::builtin();
        let Some(dir) = dir else {
            return Ok(set);
        };
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(true)
        {
            let entry = entry.map_err(|e| {
                Diagnostic::error("io", format!("cannot read the templates folder: {e}"))
                    .in_file(dir)
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let content = std::fs::read_to_string(entry.path()).map_err(|e| {
                Diagnostic::error("io", format!("cannot read the template: {e}"))
                    .in_file(entry.path())
                    .hint("templates must be UTF-8 text files")
            })?;
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
