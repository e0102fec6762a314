//! Heading ids, one rule for every renderer, so that a `#id` link works in the HTML and in
//! the PDF alike: the id the template gave it (the anchor it opens with, `### <a id="M-03"
//! name="M-03"></a>M-03 – ...`, read by [`super::parsed`], or a `{#id}` an older template may
//! still write), else a slug of the heading's text; an id met again gets `-2`, `-3`...

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag, TagEnd};

/// One heading of a document, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading's text, without markup.
    pub text: String,
}

/// The headings of a document's events, each with its id.
pub fn headings(events: &[Event<'_>]) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = id
                    .as_ref()
                    .map(|i| i.trim().to_string())
                    .filter(|i| !i.is_empty());
                current = Some((*level as u8, id, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text)) = current.take() {
                    let text = text.trim().to_string();
                    let base = id.unwrap_or_else(|| slug(&text));
                    let mut id = base.clone();
                    let mut n = 2;
                    while taken.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    taken.insert(id.clone());
                    out.push(Heading { level, id, text });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    out
}

/// A heading id: lower-case letters and digits joined by dashes, accents folded.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // No letter or digit to make it from: a neutral id, a word of no language.
        "h".to_string()
    } else {
        out
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' => 'u',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_ids_slugs_and_repeats() {
        let md = "# Politica\n\n## Regole {#M-03}\n\n## Perché è così\n\n## Perché è così\n\n## `codice` e *testo*\n";
        let events: Vec<Event> =
            pulldown_cmark::Parser::new_ext(md, crate::render::markdown_options()).collect();
        let ids: Vec<String> = headings(&events).into_iter().map(|h| h.id).collect();
        assert_eq!(
            ids,
            [
                "politica",
                "M-03",
                "perche-e-cosi",
                "perche-e-cosi-2",
                "codice-e-testo"
            ]
        );
    }
}
