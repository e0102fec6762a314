//! Embedded fonts: for each face, the glyphs drawn, as a Type 0 font with its CIDFont,
//! descriptor, subset program (`subsetter`) and ToUnicode CMap.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pdf_writer::{Name, Ref, Str};
use skrifa::raw::TableProvider;

use super::super::display::DisplayDocument;
use super::super::fonts::{self, Face};
use super::super::sink::ObjectSink;
use super::super::subset::{Usage, subset_tag, usage};
use super::PdfError;

/// One embedded font: its objects and the glyph → CID mapping.
pub(super) struct FontObjects {
    pub(super) type0: Ref,
    pub(super) cid: Ref,
    pub(super) descriptor: Ref,
    pub(super) file: Ref,
    pub(super) to_unicode: Ref,
    /// Resource name in every page's /Font dictionary.
    pub(super) name: &'static [u8],
    /// The glyphs drawn, sorted: CID n + 1 is `gids[n]` (CID 0 is .notdef).
    pub(super) gids: Vec<u16>,
    /// Original glyph id → CID, 0 for a glyph not drawn.
    pub(super) cids: Vec<u16>,
}

/// The fonts of the document: numbered in face order, then written.
pub(super) fn write(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    metrics: &[fonts::FaceMetrics; fonts::FACES],
) -> Result<BTreeMap<Face, FontObjects>, PdfError> {
    // The glyphs each face draws, in glyph order.
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
                type0: sink.next_ref()?,
                cid: sink.next_ref()?,
                descriptor: sink.next_ref()?,
                file: sink.next_ref()?,
                to_unicode: sink.next_ref()?,
                name: face.resource_name().as_bytes(),
                gids,
                cids,
            },
        );
    }
    for (face, font) in &fonts_by_face {
        let texts = used.get(face).ok_or(PdfError::Font)?;
        write_font(sink, *face, font, texts, &metrics[face.index()])?;
    }
    Ok(fonts_by_face)
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
    sink: &mut ObjectSink,
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

    sink.object(font.type0, |obj| {
        let mut type0 = obj.dict();
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
        Ok(())
    })?;

    sink.object(font.cid, |obj| {
        let mut cid = obj.dict();
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
        let mut w = cid.insert(Name(b"W")).array();
        // CID 0 is .notdef; the others follow the sorted glyph ids.
        w.item(0);
        w.push().array().item((metrics.advance(0) * 1000.0).round());
        let mut widths = w.item(1).push().array();
        for gid in &font.gids {
            widths.item((metrics.advance(*gid) * 1000.0 * 1000.0).round() / 1000.0);
        }
        Ok(())
    })?;

    let mut flags = 4; // symbolic: the glyphs are addressed by CID, not a standard encoding
    if italic_angle != 0.0 {
        flags |= 64;
    }
    sink.object(font.descriptor, |obj| {
        let mut descriptor = obj.dict();
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
        Ok(())
    })?;

    let length1 = i32::try_from(program.len()).map_err(|_| PdfError::Font)?;
    sink.stream(font.file, &program, |d| {
        d.pair(Name(b"Length1"), length1);
    })?;
    sink.stream(font.to_unicode, &to_unicode(&font.gids, texts), |_| {})
}
