//! The semantic diff between two versions of a policy, and its wording: what the external
//! policy's "Cosa è cambiato" lists, and what `smpolicy diff` reports (see
//! [`crate::audit::diff`]).
//!
//! Both policies are turned into JSON (the canonical form of the fingerprint) and walked
//! together. Lists whose items have a stable key (accounts, roles and moderation rules by
//! `id`, contacts by label, ...) are matched by that key, so inserting an account does not
//! make every following one look changed; each changed field is reported with its old and
//! new value. The result is printed as Markdown in the words of the language's labels file
//! (`templates/<lang>/labels.yaml`, `changes:`), ready for an act, or as JSON.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::labels::{Labels, fill};
use crate::model::{Policy, Public};
use crate::view::md_inline;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

/// A step in the path of a change: a field, or an item of a keyed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Item(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Such as `accounts[ig-comune].handle` or `monitoring.response_time`.
    pub path: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    #[serde(skip)]
    pub segs: Vec<Seg>,
}

/// Lists matched by a key: (path of field names, fields that make the key).
const KEYED: &[(&str, &[&str])] = &[
    ("accounts", &["id"]),
    ("roles", &["id"]),
    ("moderation.rules", &["id"]),
    ("contacts", &["label"]),
    ("not_for", &["topic"]),
    ("adoption.history", &["version"]),
    ("purposes.legal_basis", &["law", "article"]),
    ("content.published", &["kind", "label"]),
    (
        "organisation.topic_pages",
        &["department", "referent.project"],
    ),
    ("privacy.joint_controllers", &["platform"]),
    ("internal.platform_rules", &["platform"]),
    ("internal.crisis.escalation", &["level"]),
    ("internal.crm", &["kind"]),
    ("election_period.periods", &["election"]),
];

fn key_path(segs: &[Seg]) -> String {
    segs.iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Item(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn path_string(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Item(k) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
        }
    }
    s
}

/// A text in several languages: an object whose keys are all language codes.
fn is_text_map(m: &Map<String, Value>) -> bool {
    !m.is_empty()
        && m.iter().all(|(k, v)| {
            (2..=3).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_lowercase()) && v.is_string()
        })
}

/// Objects compared as one value: texts in several languages, durations, time slots.
fn atomic(m: &Map<String, Value>) -> bool {
    is_text_map(m)
        || (m.contains_key("value") && m.contains_key("unit") && m.len() == 2)
        || (m.contains_key("days") && m.contains_key("from") && m.contains_key("to"))
}

fn scalar_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(m) if is_text_map(m) => {
            m.values().next().and_then(|v| v.as_str()).map(String::from)
        }
        _ => None,
    }
}

fn item_keys(items: &[Value], fields: &[&str]) -> Option<Vec<String>> {
    let mut keys: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let parts: Vec<String> = fields
            .iter()
            .filter_map(|f| {
                // A dotted field is inside an object of the item (`referent.project`).
                f.split('.')
                    .try_fold(item, |v, k| v.get(k))
                    .and_then(scalar_key)
            })
            .collect();
        if parts.is_empty() {
            return None;
        }
        let key = parts.join(" ");
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
    }
    Some(keys)
}

fn push(out: &mut Vec<Change>, segs: &[Seg], kind: Kind, old: Option<&Value>, new: Option<&Value>) {
    out.push(Change {
        path: path_string(segs),
        kind,
        old: old.cloned(),
        new: new.cloned(),
        segs: segs.to_vec(),
    });
}

fn walk(segs: &mut Vec<Seg>, old: &Value, new: &Value, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Null, n) => push(out, segs, Kind::Added, None, Some(n)),
        (o, Value::Null) => push(out, segs, Kind::Removed, Some(o), None),
        (Value::Object(a), Value::Object(b)) if !atomic(a) && !atomic(b) => {
            let mut keys: Vec<&String> = a.keys().collect();
            keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                segs.push(Seg::Key(k.clone()));
                walk(
                    segs,
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                    out,
                );
                segs.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let spec = KEYED
                .iter()
                .find(|(p, _)| *p == key_path(segs))
                .map(|(_, f)| *f);
            let keyed = spec.and_then(|f| Some((item_keys(a, f)?, item_keys(b, f)?)));
            let Some((ka, kb)) = keyed else {
                push(out, segs, Kind::Changed, Some(old), Some(new));
                return;
            };
            let before = out.len();
            for (k, item) in ka.iter().zip(a) {
                segs.push(Seg::Item(k.clone()));
                match kb.iter().position(|x| x == k) {
                    Some(j) => walk(segs, item, &b[j], out),
                    None => push(out, segs, Kind::Removed, Some(item), None),
                }
                segs.pop();
            }
            for (k, item) in kb.iter().zip(b) {
                if !ka.contains(k) {
                    segs.push(Seg::Item(k.clone()));
                    push(out, segs, Kind::Added, None, Some(item));
                    segs.pop();
                }
            }
            let common_a: Vec<&String> = ka.iter().filter(|k| kb.contains(k)).collect();
            let common_b: Vec<&String> = kb.iter().filter(|k| ka.contains(k)).collect();
            if out.len() == before && common_a != common_b {
                let ids = |v: &[&String]| {
                    Value::Array(v.iter().map(|s| Value::String((*s).clone())).collect())
                };
                segs.push(Seg::Key("order".into()));
                push(
                    out,
                    segs,
                    Kind::Changed,
                    Some(&ids(&common_a)),
                    Some(&ids(&common_b)),
                );
                segs.pop();
            }
        }
        _ => push(out, segs, Kind::Changed, Some(old), Some(new)),
    }
}

/// Every difference between two JSON forms of a policy.
///
/// Texts are compared as Markdown reads them: re-wrapping a paragraph (one sentence per
/// line, a folded `>-` turned into a literal `|`) is not a change; a new paragraph is.
pub fn diff_values(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(&mut Vec::new(), &normalise(old), &normalise(new), &mut out);
    out
}

/// Collapses the white space of every string that Markdown would not show: runs of spaces
/// and single line breaks become one space; paragraph breaks stay.
fn normalise(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

/// Fields that hold a name, an address or an identifier, printed exactly as written;
/// every other string is a text in Markdown and keeps its links and emphasis.
const PLAIN_FIELDS: &[&str] = &[
    "id",
    "handle",
    "name",
    "url",
    "website",
    "notice_url",
    "arrangement_url",
    "email",
    "pec",
    "phone",
    "version",
    "address",
    "article",
    "order",
    "recovery_addresses",
];

/// A Markdown text on one line: paragraphs joined, raw HTML kept from opening.
fn md_flat(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('<', "\\<")
}

// ---------------------------------------------------------------------------------------------
// Words: every word of the report comes from the language's labels file (`changes:`)

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Items of keyed lists that a report names by more than their id (an account by its
/// platform and handle, a rule by its title): `list` NUL `key` -> the item.
pub type Items = std::collections::BTreeMap<String, Value>;

fn item_ref(list: &str, key: &str) -> String {
    format!("{list}\u{0}{key}")
}

/// The accounts, rules and roles of two versions, the new one winning.
pub fn named_items(old: &Value, new: &Value) -> Items {
    let mut items = Items::new();
    for v in [old, new] {
        for (list, path) in [
            ("accounts", &["accounts"][..]),
            ("moderation.rules", &["moderation", "rules"][..]),
            ("roles", &["roles"][..]),
        ] {
            let mut cur = v;
            for p in path {
                cur = cur.get(*p).unwrap_or(&Value::Null);
            }
            for item in cur.as_array().map(Vec::as_slice).unwrap_or_default() {
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    items.insert(item_ref(list, id), item.clone());
                }
            }
        }
    }
    items
}

/// Renders values in the words of a labels file.
pub struct Words<'a> {
    pub labels: &'a Labels,
    pub lang: &'a str,
    /// For the auditor: items are named by their id (`fb-comune`). For citizens, accounts
    /// are named by platform and handle, as the policy shows them.
    pub show_ids: bool,
}

impl Words<'_> {
    fn label(&self, table: &str, key: &str) -> Option<String> {
        self.labels.enum_label(table, key).map(String::from)
    }

    /// The title of a top-level section.
    fn section_title(&self, key: &str) -> Option<&str> {
        self.labels.changes.sections.get(key).map(String::as_str)
    }

    /// The name of a field; a key without one prints as itself.
    fn field_label(&self, key: &str) -> String {
        match self.labels.changes.fields.get(key) {
            Some(l) => l.clone(),
            None => key.replace('_', " "),
        }
    }

    /// How an item of the keyed list `list` is named.
    fn item_noun(&self, list: &str) -> &crate::labels::ItemNoun {
        let c = &self.labels.changes;
        c.items.get(list).unwrap_or(&c.other_item)
    }

    fn enum_tables(field: &str) -> &'static [&'static str] {
        match field {
            "platform" => &["platform"],
            "scope" => &["scope"],
            "presence" => &["presence"],
            "audience" => &["account_audience"],
            "mode" => &["moderation_mode"],
            "kind" => &["content_kind", "org_kind", "contact_kind"],
            "channel" => &["monitored_channel"],
            "actions" => &["action"],
            "when" => &["step_condition"],
            "days" => &["weekday"],
            "applies_to" => &["audience"],
            "languages" => &["languages"],
            _ => &[],
        }
    }

    fn string(&self, field: &str, s: &str) -> String {
        for table in Self::enum_tables(field) {
            if let Some(l) = self.label(table, s) {
                return l;
            }
        }
        if let Ok(d) = crate::model::Date::parse(s) {
            return self.labels.date(&d);
        }
        if PLAIN_FIELDS.contains(&field) {
            md_inline(s)
        } else {
            md_flat(s)
        }
    }

    /// A value as plain text (without quotes).
    pub fn value(&self, field: &str, v: &Value) -> String {
        match v {
            Value::Null => self.labels.changes.empty.clone(),
            Value::Bool(true) => self.labels.changes.yes.clone(),
            Value::Bool(false) => self.labels.changes.no.clone(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => self.string(field, s),
            Value::Array(items) => {
                let sep = if items.iter().any(Value::is_object) {
                    "; "
                } else {
                    ", "
                };
                items
                    .iter()
                    .map(|i| self.value(field, i))
                    .collect::<Vec<_>>()
                    .join(sep)
            }
            Value::Object(m) if is_text_map(m) => m
                .get(self.lang)
                .or_else(|| m.values().next())
                .and_then(Value::as_str)
                .map(md_inline)
                .unwrap_or_default(),
            Value::Object(m) if m.contains_key("value") && m.contains_key("unit") => {
                let n = m.get("value").and_then(Value::as_u64).unwrap_or(0);
                let unit = m.get("unit").and_then(Value::as_str).unwrap_or("");
                let table = if n == 1 {
                    "duration_unit_one"
                } else {
                    "duration_unit"
                };
                let unit = self.label(table, unit).unwrap_or_else(|| unit.to_string());
                fill(
                    &self.labels.changes.duration,
                    &[("n", &n.to_string()), ("unit", &unit)],
                )
            }
            Value::Object(m) if m.contains_key("days") && m.contains_key("from") => {
                let days = m
                    .get("days")
                    .map(|d| self.value("days", d))
                    .unwrap_or_default();
                let from = m.get("from").and_then(Value::as_str).unwrap_or("");
                let to = m.get("to").and_then(Value::as_str).unwrap_or("");
                fill(
                    &self.labels.changes.time_slot,
                    &[("days", &days), ("from", from), ("to", to)],
                )
            }
            Value::Object(m) => m
                .iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| {
                    fill(
                        &self.labels.changes.field_value,
                        &[
                            ("field", &self.field_label(k)),
                            ("value", &self.value(k, v)),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    fn quoted(&self, field: &str, v: &Value) -> String {
        self.quote(&self.value(field, v))
    }

    fn quote(&self, value: &str) -> String {
        fill(&self.labels.changes.quote, &[("value", value)])
    }

    /// How a report names an item of a keyed list besides its id.
    fn item_name(&self, list: &str, key: &str, items: &Items) -> Option<String> {
        let item = items.get(&item_ref(list, key))?;
        match list {
            "accounts" => {
                let platform = self.value("platform", item.get("platform")?);
                let handle = self.value("handle", item.get("handle")?);
                Some(format!("{platform} {handle}"))
            }
            _ => item.get("title").map(|t| self.value("title", t)),
        }
    }

    /// A short description of a whole item that was added or removed.
    fn item_summary(&self, list: &str, item: &Value) -> String {
        let get = |k: &str| item.get(k).filter(|v| !v.is_null());
        match list {
            "accounts" if !self.show_ids => {
                get("url").map(|u| self.value("url", u)).unwrap_or_default()
            }
            "accounts" => {
                let mut parts = Vec::new();
                if let Some(p) = get("platform") {
                    parts.push(self.value("platform", p));
                }
                if let Some(h) = get("handle") {
                    parts.push(self.value("handle", h));
                }
                if let Some(u) = get("url") {
                    parts.push(self.value("url", u));
                }
                parts.join(", ")
            }
            _ => [
                "title",
                "name",
                "label",
                "topic",
                "summary",
                "department",
                "law",
            ]
            .iter()
            .find_map(|k| get(k).map(|v| self.quoted(k, v)))
            .unwrap_or_default(),
        }
    }

    /// One line of Markdown for a change, without the section it belongs to.
    pub fn line(&self, c: &Change, items: &Items) -> String {
        // The keyed item the change is in, if any.
        let item_at = c.segs.iter().position(|s| matches!(s, Seg::Item(_)));
        let field = c
            .segs
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Item(_) => None,
            })
            .unwrap_or("");
        let subject = match item_at {
            Some(i) => {
                let list = key_path(&c.segs[..i]);
                let noun = self.item_noun(&list);
                let key = match &c.segs[i] {
                    Seg::Item(k) => k.clone(),
                    Seg::Key(_) => String::new(),
                };
                let key_field = KEYED
                    .iter()
                    .find(|(p, _)| *p == list)
                    .and_then(|(_, f)| f.first())
                    .copied()
                    .unwrap_or("");
                let name = self.item_name(&list, &key, items);
                let whole = c.segs.len() == i + 1;
                let shown = if key_field == "id" {
                    match (&name, self.show_ids || list != "accounts") {
                        (Some(n), false) => n.clone(),
                        (Some(n), true) if !whole => format!("`{key}` ({n})"),
                        _ => format!("`{key}`"),
                    }
                } else if Self::enum_tables(key_field).is_empty() {
                    self.quote(&md_inline(&key))
                } else {
                    self.string(key_field, &key)
                };
                let rest: Vec<String> = c.segs[i + 1..]
                    .iter()
                    .map(|s| match s {
                        Seg::Key(k) => self.field_label(k),
                        Seg::Item(k) => md_inline(k),
                    })
                    .collect();
                if rest.is_empty() {
                    let item = c.new.as_ref().or(c.old.as_ref()).unwrap_or(&Value::Null);
                    let summary = self.item_summary(&list, item);
                    let words = &self.labels.changes;
                    let summary = if summary.is_empty() {
                        String::new()
                    } else {
                        fill(&words.summary, &[("summary", &summary)])
                    };
                    let by_gender = |frames: &crate::labels::Table| {
                        let frame = frames.get(&noun.gender).map_or("", String::as_str);
                        fill(
                            frame,
                            &[("item", &noun.the), ("key", &shown), ("summary", &summary)],
                        )
                    };
                    let sentence = match c.kind {
                        Kind::Added => by_gender(&words.item_added),
                        Kind::Removed => by_gender(&words.item_removed),
                        Kind::Changed => fill(
                            &words.item_modified,
                            &[("item", &capitalise(&noun.the)), ("key", &shown)],
                        ),
                    };
                    return format!("- {sentence}");
                }
                fill(
                    &self.labels.changes.item_field,
                    &[
                        ("noun", &capitalise(&noun.noun)),
                        ("key", &shown),
                        ("fields", &rest.join(&self.labels.changes.path_separator)),
                    ],
                )
            }
            None => {
                let labels: Vec<String> = c
                    .segs
                    .iter()
                    .skip(1)
                    .filter_map(|s| match s {
                        Seg::Key(k) => Some(self.field_label(k)),
                        Seg::Item(_) => None,
                    })
                    .collect();
                if labels.is_empty() {
                    c.segs
                        .first()
                        .map(|s| match s {
                            Seg::Key(k) => self
                                .section_title(k)
                                .map_or_else(|| self.field_label(k), String::from),
                            Seg::Item(k) => k.clone(),
                        })
                        .unwrap_or_default()
                } else {
                    capitalise(&labels.join(&self.labels.changes.path_separator))
                }
            }
        };
        let words = &self.labels.changes;
        let sentence = match (c.kind, &c.old, &c.new) {
            (Kind::Changed, Some(o), Some(n)) => fill(
                &words.changed,
                &[
                    ("subject", &subject),
                    ("old", &self.quoted(field, o)),
                    ("new", &self.quoted(field, n)),
                ],
            ),
            (Kind::Added, _, Some(n)) => fill(
                &words.added,
                &[("subject", &subject), ("new", &self.quoted(field, n))],
            ),
            (Kind::Removed, Some(o), _) => fill(
                &words.removed,
                &[("subject", &subject), ("old", &self.quoted(field, o))],
            ),
            _ => fill(&words.modified, &[("subject", &subject)]),
        };
        format!("- {sentence}")
    }

    /// The changes as Markdown, grouped by section under headings of level `level`.
    pub fn sections(&self, changes: &[Change], level: usize, items: &Items) -> String {
        let mut out = String::new();
        let mut current: Option<&str> = None;
        for c in changes {
            let section = match c.segs.first() {
                Some(Seg::Key(k)) => k.as_str(),
                _ => "",
            };
            if current != Some(section) {
                if current.is_some() {
                    out.push('\n');
                }
                let title = self
                    .section_title(section)
                    .map_or_else(|| capitalise(&self.field_label(section)), String::from);
                out.push_str(&format!("{} {title}\n\n", "#".repeat(level)));
                current = Some(section);
            }
            out.push_str(&self.line(c, items));
            out.push('\n');
        }
        out
    }
}

/// The canonical form of a policy as JSON: the sections in the order of the files' shape,
/// each account with its staff-only fields after its public ones, then the roles and the
/// internal policy. Maps are sorted (texts in several languages are `BTreeMap`s) and source
/// positions are left out (`Src` serialises its value only), so moving a section to another
/// file or re-indenting the YAML keeps it.
pub fn full_value(policy: &Policy) -> Result<Value, Diagnostic> {
    let cannot = |e: serde_json::Error| {
        Diagnostic::error(
            "fingerprint",
            format!("cannot serialise the policy for its fingerprint: {e}"),
        )
    };
    let mut full = serde_json::to_value(&policy.public).map_err(cannot)?;
    if let Some(Value::Array(accounts)) = full.get_mut("accounts") {
        for (account, staff) in accounts.iter_mut().zip(&policy.staff.accounts) {
            if let (Value::Object(a), Value::Object(s)) =
                (account, serde_json::to_value(staff).map_err(cannot)?)
            {
                a.extend(s);
            }
        }
    }
    if let (Value::Object(f), Value::Object(s)) = (
        &mut full,
        serde_json::to_value(&policy.staff).map_err(cannot)?,
    ) {
        f.extend(s);
    }
    Ok(full)
}

/// Leaves out the keys whose value is `null`.
fn without_nulls(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
}

/// The public part of a policy as JSON: what [`Public`] holds, with the sections and
/// account fields that are not given left out (not written as `null`).
pub fn public_value(public: &Public) -> Result<Value, Diagnostic> {
    let mut value = serde_json::to_value(public)
        .map_err(|e| Diagnostic::error("json", format!("cannot serialise the policy: {e}")))?;
    if let Value::Object(map) = &mut value {
        without_nulls(map);
        if let Some(Value::Array(accounts)) = map.get_mut("accounts") {
            for a in accounts.iter_mut() {
                if let Value::Object(m) = a {
                    without_nulls(m);
                }
            }
        }
    }
    Ok(value)
}

/// What changed for citizens between two versions: the diff of the public parts only (no
/// roles, no internal section, no staff fields of accounts), without the adoption section
/// (the document states its own version and act), as Markdown list items.
pub fn citizen_changes(
    old: &Public,
    new: &Public,
    engine: &crate::render::markdown::Engine,
) -> Result<Vec<String>, Diagnostic> {
    let (old, new_value) = (public_value(old)?, public_value(new)?);
    let changes = diff_values(&old, &new_value);
    let items = named_items(&old, &new_value);
    let lang = new.main_language().as_str();
    let words = Words {
        labels: engine.words_or_error(lang)?,
        lang,
        show_ids: false,
    };
    Ok(changes
        .iter()
        .filter(|c| !matches!(c.segs.first(), Some(Seg::Key(k)) if k == "adoption"))
        .map(|c| words.line(c, &items))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keyed_lists_match_by_id() {
        let old = json!({"accounts": [{"id": "a", "handle": "x"}, {"id": "b", "handle": "y"}]});
        let new = json!({"accounts": [{"id": "c", "handle": "z"}, {"id": "b", "handle": "w"}]});
        let paths: Vec<(String, Kind)> = diff_values(&old, &new)
            .into_iter()
            .map(|c| (c.path, c.kind))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("accounts[a]".to_string(), Kind::Removed),
                ("accounts[b].handle".to_string(), Kind::Changed),
                ("accounts[c]".to_string(), Kind::Added),
            ]
        );
    }

    #[test]
    fn equal_values_have_no_changes() {
        let v =
            json!({"monitoring": {"hours": [{"days": ["mon"], "from": "08:00", "to": "12:00"}]}});
        assert!(diff_values(&v, &v).is_empty());
    }

    #[test]
    fn rewrapping_a_paragraph_is_not_a_change_but_a_new_paragraph_is() {
        let old = json!({"purposes": {"intro": "Una frase.\nUn'altra frase."}});
        let rewrapped = json!({"purposes": {"intro": "Una frase. Un'altra  frase.\n"}});
        let split = json!({"purposes": {"intro": "Una frase.\n\nUn'altra frase."}});
        assert!(diff_values(&old, &rewrapped).is_empty());
        assert_eq!(diff_values(&old, &split).len(), 1);
    }

    /// Each keyed list names its items with a noun of the built-in labels, not the
    /// fallback "voce" meant for lists that have none.
    #[test]
    fn every_keyed_list_has_a_noun() {
        let labels = match Labels::parse(
            "it/labels.yaml",
            include_str!("../templates/it/labels.yaml"),
        ) {
            Ok(l) => l,
            Err(d) => panic!("{}", d.message),
        };
        let missing: Vec<&str> = KEYED
            .iter()
            .map(|(list, _)| *list)
            .filter(|list| !labels.changes.items.contains_key(*list))
            .collect();
        assert!(missing.is_empty(), "lists without a noun: {missing:?}");
        let unknown: Vec<&String> = labels
            .changes
            .items
            .keys()
            .filter(|k| !KEYED.iter().any(|(list, _)| list == k))
            .collect();
        assert!(unknown.is_empty(), "nouns of no keyed list: {unknown:?}");
    }

    #[test]
    fn reordering_is_a_change() {
        let old = json!({"roles": [{"id": "a"}, {"id": "b"}]});
        let new = json!({"roles": [{"id": "b"}, {"id": "a"}]});
        let d = diff_values(&old, &new);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "roles.order");
    }

    /// Two contents of kind `other` are told apart by their label, and a topic page run by a
    /// project referent by its project: a change to one names that one.
    #[test]
    fn scoped_items_are_matched_by_their_own_names() {
        let old = json!({"content": {"published": [
            {"kind": "other", "label": "Bollettini"},
            {"kind": "other", "label": "Lavoro", "description": "a"}
        ]}});
        let new = json!({"content": {"published": [
            {"kind": "other", "label": "Bollettini"},
            {"kind": "other", "label": "Lavoro", "description": "b"}
        ]}});
        let d = diff_values(&old, &new);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path, "content.published[other Lavoro].description");

        let old = json!({"organisation": {"topic_pages": [
            {"referent": {"project": "Smart"}, "accounts": ["a"]},
            {"department": "Cultura", "accounts": ["b"]}
        ]}});
        let new = json!({"organisation": {"topic_pages": [
            {"referent": {"project": "Smart"}, "accounts": ["a", "c"]},
            {"department": "Cultura", "accounts": ["b"]}
        ]}});
        let d = diff_values(&old, &new);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path, "organisation.topic_pages[Smart].accounts");
    }
}
