//! Loads and checks arbitrary bytes as a policy file: nothing may panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let today = smpolicy::model::Date::parse("2026-11-22").ok();
        let (sources, mut diags) = smpolicy::compile::check_str(text, today);
        // Rendering the diagnostics is part of what the officer sees: it must not panic
        // either (offsets, spans at the end of the text, multi-byte characters).
        smpolicy::diagnostics::sort(&mut diags);
        let _ = smpolicy::diagnostics::render_human(
            &diags,
            &sources,
            smpolicy::diagnostics::Style::Plain,
        );
        let _ = smpolicy::diagnostics::render_json(&diags);
    }
});
