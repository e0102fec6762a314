//! `cargo bench --bench pdf`: mean time to render a PDF, per writer (plain std::time; no
//! bench framework): first the test fixture (3 pages), then the example's own documents as
//! committed in `out/` (external and internal policy, about 10 pages each).
use std::hint::black_box;
use std::time::Instant;

#[path = "../tests/fixtures/pdf/sample_meta.rs"]
mod sample_meta;
use sample_meta::meta;

use smpolicy::render::pdf::{PdfStandard, layout_markdown, render_pdf};

/// The binary's allocator, so the figures are those of `smpolicy build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIXTURE: &str = include_str!("../tests/fixtures/pdf/esterna.md");

fn main() {
    let iterations: u32 = std::env::var("PDF_BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    // PDF_BENCH_ONLY=tagged (or any part of a writer's name) times that writer alone, for a
    // profiler.
    let only = std::env::var("PDF_BENCH_ONLY").unwrap_or_default();
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
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("out/comune-di-valdoria");
    let example: Vec<(String, String)> = [("external", "public"), ("internal", "internal")]
        .iter()
        .filter_map(|(d, folder)| {
            let md = std::fs::read_to_string(root.join(folder).join("it").join(format!("{d}.md")))
                .ok()?;
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
            ("tagged (a-2a,ua-1)", PdfStandard::A2aUa1),
            ("tagged (a-2b)", PdfStandard::A2b),
        ] {
            if !name.contains(only.as_str()) {
                continue;
            }
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
