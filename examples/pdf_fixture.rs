//! Renders the PDF test fixture with every writer into a folder, to look at the pages.
//! `cargo run --example pdf_fixture -- OUTDIR`
#[path = "../tests/fixtures/pdf/sample_meta.rs"]
mod sample_meta;

use smpolicy::render::pdf::{PdfStandard, render_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "out/pdf-fixture".to_string());
    std::fs::create_dir_all(&out)?;
    let md = include_str!("../tests/fixtures/pdf/esterna.md");
    let meta = sample_meta::meta();
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
