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

const NBSP: &str = "\u{A0}";

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
        // The run as one text (a hard break reads as a line end), and each piece's place in it.
        let mut whole = String::new();
        let mut places = Vec::with_capacity(spans.len());
        for span in spans.iter() {
            let start = whole.len();
            whole.push_str(if span.hard_break { "\n" } else { &span.text });
            places.push(start..whole.len());
        }
        // Code and addresses are left as written.
        let mut protected = vec![false; whole.len()];
        for (span, place) in spans.iter().zip(&places) {
            if span.style.code || span.hard_break {
                protected[place.clone()].fill(true);
            }
        }
        protect_addresses(&whole, &mut protected);
        // What changes: a one-byte character (a quote, a space) at a place, and what replaces it.
        let mut edits: Vec<(usize, &str)> = Vec::new();
        for at in memchr::memchr3_iter(b'"', b'\'', b' ', whole.as_bytes()) {
            if protected[at] {
                continue;
            }
            let opens = || whole[..at].chars().next_back().is_none_or(opens_after);
            match whole.as_bytes()[at] {
                b'"' if !self.quotes[0].is_empty() => {
                    edits.push((at, &self.quotes[usize::from(!opens())]));
                }
                b'\'' if !self.single_quotes[0].is_empty() => {
                    edits.push((at, &self.single_quotes[usize::from(!opens())]));
                }
                b' ' if self.binds(&whole, at) => edits.push((at, NBSP)),
                _ => {}
            }
        }
        let mut edits = edits.into_iter().peekable();
        for (span, place) in spans.iter_mut().zip(places) {
            if edits.peek().is_none_or(|(at, _)| *at >= place.end) {
                continue;
            }
            let mut text = String::with_capacity(place.len() + 8);
            let mut from = place.start;
            while let Some((at, replacement)) = edits.next_if(|(at, _)| *at < place.end) {
                text.push_str(&whole[from..at]);
                text.push_str(replacement);
                from = at + 1;
            }
            text.push_str(&whole[from..place.end]);
            span.text = text;
        }
    }

    /// Whether `word` is one of the listed abbreviations.
    fn listed(&self, word: &str) -> bool {
        self.no_break_after.iter().any(|a| a == word)
    }

    /// Whether the space at byte `at` of `text` joins an abbreviation of the list to the
    /// number (or the abbreviation) after it.
    fn binds(&self, text: &str, at: usize) -> bool {
        let before = &text[..at];
        // Most spaces follow no listed word: the cheap tests first (the last byte, then the
        // whole ending).
        let last = before.as_bytes().last();
        if !self
            .no_break_after
            .iter()
            .any(|a| a.as_bytes().last() == last && before.ends_with(a.as_str()))
        {
            return false;
        }
        let ends_word = |c: char| c.is_whitespace() || c == '(';
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| ends_word(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        // "dell'art. 9": the word after the elision.
        let word = before[start..]
            .rsplit(['\'', '’'])
            .next()
            .unwrap_or_default();
        if word.is_empty() || !self.listed(word) {
            return false;
        }
        let after = &text[at + 1..];
        let next = &after[..after.find(ends_word).unwrap_or(after.len())];
        next.starts_with(|c: char| c.is_ascii_digit())
            || self.listed(next.trim_end_matches([',', ';', ':']))
    }
}

/// After these (or at the start) a quote opens; after anything else it closes.
fn opens_after(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '«' | '“' | '‘' | '–' | '—')
}

/// Marks the bytes of the words of `text` that are web or e-mail addresses as protected:
/// their quotes and spaces are part of the address.
fn protect_addresses(text: &str, protected: &mut [bool]) {
    if !(text.contains("://")
        || text.contains("www.")
        || text.contains("mailto:")
        || text.contains('@'))
    {
        return;
    }
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if !c.is_whitespace() {
            start.get_or_insert(i);
            continue;
        }
        let Some(from) = start.take() else { continue };
        if is_address(&text[from..i]) {
            protected[from..i].fill(true);
        }
    }
}

/// Whether a word is a web or e-mail address.
fn is_address(word: &str) -> bool {
    word.contains("://")
        || word.contains("www.")
        || word.starts_with("mailto:")
        || word
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pass as it was written before it was made faster (per character, with a copy
    /// of every word), kept as the reference the fast pass must agree with.
    mod reference {
        use super::super::{NBSP, Typography, opens_after};
        use crate::render::pdf::parse::Span;
        pub(super) fn spans(t: &Typography, spans: &mut [Span]) {
            if t.is_empty() {
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
                    '"' if !t.quotes[0].is_empty() => {
                        text.push_str(&t.quotes[usize::from(!opens)]);
                    }
                    '\'' if !t.single_quotes[0].is_empty() => {
                        text.push_str(&t.single_quotes[usize::from(!opens)]);
                    }
                    ' ' if binds(t, &chars, k) => text.push_str(NBSP),
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
        fn binds(t: &Typography, chars: &[(char, Option<usize>, bool)], k: usize) -> bool {
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
            let listed = |w: &str| t.no_break_after.iter().any(|a| a == w);
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
                if super::super::is_address(&word) {
                    for c in &mut chars[start..end] {
                        c.2 = true;
                    }
                }
                start = end;
            }
        }
    }

    #[test]
    fn the_fast_pass_agrees_with_the_reference_on_hostile_runs() {
        let t = italian();
        let pieces = [
            "art.",
            "n.",
            "D.Lgs.",
            "DPR",
            "comma",
            "p.",
            " ",
            " ",
            " ",
            "9",
            "33/2013",
            "'",
            "\"",
            "’",
            "(",
            ")",
            "l'",
            "dell'",
            "https://x.it/a'b c",
            "o'brien@x.it",
            "a@b",
            "www.",
            "mailto:",
            "«",
            "é",
            "è ",
            "\u{A0}",
            "\n",
            ",",
            ":",
            ";",
            "parola",
            "Città",
            "ẞ",
            "\u{301}",
            "🙂",
            "\t",
            "  ",
        ];
        let mut rng = fastrand::Rng::with_seed(13);
        for _ in 0..4000 {
            let n = rng.usize(1..6);
            let spans: Vec<Span> = (0..n)
                .map(|_| {
                    let hard_break = rng.u8(..20) == 0;
                    let words = rng.usize(0..8);
                    let text = if hard_break {
                        String::new()
                    } else {
                        (0..words)
                            .map(|_| pieces[rng.usize(..pieces.len())])
                            .collect()
                    };
                    Span {
                        text,
                        style: Style {
                            code: rng.u8(..6) == 0,
                            ..Style::default()
                        },
                        link: None,
                        hard_break,
                    }
                })
                .collect();
            let mut fast = spans.clone();
            let mut slow = spans.clone();
            t.spans(&mut fast);
            reference::spans(&t, &mut slow);
            assert_eq!(fast, slow, "{spans:?}");
        }
    }
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
    fn a_pair_split_across_pieces_still_binds() {
        let t = italian();
        let mut spans = [
            span("art.", true),
            span(" 9 e l'", false),
            span("art.", false),
        ];
        spans[0].style.code = false;
        spans[0].style.bold = true;
        t.spans(&mut spans);
        let texts: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["art.", "\u{A0}9 e l’", "art."]);
        // Nothing to change: the pieces stay exactly as they were.
        let mut plain = [span("nulla da cambiare qui", false), span(" né qui", false)];
        t.spans(&mut plain);
        assert_eq!(plain[0].text, "nulla da cambiare qui");
        assert_eq!(plain[1].text, " né qui");
    }

    #[test]
    fn no_choices_change_nothing() {
        let t = Typography::default();
        let s = "l'ente \"x\" art. 9";
        assert_eq!(t.line(s), s);
    }
}
