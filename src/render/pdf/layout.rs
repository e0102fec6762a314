//! Layout: measures text with the font's metrics, breaks lines and pages, places boxes, and
//! records the role of everything it places. Knows nothing about PDF syntax.

use super::PdfError;
use super::display::{
    Anchor, ArtifactKind, Child, DisplayDocument, DocInfo, Elem, GlyphRun, Item, LinkArea, Node,
    NodeId, OutlineEntry, Page, PlacedGlyph, Rect, Rgb, Role,
};
use super::fonts::{self, Face, FaceMetrics};
use super::parse::{self, Align, Block, Markdown, Span, Style};

/// A4 portrait, in points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
/// Margins of the text area (22 mm left and right, 20 mm top).
pub const MARGIN_LEFT: f32 = 62.36;
pub const MARGIN_RIGHT: f32 = 62.36;
pub const MARGIN_TOP: f32 = 56.69;
/// Body text stops 27 mm above the bottom edge; the footer lives below it.
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 76.54;
/// Nothing, footer included, is drawn within 10 mm of the bottom edge.
pub const MARGIN_BOTTOM: f32 = 28.35;

const BODY_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

const TEXT: Rgb = Rgb(26, 26, 26);
const MUTED: Rgb = Rgb(77, 77, 77);
const HEADING: Rgb = Rgb(0, 51, 102);
const LINK: Rgb = Rgb(0, 82, 155);
const RULE: Rgb = Rgb(160, 160, 160);
const LIGHT_RULE: Rgb = Rgb(205, 205, 205);
const HEADER_BG: Rgb = Rgb(228, 234, 242);
const CODE_BG: Rgb = Rgb(236, 236, 236);

const BODY_SIZE: f32 = 10.5;
const BODY_LEADING: f32 = 15.0;
const PARA_GAP: f32 = 6.0;
const LIST_INDENT: f32 = 16.0;
const QUOTE_INDENT: f32 = 14.0;
const TABLE_SIZE: f32 = 9.5;
const TABLE_LEADING: f32 = 13.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;
const FOOTER_SIZE: f32 = 8.0;
const FINGERPRINT_SIZE: f32 = 6.5;

/// The text style of a block: faces for plain / bold / italic text, size, leading, colour.
#[derive(Clone, Copy)]
struct TextStyle {
    plain: Face,
    bold: Face,
    italic: Face,
    size: f32,
    leading: f32,
    color: Rgb,
}

const BODY: TextStyle = TextStyle {
    plain: Face::Regular,
    bold: Face::Bold,
    italic: Face::Italic,
    size: BODY_SIZE,
    leading: BODY_LEADING,
    color: TEXT,
};

fn heading_style(level: u8) -> (TextStyle, f32, f32) {
    // (style, space before, space after)
    let (face, size, leading, before, after) = match level {
        1 => (Face::Bold, 22.0, 27.0, 22.0, 6.0),
        2 => (Face::SemiBold, 15.0, 19.0, 16.0, 4.0),
        3 => (Face::SemiBold, 12.5, 16.0, 12.0, 3.0),
        _ => (Face::Bold, 11.0, 15.0, 10.0, 2.0),
    };
    (
        TextStyle {
            plain: face,
            bold: Face::Bold,
            italic: if face == Face::Bold {
                Face::Bold
            } else {
                Face::Italic
            },
            size,
            leading,
            color: HEADING,
        },
        before,
        after,
    )
}

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
    metrics: &'a [FaceMetrics; 4],
    md: &'a Markdown,
    nodes: Vec<NodeSlot>,
    repeats: Vec<FlowItem>,
    last_heading: u8,
    /// Link node of the markdown link currently being laid out, per markdown link index.
    link_nodes: Vec<Option<NodeId>>,
}

/// A measured piece of text in one style.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    face: Face,
    size: f32,
    color: Rgb,
    style: Style,
    link: Option<usize>,
    width: f32,
}

enum Tok {
    Word(Vec<Piece>),
    Space(Piece),
    Break,
}

fn face_for(ts: &TextStyle, style: Style) -> Face {
    if style.bold {
        ts.bold
    } else if style.italic {
        ts.italic
    } else {
        ts.plain
    }
}

impl<'a> Layout<'a> {
    fn m(&self, face: Face) -> &FaceMetrics {
        &self.metrics[face.index()]
    }

    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.m(face).width_em(text) * size
    }

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

    fn piece(&self, text: &str, ts: &TextStyle, span: &Span) -> Piece {
        let face = face_for(ts, span.style);
        let color = if span.link.is_some() { LINK } else { ts.color };
        Piece {
            width: self.width(face, ts.size, text),
            text: text.to_string(),
            face,
            size: ts.size,
            color,
            style: span.style,
            link: span.link,
        }
    }

    fn tokens(&self, spans: &[Span], ts: &TextStyle) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut word: Vec<Piece> = Vec::new();
        for span in spans {
            if span.hard_break {
                if !word.is_empty() {
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                }
                toks.push(Tok::Break);
                continue;
            }
            let mut rest = span.text.as_str();
            while !rest.is_empty() {
                if let Some(pos) = rest.find(' ') {
                    let (head, tail) = rest.split_at(pos);
                    if !head.is_empty() {
                        word.push(self.piece(head, ts, span));
                    }
                    if !word.is_empty() {
                        toks.push(Tok::Word(std::mem::take(&mut word)));
                    }
                    toks.push(Tok::Space(self.piece(" ", ts, span)));
                    rest = &tail[1..];
                } else {
                    word.push(self.piece(rest, ts, span));
                    rest = "";
                }
            }
        }
        if !word.is_empty() {
            toks.push(Tok::Word(word));
        }
        toks
    }

    /// Greedy line breaking on measured widths; words longer than a line break by characters.
    fn break_lines(&self, toks: Vec<Tok>, width: f32) -> Vec<Vec<Piece>> {
        let mut lines: Vec<Vec<Piece>> = Vec::new();
        let mut cur: Vec<Piece> = Vec::new();
        let mut cur_w = 0.0f32;
        let mut space: Option<Piece> = None;
        for tok in toks {
            match tok {
                Tok::Break => {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0.0;
                    space = None;
                }
                Tok::Space(p) => {
                    if !cur.is_empty() {
                        space = Some(p);
                    }
                }
                Tok::Word(pieces) => {
                    let ww: f32 = pieces.iter().map(|p| p.width).sum();
                    let sw = space.as_ref().map_or(0.0, |s| s.width);
                    if !cur.is_empty() && cur_w + sw + ww <= width {
                        if let Some(s) = space.take() {
                            cur.push(s);
                        }
                        cur_w += sw + ww;
                        cur.extend(pieces);
                        continue;
                    }
                    if !cur.is_empty() {
                        lines.push(std::mem::take(&mut cur));
                        cur_w = 0.0;
                    }
                    space = None;
                    if ww <= width {
                        cur_w = ww;
                        cur = pieces;
                        continue;
                    }
                    // Over-long word (a URL, say): break it after a '/', '-', '.', '?', '&',
                    // '=', '_' or '@' when there is one on the line, else between characters.
                    for p in pieces {
                        let m = self.m(p.face);
                        let mut buf = String::new();
                        let mut buf_w = 0.0f32;
                        // Last place in `buf` after which a break reads well: (byte, width).
                        let mut soft: Option<(usize, f32)> = None;
                        let mut prev: Option<u16> = None;
                        for ch in p.text.chars() {
                            let g = m.glyph_or_replacement(ch);
                            let kern = prev.map_or(0.0, |pg| m.kern(pg, g));
                            let cw = (m.advance(g) + kern) * p.size;
                            if cur_w + buf_w + cw > width && (cur_w > 0.0 || !buf.is_empty()) {
                                let (head, head_w, tail) = match soft {
                                    Some((at, w)) if at > 0 && at < buf.len() => {
                                        (buf[..at].to_string(), w, buf[at..].to_string())
                                    }
                                    _ => (std::mem::take(&mut buf), buf_w, String::new()),
                                };
                                if !head.is_empty() {
                                    cur.push(Piece {
                                        text: head,
                                        width: head_w,
                                        ..p.clone()
                                    });
                                }
                                lines.push(std::mem::take(&mut cur));
                                cur_w = 0.0;
                                buf_w = self.width(p.face, p.size, &tail);
                                prev = tail.chars().last().map(|c| m.glyph_or_replacement(c));
                                buf = tail;
                                soft = None;
                            }
                            let kern = if buf.is_empty() {
                                0.0
                            } else {
                                prev.map_or(0.0, |pg| m.kern(pg, g))
                            };
                            buf.push(ch);
                            buf_w += (m.advance(g) + kern) * p.size;
                            prev = Some(g);
                            if matches!(ch, '/' | '-' | '.' | '?' | '&' | '=' | '_' | '@') {
                                soft = Some((buf.len(), buf_w));
                            }
                        }
                        if !buf.is_empty() {
                            cur.push(Piece {
                                text: buf,
                                width: buf_w,
                                ..p.clone()
                            });
                            cur_w += buf_w;
                        }
                    }
                }
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
        lines
    }

    fn run(&self, text: &str, face: Face, size: f32, x: f32, y: f32, color: Rgb) -> GlyphRun {
        self.run_pieces(&[text], face, size, x, y, color)
    }

    /// A glyph run from consecutive pieces of text: kerned within each piece, as measured.
    fn run_pieces(
        &self,
        pieces: &[&str],
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        color: Rgb,
    ) -> GlyphRun {
        let m = self.m(face);
        let mut out = String::new();
        let mut glyphs: Vec<PlacedGlyph> = Vec::new();
        for piece in pieces {
            let mut prev: Option<usize> = None;
            for ch in piece.chars() {
                // A character the font lacks becomes its nearest plain cousin, or '?'; the
                // text says what is drawn, so copy-paste and screen readers match the page.
                let ch = m.drawn_char(ch);
                let gid = m.glyph_or_replacement(ch);
                if let Some(p) = prev
                    && let Some(g) = glyphs.get_mut(p)
                {
                    g.advance += m.kern(g.gid, gid);
                }
                let start = out.len();
                out.push(ch);
                glyphs.push(PlacedGlyph {
                    gid,
                    advance: m.advance(gid),
                    start,
                    end: out.len(),
                });
                prev = Some(glyphs.len() - 1);
            }
        }
        GlyphRun {
            face,
            size,
            x,
            y,
            color,
            text: out,
            glyphs,
        }
    }

    /// Lays out inline content as lines at `x`, `width` wide, owned by `owner`.
    fn inline_lines(
        &mut self,
        spans: &[Span],
        ts: &TextStyle,
        x: f32,
        width: f32,
        owner: NodeId,
    ) -> Vec<FlowItem> {
        let toks = self.tokens(spans, ts);
        let lines = self.break_lines(toks, width);
        let ascent = self.m(ts.plain).ascent * ts.size;
        let descent = -self.m(ts.plain).descent * ts.size;
        // Baseline so that the line's ink is centred in its leading.
        // (The ink never rises above the line's top, so nothing pokes above the top margin.)
        let baseline = ((ts.leading - (ascent + descent)) / 2.0).max(0.0) + ascent;
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let mut parts: Vec<Part> = Vec::new();
            let mut cx = x;
            let mut i = 0;
            while i < line.len() {
                // A segment: consecutive pieces with the same link.
                let link = line[i].link;
                let mut j = i;
                while j < line.len() && line[j].link == link {
                    j += 1;
                }
                let seg = &line[i..j];
                let seg_owner = match link {
                    Some(l) => self.link_node(l, owner),
                    None => owner,
                };
                let seg_x = cx;
                let mut elems = Vec::new();
                let mut backgrounds = Vec::new();
                let mut k = 0;
                while k < seg.len() {
                    let p = &seg[k];
                    let mut texts: Vec<&str> = vec![p.text.as_str()];
                    let mut w = p.width;
                    let mut l = k + 1;
                    while l < seg.len()
                        && seg[l].face == p.face
                        && seg[l].color == p.color
                        && seg[l].style == p.style
                    {
                        texts.push(seg[l].text.as_str());
                        w += seg[l].width;
                        l += 1;
                    }
                    // Drop trailing spaces at the end of the line.
                    let at_line_end = i + l >= line.len() && j == line.len();
                    if at_line_end {
                        while let Some(last) = texts.pop() {
                            let trimmed = last.trim_end_matches(' ');
                            if !trimmed.is_empty() {
                                texts.push(trimmed);
                                break;
                            }
                        }
                        w = texts.iter().map(|t| self.width(p.face, p.size, t)).sum();
                    }
                    if !texts.is_empty() {
                        let run = self.run_pieces(&texts, p.face, p.size, cx, baseline, p.color);
                        let ink_w = w;
                        if p.style.code {
                            backgrounds.push(Elem::Fill {
                                rect: Rect {
                                    x: cx - 1.0,
                                    y: baseline - ascent * 0.95,
                                    w: ink_w + 2.0,
                                    h: (ascent + descent) * 0.95,
                                },
                                color: CODE_BG,
                            });
                        }
                        elems.push(Elem::Glyphs(run));
                        if p.link.is_some() {
                            elems.push(Elem::Fill {
                                rect: Rect {
                                    x: cx,
                                    y: baseline + p.size * 0.12,
                                    w: ink_w,
                                    h: 0.5,
                                },
                                color: LINK,
                            });
                        }
                        if p.style.strike {
                            elems.push(Elem::Fill {
                                rect: Rect {
                                    x: cx,
                                    y: baseline - p.size * 0.28,
                                    w: ink_w,
                                    h: 0.6,
                                },
                                color: p.color,
                            });
                        }
                    }
                    cx += w;
                    k = l;
                }
                if !backgrounds.is_empty() {
                    parts.push(Part {
                        owner: Owner::Artifact(ArtifactKind::Layout),
                        elems: backgrounds,
                        link: None,
                    });
                }
                if !elems.is_empty() {
                    let link = link.map(|l| LinkRef {
                        node: seg_owner,
                        md_link: l,
                        rect: Rect {
                            x: seg_x,
                            y: 0.0,
                            w: cx - seg_x,
                            h: ts.leading,
                        },
                    });
                    parts.push(Part {
                        owner: Owner::Node(seg_owner),
                        elems,
                        link,
                    });
                }
                i = j;
            }
            out.push(FlowItem {
                height: ts.leading,
                parts,
                baseline,
                ..FlowItem::default()
            });
        }
        out
    }

    fn link_node(&mut self, md_link: usize, parent: NodeId) -> NodeId {
        if let Some(Some(id)) = self.link_nodes.get(md_link) {
            return *id;
        }
        let id = self.node(Role::Link, parent);
        if md_link >= self.link_nodes.len() {
            self.link_nodes.resize(md_link + 1, None);
        }
        self.link_nodes[md_link] = Some(id);
        id
    }

    fn paragraph(
        &mut self,
        spans: &[Span],
        ts: &TextStyle,
        x: f32,
        width: f32,
        parent: NodeId,
        space_before: f32,
    ) -> Vec<FlowItem> {
        let p = self.node(Role::P, parent);
        let mut lines = self.inline_lines(spans, ts, x, width, p);
        let n = lines.len();
        if let Some(first) = lines.first_mut() {
            first.space_before = space_before;
        }
        // No orphans (a lone first line at a page bottom) and no widows (a lone last line).
        if n >= 2 {
            lines[0].keep_with_next = true;
            lines[n - 2].keep_with_next = true;
        }
        lines
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, parent: NodeId) -> Vec<FlowItem> {
        let mut out = Vec::new();
        for block in blocks {
            let items = self.block(block, x, width, parent);
            out.extend(items);
        }
        out
    }

    fn block(&mut self, block: &Block, x: f32, width: f32, parent: NodeId) -> Vec<FlowItem> {
        match block {
            Block::Heading { level, id, spans } => {
                // Never skip a level: "# A" then "#### B" makes B a level-2 heading.
                let level = (*level).min(self.last_heading + 1).clamp(1, 6);
                self.last_heading = level;
                let title = parse::plain_text(spans);
                let h = self.node(
                    Role::H {
                        level,
                        title: title.clone(),
                    },
                    parent,
                );
                let (ts, before, after) = heading_style(level);
                let mut lines = self.inline_lines(spans, &ts, x, width, h);
                let n = lines.len();
                for (i, line) in lines.iter_mut().enumerate() {
                    line.keep_with_next = true;
                    if i == 0 {
                        line.space_before = before;
                        line.outline = Some((level, title.clone()));
                        line.anchor = id.clone();
                    }
                    if i + 1 == n {
                        line.height += after;
                    }
                }
                lines
            }
            Block::Para(spans) => self.paragraph(spans, &BODY, x, width, parent, PARA_GAP),
            Block::Code(text) => {
                let p = self.node(Role::P, parent);
                let ts = TextStyle {
                    size: 9.5,
                    leading: 13.0,
                    color: TEXT,
                    ..BODY
                };
                let mut out: Vec<FlowItem> = Vec::new();
                for l in text.trim_end_matches('\n').split('\n') {
                    // Keep the indentation: leading spaces become no-break spaces.
                    let l = l.replace('\t', "    ");
                    let body = l.trim_start_matches(' ');
                    let indent = "\u{A0}".repeat(l.len() - body.len());
                    let span = Span {
                        text: format!("{indent}{body}"),
                        style: Style::default(),
                        link: None,
                        hard_break: false,
                    };
                    let mut items = self.inline_lines(&[span], &ts, x + 6.0, width - 12.0, p);
                    if items.is_empty() {
                        items.push(FlowItem {
                            height: ts.leading,
                            ..FlowItem::default()
                        });
                    }
                    out.extend(items);
                }
                // Padding above the first and below the last line, inside the grey box.
                const PAD: f32 = 4.0;
                if let Some(first) = out.first_mut() {
                    first.space_before = PARA_GAP;
                    first.height += PAD;
                    first.baseline += PAD;
                    for part in &mut first.parts {
                        shift_part(part, PAD);
                    }
                }
                if let Some(last) = out.last_mut() {
                    last.height += PAD;
                }
                let n = out.len();
                for (i, item) in out.iter_mut().enumerate() {
                    item.keep_with_next = i == 0 || i + 2 == n;
                    item.parts.insert(
                        0,
                        Part {
                            owner: Owner::Artifact(ArtifactKind::Layout),
                            elems: vec![Elem::Fill {
                                rect: Rect {
                                    x,
                                    y: 0.0,
                                    w: width,
                                    h: item.height,
                                },
                                color: CODE_BG,
                            }],
                            link: None,
                        },
                    );
                }
                out
            }
            Block::Rule => vec![FlowItem {
                height: 12.0,
                space_before: 6.0,
                keep_with_next: true,
                parts: vec![Part {
                    owner: Owner::Artifact(ArtifactKind::Layout),
                    elems: vec![Elem::Fill {
                        rect: Rect {
                            x,
                            y: 6.0,
                            w: width,
                            h: 0.6,
                        },
                        color: RULE,
                    }],
                    link: None,
                }],
                ..FlowItem::default()
            }],
            Block::Quote(blocks) => {
                let q = self.node(Role::BlockQuote, parent);
                let mut items = self.blocks(blocks, x + QUOTE_INDENT, width - QUOTE_INDENT, q);
                for item in &mut items {
                    item.parts.insert(
                        0,
                        Part {
                            owner: Owner::Artifact(ArtifactKind::Layout),
                            elems: vec![Elem::Fill {
                                rect: Rect {
                                    x: x + 2.0,
                                    y: -item.space_before.min(PARA_GAP),
                                    w: 2.0,
                                    h: item.height + item.space_before.min(PARA_GAP),
                                },
                                color: LIGHT_RULE,
                            }],
                            link: None,
                        },
                    );
                }
                items
            }
            Block::List { start, items } => self.list(*start, items, x, width, parent),
            Block::Table { align, head, rows } => self.table(align, head, rows, x, width, parent),
        }
    }

    /// The title block under the title: organisation, version, adopting act; then a rule.
    fn title_block(&mut self, lines: &[String]) -> Vec<FlowItem> {
        let mut items = Vec::new();
        if lines.is_empty() {
            return items;
        }
        let ts = TextStyle {
            size: 11.0,
            leading: 15.0,
            color: MUTED,
            ..BODY
        };
        for (k, line) in lines.iter().enumerate() {
            let span = Span {
                text: line.clone(),
                style: Style::default(),
                link: None,
                hard_break: false,
            };
            let mut p = self.paragraph(&[span], &ts, MARGIN_LEFT, BODY_WIDTH, 0, 0.0);
            for it in &mut p {
                it.keep_with_next = true;
            }
            if k == 0
                && let Some(first) = p.first_mut()
            {
                first.space_before = 2.0;
            }
            items.extend(p);
        }
        items.push(FlowItem {
            height: 14.0,
            parts: vec![Part {
                owner: Owner::Artifact(ArtifactKind::Layout),
                elems: vec![Elem::Fill {
                    rect: Rect {
                        x: MARGIN_LEFT,
                        y: 8.0,
                        w: BODY_WIDTH,
                        h: 1.0,
                    },
                    color: HEADING,
                }],
                link: None,
            }],
            ..FlowItem::default()
        });
        items
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        let l = self.node(
            Role::L {
                ordered: start.is_some(),
            },
            parent,
        );
        let depth = self.list_depth(parent);
        let labels: Vec<String> = (0..items.len())
            .map(|i| match start {
                Some(s) => format!("{}.", s.saturating_add(i as u64)),
                None => match depth % 3 {
                    0 => "•".to_string(),
                    1 => "–".to_string(),
                    _ => "·".to_string(),
                },
            })
            .collect();
        let label_w = labels
            .iter()
            .map(|s| self.width(Face::Regular, BODY_SIZE, s))
            .fold(0.0f32, f32::max);
        let indent = LIST_INDENT.max(label_w + 6.0);
        let mut out = Vec::new();
        for (i, blocks) in items.iter().enumerate() {
            let li = self.node(Role::LI, l);
            let lbl = self.node(Role::Lbl, li);
            let body = self.node(Role::LBody, li);
            let mut flow = self.blocks(blocks, x + indent, width - indent, body);
            if flow.is_empty() {
                flow.push(FlowItem {
                    height: BODY_LEADING,
                    baseline: BODY_LEADING * 0.72,
                    ..FlowItem::default()
                });
            }
            let label = &labels[i];
            let lw = self.width(Face::Regular, BODY_SIZE, label);
            let first = &mut flow[0];
            let run = self.run(
                label,
                Face::Regular,
                BODY_SIZE,
                x + indent - 5.0 - lw,
                first.baseline,
                TEXT,
            );
            first.parts.insert(
                0,
                Part {
                    owner: Owner::Node(lbl),
                    elems: vec![Elem::Glyphs(run)],
                    link: None,
                },
            );
            // Tight spacing between items of a list, a paragraph gap before the list.
            first.space_before = if i == 0 && depth == 0 { PARA_GAP } else { 3.0 };
            out.extend(flow);
        }
        out
    }

    fn list_depth(&self, mut node: NodeId) -> usize {
        let mut depth = 0;
        while let Some(slot) = self.nodes.get(node) {
            if matches!(slot.node.role, Role::L { .. }) {
                depth += 1;
            }
            match slot.parent {
                Some(p) => node = p,
                None => break,
            }
        }
        depth
    }

    /// Natural (one-line) width and longest-word width of a cell.
    fn cell_widths(&self, spans: &[Span], ts: &TextStyle) -> (f32, f32) {
        let toks = self.tokens(spans, ts);
        let mut natural = 0.0f32;
        let mut longest = 0.0f32;
        for t in &toks {
            match t {
                Tok::Word(ps) => {
                    let w: f32 = ps.iter().map(|p| p.width).sum();
                    natural += w;
                    longest = longest.max(w);
                }
                Tok::Space(p) => natural += p.width,
                Tok::Break => {}
            }
        }
        (natural, longest)
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        let ncols = head
            .len()
            .max(rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if ncols == 0 {
            return Vec::new();
        }
        let cell_ts = TextStyle {
            size: TABLE_SIZE,
            leading: TABLE_LEADING,
            ..BODY
        };
        let head_ts = TextStyle {
            plain: Face::SemiBold,
            italic: Face::SemiBold,
            ..cell_ts
        };
        // Column widths from content: natural widths when they fit, else shrink the wide
        // columns towards their longest word; no column wider than 60% of the table.
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for (c, cell) in head.iter().enumerate() {
            let (n, m) = self.cell_widths(cell, &head_ts);
            natural[c] = natural[c].max(n);
            minimum[c] = minimum[c].max(m);
        }
        for row in rows {
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let (n, m) = self.cell_widths(cell, &cell_ts);
                natural[c] = natural[c].max(n);
                minimum[c] = minimum[c].max(m);
            }
        }
        let pad = 2.0 * CELL_PAD_X;
        let cap = width * 0.6;
        let natural: Vec<f32> = natural.iter().map(|w| (w + pad).min(cap)).collect();
        let floor = (width / ncols as f32).min(60.0);
        let minimum: Vec<f32> = minimum
            .iter()
            .zip(&natural)
            .map(|(m, n)| (m + pad).min(cap).max(floor.min(*n)))
            .collect();
        let total_nat: f32 = natural.iter().sum();
        let total_min: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if total_nat <= width {
            // Spread the spare room in proportion to content.
            let extra = width - total_nat;
            natural
                .iter()
                .map(|w| w + extra * w / total_nat.max(1.0))
                .collect()
        } else if total_min < width {
            let room = width - total_min;
            let want: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| m + room * (n - m) / want.max(0.001))
                .collect()
        } else {
            vec![width / ncols as f32; ncols]
        };

        let t = self.node(Role::Table, parent);
        let mut out = Vec::new();
        let mut header_index = None;
        if !head.is_empty() {
            let thead = self.node(Role::THead, t);
            let tr = self.node(Role::TR, thead);
            let mut item = self.row(head, &widths, align, x, &head_ts, tr, Role::TH, true);
            item.keep_with_next = true;
            item.space_before = PARA_GAP + 2.0;
            let mut repeat = item.clone();
            repeat.space_before = 0.0;
            for part in &mut repeat.parts {
                part.owner = Owner::Artifact(ArtifactKind::Pagination);
                part.link = None;
            }
            self.repeats.push(repeat);
            header_index = Some(self.repeats.len() - 1);
            out.push(item);
        }
        if !rows.is_empty() {
            let tbody = self.node(Role::TBody, t);
            for (r, row) in rows.iter().enumerate() {
                let tr = self.node(Role::TR, tbody);
                let mut item = self.row(row, &widths, align, x, &cell_ts, tr, Role::TD, false);
                item.repeat = header_index;
                if r == 0 && head.is_empty() {
                    item.space_before = PARA_GAP + 2.0;
                }
                out.push(item);
            }
        }
        // A little air after the table.
        if let Some(last) = out.last_mut() {
            last.height += 4.0;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        cells: &[Vec<Span>],
        widths: &[f32],
        align: &[Align],
        x: f32,
        ts: &TextStyle,
        tr: NodeId,
        role: Role,
        header: bool,
    ) -> FlowItem {
        let mut cx = x;
        let mut cell_parts: Vec<Part> = Vec::new();
        let mut height = 0.0f32;
        let empty = Vec::new();
        for (c, w) in widths.iter().enumerate() {
            let cell = cells.get(c).unwrap_or(&empty);
            let node = self.node(role.clone(), tr);
            let mut lines =
                self.inline_lines(cell, ts, cx + CELL_PAD_X, w - 2.0 * CELL_PAD_X, node);
            if lines.is_empty() {
                // An empty cell still gets a (blank) content sequence, so the table stays
                // regular in the structure tree.
                let run = self.run(
                    " ",
                    ts.plain,
                    ts.size,
                    cx + CELL_PAD_X,
                    ts.leading * 0.75,
                    ts.color,
                );
                lines.push(FlowItem {
                    height: ts.leading,
                    parts: vec![Part {
                        owner: Owner::Node(node),
                        elems: vec![Elem::Glyphs(run)],
                        link: None,
                    }],
                    ..FlowItem::default()
                });
            }
            let inner = w - 2.0 * CELL_PAD_X;
            let mut y = CELL_PAD_Y;
            for mut line in lines {
                // Centre or right-align the line in its cell, as the delimiter row asks.
                let used = line_right(&line) - (cx + CELL_PAD_X);
                let dx = match align.get(c) {
                    Some(Align::Right) => (inner - used).max(0.0),
                    Some(Align::Center) => ((inner - used) / 2.0).max(0.0),
                    _ => 0.0,
                };
                if dx > 0.0 {
                    for part in &mut line.parts {
                        for e in &mut part.elems {
                            shift_elem(e, dx, 0.0);
                        }
                        if let Some(l) = &mut part.link {
                            l.rect.x += dx;
                        }
                    }
                }
                for mut part in line.parts {
                    shift_part(&mut part, y);
                    cell_parts.push(part);
                }
                y += line.height;
            }
            height = height.max(y + CELL_PAD_Y);
            cx += w;
        }
        let total_w: f32 = widths.iter().sum();
        let mut deco = Vec::new();
        if header {
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: 0.0,
                    w: total_w,
                    h: height,
                },
                color: HEADER_BG,
            });
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: height - 0.8,
                    w: total_w,
                    h: 0.8,
                },
                color: RULE,
            });
        } else {
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: height - 0.5,
                    w: total_w,
                    h: 0.5,
                },
                color: LIGHT_RULE,
            });
        }
        let mut parts = vec![Part {
            owner: Owner::Artifact(ArtifactKind::Layout),
            elems: deco,
            link: None,
        }];
        parts.extend(cell_parts);
        let ascent = self.m(ts.plain).ascent * ts.size;
        let descent = -self.m(ts.plain).descent * ts.size;
        FlowItem {
            height,
            parts,
            // Baseline of the first line of text, for a list label beside the row.
            baseline: CELL_PAD_Y + ((ts.leading - (ascent + descent)) / 2.0).max(0.0) + ascent,
            ..FlowItem::default()
        }
    }
}

/// Right end of the text of a line.
fn line_right(line: &FlowItem) -> f32 {
    line.parts
        .iter()
        .flat_map(|p| p.elems.iter())
        .filter_map(|e| match e {
            Elem::Glyphs(run) => Some(run.x + run.width()),
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

/// Places flow items on pages and builds the role tree in reading order.
struct Paginator<'a> {
    layout: Layout<'a>,
    pages: Vec<Page>,
    links: Vec<LinkArea>,
    outline: Vec<OutlineEntry>,
    anchors: Vec<Anchor>,
    y: f32,
}

impl Paginator<'_> {
    fn attach(&mut self, node: NodeId) {
        let mut chain = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            let Some(slot) = self.layout.nodes.get(n) else {
                break;
            };
            if slot.attached {
                break;
            }
            chain.push(n);
            cur = slot.parent;
        }
        for n in chain.into_iter().rev() {
            if let Some(p) = self.layout.nodes[n].parent {
                self.layout.nodes[p].node.children.push(Child::Node(n));
            }
            self.layout.nodes[n].attached = true;
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    fn place(&mut self, item: &FlowItem, top: f32) {
        let page = self.pages.len() - 1;
        if let Some((level, title)) = &item.outline {
            self.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page,
                y: top,
            });
        }
        if let Some(name) = &item.anchor
            && !self.anchors.iter().any(|a| &a.name == name)
        {
            self.anchors.push(Anchor {
                name: name.clone(),
                page,
                y: top,
            });
        }
        for part in &item.parts {
            let mut elems = part.elems.clone();
            for e in &mut elems {
                shift_elem(e, 0.0, top);
            }
            match part.owner {
                Owner::Artifact(kind) => {
                    if !elems.is_empty() {
                        self.pages[page].items.push(Item::Artifact { kind, elems });
                    }
                }
                Owner::Node(owner) => {
                    self.attach(owner);
                    if let Some(link) = &part.link {
                        let md = &self.layout.md.links;
                        let (url, alt) = md
                            .get(link.md_link)
                            .map(|l| (l.url.clone(), l.alt.clone()))
                            .unwrap_or_default();
                        let mut rect = link.rect;
                        rect.y += top;
                        self.links.push(LinkArea {
                            page,
                            rect,
                            owner: link.node,
                            url,
                            alt,
                            target: None,
                        });
                        let index = self.links.len() - 1;
                        self.layout.nodes[link.node]
                            .node
                            .children
                            .push(Child::Link(index));
                    }
                    let index = self.pages[page].items.len();
                    self.pages[page].items.push(Item::Content { owner, elems });
                    self.layout.nodes[owner]
                        .node
                        .children
                        .push(Child::Content { page, item: index });
                }
            }
        }
    }

    fn run(&mut self, items: Vec<FlowItem>, repeats: &[FlowItem]) {
        self.new_page();
        let body = BODY_BOTTOM - MARGIN_TOP;
        for i in 0..items.len() {
            let item = &items[i];
            let at_top = self.y <= MARGIN_TOP;
            let before = if at_top { 0.0 } else { item.space_before };
            let mut fits = self.y + before + item.height <= BODY_BOTTOM;
            if fits && item.keep_with_next && !at_top {
                // The item and the ones it must stay with.
                let mut need = before + item.height;
                let mut j = i;
                while j + 1 < items.len() && items[j].keep_with_next {
                    j += 1;
                    need += items[j].space_before + items[j].height;
                }
                if need <= body * 0.5 && self.y + need > BODY_BOTTOM {
                    fits = false;
                }
            }
            if !fits && !at_top {
                self.new_page();
                if let Some(h) = item.repeat.and_then(|h| repeats.get(h)) {
                    self.place(h, self.y);
                    self.y += h.height;
                }
            }
            let before = if self.y <= MARGIN_TOP {
                0.0
            } else {
                item.space_before
            };
            let top = self.y + before;
            if top + item.height <= BODY_BOTTOM {
                self.place(item, top);
                self.y = top + item.height;
                continue;
            }
            // Taller than a whole page (a huge table row): split it between lines.
            let mut rest = item.clone();
            let mut top = top;
            loop {
                let avail = BODY_BOTTOM - top;
                if rest.height <= avail {
                    self.place(&rest, top);
                    self.y = top + rest.height;
                    break;
                }
                let (head, tail) = split_item(&rest, avail);
                self.place(&head, top);
                self.new_page();
                if let Some(h) = rest.repeat.and_then(|h| repeats.get(h)) {
                    self.place(h, self.y);
                    self.y += h.height;
                }
                top = self.y;
                rest = tail;
            }
        }
    }
}

/// Splits a flow item at a line boundary at or above `avail` (relative to its top).
fn split_item(item: &FlowItem, avail: f32) -> (FlowItem, FlowItem) {
    let extent = |run: &GlyphRun| (run.y - run.size * 0.95, run.y + run.size * 0.35);
    let runs: Vec<(f32, f32)> = item
        .parts
        .iter()
        .flat_map(|p| p.elems.iter())
        .filter_map(|e| match e {
            Elem::Glyphs(run) => Some(extent(run)),
            Elem::Fill { .. } => None,
        })
        .collect();
    // The lowest line top that fits, provided no line straddles it.
    let mut cut = runs
        .iter()
        .map(|(top, _)| *top)
        .filter(|t| *t <= avail && *t > 1.0)
        .fold(0.0f32, f32::max);
    let straddles = |c: f32| runs.iter().any(|(t, b)| *t < c - 0.01 && *b > c + 0.01);
    if cut <= 1.0 || straddles(cut) {
        cut = avail.max(1.0);
    }
    let mut head = FlowItem {
        height: cut,
        outline: item.outline.clone(),
        anchor: item.anchor.clone(),
        repeat: item.repeat,
        baseline: item.baseline,
        ..FlowItem::default()
    };
    let mut tail = FlowItem {
        height: (item.height - cut).max(0.0),
        keep_with_next: item.keep_with_next,
        repeat: item.repeat,
        ..FlowItem::default()
    };
    for part in &item.parts {
        let mut h = Part {
            owner: part.owner,
            elems: Vec::new(),
            link: None,
        };
        let mut t = h.clone();
        for e in &part.elems {
            match e {
                Elem::Glyphs(run) => {
                    if run.y < cut {
                        h.elems.push(e.clone());
                    } else {
                        let mut e = e.clone();
                        shift_elem(&mut e, 0.0, -cut);
                        t.elems.push(e);
                    }
                }
                Elem::Fill { rect, color } => {
                    if rect.y + rect.h <= cut {
                        h.elems.push(e.clone());
                    } else if rect.y >= cut {
                        let mut e = e.clone();
                        shift_elem(&mut e, 0.0, -cut);
                        t.elems.push(e);
                    } else {
                        h.elems.push(Elem::Fill {
                            rect: Rect {
                                h: cut - rect.y,
                                ..*rect
                            },
                            color: *color,
                        });
                        t.elems.push(Elem::Fill {
                            rect: Rect {
                                y: 0.0,
                                h: rect.y + rect.h - cut,
                                ..*rect
                            },
                            color: *color,
                        });
                    }
                }
            }
        }
        if let Some(link) = &part.link {
            if link.rect.y + link.rect.h / 2.0 < cut {
                h.link = Some(link.clone());
            } else {
                let mut l = link.clone();
                l.rect.y -= cut;
                t.link = Some(l);
            }
        }
        for (p, target) in [(h, &mut head), (t, &mut tail)] {
            if !p.elems.is_empty() {
                target.parts.push(p);
            }
        }
    }
    (head, tail)
}

/// The text pieces of the footer, laid out once the page count is known.
pub struct FooterText<'a> {
    pub footer: &'a str,
    pub page_label: &'a str,
    pub fingerprint: Option<&'a str>,
}

/// Lays out a Markdown document into a display document.
pub fn layout(
    markdown: &str,
    info: DocInfo,
    title_block: &[String],
    footer: &FooterText<'_>,
) -> Result<DisplayDocument, PdfError> {
    let metrics = fonts::metrics().ok_or(PdfError::Font)?;
    let md = parse::parse(markdown);
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
        flow.extend(l.title_block(title_block));
    }
    for (i, block) in md.blocks.iter().enumerate() {
        flow.extend(l.block(block, MARGIN_LEFT, BODY_WIDTH, 0));
        if Some(i) == first_h1 {
            flow.extend(l.title_block(title_block));
        }
    }
    let repeats = std::mem::take(&mut l.repeats);
    let mut pg = Paginator {
        layout: l,
        pages: Vec::new(),
        links: Vec::new(),
        outline: Vec::new(),
        anchors: Vec::new(),
        y: MARGIN_TOP,
    };
    pg.run(flow, &repeats);
    let total = pg.pages.len();
    for n in 0..total {
        let items = footer_items(&pg.layout, footer, n + 1, total);
        pg.pages[n].items.extend(items);
    }
    // Links to `#name` go to the heading with that anchor.
    for link in &mut pg.links {
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

fn footer_items(l: &Layout<'_>, footer: &FooterText<'_>, n: usize, total: usize) -> Vec<Item> {
    let label = footer
        .page_label
        .replace("{n}", &n.to_string())
        .replace("{N}", &total.to_string());
    let label_w = l.width(Face::Regular, FOOTER_SIZE, &label);
    let right = PAGE_WIDTH - MARGIN_RIGHT;
    let base = PAGE_HEIGHT - 44.0;
    let ts = TextStyle {
        size: FOOTER_SIZE,
        leading: 10.0,
        color: MUTED,
        ..BODY
    };
    let mut text_elems = Vec::new();
    let avail = (BODY_WIDTH - label_w - 16.0).max(40.0);
    let toks = l.tokens(
        &[Span {
            text: footer.footer.to_string(),
            style: Style::default(),
            link: None,
            hard_break: false,
        }],
        &ts,
    );
    let lines = l.break_lines(toks, avail);
    // At most two lines; the first sits higher when there are two.
    let count = lines.len().min(2);
    for (i, line) in lines.iter().take(2).enumerate() {
        let text: String = line.iter().map(|p| p.text.as_str()).collect();
        let text = text.trim_end();
        let y = base - (count - 1 - i) as f32 * ts.leading;
        text_elems.push(Elem::Glyphs(l.run(
            text,
            Face::Regular,
            FOOTER_SIZE,
            MARGIN_LEFT,
            y,
            MUTED,
        )));
    }
    let top_rule = base - (count.max(1) - 1) as f32 * ts.leading - 12.0;
    let mut items = vec![Item::Artifact {
        kind: ArtifactKind::Layout,
        elems: vec![Elem::Fill {
            rect: Rect {
                x: MARGIN_LEFT,
                y: top_rule,
                w: BODY_WIDTH,
                h: 0.5,
            },
            color: LIGHT_RULE,
        }],
    }];
    if let Some(fp) = footer.fingerprint {
        text_elems.push(Elem::Glyphs(l.run(
            &format!("SHA-256 {fp}"),
            Face::Regular,
            FINGERPRINT_SIZE,
            MARGIN_LEFT,
            base + 9.0,
            MUTED,
        )));
    }
    if !text_elems.is_empty() {
        items.push(Item::Artifact {
            kind: ArtifactKind::Footer,
            elems: text_elems,
        });
    }
    items.push(Item::Artifact {
        kind: ArtifactKind::PageNumber,
        elems: vec![Elem::Glyphs(l.run(
            &label,
            Face::Regular,
            FOOTER_SIZE,
            right - label_w,
            base,
            MUTED,
        ))],
    });
    items
}
