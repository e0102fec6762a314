//! Italian typography of the PDF, checked on what the layout places and on the tagged text
//! a reader gets: curly quotes, no-break spaces after legal abbreviations, the measure, the
//! keeps of lists, lead-ins and table headers, column widths, the monospace face of code, the
//! "//" of addresses, the title block, and deep nesting.

#[path = "fixtures/pdf/sample_meta.rs"]
mod sample_meta;
use sample_meta::meta;

#[path = "pdf_support/tagged_text.rs"]
mod tagged_text;
use tagged_text::structure_text;

use smpolicy::render::pdf::display::{DisplayDocument, Elem, GlyphRun, Item};
use smpolicy::render::pdf::fonts::{self, Face};
use smpolicy::render::pdf::layout::{MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH};
use smpolicy::render::pdf::{PdfStandard, layout_markdown, render_pdf};

const FIXTURE: &str = include_str!("fixtures/pdf/esterna.md");

fn lay(md: &str) -> DisplayDocument {
    match layout_markdown(md, &meta()) {
        Ok(doc) => doc,
        Err(e) => panic!("layout failed: {e}"),
    }
}

/// The glyph runs of the body (not the footer or page furniture), page by page.
fn body_runs(doc: &DisplayDocument) -> Vec<Vec<&GlyphRun>> {
    doc.pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Item::Content { elems, .. } => Some(elems),
                    Item::Artifact { .. } => None,
                })
                .flatten()
                .filter_map(|e| match e {
                    Elem::Glyphs(run) => Some(run),
                    Elem::Fill { .. } => None,
                })
                .collect()
        })
        .collect()
}

/// The body's lines, page by page: the runs that share a baseline, left to right, joined.
fn body_lines(doc: &DisplayDocument) -> Vec<Vec<String>> {
    lines_of(doc, |_| true)
}

/// The lines of the body's runs that `keep` keeps.
fn lines_of(doc: &DisplayDocument, keep: impl Fn(&GlyphRun) -> bool) -> Vec<Vec<String>> {
    body_runs(doc)
        .into_iter()
        .map(|runs| {
            let mut lines: Vec<(f32, Vec<(f32, String)>)> = Vec::new();
            for run in runs.into_iter().filter(|r| keep(r)) {
                match lines.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.5) {
                    Some((_, parts)) => parts.push((run.x, run.text.clone())),
                    None => lines.push((run.y, vec![(run.x, run.text.clone())])),
                }
            }
            lines.sort_by(|a, b| a.0.total_cmp(&b.0));
            lines
                .into_iter()
                .map(|(_, mut parts)| {
                    parts.sort_by(|a, b| a.0.total_cmp(&b.0));
                    parts.into_iter().map(|(_, t)| t).collect::<String>()
                })
                .collect()
        })
        .collect()
}

fn tagged(md: &str) -> String {
    match render_pdf(md, &meta(), PdfStandard::A2aUa1) {
        Ok(bytes) => structure_text(&bytes),
        Err(e) => panic!("render failed: {e}"),
    }
}

#[test]
fn apostrophes_and_quotes_are_curly_but_addresses_and_code_are_not() {
    let md = "# Titolo dell'ente\n\nL'ente gestisce la biblioteca \"Lina Corsi\" e l'URP \
              (\"sportello\"); scrivi a o'brien@example.org.\n\n\
              <https://example.org/l'ente?a=\"b\">\n\nUsa `it's \"code\"`.\n\n\
              | Nome | Nota |\n|---|---|\n| Sala \"Verdi\" | dell'ente |\n";
    let text = tagged(md);
    for needle in [
        "Titolo dell’ente",
        "L’ente gestisce la biblioteca «Lina Corsi» e l’URP («sportello»);",
        "o'brien@example.org",
        "https://example.org/l'ente?a=\"b\"",
        "it's \"code\"",
        "Sala «Verdi»",
        "dell’ente",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    // The title block and the footer get the same typography.
    let mut m = meta();
    m.title_block = vec!["Unione dell'Appennino".into()];
    m.footer = "Versione 2.0 – delibera dell'Unione n. 4".into();
    let doc = layout_markdown("# T\n\nTesto.\n", &m).expect("lays out");
    let all: String = doc
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|item| match item {
            Item::Content { elems, .. } | Item::Artifact { elems, .. } => elems.iter(),
        })
        .filter_map(|e| match e {
            Elem::Glyphs(run) => Some(run.text.clone()),
            Elem::Fill { .. } => None,
        })
        .collect();
    assert!(all.contains("Unione dell’Appennino"), "{all}");
    assert!(all.contains("delibera dell’Unione n.\u{A0}4"), "{all}");
    assert!(!all.contains('\''), "a straight apostrophe is left: {all}");
}

/// Wherever the line breaks fall, "art. 9", "n. 150/2000", "DPR 62/2013", "D.Lgs. 33/2013",
/// "comma 2" and "p. 3" stay on one line.
#[test]
fn a_legal_abbreviation_never_ends_a_line_before_its_number() {
    let sentence = "come dice l'art. 9 comma 2 del DPR 62/2013, a p. 3 del D.Lgs. 33/2013 \
                    e nella legge n. 150/2000 ";
    let mut ends = 0;
    for shift in 0..40 {
        let md = format!("# T\n\n{}{}\n", "ab ".repeat(shift), sentence.repeat(3));
        let doc = lay(&md);
        let lines = body_lines(&doc);
        for line in lines.iter().flatten() {
            let last = line.split_whitespace().last().unwrap_or("");
            assert!(
                !["art.", "comma", "DPR", "p.", "D.Lgs.", "n."]
                    .iter()
                    .any(|a| last.ends_with(a)),
                "shift {shift}: a line ends with {last:?}: {line:?}"
            );
            ends += 1;
        }
        let text = lines
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        for kept in [
            "l’art.\u{A0}9",
            "comma\u{A0}2",
            "DPR\u{A0}62/2013",
            "p.\u{A0}3",
            "D.Lgs.\u{A0}33/2013",
            "n.\u{A0}150/2000",
        ] {
            assert!(text.contains(kept), "shift {shift}: {kept:?} not in {text}");
        }
    }
    assert!(ends > 200, "only {ends} lines looked at");
}

/// At most about 90 characters a line in the body text (it was 110-117).
#[test]
fn body_lines_hold_at_most_about_ninety_characters() {
    let doc = lay(FIXTURE);
    // The text of paragraphs and lists (the body size), not tables or headings.
    let longest = lines_of(&doc, |r| {
        (r.size - 11.0).abs() < 0.01 && r.face != Face::Mono
    })
    .iter()
    .flatten()
    .map(|l| l.trim().chars().count())
    .max()
    .unwrap_or(0);
    assert!(longest <= 92, "a line of {longest} characters");
    assert!(
        longest >= 70,
        "lines of {longest} characters: too short a measure"
    );
}

/// How many lines holding `needle` each page has, for the pages that have any.
fn lines_per_page(pages: &[Vec<String>], needle: &str) -> Vec<usize> {
    pages
        .iter()
        .map(|p| p.iter().filter(|l| l.contains(needle)).count())
        .filter(|n| *n > 0)
        .collect()
}

/// The items of a list crossing a page: never one of them alone at the foot (the first) or
/// at the top (the last); and a lead-in ending in ":" stays with its list.
#[test]
fn lists_keep_two_items_on_each_side_of_a_page_break_and_the_lead_in_with_them() {
    let items: String = (1..=6)
        .map(|i| format!("- voce{i} dell'elenco\n"))
        .collect();
    let mut crossed = 0;
    for filler in 30..70 {
        let md = format!(
            "# T\n\n{}Ecco l'elenco:\n\n{items}\nFine.\n",
            "Riga di riempimento.\n\n".repeat(filler)
        );
        let doc = lay(&md);
        let lines = body_lines(&doc);
        let pages = lines_per_page(&lines, "voce");
        if pages.len() > 1 {
            crossed += 1;
        }
        assert!(
            pages.iter().all(|n| *n >= 2),
            "filler {filler}: items per page {pages:?}"
        );
        let lead = lines
            .iter()
            .position(|p| p.iter().any(|l| l.contains("Ecco")))
            .expect("the lead-in is drawn");
        assert!(
            lines[lead].iter().any(|l| l.contains("voce1")),
            "filler {filler}: the lead-in ends its page"
        );
    }
    assert!(crossed >= 3, "the list crossed a page only {crossed} times");
}

/// The rows of a table crossing a page: the first row never alone under the header at the
/// foot, the last never alone at the top of the next page.
#[test]
fn tables_keep_two_rows_on_each_side_of_a_page_break() {
    let rows: String = (1..=6)
        .map(|i| format!("| riga{i} | valore {i} |\n"))
        .collect();
    let mut crossed = 0;
    for filler in 30..70 {
        let md = format!(
            "# T\n\n{}| Voce | Valore |\n|---|---|\n{rows}\nFine.\n",
            "Riga di riempimento.\n\n".repeat(filler)
        );
        let pages = lines_per_page(&body_lines(&lay(&md)), "riga");
        if pages.len() > 1 {
            crossed += 1;
        }
        assert!(
            pages.iter().all(|n| *n >= 2),
            "filler {filler}: rows per page {pages:?}"
        );
    }
    assert!(
        crossed >= 3,
        "the table crossed a page only {crossed} times"
    );
}

/// A table header never ends a page alone, even when the first row is too tall to keep
/// with it as a whole.
#[test]
fn a_table_header_is_never_alone_at_a_page_foot() {
    let tall = "parola ".repeat(700);
    for filler in 0..45 {
        let md = format!(
            "# T\n\n{}| Intestazione | Altra |\n|---|---|\n| {tall} | breve |\n| due | tre |\n",
            "Riga di riempimento.\n\n".repeat(filler)
        );
        let doc = lay(&md);
        for (n, page) in body_lines(&doc).iter().enumerate() {
            if page.iter().any(|l| l.contains("Intestazione")) {
                assert!(
                    page.iter().any(|l| l.contains("parola")),
                    "filler {filler}: page {} ends with the table header alone",
                    n + 1
                );
            }
        }
    }
}

/// The x of the first glyph of each cell in the header row of the first table.
fn header_xs(doc: &DisplayDocument, head: &[&str]) -> Vec<f32> {
    let runs = body_runs(doc);
    head.iter()
        .map(|h| {
            runs.iter()
                .flatten()
                .find(|r| r.text.trim() == *h)
                .map(|r| r.x)
                .unwrap_or_else(|| panic!("header {h} not drawn"))
        })
        .collect()
}

/// How many runs draw `word` whole (a table cell's word is a run of its own).
fn whole_words(doc: &DisplayDocument, word: &str) -> usize {
    body_runs(doc)
        .iter()
        .flatten()
        .filter(|r| r.text.split_whitespace().any(|w| w == word))
        .count()
}

/// One long word no longer makes every column as wide as the others; a web address counts
/// by its pieces between break points, not as one word.
#[test]
fn one_long_word_does_not_make_all_columns_equal() {
    let long = "Supercalifragilistichespiralidoso".repeat(4);
    let word = "Amministrazione";
    let md = format!(
        "# T\n\n| A | B | C | D | E |\n|---|---|---|---|---|\n| {long} | {word} | {word} | {word} | {word} |\n"
    );
    let doc = lay(&md);
    let xs = header_xs(&doc, &["A", "B", "C", "D", "E"]);
    let widths: Vec<f32> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        widths[0] > 1.15 * widths[1],
        "column widths {widths:?}: the long word's column is no wider"
    );
    // The long word breaks; the four others stay whole.
    assert_eq!(whole_words(&doc, word), 4, "{word} broken in some column");
    // A word longer than the table is wide: only it breaks, the ordinary words of the
    // other columns stay whole (they broke mid-word when every column shrank alike).
    let longer = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabteilung".repeat(2);
    let md = format!(
        "# T\n\n| Piattaforma | Nome | Ambito | Lingue |\n|---|---|---|---|\n| Facebook | {longer} | Istituzionale | italiano |\n| Instagram | Comune | Istituzionale | italiano |\n"
    );
    let doc = lay(&md);
    for whole in [
        "Piattaforma",
        "Facebook",
        "Instagram",
        "Istituzionale",
        "italiano",
    ] {
        assert!(whole_words(&doc, whole) > 0, "{whole} broken");
    }
    // An address: its column needs no more than its longest piece.
    let url = "https://www.example.org/una/pagina-molto-lunga/con/molti/pezzi/dell-indirizzo/fino-alla-fine/della-cella";
    let md = format!(
        "# T\n\n| Nome | Indirizzo |\n|---|---|\n| Biblioteca civica Lina Corsi di Valdoria | [{url}]({url}) |\n"
    );
    let doc = lay(&md);
    let lines = body_lines(&doc);
    assert!(
        lines
            .iter()
            .flatten()
            .any(|l| l.contains("Biblioteca civica Lina Corsi di Valdoria")),
        "the name wraps beside an address: {lines:#?}"
    );
}

/// Rows of a table with a name column and a text column: the room goes where it saves
/// wrapped lines, so the names stay on one line beside a text that wraps anyway.
#[test]
fn column_widths_go_where_they_save_wrapped_lines() {
    let mut md = String::from("# T\n\n| Ente | Pagina | Descrizione |\n|---|---|---|\n");
    for i in 0..9 {
        md.push_str(&format!(
            "| Servizio Cultura e Turismo {i} | [pagina{i}](https://example.org/{i}) | {} |\n",
            "testo della descrizione che va a capo ".repeat(4)
        ));
    }
    let doc = lay(&md);
    let lines = body_lines(&doc);
    let wrapped = (0..9)
        .filter(|i| {
            !lines
                .iter()
                .flatten()
                .any(|l| l.contains(&format!("Servizio Cultura e Turismo {i}")))
        })
        .count();
    assert_eq!(wrapped, 0, "{wrapped} of 9 names wrap: {lines:#?}");
}

/// Inline code and code blocks are set in the monospace face, which the PDF embeds.
#[test]
fn code_is_set_in_the_monospace_face() {
    let md = "# T\n\nUsa `smpolicy check` ora.\n\n```\ncargo run -- build\n```\n";
    let doc = lay(md);
    let runs: Vec<&GlyphRun> = body_runs(&doc).into_iter().flatten().collect();
    for code in ["smpolicy check", "cargo run -- build"] {
        let run = runs
            .iter()
            .find(|r| r.text.contains(code))
            .unwrap_or_else(|| panic!("{code} not drawn"));
        assert_eq!(run.face, Face::Mono, "{code}");
    }
    let ora = runs.iter().find(|r| r.text.contains("ora")).expect("drawn");
    assert_eq!(ora.face, Face::Regular);
    let bytes = render_pdf(md, &meta(), PdfStandard::A2aUa1).expect("renders");
    let text = structure_text(&bytes);
    assert!(text.contains("Usa smpolicy check ora."), "{text}");
    assert!(text.contains("cargo run -- build"), "{text}");
    for profile in [
        page_validation::ValidationProfile::PdfA2a,
        page_validation::ValidationProfile::PdfUa1,
    ] {
        let options = page_validation::ValidationOptions::default().profile(profile);
        let report = page_validation::validate_pdf_bytes(&bytes, &options).expect("reads");
        assert!(
            report.failures.is_empty(),
            "{profile:?}: {:?}",
            report.failures
        );
    }
}

/// The two slashes of an address are drawn with their full advance: the font's kern pair
/// would draw them as one.
#[test]
fn the_two_slashes_of_an_address_are_not_kerned() {
    let doc = lay("# T\n\nVedi https://example.org ora.\n");
    let metrics = fonts::metrics().expect("fonts");
    let run = body_runs(&doc)
        .into_iter()
        .flatten()
        .find(|r| r.text.contains("https://"))
        .expect("the address is drawn");
    let m = &metrics[run.face.index()];
    let slash = m.advance(m.glyph_or_replacement('/'));
    let at = run.text.find("//").expect("//");
    let g = run
        .glyphs
        .iter()
        .find(|g| g.start == at)
        .expect("a glyph for the first slash");
    assert_eq!(
        g.advance.to_bits(),
        slash.to_bits(),
        "the first / is kerned"
    );
}

/// The title block does not repeat what the metadata list under the title says.
#[test]
fn the_title_block_does_not_repeat_the_metadata_list() {
    let md =
        "# Social media policy\n\n- **Ente**: Comune di Valdoria\n- **Versione**: 2.0\n\nTesto.\n";
    let doc = lay(md);
    let first: String = body_lines(&doc)[0].join("\n");
    assert_eq!(first.matches("Comune di Valdoria").count(), 1, "{first}");
    assert_eq!(first.matches("2.0").count(), 1, "{first}");
    // What the list does not say stays in the title block.
    assert!(first.contains("Adottata con delibera di Giunta"), "{first}");
    // A notice in a quote between the title and the list (the internal policy's "USO
    // INTERNO") does not hide the list.
    let doc = lay(
        "# Social media policy\n\n> **USO INTERNO**: riservato.\n\n- **Ente**: Comune di Valdoria\n- **Versione**: 2.0\n\nTesto.\n",
    );
    let first: String = body_lines(&doc)[0].join("\n");
    assert_eq!(first.matches("Comune di Valdoria").count(), 1, "{first}");
    assert_eq!(first.matches("2.0").count(), 1, "{first}");
    assert!(first.contains("USO INTERNO"), "{first}");
    // A paragraph between them is text, not a notice: the title block stays whole.
    let doc = lay(
        "# Social media policy\n\nTesto.\n\n- **Ente**: Comune di Valdoria\n- **Versione**: 2.0\n",
    );
    let first: String = body_lines(&doc)[0].join("\n");
    assert_eq!(first.matches("Comune di Valdoria").count(), 2, "{first}");
    // With no list under the title, the whole title block is there.
    let doc = lay("# Social media policy\n\nTesto.\n");
    let first: String = body_lines(&doc)[0].join("\n");
    assert!(
        first.contains("Comune di Valdoria") && first.contains("Versione"),
        "{first}"
    );
}

/// Forty nested lists and forty nested quotes: every word is drawn, inside the margins.
#[test]
fn deep_nesting_keeps_its_text_inside_the_margins() {
    let mut lists = String::from("# T\n\n");
    for d in 0..40 {
        lists.push_str(&format!(
            "{}- livello{d} testo della voce\n",
            "  ".repeat(d)
        ));
    }
    let quotes = format!(
        "# T\n\n{} profondo testo della citazione annidata\n",
        ">".repeat(40)
    );
    for md in [lists, quotes] {
        let doc = lay(&md);
        let right = PAGE_WIDTH - MARGIN_RIGHT + 0.5;
        for run in body_runs(&doc).into_iter().flatten() {
            assert!(
                run.x >= MARGIN_LEFT - 30.0 && run.x + run.ink_width() <= right,
                "{:?} at {}..{} outside the text area",
                run.text,
                run.x,
                run.x + run.ink_width()
            );
        }
        // Every word is drawn (the structure tree is too deep for the test's reader).
        let text = body_lines(&doc).concat().join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for word in ["livello39", "profondo testo della citazione annidata"] {
            if md.contains(word) {
                assert!(text.contains(word), "{word} lost:\n{text}");
            }
        }
        render_pdf(&md, &meta(), PdfStandard::A2aUa1).expect("renders");
    }
}
