//! Facts stated for one part of the policy only: monitoring for one channel or account, a
//! contact of a given kind, a content category of the body's own naming, a topic page run
//! by a project referent. Each must say what it is about, so that the documents never
//! print it as a general fact. References to account ids are checked with the others in
//! [`super::refs`].

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::{ContactKind, ContentKind, Policy, Pos};

pub(super) fn check(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    monitoring(policy, sources, diags);
    contacts(policy, sources, diags);
    published(policy, sources, diags);
    topic_pages(policy, sources, diags);
}

fn monitoring(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let Some(m) = &policy.public.monitoring else {
        return;
    };
    let mut seen: BTreeMap<(Option<&str>, Option<&str>), Pos> = BTreeMap::new();
    for s in &m.scoped {
        let at = sources.locate(s.pos);
        if s.channel.is_none() && s.account.is_none() {
            diags.push(
                Diagnostic::error(
                    "unscoped-monitoring",
                    "this entry of `monitoring.scoped` says neither the channel nor the account it is for",
                )
                .at(at.clone())
                .hint("add `channel:` (comments, private_messages or mentions) or `account:` (the id of an account); hours and a response time for every channel and account go directly under `monitoring:`"),
            );
        }
        if s.hours.is_empty() && s.response_time.is_none() {
            diags.push(
                Diagnostic::error(
                    "empty-scoped-monitoring",
                    "this entry of `monitoring.scoped` gives neither hours nor a response time",
                )
                .at(at.clone())
                .hint("add `hours:` or `response_time:` for this channel or account, or remove the entry"),
            );
        }
        if let Some(a) = &s.account
            && policy
                .staff
                .staff_only_accounts
                .iter()
                .any(|x| x.account.id.value == a.value)
        {
            diags.push(
                Diagnostic::error(
                    "staff-only-account",
                    format!(
                        "the monitoring of `{}` is stated for citizens, but the account is for staff only (`audience: staff`)",
                        a.value
                    ),
                )
                .at(sources.locate(a.pos))
                .hint("the monitoring section is shown to citizens: state hours for official accounts only, and write those of a staff group in the internal policy"),
            );
        }
        let key = (
            s.channel.as_ref().map(|c| c.value.key()),
            s.account.as_ref().map(|a| a.value.as_str()),
        );
        if key != (None, None) {
            if let Some(first) = seen.get(&key) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-scope",
                        "two entries of `monitoring.scoped` are for the same channel and account",
                    )
                    .at(at)
                    .related(sources.locate(*first), "first stated")
                    .hint("merge the two entries into one, so that the documents state one time for it"),
                );
            } else {
                seen.insert(key, s.pos);
            }
        }
    }
}

fn contacts(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    for c in &policy.public.contacts {
        let Some(kind) = &c.kind else {
            continue;
        };
        let present = match kind.value {
            ContactKind::Email => c.email.is_some(),
            ContactKind::Pec => c.pec.is_some(),
            ContactKind::Phone | ContactKind::Freephone => c.phone.is_some(),
            ContactKind::App
            | ContactKind::WebForm
            | ContactKind::Page
            | ContactKind::Directory => c.url.is_some(),
        };
        if !present {
            let field = kind.value.field();
            diags.push(
                Diagnostic::error(
                    "contact-kind-without-value",
                    format!(
                        "this contact is of kind `{}` but has no `{field}`",
                        kind.value.key()
                    ),
                )
                .at(sources.locate(kind.pos))
                .hint(format!(
                    "add `{field}:` to the contact (a contact of kind `{}` is read from it), or change `kind:`",
                    kind.value.key()
                )),
            );
        }
    }
}

fn published(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let Some(content) = &policy.public.content else {
        return;
    };
    for item in &content.published {
        match (&item.label, item.kind.value == ContentKind::Other) {
            (None, true) => diags.push(
                Diagnostic::error(
                    "other-without-label",
                    "a published content of kind `other` has no `label`",
                )
                .at(sources.locate(item.kind.pos))
                .hint("add `label:` with the name of this kind of content (for example \"Bollettini meteo\"): the document prints it as its heading"),
            ),
            (Some(label), false) => diags.push(
                Diagnostic::error(
                    "label-not-other",
                    format!(
                        "a published content of kind `{}` has a `label`, which only `other` may have",
                        item.kind.value.key()
                    ),
                )
                .at(sources.locate(label.pos))
                .hint("the kinds other than `other` have a fixed name: move these words to `description:`, or set `kind: other` if this is another kind of content"),
            ),
            _ => {}
        }
    }
}

fn topic_pages(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    for tp in &policy.public.organisation.topic_pages {
        match (&tp.department, &tp.referent) {
            (Some(_), Some(r)) => diags.push(
                Diagnostic::error(
                    "topic-page-manager",
                    "a topic page names both a department and a project referent",
                )
                .at(sources.locate(r.project.pos))
                .hint("keep `department:` when a department runs the page, or `referent:` when a project referent runs it, not both"),
            ),
            (None, None) => diags.push(
                Diagnostic::error(
                    "topic-page-manager",
                    "a topic page says neither the department nor the project referent that runs it",
                )
                .at(sources.locate(tp.pos))
                .hint("add `department:` (for example \"Servizi sociali\") or `referent: { project: ..., name: ... }`"),
            ),
            _ => {}
        }
    }
}
