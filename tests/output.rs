//! The write path, through the binary: links are never written through, each organisation
//! folder is replaced whole, files that are not smpolicy's are kept, leftovers of a killed
//! build go, and two builds cannot interleave. (`scripts/soak-kill.sh` kills real builds.)

mod common;

use std::path::Path;

use common::*;

fn one_org(tmp: &Path) -> std::path::PathBuf {
    write_org(tmp, "prova", &[("policy.yaml", MINIMAL)])
}

#[test]
fn a_linked_organisation_folder_is_refused_and_nothing_is_written_through_it() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("prova")).unwrap();
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("is a symbolic link; smpolicy never writes through a link"),
        "{}",
        r.stderr
    );
    assert_eq!(
        snapshot(&elsewhere),
        vec![("keep.txt".into(), b"mine".to_vec())],
        "the build wrote through the link"
    );
}

#[test]
fn planted_links_are_never_followed() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    let out = tmp.path().join("out");
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let victim_dir = tmp.path().join("victim-dir");
    std::fs::create_dir_all(&victim_dir).unwrap();
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "secret").unwrap();
    // The staging folder, a document and temporary names (of this and older versions).
    std::os::unix::fs::symlink(&victim_dir, out.join(".smpolicy-work")).unwrap();
    let html = doc(&out, "prova", "external.html");
    std::fs::remove_file(&html).unwrap();
    std::os::unix::fs::symlink(&victim, &html).unwrap();
    let it = html.parent().unwrap();
    for pid in [1, 2, 99999] {
        std::os::unix::fs::symlink(&victim, it.join(format!("external.md.tmp-smpolicy-{pid}")))
            .unwrap();
    }
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&victim), "secret", "a link was written through");
    assert!(
        snapshot(&victim_dir).is_empty(),
        "the staging link was followed"
    );
    assert!(
        !std::fs::symlink_metadata(&html)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the document is still a link"
    );
    assert!(read(&html).contains("<!DOCTYPE html>"));
    let names: Vec<String> = std::fs::read_dir(it)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-smpolicy-")),
        "{names:?}"
    );
    assert!(!out.join(".smpolicy-work").exists());
}

#[test]
fn foreign_files_stay_and_what_smpolicy_no_longer_writes_goes() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", MINIMAL)]);
    write_org(tmp.path(), "seconda", &[("policy.yaml", MINIMAL)]);
    let out = tmp.path().join("out");
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    // Someone's own files, in an organisation folder and beside them.
    std::fs::write(out.join("prova/public/.htaccess"), "Options -Indexes\n").unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", out.join("prova/public/env")).unwrap();
    std::fs::create_dir_all(out.join("archivio")).unwrap();
    std::fs::write(out.join("archivio/vecchia.pdf"), "old").unwrap();
    // A language an earlier build wrote: in the manifest, no longer in the source.
    let en = out.join("prova/public/en");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(en.join("external.md"), "old English text").unwrap();
    let manifest = out.join("prova/.smpolicy-manifest");
    let mut list = read(&manifest);
    list.push_str("public/en/external.md\n");
    std::fs::write(&manifest, list).unwrap();
    // An organisation that leaves the source, with a file of someone else in it.
    std::fs::remove_dir_all(tmp.path().join("src/seconda")).unwrap();
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !en.join("external.md").exists(),
        "a removed language stayed"
    );
    assert!(
        !out.join("seconda").exists(),
        "a removed organisation stayed"
    );
    assert!(r.stderr.contains("removed"), "{}", r.stderr);
    assert_eq!(
        read(&out.join("prova/public/.htaccess")),
        "Options -Indexes\n"
    );
    assert!(
        r.stderr.contains(".htaccess (not written by smpolicy)"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&out.join("archivio/vecchia.pdf")), "old");
    // Someone's link is kept as a link, never read.
    assert_eq!(
        std::fs::read_link(out.join("prova/public/env")).unwrap(),
        Path::new("/proc/self/environ")
    );

    // A removed organisation's folder with someone's file in it: only smpolicy's files go.
    write_org(tmp.path(), "terza", &[("policy.yaml", MINIMAL)]);
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    std::fs::write(out.join("terza/public/nota.txt"), "mia").unwrap();
    // A manifest that names a file outside its folder deletes nothing there.
    std::fs::write(tmp.path().join("victim.txt"), "keep").unwrap();
    let manifest = out.join("terza/.smpolicy-manifest");
    let mut list = read(&manifest);
    list.push_str("../../victim.txt\n");
    std::fs::write(&manifest, list).unwrap();
    std::fs::remove_dir_all(tmp.path().join("src/terza")).unwrap();
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    let left: Vec<_> = snapshot(&out.join("terza"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(left, vec![std::path::PathBuf::from("public/nota.txt")]);
    assert_eq!(read(&tmp.path().join("victim.txt")), "keep");

    // Building one organisation's folder leaves the other organisations alone.
    write_org(tmp.path(), "quarta", &[("policy.yaml", MINIMAL)]);
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    let r = build(&src.join("prova"), &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(doc(&out, "quarta", "external.md").is_file());
}

#[test]
fn the_next_build_finishes_what_a_killed_build_left() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    write_org(tmp.path(), "seconda", &[("policy.yaml", MINIMAL)]);
    let out = tmp.path().join("out");
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    let reference = snapshot(&out);
    // Killed between the two renames of the fallback: `prova` moved aside, half a staging
    // folder, and temporary files of an older version.
    let work = out.join(".smpolicy-work");
    std::fs::create_dir_all(work.join("seconda.new/public")).unwrap();
    std::fs::write(work.join("seconda.new/public/half.html"), "<p>").unwrap();
    std::fs::rename(out.join("prova"), work.join("prova.old")).unwrap();
    std::fs::write(
        out.join("seconda/public/it/external.pdf.tmp-smpolicy-4242"),
        "partial",
    )
    .unwrap();
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(&out), reference, "leftovers after the next build");
    assert!(!work.exists());
}

#[test]
fn two_builds_cannot_write_into_one_folder_at_once() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    let out = tmp.path().join("out");
    assert_eq!(build(&src, &out, tmp.path()).code, 0);
    let before = snapshot(&out);
    // Another build holds the lock.
    let lock = std::fs::File::options()
        .read(true)
        .write(true)
        .open(out.join(".smpolicy-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(
        tmp.path().join("src/prova/policy.yaml"),
        MINIMAL.replace("version: \"1.0\"", "version: \"1.1\""),
    )
    .unwrap();
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("another smpolicy build is writing into"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), before, "the second build wrote");
    drop(lock);
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn build_dot_inside_an_organisation_writes_its_own_folder() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    let org = src.join("prova");
    let r = run(&["build", ".", "--out", "../../out"], &org);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = tmp.path().join("out");
    assert!(
        doc(&out, "prova", "external.md").is_file(),
        "{:?}",
        snapshot(&out)
    );
    assert!(!out.join("public").exists(), "written at the root of out/");
}

#[test]
fn the_layout_of_older_versions_is_replaced_and_foreign_files_stay() {
    let tmp = tempdir();
    let src = one_org(tmp.path());
    // What an older smpolicy wrote: documents of both kinds side by side, and one
    // SHA256SUMS over all of them; plus a file of the user's.
    let org = tmp.path().join("out/prova");
    std::fs::create_dir_all(org.join("it")).unwrap();
    let mut sums = String::new();
    for f in ["it/external.html", "it/internal.html", "policy.json"] {
        std::fs::write(org.join(f), "old").unwrap();
        sums.push_str(&format!("{}  {f}\n", "0".repeat(64)));
    }
    std::fs::write(org.join("SHA256SUMS"), sums).unwrap();
    std::fs::write(org.join("it/leggimi.txt"), "mine").unwrap();
    let r = build(&src, &tmp.path().join("out"), tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files: Vec<String> = snapshot(&org)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .filter(|p| !p.starts_with("public/") && !p.starts_with("internal/"))
        .collect();
    assert_eq!(files, [".smpolicy-manifest", "it/leggimi.txt"]);
}
