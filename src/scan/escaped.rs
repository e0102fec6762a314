//! Secrets spelled with escapes. In a double-quoted YAML value, `"\x67hp_..."` or
//! `"\u0067hp_..."` is `ghp_...` once parsed, and a `\` at a line's end joins two lines
//! with nothing between them: a token the raw text does not show can come out of the
//! parser. The credential scan reads the raw text ([`super::credentials`]); this pass reads
//! each double-quoted value that holds an escape as the parser gives it, scans that value
//! the same way, and masks the whole value in the text when it holds a secret, before
//! anything parses the file for the policy: no message, snippet or document can show it.

use super::credentials::{self, Finding};

/// Scans the double-quoted values of `text` (the raw text, already masked by the
/// credential scan) that hold escapes. Returns the text with each value that reads as a
/// secret masked (same length in bytes, line breaks kept) and one finding per value, at
/// the place where the value starts.
pub fn scan(text: &str, file_name: &str) -> (String, Vec<Finding>) {
    if !text.contains('\\') {
        return (text.to_string(), Vec::new());
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut findings = Vec::new();
    let mut parser = granit_parser::Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let granit_parser::Event::Scalar(value, granit_parser::ScalarStyle::DoubleQuoted, ..) =
            event
        else {
            continue;
        };
        let Some(range) = span.byte_range() else {
            continue;
        };
        if !text
            .get(range.clone())
            .is_some_and(|raw| raw.contains('\\'))
        {
            continue;
        }
        let (_, found) = credentials::scan(&value, file_name);
        let Some(first) = found.into_iter().next() else {
            continue;
        };
        for b in bytes.get_mut(range).into_iter().flatten() {
            if !matches!(*b, b'\n' | b'\r' | b'"') {
                *b = b'x';
            }
        }
        findings.push(Finding {
            line: span.start.line(),
            column: span.start.col() + 1,
            what: format!("{} (written with escapes)", first.what),
        });
    }
    let masked = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (masked, findings)
}

#[cfg(test)]
mod tests {
    use super::scan;

    const TOKEN: &str = "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";

    #[test]
    fn a_token_spelled_with_escapes_or_split_over_lines_is_found_and_masked() {
        for raw in [
            format!("platform: \"\\x67hp_{TOKEN}\"\n"),
            format!("platform: \"\\u0067hp_{TOKEN}\"\n"),
            format!("platform: \"ghp_{}\\\n  {}\"\n", &TOKEN[..10], &TOKEN[10..]),
        ] {
            let (masked, found) = scan(&raw, "accounts.yaml");
            assert_eq!(found.len(), 1, "{raw}: {found:?}");
            assert_eq!((found[0].line, found[0].column), (1, 11), "{raw}");
            assert!(!masked.contains(&TOKEN[10..]), "{masked}");
            assert_eq!(masked.len(), raw.len());
            assert_eq!(masked.lines().count(), raw.lines().count());
        }
    }

    #[test]
    fn escapes_without_a_secret_are_left_alone() {
        let raw = "name: \"Comune di Prova \\u00e8 qui\"\nbio: \"riga uno\\nriga due\"\n";
        let (masked, found) = scan(raw, "policy.yaml");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(masked, raw);
    }
}
