//! The documents say only what the data supports, whatever the policy leaves out.
//!
//! The example and the marker fixture are rendered again with each optional part removed in
//! turn: every key of every mapping and every item of every list, deleted one at a time (the
//! keys inside a list's items are walked in its first item, which stands for the others). A
//! variant that still passes `check` must build, and each of its Markdown documents must hold:
//!
//! - every heading has text of its own before the next heading of the same or a higher level;
//! - a sentence that leads into a list or table (ends with `:`) is followed by one;
//! - a table has at least one row;
//! - no phrase that states a fact appears without the data that fact comes from.
//!
//! It uses the in-memory path (`markdown_str`): no files, no HTML or PDF.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde_json::Value;
use smpolicy::compile::markdown_str;
use smpolicy::render::markdown_options;

/// The YAML of every file of `dir` (relative to the crate), merged into one mapping.
fn merged(dir: &str) -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the folder exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut all = serde_json::Map::new();
    for f in files {
        let v: Value = serde_saphyr::from_str(&std::fs::read_to_string(&f).expect("read"))
            .expect("valid YAML");
        if let Value::Object(m) = v {
            all.extend(m);
        }
    }
    Value::Object(all)
}

/// One step from a node to one of its children.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The path of every key and list item under `v`.
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                out.push(here.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(s) => {
            for (i, child) in s.iter().enumerate() {
                here.push(Step::Index(i));
                out.push(here.clone());
                // The items of a list have the same shape: the parts of the first stand for
                // those of the others (each item itself is still removed in turn).
                if i == 0 {
                    paths(child, here, out);
                }
                here.pop();
            }
        }
        _ => {}
    }
}

/// `v` without the node at `path`.
fn without(v: &Value, path: &[Step]) -> Value {
    let mut v = v.clone();
    let (last, parent) = path.split_last().expect("a path has a step");
    let mut node = &mut v;
    for step in parent {
        node = match (step, node) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k).expect("path exists"),
            (Step::Index(i), Value::Array(s)) => &mut s[*i],
            _ => unreachable!("paths follow the value"),
        };
    }
    match (last, node) {
        (Step::Key(k), Value::Object(m)) => {
            m.shift_remove(k);
        }
        (Step::Index(i), Value::Array(s)) => {
            s.remove(*i);
        }
        _ => unreachable!("paths follow the value"),
    }
    v
}

fn show(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Every heading has text of its own before the next heading of the same or a higher level.
fn empty_headings(md: &str) -> Vec<String> {
    // (level, text) of each heading, and whether non-heading text follows it directly.
    let mut heads: Vec<(u8, String, bool)> = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(md, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                heads.push((level as u8, String::new(), false));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some(h) = heads.last_mut() {
                    h.1.push_str(&t);
                }
            }
            Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => {
                if let Some(h) = heads.last_mut() {
                    h.2 = true;
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, (level, text, _)) in heads.iter().enumerate() {
        // Own text, or text under a lower heading before the next one of this level or higher.
        let has = heads[i..]
            .iter()
            .enumerate()
            .take_while(|(j, h)| *j == 0 || h.0 > *level)
            .any(|(_, h)| h.2);
        if !has {
            out.push(format!("heading `{text}` has nothing under it"));
        }
    }
    out
}

/// A line that leads into a list or table (ends with `:`) is followed by one; a table has a
/// row under its header.
fn dangling_lines(md: &str) -> Vec<String> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let starts_block = |l: &str| {
        let t = l.trim_start();
        t.starts_with("- ")
            || t.starts_with('|')
            || t.starts_with('#')
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let level = |l: &str| l.chars().take_while(|c| *c == '#').count();
    let mut section = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with('#') {
            section = level(line);
        }
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        // What a lead may introduce: a list, a table, or the subsections of its section.
        let introduces = |l: &&str| starts_block(l) && (!l.starts_with('#') || level(l) > section);
        // The last line of a paragraph (not itself an item, a row or a heading) ending with
        // a colon; a colon inside a paragraph is ordinary punctuation.
        let ends_paragraph = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        let leads = ends_paragraph
            && line.trim_end().ends_with(':')
            && !starts_block(line)
            && !line.starts_with(' ');
        if leads && !next.is_some_and(introduces) {
            out.push(format!("`{line}` leads into nothing"));
        }
        if line.starts_with("|---") && !lines.get(i + 1).is_some_and(|l| l.starts_with('|')) {
            out.push(format!("table `{}` has no rows", lines[i - 1]));
        }
    }
    out
}

/// Phrases that state a fact, and the data each one needs: a path that must be present and
/// not empty (`a.b` for nested keys).
const NEEDS: &[(&str, &[&str])] = &[
    (
        "Tempi di risposta",
        // A time for one channel or account (`scoped`) answers it too.
        &["monitoring.response_time", "monitoring.scoped"],
    ),
    (
        "Rispondiamo a commenti e messaggi entro",
        &["monitoring.response_time"],
    ),
    (
        "Tempo di risposta dichiarato",
        &["monitoring.response_time"],
    ),
    (
        "**Quando leggiamo**",
        &[
            "monitoring.hours",
            "monitoring.continuous",
            "monitoring.scoped",
        ],
    ),
    (
        "Leggiamo commenti e messaggi in questi orari",
        &["monitoring.hours"],
    ),
    (
        "**Quando rispondiamo**: entro",
        &["monitoring.response_time"],
    ),
    ("**Se togliamo un tuo commento**", &["moderation.appeal"]),
    ("[Conservazione dei dati](#", &["privacy.retention"]),
    (
        "Per domande scrivi al Responsabile della protezione dei dati",
        &["privacy.dpo"],
    ),
    (
        "quali regole valgono",
        &["moderation.rules", "moderation.duties"],
    ),
    ("Per ogni regola trovi le azioni", &["moderation.rules"]),
    ("Ogni regola ha un codice fisso", &["moderation.rules"]),
    ("Nel moderare si cita il codice", &["moderation.rules"]),
    ("Come interveniamo", &["moderation.escalation"]),
    ("Che cosa ti chiediamo", &["moderation.duties"]),
    ("come trattiamo i tuoi dati", &["privacy"]),
    ("Questi sono gli unici account ufficiali", &["accounts"]),
    ("Pagine tematiche", &["organisation.topic_pages"]),
    ("Usiamo i social network per", &["purposes.items"]),
    ("Le leggi di riferimento", &["purposes.legal_basis"]),
    (
        "Dati trattati insieme alle piattaforme",
        &["privacy.joint_controllers"],
    ),
    ("Responsabile della protezione dei dati", &["privacy.dpo"]),
    ("Prossima revisione", &["adoption.review_months"]),
    ("Consultazione pubblica", &["adoption.consultation"]),
    ("Contatti fuori dai social", &["contacts", "not_for"]),
    ("Periodo elettorale", &["election_period"]),
];

fn present(v: &Value, path: &str) -> bool {
    let mut node = v;
    for key in path.split('.') {
        match node.get(key) {
            Some(n) => node = n,
            None => return false,
        }
    }
    match node {
        Value::Null => false,
        Value::Array(s) => !s.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => true,
    }
}

fn unsupported(v: &Value, md: &str) -> Vec<String> {
    let mut out: Vec<String> = NEEDS
        .iter()
        .filter(|(phrase, needs)| md.contains(phrase) && !needs.iter().any(|n| present(v, n)))
        .map(|(phrase, needs)| format!("says `{phrase}` without {}", needs.join(" or ")))
        .collect();
    // Claims about every item of a list hold for every item.
    let rules = v
        .pointer("/moderation/rules")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let every_rule_acts = rules.iter().all(|r| {
        r.get("actions")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    });
    let claim = "Per ogni regola sono indicate le azioni";
    if md.contains(claim) && !every_rule_acts {
        out.push(format!("says `{claim}` but a rule has no actions"));
    }
    out
}

/// Renders `v`; the problems of its documents, or none when it does not pass `check`.
fn problems(v: &Value) -> Result<Vec<String>, ()> {
    let yaml = serde_saphyr::to_string(v).expect("serialises");
    let Ok(docs) = markdown_str(&yaml, None) else {
        return Err(());
    };
    let mut out = Vec::new();
    for doc in docs {
        let md = &doc.markdown;
        for p in empty_headings(md)
            .into_iter()
            .chain(dangling_lines(md))
            .chain(unsupported(v, md))
        {
            out.push(format!("{} ({}): {p}", doc.kind.name(), doc.lang));
        }
    }
    Ok(out)
}

fn each_part_removed(dir: &str) {
    let full = merged(dir);
    assert_eq!(problems(&full), Ok(vec![]), "{dir} as it is");
    let mut all = Vec::new();
    paths(&full, &mut Vec::new(), &mut all);
    let results: Vec<(String, Result<Vec<String>, ()>)> = all
        .par_iter()
        .map(|path| (show(path), problems(&without(&full, path))))
        .collect();
    let built = results.iter().filter(|(_, r)| r.is_ok()).count();
    // Most single removals are allowed: if none built, the walk tested nothing.
    assert!(
        built * 2 > results.len(),
        "{built} of {} built",
        results.len()
    );
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|(path, r)| r.ok().filter(|p| !p.is_empty()).map(|p| (path, p)))
        .map(|(path, p)| format!("without {path}:\n  {}", p.join("\n  ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_example_with_each_part_removed_says_nothing_unsupported() {
    each_part_removed("policy-src/comune-di-valdoria");
}

#[test]
fn the_marker_fixture_with_each_part_removed_says_nothing_unsupported() {
    each_part_removed("tests/fixtures/markers/ente-marcato");
}

/// The bodies of the test corpus (a ministry department, a prefecture, a national institute,
/// a research body, a university, a small comune), each written the way such bodies write.
#[test]
fn the_corpus_bodies_with_each_part_removed_say_nothing_unsupported() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/corpus")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 6, "only {names:?} in tests/corpus");
    for name in names {
        each_part_removed(&format!("tests/corpus/{name}"));
    }
}

/// The checks themselves catch what they are for.
#[test]
fn the_checks_catch_an_empty_heading_a_dangling_lead_and_an_unsupported_phrase() {
    assert_eq!(
        empty_headings("# A\n\ntext\n\n## B\n\n## C\n\nx\n").len(),
        1
    );
    assert!(empty_headings("# A\n\n## B\n\ntext\n").is_empty());
    assert_eq!(dangling_lines("## S\n\nAzioni:\n\n## Next\n").len(), 1);
    assert!(dangling_lines("Questo vale:\nper tutti.\n").is_empty());
    assert!(dangling_lines("## A\n\nEcco:\n\n### B\n\nx\n").is_empty());
    assert_eq!(dangling_lines("### A\n\nEcco:\n\n### B\n\nx\n").len(), 1);
    assert!(dangling_lines("Azioni:\n\n1. Hide.\n").is_empty());
    assert_eq!(dangling_lines("| a |\n|---|\n\ntext\n").len(), 1);
    let v: Value = serde_json::json!({ "monitoring": { "hours": [] } });
    assert_eq!(unsupported(&v, "- **Quando leggiamo**: x").len(), 1);
    let v = serde_json::json!({ "moderation": { "rules": [{ "actions": ["hide"] }, { "id": "M-02" }] } });
    assert_eq!(
        unsupported(&v, "Per ogni regola sono indicate le azioni").len(),
        1
    );
}
