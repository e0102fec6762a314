//! The documents say only what the data says: each test removes or changes one fact of the
//! `init` starter and reads the sentence that depended on it.

mod officer;

use officer::{Project, STAFF_GROUP, built, has, lacks};

/// No response time: the heading does not promise to say how soon the body answers.
#[test]
fn no_response_time_no_heading_about_it() {
    let p = Project::starter("comune");
    let (ext, _) = built(&p);
    has(&ext, "## Orari e risposte");
    p.edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n    unit: working_days\n",
        "",
    );
    let (ext, int) = built(&p);
    has(&ext, "## Orari\n");
    lacks(&ext, "in quanto tempo rispondiamo");
    lacks(&int, "Tempo di risposta dichiarato");
}

/// A consultation held after the adoption, on one day, is not said to have preceded it.
#[test]
fn consultation_wording_follows_its_dates() {
    let p = Project::starter("comune");
    p.edit(
        "policy.yaml",
        "  review_months: 24\n",
        "  review_months: 24\n  consultation:\n    from: 2029-02-05\n    to: 2029-02-05\n",
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "Dopo l'adozione di questa versione c'è stata una consultazione pubblica il 05/02/2029.",
    );
    lacks(&ext, "preceduta da una consultazione");
    p.edit(
        "policy.yaml",
        "    from: 2029-02-05\n    to: 2029-02-05\n",
        "    from: 2026-11-01\n    to: 2026-11-30\n",
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "Prima di questa versione c'è stata una consultazione pubblica dal 01/11/2026 al 30/11/2026.",
    );
}

/// A comune has a stemma; an agency or a university has a logo.
#[test]
fn the_emblem_is_the_bodys_own() {
    let (ext, _) = built(&Project::starter("comune"));
    has(&ext, "il nome o lo stemma dell'ente");
    for kind in ["agenzia", "universita"] {
        let (ext, _) = built(&Project::starter(kind));
        has(&ext, "il nome o il logo dell'ente");
        lacks(&ext, "stemma");
    }
}

/// The internal document says it holds staff names and contacts only when it does, and
/// has no "Promemoria" heading with nothing under it.
#[test]
fn the_internal_document_says_what_it_holds() {
    let p = Project::starter("comune");
    let (_, int) = built(&p);
    has(&int, "contiene nomi e recapiti del personale");
    p.edit(
        "internal.yaml",
        "    # Chi ricopre il ruolo (facoltativo; compare solo nella policy interna).\n    holder:\n      name: Nome Cognome DA SOSTITUIRE\n      email: responsabile.comunicazione@nuovo-ente.example\n",
        "",
    );
    let (_, int) = built(&p);
    lacks(&int, "contiene nomi");
    has(&int, "**Documento a uso interno**: non va pubblicato.");

    // Without a response time or moderation rules, nothing to remind: no heading.
    p.edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n    unit: working_days\n",
        "",
    );
    let text = p.read("moderation.yaml");
    let start = text.find("\nmoderation:").unwrap() + 1;
    p.write("moderation.yaml", &text[..start]);
    let (ext, int) = built(&p);
    lacks(&int, "## Promemoria dalla policy esterna");
    // And the external policy no longer says which rules apply.
    lacks(&ext, "quali regole valgono");
}

/// An account for staff only is in the internal document and nowhere citizens look: not in
/// the external policy, its page (JSON-LD), policy.json or accounts.json.
#[test]
fn a_staff_only_account_never_reaches_citizens() {
    let p = Project::starter("comune");
    let text = p.read("accounts.yaml");
    p.write("accounts.yaml", &format!("{text}{STAFF_GROUP}"));
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (ext, int) = built(&p);
    has(
        &int,
        "Redazione interna (gruppo-redazione-interna)](https://www.facebook.com/groups/gruppo-redazione-interna) (solo per il personale)",
    );
    for f in [
        "out/ente/public/it/external.html",
        "out/ente/public/it/external.fragment.html",
        "out/ente/public/policy.json",
        "out/ente/public/accounts.json",
    ] {
        let body = std::fs::read_to_string(p.root().join(f)).unwrap();
        lacks(&body, "gruppo-redazione-interna");
    }
    lacks(&ext, "gruppo-redazione-interna");

    // A topic page is public: it cannot name the staff group.
    p.edit(
        "policy.yaml",
        "  topic_pages: []",
        "  topic_pages:\n    - department: Redazione\n      accounts: [fb-gruppo-redazione]",
    );
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, "error[staff-only-account]");
}

/// The licence is named in Italian and links to its Italian legal code.
#[test]
fn the_licence_is_named_in_italian() {
    let p = Project::starter("comune");
    let (ext, _) = built(&p);
    has(
        &ext,
        "[Creative Commons Attribuzione 4.0 Internazionale](https://creativecommons.org/licenses/by/4.0/legalcode.it) (CC-BY-4.0)",
    );
    lacks(&ext, "Attribution 4.0 International");
    p.edit(
        "policy.yaml",
        "own_content: CC-BY-4.0",
        "own_content: CC-BY-SA-3.0",
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "[Creative Commons Attribuzione - Condividi allo stesso modo 3.0 Unported](https://creativecommons.org/licenses/by-sa/3.0/legalcode.it) (CC-BY-SA-3.0)",
    );
    // A licence the labels do not name keeps its SPDX name and page.
    p.edit(
        "policy.yaml",
        "own_content: CC-BY-SA-3.0",
        "own_content: ODbL-1.0",
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "[Open Data Commons Open Database License v1.0](https://spdx.org/licenses/ODbL-1.0.html) (ODbL-1.0)",
    );
}
