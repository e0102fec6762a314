//! Every field an officer can write reaches the document of its side, or is listed here as
//! not printed, with the reason.
//!
//! A policy is generated from the JSON Schema (`policy.schema.json`, which the model makes):
//! every field is filled, every text, address and number with a marker of its own. The
//! policy is merged and rendered through the library, not checked (its references point
//! nowhere, its dates need not agree); what is asserted is where each marker ends up:
//! a public field's in the external policy, a staff field's in the internal policy and never
//! in the external one.
//!
//! So a field added to the model and not shown fails here, naming its path: show it (in the
//! view and in the template) or add it to [`NOT_PRINTED`] with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use smpolicy::compile::{self, Org};
use smpolicy::diagnostics::SourceSet;
use smpolicy::model::{AccountStaff, PolicyFile, Side};
use smpolicy::render::markdown::Engine;
use smpolicy::render::templates::TemplateSet;
use smpolicy::render::{self, DocKind};

/// Fields whose value is not printed as written, each with the reason. Paths use `[]` for
/// "every item of the list".
const NOT_PRINTED: &[(&str, &str)] = &[
    (
        "organisation.ipa_code",
        "in the schema.org data of the external page, not in the text: tested in tests/publishing.rs",
    ),
    (
        "publishing.fragment.id_prefix",
        "the prefix of the fragment's ids, not a text: tested in tests/publishing.rs",
    ),
    (
        "accounts[].id",
        "an identifier for references; the account is shown by its name",
    ),
    (
        "accounts[].bio",
        "the draft bio is checked for length, not printed",
    ),
    (
        "accounts[].managed_by[]",
        "references to roles, shown by their titles",
    ),
    (
        "organisation.topic_pages[].accounts[]",
        "references to accounts, shown by their names",
    ),
    (
        "moderation.rules[].id",
        "printed as the rule's anchor: checked as `M-` ids by other tests",
    ),
    (
        "roles[].id",
        "an identifier for references; the role is shown by its title",
    ),
    (
        "internal.platform_rules[].managed_by[]",
        "references to roles, shown by their titles",
    ),
    (
        "internal.team.members[]",
        "references to roles, shown by their titles",
    ),
    (
        "internal.account_lifecycle.opening_authorised_by",
        "a reference to a role",
    ),
    (
        "internal.account_lifecycle.closing_authorised_by",
        "a reference to a role",
    ),
    (
        "internal.account_lifecycle.credentials_custodian",
        "a reference to a role",
    ),
    (
        "internal.workflow.drafted_by[]",
        "references to roles, shown by their titles",
    ),
    (
        "internal.workflow.approved_by[]",
        "references to roles, shown by their titles",
    ),
    (
        "internal.crisis.escalation[].notify",
        "a reference to a role",
    ),
    ("internal.nonconformity.report_to", "a reference to a role"),
];

/// Fields the generated policy leaves out: what they would need is not a value but a
/// situation (a git history, a warning to acknowledge).
const LEFT_OUT: &[(&str, &str)] = &[
    ("languages", "set to [it]: the templates of one language"),
    (
        "accounts[].audience",
        "a staff-only account is tested in tests/truth.rs",
    ),
    (
        "adoption.previous",
        "needs a git history: tested in tests/git_trees.rs",
    ),
    (
        "acknowledged",
        "needs a warning to acknowledge: tested in tests/lints.rs",
    ),
];

struct Gen<'s> {
    defs: &'s Map<String, Value>,
    n: usize,
    /// Which alternative of its `oneOf` the next object takes.
    choice: usize,
    /// Each marker with the path of its field.
    markers: Vec<(String, String)>,
}

impl<'s> Gen<'s> {
    fn marker(&mut self, path: &str, make: impl FnOnce(usize) -> (String, String)) -> Value {
        self.n += 1;
        let (value, marker) = make(self.n);
        self.markers.push((path.to_string(), marker));
        Value::String(value)
    }

    fn value(&mut self, path: &str, schema: &'s Value) -> Option<Value> {
        if LEFT_OUT.iter().any(|(p, _)| *p == path) {
            return None;
        }
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or(r);
                self.defs.get(name).unwrap_or(schema)
            }
            None => schema,
        };
        if let Some(first) = schema.get("allOf").and_then(|a| a.get(0)) {
            return self.value(path, first);
        }
        if let Some(alts) = schema.get("anyOf").and_then(Value::as_array) {
            let alt = alts
                .iter()
                .find(|a| a.get("type").and_then(Value::as_str) != Some("null"))?;
            return self.value(path, alt);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let cc = Value::String("CC-BY-4.0".into());
            return Some(if values.contains(&cc) {
                cc
            } else {
                values.first()?.clone()
            });
        }
        // Unit enums written one value at a time, with a description each (an object's
        // `oneOf` says which of its keys go together: its properties are read below).
        if schema.get("type").is_none()
            && let Some(one) = schema.get("oneOf").and_then(Value::as_array)
        {
            return one.first().and_then(|v| {
                v.get("const")
                    .or_else(|| v.get("enum").and_then(|e| e.get(0)))
                    .cloned()
            });
        }
        let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or("");
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                // An object whose `oneOf` says which keys go together (a topic page run by a
                // department or by a referent): the keys of one alternative, the one
                // `choice` names (see the array below), and none of the others'.
                let alternatives: Vec<Vec<&str>> = schema
                    .get("oneOf")
                    .and_then(Value::as_array)
                    .map(|alts| {
                        alts.iter()
                            .map(|a| {
                                a.get("required")
                                    .and_then(Value::as_array)
                                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let choice = std::mem::take(&mut self.choice);
                let excluded = |key: &str| {
                    alternatives
                        .iter()
                        .enumerate()
                        .any(|(i, keys)| i != choice && keys.contains(&key))
                        && !alternatives.get(choice).is_some_and(|k| k.contains(&key))
                };
                let mut out = Map::new();
                for (key, sub) in schema.get("properties")?.as_object()? {
                    if excluded(key) {
                        continue;
                    }
                    let sub_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if let Some(v) = self.value(&sub_path, sub) {
                        out.insert(key.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            Some("array") => {
                // One item, or one for each alternative of an item's `oneOf`.
                let items = schema.get("items")?;
                let alternatives = items
                    .get("oneOf")
                    .filter(|_| items.get("type").is_some())
                    .and_then(Value::as_array)
                    .map_or(1, Vec::len);
                let mut out = Vec::new();
                for choice in 0..alternatives {
                    self.choice = choice;
                    out.push(self.value(&format!("{path}[]"), items)?);
                }
                Some(Value::Array(out))
            }
            Some("boolean") => Some(Value::Bool(true)),
            Some("integer") | Some("number") => Some(json!(12)),
            Some("string") if schema.get("format").and_then(Value::as_str) == Some("date") => {
                Some(Value::String("2024-03-04".into()))
            }
            Some("string") if pattern.contains("[0-5][0-9]") => Some(Value::String("09:00".into())),
            Some("string") if pattern == "^[a-z]{2,3}$" => Some(Value::String("it".into())),
            Some("string") if pattern.starts_with("^[Hh][Tt]") => Some(self.marker(path, |n| {
                let host = format!("mk{n:04}z.example.it");
                (format!("https://{host}/"), host)
            })),
            Some("string") if pattern.contains('@') => Some(self.marker(path, |n| {
                let m = format!("mk{n:04}z");
                (format!("{m}@example.it"), m)
            })),
            Some("string") if pattern.contains("[0-9][ +./()-]") => Some(self.marker(path, |n| {
                let digits = format!("{:06}", 700_000 + n);
                (format!("+39 0123 {digits}"), digits)
            })),
            Some("string") => Some(self.marker(path, |n| {
                let m = format!("mk{n:04}z");
                (m.clone(), m)
            })),
            _ => None,
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The side of a field path: its section's, or for an account field, whether it is one of
/// the account's staff fields.
fn side(path: &str) -> Side {
    let section = path.split(['.', '[']).next().unwrap_or(path);
    if section == "accounts" {
        let field = path
            .rsplit('.')
            .next()
            .unwrap_or(path)
            .trim_end_matches("[]");
        return if AccountStaff::FIELDS.contains(&field) {
            Side::Staff
        } else {
            Side::Public
        };
    }
    PolicyFile::SECTIONS
        .iter()
        .find(|(name, _)| *name == section)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("`{path}` is in no section of PolicyFile::SECTIONS"))
}

/// The Markdown of both documents of the generated policy, and its markers.
fn render_generated() -> (String, String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(repo().join("policy.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let defs = schema["definitions"].as_object().expect("definitions");
    let mut generator = Gen {
        defs,
        n: 0,
        choice: 0,
        markers: Vec::new(),
    };
    let mut policy = generator.value("", &schema).expect("a policy");
    policy["languages"] = json!(["it"]);
    // JSON is YAML: the generated file is read as an officer's would be.
    let yaml = serde_json::to_string_pretty(&policy).expect("json");
    let mut sources = SourceSet::default();
    let mut diags = Vec::new();
    let dir = Path::new("generated");
    let files =
        smpolicy::load::parse_text(&dir.join("policy.yaml"), &yaml, &mut sources, &mut diags)
            .into_iter()
            .collect();
    let org = smpolicy::load::OrgSource {
        slug: "generated".into(),
        dir: dir.to_path_buf(),
        files,
    };
    let merged = smpolicy::validate::merge(org, &sources, &mut diags);
    let policy =
        merged.unwrap_or_else(|| panic!("the generated policy cannot be read: {diags:#?}\n{yaml}"));
    let set = TemplateSet::builtin();
    let engine = Engine::new(&set).expect("templates");
    let org = Org {
        slug: "generated".into(),
        dir: dir.to_path_buf(),
        policy,
        previous: None,
    };
    let meta = compile::meta_for(&org, &set).expect("meta");
    let docs = render::markdown_docs(&org.policy, &engine, &meta).expect("renders");
    let doc = |kind| {
        docs.iter()
            .find(|d| d.kind == kind)
            .map(|d| d.markdown.clone())
            .expect("document")
    };
    (
        doc(DocKind::External),
        doc(DocKind::Internal),
        generator.markers,
    )
}

fn listed(path: &str) -> bool {
    NOT_PRINTED.iter().any(|(p, _)| *p == path)
}

#[test]
fn every_field_reaches_the_document_of_its_side() {
    let (external, internal, markers) = render_generated();
    assert!(
        markers.len() > 100,
        "only {} markers: the generator missed the schema",
        markers.len()
    );
    let mut missing: BTreeMap<String, &str> = BTreeMap::new();
    let mut leaked = BTreeSet::new();
    for (path, marker) in &markers {
        match side(path) {
            Side::Public => {
                if !external.contains(marker.as_str()) && !listed(path) {
                    missing.insert(path.clone(), "external.md");
                }
            }
            Side::Staff => {
                if external.contains(marker.as_str()) {
                    leaked.insert(path.clone());
                }
                if !internal.contains(marker.as_str()) && !listed(path) {
                    missing.insert(path.clone(), "internal.md");
                }
            }
        }
    }
    assert!(
        leaked.is_empty(),
        "staff-only fields reached the external policy: {leaked:?}"
    );
    assert!(
        missing.is_empty(),
        "these fields are filled but their value is not in the document of their side: {missing:#?}\n\
         Show each one (its view in src/view/ and the template), or add it to NOT_PRINTED in \
         tests/every_field.rs with the reason."
    );
}

/// The lists of exceptions stay true: each names a field of the schema. (Whether a listed
/// field is printed cannot be asked of this policy: its references point nowhere, so a
/// document may fall back to printing the identifier.)
#[test]
fn the_exceptions_name_fields_that_exist() {
    let (_, _, markers) = render_generated();
    let paths: BTreeSet<&str> = markers.iter().map(|(p, _)| p.as_str()).collect();
    for (path, _) in NOT_PRINTED {
        assert!(
            paths.contains(path),
            "NOT_PRINTED names `{path}`, which is not a text field of the schema"
        );
    }
    let schema = std::fs::read_to_string(repo().join("policy.schema.json")).expect("schema");
    for (path, _) in LEFT_OUT {
        let field = path.rsplit('.').next().unwrap_or(path);
        assert!(
            schema.contains(&format!("\"{field}\"")),
            "LEFT_OUT names `{path}`, which is not in the schema"
        );
    }
}
