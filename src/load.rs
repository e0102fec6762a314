//! Reading `policy-src/`: one folder per organisation, YAML files in sorted order.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::span::with_current_file;
use crate::model::{FileId, PolicyFile};

/// Largest YAML file we read. A policy is a few hundred lines; anything much larger is a
/// mistake (a PDF renamed, a log file) and would only make the officer wait.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// One organisation's YAML files, parsed.
#[derive(Debug)]
pub struct OrgSource {
    /// Folder name, used as the output folder (`out/<slug>/`).
    pub slug: String,
    pub dir: PathBuf,
    pub files: Vec<(FileId, PolicyFile)>,
}

/// The files whose credential and control-character scans found nothing, by a SHA-256 of
/// their name and text (32 bytes a file: a few hundred kilobytes for every comune of
/// Italy). `build` checks every organisation, then reads each again to render it; a file
/// whose name and text are those it checked clean is not scanned a second time (the scans
/// depend on nothing else, so they would find nothing again). A file that changed in
/// between is scanned as the first time.
#[derive(Debug, Default)]
pub struct Scanned(std::sync::Mutex<std::collections::HashSet<[u8; 32]>>);

impl Scanned {
    fn key(name: &str, text: &str) -> [u8; 32] {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update(text.as_bytes());
        h.finalize().into()
    }

    fn contains(&self, key: &[u8; 32]) -> bool {
        self.0.lock().is_ok_and(|set| set.contains(key))
    }

    fn insert(&self, key: [u8; 32]) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(key);
        }
    }
}

thread_local! {
    static SCANNED: std::cell::RefCell<Option<std::sync::Arc<Scanned>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a load on this thread) remembering in `scanned` the files that scan clean, and
/// not scanning again those it holds.
pub fn with_scanned<R>(scanned: &std::sync::Arc<Scanned>, f: impl FnOnce() -> R) -> R {
    let previous = SCANNED.with(|s| s.replace(Some(scanned.clone())));
    let out = f();
    SCANNED.with(|s| s.replace(previous));
    out
}

/// Finds the organisations under `src`. `src` is either a folder of organisation folders
/// (`policy-src/`) or one organisation folder (it holds YAML files itself).
pub fn find_orgs(src: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let meta = std::fs::metadata(src).map_err(|e| {
        Diagnostic::io(format!("cannot read `{}`: {e}", src.display())).hint(
            "give the folder that holds the organisations, for example `policy-src`, or one organisation's folder",
        )
    })?;
    if !meta.is_dir() {
        return Err(
            Diagnostic::io(format!("`{}` is not a folder", src.display()))
                .hint("smpolicy reads a folder: `policy-src` or `policy-src/<organisation>`"),
        );
    }
    let entries = std::fs::read_dir(src)
        .map_err(|e| Diagnostic::io(format!("cannot list `{}`: {e}", src.display())))?;
    let mut dirs = Vec::new();
    let mut linked = Vec::new();
    let mut yaml = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Diagnostic::io(format!("cannot list `{}`: {e}", src.display())))?;
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link && path.is_dir() {
            linked.push(path);
        } else if path.is_dir() {
            dirs.push(path);
        } else if is_yaml(&path) {
            yaml.push(path);
        }
    }
    dirs.sort();
    if !yaml.is_empty() {
        // YAML files beside folders that hold a policy.yaml of their own: a folder of
        // organisations with stray files at its top, or an organisation with another one
        // inside it. Read as one organisation, it would give an error for every repeated key.
        let orgs: Vec<&PathBuf> = dirs
            .iter()
            .filter(|d| d.join("policy.yaml").is_file() || d.join("policy.yml").is_file())
            .collect();
        if !orgs.is_empty() {
            yaml.sort();
            return Err(mixed_source(src, &yaml, &orgs));
        }
        return Ok(vec![src.to_path_buf()]);
    }
    // An organisation folder that is a link could lead anywhere on the disk (`/`): the
    // loader reads only what is really inside SRC.
    linked.sort();
    if let Some(link) = linked.first() {
        return Err(Diagnostic::io(format!(
                "`{}` is a link to a folder; smpolicy reads only folders that are really inside `{}`",
                link.display(),
                src.display()
            ),
        )
        .in_file(link)
        .hint("move the organisation's folder here instead of linking it, or give its real path as SRC"));
    }
    if let Some(d) = case_twins(&dirs) {
        return Err(d);
    }
    if dirs.is_empty() {
        return Err(Diagnostic::error(
            "no-policy",
            format!("`{}` holds no organisation", src.display()),
        )
        .hint(
            "create a folder per organisation with a policy.yaml in it, or run `smpolicy init`",
        ));
    }
    Ok(dirs)
}

/// The first few names of `paths`, as `` `a`, `b`, `c` and 2 more ``.
fn some_names(paths: &[&PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{}`", slug_of(p)))
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("{} more", paths.len() - SHOWN));
    }
    names.join(", ")
}

/// SRC holds YAML files and organisation folders both: which one it is cannot be told.
fn mixed_source(src: &Path, yaml: &[PathBuf], orgs: &[&PathBuf]) -> Diagnostic {
    let files: Vec<&PathBuf> = yaml.iter().collect();
    Diagnostic::error(
        "mixed-source",
        format!(
            "`{}` holds YAML files ({}) and organisation folders with a policy.yaml ({}): it is either one organisation or a folder of organisations, not both",
            src.display(),
            some_names(&files),
            some_names(orgs)
        ),
    )
    .in_file(&yaml[0])
    .hint(format!(
        "move the YAML files at the top of `{}` into their organisation's folder, or give one organisation's folder as SRC",
        src.display()
    ))
}

/// Two organisation folders whose names differ only in upper and lower case (or in the
/// way an accent is written): Windows and macOS keep one folder for both, so
/// `out/<name>/` of one would be the other's.
fn case_twins(dirs: &[PathBuf]) -> Option<Diagnostic> {
    let mut seen: std::collections::BTreeMap<String, &PathBuf> = Default::default();
    for dir in dirs {
        let name = slug_of(dir);
        let folded = crate::nfc::nfc(&name).to_lowercase();
        if let Some(first) = seen.get(&folded) {
            return Some(
                Diagnostic::error(
                    "organisation-name-case",
                    format!(
                        "the organisation folders `{}` and `{name}` differ only in upper and lower case (or in how an accent is encoded)",
                        slug_of(first)
                    ),
                )
                .in_file(dir)
                .hint("on Windows and macOS they are one folder, and so would be their documents in out/: rename or merge one of the two"),
            );
        }
        seen.insert(folded, dir);
    }
    None
}

/// The name of an organisation: its folder's name, also for `.` or `..` (the name of the
/// folder they stand for), so `smpolicy build .` inside an organisation writes
/// `out/<its name>/`.
pub fn slug_of(dir: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(dir)
        .or_else(|| std::fs::canonicalize(dir).ok().and_then(|p| named(&p)))
        .unwrap_or_else(|| "policy".to_string())
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml") | Some("yml")
    )
}

/// Reads and parses every YAML file of one organisation. Errors are collected, not
/// returned one at a time, so the officer sees all of them in one run.
pub fn load_org(dir: &Path, sources: &mut SourceSet, diags: &mut Vec<Diagnostic>) -> OrgSource {
    let slug = slug_of(dir);
    let mut files = Vec::new();
    // Links are not followed by the walk: each is looked at below, and only a link to a
    // YAML file inside the organisation folder is read.
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(8);
    let root = std::fs::canonicalize(dir).ok();
    let mut seen_any = false;
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or(dir.to_path_buf());
                let msg = if e.loop_ancestor().is_some() {
                    format!(
                        "`{}` is a link that loops back to a folder above it",
                        path.display()
                    )
                } else {
                    format!("cannot read `{}`: {}", path.display(), io_reason(&e))
                };
                diags.push(
                    Diagnostic::io(msg)
                        .in_file(&path)
                        .hint("remove the link or fix the permissions, then run again"),
                );
                continue;
            }
        };
        if entry.depth() > 0 && entry.file_type().is_symlink() {
            match check_link(entry.path(), root.as_deref()) {
                Ok(false) => {}
                Ok(true) if is_yaml(entry.path()) => {
                    seen_any = true;
                    if let Some(file) = read_file(entry.path(), sources, diags) {
                        files.push(file);
                    }
                }
                Ok(true) => {}
                Err(d) => {
                    seen_any = true;
                    diags.push(d);
                }
            }
            continue;
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && is_yaml(entry.path()) {
                seen_any = true;
                diags.push(
                    Diagnostic::io(format!(
                        "`{}` is a folder, not a YAML file",
                        entry.path().display()
                    ))
                    .in_file(entry.path())
                    .hint("rename the folder so that its name does not end in .yaml or .yml"),
                );
            }
            continue;
        }
        if !is_yaml(entry.path()) {
            continue;
        }
        seen_any = true;
        let path = entry.path().to_path_buf();
        if let Some(file) = read_file(&path, sources, diags) {
            files.push(file);
        }
    }
    if !seen_any && diags.is_empty() {
        diags.push(
            Diagnostic::error(
                "no-policy",
                format!("`{}` holds no YAML file", dir.display()),
            )
            .in_file(dir)
            .hint(
                "an organisation needs at least a `policy.yaml`; `smpolicy init` writes a starter",
            ),
        );
    }
    OrgSource {
        slug,
        dir: dir.to_path_buf(),
        files,
    }
}

/// Whether the link at `path` may be read: `Ok(true)` for a link to a file inside `root`,
/// `Ok(false)` for a link that is not a policy file's business (a dangling link not named
/// `.yaml`), an error for a link to a folder or to anything outside `root` (`/`,
/// `/proc/self/environ`): the loader never leaves the organisation folder.
fn check_link(path: &Path, root: Option<&Path>) -> Result<bool, Diagnostic> {
    let fail = |msg: String, hint: &str| Diagnostic::io(msg).in_file(path).hint(hint.to_string());
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(_) if !is_yaml(path) => return Ok(false),
        Err(e) => {
            return Err(fail(
                format!("cannot read `{}`: {e}", path.display()),
                "the link points to nothing: remove it or fix where it points",
            ));
        }
    };
    let inside = root.is_some_and(|r| target.starts_with(r));
    let is_dir = target.is_dir();
    if !is_dir && !is_yaml(path) {
        // Not a policy file: never read, whatever it points to.
        return Ok(false);
    }
    if !inside {
        return Err(fail(
            format!(
                "`{}` is a link to a place outside the organisation folder; smpolicy does not follow it",
                path.display()
            ),
            "copy the file into the organisation folder instead of linking it",
        ));
    }
    if is_dir {
        return Err(fail(
            format!(
                "`{}` is a link to a folder; smpolicy does not follow links to folders",
                path.display()
            ),
            "remove the link; put the YAML files in the organisation folder itself",
        ));
    }
    Ok(true)
}

fn io_reason(e: &walkdir::Error) -> String {
    e.io_error()
        .map(|io| io.to_string())
        .unwrap_or_else(|| e.to_string())
}

fn read_file(
    path: &Path,
    sources: &mut SourceSet,
    diags: &mut Vec<Diagnostic>,
) -> Option<(FileId, PolicyFile)> {
    let fail = |msg: String, hint: &str| Diagnostic::io(msg).in_file(path).hint(hint.to_string());
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            diags.push(fail(
                format!("`{}` is a folder, not a YAML file", path.display()),
                "rename the folder so its name does not end in .yaml",
            ));
            return None;
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diags.push(fail(
                format!(
                    "`{}` is {} bytes; a policy file may be at most {} bytes",
                    path.display(),
                    m.len(),
                    MAX_FILE_BYTES
                ),
                "a policy is a few hundred lines: check that this is the right file",
            ));
            return None;
        }
        Ok(m) if !m.is_file() => {
            diags.push(fail(
                format!(
                    "`{}` is not a regular file (a pipe, socket or device)",
                    path.display()
                ),
                "a policy file must be a plain text file: replace it with one",
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            diags.push(fail(
                format!("cannot read `{}`: {e}", path.display()),
                "check that the file exists and that you may read it",
            ));
            return None;
        }
    }
    // Read through the checks again on the open file: a file swapped for a pipe between
    // the check above and the read is refused, not waited on.
    let bytes = match crate::fsutil::read_regular(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            diags.push(fail(
                format!("cannot read `{}`: {e}", path.display()),
                "check that the file exists, that it is a plain text file and that you may read it",
            ));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let (line, column) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..at]));
            diags.push(
                Diagnostic::error(
                    "encoding",
                    format!("`{}` is not UTF-8 text (byte {at})", path.display()),
                )
                .at(crate::diagnostics::Location {
                    file: path.to_path_buf(),
                    line,
                    column,
                    offset: 0,
                    len: 0,
                })
                .hint("save the file as UTF-8 in your editor (in Word or Notepad: Save as, encoding UTF-8)"),
            );
            // A credential in a file saved in another encoding is still a credential in
            // the repository: it is looked for in the text as near as it can be read.
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let (_, secrets) = crate::scan::credentials::scan(&text_of_any(e.as_bytes()), &name);
            for f in &secrets {
                diags.push(credential_diag(path, f));
            }
            return None;
        }
    };
    parse_text(path, &text, sources, diags)
}

/// The text of bytes that are not UTF-8, as near as it can be read: UTF-16 when they start
/// with its byte-order mark (Notepad's "Unicode"), else UTF-8 with each bad byte replaced
/// (Windows-1252 or Latin-1 text keeps its ASCII, where credentials are spelled).
fn text_of_any(bytes: &[u8]) -> String {
    let utf16 = |pair: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| pair([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xff, 0xfe, ..] => utf16(u16::from_le_bytes),
        [0xfe, 0xff, ..] => utf16(u16::from_be_bytes),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Parses one file's text (already read and decoded). Used by [`read_file`] and by
/// [`crate::compile::check_str`], which checks a policy held in memory.
pub fn parse_text(
    path: &Path,
    text: &str,
    sources: &mut SourceSet,
    diags: &mut Vec<Diagnostic>,
) -> Option<(FileId, PolicyFile)> {
    // A byte-order mark is harmless: editors on Windows add it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Composed characters (NFC): decomposed text (macOS, copy-paste) reads and prints as typed.
    let text = crate::nfc::nfc(text);
    let text = text.as_ref();
    // Credentials are looked for in the raw text, before parsing, and masked: no message
    // and no snippet may ever show them.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scanned = SCANNED.with(|s| s.borrow().clone());
    let key = scanned.as_ref().map(|_| Scanned::key(&name, text));
    let known_clean = scanned
        .as_ref()
        .zip(key.as_ref())
        .is_some_and(|(s, k)| s.contains(k));
    let (text, secrets) = if known_clean {
        (text.to_string(), Vec::new())
    } else {
        let (masked, mut secrets) = crate::scan::credentials::scan(text, &name);
        // A secret spelled with escapes shows only once parsed.
        let (masked, escaped) = crate::scan::escaped::scan(&masked, &name);
        secrets.extend(escaped);
        secrets.sort_by_key(|f| (f.line, f.column));
        (masked, secrets)
    };
    for f in &secrets {
        diags.push(credential_diag(path, f));
    }
    let secret_lines: Vec<usize> = secrets.iter().map(|f| f.line).collect();
    let id = sources.add(path.to_path_buf(), text);
    let text = sources.text(id);
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        // Empty or only comments: nothing to say, which is allowed for a section file
        // but noted so that an empty policy.yaml is not a mystery.
        diags.push(
            Diagnostic::warning("empty-file", format!("`{}` says nothing", path.display()))
                .in_file(path)
                .hint("add sections to it or delete it"),
        );
        return Some((id, PolicyFile::default()));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    let parsed = with_current_file(id, || {
        serde_saphyr::from_str_with_options::<PolicyFile>(text, options)
    });
    match parsed {
        Ok(file) => {
            let found = if known_clean {
                Vec::new()
            } else {
                crate::scan::control::scan(text)
            };
            for f in &found {
                diags.push(control_diag(path, f));
            }
            if let (Some(s), Some(k)) = (&scanned, key)
                && found.is_empty()
                && secrets.is_empty()
            {
                s.insert(k);
            }
            found.is_empty().then_some((id, file))
        }
        Err(e) => {
            let mut d = yaml_error(&e, path, text);
            if d.location
                .as_ref()
                .is_some_and(|l| secret_lines.contains(&l.line))
            {
                d = d.redacted();
            }
            diags.push(d);
            None
        }
    }
}

/// A place in a file with no span to underline.
fn point(path: &Path, line: usize, column: usize) -> crate::diagnostics::Location {
    crate::diagnostics::Location {
        file: path.to_path_buf(),
        line,
        column,
        offset: 0,
        len: 0,
    }
}

fn control_diag(path: &Path, f: &crate::scan::control::Finding) -> Diagnostic {
    if f.one_line {
        let what = if f.ch == '\t' {
            "a tab"
        } else {
            "a line break"
        };
        return Diagnostic::error(
            "control-character",
            format!(
                "this value must be on one line, and it holds {what}: names, ids, handles, versions and addresses are printed on one line"
            ),
        )
        .at(point(path, f.line, f.column))
        .hint("write the value on one line: remove the | or > before it, the \\n or \\t inside the quotes, or the blank line inside it");
    }
    Diagnostic::error(
        "control-character",
        format!(
            "this value holds an invisible control character (U+{:04X}): it could hide or reorder words in the published policy, or change the screen of whoever prints it",
            u32::from(f.ch)
        ),
    )
    .at(point(path, f.line, f.column))
    .hint("delete the character: in a quoted value it is an escape such as \\e, \\r, \\x1b or \\u202e; if you cannot see it, retype the value")
}

fn credential_diag(path: &Path, f: &crate::scan::credentials::Finding) -> Diagnostic {
    Diagnostic::error(
        "credential",
        format!(
            "this line looks like it holds a credential ({}); its value is not shown",
            f.what
        ),
    )
    .at(point(path, f.line, f.column))
    .redacted()
    .hint("delete it: passwords, tokens, PINs and OTP codes never go in the policy. Change it on the platform too, as it may already be in the git history. The policy names who keeps the credentials (internal.account_lifecycle.credentials_custodian) and where, never the credentials")
}

fn line_col(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Turns a YAML or type error into a diagnostic with a plain-words hint.
fn yaml_error(e: &serde_saphyr::Error, path: &Path, text: &str) -> Diagnostic {
    let raw = e.to_string();
    let message = raw
        .lines()
        .next()
        .unwrap_or("the file is not valid YAML")
        .trim()
        .to_string();
    let message = officer_words(&strip_location_suffix(&message));
    let (code, hint, message) = match own_code(&message) {
        Some((code, rest)) => (code, own_hint(code).to_string(), rest),
        None => {
            let (code, hint) = classify(&message, text);
            (code, hint, message)
        }
    };
    let mut d = Diagnostic::error(code, message).hint(hint);
    if let Some(loc) = e.location() {
        let p = crate::model::Pos::from_location(crate::model::FileId(0), &loc);
        d = d.at(crate::diagnostics::Location {
            file: path.to_path_buf(),
            line: p.line,
            column: p.column,
            offset: p.offset,
            len: p.len,
        });
    } else {
        d = d.in_file(path);
    }
    d
}

/// The reader's messages that speak to programmers (`use Option<String>`), in the words of
/// the officer who wrote the file.
fn officer_words(msg: &str) -> String {
    if msg.contains("null into string") || msg.starts_with("invalid type: unit value") {
        "this key has no value, and it needs one".to_string()
    } else if msg.starts_with("invalid boolean") {
        "this is not a yes/no value: only true or false are understood".to_string()
    } else {
        msg.to_string()
    }
}

fn strip_location_suffix(msg: &str) -> String {
    // serde-saphyr appends " at line X, column Y"; we print the location ourselves.
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Messages from the checked value types start with `[code]`.
fn own_code(message: &str) -> Option<(&'static str, String)> {
    const CODES: &[&str] = &[
        "bad-url",
        "bad-email",
        "bad-phone",
        "unknown-licence",
        "markdown-heading",
        "markdown-image",
        "markdown-structure",
        "markdown-html",
        "control-character",
        "bad-link",
        "bad-date",
        "bad-time",
        "bad-language",
        "bad-response-time",
    ];
    CODES.iter().find_map(|code| {
        let tag = format!("[{code}] ");
        message.find(&tag).map(|i| {
            let rest = format!("{}{}", &message[..i], &message[i + tag.len()..]);
            (*code, rest)
        })
    })
}

fn own_hint(code: &str) -> &'static str {
    match code {
        "bad-url" => "write the full address as it appears in the browser, starting with https://",
        "bad-email" => "write the address as name@domain.it",
        "bad-phone" => "write only the number, for example +39 0123 456789",
        "unknown-licence" => {
            "CC-BY-4.0 is the usual choice for a public body (CAD art. 52: open by default)"
        }
        "markdown-heading" => {
            "a line starting with # becomes a heading; rephrase it or put the text in quotes"
        }
        "markdown-image" => "link to the image instead: [description](https://...)",
        "markdown-structure" => {
            "the templates set the document's headings, tables and sections: a text holds paragraphs, lists, emphasis and links"
        }
        "markdown-html" => "write the text without < > tags; to show a < write it as \\<",
        "control-character" => {
            "delete the character: in a quoted value it is an escape such as \\e, \\r or \\u202e; if you cannot see it, retype the words"
        }
        "bad-date" => "dates are written year-month-day with dashes: 2026-03-12",
        "bad-time" => "times are written in quotes, hours and minutes: \"08:30\"",
        "bad-language" => "use the two-letter ISO 639-1 code: it, en, de, fr, sl",
        "bad-response-time" => {
            "write `response_time: none` if the policy guarantees no response time, or the time as `{ value: 2, unit: working_days }`"
        }
        _ => "use https://, mailto:, tel: or #RULE-ID links only",
    }
}

/// For "unknown field `x`, expected one of `a`, `b`": the closest expected name.
fn suggestion(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    let given = &message[start..end];
    let (_, expected) = message.split_once("expected")?;
    let candidates: Vec<String> = expected
        .trim_start_matches(" one of")
        .split(',')
        .map(|c| c.trim().trim_matches('`').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    crate::suggest::did_you_mean(given, candidates.iter().map(String::as_str)).map(str::to_string)
}

fn classify(message: &str, text: &str) -> (&'static str, String) {
    let m = message.to_lowercase();
    if m.contains("unknown field") {
        let hint = match suggestion(message) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "check the spelling of the key: the keys this section accepts are listed in the message".to_string(),
        };
        ("unknown-key", hint)
    } else if m.contains("duplicate") {
        (
            "duplicate-key",
            "a key may appear once in a mapping: delete one of the two or merge them".to_string(),
        )
    } else if m.contains("unknown variant") {
        let hint = match suggestion(message) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "use one of the values listed in the message".to_string(),
        };
        ("unknown-value", hint)
    } else if m.contains("missing field") {
        (
            "missing-key",
            "add the key named in the message; `smpolicy schema` lists every required key"
                .to_string(),
        )
    } else if m.contains("expected mapping start") {
        (
            "wrong-type",
            "here a section of `key: value` lines is expected, not a list or a single text"
                .to_string(),
        )
    } else if m.contains("expected sequence start") {
        (
            "wrong-type",
            "here a list is expected: one item per line starting with `- `, or `[a, b]`"
                .to_string(),
        )
    } else if m.contains("key has no value") {
        (
            "wrong-type",
            "write the value after the colon (in quotes if it looks like a number, a date or true/false), or delete the line if the key is optional".to_string(),
        )
    } else if m.contains("not a yes/no value") {
        (
            "wrong-type",
            "write true or false (sì, no, yes and 1 are not understood)".to_string(),
        )
    } else if m.contains("invalid type")
        || m.contains("expected sequence")
        || m.contains("expected mapping")
        || m.contains("expected a ")
        || m.contains("invalid value")
    {
        (
            "wrong-type",
            "the value has the wrong shape: a list needs `- item` lines, a text needs quotes if it starts with a special character".to_string(),
        )
    } else if m.starts_with("invalid u") || m.starts_with("invalid i") {
        (
            "wrong-type",
            "here a whole number is expected, such as 24".to_string(),
        )
    } else if m.contains("tagged enum") || m.contains("tag") && m.contains("not") {
        (
            "yaml-syntax",
            "remove the `!tag` before the value: policy files use no YAML tags".to_string(),
        )
    } else if text.contains('\t') && (m.contains("tab") || m.contains("indent")) {
        (
            "yaml-syntax",
            "YAML indents with spaces, never tabs: replace the tab with spaces".to_string(),
        )
    } else if m.contains("budget") || m.contains("depth") || m.contains("alias") {
        (
            "yaml-limits",
            "the file nests or repeats far more than a policy needs: check that it is the right file".to_string(),
        )
    } else {
        (
            "yaml-syntax",
            "check indentation (spaces, aligned), colons after keys, and quotes around texts with `: ` or `#`".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(path: &str, text: &str, scanned: &std::sync::Arc<Scanned>) -> Vec<String> {
        let mut sources = SourceSet::default();
        let mut diags = Vec::new();
        with_scanned(scanned, || {
            parse_text(Path::new(path), text, &mut sources, &mut diags)
        });
        diags.iter().map(|d| d.code.clone()).collect()
    }

    #[test]
    fn a_file_scanned_clean_is_remembered_and_a_changed_one_is_scanned_again() {
        let scanned = std::sync::Arc::new(Scanned::default());
        let org = "organisation:\n  name: Comune di Prova\n  kind: comune\n  website: https://www.comune.prova.it/\n  managing_office:\n    name: Ufficio Comunicazione\n";
        let clean = format!("{org}  address: \"Via Roma 1\"\n");
        let clean = clean.as_str();
        assert_eq!(
            codes("a/policy.yaml", clean, &scanned),
            Vec::<String>::new()
        );
        assert!(scanned.contains(&Scanned::key("policy.yaml", clean)));
        // Read again as it was: nothing to say, as the first time.
        assert_eq!(
            codes("a/policy.yaml", clean, &scanned),
            Vec::<String>::new()
        );
        // Changed since it was checked: a credential, a control character.
        let secret = format!("{org}  address: \"la password: Valdoria2026!\"\n");
        let secret = secret.as_str();
        assert!(codes("a/policy.yaml", secret, &scanned).contains(&"credential".to_string()));
        let control = format!("{org}  address: \"Via \\u202e Roma 1\"\n");
        let control = control.as_str();
        assert!(
            codes("a/policy.yaml", control, &scanned).contains(&"control-character".to_string())
        );
        // Neither is remembered as clean.
        assert!(!scanned.contains(&Scanned::key("policy.yaml", secret)));
        assert!(!scanned.contains(&Scanned::key("policy.yaml", control)));
        // The same text under another name is another file for the scan (rules that look
        // at the file's name).
        assert!(!scanned.contains(&Scanned::key("main.tf", clean)));
    }
}
