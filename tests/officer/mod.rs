//! Helpers for the officer-facing end-to-end tests: run the real binary in a temporary
//! project, starting from the `init` starter (which checks clean) and changing one thing.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub(crate) fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub(crate) fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_smpolicy")
}

/// Runs smpolicy in `cwd` with `NO_COLOR` set and `SOURCE_DATE_EPOCH` unset unless given.
pub(crate) fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_env(cwd, args, &[])
}

pub(crate) fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH");
    cmd.env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("smpolicy runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "smpolicy panicked:\n{}",
        run.stderr
    );
    run
}

/// A temporary project holding the `init` starter in `policy-src/ente`.
pub(crate) struct Project {
    pub tmp: tempfile::TempDir,
}

impl Project {
    pub(crate) fn starter(kind: &str) -> Project {
        let tmp = tempfile::tempdir().expect("tempdir");
        let r = run_in(tmp.path(), &["init", "policy-src/ente", "--kind", kind]);
        assert_eq!(r.code, 0, "init failed: {}", r.stderr);
        Project { tmp }
    }

    pub(crate) fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub(crate) fn org(&self) -> PathBuf {
        self.tmp.path().join("policy-src/ente")
    }

    pub(crate) fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.org().join(file)).expect("read")
    }

    pub(crate) fn write(&self, file: &str, text: &str) {
        std::fs::write(self.org().join(file), text).expect("write");
    }

    /// Replaces `from` (which must occur exactly once) by `to` in `file`.
    pub(crate) fn edit(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {file}"
        );
        self.write(file, &text.replacen(from, to, 1));
    }

    /// `policy-src/ente/<file>:<line>:<column>` of the first occurrence of `needle`.
    pub(crate) fn at(&self, file: &str, needle: &str) -> String {
        let text = self.read(file);
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` not in {file}"));
        let col = line[..line.find(needle).unwrap_or(0)].chars().count() + 1;
        format!("policy-src/ente/{file}:{}:{col}", n + 1)
    }

    pub(crate) fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "policy-src"];
        args.extend_from_slice(extra);
        run_in(self.root(), &args)
    }
}

/// Builds the project and returns the Markdown of its external and internal documents.
pub(crate) fn built(p: &Project) -> (String, String) {
    let r = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let read = |f: &str| std::fs::read_to_string(p.root().join(f)).expect("built");
    (
        read("out/ente/public/it/external.md"),
        read("out/ente/internal/it/internal.md"),
    )
}

pub(crate) fn lacks(doc: &str, text: &str) {
    assert!(!doc.contains(text), "`{text}` should not be in:\n{doc}");
}

pub(crate) fn has(doc: &str, text: &str) {
    assert!(doc.contains(text), "`{text}` should be in:\n{doc}");
}

/// An account for staff only (`audience: staff`), to append to the starter's accounts.yaml.
pub(crate) const STAFF_GROUP: &str = "
  - id: fb-gruppo-redazione
    platform: facebook
    name: Redazione interna
    handle: gruppo-redazione-interna
    url: https://www.facebook.com/groups/gruppo-redazione-interna
    scope: institutional
    presence: group
    audience: staff
    opened: 2019-03-01
    managed_by: [social-media-manager, redattore]
";
