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

use serde_json::Value;

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

/// Every value of `text` (a YAML file that parsed cleanly) holding a forbidden character.
/// A file that cannot be read this way gives no finding: its errors come from the parse.
///
/// The file is read once more as a stream of parser events, not deserialized into a tree:
/// the same scalars with the same places, at a fraction of the cost (the second read was a
/// third of the time `check` spent on an organisation). An alias is checked where it is
/// used, with the events of the node it names, as the deserializer reads it.
pub fn scan(text: &str) -> Vec<Finding> {
    if !may_hold_forbidden(text) {
        return Vec::new();
    }
    walk(text, REPLAY_BUDGET).0
}

/// The findings of `text`, and whether its aliases replayed more than `budget` events (the
/// walk stops there).
fn walk(text: &str, budget: usize) -> (Vec<Finding>, bool) {
    let mut out = Vec::new();
    let mut walker = Walker {
        budget,
        ..Walker::default()
    };
    let mut parser = granit_parser::Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        if walker.event(&event, &span, &mut out).is_err() {
            return (out, true);
        }
    }
    (out, false)
}

/// What an alias replays: the events of its anchored node, owned.
type Recorded = Vec<(granit_parser::Event<'static>, granit_parser::Span)>;

/// The most events the aliases of one file may replay: far beyond any policy, and a bound
/// on a file of nested aliases (which the deserializer also bounds before this runs).
const REPLAY_BUDGET: usize = 1_000_000;

/// Where the walk is: one frame per open sequence or mapping.
#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    /// The anchored nodes being recorded: (anchor id, depth at which it started, events).
    recording: Vec<(usize, usize, Recorded)>,
    anchors: HashMap<usize, Recorded>,
    replayed: usize,
    budget: usize,
}

struct Frame {
    /// The schema's node for this collection's children (`None`: anything goes).
    shape: Option<usize>,
    multiline: bool,
    kind: FrameKind,
}

enum FrameKind {
    Seq,
    /// In a mapping: `Some(key)` while its value is awaited (`None` inside when the key was
    /// not a plain text), `None` while a key is awaited.
    Map(Option<Option<String>>),
}

/// The budget of replayed events is spent.
struct Exhausted;

impl Walker {
    /// The shape and whether line breaks are allowed for the node that starts now.
    fn context(&self) -> (Option<usize>, bool) {
        let all = shapes();
        let (shape, multiline) = match self.stack.last() {
            None => (Some(0), false),
            Some(f) => {
                let node = f.shape.and_then(|i| all.get(i));
                match &f.kind {
                    FrameKind::Seq => (node.and_then(|s| s.items), f.multiline),
                    // A key may not hold invisible marks, but may be on several lines.
                    FrameKind::Map(None) => (None, true),
                    FrameKind::Map(Some(key)) => {
                        let key = key.as_deref();
                        let sub = node.and_then(|s| key.and_then(|k| s.properties.get(k).copied()));
                        // A profile's bio is shown by the platform on several lines.
                        (sub, f.multiline || key == Some("bio"))
                    }
                }
            }
        };
        let text = shape.and_then(|i| all.get(i)).is_none_or(|s| s.text);
        (shape, multiline || text)
    }

    /// A node of the parent (`key`: the text of a scalar node) is complete.
    fn completed(&mut self, key: Option<&str>) {
        if let Some(Frame {
            kind: FrameKind::Map(state),
            ..
        }) = self.stack.last_mut()
        {
            *state = match state {
                None => Some(key.map(str::to_string)),
                Some(_) => None,
            };
        }
    }

    fn event(
        &mut self,
        event: &granit_parser::Event<'_>,
        span: &granit_parser::Span,
        out: &mut Vec<Finding>,
    ) -> Result<(), Exhausted> {
        use granit_parser::Event;
        self.record(event, span);
        match event {
            Event::DocumentStart(..) => self.stack.clear(),
            Event::Scalar(value, ..) => {
                let (_, multiline) = self.context();
                let bad = |c: char| forbidden_char(c) && (!multiline || (c != '\n' && c != '\t'));
                if let Some(ch) = value.chars().find(|c| bad(*c)) {
                    out.push(Finding {
                        line: span.start.line(),
                        column: span.start.col() + 1,
                        ch,
                        one_line: ch == '\n' || ch == '\t',
                    });
                }
                self.completed(Some(value));
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let (shape, multiline) = self.context();
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    FrameKind::Seq
                } else {
                    FrameKind::Map(None)
                };
                self.stack.push(Frame {
                    shape,
                    multiline,
                    kind,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                self.completed(None);
            }
            Event::Alias(id) => {
                let Some(events) = self.anchors.get(id).cloned() else {
                    self.completed(None);
                    return Ok(());
                };
                self.replayed += events.len();
                if self.replayed > self.budget {
                    return Err(Exhausted);
                }
                // The node is checked where it is used, and reported there.
                for (e, _) in &events {
                    self.event(e, span, out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Keeps the events of anchored nodes for their aliases.
    fn record(&mut self, event: &granit_parser::Event<'_>, span: &granit_parser::Span) {
        use granit_parser::Event;
        let owned = || (to_static(event), *span);
        for (_, _, events) in &mut self.recording {
            events.push(owned());
        }
        let depth = self.stack.len();
        let anchor = match event {
            Event::Scalar(_, _, a, _)
            | Event::SequenceStart(_, a, _)
            | Event::MappingStart(_, a, _) => *a,
            _ => 0,
        };
        if anchor != 0 {
            if matches!(event, Event::Scalar(..)) {
                self.anchors.insert(anchor, vec![owned()]);
            } else {
                self.recording.push((anchor, depth, vec![owned()]));
            }
        }
        if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
            // The collection that ends is at depth `stack.len() - 1` before the pop.
            let closing = depth.saturating_sub(1);
            while self.recording.last().is_some_and(|(_, d, _)| *d == closing) {
                if let Some((id, _, events)) = self.recording.pop() {
                    self.anchors.insert(id, events);
                }
            }
        }
    }
}

/// `event` with its texts owned, to be replayed after the text it came from is gone.
fn to_static(event: &granit_parser::Event<'_>) -> granit_parser::Event<'static> {
    use granit_parser::Event;
    use std::borrow::Cow;
    let tag = |t: &Option<Cow<'_, granit_parser::Tag>>| {
        t.as_ref().map(|t| Cow::Owned(t.as_ref().clone()))
    };
    match event {
        Event::Scalar(v, style, a, t) => {
            Event::Scalar(Cow::Owned(v.to_string()), *style, *a, tag(t))
        }
        Event::SequenceStart(style, a, t) => Event::SequenceStart(*style, *a, tag(t)),
        Event::MappingStart(style, a, t) => Event::MappingStart(*style, *a, tag(t)),
        Event::SequenceEnd => Event::SequenceEnd,
        Event::MappingEnd => Event::MappingEnd,
        Event::Alias(id) => Event::Alias(*id),
        _ => Event::DocumentEnd,
    }
}

/// Whether a value of `text` can hold a forbidden character: a quick test that spares the
/// second parse for the plainest files.
fn may_hold_forbidden(text: &str) -> bool {
    text.chars().any(suspicious) || may_fold_a_break(text)
}

/// Characters a file must hold for a value to hold a forbidden one: an escape, a block
/// scalar, a quoted scalar (a blank line in it is a line break), a tab, or the character
/// itself.
fn suspicious(c: char) -> bool {
    matches!(c, '\\' | '|' | '>' | '"' | '\'' | '\t')
        || (c != '\n' && c != '\r' && forbidden_char(c))
}

/// Whether YAML can read a line break into a value that has no escape and no block
/// indicator: a plain or quoted scalar that goes on after a blank line reads the blank line as
/// a line break ("Comune di Prova", a blank line, "Titolo" is two lines), and a carriage
/// return that does not end a line is a line break of its own.
fn may_fold_a_break(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n')) {
        return true;
    }
    let mut seen_text = false;
    let mut blank_after_text = false;
    for line in text.split('\n') {
        if line.bytes().all(|c| matches!(c, b' ' | b'\r')) {
            blank_after_text |= seen_text;
        } else if blank_after_text {
            return true;
        } else {
            seen_text = true;
        }
    }
    false
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
        assert_eq!(places(text), vec![(2, true), (12, true)]);
    }

    #[test]
    fn plain_files_are_not_parsed_twice() {
        assert!(scan("organisation:\n  name: Comune di Prova\n").is_empty());
        assert!(!may_fold_a_break("a: 1\nb: 2\n\n\n"));
    }

    #[test]
    fn a_blank_line_or_a_lone_cr_inside_a_plain_name_is_a_line_break() {
        for text in [
            "organisation:\n  name: Comune di\n\n    Prova\n",
            "organisation:\n  name: Comune di\n   \n    Prova\n",
            "organisation:\n  name: Comune di\r\r    Prova\n",
        ] {
            assert_eq!(places(text), vec![(2, true)], "{text:?}");
        }
    }

    /// (line, one_line) of each finding of `text`.
    fn places(text: &str) -> Vec<(usize, bool)> {
        scan(text).iter().map(|f| (f.line, f.one_line)).collect()
    }

    #[test]
    fn an_alias_is_checked_where_it_is_used() {
        // A text may hold line breaks; the same text named as an organisation's name may not.
        let text =
            "purposes:\n  intro: &t |\n    Riga uno.\n    Riga due.\norganisation:\n  name: *t\n";
        assert_eq!(places(text), vec![(6, true)]);
        // An anchored mapping is replayed with its children, where it is used.
        let text = "x: &m\n  name: \"a\\nb\"\norganisation: *m\n";
        assert_eq!(places(text), vec![(3, true)]);
    }

    #[test]
    fn the_column_is_where_the_value_starts() {
        let found = scan("organisation:\n  name: \"a\u{202e}b\"\n");
        assert_eq!(
            found
                .iter()
                .map(|f| (f.line, f.column, f.ch))
                .collect::<Vec<_>>(),
            vec![(2, 9, '\u{202e}')]
        );
    }

    #[test]
    fn nested_aliases_stop_at_the_budget() {
        // Ten levels of ten aliases each would replay 10^10 events.
        let mut text = String::from("a0: &a0 [\"x\\ty\", \"z\"]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        text.push_str("organisation:\n  name: *a9\n");
        let (_, stopped) = walk(&text, 10_000);
        assert!(stopped);
        // Within the budget the walk goes to the end, and finds what is used as a name.
        let small = "a0: &a0 \"x\\ty\"\na1: &a1 [*a0, *a0]\norganisation:\n  name: *a0\n";
        let (found, stopped) = walk(small, 10_000);
        assert!(!stopped);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.line, f.one_line))
                .collect::<Vec<_>>(),
            vec![(4, true)]
        );
    }
}
