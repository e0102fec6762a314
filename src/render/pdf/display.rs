//! The display document: the layout's output, and the only input of a PDF writer.
//!
//! It keeps what a tagged-PDF writer needs besides positioned glyphs: every drawn item is either
//! a marked-content sequence owned by a node of the role tree, or an artifact (footer, page
//! number, table rules, backgrounds, a repeated table header). Coordinates are PDF points with
//! the origin at the top-left corner of the page and y growing downwards; writers that need the
//! PDF's bottom-up space convert.

use super::fonts::Face;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// A rectangle, top-left origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One glyph of a run, with the bytes of the run's text it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// Advance in em (multiply by the run's size for points).
    pub advance: f32,
    /// Byte range in [`GlyphRun::text`].
    pub start: usize,
    pub end: usize,
}

/// Glyphs set in one face and size on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphRun {
    pub face: Face,
    pub size: f32,
    /// Left end of the baseline.
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    pub color: Rgb,
    pub text: String,
    pub glyphs: Vec<PlacedGlyph>,
    /// The real text of a run of placeholder glyphs (characters no face has), for the
    /// tagged PDF's /ActualText; `None` when `text` is what the glyphs show.
    pub actual_text: Option<String>,
}

impl GlyphRun {
    /// Width of the run in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size
    }

    /// Width in points without the spaces that end the run (a line keeps the space it
    /// breaks at, for its text, but that space takes no room on the page).
    pub fn ink_width(&self) -> f32 {
        let trailing = self
            .glyphs
            .iter()
            .rev()
            .take_while(|g| self.text.get(g.start..g.end) == Some(" "))
            .count();
        self.glyphs[..self.glyphs.len() - trailing]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * self.size
    }
}

/// Something drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Elem {
    Glyphs(GlyphRun),
    /// A filled rectangle (rules are thin rectangles).
    Fill {
        rect: Rect,
        color: Rgb,
    },
}

/// Why an artifact is on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Running footer text and fingerprint.
    Footer,
    /// "Pagina n di N".
    PageNumber,
    /// Rules, cell backgrounds, list bars: layout decoration.
    Layout,
    /// Content repeated because of pagination (a table header on a continuation page).
    Pagination,
}

/// Index of a node in [`DisplayDocument::nodes`].
pub type NodeId = usize;

/// A page item: a marked-content sequence or an artifact.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Real content, owned by a node of the role tree.
    Content { owner: NodeId, elems: Vec<Elem> },
    Artifact {
        kind: ArtifactKind,
        elems: Vec<Elem>,
    },
}

/// A link annotation area.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkArea {
    pub page: usize,
    pub rect: Rect,
    /// The Link node of the role tree the area belongs to.
    pub owner: NodeId,
    pub url: String,
    /// Alternative text (`/Contents`), never empty for a valid document.
    pub alt: String,
    /// For a link to `#name` where the document has that anchor: `anchors[index]`.
    pub target: Option<usize>,
}

/// A named place in the document: a heading with an `{#id}` attribute. Writers turn it into
/// a named destination, so `policy.pdf#M-03` opens at rule M-03.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub name: String,
    pub page: usize,
    /// Top of the heading, from the top of the page.
    pub y: f32,
}

/// Structure roles (PDF 1.7 standard structure types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    /// Heading of level 1..=6, with its text (the `/T` title PDF/UA wants).
    H {
        level: u8,
        title: String,
    },
    P,
    L {
        ordered: bool,
    },
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    /// Header cell, scope column.
    TH,
    TD,
    Link,
    BlockQuote,
}

/// A child of a node in the role tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    Node(NodeId),
    /// `pages[page].items[item]`, which must be an [`Item::Content`] owned by this node.
    Content {
        page: usize,
        item: usize,
    },
    /// `links[index]`.
    Link(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub role: Role,
    pub children: Vec<Child>,
}

/// One outline (bookmark) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    /// Top of the heading, from the top of the page.
    pub y: f32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Document-level metadata, already checked by the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub lang: String,
    pub date: (u16, u8, u8),
    pub fingerprint: Option<String>,
}

impl DocInfo {
    /// The Keywords entry of Info and XMP: the keywords, then the fingerprint.
    pub fn keywords_line(&self) -> String {
        let mut keywords = self.keywords.clone();
        if let Some(fp) = &self.fingerprint {
            keywords.push(format!("sha256:{fp}"));
        }
        keywords.join(", ")
    }
}

/// The laid-out document.
#[derive(Clone, Debug, PartialEq)]
pub struct DisplayDocument {
    pub width: f32,
    pub height: f32,
    pub info: DocInfo,
    pub pages: Vec<Page>,
    /// The role tree; `nodes[0]` is the Document root.
    pub nodes: Vec<Node>,
    pub links: Vec<LinkArea>,
    pub outline: Vec<OutlineEntry>,
    pub anchors: Vec<Anchor>,
}

impl DisplayDocument {
    /// Text of all glyph runs, in drawing order (for tests and debugging).
    pub fn page_text(&self, page: usize) -> String {
        let mut out = String::new();
        if let Some(p) = self.pages.get(page) {
            for item in &p.items {
                let elems = match item {
                    Item::Content { elems, .. } | Item::Artifact { elems, .. } => elems,
                };
                for e in elems {
                    if let Elem::Glyphs(run) = e {
                        out.push_str(&run.text);
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}
