//! Which documents a policy has. A body publishes only the documents it has data for:
//!
//! - the internal policy is built when the staff part says something of its own: the
//!   `internal` section, `roles`, a staff-only account, or for an account who manages it
//!   (`managed_by`), its draft bio or where it cross-posts. Acknowledged warnings alone are
//!   not a document.
//! - the external policy is built when the public part says something beyond the facts every
//!   policy must give (organisation, languages, adoption): purposes, content, accounts,
//!   monitoring, moderation, what the social networks are not for, licence, privacy,
//!   contacts or an election-period rule.
//!
//! A document that is not built is said as a note by `check` and `build`, with the reason.

use super::DocKind;
use crate::model::Policy;

/// Whether the policy has the document `kind`.
pub fn has(policy: &Policy, kind: DocKind) -> bool {
    absent_reason(policy, kind).is_none()
}

/// Why the policy does not have the document `kind`, or nothing when it has it.
pub fn absent_reason(policy: &Policy, kind: DocKind) -> Option<&'static str> {
    match kind {
        DocKind::Internal => {
            let s = &policy.staff;
            let accounts = s.accounts.iter().any(|a| {
                !a.managed_by.is_empty() || a.bio.is_some() || !a.cross_posts_to.is_empty()
            });
            let any = s.internal.is_some()
                || !s.roles.is_empty()
                || !s.staff_only_accounts.is_empty()
                || accounts;
            (!any).then_some(
                "the policy has no internal data (no `internal` section, no `roles`, no staff-only account, and no account says who manages it)",
            )
        }
        DocKind::External => {
            let p = &policy.public;
            let any = p.purposes.is_some()
                || p.content.is_some()
                || !p.accounts.is_empty()
                || p.monitoring.is_some()
                || p.moderation.is_some()
                || !p.not_for.is_empty()
                || p.licence.is_some()
                || p.privacy.is_some()
                || !p.contacts.is_empty()
                || p.election_period.is_some();
            (!any).then_some(
                "the policy has nothing for citizens beyond the organisation and its adoption",
            )
        }
    }
}

/// The documents the policy does not have, each with its reason.
pub fn absent(policy: &Policy) -> Vec<(DocKind, &'static str)> {
    DocKind::ALL
        .iter()
        .filter_map(|k| absent_reason(policy, *k).map(|r| (*k, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: [&str; 4] = [
        include_str!("../../policy-src/comune-di-valdoria/policy.yaml"),
        include_str!("../../policy-src/comune-di-valdoria/accounts.yaml"),
        include_str!("../../policy-src/comune-di-valdoria/moderation.yaml"),
        include_str!("../../policy-src/comune-di-valdoria/internal.yaml"),
    ];

    /// The example with only the top-level sections `keep`, read as far as it can be (lint
    /// errors such as a missing privacy notice do not matter here).
    fn example_with(keep: &[&str]) -> Policy {
        let mut all = serde_json::Map::new();
        for text in EXAMPLE {
            if let Ok(serde_json::Value::Object(m)) = serde_saphyr::from_str(text) {
                all.extend(m.into_iter().filter(|(k, _)| keep.contains(&k.as_str())));
            }
        }
        let yaml = serde_saphyr::to_string(&all).unwrap_or_default();
        let (_, _, policy) = crate::compile::check_str_policy(&yaml, None);
        policy.expect("the kept sections make a policy")
    }

    const MANDATORY: [&str; 3] = ["languages", "organisation", "adoption"];

    #[test]
    fn the_example_has_both_documents() {
        let all = [
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
            "roles",
            "internal",
        ];
        assert!(absent(&example_with(&all)).is_empty());
    }

    #[test]
    fn the_mandatory_facts_alone_make_no_document() {
        let p = example_with(&MANDATORY);
        let kinds: Vec<DocKind> = absent(&p).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, [DocKind::External, DocKind::Internal]);
    }

    #[test]
    fn one_public_section_makes_the_external_document() {
        for section in ["contacts", "licence", "moderation", "not_for"] {
            let p = example_with(&[&MANDATORY[..], &[section]].concat());
            assert!(has(&p, DocKind::External), "{section}");
            assert!(!has(&p, DocKind::Internal), "{section}");
        }
    }

    #[test]
    fn roles_alone_make_the_internal_document() {
        let p = example_with(&[&MANDATORY[..], &["roles"]].concat());
        assert!(has(&p, DocKind::Internal));
    }
}
