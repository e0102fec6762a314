//! Writing outputs: each organisation folder is swapped in whole.
//!
//! A build takes a lock on `out/` (two builds never interleave), finishes or undoes what a
//! killed build left behind, then writes every organisation into a staging folder inside
//! `out/.smpolicy-work/` (same file system), forces it to disk and exchanges it with
//! `out/<org>` in one step (`renameat2(RENAME_EXCHANGE)` on Linux; two renames elsewhere,
//! undone at the start of the next build if interrupted). So after a crash or `kill -9` at
//! any moment, each `out/<org>` is entirely the previous build or entirely the new one.
//!
//! Every organisation folder holds `.smpolicy-manifest`, the list of the files smpolicy
//! wrote. A file that is not in it is someone else's: it is carried into the new folder and
//! never deleted. An organisation folder with a manifest whose organisation is no longer in
//! the source is removed (only when the build reads a folder of organisations).
//!
//! Nothing is written through a symbolic link: a link at `out/<org>` is refused, files are
//! created new (`O_EXCL`) inside folders this build made.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::fsutil::{self, Swapped};

/// A file to write, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The list of files smpolicy wrote into an organisation folder.
pub const MANIFEST: &str = ".smpolicy-manifest";
/// Where staging folders live while a build writes.
pub const WORK_DIR: &str = ".smpolicy-work";
/// The lock that keeps two builds from writing into one `out/` at once.
pub const LOCK_FILE: &str = ".smpolicy-lock";
/// Part of the temporary names of older smpolicy versions, removed when found.
const LEGACY_TEMP: &str = ".tmp-smpolicy-";

const MANIFEST_HEADER: &str = "# Written by smpolicy: the files listed below are replaced or removed by the next build.\n# Any other file in this folder is yours: smpolicy keeps it.\n";

/// What [`write_all`] did besides writing.
#[derive(Debug, Default)]
pub struct Written {
    /// Organisation folders removed because their organisation left the source.
    pub removed: Vec<String>,
    /// Files that are not smpolicy's, kept in an organisation folder, for the user to know.
    pub kept: Vec<PathBuf>,
}

fn io_error(what: String, e: &std::io::Error) -> Diagnostic {
    Diagnostic::io(format!("{what}: {e}")).hint(
        "check that the output folder is writable and the disk is not full; every organisation folder is still either the previous build or the new one",
    )
}

/// Holds the lock on `out/` until dropped.
struct Lock {
    _file: File,
}

fn lock(out: &Path) -> Result<Lock, Diagnostic> {
    let path = out.join(LOCK_FILE);
    let file = fsutil::open_no_follow(&path)
        .map_err(|e| io_error(format!("cannot open the lock `{}`", path.display()), &e))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(Diagnostic::error(
            "out-locked",
            format!(
                "another smpolicy build is writing into `{}` right now",
                out.display()
            ),
        )
        .hint("wait for it to finish, then run the build again; nothing was written")
        .environment()),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(io_error(format!("cannot lock `{}`", path.display()), &e))
        }
    }
}

/// Finishes what a killed build left: an organisation folder moved aside by the two-rename
/// fallback is put back, then the staging area is removed.
fn recover(out: &Path) -> Result<(), Diagnostic> {
    let work = out.join(WORK_DIR);
    if fsutil::is_link(&work) {
        return std::fs::remove_file(&work)
            .map_err(|e| io_error(format!("cannot remove `{}`", work.display()), &e));
    }
    if !work.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(&work)
        .map_err(|e| io_error(format!("cannot list `{}`", work.display()), &e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(slug) = name.strip_suffix(".old") {
            let target = out.join(slug);
            if std::fs::symlink_metadata(&target).is_err() {
                std::fs::rename(entry.path(), &target)
                    .map_err(|e| io_error(format!("cannot restore `{}`", target.display()), &e))?;
            }
        }
    }
    std::fs::remove_dir_all(&work)
        .map_err(|e| io_error(format!("cannot remove `{}`", work.display()), &e))
}

/// The files listed in an organisation folder's manifest, if it has one.
pub fn read_manifest(dir: &Path) -> Option<BTreeSet<String>> {
    let bytes = fsutil::read_regular(&dir.join(MANIFEST), 16 * 1024 * 1024).ok()?;
    Some(
        String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
    )
}

/// The files an older smpolicy (before manifests, when one `SHA256SUMS` at the top of the
/// organisation folder listed every document, internal ones included) wrote: they are
/// replaced like any of smpolicy's, not kept as someone else's.
fn legacy_files(dir: &Path) -> Option<BTreeSet<String>> {
    let bytes = fsutil::read_regular(&dir.join("SHA256SUMS"), 1024 * 1024).ok()?;
    let mut files: BTreeSet<String> = String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(_, path)| path.to_string()))
        .collect();
    files.insert("SHA256SUMS".to_string());
    Some(files)
}

/// Files under `dir` that smpolicy did not write (not in `theirs`, the old manifest, nor in
/// `ours`, the new set), relative, with temporary files of older versions left out.
fn foreign_files(
    dir: &Path,
    theirs: &BTreeSet<String>,
    ours: &BTreeSet<String>,
) -> Vec<(PathBuf, bool)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        let is_dir = entry.file_type().is_dir();
        // A folder that held or holds smpolicy's files is smpolicy's too: it goes with them
        // (an `internal/` no longer built), unless files of the user's keep it.
        let prefix = format!("{name}/");
        let our_dir = is_dir && theirs.iter().chain(ours).any(|f| f.starts_with(&prefix));
        if name == MANIFEST
            || name.contains(LEGACY_TEMP)
            || our_dir
            || (!is_dir && (theirs.contains(&name) || ours.contains(&name)))
        {
            continue;
        }
        found.push((rel.to_path_buf(), is_dir));
    }
    found
}

/// Writes one organisation into `stage`: its files, the files of the old folder that are
/// not smpolicy's, and the manifest; everything forced to disk.
fn stage_org(
    stage: &Path,
    old: &Path,
    files: &[&Artifact],
    slug: &str,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail =
        |p: &Path, e: std::io::Error| io_error(format!("cannot write `{}`", p.display()), &e);
    std::fs::create_dir(stage).map_err(|e| fail(stage, e))?;
    let mut ours = BTreeSet::new();
    let mut dirs = BTreeSet::from([stage.to_path_buf()]);
    for a in files {
        let rel = a.path.strip_prefix(slug).unwrap_or(&a.path);
        let target = stage.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
            dirs.insert(parent.to_path_buf());
        }
        write_new(&target, &a.bytes).map_err(|e| fail(&target, e))?;
        ours.insert(rel.to_string_lossy().replace('\\', "/"));
    }
    let mut kept = Vec::new();
    if old.is_dir() && !fsutil::is_link(old) {
        let theirs = read_manifest(old)
            .or_else(|| legacy_files(old))
            .unwrap_or_default();
        for (rel, is_dir) in foreign_files(old, &theirs, &ours) {
            let (from, to) = (old.join(&rel), stage.join(&rel));
            if is_dir {
                std::fs::create_dir_all(&to).map_err(|e| fail(&to, e))?;
                dirs.insert(to);
                continue;
            }
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
                dirs.insert(parent.to_path_buf());
            }
            if carry(&from, &to).map_err(|e| fail(&to, e))? {
                kept.push(PathBuf::from(slug).join(rel));
            }
        }
    }
    let mut manifest = MANIFEST_HEADER.to_string();
    for f in &ours {
        manifest.push_str(f);
        manifest.push('\n');
    }
    let path = stage.join(MANIFEST);
    write_new(&path, manifest.as_bytes()).map_err(|e| fail(&path, e))?;
    if !fsutil::SYNCS_WHOLE_FS {
        for d in dirs.iter().rev() {
            fsutil::sync_dir(d).map_err(|e| fail(d, e))?;
        }
    }
    Ok(kept)
}

/// Creates a staged file: forced to disk with the whole staging area before any folder is
/// swapped in ([`fsutil::sync_fs`]), or one by one where that is not available.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if fsutil::SYNCS_WHOLE_FS {
        fsutil::create_new_unsynced(path, bytes)
    } else {
        fsutil::create_new(path, bytes)
    }
}

/// Carries someone's file from the old organisation folder into the new one, as it is: a
/// hard link keeps the very file (a symbolic link stays a link: Linux does not follow it).
/// Where hard links fail, a regular file is copied and a link recreated; nothing is read
/// through a link. `false` when the entry is of a kind that cannot be carried (a pipe on a
/// file system without hard links).
fn carry(from: &Path, to: &Path) -> std::io::Result<bool> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(true);
    }
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_file() {
        std::fs::copy(from, to)?;
        return Ok(true);
    }
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(from)?, to)?;
        return Ok(true);
    }
    Ok(false)
}

/// Puts `stage` in place of `out/<slug>`, atomically where the system can.
fn swap_in(out: &Path, work: &Path, stage: &Path, slug: &str) -> Result<(), Diagnostic> {
    let target = out.join(slug);
    let fail =
        |e: std::io::Error| io_error(format!("cannot move `{}` into place", target.display()), &e);
    match fsutil::swap_dirs(stage, &target) {
        Ok(Swapped::Exchanged) => {
            std::fs::remove_dir_all(stage).map_err(fail)?;
        }
        Ok(Swapped::Renamed) => {}
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            // Two renames: a kill between them leaves `<slug>.old`, which the next build
            // puts back before anything else.
            let aside = work.join(format!("{slug}.old"));
            std::fs::rename(&target, &aside).map_err(fail)?;
            std::fs::rename(stage, &target).map_err(fail)?;
            std::fs::remove_dir_all(&aside).map_err(fail)?;
        }
        Err(e) => return Err(fail(e)),
    }
    Ok(())
}

/// Removes an organisation folder smpolicy wrote whose organisation left the source. Files
/// that are not smpolicy's stay where they are (and so does their folder).
fn remove_org(out: &Path, work: &Path, slug: &str) -> Result<(), Diagnostic> {
    let dir = out.join(slug);
    let fail = |e: std::io::Error| io_error(format!("cannot remove `{}`", dir.display()), &e);
    let theirs = read_manifest(&dir).unwrap_or_default();
    let foreign: Vec<_> = foreign_files(&dir, &theirs, &BTreeSet::new())
        .into_iter()
        .filter(|(_, is_dir)| !is_dir)
        .collect();
    if foreign.is_empty() {
        let gone = work.join(format!("{slug}.gone"));
        std::fs::rename(&dir, &gone).map_err(fail)?;
        return std::fs::remove_dir_all(&gone).map_err(fail);
    }
    // The walk never follows a link, so a manifest naming `../x` or a path through a linked
    // folder cannot make the build delete a file outside the organisation folder.
    let listed: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter(|e| {
            e.path()
                .strip_prefix(&dir)
                .is_ok_and(|rel| theirs.contains(&rel.to_string_lossy().replace('\\', "/")))
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    for p in &listed {
        std::fs::remove_file(p).map_err(fail)?;
    }
    std::fs::remove_file(dir.join(MANIFEST)).map_err(fail)?;
    // Folders left empty go too; a folder with someone's file in it stays.
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
    {
        let _ = std::fs::remove_dir(entry.path());
    }
    Ok(())
}

/// Output folders smpolicy wrote (they hold a manifest) that are not in `slugs`.
fn vanished(out: &Path, slugs: &BTreeSet<&str>) -> Vec<String> {
    let mut gone = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return gone;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.')
            || slugs.contains(name.as_str())
            || fsutil::is_link(&path)
            || !path.is_dir()
            || !path.join(MANIFEST).is_file()
        {
            continue;
        }
        gone.push(name);
    }
    gone.sort();
    gone
}

/// Writes `artifacts` (paths `<slug>/...`) under `out`: each organisation folder is replaced
/// in one step. With `prune`, organisation folders smpolicy wrote earlier whose organisation
/// is not among the artifacts' are removed.
pub fn write_all(out: &Path, artifacts: &[Artifact], prune: bool) -> Result<Written, Diagnostic> {
    let mut orgs: Vec<(String, Vec<&Artifact>)> = Vec::new();
    for a in artifacts {
        let slug = a
            .path
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match orgs.last_mut() {
            Some((s, files)) if *s == slug => files.push(a),
            _ => orgs.push((slug, vec![a])),
        }
    }
    let slugs: Vec<String> = orgs.iter().map(|(s, _)| s.clone()).collect();
    let plan = Plan {
        slugs: &slugs,
        prune,
        keep: &BTreeSet::new(),
    };
    write_streaming(out, &plan, &|i| {
        Ok(orgs[i].1.iter().map(|a| (*a).clone()).collect())
    })
}

/// What [`write_streaming`] writes: the organisation folders, and what it may remove.
pub struct Plan<'a> {
    /// The organisation folders to write, `out/<slug>`.
    pub slugs: &'a [String],
    /// Remove the folders smpolicy wrote earlier for organisations not in `slugs`.
    pub prune: bool,
    /// With `prune`, folders that stay although they are not in `slugs` (organisations of
    /// the source that this build does not write).
    pub keep: &'a BTreeSet<String>,
}

/// Refuses an organisation folder name that would be written through a link or over a
/// file, before anything changes.
fn refuse_unsafe(out: &Path, slug: &str) -> Result<(), Diagnostic> {
    let target = out.join(slug);
    if slug.is_empty() || slug.starts_with('.') {
        return Err(
            Diagnostic::io(format!("`{slug}` cannot be the name of an output folder"))
                .hint("rename the organisation's folder: its name becomes out/<name>/"),
        );
    }
    if fsutil::is_link(&target) {
        return Err(Diagnostic::io(format!(
                "`{}` is a symbolic link; smpolicy never writes through a link",
                target.display()
            ),
        )
        .hint("remove the link (or move it away) and build again: the folder is then written in its place; nothing was written"));
    }
    if target.exists() && !target.is_dir() {
        return Err(
            Diagnostic::io(format!("`{}` is a file, not a folder", target.display()))
                .hint("move the file away and build again; nothing was written"),
        );
    }
    Ok(())
}

/// Writes the organisation folders of `plan` under `out`, each replaced in one step, with
/// the files `produce(i)` returns for `plan.slugs[i]` (paths `<slug>/...`). Organisations
/// are produced and staged in parallel, each one's files leaving memory once staged, so
/// memory does not grow with their number. Only when every organisation is staged are the
/// folders swapped in: an error while producing or staging any of them changes nothing in
/// `out/`.
pub fn write_streaming(
    out: &Path,
    plan: &Plan,
    produce: &(dyn Fn(usize) -> Result<Vec<Artifact>, Diagnostic> + Sync),
) -> Result<Written, Diagnostic> {
    for slug in plan.slugs {
        refuse_unsafe(out, slug)?;
    }
    std::fs::create_dir_all(out)
        .map_err(|e| io_error(format!("cannot create `{}`", out.display()), &e))?;
    let _lock = lock(out)?;
    recover(out)?;
    let work = out.join(WORK_DIR);
    std::fs::create_dir(&work)
        .map_err(|e| io_error(format!("cannot create `{}`", work.display()), &e))?;

    use rayon::prelude::*;
    let staged: Result<Vec<Vec<PathBuf>>, Diagnostic> = plan
        .slugs
        .par_iter()
        .enumerate()
        .map(|(i, slug)| {
            let files = produce(i)?;
            let files: Vec<&Artifact> = files.iter().collect();
            stage_org(
                &work.join(format!("{slug}.new")),
                &out.join(slug),
                &files,
                slug,
            )
        })
        .collect();
    let staged = match staged {
        Ok(s) => s,
        Err(d) => {
            // Nothing was swapped in: the staging folder goes, out/ is as it was.
            let _ = std::fs::remove_dir_all(&work);
            return Err(d);
        }
    };
    let mut written = Written::default();
    written.kept.extend(staged.into_iter().flatten());
    // Every staged file and folder on disk before the first swap.
    fsutil::sync_fs(&work)
        .map_err(|e| io_error(format!("cannot write `{}`", work.display()), &e))?;
    fsutil::sync_dir(&work)
        .map_err(|e| io_error(format!("cannot write `{}`", work.display()), &e))?;
    for slug in plan.slugs {
        swap_in(out, &work, &work.join(format!("{slug}.new")), slug)?;
    }
    if plan.prune {
        let slugs: BTreeSet<&str> = plan
            .slugs
            .iter()
            .chain(plan.keep.iter())
            .map(String::as_str)
            .collect();
        for slug in vanished(out, &slugs) {
            remove_org(out, &work, &slug)?;
            written.removed.push(slug);
        }
    }
    fsutil::sync_dir(out).map_err(|e| io_error(format!("cannot write `{}`", out.display()), &e))?;
    std::fs::remove_dir_all(&work)
        .map_err(|e| io_error(format!("cannot remove `{}`", work.display()), &e))?;
    Ok(written)
}
