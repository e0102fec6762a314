//! The publication bundle of an organisation, besides its documents: the fingerprint of
//! its source, `policy.json`, `accounts.json` and the `SHA256SUMS` of each folder.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::changes::{full_value, public_value};
use crate::diagnostics::Diagnostic;
use crate::model::{Policy, Public};
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

/// [`crate::changes::full_value`] as bytes: what the fingerprint hashes.
pub fn canonical_json(policy: &Policy) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(&full_value(policy)?).map_err(|e| {
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
        let public = serde_json::to_vec(&public_value(&prev.public)?).map_err(|e| {
            Diagnostic::error(
                "fingerprint",
                format!("cannot serialise the previous version: {e}"),
            )
        })?;
        field(&mut h, b"previous");
        field(&mut h, &public);
    }
    // The dates of the norms the templates cite decide what the documents cite.
    field(&mut h, b"norms");
    field(&mut h, crate::norms::DATA.as_bytes());
    let mut files: Vec<&(String, String)> = templates.files.iter().collect();
    files.sort();
    h.update((files.len() as u64).to_be_bytes());
    for (name, content) in files {
        field(&mut h, name.as_bytes());
        field(&mut h, content.as_bytes());
    }
    Ok(format!("sha256:{}", hex(&h.finalize())))
}

/// `policy.json`: the public policy, resolved (all files merged), in the model's key order.
pub fn policy_json(public: &Public, fingerprint: &str) -> Result<String, Diagnostic> {
    let mut doc = Map::new();
    doc.insert(
        "generator".into(),
        format!("smpolicy {LONG_VERSION}").into(),
    );
    doc.insert("fingerprint".into(), fingerprint.into());
    doc.insert("policy".into(), public_value(public)?);
    pretty(&Value::Object(doc))
}

/// `accounts.json`: the register of official accounts.
pub fn accounts_json(public: &Public) -> Result<String, Diagnostic> {
    let accounts = public_value(public)?
        .get("accounts")
        .cloned()
        .unwrap_or(Value::Array(vec![]));
    let mut doc = Map::new();
    doc.insert(
        "organisation".into(),
        public.organisation.name.value.clone().into(),
    );
    doc.insert(
        "website".into(),
        public
            .organisation
            .website
            .as_ref()
            .map_or(Value::Null, |u| u.to_string().into()),
    );
    doc.insert(
        "version".into(),
        public
            .adoption
            .version
            .as_ref()
            .map_or(Value::Null, |v| v.value.clone().into()),
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
