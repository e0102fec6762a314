//! The officer's commands: init, schema, did-you-mean hints, JSON output, colours and exit
//! codes, run through the real binary.

mod common;
mod officer;

use officer::{Project, bin, run_in};

fn assert_has(out: &str, needle: &str) {
    assert!(out.contains(needle), "expected `{needle}` in:\n{out}");
}

#[test]
fn init_writes_a_starter_that_checks_and_builds_for_every_kind() {
    for &kind in common::STARTER_KINDS {
        let p = Project::starter(kind);
        for f in [
            "policy.yaml",
            "accounts.yaml",
            "moderation.yaml",
            "internal.yaml",
        ] {
            let text = p.read(f);
            // The schema's file name carries the version, so that an upgrade never leaves
            // files pointing at a schema of another version.
            assert!(
                text.starts_with(&format!(
                    "# yaml-language-server: $schema=../../smpolicy-{}.schema.json\n",
                    env!("CARGO_PKG_VERSION")
                )),
                "{kind}/{f} lacks the modeline"
            );
            assert!(!text.contains("@@"), "{kind}/{f} keeps a placeholder");
        }
        let schema = p.root().join(format!(
            "smpolicy-{}.schema.json",
            env!("CARGO_PKG_VERSION")
        ));
        let text = std::fs::read_to_string(&schema).expect("the versioned schema file");
        assert!(
            text.contains(&format!("/schema/{}/", env!("CARGO_PKG_VERSION"))),
            "its $id names the version"
        );
        let check = p.check(&["--deny-warnings"]);
        assert_eq!(check.code, 0, "{kind}: {}", check.stderr);
        let build = run_in(p.root(), &["build", "policy-src", "--out", "out"]);
        assert_eq!(build.code, 0, "{kind}: {}", build.stderr);
        assert!(p.root().join("out/ente/public/it/external.md").is_file());
    }
}

#[test]
fn init_sets_the_adopting_body_per_kind() {
    let p = Project::starter("agenzia");
    let policy = p.read("policy.yaml");
    assert_has(&policy, "body: Direttore generale");
    assert_has(&policy, "elected_bodies: false");
    let p = Project::starter("comune");
    let policy = p.read("policy.yaml");
    assert_has(&policy, "body: Giunta comunale");
    assert_has(&policy, "elected_bodies: true");
}

#[test]
fn init_default_folder_and_refusal_to_overwrite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = run_in(tmp.path(), &["init", "--kind", "comune"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        tmp.path()
            .join("policy-src/nuovo-ente/policy.yaml")
            .is_file()
    );
    let before = std::fs::read(tmp.path().join("policy-src/nuovo-ente/policy.yaml")).expect("read");
    let again = run_in(tmp.path(), &["init", "--kind", "regione"]);
    assert_eq!(again.code, 2);
    assert_has(
        &again.stderr,
        "error[exists]: `policy-src/nuovo-ente/policy.yaml`",
    );
    assert_has(
        &again.stderr,
        "never overwrites files, so nothing was written",
    );
    let after = std::fs::read(tmp.path().join("policy-src/nuovo-ente/policy.yaml")).expect("read");
    assert_eq!(before, after);
    // Without --kind: a usage error.
    assert_eq!(run_in(tmp.path(), &["init", "x"]).code, 2);
}

#[test]
fn committed_schema_is_up_to_date() {
    let r = run_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["schema"],
    );
    assert_eq!(r.code, 0);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policy.schema.json"))
            .expect("policy.schema.json at the repository root");
    assert!(
        r.stdout == committed,
        "policy.schema.json is stale: run `cargo run -- schema > policy.schema.json`"
    );
}

/// Every property has a description, every enum lists its values.
#[test]
fn schema_describes_every_key_and_value() {
    let r = run_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["schema"],
    );
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let mut missing = Vec::new();
    let mut consts = Vec::new();
    fn walk(
        v: &serde_json::Value,
        path: &str,
        missing: &mut Vec<String>,
        consts: &mut Vec<String>,
    ) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                    for (k, p) in props {
                        // A key restated in a condition (`if`, `oneOf`...) as `true` or as a
                        // bare `const`/`enum` is described where it is declared.
                        let stub = p.is_boolean()
                            || p.as_object()
                                .is_some_and(|o| o.keys().all(|k| k == "const" || k == "enum"));
                        if !stub && p.get("description").is_none() {
                            missing.push(format!("{path}.{k}"));
                        }
                    }
                }
                if let Some(c) = m.get("const").and_then(|c| c.as_str()) {
                    consts.push(c.to_string());
                }
                for (k, c) in m {
                    walk(c, &format!("{path}/{k}"), missing, consts);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|c| walk(c, path, missing, consts)),
            _ => {}
        }
    }
    walk(&schema, "", &mut missing, &mut consts);
    assert!(
        missing.is_empty(),
        "keys without a description: {missing:?}"
    );
    for value in [
        "facebook",
        "bluesky",
        "personal_profile",
        "report_authorities",
        "sun",
        "working_days",
        "post_publication",
        "elected_officials",
        "universita",
    ] {
        assert!(
            consts.iter().any(|c| c == value),
            "the schema does not list `{value}`"
        );
    }
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn did_you_mean_for_keys_values_and_references() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "accounts.yaml",
            "    presence: page\n    languages: [it]\n    # Almeno",
            "    presenze: page\n    languages: [it]\n    # Almeno",
            "error[unknown-key]",
            "did you mean `presence`?",
        ),
        (
            "accounts.yaml",
            "platform: facebook\n    name",
            "platform: facebok\n    name",
            "error[unknown-value]",
            "did you mean `facebook`?",
        ),
        (
            "moderation.yaml",
            "actions: [hide]",
            "actions: [hidde]",
            "error[unknown-value]",
            "did you mean `hide`?",
        ),
        (
            "moderation.yaml",
            "days: [mon, tue, wed, thu, fri]",
            "days: [mon, tue, wedd, thu, fri]",
            "error[unknown-value]",
            "did you mean `wed`?",
        ),
        (
            "accounts.yaml",
            "managed_by: [social-media-manager, redattore]\n    # La bio",
            "managed_by: [social-media-manger, redattore]\n    # La bio",
            "error[unknown-role]",
            "did you mean `social-media-manager`?",
        ),
        (
            "policy.yaml",
            "topic_pages: []",
            "topic_pages:\n    - department: Biblioteca\n      accounts: [fb-entee]",
            "error[unknown-account]",
            "did you mean `fb-ente`?",
        ),
    ];
    for (file, from, to, code, hint) in cases {
        let p = Project::starter("comune");
        p.edit(file, from, to);
        let r = p.check(&[]);
        assert_eq!(r.code, 1, "{to}: {}", r.stderr);
        assert_has(&r.stderr, &format!("policy-src/ente/{file}:"));
        assert_has(&r.stderr, code);
        assert_has(&r.stderr, hint);
    }
}

#[test]
fn json_output_is_an_array_of_located_diagnostics() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "url: https://www.facebook.com/nomepaginadasostituire",
        "url: https://x.com/nomepaginadasostituire",
    );
    let r = p.check(&["--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "", "JSON mode prints nothing else");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let d = &v.as_array().expect("an array")[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "url-platform-mismatch");
    assert_eq!(d["file"], "policy-src/ente/accounts.yaml");
    let loc = p.at("accounts.yaml", "https://x.com/");
    assert_eq!(
        format!(
            "policy-src/ente/accounts.yaml:{}:{}",
            d["line"], d["column"]
        ),
        loc
    );
    assert!(
        d["hint"]
            .as_str()
            .is_some_and(|h| h.contains("facebook.com"))
    );
    // Clean: exit 0, and nothing but what the starter acknowledges (its texts are not yet
    // rewritten in plain language: `hard-to-read`, acknowledged with its reason).
    let clean = Project::starter("comune").check(&["--format", "json"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    let items: Vec<serde_json::Value> = serde_json::from_str(&clean.stdout).expect("JSON");
    assert!(
        items.iter().all(|d| d["severity"] == "acknowledged"),
        "{}",
        clean.stdout
    );
}

#[test]
fn exit_codes() {
    let p = Project::starter("comune");
    assert_eq!(p.check(&[]).code, 0);
    assert_eq!(run_in(p.root(), &["check", "does-not-exist"]).code, 2);
    assert_eq!(run_in(p.root(), &["frobnicate"]).code, 2);
    assert_eq!(run_in(p.root(), &["check", "--format", "xml"]).code, 2);
    assert_eq!(run_in(p.root(), &["--version"]).code, 0);
    p.edit("moderation.yaml", "mode: post_publication", "mode: after");
    assert_eq!(p.check(&[]).code, 1);
}

/// Colours only on a terminal, never with NO_COLOR. `script` gives the binary a terminal.
#[test]
fn colours_on_a_terminal_only_and_never_with_no_color() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "managed_by: [social-media-manager, redattore]\n    # La bio",
        "managed_by: [redattore]\n    # La bio",
    );
    // A team of two would share the account: leave one member.
    p.edit(
        "internal.yaml",
        "members: [social-media-manager, redattore]",
        "members: [redattore]",
    );
    let piped = p.check(&[]);
    assert!(piped.stderr.contains("warning[single-manager]"));
    assert!(!piped.stderr.contains('\u{1b}'), "no colours into a pipe");

    let on_tty = |no_color: bool| {
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &format!("{} check policy-src", bin()), "/dev/null"])
            .current_dir(p.root())
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().expect("script (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_tty(false);
    assert!(coloured.contains("single-manager"), "{coloured}");
    assert!(
        coloured.contains('\u{1b}'),
        "colours on a terminal: {coloured:?}"
    );
    let plain = on_tty(true);
    assert!(plain.contains("single-manager"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "NO_COLOR must remove every escape: {plain:?}"
    );
}

#[test]
fn a_file_saved_with_windows_line_ends_shows_its_lines_as_written() {
    // Notepad saves `\r\n`: the snippet shows the lines, with no `?` for the carriage
    // return at the end of each, at the right line and column.
    let p = Project::starter("comune");
    p.edit("moderation.yaml", "actions: [hide]", "actions: [hidde]");
    let crlf = p.read("moderation.yaml").replace('\n', "\r\n");
    p.write("moderation.yaml", &crlf);
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(&r.stderr, &p.at("moderation.yaml", "hidde"));
    assert_has(&r.stderr, "actions: [hidde]");
    // The summary counts the organisations checked, errors or not.
    assert_has(
        &r.stderr,
        "policy-src: 1 organisation(s) checked, 1 error(s), 0 warning(s)",
    );
    let snippet: Vec<&str> = r.stderr.lines().filter(|l| l.contains(" │ ")).collect();
    assert!(
        snippet.len() >= 3,
        "a snippet of several lines:\n{}",
        r.stderr
    );
    for line in &snippet {
        assert!(
            !line.trim_end().ends_with('?') && !line.contains('\r'),
            "a line end shown as a character: {line:?}\n{}",
            r.stderr
        );
    }
    // A carriage return alone, inside a line, is still shown, never sent to the terminal.
    let lone = p
        .read("moderation.yaml")
        .replacen("[hidde]", "[hid\rde]", 1);
    p.write("moderation.yaml", &lone);
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains('\r'), "{:?}", r.stderr);
}
