//! Tests of the sink. The files it writes are read back here by a small reader of their
//! own (cross-reference stream, object streams, stream framing), so that a wrong offset or
//! index fails even where a forgiving reader would rebuild the table; lopdf then walks the
//! objects of a real policy.

use std::collections::BTreeSet;
use std::io::Read as _;

use pdf_writer::{Name, Ref, Str};

use super::{ObjectSink, PER_OBJECT_STREAM, frame};
use crate::render::pdf::{PdfError, PdfMeta, PdfStandard, render_pdf};

const FIXTURE: &str = include_str!("../../../../tests/fixtures/pdf/esterna.md");

/// The content stream of the sample file.
const CONTENT: &[u8] = b"BT /F1 12 Tf (x) Tj ET\n";
/// The XMP stand-in of the sample file.
const XMP: &[u8] = b"<?xpacket begin=\"\"?><x/>\n";

/// A small file: catalog, page tree, one page with its content, XMP, Info, and `extra`
/// plain objects that the catalog lists, so that there are several object streams.
fn sample(extra: usize) -> Result<Vec<u8>, PdfError> {
    let mut sink = ObjectSink::new();
    let catalog = sink.next_ref()?;
    let pages = sink.next_ref()?;
    let page = sink.next_ref()?;
    let content = sink.next_ref()?;
    let metadata = sink.next_ref()?;
    let info = sink.next_ref()?;
    let extras: Vec<Ref> = (0..extra)
        .map(|_| sink.next_ref())
        .collect::<Result<_, _>>()?;
    sink.stream(content, CONTENT, |_| {})?;
    sink.object(page, |obj| {
        let mut d = obj.dict();
        d.pair(Name(b"Type"), Name(b"Page"))
            .pair(Name(b"Parent"), pages)
            .pair(Name(b"Contents"), content);
        d.insert(Name(b"MediaBox")).array().items([0, 0, 10, 10]);
        Ok(())
    })?;
    sink.object(pages, |obj| {
        obj.dict()
            .pair(Name(b"Type"), Name(b"Pages"))
            .pair(Name(b"Count"), 1)
            .insert(Name(b"Kids"))
            .array()
            .item(page);
        Ok(())
    })?;
    sink.unfiltered_stream(metadata, XMP, |d| {
        d.pair(Name(b"Type"), Name(b"Metadata"))
            .pair(Name(b"Subtype"), Name(b"XML"));
    })?;
    for (i, r) in extras.iter().enumerate() {
        let i = i32::try_from(i).map_err(|_| PdfError::Font)?;
        sink.object(*r, |obj| {
            obj.dict().pair(Name(b"N"), i);
            Ok(())
        })?;
    }
    sink.object(info, |obj| {
        obj.dict().pair(Name(b"Title"), Str(b"t"));
        Ok(())
    })?;
    sink.object(catalog, |obj| {
        let mut d = obj.dict();
        d.pair(Name(b"Type"), Name(b"Catalog"))
            .pair(Name(b"Pages"), pages)
            .pair(Name(b"Metadata"), metadata);
        d.insert(Name(b"Extra"))
            .array()
            .items(extras.iter().copied());
        Ok(())
    })?;
    sink.finish(catalog, info, b"0123")
}

fn written(extra: usize) -> Vec<u8> {
    match sample(extra) {
        Ok(bytes) => bytes,
        Err(e) => panic!("{e}"),
    }
}

fn policy(standard: PdfStandard) -> Vec<u8> {
    let meta = PdfMeta {
        title: "Policy".into(),
        author: "Comune di Valdoria".into(),
        lang: "it".into(),
        date: (2026, 3, 12),
        ..PdfMeta::default()
    };
    match render_pdf(FIXTURE, &meta, standard) {
        Ok(bytes) => bytes,
        Err(e) => panic!("{e}"),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The decimal number after `key` in a dictionary.
fn int_after(dict: &[u8], key: &[u8]) -> usize {
    let at = find(dict, key).unwrap_or_else(|| panic!("no {}", String::from_utf8_lossy(key)));
    let digits: String = dict[at + key.len()..]
        .iter()
        .skip_while(|b| **b == b' ')
        .take_while(|b| b.is_ascii_digit())
        .map(|b| char::from(*b))
        .collect();
    digits.parse().expect("a number")
}

/// The stream object at `offset`, which must be object `number`: its dictionary and its
/// data, inflated if it is compressed. The data is cut by /Length, and what follows it must
/// be an end-of-line marker and `endstream`.
fn stream_at(file: &[u8], offset: usize, number: usize) -> (Vec<u8>, Vec<u8>) {
    let object = &file[offset..];
    let opening = format!("{number} 0 obj\n");
    assert!(
        object.starts_with(opening.as_bytes()),
        "offset {offset} does not point at object {number}"
    );
    let dict_end = find(object, b">>\nstream\n").expect("a stream") + 2;
    let dict = object[opening.len()..dict_end].to_vec();
    let start = dict_end + b"\nstream\n".len();
    let length = int_after(&dict, b"/Length");
    let raw = &object[start..start + length];
    let after = &object[start + length..];
    assert!(
        after.starts_with(b"\nendstream\nendobj\n")
            || after.starts_with(b"\r\nendstream\nendobj\n"),
        "object {number}: /Length does not end at the end-of-line marker before endstream"
    );
    let data = if find(&dict, b"/Filter/FlateDecode").is_some() {
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(raw)
            .read_to_end(&mut inflated)
            .expect("inflates");
        inflated
    } else {
        raw.to_vec()
    };
    (dict, data)
}

/// Where each object is, by number, as the cross-reference stream says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    Free { next: usize },
    At(usize),
    InStream { stream: usize, index: usize },
}

/// The cross-reference stream `startxref` points at: its dictionary and its rows.
fn xref(file: &[u8]) -> (Vec<u8>, Vec<Row>) {
    let (dict, rows, _) = xref_numbered(file);
    (dict, rows)
}

/// [`xref`], and the number of the cross-reference stream.
fn xref_numbered(file: &[u8]) -> (Vec<u8>, Vec<Row>, usize) {
    assert!(file.ends_with(b"%%EOF\n"));
    let tail = find(file, b"startxref\n").expect("startxref");
    let offset = int_after(&file[tail..], b"startxref\n");
    let number = file[offset..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |n, b| n * 10 + usize::from(b - b'0'));
    let (dict, data) = stream_at(file, offset, number);
    assert!(find(&dict, b"/Type/XRef").is_some());
    assert!(find(&dict, b"/W[1 4 2]").is_some());
    assert_eq!(data.len() % 7, 0);
    let rows: Vec<Row> = data
        .chunks(7)
        .map(|r| {
            let field2 = u32::from_be_bytes([r[1], r[2], r[3], r[4]]) as usize;
            let field3 = usize::from(u16::from_be_bytes([r[5], r[6]]));
            match r[0] {
                0 => Row::Free { next: field2 },
                1 => Row::At(field2),
                2 => Row::InStream {
                    stream: field2,
                    index: field3,
                },
                t => panic!("row type {t}"),
            }
        })
        .collect();
    assert_eq!(int_after(&dict, b"/Size"), rows.len());
    assert_eq!(
        rows.get(number),
        Some(&Row::At(offset)),
        "the xref stream lists itself"
    );
    (dict, rows, number)
}

/// Checks every row: an offset starts its object, an object stream holds the object at
/// the index given. Returns how many object streams there are.
fn check_rows(file: &[u8], rows: &[Row]) -> usize {
    let mut object_streams = BTreeSet::new();
    for (number, row) in rows.iter().enumerate() {
        match *row {
            Row::Free { .. } => {}
            Row::At(offset) => {
                let opening = format!("{number} 0 obj\n");
                assert!(
                    file[offset..].starts_with(opening.as_bytes()),
                    "offset of object {number} points elsewhere"
                );
            }
            Row::InStream { stream, index } => {
                object_streams.insert(stream);
                let Some(Row::At(offset)) = rows.get(stream) else {
                    panic!("object {number} is in {stream}, which is not at an offset");
                };
                let (dict, data) = stream_at(file, *offset, stream);
                assert!(find(&dict, b"/Type/ObjStm").is_some());
                let n = int_after(&dict, b"/N");
                let first = int_after(&dict, b"/First");
                assert!(index < n, "object {number}: index {index} of {n}");
                let head: Vec<usize> = std::str::from_utf8(&data[..first])
                    .expect("ASCII")
                    .split_whitespace()
                    .map(|t| t.parse().expect("a number"))
                    .collect();
                assert_eq!(head.len(), 2 * n);
                assert_eq!(
                    head[2 * index],
                    number,
                    "object stream {stream}, index {index}"
                );
                let body = &data[first + head[2 * index + 1]..];
                assert!(!body.starts_with(b"\n") && !body.is_empty());
            }
        }
    }
    object_streams.len()
}

#[test]
fn xref_stream_points_at_every_object() {
    let extra = 2 * usize::from(PER_OBJECT_STREAM) + 50;
    let file = written(extra);
    let (dict, rows) = xref(&file);
    // Objects 1-6, the extras, three object streams, the xref stream.
    assert_eq!(rows.len(), 1 + 6 + extra + 3 + 1);
    assert_eq!(check_rows(&file, &rows), 3);
    assert_eq!(rows[0], Row::Free { next: 0 });
    assert!(find(&dict, b"/Root 1 0 R").is_some());
    assert!(find(&dict, b"/Info 6 0 R").is_some());
    assert!(find(&dict, b"/ID[(0123)(0123)]").is_some());
}

#[test]
fn small_objects_go_into_object_streams_and_streams_are_compressed() {
    let file = written(3);
    let (_, rows) = xref(&file);
    check_rows(&file, &rows);
    // Catalog, page tree, page and Info are in an object stream, not in the file.
    for number in [1, 2, 3, 6] {
        assert!(matches!(rows[number], Row::InStream { .. }), "{number}");
        assert!(find(&file, format!("\n{number} 0 obj").as_bytes()).is_none());
    }
    let Row::At(content) = rows[4] else {
        panic!("the content stream is in the file");
    };
    let (dict, data) = stream_at(&file, content, 4);
    assert!(find(&dict, b"/Filter/FlateDecode").is_some());
    assert_eq!(data, CONTENT);
    // lopdf, another reader, agrees.
    let doc = lopdf::Document::load_mem(&file).expect("lopdf reads the file");
    let page = doc.get_dictionary((3, 0)).expect("the page");
    assert_eq!(
        page.get(b"Type").and_then(|t| t.as_name()).ok(),
        Some(&b"Page"[..])
    );
}

#[test]
fn the_xmp_metadata_stays_unfiltered() {
    let file = written(0);
    let (_, rows) = xref(&file);
    let Row::At(offset) = rows[5] else {
        panic!("the metadata stream is in the file");
    };
    let (dict, data) = stream_at(&file, offset, 5);
    assert!(
        find(&dict, b"/Filter").is_none(),
        "{}",
        String::from_utf8_lossy(&dict)
    );
    assert_eq!(data, XMP);
    assert!(
        find(&file, XMP).is_some(),
        "the packet is readable in the file"
    );
}

/// Data whose compressed form ends in CR, found by trying: the end of zlib data is its
/// checksum, so about one input in 256 has one.
fn compresses_to_cr() -> Vec<u8> {
    let mut deflater = super::Deflater::new();
    let mut out = Vec::new();
    (0..10_000)
        .map(|i| format!("BT ({i}) Tj ET\n").into_bytes())
        .find(|data| deflater.deflate(data, &mut out).is_ok() && out.last() == Some(&b'\r'))
        .expect("an input whose compressed data ends in CR")
}

#[test]
fn a_stream_ending_in_cr_keeps_its_length() {
    let data = compresses_to_cr();
    let mut sink = ObjectSink::new();
    let refs: Vec<Ref> = (0..4).map(|_| sink.next_ref().expect("numbered")).collect();
    let written = sink
        .stream(refs[0], &data, |_| {})
        .and_then(|()| sink.unfiltered_stream(refs[1], b"raw\r", |_| {}))
        .and_then(|()| {
            sink.object(refs[2], |obj| {
                obj.dict().pair(Name(b"Type"), Name(b"Catalog"));
                Ok(())
            })
        })
        .and_then(|()| {
            sink.object(refs[3], |obj| {
                obj.dict();
                Ok(())
            })
        })
        .and_then(|()| sink.finish(refs[2], refs[3], b"id"));
    let file = match written {
        Ok(file) => file,
        Err(e) => panic!("{e}"),
    };
    // Both streams end CR, then the CR LF marker: `stream_at` checks /Length ends there.
    assert!(find(&file, b"\r\r\nendstream").is_some());
    let (_, rows) = xref(&file);
    check_rows(&file, &rows);
    let (Row::At(packed), Row::At(raw)) = (rows[1], rows[2]) else {
        panic!("streams are in the file");
    };
    assert_eq!(stream_at(&file, packed, 1).1, data);
    assert_eq!(stream_at(&file, raw, 2).1, b"raw\r");
}

#[test]
fn a_number_given_out_and_never_written_is_free() {
    let mut sink = ObjectSink::new();
    let catalog = sink.next_ref().expect("numbered");
    let unused = sink.next_ref().expect("numbered");
    let info = sink.next_ref().expect("numbered");
    let file = sink
        .object(catalog, |obj| {
            obj.dict().pair(Name(b"Type"), Name(b"Catalog"));
            Ok(())
        })
        .and_then(|()| {
            sink.object(info, |obj| {
                obj.dict();
                Ok(())
            })
        })
        .and_then(|()| sink.finish(catalog, info, b"id"))
        .expect("written");
    let (_, rows) = xref(&file);
    assert_eq!(rows[0], Row::Free { next: 2 });
    assert_eq!(
        rows[usize::try_from(unused.get()).expect("positive")],
        Row::Free { next: 0 }
    );
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(written(300), written(300));
    assert_eq!(policy(PdfStandard::A2aUa1), policy(PdfStandard::A2aUa1));
}

#[test]
fn every_object_of_a_policy_is_where_the_xref_says_and_reachable() {
    use lopdf::{Document, Object, ObjectId};
    for standard in [PdfStandard::A2aUa1, PdfStandard::A2b] {
        let file = policy(standard);
        let (_, rows, xref_number) = xref_numbered(&file);
        assert!(check_rows(&file, &rows) >= 1);
        assert_eq!(
            rows.iter()
                .filter(|r| matches!(r, Row::Free { .. }))
                .count(),
            1,
            "{standard}: only object 0 is free"
        );
        let doc = Document::load_mem(&file).expect("lopdf reads the policy");
        let mut reached: BTreeSet<ObjectId> = BTreeSet::new();
        let mut todo: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
        while let Some(object) = todo.pop() {
            match object {
                Object::Reference(id) if reached.insert(*id) => {
                    todo.push(doc.get_object(*id).expect("a reference resolves"));
                }
                Object::Array(items) => todo.extend(items),
                Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v)),
                Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
        let containers: BTreeSet<usize> = rows
            .iter()
            .filter_map(|r| match r {
                Row::InStream { stream, .. } => Some(*stream),
                _ => None,
            })
            .collect();
        for number in 1..rows.len() {
            if number == xref_number || containers.contains(&number) {
                continue;
            }
            let id = (u32::try_from(number).expect("small"), 0);
            assert!(
                reached.contains(&id),
                "{standard}: object {number} is not reachable"
            );
        }
        // The XMP metadata, which the catalog names, is unfiltered.
        let catalog = doc.catalog().expect("catalog");
        let metadata = catalog
            .get(b"Metadata")
            .and_then(Object::as_reference)
            .expect("/Metadata");
        let xmp = doc
            .get_object(metadata)
            .and_then(Object::as_stream)
            .expect("a stream");
        assert!(xmp.dict.get(b"Filter").is_err(), "{standard}: XMP filtered");
        assert!(xmp.content.starts_with(b"<?xpacket begin"));
    }
}

#[test]
fn refuses_an_object_it_cannot_take() {
    let mut sink = ObjectSink::new();
    let a = sink.next_ref().expect("numbered");
    let b = sink.next_ref().expect("numbered");
    // Nothing written: no body, no `endobj`.
    assert!(
        sink.object(a, |obj| {
            drop(obj);
            Ok(())
        })
        .is_err()
    );
    // The writer's own error comes back as it is.
    assert_eq!(sink.object(a, |_| Err(PdfError::Font)), Err(PdfError::Font));
    // A number never given out, an object written twice.
    assert!(
        sink.object(Ref::new(99), |obj| {
            obj.dict();
            Ok(())
        })
        .is_err()
    );
    assert!(
        sink.object(b, |obj| {
            obj.dict();
            Ok(())
        })
        .is_ok()
    );
    assert!(
        sink.object(b, |obj| {
            obj.dict();
            Ok(())
        })
        .is_err()
    );
    assert!(sink.stream(b, b"x", |_| {}).is_err());
    // No catalog was written.
    assert!(sink.finish(a, b, b"id").is_err());
}

#[test]
fn takes_only_the_framing_of_iso_32000_7_3_10() {
    let seven = Ref::new(7);
    for (framed, body) in [
        (&b"7 0 obj\n<</A 1>>\nendobj\n"[..], &b"<</A 1>>"[..]),
        (b"7 0 obj<</A 1>>endobj", b"<</A 1>>"),
        (b"7 0 obj\r\n[1 2]\r\nendobj\r\n\n", b"[1 2]"),
        (b"7  0\tobj 42 endobj", b"42"),
    ] {
        assert_eq!(frame::strip(framed, seven).ok(), Some(body));
    }
    for framed in [
        &b"8 0 obj\n<<>>\nendobj\n"[..],
        b"7 1 obj\n<<>>\nendobj\n",
        b"70 obj\n<<>>\nendobj\n",
        b"7 0 obj\n<<>>\n",
        b"7 0 obj\n<<>>\nendobj\nx",
        b"7 0 obj\n42endobj\n",
        b"7 0 objtrue\nendobj\n",
        b"7 0 obj\nendobj\n",
        b"x7 0 obj\n<<>>\nendobj\n",
        b"",
    ] {
        assert!(
            frame::strip(framed, seven).is_err(),
            "{}",
            String::from_utf8_lossy(framed)
        );
    }
}
