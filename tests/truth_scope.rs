//! Facts scoped to where they hold: hours and response times for one channel or account,
//! contacts of a kind, content categories of the body's own naming, topic pages run by a
//! project referent, and a team that shares the management of the accounts. Each test
//! starts from the `init` starter, states one such fact and reads the sentence it gives.

mod officer;

use officer::{Project, STAFF_GROUP, built, has, lacks};

const GENERAL_RESPONSE: &str = "  response_time:\n    value: 2\n    unit: working_days\n";
const GENERAL_HOURS: &str =
    "  hours:\n    - days: [mon, tue, wed, thu, fri]\n      from: \"09:00\"\n      to: \"17:00\"\n";

/// `check --deny-warnings` passes: no error, no warning.
fn clean(p: &Project) -> officer::Run {
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
    r
}

/// `check` refuses the policy.
fn refused(p: &Project) -> officer::Run {
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.all());
    r
}

/// Replaces the general response time of the starter by `scoped` (YAML under `monitoring:`).
fn scoped_instead_of_response_time(p: &Project, scoped: &str) {
    p.edit("moderation.yaml", GENERAL_RESPONSE, scoped);
}

/// A response time stated for private messages only is said for them, never as a time for
/// everything, in both documents; `no-response-time` counts it.
#[test]
fn a_response_time_for_private_messages_is_not_printed_as_general() {
    let p = Project::starter("comune");
    let (ext, _) = built(&p);
    has(
        &ext,
        "Rispondiamo a commenti e messaggi entro **2 giorni lavorativi**.",
    );
    scoped_instead_of_response_time(
        &p,
        "  scoped:\n    - channel: private_messages\n      response_time: { value: 48, unit: hours }\n",
    );
    clean(&p);
    let (ext, int) = built(&p);
    has(&ext, "></a>Orari e risposte\n");
    has(
        &ext,
        "\n- Ai messaggi privati rispondiamo entro **48 ore**.\n",
    );
    lacks(&ext, "Rispondiamo a commenti e messaggi");
    // The general hours stay, so the document says that what follows holds apart.
    has(
        &ext,
        "Per questi canali e account valgono regole proprie:\n\n- Ai messaggi",
    );
    has(
        &int,
        "Ai messaggi privati si risponde entro **48 ore** (tempo dichiarato ai cittadini).",
    );
    lacks(&int, "Tempo di risposta dichiarato ai cittadini:");
}

/// Hours and a response time for one account, and for one channel of another account, with
/// the general hours kept: each is said for its account, after a sentence that says so.
#[test]
fn hours_and_times_for_one_account_name_the_account() {
    let p = Project::starter("comune");
    scoped_instead_of_response_time(
        &p,
        "  scoped:
    - account: fb-ente
      hours:
        - { days: [sat, sun], from: \"10:00\", to: \"12:00\" }
        - { days: [mon, wed, fri], from: \"18:00\", to: \"19:00\" }
    - account: ig-ente
      channel: comments
      response_time: { value: 1, unit: working_days }
",
    );
    clean(&p);
    let (ext, int) = built(&p);
    has(&ext, "Per questi canali e account valgono regole proprie:");
    has(&ext, "\n- Orari dell'account Facebook [");
    has(
        &ext,
        "(nomepaginadasostituire)](https://www.facebook.com/nomepaginadasostituire): sabato e domenica dalle 10:00 alle 12:00; lunedì, mercoledì e venerdì dalle 18:00 alle 19:00.",
    );
    has(&ext, "\n- Ai commenti dell'account Instagram [");
    has(
        &ext,
        "(@nome.account.da.sostituire)](https://www.instagram.com/nome.account.da.sostituire/) rispondiamo entro **1 giorno lavorativo**.",
    );
    lacks(&ext, "Rispondiamo a commenti e messaggi");
    has(&int, "Ai commenti dell'account Instagram [");

    // Without the general hours, the hours of one account still count for `no-hours`.
    p.edit("moderation.yaml", GENERAL_HOURS, "");
    clean(&p);
    let (ext, _) = built(&p);
    lacks(&ext, "Leggiamo commenti e messaggi in questi orari");
    lacks(&ext, "valgono invece");
    has(&ext, "></a>Orari e risposte\n");
}

/// A scoped statement names an account that does not exist: an error at the id, with the
/// close one suggested, as for every other reference to an account.
#[test]
fn an_unknown_account_in_a_scoped_statement_is_an_error_at_its_line() {
    let p = Project::starter("comune");
    scoped_instead_of_response_time(
        &p,
        "  scoped:\n    - account: fb-entte\n      response_time: { value: 48, unit: hours }\n",
    );
    let r = refused(&p);
    let at = p.at("moderation.yaml", "fb-entte");
    has(
        &r.stderr,
        &format!(
            "{at}: error[unknown-account]: `monitoring.scoped` names the account `fb-entte`, which is not defined"
        ),
    );
    has(&r.stderr, "did you mean `fb-ente`?");
}

/// What a scoped statement cannot be: about no channel and no account, about nothing, about
/// an account for staff only (citizens read it), twice the same, or a time of 0.
#[test]
fn a_scoped_statement_must_say_what_it_is_about() {
    let cases = [
        (
            "  scoped:\n    - response_time: { value: 48, unit: hours }\n",
            "error[unscoped-monitoring]",
        ),
        (
            "  scoped:\n    - channel: comments\n",
            "error[empty-scoped-monitoring]",
        ),
        (
            "  scoped:\n    - channel: mentions\n      response_time: { value: 0, unit: hours }\n",
            "error[zero-duration]: `monitoring.scoped.response_time` is 0",
        ),
        (
            "  scoped:\n    - channel: comments\n      response_time: { value: 4, unit: hours }\n    - channel: comments\n      response_time: { value: 8, unit: hours }\n",
            "error[duplicate-scope]",
        ),
        (
            "  scoped:\n    - channel: private_message\n      response_time: { value: 4, unit: hours }\n",
            "private_messages",
        ),
    ];
    for (yaml, expected) in cases {
        let p = Project::starter("comune");
        scoped_instead_of_response_time(&p, yaml);
        let r = p.check(&[]);
        assert_eq!(r.code, 1, "{yaml}\n{}", r.all());
        has(&r.all(), expected);
    }

    let p = Project::starter("comune");
    let accounts = p.read("accounts.yaml");
    p.write("accounts.yaml", &format!("{accounts}{STAFF_GROUP}"));
    scoped_instead_of_response_time(
        &p,
        "  scoped:\n    - account: fb-gruppo-redazione\n      response_time: { value: 4, unit: hours }\n",
    );
    let r = refused(&p);
    has(
        &r.stderr,
        &format!(
            "{}: error[staff-only-account]",
            p.at("moderation.yaml", "fb-gruppo-redazione")
        ),
    );
}

const URP: &str = "    hours: Dal lunedì al venerdì, 9-13.\n";

/// Contacts of each kind: the document names the number or page by its kind, and prints
/// the note.
#[test]
fn contact_kinds_are_named_in_italian() {
    let p = Project::starter("comune");
    p.edit(
        "policy.yaml",
        URP,
        "    hours: Dal lunedì al venerdì, 9-13.
  - label: Numero verde per i cittadini
    kind: freephone
    phone: 800 123 456
    note: Gratuito da rete fissa e mobile, dal lunedì al sabato.
  - label: App dell'ente
    kind: app
    url: https://www.nuovo-ente.example/app
  - label: Segnalazioni
    kind: web_form
    url: https://www.nuovo-ente.example/segnalazioni
  - label: Uffici e responsabili
    kind: directory
    url: https://www.nuovo-ente.example/uffici
",
    );
    clean(&p);
    let (ext, _) = built(&p);
    has(
        &ext,
        "### Numero verde per i cittadini\n\n- Numero verde: [800 123 456](tel:800123456)\n\nGratuito da rete fissa e mobile, dal lunedì al sabato.\n",
    );
    has(
        &ext,
        "### App dell'ente\n\n- App: <https://www.nuovo-ente.example/app>\n",
    );
    has(
        &ext,
        "- Modulo online: <https://www.nuovo-ente.example/segnalazioni>\n",
    );
    has(
        &ext,
        "- Recapiti degli uffici: <https://www.nuovo-ente.example/uffici>\n",
    );
    // A contact without a kind reads as before.
    has(&ext, "- Telefono: [+39 000 0000000](tel:+390000000000)\n");
    has(&ext, "- Sito: <https://www.nuovo-ente.example/urp>\n");

    // A freephone contact must have its number.
    p.edit(
        "policy.yaml",
        "    phone: 800 123 456\n",
        "    email: verde@nuovo-ente.example\n",
    );
    let r = refused(&p);
    has(
        &r.stderr,
        &format!(
            "{}: error[contact-kind-without-value]: this contact is of kind `freephone` but has no `phone`",
            p.at("policy.yaml", "freephone")
        ),
    );
}

/// Two contents of kind `other`, each printed under its own name; `other` needs the name
/// and no other kind takes one.
#[test]
fn each_other_content_has_its_own_label() {
    let p = Project::starter("comune");
    p.edit(
        "policy.yaml",
        "    - kind: events\n",
        "    - kind: events
    - kind: other
      label: Bollettini meteo
      description: Le allerte meteo della protezione civile regionale.
    - kind: other
      label: Offerte di lavoro del territorio
",
    );
    clean(&p);
    let (ext, _) = built(&p);
    has(
        &ext,
        "- **Bollettini meteo**:\n  Le allerte meteo della protezione civile regionale.\n- **Offerte di lavoro del territorio**\n",
    );
    lacks(&ext, "Altri contenuti");

    p.edit(
        "policy.yaml",
        "      label: Offerte di lavoro del territorio\n",
        "",
    );
    let r = refused(&p);
    has(&r.stderr, "error[other-without-label]");

    p.edit(
        "policy.yaml",
        "    - kind: events\n",
        "    - kind: events\n      label: Sagre\n",
    );
    let r = p.check(&[]);
    has(
        &r.stderr,
        &format!("{}: error[label-not-other]", p.at("policy.yaml", "Sagre")),
    );
}

/// A topic page run by a project referent says so, with the name the body published; one
/// run by a department reads as before; a page names one of the two.
#[test]
fn a_topic_page_run_by_a_project_referent() {
    let p = Project::starter("comune");
    p.edit(
        "policy.yaml",
        "  topic_pages: []",
        "  topic_pages:
    - department: Servizi sociali
      accounts: [fb-ente]
    - referent:
        project: Ente Digitale
        name: Anna Neri
      accounts: [ig-ente]",
    );
    clean(&p);
    let (ext, _) = built(&p);
    has(
        &ext,
        "Alcune pagine su temi specifici sono curate da altri uffici o da chi guida un progetto.\nValgono le stesse regole di questa policy:\n",
    );
    has(&ext, "\n- **Servizi sociali**: [");
    has(
        &ext,
        "\n- **Referente del progetto Ente Digitale (Anna Neri)**: [",
    );
    lacks(&ext, "Alcune strutture dell'ente curano pagine");

    p.edit(
        "policy.yaml",
        "    - referent:\n",
        "    - department: Innovazione\n      referent:\n",
    );
    let r = refused(&p);
    has(
        &r.stderr,
        "error[topic-page-manager]: a topic page names both",
    );

    // Only departments: the sentence for the body's own structures.
    let p = Project::starter("comune");
    p.edit(
        "policy.yaml",
        "  topic_pages: []",
        "  topic_pages:\n    - department: Servizi sociali\n      accounts: [fb-ente]",
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "Alcuni uffici dell'ente curano pagine sui propri temi.\nValgono le stesse regole di questa policy:\n",
    );
}

/// An account managed by one role of a team of two is not left to one manager: no
/// `single-manager`. Without the team, or with both roles held by one person, it is.
#[test]
fn a_team_of_two_counts_as_more_than_one_manager() {
    let p = Project::starter("comune");
    let accounts = p.read("accounts.yaml");
    p.write(
        "accounts.yaml",
        &accounts.replace(
            "managed_by: [social-media-manager, redattore]",
            "managed_by: [social-media-manager]",
        ),
    );
    let r = clean(&p);
    lacks(&r.all(), "single-manager");

    // No role named at all: the team still manages the accounts.
    let p2 = Project::starter("comune");
    p2.write(
        "accounts.yaml",
        &accounts.replace("    managed_by: [social-media-manager, redattore]\n", ""),
    );
    clean(&p2);

    // The two roles of the team held by the same person: one manager.
    let internal = p.read("internal.yaml");
    p.write(
        "internal.yaml",
        &internal
            .replace(
                "      - Custodisce le credenziali e le impostazioni di sicurezza degli account.\n",
                "      - Custodisce le credenziali e le impostazioni di sicurezza degli account.\n    holder:\n      name: Mario Bianchi\n",
            )
            .replace(
                "      - Scrive i contenuti e risponde ai commenti negli orari di presidio.\n",
                "      - Scrive i contenuti e risponde ai commenti negli orari di presidio.\n    holder:\n      name: Mario Bianchi\n",
            ),
    );
    let r = p.check(&[]);
    has(
        &r.all(),
        "warning[single-manager]: the account `fb-ente` is managed by one role only (`social-media-manager`)",
    );

    // A team of one does not share the work either.
    p.write(
        "internal.yaml",
        &internal.replace(
            "members: [social-media-manager, redattore]",
            "members: [social-media-manager]",
        ),
    );
    let r = p.check(&[]);
    has(&r.all(), "warning[single-manager]");
}
