//! The test corpus (`tests/corpus/`): fictional public bodies of the kinds that differ most
//! from a comune, each written the way such a body really writes its policy (what it states,
//! and what it leaves unstated). For every folder, through the binary as an officer runs it:
//! `check --deny-warnings` exits 0, `build` exits 0, and the rendered Markdown says the
//! body's facts correctly (three sentences each, most of them false or wrong Italian in
//! earlier versions). `tests/corpus/README.md` describes each body.
//!
//! Bodies that cannot pass yet, because the schema lacks a field they need, are listed in
//! [`PENDING`] with the reason and the failures they show today: the test fails if such a
//! body starts passing (remove it from the list), stops showing one of its failures, or
//! fails in a way its entry does not name.

mod common;

use std::path::{Path, PathBuf};

/// A fact one rendered document must show.
enum Says {
    /// The document contains this text.
    Has(Doc, &'static str),
    /// The document does not contain this text.
    Lacks(Doc, &'static str),
    /// The document is not built at all (the body has no such policy).
    NoDocument(Doc),
}

#[derive(Clone, Copy, Debug)]
enum Doc {
    External,
    Internal,
    /// Every text file citizens may get: the public folder's Markdown, HTML and JSON.
    Public,
}

impl Doc {
    fn path(self, out: &Path, org: &str) -> PathBuf {
        match self {
            Doc::External => out.join(org).join("public/it/external.md"),
            Doc::Internal => out.join(org).join("internal/it/internal.md"),
            Doc::Public => out.join(org).join("public"),
        }
    }

    /// The document's text; for [`Doc::Public`], every text file of the public folder
    /// (the PDF is left out: its text is compressed).
    fn read(self, out: &Path, org: &str) -> Option<String> {
        let path = self.path(out, org);
        if !matches!(self, Doc::Public) {
            return std::fs::read_to_string(path).ok();
        }
        let mut text = String::new();
        for entry in walkdir::WalkDir::new(&path).sort_by_file_name() {
            let entry = entry.ok()?;
            let p = entry.path();
            if entry.file_type().is_file() && p.extension().is_none_or(|e| e != "pdf") {
                text.push_str(&std::fs::read_to_string(p).ok()?);
            }
        }
        (!text.is_empty()).then_some(text)
    }
}

use Doc::{External, Internal, Public};
use Says::{Has, Lacks, NoDocument};

/// Every organisation of the corpus (one folder of `tests/corpus/` each) and what its
/// documents must say.
const ORGS: &[(&str, &[Says])] = &[
    (
        "comune-di-roccafonda",
        &[
            // A comune with no moderation rules: no rules are announced.
            Has(
                External,
                "Questa policy spiega come il Comune di Roccafonda usa i social network.\nDice come trattiamo i tuoi dati",
            ),
            Lacks(External, "Regole di moderazione"),
            // No hours, no response time promised: no section pretends otherwise.
            Lacks(External, "rispondiamo"),
            // No internal policy: no internal document, where the old one said that the
            // comune's moderation rules and hours (it has neither) held for its staff, that
            // it held staff data, and that each account's manager was "da assegnare".
            NoDocument(Internal),
        ],
    ),
    (
        "dipartimento-transizione-amministrativa",
        &[
            Has(
                External,
                "# Social media policy del Dipartimento per la transizione amministrativa",
            ),
            Lacks(
                External,
                "# Social media policy di Dipartimento per la transizione amministrativa",
            ),
            Has(
                External,
                "Questa policy spiega come il Dipartimento per la transizione amministrativa usa i social network.",
            ),
            Lacks(
                External,
                "Questa policy spiega come Dipartimento per la transizione amministrativa usa",
            ),
            // A Servizio, not an office.
            Has(
                External,
                "Chi gestisce gli account ufficiali: **Servizio per la comunicazione istituzionale**.",
            ),
            Has(
                External,
                "Puoi riusare i contenuti che il Dipartimento per la transizione amministrativa pubblica sui propri account",
            ),
            Lacks(
                External,
                "I contenuti che Dipartimento per la transizione amministrativa pubblica",
            ),
            // Published on the website, with no numbered act and no adopting organ.
            Has(
                External,
                "- Pubblicata sul sito il 30/06/2025: <https://www.transizioneamministrativa.gov.it/social-media-policy>",
            ),
            Lacks(External, "Atto di adozione"),
            Lacks(External, "Organo che ha adottato"),
            // Two contents of kind `other`, each under its own name.
            Has(External, "- **Dati e rapporti**:"),
            Has(External, "- **Video e dirette degli eventi**:"),
            // The department answers when it chooses: no promise of an answer.
            Has(
                External,
                "Non garantiamo un tempo di risposta a commenti e messaggi.",
            ),
            Lacks(External, "in quanto tempo rispondiamo"),
            // One ladder, its conditional steps said as conditional.
            Has(
                External,
                "1. Rimuovere il contenuto.\n2. Bloccare l'utente, in caso di violazioni ripetute.\n3. Segnalare alle autorità competenti, se necessario.",
            ),
            Lacks(External, "nell'ordine in cui le applichiamo"),
            // No internal policy is published: no internal document.
            NoDocument(Internal),
        ],
    ),
    (
        "prefettura-valdoria",
        &[
            Has(
                External,
                "# Social media policy della Prefettura - Ufficio territoriale del Governo di Valdoria",
            ),
            Lacks(External, "# Social media policy di Prefettura"),
            Has(
                External,
                "Questa policy spiega come la Prefettura - Ufficio territoriale del Governo di Valdoria usa i social network",
            ),
            Has(
                External,
                "Sugli account della Prefettura - Ufficio territoriale del Governo di Valdoria trovi:",
            ),
            Lacks(External, "Sugli account di Prefettura"),
            // An Area, not an office.
            Has(
                External,
                "Chi gestisce gli account ufficiali: **Area di Gabinetto - Comunicazione istituzionale**.\nPuoi scrivere a [comunicazione@prefettura.valdoria.it]",
            ),
            // The ladder is "warn when possible, report if a crime": never every step, always.
            Has(
                External,
                "1. Avvisare l'autore, quando possibile.\n2. Rimuovere il contenuto.\n3. Segnalare alle autorità competenti, se necessario.",
            ),
            Lacks(External, "nell'ordine in cui le applichiamo"),
            Has(
                External,
                "Non garantiamo un tempo di risposta a commenti e messaggi.",
            ),
            // Its rules for staff are the Ministry's, not in this policy: no internal document.
            NoDocument(Internal),
        ],
    ),
    (
        "istituto-previdenza-marittimi",
        &[
            Has(
                External,
                "# Social media policy dell'Istituto nazionale per la previdenza dei marittimi",
            ),
            // The staff-only group of the editorial team is never listed to citizens: not in
            // the documents, not in policy.json or accounts.json.
            Lacks(Public, "redazionesocialprevmar"),
            Has(
                External,
                "Questa policy spiega come l'Istituto nazionale per la previdenza dei marittimi usa i social network.",
            ),
            Lacks(External, "Questa policy spiega come Istituto nazionale"),
            // A Direzione centrale, not an office.
            Has(
                External,
                "Chi gestisce gli account ufficiali: **Direzione centrale Comunicazione**.\nPuoi scrivere a [social@previdenzamarittimi.it]",
            ),
            // Topic pages run by central directorates, not by "servizi".
            Has(
                External,
                "Alcuni uffici dell'ente curano pagine sui propri temi",
            ),
            // The 3 working days hold for private messages only, not for comments.
            Has(
                External,
                "Ai messaggi privati dell'account Facebook [Previdenza Marittimi - Pensioni (previdenzamarittimipensioni)](https://www.facebook.com/previdenzamarittimipensioni) rispondiamo entro **3 giorni lavorativi**.",
            ),
            Lacks(External, "Rispondiamo a commenti e messaggi entro"),
            // User duties apart from removal criteria.
            Has(
                External,
                "### Che cosa ti chiediamo\n\n- Leggi il post e i link prima di fare una domanda.",
            ),
            // Two contents of kind `other`, each named; a freephone number with its note.
            Has(External, "- **Avvisi contro le truffe**:"),
            Has(External, "- **Dati e bilanci sociali**:"),
            Lacks(External, "- **Altri contenuti**:"),
            Has(External, "- Numero verde: [800 112 233](tel:800112233)"),
            Has(
                External,
                "Gratuito da rete fissa; da cellulare la chiamata è a pagamento.",
            ),
            Has(External, "- App: <https://www.previdenzamarittimi.it/app>"),
        ],
    ),
    (
        "istituto-ricerca-acque",
        &[
            Has(
                External,
                "# Social media policy dell'Istituto nazionale di ricerca sulle acque",
            ),
            // The open day was held three years after the adoption, on one day.
            Has(
                External,
                "Dopo l'adozione di questa versione c'è stata una consultazione pubblica il 05/02/2025.",
            ),
            Has(
                External,
                "Questa policy spiega come l'Istituto nazionale di ricerca sulle acque usa i social network.",
            ),
            Lacks(External, "Questa policy spiega come Istituto nazionale"),
            Has(
                Internal,
                "Questo disciplinare stabilisce come l'Istituto nazionale di ricerca sulle acque gestisce i propri account social",
            ),
            Lacks(
                Internal,
                "Questo disciplinare stabilisce come Istituto nazionale",
            ),
            // Rules adopted in 2022 do not cite a decree of 2023.
            Has(
                Internal,
                "Il [Codice di comportamento dei dipendenti pubblici (DPR 16 aprile 2013, n. 62)](https://www.normattiva.it/uri-res/N2Ls?urn:nir:presidente.repubblica:decreto:2013-04-16;62)\nstabilisce i doveri",
            ),
            Lacks(Internal, "DPR 13 giugno 2023, n. 81"),
            Lacks(Internal, "come modificato dal"),
            // The project account is run by the project's referent, not by an office.
            Has(
                External,
                "- **Referente del progetto LAGUNA-NET**: [LAGUNA-NET project (@LagunaNetEU)](https://x.com/LagunaNetEU)",
            ),
            Has(
                External,
                "Non garantiamo un tempo di risposta a commenti e messaggi.",
            ),
            // The staff-only group is in the internal document only.
            Lacks(Public, "ricercaacquepersonale"),
            Has(Internal, "ricercaacquepersonale"),
        ],
    ),
    (
        "universita-valdoria",
        &[
            Has(
                External,
                "# Social media policy dell'Università degli studi di Valdoria",
            ),
            Has(
                External,
                "Gli altri profili con il nome o il logo dell'ente non sono ufficiali.",
            ),
            // The accounts are run by an Area, not by an office.
            Has(
                External,
                "Chi gestisce gli account ufficiali: **Area Comunicazione e Relazioni esterne**.\nPuoi scrivere a [social@univaldoria.it]",
            ),
            // A department and a service run topic pages: "strutture", not "servizi".
            Has(
                External,
                "Alcuni uffici dell'ente curano pagine sui propri temi",
            ),
            // The block is for repeat offenders only: a conditional step of one ladder.
            Has(
                External,
                "2. Bloccare l'utente, in caso di violazioni ripetute.",
            ),
            Lacks(External, "nell'ordine in cui le applichiamo"),
            Lacks(
                Internal,
                "| U-1 | Offese e molestie | rimuovere il contenuto |",
            ),
            // The 2 working days hold for private messages, not for comments.
            Has(
                External,
                "Ai messaggi privati dell'account Instagram [UniValdoria (@univaldoria)](https://www.instagram.com/univaldoria/) rispondiamo entro **2 giorni lavorativi**.",
            ),
            Lacks(External, "Rispondiamo a commenti e messaggi entro"),
        ],
    ),
];

/// Sentences earlier versions printed for bodies of any kind, which no body's external
/// policy may say: the managing structure called an office whatever it is ("Ufficio che
/// gestisce gli account ufficiali: **Area ...**", "Puoi scrivere all'ufficio"), and topic
/// pages said to be run by "servizi" when departments and directorates run them.
const NEVER: &[&str] = &[
    "Ufficio che gestisce gli account ufficiali",
    "Puoi scrivere all'ufficio",
    "Alcuni servizi curano pagine dedicate",
];

/// Bodies that cannot pass yet: (organisation, why, the failures it shows today, each named
/// by a piece of its text). Remove an entry when the fields it waits for land and its YAML
/// uses them (mark the facts it waits for with `TODO` comments in its files). Every body
/// of the corpus passes today: the list is empty.
const PENDING: &[(&str, &str, &[&str])] = &[];

fn corpus() -> PathBuf {
    common::repo().join("tests/corpus")
}

/// 2026-12-01, so that `review-overdue` reads the same day on any date the test runs.
const TODAY: &str = "1796083200";

/// Checks and builds one organisation, and returns what is wrong, one line each.
fn failures(org: &str, says: &[Says]) -> Vec<String> {
    let src = corpus().join(org);
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let src_arg = src.to_str().expect("UTF-8 path");
    let out_arg = out.to_str().expect("UTF-8 path");
    let env = [("SOURCE_DATE_EPOCH", Path::new(TODAY))];
    let check = common::run_env(&["check", "--deny-warnings", src_arg], tmp.path(), &env);
    // One line per problem `check` reports (`file:line:column: error[code]: ...`), so that
    // a PENDING body is held to the problems its entry names.
    let mut wrong: Vec<String> = format!("{}{}", check.stdout, check.stderr)
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .map(|l| format!("check: {l}"))
        .collect();
    if check.code != 0 && wrong.is_empty() {
        wrong.push(format!(
            "`check --deny-warnings` exited {}:\n{}{}",
            check.code, check.stdout, check.stderr
        ));
    }
    if check.code != 0 {
        // `build` would refuse for the same reasons: nothing to read.
        return wrong;
    }
    let build = common::run_env(&["build", src_arg, "--out", out_arg], tmp.path(), &env);
    if build.code != 0 {
        wrong.push(format!(
            "`build` exited {}:\n{}{}",
            build.code, build.stdout, build.stderr
        ));
        return wrong;
    }
    let never: Vec<Says> = NEVER.iter().map(|t| Lacks(External, t)).collect();
    for s in says.iter().chain(&never) {
        let (doc, text, present) = match s {
            Has(doc, text) => (*doc, Some(*text), true),
            Lacks(doc, text) => (*doc, Some(*text), false),
            NoDocument(doc) => (*doc, None, false),
        };
        let path = doc.path(&out, org);
        let Some(text) = text else {
            if path.exists() {
                wrong.push(format!("{doc:?} document is built: {}", path.display()));
            }
            continue;
        };
        let Some(md) = doc.read(&out, org) else {
            wrong.push(format!("{doc:?} document is missing: {}", path.display()));
            continue;
        };
        if md.contains(text) != present {
            let verb = if present { "lacks" } else { "says" };
            wrong.push(format!("{doc:?} document {verb} `{text}`"));
        }
    }
    wrong
}

#[test]
fn every_corpus_folder_is_listed_once() {
    let mut folders: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/corpus")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = ORGS.iter().map(|(o, _)| o.to_string()).collect();
    listed.sort();
    assert_eq!(
        folders, listed,
        "each folder of tests/corpus needs its facts in ORGS"
    );
    assert!(ORGS.len() >= 6, "the corpus holds at least six bodies");
    for (org, _, _) in PENDING {
        assert!(
            listed.iter().any(|o| o == org),
            "PENDING names `{org}`, not in the corpus"
        );
    }
    for (org, says) in ORGS {
        assert!(
            says.len() >= 3,
            "`{org}` needs at least three facts checked"
        );
    }
}

/// The marks of the `init` starter's values still to be replaced: a corpus body states its
/// facts, it is not a starter half filled in.
const PLACEHOLDERS: &[&str] = &["DA SOSTITUIRE", ".example", "n. 000", "+39 000", "Esempio"];

#[test]
fn corpus_bodies_hold_no_placeholder() {
    let mut found = Vec::new();
    for (org, _) in ORGS {
        for entry in std::fs::read_dir(corpus().join(org)).expect("org folder") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("YAML file");
            for mark in PLACEHOLDERS {
                for (n, line) in text.lines().enumerate() {
                    if line.contains(mark) {
                        found.push(format!("{}:{}: `{mark}`", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "placeholders left:\n{}", found.join("\n"));
}

#[test]
fn corpus_bodies_check_clean_build_and_say_their_facts() {
    // One thread per body: each runs its own check and build.
    let results: Vec<(&str, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = ORGS
            .iter()
            .map(|(org, says)| (*org, s.spawn(move || failures(org, says))))
            .collect();
        handles
            .into_iter()
            .map(|(org, h)| (org, h.join().expect("thread")))
            .collect()
    });
    let mut report = Vec::new();
    for (org, wrong) in results {
        let Some((_, why, shows)) = PENDING.iter().find(|(o, _, _)| *o == org) else {
            if !wrong.is_empty() {
                report.push(format!("{org}:\n  {}", wrong.join("\n  ")));
            }
            continue;
        };
        if wrong.is_empty() {
            report.push(format!(
                "{org} passes now: remove it from PENDING (it waited for: {why})"
            ));
            continue;
        }
        // Today's failures are exactly the ones its entry names: no other, and each one.
        let unexplained: Vec<&String> = wrong
            .iter()
            .filter(|w| !shows.iter().any(|s| w.contains(s)))
            .collect();
        let unseen: Vec<&&str> = shows
            .iter()
            .filter(|s| !wrong.iter().any(|w| w.contains(**s)))
            .collect();
        if !unexplained.is_empty() || !unseen.is_empty() {
            report.push(format!(
                "{org} is PENDING ({why}); failures its entry does not name:\n  {}\nnamed failures it no longer shows: {unseen:?}",
                unexplained.iter().map(|w| w.as_str()).collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}
