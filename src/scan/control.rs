//! Invisible characters in YAML values.
//!
//! A raw control character cannot sit in a YAML file, but a double-quoted escape can make one
//! (`"\e[2J"`, `"\r"`, `"\u202E"`), and the marks that reorder text (bidi overrides) are
//! ordinary characters to YAML. In a published policy they can hide or reverse words, forge a
//! table row (a lone CR), or rewrite the terminal of whoever prints the value. Every scalar of
//! a file, keys included, is read once more with its position, and any such character is an
//! error there. Line ends and tabs are allowed only in texts (a string or a map from language
//! to text, as the schema says) and in a profile's bio, which platforms show on several
//! lines; a name, an id, a handle or a version must be on one line.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::model::values::forbidden_char;

/// A character that may not be in a value, and where the value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub ch: char,
    /// The value must be on one line and holds a line break or a tab.
    pub one_line: bool,
}

enum Node {
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
    Other,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(n) = seq.next_element::<Spanned<Node>>()? {
                    out.push(n);
                }
                Ok(Node::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = map.next_entry::<Spanned<Node>, Spanned<Node>>()? {
                    out.push(kv);
                }
                Ok(Node::Map(out))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

/// Every value of `text` (a YAML file that parsed cleanly) holding a forbidden character.
/// A file that cannot be read this way gives no finding: its errors come from the parse.
pub fn scan(text: &str) -> Vec<Finding> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    let mut out = Vec::new();
    if !text.chars().any(suspicious) {
        return out;
    }
    if let Ok(root) = serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options) {
        walk(&root, Some(0), false, &mut out);
    }
    out
}

/// Characters a file must hold for a value to hold a forbidden one: an escape, a block
/// scalar, a quoted scalar (a blank line in it is a line break), a tab, or the character
/// itself. A quick test that spares the second parse for the plainest files.
fn suspicious(c: char) -> bool {
    matches!(c, '\\' | '|' | '>' | '"' | '\'' | '\t')
        || (c != '\n' && c != '\r' && forbidden_char(c))
}

/// The JSON Schema of a policy file, which says which values are texts.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(&crate::schema::generate()).unwrap_or(Value::Null))
}

/// A node of the schema, as the walk needs it: whether its value is a text, and the node of
/// each property and of the items. Worked out once per process for the whole schema (doing
/// it per value, following `$ref`s and alternatives each time, cost milliseconds per
/// organisation).
#[derive(Debug, Default)]
struct Shape {
    text: bool,
    properties: HashMap<String, usize>,
    items: Option<usize>,
}

/// Every [`Shape`] of the schema; the root is the first.
fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = Vec::new();
        shape_of(schema(), &mut HashMap::new(), &mut shapes);
        shapes
    })
}

/// The index of the shape of `s` in `shapes`, added with those below it when it is new
/// (`seen` maps the schema nodes already shaped, which also ends recursive definitions).
fn shape_of(
    s: &'static Value,
    seen: &mut HashMap<*const Value, usize>,
    shapes: &mut Vec<Shape>,
) -> usize {
    if let Some(&i) = seen.get(&std::ptr::from_ref(s)) {
        return i;
    }
    let index = shapes.len();
    shapes.push(Shape::default());
    seen.insert(std::ptr::from_ref(s), index);
    let alts = alternatives(s);
    let text = alts.iter().any(|a| a.get("propertyNames").is_some());
    // A property's node is the one of the first alternative that has it, as for the items.
    let mut properties: Vec<(&String, &'static Value)> = Vec::new();
    for a in &alts {
        for (k, v) in a
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !properties.iter().any(|(known, _)| *known == k) {
                properties.push((k, v));
            }
        }
    }
    let items = alts.iter().find_map(|a| a.get("items"));
    let properties = properties
        .into_iter()
        .map(|(k, v)| (k.clone(), shape_of(v, seen, shapes)))
        .collect();
    let items = items.map(|v| shape_of(v, seen, shapes));
    shapes[index] = Shape {
        text,
        properties,
        items,
    };
    index
}

/// A schema node and its alternatives (`anyOf`, `oneOf`, `allOf`), nested ones too, with
/// `$ref`s to the schema's definitions followed.
fn alternatives(s: &'static Value) -> Vec<&'static Value> {
    fn collect(s: &'static Value, depth: usize, out: &mut Vec<&'static Value>) {
        if depth > 8 {
            return;
        }
        let s = match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or_default();
                let root = schema();
                match root
                    .get("definitions")
                    .or_else(|| root.get("$defs"))
                    .and_then(|d| d.get(name))
                {
                    Some(def) => def,
                    None => return,
                }
            }
            None => s,
        };
        out.push(s);
        for k in ["anyOf", "oneOf", "allOf"] {
            for alt in s.get(k).and_then(Value::as_array).into_iter().flatten() {
                collect(alt, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    collect(s, 0, &mut out);
    out
}

/// `shape` is the shape of `node` in [`shapes`] (`None` where the schema does not say:
/// anything goes); `multiline` is true inside a text.
fn walk(node: &Spanned<Node>, shape: Option<usize>, multiline: bool, out: &mut Vec<Finding>) {
    let all = shapes();
    let shape = shape.and_then(|i| all.get(i));
    let multiline = multiline || shape.is_none_or(|s| s.text);
    match &node.value {
        Node::Str(s) => {
            let bad = |c: char| forbidden_char(c) && (!multiline || (c != '\n' && c != '\t'));
            if let Some(ch) = s.chars().find(|c| bad(*c)) {
                out.push(Finding {
                    line: usize::try_from(node.referenced.line()).unwrap_or(0),
                    column: usize::try_from(node.referenced.column()).unwrap_or(0),
                    ch,
                    one_line: ch == '\n' || ch == '\t',
                });
            }
        }
        Node::Seq(items) => {
            let sub = shape.and_then(|s| s.items);
            items.iter().for_each(|n| walk(n, sub, multiline, out));
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                walk(k, None, true, out);
                let key = match &k.value {
                    Node::Str(key) => Some(key.as_str()),
                    _ => None,
                };
                let sub = shape.and_then(|s| key.and_then(|key| s.properties.get(key).copied()));
                // A profile's bio is shown by the platform on several lines.
                let bio = key == Some("bio");
                walk(v, sub, multiline || bio, out);
            }
        }
        Node::Other => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_marks_are_found_with_their_place() {
        let text = "organisation:\n  name: \"Comune \\e[2J di Prova\"\n  address: \"Via\\rforged\"\n  website: \"abc\u{202e}def\"\n  office_description: \"a\\tb\\nc\"\n";
        let found = scan(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].line, found[0].ch), (2, '\u{1b}'));
        assert_eq!((found[1].line, found[1].ch), (3, '\r'));
        assert_eq!((found[2].line, found[2].ch), (4, '\u{202e}'));
    }

    #[test]
    fn line_breaks_only_in_texts_and_bios() {
        let text = "organisation:\n  name: \"Comune\\nforged\"\npurposes:\n  intro: |\n    Riga uno.\n    Riga due.\naccounts:\n  - id: fb\n    bio: |\n      Riga.\n      Riga.\n    handle: \"a\\tb\"\n";
        let found = scan(text);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.line, f.one_line))
                .collect::<Vec<_>>(),
            vec![(2, true), (12, true)],
            "{found:?}"
        );
    }

    #[test]
    fn plain_files_are_not_parsed_twice() {
        assert!(scan("organisation:\n  name: Comune di Prova\n").is_empty());
    }
}
