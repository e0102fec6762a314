//! The framing of one indirect object, `{n} 0 obj` … `endobj` (ISO 32000-1 7.3.10): taken
//! off what pdf-writer wrote, and put around the streams written here.
//!
//! This is the only part of pdf-writer's output that is read back, one object at a time,
//! never a whole file. The check is strict: the chunk holds exactly the one object asked
//! for, its number and generation 0 open it, `endobj` closes it, and only PDF white space
//! (ISO 32000-1 7.2.2) stands between the keywords and the body. Anything else is an error,
//! never a guess.

use pdf_writer::{Chunk, Ref};

use super::{PdfError, error};

/// The body of object `id`, the one object `chunk` holds (a dictionary, array, number…),
/// without its framing.
pub(super) fn body(chunk: &Chunk, id: Ref) -> Result<&[u8], PdfError> {
    let mut refs = chunk.refs();
    if refs.len() != 1 || refs.next() != Some(id) {
        return Err(error(&format!(
            "object {} was not written as one indirect object",
            id.get()
        )));
    }
    strip(chunk.as_bytes(), id)
}

/// `bytes` without the framing of object `id`: see the module's comment.
pub(super) fn strip(bytes: &[u8], id: Ref) -> Result<&[u8], PdfError> {
    let framing = || {
        error(&format!(
            "object {} is not framed as `{0} 0 obj … endobj`",
            id.get()
        ))
    };
    let rest = trim_start(bytes);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let number: Option<i64> = std::str::from_utf8(&rest[..digits])
        .ok()
        .and_then(|d| d.parse().ok());
    if number != Some(i64::from(id.get())) {
        return Err(framing());
    }
    let rest = space(&rest[digits..]).ok_or_else(framing)?;
    let rest = rest.strip_prefix(b"0").ok_or_else(framing)?;
    let rest = space(rest).ok_or_else(framing)?;
    let rest = rest.strip_prefix(b"obj").ok_or_else(framing)?;
    let rest = trim_end(rest).strip_suffix(b"endobj").ok_or_else(framing)?;
    // The body is set off from both keywords by white space or starts / ends with a
    // delimiter, so that no token runs into `obj` or `endobj`.
    let (Some(first), Some(last)) = (rest.first(), rest.last()) else {
        return Err(framing());
    };
    if !(is_space(*first) || is_delimiter(*first)) || !(is_space(*last) || is_delimiter(*last)) {
        return Err(framing());
    }
    let body = trim_end(trim_start(rest));
    if body.is_empty() {
        return Err(framing());
    }
    Ok(body)
}

/// Writes stream `id`: its framing, its dictionary `dict` (with the right /Length), the
/// data, and the end-of-line marker before `endstream` that ISO 32000-1 7.3.8.1 asks for
/// and that /Length does not count. Data ending in CR gets CR LF: after a lone LF, the
/// data's CR and that LF would read as one CR LF marker, and a reader following
/// ISO 19005-2 6.1.7.1 would count one byte less than /Length.
pub(super) fn write_stream(
    out: &mut Vec<u8>,
    id: Ref,
    dict: &[u8],
    data: &[u8],
) -> Result<(), PdfError> {
    if !(dict.starts_with(b"<<") && dict.ends_with(b">>")) {
        return Err(error(&format!(
            "the dictionary of stream {} is not a dictionary",
            id.get()
        )));
    }
    out.extend_from_slice(id.get().to_string().as_bytes());
    out.extend_from_slice(b" 0 obj\n");
    out.extend_from_slice(dict);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(data);
    if data.last() == Some(&b'\r') {
        out.extend_from_slice(b"\r\nendstream\nendobj\n");
    } else {
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    Ok(())
}

/// PDF white space: NUL, HT, LF, FF, CR, SP (ISO 32000-1 7.2.2).
fn is_space(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// PDF delimiters (ISO 32000-1 7.2.2).
fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// `s` after at least one white-space byte, or `None` if it does not start with one.
fn space(s: &[u8]) -> Option<&[u8]> {
    s.first().copied().filter(|b| is_space(*b))?;
    Some(trim_start(s))
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| is_space(**b)).count();
    &s[n..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rev().take_while(|b| is_space(**b)).count();
    &s[..s.len() - n]
}
