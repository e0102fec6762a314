//! From parsed files to a typed, checked [`Policy`]: sections merged, references resolved.

pub mod acknowledge;
pub mod anchors;
pub mod lints;
mod moderation;
pub mod publishing;
mod refs;
mod scoped;

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::load::OrgSource;
use crate::model::{Lang, Policy, PolicyFile, Pos, Public, SplitAccount, Src, Staff};

pub use refs::{check_references, did_you_mean};

/// Merges an organisation's files into one policy. Each section may be written in one file
/// only; required sections must be somewhere.
pub fn merge(org: OrgSource, sources: &SourceSet, diags: &mut Vec<Diagnostic>) -> Option<Policy> {
    let mut acc = PolicyFile::default();
    let mut section_pos: Vec<(&'static str, Pos)> = Vec::new();

    for (_, file) in org.files {
        acc.take(file, &mut section_pos, |name, second, first| {
            diags.push(
                Diagnostic::error(
                    "duplicate-section",
                    format!("the section `{name}` is written twice"),
                )
                .at(sources.locate(second))
                .related(sources.locate(first), "first written")
                .hint(format!(
                    "keep `{name}` in one file: merge the two and delete the other"
                )),
            );
        });
    }

    let main_file = org.dir.join("policy.yaml");
    let first_file = if main_file.exists() {
        main_file
    } else {
        org.dir.clone()
    };
    let missing = |name: &str, what: &str| {
        Diagnostic::error(
            "missing-section",
            format!("`{}` has no `{name}` section", org.dir.display()),
        )
        .in_file(&first_file)
        .hint(format!("add `{name}:` with {what}"))
    };
    let organisation = acc.organisation.take();
    let adoption = acc.adoption.take();
    if organisation.is_none() {
        diags.push(missing(
            "organisation",
            "the name, kind and managing office of the body",
        ));
    }
    if adoption.is_none() {
        diags.push(missing(
            "adoption",
            "the adopting body, act, date and version",
        ));
    }
    let (organisation, adoption) = (organisation?, adoption?);

    let languages = match acc.languages {
        Some(l) if !l.value.is_empty() => l.value,
        Some(l) => {
            diags.push(
                Diagnostic::error("no-language", "`languages` is empty")
                    .at(sources.locate(l.pos))
                    .hint("list the languages of the documents, for example `languages: [it]`"),
            );
            return None;
        }
        None => vec![Src::new(Lang::parse("it").ok()?, Pos::default())],
    };

    let (mut accounts, mut account_staff, mut staff_only_accounts) = (vec![], vec![], vec![]);
    for account in acc.accounts.map(|s| s.value).unwrap_or_default() {
        match account.split() {
            SplitAccount::Public(a, s) => {
                accounts.push(a);
                account_staff.push(s);
            }
            SplitAccount::StaffOnly(a) => staff_only_accounts.push(a),
        }
    }
    Some(Policy {
        public: Public {
            languages,
            organisation,
            purposes: acc.purposes,
            content: acc.content,
            accounts,
            monitoring: acc.monitoring,
            moderation: acc.moderation,
            not_for: acc.not_for.map(|s| s.value).unwrap_or_default(),
            licence: acc.licence,
            privacy: acc.privacy,
            contacts: acc.contacts.map(|s| s.value).unwrap_or_default(),
            election_period: acc.election_period,
            adoption,
            publishing: acc.publishing,
        },
        staff: Staff {
            accounts: account_staff,
            roles: acc.roles.map(|s| s.value).unwrap_or_default(),
            internal: acc.internal,
            acknowledged: acc.acknowledged.map(|s| s.value).unwrap_or_default(),
            staff_only_accounts,
        },
        section_pos,
    })
}
