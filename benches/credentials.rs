//! `cargo bench --bench credentials`: time of the credential scan (our rules and the secret
//! scanner's rule data) on the example's YAML files and on a generated accounts file of
//! 15,000 accounts (2 MB, the size `benches/diagnostics.sh` checks), and the share of it
//! that the rule data of gitleaks takes. Plain std::time, no framework; prints, fails on
//! nothing.
#[path = "corpus/mod.rs"]
mod corpus;

use std::hint::black_box;
use std::time::Instant;

use smpolicy::scan::{credentials, known_tokens};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn time(label: &str, iterations: u32, f: impl FnMut()) {
    time_each(label, 1, iterations, f);
}

/// [`time`] for a closure that does the work of `per` items at once: the time of one item.
fn time_each(label: &str, per: u32, iterations: u32, mut f: impl FnMut()) {
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations * per);
    let of = if per > 1 {
        format!(" of {per}")
    } else {
        String::new()
    };
    println!("{label:<44} {ms:9.2} ms ({iterations} iterations{of})");
}

fn main() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policy-src/comune-di-valdoria");
    let mut example = String::new();
    for name in [
        "policy.yaml",
        "accounts.yaml",
        "moderation.yaml",
        "internal.yaml",
    ] {
        example.push_str(&std::fs::read_to_string(root.join(name)).unwrap_or_default());
    }
    let mut accounts = String::from("accounts:\n");
    for i in 0..15_000 {
        accounts.push_str(&format!(
            "  - {{id: a{i}, platform: x, name: A, handle: a{i}, url: https://x.com/a{i}, scope: institutional, managed_by: [social-media-manager]}}\n"
        ));
    }
    // The first call reads the rule data and compiles the rules its keywords wake.
    time("first scan of the example (rules loaded)", 1, || {
        black_box(credentials::scan(black_box(&example), "policy.yaml"));
    });
    time("scan of the example", 50, || {
        black_box(credentials::scan(black_box(&example), "policy.yaml"));
    });
    time("  of which gitleaks rules", 50, || {
        black_box(known_tokens::find(black_box(&example), "policy.yaml"));
    });
    // The files of generated organisations (benches/corpus, seed 1), as `check` scans them:
    // the figure is one organisation's four files.
    let tmp = std::env::temp_dir().join(format!("smpolicy-credentials-{}", std::process::id()));
    let mut files = Vec::new();
    if corpus::generate(&tmp, 20, 1).is_ok() {
        for entry in walkdir::WalkDir::new(&tmp).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                let name = entry.file_name().to_string_lossy().into_owned();
                files.push((name, text));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let orgs = (files.len() / 4).max(1) as u32;
    // Once first, so that the rules these files wake are compiled before the timing.
    for (name, text) in &files {
        black_box(credentials::scan(text, name));
    }
    time_each(
        "scan of a generated organisation (4 files)",
        orgs,
        10,
        || {
            for (name, text) in &files {
                black_box(credentials::scan(black_box(text), name));
            }
        },
    );
    time_each("  of which gitleaks rules", orgs, 10, || {
        for (name, text) in &files {
            black_box(known_tokens::find(black_box(text), name));
        }
    });
    time("scan of 15,000 accounts (2 MB)", 5, || {
        black_box(credentials::scan(black_box(&accounts), "accounts.yaml"));
    });
    time("  of which gitleaks rules", 5, || {
        black_box(known_tokens::find(black_box(&accounts), "accounts.yaml"));
    });
}
