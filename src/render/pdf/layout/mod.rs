//! Layout: measures text with the font's metrics, breaks lines and pages, places boxes, and
//! records the role of everything it places. Knows nothing about PDF syntax.
//!
//! * [`style`]: page geometry, colours and text styles.
//! * [`lines`]: pieces of text, line breaking, glyph runs, links, paragraphs.
//! * [`blocks`]: headings, lists, quotes, the title block.
//! * [`tables`]: column widths, rows, cells.
//! * [`paginate`]: pages, split items, repeated table headers, the role tree.
//! * [`furniture`]: the footer.

mod blocks;
mod furniture;
mod lines;
mod paginate;
mod style;
mod tables;

use super::PdfError;
use super::display::{
    Anchor, ArtifactKind, Child, DisplayDocument, DocInfo, Elem, GlyphRun, Item, LinkArea, Node,
    NodeId, OutlineEntry, Page, PlacedGlyph, Rect, Rgb, Role,
};
use super::fonts::{self, Face, FaceMetrics};
use super::parse::{self, Align, Block, Markdown, Span, Style};
use super::typography::Typography;
use crate::render::parsed::ParsedMarkdown;

use furniture::{footer_items, footer_lines};
use lines::Tok;
use paginate::Paginator;
use style::*;
pub use style::{
    BODY_BOTTOM, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH,
};

/// Who owns a part of a line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Owner {
    Node(NodeId),
    Artifact(ArtifactKind),
}

#[derive(Clone, Debug)]
struct LinkRef {
    node: NodeId,
    md_link: usize,
    rect: Rect,
}

/// A piece of a flow item, with coordinates relative to the item's top.
#[derive(Clone, Debug)]
struct Part {
    owner: Owner,
    elems: Vec<Elem>,
    link: Option<LinkRef>,
}

/// An unbreakable box of the flow (a line, a table row, a rule).
#[derive(Clone, Debug, Default)]
struct FlowItem {
    height: f32,
    space_before: f32,
    keep_with_next: bool,
    parts: Vec<Part>,
    /// Baseline of the first line, relative to the top (used to place list labels).
    baseline: f32,
    outline: Option<(u8, String)>,
    anchor: Option<String>,
    /// A table header to repeat (as an artifact) when this item starts a page.
    repeat: Option<usize>,
}

struct NodeSlot {
    node: Node,
    parent: Option<NodeId>,
    attached: bool,
}

struct Layout<'a> {
    metrics: &'a [FaceMetrics; fonts::FACES],
    md: &'a Markdown,
    nodes: Vec<NodeSlot>,
    repeats: Vec<FlowItem>,
    last_heading: u8,
    /// Link node of the markdown link currently being laid out, per markdown link index.
    link_nodes: Vec<Option<NodeId>>,
}

impl<'a> Layout<'a> {
    fn node(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(NodeSlot {
            node: Node {
                role,
                children: Vec::new(),
            },
            parent: Some(parent),
            attached: false,
        });
        self.nodes.len() - 1
    }
}

/// Right end of the text of a line.
fn line_right(line: &FlowItem) -> f32 {
    line.parts
        .iter()
        .flat_map(|p| p.elems.iter())
        .filter_map(|e| match e {
            Elem::Glyphs(run) => Some(run.x + run.ink_width()),
            Elem::Fill { .. } => None,
        })
        .fold(0.0f32, f32::max)
}

fn shift_part(part: &mut Part, dy: f32) {
    for e in &mut part.elems {
        shift_elem(e, 0.0, dy);
    }
    if let Some(l) = &mut part.link {
        l.rect.y += dy;
    }
}

fn shift_elem(e: &mut Elem, dx: f32, dy: f32) {
    match e {
        Elem::Glyphs(run) => {
            run.x += dx;
            run.y += dy;
        }
        Elem::Fill { rect, .. } => {
            rect.x += dx;
            rect.y += dy;
        }
    }
}

/// The text pieces of the footer, laid out once the page count is known.
pub struct FooterText<'a> {
    pub footer: &'a str,
    pub page_label: &'a str,
    pub fingerprint: Option<&'a str>,
    /// The alternative text of a link without words of its own, with `{url}` (not part of
    /// the footer: the language's words travel here with the page label).
    pub link_alt: &'a str,
}

/// Lays out a parsed Markdown document into a display document.
pub fn layout(
    parsed: &ParsedMarkdown,
    info: DocInfo,
    title_block: &[String],
    typography: &Typography,
    footer: &FooterText<'_>,
) -> Result<DisplayDocument, PdfError> {
    let metrics = fonts::metrics().ok_or(PdfError::Font)?;
    let mut md = parse::parse(parsed);
    // The typographic pass, on what the PDF draws only (the Markdown record keeps its text).
    typography.document(&mut md);
    let title_block: Vec<String> = title_block.iter().map(|l| typography.line(l)).collect();
    let title_block = title_block.as_slice();
    let footer_line = typography.line(footer.footer);
    let footer = &FooterText {
        footer: &footer_line,
        ..*footer
    };
    let mut info = info;
    let first_h1 = md
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }));
    if info.title.trim().is_empty()
        && let Some(Block::Heading { spans, .. }) = first_h1.and_then(|i| md.blocks.get(i))
    {
        info.title = parse::plain_text(spans);
    }
    if info.title.trim().is_empty() {
        return Err(PdfError::NoTitle);
    }
    if info.lang.trim().is_empty() {
        return Err(PdfError::NoLanguage);
    }
    let mut l = Layout {
        metrics,
        md: &md,
        nodes: vec![NodeSlot {
            node: Node {
                role: Role::Document,
                children: Vec::new(),
            },
            parent: None,
            attached: true,
        }],
        repeats: Vec::new(),
        last_heading: 0,
        link_nodes: Vec::new(),
    };
    let mut flow = Vec::new();
    if first_h1.is_none() {
        // No title heading: the title block still opens the document.
        flow.extend(l.title_block(title_block, &md.blocks));
    }
    for (i, block) in md.blocks.iter().enumerate() {
        let mut items = l.block(block, MARGIN_LEFT, BODY_WIDTH, 0);
        if blocks::leads_in(&md.blocks, i)
            && let Some(last) = items.last_mut()
        {
            last.keep_with_next = true;
        }
        flow.extend(items);
        if Some(i) == first_h1 {
            flow.extend(l.title_block(title_block, md.blocks.get(i + 1..).unwrap_or_default()));
        }
    }
    let repeats = std::mem::take(&mut l.repeats);
    // The footer wraps onto as many lines as it needs; the body gives up the room of the
    // lines beyond two.
    let footer_text = footer_lines(&l, footer);
    let extra = footer_text.len().saturating_sub(2) as f32 * FOOTER_LEADING;
    if extra > FOOTER_MAX_EXTRA {
        return Err(PdfError::FooterTooLong(footer_text.len()));
    }
    let mut pg = Paginator {
        layout: l,
        pages: Vec::new(),
        links: Vec::new(),
        outline: Vec::new(),
        anchors: Vec::new(),
        y: MARGIN_TOP,
        bottom: BODY_BOTTOM - extra,
    };
    pg.run(flow, &repeats);
    let total = pg.pages.len();
    for n in 0..total {
        let items = footer_items(&pg.layout, footer, &footer_text, n + 1, total);
        pg.pages[n].items.extend(items);
    }
    // Links to `#name` go to the heading with that anchor.
    for link in &mut pg.links {
        if link.alt.trim().is_empty() {
            link.alt = crate::labels::fill(footer.link_alt, &[("url", &link.url)]);
        }
        if let Some(name) = link.url.strip_prefix('#') {
            link.target = pg.anchors.iter().position(|a| a.name == name);
        }
    }
    for link in &pg.links {
        if link.alt.trim().is_empty() {
            return Err(PdfError::LinkWithoutAlt(link.url.clone()));
        }
    }
    Ok(DisplayDocument {
        width: PAGE_WIDTH,
        height: PAGE_HEIGHT,
        info,
        pages: pg.pages,
        nodes: pg.layout.nodes.into_iter().map(|s| s.node).collect(),
        links: pg.links,
        outline: pg.outline,
        anchors: pg.anchors,
    })
}
