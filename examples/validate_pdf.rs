//! Prints the `page_validation` report (PDF/A-2a and PDF/UA-1) of each PDF given.
//! `cargo run --release --example validate_pdf -- out/comune-di-valdoria/*/it/*.pdf`
//! Exits 1 if any file fails either profile.

use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        println!("== {path} ({} bytes)", bytes.len());
        for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
            let options = ValidationOptions::default().profile(profile);
            let report = validate_pdf_bytes(&bytes, &options)?;
            failed |= !report.is_compliant;
            print!("{report}");
        }
    }
    if failed {
        std::process::exit(1);
    }
    Ok(())
}
