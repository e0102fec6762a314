//! The options of the HTML fragment for a CMS (`publishing.fragment`): what the schema says,
//! checked with the position, for an editor that does not read the schema.

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::Policy;

/// Deepest shift of the fragment's headings: an H1 shifted by 5 is an H6.
pub const MAX_HEADING_OFFSET: u8 = 5;

/// The prefix of the fragment's heading anchors when the policy sets none.
pub const DEFAULT_ID_PREFIX: &str = "smp-";

/// The prefix of the fragment's heading anchors: the policy's (when it can start an id) or
/// [`DEFAULT_ID_PREFIX`].
pub fn id_prefix(public: &crate::model::Public) -> &str {
    public
        .publishing
        .as_ref()
        .and_then(|p| p.value.fragment.as_ref())
        .and_then(|f| f.value.id_prefix.as_ref())
        .map(|p| p.value.as_str())
        .filter(|p| id_prefix_ok(p))
        .unwrap_or(DEFAULT_ID_PREFIX)
}

/// Whether `prefix` can start an HTML id and a CSS selector as it is: empty, or a letter
/// then up to 31 letters, digits, `-` or `_`.
pub fn id_prefix_ok(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    match chars.next() {
        None => true,
        Some(first) => {
            first.is_ascii_alphabetic()
                && prefix.len() <= 32
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }
    }
}

/// Reports a heading offset above [`MAX_HEADING_OFFSET`] and an id prefix that is not
/// [`id_prefix_ok`].
pub fn check(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let Some(fragment) = policy
        .public
        .publishing
        .as_ref()
        .and_then(|p| p.value.fragment.as_ref())
    else {
        return;
    };
    if let Some(offset) = &fragment.value.heading_offset
        && offset.value > MAX_HEADING_OFFSET
    {
        diags.push(
            Diagnostic::error(
                "fragment-heading-offset",
                format!(
                    "`heading_offset: {}` would push the headings below H6",
                    offset.value
                ),
            )
            .at(sources.locate(offset.pos))
            .hint(format!(
                "write a number from 0 to {MAX_HEADING_OFFSET}: 1 when the site's page has its own H1 and the policy's title should sit under it as H2, or remove the line to leave the title out of the fragment"
            )),
        );
    }
    if let Some(prefix) = &fragment.value.id_prefix
        && !id_prefix_ok(&prefix.value)
    {
        diags.push(
            Diagnostic::error(
                "fragment-id-prefix",
                format!(
                    "`id_prefix: {:?}` cannot start an HTML id",
                    prefix.value
                ),
            )
            .at(sources.locate(prefix.pos))
            .hint("use letters without accents, digits, `-` and `_`, starting with a letter (for example `smp-`), at most 32 characters; or `\"\"` for no prefix"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::id_prefix_ok;

    #[test]
    fn id_prefixes() {
        for ok in ["", "smp-", "a", "Policy_2"] {
            assert!(id_prefix_ok(ok), "{ok}");
        }
        for bad in ["1a", "-x", "a b", "a\"><script>", "é-", &"a".repeat(33)] {
            assert!(!id_prefix_ok(bad), "{bad}");
        }
    }
}
