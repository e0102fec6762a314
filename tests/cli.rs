//! The command line people expect from cargo and ripgrep: `--version` with the commit,
//! shell completions, a man page, `-q` / `-v`, `--color`, and `check --format github`.

mod common;

use std::path::Path;

use common::{Run, example_src, repo, run, run_env, snapshot, tempdir};

/// An organisation folder `name` in `dir` with one file: the corpus case `case`.
fn org_from_corpus(dir: &Path, name: &str, case: &str) {
    let text = std::fs::read_to_string(repo().join(format!("tests/schema-corpus/{case}.yaml")))
        .expect("corpus file");
    std::fs::create_dir_all(dir.join(name)).expect("mkdir");
    std::fs::write(dir.join(name).join("policy.yaml"), text).expect("write");
}

fn git_head() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit_and_policy_json_carries_it() {
    let r = run(&["--version"], &repo());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.trim();
    assert!(
        line.starts_with(&format!("smpolicy {}", env!("CARGO_PKG_VERSION"))),
        "{line}"
    );
    // Built inside a git work tree (as here and in CI), the version names HEAD.
    let head = git_head().expect("the tests run in a git work tree");
    assert!(line.contains(&format!("({head} ")), "{line} lacks {head}");

    let (_tmp, out, b) = common::build_example();
    assert_eq!(b.code, 0, "{}", b.stderr);
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("comune-di-valdoria/public/policy.json")).expect("policy.json"),
    )
    .expect("json");
    assert_eq!(json["generator"], line, "policy.json names the same build");
    // The documents carry the version only: the committed Markdown does not change with
    // every commit.
    let md = std::fs::read_to_string(common::doc(&out, "comune-di-valdoria", "external.md"))
        .expect("md");
    assert!(!md.contains(&head), "the commit is not in the Markdown");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell], &repo());
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for word in ["check", "build", "schema", "deny-warnings", "color"] {
            assert!(r.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is valid bash and registers the completion.
    let script = run(&["completions", "bash"], &repo()).stdout;
    let out = std::process::Command::new("bash")
        .args(["-c", "eval \"$SCRIPT\" && complete -p smpolicy"])
        .env("SCRIPT", &script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("smpolicy"));

    let r = run(&["completions", "tcsh"], &repo());
    assert_eq!(r.code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_page_covers_every_subcommand_and_is_stable() {
    let r = run(&["man"], &repo());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"), "roff");
    assert!(r.stdout.contains(".TH smpolicy 1"), "{}", &r.stdout[..200]);
    for sub in [
        "CHECK",
        "BUILD",
        "INIT",
        "SCHEMA",
        "VERIFY",
        "DIFF",
        "COMPLETIONS",
    ] {
        assert!(
            r.stdout.contains(&format!(".SH \"SMPOLICY {sub}\"")),
            "no section for {sub}"
        );
    }
    assert!(r.stdout.contains("deny\\-warnings"));
    assert_eq!(r.stdout, run(&["man"], &repo()).stdout, "no date in it");
}

fn broken_project() -> tempfile::TempDir {
    let tmp = tempdir();
    org_from_corpus(tmp.path(), "ente-rotto", "bad-platform-typo");
    tmp
}

#[test]
fn quiet_prints_only_diagnostics_and_verbose_says_more() {
    let src = repo().join("policy-src");
    let src = src.to_str().expect("utf-8");
    let normal = run(&["check", src], &repo());
    assert_eq!(normal.code, 0, "{}", normal.stderr);
    assert!(normal.stderr.contains("organisation(s) checked"));

    let quiet = run(&["check", src, "-q"], &repo());
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    let quiet = run(&["-q", "check", src], &repo());
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));

    let verbose = run(&["check", src, "-v"], &repo());
    assert_eq!(verbose.code, 0);
    assert!(
        verbose.stderr.contains("read ") && verbose.stderr.contains("policy.yaml"),
        "{}",
        verbose.stderr
    );

    // With errors, -q keeps the diagnostics and drops the summary.
    let tmp = broken_project();
    let r = run(&["check", ".", "-q"], tmp.path());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[unknown-value]"), "{}", r.stderr);
    assert!(!r.stderr.contains("error(s)"), "{}", r.stderr);

    // A build: -q says nothing, -v names each file written.
    let out = tmp.path().join("out");
    let b = run(
        &["build", src, "--out", out.to_str().expect("utf-8"), "-q"],
        &repo(),
    );
    assert_eq!((b.code, b.stderr.as_str()), (0, ""));
    let b = run(
        &["build", src, "--out", out.to_str().expect("utf-8"), "-v"],
        &repo(),
    );
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(
        b.stderr.contains("public/it/external.pdf") && b.stderr.contains("wrote "),
        "{}",
        b.stderr
    );

    let both = run(&["check", src, "-q", "-v"], &repo());
    assert_eq!(both.code, 2, "-q and -v together are a usage error");
}

/// `--color always` colours even into a pipe and over NO_COLOR (the command line wins, as
/// no-color.org asks); `never` never does, even on a terminal.
#[test]
fn color_flag_beside_no_color() {
    let tmp = broken_project();
    // `bin()` sets NO_COLOR=1 and the output is a pipe.
    let piped = run(&["check", "."], tmp.path());
    assert!(!piped.stderr.contains('\u{1b}'));
    let always = run(&["check", ".", "--color", "always"], tmp.path());
    assert!(always.stderr.contains("\u{1b}["), "{:?}", always.stderr);
    assert!(always.stderr.contains("unknown-value"));
    let never = run(&["--color=never", "check", "."], tmp.path());
    assert!(!never.stderr.contains('\u{1b}'));

    // On a terminal (`script` gives one), without NO_COLOR: colours unless --color never.
    let on_tty = |flag: &str| {
        let exe = env!("CARGO_BIN_EXE_smpolicy");
        let out = std::process::Command::new("script")
            .args(["-qec", &format!("{exe} check . {flag}"), "/dev/null"])
            .current_dir(tmp.path())
            .env_remove("NO_COLOR")
            .output()
            .expect("script (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(on_tty("").contains('\u{1b}'));
    let plain = on_tty("--color never");
    assert!(plain.contains("unknown-value"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain:?}");

    let r = run(&["check", ".", "--color", "sometimes"], tmp.path());
    assert_eq!(r.code, 2);
}

fn github(dir: &Path) -> Run {
    run(&["check", ".", "--format", "github"], dir)
}

#[test]
fn github_annotations_point_at_the_line() {
    let tmp = broken_project();
    let r = github(tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = r.stdout.lines().next().expect("an annotation");
    assert!(
        first.starts_with(
            "::error file=./ente-rotto/policy.yaml,line=9,col=15,title=smpolicy error[unknown-value]::unknown variant `facebok`"
        ),
        "{first}"
    );
    assert!(
        first.contains("%0Ahelp: did you mean `facebook`?"),
        "{first}"
    );
    assert!(r.stderr.is_empty(), "annotations only: {}", r.stderr);

    // Warnings are annotations too, and do not fail the check.
    let tmp = tempdir();
    org_from_corpus(tmp.path(), "ente", "ok-base");
    let r = github(tmp.path());
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("::warning file=./ente/policy.yaml,line=")
                && l.contains("title=smpolicy warning[no-hours]::")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("::error"));
}

/// A folder name and values are the officer's: they cannot end the annotation's line, open
/// a workflow command of their own, or put escapes on the log.
#[test]
fn github_annotations_survive_hostile_names_and_values() {
    let tmp = tempdir();
    let evil = "ente\n::error file=x.yaml::forged,%0A\u{1b}[31m";
    org_from_corpus(tmp.path(), evil, "ok-base");
    let yaml = tmp.path().join(evil).join("policy.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    // `%0A` in a value would become a line break if it were not escaped itself.
    std::fs::write(
        &yaml,
        text.replace(
            "platform: facebook",
            "platform: \"facebok%0A::error::forged, 100%\"",
        ),
    )
    .expect("write");
    let r = github(tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one diagnostic, one line: {}", r.stdout);
    for l in &lines {
        assert!(
            l.starts_with("::error file=") || l.starts_with("::warning file="),
            "a line that is not one of ours: {l:?}"
        );
        assert!(!l.contains('\u{1b}') && !l.contains('\r'), "{l:?}");
        // The forged command is inside the value, never at the start of a line.
        assert!(!l[2..].starts_with("error::forged"), "{l:?}");
    }
    assert!(
        r.stdout.contains("facebok%250A::error::forged, 100%25"),
        "{}",
        r.stdout
    );
    // The folder's line break is written out, and the `:` and `,` of the property escaped.
    assert!(
        r.stdout
            .contains("file=./ente\\u{a}%3A%3Aerror file=x.yaml%3A%3Aforged%2C%250A\\u{1b}[31m/"),
        "{}",
        r.stdout
    );
}

/// An empty value and a yes/no that is not one are said in the officer's words, not the
/// reader's (`use Option<String>`, `unit value`, `strict mode`).
#[test]
fn empty_values_and_bad_yes_no_in_plain_words() {
    let tmp = tempdir();
    for case in ["bad-date-null", "bad-text-null", "bad-two-factor-word"] {
        org_from_corpus(tmp.path(), case, case);
    }
    let r = run(&["check", "."], tmp.path());
    assert_eq!(r.code, 1);
    for jargon in ["Option<", "unit value", "strict mode", "deserialize"] {
        assert!(!r.stderr.contains(jargon), "{jargon}: {}", r.stderr);
    }
    assert_eq!(
        r.stderr
            .matches("error[wrong-type]: this key has no value, and it needs one")
            .count(),
        2,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "error[wrong-type]: this is not a yes/no value: only true or false are understood"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn any_thread_count_asked_for_builds_the_same_bytes_and_never_crashes() {
    // RAYON_NUM_THREADS is rayon's: an absurd value once made the system refuse a thread
    // after thousands and the process abort (exit 134). It is capped, said once, and the
    // documents are the same bytes as with one thread.
    let tmp = tempdir();
    let build_with = |value: &str, out: &Path| {
        let src = example_src();
        let args = [
            "build",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        run_env(
            &args,
            tmp.path(),
            &[("RAYON_NUM_THREADS", Path::new(value))],
        )
    };
    let one = tmp.path().join("one");
    let r = build_with("1", &one);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let values = [
        "99999999999",
        "300",
        "0",
        "abc",
        "-1",
        "",
        "99999999999999999999999",
    ];
    for (i, value) in values.into_iter().enumerate() {
        let out = tmp.path().join(format!("out-{i}"));
        let r = build_with(value, &out);
        assert_eq!(r.code, 0, "RAYON_NUM_THREADS={value}: {}", r.stderr);
        let capped = value == "99999999999" || value == "300";
        assert_eq!(
            r.stderr.contains(&format!(
                "RAYON_NUM_THREADS={value} asks for more threads than smpolicy starts: using 256"
            )),
            capped,
            "RAYON_NUM_THREADS={value}: {}",
            r.stderr
        );
        assert_eq!(snapshot(&out), snapshot(&one), "RAYON_NUM_THREADS={value}");
        let q = run_env(
            &["-q", "check", example_src().to_str().unwrap()],
            tmp.path(),
            &[("RAYON_NUM_THREADS", Path::new(value))],
        );
        assert_eq!((q.code, q.stderr.as_str()), (0, ""), "-q says nothing");
    }
}
