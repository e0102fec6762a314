//! The HTML fragment a council pastes into a page of its site (a CMS, often built on
//! Bootstrap Italia): the document without the page around it, in one wrapper element
//! with its language and class (see the `fragment.html.tera` template), its headings
//! shifted under the host page's own H1, and its ids prefixed so they cannot collide with
//! the host's; the ids of the moderation rules (`#M-03`) stay as they are, since citizens
//! cite them.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::html::{TableStyle, safe_events, tables};
use super::parsed::ParsedMarkdown;
use crate::model::Public;

/// The id prefix when the policy gives none.
pub use crate::validate::publishing::DEFAULT_ID_PREFIX;

/// How the fragment's HTML is written: `publishing.fragment` of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentStyle {
    /// `None`: the H1 is left out and the other headings keep their level. `Some(n)`: the
    /// H1 stays and every heading goes `n` levels down (never below H6).
    pub heading_offset: Option<u8>,
    /// Put before every id and `#` link but the kept ones.
    pub id_prefix: String,
    /// Bootstrap Italia's table classes.
    pub bootstrap_italia: bool,
}

impl Default for FragmentStyle {
    fn default() -> Self {
        FragmentStyle {
            heading_offset: None,
            id_prefix: DEFAULT_ID_PREFIX.to_string(),
            bootstrap_italia: false,
        }
    }
}

impl FragmentStyle {
    /// The style a policy asks for, the defaults where it says nothing.
    pub fn of(public: &Public) -> FragmentStyle {
        let mut style = FragmentStyle::default();
        let Some(f) = public
            .publishing
            .as_ref()
            .and_then(|p| p.value.fragment.as_ref())
        else {
            return style;
        };
        let f = &f.value;
        style.heading_offset = f
            .heading_offset
            .as_ref()
            .map(|o| o.value.min(crate::validate::publishing::MAX_HEADING_OFFSET));
        if let Some(p) = &f.id_prefix {
            // `check` refuses any other prefix; a build never writes one that could break
            // out of an attribute.
            if crate::validate::publishing::id_prefix_ok(&p.value) {
                style.id_prefix = p.value.clone();
            }
        }
        style.bootstrap_italia = f.bootstrap_italia.unwrap_or(false);
        style
    }
}

/// The ids a fragment keeps unprefixed: those of the moderation rules.
pub fn rule_ids(public: &Public) -> HashSet<String> {
    public.rule_ids().map(str::to_string).collect()
}

fn shifted(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8).saturating_add(by) {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The HTML of the document for the fragment, in `style`; the ids in `keep` (and the `#`
/// links to them) are left unprefixed.
pub fn fragment_body(
    parsed: &ParsedMarkdown,
    style: &FragmentStyle,
    keep: &HashSet<String>,
) -> String {
    let (events, captions) = safe_events(parsed);
    let title = parsed
        .headings()
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.text.clone())
        .unwrap_or_default();
    let prefixed = |id: &str| -> String {
        if keep.contains(id) {
            id.to_string()
        } else {
            format!("{}{id}", style.id_prefix)
        }
    };
    let mut in_title = false;
    let mut out: Vec<Event<'static>> = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if style.heading_offset.is_none() => in_title = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if style.heading_offset.is_none() => {
                in_title = false;
            }
            _ if in_title => {}
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => out.push(Event::Start(Tag::Heading {
                level: shifted(level, style.heading_offset.unwrap_or(0)),
                id: id.map(|i| CowStr::from(prefixed(&i))),
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => out.push(Event::End(TagEnd::Heading(shifted(
                level,
                style.heading_offset.unwrap_or(0),
            )))),
            mut link @ Event::Start(Tag::Link { .. }) => {
                if let Event::Start(Tag::Link { dest_url, .. }) = &mut link
                    && let Some(anchor) = dest_url.strip_prefix('#')
                {
                    *dest_url = CowStr::from(format!("#{}", prefixed(anchor)));
                }
                out.push(link);
            }
            other => out.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    tables(
        &html,
        &captions,
        &title,
        TableStyle {
            bootstrap_italia: style.bootstrap_italia,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Titolo\n\n## Regole\n\nVedi [la regola](#M-01) e [le regole](#regole).\n\n### M-01 – Fuori tema {#M-01}\n\n## Account\n\n| A | B |\n|---|---|\n| 1 | 2 |\n";

    fn keep() -> HashSet<String> {
        ["M-01".to_string()].into_iter().collect()
    }

    #[test]
    fn by_default_the_title_goes_and_ids_are_prefixed_but_rules() {
        let html = fragment_body(
            &ParsedMarkdown::parse(DOC),
            &FragmentStyle::default(),
            &keep(),
        );
        assert!(!html.contains("<h1"), "{html}");
        assert!(!html.contains("Titolo"), "{html}");
        assert!(html.contains("<h2 id=\"smp-regole\">"), "{html}");
        assert!(html.contains("href=\"#smp-regole\""), "{html}");
        assert!(html.contains("<h3 id=\"M-01\">"), "{html}");
        assert!(html.contains("href=\"#M-01\""), "{html}");
        assert!(
            html.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Account\" tabindex=\"0\">\n<table>\n<caption>Account</caption>"),
            "{html}"
        );
    }

    #[test]
    fn an_offset_keeps_the_title_and_shifts_every_level() {
        let style = FragmentStyle {
            heading_offset: Some(1),
            id_prefix: String::new(),
            bootstrap_italia: true,
        };
        let html = fragment_body(&ParsedMarkdown::parse(DOC), &style, &keep());
        assert!(html.contains("<h2 id=\"titolo\">Titolo</h2>"), "{html}");
        assert!(html.contains("<h3 id=\"regole\">Regole</h3>"), "{html}");
        assert!(html.contains("<h4 id=\"M-01\">"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(
            html.contains("<div class=\"table-scroll table-responsive\" role=\"region\" aria-label=\"Account\" tabindex=\"0\">\n<table class=\"table\">"),
            "{html}"
        );
        let deep = FragmentStyle {
            heading_offset: Some(5),
            ..style
        };
        let html = fragment_body(&ParsedMarkdown::parse(DOC), &deep, &keep());
        assert!(
            html.contains("<h6 id=\"titolo\">") && html.contains("<h6 id=\"M-01\">"),
            "{html}"
        );
    }
}
