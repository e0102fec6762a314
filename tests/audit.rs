//! End-to-end tests of the auditor's tools through the binary: fingerprint in every output,
//! `hash`, `verify`, `diff` (folders and git revisions), `textconv`, the publication bundle
//! and reproducible builds.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A policy with one item of each kind the diff tests change.
const BASE: &str = r#"organisation:
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
monitoring:
  hours:
    - days: [mon, tue, wed, thu, fri]
      from: "09:00"
      to: "13:00"
  response_time: {value: 2, unit: working_days}
moderation:
  mode: post_publication
  rules:
    - id: M-01
      title: Spam
      description: Messaggi pubblicitari ripetuti.
      actions: [hide, warn]
roles:
  - id: smm
    title: Social media manager
    holder:
      name: Maria Riservata
      phone: +39 0123 999999
contacts:
  - label: URP
    email: urp@comune.prova.it
privacy:
  controller:
    name: Comune di Prova
  dpo:
    name: Responsabile della protezione dei dati
    email: dpo@comune.prova.it
adoption:
  body: Giunta comunale
  act: Deliberazione n. 1
  date: 2026-01-15
  version: "1.0"
"#;

fn changed(edits: &[(&str, &str)]) -> String {
    let mut s = BASE.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "the base policy has no `{from}`");
        s = s.replacen(from, to, 1);
    }
    s
}

const NEW_ACCOUNT: (&str, &str) = (
    "monitoring:\n",
    "  - id: ig\n    platform: instagram\n    name: Comune di Prova\n    handle: comunediprova\n    url: https://www.instagram.com/comunediprova\n    scope: institutional\nmonitoring:\n",
);
const RULE_ACTIONS: (&str, &str) = ("actions: [hide, warn]", "actions: [remove, block]");
const HOURS: (&str, &str) = (
    "from: \"09:00\"\n      to: \"13:00\"",
    "from: \"08:30\"\n      to: \"14:00\"",
);
const ROLE_TITLE: (&str, &str) = (
    "title: Social media manager",
    "title: Responsabile dei social",
);
const VERSION: (&str, &str) = (
    "act: Deliberazione n. 1\n  date: 2026-01-15\n  version: \"1.0\"",
    "act: Deliberazione n. 9\n  date: 2026-06-01\n  version: \"1.1\"",
);

/// Two one-organisation folders, `old/prova` and `new/prova`.
fn pair(tmp: &Path, old: &str, new: &str) -> (PathBuf, PathBuf) {
    let (a, b) = (tmp.join("old/prova"), tmp.join("new/prova"));
    for (dir, text) in [(&a, old), (&b, new)] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("policy.yaml"), text).unwrap();
    }
    (tmp.join("old"), tmp.join("new"))
}

fn diff(tmp: &Path, old: &str, new: &str, extra: &[&str]) -> Run {
    let (a, b) = pair(tmp, old, new);
    let mut args = vec!["diff", a.to_str().unwrap(), b.to_str().unwrap()];
    args.extend(extra);
    run(&args, tmp)
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn diff_reports_an_added_account() {
    let tmp = tempdir();
    let r = diff(tmp.path(), BASE, &changed(&[NEW_ACCOUNT]), &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        lines(&r.stdout),
        vec![
            "## Modifiche rispetto alla versione precedente",
            "",
            "Versione precedente: 1.0, Deliberazione n. 1 del 15/01/2026.\\",
            "Nuova versione: 1.0, Deliberazione n. 1 del 15/01/2026.",
            "",
            "### Account ufficiali",
            "",
            "- Aggiunto l'account `ig`: Instagram, comunediprova, https://www.instagram.com/comunediprova.",
        ]
    );
}

#[test]
fn diff_reports_a_changed_rule_action_hours_and_a_renamed_role() {
    let tmp = tempdir();
    let r = diff(
        tmp.path(),
        BASE,
        &changed(&[RULE_ACTIONS, HOURS, ROLE_TITLE, VERSION]),
        &[],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let out = r.stdout;
    for expected in [
        "Versione precedente: 1.0, Deliberazione n. 1 del 15/01/2026.\\",
        "Nuova versione: 1.1, Deliberazione n. 9 del 01/06/2026.",
        "### Presidio degli spazi",
        "- Orari: da «lunedì, martedì, mercoledì, giovedì, venerdì 09:00–13:00» a «lunedì, martedì, mercoledì, giovedì, venerdì 08:30–14:00».",
        "### Moderazione",
        "- Regola `M-01` (Spam), azioni: da «nascondere il contenuto, avvisare l'autore» a «rimuovere il contenuto, bloccare l'utente».",
        "### Adozione",
        "- Atto: da «Deliberazione n. 1» a «Deliberazione n. 9».",
        "- Data: da «15/01/2026» a «01/06/2026».",
        "- Versione: da «1.0» a «1.1».",
        "### Ruoli",
        "- Ruolo `smm` (Responsabile dei social), titolo: da «Social media manager» a «Responsabile dei social».",
    ] {
        assert!(
            out.lines().any(|l| l == expected),
            "missing line:\n{expected}\nin:\n{out}"
        );
    }
    // Sections follow the order of the policy.
    let pos = |s: &str| out.find(s).unwrap();
    assert!(pos("### Presidio") < pos("### Moderazione"));
    assert!(pos("### Moderazione") < pos("### Adozione"));
    assert!(pos("### Adozione") < pos("### Ruoli"));
}

#[test]
fn diff_public_shows_only_what_the_public_policy_shows() {
    // A new staff phone number, a renamed role and a new manager of an account are staff
    // matters; the changed rule is public.
    let staff = (
        "      phone: +39 0123 999999",
        "      phone: +39 0123 888888",
    );
    let new = changed(&[RULE_ACTIONS, ROLE_TITLE, staff]);
    let tmp = tempdir();
    let full = diff(tmp.path(), BASE, &new, &[]);
    assert_eq!(full.code, 1, "{}", full.stderr);
    assert!(full.stdout.contains("888888"), "{}", full.stdout);
    for format in ["markdown", "json"] {
        let tmp = tempdir();
        let r = diff(tmp.path(), BASE, &new, &["--public", "--format", format]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("M-01"), "{}", r.stdout);
        for staff_only in [
            "999999",
            "888888",
            "Maria Riservata",
            "Responsabile dei social",
            "Ruol",
            "roles",
        ] {
            assert!(
                !r.stdout.contains(staff_only),
                "--public --format {format} shows `{staff_only}`:\n{}",
                r.stdout
            );
        }
    }
    // A change to staff data only is no change for the public.
    let tmp = tempdir();
    let r = diff(
        tmp.path(),
        BASE,
        &changed(&[staff, ROLE_TITLE]),
        &["--public"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Nessuna modifica."), "{}", r.stdout);
}

#[test]
fn diff_as_json_lists_each_change_with_old_and_new() {
    let tmp = tempdir();
    let r = diff(
        tmp.path(),
        BASE,
        &changed(&[RULE_ACTIONS, ROLE_TITLE]),
        &["--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["equal"], false);
    let changes = v["organisations"][0]["changes"].as_array().unwrap();
    let by_path = |p: &str| {
        changes
            .iter()
            .find(|c| c["path"] == p)
            .unwrap_or_else(|| panic!("no change at {p}: {}", r.stdout))
    };
    let rule = by_path("moderation.rules[M-01].actions");
    assert_eq!(rule["kind"], "changed");
    assert_eq!(rule["old"], serde_json::json!(["hide", "warn"]));
    assert_eq!(rule["new"], serde_json::json!(["remove", "block"]));
    let role = by_path("roles[smm].title");
    assert_eq!(role["old"], "Social media manager");
    assert_eq!(role["new"], "Responsabile dei social");
    assert_eq!(changes.len(), 2, "{}", r.stdout);
}

#[test]
fn diff_of_equal_sources_exits_0() {
    let tmp = tempdir();
    let r = diff(tmp.path(), BASE, BASE, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("\nNessuna modifica.\n"), "{}", r.stdout);
}

#[test]
fn diff_of_a_broken_source_exits_2() {
    let tmp = tempdir();
    let r = diff(tmp.path(), BASE, "organisation: [", &[]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

// ---------------------------------------------------------------------------------------------
// git

/// A repository with `policy-src/prova/policy.yaml` at tag v1.0 (BASE) and HEAD (`new`).
fn repo_with_two_versions(tmp: &Path, new: &str) -> PathBuf {
    let repo = tmp.join("repo");
    let org = repo.join("policy-src/prova");
    std::fs::create_dir_all(&org).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(org.join("policy.yaml"), BASE).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "v1"]);
    git(&repo, &["tag", "v1.0"]);
    std::fs::write(org.join("policy.yaml"), new).unwrap();
    git(&repo, &["commit", "-q", "--allow-empty", "-am", "v2"]);
    repo
}

#[test]
fn diff_reads_git_revisions() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(tmp.path(), &changed(&[RULE_ACTIONS]));
    let r = run(&["diff", "v1.0", "HEAD"], &repo);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.lines().any(|l| l
            == "- Regola `M-01` (Spam), azioni: da «nascondere il contenuto, avvisare l'autore» a «rimuovere il contenuto, bloccare l'utente»."),
        "{}",
        r.stdout
    );
    // A revision against the work tree folder.
    let r = run(&["diff", "HEAD", "policy-src"], &repo);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // From a subfolder, --src is relative to it.
    let r = run(
        &["diff", "v1.0", "HEAD", "--src", "."],
        &repo.join("policy-src"),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

#[test]
fn diff_explains_an_unknown_revision() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(tmp.path(), BASE);
    let r = run(&["diff", "v9.9", "HEAD"], &repo);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("`v9.9` is neither a folder nor a git revision"),
        "{}",
        r.stderr
    );
    let r = run(&["diff", "v1.0", "HEAD", "--src", "nowhere"], &repo);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("does not exist at `v1.0`"),
        "{}",
        r.stderr
    );
}

#[test]
fn textconv_makes_git_diff_show_the_policy_text() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(tmp.path(), &changed(&[ROLE_TITLE, RULE_ACTIONS]));
    std::fs::write(
        repo.join(".gitattributes"),
        "policy-src/**/*.yaml diff=smpolicy\n",
    )
    .unwrap();
    let cmd = format!("\"{}\" textconv", env!("CARGO_BIN_EXE_smpolicy"));
    git(&repo, &["config", "diff.smpolicy.textconv", &cmd]);
    let patch = git(&repo, &["log", "-p", "-1", "--format=", "HEAD"]);
    // The rendered external policy's rule line changes, not the YAML key.
    assert!(
        patch
            .lines()
            .any(|l| l.starts_with('-') && l.contains("Spam")),
        "{patch}"
    );
    assert!(
        !patch.contains("actions: [remove, block]"),
        "git showed the YAML, not the policy: {patch}"
    );
    assert!(patch.contains("+"), "{patch}");
    // Directly: a file of an organisation renders the organisation.
    let r = run(&["textconv", "policy-src/prova/policy.yaml"], &repo);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("# "), "{}", r.stdout);
    // A broken file is printed as it is, so git can still show something.
    std::fs::write(tmp.path().join("broken.yaml"), "a: [").unwrap();
    let r = run(
        &["textconv", tmp.path().join("broken.yaml").to_str().unwrap()],
        &repo,
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "a: [");
}

// ---------------------------------------------------------------------------------------------
// Fingerprint, hash and verify

fn build(src: &Path, out: &Path, cwd: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let r = run(&args, cwd);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
}

fn fingerprint_of(hash_output: &str) -> String {
    let line = hash_output.lines().next().expect("a line");
    let (slug, fp) = line.split_once(' ').expect("`<slug> <fingerprint>`");
    assert!(!slug.is_empty());
    let hex = fp.strip_prefix("sha256:").expect("sha256: prefix");
    assert_eq!(hex.len(), 64, "{line}");
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    fp.to_string()
}

#[test]
fn every_output_carries_the_fingerprint_that_hash_prints() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    build(&example_src(), &out, tmp.path(), &[]);
    let r = run(&["hash", example_src().to_str().unwrap()], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("comune-di-valdoria sha256:"),
        "{}",
        r.stdout
    );
    let fp = fingerprint_of(&r.stdout);
    for f in [
        "external.md",
        "internal.md",
        "external.html",
        "internal.html",
    ] {
        let text = read(&doc(&out, "comune-di-valdoria", f));
        assert!(text.contains(&fp), "{f} lacks {fp}");
    }
    let dir = out.join("comune-di-valdoria/public");
    let html = read(&dir.join("it/external.html"));
    assert!(html.contains(&format!(
        "<meta name=\"smpolicy-fingerprint\" content=\"{fp}\">"
    )));
    assert!(html.contains("<meta name=\"smpolicy-version\" content=\"2.0\">"));
    assert!(read(&dir.join("policy.json")).contains(&fp));
}

#[test]
fn verify_says_yes_for_a_fresh_build_and_no_after_a_one_character_change() {
    let tmp = tempdir();
    let src = tmp.path().join("src");
    copy_tree(&example_src(), &src);
    let out = tmp.path().join("out");
    build(&src, &out, tmp.path(), &[]);
    let md = doc(&out, "comune-di-valdoria", "external.md");
    let html = doc(&out, "comune-di-valdoria", "internal.html");
    for f in [&md, &html] {
        let r = run(
            &["verify", f.to_str().unwrap(), src.to_str().unwrap()],
            tmp.path(),
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("yes: "), "{}", r.stdout);
    }
    // One character of the YAML.
    let policy = src.join("comune-di-valdoria/policy.yaml");
    let text = read(&policy);
    assert!(text.contains("Ufficio Stampa e Comunicazione"));
    std::fs::write(
        &policy,
        text.replacen(
            "Ufficio Stampa e Comunicazione",
            "Ufficio Stampa e Comunicazion",
            1,
        ),
    )
    .unwrap();
    for f in [&md, &html] {
        let r = run(
            &["verify", f.to_str().unwrap(), src.to_str().unwrap()],
            tmp.path(),
        );
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("no: "), "{}", r.stdout);
        // It names what the file was built from.
        assert!(r.stdout.contains("Comune di Valdoria"), "{}", r.stdout);
        assert!(r.stdout.contains("2.0"), "{}", r.stdout);
        assert!(
            r.stdout
                .contains("Deliberazione della Giunta comunale n. 45"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("generator: smpolicy "), "{}", r.stdout);
    }
    // A file without a fingerprint is an error.
    let plain = tmp.path().join("plain.md");
    std::fs::write(&plain, "# Niente\n").unwrap();
    let r = run(
        &["verify", plain.to_str().unwrap(), src.to_str().unwrap()],
        tmp.path(),
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

#[test]
fn verify_says_no_after_a_one_character_change_in_a_template() {
    let tmp = tempdir();
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(templates.join("it")).unwrap();
    let page = read(&repo().join("templates/it/page.html.tera"));
    std::fs::write(templates.join("it/page.html.tera"), &page).unwrap();
    let out = tmp.path().join("out");
    let t = templates.to_str().unwrap();
    build(&example_src(), &out, tmp.path(), &["--templates", t]);
    let file = doc(&out, "comune-di-valdoria", "external.html");
    let example = example_src();
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", file.to_str().unwrap(), example.to_str().unwrap()];
        args.extend(extra);
        run(&args, tmp.path())
    };
    assert_eq!(verify(&["--templates", t]).code, 0);
    // Only the template changes: one character.
    std::fs::write(
        templates.join("it/page.html.tera"),
        page.replacen("Vai al contenuto", "Vai al contenutO", 1),
    )
    .unwrap();
    let r = verify(&["--templates", t]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Publication bundle

#[test]
fn the_bundle_has_public_json_an_account_register_and_checksums() {
    let tmp = tempdir();
    let src = write_org(tmp.path(), "prova", &[("policy.yaml", BASE)]);
    let out = tmp.path().join("out");
    build(&src, &out, tmp.path(), &[]);
    let dir = out.join("prova/public");
    let policy = read(&dir.join("policy.json"));
    let v: serde_json::Value = serde_json::from_str(&policy).expect("policy.json is JSON");
    assert_eq!(v["policy"]["organisation"]["name"], "Comune di Prova");
    assert_eq!(v["policy"]["moderation"]["rules"][0]["id"], "M-01");
    // Staff data stays out of a file that gets published.
    for secret in [
        "Maria Riservata",
        "999999",
        "managed_by",
        "\"roles\"",
        "smm",
    ] {
        assert!(!policy.contains(secret), "policy.json holds `{secret}`");
    }
    let accounts: serde_json::Value =
        serde_json::from_str(&read(&dir.join("accounts.json"))).expect("accounts.json");
    assert_eq!(accounts["accounts"][0]["handle"], "comunediprova");
    assert_eq!(accounts["accounts"][0]["platform"], "facebook");
    assert_eq!(
        accounts["accounts"][0]["url"],
        "https://www.facebook.com/comunediprova"
    );
    assert_eq!(accounts["accounts"][0]["scope"], "institutional");

    // SHA256SUMS lists every other file, sorted, in sha256sum's format, and is right.
    let sums = read(&dir.join("SHA256SUMS"));
    let listed: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
    let mut files: Vec<String> = snapshot(&dir)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != "SHA256SUMS")
        .collect();
    files.sort();
    assert_eq!(listed, files.iter().map(String::as_str).collect::<Vec<_>>());
    for line in sums.lines() {
        let (hex, path) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let digest = sha256_hex(&bytes);
        assert_eq!(hex, digest, "{path}");
    }

    // JSON-LD with the official accounts, that cannot close its script element.
    let html = read(&dir.join("it/external.html"));
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON");
    assert_eq!(ld["@graph"][0]["@type"], "GovernmentOrganization");
    assert_eq!(
        ld["@graph"][0]["sameAs"][0],
        "https://www.facebook.com/comunediprova"
    );
}

#[test]
fn json_ld_escapes_markup_in_names() {
    let tmp = tempdir();
    let src = write_org(
        tmp.path(),
        "prova",
        &[(
            "policy.yaml",
            &BASE.replace(
                "name: Comune di Prova\n  kind",
                "name: \"Comune </script><b>x\"\n  kind",
            ),
        )],
    );
    let out = tmp.path().join("out");
    build(&src, &out, tmp.path(), &[]);
    let html = read(&doc(&out, "prova", "external.html"));
    let start = html.find("application/ld+json").unwrap();
    let script = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(script.contains("\\u003c/script\\u003e"), "{script}");
    assert_eq!(html.matches("</script>").count(), 1, "{html}");
}

/// SHA-256 through the system's `sha256sum` when present, else through the binary's own
/// `hash`-independent path: the test must not trust the code it checks.
fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum (coreutils) is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Reproducibility

#[test]
fn builds_in_different_places_and_environments_are_byte_identical() {
    let tmp = tempdir();
    let mut trees = Vec::new();
    for (i, (tz, lang, threads)) in [
        ("UTC", "C", "1"),
        ("Pacific/Kiritimati", "it_IT.UTF-8", "7"),
    ]
    .into_iter()
    .enumerate()
    {
        let root = tmp
            .path()
            .join(format!("copy-{i}/deeper/{}", "x".repeat(i * 5 + 1)));
        let src = root.join("policy-src");
        copy_tree(&example_src(), &src);
        let out = root.join("out");
        let r = bin()
            .args(["build", "policy-src", "--out", "out"])
            .current_dir(&root)
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs");
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        trees.push(snapshot(&out));
    }
    assert!(trees[0].len() >= 9, "{} files", trees[0].len());
    assert!(
        trees[0].iter().any(|(p, _)| p.ends_with("SHA256SUMS")),
        "no SHA256SUMS"
    );
    assert_eq!(
        trees[0], trees[1],
        "builds differ across paths and environments"
    );
}

// ---------------------------------------------------------------------------------------------
// What changed, for citizens

const HANDLE: (&str, &str) = (
    "handle: comunediprova\n    url: https://www.facebook.com",
    "handle: comune_di_prova\n    url: https://www.facebook.com",
);
const PREVIOUS: (&str, &str) = (
    "  version: \"1.0\"\n",
    "  version: \"1.1\"\n  previous: v1.0\n",
);

#[test]
fn the_external_policy_says_what_changed_since_the_previous_version() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(
        tmp.path(),
        &changed(&[NEW_ACCOUNT, ROLE_TITLE, PREVIOUS, HANDLE]),
    );
    let r = run(&["build", "--out", "out"], &repo);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(&doc(&repo.join("out"), "prova", "external.md"));
    let start = md
        .find("### Cosa è cambiato")
        .expect("a `Cosa è cambiato` section");
    let section = &md[start..];
    assert!(
        section
            .contains("Le novità rispetto alla versione 1.0 (Deliberazione n. 1 del 15/01/2026):"),
        "{section}"
    );
    assert!(
        section.lines().any(|l| l
            == "- Aggiunto l'account Instagram comunediprova: https://www.instagram.com/comunediprova."),
        "{section}"
    );
    // Accounts are named as citizens see them, by platform and handle, not by their id.
    assert!(
        section.lines().any(|l| l
            == "- Account Facebook comune\\_di\\_prova, nome utente: da «comunediprova» a «comune\\_di\\_prova»."),
        "{section}"
    );
    // The renamed role is staff data: it is not in the citizens' document.
    assert!(!md.contains("Responsabile dei social"), "{md}");
    // The previous version is part of what the fingerprint covers.
    let with = run(&["hash"], &repo);
    let without = {
        let p = repo.join("policy-src/prova/policy.yaml");
        std::fs::write(&p, changed(&[NEW_ACCOUNT, ROLE_TITLE, HANDLE])).unwrap();
        run(&["hash"], &repo)
    };
    assert_ne!(
        fingerprint_of(&with.stdout),
        fingerprint_of(&without.stdout)
    );
}

#[test]
fn an_unknown_previous_version_is_an_error_at_its_line() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(
        tmp.path(),
        &changed(&[(PREVIOUS.0, "  version: \"1.1\"\n  previous: v0.9\n")]),
    );
    let r = run(&["build", "--out", "out"], &repo);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[previous-version]"), "{}", r.stderr);
    assert!(r.stderr.contains("policy.yaml:"), "{}", r.stderr);
    assert!(!repo.join("out").exists());
}

#[test]
fn diff_without_git_says_so() {
    let tmp = tempdir();
    let repo = repo_with_two_versions(tmp.path(), BASE);
    let empty = tmp.path().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let out = bin()
        .args(["diff", "v1.0", "HEAD"])
        .current_dir(&repo)
        .env("PATH", &empty)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("git is not installed"), "{stderr}");
}

#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    // `smpolicy hash | head -0`: the reader goes away before smpolicy writes.
    let src = common::example_src();
    for args in [
        vec!["hash", src.to_str().unwrap()],
        vec!["diff", src.to_str().unwrap(), src.to_str().unwrap()],
        vec![
            "verify",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/out/comune-di-valdoria/public/it/external.md"
            ),
            src.to_str().unwrap(),
        ],
    ] {
        let mut child = common::bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("smpolicy runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("smpolicy ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
