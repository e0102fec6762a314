//! Checks arbitrary bytes as a policy file and, when they check clean, renders every
//! document (Markdown, HTML, PDF): nothing may panic between YAML and the published files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let today = smpolicy::model::Date::parse("2026-11-22").ok();
        let _ = smpolicy::compile::build_str(text, today);
    }
});
