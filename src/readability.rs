//! How easy the citizen document is to read: a readability index for each section.
//!
//! Each language has the index made for it, all on a 0–100 scale (higher is easier), in
//! `data/readability.yaml`: for Italian Gulpease (Lucisano and Piemontese, 1988),
//! `89 + (300 × sentences − 10 × letters) / words`; for German Flesch-Amstad, for French
//! Kandel-Moles, for English Flesch, for Spanish Fernández Huerta, which weigh words a
//! sentence and syllables a word. Around 60 a text is easy for a reader with a
//! secondary-school education, the usual target for a general audience; under 40 it is hard
//! for most readers. A language the data file lacks is listed as not measured.
//!
//! What is counted, and how (the same on every machine):
//! - **What is read.** The text of paragraphs and list items of each level-2 section (its
//!   level-3 parts included). Headings, tables, code, and links whose text is an address
//!   (a web address, an e-mail address, a phone number) are not prose and are left out; the
//!   text before the first level-2 heading (the title and the document's data) is not a
//!   section and is not measured.
//! - **Words**: runs of characters between spaces that hold at least one letter or digit.
//! - **Letters**: alphabetic characters (a digit is not a letter).
//! - **Syllables** (the languages whose index needs them): each run of the language's
//!   vowels in a word, less a silent ending (English and French final `e`); at least one a
//!   word. A rule, not a dictionary: close for German and Spanish, approximate for English
//!   and French.
//! - **Sentences**, counted strictly: a `.`, `!` or `?` (or a run of them, `...`) followed
//!   by a space or the end of a paragraph or list item. A colon does not end a sentence,
//!   not even before a list, and a list item without a full stop does not end one either. A
//!   full stop after one of the language's abbreviations (`art.`, `n.`, `lett.`, `z.B.` ...)
//!   or after a single capital letter (`L. 150/2000`) does not end one. A section with no
//!   full stop counts as one sentence.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, SourceSet};
use crate::model::{Lang, Policy, Src};
use crate::render::DocKind;
use crate::render::documents;
use crate::render::markdown::Engine;
use crate::view::ExternalView;

/// The data file, as shipped.
pub const DATA: &str = include_str!("../data/readability.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    languages: BTreeMap<String, Index>,
}

/// The readability index of one language, and how its text is counted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Its name (`Gulpease`, `Flesch-Amstad` ...).
    pub index: String,
    /// The study that made it.
    pub source: String,
    pub formula: Formula,
    /// The threshold when the policy sets none.
    pub threshold: u32,
    /// How syllables are counted, for an index that uses them.
    #[serde(default)]
    pub syllables: Option<Syllables>,
    /// Words after which a full stop does not end a sentence (in lower case, without the
    /// final full stop).
    pub abbreviations: Vec<String>,
}

/// The coefficients of `base + a × sentences/words + b × letters/words + c × words/sentences
/// + d × syllables/words`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formula {
    pub base: f64,
    #[serde(default)]
    pub sentences_per_word: f64,
    #[serde(default)]
    pub letters_per_word: f64,
    #[serde(default)]
    pub words_per_sentence: f64,
    #[serde(default)]
    pub syllables_per_word: f64,
}

/// Syllables by rule: runs of `vowels`, less a silent ending.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Syllables {
    pub vowels: String,
    #[serde(default)]
    pub silent_endings: Vec<String>,
    #[serde(default)]
    pub spoken_endings: Vec<String>,
}

fn data() -> &'static Data {
    static DATA_PARSED: OnceLock<Data> = OnceLock::new();
    DATA_PARSED.get_or_init(|| match serde_saphyr::from_str::<Data>(DATA) {
        Ok(d) => d,
        // The file is part of the binary and parsed by a unit test, so this is a bug in
        // smpolicy, not in the user's input.
        Err(e) => panic!("data/readability.yaml is invalid: {e}"),
    })
}

/// The index of `lang`, when the data file has one.
pub fn index(lang: &str) -> Option<&'static Index> {
    data().languages.get(lang)
}

/// The languages that have an index, for messages.
fn measured_languages() -> String {
    data()
        .languages
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Index {
    /// The index of `c`, rounded to the nearest whole number and kept within 0–100 (`None`
    /// for a text without words).
    pub fn score(&self, c: &Counts) -> Option<u32> {
        if c.words == 0 {
            return None;
        }
        let f = &self.formula;
        let words = c.words as f64;
        let sentences = c.sentences.max(1) as f64;
        let raw = f.base
            + f.sentences_per_word * sentences / words
            + f.letters_per_word * c.letters as f64 / words
            + f.words_per_sentence * words / sentences
            + f.syllables_per_word * c.syllables as f64 / words;
        Some(raw.round().clamp(0.0, 100.0) as u32)
    }

    /// The counts of a run of plain text (one paragraph or list item, links and emphasis
    /// already reduced to their words).
    pub fn count(&self, text: &str) -> Counts {
        let mut c = Counts::default();
        // The lower-case letters of a word, one buffer for every word of the text.
        let mut word = String::new();
        for token in text.split_whitespace() {
            if token.chars().any(char::is_alphanumeric) {
                c.words += 1;
                if let Some(rules) = &self.syllables {
                    c.syllables += rules.count(token, &mut word);
                }
            }
            c.letters += token.chars().filter(|ch| ch.is_alphabetic()).count();
            if self.ends_sentence(token) {
                c.sentences += 1;
            }
        }
        c
    }

    /// Whether a token (a run without spaces) ends a sentence: it ends with `.`, `!` or `?`
    /// (closing quotes and brackets after them allowed), and is not an abbreviation.
    fn ends_sentence(&self, token: &str) -> bool {
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
        if self.abbreviations.contains(&lower) {
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
}

impl Syllables {
    /// The syllables of one word (a token holding a letter or a digit): at least one.
    /// `word` is a buffer for its lower-case letters.
    fn count(&self, token: &str, word: &mut String) -> usize {
        word.clear();
        word.extend(
            token
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase),
        );
        let word = word.as_str();
        let vowel = |c: char| self.vowels.contains(c);
        let mut groups = 0;
        let mut previous = false;
        for c in word.chars() {
            let v = vowel(c);
            if v && !previous {
                groups += 1;
            }
            previous = v;
        }
        let silent = self.silent_endings.iter().any(|e| {
            word.strip_suffix(e.as_str())
                .and_then(|stem| stem.chars().last())
                .is_some_and(|c| !vowel(c))
        }) && !self
            .spoken_endings
            .iter()
            .any(|e| word.ends_with(e.as_str()));
        if silent && groups > 1 {
            groups -= 1;
        }
        groups.max(1)
    }
}

/// The counts of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub words: usize,
    pub letters: usize,
    pub sentences: usize,
    /// Counted only for an index that uses them.
    pub syllables: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.letters += other.letters;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }
}

/// One level-2 section of a document, its counts and its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The text of its heading.
    pub title: String,
    pub counts: Counts,
    /// `None` for a section without words.
    pub score: Option<u32>,
}

/// The readability of the external document in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub lang: Lang,
    /// The name of the language's index; `None` when the language is not measured.
    pub index: Option<&'static str>,
    /// The policy's threshold for the language, or the index's default.
    pub threshold: u32,
    /// Each level-2 section, in order (none when the language is not measured).
    pub sections: Vec<Section>,
}

impl Figures {
    /// The sections under the threshold.
    pub fn below(&self) -> impl Iterator<Item = (&Section, u32)> {
        self.sections
            .iter()
            .filter_map(|s| s.score.map(|g| (s, g)))
            .filter(|(_, g)| *g < self.threshold)
    }
}

/// The language Gulpease is made for, whose threshold is `min_gulpease`.
pub const GULPEASE_LANGUAGE: &str = "it";

/// Where the policy sets the threshold of `lang`: `min_gulpease` for Italian, `min_score`
/// for the others.
fn setting<'a>(policy: &'a Policy, lang: &str) -> Option<&'a Src<u32>> {
    let r = readability(policy)?;
    if lang == GULPEASE_LANGUAGE {
        r.min_gulpease.as_ref()
    } else {
        r.min_score
            .iter()
            .find(|(l, _)| l.as_str() == lang)
            .map(|(_, m)| m)
    }
}

fn readability(policy: &Policy) -> Option<&crate::model::Readability> {
    policy
        .public
        .publishing
        .as_ref()
        .and_then(|p| p.value.readability.as_ref())
        .map(|r| &r.value)
}

/// The threshold the policy sets for `lang`, or the default of its index (60 when the
/// language has none).
pub fn threshold(policy: &Policy, lang: &str) -> u32 {
    setting(policy, lang).map_or_else(
        || index(lang).map_or(DEFAULT_THRESHOLD, |i| i.threshold),
        |m| m.value,
    )
}

/// The threshold of a language whose index the data file lacks.
const DEFAULT_THRESHOLD: u32 = 60;

/// Renders the external document of each language of `policy` (its Markdown only) and
/// measures each section with the language's index. Nothing when the policy has no
/// external document.
pub fn measure(policy: &Policy, engine: &Engine) -> Result<Vec<Figures>, Diagnostic> {
    if !documents::has(policy, DocKind::External) {
        return Ok(Vec::new());
    }
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
        let index = index(lang.as_str());
        let sections = match index {
            Some(index) => {
                let words = engine.words_or_error(lang.as_str())?;
                let template = format!("{}/{}.md.tera", lang, DocKind::External.name());
                let md = engine.render(
                    &template,
                    lang.as_str(),
                    &ExternalView::new(&policy.public, lang, words),
                    &meta,
                )?;
                sections(&crate::render::markdown::normalise(&md), index)
            }
            None => Vec::new(),
        };
        out.push(Figures {
            lang: lang.clone(),
            index: index.map(|i| i.index.as_str()),
            threshold: threshold(policy, lang.as_str()),
            sections,
        });
    }
    Ok(out)
}

/// The `hard-to-read` warnings of `figures`, and an error for a threshold out of 0–100 or
/// set for a language the policy does not have or Gulpease measures.
pub fn lint(
    policy: &Policy,
    figures: &[Figures],
    sources: &SourceSet,
    diags: &mut Vec<Diagnostic>,
) {
    let mut bad = false;
    if let Some(r) = readability(policy) {
        let gulpease = r
            .min_gulpease
            .iter()
            .map(|m| ("min_gulpease".to_string(), m));
        let others = r
            .min_score
            .iter()
            .map(|(l, m)| (format!("min_score: {{ {}: ... }}", l.as_str()), m));
        for (key, m) in gulpease.chain(others) {
            if m.value > 100 {
                bad = true;
                diags.push(
                    Diagnostic::error(
                        "out-of-range",
                        format!(
                            "`{key}` is {}, but the readability indices go from 0 to 100",
                            m.value
                        ),
                    )
                    .at(sources.locate(m.pos))
                    .hint("write a number from 0 to 100: 60 is the usual target for a general audience"),
                );
            }
        }
        for (lang, m) in &r.min_score {
            let code = lang.as_str();
            let listed = policy.public.languages.iter().any(|l| l.value == *lang);
            let problem = if code == GULPEASE_LANGUAGE {
                Some((
                    format!("`min_score` sets a threshold for `{code}`, whose index is Gulpease"),
                    "per l'italiano scrivi la soglia in `min_gulpease`".to_string(),
                ))
            } else if !listed {
                Some((
                    format!(
                        "`min_score` sets a threshold for `{code}`, which is not among the policy's languages"
                    ),
                    format!("togli `{code}` da `min_score`, o aggiungi la lingua a `languages`"),
                ))
            } else if index(code).is_none() {
                Some((
                    format!(
                        "`min_score` sets a threshold for `{code}`, but no readability index is known for it"
                    ),
                    format!(
                        "le lingue misurate sono {}: togli `{code}` da `min_score`",
                        measured_languages()
                    ),
                ))
            } else {
                None
            };
            if let Some((message, hint)) = problem {
                bad = true;
                diags.push(
                    Diagnostic::error("bad-threshold", message)
                        .at(sources.locate(m.pos))
                        .hint(hint),
                );
            }
        }
    }
    if bad {
        return;
    }
    for f in figures {
        let Some(name) = f.index else {
            continue;
        };
        let key = if f.lang.as_str() == GULPEASE_LANGUAGE {
            "min_gulpease: N".to_string()
        } else {
            format!("min_score: {{ {}: N }}", f.lang.as_str())
        };
        for (section, score) in f.below() {
            let c = section.counts;
            let length = if c.syllables > 0 {
                format!(
                    "{:.1} syllables a word",
                    c.syllables as f64 / c.words.max(1) as f64
                )
            } else {
                format!(
                    "{:.1} letters a word",
                    c.letters as f64 / c.words.max(1) as f64
                )
            };
            let d = Diagnostic::warning(
                "hard-to-read",
                format!(
                    "the section \"{}\" of the external policy ({}) is hard to read: {name} index {score}, under the threshold of {} ({} words, {} sentences, {length})",
                    section.title,
                    f.lang.as_str(),
                    f.threshold,
                    c.words,
                    c.sentences.max(1),
                ),
            )
            .about(&section.title)
            .hint(format!(
                "in the YAML texts this section shows, write shorter sentences (a full stop every 15-20 words) and plainer, shorter words; to keep the text as it is, acknowledge it: `acknowledged: [{{ warning: hard-to-read, about: \"{}\", reason: ... }}]`, or set the threshold in `publishing: {{ readability: {{ {key} }} }}`",
                section.title
            ));
            // Where the threshold is set, or the organisation (the document as a whole).
            let pos =
                setting(policy, f.lang.as_str()).map_or(policy.public.organisation.pos, |m| m.pos);
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
        "readability of the external policy (index per section, sentences counted strictly):"
            .to_string(),
    );
    for (slug, figures) in orgs {
        for f in figures {
            let doc = out
                .join(slug)
                .join(crate::render::PUBLIC_DIR)
                .join(f.lang.as_str())
                .join("external.md");
            let Some(name) = f.index else {
                lines.push(format!(
                    "  {}: not measured (no readability index for `{}` in data/readability.yaml; measured: {})",
                    doc.display(),
                    f.lang.as_str(),
                    measured_languages()
                ));
                continue;
            };
            let below = f.below().count();
            if detail {
                lines.push(format!(
                    "  {} ({name}, threshold {}{}):",
                    doc.display(),
                    f.threshold,
                    match below {
                        0 => String::new(),
                        n => format!(", {n} section(s) under it"),
                    }
                ));
                for s in &f.sections {
                    let mark = match s.score {
                        Some(g) if g < f.threshold => "  under the threshold",
                        _ => "",
                    };
                    let shown = s.score.map_or("–".to_string(), |g| g.to_string());
                    lines.push(format!("    {shown:>3}  {}{mark}", s.title));
                }
            } else {
                let lowest = f
                    .sections
                    .iter()
                    .filter_map(|s| s.score.map(|g| (g, s)))
                    .min_by_key(|(g, _)| *g);
                let lowest = lowest.map_or("no text".to_string(), |(g, s)| {
                    format!("lowest {g} (\"{}\")", s.title)
                });
                lines.push(format!(
                    "  {} ({name}): {lowest}, {below} section(s) under {}",
                    doc.display(),
                    f.threshold
                ));
            }
        }
    }
    lines
}

/// The level-2 sections of a Markdown document (the dialect of the templates), each with
/// the counts of its prose and its score by `index`.
pub fn sections(markdown: &str, index: &Index) -> Vec<Section> {
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
            s.counts.add(index.count(block));
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
                        score: None,
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
    for s in &mut out {
        s.score = index.score(&s.counts);
    }
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

    fn it() -> &'static Index {
        index("it").expect("Italian")
    }

    fn count(text: &str) -> Counts {
        it().count(text)
    }

    #[test]
    fn counts_words_letters_and_strict_sentences() {
        let c = count("Il gatto dorme. Il cane abbaia!");
        assert_eq!(
            c,
            Counts {
                words: 6,
                letters: 24,
                sentences: 2,
                syllables: 0
            }
        );
        // 89 + (600 - 240) / 6 = 149, kept within 0-100.
        assert_eq!(it().score(&c), Some(100));
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
        assert_eq!(it().score(&c), Some(2));
        // The same facts in short words and short sentences.
        let plain = count("Il Comune ti informa. Lo fa quando cambia una regola.");
        // 2 sentences, 10 words, 42 letters: 89 + (600 - 420) / 10 = 107, kept at 100.
        assert_eq!((plain.words, plain.letters, plain.sentences), (10, 42, 2));
        assert_eq!(it().score(&plain), Some(100));
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
        assert_eq!(it().score(&Counts::default()), None);
        // No full stop: one sentence.
        // 89 + (300 - 160) / 2 = 159, kept at 100.
        assert_eq!(it().score(&count("scrivi all'ufficio")), Some(100));
        // 89 + (300 - 340) / 3 = 75.7
        assert_eq!(
            it().score(&count("comunicazione istituzionale pubblica")),
            Some(76)
        );
    }

    #[test]
    fn sections_follow_level_two_headings_and_skip_headings_tables_and_addresses() {
        let md = "# Titolo lunghissimo\n\nTesto prima.\n\n## Primo\n\nUna frase. Due frasi.\n\n\
                  ### Parte\n\n- Voce uno.\n- Voce due\n\n| Colonna | Altra |\n|---|---|\n| parole | tante |\n\n\
                  ## Secondo\n\nScrivi a [urp@comune.it](mailto:urp@comune.it) o vai su <https://www.comune.it/urp>.\n\
                  Leggi [la pagina sui reclami](https://www.comune.it/reclami).\n";
        let s = sections(md, it());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, "Primo");
        assert_eq!(
            s[0].counts,
            Counts {
                words: 8,
                letters: "UnafraseDuefraseVoceunoVocedue".len(),
                sentences: 3,
                syllables: 0
            }
        );
        assert_eq!(s[1].title, "Secondo");
        // The addresses are left out, the words of the last link stay.
        assert_eq!(s[1].counts.words, 10);
        assert_eq!(s[1].counts.sentences, 2);
    }

    #[test]
    fn the_data_file_has_an_index_for_each_documented_language() {
        for lang in ["it", "de", "en", "fr", "es"] {
            let i = index(lang).expect(lang);
            assert!(i.threshold <= 100, "{lang}");
            // Every index but Gulpease counts syllables.
            assert_eq!(i.syllables.is_some(), lang != "it", "{lang}");
        }
        assert!(index("sl").is_none());
    }

    #[test]
    fn syllables_are_runs_of_vowels_less_a_silent_ending() {
        let syl = |lang: &str, w: &str| {
            index(lang)
                .and_then(|i| i.syllables.as_ref())
                .expect(lang)
                .count(w, &mut String::new())
        };
        assert_eq!(syl("de", "Verwaltung"), 3);
        assert_eq!(syl("de", "Bürgerinnen"), 4);
        assert_eq!(syl("de", "Haus"), 1);
        assert_eq!(syl("en", "make"), 1);
        assert_eq!(syl("en", "table"), 2);
        assert_eq!(syl("en", "agree"), 2);
        assert_eq!(syl("en", "the"), 1);
        assert_eq!(syl("en", "administration"), 5);
        assert_eq!(syl("fr", "commune"), 2);
        assert_eq!(syl("fr", "publiées"), 2);
        assert_eq!(syl("es", "ayuntamiento"), 5);
        // A number is read as at least one syllable.
        assert_eq!(syl("de", "2026"), 1);
    }

    /// Flesch-Amstad, worked by hand: 180 − words/sentence − 58.5 × syllables/word.
    #[test]
    fn flesch_amstad_by_hand() {
        let de = index("de").expect("de");
        let c = de.count("Die Stadt hat ein Konto. Wir lesen jeden Tag.");
        // Words 9, sentences 2, syllables: die 1 stadt 1 hat 1 ein 1 kon-to 2, wir 1
        // le-sen 2 je-den 2 tag 1 = 12.
        assert_eq!((c.words, c.sentences, c.syllables), (9, 2, 12));
        // 180 − 4.5 − 58.5 × 12/9 = 97.5, rounded 98 (f64 rounding of .5 away from zero).
        assert_eq!(de.score(&c), Some(98));
        let hard = de.count(
            "Die Gemeindeverwaltung veröffentlicht Informationen über Veranstaltungen, \
             Dienstleistungen und Bekanntmachungen auf ihren offiziellen Kommunikationskanälen.",
        );
        assert_eq!(hard.sentences, 1);
        assert!(de.score(&hard).expect("words") < 20, "{hard:?}");
        // German abbreviations do not end a sentence.
        assert_eq!(
            de.count("Siehe z.B. Art. 5 Abs. 2 der Satzung.").sentences,
            1
        );
    }
}
