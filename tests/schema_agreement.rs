//! The editor and `check` agree: every file of `tests/schema-corpus/` is validated against
//! the schema `smpolicy schema` prints, with a JSON Schema validator reading the YAML as an
//! editor does (YAML 1.2: `1.0` a number, `yes` a word), and checked by `smpolicy check`. A
//! file that one accepts and the other refuses fails the test, unless
//! `tests/schema-corpus/disagreements.txt` lists it with the reason: something only `check`
//! can know (references between sections, platform rules, credentials, the spelling of a
//! number that JSON loses). The schema never refuses what `check` accepts: that direction
//! cannot be listed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus_dir() -> PathBuf {
    common::repo().join("tests/schema-corpus")
}

/// The corpus files, by case name (`ok-...` check accepts, `bad-...` check refuses).
fn corpus() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(corpus_dir()).expect("the corpus folder") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.insert(name, std::fs::read_to_string(&path).expect("utf-8 yaml"));
        }
    }
    out
}

/// `case reason...` lines; `#` starts a comment.
fn listed() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(corpus_dir().join("disagreements.txt"))
        .expect("tests/schema-corpus/disagreements.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (case, reason) = l.split_once(' ').unwrap_or((l, ""));
            assert!(
                reason.trim().len() > 10,
                "`{case}` is listed without its reason"
            );
            (case.to_string(), reason.trim().to_string())
        })
        .collect()
}

/// The YAML as an editor's JSON: YAML 1.2 scalars (`true`/`false` only are yes/no,
/// `1_000` is text).
fn yaml_to_json(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        underscored_numbers_as_strings: true,
    };
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| e.to_string())
}

fn schema() -> Value {
    let r = common::run(&["schema"], &common::repo());
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("the schema is JSON")
}

/// Which cases `smpolicy check` refuses (with its first error), checking all of them in one
/// run: each case is one organisation with one file.
fn check_verdicts(cases: &BTreeMap<String, String>) -> BTreeMap<String, Option<String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in cases {
        std::fs::create_dir(dir.path().join(name)).expect("mkdir");
        std::fs::write(dir.path().join(name).join("policy.yaml"), text).expect("write");
    }
    let r = common::run(&["check", ".", "--format", "json"], dir.path());
    assert!(
        r.code == 0 || r.code == 1,
        "check failed to run: {}",
        r.stderr
    );
    let diags: Vec<Value> = serde_json::from_str(&r.stdout).expect("check's JSON");
    let mut out: BTreeMap<String, Option<String>> =
        cases.keys().map(|k| (k.clone(), None)).collect();
    for d in diags.iter().filter(|d| d["severity"] == "error") {
        let file = d["file"].as_str().unwrap_or_default();
        let case = Path::new(file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .find(|c| cases.contains_key(c))
            .unwrap_or_else(|| panic!("an error outside the corpus: {d}"));
        let slot = out.get_mut(&case).expect("case");
        if slot.is_none() {
            *slot = Some(format!("{}: {}", d["code"], d["message"]));
        }
    }
    out
}

#[test]
fn the_schema_and_check_agree_on_the_corpus() {
    let cases = corpus();
    assert!(cases.len() >= 40, "the corpus has {} files", cases.len());
    let accepted = cases.keys().filter(|k| k.starts_with("ok-")).count();
    assert!(accepted >= 15 && cases.len() - accepted >= 15);

    let schema = schema();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let by_check = check_verdicts(&cases);
    let listed = listed();

    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for (name, text) in &cases {
        let check_error = &by_check[name];
        // The corpus says what each file is for: a file named ok- that check refuses (or
        // bad- that it accepts) no longer tests what it claims.
        if name.starts_with("ok-") != check_error.is_none() {
            problems.push(format!(
                "{name}: check {}, the file name says the opposite",
                check_error.as_deref().unwrap_or("accepts it")
            ));
            continue;
        }
        let schema_error = match yaml_to_json(text) {
            Ok(json) => validator
                .validate(&json)
                .err()
                .map(|e| format!("{e} at {}", e.instance_path())),
            Err(e) => Some(format!("not YAML: {e}")),
        };
        match (&schema_error, check_error) {
            (None, None) | (Some(_), Some(_)) => {
                if listed.contains_key(name) {
                    problems.push(format!(
                        "{name} is listed in disagreements.txt but the schema and check agree"
                    ));
                }
            }
            (Some(s), None) => problems.push(format!(
                "{name}: check accepts it, the schema refuses it (an editor would underline a correct file): {s}"
            )),
            (None, Some(c)) => {
                if listed.contains_key(name) {
                    seen.push(name.clone());
                } else {
                    problems.push(format!(
                        "{name}: check refuses it ({c}), the schema accepts it; make the schema say it, or list it in disagreements.txt with the reason"
                    ));
                }
            }
        }
    }
    for name in listed.keys() {
        if !cases.contains_key(name) {
            problems.push(format!("{name} is listed but is not in the corpus"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Only what a schema cannot know is left to check.
    assert!(seen.len() < cases.len() / 4, "{seen:?}");
}

/// ajv in strict mode, as SchemaStore runs it, refuses unknown keywords and formats; the
/// schema uses draft-07 keywords only, and `format` only where strict validators know it.
#[test]
fn the_schema_uses_only_draft07_keywords() {
    const KEYWORDS: &[&str] = &[
        "$schema",
        "$id",
        "$ref",
        "title",
        "description",
        "type",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "anyOf",
        "oneOf",
        "allOf",
        "if",
        "then",
        "else",
        "not",
        "const",
        "enum",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "minProperties",
        "minItems",
        "propertyNames",
        "default",
        "examples",
        "definitions",
        "writeOnly",
        "readOnly",
    ];
    fn walk(v: &Value, at_schema: bool, bad: &mut Vec<String>) {
        let Value::Object(m) = v else { return };
        for (k, c) in m {
            if at_schema && !KEYWORDS.contains(&k.as_str()) {
                bad.push(k.clone());
            }
            if k == "format" {
                assert_eq!(c, "date", "only the date format");
            }
            match k.as_str() {
                "properties" | "definitions" => {
                    if let Value::Object(props) = c {
                        props.values().for_each(|p| walk(p, true, bad));
                    }
                }
                "items"
                | "additionalProperties"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "not" => walk(c, true, bad),
                "anyOf" | "oneOf" | "allOf" => {
                    if let Value::Array(a) = c {
                        a.iter().for_each(|p| walk(p, true, bad));
                    }
                }
                _ => {}
            }
        }
    }
    let mut bad = Vec::new();
    walk(&schema(), true, &mut bad);
    assert!(bad.is_empty(), "keywords outside draft-07: {bad:?}");
}

/// The files people start from are clean in the editor: the example and what `init` writes
/// for every kind of body (each file is validated on its own, as an editor does).
#[test]
fn the_example_and_every_starter_are_valid_in_the_editor() {
    let schema = schema();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for &kind in common::STARTER_KINDS {
        let dir = tmp.path().join(kind);
        let r = common::run(
            &["init", dir.to_str().expect("utf-8"), "--kind", kind],
            tmp.path(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        files.extend(
            std::fs::read_dir(&dir)
                .expect("dir")
                .map(|e| e.expect("e").path()),
        );
    }
    let example = common::example_src().join("comune-di-valdoria");
    files.extend(
        std::fs::read_dir(example)
            .expect("dir")
            .map(|e| e.expect("e").path()),
    );
    assert!(files.len() >= 28, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        let json = yaml_to_json(&text).expect("yaml");
        if let Err(e) = validator.validate(&json) {
            panic!("{}: {e} at {}", f.display(), e.instance_path());
        }
    }
}
