//! For the auditor: the fingerprint of a build's source, the public data files of the
//! publication bundle, `verify`, the semantic `diff` between two versions and the git
//! helpers behind them.

pub mod diff;
pub mod git;
pub mod textconv;
pub mod verify;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::model::Policy;
use crate::render::templates::TemplateSet;

/// The version of smpolicy that enters every fingerprint.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version and the commit it was built from, when known (`0.1.0 (a59249e3c1d2
/// 2026-11-30)`; see build.rs). It is in `--version` and the generator field of
/// `policy.json`, never in the documents or the fingerprint: those stay the same for every
/// commit of one version, so that the committed Markdown does not change with each commit.
pub const LONG_VERSION: &str = env!("SMPOLICY_LONG_VERSION");

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of `bytes`, as hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

/// The canonical form of a policy: JSON with the fields in the model's order, maps sorted
/// (texts in several languages are `BTreeMap`s) and no source positions (`Src` serialises
/// its value only), so moving a section to another file or re-indenting the YAML keeps it.
pub fn canonical_json(policy: &Policy) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(policy).map_err(|e| {
        Diagnostic::error(
            "fingerprint",
            format!("cannot serialise the policy for its fingerprint: {e}"),
        )
    })
}

/// `sha256:<hex>` over, each length-prefixed: a format tag, the smpolicy version, the
/// canonical policy, and every template of the set (name and content, sorted by name).
/// The same policy, templates and smpolicy version give the same fingerprint on any
/// machine; a change of one character in any of them gives another.
///
/// When the policy names a previous version (`adoption.previous`), the public part of that
/// version enters too, since the external policy prints what changed since then.
pub fn fingerprint(
    policy: &Policy,
    previous: Option<&Policy>,
    templates: &TemplateSet,
) -> Result<String, Diagnostic> {
    let canonical = canonical_json(policy)?;
    let mut h = Sha256::new();
    field(&mut h, b"smpolicy-fingerprint-v1");
    field(&mut h, VERSION.as_bytes());
    field(&mut h, &canonical);
    if let Some(prev) = previous {
        let public = serde_json::to_vec(&public_value(prev)?).map_err(|e| {
            Diagnostic::error(
                "fingerprint",
                format!("cannot serialise the previous version: {e}"),
            )
        })?;
        field(&mut h, b"previous");
        field(&mut h, &public);
    }
    let mut files: Vec<&(String, String)> = templates.files.iter().collect();
    files.sort();
    h.update((files.len() as u64).to_be_bytes());
    for (name, content) in files {
        field(&mut h, name.as_bytes());
        field(&mut h, content.as_bytes());
    }
    Ok(format!("sha256:{}", hex(&h.finalize())))
}

/// Top-level sections that are public: what the external policy shows. Roles (with the
/// names and phone numbers of staff) and the internal section are left out.
const PUBLIC_SECTIONS: &[&str] = &[
    "languages",
    "organisation",
    "purposes",
    "content",
    "accounts",
    "monitoring",
    "moderation",
    "not_for",
    "licence",
    "privacy",
    "contacts",
    "election_period",
    "adoption",
];

/// Fields of an account that are public (the register of official accounts). Who manages
/// an account, its cross-posting and its draft bio are staff matters.
const PUBLIC_ACCOUNT_FIELDS: &[&str] = &[
    "id",
    "platform",
    "name",
    "handle",
    "url",
    "scope",
    "presence",
    "topic",
    "languages",
    "until",
];

fn keep(map: &Map<String, Value>, allowed: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for key in allowed {
        if let Some(v) = map.get(*key)
            && !v.is_null()
        {
            out.insert((*key).to_string(), v.clone());
        }
    }
    out
}

/// The public part of a policy as JSON, by allow-list: a field added to the model later
/// stays out of `policy.json` until someone decides it is public.
pub fn public_value(policy: &Policy) -> Result<Value, Diagnostic> {
    let full = serde_json::to_value(policy)
        .map_err(|e| Diagnostic::error("json", format!("cannot serialise the policy: {e}")))?;
    let Value::Object(map) = full else {
        return Ok(Value::Null);
    };
    let mut out = keep(&map, PUBLIC_SECTIONS);
    if let Some(Value::Array(accounts)) = out.get_mut("accounts") {
        for a in accounts.iter_mut() {
            if let Value::Object(m) = a {
                *a = Value::Object(keep(m, PUBLIC_ACCOUNT_FIELDS));
            }
        }
    }
    Ok(Value::Object(out))
}

/// `policy.json`: the public policy, resolved (all files merged), in the model's key order.
pub fn policy_json(policy: &Policy, fingerprint: &str) -> Result<String, Diagnostic> {
    let mut doc = Map::new();
    doc.insert(
        "generator".into(),
        format!("smpolicy {LONG_VERSION}").into(),
    );
    doc.insert("fingerprint".into(), fingerprint.into());
    doc.insert("policy".into(), public_value(policy)?);
    pretty(&Value::Object(doc))
}

/// `accounts.json`: the register of official accounts.
pub fn accounts_json(policy: &Policy) -> Result<String, Diagnostic> {
    let public = public_value(policy)?;
    let accounts = public
        .get("accounts")
        .cloned()
        .unwrap_or(Value::Array(vec![]));
    let mut doc = Map::new();
    doc.insert(
        "organisation".into(),
        policy.organisation.name.value.clone().into(),
    );
    doc.insert(
        "website".into(),
        policy
            .organisation
            .website
            .as_ref()
            .map_or(Value::Null, |u| u.to_string().into()),
    );
    doc.insert(
        "version".into(),
        policy.adoption.version.value.clone().into(),
    );
    doc.insert("accounts".into(), accounts);
    pretty(&Value::Object(doc))
}

fn pretty(v: &Value) -> Result<String, Diagnostic> {
    let mut s = serde_json::to_string_pretty(v)
        .map_err(|e| Diagnostic::error("json", format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// schema.org `Organization` JSON-LD for the HTML page, safe inside `<script>`: `<`, `>`
/// and `&` are written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` can appear.
pub fn json_ld(policy: &Policy) -> String {
    let o = &policy.organisation.value;
    let mut m = Map::new();
    m.insert("@context".into(), "https://schema.org".into());
    m.insert("@type".into(), "Organization".into());
    m.insert("name".into(), o.name.value.clone().into());
    if let Some(w) = &o.website {
        m.insert("url".into(), w.to_string().into());
    }
    let same_as: Vec<Value> = policy
        .accounts
        .iter()
        .map(|a| Value::String(a.url.to_string()))
        .collect();
    if !same_as.is_empty() {
        m.insert("sameAs".into(), Value::Array(same_as));
    }
    let s = serde_json::to_string(&Value::Object(m)).unwrap_or_else(|_| "{}".to_string());
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What changed for citizens between two versions: the diff of the public parts only (no
/// roles, no internal section, no staff fields of accounts), without the adoption section
/// (the document states its own version and act), as Markdown list items.
pub fn citizen_changes(
    old: &Policy,
    new: &Policy,
    engine: &crate::render::markdown::Engine,
) -> Result<Vec<String>, Diagnostic> {
    let (old, new_value) = (public_value(old)?, public_value(new)?);
    let changes = diff::diff_values(&old, &new_value);
    let items = diff::named_items(&old, &new_value);
    let lang = new.main_language().as_str();
    let words = diff::Words {
        labels: engine.words_or_error(lang)?,
        lang,
        show_ids: false,
    };
    Ok(changes
        .iter()
        .filter(|c| !matches!(c.segs.first(), Some(diff::Seg::Key(k)) if k == "adoption"))
        .map(|c| words.line(c, &items))
        .collect())
}

/// `SHA256SUMS` in the format of `sha256sum`: one line per file, sorted by path.
pub fn sha256sums(files: &[(String, &[u8])]) -> String {
    let mut lines: Vec<(String, String)> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256_hex(bytes)))
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(path, h)| format!("{h}  {path}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn sums_are_sorted_and_in_sha256sum_format() {
        let s = sha256sums(&[("b.txt".into(), b"abc"), ("a.txt".into(), b"")]);
        assert_eq!(
            s,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.txt\n\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.txt\n"
        );
    }
}
