//! Tagged PDF written directly with `pdf-writer`: PDF/A-2a + PDF/UA-1 (the default) or
//! PDF/A-2b. The display document already holds everything a tagged file needs (roles,
//! artifacts, links with alternative text, outline, anchors), so this writer only encodes it:
//!
//! * every content item is a marked-content sequence (`/H2 <</MCID 3>> BDC … EMC`) whose
//!   MCID the structure element of its owner lists; artifacts are marked as `/Artifact`;
//! * every link annotation is an `OBJR` of its `Link` element, with `/Contents`;
//! * fonts are Type 0 / CIDFontType2 subsets (`subsetter`) with widths from `hmtx` and a
//!   ToUnicode CMap from the text each glyph stands for;
//! * colours are in a CalRGB space (sRGB primaries and white point), so the file needs no
//!   output intent and no ICC profile;
//! * the XMP metadata says which standards the file claims, and matches the Info dictionary.
//!
//! Every object goes to the [`ObjectSink`] as it is made: small objects into object
//! streams, content, fonts and CMaps compressed into the file.
//!
//! Modules, in the order the writer uses them: [`fonts`], [`content`], [`structure`],
//! [`links`], the pages (here), [`outline`], [`metadata`], the catalog (here).

mod content;
mod fonts;
mod links;
mod metadata;
mod outline;
mod structure;

use std::collections::BTreeMap;

use pdf_writer::writers::Catalog;
use pdf_writer::{Name, Ref, Str, TextStr};

use super::display::DisplayDocument;
use super::fonts::Face;
use super::sink::ObjectSink;
use super::{DisplayWriter, PdfError, PdfStandard};
use fonts::FontObjects;
use outline::xyz;

pub struct TaggedWriter {
    pub standard: PdfStandard,
}

/// A count or index as a PDF integer.
fn int(n: usize) -> Result<i32, PdfError> {
    i32::try_from(n).map_err(|_| PdfError::Writer(format!("{n} is too large for a PDF integer")))
}

/// The objects every part refers to, numbered first.
struct Skeleton {
    catalog: Ref,
    page_tree: Ref,
    color_space: Ref,
    struct_root: Ref,
    metadata: Ref,
    info: Ref,
    pages: Vec<Ref>,
    contents: Vec<Ref>,
}

impl Skeleton {
    fn number(sink: &mut ObjectSink, doc: &DisplayDocument) -> Result<Self, PdfError> {
        Ok(Skeleton {
            catalog: sink.next_ref()?,
            page_tree: sink.next_ref()?,
            color_space: sink.next_ref()?,
            struct_root: sink.next_ref()?,
            metadata: sink.next_ref()?,
            info: sink.next_ref()?,
            pages: refs(sink, doc.pages.len())?,
            contents: refs(sink, doc.pages.len())?,
        })
    }
}

/// `n` new object numbers.
fn refs(sink: &mut ObjectSink, n: usize) -> Result<Vec<Ref>, PdfError> {
    (0..n).map(|_| sink.next_ref()).collect()
}

impl DisplayWriter for TaggedWriter {
    fn write(&self, doc: &DisplayDocument) -> Result<Vec<u8>, PdfError> {
        let ua = !matches!(self.standard, PdfStandard::A2b);
        let metrics = super::fonts::metrics().ok_or(PdfError::Font)?;
        let mut sink = ObjectSink::new();
        let sk = Skeleton::number(&mut sink, doc)?;
        let fonts_by_face = fonts::write(&mut sink, doc, metrics)?;
        let marked = content::write(&mut sink, doc, &fonts_by_face, metrics, &sk.contents)?;
        let tree = structure::write_elements(&mut sink, doc, &marked, &sk.pages, sk.struct_root)?;
        let annots = links::write(&mut sink, doc, &tree.link_refs, &sk.pages)?;
        write_pages(&mut sink, doc, &sk, &fonts_by_face, &annots)?;
        write_color_space(&mut sink, sk.color_space)?;
        structure::write_root(&mut sink, doc, &tree, sk.struct_root)?;
        let outline_root = outline::write_outline(&mut sink, &doc.outline, &sk.pages, doc.height)?;
        metadata::write(&mut sink, doc, ua, sk.metadata, sk.info)?;
        write_catalog(&mut sink, doc, &sk, outline_root)?;
        sink.finish(sk.catalog, sk.info, &file_id(doc))
    }
}

/// Writes the pages, with their resources and annotations, and the page tree.
fn write_pages(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    sk: &Skeleton,
    fonts_by_face: &BTreeMap<Face, FontObjects>,
    annots_by_page: &[Vec<Ref>],
) -> Result<(), PdfError> {
    let pages_count = int(doc.pages.len())?;
    for (index, (page_ref, content)) in sk.pages.iter().zip(&sk.contents).enumerate() {
        sink.object(*page_ref, |obj| {
            let mut page = obj.dict();
            page.pair(Name(b"Type"), Name(b"Page"))
                .pair(Name(b"Parent"), sk.page_tree)
                .pair(Name(b"Contents"), *content)
                .pair(Name(b"StructParents"), int(index)?)
                .pair(Name(b"Tabs"), Name(b"S"));
            page.insert(Name(b"MediaBox"))
                .array()
                .items([0.0, 0.0, doc.width, doc.height]);
            {
                let mut resources = page.insert(Name(b"Resources")).dict();
                resources
                    .insert(Name(b"ColorSpace"))
                    .dict()
                    .pair(Name(b"C0"), sk.color_space);
                let mut f = resources.insert(Name(b"Font")).dict();
                for font in fonts_by_face.values() {
                    f.pair(Name(font.name), font.type0);
                }
            }
            if let Some(annots) = annots_by_page.get(index).filter(|a| !a.is_empty()) {
                page.insert(Name(b"Annots"))
                    .array()
                    .items(annots.iter().copied());
            }
            Ok(())
        })?;
    }
    sink.object(sk.page_tree, |obj| {
        obj.dict()
            .pair(Name(b"Type"), Name(b"Pages"))
            .pair(Name(b"Count"), pages_count)
            .insert(Name(b"Kids"))
            .array()
            .items(sk.pages.iter().copied());
        Ok(())
    })
}

/// CalRGB with the sRGB white point, gamma and primaries.
fn write_color_space(sink: &mut ObjectSink, color_space: Ref) -> Result<(), PdfError> {
    sink.object(color_space, |obj| {
        let mut cs = obj.array();
        cs.item(Name(b"CalRGB"));
        let mut d = cs.push().dict();
        d.insert(Name(b"WhitePoint"))
            .array()
            .items([0.9505f32, 1.0, 1.089]);
        d.insert(Name(b"Gamma")).array().items([2.2f32, 2.2, 2.2]);
        d.insert(Name(b"Matrix")).array().items([
            0.4124f32, 0.2126, 0.0193, 0.3576, 0.7152, 0.1192, 0.1805, 0.0722, 0.9505,
        ]);
        Ok(())
    })
}

/// Writes the catalog: pages, metadata, structure, language, outline and named destinations.
fn write_catalog(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    sk: &Skeleton,
    outline_root: Option<Ref>,
) -> Result<(), PdfError> {
    let mut anchors: Vec<_> = doc.anchors.iter().collect();
    anchors.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    if let Some(w) = anchors.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(PdfError::Writer(format!(
            "anchor {} given twice",
            w[0].name
        )));
    }
    sink.object(sk.catalog, |obj| {
        let mut cat = obj.start::<Catalog>();
        cat.pair(Name(b"Pages"), sk.page_tree)
            .pair(Name(b"Metadata"), sk.metadata)
            .pair(Name(b"StructTreeRoot"), sk.struct_root)
            .pair(Name(b"Lang"), TextStr(&doc.info.lang));
        cat.insert(Name(b"MarkInfo"))
            .dict()
            .pair(Name(b"Marked"), true);
        cat.insert(Name(b"ViewerPreferences"))
            .dict()
            .pair(Name(b"DisplayDocTitle"), true);
        if let Some(o) = outline_root {
            cat.pair(Name(b"Outlines"), o)
                .pair(Name(b"PageMode"), Name(b"UseOutlines"));
        }
        if anchors.is_empty() {
            return Ok(());
        }
        let mut names = cat.insert(Name(b"Names")).dict();
        let mut dests = names.insert(Name(b"Dests")).dict();
        let mut list = dests.insert(Name(b"Names")).array();
        for a in anchors {
            let Some(p) = sk.pages.get(a.page) else {
                continue;
            };
            list.item(Str(a.name.as_bytes()));
            xyz(&mut list.push().array(), *p, doc.height - a.y);
        }
        Ok(())
    })
}

/// The file identifier: a hash of the document's identity and of everything it draws, so
/// two documents of one source (external and internal) differ, and one input always gives
/// the same identifier.
fn file_id(doc: &DisplayDocument) -> Vec<u8> {
    let (identity, drawn) = super::write_printpdf::content_hash(doc);
    format!("{identity:016x}{drawn:016x}").into_bytes()
}

/// The standard structure type of a role (ISO 32000-1 14.8.4), used by the structure tree
/// and by the marked content that points into it.
fn role_name(role: &super::display::Role) -> &'static [u8] {
    match role {
        super::display::Role::Document => b"Document",
        super::display::Role::H { level, .. } => match level {
            1 => b"H1",
            2 => b"H2",
            3 => b"H3",
            4 => b"H4",
            5 => b"H5",
            _ => b"H6",
        },
        super::display::Role::P => b"P",
        super::display::Role::L { .. } => b"L",
        super::display::Role::LI => b"LI",
        super::display::Role::Lbl => b"Lbl",
        super::display::Role::LBody => b"LBody",
        super::display::Role::Table => b"Table",
        super::display::Role::THead => b"THead",
        super::display::Role::TBody => b"TBody",
        super::display::Role::TR => b"TR",
        super::display::Role::TH => b"TH",
        super::display::Role::TD => b"TD",
        super::display::Role::Link => b"Link",
        super::display::Role::BlockQuote => b"BlockQuote",
    }
}
