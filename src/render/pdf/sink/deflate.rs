//! One zlib compressor for every stream of a file: setting one up zeroes some 300 KB of
//! tables, which costs more than compressing a page's content stream at level 1.

use flate2::{Compress, Compression, FlushCompress, Status};

use super::{PdfError, error};

/// Level for every stream. Level 1 is the fast path; the streams are repetitive operators
/// and dictionaries, which it compresses to within a few per cent of level 6.
const LEVEL: u32 = 1;

pub(super) struct Deflater(Compress);

impl Deflater {
    pub(super) fn new() -> Self {
        Deflater(Compress::new(Compression::new(LEVEL), true))
    }

    /// `data`, zlib-compressed, into `out` (cleared first).
    pub(super) fn deflate(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), PdfError> {
        self.0.reset();
        out.clear();
        out.reserve(data.len() / 2 + 64);
        loop {
            let read = usize::try_from(self.0.total_in()).map_err(|_| error("stream too long"))?;
            let rest = data
                .get(read..)
                .ok_or_else(|| error("the compressor overran"))?;
            let status = self
                .0
                .compress_vec(rest, out, FlushCompress::Finish)
                .map_err(|e| error(&e.to_string()))?;
            match status {
                Status::StreamEnd => return Ok(()),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
            }
        }
    }
}
