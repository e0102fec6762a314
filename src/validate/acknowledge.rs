//! Warnings a policy acknowledges. Some warnings describe a choice a body may make on
//! purpose (no guaranteed response time, one manager for a small account): the policy says
//! so under `acknowledged:`, with the reason, and `check` then shows the warning as
//! acknowledged, with the reason, and `--deny-warnings` does not count it. An
//! acknowledgement that names no warning `check` knows, or matches no warning any more, is
//! reported, so none is left behind silently.

use crate::diagnostics::{Diagnostic, Severity, SourceSet};
use crate::model::{Acknowledgement, Policy};

/// Every warning [`super::lints::lint`] (with the moderation checks it runs), the checks of
/// references and of scoped facts, and the check of the PDF fonts can give: the codes an
/// acknowledgement may name.
pub const WARNINGS: &[&str] = &[
    "pdf-missing-glyph",
    "single-manager",
    "personal-profile",
    "cross-posting",
    "no-contacts",
    "no-hours",
    "no-response-time",
    "no-election-rule",
    "review-overdue",
    "article-guessed",
    "unused-escalation",
    "hard-to-read",
];

/// The warnings whose `about` names a section of the external document (its heading, as
/// the warning prints it), not an account.
const ABOUT_SECTION: &[&str] = &["hard-to-read"];

/// Marks the warnings among `lints` (the diagnostics of [`super::lints::lint`]) that the
/// policy acknowledges, and returns what is wrong with the acknowledgements themselves.
/// `review_ran` says whether `review-overdue` was looked for (only `check` reads the clock),
/// so that its acknowledgement is not reported as matching nothing on a build.
pub fn apply(
    policy: &Policy,
    sources: &SourceSet,
    lints: &mut [Diagnostic],
    review_ran: bool,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for ack in &policy.staff.acknowledged {
        let code = ack.warning.value.as_str();
        if !WARNINGS.contains(&code) {
            found.push(unknown_warning(ack, sources));
            continue;
        }
        if let Some(about) = &ack.about
            && !ABOUT_SECTION.contains(&code)
            && !policy
                .public
                .accounts
                .iter()
                .any(|a| a.id.value == about.value)
        {
            found.push(
                Diagnostic::error(
                    "unknown-account",
                    format!(
                        "the acknowledgement of `{code}` is about the account `{}`, which is not defined",
                        about.value
                    ),
                )
                .at(sources.locate(about.pos))
                .hint("write the `id` of one of the accounts, or remove `about` to acknowledge the warning for every account"),
            );
            continue;
        }
        let reason = ack
            .reason
            .get(policy.main_language())
            .unwrap_or_default()
            .trim();
        if reason.is_empty() {
            found.push(
                Diagnostic::error(
                    "no-reason",
                    format!("the acknowledgement of `{code}` gives no reason"),
                )
                .at(sources.locate(ack.reason.pos))
                .hint(
                    "say in `reason` why the body accepts this, in a sentence an auditor can read",
                ),
            );
            continue;
        }
        let mut matched = false;
        for d in lints.iter_mut().filter(|d| matches(d, ack)) {
            d.severity = Severity::Acknowledged;
            d.hint = Some(format!("acknowledged: {reason}"));
            d.related.push((
                sources.locate(ack.warning.pos),
                "acknowledged here".to_string(),
            ));
            matched = true;
        }
        if !matched && (review_ran || code != "review-overdue") {
            found.push(
                Diagnostic::warning(
                    "unused-acknowledgement",
                    format!("the acknowledgement of `{code}` matches no warning"),
                )
                .at(sources.locate(ack.warning.pos))
                .hint("the situation it explained is gone: remove this acknowledgement"),
            );
        }
    }
    found
}

fn matches(d: &Diagnostic, ack: &Acknowledgement) -> bool {
    d.severity == Severity::Warning
        && d.code == ack.warning.value
        && ack
            .about
            .as_ref()
            .is_none_or(|about| d.subject.as_deref() == Some(about.value.as_str()))
}

fn unknown_warning(ack: &Acknowledgement, sources: &SourceSet) -> Diagnostic {
    let given = ack.warning.value.as_str();
    let near = super::did_you_mean(given, WARNINGS.iter().copied())
        .map(|w| format!("did you mean `{w}`? "))
        .unwrap_or_default();
    Diagnostic::error(
        "unknown-warning",
        format!("`{given}` is not a warning that `check` gives"),
    )
    .at(sources.locate(ack.warning.pos))
    .hint(format!(
        "{near}a warning that can be acknowledged is one of: {}",
        WARNINGS.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::WARNINGS;

    /// Every warning code the lints can give is in [`WARNINGS`] and nothing else is: a new
    /// warning cannot be left out of what an acknowledgement may name.
    #[test]
    fn the_list_of_warnings_is_the_lints_own() {
        let source = [
            include_str!("lints.rs"),
            include_str!("moderation.rs"),
            include_str!("refs.rs"),
            include_str!("scoped.rs"),
            include_str!("../render/pdf/coverage.rs"),
            include_str!("../readability.rs"),
        ]
        .concat();
        let mut codes: Vec<&str> = source
            .split("Diagnostic::warning(")
            .skip(1)
            .filter_map(|rest| rest.trim_start().strip_prefix('"'))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let mut listed = WARNINGS.to_vec();
        listed.sort_unstable();
        assert_eq!(codes, listed);
    }
}
