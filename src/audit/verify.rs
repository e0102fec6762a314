//! `smpolicy verify`: was a published file built from the current source?
//!
//! Every output carries its fingerprint as `sha256:<64 hex digits>`: the HTML in
//! `<meta name="smpolicy-fingerprint">` and in its footer, the Markdown in its last
//! paragraph, the PDF in its metadata and footer. This module reads it back, together with
//! what the file says it was built from (organisation, version, act, date, generator).

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

/// Reads a published file and what it says about its origin.
pub fn read(path: &Path) -> Result<Provenance, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error("io", format!("cannot read `{}`: {e}", path.display())))?;
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
        .hint("give a file built by `smpolicy build`: out/<organisation>/<lang>/external.md, .html or .pdf"));
    }
    Ok(prov)
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
