//! Writes a corpus of generated organisations, for the scale benchmark
//! (`scripts/bench-scale.sh`) or to try smpolicy on many policies:
//!
//!   cargo run --release --example corpus -- N DIR [SEED]
//!
//! N organisations of every kind of body, 1-20 accounts and 3-30 rules each, into DIR (one
//! folder per organisation). The same N and SEED (default 1) always give the same files.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|s| s.parse().ok()), args.get(1)) else {
        eprintln!("usage: corpus N DIR [SEED]");
        return std::process::ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match corpus::generate(std::path::Path::new(dir), n, seed) {
        Ok(slugs) => {
            eprintln!("wrote {} organisation(s) into {dir}", slugs.len());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write into {dir}: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
