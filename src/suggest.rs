//! "Did you mean": the accepted value closest to one that was mistyped or said in other
//! words. A suggestion is only ever a hint: nothing here makes a value valid.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Other words for parts of values (`police` for `authorities`), from `data/synonyms.yaml`.
fn synonyms() -> &'static BTreeMap<String, String> {
    static MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        serde_saphyr::from_str(include_str!("../data/synonyms.yaml")).unwrap_or_default()
    })
}

/// `given` with each word (between `_`, `-` or spaces) replaced by the word of the values it
/// stands for, when the synonyms know it: `report_police` is read as `report_authorities`.
fn in_value_words(given: &str) -> String {
    let map = synonyms();
    let mut out = String::with_capacity(given.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        out.push_str(map.get(&lower).map_or(word.as_str(), String::as_str));
        word.clear();
    };
    for c in given.chars() {
        if matches!(c, '_' | '-' | ' ') {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The closest name among `candidates`, when it is close enough to be a typo, or when the
/// words of `given` say the same thing as a candidate in other words.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let translated = in_value_words(name);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let (spelled, said) = (
        name.replace([' ', '-'], "_"),
        translated.replace([' ', '-'], "_"),
    );
    if let Some(c) = candidates.iter().find(|c| **c == said || **c == spelled) {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| {
            let score = strsim::jaro_winkler(name, c).max(strsim::jaro_winkler(&translated, c));
            (score, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    const ACTIONS: &[&str] = &[
        "hide",
        "remove",
        "warn",
        "block",
        "ban",
        "report_platform",
        "report_authorities",
    ];

    #[test]
    fn a_value_said_in_other_words_suggests_the_value_meant() {
        let pick = |given| did_you_mean(given, ACTIONS.iter().copied());
        assert_eq!(pick("report_police"), Some("report_authorities"));
        assert_eq!(pick("report_polizia"), Some("report_authorities"));
        assert_eq!(pick("report-authorities"), Some("report_authorities"));
        assert_eq!(pick("delete"), Some("remove"));
        assert_eq!(pick("report_platfrom"), Some("report_platform"));
        assert_eq!(pick("sindaco"), None);
    }

    #[test]
    fn the_synonyms_file_reads_and_names_words_of_values() {
        assert!(super::synonyms().len() > 20);
        assert_eq!(
            super::synonyms().get("police").map(String::as_str),
            Some("authorities")
        );
    }
}
