//! How easy the citizen document is to read: the Gulpease index of each section.
//!
//! Gulpease (Lucisano and Piemontese, 1988) is the readability index made for Italian:
//! `89 + (300 × sentences − 10 × letters) / words`. Around 60 a text is easy for a reader
//! with a secondary-school education, the usual target for a general audience; under 40 it
//! is hard for most readers.
//!
//! What is counted, and how (the same on every machine):
//! - **What is read.** The text of paragraphs and list items of each level-2 section (its
//!   level-3 parts included). Headings, tables, code, and links whose text is an address
//!   (a web address, an e-mail address, a phone number) are not prose and are left out; the
//!   text before the first level-2 heading (the title and the document's data) is not a
//!   section and is not measured.
//! - **Words**: runs of characters between spaces that hold at least one letter or digit.
//! - **Letters**: alphabetic characters (a digit is not a letter).
//! - **Sentences**, counted strictly: a `.`, `!` or `?` (or a run of them, `...`) followed
//!   by a space or the end of a paragraph or list item. A colon does not end a sentence,
//!   not even before a list, and a list item without a full stop does not end one either. A
//!   full stop after a common abbreviation (`art.`, `n.`, `lett.`, `es.` ...) or after a
//!   single capital letter (`L. 150/2000`) does not end one. A section with no full stop
//!   counts as one sentence.
//!
//! Only Italian is measured: Gulpease is calibrated on Italian, and an index for another
//! language (Flesch for English, Kandel-Moles for French) would need its own syllable
//! counting and its own threshold. Documents in other languages are listed as not measured.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::{Lang, Policy};
use crate::render::DocKind;
use crate::render::documents;
use crate::render::markdown::Engine;
use crate::view::ExternalView;

/// The threshold when the policy sets none: the usual target for a general audience.
pub const DEFAULT_MIN_GULPEASE: u32 = 60;

/// The counts of a text and its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub words: usize,
    pub letters: usize,
    pub sentences: usize,
}

impl Counts {
    /// The Gulpease index, rounded to the nearest whole number and kept within 0–100 (`None`
    /// for a text without words).
    pub fn gulpease(&self) -> Option<u32> {
        if self.words == 0 {
            return None;
        }
        let sentences = self.sentences.max(1) as f64;
        let raw = 89.0 + (300.0 * sentences - 10.0 * self.letters as f64) / self.words as f64;
        Some(raw.round().clamp(0.0, 100.0) as u32)
    }

    fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.letters += other.letters;
        self.sentences += other.sentences;
    }
}

/// One level-2 section of a document and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The text of its heading.
    pub title: String,
    pub counts: Counts,
}

impl Section {
    pub fn gulpease(&self) -> Option<u32> {
        self.counts.gulpease()
    }
}

/// The readability of the external document in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub lang: Lang,
    /// The policy's threshold (`publishing.readability.min_gulpease`, or 60).
    pub threshold: u32,
    /// Each level-2 section, in order; `None` when the language is not measured (only
    /// Italian is).
    pub sections: Option<Vec<Section>>,
}

impl Figures {
    /// The sections under the threshold.
    pub fn below(&self) -> impl Iterator<Item = (&Section, u32)> {
        self.sections
            .iter()
            .flatten()
            .filter_map(|s| s.gulpease().map(|g| (s, g)))
            .filter(|(_, g)| *g < self.threshold)
    }
}

/// The language Gulpease is made for.
pub const MEASURED_LANGUAGE: &str = "it";

/// `publishing.readability.min_gulpease`, where the policy writes it.
fn setting(policy: &Policy) -> Option<&crate::model::Src<u32>> {
    policy
        .public
        .publishing
        .as_ref()
        .and_then(|p| p.value.readability.as_ref())
        .and_then(|r| r.value.min_gulpease.as_ref())
}

/// The threshold the policy sets, or [`DEFAULT_MIN_GULPEASE`].
pub fn threshold(policy: &Policy) -> u32 {
    setting(policy).map_or(DEFAULT_MIN_GULPEASE, |m| m.value)
}

/// Renders the external document of each language of `policy` (its Markdown only) and
/// measures each section. Nothing when the policy has no external document.
pub fn measure(policy: &Policy, engine: &Engine) -> Result<Vec<Figures>, Diagnostic> {
    if !documents::has(policy, DocKind::External) {
        return Ok(Vec::new());
    }
    let threshold = threshold(policy);
    // As the build fills it, so that the document's last lines count the same; the
    // fingerprint is a code span, not counted, so any value of its shape does. The list of
    // changes since a previous version is not known here and not counted.
    let meta = crate::render::Meta {
        fingerprint: format!("sha256:{}", "0".repeat(64)),
        generator: format!("smpolicy {}", crate::bundle::VERSION),
        ..crate::render::Meta::default()
    };
    let mut out = Vec::new();
    for lang in &policy.public.languages {
        let lang = &lang.value;
        let sections = if lang.as_str() == MEASURED_LANGUAGE {
            let words = engine.words_or_error(lang.as_str())?;
            let template = format!("{}/{}.md.tera", lang, DocKind::External.name());
            let md = engine.render(
                &template,
                lang.as_str(),
                &ExternalView::new(&policy.public, lang, words),
                &meta,
            )?;
            Some(sections(&crate::render::markdown::normalise(&md)))
        } else {
            None
        };
        out.push(Figures {
            lang: lang.clone(),
            threshold,
            sections,
        });
    }
    Ok(out)
}

/// The `hard-to-read` warnings of `figures`, and an error for a threshold out of 0–100.
/// Each warning is about its section (`subject`: the heading's text), so an acknowledgement
/// may name the section in `about`.
pub fn lint(
    policy: &Policy,
    figures: &[Figures],
    sources: &SourceSet,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(m) = setting(policy)
        && m.value > 100
    {
        diags.push(
            Diagnostic::error(
                "out-of-range",
                format!(
                    "`min_gulpease` is {}, but the Gulpease index goes from 0 to 100",
                    m.value
                ),
            )
            .at(sources.locate(m.pos))
            .hint("write a number from 0 to 100: 60 is the usual target for a general audience"),
        );
        return;
    }
    for f in figures {
        for (section, score) in f.below() {
            let c = section.counts;
            let d = Diagnostic::warning(
                "hard-to-read",
                format!(
                    "the section \"{}\" of the external policy ({}) is hard to read: Gulpease index {score}, under the threshold of {} ({} words, {} sentences, {:.1} letters a word)",
                    section.title,
                    f.lang.as_str(),
                    f.threshold,
                    c.words,
                    c.sentences.max(1),
                    c.letters as f64 / c.words.max(1) as f64,
                ),
            )
            .about(&section.title)
            .hint(format!(
                "in the YAML texts this section shows, write shorter sentences (a full stop every 15-20 words) and plainer, shorter words; to keep the text as it is, acknowledge it: `acknowledged: [{{ warning: hard-to-read, about: \"{}\", reason: ... }}]`",
                section.title
            ));
            // Where the threshold is set, or the organisation (the document as a whole).
            let pos = setting(policy).map_or(policy.public.organisation.pos, |m| m.pos);
            diags.push(d.at(sources.locate(pos)));
        }
    }
}

/// Above this many organisations the build summary gives one line each, not every section.
pub const SUMMARY_DETAIL_MAX: usize = 20;

/// The lines of the build summary: for each organisation and language, the index of every
/// section, or (for more than [`SUMMARY_DETAIL_MAX`] organisations) the lowest one.
pub fn summary(out: &std::path::Path, orgs: &[(String, Vec<Figures>)]) -> Vec<String> {
    let mut lines = Vec::new();
    if orgs.is_empty() {
        return lines;
    }
    let detail = orgs.len() <= SUMMARY_DETAIL_MAX;
    lines.push(
        "readability of the external policy (Gulpease index per section, sentences counted strictly):"
            .to_string(),
    );
    for (slug, figures) in orgs {
        for f in figures {
            let doc = out
                .join(slug)
                .join(crate::render::PUBLIC_DIR)
                .join(f.lang.as_str())
                .join("external.md");
            let Some(sections) = &f.sections else {
                lines.push(format!(
                    "  {}: not measured (Gulpease is defined for Italian only)",
                    doc.display()
                ));
                continue;
            };
            let below = f.below().count();
            if detail {
                lines.push(format!(
                    "  {} (threshold {}{}):",
                    doc.display(),
                    f.threshold,
                    match below {
                        0 => String::new(),
                        n => format!(", {n} section(s) under it"),
                    }
                ));
                for s in sections {
                    let score = s.gulpease();
                    let mark = match score {
                        Some(g) if g < f.threshold => "  under the threshold",
                        _ => "",
                    };
                    let shown = score.map_or("–".to_string(), |g| g.to_string());
                    lines.push(format!("    {shown:>3}  {}{mark}", s.title));
                }
            } else {
                let lowest = sections
                    .iter()
                    .filter_map(|s| s.gulpease().map(|g| (g, s)))
                    .min_by_key(|(g, _)| *g);
                let lowest = lowest.map_or("no text".to_string(), |(g, s)| {
                    format!("lowest {g} (\"{}\")", s.title)
                });
                lines.push(format!(
                    "  {}: {lowest}, {below} section(s) under {}",
                    doc.display(),
                    f.threshold
                ));
            }
        }
    }
    lines
}

/// Words after which a full stop does not end a sentence (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "art", "artt", "n", "nn", "lett", "par", "parr", "co", "c", "es", "ecc", "pag", "pagg", "cfr",
    "sig", "sigg", "dott", "prof", "avv", "ing", "geom", "arch", "tel", "fax", "reg", "d.lgs",
    "d.l", "d.p.r", "d.m", "l", "ss", "succ", "mod", "int", "cap", "p", "pp", "vs", "dlgs", "dpr",
    "ca", "cit", "op", "all", "doc", "prot", "rif", "tab", "fig", "vol",
];

/// The counts of a run of plain text (one paragraph or list item, links and emphasis
/// already reduced to their words).
pub fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for token in &tokens {
        if token.chars().any(char::is_alphanumeric) {
            c.words += 1;
        }
        c.letters += token.chars().filter(|ch| ch.is_alphabetic()).count();
        if ends_sentence(token) {
            c.sentences += 1;
        }
    }
    c
}

/// Whether a token (a run without spaces) ends a sentence: it ends with `.`, `!` or `?`
/// (closing quotes and brackets after them allowed), and is not an abbreviation.
fn ends_sentence(token: &str) -> bool {
    let trimmed = token.trim_end_matches(['"', '\'', ')', ']', '»', '”', '’', '*', '_']);
    let Some(last) = trimmed.chars().last() else {
        return false;
    };
    if last == '!' || last == '?' {
        return true;
    }
    if last != '.' {
        return false;
    }
    let word = trimmed
        .trim_end_matches('.')
        .trim_start_matches(['(', '[', '"', '\'', '«', '“', '‘', '*', '_']);
    if word.is_empty() {
        // A lone "..." or "." standing apart ends what came before it.
        return !trimmed.is_empty();
    }
    // "l'art.": the word after the elision.
    let word = word.rsplit(['\'', '’']).next().unwrap_or(word);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // A single capital letter ("L. 150/2000", "G. Verdi").
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_uppercase()
    {
        return false;
    }
    true
}

/// The level-2 sections of a Markdown document (the dialect of the templates), each with
/// the counts of its prose.
pub fn sections(markdown: &str) -> Vec<Section> {
    let parser = Parser::new_ext(markdown, crate::render::markdown_options());
    let mut out: Vec<Section> = Vec::new();
    // Text of the block being read (a paragraph or a list item's text).
    let mut block = String::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut table = 0usize;
    // For each open link, whether it goes to an address (its text may be the address).
    let mut links: Vec<bool> = Vec::new();
    let flush = |block: &mut String, out: &mut Vec<Section>| {
        if let Some(s) = out.last_mut() {
            s.counts.add(count(block));
        }
        block.clear();
    };
    for event in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut block, &mut out);
                heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title)) = heading.take()
                    && level == HeadingLevel::H2
                {
                    out.push(Section {
                        title: title.trim().to_string(),
                        counts: Counts::default(),
                    });
                }
            }
            Event::Start(Tag::Table(_)) => table += 1,
            Event::End(TagEnd::Table) => table = table.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let address = matches!(link_type, LinkType::Autolink | LinkType::Email)
                    || dest_url.starts_with("mailto:")
                    || dest_url.starts_with("tel:")
                    || dest_url.starts_with("http://")
                    || dest_url.starts_with("https://");
                // A link to a web address keeps its words when they are words; its text is
                // left out when it is the address itself.
                links.push(address);
                if address {
                    block.push(' ');
                    block.push('\u{1}');
                }
            }
            Event::End(TagEnd::Link) if links.pop() == Some(true) => {
                // Keep the text unless it looks like an address.
                if let Some(start) = block.rfind('\u{1}') {
                    let text: String = block[start + 1..].to_string();
                    block.truncate(start);
                    if !looks_like_address(text.trim()) {
                        block.push_str(&text);
                    }
                    block.push(' ');
                }
            }
            Event::Text(t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                } else if table == 0 {
                    block.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::Item) => {
                flush(&mut block, &mut out);
            }
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Text that is an address rather than words: a web or e-mail address, a phone number.
fn looks_like_address(text: &str) -> bool {
    text.contains("://")
        || text.starts_with("www.")
        || (text.contains('@') && !text.contains(' '))
        || (!text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " +-./()".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_letters_and_strict_sentences() {
        let c = count("Il gatto dorme. Il cane abbaia!");
        assert_eq!(
            c,
            Counts {
                words: 6,
                letters: 24,
                sentences: 2
            }
        );
        // 89 + (600 - 240) / 6 = 149, kept within 0-100.
        assert_eq!(c.gulpease(), Some(100));
    }

    #[test]
    fn a_known_hard_sentence_scores_low() {
        let text = "L'amministrazione comunale provvede all'adempimento degli obblighi \
                    informativi conseguenti all'approvazione dell'aggiornamento regolamentare.";
        let c = count(text);
        assert_eq!(c.words, 11);
        assert_eq!(c.sentences, 1);
        assert_eq!(c.letters, 126);
        // 89 + (300 - 1260) / 11 = 1.7
        assert_eq!(c.gulpease(), Some(2));
        // The same facts in short words and short sentences.
        let plain = count("Il Comune ti informa. Lo fa quando cambia una regola.");
        // 2 sentences, 10 words, 42 letters: 89 + (600 - 420) / 10 = 107, kept at 100.
        assert_eq!((plain.words, plain.letters, plain.sentences), (10, 42, 2));
        assert_eq!(plain.gulpease(), Some(100));
    }

    #[test]
    fn abbreviations_colons_and_addresses_do_not_end_sentences() {
        assert_eq!(
            count("Vedi l'art. 13 della L. 150/2000 e il n. 4.").sentences,
            1
        );
        assert_eq!(count("Ecco che cosa fare: scrivi all'URP").sentences, 0);
        assert_eq!(count("Scrivi a urp@comune.it oppure chiama.").sentences, 1);
        assert_eq!(count("Davvero? Sì! Bene...").sentences, 3);
        assert_eq!(count("Lo dice la legge (art. 5).").sentences, 1);
    }

    #[test]
    fn a_text_without_words_has_no_index() {
        assert_eq!(count("  — 12/03 ").words, 1);
        assert_eq!(Counts::default().gulpease(), None);
        // No full stop: one sentence.
        // 89 + (300 - 160) / 2 = 159, kept at 100.
        assert_eq!(count("scrivi all'ufficio").gulpease(), Some(100));
        // 89 + (300 - 340) / 3 = 75.7
        assert_eq!(
            count("comunicazione istituzionale pubblica").gulpease(),
            Some(76)
        );
    }

    #[test]
    fn sections_follow_level_two_headings_and_skip_headings_tables_and_addresses() {
        let md = "# Titolo lunghissimo\n\nTesto prima.\n\n## Primo\n\nUna frase. Due frasi.\n\n\
                  ### Parte\n\n- Voce uno.\n- Voce due\n\n| Colonna | Altra |\n|---|---|\n| parole | tante |\n\n\
                  ## Secondo\n\nScrivi a [urp@comune.it](mailto:urp@comune.it) o vai su <https://www.comune.it/urp>.\n\
                  Leggi [la pagina sui reclami](https://www.comune.it/reclami).\n";
        let s = sections(md);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, "Primo");
        assert_eq!(
            s[0].counts,
            Counts {
                words: 8,
                letters: "UnafraseDuefraseVoceunoVocedue".len(),
                sentences: 3
            }
        );
        assert_eq!(s[1].title, "Secondo");
        // The addresses are left out, the words of the last link stay.
        assert_eq!(s[1].counts.words, 10);
        assert_eq!(s[1].counts.sentences, 2);
    }
}
