//! What smpolicy knows of each kind of body, and the article of a body's name: data in
//! `data/org_kinds.yaml`, not code. `init` reads the starter's adopting body and act from
//! it, the lints whether a kind has elected organs, the views whether it has a coat of arms
//! and which article stands before its name ("il Comune", "la Presidenza", "l'Agenzia").

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Article, OrgKind, Organisation};

/// The data file, embedded in the binary.
pub const DATA: &str = include_str!("../data/org_kinds.yaml");

/// What the data file says of one kind of body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindFacts {
    /// The name typed after `init --kind`.
    pub init: String,
    /// The starter's name of the body.
    pub example: String,
    /// The starter's adopting body and act.
    pub body: String,
    pub act: String,
    /// Whether bodies of this kind have elected organs (the election-period rule).
    pub elected: bool,
    /// Whether they have a coat of arms (stemma) rather than a logo.
    pub coat_of_arms: bool,
    /// The article of the name when its first word does not tell.
    pub article: Article,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    kinds: BTreeMap<OrgKind, KindFacts>,
    nouns: BTreeMap<String, Article>,
}

fn data() -> &'static Data {
    static DATA_PARSED: OnceLock<Data> = OnceLock::new();
    DATA_PARSED.get_or_init(|| match serde_saphyr::from_str::<Data>(DATA) {
        Ok(d) => d,
        // The file is part of the binary and checked by a unit test, so this is a bug in
        // smpolicy, not in the user's input.
        Err(e) => panic!("data/org_kinds.yaml is invalid: {e}"),
    })
}

/// The facts of `kind`. Every kind has them (a unit test checks the data file).
pub fn facts(kind: OrgKind) -> &'static KindFacts {
    match data().kinds.get(&kind) {
        Some(f) => f,
        None => panic!("data/org_kinds.yaml has no entry for `{}`", kind.key()),
    }
}

/// Where the article of a name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleSource {
    /// `organisation.article`.
    Written,
    /// The first word of the name (`nouns` of the data file).
    Name,
    /// The kind of body: a guess, which `check` reports.
    Kind,
}

/// The article before the body's name, and where it comes from.
pub fn article(org: &Organisation) -> (Article, ArticleSource) {
    if let Some(a) = &org.article {
        return (a.value, ArticleSource::Written);
    }
    let first = org
        .name
        .value
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’' || c == '-' || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    match data().nouns.get(&first) {
        Some(a) => (*a, ArticleSource::Name),
        None => (facts(org.kind.value).article, ArticleSource::Kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_facts_and_a_distinct_init_name() {
        let mut names = std::collections::BTreeSet::new();
        for kind in OrgKind::ALL {
            let f = facts(*kind);
            assert!(names.insert(f.init.as_str()), "two kinds named {}", f.init);
            assert!(!f.example.is_empty() && !f.body.is_empty() && !f.act.is_empty());
        }
        assert_eq!(data().kinds.len(), OrgKind::ALL.len());
    }

    fn org(yaml: &str) -> Organisation {
        match serde_saphyr::from_str::<Organisation>(yaml) {
            Ok(o) => o,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_article_is_written_else_from_the_name_else_from_the_kind() {
        let cases = [
            (
                "name: Presidenza del Consiglio dei ministri\nkind: ministero",
                Article::La,
                ArticleSource::Name,
            ),
            (
                "name: UNIVERSITA' DI ESEMPIO\nkind: altro",
                Article::Elided,
                ArticleSource::Name,
            ),
            (
                "name: Roma Capitale\nkind: comune",
                Article::Il,
                ArticleSource::Kind,
            ),
            (
                "name: Roma Capitale\nkind: comune\narticle: none",
                Article::None,
                ArticleSource::Written,
            ),
            (
                "name: \"\"\nkind: regione",
                Article::La,
                ArticleSource::Kind,
            ),
        ];
        for (yaml, article, from) in cases {
            assert_eq!(super::article(&org(yaml)), (article, from), "{yaml}");
        }
    }

    #[test]
    fn nouns_are_lower_case_single_words() {
        for noun in data().nouns.keys() {
            assert_eq!(noun, &noun.to_lowercase());
            assert!(!noun.contains(' '), "{noun}");
        }
    }
}
