//! PDF output, checked from the outside: poppler (pdftotext, pdffonts, pdfinfo), qpdf, lopdf
//! and the `page_validation` PDF/A + PDF/UA validator.
//!
//! Poppler and qpdf come from Debian (`.ci/apt-packages.txt`). A missing tool skips the test
//! with a message on a developer machine, and fails it when `CI` is set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "fixtures/pdf/sample_meta.rs"]
mod sample_meta;
use sample_meta::meta;

#[path = "pdf_support/tagged_text.rs"]
mod tagged_text;
use tagged_text::{structure_text, text_string};

use smpolicy::render::pdf::display::{Child, LinkArea, Rect, Role};
use smpolicy::render::pdf::layout::{
    BODY_BOTTOM, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH,
};
use smpolicy::render::pdf::{
    PdfError, PdfStandard, layout_markdown, render_pdf, write_display_document,
};

const FIXTURE: &str = include_str!("fixtures/pdf/esterna.md");
const ALL: [PdfStandard; 3] = [PdfStandard::A2aUa1, PdfStandard::A2b, PdfStandard::None];

fn render(md: &str, standard: PdfStandard) -> Vec<u8> {
    match render_pdf(md, &meta(), standard) {
        Ok(bytes) => bytes,
        Err(e) => panic!("render_pdf({standard}) failed: {e}"),
    }
}

/// Whether an external tool can be run. Missing: skip loudly, or fail under CI.
fn have(tool: &str) -> bool {
    match Command::new(tool).arg("-v").output() {
        Ok(_) => true,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("{tool} is required under CI (apt-get install poppler-utils qpdf): {e}");
            }
            // Straight to stderr, past the test harness's capture, so the skip is seen.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {tool} not found ({e}); install poppler-utils and qpdf"
            );
            false
        }
    }
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Headings of the fixture, as their text (anchors stripped).
fn fixture_headings(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let t = l.trim_start_matches('#').trim();
            match t.find(" {#") {
                Some(i) => t[..i].to_string(),
                None => t.to_string(),
            }
        })
        .collect()
}

#[test]
fn text_of_every_section_survives_with_accents_quotes_and_euro() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "t.pdf", &render(FIXTURE, standard));
        let text = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for heading in fixture_headings(FIXTURE) {
            assert!(
                flat.contains(&heading),
                "{standard}: heading {heading:?} missing"
            );
        }
        for needle in [
            "“M-03”",
            "l’Ufficio stampa",
            "È il documento",
            "1.250 €",
            "lunedì–venerdì 9:00–13:00 — martedì",
            "perché",
            "sarà",
            "più gravi",
            "Comune di Valdoria",
            "Adottata con delibera di Giunta n. 45 del 12/03/2026",
            "Pagina 1 di ",
            "Versione 2.0 – Delibera di Giunta n. 45 del 12/03/2026",
            "protocollo@pec.comune.valdoria.it",
            "SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ] {
            assert!(
                flat.contains(needle),
                "{standard}: {needle:?} missing from\n{flat}"
            );
        }
        // A handle in a narrow table column may wrap where an address may (after its `@`),
        // which the extracted lines read as a space; its characters are all there, in order.
        let joined: String = flat.split_whitespace().collect();
        assert!(
            joined.contains("@comune@valdoria.social"),
            "{standard}: the Mastodon handle is missing from\n{flat}"
        );
        // Raw HTML is dropped, never rendered, not even as text.
        assert!(
            !flat.contains("HTML grezzo"),
            "{standard}: raw HTML rendered"
        );
        assert!(!flat.contains("<div"), "{standard}: raw HTML rendered");
    }
}

#[test]
fn only_embedded_subset_fonts() {
    if !have("pdffonts") {
        return;
    }
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "f.pdf", &render(FIXTURE, standard));
        let out = run("pdffonts", &[path_str(&pdf)]);
        let rows: Vec<&str> = out.lines().skip(2).collect();
        // The four faces of the text, and the monospace face of the fixture's code.
        assert_eq!(rows.len(), 5, "{standard}: expected the five faces:\n{out}");
        assert!(
            out.contains("DejaVuSansMono"),
            "{standard}: no monospace face:\n{out}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... enc emb sub uni obj gen
            let n = cols.len();
            assert!(n >= 7, "{out}");
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{standard}: {row}"
            );
            assert!(
                cols[0].contains("+TitilliumWeb-") || cols[0].contains("+DejaVuSansMono"),
                "{standard}: {row}"
            );
        }
    }
}

#[test]
fn qpdf_check_passes() {
    if !have("qpdf") {
        return;
    }
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "q.pdf", &render(FIXTURE, standard));
        let out = run("qpdf", &["--check", path_str(&pdf)]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{standard}: {out}"
        );
    }
}

/// Every object of a PDF, decompressed, as lopdf sees it.
fn load(bytes: &[u8]) -> lopdf::Document {
    match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => panic!("lopdf cannot read the PDF: {e}"),
    }
}

fn dict_string(d: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    match d.get(key).ok()? {
        lopdf::Object::String(bytes, _) => Some(text_string(bytes)),
        _ => None,
    }
}

fn resolve<'a>(doc: &'a lopdf::Document, obj: &'a lopdf::Object) -> &'a lopdf::Object {
    match obj {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

#[test]
fn link_annotations_carry_urls_and_alt_text() {
    let expected: BTreeSet<&str> = [
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2000-06-07;150",
        "https://www.facebook.com/ComuneDiValdoria",
        "https://t.me/valdoriainforma",
        "https://creativecommons.org/licenses/by/4.0/deed.it",
        "mailto:rpd@comune.valdoria.it",
        "mailto:urp@comune.valdoria.it",
        "tel:+390123456789",
    ]
    .into_iter()
    .collect();
    for standard in ALL {
        let doc = load(&render(FIXTURE, standard));
        let mut found = BTreeSet::new();
        let mut alts = Vec::new();
        for page_id in doc.get_pages().values() {
            let Ok(page) = doc.get_dictionary(*page_id) else {
                continue;
            };
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            let lopdf::Object::Array(annots) = resolve(&doc, annots) else {
                continue;
            };
            for a in annots {
                let lopdf::Object::Dictionary(a) = resolve(&doc, a) else {
                    continue;
                };
                let Ok(lopdf::Object::Dictionary(action)) = a.get(b"A").map(|o| resolve(&doc, o))
                else {
                    continue;
                };
                if let Some(uri) = dict_string(action, b"URI") {
                    found.insert(uri);
                }
                alts.push(dict_string(a, b"Contents").unwrap_or_default());
            }
        }
        for url in &expected {
            assert!(
                found.contains(*url),
                "{standard}: no link to {url}: {found:?}"
            );
        }
        assert!(!alts.is_empty());
        assert!(
            alts.iter().all(|a| !a.trim().is_empty()),
            "{standard}: a link annotation has no /Contents: {alts:?}"
        );
        assert!(
            alts.iter().any(|a| a == "CC BY 4.0"),
            "{standard}: {alts:?}"
        );
    }
}

fn outline_titles(doc: &lopdf::Document) -> Vec<(usize, String)> {
    fn walk(
        doc: &lopdf::Document,
        first: Option<&lopdf::Object>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut cur = first.map(|o| resolve(doc, o).clone());
        let mut guard = 0;
        while let Some(lopdf::Object::Dictionary(d)) = cur {
            guard += 1;
            assert!(guard < 10_000, "outline loops");
            out.push((depth, dict_string(&d, b"Title").unwrap_or_default()));
            walk(doc, d.get(b"First").ok(), depth + 1, out);
            cur = d.get(b"Next").ok().map(|o| resolve(doc, o).clone());
        }
    }
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Ok(outlines) = catalog.get(b"Outlines") else {
        return out;
    };
    if let lopdf::Object::Dictionary(root) = resolve(doc, outlines) {
        walk(doc, root.get(b"First").ok(), 1, &mut out);
    }
    out
}

#[test]
fn outline_has_one_entry_per_heading_nested_by_level() {
    let headings = fixture_headings(FIXTURE);
    for standard in ALL {
        let doc = load(&render(FIXTURE, standard));
        let outline = outline_titles(&doc);
        let titles: Vec<&str> = outline.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(titles, headings, "{standard}");
        // "## Chi gestisce" sits under the title, "### M-03" under "## Regole".
        let depth_of = |t: &str| {
            outline
                .iter()
                .find(|(_, x)| x.starts_with(t))
                .map(|(d, _)| *d)
        };
        assert_eq!(
            depth_of("Social media policy esterna"),
            Some(1),
            "{standard}"
        );
        assert_eq!(depth_of("Chi gestisce"), Some(2), "{standard}");
        assert_eq!(depth_of("M-03 Linguaggio"), Some(3), "{standard}");
        assert_eq!(depth_of("Propaganda elettorale"), Some(4), "{standard}");
    }
}

#[test]
fn long_document_paginates_inside_the_margins() {
    if !have("pdftotext") {
        return;
    }
    let long = [FIXTURE; 10].join("\n\n");
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "long.pdf", &render(&long, standard));
        let html = run("pdftotext", &["-bbox", path_str(&pdf), "-"]);
        let mut pages = 0;
        let mut words = 0;
        for line in html.lines() {
            let line = line.trim();
            if line.starts_with("<page ") {
                pages += 1;
                assert!(line.contains("width=\"595.276"), "{line}");
                assert!(line.contains("height=\"841.89"), "{line}");
            }
            if !line.starts_with("<word ") {
                continue;
            }
            words += 1;
            let attr = |name: &str| -> f32 {
                let key = format!("{name}=\"");
                let start = line.find(&key).map(|i| i + key.len()).unwrap_or(0);
                let end = line[start..].find('"').map(|i| start + i).unwrap_or(start);
                line[start..end].parse().unwrap_or(f32::NAN)
            };
            let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
            let eps = 0.01;
            assert!(
                x0 >= MARGIN_LEFT - eps,
                "{standard}: left of margin: {line}"
            );
            assert!(
                x1 <= PAGE_WIDTH - MARGIN_RIGHT + eps,
                "{standard}: right of margin: {line}"
            );
            assert!(y0 >= MARGIN_TOP - eps, "{standard}: above margin: {line}");
            assert!(
                y1 <= PAGE_HEIGHT - MARGIN_BOTTOM + eps,
                "{standard}: below margin: {line}"
            );
        }
        assert!(pages >= 20, "{standard}: only {pages} pages");
        assert!(words > 5_000, "{standard}: only {words} words");
        // Body text (not the footer) ends above the body bottom: footer words are below it.
        let text = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
        assert!(
            text.contains(&format!("Pagina {pages} di {pages}")),
            "{standard}"
        );
    }
}

#[test]
fn body_text_never_runs_into_the_footer() {
    let long = [FIXTURE; 10].join("\n\n");
    let doc = match layout_markdown(&long, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    use smpolicy::render::pdf::display::{Elem, Item};
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Content { elems, .. } = item {
                for e in elems {
                    if let Elem::Glyphs(run) = e {
                        // Baseline above the body bottom, ink at most a descender below it.
                        assert!(run.y <= BODY_BOTTOM, "{} at {}", run.text, run.y);
                        assert!(
                            run.x + run.ink_width() <= PAGE_WIDTH - MARGIN_RIGHT + 0.01,
                            "{}",
                            run.text
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn headings_are_never_last_on_a_page() {
    let long = [FIXTURE; 10].join("\n\n");
    let doc = match layout_markdown(&long, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    for (i, entry) in doc.outline.iter().enumerate() {
        // Something of the following content starts on the heading's page, below it.
        let page = &doc.pages[entry.page];
        use smpolicy::render::pdf::display::{Elem, Item};
        let below = page.items.iter().any(|item| match item {
            Item::Content { elems, .. } => elems.iter().any(|e| match e {
                Elem::Glyphs(run) => run.y > entry.y + 30.0,
                _ => false,
            }),
            _ => false,
        });
        assert!(
            below,
            "heading {i} {:?} alone at the bottom of page {}",
            entry.title, entry.page
        );
    }
}

#[test]
fn table_header_repeats_on_every_page_of_a_long_table() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let mut md = String::from("# Registro\n\n| Piattaforma | Account | Note |\n|---|---|---|\n");
    for i in 0..150 {
        md.push_str(&format!(
            "| Rete {i} | @account{i} | Una nota abbastanza lunga da andare a capo nella sua cella, riga {i} |\n"
        ));
    }
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "table.pdf", &render(&md, standard));
        let info = run("pdfinfo", &[path_str(&pdf)]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        assert!(pages >= 3, "{standard}: {pages} pages");
        for p in 1..=pages {
            let ps = p.to_string();
            let text = run("pdftotext", &["-f", &ps, "-l", &ps, path_str(&pdf), "-"]);
            assert!(
                text.contains("Piattaforma"),
                "{standard}: no header on page {p}"
            );
        }
    }
}

#[test]
fn two_renders_are_byte_identical_also_in_parallel() {
    for standard in ALL {
        let first = render(FIXTURE, standard);
        let second = render(FIXTURE, standard);
        assert!(first == second, "{standard}: two renders differ");
        let handles: Vec<_> = (0..8)
            .map(|_| std::thread::spawn(move || render(FIXTURE, standard)))
            .collect();
        for h in handles {
            let bytes = match h.join() {
                Ok(b) => b,
                Err(_) => panic!("render thread panicked"),
            };
            assert!(bytes == first, "{standard}: a parallel render differs");
        }
    }
}

#[test]
fn example_is_under_150_kb() {
    for standard in ALL {
        let len = render(FIXTURE, standard).len();
        assert!(len < 150 * 1024, "{standard}: {len} bytes");
    }
}

#[test]
fn metadata_comes_from_meta_not_the_clock() {
    if !have("pdfinfo") {
        return;
    }
    let dir = tempdir();
    for standard in ALL {
        let pdf = write_temp(dir.path(), "m.pdf", &render(FIXTURE, standard));
        let info = run("pdfinfo", &["-isodates", path_str(&pdf)]);
        for needle in [
            "Title:           Social media policy esterna",
            "Author:          Comune di Valdoria",
            "Subject:         Regole per l’uso dei social network del Comune",
            "CreationDate:    2026-03-12T00:00:00",
            "ModDate:         2026-03-12T00:00:00",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "PDF version:     1.7",
        ] {
            assert!(
                info.contains(needle),
                "{standard}: {needle:?} not in\n{info}"
            );
        }
        let doc = load(&std::fs::read(&pdf).unwrap_or_default());
        let lang = doc.catalog().ok().and_then(|c| dict_string(c, b"Lang"));
        assert_eq!(lang.as_deref(), Some("it"), "{standard}");
    }
}

#[test]
fn tagged_writer_reports_tagged_pdf_1_7() {
    if !have("pdfinfo") {
        return;
    }
    let dir = tempdir();
    for standard in [PdfStandard::A2aUa1, PdfStandard::A2b] {
        let pdf = write_temp(dir.path(), "tag.pdf", &render(FIXTURE, standard));
        let info = run("pdfinfo", &[path_str(&pdf)]);
        assert!(info.contains("Tagged:          yes"), "{standard}: {info}");
        assert!(info.contains("PDF version:     1.7"), "{standard}: {info}");
    }
}

/// Every failure `page_validation` reports for `profile`.
fn validation_failures(bytes: &[u8], profile: page_validation::ValidationProfile) -> Vec<String> {
    let options = page_validation::ValidationOptions::default().profile(profile);
    let report = match page_validation::validate_pdf_bytes(bytes, &options) {
        Ok(r) => r,
        Err(e) => panic!("page_validation could not read the PDF: {e}"),
    };
    report.failures.iter().map(|f| f.to_string()).collect()
}

/// Whether the raw (compressed) data of some stream ends in byte 0x0D.
fn some_stream_ends_in_cr(bytes: &[u8]) -> bool {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| s.content.last() == Some(&0x0D))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn default_output_validates_as_pdfa_2a_and_pdfua_1() {
    use page_validation::ValidationProfile;
    for md in [FIXTURE.to_string(), [FIXTURE; 3].join("\n\n")] {
        let bytes = render(&md, PdfStandard::A2aUa1);
        for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
            let failures = validation_failures(&bytes, profile);
            assert!(failures.is_empty(), "{profile:?}: {failures:#?}");
        }
    }
}

#[test]
fn a2b_output_validates_as_pdfa_2b() {
    let bytes = render(FIXTURE, PdfStandard::A2b);
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfA2b);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn untagged_output_is_not_pdfua() {
    // The printpdf writer makes no claim: the validator must find it non-conforming,
    // which also shows the validator does detect problems.
    let bytes = render(FIXTURE, PdfStandard::None);
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfUa1);
    assert!(!failures.is_empty());
}

#[test]
fn refuses_a_document_without_title_or_language() {
    let mut m = meta();
    m.title = String::new();
    for standard in ALL {
        assert_eq!(
            render_pdf("Solo un paragrafo, nessun titolo.", &m, standard),
            Err(PdfError::NoTitle)
        );
    }
    // Without a meta title the first heading is the title.
    assert!(render_pdf("# Titolo\n\nTesto.", &m, PdfStandard::A2aUa1).is_ok());
    let mut m = meta();
    m.lang = " ".into();
    for standard in ALL {
        assert_eq!(render_pdf(FIXTURE, &m, standard), Err(PdfError::NoLanguage));
    }
}

#[test]
fn writer_refuses_crafted_documents_without_title_language_or_link_alt() {
    let doc = match layout_markdown(FIXTURE, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    for standard in ALL {
        let mut d = doc.clone();
        d.info.title = String::new();
        assert_eq!(write_display_document(&d, standard), Err(PdfError::NoTitle));
        let mut d = doc.clone();
        d.info.lang = String::new();
        assert_eq!(
            write_display_document(&d, standard),
            Err(PdfError::NoLanguage)
        );
        let mut d = doc.clone();
        d.links.push(LinkArea {
            page: 0,
            rect: Rect {
                x: MARGIN_LEFT,
                y: MARGIN_TOP,
                w: 50.0,
                h: 12.0,
            },
            owner: 0,
            url: "https://example.org/".into(),
            alt: "  ".into(),
            target: None,
        });
        assert_eq!(
            write_display_document(&d, standard),
            Err(PdfError::LinkWithoutAlt("https://example.org/".into()))
        );
        assert!(write_display_document(&doc, standard).is_ok());
    }
    let msg = PdfError::LinkWithoutAlt("https://example.org/".into()).to_string();
    assert!(
        msg.contains("link to https://example.org/ has no alternative text"),
        "{msg}"
    );
}

#[test]
fn links_without_text_get_alt_text() {
    let md = "# T\n\n[](https://example.org/vuoto) e <https://example.org/auto>\n";
    let doc = match layout_markdown(md, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let alts: Vec<&str> = doc.links.iter().map(|l| l.alt.as_str()).collect();
    assert_eq!(
        alts,
        [
            "Collegamento a https://example.org/vuoto",
            "https://example.org/auto"
        ]
    );
    let bytes = render(md, PdfStandard::A2aUa1);
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfUa1);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn skipped_heading_levels_become_the_next_level() {
    let md = "# Titolo\n\n#### Troppo profondo\n\nTesto.\n\n### Ancora\n\n## Due\n";
    let doc = match layout_markdown(md, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let levels: Vec<(u8, &str)> = doc
        .outline
        .iter()
        .map(|e| (e.level, e.title.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (1, "Titolo"),
            (2, "Troppo profondo"),
            (3, "Ancora"),
            (2, "Due")
        ]
    );
    let tags: Vec<u8> = doc
        .nodes
        .iter()
        .filter_map(|n| match n.role {
            Role::H { level, .. } => Some(level),
            _ => None,
        })
        .collect();
    assert_eq!(tags, [1, 2, 3, 2]);
    let bytes = render(md, PdfStandard::A2aUa1);
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfUa1);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn role_tree_keeps_lists_tables_links_and_quotes() {
    let doc = match layout_markdown(FIXTURE, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    // Walk the tree from the root: every content item is reached exactly once.
    let mut seen = BTreeSet::new();
    let mut roles = BTreeSet::new();
    let mut stack = vec![0usize];
    while let Some(n) = stack.pop() {
        let node = &doc.nodes[n];
        roles.insert(
            format!("{:?}", node.role)
                .split([' ', '{', '('])
                .next()
                .unwrap_or("")
                .to_string(),
        );
        for c in &node.children {
            match c {
                Child::Node(k) => stack.push(*k),
                Child::Content { page, item } => {
                    assert!(seen.insert((*page, *item)), "content twice")
                }
                Child::Link(_) => {}
            }
        }
    }
    for role in [
        "Document",
        "H",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "THead",
        "TBody",
        "TR",
        "TH",
        "TD",
        "Link",
        "BlockQuote",
    ] {
        assert!(roles.contains(role), "no {role} in {roles:?}");
    }
    use smpolicy::render::pdf::display::Item;
    let contents = doc
        .pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter(|i| matches!(i, Item::Content { .. }))
                .count()
        })
        .sum::<usize>();
    assert_eq!(seen.len(), contents, "content items outside the role tree");
}

#[test]
fn a_table_row_taller_than_a_page_is_split_inside_the_margins() {
    let long_cell = "parola ".repeat(1500);
    let md = format!(
        "# Tabella\n\n| Regola | Testo |\n|---|---|\n| M-01 | {long_cell} |\n| M-02 | breve |\n"
    );
    let doc = match layout_markdown(&md, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    use smpolicy::render::pdf::display::{Elem, Item};
    assert!(doc.pages.len() >= 3, "{} pages", doc.pages.len());
    let mut words = 0;
    for page in &doc.pages {
        for item in &page.items {
            let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
            for e in elems {
                if let Elem::Glyphs(run) = e {
                    assert!(run.y <= PAGE_HEIGHT - MARGIN_BOTTOM, "{}", run.text);
                    if matches!(item, Item::Content { .. }) {
                        assert!(run.y <= BODY_BOTTOM, "{} at {}", run.text, run.y);
                        words += run.text.matches("parola").count();
                    }
                }
            }
        }
    }
    assert_eq!(words, 1500, "words lost or duplicated in the split");
    let bytes = render(&md, PdfStandard::A2aUa1);
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfUa1);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn long_urls_break_after_a_slash_or_hyphen() {
    let doc = match layout_markdown(FIXTURE, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    use smpolicy::render::pdf::display::{Elem, Item};
    let runs: Vec<String> = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|i| match i {
            Item::Content { elems, .. } => elems.clone(),
            Item::Artifact { .. } => Vec::new(),
        })
        .filter_map(|e| match e {
            Elem::Glyphs(r) if r.text.contains("verificare") || r.text.contains("margini") => {
                Some(r.text)
            }
            _ => None,
        })
        .collect();
    assert!(runs.len() >= 2, "{runs:?}");
    assert!(
        runs[0].ends_with(['/', '-', '.', '?', '&', '=', '_', '@']),
        "broken mid-word: {runs:?}"
    );
}

#[test]
fn odd_inputs_still_make_valid_tagged_pdfs() {
    for md in [
        "",
        "<p>solo HTML</p>\n",
        "# Titolo\r\n\r\nRiga con CRLF\r\ne\ttab.\r\n",
        "# Emoji\n\nUn’emoji 😀 e un ideogramma 中 diventano un punto interrogativo.\n",
        "# Livelli\n\n## Due\n\n### Tre\n\n#### Quattro\n\n##### Cinque\n\n###### Sei\n\nFine.\n",
        "# Codice\n\n```\nfn main() {\n    println!(\"ciao\");\n}\n```\n\n> > citazione annidata\n> - con lista\n",
        "# Vuota\n\n| A | B |\n|---|---|\n| | |\n",
    ] {
        for standard in ALL {
            let bytes = match render_pdf(md, &meta(), standard) {
                Ok(b) => b,
                Err(e) => panic!("{standard} {md:?}: {e}"),
            };
            if standard == PdfStandard::A2aUa1 {
                for profile in [
                    page_validation::ValidationProfile::PdfA2a,
                    page_validation::ValidationProfile::PdfUa1,
                ] {
                    let failures = validation_failures(&bytes, profile);
                    assert!(failures.is_empty(), "{md:?} {profile:?}: {failures:#?}");
                }
            }
        }
    }
}

#[test]
fn table_columns_follow_the_delimiter_row_alignment() {
    let md = "# T\n\n| Voce | Importo | Stato |\n|:--|--:|:-:|\n| Saldo IMU | 1.250 € | ok |\n| Acconto TARI con una descrizione | 12 € | in corso |\n";
    let doc = match layout_markdown(md, &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    use smpolicy::render::pdf::display::{Elem, Item};
    let runs: Vec<(String, f32, f32)> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Content { elems, .. } => Some(elems.clone()),
            Item::Artifact { .. } => None,
        })
        .flatten()
        .filter_map(|e| match e {
            Elem::Glyphs(r) => Some((r.text.clone(), r.x, r.x + r.width())),
            Elem::Fill { .. } => None,
        })
        .collect();
    let find = |t: &str| match runs.iter().find(|(x, _, _)| x == t) {
        Some(r) => r.clone(),
        None => panic!("{t:?} not in {runs:?}"),
    };
    // Right-aligned: the amounts end at the same x.
    assert!((find("1.250 €").2 - find("12 €").2).abs() < 0.01);
    // Centred: the two states have the same centre.
    let (_, a0, a1) = find("ok");
    let (_, b0, b1) = find("in corso");
    assert!(((a0 + a1) / 2.0 - (b0 + b1) / 2.0).abs() < 0.01);
    // Left-aligned: same start.
    assert!((find("Saldo IMU").1 - find("Acconto TARI con una descrizione").1).abs() < 0.01);
}

#[test]
fn rule_anchors_are_named_destinations_and_internal_links_jump_there() {
    if !have("pdfinfo") {
        return;
    }
    let dir = tempdir();
    for standard in ALL {
        let bytes = render(FIXTURE, standard);
        let pdf = write_temp(dir.path(), "d.pdf", &bytes);
        let dests = run("pdfinfo", &["-dests", path_str(&pdf)]);
        for name in ["\"M-01\"", "\"M-02\"", "\"M-03\"", "\"M-04\""] {
            assert!(
                dests.contains(name),
                "{standard}: no destination {name}:\n{dests}"
            );
        }
        // The link "[M-01](#M-01)" is a GoTo inside the document, not a URI "#M-01".
        let (gotos, uris) = link_targets(&load(&bytes));
        assert_eq!(gotos, 1, "{standard}: {uris:?}");
        assert!(
            !uris.iter().any(|u| u.starts_with('#')),
            "{standard}: {uris:?}"
        );
    }
}

/// The link annotations of a PDF: how many jump inside the document, and the URIs of the
/// others.
fn link_targets(doc: &lopdf::Document) -> (usize, Vec<String>) {
    let mut gotos = 0;
    let mut uris = Vec::new();
    for page_id in doc.get_pages().values() {
        let annots = doc
            .get_dictionary(*page_id)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .map(|a| resolve(doc, a).clone());
        let Some(lopdf::Object::Array(annots)) = annots else {
            continue;
        };
        for a in &annots {
            let lopdf::Object::Dictionary(a) = resolve(doc, a) else {
                continue;
            };
            if a.get(b"Dest").is_ok() {
                gotos += 1;
            }
            if let Ok(lopdf::Object::Dictionary(action)) = a.get(b"A").map(|o| resolve(doc, o)) {
                if let Some(uri) = dict_string(action, b"URI") {
                    uris.push(uri);
                } else if action.get(b"D").is_ok() {
                    gotos += 1;
                }
            }
        }
    }
    (gotos, uris)
}

/// A `#id` link to a heading without an explicit `{#id}` goes where the HTML's goes: the
/// heading ids of both come from one rule (before, the PDF knew only explicit ids and
/// dropped the link, so it was live in the HTML and dead in the PDF).
#[test]
fn a_link_to_a_heading_by_its_slug_works_in_html_and_pdf_alike() {
    let md = "# Titolo\n\n## Come segnalare un commento\n\nTesto.\n\n## Altro\n\nVedi [come segnalare](#come-segnalare-un-commento).\n";
    let html = smpolicy::render::html::body(md).html;
    assert!(html.contains("id=\"come-segnalare-un-commento\""), "{html}");
    assert!(
        html.contains("href=\"#come-segnalare-un-commento\""),
        "{html}"
    );
    for standard in ALL {
        let (gotos, _) = link_targets(&load(&render(md, standard)));
        assert_eq!(
            gotos, 1,
            "{standard}: the link is not a jump inside the document"
        );
    }
}

/// Text typed in decomposed form (an accent as a combining mark, common from macOS and
/// copy-paste) gives one heading id in both renderers: the HTML and the PDF are made from one
/// parse of the composed text. Before, the HTML made its ids from the text as typed
/// (`ce-cile`) and the PDF from the composed one (`cecile`), so this link was dead in the
/// HTML and live in the PDF.
#[test]
fn decomposed_text_gives_the_same_heading_id_in_html_and_pdf() {
    let md = "# Titolo\n\n## Ce\u{301}cile\n\nTesto.\n\n## Altro\n\nVedi [la sezione](#cecile).\n";
    let body = smpolicy::render::html::body(md);
    assert!(
        body.html.contains("<h2 id=\"cecile\">Cécile</h2>"),
        "{}",
        body.html
    );
    assert!(body.html.contains("href=\"#cecile\""), "{}", body.html);
    for standard in ALL {
        let (gotos, _) = link_targets(&load(&render(md, standard)));
        assert_eq!(
            gotos, 1,
            "{standard}: the link is not a jump to the heading"
        );
    }
}

/// Markdown assembled from awkward fragments with a fixed-seed generator: every document
/// renders with every writer (no panic, no error) and the tagged ones validate.
#[test]
fn generated_markdown_always_renders_and_validates() {
    const PIECES: &[&str] = &[
        "# Titolo {#T-1}\n",
        "## Sezione\n",
        "#### Salto di livello\n",
        "Paragrafo con **grassetto**, *corsivo*, `codice` e ~~barrato~~.\n",
        "[collegamento](https://example.org/a/b?c=d&e=f)",
        "[](mailto:urp@example.org)",
        "[ancora](#T-1)",
        "[ancora mancante](#NON-ESISTE)",
        "<span>html</span>",
        "<div>\nblocco html\n</div>\n",
        "- voce\n  - annidata\n    1. numerata\n",
        "1. uno\n2. due\n",
        "> citazione\n> > annidata\n",
        "| a | b |\n|---|:-:|\n| 1 | [x](https://x.example) |\n| | lunga lunga lunga lunga lunga lunga lunga lunga lunga lunga lunga |\n",
        "```\ncodice   con   spazi\n\tetab\n```\n",
        "---\n",
        "Riga con a capo forzato  \nseconda riga\n",
        "Unaparolalunghissimasenzaspazichenonentrainnessunarigaenondeveusciredaimarginiinalcunmodo\n",
        "àèéìòù ‘’ “” € – — … ©\n",
        "😀 \u{200B} \u{FEFF} \u{7}\n",
        "\n",
        "![immagine](https://example.org/i.png)",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..40 {
        let mut md = String::new();
        let n = 1 + (next() % 25) as usize;
        for _ in 0..n {
            md.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            md.push_str(if next() % 2 == 0 { "\n" } else { " " });
        }
        for standard in ALL {
            let bytes = match render_pdf(&md, &meta(), standard) {
                Ok(b) => b,
                Err(e) => panic!("case {case} {standard}: {e}\n{md}"),
            };
            if standard == PdfStandard::A2aUa1 && case % 4 == 0 {
                for profile in [
                    page_validation::ValidationProfile::PdfA2a,
                    page_validation::ValidationProfile::PdfUa1,
                ] {
                    let failures = validation_failures(&bytes, profile);
                    assert!(
                        failures.is_empty(),
                        "case {case} {profile:?}: {failures:#?}\n{md}"
                    );
                }
            }
        }
    }
}

/// A stream whose compressed data ends in CR (about one PDF in 18) used to end `\r\nendstream`
/// with /Length counting the CR, which a reader also takes for the CR LF before
/// `endstream` (ISO 19005-2 6.1.7.1). Such a stream now ends `\r\r\nendstream`: the file
/// must validate, with no failure excused.
#[test]
fn a_stream_ending_in_cr_still_validates_as_pdfa() {
    use page_validation::ValidationProfile;
    // Variants that change the text of every page, so that every content stream varies.
    let found = (0..1000)
        .map(|i| {
            render(
                &FIXTURE.replace(" il ", &format!(" il{i} ")),
                PdfStandard::A2aUa1,
            )
        })
        .find(|b| some_stream_ends_in_cr(b))
        .expect("one of 1,000 variants has a stream whose data ends in CR");
    assert!(find(&found, b"\r\r\nendstream").is_some());
    for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
        let failures = validation_failures(&found, profile);
        assert!(failures.is_empty(), "{profile:?}: {failures:#?}");
    }
}

#[test]
fn title_block_opens_the_document_even_without_a_title_heading() {
    let doc = match layout_markdown("Solo testo, senza titolo.\n", &meta()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let text = doc.page_text(0);
    let org = text.find("Adottata con delibera").unwrap_or(usize::MAX);
    let body = text.find("Solo testo").unwrap_or(0);
    assert!(org < body, "{text}");
}

// ---------------------------------------------------------------------------------------------
// The example policy, built through the binary as a user runs it.

/// Builds the example with `--pdf-standard standard` into a temp dir; returns (dir, out).
fn build_example(standard: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO_BIN_EXE_smpolicy"))
        .args([
            "build",
            path_str(&root.join("policy-src")),
            "--out",
            path_str(&out),
        ])
        .args(["--pdf-standard", standard])
        .current_dir(&root)
        .output()
        .expect("smpolicy runs");
    assert!(
        status.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    (tmp, out.join("comune-di-valdoria"))
}

/// The file of document `doc` (`external`, `internal`) with extension `ext` in an
/// organisation's output folder: external documents in `public/`, internal in `internal/`.
fn doc_file(org_dir: &Path, doc: &str, ext: &str) -> PathBuf {
    let folder = if doc == "internal" {
        "internal"
    } else {
        "public"
    };
    org_dir.join(folder).join("it").join(format!("{doc}.{ext}"))
}

/// The `## ` and `### ` headings of a Markdown file, without anchors (`{#id}`, or the
/// `<a id="M-03" name="M-03"></a>` a rule heading opens with).
fn md_headings(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with("## ") || l.starts_with("### "))
        .map(|l| {
            let t = l.trim_start_matches('#').trim();
            let t = match t.strip_prefix("<a id=").and_then(|r| r.split_once("</a>")) {
                Some((_, rest)) => rest,
                None => t,
            };
            t.split(" {#").next().unwrap_or(t).to_string()
        })
        .collect()
}

#[test]
fn example_pdfs_validate_say_what_the_markdown_says_and_verify() {
    use page_validation::ValidationProfile;
    let (_tmp, dir) = build_example("a-2a,ua-1");
    for doc in ["external", "internal"] {
        let pdf = doc_file(&dir, doc, "pdf");
        let bytes = std::fs::read(&pdf).expect("the PDF exists");
        if doc == "external" {
            assert!(
                bytes.len() < 150 * 1024,
                "external.pdf is {} bytes",
                bytes.len()
            );
            // Every account URL of the YAML is a real link annotation.
            let lo = load(&bytes);
            let mut uris = BTreeSet::new();
            for obj in lo.objects.values() {
                if let Ok(d) = obj.as_dict()
                    && let Ok(action) = d.get(b"A")
                    && let Ok(a) = resolve(&lo, action).as_dict()
                    && let Some(uri) = dict_string(a, b"URI")
                {
                    uris.insert(uri);
                }
            }
            let yaml = std::fs::read_to_string(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("policy-src/comune-di-valdoria/accounts.yaml"),
            )
            .expect("accounts.yaml");
            let urls: Vec<&str> = yaml
                .lines()
                .filter_map(|l| l.trim().strip_prefix("url: "))
                .collect();
            assert!(
                urls.len() >= 6,
                "the example has its account URLs in accounts.yaml"
            );
            for url in urls {
                assert!(uris.contains(url), "no link annotation to {url}: {uris:?}");
            }
        }
        for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
            let failures = validation_failures(&bytes, profile);
            assert!(failures.is_empty(), "{doc}.pdf {profile:?}: {failures:#?}");
        }
        // The verify command finds the fingerprint in the PDF.
        let v = Command::new(env!("CARGO_BIN_EXE_smpolicy"))
            .args([
                "verify",
                path_str(&pdf),
                concat!(env!("CARGO_MANIFEST_DIR"), "/policy-src"),
            ])
            .output()
            .expect("smpolicy runs");
        assert!(
            v.status.success(),
            "verify {doc}.pdf: {}",
            String::from_utf8_lossy(&v.stdout)
        );
        if !have("pdftotext") {
            continue;
        }
        let md = std::fs::read_to_string(doc_file(&dir, doc, "md")).expect("md");
        let text = run("pdftotext", &["-layout", path_str(&pdf), "-"]);
        // The PDF prints curly quotes and apostrophes where the Markdown has straight ones.
        let flat = normalise(&text);
        for h in md_headings(&md) {
            let h = normalise(&h.replace('\\', ""));
            assert!(flat.contains(&h), "{doc}.pdf lacks the heading {h:?}");
        }
        if doc == "internal" {
            // The banner of the Markdown, and the footer of every page.
            let pages = flat.matches("USO INTERNO").count();
            assert!(pages >= 2, "internal.pdf says USO INTERNO {pages} time(s)");
        }
        let info = run("pdfinfo", &[path_str(&pdf)]);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("PDF version:     1.7"), "{info}");
        assert!(info.contains("Comune di Valdoria"), "{info}");
    }
}

#[test]
fn pdf_standard_option_chooses_the_writer() {
    let (_tmp, dir) = build_example("none");
    let bytes = std::fs::read(doc_file(&dir, "external", "pdf")).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(!validation_failures(&bytes, page_validation::ValidationProfile::PdfUa1).is_empty());
    let (_tmp, dir) = build_example("a-2b");
    let bytes = std::fs::read(doc_file(&dir, "external", "pdf")).expect("pdf");
    let failures = validation_failures(&bytes, page_validation::ValidationProfile::PdfA2b);
    assert!(failures.is_empty(), "{failures:#?}");

    let out = Command::new(env!("CARGO_BIN_EXE_smpolicy"))
        .args(["build", "--pdf-standard", "a-3z"])
        .output()
        .expect("smpolicy runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a-2a,ua-1"));
}

/// The structure tree as a screen reader walks it, read back from the file with lopdf: every
/// marked-content sequence on every page is claimed by exactly one structure element (through
/// the parent tree, and in that element's /K), its tag is the element's type, and every link
/// annotation hangs from a /Link element that points back at it.
#[test]
fn every_marked_content_and_link_is_in_the_structure_tree() {
    use lopdf::Object;
    let doc = load(&render(FIXTURE, PdfStandard::A2aUa1));
    let dict_of = |obj: &Object| -> lopdf::Dictionary {
        match resolve(&doc, obj) {
            Object::Dictionary(d) => d.clone(),
            other => panic!("expected a dictionary, got {other:?}"),
        }
    };
    let catalog = doc.catalog().expect("catalog").clone();
    let root = dict_of(catalog.get(b"StructTreeRoot").expect("StructTreeRoot"));
    let tree = dict_of(root.get(b"ParentTree").expect("ParentTree"));
    let nums = match resolve(&doc, tree.get(b"Nums").expect("Nums")) {
        Object::Array(a) => a.clone(),
        other => panic!("Nums: {other:?}"),
    };
    let parent_tree: Vec<(i64, Object)> = nums
        .chunks(2)
        .map(|kv| (kv[0].as_i64().expect("key"), kv[1].clone()))
        .collect();
    let lookup = |key: i64| -> Object {
        parent_tree
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no parent tree entry {key}"))
    };
    let mut types = BTreeSet::new();
    let mut marked = 0;
    for (page_no, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("page");
        let key = page
            .get(b"StructParents")
            .and_then(|o| o.as_i64())
            .expect("StructParents");
        let owners = match resolve(&doc, &lookup(key)) {
            Object::Array(a) => a.clone(),
            other => panic!("page {page_no}: {other:?}"),
        };
        let content = doc.get_and_decode_page_content(page_id).expect("content");
        let mut mcids = Vec::new();
        for op in &content.operations {
            if op.operator != "BDC" {
                continue;
            }
            let tag = op.operands[0].as_name().expect("tag").to_vec();
            if tag == b"Artifact" {
                continue;
            }
            let props = match &op.operands[1] {
                Object::Dictionary(d) => d.clone(),
                other => panic!("properties: {other:?}"),
            };
            let mcid = props.get(b"MCID").and_then(|o| o.as_i64()).expect("MCID");
            mcids.push(mcid);
            let owner_ref = owners
                .get(usize::try_from(mcid).expect("mcid"))
                .expect("owner");
            let owner = dict_of(owner_ref);
            let s = owner
                .get(b"S")
                .and_then(|o| o.as_name())
                .expect("S")
                .to_vec();
            assert_eq!(
                s, tag,
                "page {page_no} MCID {mcid}: tag and element type differ"
            );
            types.insert(String::from_utf8_lossy(&s).into_owned());
            let kids = match resolve(&doc, owner.get(b"K").expect("K")) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let claims = kids.iter().any(|k| match resolve(&doc, k) {
                Object::Integer(n) => {
                    *n == mcid
                        && owner.get(b"Pg").ok().and_then(|p| p.as_reference().ok())
                            == Some(page_id)
                }
                Object::Dictionary(mcr) => {
                    mcr.get(b"MCID").and_then(|o| o.as_i64()).ok() == Some(mcid)
                        && mcr.get(b"Pg").and_then(|p| p.as_reference()).ok() == Some(page_id)
                }
                _ => false,
            });
            assert!(
                claims,
                "page {page_no} MCID {mcid} is not in its element's /K"
            );
            marked += 1;
        }
        assert_eq!(
            mcids,
            (0..i64::try_from(owners.len()).expect("len")).collect::<Vec<_>>(),
            "page {page_no}: MCIDs are 0..n in order and the parent tree has one owner each"
        );
        let annots = match page.get(b"Annots") {
            Ok(a) => match resolve(&doc, a) {
                Object::Array(a) => a.clone(),
                other => panic!("Annots: {other:?}"),
            },
            Err(_) => Vec::new(),
        };
        for a in annots {
            let annot_id = a.as_reference().expect("annotation reference");
            let annot = doc.get_dictionary(annot_id).expect("annotation");
            let key = annot
                .get(b"StructParent")
                .and_then(|o| o.as_i64())
                .expect("StructParent");
            let link = dict_of(&lookup(key));
            assert_eq!(
                link.get(b"S").and_then(|o| o.as_name()).ok(),
                Some(&b"Link"[..])
            );
            let kids = match resolve(&doc, link.get(b"K").expect("K")) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            assert!(
                kids.iter().any(|k| match resolve(&doc, k) {
                    Object::Dictionary(d) =>
                        d.get(b"Obj").and_then(|o| o.as_reference()).ok() == Some(annot_id),
                    _ => false,
                }),
                "annotation {annot_id:?} is not an OBJR of its Link element"
            );
        }
    }
    assert!(marked > 50, "only {marked} marked-content sequences");
    for t in ["H1", "H2", "H3", "P", "Lbl", "TH", "TD", "Link"] {
        assert!(types.contains(t), "no {t} content in {types:?}");
    }
    // The grouping elements sit above the content, each with its parent set.
    let mut groups = BTreeSet::new();
    let mut stack = vec![(catalog.get(b"StructTreeRoot").expect("root").clone(), 0)];
    while let Some((obj, depth)) = stack.pop() {
        assert!(depth < 64, "structure tree too deep or cyclic");
        let Object::Dictionary(d) = resolve(&doc, &obj) else {
            continue;
        };
        if let Ok(s) = d.get(b"S").and_then(|o| o.as_name()) {
            groups.insert(String::from_utf8_lossy(s).into_owned());
            assert!(d.get(b"P").is_ok(), "element without /P");
        }
        if d.get(b"Type").and_then(|o| o.as_name()).ok() == Some(&b"OBJR"[..]) {
            continue;
        }
        let kids = match d.get(b"K").map(|k| resolve(&doc, k)) {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        for k in kids {
            if matches!(k, Object::Reference(_)) {
                stack.push((k, depth + 1));
            }
        }
    }
    for t in [
        "Document",
        "L",
        "LI",
        "LBody",
        "Table",
        "THead",
        "TBody",
        "TR",
        "BlockQuote",
    ] {
        assert!(groups.contains(t), "no {t} element in {groups:?}");
    }
}

/// The XMP packet claims what the file is (PDF/A-2 level a or b, PDF/UA-1 only with the
/// default), carries the title, author and language of the Info dictionary, and stays
/// unfiltered so that PDF/A readers can find it.
#[test]
fn xmp_metadata_claims_the_standard_and_matches_info() {
    for (standard, conformance, ua) in [
        (PdfStandard::A2aUa1, "A", true),
        (PdfStandard::A2b, "B", false),
    ] {
        let doc = load(&render(FIXTURE, standard));
        let catalog = doc.catalog().expect("catalog");
        let meta_id = catalog
            .get(b"Metadata")
            .and_then(|o| o.as_reference())
            .expect("catalog /Metadata");
        let stream = doc
            .get_object(meta_id)
            .and_then(|o| o.as_stream())
            .expect("metadata stream");
        assert!(
            stream.dict.get(b"Filter").is_err(),
            "{standard}: XMP is filtered"
        );
        let xmp = String::from_utf8(stream.content.clone()).expect("XMP is UTF-8");
        for needle in [
            "<pdfaid:part>2</pdfaid:part>".to_string(),
            format!("<pdfaid:conformance>{conformance}</pdfaid:conformance>"),
            "<rdf:li xml:lang=\"x-default\">Social media policy esterna</rdf:li>".to_string(),
            "<rdf:li>Comune di Valdoria</rdf:li>".to_string(),
            "<dc:language><rdf:Bag><rdf:li>it</rdf:li></rdf:Bag></dc:language>".to_string(),
            "<xmp:CreateDate>2026-03-12T00:00:00Z</xmp:CreateDate>".to_string(),
        ] {
            assert!(xmp.contains(&needle), "{standard}: {needle} not in\n{xmp}");
        }
        assert_eq!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
            ua,
            "{standard}"
        );
        assert!(xmp.starts_with("<?xpacket begin=") && xmp.ends_with("<?xpacket end=\"w\"?>"));
    }
}

// ---------------------------------------------------------------------------------------------
// The tagged text (ISO 32000-1 14.8.2.5): extracted in structure order, the way reflow,
// read-aloud and PDF/UA text extraction see it, it holds every block of the source Markdown
// with the spaces between its words, also where a line of the page ends between two words.

/// Whitespace collapsed to one space; the typographic forms the PDF may draw for straight
/// quotes and spaces (curly quotes, guillemets, no-break spaces) read as their plain forms.
fn normalise(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{AB}' | '\u{BB}' => '"',
            '\u{A0}' | '\u{202F}' | '\u{2009}' => ' ',
            c => c,
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text blocks of a Markdown document (paragraphs, headings, list items, table cells,
/// code blocks), each as its words and the single spaces between them.
fn markdown_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur = String::new();
    let mut html = 0usize;
    let flush = |cur: &mut String, blocks: &mut Vec<String>| {
        let t = normalise(cur);
        if !t.is_empty() {
            blocks.push(t);
        }
        cur.clear();
    };
    for event in pulldown_cmark::Parser::new_ext(md, smpolicy::render::markdown_options()) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::HtmlBlock) => html += 1,
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                html = html.saturating_sub(1)
            }
            pulldown_cmark::Event::Start(
                pulldown_cmark::Tag::Paragraph
                | pulldown_cmark::Tag::Heading { .. }
                | pulldown_cmark::Tag::Item
                | pulldown_cmark::Tag::List(_)
                | pulldown_cmark::Tag::TableCell
                | pulldown_cmark::Tag::CodeBlock(_)
                | pulldown_cmark::Tag::BlockQuote(_),
            )
            | pulldown_cmark::Event::End(
                pulldown_cmark::TagEnd::Paragraph
                | pulldown_cmark::TagEnd::Heading(_)
                | pulldown_cmark::TagEnd::Item
                | pulldown_cmark::TagEnd::List(_)
                | pulldown_cmark::TagEnd::TableCell
                | pulldown_cmark::TagEnd::CodeBlock
                | pulldown_cmark::TagEnd::BlockQuote(_),
            )
            | pulldown_cmark::Event::Rule => flush(&mut cur, &mut blocks),
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) if html == 0 => {
                cur.push_str(&t)
            }
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => cur.push(' '),
            _ => {}
        }
    }
    flush(&mut cur, &mut blocks);
    blocks
}

/// The blocks of `md` the structure text of `pdf` does not hold, word for word.
fn missing_blocks(md: &str, pdf: &[u8]) -> Vec<String> {
    let text = normalise(&structure_text(pdf));
    markdown_blocks(md)
        .into_iter()
        .filter(|b| !text.contains(b.as_str()))
        .collect()
}

#[test]
fn example_pdfs_read_in_structure_order_as_their_markdown() {
    let (_tmp, org) = build_example("a-2a,ua-1");
    for doc in ["external", "internal"] {
        let md = std::fs::read_to_string(doc_file(&org, doc, "md")).expect("the Markdown exists");
        let pdf = std::fs::read(doc_file(&org, doc, "pdf")).expect("the PDF exists");
        let blocks = markdown_blocks(&md);
        let words: usize = blocks.iter().map(|b| b.split(' ').count()).sum();
        assert!(words > 500, "{doc}.md has only {words} words");
        let missing = missing_blocks(&md, &pdf);
        assert!(
            missing.is_empty(),
            "{doc}.pdf: {} of {} blocks do not read as in the Markdown, e.g.\n{:#?}\n\nstructure text:\n{}",
            missing.len(),
            blocks.len(),
            &missing[..missing.len().min(5)],
            structure_text(&pdf)
        );
    }
}

/// Lines that wrap in every kind of block: paragraphs, list items, quotes, table cells,
/// headings, a hard line break and a code block.
#[test]
fn wrapped_lines_keep_their_spaces_in_every_kind_of_block() {
    let long = "parola ".repeat(60);
    let md = format!(
        "# Titolo lungo {long}\n\n{long}\n\n- voce {long}\n  - annidata {long}\n\n> citazione {long}\n\n\
         | a | b |\n|---|---|\n| cella {long} | [un collegamento {long}](https://example.org) |\n\n\
         riga prima  \nriga dopo con a capo forzato\n\n```\nprima riga di codice\nseconda riga\n```\n"
    );
    let pdf = render(&md, PdfStandard::A2aUa1);
    let missing = missing_blocks(&md, &pdf);
    assert!(missing.is_empty(), "{missing:#?}\n{}", structure_text(&pdf));
}

/// The two documents of one source are two files: their /ID differs (ISO 32000-1 14.4).
#[test]
fn external_and_internal_pdfs_have_distinct_file_ids() {
    let (_tmp, org) = build_example("a-2a,ua-1");
    let ids: Vec<lopdf::Object> = ["external", "internal"]
        .iter()
        .map(|doc| {
            let bytes = std::fs::read(doc_file(&org, doc, "pdf")).expect("the PDF exists");
            load(&bytes).trailer.get(b"ID").expect("/ID").clone()
        })
        .collect();
    assert_ne!(ids[0], ids[1], "external.pdf and internal.pdf share /ID");
}

/// A Markdown table with a header row and no body (a YAML text can make one) is still a
/// table PDF/UA accepts (7.2:14 wanted more than a header there).
#[test]
fn a_table_with_only_a_header_row_validates() {
    use page_validation::ValidationProfile;
    for md in [
        "# T\n\n| Nome | Ruolo |\n|---|---|\n",
        "# T\n\nPrima.\n\n| Solo |\n|:-:|\n\nDopo.\n",
    ] {
        let bytes = render(md, PdfStandard::A2aUa1);
        for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
            let failures = validation_failures(&bytes, profile);
            assert!(failures.is_empty(), "{md:?} {profile:?}: {failures:#?}");
        }
    }
}

/// A long footer (a long body name and act) wraps onto as many lines as it needs, every word
/// on every page, and the body text stays above it.
#[test]
fn a_long_footer_wraps_and_keeps_every_word() {
    use smpolicy::render::pdf::display::{ArtifactKind, Elem, Item};
    let mut m = meta();
    m.footer = format!(
        "Versione 2.0 – {} – Deliberazione della Giunta comunale n. 45 del 12/03/2026",
        "Unione dei Comuni della Valle del Fiume Lungo e delle Colline Circostanti ".repeat(4)
    );
    let long = [FIXTURE; 3].join("\n\n");
    let doc = layout_markdown(&long, &m).expect("lays out");
    assert!(doc.pages.len() > 2);
    for (n, page) in doc.pages.iter().enumerate() {
        let mut footer = String::new();
        let mut footer_top = f32::MAX;
        let mut body_bottom = 0.0f32;
        for item in &page.items {
            match item {
                Item::Artifact {
                    kind: ArtifactKind::Footer,
                    elems,
                } => {
                    for e in elems {
                        if let Elem::Glyphs(run) = e
                            && run.size > 7.0
                        {
                            footer.push_str(&run.text);
                            footer.push(' ');
                            footer_top = footer_top.min(run.y - run.size);
                        }
                    }
                }
                Item::Content { elems, .. } => {
                    for e in elems {
                        if let Elem::Glyphs(run) = e {
                            body_bottom = body_bottom.max(run.y + run.size * 0.3);
                        }
                    }
                }
                _ => {}
            }
        }
        let flat = footer.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = m.footer.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(flat, expected, "page {}", n + 1);
        assert!(
            body_bottom < footer_top - 10.0,
            "page {}: body reaches {body_bottom}, footer starts at {footer_top}",
            n + 1
        );
    }
    // A footer longer than a page can carry is an error that says so, not a cut.
    m.footer = "parola ".repeat(400);
    match layout_markdown(&long, &m) {
        Err(PdfError::FooterTooLong(lines)) => assert!(lines > 12),
        other => panic!("expected FooterTooLong, got {other:?}"),
    }
}

/// Greek, Cyrillic, symbols and decomposed accents are drawn with real glyphs (the fallback
/// face); a character no face has (an emoji) is a placeholder that reads as itself
/// (/ActualText). Never a silent `?`.
#[test]
fn every_character_is_drawn_or_carries_its_real_text() {
    use page_validation::ValidationProfile;
    use smpolicy::render::pdf::display::{Elem, Item};
    let md = "# Caratteri\n\nGreco αβγ Ωμέγα, cirillico Привет, frecce → ⇒, segni ✓ ✗ ★ ∞ ≤, \
              legatura ﬁ, perche\u{301} citta\u{300}, emoji 😀 fine.\n\n| Ω | Ж |\n|---|---|\n| ✓ | 😀 |\n";
    let doc = layout_markdown(md, &meta()).expect("lays out");
    let mut placeholders = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let (Item::Content { elems, .. } | Item::Artifact { elems, .. }) = item;
            for e in elems {
                if let Elem::Glyphs(run) = e {
                    match &run.actual_text {
                        Some(actual) => placeholders.push(actual.clone()),
                        None => assert!(!run.text.contains('?'), "a `?` drawn for {:?}", run.text),
                    }
                }
            }
        }
    }
    assert_eq!(placeholders, ["😀", "😀"]);
    let bytes = render(md, PdfStandard::A2aUa1);
    let text = structure_text(&bytes);
    for needle in [
        "Greco αβγ Ωμέγα,",
        "cirillico Привет,",
        "frecce → ⇒,",
        "segni ✓ ✗ ★ ∞ ≤,",
        "legatura ﬁ,",
        "perché città,",
        "emoji 😀 fine.",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    for profile in [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1] {
        let failures = validation_failures(&bytes, profile);
        assert!(failures.is_empty(), "{profile:?}: {failures:#?}");
    }
    if have("pdffonts") {
        let dir = tempdir();
        let pdf = write_temp(dir.path(), "f.pdf", &bytes);
        let fonts = run("pdffonts", &[path_str(&pdf)]);
        assert!(fonts.contains("+DejaVuSans"), "{fonts}");
    }
}
