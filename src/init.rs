//! `smpolicy init`: a complete, commented starter organisation that `check` accepts as it is.
//!
//! The starter files live in `starter/*.yaml`, embedded in the binary, with a few
//! placeholders (`@@ENTE@@`, `@@KIND@@`, ...) filled in per kind of body.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::labels::{Labels, capitalise_first};
use crate::model::OrgKind;
use crate::org_kinds;

/// The built-in Italian words, for the forms of the starter's name.
const BUILTIN_LABELS: &str = include_str!("../templates/it/labels.yaml");

/// The starter files: (file name, text with placeholders).
pub const FILES: &[(&str, &str)] = &[
    ("policy.yaml", include_str!("../starter/policy.yaml")),
    ("accounts.yaml", include_str!("../starter/accounts.yaml")),
    (
        "moderation.yaml",
        include_str!("../starter/moderation.yaml"),
    ),
    ("internal.yaml", include_str!("../starter/internal.yaml")),
];

/// Where `init` writes when no folder is given.
pub const DEFAULT_DIR: &str = "policy-src/nuovo-ente";

/// Name of the JSON Schema file at the project root: versioned
/// (`smpolicy-0.1.0.schema.json`), so that files written by an older `init` keep pointing at
/// the schema of the version they were written for, and a newer `init` adds its own beside
/// it instead of finding the old one and leaving it stale.
pub fn schema_file() -> String {
    crate::schema::file_name()
}

/// The kinds of body `init` has a starter for: every kind of the model. The adopting body
/// and act the starter proposes for each are in `data/org_kinds.yaml`.
pub type StarterKind = OrgKind;

impl crate::names::Named for OrgKind {
    const ALL: &'static [Self] = OrgKind::ALL;

    /// The name after `--kind` (`citta-metropolitana`); the value written in YAML
    /// (`citta_metropolitana`) is its alias.
    fn name(self) -> &'static str {
        org_kinds::facts(self).init.as_str()
    }

    fn alias(self) -> Option<&'static str> {
        Some(self.key()).filter(|k| *k != self.name())
    }
}

/// The starter's files for `kind`, with `schema` as the path in each file's modeline.
pub fn render(kind: StarterKind, schema: &str) -> Vec<(&'static str, String)> {
    let t = org_kinds::facts(kind);
    // The starter's sentences name the body with its article ("Il Comune di Esempio usa",
    // "Pagina ufficiale dell'Agenzia di Esempio"), in the built-in Italian words.
    let forms = Labels::parse("it/labels.yaml", BUILTIN_LABELS)
        .map(|l| {
            let article = org_kinds::facts(kind).article;
            l.name_forms(article, &t.example)
        })
        .unwrap_or_default();
    let the = capitalise_first(&forms.the);
    let elected = if t.elected { "true" } else { "false" };
    FILES
        .iter()
        .map(|(name, text)| {
            let out = text
                .replace("@@SCHEMA@@", schema)
                .replace("@@ENTE_IL@@", &the)
                .replace("@@DELL_ENTE@@", &forms.of)
                .replace("@@ENTE@@", &t.example)
                .replace("@@KIND@@", kind.key())
                .replace("@@ORGANO@@", &t.body)
                .replace("@@ATTO@@", &t.act)
                .replace("@@ELETTIVI@@", elected);
            (*name, out)
        })
        .collect()
}

/// The path from a file in `dir` to the schema file in the current folder: `../../`
/// for `policy-src/<org>`, an absolute path when `dir` is absolute or climbs with `..`.
pub fn schema_path_from(dir: &Path, cwd: &Path) -> String {
    let mut depth = 0;
    let mut relative = !dir.is_absolute();
    for c in dir.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => relative = false,
        }
    }
    if relative {
        format!("{}{}", "../".repeat(depth), schema_file())
    } else {
        cwd.join(schema_file()).display().to_string()
    }
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Written {
    pub files: Vec<PathBuf>,
}

/// Writes the starter into `dir`, and this version's schema file into `cwd` when it is
/// missing.
/// Refuses, writing nothing, when any starter file already exists.
pub fn run(
    dir: &Path,
    kind: StarterKind,
    cwd: &Path,
    schema_json: &str,
) -> Result<Written, Diagnostic> {
    let files = render(kind, &schema_path_from(dir, cwd));
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists() || p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        let list = existing
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Diagnostic::error(
            "exists",
            format!("{list} already exist(s); smpolicy init never overwrites files, so nothing was written"),
        )
        .in_file(&existing[0])
        .hint(format!(
            "choose another folder, for example `smpolicy init {}/nuovo-ente-2`, or delete the files first",
            dir.parent().map_or(".".into(), |p| p.display().to_string())
        )));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::io(format!("`{}` exists and is not a folder", dir.display()))
                .in_file(dir)
                .hint("choose another folder name"),
        );
    }
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::io(format!("cannot write `{}`: {e}", p.display())).in_file(p)
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut written = Vec::new();
    for (name, text) in &files {
        let path = dir.join(name);
        // create_new: never overwrite, even if a file appeared since the check above.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    let schema = cwd.join(schema_file());
    // Created new: an existing file, or a link (even one to nowhere), is left alone and
    // never written through.
    match crate::fsutil::create_new(&schema, schema_json.as_bytes()) {
        Ok(()) => written.push(schema),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io(&schema, e)),
    }
    Ok(Written { files: written })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_never_written_through_a_dangling_link() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("elsewhere.json");
        std::os::unix::fs::symlink(&target, tmp.path().join(schema_file())).unwrap();
        let w = run(
            &tmp.path().join("ente"),
            StarterKind::Comune,
            tmp.path(),
            "{}",
        )
        .unwrap();
        assert!(!target.exists(), "the link was written through");
        assert!(w.files.iter().all(|f| !f.ends_with(schema_file())));
    }

    #[test]
    fn schema_paths() {
        let cwd = Path::new("/proj");
        let v = env!("CARGO_PKG_VERSION");
        assert_eq!(
            schema_path_from(Path::new("policy-src/nuovo-ente"), cwd),
            format!("../../smpolicy-{v}.schema.json")
        );
        assert_eq!(
            schema_path_from(Path::new("./ente"), cwd),
            format!("../smpolicy-{v}.schema.json")
        );
        assert_eq!(
            schema_path_from(Path::new("/tmp/x"), cwd),
            format!("/proj/smpolicy-{v}.schema.json")
        );
        assert_eq!(
            schema_path_from(Path::new("../x"), cwd),
            format!("/proj/smpolicy-{v}.schema.json")
        );
    }

    #[test]
    fn placeholders_are_all_filled() {
        for kind in <StarterKind as crate::names::Named>::ALL {
            for (name, text) in render(*kind, "../../policy.schema.json") {
                assert!(
                    !text.contains("@@"),
                    "{name} for {kind:?} keeps a placeholder"
                );
            }
        }
    }
}
