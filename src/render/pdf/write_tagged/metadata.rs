//! Metadata: the XMP packet (which standards the file claims) and the Info dictionary,
//! saying the same things.

use std::fmt::Write as _;

use pdf_writer::writers::DocumentInfo;
use pdf_writer::{Name, Ref, Str, TextStr};

use super::super::display::DisplayDocument;
use super::super::sink::ObjectSink;
use super::super::subset::pdf_date;
use super::PdfError;

/// Writes the XMP metadata stream (unfiltered, as PDF/A wants it) and the Info dictionary.
pub(super) fn write(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    ua: bool,
    metadata: Ref,
    info_ref: Ref,
) -> Result<(), PdfError> {
    let keywords = doc.info.keywords_line();
    let producer = "smpolicy";
    let packet = xmp(doc, ua, &keywords, producer);
    sink.unfiltered_stream(metadata, packet.as_bytes(), |d| {
        d.pair(Name(b"Type"), Name(b"Metadata"))
            .pair(Name(b"Subtype"), Name(b"XML"));
    })?;
    let date = pdf_date(doc.info.date);
    sink.object(info_ref, |obj| {
        let mut info = obj.start::<DocumentInfo>();
        info.pair(Name(b"Title"), TextStr(&doc.info.title));
        if !doc.info.author.is_empty() {
            info.pair(Name(b"Author"), TextStr(&doc.info.author));
        }
        if !doc.info.subject.is_empty() {
            info.pair(Name(b"Subject"), TextStr(&doc.info.subject));
        }
        if !keywords.is_empty() {
            info.pair(Name(b"Keywords"), TextStr(&keywords));
        }
        info.pair(Name(b"Creator"), TextStr("smpolicy"))
            .pair(Name(b"Producer"), TextStr(producer))
            .pair(Name(b"CreationDate"), Str(date.as_bytes()))
            .pair(Name(b"ModDate"), Str(date.as_bytes()));
        Ok(())
    })
}

/// XML text: markup characters escaped, and the control characters XML 1.0 forbids
/// replaced by spaces.
fn escape_xml(s: &str, out: &mut String) {
    let clean: String = s
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::render::html::pulldown_cmark_escape_html(out, &clean);
}

/// The XMP packet: Dublin Core, XMP basic, PDF and the PDF/A and PDF/UA identification, with
/// the extension schema PDF/A-2 asks for the pdfuaid namespace.
fn xmp(doc: &DisplayDocument, ua: bool, keywords: &str, producer: &str) -> String {
    let info = &doc.info;
    let (y, m, d) = info.date;
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    if ua {
        x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"");
    }
    x.push_str(">\n<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    escape_xml(&info.title, &mut x);
    x.push_str("</rdf:li></rdf:Alt></dc:title>\n");
    if !info.author.is_empty() {
        x.push_str("<dc:creator><rdf:Seq><rdf:li>");
        escape_xml(&info.author, &mut x);
        x.push_str("</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if !info.subject.is_empty() {
        x.push_str("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        escape_xml(&info.subject, &mut x);
        x.push_str("</rdf:li></rdf:Alt></dc:description>\n");
    }
    x.push_str("<dc:language><rdf:Bag><rdf:li>");
    escape_xml(&info.lang, &mut x);
    x.push_str("</rdf:li></rdf:Bag></dc:language>\n");
    if !keywords.is_empty() {
        x.push_str("<pdf:Keywords>");
        escape_xml(keywords, &mut x);
        x.push_str("</pdf:Keywords>\n");
    }
    let _ = write!(
        x,
        "<pdf:Producer>{producer}</pdf:Producer>\n<xmp:CreatorTool>smpolicy</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
    );
    if let Some(fp) = &info.fingerprint {
        x.push_str("<xmpMM:DocumentID>sha256:");
        escape_xml(fp, &mut x);
        x.push_str("</xmpMM:DocumentID>\n");
    }
    let _ = write!(
        x,
        "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{}</pdfaid:conformance>\n",
        if ua { "A" } else { "B" }
    );
    if ua {
        x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
        x.push_str("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}
