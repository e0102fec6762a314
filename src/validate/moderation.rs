//! The moderation ladder (`moderation.escalation`): a step must name what it does, and a
//! ladder that no rule follows is said once, as a warning.

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::Policy;

/// Pushes `empty-step` (error) and `unused-escalation` (warning).
pub(super) fn check(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let Some(m) = &policy.public.moderation else {
        return;
    };
    for (n, step) in m.escalation.iter().enumerate() {
        if step.actions.is_empty() {
            diags.push(
                Diagnostic::error(
                    "empty-step",
                    format!("step {} of `moderation: escalation:` names no action", n + 1),
                )
                .at(sources.locate(step.pos))
                .hint("write what is done at this step, for example `actions: [warn]`; several actions in one step mean that one of them applies (`[block, ban]`)"),
            );
        }
    }
    if let Some(first) = m.escalation.first()
        && !m.rules.is_empty()
        && m.rules.iter().all(|r| r.actions.is_some())
    {
        diags.push(
            Diagnostic::warning(
                "unused-escalation",
                "every moderation rule lists its own `actions`, so no rule follows `escalation`",
            )
            .at(sources.locate(first.pos))
            .hint("remove `actions:` from the rules that follow the common steps, or remove `escalation:`"),
        );
    }
}
