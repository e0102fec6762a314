//! Which characters of the policy sources the PDF cannot draw: `check` reports each with its
//! file, line and column and its Unicode name, so that nothing prints as a silent `?`.
//!
//! The YAML text is read as written (after NFC), comments left out: a character in a
//! comment never reaches a document.

use crate::diagnostics::{Diagnostic, Location, SourceSet};
use crate::model::FileId;

use super::fonts;

/// A character no face can draw, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undrawable {
    pub ch: char,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// Byte offset in the text.
    pub offset: usize,
}

/// The characters of a YAML text outside comments that no PDF face has.
pub fn undrawable(text: &str) -> Vec<Undrawable> {
    let mut out = Vec::new();
    // Inside a quoted scalar (they may span lines), and the indentation of the key that
    // opened a block scalar (`|`, `>`), whose lines hold no comments.
    let mut quote: Option<char> = None;
    let mut block_parent: Option<usize> = None;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(parent) = block_parent {
            if body.trim().is_empty() || indent > parent {
                scan(body, n + 1, start, body.len(), &mut out);
                continue;
            }
            block_parent = None;
        }
        // The end of the line's content: where a comment starts outside quotes.
        let mut end = body.len();
        let mut prev_space = true;
        let mut escaped = false;
        for (i, ch) in body.char_indices() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if ch == '\\' => escaped = true,
                Some(q) if ch == q => quote = None,
                Some(_) => {}
                None if ch == '#' && prev_space => {
                    end = i;
                    break;
                }
                None if (ch == '"' || ch == '\'') && prev_space_or_indicator(body, i) => {
                    quote = Some(ch);
                }
                None => {}
            }
            prev_space = ch == ' ' || ch == '\t';
        }
        scan(body, n + 1, start, end, &mut out);
        let content = body[..end].trim_end();
        if quote.is_none() && opens_block_scalar(content) {
            block_parent = Some(indent);
        }
    }
    out
}

/// Whether a quote at byte `i` opens a quoted scalar: at the start of a value.
fn prev_space_or_indicator(line: &str, i: usize) -> bool {
    let before = line[..i].trim_end();
    before.is_empty()
        || before.ends_with(':')
        || before.ends_with('-')
        || before.ends_with(['[', '{', ','])
}

/// Whether a line ends with a block scalar indicator (`key: |`, `- >-`, `key: |2+`).
fn opens_block_scalar(content: &str) -> bool {
    let last = content.rsplit([' ', '\t']).next().unwrap_or("");
    let before = content[..content.len() - last.len()].trim_end();
    (last.starts_with('|') || last.starts_with('>'))
        && last[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9'))
        && (before.ends_with(':') || before.ends_with('-') || before.is_empty())
}

fn scan(line: &str, line_no: usize, start: usize, end: usize, out: &mut Vec<Undrawable>) {
    for (column, (i, ch)) in line.char_indices().enumerate() {
        if i >= end {
            break;
        }
        if !ch.is_ascii() && !fonts::drawable(ch) {
            out.push(Undrawable {
                ch,
                line: line_no,
                column: column + 1,
                offset: start + i,
            });
        }
    }
}

/// The Unicode name of a character, as `U+1F600 GRINNING FACE`.
pub fn describe(ch: char) -> String {
    match unicode_names2::name(ch) {
        Some(name) => format!("U+{:04X} {name}", u32::from(ch)),
        None => format!("U+{:04X}", u32::from(ch)),
    }
}

/// A warning for every character of `files` that no PDF face can draw.
pub fn check_files(files: &[FileId], sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    for file in files {
        let text = sources.text(*file);
        for u in undrawable(text) {
            diags.push(
                Diagnostic::warning(
                    "pdf-missing-glyph",
                    format!(
                        "the PDF has no glyph for `{}` ({}): it prints as a placeholder",
                        u.ch,
                        describe(u.ch)
                    ),
                )
                .at(Location {
                    file: sources.path(*file).to_path_buf(),
                    line: u.line,
                    column: u.column,
                    offset: u.offset,
                    len: u.ch.len_utf8(),
                })
                .hint("the HTML shows it, and readers of the PDF still get the character; to print it, replace it with a letter or sign the fonts have (Latin, Greek, Cyrillic, common symbols), or remove it (emoji cannot be printed)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<(char, usize, usize)> {
        undrawable(text)
            .into_iter()
            .map(|u| (u.ch, u.line, u.column))
            .collect()
    }

    #[test]
    fn finds_emoji_in_values_not_in_comments() {
        let yaml = "organisation:\n  name: Comune 😀 # commento 🎉\n  motto: \"a # 🙂\"\n  # riga 🚀\n  text: |\n    riga # 😎\n    Ωμέγα ✓\nnext: 'x' # ⛵\n";
        assert_eq!(chars(yaml), [('😀', 2, 16), ('🙂', 3, 15), ('😎', 6, 12)]);
    }

    #[test]
    fn greek_cyrillic_symbols_and_accents_are_drawable() {
        assert!(chars("a: αβγ Привет → ✓ ∞ perché € – ’ ﬁ\n").is_empty());
    }

    #[test]
    fn names_characters() {
        assert_eq!(describe('😀'), "U+1F600 GRINNING FACE");
        assert_eq!(describe('\u{10FFFF}'), "U+10FFFF");
    }
}
