//! The outline (bookmarks) and the `/XYZ` destinations links and bookmarks point to.

use pdf_writer::{Name, Ref, TextStr};

use super::super::display::OutlineEntry;
use super::super::sink::ObjectSink;
use super::{PdfError, int, refs};

/// A `[page /XYZ 0 top 0]` destination.
pub(super) fn xyz(array: &mut pdf_writer::Array, page: Ref, top: f32) {
    array
        .item(page)
        .item(Name(b"XYZ"))
        .item(0.0f32)
        .item(top)
        .item(0.0f32);
}

/// Writes the outline (bookmarks), nested by heading level, every entry with children
/// closed. Returns the /Outlines dictionary, if there are entries.
pub(super) fn write_outline(
    sink: &mut ObjectSink,
    entries: &[OutlineEntry],
    page_refs: &[Ref],
    page_h: f32,
) -> Result<Option<Ref>, PdfError> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = sink.next_ref()?;
    let ids: Vec<Ref> = refs(sink, entries.len())?;
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
        sink.object(ids[i], |obj| {
            let mut item = obj.dict();
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
            Ok(())
        })?;
    }
    sink.object(root, |obj| {
        let mut o = obj.dict();
        o.pair(Name(b"Type"), Name(b"Outlines"));
        if let (Some(first), Some(last)) = (top.first(), top.last()) {
            o.pair(Name(b"First"), ids[*first])
                .pair(Name(b"Last"), ids[*last])
                .pair(Name(b"Count"), int(top.len())?);
        }
        Ok(())
    })?;
    Ok(Some(root))
}
