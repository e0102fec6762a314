//! Untagged PDF through printpdf 0.12 (`PdfStandard::None`).
//!
//! printpdf draws the pages, embeds the fonts (which we subset ourselves with `subsetter`, as
//! printpdf only subsets with its heavy `text_layout` feature) and writes the link
//! annotations. Its ids come from a process-wide counter, so we never let them reach the bytes:
//! font ids are fixed names, and the document-level parts it would make random or order
//! wrongly (file id, Info dates, outline) are set afterwards on its lopdf document.

use std::collections::BTreeMap;

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, FontId, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

use super::display::{DisplayDocument, Elem, GlyphRun, Item, Rgb};
use super::fonts::{self, Face, FaceMetrics};
use super::subset::{pdf_date, subset_tag, usage};
use super::{DisplayWriter, PdfError, stable_hash};

pub struct PrintpdfWriter;

struct Subset {
    id: FontId,
    remap: BTreeMap<u16, u16>,
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn run_ops(run: &GlyphRun, subset: &Subset, m: &FaceMetrics, page_h: f32, ops: &mut Vec<Op>) {
    let codepoints: Vec<Codepoint> = run
        .glyphs
        .iter()
        .map(|g| {
            let gid = subset.remap.get(&g.gid).copied().unwrap_or(0);
            let text = run.text.get(g.start..g.end).unwrap_or("").to_string();
            // The font's /W gives the plain advance; kerning is a TJ adjustment after the
            // glyph, in thousandths of an em (positive moves left).
            let adjust = ((m.advance(g.gid) - g.advance) * 1000.0 * 1000.0).round() / 1000.0;
            Codepoint::with_cid(gid, adjust, text)
        })
        .collect();
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(subset.id.clone()),
        size: Pt(run.size),
    });
    ops.push(Op::SetFillColor {
        col: color(run.color),
    });
    ops.push(Op::SetTextCursor {
        pos: Point {
            x: Pt(run.x),
            y: Pt(page_h - run.y),
        },
    });
    ops.push(Op::ShowText {
        items: vec![TextItem::GlyphIds(codepoints)],
    });
    ops.push(Op::EndTextSection);
}

fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

impl DisplayWriter for PrintpdfWriter {
    fn write(&self, doc: &DisplayDocument) -> Result<Vec<u8>, PdfError> {
        let metrics = fonts::metrics().ok_or(PdfError::Font)?;
        let used = usage(doc);
        let mut pdf = PdfDocument::new(&doc.info.title);
        let mut subsets: BTreeMap<Face, Subset> = BTreeMap::new();
        for (face, glyphs) in &used {
            let mut remapper = subsetter::GlyphRemapper::new();
            let mut remap = BTreeMap::new();
            for gid in glyphs.keys() {
                remap.insert(*gid, remapper.remap(*gid));
            }
            let gids: Vec<u16> = glyphs.keys().copied().collect();
            let bytes = subsetter::subset(face.data(), 0, &remapper)
                .map_err(|e| PdfError::Writer(format!("font subsetting failed: {e:?}")))?;
            let mut warnings = Vec::new();
            let mut parsed =
                ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or(PdfError::Font)?;
            parsed.font_name = Some(format!(
                "{}+{}",
                subset_tag(*face, &gids),
                face.postscript_name()
            ));
            let id = FontId(face.resource_name().to_string());
            pdf.resources
                .fonts
                .map
                .insert(id.clone(), printpdf::PdfFont::new(parsed));
            subsets.insert(*face, Subset { id, remap });
        }

        let page_h = doc.height;
        for (index, page) in doc.pages.iter().enumerate() {
            let mut ops = Vec::new();
            for item in &page.items {
                let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
                for e in elems {
                    match e {
                        Elem::Glyphs(run) => {
                            let Some(subset) = subsets.get(&run.face) else {
                                continue;
                            };
                            let m = &metrics[run.face.index()];
                            run_ops(run, subset, m, page_h, &mut ops);
                        }
                        Elem::Fill { rect, color: c } => {
                            ops.push(Op::SetFillColor { col: color(*c) });
                            ops.push(Op::DrawRectangle {
                                rectangle: printpdf::Rect {
                                    x: Pt(rect.x),
                                    y: Pt(page_h - rect.y - rect.h),
                                    width: Pt(rect.w),
                                    height: Pt(rect.h),
                                    mode: Some(printpdf::PaintMode::Fill),
                                    winding_order: None,
                                },
                            });
                        }
                    }
                }
            }
            for link in doc.links.iter().filter(|l| l.page == index) {
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        printpdf::Rect::from_xywh(
                            Pt(link.rect.x),
                            Pt(page_h - link.rect.y - link.rect.h),
                            Pt(link.rect.w),
                            Pt(link.rect.h),
                        ),
                        match link.target.and_then(|t| doc.anchors.get(t)) {
                            Some(a) => Actions::Goto(Destination::Xyz {
                                page: a.page + 1,
                                left: None,
                                top: Some(page_h - a.y),
                                zoom: None,
                            }),
                            None => Actions::Uri(link.url.clone()),
                        },
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
            let mut p = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
            let full = printpdf::Rect::from_wh(Pt(doc.width), Pt(doc.height));
            p.media_box = full.clone();
            p.trim_box = full.clone();
            p.crop_box = full;
            pdf.pages.push(p);
        }

        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = printpdf::to_lopdf_doc(&pdf, &opts, &mut warnings);
        lo.version = "1.7".to_string();
        finish(&mut lo, doc)?;
        lo.prune_objects();
        compress(&mut lo)?;
        let mut out = Vec::new();
        lo.save_to(&mut out)
            .map_err(|e| PdfError::Writer(e.to_string()))?;
        Ok(out)
    }
}

/// Document-level parts set on the lopdf document: Info, language, viewer preferences,
/// a nested outline in reading order, alt text on link annotations, and a file id from a
/// hash of the content.
fn finish(lo: &mut lopdf::Document, doc: &DisplayDocument) -> Result<(), PdfError> {
    set_info(lo, doc);
    let root_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Writer(format!("no catalog: {e}")))?;
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    set_link_alts(lo, doc, &page_ids);
    let outline = add_outline(lo, doc, &page_ids);
    set_catalog(lo, root_id, doc, &page_ids, outline)?;
    set_file_id(lo, doc);
    Ok(())
}

/// The Info dictionary: title, author, subject, keywords, the source fingerprint, dates.
fn set_info(lo: &mut lopdf::Document, doc: &DisplayDocument) {
    let info = &doc.info;
    let keywords = info.keywords_line();
    let mut dict = Dictionary::new();
    dict.set("Title", text_string(&info.title));
    if !info.author.is_empty() {
        dict.set("Author", text_string(&info.author));
    }
    if !info.subject.is_empty() {
        dict.set("Subject", text_string(&info.subject));
    }
    if !keywords.is_empty() {
        dict.set("Keywords", text_string(&keywords));
    }
    if let Some(fp) = &info.fingerprint {
        dict.set("SourceSHA256", text_string(fp));
    }
    dict.set("Creator", text_string("smpolicy"));
    dict.set("Producer", text_string("smpolicy (printpdf)"));
    dict.set("CreationDate", text_string(&pdf_date(info.date)));
    dict.set("ModDate", text_string(&pdf_date(info.date)));
    let info_id = lo.add_object(Object::Dictionary(dict));
    lo.trailer.set("Info", Object::Reference(info_id));
}

/// Alt text on the link annotations, in the order the writer emitted them per page.
fn set_link_alts(lo: &mut lopdf::Document, doc: &DisplayDocument, page_ids: &[ObjectId]) {
    for (index, page_id) in page_ids.iter().enumerate() {
        let alts: Vec<&str> = doc
            .links
            .iter()
            .filter(|l| l.page == index)
            .map(|l| l.alt.as_str())
            .collect();
        let annots: Vec<Object> = lo
            .get_dictionary(*page_id)
            .and_then(|p| p.get(b"Annots"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        let mut annots = annots;
        for (annot, alt) in annots.iter_mut().zip(alts) {
            if let Object::Dictionary(d) = annot {
                d.set("Contents", text_string(alt));
                d.set("F", Object::Integer(4));
            }
        }
        if let Ok(Object::Dictionary(p)) = lo.get_object_mut(*page_id) {
            if annots.is_empty() {
                p.remove(b"Annots");
            } else {
                p.set("Annots", Object::Array(annots));
            }
        }
    }
}

/// The outline's root and, when it has entries, its first and last child and its count.
struct Outline {
    root: ObjectId,
    first: Option<ObjectId>,
    last: Option<ObjectId>,
    count: i64,
}

/// The outline: nested by heading level, in reading order, pointing at the heading's top.
fn add_outline(lo: &mut lopdf::Document, doc: &DisplayDocument, page_ids: &[ObjectId]) -> Outline {
    let outline_root = lo.new_object_id();
    let mut ids = Vec::with_capacity(doc.outline.len());
    for _ in &doc.outline {
        ids.push(lo.new_object_id());
    }
    let n = doc.outline.len();
    let mut parent: Vec<ObjectId> = vec![outline_root; n];
    let mut first_child: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut last_child: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut count: BTreeMap<ObjectId, i64> = BTreeMap::new();
    let mut prev: Vec<Option<ObjectId>> = vec![None; n];
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, e) in doc.outline.iter().enumerate() {
        while stack.last().is_some_and(|(lvl, _)| *lvl >= e.level) {
            stack.pop();
        }
        let p = stack.last().map_or(outline_root, |(_, j)| ids[*j]);
        parent[i] = p;
        if let Some(last) = last_child.get(&p) {
            prev[i] = Some(*last);
        } else {
            first_child.insert(p, ids[i]);
        }
        last_child.insert(p, ids[i]);
        // Every ancestor's visible count grows (all entries open).
        *count.entry(outline_root).or_default() += 1;
        for (_, j) in &stack {
            *count.entry(ids[*j]).or_default() += 1;
        }
        stack.push((e.level, i));
    }
    let mut next: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    for (i, p) in prev.iter().enumerate() {
        if let Some(p) = p {
            next.insert(*p, ids[i]);
        }
    }
    for (i, e) in doc.outline.iter().enumerate() {
        let Some(page_id) = page_ids.get(e.page) else {
            continue;
        };
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set("Parent", Object::Reference(parent[i]));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page_id),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(doc.height - e.y),
                Object::Null,
            ]),
        );
        if let Some(p) = prev[i] {
            d.set("Prev", Object::Reference(p));
        }
        if let Some(nx) = next.get(&ids[i]) {
            d.set("Next", Object::Reference(*nx));
        }
        if let (Some(f), Some(l)) = (first_child.get(&ids[i]), last_child.get(&ids[i])) {
            d.set("First", Object::Reference(*f));
            d.set("Last", Object::Reference(*l));
            d.set("Count", Object::Integer(*count.get(&ids[i]).unwrap_or(&0)));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    Outline {
        root: outline_root,
        first: first_child.get(&outline_root).copied(),
        last: last_child.get(&outline_root).copied(),
        count: *count.get(&outline_root).unwrap_or(&0),
    }
}

/// The catalog: language, named destinations, viewer preferences and the outline.
fn set_catalog(
    lo: &mut lopdf::Document,
    root_id: ObjectId,
    doc: &DisplayDocument,
    page_ids: &[ObjectId],
    outline: Outline,
) -> Result<(), PdfError> {
    let info = &doc.info;
    let catalog = lo
        .get_object_mut(root_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Writer(format!("no catalog: {e}")))?;
    catalog.set("Lang", text_string(&info.lang));
    // Named destinations for the heading anchors (`policy.pdf#M-03`).
    if !doc.anchors.is_empty() {
        let mut dests = Dictionary::new();
        for a in &doc.anchors {
            if let Some(page_id) = page_ids.get(a.page) {
                dests.set(
                    a.name.as_bytes().to_vec(),
                    Object::Array(vec![
                        Object::Reference(*page_id),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(doc.height - a.y),
                        Object::Null,
                    ]),
                );
            }
        }
        catalog.set("Dests", Object::Dictionary(dests));
    }
    let mut vp = Dictionary::new();
    vp.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(vp));
    if let (Some(f), Some(l)) = (outline.first, outline.last) {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Outlines".to_vec()));
        d.set("First", Object::Reference(f));
        d.set("Last", Object::Reference(l));
        d.set("Count", Object::Integer(outline.count));
        let catalog = lo
            .get_object_mut(root_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Writer(format!("no catalog: {e}")))?;
        catalog.set("Outlines", Object::Reference(outline.root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        lo.objects.insert(outline.root, Object::Dictionary(d));
    }
    Ok(())
}

/// The file id, from the content, never random.
fn set_file_id(lo: &mut lopdf::Document, doc: &DisplayDocument) {
    let (h1, h2) = content_hash(doc);
    let id1 = format!("{h1:016x}{:016x}", h1.rotate_left(17) ^ h2);
    let id2 = format!("{h2:016x}{:016x}", h2.rotate_left(29) ^ h1);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id1.into_bytes(), StringFormat::Hexadecimal),
            Object::String(id2.into_bytes(), StringFormat::Hexadecimal),
        ]),
    );
}

/// Two 64-bit hashes of the document: of its identity (title, author, fingerprint) and of
/// everything drawn.
pub(crate) fn content_hash(doc: &DisplayDocument) -> (u64, u64) {
    let info = &doc.info;
    let fp = info.fingerprint.as_deref().unwrap_or("");
    let h1 = stable_hash(&[info.title.as_bytes(), info.author.as_bytes(), fp.as_bytes()]);
    let mut h2 = h1;
    for page in &doc.pages {
        for item in &page.items {
            let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
            for e in elems {
                if let Elem::Glyphs(run) = e {
                    // Positions in hundredths of a point, as integers (formatting floats
                    // was a twentieth of the time of writing a PDF).
                    let mut pos = [0u8; 12];
                    for (k, v) in [run.x, run.y, run.size].into_iter().enumerate() {
                        let hundredths = (v * 100.0).round() as i32;
                        pos[4 * k..4 * k + 4].copy_from_slice(&hundredths.to_le_bytes());
                    }
                    h2 = stable_hash(&[&h2.to_le_bytes(), run.text.as_bytes(), &pos]);
                }
            }
        }
    }
    (h1, h2)
}

/// Flate-compresses every stream that has no filter yet, at zlib's default level (lopdf's own
/// `compress` uses the slowest level, for a few hundred bytes less on this document).
fn compress(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    for obj in lo.objects.values_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::new(6));
        enc.write_all(&stream.content)
            .map_err(|e| PdfError::Writer(e.to_string()))?;
        let packed = enc.finish().map_err(|e| PdfError::Writer(e.to_string()))?;
        if packed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
    Ok(())
}
