//! `cargo bench --bench pdf`: mean time to render the example external policy to PDF, per
//! writer (plain std::time; no bench framework).
use std::hint::black_box;
use std::time::Instant;

use smpolicy::render::pdf::{PdfMeta, PdfStandard, layout_markdown, render_pdf};

const FIXTURE: &str = include_str!("../tests/fixtures/pdf/esterna.md");

fn meta() -> PdfMeta {
    PdfMeta {
        title: "Social media policy esterna".into(),
        author: "Comune di Valdoria".into(),
        subject: "Regole per l’uso dei social network del Comune".into(),
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
    }
}

fn main() {
    let iterations: u32 = std::env::var("PDF_BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let meta = meta();
    // The first call parses the font tables (cmap, advances, GPOS kerning) once per process.
    let start = Instant::now();
    let _ = layout_markdown(FIXTURE, &meta);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("pdf first layout (fonts)   {ms:8.2} ms, once per process");
    // Layout alone.
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(layout_markdown(black_box(FIXTURE), &meta).ok());
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations);
    println!("pdf layout only            {ms:8.2} ms/document ({iterations} iterations)");
    for (name, standard) in [
        ("printpdf (none)", PdfStandard::None),
        ("krilla (a-2a,ua-1)", PdfStandard::A2aUa1),
        ("krilla (a-2b)", PdfStandard::A2b),
    ] {
        let size = match render_pdf(FIXTURE, &meta, standard) {
            Ok(bytes) => bytes.len(),
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(1);
            }
        };
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(render_pdf(black_box(FIXTURE), &meta, standard).ok());
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations);
        println!(
            "pdf render {name:<19} {ms:8.2} ms/document, {size} bytes ({iterations} iterations)"
        );
    }
}
