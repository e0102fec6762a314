//! The in-memory entry points the fuzz targets use: `check_str` and `build_str`.

use smpolicy::compile::{build_str, check_str};
use smpolicy::model::Date;

fn example_in_one_file() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policy-src/comune-di-valdoria");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("example")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_checks_clean_and_builds_from_memory() {
    let today = Date::parse("2026-11-22").ok();
    let yaml = example_in_one_file();
    let (_, diags) = check_str(&yaml, today);
    assert!(diags.is_empty(), "{diags:?}");
    let artifacts = build_str(&yaml, today).expect("renders");
    assert!(
        artifacts
            .iter()
            .any(|a| a.path.to_string_lossy().ends_with("external.md"))
    );
}

#[test]
fn garbage_gives_diagnostics_not_panics() {
    for yaml in [
        "",
        ":",
        "- [",
        "{a: *b}",
        "\u{feff}organisation: 1",
        "password: x",
    ] {
        let (_, diags) = check_str(yaml, None);
        assert!(!diags.is_empty(), "`{yaml}` gave nothing");
        assert!(build_str(yaml, None).is_err());
    }
}
