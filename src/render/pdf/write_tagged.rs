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
//! The file is then packed ([`super::pack`]): object streams, compressed content and fonts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pdf_writer::{Finish, Name, Pdf, Ref, Str, TextStr};
use skrifa::raw::TableProvider;

use super::display::{
    ArtifactKind, Child, DisplayDocument, Elem, GlyphRun, Item, OutlineEntry, Rgb, Role,
};
use super::fonts::{self, Face};
use super::ops::Ops;
use super::subset::{Usage, pdf_date, subset_tag, usage};
use super::{DisplayWriter, PdfError, PdfStandard, pack};

pub struct TaggedWriter {
    pub standard: PdfStandard,
}

/// A count or index as a PDF integer.
fn int(n: usize) -> Result<i32, PdfError> {
    i32::try_from(n).map_err(|_| PdfError::Writer(format!("{n} is too large for a PDF integer")))
}

/// Sequential object numbers.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// One embedded font: its objects and the glyph → CID mapping.
struct FontObjects {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
    /// Resource name in every page's /Font dictionary.
    name: &'static [u8],
    /// The glyphs drawn, sorted: CID n + 1 is `gids[n]` (CID 0 is .notdef).
    gids: Vec<u16>,
    /// Original glyph id → CID, 0 for a glyph not drawn.
    cids: Vec<u16>,
}

fn role_name(role: &Role) -> &'static [u8] {
    match role {
        Role::Document => b"Document",
        Role::H { level, .. } => match level {
            1 => b"H1",
            2 => b"H2",
            3 => b"H3",
            4 => b"H4",
            5 => b"H5",
            _ => b"H6",
        },
        Role::P => b"P",
        Role::L { .. } => b"L",
        Role::LI => b"LI",
        Role::Lbl => b"Lbl",
        Role::LBody => b"LBody",
        Role::Table => b"Table",
        Role::THead => b"THead",
        Role::TBody => b"TBody",
        Role::TR => b"TR",
        Role::TH => b"TH",
        Role::TD => b"TD",
        Role::Link => b"Link",
        Role::BlockQuote => b"BlockQuote",
    }
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
    metrics: &'a [fonts::FaceMetrics; 4],
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
    }
}

/// A guess at the size of a page's content stream, so it is allocated once.
fn content_capacity(page: &super::display::Page) -> usize {
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

/// Where a content item went: page, MCID.
type Mcids = BTreeMap<(usize, usize), i32>;

/// A `[page /XYZ 0 top 0]` destination.
fn xyz(array: &mut pdf_writer::Array, page: Ref, top: f32) {
    array
        .item(page)
        .item(Name(b"XYZ"))
        .item(0.0f32)
        .item(top)
        .item(0.0f32);
}

/// XML text: markup characters escaped, and the control characters XML 1.0 forbids
/// replaced by spaces.
fn escape_xml(s: &str, out: &mut String) {
    let clean: String = s
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::render::html::pulldown_cmark_escape_html(out, &clean);
}

/// The XMP packet: Dublin Core, XMP basic, PDF and the PDF/A and PDF/UA identification, with
/// the extension schema PDF/A-2 asks for the pdfuaid namespace.
fn xmp(doc: &DisplayDocument, ua: bool, keywords: &str, producer: &str) -> String {
    let info = &doc.info;
    let (y, m, d) = info.date;
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    if ua {
        x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"");
    }
    x.push_str(">\n<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    escape_xml(&info.title, &mut x);
    x.push_str("</rdf:li></rdf:Alt></dc:title>\n");
    if !info.author.is_empty() {
        x.push_str("<dc:creator><rdf:Seq><rdf:li>");
        escape_xml(&info.author, &mut x);
        x.push_str("</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if !info.subject.is_empty() {
        x.push_str("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        escape_xml(&info.subject, &mut x);
        x.push_str("</rdf:li></rdf:Alt></dc:description>\n");
    }
    x.push_str("<dc:language><rdf:Bag><rdf:li>");
    escape_xml(&info.lang, &mut x);
    x.push_str("</rdf:li></rdf:Bag></dc:language>\n");
    if !keywords.is_empty() {
        x.push_str("<pdf:Keywords>");
        escape_xml(keywords, &mut x);
        x.push_str("</pdf:Keywords>\n");
    }
    let _ = write!(
        x,
        "<pdf:Producer>{producer}</pdf:Producer>\n<xmp:CreatorTool>smpolicy</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
    );
    if let Some(fp) = &info.fingerprint {
        x.push_str("<xmpMM:DocumentID>sha256:");
        escape_xml(fp, &mut x);
        x.push_str("</xmpMM:DocumentID>\n");
    }
    let _ = write!(
        x,
        "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{}</pdfaid:conformance>\n",
        if ua { "A" } else { "B" }
    );
    if ua {
        x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
        x.push_str("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

/// The ToUnicode CMap of a subset: CID → the text of the glyph.
fn to_unicode(gids: &[u16], texts: &BTreeMap<u16, String>) -> Vec<u8> {
    let pairs: Vec<(usize, &str)> = gids
        .iter()
        .enumerate()
        .filter_map(|(i, gid)| texts.get(gid).map(|t| (i + 1, t.as_str())))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut s = String::with_capacity(256 + pairs.len() * 16);
    s.push_str("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (cid, text) in chunk {
            let _ = write!(s, "<{cid:04X}> <");
            for u in text.encode_utf16() {
                let _ = write!(s, "{u:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Writes the Type 0 font, its CIDFont, descriptor, program and ToUnicode CMap.
fn write_font(
    pdf: &mut Pdf,
    face: Face,
    font: &FontObjects,
    texts: &BTreeMap<u16, String>,
    metrics: &fonts::FaceMetrics,
) -> Result<(), PdfError> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for gid in &font.gids {
        remapper.remap(*gid);
    }
    let program = subsetter::subset(face.data(), 0, &remapper)
        .map_err(|e| PdfError::Writer(format!("font subsetting failed: {e:?}")))?;
    let base = format!(
        "{}+{}",
        subset_tag(face, &font.gids),
        face.postscript_name()
    );

    let data = skrifa::FontRef::new(face.data()).map_err(|_| PdfError::Font)?;
    let head = data.head().map_err(|_| PdfError::Font)?;
    let upem = f32::from(head.units_per_em().max(1));
    let scale = |v: i16| f32::from(v) * 1000.0 / upem;
    let italic_angle = data
        .post()
        .map(|p| p.italic_angle().to_f32())
        .unwrap_or(0.0);
    let os2 = data.os2().ok();
    let weight = os2
        .as_ref()
        .map_or(400.0, |o| f32::from(o.us_weight_class()));
    let cap_height = os2
        .as_ref()
        .and_then(|o| o.s_cap_height())
        .map_or(metrics.ascent * 1000.0, scale);

    let mut type0 = pdf.indirect(font.type0).dict();
    type0
        .pair(Name(b"Type"), Name(b"Font"))
        .pair(Name(b"Subtype"), Name(b"Type0"))
        .pair(Name(b"BaseFont"), Name(base.as_bytes()))
        .pair(Name(b"Encoding"), Name(b"Identity-H"))
        .pair(Name(b"ToUnicode"), font.to_unicode);
    type0
        .insert(Name(b"DescendantFonts"))
        .array()
        .item(font.cid);
    type0.finish();

    let mut cid = pdf.indirect(font.cid).dict();
    cid.pair(Name(b"Type"), Name(b"Font"))
        .pair(Name(b"Subtype"), Name(b"CIDFontType2"))
        .pair(Name(b"BaseFont"), Name(base.as_bytes()))
        .pair(Name(b"FontDescriptor"), font.descriptor)
        .pair(Name(b"CIDToGIDMap"), Name(b"Identity"))
        .pair(Name(b"DW"), 0);
    cid.insert(Name(b"CIDSystemInfo"))
        .dict()
        .pair(Name(b"Registry"), Str(b"Adobe"))
        .pair(Name(b"Ordering"), Str(b"Identity"))
        .pair(Name(b"Supplement"), 0);
    {
        let mut w = cid.insert(Name(b"W")).array();
        // CID 0 is .notdef; the others follow the sorted glyph ids.
        w.item(0);
        w.push().array().item((metrics.advance(0) * 1000.0).round());
        let mut widths = w.item(1).push().array();
        for gid in &font.gids {
            widths.item((metrics.advance(*gid) * 1000.0 * 1000.0).round() / 1000.0);
        }
    }
    cid.finish();

    let mut flags = 4; // symbolic: the glyphs are addressed by CID, not a standard encoding
    if italic_angle != 0.0 {
        flags |= 64;
    }
    let mut descriptor = pdf.indirect(font.descriptor).dict();
    descriptor
        .pair(Name(b"Type"), Name(b"FontDescriptor"))
        .pair(Name(b"FontName"), Name(base.as_bytes()))
        .pair(Name(b"Flags"), flags)
        .pair(Name(b"ItalicAngle"), italic_angle)
        .pair(Name(b"Ascent"), (metrics.ascent * 1000.0).round())
        .pair(Name(b"Descent"), (metrics.descent * 1000.0).round())
        .pair(Name(b"CapHeight"), cap_height.round())
        .pair(Name(b"StemV"), (10.0 + 0.244 * (weight - 50.0)).round())
        .pair(Name(b"FontFile2"), font.file);
    descriptor.insert(Name(b"FontBBox")).array().items([
        scale(head.x_min()),
        scale(head.y_min()),
        scale(head.x_max()),
        scale(head.y_max()),
    ]);
    descriptor.finish();

    let length1 = i32::try_from(program.len()).map_err(|_| PdfError::Font)?;
    pdf.stream(font.file, &program)
        .pair(Name(b"Length1"), length1);
    pdf.stream(font.to_unicode, &to_unicode(&font.gids, texts));
    Ok(())
}

/// Which node has any content below it; empty elements are left out of the tree.
fn filled(doc: &DisplayDocument) -> Vec<bool> {
    fn visit(doc: &DisplayDocument, n: usize, memo: &mut Vec<Option<bool>>, depth: usize) -> bool {
        if let Some(Some(v)) = memo.get(n) {
            return *v;
        }
        let v = depth < 256
            && doc.nodes.get(n).is_some_and(|node| {
                node.children.iter().any(|c| match c {
                    Child::Node(c) => visit(doc, *c, memo, depth + 1),
                    Child::Content { .. } | Child::Link(_) => true,
                })
            });
        if let Some(slot) = memo.get_mut(n) {
            *slot = Some(v);
        }
        v
    }
    let mut memo = vec![None; doc.nodes.len()];
    (0..doc.nodes.len())
        .map(|n| visit(doc, n, &mut memo, 0))
        .collect()
}

impl DisplayWriter for TaggedWriter {
    fn write(&self, doc: &DisplayDocument) -> Result<Vec<u8>, PdfError> {
        let ua = !matches!(self.standard, PdfStandard::A2b);
        let metrics = fonts::metrics().ok_or(PdfError::Font)?;
        let page_h = doc.height;
        let mut refs = Refs(0);
        let mut pdf = Pdf::with_settings(pdf_writer::Settings { pretty: false });
        pdf.set_version(1, 7);

        let catalog = refs.next();
        let page_tree = refs.next();
        let color_space = refs.next();
        let struct_root = refs.next();
        let metadata = refs.next();
        let info_ref = refs.next();
        let page_refs: Vec<Ref> = doc.pages.iter().map(|_| refs.next()).collect();
        let content_refs: Vec<Ref> = doc.pages.iter().map(|_| refs.next()).collect();

        // Fonts: the glyphs each face draws, in glyph order.
        let used: Usage = usage(doc);
        let mut fonts_by_face: BTreeMap<Face, FontObjects> = BTreeMap::new();
        for (face, glyphs) in &used {
            let gids: Vec<u16> = glyphs.keys().copied().collect();
            let mut cids = vec![0u16; gids.last().map_or(0, |g| usize::from(*g) + 1)];
            for (i, gid) in gids.iter().enumerate() {
                cids[usize::from(*gid)] = u16::try_from(i + 1).map_err(|_| PdfError::Font)?;
            }
            fonts_by_face.insert(
                *face,
                FontObjects {
                    type0: refs.next(),
                    cid: refs.next(),
                    descriptor: refs.next(),
                    file: refs.next(),
                    to_unicode: refs.next(),
                    name: face.resource_name().as_bytes(),
                    gids,
                    cids,
                },
            );
        }
        for (face, font) in &fonts_by_face {
            let texts = used.get(face).ok_or(PdfError::Font)?;
            write_font(&mut pdf, *face, font, texts, &metrics[face.index()])?;
        }

        // Pages: content streams with marked content; MCIDs numbered per page.
        let mut mcids: Mcids = BTreeMap::new();
        let mut mcids_per_page: Vec<usize> = Vec::with_capacity(doc.pages.len());
        for (index, page) in doc.pages.iter().enumerate() {
            let mut painter = Painter {
                ops: Ops::with_capacity(content_capacity(page)),
                color: None,
                font: None,
                codes: Vec::new(),
                fonts: &fonts_by_face,
                metrics,
                page_h,
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
            pdf.stream(content_refs[index], &painter.ops.finish());
            mcids_per_page.push(next_mcid as usize);
        }

        // Structure elements, one per node with content.
        let keep = filled(doc);
        let node_refs: Vec<Option<Ref>> = keep
            .iter()
            .map(|k| if *k { Some(refs.next()) } else { None })
            .collect();
        let link_refs: Vec<Ref> = doc.links.iter().map(|_| refs.next()).collect();
        let parent_nodes = parents(doc);
        // The parent tree: each page's MCIDs, then each annotation, point to their element.
        let pages_count = int(doc.pages.len())?;
        // The owner of each MCID of each page, indexed by MCID.
        let mut page_parents: Vec<Vec<Option<Ref>>> =
            mcids_per_page.iter().map(|n| vec![None; *n]).collect();
        let mut link_parent: BTreeMap<usize, Ref> = BTreeMap::new();
        for (n, node) in doc.nodes.iter().enumerate() {
            let Some(Some(me)) = node_refs.get(n).copied() else {
                continue;
            };
            let first_page = node.children.iter().find_map(|c| match c {
                Child::Content { page, .. } => Some(*page),
                _ => None,
            });
            let mut elem = pdf.indirect(me).dict();
            elem.pair(Name(b"Type"), Name(b"StructElem"))
                .pair(Name(b"S"), Name(role_name(&node.role)));
            let parent = kept_parent(n, &parent_nodes, &node_refs).unwrap_or(struct_root);
            elem.pair(Name(b"P"), parent);
            if let Some(p) = first_page.and_then(|p| page_refs.get(p)) {
                elem.pair(Name(b"Pg"), *p);
            }
            match &node.role {
                Role::H { title, .. } => {
                    elem.pair(Name(b"T"), TextStr(title));
                }
                Role::TH => {
                    elem.insert(Name(b"A"))
                        .dict()
                        .pair(Name(b"O"), Name(b"Table"))
                        .pair(Name(b"Scope"), Name(b"Column"));
                }
                Role::L { ordered } => {
                    elem.insert(Name(b"A"))
                        .dict()
                        .pair(Name(b"O"), Name(b"List"))
                        .pair(
                            Name(b"ListNumbering"),
                            Name(if *ordered { b"Decimal" } else { b"Disc" }),
                        );
                }
                Role::Document => {
                    elem.pair(Name(b"Lang"), TextStr(&doc.info.lang));
                }
                _ => {}
            }
            let mut kids = elem.insert(Name(b"K")).array();
            for child in &node.children {
                match child {
                    Child::Node(c) => {
                        if let Some(Some(r)) = node_refs.get(*c) {
                            kids.item(*r);
                        }
                    }
                    Child::Content { page, item } => {
                        let Some(mcid) = mcids.get(&(*page, *item)).copied() else {
                            continue;
                        };
                        if let Some(slot) = page_parents
                            .get_mut(*page)
                            .and_then(|owners| owners.get_mut(usize::try_from(mcid).ok()?))
                        {
                            *slot = Some(me);
                        }
                        if Some(*page) == first_page {
                            kids.item(mcid);
                        } else if let Some(pg) = page_refs.get(*page) {
                            kids.push()
                                .dict()
                                .pair(Name(b"Type"), Name(b"MCR"))
                                .pair(Name(b"Pg"), *pg)
                                .pair(Name(b"MCID"), mcid);
                        }
                    }
                    Child::Link(l) => {
                        let (Some(annot), Some(link)) = (link_refs.get(*l), doc.links.get(*l))
                        else {
                            continue;
                        };
                        link_parent.insert(*l, me);
                        let mut objr = kids.push().dict();
                        objr.pair(Name(b"Type"), Name(b"OBJR"))
                            .pair(Name(b"Obj"), *annot);
                        if let Some(pg) = page_refs.get(link.page) {
                            objr.pair(Name(b"Pg"), *pg);
                        }
                    }
                }
            }
            kids.finish();
            elem.finish();
        }

        // Annotations.
        let mut annots_by_page: Vec<Vec<Ref>> = vec![Vec::new(); doc.pages.len()];
        for (l, link) in doc.links.iter().enumerate() {
            let (Some(annot), Some(on_page)) =
                (link_refs.get(l), annots_by_page.get_mut(link.page))
            else {
                continue;
            };
            on_page.push(*annot);
            let mut a = pdf.indirect(*annot).dict();
            a.pair(Name(b"Type"), Name(b"Annot"))
                .pair(Name(b"Subtype"), Name(b"Link"))
                .pair(Name(b"F"), 4)
                .pair(Name(b"Contents"), TextStr(&link.alt))
                .pair(Name(b"StructParent"), int(doc.pages.len() + l)?);
            a.insert(Name(b"Rect")).array().items([
                link.rect.x,
                page_h - link.rect.y - link.rect.h,
                link.rect.x + link.rect.w,
                page_h - link.rect.y,
            ]);
            a.insert(Name(b"Border")).array().items([0, 0, 0]);
            match link.target.and_then(|t| doc.anchors.get(t)) {
                Some(anchor) => {
                    if let Some(p) = page_refs.get(anchor.page) {
                        xyz(&mut a.insert(Name(b"Dest")).array(), *p, page_h - anchor.y);
                    }
                }
                None => {
                    a.insert(Name(b"A"))
                        .dict()
                        .pair(Name(b"Type"), Name(b"Action"))
                        .pair(Name(b"S"), Name(b"URI"))
                        .pair(Name(b"URI"), Str(link.url.as_bytes()));
                }
            }
            a.finish();
        }

        // Pages and page tree.
        for (index, page_ref) in page_refs.iter().enumerate() {
            let mut page = pdf.indirect(*page_ref).dict();
            page.pair(Name(b"Type"), Name(b"Page"))
                .pair(Name(b"Parent"), page_tree)
                .pair(Name(b"Contents"), content_refs[index])
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
                    .pair(Name(b"C0"), color_space);
                let mut f = resources.insert(Name(b"Font")).dict();
                for font in fonts_by_face.values() {
                    f.pair(Name(font.name), font.type0);
                }
            }
            if !annots_by_page[index].is_empty() {
                page.insert(Name(b"Annots"))
                    .array()
                    .items(annots_by_page[index].iter().copied());
            }
            page.finish();
        }
        pdf.indirect(page_tree)
            .dict()
            .pair(Name(b"Type"), Name(b"Pages"))
            .pair(Name(b"Count"), pages_count)
            .insert(Name(b"Kids"))
            .array()
            .items(page_refs.iter().copied());

        // CalRGB with the sRGB white point, gamma and primaries.
        {
            let mut cs = pdf.indirect(color_space).array();
            cs.item(Name(b"CalRGB"));
            let mut d = cs.push().dict();
            d.insert(Name(b"WhitePoint"))
                .array()
                .items([0.9505f32, 1.0, 1.089]);
            d.insert(Name(b"Gamma")).array().items([2.2f32, 2.2, 2.2]);
            d.insert(Name(b"Matrix")).array().items([
                0.4124f32, 0.2126, 0.0193, 0.3576, 0.7152, 0.1192, 0.1805, 0.0722, 0.9505,
            ]);
        }

        // Structure tree root and parent tree.
        {
            let mut root = pdf.indirect(struct_root).dict();
            root.pair(Name(b"Type"), Name(b"StructTreeRoot"));
            if let Some(Some(doc_elem)) = node_refs.first() {
                root.insert(Name(b"K")).array().item(*doc_elem);
            }
            root.pair(
                Name(b"ParentTreeNextKey"),
                int(doc.pages.len() + doc.links.len())?,
            );
            let mut tree = root.insert(Name(b"ParentTree")).dict();
            let mut nums = tree.insert(Name(b"Nums")).array();
            for (index, parents) in page_parents.iter().enumerate() {
                nums.item(int(index)?);
                let mut arr = nums.push().array();
                for owner in parents {
                    match owner {
                        Some(r) => arr.item(*r),
                        None => arr.item(pdf_writer::Null),
                    };
                }
            }
            for (l, parent) in &link_parent {
                nums.item(int(doc.pages.len() + *l)?);
                nums.item(*parent);
            }
        }

        // Outline.
        let outline_root = write_outline(&mut pdf, &mut refs, &doc.outline, &page_refs, page_h)?;

        // Metadata and Info.
        let keywords = doc.info.keywords_line();
        let producer = "smpolicy";
        let packet = xmp(doc, ua, &keywords, producer);
        pdf.stream(metadata, packet.as_bytes())
            .pair(Name(b"Type"), Name(b"Metadata"))
            .pair(Name(b"Subtype"), Name(b"XML"));
        let date = pdf_date(doc.info.date);
        {
            let mut info = pdf.document_info(info_ref);
            info.pair(Name(b"Title"), TextStr(&doc.info.title));
            if !doc.info.author.is_empty() {
                info.pair(Name(b"Author"), TextStr(&doc.info.author));
            }
            if !doc.info.subject.is_empty() {
                info.pair(Name(b"Subject"), TextStr(&doc.info.subject));
            }
            if !keywords.is_empty() {
                info.pair(Name(b"Keywords"), TextStr(&keywords));
            }
            info.pair(Name(b"Creator"), TextStr("smpolicy"))
                .pair(Name(b"Producer"), TextStr(producer))
                .pair(Name(b"CreationDate"), Str(date.as_bytes()))
                .pair(Name(b"ModDate"), Str(date.as_bytes()));
        }

        // Catalog.
        {
            let mut cat = pdf.catalog(catalog);
            cat.pair(Name(b"Pages"), page_tree)
                .pair(Name(b"Metadata"), metadata)
                .pair(Name(b"StructTreeRoot"), struct_root)
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
            if !doc.anchors.is_empty() {
                let mut anchors: Vec<_> = doc.anchors.iter().collect();
                anchors.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
                if let Some(w) = anchors.windows(2).find(|w| w[0].name == w[1].name) {
                    return Err(PdfError::Writer(format!(
                        "anchor {} given twice",
                        w[0].name
                    )));
                }
                let mut names = cat.insert(Name(b"Names")).dict();
                let mut dests = names.insert(Name(b"Dests")).dict();
                let mut list = dests.insert(Name(b"Names")).array();
                for a in anchors {
                    let Some(p) = page_refs.get(a.page) else {
                        continue;
                    };
                    list.item(Str(a.name.as_bytes()));
                    xyz(&mut list.push().array(), *p, page_h - a.y);
                }
            }
        }

        let id = match &doc.info.fingerprint {
            Some(fp) => fp.as_bytes().iter().take(32).copied().collect::<Vec<u8>>(),
            None => {
                format!("{:016x}", super::stable_hash(&[doc.info.title.as_bytes()])).into_bytes()
            }
        };
        pdf.set_file_id((id.clone(), id));
        pack::pack(&pdf.finish())
    }
}

/// The parent of every node of the role tree (which stores only children).
fn parents(doc: &DisplayDocument) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.nodes.len()];
    for (n, node) in doc.nodes.iter().enumerate() {
        for c in &node.children {
            if let Child::Node(c) = c
                && let Some(slot) = out.get_mut(*c)
            {
                *slot = Some(n);
            }
        }
    }
    out
}

/// The nearest ancestor of node `n` that is kept in the tree.
fn kept_parent(n: usize, parents: &[Option<usize>], node_refs: &[Option<Ref>]) -> Option<Ref> {
    let mut at = n;
    for _ in 0..parents.len() {
        at = parents.get(at).copied().flatten()?;
        if let Some(Some(r)) = node_refs.get(at) {
            return Some(*r);
        }
    }
    None
}

/// Writes the outline (bookmarks), nested by heading level, every entry with children
/// closed. Returns the /Outlines dictionary, if there are entries.
fn write_outline(
    pdf: &mut Pdf,
    refs: &mut Refs,
    entries: &[OutlineEntry],
    page_refs: &[Ref],
    page_h: f32,
) -> Result<Option<Ref>, PdfError> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = refs.next();
    let ids: Vec<Ref> = entries.iter().map(|_| refs.next()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level; children in order.
    let mut parent: Vec<Option<usize>> = vec![None; entries.len()];
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top: Vec<usize> = Vec::new();
    let mut position: Vec<usize> = vec![0; entries.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        let siblings = match parent[i] {
            Some(p) => &mut kids[p],
            None => &mut top,
        };
        position[i] = siblings.len();
        siblings.push(i);
        stack.push(i);
    }
    let siblings_of = |i: usize| -> &[usize] {
        match parent[i] {
            Some(p) => &kids[p],
            None => &top,
        }
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = siblings_of(i);
        let pos = position[i];
        let mut item = pdf.indirect(ids[i]).dict();
        item.pair(Name(b"Title"), TextStr(&e.title))
            .pair(Name(b"Parent"), parent[i].map_or(root, |p| ids[p]));
        if pos > 0 {
            item.pair(Name(b"Prev"), ids[siblings[pos - 1]]);
        }
        if let Some(next) = siblings.get(pos + 1) {
            item.pair(Name(b"Next"), ids[*next]);
        }
        if let (Some(first), Some(last)) = (kids[i].first(), kids[i].last()) {
            item.pair(Name(b"First"), ids[*first])
                .pair(Name(b"Last"), ids[*last])
                .pair(Name(b"Count"), -int(kids[i].len())?);
        }
        if let Some(p) = page_refs.get(e.page) {
            xyz(&mut item.insert(Name(b"Dest")).array(), *p, page_h - e.y);
        }
    }
    let mut o = pdf.indirect(root).dict();
    o.pair(Name(b"Type"), Name(b"Outlines"));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        o.pair(Name(b"First"), ids[*first])
            .pair(Name(b"Last"), ids[*last])
            .pair(Name(b"Count"), int(top.len())?);
    }
    Ok(Some(root))
}
