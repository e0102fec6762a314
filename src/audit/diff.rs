//! `smpolicy diff`: the comparison of two versions of every organisation, as Markdown to
//! paste into an act or as JSON. The walk over the two policies and its wording are in
//! [`crate::changes`].

use serde::Serialize;
use serde_json::Value;

use crate::changes::{Change, Items, Words, diff_values, named_items};
use crate::labels::{Labels, fill};
use crate::view::md_inline;

/// One organisation on either side of a comparison.
pub struct Side<'a> {
    pub slug: &'a str,
    pub policy: &'a crate::model::Policy,
}

/// The comparison of one organisation.
#[derive(Debug, Serialize)]
pub struct OrgDiff {
    pub slug: String,
    pub organisation: String,
    /// `changed`, `equal`, `added` (only in the new source) or `removed`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<VersionInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<VersionInfo>,
    pub changes: Vec<Change>,
    /// Accounts, rules and roles of both versions, to name them in the report.
    #[serde(skip)]
    pub items: Items,
}

#[derive(Debug, Serialize)]
pub struct VersionInfo {
    /// `null` when the policy has no version number.
    pub version: Option<String>,
    /// `null` when the policy names no adopting act.
    pub act: Option<String>,
    pub date: String,
    /// The day of publication on the site, when the policy says it was published there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

fn version_info(p: &crate::model::Policy) -> VersionInfo {
    let a = &p.public.adoption.value;
    VersionInfo {
        version: a.version.as_ref().map(|v| v.value.clone()),
        act: a
            .act
            .as_ref()
            .map(|t| t.get(p.main_language()).unwrap_or("").to_string()),
        date: a.date.value.to_string(),
        published: a.published_on().map(|d| d.to_string()),
    }
}

/// What of a policy a comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything in the source, staff data included: for the team and the auditor.
    Full,
    /// What `policy.json` and the external policy show ([`crate::model::Public`]): no
    /// roles, staff names or phones, no internal section.
    /// For a text that will be published, such as an act.
    Public,
}

fn to_value(p: &crate::model::Policy, scope: Scope) -> Value {
    match scope {
        Scope::Full => crate::changes::full_value(p).unwrap_or(Value::Null),
        Scope::Public => crate::changes::public_value(&p.public).unwrap_or(Value::Null),
    }
}

/// Pairs the organisations of two sources (by folder name; two sources with one
/// organisation each are compared whatever their folders are called) and compares what
/// `scope` lets through.
pub fn compare(old: &[Side], new: &[Side], scope: Scope) -> Vec<OrgDiff> {
    let single = old.len() == 1 && new.len() == 1;
    let mut out = Vec::new();
    for o in old {
        let n = if single {
            new.first()
        } else {
            new.iter().find(|n| n.slug == o.slug)
        };
        match n {
            Some(n) => {
                let (ov, nv) = (to_value(o.policy, scope), to_value(n.policy, scope));
                let changes = diff_values(&ov, &nv);
                out.push(OrgDiff {
                    items: named_items(&ov, &nv),
                    slug: n.slug.to_string(),
                    organisation: n.policy.public.organisation.name.value.clone(),
                    status: if changes.is_empty() {
                        "equal"
                    } else {
                        "changed"
                    },
                    old: Some(version_info(o.policy)),
                    new: Some(version_info(n.policy)),
                    changes,
                });
            }
            None => out.push(OrgDiff {
                slug: o.slug.to_string(),
                organisation: o.policy.public.organisation.name.value.clone(),
                status: "removed",
                old: Some(version_info(o.policy)),
                new: None,
                changes: Vec::new(),
                items: Items::new(),
            }),
        }
    }
    if !single {
        for n in new.iter().filter(|n| !old.iter().any(|o| o.slug == n.slug)) {
            out.push(OrgDiff {
                slug: n.slug.to_string(),
                organisation: n.policy.public.organisation.name.value.clone(),
                status: "added",
                old: None,
                new: Some(version_info(n.policy)),
                changes: Vec::new(),
                items: Items::new(),
            });
        }
    }
    out
}

fn version_line(frame: &str, v: &VersionInfo, labels: &Labels) -> String {
    let date_text = |iso: &str| {
        crate::model::Date::parse(iso).map_or_else(|_| iso.to_string(), |d| labels.date(&d))
    };
    let (version, act) = (
        v.version.as_deref().map(md_inline),
        v.act.as_deref().map(md_inline),
    );
    let (date, published) = (date_text(&v.date), v.published.as_deref().map(date_text));
    let record = crate::labels::Record {
        version: version.as_deref(),
        act: act.as_deref(),
        date: &date,
        published: published.as_deref(),
    };
    let text = &labels.changes;
    let record = labels.record(&record, &text.record_version, &text.record_separator);
    fill(frame, &[("record", &record)])
}

/// The comparison as Markdown in the words of `words`, to paste into an act.
pub fn markdown(diffs: &[OrgDiff], words: &Words) -> String {
    let labels = words.labels;
    let text = &labels.changes;
    let mut out = format!("## {}\n", text.title);
    let many = diffs.len() > 1;
    let level = if many { 4 } else { 3 };
    for d in diffs {
        out.push('\n');
        if many {
            out.push_str(&format!("### {}\n\n", md_inline(&d.organisation)));
        }
        match d.status {
            "added" => {
                out.push_str(&text.org_added);
                out.push('\n');
                continue;
            }
            "removed" => {
                out.push_str(&text.org_removed);
                out.push('\n');
                continue;
            }
            _ => {}
        }
        if let (Some(o), Some(n)) = (&d.old, &d.new) {
            out.push_str(&version_line(&text.previous_version, o, labels));
            out.push_str("\\\n");
            out.push_str(&version_line(&text.new_version, n, labels));
            out.push('\n');
        }
        out.push('\n');
        if d.changes.is_empty() {
            out.push_str(&text.no_changes);
            out.push('\n');
        } else {
            out.push_str(&words.sections(&d.changes, level, &d.items));
        }
    }
    out
}

/// The comparison as JSON.
pub fn json(diffs: &[OrgDiff]) -> String {
    let equal = diffs.iter().all(|d| d.status == "equal");
    let doc = serde_json::json!({ "equal": equal, "organisations": diffs });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// True when nothing differs.
pub fn all_equal(diffs: &[OrgDiff]) -> bool {
    diffs.iter().all(|d| d.status == "equal")
}
