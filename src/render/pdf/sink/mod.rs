//! Where the tagged writer's objects go as they are made: a PDF 1.5+ file with object
//! streams and a compressed cross-reference stream (allowed by PDF/A-2 and PDF/UA-1).
//!
//! A tagged policy has hundreds of small structure elements; written one by one with an
//! xref table they would double the file. So every object that is not a stream goes into
//! the current object stream the moment it is written; a stream is Flate-compressed (the
//! XMP metadata excepted: PDF/A wants it readable) and written straight into the file. The
//! file ends with a compressed cross-reference stream that carries Root, Info and ID.
//!
//! `pdf-writer` writes each object's dictionary or array, with its typed API, into a chunk
//! holding that one object. Of its output only the object's framing, `{n} 0 obj` …
//! `endobj` (ISO 32000-1 7.3.10), is read back, and strictly ([`frame`]); everything else
//! (the header, the stream framing, object streams, the cross-reference stream) is written
//! here. Nothing depends on how pdf-writer lays out a whole file.
//!
//! The sink also numbers the objects, so that an object stream can take its number when
//! it is started, between the writer's own objects.

mod deflate;
mod frame;
mod xref;

#[cfg(test)]
mod tests;

use std::io::Write as _;

use pdf_writer::{Chunk, Dict, Name, Obj, Ref, Settings, Str};

use super::PdfError;
use deflate::Deflater;
use xref::{Entry, Xref};

/// What every file starts with: the version, and a comment of four bytes above 127 that
/// marks the file as binary (ISO 19005-2 6.1.2).
const HEADER: &[u8] = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n";

/// Objects per object stream. A reader decompresses a whole object stream to reach one of
/// its objects; a few hundred dictionaries keep that cheap and still compress well.
const PER_OBJECT_STREAM: u16 = 200;

/// pdf-writer's compact output: no indentation, no blank lines.
const SETTINGS: Settings = Settings { pretty: false };

fn error(what: &str) -> PdfError {
    PdfError::Writer(format!("cannot write the PDF: {what}"))
}

/// The file being written, the object stream being filled, and the cross-reference entries.
pub(super) struct ObjectSink {
    out: Vec<u8>,
    xref: Xref,
    object_stream: ObjectStream,
    deflater: Deflater,
    /// Scratch buffer for compressed stream data, reused.
    packed: Vec<u8>,
}

/// The object stream being filled: its number, once it has an object, and the objects.
#[derive(Default)]
struct ObjectStream {
    number: Option<Ref>,
    /// `number offset` pairs, one per object (ISO 32000-1 7.5.7).
    head: Vec<u8>,
    /// The objects' bodies, each followed by a line feed.
    body: Vec<u8>,
    count: u16,
}

impl ObjectSink {
    pub(super) fn new() -> Self {
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(HEADER);
        ObjectSink {
            out,
            xref: Xref::default(),
            object_stream: ObjectStream::default(),
            deflater: Deflater::new(),
            packed: Vec::new(),
        }
    }

    /// The next object number.
    pub(super) fn next_ref(&mut self) -> Result<Ref, PdfError> {
        self.xref.next_ref()
    }

    /// Writes object `id`, which is not a stream, with `write` (pdf-writer's typed API on
    /// the object), and puts it into the current object stream.
    pub(super) fn object(
        &mut self,
        id: Ref,
        write: impl FnOnce(Obj<'_>) -> Result<(), PdfError>,
    ) -> Result<(), PdfError> {
        let mut chunk = Chunk::with_settings_and_capacity(SETTINGS, 256);
        write(chunk.indirect(id))?;
        let body = frame::body(&chunk, id)?;
        if self.object_stream.count == PER_OBJECT_STREAM {
            self.flush_object_stream()?;
        }
        let stream = match self.object_stream.number {
            Some(n) => n,
            None => {
                let n = self.xref.next_ref()?;
                self.object_stream.number = Some(n);
                n
            }
        };
        let index = self.object_stream.push(id, body)?;
        self.xref.set(id, Entry::InStream { stream, index })
    }

    /// Writes stream `id`: `data` Flate-compressed, its dictionary holding /Length,
    /// /Filter and what `dict` adds.
    pub(super) fn stream(
        &mut self,
        id: Ref,
        data: &[u8],
        dict: impl FnOnce(&mut Dict<'_>),
    ) -> Result<(), PdfError> {
        let mut packed = std::mem::take(&mut self.packed);
        let written = self
            .deflater
            .deflate(data, &mut packed)
            .and_then(|()| self.write_stream(id, &packed, true, dict));
        self.packed = packed;
        written
    }

    /// Writes stream `id` as it is, unfiltered: for the XMP metadata, which PDF/A wants
    /// readable without decoding.
    pub(super) fn unfiltered_stream(
        &mut self,
        id: Ref,
        data: &[u8],
        dict: impl FnOnce(&mut Dict<'_>),
    ) -> Result<(), PdfError> {
        self.write_stream(id, data, false, dict)
    }

    fn write_stream(
        &mut self,
        id: Ref,
        data: &[u8],
        flate: bool,
        dict: impl FnOnce(&mut Dict<'_>),
    ) -> Result<(), PdfError> {
        let chunk = stream_dict(id, data.len(), flate, dict)?;
        let dict = frame::body(&chunk, id)?;
        self.xref.set(id, Entry::At(self.out.len()))?;
        frame::write_stream(&mut self.out, id, dict, data)
    }

    /// Writes the object stream being filled, if it has objects: the head of `number
    /// offset` pairs, then the bodies, compressed together.
    fn flush_object_stream(&mut self) -> Result<(), PdfError> {
        let Some(number) = self.object_stream.number.take() else {
            return Ok(());
        };
        let count = i32::from(std::mem::take(&mut self.object_stream.count));
        let mut data = std::mem::take(&mut self.object_stream.head);
        let first = i32::try_from(data.len()).map_err(|_| error("object stream too long"))?;
        data.extend_from_slice(&self.object_stream.body);
        self.object_stream.body.clear();
        let written = self.stream(number, &data, |d| {
            d.pair(Name(b"Type"), Name(b"ObjStm"))
                .pair(Name(b"N"), count)
                .pair(Name(b"First"), first);
        });
        // The buffer goes back, emptied, for the next object stream.
        data.clear();
        self.object_stream.head = data;
        written
    }

    /// Ends the file: the last object stream, the cross-reference stream (which lists
    /// itself) with the catalog `root`, the Info dictionary `info` and the file
    /// identifier, and the trailer's `startxref`.
    pub(super) fn finish(mut self, root: Ref, info: Ref, id: &[u8]) -> Result<Vec<u8>, PdfError> {
        self.flush_object_stream()?;
        for (what, r) in [("catalog", root), ("Info dictionary", info)] {
            if !self.xref.is_written(r) {
                return Err(error(&format!("the {what} was never written")));
            }
        }
        let number = self.xref.next_ref()?;
        let offset = self.out.len();
        self.xref.set(number, Entry::At(offset))?;
        let size = self.xref.size()?;
        let rows = self.xref.rows()?;
        let mut packed = std::mem::take(&mut self.packed);
        self.deflater.deflate(&rows, &mut packed)?;
        let chunk = stream_dict(number, packed.len(), true, |d| {
            d.pair(Name(b"Type"), Name(b"XRef"))
                .pair(Name(b"Size"), size)
                .pair(Name(b"Root"), root)
                .pair(Name(b"Info"), info);
            d.insert(Name(b"W")).array().items(xref::WIDTHS);
            d.insert(Name(b"ID")).array().item(Str(id)).item(Str(id));
        })?;
        frame::write_stream(&mut self.out, number, frame::body(&chunk, number)?, &packed)?;
        self.out
            .extend_from_slice(format!("startxref\n{offset}\n%%EOF\n").as_bytes());
        Ok(self.out)
    }
}

/// A stream's dictionary, written by pdf-writer as an indirect object of its own: /Length,
/// /Filter when the data is compressed, then what `dict` adds.
fn stream_dict(
    id: Ref,
    len: usize,
    flate: bool,
    dict: impl FnOnce(&mut Dict<'_>),
) -> Result<Chunk, PdfError> {
    let len = i32::try_from(len).map_err(|_| error("stream over 2 GiB"))?;
    let mut chunk = Chunk::with_settings_and_capacity(SETTINGS, 128);
    {
        let mut d = chunk.indirect(id).dict();
        d.pair(Name(b"Length"), len);
        if flate {
            d.pair(Name(b"Filter"), Name(b"FlateDecode"));
        }
        dict(&mut d);
    }
    Ok(chunk)
}

impl ObjectStream {
    /// Adds an object; returns its index in the stream.
    fn push(&mut self, id: Ref, body: &[u8]) -> Result<u16, PdfError> {
        let index = self.count;
        write!(self.head, "{} {} ", id.get(), self.body.len())
            .map_err(|e| error(&e.to_string()))?;
        self.body.extend_from_slice(body);
        self.body.push(b'\n');
        self.count += 1;
        Ok(index)
    }
}
