//! Markdown to an accessible HTML page: the same text as the Markdown, with a table of
//! contents, a skip link, captions on tables and header cells with scope.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::parsed::ParsedMarkdown;

#[derive(Debug, Serialize, Clone)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub children: Vec<TocEntry>,
}

/// The HTML body of a Markdown document, and what the page around it needs.
#[derive(Debug, Serialize)]
pub struct Body {
    /// The text of the one H1.
    pub title: String,
    /// The id of the H1.
    pub title_id: String,
    /// The HTML of everything but the H1, which the page template places in its header.
    pub html: String,
    /// Level-2 headings, each with its level-3 children.
    pub toc: Vec<TocEntry>,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape_html(&mut out, s);
    out
}

/// Escapes the five characters that are markup in HTML and XML.
pub(crate) fn pulldown_cmark_escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Renders Markdown to HTML: parses it, then [`body_of`].
pub fn body(markdown: &str) -> Body {
    body_of(&ParsedMarkdown::parse(markdown))
}

/// How the tables of a document are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    /// Bootstrap Italia's classes: `table` on the table, `table-responsive` on its box.
    pub bootstrap_italia: bool,
}

/// The class of a link whose text is its own address (`https://...` shown as it is): a
/// printed page writes the address of the other links after them, not of these.
pub const URL_LINK_CLASS: &str = "url";

/// The events of a parsed document, safe for a page: raw HTML in the Markdown is shown as
/// text, never as markup; links other than http(s), mailto, tel and anchors of the
/// document lose their target; images are dropped; a link that shows its own address gets
/// [`URL_LINK_CLASS`]. With them, each table's caption: the heading before it.
pub(crate) fn safe_events(parsed: &ParsedMarkdown) -> (Vec<Event<'static>>, Vec<String>) {
    let headings = parsed.headings();
    let mut captions: Vec<String> = Vec::new();
    let mut heading_index: usize = 0;
    let mut dropped_links: Vec<bool> = Vec::new();
    let events = parsed.events().iter().cloned().map(|event| match event {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        heading @ Event::Start(Tag::Heading { .. }) => {
            heading_index += 1;
            heading
        }
        Event::Start(Tag::Table(align)) => {
            captions.push(
                heading_index
                    .checked_sub(1)
                    .and_then(|i| headings.get(i))
                    .map(|h| h.text.clone())
                    .unwrap_or_default(),
            );
            Event::Start(Tag::Table(align))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let ok = super::link_target_ok(&dest_url, parsed.anchors());
            dropped_links.push(!ok);
            if ok {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Text(CowStr::from(""))
            }
        }
        Event::End(TagEnd::Link) => {
            if dropped_links.pop().unwrap_or(false) {
                Event::Text(CowStr::from(""))
            } else {
                Event::End(TagEnd::Link)
            }
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {
            Event::Text(CowStr::from(""))
        }
        other => other,
    });
    let mut events: Vec<Event<'static>> = events.collect();
    mark_url_links(&mut events);
    (events, captions)
}

/// Gives [`URL_LINK_CLASS`] to each link whose text is its address (the scheme and a last
/// `/` aside, letter case aside): its start is written here, the rest by pulldown-cmark.
fn mark_url_links(events: &mut [Event<'static>]) {
    let mut i = 0;
    while i < events.len() {
        let mut next = i + 1;
        let mut marked = None;
        if let Event::Start(Tag::Link {
            dest_url, title, ..
        }) = &events[i]
        {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Link)) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            next = j + 1;
            if same_address(&text, dest_url) {
                let mut tag = String::from("<a href=\"");
                let _ = pulldown_cmark_escape::escape_href(&mut tag, dest_url);
                tag.push('"');
                if !title.is_empty() {
                    tag.push_str(" title=\"");
                    pulldown_cmark_escape_html(&mut tag, title);
                    tag.push('"');
                }
                tag.push_str(&format!(" class=\"{URL_LINK_CLASS}\">"));
                marked = Some(tag);
            }
        }
        if let Some(tag) = marked {
            events[i] = Event::InlineHtml(CowStr::from(tag));
        }
        i = next;
    }
}

/// Whether a link's text names its own address: `https://www.comune.it/` shown as
/// `www.comune.it`, `mailto:urp@comune.it` shown as `urp@comune.it`.
fn same_address(text: &str, dest: &str) -> bool {
    fn bare(s: &str) -> String {
        let s = s.trim();
        let lower = s.to_lowercase();
        let rest = ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(&lower);
        rest.trim_end_matches('/').to_string()
    }
    !dest.starts_with('#') && !text.trim().is_empty() && bare(text) == bare(dest)
}

/// Renders parsed Markdown to HTML (see [`safe_events`] for what is kept). Headings keep
/// the ids the parse gave them, the same as the PDF's.
pub fn body_of(parsed: &ParsedMarkdown) -> Body {
    let headings = parsed.headings();
    let (events, captions) = safe_events(parsed);
    let (title, title_id) = headings
        .iter()
        .find(|h| h.level == 1)
        .map(|h| (h.text.clone(), h.id.clone()))
        .unwrap_or_default();
    let mut in_title = false;
    let without_title = events.into_iter().filter(|e| {
        match e {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => in_title = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                in_title = false;
                return false;
            }
            _ => {}
        }
        !in_title
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, without_title);
    let html = tables(&html, &captions, &title, TableStyle::default());

    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match h.level {
            2 => toc.push(entry),
            3 => {
                if let Some(parent) = toc.last_mut() {
                    parent.children.push(entry);
                }
            }
            _ => {}
        }
    }
    Body {
        title,
        title_id,
        html,
        toc,
    }
}

/// The class of the box around each table: it scrolls sideways on a narrow screen, so the
/// page itself never does. It is a labelled region a keyboard can reach and scroll.
pub const TABLE_BOX_CLASS: &str = "table-scroll";

/// Tables: each in a box that scrolls on a narrow screen (a region named by the caption, or
/// by `fallback` when there is none, that a keyboard can focus), a caption from the heading
/// above, and header cells that say they head a column.
pub(crate) fn tables(html: &str, captions: &[String], fallback: &str, style: TableStyle) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let mut i = 0;
    let (box_class, table_tag) = if style.bootstrap_italia {
        (
            format!("{TABLE_BOX_CLASS} table-responsive"),
            "<table class=\"table\">",
        )
    } else {
        (TABLE_BOX_CLASS.to_string(), "<table>")
    };
    while let Some(pos) = rest.find("<table>") {
        out.push_str(&rest[..pos]);
        let caption = captions.get(i).map(String::as_str).unwrap_or_default();
        let label = if caption.is_empty() {
            fallback
        } else {
            caption
        };
        out.push_str(&format!(
            "<div class=\"{box_class}\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n{table_tag}\n",
            escape(label)
        ));
        if !caption.is_empty() {
            out.push_str(&format!("<caption>{}</caption>\n", escape(caption)));
        }
        i += 1;
        rest = &rest[pos + "<table>".len()..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
        match rest.find("</table>") {
            Some(end) => {
                out.push_str(&rest[..end]);
                out.push_str("</table>\n</div>");
                rest = &rest[end + "</table>".len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out.replace("<th>", "<th scope=\"col\">")
        .replace("<th style", "<th scope=\"col\" style")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_bad_links_are_neutralised() {
        let b = body(
            "# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://ok.it)\n",
        );
        assert!(!b.html.contains("<script>"), "{}", b.html);
        assert!(b.html.contains("&lt;script&gt;"), "{}", b.html);
        assert!(!b.html.contains("javascript:"), "{}", b.html);
        assert!(
            b.html.contains("<a href=\"https://ok.it\">y</a>"),
            "{}",
            b.html
        );
    }

    #[test]
    fn headings_get_ids_and_toc() {
        let b = body(
            "# Titolo\n\n## Perché siamo qui\n\n### M-01 – Fuori tema {#M-01}\n\n## Contatti\n",
        );
        assert_eq!(b.title, "Titolo");
        assert!(b.html.contains("<h3 id=\"M-01\">"), "{}", b.html);
        assert!(!b.html.contains("<h1"), "{}", b.html);
        assert!(
            b.html.contains("<h2 id=\"perche-siamo-qui\">"),
            "{}",
            b.html
        );
        assert_eq!(b.toc.len(), 2);
        assert_eq!(b.toc[0].children[0].id, "M-01");
    }

    #[test]
    fn tables_get_captions_and_scoped_headers() {
        let b = body("## Account\n\n| A | B |\n|---|---|\n| 1 | 2 |\n");
        assert!(b.html.contains("<caption>Account</caption>"), "{}", b.html);
        assert!(b.html.contains("<th scope=\"col\">A</th>"), "{}", b.html);
    }
}
