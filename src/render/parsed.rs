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
    /// `key=value` could carry an event handler into a page. The empty anchor the templates
    /// open a heading with, for GitHub and GitLab (see [`anchor_id`]), becomes that
    /// heading's id and is dropped.
    pub fn parse(markdown: &str) -> ParsedMarkdown {
        let markdown = crate::nfc::nfc(markdown);
        let events: Vec<Event<'static>> =
            Parser::new_ext(markdown.as_ref(), super::markdown_options())
                .map(Event::into_static)
                .collect();
        let mut events = anchors_to_heading_ids(events);
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

/// The id of an anchor, `<a id="M-03" name="M-03">` (or `<a id="M-03">`), exactly as the
/// built-in templates open one at the start of a heading that a `#` link targets
/// (`### <a id="M-03" name="M-03"></a>M-03 – Spam`): the id starts with a letter and holds
/// only ASCII letters, digits, `-` and `_`, and `name` repeats it. Anything else is not an
/// anchor and stays raw HTML, which both renderers neutralise.
pub fn anchor_id(html: &str) -> Option<&str> {
    let rest = html.strip_prefix("<a id=\"")?;
    let (id, rest) = rest.split_once('"')?;
    let ok = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let tail_ok = rest == ">"
        || rest
            .strip_prefix(" name=\"")
            .and_then(|r| r.strip_suffix("\">"))
            .is_some_and(|name| name == id);
    (ok && tail_ok).then_some(id)
}

/// Gives each heading that opens with an empty anchor ([`anchor_id`], then `</a>`) the
/// anchor's id, and drops the anchor, so neither the HTML nor the PDF holds an empty
/// element for it. Officers' texts cannot make one (`<` is escaped in every value, see
/// `view::safe_markdown`, and `check` refuses raw HTML), so only a template can.
fn anchors_to_heading_ids(events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let mut out: Vec<Event<'static>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &event
            && let (Some(Event::InlineHtml(open)), Some(Event::InlineHtml(close))) =
                (events.get(i), events.get(i + 1))
            && close.as_ref() == "</a>"
            && let Some(anchor) = anchor_id(open)
        {
            out.push(Event::Start(Tag::Heading {
                level: *level,
                // An explicit `{#id}` on the heading itself wins.
                id: id
                    .clone()
                    .or_else(|| Some(CowStr::from(anchor.to_string()))),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            i += 2;
            continue;
        }
        out.push(event);
    }
    out
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

    /// The anchor the templates open a rule heading with (for GitHub and GitLab) becomes the
    /// heading's id, and nothing of it is left in the events: no empty element in the HTML,
    /// no empty structure element in the PDF.
    #[test]
    fn a_heading_anchor_becomes_its_id_and_leaves_no_element() {
        let md = "# T\n\n### <a id=\"M-03\" name=\"M-03\"></a>M-03 – Spam\n\n### <a id=\"M-04\"></a>M-04\n\nVedi [M-03](#M-03).\n";
        let p = ParsedMarkdown::parse(md);
        let ids: Vec<&str> = p.headings().iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["t", "M-03", "M-04"]);
        assert_eq!(p.headings()[1].text, "M-03 – Spam");
        assert!(
            !p.events()
                .iter()
                .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
            "{:?}",
            p.events()
        );
        let html = crate::render::html::body_of(&p).html;
        assert!(html.contains("<h3 id=\"M-03\">M-03 – Spam</h3>"), "{html}");
        assert!(html.contains("href=\"#M-03\""), "{html}");
        assert!(!html.contains("<a id"), "{html}");
    }

    /// Anything but the exact anchor stays raw HTML, which the renderers neutralise: an
    /// event handler, an id that is not a plain word, a `name` that differs, an anchor that
    /// is not at the start of a heading or not closed at once.
    #[test]
    fn other_anchors_stay_raw_html() {
        for md in [
            "## <a id=\"x\" onclick=\"alert(1)\"></a>T\n",
            "## <a id=\"1x\"></a>T\n",
            "## <a id=\"x y\"></a>T\n",
            "## <a id=\"x\" name=\"y\"></a>T\n",
            "## <a id=\"x\"></a >T\n",
            "## T <a id=\"x\"></a>\n",
            "## <a id=\"x\">T</a>\n",
            "<a id=\"x\"></a>\n\n## T\n",
            "Testo <a id=\"x\"></a>\n",
        ] {
            let p = ParsedMarkdown::parse(md);
            assert!(
                p.headings().iter().all(|h| h.id != "x"),
                "{md:?}: {:?}",
                p.headings()
            );
            let html = crate::render::html::body_of(&p).html;
            assert!(!html.contains("<a id"), "{md:?}: {html}");
        }
    }

    #[test]
    fn anchor_ids() {
        assert_eq!(anchor_id("<a id=\"M-03\">"), Some("M-03"));
        assert_eq!(anchor_id("<a id=\"M-03\" name=\"M-03\">"), Some("M-03"));
        assert_eq!(anchor_id("<a id=\"M-03\" name=\"M-3\">"), None);
        assert_eq!(anchor_id("<a id=\"\">"), None);
        assert_eq!(anchor_id(r#"<a id="a\"b">"#), None);
        assert_eq!(anchor_id("<a  id=\"a\">"), None);
    }

    #[test]
    fn decomposed_text_is_composed_before_ids_are_made() {
        // "Perché" typed with a combining acute accent.
        let p = ParsedMarkdown::parse("## Perche\u{301} qui\n");
        assert_eq!(p.headings()[0].id, "perche-qui");
        assert_eq!(p.headings()[0].text, "Perché qui");
    }
}
