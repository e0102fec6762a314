//! `smpolicy textconv FILE`: the rendered policy text of the organisation a YAML file
//! belongs to, so that `git diff` and `git log -p` show what a change does to the policy.
//!
//! Git hands a textconv driver one file: the real file in the work tree, or a temporary copy
//! (`/tmp/XXXXXX_accounts.yaml`) for older versions. A real file is rendered with the other
//! files of its organisation folder. A temporary copy is matched by name to a file of an
//! organisation under the source folder and rendered in its place, with the organisation's
//! other files as they are in the work tree. When neither works (a broken file, no
//! organisation), the file is printed as it is: git needs some text, never an error.

use std::path::{Path, PathBuf};

use crate::compile;
use crate::diagnostics::Diagnostic;
use crate::render::{self, Meta, markdown::Engine, templates::TemplateSet};

/// Largest file textconv reads, as the loader.
const MAX_BYTES: u64 = crate::load::MAX_FILE_BYTES;

/// The text git should diff for `file`. A pipe, device or folder is refused at once (it
/// would block the read or never end); so is a file larger than a policy file may be.
pub fn textconv(file: &Path, src: &Path, templates: &TemplateSet) -> Result<String, Diagnostic> {
    let raw = crate::fsutil::read_regular(file, MAX_BYTES).map_err(|e| {
        Diagnostic::io(format!("cannot read `{}`: {e}", file.display()))
            .in_file(file)
            .hint("textconv reads one plain text file, as git hands it over")
    })?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    Ok(render_for(file, &text, src, templates).unwrap_or(text))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .max_depth(8)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect()
}

/// Lines two texts have in common: to choose among organisations with a file of that name.
fn common_lines(a: &str, b: &str) -> usize {
    let set: std::collections::BTreeSet<&str> = a.lines().collect();
    b.lines().filter(|l| set.contains(l)).count()
}

fn render_for(file: &Path, text: &str, src: &Path, templates: &TemplateSet) -> Option<String> {
    let orgs = crate::load::find_orgs(src).ok()?;
    let file_abs = std::fs::canonicalize(file).ok();
    // The organisation whose folder holds the file itself.
    let own = orgs.iter().find(|dir| {
        let dir_abs = std::fs::canonicalize(dir).ok();
        matches!((&file_abs, &dir_abs), (Some(f), Some(d)) if f.starts_with(d))
    });
    let (org_dir, replaced) = match own {
        Some(dir) => (dir.clone(), None),
        None => {
            let name = file.file_name()?.to_string_lossy().into_owned();
            // Git's temporary copies are named `XXXXXX_<name>`.
            let base = match name.split_once('_') {
                Some((prefix, rest)) if prefix.len() == 6 => rest.to_string(),
                _ => name.clone(),
            };
            let mut best: Option<(usize, PathBuf, PathBuf)> = None;
            for dir in &orgs {
                for f in yaml_files(dir) {
                    let fname = f.file_name().map(|n| n.to_string_lossy().into_owned());
                    if fname.as_deref() == Some(base.as_str())
                        || fname.as_deref() == Some(name.as_str())
                    {
                        let current = crate::fsutil::read_regular(&f, MAX_BYTES)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                            .unwrap_or_default();
                        let score = common_lines(&current, text);
                        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                            best = Some((score, dir.clone(), f));
                        }
                    }
                }
            }
            let (_, dir, f) = best?;
            (dir, Some(f))
        }
    };
    let slug = org_dir.file_name()?.to_os_string();
    let tmp = tempfile::tempdir().ok()?;
    let copy = tmp.path().join(&slug);
    for f in yaml_files(&org_dir) {
        let rel = f.strip_prefix(&org_dir).ok()?;
        let target = copy.join(rel);
        std::fs::create_dir_all(target.parent()?).ok()?;
        if replaced.as_deref() == Some(f.as_path()) {
            std::fs::write(&target, text).ok()?;
        } else {
            std::fs::copy(&f, &target).ok()?;
        }
    }
    let checked = compile::check_with(&copy, templates, false);
    if checked.has_errors() {
        return None;
    }
    let org = checked.orgs.first()?;
    let engine = Engine::new(templates).ok()?;
    let docs = render::markdown_docs(&org.policy, &engine, &Meta::default()).ok()?;
    let mut out = String::new();
    for doc in docs {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&doc.markdown);
    }
    Some(out)
}
