//! Packs a finished PDF into object streams with a cross-reference stream (PDF 1.5+,
//! allowed by PDF/A-2 and PDF/UA-1). A tagged policy has hundreds of small structure
//! elements; written one by one with an xref table they double the file. Streams (content,
//! fonts, the XMP metadata, which PDF/A wants unfiltered) are kept as they are.

use super::PdfError;

pub fn pack(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| PdfError::Writer(format!("cannot re-read the PDF to pack it: {e}")))?;
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_modern(&mut out)
        .map_err(|e| PdfError::Writer(format!("cannot pack the PDF: {e}")))?;
    Ok(out)
}
