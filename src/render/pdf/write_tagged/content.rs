//! Page content: each page's stream, every content item a marked-content sequence with its
//! MCID (numbered per page), every artifact marked as one.

use std::collections::BTreeMap;

use pdf_writer::Ref;

use super::super::display::{ArtifactKind, DisplayDocument, Elem, GlyphRun, Item, Rgb};
use super::super::fonts::{self, Face};
use super::super::ops::Ops;
use super::super::sink::ObjectSink;
use super::fonts::FontObjects;
use super::{PdfError, int, role_name};

/// Where a content item went: page, MCID.
pub(super) type Mcids = BTreeMap<(usize, usize), i32>;

/// What the content streams marked: the MCID of each content item, and how many each page has.
pub(super) struct Marked {
    pub(super) mcids: Mcids,
    pub(super) per_page: Vec<usize>,
}

/// Writes the content stream of every page.
pub(super) fn write(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    fonts_by_face: &BTreeMap<Face, FontObjects>,
    metrics: &[fonts::FaceMetrics; fonts::FACES],
    content_refs: &[Ref],
) -> Result<Marked, PdfError> {
    let mut mcids: Mcids = BTreeMap::new();
    let mut per_page: Vec<usize> = Vec::with_capacity(doc.pages.len());
    for (index, (page, content)) in doc.pages.iter().zip(content_refs).enumerate() {
        let mut painter = Painter {
            ops: Ops::with_capacity(content_capacity(page)),
            color: None,
            font: None,
            codes: Vec::new(),
            fonts: fonts_by_face,
            metrics,
            page_h: doc.height,
        };
        let mut next_mcid: u32 = 0;
        for (i, item) in page.items.iter().enumerate() {
            let elems = match item {
                Item::Content { owner, elems } => {
                    let role = doc
                        .nodes
                        .get(*owner)
                        .map_or(&b"P"[..], |n| role_name(&n.role));
                    painter
                        .ops
                        .name(role)
                        .raw(b"<</MCID ")
                        .int(next_mcid)
                        .raw(b">>");
                    mcids.insert((index, i), int(next_mcid as usize)?);
                    next_mcid += 1;
                    elems
                }
                Item::Artifact { kind, elems } => {
                    painter
                        .ops
                        .name(b"Artifact")
                        .raw(b"<</Type /")
                        .raw(artifact_type(*kind))
                        .raw(b">>");
                    elems
                }
            };
            painter.ops.op(b"BDC");
            painter.draw(elems);
            painter.ops.op(b"EMC");
        }
        sink.stream(*content, &painter.ops.finish(), |_| {})?;
        per_page.push(next_mcid as usize);
    }
    Ok(Marked { mcids, per_page })
}

fn artifact_type(kind: ArtifactKind) -> &'static [u8] {
    match kind {
        ArtifactKind::Footer | ArtifactKind::PageNumber | ArtifactKind::Pagination => b"Pagination",
        ArtifactKind::Layout => b"Layout",
    }
}

/// Paints the elements of one page into its content stream, remembering the fill colour
/// and font set so far (they persist between text objects).
struct Painter<'a> {
    ops: Ops,
    color: Option<Rgb>,
    font: Option<(Face, u32)>,
    /// Scratch buffer for the glyph codes of a run.
    codes: Vec<u16>,
    fonts: &'a BTreeMap<Face, FontObjects>,
    metrics: &'a [fonts::FaceMetrics; fonts::FACES],
    page_h: f32,
}

impl Painter<'_> {
    fn draw(&mut self, elems: &[Elem]) {
        for e in elems {
            match e {
                Elem::Glyphs(run) => self.run(run),
                Elem::Fill { rect, color } => {
                    self.set_color(*color);
                    self.ops
                        .num(rect.x)
                        .num(self.page_h - rect.y - rect.h)
                        .num(rect.w)
                        .num(rect.h)
                        .op(b"re")
                        .op(b"f");
                }
            }
        }
    }

    fn set_color(&mut self, c: Rgb) {
        if self.color != Some(c) {
            if self.color.is_none() {
                self.ops.name(b"C0").op(b"cs");
            }
            for v in [c.0, c.1, c.2] {
                self.ops.num(f32::from(v) / 255.0);
            }
            self.ops.op(b"scn");
            self.color = Some(c);
        }
    }

    fn run(&mut self, run: &GlyphRun) {
        let Some(font) = self.fonts.get(&run.face) else {
            return;
        };
        let m = &self.metrics[run.face.index()];
        self.set_color(run.color);
        // Placeholder glyphs (characters no face has) read as the real text.
        if let Some(actual) = &run.actual_text {
            let units: Vec<u16> = std::iter::once(0xFEFF)
                .chain(actual.encode_utf16())
                .collect();
            self.ops
                .name(b"Span")
                .raw(b"<</ActualText ")
                .hex_codes(&units)
                .raw(b">>")
                .op(b"BDC");
        }
        self.ops.op(b"BT");
        let key = (run.face, run.size.to_bits());
        if self.font != Some(key) {
            self.ops.name(font.name).num(run.size).op(b"Tf");
            self.font = Some(key);
        }
        self.ops.num(run.x).num(self.page_h - run.y).op(b"Td");
        self.ops.raw(b"[");
        self.codes.clear();
        for g in &run.glyphs {
            self.codes
                .push(font.cids.get(usize::from(g.gid)).copied().unwrap_or(0));
            // The font's /W gives the plain advance; kerning is an adjustment after the
            // glyph, in thousandths of an em (positive moves left).
            let adjust = (m.advance(g.gid) - g.advance) * 1000.0;
            if adjust.abs() >= 0.0005 {
                self.ops.hex_codes(&self.codes);
                self.ops.raw(b" ").num(adjust);
                self.codes.clear();
            }
        }
        if !self.codes.is_empty() {
            self.ops.hex_codes(&self.codes);
        }
        self.ops.raw(b"]").op(b"TJ").op(b"ET");
        if run.actual_text.is_some() {
            self.ops.op(b"EMC");
        }
    }
}

/// A guess at the size of a page's content stream, so it is allocated once.
fn content_capacity(page: &super::super::display::Page) -> usize {
    page.items
        .iter()
        .map(|item| {
            let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
            64 + elems
                .iter()
                .map(|e| match e {
                    Elem::Glyphs(run) => 48 + run.glyphs.len() * 5,
                    Elem::Fill { .. } => 48,
                })
                .sum::<usize>()
        })
        .sum()
}
