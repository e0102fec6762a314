//! Markdown (CommonMark + GFM tables + strikethrough + heading attributes) to a block tree.
//!
//! Raw HTML is dropped: it is never rendered, not even as text. Images keep their alternative
//! text as plain text.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::render::parsed::ParsedMarkdown;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
}

/// A piece of inline text in one style, possibly inside a link.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Span {
    pub text: String,
    pub style: Style,
    /// Index into [`Markdown::links`].
    pub link: Option<usize>,
    /// A hard line break (the text is empty).
    pub hard_break: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Link {
    pub url: String,
    /// Alternative text: the link's text, else its title, else empty (the layout then uses
    /// the language's words, [`crate::render::pdf::PdfMeta::link_alt`]).
    pub alt: String,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Block {
    Heading {
        level: u8,
        /// The heading's anchor: its `{#id}` (moderation rule ids such as `M-03`), else
        /// the slug of its text, as in the HTML.
        id: Option<String>,
        spans: Vec<Span>,
    },
    Para(Vec<Span>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        /// Column alignment from the delimiter row (`:--`, `:-:`, `--:`).
        align: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Markdown {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
}

/// Plain text of spans (used for heading titles and link alt text).
pub(super) fn plain_text(spans: &[Span]) -> String {
    let mut s = String::new();
    for sp in spans {
        if sp.hard_break {
            s.push(' ');
        } else {
            s.push_str(&sp.text);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Frame {
    Root(Vec<Block>),
    Heading(u8, Option<String>),
    Para,
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>),
    Quote(Vec<Block>),
    Code(String),
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        in_head: bool,
        row: Vec<Vec<Span>>,
    },
    Cell,
    /// Something we skip entirely (raw HTML blocks, metadata, footnote definitions).
    Skip,
}

struct Builder<'p> {
    stack: Vec<Frame>,
    spans: Vec<Span>,
    style: Style,
    link: Option<usize>,
    link_start: usize,
    link_title: String,
    links: Vec<Link>,
    /// The ids of the document's headings: the only `#` links that may stay.
    anchors: &'p std::collections::HashSet<String>,
}

impl Builder<'_> {
    fn push_block(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Root(v) | Frame::Item(v) | Frame::Quote(v) => {
                    v.push(block);
                    return;
                }
                Frame::Skip => return,
                _ => {}
            }
        }
    }

    /// Inline content directly inside a list item (tight list) becomes a paragraph.
    fn flush_loose_inlines(&mut self) {
        if self.spans.is_empty() {
            return;
        }
        if matches!(self.stack.last(), Some(Frame::Item(_))) {
            let spans = std::mem::take(&mut self.spans);
            self.push_block(Block::Para(spans));
        }
    }

    fn text(&mut self, text: &str, code: bool) {
        if let Some(Frame::Code(buf)) = self.stack.last_mut() {
            buf.push_str(text);
            return;
        }
        if matches!(self.stack.last(), Some(Frame::Skip)) {
            return;
        }
        let mut style = self.style;
        style.code |= code;
        let text = clean(text);
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.spans.last_mut()
            && !last.hard_break
            && last.style == style
            && last.link == self.link
        {
            last.text.push_str(&text);
            return;
        }
        self.spans.push(Span {
            text,
            style,
            link: self.link,
            hard_break: false,
        });
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_loose_inlines();
                self.stack.push(Frame::Para);
            }
            Tag::Heading { level, id, .. } => {
                self.flush_loose_inlines();
                let level = level as u8;
                let id = id.map(|i| i.to_string());
                self.stack.push(Frame::Heading(level, id));
            }
            Tag::BlockQuote(_) => {
                self.flush_loose_inlines();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_loose_inlines();
                self.stack.push(Frame::Code(String::new()));
            }
            Tag::List(start) => {
                self.flush_loose_inlines();
                self.stack.push(Frame::List(start, Vec::new()));
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new())),
            Tag::Table(aligns) => {
                self.flush_loose_inlines();
                self.stack.push(Frame::Table {
                    align: aligns
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::Center => Align::Center,
                            pulldown_cmark::Alignment::Right => Align::Right,
                            _ => Align::Left,
                        })
                        .collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                    row: Vec::new(),
                });
            }
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => self.stack.push(Frame::Cell),
            Tag::Emphasis => self.style.italic = true,
            Tag::Strong => self.style.bold = true,
            Tag::Strikethrough => self.style.strike = true,
            Tag::Link {
                dest_url, title, ..
            } => {
                // The allow-list of the HTML renderer: anything else stays plain text.
                if !crate::render::link_target_ok(&dest_url, self.anchors) {
                    return;
                }
                let index = self.links.len();
                self.links.push(Link {
                    url: dest_url.trim().to_string(),
                    alt: String::new(),
                });
                self.link = Some(index);
                self.link_start = self.spans.len();
                self.link_title = title.to_string();
            }
            Tag::Image { .. } => {}
            Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {
                if matches!(tag, Tag::HtmlBlock | Tag::MetadataBlock(_)) {
                    self.stack.push(Frame::Skip);
                }
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.stack.pop();
                let spans = std::mem::take(&mut self.spans);
                if !spans.is_empty() {
                    self.push_block(Block::Para(spans));
                }
            }
            TagEnd::Heading(_) => {
                if let Some(Frame::Heading(level, id)) = self.stack.pop() {
                    let spans = std::mem::take(&mut self.spans);
                    self.push_block(Block::Heading { level, id, spans });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Frame::Code(text)) = self.stack.pop() {
                    self.push_block(Block::Code(text));
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List(start, items)) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                self.flush_loose_inlines();
                if let Some(Frame::Item(blocks)) = self.stack.pop()
                    && let Some(Frame::List(_, items)) = self.stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table {
                    align, head, rows, ..
                }) = self.stack.pop()
                {
                    self.push_block(Block::Table { align, head, rows });
                }
            }
            TagEnd::TableHead => {
                if let Some(Frame::Table {
                    head, in_head, row, ..
                }) = self.stack.last_mut()
                {
                    *head = std::mem::take(row);
                    *in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::TableCell => {
                self.stack.pop();
                let spans = std::mem::take(&mut self.spans);
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(spans);
                }
            }
            TagEnd::Emphasis => self.style.italic = false,
            TagEnd::Strong => self.style.bold = false,
            TagEnd::Strikethrough => self.style.strike = false,
            TagEnd::Link => {
                if let Some(index) = self.link.take() {
                    let start = self.link_start.min(self.spans.len());
                    let text = plain_text(&self.spans[start..]);
                    let title = std::mem::take(&mut self.link_title);
                    if let Some(link) = self.links.get_mut(index) {
                        link.alt = if !text.is_empty() {
                            text
                        } else if !title.trim().is_empty() {
                            title.trim().to_string()
                        } else {
                            String::new()
                        };
                    }
                    if start == self.spans.len() {
                        // A link without text: show its address.
                        let url = self
                            .links
                            .get(index)
                            .map(|l| l.url.clone())
                            .unwrap_or_default();
                        self.link = Some(index);
                        self.text(&url, false);
                        self.link = None;
                    }
                }
            }
            TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                if matches!(self.stack.last(), Some(Frame::Skip)) {
                    self.stack.pop();
                }
            }
            _ => {}
        }
    }
}

/// Replaces characters that must not reach a PDF text run.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            // Soft hyphens, zero-width and bidi control characters draw nothing.
            c if crate::render::pdf::fonts::is_invisible(c) => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The block tree of parsed Markdown. The parse composed the text (NFC: a decomposed "é"
/// is one glyph, not "e" and a lone accent) and gave every heading its id, the HTML's.
pub(super) fn parse(parsed: &ParsedMarkdown) -> Markdown {
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        spans: Vec::new(),
        style: Style::default(),
        link: None,
        link_start: 0,
        link_title: String::new(),
        links: Vec::new(),
        anchors: parsed.anchors(),
    };
    for event in parsed.events().iter().cloned() {
        match event {
            Event::Start(tag) => b.start(tag),
            Event::End(tag) => b.end(tag),
            Event::Text(t) => b.text(&t, false),
            Event::Code(t) => b.text(&t, true),
            Event::SoftBreak => b.text(" ", false),
            Event::HardBreak => {
                if !matches!(b.stack.last(), Some(Frame::Skip)) {
                    b.spans.push(Span {
                        text: String::new(),
                        style: b.style,
                        link: b.link,
                        hard_break: true,
                    });
                }
            }
            Event::Rule => b.push_block(Block::Rule),
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t, true),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    // Unclosed frames cannot happen with pulldown-cmark; flush whatever is left.
    b.flush_loose_inlines();
    let blocks = match b.stack.into_iter().next() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    };
    Markdown {
        blocks,
        links: b.links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(markdown: &str) -> Markdown {
        parse(&ParsedMarkdown::parse(markdown))
    }

    #[test]
    fn drops_raw_html_and_keeps_links() {
        let md = parse_str(
            "# T {#top}\n\n<div>nascosto</div>\n\nVedi <b>qui</b> [il sito](https://example.org).\n",
        );
        assert_eq!(md.links.len(), 1);
        assert_eq!(md.links[0].alt, "il sito");
        let text: String = md
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { spans, .. } | Block::Para(spans) => plain_text(spans),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(text, "T|Vedi qui il sito.");
    }

    #[test]
    fn tight_list_items_become_paragraphs() {
        let md = parse_str("- uno\n- due\n  1. tre\n");
        let Some(Block::List { items, .. }) = md.blocks.first() else {
            panic!("expected a list, got {:?}", md.blocks);
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1][0], Block::Para(_)));
        assert!(matches!(items[1][1], Block::List { start: Some(1), .. }));
    }
}
