//! `smpolicy schema`: the JSON Schema (draft-07) of a policy file, generated from the model
//! types, so that editors can autocomplete keys and values and show what each one means.
//!
//! The schema must accept what `check` accepts. An editor sees the YAML through JSON, so a
//! plain `version: 1.0` reaches the schema as a number and `two_factor: "true"` as a string,
//! while `check` reads both as the model wants them (text, a yes/no). [`agree`] widens the
//! generated schema to what the YAML reader accepts for each kind of scalar, and says in
//! patterns what `check` refuses where a schema can say it (control characters, line breaks
//! outside texts). `tests/schema_agreement.rs` runs a JSON Schema validator and `check` over
//! `tests/schema-corpus/` and fails on any disagreement not listed there with its reason.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::model::PolicyFile;
use crate::model::schema_impls::TEXT;

/// The `$id` of this version's schema: an identifier naming the smpolicy version, not an
/// address to download from (`.invalid` is a top-level domain that never resolves).
pub fn id() -> String {
    format!(
        "https://smpolicy.invalid/schema/{}/policy.schema.json",
        env!("CARGO_PKG_VERSION")
    )
}

/// The file name under which a project keeps this version's schema: versioned, so that the
/// schema of an older smpolicy is never replaced by a newer one that files still point to.
pub fn file_name() -> String {
    format!("smpolicy-{}.schema.json", env!("CARGO_PKG_VERSION"))
}

/// Characters no one-line value may hold, as a regular expression class: controls (line
/// breaks and tabs included) and the marks that reorder text (see `values::forbidden_char`).
const ONE_LINE: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]*$";

// The same for texts (and a profile's bio), which may hold line breaks and tabs: the
// model's `TEXT`, which its `Text` schema uses (imported above).

/// An unsigned number written as text (`"24"`), the way the YAML reader takes it: an
/// optional `+`, decimal without leading zeros, or `0x`, `0o`, `0b` digits, with single `_`
/// between digits, and spaces around.
const UINT_TEXT: &str = "^[ \\t\\r\\n]*\\+?(0|[1-9][0-9]*(_[0-9]+)*|0[xX][0-9a-fA-F]+(_[0-9a-fA-F]+)*|0[oO][0-7]+(_[0-7]+)*|0[bB][01]+(_[01]+)*)[ \\t\\r\\n]*$";

/// A yes/no written as text (`"true"`): the YAML 1.2 spellings, with spaces around.
const BOOL_TEXT: &str = "^[ \\t\\r\\n]*(true|True|TRUE|false|False|FALSE)[ \\t\\r\\n]*$";

/// The schema of one policy YAML file, as pretty JSON with a final newline.
pub fn generate() -> String {
    let generator = SchemaSettings::draft07()
        .with(|s| {
            // Every definition written where it is used: editors show the description of
            // each key without following references.
            s.inline_subschemas = true;
        })
        .into_generator();
    let schema = generator.into_root_schema_for::<PolicyFile>();
    let mut root = Map::new();
    // `$schema` and `$id` first, then the title: the order a reader expects.
    let mut value = schema.to_value();
    if let Some(v) = value.get("$schema") {
        root.insert("$schema".into(), v.clone());
    }
    root.insert("$id".into(), id().into());
    root.insert(
        "title".into(),
        format!(
            "smpolicy {}: social media policy di un ente pubblico",
            env!("CARGO_PKG_VERSION")
        )
        .into(),
    );
    root.insert(
        "description".into(),
        "Un file YAML della policy. Le sezioni possono stare tutte in un file o in più file della stessa cartella; ogni sezione in un file solo. Generato da `smpolicy schema`.".into(),
    );
    agree(&mut value, None);
    if let Value::Object(map) = value {
        for (k, v) in map {
            if !matches!(k.as_str(), "$schema" | "title" | "description") {
                root.insert(k, v);
            }
        }
    }
    let mut out =
        serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

/// The JSON types a `type` keyword names (`"string"` or `["string", "null"]`).
fn types(node: &Map<String, Value>) -> Vec<String> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// Makes one schema node (and everything below it) accept what `check` accepts for its
/// scalars. `key` is the property the node describes, when it describes one.
fn agree(node: &mut Value, key: Option<&str>) {
    let Value::Object(map) = node else {
        if let Value::Array(items) = node {
            items.iter_mut().for_each(|v| agree(v, None));
        }
        return;
    };
    // `"default": null` makes editors insert `null` when completing a key.
    if map.get("default").is_some_and(Value::is_null) {
        map.remove("default");
    }
    // Children first: the alternatives made below are final and are not visited again.
    for (k, v) in map.iter_mut() {
        match k.as_str() {
            "properties" => {
                if let Value::Object(props) = v {
                    for (name, p) in props.iter_mut() {
                        agree(p, Some(name));
                    }
                }
            }
            // A property's alternatives (`Option<...>`) describe the same property.
            "anyOf" | "oneOf" | "allOf" => {
                if let Value::Array(items) = v {
                    items.iter_mut().for_each(|i| agree(i, key));
                }
            }
            _ => agree(v, None),
        }
    }
    let kinds = types(map);
    let nullable = kinds.iter().any(|t| t == "null");
    let plain = !["pattern", "format", "const", "enum"]
        .iter()
        .any(|k| map.contains_key(*k));
    let base: Vec<&str> = kinds
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "null")
        .collect();
    match base.as_slice() {
        // An unsigned number (`u32`): a YAML integer, or the same written as text.
        ["integer"] if map.get("format").and_then(Value::as_str) == Some("uint32") => {
            for k in ["type", "format", "minimum"] {
                map.remove(k);
            }
            let mut alts = vec![
                json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX }),
                json!({ "type": "string", "pattern": UINT_TEXT }),
            ];
            if nullable {
                alts.push(json!({ "type": "null" }));
            }
            map.insert("anyOf".into(), Value::Array(alts));
        }
        // A yes/no: `true`, or `"true"` in quotes.
        ["boolean"] if plain => {
            map.remove("type");
            let mut alts = vec![
                json!({ "type": "boolean" }),
                json!({ "type": "string", "pattern": BOOL_TEXT }),
            ];
            if nullable {
                alts.push(json!({ "type": "null" }));
            }
            map.insert("anyOf".into(), Value::Array(alts));
        }
        // Text that the model keeps as it is written (a name, an id, a handle, a version):
        // YAML reads `1.0`, `0123456789` or `true` as a number or a yes/no, `check` as text.
        ["string"] if plain => {
            let mut t = vec!["string", "number", "boolean"];
            if nullable {
                t.push("null");
            }
            map.insert("type".into(), json!(t));
            let pattern = if key == Some("bio") { TEXT } else { ONE_LINE };
            map.insert("pattern".into(), pattern.into());
        }
        _ => {}
    }
    split_union(map);
}

/// The keywords that apply to values of one JSON type.
fn applies_to(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "pattern" | "format" | "minLength" | "maxLength" => "string",
        "properties"
        | "additionalProperties"
        | "required"
        | "propertyNames"
        | "minProperties"
        | "maxProperties" => "object",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "minimum" | "maximum" => "number",
        _ => return None,
    })
}

/// `"type": ["string", "null"]` becomes `anyOf` with one type in each alternative, each
/// with the keywords that apply to it: ajv's strict mode (`strictTypes`, as SchemaStore
/// runs it) refuses union types.
fn split_union(map: &mut Map<String, Value>) {
    let kinds = types(map);
    if kinds.len() < 2 {
        return;
    }
    map.remove("type");
    let mut alts: Vec<Map<String, Value>> = kinds
        .iter()
        .map(|t| {
            let mut m = Map::new();
            m.insert("type".into(), t.as_str().into());
            m
        })
        .collect();
    let keys: Vec<String> = map.keys().cloned().collect();
    for k in keys {
        let Some(target) = applies_to(&k) else {
            continue;
        };
        if let Some(v) = map.remove(&k) {
            for alt in &mut alts {
                let t = alt.get("type").and_then(Value::as_str).unwrap_or_default();
                if t == target || (target == "number" && t == "integer") {
                    alt.insert(k.clone(), v.clone());
                }
            }
        }
    }
    let alts = Value::Array(alts.into_iter().map(Value::Object).collect());
    // A node with alternatives of its own keeps them, beside the types.
    if let Some(existing) = map.remove("anyOf") {
        map.insert(
            "allOf".into(),
            json!([{ "anyOf": existing }, { "anyOf": alts }]),
        );
    } else {
        map.insert("anyOf".into(), alts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        serde_json::from_str(&generate()).expect("json")
    }

    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>) {
        match v {
            Value::Object(m) => {
                out.push(m);
                m.values().for_each(|c| walk(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }

    #[test]
    fn no_null_defaults_and_only_standard_formats() {
        let s = schema();
        let mut nodes = Vec::new();
        walk(&s, &mut nodes);
        assert!(nodes.len() > 500);
        for n in nodes {
            assert!(
                !n.get("default").is_some_and(Value::is_null),
                "null default: {n:?}"
            );
            assert!(
                !n.get("type").is_some_and(Value::is_array),
                "a union type, which ajv's strictTypes refuses: {n:?}"
            );
            if let Some(f) = n.get("format").and_then(Value::as_str) {
                assert_eq!(
                    f, "date",
                    "a format that strict validators do not know: {n:?}"
                );
            }
        }
    }

    #[test]
    fn the_id_names_the_version() {
        let s = schema();
        assert_eq!(s["$id"], id());
        assert!(id().contains(&format!("/{}/", env!("CARGO_PKG_VERSION"))));
        assert!(file_name().contains(env!("CARGO_PKG_VERSION")));
    }
}
