//! `smpolicy verify`: was a published file built from the current source?
//!
//! Every output carries its fingerprint as `sha256:<64 hex digits>`: the HTML in
//! `<meta name="smpolicy-fingerprint">` and in its footer, the Markdown in its last
//! paragraph, the PDF in its metadata and footer. This module reads it back, together with
//! what the file says it was built from (organisation, version, act, date, generator).
//!
//! The fingerprint is only a label: anyone can copy it into any file. `verify` says "yes"
//! only when the file is byte for byte one of the files the current source builds (built
//! again in memory), or, with `--text`, when the visible text of an HTML page's main content
//! is the same; otherwise it says where the file first differs.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What a published file says about its own origin.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// `sha256:<hex>`.
    pub fingerprint: Option<String>,
    /// `smpolicy <version>`.
    pub generator: Option<String>,
    /// Label and value, as the file writes them (organisation, version, act, date).
    pub facts: Vec<(String, String)>,
}

/// Finds the first `sha256:` followed by 64 hexadecimal digits.
pub fn find_fingerprint(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find("sha256:") {
        let after = &rest[i + 7..];
        let hex: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
        if hex.len() == 64 {
            return Some(format!("sha256:{}", hex.to_ascii_lowercase()));
        }
        rest = after;
    }
    None
}

/// Finds `smpolicy <version>` (digits and dots).
fn find_generator(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find("smpolicy ") {
        let after = &rest[i + 9..];
        let v: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let v = v.trim_end_matches('.').to_string();
        if v.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(format!("smpolicy {v}"));
        }
        rest = after;
    }
    None
}

fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `content` of `<meta name="NAME" content="...">`.
fn html_meta(html: &str, name: &str) -> Option<String> {
    let needle = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(unescape_html(&html[start..start + end]))
}

/// Strips Markdown emphasis, links and escapes from a one-line value.
fn plain_markdown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '*' | '[' => {}
            ']' => {
                // `[text](url)`: drop the `(url)`.
                if chars.peek() == Some(&'(') {
                    for n in chars.by_ref() {
                        if n == ')' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Reads the provenance of an HTML page produced by smpolicy.
pub fn from_html(html: &str) -> Provenance {
    let mut facts = Vec::new();
    for (name, label) in [
        ("smpolicy-organisation", "organisation"),
        ("smpolicy-version", "version"),
        ("smpolicy-act", "act"),
        ("smpolicy-adopted", "adopted"),
    ] {
        if let Some(v) = html_meta(html, name) {
            facts.push((label.to_string(), v));
        }
    }
    Provenance {
        fingerprint: html_meta(html, "smpolicy-fingerprint")
            .and_then(|f| find_fingerprint(&f))
            .or_else(|| find_fingerprint(html)),
        generator: html_meta(html, "generator").or_else(|| find_generator(html)),
        facts,
    }
}

/// Reads the provenance of a Markdown document: the list of facts under the title
/// (`- **Versione**: 2.0`) and the fingerprint and generator of its last paragraph.
pub fn from_markdown(md: &str) -> Provenance {
    let mut facts = Vec::new();
    let mut in_header = false;
    for line in md.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            facts.push(("title".to_string(), plain_markdown(title)));
            in_header = true;
            continue;
        }
        if !in_header {
            continue;
        }
        if line.trim().is_empty() && facts.len() > 1 {
            break;
        }
        if let Some(item) = line.strip_prefix("- ")
            && let Some((label, value)) = item.split_once(':')
        {
            facts.push((plain_markdown(label), plain_markdown(value)));
        }
    }
    let tail = md.rsplit("\n\n").next().unwrap_or(md);
    Provenance {
        fingerprint: find_fingerprint(tail).or_else(|| find_fingerprint(md)),
        generator: find_generator(tail).or_else(|| find_generator(md)),
        facts,
    }
}

/// Reads the provenance of any other file (a PDF): the fingerprint and generator wherever
/// they appear as text (PDF metadata is not compressed), in ASCII or UTF-16.
pub fn from_bytes(bytes: &[u8]) -> Provenance {
    let latin: String = bytes.iter().map(|&b| char::from(b)).collect();
    let utf16: String = bytes
        .iter()
        .filter(|b| **b != 0)
        .map(|&b| char::from(b))
        .collect();
    Provenance {
        fingerprint: find_fingerprint(&latin).or_else(|| find_fingerprint(&utf16)),
        generator: find_generator(&latin).or_else(|| find_generator(&utf16)),
        facts: Vec::new(),
    }
}

/// Largest published file `verify` reads: the PDFs of a policy are well under this.
pub const MAX_PUBLISHED_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a published file: its bytes and what it says about its origin.
pub fn read(path: &Path) -> Result<(Vec<u8>, Provenance), Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::io(format!("cannot read `{}`: {e}", path.display())))?;
    if !meta.is_file() || meta.len() > MAX_PUBLISHED_BYTES {
        return Err(Diagnostic::io(format!(
                "`{}` is not a published file (a folder, a device, or more than {MAX_PUBLISHED_BYTES} bytes)",
                path.display()
            ),
        )
        .hint("give a file built by `smpolicy build`: external.md, .html, .fragment.html or .pdf"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::io(format!("cannot read `{}`: {e}", path.display())))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let prov = match (ext.as_str(), std::str::from_utf8(&bytes)) {
        ("html" | "htm", Ok(text)) => from_html(text),
        ("md" | "markdown" | "txt", Ok(text)) => from_markdown(text),
        (_, Ok(text)) if text.trim_start().starts_with('<') => from_html(text),
        (_, Ok(text)) if text.starts_with("# ") => from_markdown(text),
        _ => from_bytes(&bytes),
    };
    if prov.fingerprint.is_none() {
        return Err(Diagnostic::error(
            "no-fingerprint",
            format!(
                "`{}` carries no smpolicy fingerprint (sha256:...)",
                path.display()
            ),
        )
        .hint(
            "give a file built by `smpolicy build`: external.md, .html, .fragment.html or .pdf",
        ));
    }
    Ok((bytes, prov))
}

/// How `verify` compares a published file with what the source builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Byte for byte: the file must be exactly one of the files the build writes.
    Bytes,
    /// The visible text of an HTML page's main content (`<main>`, or the whole document
    /// without one), whitespace normalised: for a page a CMS has re-serialised.
    Text,
}

/// What `verify` concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file is (byte for byte, or in its visible text) this built file.
    Same { path: std::path::PathBuf },
    /// No built file matches; `against` is the one compared for the explanation.
    Differs {
        against: Option<std::path::PathBuf>,
        at: Option<Difference>,
    },
}

/// Where a file first differs from the built file it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// 1-based line of a text file.
    Line(usize),
    /// 1-based page of a PDF, with the page counts of both.
    Page {
        page: usize,
        file_pages: usize,
        built_pages: usize,
    },
    /// The visible text, after this many characters; a short excerpt of both.
    Text {
        chars: usize,
        file: String,
        built: String,
    },
    /// The file cannot be read as its kind (a broken PDF).
    Unreadable(String),
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// The built file a published one most likely is: the same file name (or one ending with
/// it), the organisation `org` (or one whose folder name is in the file's path), a language
/// folder in the path, then the longest run of equal bytes from the start. Works whatever the
/// layout under the output folder: an artifact's organisation is its first path component,
/// its language the folder that holds it.
pub fn best_candidate<'a>(
    file: &Path,
    bytes: &[u8],
    org: Option<&str>,
    artifacts: &'a [crate::render::output::Artifact],
) -> Option<&'a crate::render::output::Artifact> {
    let parts = components(file);
    let name = file.file_name()?.to_string_lossy().into_owned();
    let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase());
    artifacts
        .iter()
        .filter(|a| {
            a.path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                == ext
        })
        .max_by_key(|a| {
            let ap = components(&a.path);
            let a_org = ap.first().cloned().unwrap_or_default();
            let a_lang = ap.iter().rev().nth(1).cloned().unwrap_or_default();
            let a_name = ap.last().cloned().unwrap_or_default();
            let org_score = usize::from(org == Some(a_org.as_str()) || parts.contains(&a_org));
            let common = a
                .bytes
                .iter()
                .zip(bytes)
                .take_while(|(x, y)| x == y)
                .count();
            (
                usize::from(name.ends_with(&a_name)) * 4
                    + org_score * 2
                    + usize::from(parts.contains(&a_lang)),
                common,
                std::cmp::Reverse(a.path.clone()),
            )
        })
}

/// Compares `bytes` (the published file `file`) with every built artifact.
pub fn compare(
    file: &Path,
    bytes: &[u8],
    org: Option<&str>,
    artifacts: &[crate::render::output::Artifact],
    mode: Mode,
) -> Outcome {
    if let Some(a) = artifacts.iter().find(|a| a.bytes == bytes) {
        return Outcome::Same {
            path: a.path.clone(),
        };
    }
    let is_html = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
    };
    if mode == Mode::Text {
        let text = visible_text(&String::from_utf8_lossy(bytes));
        if let Some(a) = artifacts
            .iter()
            .filter(|a| is_html(&a.path))
            .find(|a| visible_text(&String::from_utf8_lossy(&a.bytes)) == text)
        {
            return Outcome::Same {
                path: a.path.clone(),
            };
        }
    }
    // A page a CMS rewrote shares little of its bytes with any build: in text mode the
    // closest page is the one whose visible text agrees longest from the start.
    let closest_text = || {
        let text = visible_text(&String::from_utf8_lossy(bytes));
        artifacts
            .iter()
            .filter(|a| is_html(&a.path))
            .max_by_key(|a| {
                let built = visible_text(&String::from_utf8_lossy(&a.bytes));
                let common = built
                    .chars()
                    .zip(text.chars())
                    .take_while(|(x, y)| x == y)
                    .count();
                (common, std::cmp::Reverse(a.path.clone()))
            })
    };
    let candidate = if mode == Mode::Text && is_html(file) {
        closest_text()
    } else {
        best_candidate(file, bytes, org, artifacts)
    };
    let Some(against) = candidate else {
        return Outcome::Differs {
            against: None,
            at: None,
        };
    };
    let at = if bytes.starts_with(b"%PDF") || against.bytes.starts_with(b"%PDF") {
        pdf_difference(bytes, &against.bytes)
    } else if mode == Mode::Text && is_html(&against.path) {
        text_difference(
            &visible_text(&String::from_utf8_lossy(bytes)),
            &visible_text(&String::from_utf8_lossy(&against.bytes)),
        )
    } else {
        line_difference(bytes, &against.bytes)
    };
    Outcome::Differs {
        against: Some(against.path.clone()),
        at,
    }
}

/// The first line where two texts differ (1-based), or `None` when they are equal.
pub fn line_difference(a: &[u8], b: &[u8]) -> Option<Difference> {
    let mut la = a.split_inclusive(|c| *c == b'\n');
    let mut lb = b.split_inclusive(|c| *c == b'\n');
    let mut n = 0;
    loop {
        n += 1;
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some(Difference::Line(n)),
            _ => {}
        }
    }
}

/// Most bytes of page content read from a PDF under check: a page of a policy is a few
/// kilobytes, and the file may be hostile.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;

/// The first page whose content differs (1-based).
pub fn pdf_difference(file: &[u8], built: &[u8]) -> Option<Difference> {
    let load = |b: &[u8]| lopdf::Document::load_mem(b).map_err(|e| e.to_string());
    let (f, b) = match (load(file), load(built)) {
        (Ok(f), Ok(b)) => (f, b),
        (Err(e), _) | (_, Err(e)) => return Some(Difference::Unreadable(e)),
    };
    let (fp, bp) = (f.get_pages(), b.get_pages());
    let content =
        |d: &lopdf::Document, id| d.get_page_content_with_limit(id, MAX_PAGE_CONTENT).ok();
    let first = fp
        .values()
        .zip(bp.values())
        .position(|(x, y)| content(&f, *x) != content(&b, *y))
        .map(|i| i + 1)
        .or_else(|| (fp.len() != bp.len()).then_some(fp.len().min(bp.len()) + 1));
    Some(Difference::Page {
        // Equal pages but other bytes (metadata, fonts): say page 1 is where to look.
        page: first.unwrap_or(1),
        file_pages: fp.len(),
        built_pages: bp.len(),
    })
}

/// The visible text of an HTML document's main content: the text of `<main>` (of the whole
/// document when it has none), without scripts, styles and templates, whitespace
/// collapsed to single spaces.
pub fn visible_text(html: &str) -> String {
    use scraper::{Html, Node, Selector};
    let doc = Html::parse_document(html);
    let main = Selector::parse("main").ok();
    let root = main
        .as_ref()
        .and_then(|s| doc.select(s).next())
        .unwrap_or_else(|| doc.root_element());
    let mut words: Vec<&str> = Vec::new();
    for node in root.descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "script" | "style" | "template" | "noscript"))
        });
        if !hidden {
            words.extend(t.split_whitespace());
        }
    }
    words.join(" ")
}

/// Where two visible texts first differ, with up to 40 characters of each from there.
pub fn text_difference(file: &str, built: &str) -> Option<Difference> {
    let chars = file
        .chars()
        .zip(built.chars())
        .take_while(|(a, b)| a == b)
        .count();
    if chars == file.chars().count() && chars == built.chars().count() {
        return None;
    }
    let excerpt = |s: &str| s.chars().skip(chars).take(40).collect::<String>();
    Some(Difference::Text {
        chars,
        file: excerpt(file),
        built: excerpt(built),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn reads_html_meta_tags() {
        let html = format!(
            "<head><meta name=\"generator\" content=\"smpolicy 0.1.0\">\n<meta name=\"smpolicy-fingerprint\" content=\"{FP}\">\n<meta name=\"smpolicy-act\" content=\"Delibera n. 4&#x2F;2026 &amp; allegati\">"
        );
        let p = from_html(&html);
        assert_eq!(p.fingerprint.as_deref(), Some(FP));
        assert_eq!(p.generator.as_deref(), Some("smpolicy 0.1.0"));
        assert_eq!(
            p.facts,
            vec![(
                "act".to_string(),
                "Delibera n. 4/2026 & allegati".to_string()
            )]
        );
    }

    #[test]
    fn reads_markdown_header_and_tail() {
        let md = format!(
            "# Policy del Comune\n\n- **Ente**: [Comune di X](https://x.it/)\n- **Versione**: 2.0\n\n## A\n\ntesto\n\n*Informazioni*: generato con smpolicy 0.1.0; impronta `{FP}`.\n"
        );
        let p = from_markdown(&md);
        assert_eq!(p.fingerprint.as_deref(), Some(FP));
        assert_eq!(p.generator.as_deref(), Some("smpolicy 0.1.0"));
        assert_eq!(p.facts[1], ("Ente".to_string(), "Comune di X".to_string()));
        assert_eq!(p.facts[2], ("Versione".to_string(), "2.0".to_string()));
    }

    #[test]
    fn reads_bytes_in_utf16_too() {
        let mut bytes = b"%PDF-1.7 garbage \xff\xfe".to_vec();
        for c in FP.encode_utf16() {
            bytes.extend(c.to_be_bytes());
        }
        assert_eq!(from_bytes(&bytes).fingerprint.as_deref(), Some(FP));
        assert_eq!(find_fingerprint("sha256:abc"), None);
    }
}
