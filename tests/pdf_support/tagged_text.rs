//! The text of a tagged PDF as a screen reader or a reflow tool reads it: the structure tree
//! walked in order, each marked-content sequence decoded through its font's ToUnicode CMap
//! (or its /ActualText), a line break between block elements and nothing else added. Two
//! words the file does not separate by a real space come out glued, as those tools show them.

use std::collections::HashMap;

use lopdf::{Document, Object, ObjectId};

/// Block-level structure types: their text is set apart by a line break.
const BLOCKS: &[&[u8]] = &[
    b"P",
    b"H",
    b"H1",
    b"H2",
    b"H3",
    b"H4",
    b"H5",
    b"H6",
    b"LI",
    b"Lbl",
    b"LBody",
    b"TH",
    b"TD",
    b"TR",
    b"Table",
    b"L",
    b"BlockQuote",
    b"Caption",
    b"Code",
];

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

fn hex_units(s: &str) -> Vec<u16> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(4)
        .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect()
}

/// Code → text of a ToUnicode CMap (bfchar and bfrange entries, two-byte codes).
fn parse_cmap(data: &[u8]) -> HashMap<u16, String> {
    let text = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let fields: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        match (mode, fields.as_slice()) {
            ("char", [code, dst]) => {
                if let Some(code) = hex_units(code).first() {
                    map.insert(*code, String::from_utf16_lossy(&hex_units(dst)));
                }
            }
            ("range", [lo, hi, dst]) => {
                let (Some(lo), Some(hi)) = (
                    hex_units(lo).first().copied(),
                    hex_units(hi).first().copied(),
                ) else {
                    continue;
                };
                let mut units = hex_units(dst);
                for code in lo..=hi {
                    map.insert(code, String::from_utf16_lossy(&units));
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(1);
                    }
                }
            }
            _ => {}
        }
    }
    map
}

pub(crate) fn text_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    }
}

/// The text of every marked-content sequence of a page, by MCID.
fn page_texts(doc: &Document, page: ObjectId) -> HashMap<i64, String> {
    let mut cmaps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
    if let Ok(fonts) = doc.get_page_fonts(page) {
        for (name, font) in fonts {
            let map = font
                .get(b"ToUnicode")
                .ok()
                .and_then(|o| o.as_reference().ok())
                .and_then(|id| doc.get_object(id).ok())
                .and_then(|o| o.as_stream().ok())
                .map(|s| {
                    parse_cmap(
                        &s.decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                    )
                })
                .unwrap_or_default();
            cmaps.insert(name, map);
        }
    }
    let content = doc
        .get_and_decode_page_content(page)
        .expect("the page content decodes");
    let mut out: HashMap<i64, String> = HashMap::new();
    // Open marked-content sequences: (MCID, ActualText).
    let mut open: Vec<(Option<i64>, Option<String>)> = Vec::new();
    let mut font: Vec<u8> = Vec::new();
    let empty = HashMap::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let props = op.operands.get(1).map(|o| resolve(doc, o));
                let dict = props.and_then(|p| p.as_dict().ok());
                let mcid = dict
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|o| o.as_i64().ok());
                let actual = dict
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|o| o.as_str().ok())
                    .map(text_string);
                if let (Some(id), Some(t)) = (
                    mcid.or_else(|| open.iter().rev().find_map(|o| o.0)),
                    &actual,
                ) {
                    out.entry(id).or_default().push_str(t);
                }
                open.push((mcid, actual));
            }
            "EMC" => {
                open.pop();
            }
            "Tf" => {
                if let Some(Ok(name)) = op.operands.first().map(|o| o.as_name()) {
                    font = name.to_vec();
                }
            }
            "TJ" | "Tj" | "'" | "\"" => {
                // Inside an /ActualText span the glyphs are replaced by that text.
                if open.iter().any(|o| o.1.is_some()) {
                    continue;
                }
                let Some(id) = open.iter().rev().find_map(|o| o.0) else {
                    continue;
                };
                let map = cmaps.get(&font).unwrap_or(&empty);
                let mut strings = Vec::new();
                for operand in &op.operands {
                    match operand {
                        Object::Array(items) => {
                            strings.extend(items.iter().filter_map(|i| i.as_str().ok()))
                        }
                        Object::String(..) => strings.extend(operand.as_str().ok()),
                        _ => {}
                    }
                }
                let text = out.entry(id).or_default();
                for s in strings {
                    for code in s.chunks(2) {
                        let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                        match map.get(&code) {
                            Some(t) => text.push_str(t),
                            None => text.push('\u{FFFD}'),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of a tagged PDF in structure order.
pub(crate) fn structure_text(bytes: &[u8]) -> String {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut texts: HashMap<ObjectId, HashMap<i64, String>> = HashMap::new();
    for page in doc.get_pages().values() {
        texts.insert(*page, page_texts(&doc, *page));
    }
    let catalog = doc.catalog().expect("catalog");
    let root = catalog
        .get(b"StructTreeRoot")
        .expect("a tagged PDF has a structure tree");
    let mut out = String::new();
    walk(&doc, root, None, &texts, &mut out, 0);
    out
}

fn walk(
    doc: &Document,
    obj: &Object,
    page: Option<ObjectId>,
    texts: &HashMap<ObjectId, HashMap<i64, String>>,
    out: &mut String,
    depth: usize,
) {
    assert!(depth < 200, "structure tree too deep or cyclic");
    match resolve(doc, obj) {
        Object::Integer(mcid) => {
            if let Some(t) = page.and_then(|p| texts.get(&p)).and_then(|m| m.get(mcid)) {
                out.push_str(t);
            }
        }
        Object::Array(kids) => {
            for k in kids {
                walk(doc, k, page, texts, out, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            let page = d
                .get(b"Pg")
                .ok()
                .and_then(|p| p.as_reference().ok())
                .or(page);
            match d.get(b"Type").and_then(|t| t.as_name()).ok() {
                Some(b"OBJR") => return,
                Some(b"MCR") => {
                    if let Ok(mcid) = d.get(b"MCID").and_then(|o| o.as_i64()) {
                        walk(doc, &Object::Integer(mcid), page, texts, out, depth + 1);
                    }
                    return;
                }
                _ => {}
            }
            let block = d
                .get(b"S")
                .and_then(|s| s.as_name())
                .is_ok_and(|s| BLOCKS.contains(&s));
            if block {
                out.push('\n');
            }
            if let Ok(actual) = d.get(b"ActualText").and_then(|o| o.as_str()) {
                out.push_str(&text_string(actual));
            } else if let Ok(k) = d.get(b"K") {
                walk(doc, k, page, texts, out, depth + 1);
            }
            if block {
                out.push('\n');
            }
        }
        _ => {}
    }
}
