//! Plain language, measured: the Gulpease index of each section of the citizen document,
//! the `hard-to-read` warning, its threshold, and the built-in wording.

mod common;

use std::path::Path;

use common::{bin, copy_tree, example_src, repo, tempdir};
use smpolicy::readability;

fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = bin()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run smpolicy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

/// The example copied into a temporary project: (project, organisation folder).
fn example_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempdir();
    let org = dir.path().join("policy-src/comune-di-valdoria");
    copy_tree(&example_src().join("comune-di-valdoria"), &org);
    (dir, org)
}

fn external_md(project: &Path) -> String {
    let (code, err) = run(&["build", "policy-src", "--formats", "md"], project);
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(project.join("out/comune-di-valdoria/public/it/external.md"))
        .expect("external.md")
}

#[test]
fn every_section_of_the_example_reads_at_60_or_more() {
    let (dir, _) = example_project();
    let md = external_md(dir.path());
    let sections = readability::sections(&md, readability::index("it").expect("Italian"));
    assert!(sections.len() >= 8, "{sections:?}");
    for s in &sections {
        let g = s.score.expect("a section with words");
        assert!(g >= 60, "\"{}\" scores {g}: {:?}", s.title, s.counts);
    }
}

#[test]
fn the_build_summary_gives_every_section_its_index() {
    let (dir, _) = example_project();
    let (code, err) = run(&["build", "policy-src", "--formats", "md"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("readability of the external policy (index per section"),
        "{err}"
    );
    let md = std::fs::read_to_string(
        dir.path()
            .join("out/comune-di-valdoria/public/it/external.md"),
    )
    .unwrap();
    for s in readability::sections(&md, readability::index("it").expect("Italian")) {
        let line = format!("{:>3}  {}", s.score.unwrap(), s.title);
        assert!(err.contains(&line), "missing `{line}` in:\n{err}");
    }
}

/// Officer-typed text, found as runs of six words of the YAML source in a sentence.
fn officer_words(src: &Path) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        out.push(words(&text));
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_officer_text(sentence: &[String], officer: &[Vec<String>]) -> bool {
    sentence
        .windows(6)
        .any(|run| officer.iter().any(|file| file.windows(6).any(|w| w == run)))
}

/// Prose lines of the Markdown, without headings, tables and the document's data list.
fn sentences(md: &str) -> Vec<String> {
    let mut text = String::new();
    for line in md.lines() {
        if line.starts_with('#') || line.starts_with('|') || line.starts_with("- **Ente") {
            continue;
        }
        text.push_str(line);
        text.push(if line.trim().is_empty() { '\n' } else { ' ' });
    }
    let mut out = Vec::new();
    for block in text.split('\n') {
        let mut current = String::new();
        for token in block.split_whitespace() {
            current.push_str(token);
            current.push(' ');
            let end = token.trim_end_matches(['*', ')', '"']);
            if end.ends_with(['.', '!', '?']) && !end.ends_with("art.") && !end.ends_with("n.") {
                out.push(std::mem::take(&mut current));
            }
        }
        if !current.trim().is_empty() {
            out.push(current);
        }
    }
    out
}

/// The text without the targets of links (`](...)`) and without autolinks (`<...>`).
fn without_targets(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['(', '<']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let close = if tail.starts_with('<') { '>' } else { ')' };
        let is_target = close == '>' || head.ends_with(']');
        match (is_target, tail.find(close)) {
            (true, Some(j)) => rest = &tail[j + 1..],
            _ => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn no_template_sentence_is_longer_than_25_words() {
    let (dir, org) = example_project();
    let md = external_md(dir.path());
    let officer = officer_words(&org);
    let mut long = Vec::new();
    for s in sentences(&md) {
        // Link targets are not words a reader reads.
        let w = words(&without_targets(&s));
        if !is_officer_text(&w, &officer) && w.len() > 25 {
            long.push(format!("{} words: {s}", w.len()));
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn acronyms_are_expanded_at_their_first_use() {
    let (dir, _) = example_project();
    let md = external_md(dir.path());
    let expansions = [
        ("PEC", "posta elettronica certificata"),
        ("GDPR", "Regolamento generale sulla protezione dei dati"),
        ("RPD", "Responsabile della protezione dei dati"),
        ("URP", "Ufficio Relazioni con il Pubblico"),
        ("UE", "Unione europea"),
    ];
    for (acronym, long) in expansions {
        let at = md
            .match_indices(acronym)
            .find(|(i, _)| {
                let before = md[..*i].chars().last().is_none_or(|c| !c.is_alphanumeric());
                let after = md[i + acronym.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                before && after
            })
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{acronym} is not used"));
        let from = md[..at].char_indices().rev().nth(150).map_or(0, |(i, _)| i);
        let to = md[at..]
            .char_indices()
            .nth(60)
            .map_or(md.len(), |(i, _)| at + i);
        assert!(
            md[from..to].contains(long),
            "{acronym} first used without \"{long}\": ...{}...",
            &md[from..to]
        );
    }
}

#[test]
fn the_in_breve_block_comes_first_and_says_only_what_the_data_says() {
    let (dir, org) = example_project();
    let md = external_md(dir.path());
    let first = md.find("\n## ").unwrap();
    assert_eq!(&md[first..first + 13], "\n## In breve\n");
    let block = &md[first..md[first + 4..].find("\n## ").unwrap() + first + 4];
    for needle in [
        "- **Per contattarci**: Ufficio Relazioni con il Pubblico (URP), email [urp@comune.valdoria.it]",
        "- **Quando leggiamo**: dal lunedì al venerdì dalle 08:30 alle 18:00; sabato dalle 09:00 alle 13:00.",
        "- **Quando rispondiamo**: entro 2 giorni lavorativi.",
        "Ai messaggi privati rispondiamo entro 1 giorno lavorativo.",
        "[come contestare](#come-contestare)",
        "[Conservazione dei dati](#conservazione-dei-dati)",
        "[rpd@comune.valdoria.it](mailto:rpd@comune.valdoria.it)",
    ] {
        assert!(block.contains(needle), "no `{needle}` in:\n{block}");
    }
    // Each rule links to how to contest.
    assert_eq!(
        md.matches("Non sei d'accordo? Leggi [come contestare](#come-contestare).")
            .count(),
        10
    );

    // Without a response time, an appeal or a retention period, their lines go.
    let edit = |file: &str, from: &str, to: &str| {
        let path = org.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let moderation = std::fs::read_to_string(org.join("moderation.yaml")).unwrap();
    let appeal = &moderation[moderation.find("  appeal: |-").unwrap()..];
    edit("moderation.yaml", appeal, "");
    edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n    unit: working_days\n",
        "",
    );
    let policy = std::fs::read_to_string(org.join("policy.yaml")).unwrap();
    let start = policy.find("  retention: |-").unwrap();
    let end = start + policy[start..].find("  rights: |-").unwrap();
    edit("policy.yaml", &policy[start..end], "");
    std::fs::write(
        org.join("ack.yaml"),
        "acknowledged:\n  - warning: no-response-time\n    reason: Nessun tempo garantito.\n",
    )
    .unwrap();
    let md = external_md(dir.path());
    assert!(!md.contains("come contestare"), "{md}");
    assert!(!md.contains("Conservazione dei dati"), "{md}");
    assert!(!md.contains("**Quando rispondiamo**: entro"), "{md}");
    assert!(
        md.contains(
            "**Quando rispondiamo**:\n  Ai messaggi privati rispondiamo entro 1 giorno lavorativo."
        ),
        "{md}"
    );
}

#[test]
fn the_table_of_contents_fits_a_phone_screen() {
    let (dir, _) = example_project();
    let (code, err) = run(&["build", "policy-src", "--formats", "html"], dir.path());
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(
        dir.path()
            .join("out/comune-di-valdoria/public/it/external.html"),
    )
    .unwrap();
    let nav = &html[html.find("<nav class=\"toc\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let entries = nav.matches("<li>").count();
    assert!((5..=10).contains(&entries), "{entries} entries: {nav}");
    assert!(!nav.contains("M-0"), "{nav}");
    // The targeted rule stands out, whether the id is on the heading or on an anchor before it.
    assert!(html.contains("h3:target, :target + h3"), "no :target rule");
}

const HARD: &str = "L'amministrazione comunale provvede all'adempimento degli obblighi informativi \
conseguenti all'approvazione dell'aggiornamento regolamentare, assicurando l'interoperabilità \
procedimentale delle articolazioni organizzative competenti nell'ottemperanza alle disposizioni \
legislative sopravvenute e alle determinazioni dirigenziali conseguenziali.";

#[test]
fn hard_officer_text_is_warned_with_its_figures_and_can_be_acknowledged() {
    let (dir, org) = example_project();
    let path = org.join("policy.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("    description: |-\n      L'Ufficio lavora")
        .unwrap();
    let end = start + text[start..].find("    email:").unwrap();
    let text = format!(
        "{}    description: \"{HARD}\"\n{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&path, &text).unwrap();
    let (code, err) = run(&["check", "policy-src", "--deny-warnings"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("warning[hard-to-read]: the section \"Chi gestisce gli account\" of the external policy (it) is hard to read: Gulpease index"),
        "{err}"
    );
    assert!(err.contains("under the threshold of 60"), "{err}");
    // Only that section.
    assert_eq!(err.matches("warning[hard-to-read]").count(), 1, "{err}");

    std::fs::write(
        org.join("ack.yaml"),
        "acknowledged:\n  - warning: hard-to-read\n    about: Chi gestisce gli account\n    reason: Testo richiesto dal regolamento interno.\n",
    )
    .unwrap();
    let (code, err) = run(&["check", "policy-src", "--deny-warnings"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("acknowledged[hard-to-read]"), "{err}");
    // An acknowledgement about another section matches nothing, and says so.
    std::fs::write(
        org.join("ack.yaml"),
        "acknowledged:\n  - warning: hard-to-read\n    about: In breve\n    reason: Testo richiesto.\n",
    )
    .unwrap();
    let (code, err) = run(&["check", "policy-src", "--deny-warnings"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("warning[hard-to-read]"), "{err}");
    assert!(err.contains("warning[unused-acknowledgement]"), "{err}");
}

#[test]
fn the_threshold_is_the_organisations_to_set() {
    let (dir, org) = example_project();
    // The example's `publishing` section (its fragment options) gets the setting.
    let policy = std::fs::read_to_string(org.join("policy.yaml")).unwrap();
    let setting = |n: &str| {
        std::fs::write(
            org.join("policy.yaml"),
            policy.replace(
                "publishing:\n",
                &format!("publishing:\n  readability:\n    min_gulpease: {n}\n"),
            ),
        )
        .unwrap();
    };
    setting("95");
    let (code, err) = run(&["check", "policy-src"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("under the threshold of 95"), "{err}");
    let line = policy
        .lines()
        .position(|l| l == "publishing:")
        .map_or(0, |i| i + 3);
    assert!(
        err.contains(&format!("policy.yaml:{line}:19: warning[hard-to-read]")),
        "the warning points at the setting: {err}"
    );
    setting("0");
    let (code, err) = run(&["check", "policy-src", "--deny-warnings"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("hard-to-read"), "{err}");
    setting("101");
    let (code, err) = run(&["check", "policy-src"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[out-of-range]"), "{err}");
    setting("sessanta");
    let (code, _) = run(&["check", "policy-src"], dir.path());
    assert_eq!(code, 1);
    let _ = repo();
}

/// The example as a bilingual body (`languages: [it, <lang>]`) with a project template set
/// for `<lang>`: the Italian one with its component names moved to the language, and
/// `external` as given.
fn bilingual_project(lang: &str, external: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, org) = example_project();
    let policy = std::fs::read_to_string(org.join("policy.yaml")).unwrap();
    let policy = policy.replacen("languages: [it]", &format!("languages: [it, {lang}]"), 1);
    std::fs::write(org.join("policy.yaml"), policy).unwrap();
    let to = dir.path().join("templates").join(lang);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(repo().join("templates/it")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Components are named by language (`it.duration`): the copy gets its own names.
        let text = text
            .replace("component it.", &format!("component {lang}."))
            .replace("<it.", &format!("<{lang}."));
        std::fs::write(to.join(path.file_name().unwrap()), text).unwrap();
    }
    std::fs::write(to.join("external.md.tera"), external).unwrap();
    (dir, org)
}

const GERMAN: &str = "# Social-Media-Richtlinie\n\n## Über uns\n\n\
Die Gemeinde ist auf Social Media. Wir beantworten Fragen. Wir lesen jeden Tag.\n\n\
## Regeln\n\n\
Die Gemeindeverwaltung veröffentlicht Informationen über Veranstaltungen, Dienstleistungen \
und Bekanntmachungen auf ihren offiziellen Kommunikationskanälen unter Berücksichtigung der \
einschlägigen datenschutzrechtlichen Bestimmungen.\n";

/// A German document is measured with Flesch-Amstad (words a sentence, syllables a word),
/// warned below the threshold, and its threshold is the organisation's to set.
#[test]
fn another_language_is_measured_with_its_own_index() {
    let (dir, org) = bilingual_project("de", GERMAN);
    let (code, err) = run(&["build", "policy-src", "--formats", "md"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[hard-to-read]: the section \"Regeln\" of the external policy (de) is hard to read: Flesch-Amstad index 0, under the threshold of 60 (19 words, 1 sentences, 3.7 syllables a word)"),
        "{err}"
    );
    assert!(
        !err.contains("\"Über uns\" of the external policy"),
        "{err}"
    );
    // Über uns: 13 words, 3 sentences, 22 syllables by rule ("beantworten" 3: `ea` is one
    // run of vowels): 180 − 13/3 − 58.5 × 22/13 = 76.7.
    assert!(
        err.contains("public/de/external.md (Flesch-Amstad, threshold 60, 1 section(s) under it):"),
        "{err}"
    );
    assert!(err.contains("     77  Über uns\n"), "{err}");
    assert!(
        err.contains("      0  Regeln  under the threshold"),
        "{err}"
    );
    // Italian keeps Gulpease.
    assert!(
        err.contains("public/it/external.md (Gulpease, threshold 60):"),
        "{err}"
    );

    let policy = std::fs::read_to_string(org.join("policy.yaml")).unwrap();
    let setting = |s: &str| {
        std::fs::write(
            org.join("policy.yaml"),
            policy.replace(
                "publishing:\n",
                &format!("publishing:\n  readability:\n{s}"),
            ),
        )
        .unwrap();
    };
    setting("    min_score: { de: 0 }\n");
    let (code, err) = run(&["check", "policy-src", "--deny-warnings"], dir.path());
    assert_eq!(code, 0, "{err}");
    setting("    min_score: { de: 90 }\n");
    let (code, err) = run(&["check", "policy-src"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("under the threshold of 90"), "{err}");
    assert_eq!(err.matches("warning[hard-to-read]").count(), 2, "{err}");
    // Italian has its own key; a language the policy lacks is refused; so is one out of range.
    for (bad, says) in [
        ("    min_score: { it: 50 }\n", "whose index is Gulpease"),
        (
            "    min_score: { fr: 50 }\n",
            "which is not among the policy's languages",
        ),
        ("    min_score: { de: 101 }\n", "error[out-of-range]"),
    ] {
        setting(bad);
        let (code, err) = run(&["check", "policy-src"], dir.path());
        assert_eq!(code, 1, "{bad}: {err}");
        assert!(err.contains(says), "{bad}: {err}");
    }
}

/// A language the data file has no index for is said not to be measured, never scored
/// with another language's index.
#[test]
fn a_language_without_an_index_is_said_not_measured() {
    let (dir, _) = bilingual_project(
        "sl",
        "# Pravila\n\n## O nas\n\nObčina je na družbenih omrežjih.\n",
    );
    let (code, err) = run(&["build", "policy-src", "--formats", "md"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("public/sl/external.md: not measured (no readability index for `sl` in data/readability.yaml; measured: de, en, es, fr, it)"),
        "{err}"
    );
    assert!(!err.contains("(sl) is hard to read"), "{err}");
}

/// Templates that cannot be parsed: `check` fails as the build would, once, not silently.
#[test]
fn check_reports_templates_that_cannot_be_parsed() {
    let (dir, _) = example_project();
    let to = dir.path().join("templates/de");
    std::fs::create_dir_all(&to).unwrap();
    // A copy that still names its components `it.`: two definitions of each.
    std::fs::copy(
        repo().join("templates/it/components.tera"),
        to.join("components.tera"),
    )
    .unwrap();
    let (code, err) = run(&["check", "policy-src"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("error[template]").count(), 1, "{err}");
    assert!(err.contains("is defined in both"), "{err}");
}
