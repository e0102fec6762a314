//! The norms the templates cite, as data: `data/norms.yaml`, embedded in the binary. Each has
//! the address of its official text and the date it applies from; a document cites a norm
//! only when it applied on the document's own date (`adoption.effective`, else
//! `adoption.date`), so a 2015 policy never cites a 2023 decree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Date;

/// The data file, as shipped.
pub const DATA: &str = include_str!("../data/norms.yaml");

/// One norm.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// How the text names it.
    pub title: String,
    /// Its official text.
    pub url: String,
    /// The day it applies from.
    pub from: Date,
    /// Where that date comes from.
    pub source: String,
}

/// Every norm, by id (`dpr-81-2023`).
pub fn all() -> &'static BTreeMap<String, Norm> {
    static NORMS: OnceLock<BTreeMap<String, Norm>> = OnceLock::new();
    NORMS.get_or_init(|| match serde_saphyr::from_str(DATA) {
        Ok(n) => n,
        // The file is part of the binary and a unit test parses it: this cannot happen in a
        // released build.
        Err(e) => panic!("data/norms.yaml is invalid: {e}"),
    })
}

/// What a template sees of a norm, for a document of a given date.
#[derive(Debug, Serialize)]
pub struct NormView {
    pub title: String,
    pub url: String,
    /// Whether the norm applied on the document's date.
    pub applies: bool,
}

/// The norms as a document dated `on` sees them, keyed by id with `_` for `-` (so that a
/// template writes `norms.dpr_81_2023.applies`).
pub fn on(on: Date) -> BTreeMap<String, NormView> {
    all()
        .iter()
        .map(|(id, n)| {
            (
                id.replace('-', "_"),
                NormView {
                    title: n.title.clone(),
                    url: n.url.clone(),
                    applies: n.from <= on,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    #[test]
    fn the_data_file_parses_and_each_norm_has_an_official_source() {
        assert!(!all().is_empty());
        for (id, n) in all() {
            assert!(
                n.url.starts_with("https://www.normattiva.it/")
                    || n.url.starts_with("https://eur-lex.europa.eu/"),
                "{id}: {}",
                n.url
            );
            assert!(!n.source.is_empty(), "{id}");
        }
    }

    #[test]
    fn a_norm_applies_from_its_day_on() {
        let n = on(day("2023-07-13"));
        assert!(!n["dpr_81_2023"].applies);
        assert!(n["dpr_62_2013"].applies);
        let n = on(day("2023-07-14"));
        assert!(n["dpr_81_2023"].applies);
        let n = on(day("2015-03-01"));
        assert!(!n["gdpr"].applies && !n["cjeu_c_210_16"].applies);
        assert!(n["l_28_2000"].applies);
    }

    /// Every address of an official text in the built-in templates comes from this file, so
    /// no template cites a norm whose date is not known.
    #[test]
    fn templates_cite_norms_only_through_the_data_file() {
        for name in ["it/external.md.tera", "it/internal.md.tera"] {
            let text = crate::render::templates::TemplateSet::builtin()
                .get(name)
                .map(str::to_string)
                .unwrap_or_default();
            assert!(!text.is_empty(), "{name}");
            for host in ["normattiva.it", "eur-lex.europa.eu"] {
                assert!(
                    !text.contains(host),
                    "{name} cites {host} directly: use `norms.<id>.url` and add the norm to data/norms.yaml"
                );
            }
        }
    }
}
