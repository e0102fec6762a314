//! What each document may see.
//!
//! [`ExternalView`] is built field by field from public data only: it has no place for staff
//! names, phone numbers, procedures or credential custody, so they cannot reach a document
//! for citizens by accident. [`InternalView`] holds the public view and the staff-only parts.
//! Texts are resolved to one language and escaped so that YAML cannot add Markdown structure
//! where the template expects a name.

use serde::Serialize;

use crate::model::{self, Date, Duration, HoursSlot, Lang, Text};

mod external;
mod internal;
pub mod safe_markdown;

pub use external::*;
pub use internal::*;

/// Escapes a one-line value (a name, a handle) for Markdown: it prints as written and can
/// never open a link, emphasis, a table cell, a block or an HTML tag.
pub use safe_markdown::inline as md_inline;

/// A date; templates write it in the language's format with
/// `{{ date | date_text(format=labels.date_format) }}`.
#[derive(Debug, Serialize, Clone)]
pub struct DateView {
    pub iso: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView { iso: d.to_string() }
    }
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Resolves texts to one language.
struct Ctx<'a> {
    lang: &'a Lang,
    main: &'a Lang,
}

impl Ctx<'_> {
    /// The text in the document's language, else in the policy's first language.
    fn pick<'t>(&self, t: &'t Text) -> &'t str {
        t.get(self.lang).or_else(|| t.get(self.main)).unwrap_or("")
    }
    fn block(&self, t: &Text) -> String {
        safe_markdown::block(self.pick(t))
    }
    /// A text for a table cell: on one line, and unable to end the cell.
    fn cell(&self, t: &Text) -> String {
        safe_markdown::cell(self.pick(t))
    }
    fn inline(&self, t: &Text) -> String {
        md_inline(self.pick(t))
    }
    fn opt(&self, t: &Option<model::Src<Text>>) -> Option<String> {
        t.as_ref().map(|t| self.block(t))
    }
    fn list(&self, ts: &[model::Src<Text>]) -> Vec<String> {
        ts.iter().map(|t| self.block(t)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Shared by both views

#[derive(Debug, Serialize)]
pub struct HoursView {
    pub days: Vec<&'static str>,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct DurationView {
    pub value: u32,
    pub unit: &'static str,
}

impl From<Duration> for DurationView {
    fn from(d: Duration) -> Self {
        DurationView {
            value: d.value,
            unit: d.unit.key(),
        }
    }
}

fn hours(slots: &[HoursSlot]) -> Vec<HoursView> {
    slots
        .iter()
        .map(|h| HoursView {
            days: h.days.iter().map(|d| d.key()).collect(),
            from: h.from.to_string(),
            to: h.to.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_values_cannot_open_markup() {
        assert_eq!(
            md_inline("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(md_inline("<script>"), "\\<script\\>");
        assert_eq!(md_inline("a | b"), "a \\| b");
    }
}
