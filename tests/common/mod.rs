//! Helpers shared by the end-to-end tests: run the real binary, make scratch folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_smpolicy"));
    c.env("NO_COLOR", "1");
    c
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn example_src() -> PathBuf {
    repo().join("policy-src")
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn run(args: &[&str], cwd: &Path) -> Run {
    run_env(args, cwd, &[])
}

/// [`run`] with extra environment variables.
pub(crate) fn run_env(args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> Run {
    let out: Output = bin()
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .output()
        .expect("the smpolicy binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs a prepared smpolicy command, and fails the test, instead of hanging, when it has not
/// finished after `limit` (a read blocked on a FIFO, an exponential alias).
pub(crate) fn run_limited(mut command: Command, limit: std::time::Duration) -> Run {
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("smpolicy {command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `smpolicy build SRC --out OUT` in `cwd`.
pub(crate) fn build(src: &Path, out: &Path, cwd: &Path) -> Run {
    run(
        &[
            "build",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        cwd,
    )
}

/// Builds the example in `policy-src/` into a new temporary `out/`, from the repository root.
pub(crate) fn build_example() -> (tempfile::TempDir, PathBuf, Run) {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let r = build(&example_src(), &out, &repo());
    (tmp, out, r)
}

/// Where a build puts a document of `org` in Italian: `<out>/<org>/public/it/external.*`
/// (the folder meant for the public site) or `<out>/<org>/internal/it/internal.*`.
pub(crate) fn doc(out: &Path, org: &str, file: &str) -> PathBuf {
    let folder = if file.starts_with("internal") {
        "internal"
    } else {
        "public"
    };
    out.join(org).join(folder).join("it").join(file)
}

pub(crate) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Copies a folder tree.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, relative path -> bytes, sorted.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_path_buf();
            files.push((rel, std::fs::read(entry.path()).expect("read")));
        }
    }
    files
}

/// Writes `files` (relative path, content) under a new org folder `src/<org>/`.
pub(crate) fn write_org(root: &Path, org: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = root.join("src").join(org);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, content) in files {
        std::fs::write(dir.join(name), content).expect("write");
    }
    root.join("src")
}

/// Runs git in `repo` with a fixed identity and date and no user or system configuration,
/// feeding `stdin`; panics when git fails. Returns its standard output.
pub(crate) fn git_with_input(repo: &Path, args: &[&str], stdin: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.it")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.it")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("git runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write to git");
    let out = child.wait_with_output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`git_with_input`] with nothing on standard input.
pub(crate) fn git(repo: &Path, args: &[&str]) -> String {
    git_with_input(repo, args, b"")
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The kinds of body `smpolicy init --kind` has a starter for.
pub(crate) const STARTER_KINDS: &[&str] = &[
    "comune",
    "provincia",
    "citta-metropolitana",
    "regione",
    "agenzia",
    "universita",
];

/// A small valid policy, to which tests add mistakes.
pub(crate) const MINIMAL: &str = r#"organisation:
  name: Comune di Prova
  kind: comune
  managing_office:
    name: Ufficio Comunicazione
accounts:
  - id: fb
    platform: facebook
    name: Comune di Prova
    handle: comunediprova
    url: https://www.facebook.com/comunediprova
    scope: institutional
    managed_by: [smm]
roles:
  - id: smm
    title: Social media manager
contacts:
  - label: URP
    email: urp@comune.prova.it
adoption:
  body: Giunta comunale
  act: Deliberazione n. 1
  date: 2026-01-15
  version: "1.0"
privacy:
  controller:
    name: Comune di Prova
  dpo:
    name: Responsabile della protezione dei dati
    email: dpo@comune.prova.it
"#;
