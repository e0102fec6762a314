//! Reading a version of the source from git (`diff v1.0 HEAD`, `adoption.previous`) when
//! the repository holds trees that `git add` never makes: names `..`, symbolic links,
//! submodules, huge blobs. Trees are built with `git mktree`, which accepts them.

mod common;

use std::path::Path;

use common::*;

/// Writes `bytes` as a blob and returns its id.
fn blob(repo: &Path, bytes: &[u8]) -> String {
    git_with_input(repo, &["hash-object", "-w", "--stdin"], bytes)
        .trim()
        .to_string()
}

/// A tree of `entries`: (mode, kind, id, name).
fn tree(repo: &Path, entries: &[(&str, &str, &str, &str)]) -> String {
    let listing: String = entries
        .iter()
        .map(|(mode, kind, id, name)| format!("{mode} {kind} {id}\t{name}\n"))
        .collect();
    git_with_input(repo, &["mktree"], listing.as_bytes())
        .trim()
        .to_string()
}

/// A repository whose HEAD holds `policy-src/prova/policy.yaml` (a valid policy), with a tag
/// `name` on a commit whose `policy-src/prova/` also holds `extra` (mode, kind, id, name).
fn repo_with_tag(tmp: &Path, name: &str, extra: &dyn Fn(&Path) -> (String, String)) -> String {
    let repo = tmp.join("repo");
    let org = repo.join("policy-src/prova");
    if !org.exists() {
        std::fs::create_dir_all(&org).unwrap();
        git(&repo, &["init", "-q"]);
        std::fs::write(org.join("policy.yaml"), MINIMAL).unwrap();
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "v1"]);
    }
    let policy = git(&repo, &["rev-parse", "HEAD:policy-src/prova/policy.yaml"]);
    let (mode_kind_id, entry_name) = extra(&repo);
    let mut parts = mode_kind_id.splitn(3, ' ');
    let (mode, kind, id) = (
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
    );
    let prova = tree(
        &repo,
        &[
            ("100644", "blob", policy.trim(), "policy.yaml"),
            (&mode, &kind, &id, &entry_name),
        ],
    );
    let src = tree(&repo, &[("040000", "tree", &prova, "prova")]);
    let root = tree(&repo, &[("040000", "tree", &src, "policy-src")]);
    let commit = git(&repo, &["commit-tree", &root, "-m", name]);
    git(&repo, &["tag", name, commit.trim()]);
    name.to_string()
}

/// Runs smpolicy in the repository with its temporary folders under `tmp/t/deep`, so that a
/// file written through `..` would land inside `tmp`, where the test looks for it.
fn run_in(tmp: &Path, args: &[&str]) -> Run {
    let temp = tmp.join("t/deep");
    std::fs::create_dir_all(&temp).unwrap();
    run_env(args, &tmp.join("repo"), &[("TMPDIR", &temp)])
}

fn files_named(dir: &Path, name: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == name)
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// `..` nested `depth` times, then `escaped.yaml`.
fn dotdot_chain(repo: &Path, depth: usize) -> String {
    let leaf = blob(repo, b"organisation: {name: X}\n");
    let mut id = tree(repo, &[("100644", "blob", &leaf, "escaped.yaml")]);
    for _ in 1..depth {
        id = tree(repo, &[("040000", "tree", &id, "..")]);
    }
    id
}

#[test]
fn a_tree_named_dotdot_is_refused_and_nothing_is_written_outside() {
    let tmp = tempdir();
    let tag = repo_with_tag(tmp.path(), "evil", &|repo| {
        (
            format!("040000 tree {}", dotdot_chain(repo, 4)),
            "..".into(),
        )
    });
    let r = run_in(tmp.path(), &["diff", &tag, "HEAD"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("a name with `..`") && r.stderr.contains("does not read it"),
        "{}",
        r.stderr
    );
    assert_eq!(
        files_named(tmp.path(), "escaped.yaml"),
        Vec::<std::path::PathBuf>::new()
    );
    // A revision is read in memory: not even the temporary folder gets a file.
    let r = run_in(tmp.path(), &["diff", "HEAD", "policy-src"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let left: Vec<_> = walkdir::WalkDir::new(tmp.path().join("t/deep"))
        .min_depth(1)
        .into_iter()
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // The same revision named in `adoption.previous`: an error at that line, nothing written.
    let policy = tmp.path().join("repo/policy-src/prova/policy.yaml");
    std::fs::write(
        &policy,
        MINIMAL.replace(
            "  version: \"1.0\"\n",
            "  version: \"1.1\"\n  previous: evil\n",
        ),
    )
    .unwrap();
    let r = run_in(tmp.path(), &["check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("error[previous-version]"), "{}", r.stderr);
    assert!(r.stderr.contains("a name with `..`"), "{}", r.stderr);
    assert_eq!(
        files_named(tmp.path(), "escaped.yaml"),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn links_and_submodules_in_a_revision_are_refused() {
    let tmp = tempdir();
    let link = repo_with_tag(tmp.path(), "link", &|repo| {
        (
            format!("120000 blob {}", blob(repo, b"/etc/passwd")),
            "secrets.yaml".into(),
        )
    });
    let r = run_in(tmp.path(), &["diff", &link, "HEAD"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("holds `policy-src/prova/secrets.yaml`, a symbolic link"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("root:"), "{}", r.stdout);
    let module = repo_with_tag(tmp.path(), "module", &|repo| {
        (
            format!("160000 commit {}", git(repo, &["rev-parse", "HEAD"]).trim()),
            "vendor".into(),
        )
    });
    let r = run_in(tmp.path(), &["diff", &module, "HEAD"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("`policy-src/prova/vendor`, a submodule"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_huge_blob_is_refused_by_its_size_before_it_is_read() {
    let tmp = tempdir();
    let size = 3 * 1024 * 1024;
    let tag = repo_with_tag(tmp.path(), "huge", &|repo| {
        let mut big = b"# ".to_vec();
        big.resize(size, b'x');
        (
            format!("100644 blob {}", blob(repo, &big)),
            "big.yaml".into(),
        )
    });
    let r = run_in(tmp.path(), &["diff", &tag, "HEAD"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "`policy-src/prova/big.yaml` at `huge` is {size} bytes; a policy file may be at most"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn a_revision_is_read_by_one_git_cat_file_process_and_only_its_yaml_files() {
    let tmp = tempdir();
    let repo = tmp.path().join("repo");
    let org = repo.join("policy-src/prova");
    std::fs::create_dir_all(org.join("more")).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(org.join("policy.yaml"), MINIMAL).unwrap();
    for i in 0..12 {
        std::fs::write(org.join(format!("more/note-{i}.yaml")), "# nota\n").unwrap();
        std::fs::write(org.join(format!("more/data-{i}.bin")), [0u8; 64]).unwrap();
    }
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "v1"]);
    let trace = tmp.path().join("trace.txt");
    let out = bin()
        .args(["diff", "HEAD", "policy-src"])
        .current_dir(&repo)
        .env("GIT_TRACE", &trace)
        .output()
        .expect("smpolicy runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = read(&trace);
    let cat_files: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("built-in: git cat-file"))
        .collect();
    assert_eq!(cat_files.len(), 2, "{trace}");
    assert!(cat_files[0].ends_with("cat-file --batch-check"), "{trace}");
    assert!(cat_files[1].ends_with("cat-file --batch"), "{trace}");
}

#[test]
fn a_mistake_in_a_revision_is_named_by_revision_and_path() {
    let tmp = tempdir();
    let tag = repo_with_tag(tmp.path(), "broken", &|repo| {
        (
            format!("100644 blob {}", blob(repo, b"moderation: [\n")),
            "moderation.yaml".into(),
        )
    });
    let r = run_in(tmp.path(), &["diff", &tag, "HEAD"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("broken:policy-src/prova/moderation.yaml:1:13: error[wrong-type]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" 1 │ moderation: ["), "{}", r.stderr);
}
