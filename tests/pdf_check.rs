//! `check` reports every character the PDF cannot draw, where it is written and by name;
//! text typed in decomposed form (NFD) is read composed (NFC) and prints as typed.

mod common;
use common::*;

#[path = "pdf_support/tagged_text.rs"]
mod tagged_text;

/// The example with an emoji and a decomposed accent in the intro, and an emoji in a comment.
fn example_with(dir: &std::path::Path) -> std::path::PathBuf {
    let src = dir.join("src");
    copy_tree(&example_src(), &src);
    let file = src.join("comune-di-valdoria/policy.yaml");
    let yaml = read(&file);
    let intro = "  intro: |-\n";
    assert!(yaml.contains(intro), "the example has an intro block");
    let yaml = yaml.replacen(
        intro,
        "  intro: |-\n    Benvenuti 😀 perche\u{301} sì. # non un commento qui\n\n",
        1,
    );
    let yaml = format!("# commento con 🎉, mai stampato\n{yaml}");
    std::fs::write(&file, yaml).expect("write");
    src
}

#[test]
fn check_names_each_character_the_pdf_cannot_draw_with_its_place() {
    let tmp = tempdir();
    let src = example_with(tmp.path());
    let r = run(&["check", src.to_str().expect("utf-8 path")], tmp.path());
    let all = format!("{}{}", r.stdout, r.stderr);
    // Line 1 is the comment; the intro block's first line is where the emoji is.
    let yaml = read(&src.join("comune-di-valdoria/policy.yaml"));
    let (line, text) = yaml
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains('😀'))
        .expect("the emoji line");
    let column = text.chars().position(|c| c == '😀').expect("emoji") + 1;
    let place = format!("policy.yaml:{}:{column}", line + 1);
    assert!(
        all.contains(&place) && all.contains("U+1F600 GRINNING FACE"),
        "expected a report at {place} naming U+1F600:\n{all}"
    );
    assert_eq!(all.matches("pdf-missing-glyph").count(), 1, "{all}");
    assert!(!all.contains("U+1F389"), "a comment was reported:\n{all}");
    assert!(
        !all.contains("U+0301"),
        "the decomposed accent was reported:\n{all}"
    );
}

#[test]
fn decomposed_text_prints_composed_and_the_placeholder_reads_as_itself() {
    let tmp = tempdir();
    let src = example_with(tmp.path());
    let out = tmp.path().join("out");
    let r = build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(&doc(&out, "comune-di-valdoria", "external.md"));
    assert!(
        md.contains("Benvenuti 😀 perch\u{E9} sì."),
        "not NFC in the Markdown"
    );
    let pdf = std::fs::read(doc(&out, "comune-di-valdoria", "external.pdf")).expect("pdf");
    let text = tagged_text::structure_text(&pdf);
    assert!(
        text.contains("Benvenuti 😀 perch\u{E9} sì."),
        "the PDF's text:\n{text}"
    );
}
