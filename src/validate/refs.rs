//! Identifiers and the references between them: roles, accounts, moderation rules.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::{Policy, Pos, Src};

pub use crate::suggest::did_you_mean;

/// Collects ids, reporting each one written twice.
fn unique_ids<'a>(
    kind: &str,
    ids: impl IntoIterator<Item = &'a Src<String>>,
    sources: &SourceSet,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<&'a str, Pos> {
    let mut seen: BTreeMap<&str, Pos> = BTreeMap::new();
    for id in ids {
        if id.value.trim().is_empty() {
            diags.push(
                Diagnostic::error("empty-id", format!("a {kind} has an empty id"))
                    .at(sources.locate(id.pos))
                    .hint("give it a short stable id, such as `fb-comune` or `M-01`"),
            );
            continue;
        }
        if let Some(first) = seen.get(id.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("two {kind}s have the id `{}`", id.value),
                )
                .at(sources.locate(id.pos))
                .related(sources.locate(*first), "first used")
                .hint(format!("each {kind} needs its own id: rename one of them")),
            );
        } else {
            seen.insert(&id.value, id.pos);
        }
    }
    seen
}

fn check_ref(
    kind: &str,
    user: &str,
    reference: &Src<String>,
    known: &BTreeMap<&str, Pos>,
    section: &str,
    sources: &SourceSet,
    diags: &mut Vec<Diagnostic>,
) {
    if known.contains_key(reference.value.as_str()) {
        return;
    }
    let hint = match did_you_mean(&reference.value, known.keys().copied()) {
        Some(close) => {
            format!("did you mean `{close}`? The {kind}s are defined under `{section}:`")
        }
        None if known.is_empty() => format!("no {kind} is defined yet: add it under `{section}:`"),
        None => format!(
            "the {kind}s defined under `{section}:` are: {}",
            known
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    diags.push(
        Diagnostic::error(
            &format!("unknown-{kind}"),
            format!(
                "{user} names the {kind} `{}`, which is not defined",
                reference.value
            ),
        )
        .at(sources.locate(reference.pos))
        .hint(hint),
    );
}

/// Checks ids and references; returns nothing, pushes diagnostics.
pub fn check_references(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let roles = unique_ids(
        "role",
        policy.staff.roles.iter().map(|r| &r.id),
        sources,
        diags,
    );
    let accounts = unique_ids(
        "account",
        policy.all_accounts().map(|(a, _)| &a.id),
        sources,
        diags,
    );
    if let Some(m) = &policy.public.moderation {
        unique_ids("rule", m.rules.iter().map(|r| &r.id), sources, diags);
        for rule in &m.rules {
            if !is_anchor_id(&rule.id.value) {
                diags.push(
                    Diagnostic::error(
                        "bad-rule-id",
                        format!(
                            "the rule id `{}` cannot be used as a link anchor",
                            rule.id.value
                        ),
                    )
                    .at(sources.locate(rule.id.pos))
                    .hint("usa lettere, cifre e trattini, iniziando con una lettera e con almeno una lettera maiuscola, per esempio M-03: le sezioni della policy hanno indirizzi in minuscolo (#in-breve, #come-contestare), e una regola non deve prendere il posto di una di esse"),
                );
            }
        }
        // In the fragment every heading's anchor starts with the id prefix: a rule id that
        // starts with it could take a heading's place there.
        let prefix = super::publishing::id_prefix(&policy.public);
        for rule in &m.rules {
            if !prefix.is_empty()
                && rule.id.value.starts_with(prefix)
                && is_anchor_id(&rule.id.value)
            {
                diags.push(
                    Diagnostic::error(
                        "bad-rule-id",
                        format!(
                            "the rule id `{}` starts with `{prefix}`, the prefix of the fragment's anchors",
                            rule.id.value
                        ),
                    )
                    .at(sources.locate(rule.id.pos))
                    .hint(format!("nel frammento per il sito gli indirizzi dei titoli iniziano con `{prefix}`: scegli un codice che non inizi così, per esempio M-03, o cambia `publishing.fragment.id_prefix`")),
                );
            }
        }
    }

    let mut role_ref = |user: String, r: &Src<String>| {
        check_ref("role", &user, r, &roles, "roles", sources, diags);
    };
    for (a, staff) in policy.all_accounts() {
        for r in &staff.managed_by {
            role_ref(format!("the account `{}`", a.id.value), r);
        }
    }
    if let Some(internal) = &policy.staff.internal {
        for pr in &internal.platform_rules {
            for r in &pr.managed_by {
                role_ref(format!("the rules for {}", pr.platform.key()), r);
            }
        }
        if let Some(team) = &internal.team {
            for r in &team.members {
                role_ref("the social media team".to_string(), r);
            }
        }
        if let Some(lc) = &internal.account_lifecycle {
            role_ref(
                "the account lifecycle".to_string(),
                &lc.opening_authorised_by,
            );
            role_ref(
                "the account lifecycle".to_string(),
                &lc.closing_authorised_by,
            );
            role_ref(
                "the account lifecycle".to_string(),
                &lc.credentials_custodian,
            );
        }
        if let Some(wf) = &internal.workflow {
            for r in wf.drafted_by.iter().chain(&wf.approved_by) {
                role_ref("the content workflow".to_string(), r);
            }
        }
        if let Some(crisis) = &internal.crisis {
            for level in &crisis.escalation {
                role_ref(
                    format!("escalation level {}", level.level.value),
                    &level.notify,
                );
            }
        }
        if let Some(nc) = &internal.nonconformity
            && let Some(r) = &nc.report_to
        {
            role_ref("the non-conformity procedure".to_string(), r);
        }
    }

    // A topic page is shown to citizens: it cannot name an account for staff only.
    for tp in &policy.public.organisation.topic_pages {
        for r in &tp.accounts {
            if policy
                .staff
                .staff_only_accounts
                .iter()
                .any(|s| s.account.id.value == r.value)
            {
                diags.push(
                    Diagnostic::error(
                        "staff-only-account",
                        format!(
                            "a topic page names `{}`, an account for staff only (`audience: staff`)",
                            r.value
                        ),
                    )
                    .at(sources.locate(r.pos))
                    .hint("topic pages are listed to citizens: name official accounts only, or remove `audience: staff` if the account is public"),
                );
            }
        }
    }
    let mut account_ref = |user: String, r: &Src<String>| {
        check_ref("account", &user, r, &accounts, "accounts", sources, diags);
    };
    for tp in &policy.public.organisation.topic_pages {
        for r in &tp.accounts {
            account_ref("a topic page".to_string(), r);
        }
    }
    for (a, staff) in policy.all_accounts() {
        for r in &staff.cross_posts_to {
            account_ref(format!("the account `{}`", a.id.value), r);
        }
    }
    if let Some(m) = &policy.public.monitoring {
        for r in m.scoped.iter().filter_map(|s| s.account.as_ref()) {
            account_ref("`monitoring.scoped`".to_string(), r);
        }
    }
    super::scoped::check(policy, sources, diags);

    for c in &policy.public.contacts {
        let reachable = c.email.is_some()
            || c.pec.is_some()
            || c.phone.is_some()
            || c.url.is_some()
            || c.address.is_some();
        if !reachable {
            diags.push(
                Diagnostic::error(
                    "unreachable-contact",
                    "this contact gives no way to reach it",
                )
                .at(sources.locate(c.label.pos))
                .hint("add at least one of email, pec, phone, url or address"),
            );
        }
    }

    // A time of 0 promises the impossible ("we answer within 0 hours"): say no time at all
    // instead (leave the field out), or the real one.
    let mut durations: Vec<(&str, u32, Pos)> = Vec::new();
    if let Some(m) = &policy.public.monitoring
        && let Some(rt) = &m.response_time
        && let Some(d) = rt.value.duration()
    {
        durations.push(("monitoring.response_time", d.value, rt.pos));
    }
    if let Some(m) = &policy.public.monitoring {
        durations.extend(
            m.scoped
                .iter()
                .filter_map(|s| s.response_time.as_ref())
                .map(|d| ("monitoring.scoped.response_time", d.value.value, d.pos)),
        );
    }
    if let Some(i) = &policy.staff.internal {
        if let Some(c) = &i.crisis {
            durations.extend(
                c.escalation
                    .iter()
                    .filter_map(|e| e.within.as_ref())
                    .map(|d| ("internal.crisis.escalation.within", d.value.value, d.pos)),
            );
        }
        durations.extend(
            i.crm
                .iter()
                .filter_map(|r| r.within.as_ref())
                .map(|d| ("internal.crm.within", d.value.value, d.pos)),
        );
    }
    for (field, value, pos) in durations {
        if value == 0 {
            diags.push(
                Diagnostic::error("zero-duration", format!("`{field}` is 0"))
                    .at(sources.locate(pos))
                    .hint("a time of 0 cannot be kept: write the real time, or `none` (for `response_time`) or leave the field out if the body promises none"),
            );
        }
    }

    if let Some(ep) = &policy.public.election_period {
        for w in &ep.periods {
            if w.to.value < w.from.value {
                diags.push(
                    Diagnostic::error("bad-period", "the election period ends before it starts")
                        .at(sources.locate(w.to.pos))
                        .hint("`to` must be on or after `from`"),
                );
            }
        }
    }
}

fn is_anchor_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        // The anchors the templates make (headings, the page's own) are lower case.
        && id.chars().any(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let roles = ["social-media-manager", "responsabile-comunicazione", "urp"];
        assert_eq!(
            did_you_mean("social-media-manger", roles),
            Some("social-media-manager")
        );
        assert_eq!(did_you_mean("sindaco", roles), None);
    }
}
