//! The words of a language are data: `templates/<lang>/labels.yaml`, checked when a run
//! starts. End to end through the binary, with a project's own labels file.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const BUILTIN: &str = include_str!("../templates/it/labels.yaml");

/// The policy of the tests: valid, with an account, a contact and an adoption.
const POLICY: &str = MINIMAL;

/// A project folder: `policy-src/prova/policy.yaml` with `policy`, and, when given, its own
/// `templates/it/labels.yaml`.
fn project(tmp: &Path, policy: &str, labels: Option<&str>) -> PathBuf {
    let org = tmp.join("policy-src/prova");
    std::fs::create_dir_all(&org).unwrap();
    std::fs::write(org.join("policy.yaml"), policy).unwrap();
    if let Some(labels) = labels {
        let dir = tmp.join("templates/it");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("labels.yaml"), labels).unwrap();
    }
    tmp.to_path_buf()
}

/// A second version of the policy in `tmp/new/prova`, and `smpolicy diff` of the project's
/// `policy-src` against it.
fn diff_against(tmp: &Path, dir: &Path, new: &str) -> Run {
    let other = tmp.join("new/prova");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("policy.yaml"), new).unwrap();
    run(&["diff", "policy-src", "new"], dir)
}

/// `text` with `from` replaced once; fails when `from` is not there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no `{from}` in the text");
    text.replacen(from, to, 1)
}

#[test]
fn the_date_format_and_the_change_words_come_from_the_labels_file() {
    let tmp = tempdir();
    let labels = edit(
        BUILTIN,
        "date_format: \"{dd}/{mm}/{yyyy}\"",
        "date_format: \"{d}.{m}.{yyyy}\"",
    );
    let labels = edit(
        &labels,
        "changed: \"{subject}: da {old} a {new}.\"",
        "changed: \"{subject} era {old}, ora è {new}.\"",
    );
    let labels = edit(&labels, "    act: \"atto\"", "    act: \"delibera\"");
    let dir = project(tmp.path(), POLICY, Some(&labels));
    let r = run(&["build", "--formats", "md"], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(dir.join("out/prova/public/it/external.md")).unwrap();
    assert!(md.contains("Deliberazione n. 1 del 15.1.2026"), "{md}");
    assert!(!md.contains("15/01/2026"), "{md}");

    // `smpolicy diff` in the same project reads the same file.
    let new = edit(
        POLICY,
        "act: Deliberazione n. 1\n  date: 2026-01-15",
        "act: Deliberazione n. 7\n  date: 2026-06-01",
    );
    let r = diff_against(tmp.path(), &dir, &new);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .any(|l| l == "- Delibera era «Deliberazione n. 1», ora è «Deliberazione n. 7»."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l == "- Data era «15.1.2026», ora è «1.6.2026»."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Versione precedente: 1.0, Deliberazione n. 1 del 15.1.2026."),
        "{}",
        r.stdout
    );
}

#[test]
fn a_labels_file_without_a_label_for_a_platform_stops_the_build() {
    let tmp = tempdir();
    let labels = edit(BUILTIN, "\n  bluesky: Bluesky\n", "\n");
    let dir = project(tmp.path(), POLICY, Some(&labels));
    let r = run(&["build"], &dir);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "error[template]: the labels file `it/labels.yaml` of the templates is incomplete: `platform` has no label for `bluesky`"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: "), "{}", r.stderr);
    assert!(!dir.join("out").exists(), "nothing is written");
}

#[test]
fn a_labels_file_with_an_unknown_or_a_missing_key_stops_the_build() {
    for (labels, says) in [
        (
            edit(BUILTIN, "  link_alt:", "  link_text:"),
            "unknown field `link_text`",
        ),
        (
            edit(BUILTIN, "  \"yes\": \"sì\"\n", ""),
            "missing field `yes`",
        ),
        (
            edit(
                BUILTIN,
                "\n  facebook: Facebook\n",
                "\n  facebok: Facebook\n",
            ),
            "`platform` has `facebok`, which is not one of its values",
        ),
    ] {
        let tmp = tempdir();
        let dir = project(tmp.path(), POLICY, Some(&labels));
        let r = run(&["build"], &dir);
        assert_ne!(r.code, 0, "{}", r.stdout);
        assert!(r.stderr.contains(says), "{says}: {}", r.stderr);
        assert!(!dir.join("out").exists(), "nothing is written");
    }
}

/// A value that looks like a place of a sentence frame (`{date}`, `{old}`) prints as written:
/// frames are filled in one pass, values are never searched again.
#[test]
fn a_value_with_braces_is_never_filled_in() {
    let tmp = tempdir();
    let policy = edit(
        POLICY,
        "name: Comune di Prova\n  kind",
        "name: \"Comune {date} di {version}\"\n  kind",
    );
    let dir = project(tmp.path(), &policy, None);
    let r = run(&["build", "--formats", "pdf"], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = dir.join("out/prova/public/it/external.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines().any(|l| l.starts_with("Subject:")
            && l.ends_with(
                "Regole per chi partecipa agli spazi social del Comune {date} di {version}"
            )),
        "{info}"
    );

    let new = edit(
        &policy,
        "act: Deliberazione n. 1",
        "act: \"Deliberazione {old} {new}\"",
    );
    let r = diff_against(tmp.path(), &dir, &new);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .any(|l| l == "- Atto: da «Deliberazione n. 1» a «Deliberazione {old} {new}»."),
        "{}",
        r.stdout
    );
}
