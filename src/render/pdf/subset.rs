//! What both font-embedding writers share: which glyphs a document draws, the subset tag of
//! a font, and the PDF date of the policy.

use std::collections::BTreeMap;

use super::display::{DisplayDocument, Elem, Item};
use super::fonts::Face;
use super::stable_hash;

/// Glyphs used per face: original gid → text.
pub(super) type Usage = BTreeMap<Face, BTreeMap<u16, String>>;

pub(super) fn usage(doc: &DisplayDocument) -> Usage {
    // Indexed by glyph id while walking every glyph of the document, sorted at the end.
    let mut dense: [Vec<Option<&str>>; super::fonts::FACES] = Default::default();
    for page in &doc.pages {
        for item in &page.items {
            let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
            for e in elems {
                if let Elem::Glyphs(run) = e {
                    let texts = &mut dense[run.face.index()];
                    for g in &run.glyphs {
                        let i = usize::from(g.gid);
                        if i >= texts.len() {
                            texts.resize(i + 1, None);
                        }
                        if texts[i].is_none() {
                            texts[i] = Some(run.text.get(g.start..g.end).unwrap_or(""));
                        }
                    }
                }
            }
        }
    }
    let mut used: Usage = BTreeMap::new();
    for face in Face::ALL {
        let glyphs: BTreeMap<u16, String> = dense[face.index()]
            .iter()
            .enumerate()
            .filter_map(|(gid, text)| Some((u16::try_from(gid).ok()?, (*text)?.to_string())))
            .collect();
        if !glyphs.is_empty() {
            used.insert(face, glyphs);
        }
    }
    used
}

/// A subset tag (six capitals) derived from the glyph set, as PDF asks for subset fonts.
pub(super) fn subset_tag(face: Face, gids: &[u16]) -> String {
    let bytes: Vec<u8> = gids.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut h = stable_hash(&[face.postscript_name().as_bytes(), &bytes]);
    let mut tag = String::new();
    for _ in 0..6 {
        tag.push(char::from(b'A' + (h % 26) as u8));
        h /= 26;
    }
    tag
}

/// A PDF date string for the policy's date (midnight UTC).
pub(super) fn pdf_date((y, m, d): (u16, u8, u8)) -> String {
    format!("D:{y:04}{m:02}{d:02}000000Z")
}
