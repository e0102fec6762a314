//! A rendered document's Markdown, parsed once. The HTML page and the PDF are both made from
//! these events, so they read the same document: the same headings with the same ids, the
//! same `#id` links kept or dropped, the same characters.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag};

use super::headings::{self, Heading};

/// The events of one Markdown document, with every heading's id filled in.
#[derive(Debug)]
pub struct ParsedMarkdown {
    events: Vec<Event<'static>>,
    headings: Vec<Heading>,
    anchors: HashSet<String>,
}

impl ParsedMarkdown {
    /// Parses `markdown` in the templates' dialect ([`super::markdown_options`]).
    ///
    /// The text is first composed (NFC), so a decomposed "é" is one character in both
    /// renderers and in the ids made from it. Each heading gets its id by the rule of
    /// [`headings`] and keeps nothing else of its `{...}` attributes: a class or a
    /// `key=value` could carry an event handler into a page.
    pub fn parse(markdown: &str) -> ParsedMarkdown {
        let markdown = crate::nfc::nfc(markdown);
        let mut events: Vec<Event<'static>> =
            Parser::new_ext(markdown.as_ref(), super::markdown_options())
                .map(Event::into_static)
                .collect();
        let headings = headings::headings(&events);
        let mut ids = headings.iter().map(|h| h.id.clone());
        for event in &mut events {
            if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = event
            {
                *id = ids.next().map(CowStr::from);
                classes.clear();
                attrs.clear();
            }
        }
        let anchors = headings.iter().map(|h| h.id.clone()).collect();
        ParsedMarkdown {
            events,
            headings,
            anchors,
        }
    }

    /// The events, in document order.
    pub fn events(&self) -> &[Event<'static>] {
        &self.events
    }

    /// The headings, in document order, each with its id.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The ids of the headings: the only `#` links a renderer keeps.
    pub fn anchors(&self) -> &HashSet<String> {
        &self.anchors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_heading_event_carries_its_id_and_no_other_attribute() {
        let p = ParsedMarkdown::parse("# T {.x onclick=y}\n\n## Regola {#M-01}\n\n## T\n");
        let ids: Vec<Option<String>> = p
            .events()
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading {
                    id, classes, attrs, ..
                }) => {
                    assert!(classes.is_empty() && attrs.is_empty(), "{e:?}");
                    Some(id.as_ref().map(|i| i.to_string()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            [Some("t".into()), Some("M-01".into()), Some("t-2".into())]
        );
        assert!(p.anchors().contains("M-01"));
    }

    #[test]
    fn decomposed_text_is_composed_before_ids_are_made() {
        // "Perché" typed with a combining acute accent.
        let p = ParsedMarkdown::parse("## Perche\u{301} qui\n");
        assert_eq!(p.headings()[0].id, "perche-qui");
        assert_eq!(p.headings()[0].text, "Perché qui");
    }
}
