//! Packs a finished PDF into object streams with a cross-reference stream (PDF 1.5+,
//! allowed by PDF/A-2 and PDF/UA-1). A tagged policy has hundreds of small structure
//! elements; written one by one with an xref table they double the file. Streams (content,
//! fonts, the XMP metadata, which PDF/A wants unfiltered) are kept as they are.

use super::PdfError;

pub fn pack(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| PdfError::Writer(format!("cannot re-read the PDF to pack it: {e}")))?;
    let mut out = Vec::with_capacity(bytes.len());
    // Level 1: the object streams hold short dictionaries that compress well at any level;
    // higher levels cost more time than the bytes they save.
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(1)
        .build();
    doc.save_with_options(&mut out, options)
        .map_err(|e| PdfError::Writer(format!("cannot pack the PDF: {e}")))?;
    Ok(out)
}
