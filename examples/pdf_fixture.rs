//! Renders the PDF test fixture with every writer into a folder, to look at the pages.
//! `cargo run --example pdf_fixture -- OUTDIR`
use smpolicy::render::pdf::{PdfMeta, PdfStandard, render_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "out/pdf-fixture".to_string());
    std::fs::create_dir_all(&out)?;
    let md = include_str!("../tests/fixtures/pdf/esterna.md");
    let meta = PdfMeta {
        title: "Social media policy esterna".into(),
        author: "Comune di Valdoria".into(),
        subject: "Regole per l'uso dei social network del Comune".into(),
        keywords: vec!["social media".into(), "policy".into()],
        lang: "it".into(),
        date: (2026, 3, 12),
        title_block: vec![
            "Comune di Valdoria".into(),
            "Versione 2.0".into(),
            "Adottata con delibera di Giunta n. 45 del 12/03/2026".into(),
        ],
        footer: "Versione 2.0 – Delibera di Giunta n. 45 del 12/03/2026".into(),
        page_label: "Pagina {n} di {N}".into(),
        fingerprint: Some(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        ),
    };
    for (name, std) in [
        ("none", PdfStandard::None),
        ("a2a-ua1", PdfStandard::A2aUa1),
        ("a2b", PdfStandard::A2b),
    ] {
        let bytes = render_pdf(md, &meta, std)?;
        let path = format!("{out}/esterna-{name}.pdf");
        std::fs::write(&path, &bytes)?;
        println!("{path}: {} bytes", bytes.len());
    }
    Ok(())
}
