//! Builds of many organisations, through the binary: the generated corpus of the scale
//! benchmark is valid, the output does not depend on the number of threads, and a partial
//! build (`--only`, `--formats`) leaves what it did not build as it was, with every
//! SHA256SUMS true. (Figures: `benches/scale.sh`, not a test.)

mod common;
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use common::*;

fn corpus(root: &Path, n: usize) -> (PathBuf, Vec<String>) {
    let src = root.join("src");
    let slugs = corpus::generate(&src, n, 7).expect("the corpus is written");
    (src, slugs)
}

/// `smpolicy build SRC --out OUT` with more arguments, run in `cwd`.
fn build_with(src: &Path, out: &Path, more: &[&str], cwd: &Path) -> Run {
    let mut args = vec![
        "build",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    run(&args, cwd)
}

/// `sha256sum -c SHA256SUMS` in `dir`, in Rust: every listed file is there with that sum,
/// and every file of the folder (but the sums and the manifest) is listed.
fn sums_hold(dir: &Path) -> Result<(), String> {
    use sha2::Digest;
    let text = std::fs::read_to_string(dir.join("SHA256SUMS")).map_err(|e| e.to_string())?;
    let mut listed = Vec::new();
    for line in text.lines() {
        let (sum, name) = line.split_once("  ").ok_or(format!("bad line {line}"))?;
        let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let got: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if got != sum {
            return Err(format!("{name}: listed {sum}, is {got}"));
        }
        listed.push(name.to_string());
    }
    for (rel, _) in snapshot(dir) {
        let rel = rel.to_string_lossy().into_owned();
        if rel != "SHA256SUMS" && !listed.contains(&rel) {
            return Err(format!("{rel} is not listed"));
        }
    }
    Ok(())
}

#[test]
fn the_generated_corpus_has_every_kind_of_body_and_checks_clean() {
    let tmp = tempdir();
    let kinds = corpus::kind_names();
    assert!(kinds.len() >= 15, "{kinds:?}");
    let n = kinds.len();
    let (src, slugs) = corpus(tmp.path(), n);
    for kind in &kinds {
        let prefix = format!("{}-", kind.replace('_', "-"));
        assert!(
            slugs.iter().any(|s| s.starts_with(&prefix)),
            "no {kind} among {slugs:?}"
        );
    }
    let r = run(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("{n} organisation(s) checked, 0 error(s)")),
        "{}",
        r.stderr
    );
    // Seeded: the same seed gives the same files, another seed others.
    let again = tmp.path().join("again");
    corpus::generate(&again, n, 7).unwrap();
    assert!(
        snapshot(&src) == snapshot(&again),
        "the same seed gave other files"
    );
    let other = tmp.path().join("other");
    corpus::generate(&other, n, 8).unwrap();
    assert!(
        snapshot(&src) != snapshot(&other),
        "another seed gave the same files"
    );
}

#[test]
fn fifty_organisations_give_the_same_bytes_with_one_thread_and_with_four() {
    let tmp = tempdir();
    let (src, slugs) = corpus(tmp.path(), 50);
    let mut outs = Vec::new();
    for threads in ["1", "4"] {
        let out = tmp.path().join(format!("out-{threads}"));
        let r = run_env(
            &[
                "build",
                src.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            tmp.path(),
            &[("RAYON_NUM_THREADS", Path::new(threads))],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("for 50 organisation(s)"), "{}", r.stderr);
        outs.push(snapshot(&out));
    }
    assert_eq!(outs[0].len(), outs[1].len());
    assert!(
        outs[0].len() >= 50 * 13,
        "{} files for 50 organisations",
        outs[0].len()
    );
    for (a, b) in outs[0].iter().zip(&outs[1]) {
        assert_eq!(a.0, b.0);
        assert!(
            a.1 == b.1,
            "{} differs between 1 and 4 threads",
            a.0.display()
        );
    }
    for slug in &slugs {
        for part in ["public", "internal"] {
            let dir = tmp.path().join("out-4").join(slug).join(part);
            sums_hold(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
    }
}

#[test]
fn only_builds_the_named_organisations_and_leaves_the_others_as_they_were() {
    let tmp = tempdir();
    let (src, slugs) = corpus(tmp.path(), 4);
    let out = tmp.path().join("out");
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(&out);
    // Change every organisation's version; build two of them only.
    for slug in &slugs {
        let p = src.join(slug).join("policy.yaml");
        let text = read(&p);
        let changed = text.replacen("version: ", "version: 9.", 1);
        assert_ne!(text, changed);
        std::fs::write(&p, changed).unwrap();
    }
    let (a, b) = (&slugs[1], &slugs[3]);
    let r = build_with(&src, &out, &["--only", a, "--only", b], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("for 2 organisation(s)"), "{}", r.stderr);
    let after = snapshot(&out);
    for slug in &slugs {
        let pick = |s: &[(PathBuf, Vec<u8>)]| -> Vec<(PathBuf, Vec<u8>)> {
            s.iter()
                .filter(|(p, _)| p.starts_with(slug))
                .cloned()
                .collect()
        };
        let built = slug == a || slug == b;
        assert_eq!(
            pick(&before) != pick(&after),
            built,
            "{slug}: built {built}, but its folder changed {}",
            pick(&before) != pick(&after)
        );
        for part in ["public", "internal"] {
            sums_hold(&out.join(slug).join(part)).unwrap();
        }
    }
    // A name that is not an organisation: exit 2, a hint, nothing written.
    let r = build_with(&src, &out, &["--only", &format!("{a}x")], tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("error[unknown-organisation]") && r.stderr.contains("did you mean"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), after);
}

#[test]
fn formats_writes_only_those_and_keeps_the_others_with_true_sums() {
    let tmp = tempdir();
    let (src, slugs) = corpus(tmp.path(), 2);
    let out = tmp.path().join("out");
    // Into an empty out/: only Markdown (and the publication bundle).
    let r = build_with(&src, &out, &["--formats", "md"], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let org = &slugs[0];
    let names: Vec<String> = snapshot(&out.join(org))
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"public/it/external.md".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"public/policy.json".to_string()),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".html") || n.ends_with(".pdf")),
        "{names:?}"
    );
    for part in ["public", "internal"] {
        sums_hold(&out.join(org).join(part)).unwrap();
    }

    // A full build, then a change and a build of the Markdown only: the new Markdown, the
    // HTML and PDF of the previous build kept, and the sums cover all of them.
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf_before = std::fs::read(doc(&out, org, "external.pdf")).unwrap();
    let html_before = std::fs::read(doc(&out, org, "external.html")).unwrap();
    let p = src.join(org).join("policy.yaml");
    let text = read(&p);
    std::fs::write(&p, text.replacen("version: ", "version: 9.", 1)).unwrap();
    let r = build_with(&src, &out, &["--formats", "md"], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&doc(&out, org, "external.md")).contains("9."));
    assert_eq!(
        std::fs::read(doc(&out, org, "external.pdf")).unwrap(),
        pdf_before
    );
    assert_eq!(
        std::fs::read(doc(&out, org, "external.html")).unwrap(),
        html_before
    );
    for slug in &slugs {
        for part in ["public", "internal"] {
            sums_hold(&out.join(slug).join(part)).unwrap();
        }
    }
    // The kept files are still smpolicy's: a full build replaces them.
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("kept "), "{}", r.stderr);
    assert_ne!(
        std::fs::read(doc(&out, org, "external.pdf")).unwrap(),
        pdf_before
    );

    // An unknown format is refused by the command line.
    let r = run(
        &["build", src.to_str().unwrap(), "--formats", "docx"],
        tmp.path(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn a_formats_build_never_reads_a_kept_document_through_a_link() {
    let tmp = tempdir();
    let (src, slugs) = corpus(tmp.path(), 1);
    let out = tmp.path().join("out");
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "not for the public folder").unwrap();
    let pdf = doc(&out, &slugs[0], "external.pdf");
    std::fs::remove_file(&pdf).unwrap();
    std::os::unix::fs::symlink(&secret, &pdf).unwrap();
    let before = snapshot(&out);
    let r = build_with(&src, &out, &["--formats", "md,html"], tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot keep") && r.stderr.contains("not a regular file"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), before, "something was written");
    assert!(std::fs::symlink_metadata(&pdf).unwrap().is_symlink());
    assert_eq!(read(&secret), "not for the public folder");
}

/// Runs `smpolicy ARGS` with standard error on a terminal (util-linux `script` gives it
/// one) and returns what the terminal showed; `ci` sets CI=true.
fn on_terminal(args: &[&str], cwd: &Path, ci: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_smpolicy");
    let command = std::iter::once(bin)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &command, "/dev/null"])
        .current_dir(cwd)
        .env_remove("CI")
        .env("NO_COLOR", "1");
    if ci {
        c.env("CI", "true");
    }
    let out = c
        .output()
        .expect("util-linux `script` runs (Debian bsdutils, in .ci/apt-packages.txt)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_progress_line_shows_on_a_terminal_and_not_in_ci_nor_in_a_pipe() {
    let tmp = tempdir();
    let (src, _) = corpus(tmp.path(), 6);
    let out = tmp.path().join("out");
    let args = [
        "build",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let shown = on_terminal(&args, tmp.path(), false);
    assert!(
        shown.contains("writing") && shown.contains("/6 organisations"),
        "{shown}"
    );
    let in_ci = on_terminal(&args, tmp.path(), true);
    assert!(in_ci.contains("wrote "), "{in_ci}");
    assert!(!in_ci.contains("organisations ["), "{in_ci}");
    let piped = build(&src, &out, tmp.path());
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        !piped.stderr.contains("organisations ["),
        "{}",
        piped.stderr
    );
}
