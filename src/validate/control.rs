//! Invisible characters in YAML values.
//!
//! A raw control character cannot sit in a YAML file, but a double-quoted escape can make one
//! (`"\e[2J"`, `"\r"`, `"\u202E"`), and the marks that reorder text (bidi overrides) are
//! ordinary characters to YAML. In a published policy they can hide or reverse words, forge a
//! table row (a lone CR), or rewrite the terminal of whoever prints the value. Every scalar of
//! a file, keys included, is read once more with its position, and any such character is an
//! error there. Line ends and tabs are allowed: texts are written on several lines.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::model::values::forbidden_char;

/// A character that may not be in a value, and where the value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub ch: char,
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
        walk(&root, &mut out);
    }
    out
}

/// Characters a file must hold, raw or as an escape, for a value to hold a forbidden one:
/// a quick test that spares the second parse for almost every file.
fn suspicious(c: char) -> bool {
    c == '\\' || (c != '\n' && c != '\t' && c != '\r' && forbidden_char(c))
}

fn walk(node: &Spanned<Node>, out: &mut Vec<Finding>) {
    match &node.value {
        Node::Str(s) => {
            if let Some(ch) = s
                .chars()
                .find(|c| *c != '\n' && *c != '\t' && forbidden_char(*c))
            {
                out.push(Finding {
                    line: usize::try_from(node.referenced.line()).unwrap_or(0),
                    column: usize::try_from(node.referenced.column()).unwrap_or(0),
                    ch,
                });
            }
        }
        Node::Seq(items) => items.iter().for_each(|n| walk(n, out)),
        Node::Map(entries) => {
            for (k, v) in entries {
                walk(k, out);
                walk(v, out);
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
        let text = "organisation:\n  name: \"Comune \\e[2J di Prova\"\n  office: \"Ufficio\\rforged\"\n  note: \"abc\u{202e}def\"\n  ok: \"a\\tb\\nc\"\n";
        let found = scan(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].line, found[0].ch), (2, '\u{1b}'));
        assert_eq!((found[1].line, found[1].ch), (3, '\r'));
        assert_eq!((found[2].line, found[2].ch), (4, '\u{202e}'));
    }

    #[test]
    fn plain_files_are_not_parsed_twice() {
        assert!(scan("organisation:\n  name: Comune di Prova\n").is_empty());
    }
}
