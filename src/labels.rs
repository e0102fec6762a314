//! The words of one language: `templates/<lang>/labels.yaml`, read once per run into
//! [`Labels`].
//!
//! Everything smpolicy writes in a language and that is not in a template lives there: the
//! labels of the closed lists of the model, the texts around the PDF, the date format and
//! the words and sentence frames of the change list ("Cosa è cambiato"). A new language is a
//! new folder of templates with its own `labels.yaml`; no code changes.
//!
//! A frame is a text with `{name}` places, filled by [`fill`] in one pass: a value that
//! itself contains `{name}` is printed as written, never filled again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::model::{
    AccountAudience, AccountScope, Action, Article, Audience, ContactKind, ContentKind, Date,
    DurationUnit, ModerationMode, MonitoredChannel, OrgKind, Platform, Presence, StepCondition,
    Weekday,
};

/// A closed list's labels: the key written in YAML -> its words.
pub type Table = BTreeMap<String, String>;

/// `templates/<lang>/labels.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The warning at the top of every internal document.
    pub internal_banner: String,
    /// How dates are written: `{dd}` day and `{mm}` month on two digits, `{d}` and `{m}`
    /// without a leading zero, `{yyyy}` the year.
    pub date_format: String,
    pub org_kind: Table,
    pub platform: Table,
    pub scope: Table,
    pub presence: Table,
    /// Who an account is for (`audience`).
    pub account_audience: Table,
    /// Licence names in the language, by SPDX id; a licence without one is named by its
    /// SPDX name.
    pub licence_name: Table,
    /// The end of a Creative Commons licence's address that gives its legal code in the
    /// language (`legalcode.it`).
    pub legalcode: String,
    pub content_kind: Table,
    pub weekday: Table,
    /// Plural.
    pub duration_unit: Table,
    /// Singular (a duration of 1).
    pub duration_unit_one: Table,
    pub moderation_mode: Table,
    pub moderation_mode_text: Table,
    pub action: Table,
    /// When a step of the moderation ladder applies, as written after its actions.
    pub step_condition: Table,
    pub audience: Table,
    /// Names of languages by code; codes without a name print as the code.
    pub languages: Table,
    /// The forms of the body's name by its article (`organisation.article`): "il " gives
    /// "del ", "al ", "dal "...; "l'" gives "dell'", "all'", "dall'"...
    pub article: BTreeMap<String, ArticleForms>,
    pub weekday_index: BTreeMap<String, u8>,
    pub weekday_from: Table,
    pub weekday_to: Table,
    /// Who publishes the joint-controller arrangement of a platform; only some have one.
    pub platform_owner: Table,
    /// A channel that hours or a response time are stated for: its name, the channel after
    /// "a" ("ai messaggi privati") and after "di" ("dei messaggi privati").
    pub monitored_channel: Table,
    pub monitored_channel_to: Table,
    pub monitored_channel_of: Table,
    /// The kind of a contact, as the document names its main address ("Numero verde").
    pub contact_kind: Table,
    pub pdf: PdfLabels,
    /// How the furniture of the documents (PDF title block and footer, HTML page) names the
    /// version and the adoption; a part whose data is absent is left out.
    pub record: RecordLabels,
    pub changes: ChangeLabels,
    pub preview: PreviewLabels,
    /// The account kit (`public/accounts/<id>.md`): the names of its texts, for the kit and
    /// for `check`'s messages, and how each platform counts.
    pub kit: KitLabels,
    /// What the HTML page says about itself to search engines and to a link shared on a
    /// social network. Optional: a labels file without it gives the page's title and record.
    #[serde(default)]
    pub web: WebLabels,
    /// Quotes, apostrophe and no-break spaces of the PDF.
    pub typography: TypographyLabels,
}

/// The words of the account kit that the code needs too (see `render::kit`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KitLabels {
    /// The profile text.
    pub bio: String,
    /// The pinned post with the house rules.
    pub pinned: String,
    /// The reply citing a rule; `{rule}` is the rule's id.
    pub reply: String,
    /// How a platform counts, as the kit and `check` say it.
    pub counting: KitCounting,
}

/// How each way of counting is named (see `platforms::Counting`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KitCounting {
    pub chars: String,
    pub graphemes: String,
    pub utf16: String,
    pub x_weighted: String,
}

/// The description and locale of the HTML pages (`<meta name="description">`, Open Graph).
/// `{of_organisation}`, `{organisation}`, `{title}` and `{record}` are replaced by smpolicy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebLabels {
    /// The description of the external page, speaking to the citizen.
    #[serde(default)]
    pub description_external: String,
    /// The description of the internal page.
    #[serde(default)]
    pub description_internal: String,
    /// The Open Graph locale of the language (`it_IT`).
    #[serde(default)]
    pub og_locale: String,
}

/// The typography of the PDF in the language: which quotes replace `"` and `'`, and after
/// which abbreviations a number never starts a new line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypographyLabels {
    /// Opening and closing quotes for `"`, e.g. `["«", "»"]`.
    #[serde(default)]
    pub quotes: [String; 2],
    /// Opening and closing single quotes for `'`; the closing one is the apostrophe.
    #[serde(default)]
    pub single_quotes: [String; 2],
    /// Abbreviations (and words) that stay on the line of the number after them.
    #[serde(default)]
    pub no_break_after: Vec<String>,
}

impl TypographyLabels {
    /// What the PDF layout needs of it.
    pub fn to_pdf(&self) -> crate::render::pdf::typography::Typography {
        crate::render::pdf::typography::Typography {
            quotes: self.quotes.clone(),
            single_quotes: self.single_quotes.clone(),
            no_break_after: self.no_break_after.clone(),
        }
    }
}

/// The body's name after an article or an articulated preposition, as a prefix of the
/// name: "della " + "Presidenza ...", "dell'" + "Agenzia ...".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleForms {
    /// The article alone ("il ", "la ", "l'", or nothing).
    pub the: String,
    /// di + article ("del ", "della ", "dell'").
    pub of: String,
    /// a + article ("al ", "alla ", "all'").
    pub to: String,
    /// da + article ("dal ", "dalla ", "dall'").
    pub from: String,
    /// in + article ("nel ", "nella ", "nell'").
    #[serde(rename = "in")]
    pub in_: String,
    /// su + article ("sul ", "sulla ", "sull'").
    pub on: String,
    /// con + article ("con il ", "con la ", "con l'").
    pub with: String,
    /// per + article ("per il ", "per la ", "per l'").
    #[serde(rename = "for")]
    pub for_: String,
}

/// The body's name with each form of its article, ready for a sentence: "della Presidenza
/// del Consiglio dei ministri", "dell'Agenzia ...": the prefixes of [`ArticleForms`] with
/// the name after each.
pub type NameForms = ArticleForms;

/// The parts of the line that names a version and its adoption.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordLabels {
    /// `{version}`.
    pub version: String,
    /// `{act}`, `{date}`: the adopting act.
    pub act: String,
    /// `{date}`: the publication on the site.
    pub published: String,
    /// `{date}`: neither an act nor a publication is named.
    pub date: String,
    /// Between the parts.
    pub separator: String,
}

/// A version and its adoption, as the furniture of a document names them.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub version: Option<&'a str>,
    pub act: Option<&'a str>,
    /// The adoption date, written in the language.
    pub date: &'a str,
    /// The day of publication on the site, written in the language.
    pub published: Option<&'a str>,
}

/// The texts printed around the document in the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PdfLabels {
    pub subject_external: String,
    pub subject_internal: String,
    pub keywords: String,
    pub version_line: String,
    pub effective_line: String,
    pub footer: String,
    pub footer_internal: String,
    /// `{n}` and `{N}`: this page, the number of pages.
    pub page: String,
    /// The alternative text of a link that has no words of its own; `{url}` is its address.
    pub link_alt: String,
}

/// The words of the change list between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeLabels {
    /// Heading of `smpolicy diff`.
    pub title: String,
    pub org_added: String,
    pub org_removed: String,
    /// `{record}`: the version and its adoption.
    pub previous_version: String,
    pub new_version: String,
    /// The version as a part of `{record}` (`{version}`).
    pub record_version: String,
    /// Between the parts of `{record}`.
    pub record_separator: String,
    pub no_changes: String,
    /// `{subject}`, `{old}`, `{new}`.
    pub changed: String,
    pub added: String,
    pub removed: String,
    pub modified: String,
    /// By grammatical gender (the `gender` of an item): `{item}`, `{key}`, `{summary}`.
    pub item_added: Table,
    pub item_removed: Table,
    /// `{item}` (with its article, capitalised), `{key}`.
    pub item_modified: String,
    /// `{noun}` (capitalised), `{key}`, `{fields}`: a change inside an item.
    pub item_field: String,
    /// After an added or removed item, when it has a short description: `{summary}`.
    pub summary: String,
    /// A value as quoted in a sentence: `{value}`.
    pub quote: String,
    /// Between the field names of a path.
    pub path_separator: String,
    pub yes: String,
    pub no: String,
    /// A value that is not there.
    pub empty: String,
    /// `{n}` `{unit}`.
    pub duration: String,
    /// `{days}`, `{from}`, `{to}`.
    pub time_slot: String,
    /// A field of a whole object: `{field}`, `{value}`.
    pub field_value: String,
    /// Titles of the top-level sections.
    pub sections: Table,
    /// Field names, by key.
    pub fields: Table,
    /// How an item of a keyed list is named, by the path of the list (`moderation.rules`).
    pub items: BTreeMap<String, ItemNoun>,
    /// An item of any other list.
    pub other_item: ItemNoun,
}

/// The words of the officer's preview (`smpolicy serve`): the list of documents, the box
/// shown while the policy has errors, the page for a missing document. Shown only on the
/// officer's computer, never written into `out/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewLabels {
    /// Title of the list of documents.
    pub title: String,
    /// The list when `out/` holds no document yet.
    pub empty: String,
    /// Column headings of the list.
    pub document: String,
    pub folder: String,
    pub language: String,
    pub formats: String,
    /// Before the files that are not documents (JSON, SHA256SUMS).
    pub other_files: String,
    pub documents: PreviewDocuments,
    pub format_names: PreviewFormats,
    /// The first line of the box shown over every page while the last build failed.
    pub errors: String,
    /// Title of the page for a refused address.
    pub refused: String,
    /// Title of the page for a document that is not in `out/`.
    pub not_found: String,
    /// The link back to the list.
    pub back: String,
}

/// The names of the documents the build writes, by file name (`external.html`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewDocuments {
    pub external: String,
    pub internal: String,
}

/// The names of the formats the build writes, by file extension.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewFormats {
    pub html: String,
    pub pdf: String,
    pub md: String,
    /// `.fragment.html`, the page without its head for a CMS.
    pub fragment_html: String,
}

/// The noun that names one item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemNoun {
    /// With its article: "la regola".
    pub the: String,
    /// Alone: "regola".
    pub noun: String,
    /// A key of `item_added` and `item_removed`.
    pub gender: String,
}

impl Labels {
    /// Reads and checks the labels file `name` (such as `it/labels.yaml`).
    pub fn parse(name: &str, content: &str) -> Result<Labels, Diagnostic> {
        let labels: Labels = serde_saphyr::from_str(content).map_err(|e| {
            Diagnostic::error(
                "template",
                format!("the labels file `{name}` of the templates cannot be read: {e}"),
            )
                .hint("compare it with the built-in templates/it/labels.yaml: every key must be there, spelt the same, and no other")
        })?;
        let problems = labels.problems();
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more: {})", n - 1, problems[1..].join("; ")),
            };
            return Err(Diagnostic::error(
                "template",
                format!("the labels file `{name}` of the templates is incomplete: {first}{more}"),
            )
            .hint("every value of a closed list needs its words in each language: add the missing line, copying it from the built-in templates/it/labels.yaml"));
        }
        Ok(labels)
    }

    /// What is missing or unknown: every value of every closed list of the model must have
    /// its label, and nothing else may be there.
    fn problems(&self) -> Vec<String> {
        fn keys<E: Copy>(all: &[E], key: fn(E) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|e| key(*e)).collect()
        }
        fn names<V>(t: &BTreeMap<String, V>) -> Vec<&str> {
            t.keys().map(String::as_str).collect()
        }
        // (the values of a closed list, the tables that label them, every value needed)
        let groups = [
            (
                keys(OrgKind::ALL, OrgKind::key),
                vec![("org_kind", names(&self.org_kind))],
                true,
            ),
            (
                keys(Article::ALL, Article::key),
                vec![("article", names(&self.article))],
                true,
            ),
            (
                keys(Platform::ALL, Platform::key),
                vec![("platform", names(&self.platform))],
                true,
            ),
            (
                keys(Platform::ALL, Platform::key),
                vec![("platform_owner", names(&self.platform_owner))],
                false,
            ),
            (
                keys(AccountScope::ALL, AccountScope::key),
                vec![("scope", names(&self.scope))],
                true,
            ),
            (
                keys(Presence::ALL, Presence::key),
                vec![("presence", names(&self.presence))],
                true,
            ),
            (
                keys(AccountAudience::ALL, AccountAudience::key),
                vec![("account_audience", names(&self.account_audience))],
                true,
            ),
            (
                keys(ContentKind::ALL, ContentKind::key),
                vec![("content_kind", names(&self.content_kind))],
                true,
            ),
            (
                keys(Weekday::ALL, Weekday::key),
                vec![
                    ("weekday", names(&self.weekday)),
                    ("weekday_index", names(&self.weekday_index)),
                    ("weekday_from", names(&self.weekday_from)),
                    ("weekday_to", names(&self.weekday_to)),
                ],
                true,
            ),
            (
                keys(DurationUnit::ALL, DurationUnit::key),
                vec![
                    ("duration_unit", names(&self.duration_unit)),
                    ("duration_unit_one", names(&self.duration_unit_one)),
                ],
                true,
            ),
            (
                keys(ModerationMode::ALL, ModerationMode::key),
                vec![
                    ("moderation_mode", names(&self.moderation_mode)),
                    ("moderation_mode_text", names(&self.moderation_mode_text)),
                ],
                true,
            ),
            (
                keys(Action::ALL, Action::key),
                vec![("action", names(&self.action))],
                true,
            ),
            (
                keys(StepCondition::ALL, StepCondition::key),
                vec![("step_condition", names(&self.step_condition))],
                true,
            ),
            (
                keys(Audience::ALL, Audience::key),
                vec![("audience", names(&self.audience))],
                true,
            ),
            (
                keys(MonitoredChannel::ALL, MonitoredChannel::key),
                vec![
                    ("monitored_channel", names(&self.monitored_channel)),
                    ("monitored_channel_to", names(&self.monitored_channel_to)),
                    ("monitored_channel_of", names(&self.monitored_channel_of)),
                ],
                true,
            ),
            (
                keys(ContactKind::ALL, ContactKind::key),
                vec![("contact_kind", names(&self.contact_kind))],
                true,
            ),
        ];
        let mut out = Vec::new();
        for (all, tables, complete) in &groups {
            for (table, present) in tables {
                if *complete {
                    for k in all.iter().filter(|k| !present.contains(k)) {
                        out.push(format!("`{table}` has no label for `{k}`"));
                    }
                }
                for k in present.iter().filter(|p| !all.contains(p)) {
                    out.push(format!(
                        "`{table}` has `{k}`, which is not one of its values ({})",
                        all.join(", ")
                    ));
                }
            }
        }
        let nouns = self
            .changes
            .items
            .iter()
            .map(|(list, noun)| (list.as_str(), noun))
            .chain([("other_item", &self.changes.other_item)]);
        for (list, noun) in nouns {
            for (frames, name) in [
                (&self.changes.item_added, "item_added"),
                (&self.changes.item_removed, "item_removed"),
            ] {
                if !frames.contains_key(&noun.gender) {
                    out.push(format!(
                        "`changes.{name}` has no sentence for the gender `{}` of `{list}`",
                        noun.gender
                    ));
                }
            }
        }
        out
    }

    /// The label of `key` in the closed list `table` (`platform`, `weekday`, ...).
    pub fn enum_label(&self, table: &str, key: &str) -> Option<&str> {
        let t = match table {
            "org_kind" => &self.org_kind,
            "platform" => &self.platform,
            "scope" => &self.scope,
            "presence" => &self.presence,
            "account_audience" => &self.account_audience,
            "content_kind" => &self.content_kind,
            "weekday" => &self.weekday,
            "duration_unit" => &self.duration_unit,
            "duration_unit_one" => &self.duration_unit_one,
            "moderation_mode" => &self.moderation_mode,
            "action" => &self.action,
            "step_condition" => &self.step_condition,
            "audience" => &self.audience,
            "languages" => &self.languages,
            "monitored_channel" => &self.monitored_channel,
            "contact_kind" => &self.contact_kind,
            _ => return None,
        };
        t.get(key).map(String::as_str)
    }

    /// A date as this language writes it.
    pub fn date(&self, d: &Date) -> String {
        format_date(d, &self.date_format)
    }

    /// `name` (already escaped for Markdown, or plain) after each form of `article`.
    pub fn name_forms(&self, article: Article, name: &str) -> NameForms {
        let Some(f) = self.article.get(article.key()) else {
            return NameForms::default();
        };
        let with = |prefix: &str| format!("{prefix}{name}");
        NameForms {
            the: with(&f.the),
            of: with(&f.of),
            to: with(&f.to),
            from: with(&f.from),
            in_: with(&f.in_),
            on: with(&f.on),
            with: with(&f.with),
            for_: with(&f.for_),
        }
    }

    /// The version and adoption of `r` in the words of `record`, with `version_frame` for
    /// the version (`versione {version}` in a footer, `{version}` in a list) and
    /// `separator` between the parts. The act names the adoption; without an act, the
    /// publication on the site does; without either, the date alone.
    pub fn record(&self, r: &Record, version_frame: &str, separator: &str) -> String {
        let mut parts = Vec::new();
        if let Some(v) = r.version {
            parts.push(fill(version_frame, &[("version", v)]));
        }
        if let Some(act) = r.act {
            parts.push(fill(&self.record.act, &[("act", act), ("date", r.date)]));
        }
        if let Some(day) = r.published {
            parts.push(fill(&self.record.published, &[("date", day)]));
        }
        if r.act.is_none() && r.published.is_none() {
            parts.push(fill(&self.record.date, &[("date", r.date)]));
        }
        parts.join(separator)
    }

    /// [`Labels::record`] for the furniture of a document (PDF, HTML page).
    pub fn furniture_record(&self, r: &Record) -> String {
        self.record(r, &self.record.version, &self.record.separator)
    }
}

/// `d` written by the pattern `format` (see [`Labels::date_format`]).
pub fn format_date(d: &Date, format: &str) -> String {
    let (dd, mm, yyyy) = (
        format!("{:02}", d.day),
        format!("{:02}", d.month),
        format!("{:04}", d.year),
    );
    let (day, month) = (d.day.to_string(), d.month.to_string());
    fill(
        format,
        &[
            ("dd", &dd),
            ("mm", &mm),
            ("yyyy", &yyyy),
            ("d", &day),
            ("m", &month),
        ],
    )
}

/// `frame` with each `{name}` of `vars` replaced by its value, in one pass: the values are
/// not searched again, so a value holding `{name}` prints as written. Other braces stay.
pub fn fill(frame: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(frame.len() + 32);
    let mut rest = frame;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `s` with its first letter in upper case.
pub fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILTIN: &str = include_str!("../templates/it/labels.yaml");

    fn builtin() -> Labels {
        match Labels::parse("it/labels.yaml", BUILTIN) {
            Ok(l) => l,
            Err(d) => panic!("the built-in labels do not load: {}", d.message),
        }
    }

    fn parse_err(text: &str) -> String {
        match Labels::parse("it/labels.yaml", text) {
            Ok(_) => panic!("accepted labels that should be refused"),
            Err(d) => d.message,
        }
    }

    #[test]
    fn fill_is_one_pass() {
        assert_eq!(
            fill("{a} e {b} {c} {", &[("a", "{b}"), ("b", "2")]),
            "{b} e 2 {c} {"
        );
        assert_eq!(
            fill("Pagina {n} di {N}", &[("n", "3"), ("N", "9")]),
            "Pagina 3 di 9"
        );
    }

    #[test]
    fn dates_follow_the_format_of_the_file() {
        let mut l = builtin();
        let d = Date {
            year: 2026,
            month: 3,
            day: 7,
        };
        assert_eq!(l.date(&d), "07/03/2026");
        l.date_format = "{d}.{m}.{yyyy}".into();
        assert_eq!(l.date(&d), "7.3.2026");
    }

    /// Every word of the preview (`smpolicy serve`) must be in the labels file: a file
    /// without one of them, or with a word the preview does not know, is refused by name.
    #[test]
    fn a_preview_word_missing_from_the_labels_is_refused() {
        let start = match BUILTIN.find("\npreview:\n") {
            Some(at) => at + 1,
            None => panic!("the built-in labels have no `preview:`"),
        };
        let (head, preview) = BUILTIN.split_at(start);
        let leaves: Vec<&str> = preview
            .lines()
            .skip(1)
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once(':').filter(|(_, v)| !v.trim().is_empty()))
            .map(|(k, _)| k.trim())
            .collect();
        assert_eq!(leaves.len(), 17, "{leaves:?}");
        for key in leaves {
            let without: String = preview
                .lines()
                .filter(|l| l.split_once(':').is_none_or(|(k, _)| k.trim() != key))
                .map(|l| format!("{l}\n"))
                .collect();
            let msg = parse_err(&format!("{head}{without}"));
            assert!(
                msg.contains("cannot be read") && msg.contains(&format!("`{key}`")),
                "{key}: {msg}"
            );
        }
        let extra = BUILTIN.replacen("\n  title: \"Anteprima", "\n  titel: \"Anteprima", 1);
        assert!(parse_err(&extra).contains("titel"));
    }

    /// Every value of every closed list of the model has its label in the built-in file;
    /// the check itself is in `Labels::parse`, so a language folder of a project gets it too.
    #[test]
    fn a_value_without_a_label_is_refused() {
        let l = builtin();
        assert!(l.problems().is_empty(), "{:?}", l.problems());
        // Each key is written first in the table named with it.
        for (table, key) in [
            ("platform", "bluesky"),
            ("weekday", "sun"),
            ("org_kind", "universita"),
            ("duration_unit", "working_days"),
            ("audience", "volunteers"),
            ("action", "ban"),
            ("step_condition", "when_possible"),
            ("presence", "personal_profile"),
        ] {
            let text = BUILTIN.replacen(&format!("\n  {key}:"), &format!("\n  {key}_gone:"), 1);
            let msg = parse_err(&text);
            assert!(
                msg.contains(&format!("`{table}` has no label for `{key}`")),
                "{table}.{key}: {msg}"
            );
        }
    }

    #[test]
    fn an_unknown_key_or_a_missing_section_is_refused() {
        let msg = parse_err(&format!("{BUILTIN}\nextra_words: x\n"));
        assert!(msg.contains("extra_words"), "{msg}");
        let msg = parse_err(&BUILTIN.replacen("date_format:", "date_fromat:", 1));
        assert!(msg.contains("date_fromat"), "{msg}");
        let msg =
            parse_err(&BUILTIN.replacen("\n  facebook: Facebook", "\n  facebok: Facebook", 1));
        assert!(msg.contains("`facebok`"), "{msg}");
    }

    #[test]
    fn every_gender_has_its_sentences() {
        let text = BUILTIN.replacen("gender: f", "gender: n", 1);
        let msg = parse_err(&text);
        assert!(msg.contains("gender `n`"), "{msg}");
    }

    /// Walks every field path of the JSON schema of a policy file: each top-level section has
    /// a title in the change list, and each field below it a name.
    #[test]
    fn every_field_of_the_schema_has_a_label() {
        fn walk(node: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            let Some(map) = node.as_object() else {
                if let Some(items) = node.as_array() {
                    items.iter().for_each(|v| walk(v, path, out));
                }
                return;
            };
            if let Some(props) = map.get("properties").and_then(|p| p.as_object()) {
                for (k, v) in props {
                    path.push(k.clone());
                    out.push(path.clone());
                    walk(v, path, out);
                    path.pop();
                }
            }
            for (k, v) in map {
                if matches!(
                    k.as_str(),
                    "items" | "anyOf" | "oneOf" | "allOf" | "additionalProperties"
                ) {
                    walk(v, path, out);
                }
            }
        }
        let schema: serde_json::Value = match serde_json::from_str(&crate::schema::generate()) {
            Ok(v) => v,
            Err(e) => panic!("the schema is not JSON: {e}"),
        };
        let mut paths = Vec::new();
        walk(&schema, &mut Vec::new(), &mut paths);
        assert!(
            paths.len() > 150,
            "the walk found only {} paths",
            paths.len()
        );
        let l = builtin();
        // A section is named by its title, a field inside by its field name.
        let missing: Vec<String> = paths
            .iter()
            .filter(|p| match p.as_slice() {
                [section] => !l.changes.sections.contains_key(section),
                [.., field] => !l.changes.fields.contains_key(field),
                [] => false,
            })
            .map(|p| p.join("."))
            .collect();
        assert!(missing.is_empty(), "fields without a label: {missing:?}");
    }
}
