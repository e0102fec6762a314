//! End-to-end tests of `smpolicy build` and `check` through the binary.

mod common;

use common::*;

#[test]
fn example_builds_into_every_document_and_format() {
    let (_tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    for doc in ["external", "internal"] {
        for ext in ["md", "html", "fragment.html"] {
            let p = common::doc(&out, "comune-di-valdoria", &format!("{doc}.{ext}"));
            assert!(p.is_file(), "missing {}", p.display());
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempdir();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for out in [&a, &b] {
        let r = build(&example_src(), out, &repo());
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(!sa.is_empty());
    assert_eq!(sa, sb, "two builds of the same input differ");
}

#[test]
fn committed_markdown_is_not_stale() {
    let (_tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in ["external", "internal"] {
        let fresh = read(&common::doc(
            &out,
            "comune-di-valdoria",
            &format!("{doc}.md"),
        ));
        let committed_path = common::doc(
            &repo().join("out"),
            "comune-di-valdoria",
            &format!("{doc}.md"),
        );
        let committed = read(&committed_path);
        let rel = committed_path.display();
        assert!(
            fresh == committed,
            "out/{rel} is stale: run `cargo run --release -- build` and commit the diff"
        );
        // The golden file means something: it is a policy with a title and sections.
        assert!(committed.starts_with("# "), "out/{rel} has no title");
        assert!(
            committed.matches("\n## ").count() >= 5,
            "out/{rel} has few sections"
        );
    }
}

#[test]
fn nothing_is_written_when_one_organisation_is_invalid() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "a-valid", &[("policy.yaml", MINIMAL)]);
    write_org(
        tmp.path(),
        "b-broken",
        &[(
            "policy.yaml",
            &MINIMAL.replace("managed_by: [smm]", "managed_by: [nobody]"),
        )],
    );
    let out = tmp.path().join("out");
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(
        !out.exists(),
        "out/ was created although an organisation is invalid"
    );

    // And an existing out/ is left exactly as it was.
    std::fs::create_dir_all(out.join("a-valid")).unwrap();
    std::fs::write(out.join("a-valid/keep.txt"), "old").unwrap();
    let before = snapshot(&out);
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 1);
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_valid_organisation_builds_and_check_writes_nothing() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", MINIMAL)]);
    let r = run(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!tmp.path().join("out").exists(), "check wrote outputs");
    let r = run(&["build", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(&common::doc(
        &tmp.path().join("out"),
        "prova",
        "external.md",
    ));
    assert!(md.contains("comunediprova"), "{md}");
    // No temporary files are left behind.
    for (path, _) in snapshot(&tmp.path().join("out")) {
        assert!(
            !path.to_string_lossy().contains(".tmp-"),
            "{}",
            path.display()
        );
    }
}

/// Asserts that `check` fails with `code` at `line:column` of `file`.
fn assert_error_at(
    files: &[(&str, &str)],
    code: &str,
    file: &str,
    line: usize,
    column: usize,
) -> String {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", files);
    let r = run(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 1, "expected failure, got:\n{}", r.stderr);
    let place = format!(
        "{}:{line}:{column}: error[{code}]",
        src.join("prova").join(file).display()
    );
    assert!(
        r.stderr.contains(&place),
        "expected `{place}` in:\n{}",
        r.stderr
    );
    r.stderr
}

#[test]
fn a_typo_in_a_key_names_line_column_and_suggests() {
    let yaml = MINIMAL.replace("    scope: institutional", "    scpoe: institutional");
    let err = assert_error_at(
        &[("policy.yaml", &yaml)],
        "unknown-key",
        "policy.yaml",
        12,
        5,
    );
    assert!(err.contains("did you mean `scope`?"), "{err}");
    assert!(err.contains("scpoe: institutional"), "no snippet:\n{err}");
}

#[test]
fn a_wrong_type_names_line_and_column() {
    let yaml = MINIMAL.replace("managed_by: [smm]", "managed_by: smm");
    assert_error_at(
        &[("policy.yaml", &yaml)],
        "wrong-type",
        "policy.yaml",
        13,
        17,
    );
}

#[test]
fn a_duplicate_key_names_line_and_column() {
    let yaml = MINIMAL.replace(
        "    scope: institutional\n",
        "    scope: institutional\n    scope: topic\n",
    );
    assert_error_at(
        &[("policy.yaml", &yaml)],
        "duplicate-key",
        "policy.yaml",
        13,
        5,
    );
}

#[test]
fn an_unknown_role_names_line_column_and_suggests() {
    let yaml = MINIMAL.replace("managed_by: [smm]", "managed_by: [smn]");
    let err = assert_error_at(
        &[("policy.yaml", &yaml)],
        "unknown-role",
        "policy.yaml",
        13,
        18,
    );
    assert!(err.contains("did you mean `smm`?"), "{err}");
}

#[test]
fn a_section_written_twice_names_both_files() {
    let accounts = "accounts:\n  - id: ig\n    platform: instagram\n    name: Comune\n    handle: comune\n    url: https://www.instagram.com/comune\n    scope: institutional\n";
    let err = assert_error_at(
        &[("policy.yaml", MINIMAL), ("zz-accounts.yaml", accounts)],
        "duplicate-section",
        "zz-accounts.yaml",
        2,
        3,
    );
    assert!(
        err.contains("policy.yaml:7:"),
        "first place not named:\n{err}"
    );
}

#[test]
fn two_rules_with_one_id_and_bad_values_are_errors() {
    let yaml = format!(
        "{MINIMAL}moderation:\n  mode: post_publication\n  rules:\n    - id: M-01\n      title: A\n      description: a\n      actions: [hide]\n    - id: M-01\n      title: B\n      description: b\n      actions: [warn]\n"
    );
    let err = assert_error_at(
        &[("policy.yaml", &yaml)],
        "duplicate-id",
        "policy.yaml",
        38,
        11,
    );
    assert!(err.contains("first used at"), "{err}");

    let bad_licence = format!("{MINIMAL}licence:\n  own_content: CC BY 4.0\n");
    let err = assert_error_at(
        &[("policy.yaml", &bad_licence)],
        "unknown-licence",
        "policy.yaml",
        32,
        16,
    );
    assert!(err.contains("CC-BY-4.0"), "{err}");

    let bad_url = MINIMAL.replace(
        "https://www.facebook.com/comunediprova",
        "ftp://facebook.com/x",
    );
    assert_error_at(
        &[("policy.yaml", &bad_url)],
        "bad-url",
        "policy.yaml",
        11,
        10,
    );

    let no_way = MINIMAL.replace("    email: urp@comune.prova.it\n", "");
    assert_error_at(
        &[("policy.yaml", &no_way)],
        "unreachable-contact",
        "policy.yaml",
        18,
        12,
    );
}

#[test]
fn yaml_text_cannot_inject_markup_or_links() {
    // In a one-line value the text is escaped and shown as written.
    let yaml = MINIMAL.replace(
        "    name: Comune di Prova\n    handle",
        "    name: \"<script>alert(1)</script> [x](javascript:alert(1))\"\n    handle",
    );
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", &yaml)]);
    let r = run(&["build", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in ["external", "internal"] {
        let html = read(&common::doc(
            &tmp.path().join("out"),
            "prova",
            &format!("{doc}.html"),
        ));
        assert!(!html.contains("<script>"), "script tag reached {doc}.html");
        assert!(
            !html.contains("href=\"javascript"),
            "javascript link reached {doc}.html"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "the text was dropped instead of shown in {doc}.html"
        );
    }

    // In free Markdown text, a javascript: link is refused at check time.
    let yaml = format!(
        "{MINIMAL}moderation:\n  mode: preventive\n  intro: \"Leggi [qui](javascript:alert(1))\"\n  rules: []\n"
    );
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", &yaml)]);
    let r = run(&["check", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[bad-link]"), "{}", r.stderr);

    // Raw HTML in free text is refused at check time, with its place, and nothing is built.
    let yaml = format!(
        "{MINIMAL}moderation:\n  mode: preventive\n  intro: \"Testo <script>alert(1)</script> fine\"\n  rules: []\n"
    );
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", &yaml)]);
    let r = run(&["build", src.to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[markdown-html]"), "{}", r.stderr);
    assert!(!tmp.path().join("out/prova").exists());
}

/// Text of a file as a reader of the public site could see it: PDFs through `pdftotext`
/// when it is installed (their text is compressed and subset-encoded), any other file as
/// it is, lower-cased.
fn visible_text(path: &std::path::Path) -> Option<String> {
    if path.extension().is_some_and(|e| e == "pdf") {
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
            .ok()?;
        return Some(String::from_utf8_lossy(&out.stdout).to_lowercase());
    }
    Some(String::from_utf8_lossy(&std::fs::read(path).ok()?).to_lowercase())
}

#[test]
fn staff_only_data_never_reaches_the_public_folder() {
    let tmp = tempdir();
    let src = repo().join("tests/fixtures/markers");
    let out = tmp.path().join("out");
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let org = out.join("ente-marcato");
    // The organisation's folder holds the two folders and nothing else a server could list.
    let mut top: Vec<String> = std::fs::read_dir(&org)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".smpolicy"))
        .collect();
    top.sort();
    assert_eq!(top, ["internal", "public"]);
    // Every file of the public folder, whatever its format, is free of staff-only data.
    let public = snapshot(&org.join("public"));
    let names: Vec<String> = public
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    for f in [
        "it/external.md",
        "it/external.html",
        "it/external.fragment.html",
        "it/external.pdf",
        "policy.json",
        "accounts.json",
        "SHA256SUMS",
    ] {
        assert!(
            names.iter().any(|n| n == f),
            "public/{f} is missing: {names:?}"
        );
    }
    for (rel, _) in &public {
        assert!(
            !rel.to_string_lossy().contains("internal"),
            "public/{} looks internal",
            rel.display()
        );
        let Some(text) = visible_text(&org.join("public").join(rel)) else {
            continue;
        };
        for n in 1..=39 {
            let marker = format!("intmark{n:02}");
            assert!(
                !text.contains(&marker),
                "{marker} (internal-only) reached public/{}",
                rel.display()
            );
        }
        assert!(
            !text.contains("07:15"),
            "the team's hours reached public/{}",
            rel.display()
        );
    }
    // The markers are real: most internal-only fields do show in the internal policy
    // (the account bio, n. 01, is used only for length checks).
    let internal = read(&common::doc(&out, "ente-marcato", "internal.md")).to_lowercase();
    let reached_internal = (1..=39)
        .filter(|n| internal.contains(&format!("intmark{n:02}")))
        .count();
    assert!(
        reached_internal >= 35,
        "only {reached_internal} markers in internal.md"
    );
}

#[test]
fn internal_documents_are_marked_for_internal_use_and_not_indexed() {
    let (_tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let noindex = "<meta name=\"robots\" content=\"noindex, nofollow\">";
    let banner = "USO INTERNO";
    let md = read(&common::doc(&out, "comune-di-valdoria", "internal.md"));
    let first = md.lines().take(4).collect::<Vec<_>>().join("\n");
    assert!(
        first.contains(banner),
        "no banner at the top of internal.md:\n{first}"
    );
    let html = read(&common::doc(&out, "comune-di-valdoria", "internal.html"));
    assert!(html.contains(noindex), "internal.html can be indexed");
    assert!(html.contains(banner), "internal.html has no banner");
    let fragment = read(&common::doc(
        &out,
        "comune-di-valdoria",
        "internal.fragment.html",
    ));
    assert!(
        fragment.contains(banner),
        "internal.fragment.html has no banner"
    );
    // The public page is meant to be found.
    let external = read(&common::doc(&out, "comune-di-valdoria", "external.html"));
    assert!(!external.contains("noindex"));
    assert!(!external.contains(banner));
    // Each folder vouches for its own files only.
    let public_sums = read(&out.join("comune-di-valdoria/public/SHA256SUMS"));
    let internal_sums = read(&out.join("comune-di-valdoria/internal/SHA256SUMS"));
    assert!(!public_sums.contains("internal"), "{public_sums}");
    assert!(internal_sums.contains("it/internal.pdf"), "{internal_sums}");
    assert!(!internal_sums.contains("external"), "{internal_sums}");
}
