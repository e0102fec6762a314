//! A document the body does not have is not built: a policy without internal data gets no
//! internal policy (and no `internal/` folder), `check` and `build` say so as a note, and the
//! public folder's `SHA256SUMS` and `verify` stay coherent with what was written.

mod officer;

use officer::{Project, run_in};
use sha2::{Digest, Sha256};

const ACCOUNTS: &str = "accounts:
  - id: fb-ente
    platform: facebook
    name: Ente
    handle: nomepaginadasostituire
    url: https://www.facebook.com/nomepaginadasostituire
    scope: institutional
    presence: page
    languages: [it]
";

/// The starter without any internal data: no `internal.yaml` (roles and internal section),
/// accounts that say nothing for staff. Single-manager warnings are acknowledged, as a body
/// without roles would.
fn without_internal_data() -> Project {
    let p = Project::starter("comune");
    std::fs::remove_file(p.org().join("internal.yaml")).unwrap();
    p.write(
        "accounts.yaml",
        &format!(
            "{ACCOUNTS}\nacknowledged:\n  - warning: single-manager\n    reason: L'ente non descrive ruoli interni.\n  - warning: hard-to-read\n    reason: I testi dello starter non sono ancora riscritti.\n"
        ),
    );
    p
}

#[test]
fn no_internal_data_no_internal_policy() {
    let p = without_internal_data();
    let note = "note: ente: the internal policy is not built: the policy has no internal data";
    let r = run_in(p.root(), &["check", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.all().contains(note), "{}", r.all());
    // The note is not a warning: `--deny-warnings` passes.
    let r = run_in(p.root(), &["check", "policy-src", "--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());

    let r = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.all().contains(note), "{}", r.all());
    let out = p.root().join("out/ente");
    assert!(!out.join("internal").exists(), "no internal folder");
    assert!(out.join("public/it/external.md").exists());

    // The public SHA256SUMS lists exactly the files of public/, each with its hash.
    let public = out.join("public");
    let sums = std::fs::read_to_string(public.join("SHA256SUMS")).unwrap();
    let mut listed = 0;
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("sha256sum format");
        let bytes = std::fs::read(public.join(name)).unwrap();
        assert_eq!(hash, hex(&Sha256::digest(&bytes)), "{name}");
        listed += 1;
    }
    let on_disk = walk(&public).len() - 1; // every file but SHA256SUMS itself
    assert_eq!(listed, on_disk, "{sums}");

    // verify: the external document is what the source builds.
    let r = run_in(
        p.root(),
        &["verify", "out/ente/public/it/external.md", "policy-src"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
}

/// A body that had an internal policy and drops its internal data gets the old internal
/// documents removed on the next build, not left behind as if still current.
#[test]
fn an_internal_policy_no_longer_built_leaves_no_stale_files() {
    let p = Project::starter("comune");
    let r = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let internal = p.root().join("out/ente/internal");
    assert!(internal.join("it/internal.md").exists());
    let old = std::fs::read(internal.join("it/internal.md")).unwrap();

    std::fs::remove_file(p.org().join("internal.yaml")).unwrap();
    p.write(
        "accounts.yaml",
        &format!(
            "{ACCOUNTS}\nacknowledged:\n  - warning: single-manager\n    reason: Nessun ruolo.\n"
        ),
    );
    let r = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!internal.exists(), "the old internal folder is gone");

    // An old internal document is not vouched for by the current source.
    let stale = p.root().join("stale-internal.md");
    std::fs::write(&stale, old).unwrap();
    let r = run_in(p.root(), &["verify", stale.to_str().unwrap(), "policy-src"]);
    assert_ne!(r.code, 0, "{}", r.all());
}

/// Without a note when both documents are built.
#[test]
fn the_starter_builds_both_documents_and_says_no_note() {
    let p = Project::starter("comune");
    let r = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("is not built"), "{}", r.all());
    assert!(p.root().join("out/ente/internal/it/internal.md").exists());
    assert!(p.root().join("out/ente/internal/SHA256SUMS").exists());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
