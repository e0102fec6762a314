//! `smpolicy verify` through the binary: "yes" only for a file that is exactly what the
//! current source builds (or, with `--text`, an HTML page with the same visible text), and
//! a "no" that says where the file differs, with nothing from the file reaching the terminal
//! unescaped.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The example built into `tmp/out`, and the path of one of its files by organisation,
/// language and name, whatever the folders between them.
struct Built {
    tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn new() -> Built {
        let (tmp, out, r) = build_example();
        assert_eq!(r.code, 0, "{}", r.stderr);
        Built { tmp, out }
    }

    fn file(&self, name: &str) -> PathBuf {
        walkdir::WalkDir::new(self.out.join("comune-di-valdoria"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == name && e.path().parent().is_some_and(|p| p.ends_with("it")))
            .map(|e| e.path().to_path_buf())
            .unwrap_or_else(|| panic!("no {name} in the build"))
    }

    /// A copy of `name` with `edit` applied, written beside the build (same folders).
    fn edited(&self, name: &str, new_name: &str, edit: impl Fn(Vec<u8>) -> Vec<u8>) -> PathBuf {
        let from = self.file(name);
        let to = from.with_file_name(new_name);
        std::fs::write(&to, edit(std::fs::read(&from).unwrap())).unwrap();
        to
    }

    fn verify(&self, file: &Path, extra: &[&str]) -> Run {
        let src = example_src();
        let mut args = vec!["verify", file.to_str().unwrap(), src.to_str().unwrap()];
        args.extend(extra);
        run(&args, self.tmp.path())
    }
}

fn replace_once(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(from), "no `{from}`");
    text.replacen(from, to, 1).into_bytes()
}

/// The 1-based line of the first occurrence of `what`.
fn line_of(path: &Path, what: &str) -> usize {
    read(path)
        .lines()
        .position(|l| l.contains(what))
        .expect("the text is there")
        + 1
}

#[test]
fn untouched_outputs_get_yes() {
    let b = Built::new();
    for name in [
        "external.md",
        "external.html",
        "external.fragment.html",
        "external.pdf",
        "internal.md",
        "internal.html",
        "internal.pdf",
    ] {
        let r = b.verify(&b.file(name), &[]);
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("yes: "), "{}", r.stdout);
        assert!(r.stdout.contains("is byte for byte"), "{}", r.stdout);
        assert!(r.stdout.contains(name), "{}", r.stdout);
    }
}

#[test]
fn an_edited_markdown_or_html_file_gets_no_and_the_line() {
    let b = Built::new();
    for name in ["external.md", "external.html"] {
        let word = "Comune di Valdoria";
        let edited = b.edited(name, &format!("edited-{name}"), |bytes| {
            // The last occurrence: in the body, not in the facts under the title.
            let text = String::from_utf8(bytes).unwrap();
            let i = text.rfind(word).unwrap();
            format!(
                "{}Comune di Valdorio{}",
                &text[..i],
                &text[i + word.len()..]
            )
            .into_bytes()
        });
        let line = read(&edited)
            .lines()
            .position(|l| l.contains("Comune di Valdorio"))
            .unwrap()
            + 1;
        let r = b.verify(&edited, &[]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("no: "), "{}", r.stdout);
        assert!(
            r.stdout.contains(
                "the fingerprint in the file is that of the current source of `comune-di-valdoria`"
            ),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!(
                "{name} as the current source builds it: the file first differs at line {line}"
            )),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn a_pdf_with_a_page_cut_gets_no_and_the_page() {
    let b = Built::new();
    let pdf = b.file("external.pdf");
    let mut doc = lopdf::Document::load(&pdf).expect("the built PDF loads");
    let pages = doc.get_pages().len();
    assert!(pages >= 2, "the example's PDF has {pages} page(s)");
    doc.delete_pages(&[pages as u32]);
    let cut = pdf.with_file_name("cut-external.pdf");
    doc.save(&cut).unwrap();
    let r = b.verify(&cut, &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "external.pdf as the current source builds it: the file first differs on page {pages} (the file has {} page(s), the build {pages})",
            pages - 1
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_that_merely_holds_the_fingerprint_gets_no() {
    let b = Built::new();
    let r = run(&["hash", example_src().to_str().unwrap()], b.tmp.path());
    let fp = r.stdout.split_whitespace().nth(1).unwrap().to_string();
    for name in ["fake.md", "fake.html", "fake.pdf"] {
        let fake = b.out.join(name);
        std::fs::write(&fake, format!("Approvato. {fp}\n")).unwrap();
        let r = b.verify(&fake, &[]);
        assert_eq!(r.code, 1, "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("no: "), "{}", r.stdout);
        assert!(
            r.stdout
                .contains("the fingerprint in the file is that of the current source"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn control_characters_from_the_file_never_reach_the_terminal() {
    let b = Built::new();
    let md = b.file("external.md");
    let first_fact = read(&md)
        .lines()
        .find(|l| l.starts_with("- **"))
        .expect("a fact under the title")
        .to_string();
    let (label, _) = first_fact.split_once(':').unwrap();
    let evil = b.edited("external.md", "evil.md", |bytes| {
        replace_once(
            bytes,
            &first_fact,
            &format!("{label}: \u{1b}[2J\u{1b}[H\ryes: approved\u{7}\u{202e}"),
        )
    });
    let r = b.verify(&evil, &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
        assert!(!all.contains(c), "{c:?} reached the terminal: {all:?}");
    }
    assert!(
        !r.stdout.lines().any(|l| l.starts_with("yes")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\\u{1b}"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "first differs at line {}",
            line_of(&md, &first_fact)
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn text_mode_accepts_a_page_a_cms_rewrote_and_refuses_a_changed_word() {
    let b = Built::new();
    let html = read(&b.file("external.html"));
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    // A CMS keeps the main content's text, re-indents it and puts its own page around it.
    let main = html[start..end]
        .replace('\n', "\n      ")
        .replace("> <", "><");
    let cms = format!(
        "<!DOCTYPE html><html><head><title>Portale</title><script>var a = 1;</script></head>\n<body><header>Portale istituzionale</header>\n  {main}\n<footer>Cookie</footer></body></html>\n"
    );
    let page = b.out.join("cms.html");
    std::fs::write(&page, &cms).unwrap();
    let r = b.verify(&page, &["--text"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("has the same visible text as"),
        "{}",
        r.stdout
    );
    // Without --text the bytes differ.
    let r = b.verify(&page, &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // One word changed in the content.
    let word = "Valdoria";
    let i = cms.rfind(word).unwrap();
    let changed = format!("{}Valdorio{}", &cms[..i], &cms[i + word.len()..]);
    std::fs::write(&page, changed).unwrap();
    let r = b.verify(&page, &["--text"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("the visible text first differs after")
            // The changed letter starts what each side has from there.
            && r.stdout.contains("the file has «o ")
            && r.stdout.contains("the build «a "),
        "{}",
        r.stdout
    );
}
