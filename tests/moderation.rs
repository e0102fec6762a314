//! Moderation as real policies write it: what participants are asked to do, apart from what
//! is removed; one escalation ladder for the whole policy, with conditional steps and
//! alternatives, which rules follow or replace with their own actions. The documents state the
//! ladder as the data says it, through the binary.

mod officer;

use officer::{Project, built, has, lacks, run_in};

/// The starter with its `moderation:` section replaced by `section`.
fn with_moderation(section: &str) -> Project {
    let p = Project::starter("comune");
    let text = p.read("moderation.yaml");
    let at = text
        .find("\nmoderation:\n")
        .expect("the starter has a moderation section");
    p.write("moderation.yaml", &format!("{}\n{section}", &text[..at]));
    p
}

/// "A warning first when possible, a report to the police if needed": the ladder is written
/// once, and the document states each step with its condition, never as a sequence applied to
/// every rule.
const LADDER: &str = "moderation:
  mode: post_publication
  duties:
    - Rispetta le persone e le loro opinioni.
    - |-
      Resta sul tema del post:
      un commento fuori tema rende difficile il confronto.
  escalation:
    - actions: [warn]
      when: when_possible
    - actions: [hide, remove]
    - actions: [block, ban]
      when: if_repeated
    - actions: [report_authorities]
      when: if_needed
  rules:
    - id: M-01
      title: Insulti
      description: Insulti e volgarità.
    - id: M-02
      title: Spam
      description: Messaggi promozionali.
";

#[test]
fn the_ladder_is_stated_as_the_data_says() {
    let p = with_moderation(LADDER);
    let (ext, int) = built(&p);
    has(
        &ext,
        "### Che cosa ti chiediamo\n\n- Rispetta le persone e le loro opinioni.\n- Resta sul tema del post:\n  un commento fuori tema rende difficile il confronto.\n",
    );
    has(
        &ext,
        "Per tutte le regole agiamo come scritto in [Come interveniamo](#come-interveniamo).",
    );
    has(
        &ext,
        "### <a id=\"come-interveniamo\" name=\"come-interveniamo\"></a>Come interveniamo\n\nQuando interveniamo su un contenuto, procediamo per passi:\n\n\
         1. Avvisare l'autore, quando possibile.\n\
         2. Nascondere il contenuto oppure rimuovere il contenuto.\n\
         3. Bloccare l'utente oppure escludere l'utente in modo permanente, in caso di violazioni ripetute.\n\
         4. Segnalare alle autorità competenti, se necessario.\n",
    );
    // No rule lists actions of its own: nothing says actions are applied in order per rule.
    lacks(&ext, "nell'ordine in cui le applichiamo");
    lacks(&ext, "Azioni:");
    // Every rule follows the ladder: the table has no column of actions, the ladder follows.
    has(
        &int,
        "| Codice | Regola |\n| --- | --- |\n| M-01 | Insulti |\n",
    );
    has(
        &int,
        "Passi comuni:\n\n1. Avvisare l'autore, quando possibile.\n",
    );
    // The link to the ladder reaches its heading in the HTML.
    let html = std::fs::read_to_string(p.root().join("out/ente/public/it/external.html")).unwrap();
    has(&html, "id=\"come-interveniamo\"");
    has(&html, "href=\"#come-interveniamo\"");
}

/// A rule with its own actions replaces the ladder; `actions: []` says there is no action for
/// that rule; the others follow the ladder.
#[test]
fn a_rule_overrides_the_ladder_or_opts_out() {
    let yaml = format!(
        "{LADDER}      actions: [remove, block]
    - id: M-03
      title: Fuori tema
      description: Commenti che non riguardano il post.
      actions: []
"
    );
    let p = with_moderation(&yaml);
    let (ext, int) = built(&p);
    has(
        &ext,
        "Alcune regole elencano le azioni, nell'ordine in cui le usiamo.\n\
         Per le altre regole agiamo come scritto in [Come interveniamo](#come-interveniamo).",
    );
    lacks(&ext, "Per ogni regola sono indicate le azioni");
    has(
        &ext,
        "### <a id=\"M-02\" name=\"M-02\"></a>M-02 – Spam\n\nMessaggi promozionali.\n\nAzioni:\n\n1. Rimuovere il contenuto.\n2. Bloccare l'utente.\n",
    );
    has(
        &ext,
        "Commenti che non riguardano il post.\n\nPer questa regola non sono previste azioni.",
    );
    has(
        &ext,
        "Quando interveniamo su un contenuto per una regola senza azioni proprie, procediamo per passi:",
    );
    has(&int, "| M-01 | Insulti | passi comuni |");
    has(
        &int,
        "| M-02 | Spam | rimuovere il contenuto; bloccare l'utente |",
    );
    has(&int, "| M-03 | Fuori tema | nessuna |");
    has(&int, "Passi comuni, per le regole senza azioni proprie:");
}

/// Existing YAML keeps its meaning: rules with their own actions and no ladder read as before.
/// A policy where only some rules list actions no longer says "for every rule".
#[test]
fn rules_with_actions_read_as_before() {
    let p = Project::starter("comune");
    let (ext, int) = built(&p);
    has(
        &ext,
        "Per ogni regola trovi le azioni, nell'ordine in cui le usiamo.",
    );
    lacks(&ext, "Come interveniamo");
    lacks(&int, "Passi comuni");
    p.edit("moderation.yaml", "      actions: [hide]\n", "");
    let (ext, int) = built(&p);
    lacks(&ext, "Per ogni regola sono indicate le azioni");
    has(
        &ext,
        "Alcune regole elencano le azioni, nell'ordine in cui le usiamo.",
    );
    has(&int, "| M-01 | Fuori tema |  |");
}

/// A step with no action is an error at its line; a ladder no rule follows is a warning.
#[test]
fn a_step_must_say_what_it_does() {
    let p =
        with_moderation(&LADDER.replace("    - actions: [hide, remove]\n", "    - actions: []\n"));
    let r = run_in(p.root(), &["check", "policy-src"]);
    assert_ne!(r.code, 0, "{}", r.all());
    has(&r.all(), "empty-step");
    has(&r.all(), "moderation.yaml:");
    has(
        &r.all(),
        "step 2 of `moderation: escalation:` names no action",
    );

    let yaml = LADDER.replace(
        "Insulti e volgarità.\n",
        "Insulti e volgarità.\n      actions: [remove]\n",
    ) + "      actions: [remove]\n";
    let p = with_moderation(&yaml);
    let r = run_in(p.root(), &["check", "policy-src"]);
    assert_eq!(r.code, 0, "{}", r.all());
    has(&r.all(), "unused-escalation");
}
