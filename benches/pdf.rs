//! `cargo bench --bench pdf`: mean time to render a PDF, per writer (plain std::time; no
//! bench framework): first the test fixture (3 pages), then the example's own documents as
//! committed in `out/` (external and internal policy, about 10 pages each).
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
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("out/comune-di-valdoria/it");
    let example: Vec<(String, String)> = ["external", "internal"]
        .iter()
        .filter_map(|d| {
            let md = std::fs::read_to_string(root.join(format!("{d}.md"))).ok()?;
            Some((format!("example {d}"), md))
        })
        .collect();
    let mut inputs = vec![("fixture".to_string(), FIXTURE.to_string())];
    inputs.extend(example);
    for (input, md) in &inputs {
        let md = md.as_str();
        println!("-- {input}");
        for (name, standard) in [
            ("printpdf (none)", PdfStandard::None),
            ("krilla (a-2a,ua-1)", PdfStandard::A2aUa1),
            ("krilla (a-2b)", PdfStandard::A2b),
        ] {
            let size = match render_pdf(md, &meta, standard) {
                Ok(bytes) => bytes.len(),
                Err(e) => {
                    eprintln!("{name}: {e}");
                    std::process::exit(1);
                }
            };
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(render_pdf(black_box(md), &meta, standard).ok());
            }
            let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations);
            println!(
                "pdf render {name:<19} {ms:8.2} ms/document, {size} bytes ({iterations} iterations)"
            );
        }
    }
}
