//! Links inside the policy lead somewhere. A text may link to a moderation rule of the
//! citizen policy (`[M-03](#M-03)`); a `#` link to anything else leads nowhere: smpolicy's
//! HTML prints its words without a link while GitHub, GitLab and pandoc keep a link to
//! nothing. The internal document has no anchors of its own to link to.

use std::collections::{BTreeSet, HashSet};

use pulldown_cmark::{Event, Parser, Tag};
use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, SourceSet};
use crate::model::{FileId, Policy};

/// Reports each `#` link of a text that names no rule of the policy, at the first place a
/// source file of the organisation (`files`) writes it.
pub fn check(policy: &Policy, files: &[FileId], sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    // Most policies link to no anchor: nothing to walk.
    if !files.iter().any(|f| sources.text(*f).contains("(#")) {
        return;
    }
    let rules: HashSet<&str> = policy.public.rule_ids().collect();
    let mut dead: BTreeSet<(bool, String)> = BTreeSet::new();
    for anchor in anchors(&policy.public) {
        if !rules.contains(anchor.as_str()) {
            dead.insert((false, anchor));
        }
    }
    for anchor in anchors(&policy.staff) {
        dead.insert((true, anchor));
    }
    for (staff, anchor) in dead {
        let (message, hint) = if staff {
            (
                format!(
                    "a text of the internal document links to `#{anchor}`, and the internal document has no such anchor"
                ),
                format!(
                    "per citare una regola della policy pubblicata scrivi il suo indirizzo completo, per esempio https://www.comune.example.it/social-media-policy#{anchor}"
                ),
            )
        } else {
            (
                format!("a text links to `#{anchor}`, and the policy has no rule `{anchor}`"),
                "i link interni possono puntare solo a una regola di moderazione, con il suo codice esatto, per esempio [M-03](#M-03); per una pagina scrivi l'indirizzo completo https://...".to_string(),
            )
        };
        let mut d = Diagnostic::error("dead-anchor", message).hint(hint);
        if let Some(at) = first_place(files, sources, &anchor) {
            d = d.at(at);
        }
        diags.push(d);
    }
}

/// The anchors (`#...` link targets, without the `#`) of every text in `part`.
fn anchors(part: &impl Serialize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Ok(v) = serde_json::to_value(part) {
        walk(&v, &mut out);
    }
    out
}

fn walk(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if s.contains('#') => {
            for event in Parser::new_ext(s, crate::model::values::markdown_dialect()) {
                if let Event::Start(Tag::Link { dest_url, .. }) = event
                    && let Some(anchor) = dest_url.strip_prefix('#')
                {
                    out.insert(anchor.to_string());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
        Value::Object(map) => map.values().for_each(|i| walk(i, out)),
        _ => {}
    }
}

/// Where `#anchor` is first written as a link target in `files`.
fn first_place(files: &[FileId], sources: &SourceSet, anchor: &str) -> Option<Location> {
    let needle = format!("(#{anchor}");
    files.iter().find_map(|f| {
        let text = sources.text(*f);
        let at = text.find(&needle)? + 1;
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some(Location {
            file: sources.path(*f).to_path_buf(),
            line,
            column,
            offset: at,
            len: needle.len() - 1,
        })
    })
}
