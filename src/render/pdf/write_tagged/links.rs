//! Link annotations: one per link area, with its alternative text; a link to an anchor of
//! the document goes to its destination, any other to its URI.

use pdf_writer::{Name, Ref, Str, TextStr};

use super::super::display::DisplayDocument;
use super::super::sink::ObjectSink;
use super::outline::xyz;
use super::{PdfError, int};

/// Writes the annotations; returns those of each page.
pub(super) fn write(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    link_refs: &[Ref],
    page_refs: &[Ref],
) -> Result<Vec<Vec<Ref>>, PdfError> {
    let page_h = doc.height;
    let mut annots_by_page: Vec<Vec<Ref>> = vec![Vec::new(); doc.pages.len()];
    for (l, link) in doc.links.iter().enumerate() {
        let (Some(annot), Some(on_page)) = (link_refs.get(l), annots_by_page.get_mut(link.page))
        else {
            continue;
        };
        on_page.push(*annot);
        sink.object(*annot, |obj| {
            let mut a = obj.dict();
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
            Ok(())
        })?;
    }
    Ok(annots_by_page)
}
