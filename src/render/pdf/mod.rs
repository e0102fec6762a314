//! PDF output: Markdown → layout (display document, with roles) → one of the PDF writers.
//!
//! * [`layout`] measures and places everything and records roles; it knows no PDF syntax.
//! * [`display`] is the layout's output and the writers' only input.
//! * [`DisplayWriter`] is the seam between them: [`write_printpdf::PrintpdfWriter`] (untagged,
//!   `PdfStandard::None`) and [`write_tagged::TaggedWriter`] (tagged PDF/A-2a + PDF/UA-1, or
//!   PDF/A-2b, written with `pdf-writer` into object streams as the objects are made)
//!   implement it.
//!
//! Output is a pure function of the input: no clock, no random or process-wide ids.

pub mod coverage;
pub mod display;
pub mod fonts;
pub mod layout;
mod ops;
mod parse;
mod sink;
mod subset;
pub mod typography;
pub mod write_printpdf;
pub mod write_tagged;

use std::fmt;
use std::str::FromStr;

use crate::render::parsed::ParsedMarkdown;

pub use display::DisplayDocument;

/// Document metadata and the texts printed around the Markdown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdfMeta {
    /// Document title (window title), e.g. "Social media policy esterna". When empty, the
    /// text of the first `# heading` is used.
    pub title: String,
    /// The organisation, e.g. "Comune di Valdoria".
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag, e.g. "it".
    pub lang: String,
    /// Creation/modification date (the adoption date): never the clock.
    pub date: (u16, u8, u8),
    /// Lines under the title on page 1: organisation, version, adopting act…
    pub title_block: Vec<String>,
    /// Footer text on every page, e.g. "Versione 2.0 – Delibera di Giunta n. 45 del 12/03/2026".
    pub footer: String,
    /// Page label pattern with `{n}` and `{N}`, e.g. "Pagina {n} di {N}" (from the
    /// language's `labels.yaml`, `pdf.page`).
    pub page_label: String,
    /// Alternative text of a link that has neither words nor a title, with `{url}`, e.g.
    /// "Collegamento a {url}" (`pdf.link_alt`). Empty: the address alone.
    pub link_alt: String,
    /// SHA-256 (hex) of the policy source; written into the metadata and, small, in the footer.
    pub fingerprint: Option<String>,
    /// Curly quotes and no-break spaces of the language (`typography` in its labels).
    pub typography: typography::Typography,
}

/// Which PDF flavour to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// Tagged PDF/A-2a and PDF/UA-1. The default.
    #[default]
    A2aUa1,
    /// PDF/A-2b (the same tagged file, claiming level b only).
    A2b,
    /// Plain, untagged PDF (printpdf).
    None,
}

impl FromStr for PdfStandard {
    type Err = PdfError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        match norm.as_str() {
            "a-2a,ua-1" | "ua-1,a-2a" => Ok(PdfStandard::A2aUa1),
            "a-2b" => Ok(PdfStandard::A2b),
            "none" => Ok(PdfStandard::None),
            _ => Err(PdfError::UnknownStandard(s.to_string())),
        }
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PdfStandard::A2aUa1 => "a-2a,ua-1",
            PdfStandard::A2b => "a-2b",
            PdfStandard::None => "none",
        })
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum PdfError {
    #[error(
        "the document has no title: give the policy a title or start the Markdown with a `# heading`"
    )]
    NoTitle,
    #[error("the document has no language: set a BCP 47 language tag such as \"it\"")]
    NoLanguage,
    #[error("link to {0} has no alternative text: give the link a text")]
    LinkWithoutAlt(String),
    #[error("the date {0:04}-{1:02}-{2:02} is not a valid calendar date")]
    InvalidDate(u16, u8, u8),
    #[error("unknown PDF standard {0:?}: use \"a-2a,ua-1\", \"a-2b\" or \"none\"")]
    UnknownStandard(String),
    #[error(
        "the footer (version and adopting act) needs {0} lines, more than the 12 a page has room for: shorten the body's name or the act's description"
    )]
    FooterTooLong(usize),
    #[error("the embedded font Titillium Web could not be read")]
    Font,
    #[error("the PDF writer failed: {0}")]
    Writer(String),
}

/// A PDF writer: turns a display document into PDF bytes, without changing the layout.
pub trait DisplayWriter {
    fn write(&self, doc: &DisplayDocument) -> Result<Vec<u8>, PdfError>;
}

/// Lays out Markdown into a display document (no PDF yet): parses it, then [`layout_parsed`].
pub fn layout_markdown(markdown: &str, meta: &PdfMeta) -> Result<DisplayDocument, PdfError> {
    layout_parsed(&ParsedMarkdown::parse(markdown), meta)
}

/// Lays out parsed Markdown (the same events the HTML is made from) into a display
/// document (no PDF yet).
pub fn layout_parsed(parsed: &ParsedMarkdown, meta: &PdfMeta) -> Result<DisplayDocument, PdfError> {
    check_date(meta.date)?;
    let info = display::DocInfo {
        title: meta.title.trim().to_string(),
        author: meta.author.clone(),
        subject: meta.subject.clone(),
        keywords: meta.keywords.clone(),
        lang: meta.lang.trim().to_string(),
        date: meta.date,
        fingerprint: meta.fingerprint.clone(),
    };
    // Without words for it, a page label is the numbers alone.
    let page_label = if meta.page_label.trim().is_empty() {
        "{n} / {N}"
    } else {
        meta.page_label.as_str()
    };
    let link_alt = if meta.link_alt.trim().is_empty() {
        "{url}"
    } else {
        meta.link_alt.as_str()
    };
    layout::layout(
        parsed,
        info,
        &meta.title_block,
        &meta.typography,
        &layout::FooterText {
            footer: &meta.footer,
            page_label,
            fingerprint: meta.fingerprint.as_deref(),
            link_alt,
        },
    )
}

/// Writes a display document with the writer for `standard`, after checking what every
/// standard needs: a title, a language, and alternative text on every link.
pub fn write_display_document(
    doc: &DisplayDocument,
    standard: PdfStandard,
) -> Result<Vec<u8>, PdfError> {
    if doc.info.title.trim().is_empty() {
        return Err(PdfError::NoTitle);
    }
    if doc.info.lang.trim().is_empty() {
        return Err(PdfError::NoLanguage);
    }
    check_date(doc.info.date)?;
    if let Some(link) = doc.links.iter().find(|l| l.alt.trim().is_empty()) {
        return Err(PdfError::LinkWithoutAlt(link.url.clone()));
    }
    match standard {
        PdfStandard::None => write_printpdf::PrintpdfWriter.write(doc),
        PdfStandard::A2aUa1 | PdfStandard::A2b => {
            write_tagged::TaggedWriter { standard }.write(doc)
        }
    }
}

/// Renders Markdown to PDF bytes: parses it, then [`render_parsed`].
pub fn render_pdf(
    markdown: &str,
    meta: &PdfMeta,
    standard: PdfStandard,
) -> Result<Vec<u8>, PdfError> {
    render_parsed(&ParsedMarkdown::parse(markdown), meta, standard)
}

/// Renders parsed Markdown to PDF bytes.
pub fn render_parsed(
    parsed: &ParsedMarkdown,
    meta: &PdfMeta,
    standard: PdfStandard,
) -> Result<Vec<u8>, PdfError> {
    let doc = layout_parsed(parsed, meta)?;
    write_display_document(&doc, standard)
}

fn check_date((y, m, d): (u16, u8, u8)) -> Result<(), PdfError> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if !(1..=9999).contains(&y) || d == 0 || d > days {
        return Err(PdfError::InvalidDate(y, m, d));
    }
    Ok(())
}

/// A short, stable hex digest (FNV-1a, 64 bit) for ids derived from content.
pub(crate) fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_round_trips() {
        for s in [PdfStandard::A2aUa1, PdfStandard::A2b, PdfStandard::None] {
            assert_eq!(s.to_string().parse::<PdfStandard>(), Ok(s));
        }
        assert_eq!(PdfStandard::default(), PdfStandard::A2aUa1);
        assert_eq!(
            " A-2a, UA-1 ".parse::<PdfStandard>(),
            Ok(PdfStandard::A2aUa1)
        );
        assert!(matches!(
            "pdf/x".parse::<PdfStandard>(),
            Err(PdfError::UnknownStandard(_))
        ));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(check_date((2026, 2, 29)).is_err());
        assert!(check_date((2024, 2, 29)).is_ok());
        assert!(check_date((2026, 13, 1)).is_err());
    }
}
