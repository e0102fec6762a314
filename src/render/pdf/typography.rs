//! The typographic pass of the PDF: straight quotes and apostrophes become the language's
//! curly ones, and the space after a legal abbreviation ("art.", "n.", "D.Lgs.") before a
//! number becomes a no-break space, so the line breaker never parts "art. 9".
//!
//! It runs on the text the PDF draws, never on the Markdown record. Code spans, web
//! addresses, e-mail addresses and the fingerprint are left exactly as written. The
//! language's choices come from its `labels.yaml` (`typography`).

use super::parse::{Block, Markdown, Span};

/// The language's typographic choices (`typography` in `templates/<lang>/labels.yaml`).
/// Empty strings and an empty list leave the text as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typography {
    /// Opening and closing quotes that replace `"`, e.g. `«` `»`.
    pub quotes: [String; 2],
    /// Opening and closing single quotes that replace `'`, e.g. `‘` `’`; the closing one is
    /// also the apostrophe ("l’ente").
    pub single_quotes: [String; 2],
    /// Words after which a space before a number is a no-break space ("art.", "n.",
    /// "comma", "DPR"). Two of them in a row stay together too ("D.Lgs. n. 33/2013").
    pub no_break_after: Vec<String>,
}

const NBSP: char = '\u{A0}';

impl Typography {
    fn is_empty(&self) -> bool {
        self.quotes.iter().all(String::is_empty)
            && self.single_quotes.iter().all(String::is_empty)
            && self.no_break_after.is_empty()
    }

    /// A plain line (title block, footer): the same pass as the body's text.
    pub fn line(&self, text: &str) -> String {
        let mut spans = [Span {
            text: text.to_string(),
            style: Default::default(),
            link: None,
            hard_break: false,
        }];
        self.spans(&mut spans);
        let [span] = spans;
        span.text
    }

    /// Every text of the document but code blocks.
    pub(super) fn document(&self, md: &mut Markdown) {
        if self.is_empty() {
            return;
        }
        for b in &mut md.blocks {
            self.block(b);
        }
    }

    fn block(&self, block: &mut Block) {
        match block {
            Block::Heading { spans, .. } | Block::Para(spans) => self.spans(spans),
            Block::List { items, .. } => {
                for b in items.iter_mut().flatten() {
                    self.block(b);
                }
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    self.block(b);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    self.spans(cell);
                }
            }
            Block::Code(_) | Block::Rule => {}
        }
    }

    /// One run of inline text (a paragraph, a heading, a cell): quotes are opened or closed
    /// by the character before them, across the pieces of the run.
    pub(super) fn spans(&self, spans: &mut [Span]) {
        if self.is_empty() {
            return;
        }
        // The run as one text: each character with its piece and whether it is protected
        // (code, address). A hard break reads as a space.
        let mut chars: Vec<(char, Option<usize>, bool)> = Vec::new();
        for (i, span) in spans.iter().enumerate() {
            if span.hard_break {
                chars.push(('\n', None, true));
                continue;
            }
            for ch in span.text.chars() {
                chars.push((ch, Some(i), span.style.code));
            }
        }
        protect_addresses(&mut chars);
        let mut out: Vec<String> = vec![String::new(); spans.len()];
        for k in 0..chars.len() {
            let (ch, piece, protected) = chars[k];
            let Some(piece) = piece else { continue };
            let prev = k.checked_sub(1).map(|p| chars[p].0);
            let opens = prev.is_none_or(opens_after);
            let text = &mut out[piece];
            match ch {
                _ if protected => text.push(ch),
                '"' if !self.quotes[0].is_empty() => {
                    text.push_str(&self.quotes[usize::from(!opens)]);
                }
                '\'' if !self.single_quotes[0].is_empty() => {
                    text.push_str(&self.single_quotes[usize::from(!opens)]);
                }
                ' ' if self.binds(&chars, k) => text.push(NBSP),
                _ => text.push(ch),
            }
        }
        for (span, text) in spans.iter_mut().zip(out) {
            if !span.hard_break {
                span.text = text;
            }
        }
    }

    /// Whether the space at `k` joins an abbreviation of the list to the number (or the
    /// abbreviation) after it.
    fn binds(&self, chars: &[(char, Option<usize>, bool)], k: usize) -> bool {
        let word_at = |from: usize, back: bool| -> String {
            let mut w = Vec::new();
            let mut i = from;
            while let Some((c, _, _)) = chars.get(i) {
                if c.is_whitespace() || *c == '(' {
                    break;
                }
                w.push(*c);
                if back {
                    match i.checked_sub(1) {
                        Some(j) => i = j,
                        None => break,
                    }
                } else {
                    i += 1;
                }
            }
            if back {
                w.reverse();
            }
            w.into_iter().collect()
        };
        let Some(before) = k.checked_sub(1) else {
            return false;
        };
        let listed = |w: &str| self.no_break_after.iter().any(|a| a == w);
        // "dell'art. 9": the word after the elision.
        let word = word_at(before, true);
        let word = word.rsplit(['\'', '’']).next().unwrap_or_default();
        if !listed(word) {
            return false;
        }
        let next = word_at(k + 1, false);
        next.starts_with(|c: char| c.is_ascii_digit())
            || listed(next.trim_end_matches([',', ';', ':']))
    }
}

/// After these (or at the start) a quote opens; after anything else it closes.
fn opens_after(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '«' | '“' | '‘' | '–' | '—')
}

/// Marks the words that are web or e-mail addresses as protected: their quotes and spaces
/// are part of the address.
fn protect_addresses(chars: &mut [(char, Option<usize>, bool)]) {
    let mut start = 0;
    while start < chars.len() {
        if chars[start].0.is_whitespace() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && !chars[end].0.is_whitespace() {
            end += 1;
        }
        let word: String = chars[start..end].iter().map(|c| c.0).collect();
        let address = word.contains("://")
            || word.contains("www.")
            || word.starts_with("mailto:")
            || word
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if address {
            for c in &mut chars[start..end] {
                c.2 = true;
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::parse::Style;

    fn italian() -> Typography {
        Typography {
            quotes: ["«".into(), "»".into()],
            single_quotes: ["‘".into(), "’".into()],
            no_break_after: ["n.", "art.", "comma", "p.", "DPR", "D.Lgs."]
                .map(String::from)
                .to_vec(),
        }
    }

    fn span(text: &str, code: bool) -> Span {
        Span {
            text: text.into(),
            style: Style {
                code,
                ..Style::default()
            },
            link: None,
            hard_break: false,
        }
    }

    #[test]
    fn apostrophes_and_quotes_become_curly() {
        let t = italian();
        assert_eq!(t.line("l'ente e dell'Unione"), "l’ente e dell’Unione");
        assert_eq!(
            t.line("la biblioteca \"Lina Corsi\" (\"sede\")"),
            "la biblioteca «Lina Corsi» («sede»)"
        );
        assert_eq!(t.line("un po' di 'prova'."), "un po’ di ‘prova’.");
        assert_eq!(t.line("\"Citazione\""), "«Citazione»");
    }

    #[test]
    fn addresses_and_code_stay_as_written() {
        let t = italian();
        for s in [
            "https://example.org/l'ente?q=\"a\"",
            "www.comune.it/d'uso",
            "o'brien@example.org",
            "mailto:o'brien@example.org",
        ] {
            assert_eq!(t.line(&format!("vedi {s} ora")), format!("vedi {s} ora"));
        }
        let mut spans = [
            span("l'ente usa ", false),
            span("it's \"code\"", true),
            span(" e l'altro", false),
        ];
        t.spans(&mut spans);
        let texts: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["l’ente usa ", "it's \"code\"", " e l’altro"]);
    }

    #[test]
    fn abbreviations_keep_their_number() {
        let t = italian();
        assert_eq!(
            t.line("legge n. 150/2000, art. 9 comma 2, p. 3, DPR 62/2013 e D.Lgs. 33/2013"),
            "legge n.\u{A0}150/2000, art.\u{A0}9 comma\u{A0}2, p.\u{A0}3, DPR\u{A0}62/2013 e D.Lgs.\u{A0}33/2013"
        );
        // Two abbreviations in a row stay together; words that are not numbers stay free.
        assert_eq!(t.line("D.Lgs. n. 33"), "D.Lgs.\u{A0}n.\u{A0}33");
        assert_eq!(
            t.line("art. unico, il comma del"),
            "art. unico, il comma del"
        );
        assert_eq!(t.line("(art. 9)"), "(art.\u{A0}9)");
        assert_eq!(t.line("dell'art. 9"), "dell’art.\u{A0}9");
    }

    #[test]
    fn no_choices_change_nothing() {
        let t = Typography::default();
        let s = "l'ente \"x\" art. 9";
        assert_eq!(t.line(s), s);
    }
}
