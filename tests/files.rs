//! What smpolicy reads, through the binary: the templates folder is the project's (never the
//! current folder's), links never lead out of it, pipes never block a read, and the output
//! folder cannot be put inside the source.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

/// Runs smpolicy in `cwd` and fails the test, instead of hanging, after 30 seconds.
fn run_bounded(args: &[&str], cwd: &Path) -> Run {
    let mut command = bin();
    command.args(args).current_dir(cwd);
    run_limited(command, Duration::from_secs(30))
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// A project: `src/prova/policy.yaml` and a `templates/` folder of its own.
fn project(root: &Path) -> std::path::PathBuf {
    let src = write_org(root, "prova", &[("policy.yaml", MINIMAL)]);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let css = read(&repo().join("templates/style.css"));
    std::fs::write(
        root.join("templates/style.css"),
        format!("{css}\n/* house style */\n"),
    )
    .unwrap();
    src
}

#[test]
fn the_same_build_from_another_folder_gives_the_same_bytes() {
    let tmp = tempdir();
    let root = tmp.path().join("progetto");
    let src = project(&root);
    // Another folder, with a templates/ of its own that must not be used.
    let elsewhere = tmp.path().join("altrove");
    std::fs::create_dir_all(elsewhere.join("templates")).unwrap();
    std::fs::write(elsewhere.join("templates/style.css"), "body { color: red }").unwrap();
    let (a, b) = (tmp.path().join("out-a"), tmp.path().join("out-b"));
    for (cwd, out) in [(&root, &a), (&elsewhere, &b)] {
        let r = build(&src, out, cwd);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa, sb, "the build depends on the current folder");
    let html = read(&doc(&a, "prova", "external.html"));
    assert!(
        html.contains("house style"),
        "the project's templates were not used"
    );
    assert!(!html.contains("color: red"));
    let hashes: Vec<String> = [&root, &elsewhere]
        .iter()
        .map(|cwd| run(&["hash", src.to_str().unwrap()], cwd).stdout)
        .collect();
    assert_eq!(hashes[0], hashes[1]);
    // One organisation's folder as SRC finds the same templates.
    let one = tmp.path().join("out-c");
    let r = build(&src.join("prova"), &one, &elsewhere);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(&doc(&one, "prova", "external.html")),
        read(&doc(&a, "prova", "external.html"))
    );
}

#[test]
fn a_template_link_out_of_the_folder_is_refused_not_read() {
    let tmp = tempdir();
    let src = project(tmp.path());
    std::fs::create_dir_all(tmp.path().join("templates/it")).unwrap();
    std::os::unix::fs::symlink(
        "/proc/self/environ",
        tmp.path().join("templates/it/external.md.tera"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = bin()
        .args([
            "build",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .current_dir(tmp.path())
        .env("SMPOLICY_TEST_SECRET", "hunter2-do-not-print")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("external.md.tera` is a link; smpolicy reads only the files really inside the templates folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(!out.exists(), "something was written");

    // A link as the templates folder itself: not walked.
    std::fs::remove_dir_all(tmp.path().join("templates")).unwrap();
    std::os::unix::fs::symlink("/", tmp.path().join("templates")).unwrap();
    let r = run_bounded(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is a link"), "{}", r.stderr);
}

#[test]
fn pipes_are_refused_without_waiting() {
    let tmp = tempdir();
    let src = project(tmp.path());
    // A FIFO among the templates.
    mkfifo(&tmp.path().join("templates/style.css.fifo"));
    let r = run_bounded(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    std::fs::remove_file(tmp.path().join("templates/style.css.fifo")).unwrap();
    // textconv handed a FIFO (git never does; a user may).
    let fifo = tmp.path().join("src/prova/pipe.yml.txt");
    mkfifo(&fifo);
    let r = run_bounded(
        &[
            "textconv",
            fifo.to_str().unwrap(),
            "--src",
            src.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
}

#[test]
fn an_output_folder_inside_the_source_is_refused() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", MINIMAL)]);
    for (src_arg, out) in [
        (src.clone(), src.join("out")),
        (src.clone(), src.join("prova/out")),
        // One organisation's folder, written into its parent: out/prova would be the source.
        (src.join("prova"), src.clone()),
    ] {
        let before = snapshot(&src);
        let r = build(&src_arg, &out, tmp.path());
        assert_eq!(r.code, 2, "--out {}: {}", out.display(), r.stderr);
        assert!(
            r.stderr.contains("error[out-in-source]"),
            "--out {}: {}",
            out.display(),
            r.stderr
        );
        assert_eq!(snapshot(&src), before, "--out {} wrote", out.display());
    }
    // Every later check still works.
    let r = run(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_linked_organisation_folder_in_the_source_is_not_followed() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", MINIMAL)]);
    std::os::unix::fs::symlink("/", src.join("disco")).unwrap();
    let r = run_bounded(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("disco` is a link to a folder"),
        "{}",
        r.stderr
    );
}

/// `check SRC`, or `build SRC --out OUT`.
fn source_command<'a>(command: &'a str, src: &'a Path, out: &'a Path) -> Vec<&'a str> {
    let mut args = vec![command, src.to_str().unwrap()];
    if command == "build" {
        args.extend(["--out", out.to_str().unwrap()]);
    }
    args
}

#[test]
fn organisation_folders_that_differ_only_in_case_are_refused_before_anything_is_written() {
    // `Comune-X` and `comune-x` are one folder on Windows and macOS: their documents in
    // out/ would overwrite each other when the output is copied there.
    for (a, b) in [
        ("Comune-Prova", "comune-prova"),
        ("citt\u{e0}", "CITTA\u{300}"),
    ] {
        let tmp = tempdir();
        write_org(tmp.path(), a, &[("policy.yaml", MINIMAL)]);
        let src = write_org(tmp.path(), b, &[("policy.yaml", MINIMAL)]);
        for command in ["check", "build"] {
            let out = tmp.path().join("out");
            let r = run_bounded(&source_command(command, &src, &out), tmp.path());
            assert_eq!(r.code, 1, "{command} {a} {b}: {}", r.stderr);
            assert!(
                r.stderr.contains("error[organisation-name-case]")
                    && r.stderr.contains("differ only in upper and lower case"),
                "{command}: {}",
                r.stderr
            );
            assert!(!out.exists(), "{command} wrote {}", out.display());
        }
    }
    // Folders with different names are two organisations, as before.
    let tmp = tempdir();
    write_org(tmp.path(), "comune-prova", &[("policy.yaml", MINIMAL)]);
    let src = write_org(tmp.path(), "comune-prova-2", &[("policy.yaml", MINIMAL)]);
    let r = run_bounded(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn yaml_files_beside_organisation_folders_are_named_instead_of_read_as_one_organisation() {
    let tmp = tempdir();
    write_org(tmp.path(), "comune-a", &[("policy.yml", MINIMAL)]);
    let src = write_org(tmp.path(), "comune-b", &[("policy.yaml", MINIMAL)]);
    std::fs::write(src.join("policy.yaml"), MINIMAL).unwrap();
    std::fs::write(src.join("appunti.yml"), "nota: 1\n").unwrap();
    let out = tmp.path().join("out");
    for command in ["check", "build"] {
        let r = run_bounded(&source_command(command, &src, &out), tmp.path());
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("error[mixed-source]"), "{}", r.stderr);
        for name in ["`appunti.yml`", "`policy.yaml`", "`comune-a`", "`comune-b`"] {
            assert!(r.stderr.contains(name), "{name} not named: {}", r.stderr);
        }
        assert!(
            r.stderr.matches("error[").count() == 1,
            "one error, not one per repeated key: {}",
            r.stderr
        );
        assert!(!out.exists(), "{command} wrote {}", out.display());
    }
    // One organisation's folder, with YAML in a subfolder of its own, is still one.
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", MINIMAL)]);
    std::fs::create_dir_all(src.join("prova/extra")).unwrap();
    let r = run_bounded(&["check", src.join("prova").to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}
