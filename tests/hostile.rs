//! Hostile and broken input. Each folder under `tests/hostile/` is one organisation's folder
//! plus an `expect.txt`:
//!
//! ```text
//! setup: <kind>        optional: something made at run time (big file, FIFO, links...)
//! exit: <code>         the exit code of both `check` and `build`
//! stderr: <text>       must appear in what the officer sees (repeatable)
//! absent: <text>       must never appear, on stdout or stderr (repeatable)
//! ```
//!
//! For every case: no panic, the exit code, the messages, the file named, and an output
//! folder left exactly as it was when the build fails (a sentinel file and nothing else).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;

struct Expect {
    setup: Option<String>,
    exit: i32,
    stderr: Vec<String>,
    absent: Vec<String>,
}

fn parse_expect(text: &str) -> Expect {
    let mut e = Expect {
        setup: None,
        exit: -1,
        stderr: Vec::new(),
        absent: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line.split_once(": ").expect("`key: value` lines");
        match k {
            "setup" => e.setup = Some(v.to_string()),
            "exit" => e.exit = v.parse().expect("exit code"),
            "stderr" => e.stderr.push(v.to_string()),
            "absent" => e.absent.push(v.to_string()),
            other => panic!("unknown expectation `{other}`"),
        }
    }
    assert!(e.exit >= 0, "expect.txt needs an `exit:` line");
    e
}

fn copy_case(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read case") {
        let entry = entry.expect("entry");
        if entry.file_name() != "expect.txt" {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Makes what cannot be committed. Returns a note for the log.
fn setup(kind: &str, org: &Path) -> String {
    match kind {
        "big-file" => {
            let line = format!("# {}\n", "x".repeat(1021));
            let text = line.repeat(50 * 1024 * 1024 / line.len());
            std::fs::write(org.join("big.yaml"), text).expect("write big file");
            "50 MB file".into()
        }
        "deep-flow" => {
            let n = 10_000;
            let text = format!("organisation: {}{}\n", "[".repeat(n), "]".repeat(n));
            std::fs::write(org.join("policy.yaml"), text).expect("write");
            "10,000 nested flow sequences".into()
        }
        "deep-maps" => {
            let n = 10_000;
            let text = format!("organisation: {}1{}\n", "{a: ".repeat(n), "}".repeat(n));
            std::fs::write(org.join("policy.yaml"), text).expect("write");
            "10,000 nested flow mappings".into()
        }
        "deep-text" => {
            let n = 10_000;
            let text = format!(
                "purposes:\n  intro: {}{}\n",
                "{it: ".repeat(n),
                "}".repeat(n)
            );
            std::fs::write(org.join("policy.yaml"), text).expect("write");
            "10,000 nested maps where a text is expected".into()
        }
        "symlink-loop" => {
            std::os::unix::fs::symlink("..", org.join("loop")).expect("symlink");
            "a link to the folder above".into()
        }
        "unreadable" => {
            use std::os::unix::fs::PermissionsExt;
            let p = org.join("locked.yaml");
            std::fs::write(&p, "languages: [it]\n").expect("write");
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
            if std::fs::read(&p).is_ok() {
                // Running as root: mode 000 does not stop reads. A link to nowhere is the
                // unreadable file instead.
                std::fs::remove_file(&p).expect("rm");
                std::os::unix::fs::symlink("nowhere/locked.yaml", &p).expect("symlink");
                "root ignores mode 000: used a dangling link named locked.yaml".into()
            } else {
                "mode 000".into()
            }
        }
        "fifo" => {
            let status = Command::new("mkfifo")
                .arg(org.join("pipe.yaml"))
                .status()
                .expect("mkfifo runs");
            assert!(status.success());
            "a FIFO named pipe.yaml".into()
        }
        "link-to-root" => {
            std::os::unix::fs::symlink("/", org.join("disk")).expect("symlink");
            "a link to / (the loader must not walk the disk)".into()
        }
        "link-to-environ" => {
            std::os::unix::fs::symlink("/proc/self/environ", org.join("env.yaml"))
                .expect("symlink");
            "a link to /proc/self/environ named env.yaml".into()
        }
        "link-outside-yaml" => {
            let outside = org.parent().expect("parent").join("shared.yaml");
            std::fs::write(&outside, "languages: [it]\n").expect("write");
            std::os::unix::fs::symlink(&outside, org.join("shared.yaml")).expect("symlink");
            "a YAML link to a file outside the organisation folder".into()
        }
        "dangling-symlink" => {
            std::os::unix::fs::symlink("does-not-exist.yaml", org.join("gone.yaml"))
                .expect("symlink");
            "a link to a missing file".into()
        }
        "dir-named-yaml" => {
            std::fs::create_dir(org.join("x.yaml")).expect("mkdir");
            "a folder named x.yaml".into()
        }
        other => panic!("unknown setup `{other}`"),
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    for entry in walk(dir) {
        let bytes = if entry.is_file() {
            std::fs::read(&entry).expect("read")
        } else {
            Vec::new()
        };
        m.insert(
            entry.strip_prefix(dir).expect("prefix").to_path_buf(),
            bytes,
        );
    }
    m
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            out.push(p.clone());
            if p.is_dir() {
                out.extend(walk(&p));
            }
        }
    }
    out.sort();
    out
}

/// Runs smpolicy with a time limit: a hang (a FIFO read, an exponential alias) fails the test
/// instead of blocking it.
fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let mut command = common::bin();
    command
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1798761600");
    let r = common::run_limited(command, Duration::from_secs(60));
    (r.code, r.stdout, r.stderr)
}

#[test]
fn hostile_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/hostile")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let expect =
            parse_expect(&std::fs::read_to_string(case.join("expect.txt")).expect("expect.txt"));
        let tmp = tempfile::tempdir().expect("tempdir");
        let rel = format!("policy-src/{name}");
        let org = tmp.path().join(&rel);
        copy_case(case, &org);
        let note = expect.setup.as_deref().map(|k| setup(k, &org));
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join("keep")).expect("out");
        std::fs::write(out.join("keep/sentinel.txt"), "do not touch\n").expect("sentinel");
        let before = snapshot(&out);

        let mut problems = Vec::new();
        for args in [
            vec!["check", rel.as_str()],
            vec!["build", rel.as_str(), "--out", "out"],
        ] {
            let (code, stdout, stderr) = run(tmp.path(), &args);
            let all = format!("{stdout}{stderr}");
            if all.contains("panicked") || code == 101 {
                problems.push(format!("{} panicked", args[0]));
            }
            if code != expect.exit {
                problems.push(format!(
                    "{}: exit {code}, expected {}",
                    args[0], expect.exit
                ));
            }
            for s in &expect.stderr {
                if !stderr.contains(s.as_str()) {
                    problems.push(format!("{}: stderr lacks `{s}`", args[0]));
                }
            }
            for s in &expect.absent {
                if all.contains(s.as_str()) {
                    problems.push(format!("{}: output shows `{s}`", args[0]));
                }
            }
            if expect.exit != 0 && !stderr.contains(&rel) {
                problems.push(format!("{}: the message does not name the file", args[0]));
            }
            if !problems.is_empty() {
                problems.push(format!("--- {} stderr ---\n{}", args[0], truncate(&stderr)));
                break;
            }
        }
        let after = snapshot(&out);
        if expect.exit != 0 && before != after {
            problems.push("the output folder changed".to_string());
        }
        if expect.exit == 0 && !after.keys().any(|k| k.ends_with("external.md")) {
            problems.push("the build wrote no document".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "== {name}{}\n{}",
                note.map(|n| format!(" ({n})")).unwrap_or_default(),
                problems.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn truncate(s: &str) -> String {
    if s.len() > 3000 {
        let mut end = 3000;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &s[..end])
    } else {
        s.to_string()
    }
}
