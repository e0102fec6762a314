//! Packs a finished PDF into object streams with a cross-reference stream (PDF 1.5+,
//! allowed by PDF/A-2 and PDF/UA-1), in one pass over the bytes.
//!
//! A tagged policy has hundreds of small structure elements; written one by one with an
//! xref table they double the file. The tagged writer ([`super::write_tagged`]) lets
//! `pdf-writer` write a plain file: `N 0 obj … endobj` blocks, one xref table, a trailer.
//! The packer reads that table (no PDF parser), moves every object that is not a stream into
//! object streams, Flate-compresses every stream that has no filter yet (content streams,
//! font programs, CMaps) at a fast level, leaves the XMP metadata unfiltered (PDF/A wants it
//! readable), and ends the file with a compressed cross-reference stream that carries the
//! old trailer's entries.
//!
//! Anything unexpected in the input is an error, never a guess: the input is pdf-writer's
//! own output, so an error here means its layout changed, and the tests say so.

use std::io::Write;

use flate2::Compression;

use super::PdfError;

/// Level for content streams, CMaps and object streams. Level 1 is miniz_oxide's fast
/// path; the streams are repetitive operators and dictionaries, which it compresses to
/// within a few per cent of level 6.
const LEVEL: u32 = 1;

/// Objects per object stream. A reader decompresses a whole object stream to reach one of
/// its objects; a few hundred dictionaries keep that cheap and still compress well.
const PER_OBJECT_STREAM: usize = 200;

fn malformed(what: &str) -> PdfError {
    PdfError::Writer(format!("cannot pack the PDF: {what}"))
}

/// One indirect object of the input, by number, as a slice of the input.
enum Object<'a> {
    /// Not a stream: its body (a dictionary, array, number…), goes into an object stream.
    Plain(&'a [u8]),
    /// A stream: its dictionary (`<<…>>`) and its data.
    Stream { dict: &'a [u8], data: &'a [u8] },
}

/// A cross-reference entry: free, at an offset, or (in the output only) inside an object
/// stream.
#[derive(Clone, Copy)]
enum Entry {
    Free { next: u32, generation: u16 },
    At(usize),
    InStream { stream: u32, index: u16 },
}

pub(super) fn pack(input: &[u8]) -> Result<Vec<u8>, PdfError> {
    let table = XrefTable::read(input)?;
    let mut deflater = Deflater::new();
    let objects = table.objects(input)?;

    let header_end = table
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::At(offset) => Some(*offset),
            _ => None,
        })
        .min()
        .ok_or_else(|| malformed("no objects"))?;
    let mut out = Vec::with_capacity(input.len() / 2);
    out.extend_from_slice(&input[..header_end]);

    // Free entries stay free; every object in use gets its new place below.
    let size = table.entries.len();
    let mut entries = table.entries.clone();

    // Streams first, in object order, compressing those without a filter.
    let mut plain: Vec<(u32, &[u8])> = Vec::new();
    for (num, object) in objects {
        match object {
            Object::Plain(body) => plain.push((num, body)),
            Object::Stream { dict, data } => {
                entries[num as usize] = Entry::At(out.len());
                write_stream(&mut out, &mut deflater, num, dict, data)?;
            }
        }
    }

    // Then the object streams, numbered after the input's objects.
    let mut next = u32::try_from(size).map_err(|_| malformed("too many objects"))?;
    for chunk in plain.chunks(PER_OBJECT_STREAM) {
        write_object_stream(&mut out, &mut deflater, &mut entries, next, chunk)?;
        next += 1;
    }
    write_xref_stream(&mut out, &mut deflater, entries, next, table.trailer_rest)?;
    Ok(out)
}

/// One object stream, numbered `stream_num`, holding the objects of `chunk`; their entries
/// now point into it, and its own entry is added.
fn write_object_stream(
    out: &mut Vec<u8>,
    deflater: &mut Deflater,
    entries: &mut Vec<Entry>,
    stream_num: u32,
    chunk: &[(u32, &[u8])],
) -> Result<(), PdfError> {
    let mut head = Vec::new();
    let mut body = Vec::new();
    for (index, (num, object)) in chunk.iter().enumerate() {
        write!(head, "{num} {} ", body.len()).map_err(io)?;
        body.extend_from_slice(object);
        body.push(b'\n');
        entries[*num as usize] = Entry::InStream {
            stream: stream_num,
            index: u16::try_from(index).map_err(|_| malformed("object stream too long"))?,
        };
    }
    let first = head.len();
    head.extend_from_slice(&body);
    let data = deflater.deflate(&head)?;
    entries.push(Entry::At(out.len()));
    write!(
        out,
        "{stream_num} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>\nstream\n",
        chunk.len(),
        data.len()
    )
    .map_err(io)?;
    end_stream(out, &data);
    out.extend_from_slice(b"endobj\n");
    Ok(())
}

/// The cross-reference stream, numbered `xref_num`, which lists itself, and the end of the
/// file.
fn write_xref_stream(
    out: &mut Vec<u8>,
    deflater: &mut Deflater,
    mut entries: Vec<Entry>,
    xref_num: u32,
    trailer_rest: &[u8],
) -> Result<(), PdfError> {
    let xref_offset = out.len();
    entries.push(Entry::At(xref_offset));
    let mut rows = Vec::with_capacity(entries.len() * 7);
    for entry in &entries {
        let (kind, field2, field3) = match *entry {
            Entry::Free { next, generation } => (0u8, next, generation),
            Entry::At(offset) => (
                1,
                u32::try_from(offset).map_err(|_| malformed("file over 4 GiB"))?,
                0,
            ),
            Entry::InStream { stream, index } => (2, stream, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&field2.to_be_bytes());
        rows.extend_from_slice(&field3.to_be_bytes());
    }
    let data = deflater.deflate(&rows)?;
    write!(
        out,
        "{xref_num} 0 obj\n<</Type/XRef/Size {}/W[1 4 2]",
        entries.len()
    )
    .map_err(io)?;
    out.extend_from_slice(trailer_rest);
    write!(out, "/Filter/FlateDecode/Length {}>>\nstream\n", data.len()).map_err(io)?;
    end_stream(out, &data);
    write!(out, "endobj\nstartxref\n{xref_offset}\n%%EOF\n").map_err(io)?;
    Ok(())
}

fn io(e: std::io::Error) -> PdfError {
    malformed(&e.to_string())
}

/// One zlib compressor for every stream of a file: setting one up zeroes some 300 KB of
/// tables, which costs more than compressing a page's content stream at level 1.
struct Deflater(flate2::Compress);

impl Deflater {
    fn new() -> Self {
        Deflater(flate2::Compress::new(Compression::new(LEVEL), true))
    }

    fn deflate(&mut self, data: &[u8]) -> Result<Vec<u8>, PdfError> {
        self.0.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read =
                usize::try_from(self.0.total_in()).map_err(|_| malformed("stream too long"))?;
            let status = self
                .0
                .compress_vec(&data[read..], &mut out, flate2::FlushCompress::Finish)
                .map_err(|e| malformed(&e.to_string()))?;
            match status {
                flate2::Status::StreamEnd => return Ok(out),
                _ => out.reserve(out.capacity().max(64)),
            }
        }
    }
}

/// Writes a stream object; an unfiltered stream other than the XMP metadata is compressed.
fn write_stream(
    out: &mut Vec<u8>,
    deflater: &mut Deflater,
    num: u32,
    dict: &[u8],
    data: &[u8],
) -> Result<(), PdfError> {
    // pdf-writer writes every stream dictionary as `<</Length N…`.
    let rest = dict
        .strip_prefix(b"<</Length ")
        .ok_or_else(|| malformed("a stream dictionary does not start with its length"))?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = &rest[digits..];
    let compress = !contains(dict, b"/Filter") && !contains(dict, b"/Type/Metadata");
    write!(out, "{num} 0 obj\n<<").map_err(io)?;
    if compress {
        let packed = deflater.deflate(data)?;
        write!(out, "/Length {}/Filter/FlateDecode", packed.len()).map_err(io)?;
        out.extend_from_slice(rest);
        out.extend_from_slice(b"\nstream\n");
        end_stream(out, &packed);
    } else {
        write!(out, "/Length {}", data.len()).map_err(io)?;
        out.extend_from_slice(rest);
        out.extend_from_slice(b"\nstream\n");
        end_stream(out, data);
    }
    out.extend_from_slice(b"endobj\n");
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn trim_end(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

fn number<T: std::str::FromStr>(s: &[u8]) -> Option<T> {
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// The input's xref table and trailer, as pdf-writer writes them: one subsection
/// `xref\n0 N\n`, N entries of 20 bytes, then `trailer\n<</Size N…>>`, `startxref`.
struct XrefTable<'a> {
    /// Each object number's entry: its offset in the input, or free (never in a stream).
    entries: Vec<Entry>,
    /// Where the table starts: the end of the last object.
    start: usize,
    /// The trailer's entries after `/Size N` (Root, Info, ID), without the closing `>>`.
    trailer_rest: &'a [u8],
}

impl<'a> XrefTable<'a> {
    fn read(input: &'a [u8]) -> Result<Self, PdfError> {
        let tail_at = input
            .windows(9)
            .rposition(|w| w == b"startxref")
            .ok_or_else(|| malformed("no startxref"))?;
        let tail = &input[tail_at + 9..];
        let digits: Vec<u8> = tail
            .iter()
            .copied()
            .skip_while(u8::is_ascii_whitespace)
            .take_while(u8::is_ascii_digit)
            .collect();
        let start: usize = number(&digits).ok_or_else(|| malformed("bad startxref"))?;
        let table = input
            .get(start..tail_at)
            .and_then(|t| t.strip_prefix(b"xref\n0 "))
            .ok_or_else(|| malformed("no xref table where startxref points"))?;
        let line_end = table
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| malformed("bad xref header"))?;
        let count: usize =
            number(trim_end(&table[..line_end])).ok_or_else(|| malformed("bad xref count"))?;
        let entries_end = line_end + 1 + count * 20;
        let rows = table
            .get(line_end + 1..entries_end)
            .ok_or_else(|| malformed("xref table shorter than its count"))?;
        let mut entries = Vec::with_capacity(count);
        for row in rows.chunks_exact(20) {
            let field: Option<u32> = number(&row[..10]);
            let generation: Option<u16> = number(&row[11..16]);
            let (Some(field), Some(generation)) = (field, generation) else {
                return Err(malformed("bad xref entry"));
            };
            match row[17] {
                b'n' if generation == 0 => entries.push(Entry::At(field as usize)),
                b'f' => entries.push(Entry::Free {
                    next: field,
                    generation,
                }),
                _ => return Err(malformed("xref entry neither free nor generation 0")),
            }
        }
        let trailer = trim_end(&table[entries_end..]);
        let dict = trailer
            .strip_prefix(b"trailer\n<</Size ")
            .and_then(|d| d.strip_suffix(b">>"))
            .ok_or_else(|| malformed("bad trailer"))?;
        let digits = dict.iter().take_while(|b| b.is_ascii_digit()).count();
        if number::<usize>(&dict[..digits]) != Some(count) {
            return Err(malformed("trailer /Size differs from the xref table"));
        }
        Ok(XrefTable {
            entries,
            start,
            trailer_rest: &dict[digits..],
        })
    }

    /// Every object in use, by number, cut at the next object's offset.
    fn objects(&self, input: &'a [u8]) -> Result<Vec<(u32, Object<'a>)>, PdfError> {
        let mut by_offset: Vec<(usize, u32)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(num, e)| match e {
                Entry::At(offset) => Some((*offset, num as u32)),
                _ => None,
            })
            .collect();
        by_offset.sort_unstable();
        let mut objects = Vec::with_capacity(by_offset.len());
        for (i, &(offset, num)) in by_offset.iter().enumerate() {
            let end = by_offset.get(i + 1).map_or(self.start, |n| n.0);
            let block = input
                .get(offset..end)
                .ok_or_else(|| malformed("object offset outside the file"))?;
            let mut prefix = Vec::with_capacity(16);
            writeln!(prefix, "{num} 0 obj").map_err(io)?;
            let body = block
                .strip_prefix(prefix.as_slice())
                .map(trim_end)
                .and_then(|b| b.strip_suffix(b"endobj"))
                .map(trim_end)
                .ok_or_else(|| malformed("an xref offset does not point at its object"))?;
            objects.push((num, Object::parse(body)?));
        }
        objects.sort_unstable_by_key(|(num, _)| *num);
        Ok(objects)
    }
}

/// Appends a stream's data and `endstream`, with the end-of-line marker between them that
/// ISO 32000-1 7.3.8.1 asks for and that is not counted in /Length. Data ending in CR gets
/// CR LF: after a lone LF, the data's CR and that LF would read as one CR LF marker, and a
/// reader following ISO 19005-2 6.1.7.1 would count one byte less than /Length.
fn end_stream(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(data);
    if data.last() == Some(&b'\r') {
        out.extend_from_slice(b"\r\nendstream\n");
    } else {
        out.extend_from_slice(b"\nendstream\n");
    }
}

impl<'a> Object<'a> {
    /// A stream is `<<dict>>\nstream\n` + exactly /Length bytes + `\nendstream`; the data
    /// is cut by its length from the end, so bytes inside it are never read as syntax.
    fn parse(body: &'a [u8]) -> Result<Self, PdfError> {
        let Some(before_end) = body.strip_suffix(b"\nendstream") else {
            return Ok(Object::Plain(body));
        };
        let length: usize = body
            .strip_prefix(b"<</Length ")
            .map(|r| {
                let digits = r.iter().take_while(|b| b.is_ascii_digit()).count();
                &r[..digits]
            })
            .and_then(number)
            .ok_or_else(|| malformed("a stream without a leading /Length"))?;
        let data_start = before_end
            .len()
            .checked_sub(length)
            .ok_or_else(|| malformed("a stream shorter than its /Length"))?;
        let dict = before_end[..data_start]
            .strip_suffix(b"\nstream\n")
            .ok_or_else(|| malformed("stream data does not follow its dictionary"))?;
        if !dict.ends_with(b">>") {
            return Err(malformed("a stream dictionary is not closed"));
        }
        Ok(Object::Stream {
            dict,
            data: &before_end[data_start..],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF as pdf-writer lays it out: header, objects, xref table, trailer.
    fn sample() -> Vec<u8> {
        let objects: [&[u8]; 4] = [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Count 0/Kids[]>>",
            b"<</Length 10>>\nstream\nBT (x) Tj\n\nendstream",
            b"<</Length 5/Type/Metadata/Subtype/XML>>\nstream\n<x/>\n\nendstream",
        ];
        let mut pdf = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n\n");
        }
        let start = pdf.len();
        pdf.extend_from_slice(b"xref\n0 5\n0000000000 65535 f\r\n");
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(b"trailer\n<</Size 5/Root 1 0 R/ID[(a)(b)]>>\n");
        pdf.extend_from_slice(format!("startxref\n{start}\n%%EOF").as_bytes());
        pdf
    }

    #[test]
    fn packs_plain_objects_and_compresses_content() {
        let packed = pack(&sample()).expect("packs");
        let doc = lopdf::Document::load_mem(&packed).expect("lopdf reads the packed file");
        let catalog = doc.catalog().expect("catalog");
        assert_eq!(
            catalog.get(b"Type").and_then(|t| t.as_name()).ok(),
            Some(&b"Catalog"[..])
        );
        let content = doc
            .get_object((3, 0))
            .and_then(|o| o.as_stream())
            .expect("stream");
        assert_eq!(
            content.dict.get(b"Filter").and_then(|f| f.as_name()).ok(),
            Some(&b"FlateDecode"[..])
        );
        assert_eq!(
            content.decompressed_content().expect("inflates"),
            b"BT (x) Tj\n"
        );
        let xmp = doc
            .get_object((4, 0))
            .and_then(|o| o.as_stream())
            .expect("stream");
        assert!(
            xmp.dict.get(b"Filter").is_err(),
            "the XMP metadata stays unfiltered"
        );
        assert_eq!(xmp.content, b"<x/>\n");
        // Catalog and page tree sit in an object stream, so no `1 0 obj` appears in the file.
        assert!(!contains(&packed, b"\n1 0 obj"));
        assert!(contains(&packed, b"/ID[(a)(b)]"));
        assert!(packed.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn same_input_same_bytes() {
        assert_eq!(pack(&sample()).ok(), pack(&sample()).ok());
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        assert!(pack(b"%PDF-1.7\nnot a pdf").is_err());
        let mut broken = sample();
        // Point the first object's offset one byte off.
        let at = broken
            .windows(20)
            .position(|w| w.ends_with(b"00000 n\r\n"))
            .expect("entry");
        broken[at + 9] += 1;
        assert!(pack(&broken).is_err());
        let short = String::from_utf8_lossy(&sample()).replace("Length 10", "Length 99");
        assert!(pack(short.as_bytes()).is_err());
    }
}
