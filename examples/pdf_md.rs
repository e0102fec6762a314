//! Renders a Markdown file to PDF with the default standard, to look at the pages.
//! `cargo run --example pdf_md -- IN.md OUT.pdf [a-2a,ua-1|a-2b|none]`
use smpolicy::render::pdf::{PdfMeta, PdfStandard, render_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: pdf_md IN.md OUT.pdf [standard]".into());
    };
    let standard: PdfStandard = match args.next() {
        Some(s) => s.parse()?,
        None => PdfStandard::default(),
    };
    let md = std::fs::read_to_string(input)?;
    let meta = PdfMeta {
        author: "Comune di Valdoria".into(),
        lang: "it".into(),
        date: (2026, 3, 12),
        footer: "Versione 2.0 – Delibera di Giunta n. 45 del 12/03/2026".into(),
        page_label: "Pagina {n} di {N}".into(),
        link_alt: "Collegamento a {url}".into(),
        ..PdfMeta::default()
    };
    std::fs::write(output, render_pdf(&md, &meta, standard)?)?;
    Ok(())
}
