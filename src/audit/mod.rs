//! For the auditor: `verify`, the semantic `diff` between two versions and `textconv`. The
//! fingerprint and the public data files they check are made by [`crate::bundle`].

pub mod diff;
pub mod textconv;
pub mod verify;

use crate::bundle::public_value;
use crate::diagnostics::Diagnostic;
use crate::model::Public;

/// What changed for citizens between two versions: the diff of the public parts only (no
/// roles, no internal section, no staff fields of accounts), without the adoption section
/// (the document states its own version and act), as Markdown list items.
pub fn citizen_changes(
    old: &Public,
    new: &Public,
    engine: &crate::render::markdown::Engine,
) -> Result<Vec<String>, Diagnostic> {
    let (old, new_value) = (public_value(old)?, public_value(new)?);
    let changes = diff::diff_values(&old, &new_value);
    let items = diff::named_items(&old, &new_value);
    let lang = new.main_language().as_str();
    let words = diff::Words {
        labels: engine.words_or_error(lang)?,
        lang,
        show_ids: false,
    };
    Ok(changes
        .iter()
        .filter(|c| !matches!(c.segs.first(), Some(diff::Seg::Key(k)) if k == "adoption"))
        .map(|c| words.line(c, &items))
        .collect())
}
