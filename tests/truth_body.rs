//! Nothing invented, for any kind of body: each fact a real policy may leave unstated can be
//! left out (or stated as `none`), and the documents then say nothing false about it; every
//! kind of public body has a starter, and every sentence names the body with its article.
//! End to end through the binary, from the `init` starter.

mod officer;

use officer::{Project, built, has, lacks, run_in};

fn p_read(p: &Project, file: &str) -> String {
    std::fs::read_to_string(p.root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// With `moderation.yaml` written as `text`, `check` refuses with the error `code` at
/// `column` of the line that is exactly `line`.
fn refused_at(p: &Project, text: &str, code: &str, line: &str, column: usize) {
    p.write("moderation.yaml", text);
    let n = text
        .lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no line `{line}`"));
    let r = p.check(&[]);
    assert_ne!(r.code, 0, "{}", r.all());
    has(&r.all(), &format!("error[{code}]"));
    has(
        &r.all(),
        &format!("policy-src/ente/moderation.yaml:{}:{column}", n + 1),
    );
}

/// The standard output of a command-line tool.
fn tool(name: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{name} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `check` passes with no error, and without the warning `code`.
fn checks_without(p: &Project, code: &str) {
    let r = p.check(&[]);
    assert_eq!(r.code, 0, "{}", r.all());
    lacks(&r.all(), &format!("[{code}]"));
}

const OFFICE: &str = "  managing_office:
    name: Ufficio Stampa e Comunicazione
    description: >-
      L'Ufficio cura i contenuti pubblicati sugli account dell'ente, risponde ai commenti
      negli orari indicati e modera le conversazioni secondo questa policy.
    email: comunicazione@nuovo-ente.example
";

/// A policy that names no office: no heading about who manages the spaces, no "Ufficio".
#[test]
fn the_managing_office_may_be_left_out() {
    let p = Project::starter("ministero");
    let (ext, _) = built(&p);
    has(
        &ext,
        "Chi gestisce gli account ufficiali: **Ufficio Stampa e Comunicazione**.",
    );
    p.edit("policy.yaml", OFFICE, "");
    checks_without(&p, "missing-field");
    let (ext, int) = built(&p);
    lacks(&ext, "## Chi gestisce gli account");
    lacks(&ext, "gestiti da");
    lacks(&ext, "Ufficio che gestisce");
    lacks(&ext, "**Ufficio Stampa e Comunicazione**");
    lacks(&int, "gestiti da");
}

/// A policy that does not say whether moderation is preventive says nothing about it.
#[test]
fn the_moderation_mode_may_be_left_out() {
    let p = Project::starter("comune");
    p.edit("moderation.yaml", "  mode: post_publication\n", "");
    checks_without(&p, "missing-field");
    let (ext, int) = built(&p);
    has(&ext, "## Regole per chi partecipa");
    lacks(&ext, "La moderazione è");
    lacks(&ext, "successiva alla pubblicazione");
    lacks(&int, "Moderazione successiva");
    has(
        &int,
        "Nel moderare si cita il codice della regola applicata",
    );
}

const RESPONSE: &str = "  response_time:\n    value: 2\n    unit: working_days\n";
const HOURS: &str =
    "  hours:\n    - days: [mon, tue, wed, thu, fri]\n      from: \"09:00\"\n      to: \"17:00\"\n";

/// `response_time: none`: the policy says it guarantees no response time; the warning does
/// not ask for one, and no heading promises to say how soon the body answers.
#[test]
fn no_response_time_can_be_stated() {
    let p = Project::starter("ente-nazionale");
    assert!(
        p.check(&[]).all().contains("[no-response-time]") || {
            p.edit("moderation.yaml", RESPONSE, "");
            p.check(&[]).all().contains("[no-response-time]")
        },
        "without a response time `check` warns"
    );
    let text = p.read("moderation.yaml");
    let text = if text.contains(RESPONSE) {
        text.replace(RESPONSE, "  response_time: none\n")
    } else {
        text.replace(
            "  response_channel:",
            "  response_time: none\n  response_channel:",
        )
    };
    p.write("moderation.yaml", &text);
    checks_without(&p, "no-response-time");
    let (ext, int) = built(&p);
    has(&ext, "></a>Orari\n");
    has(
        &ext,
        "Non garantiamo un tempo di risposta a commenti e messaggi.",
    );
    lacks(&ext, "in quanto tempo rispondiamo");
    lacks(&ext, "Rispondiamo a commenti e messaggi entro");
    has(
        &int,
        "La policy esterna dichiara ai cittadini che non è garantito un tempo di risposta.",
    );
    lacks(&int, "Tempo di risposta dichiarato ai cittadini");

    // Anything else than `none` or a duration is refused, at its line.
    let text = text.replacen("  response_time: none\n", "  response_time: nessuno\n", 1);
    refused_at(
        &p,
        &text,
        "bad-response-time",
        "  response_time: nessuno",
        18,
    );
}

/// `continuous: true`: watched without set hours; no hours table, no `no-hours` warning.
/// Hours and `continuous: true` together contradict each other: an error.
#[test]
fn continuous_monitoring_without_hours() {
    let p = Project::starter("ente-ricerca");
    p.edit("moderation.yaml", HOURS, "");
    has(&p.check(&[]).all(), "[no-hours]");
    let text = p.read("moderation.yaml");
    p.write(
        "moderation.yaml",
        &text.replacen("monitoring:\n", "monitoring:\n  continuous: true\n", 1),
    );
    checks_without(&p, "no-hours");
    let (ext, _) = built(&p);
    has(
        &ext,
        "Seguiamo gli spazi social con continuità, senza orari fissi.",
    );
    lacks(&ext, "| Giorni | Orario |");
    has(
        &ext,
        "\n\n## <a id=\"orari-e-risposte\" name=\"orari-e-risposte\"></a>Orari e risposte\n\n",
    );

    let text = p.read("moderation.yaml").replacen(
        "  continuous: true\n",
        &format!("  continuous: true\n{HOURS}"),
        1,
    );
    refused_at(&p, &text, "continuous-and-hours", "  continuous: true", 15);
}

/// A policy published on the site, with no act, no adopting body and no version number:
/// every document and its furniture say "pubblicata sul sito il ...", nothing invents an act.
#[test]
fn a_policy_published_on_the_site_without_an_act() {
    let p = Project::starter("ufficio-periferico");
    let text = p.read("policy.yaml");
    let start = text.find("\nadoption:\n").expect("adoption") + 1;
    p.write(
        "policy.yaml",
        &format!(
            "{}adoption:\n  date: 2021-03-15\n  publication:\n    url: https://www.nuovo-ente.example/social-policy\n",
            &text[..start]
        ),
    );
    checks_without(&p, "missing-field");
    let (ext, int) = built(&p);
    for doc in [&ext, &int] {
        has(
            doc,
            "- **Pubblicata sul sito**: il 15/03/2021, <https://www.nuovo-ente.example/social-policy>",
        );
        has(
            doc,
            "- Pubblicata sul sito il 15/03/2021: <https://www.nuovo-ente.example/social-policy>",
        );
        lacks(doc, "Atto di adozione");
        lacks(doc, "## Adozione");
        has(doc, "## Pubblicazione e ");
        lacks(doc, "- Atto:");
        lacks(doc, "Organo che ha adottato");
        lacks(doc, "Versione");
        lacks(doc, "Decreto");
    }
    let html = p_read(&p, "out/ente/public/it/external.html");
    has(
        &html,
        "<p class=\"doc-meta\">Pubblicata sul sito il 15/03/2021</p>",
    );
    has(&html, "· pubblicata sul sito il 15/03/2021</p>");
    lacks(&html, "smpolicy-act");
    lacks(&html, " del 15/03/2021");
    // The PDF: title block, footer of every page and metadata (poppler-utils, installed by
    // .ci/run).
    let pdf = p.root().join("out/ente/public/it/external.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    has(&text, "Pubblicata sul sito il 15/03/2021");
    has(
        &text,
        "Prefettura di Esempio · pubblicata sul sito il 15/03/2021",
    );
    lacks(&text, "ersione");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    has(&info, "spazi social della Prefettura di Esempio");
    let accounts = p_read(&p, "out/ente/public/accounts.json");
    has(&accounts, "\"version\": null");
    let policy = p_read(&p, "out/ente/public/policy.json");
    has(&policy, "\"publication\"");
    lacks(&policy, "\"act\"");

    // With an act as well, both are said, and the act keeps its date.
    let text = p.read("policy.yaml");
    let published_only = p.root().join("old/ente");
    std::fs::create_dir_all(&published_only).unwrap();
    for f in [
        "policy.yaml",
        "accounts.yaml",
        "moderation.yaml",
        "internal.yaml",
    ] {
        std::fs::copy(p.org().join(f), published_only.join(f)).unwrap();
    }
    p.write(
        "policy.yaml",
        &text.replace(
            "  date: 2021-03-15\n  publication:\n",
            "  act: Decreto del Prefetto n. 12\n  date: 2021-03-10\n  publication:\n    date: 2021-03-15\n",
        ),
    );
    let (ext, _) = built(&p);
    has(
        &ext,
        "- **Atto di adozione**: Decreto del Prefetto n. 12 del 10/03/2021",
    );
    has(&ext, "- **Pubblicata sul sito**: il 15/03/2021");
    let html = p_read(&p, "out/ente/public/it/external.html");
    has(
        &html,
        "Decreto del Prefetto n. 12 del 10/03/2021 · pubblicata sul sito il 15/03/2021</p>",
    );

    // `smpolicy diff` names each version by what it has: no invented act or version.
    let r = run_in(p.root(), &["diff", "old", "policy-src"]);
    has(
        &r.stdout,
        "Versione precedente: pubblicata sul sito il 15/03/2021.\\\nNuova versione: Decreto del Prefetto n. 12 del 10/03/2021, pubblicata sul sito il 15/03/2021.\n",
    );
}

/// Every kind of body has a starter that checks and builds, with no guessed article, and
/// whose adopting body is the kind's own.
#[test]
fn init_works_for_every_kind() {
    let kinds = [
        (
            "comune",
            "Giunta comunale",
            "# Social media policy del Comune di Esempio",
        ),
        (
            "unione-comuni",
            "Giunta dell'Unione",
            "# Social media policy dell'Unione dei Comuni di Esempio",
        ),
        (
            "provincia",
            "Presidente della Provincia",
            "# Social media policy della Provincia di Esempio",
        ),
        (
            "citta-metropolitana",
            "Sindaco metropolitano",
            "# Social media policy della Città metropolitana di Esempio",
        ),
        (
            "regione",
            "Giunta regionale",
            "# Social media policy della Regione Esempio",
        ),
        (
            "ministero",
            "Capo del Dipartimento",
            "# Social media policy del Dipartimento per l'Esempio",
        ),
        (
            "ufficio-periferico",
            "Prefetto",
            "# Social media policy della Prefettura di Esempio",
        ),
        (
            "agenzia",
            "Direttore generale",
            "# Social media policy dell'Agenzia di Esempio",
        ),
        (
            "ente-nazionale",
            "Direttore generale",
            "# Social media policy dell'Istituto Nazionale di Esempio",
        ),
        (
            "ente-ricerca",
            "Consiglio di amministrazione",
            "# Social media policy dell'Istituto di Ricerca di Esempio",
        ),
        (
            "universita",
            "Rettore, sentito il Senato accademico",
            "# Social media policy dell'Università degli Studi di Esempio",
        ),
        (
            "azienda-sanitaria",
            "Direttore generale",
            "# Social media policy dell'Azienda Sanitaria Locale di Esempio",
        ),
        (
            "scuola",
            "Consiglio d'istituto",
            "# Social media policy dell'Istituto Comprensivo di Esempio",
        ),
        (
            "camera-commercio",
            "Giunta camerale",
            "# Social media policy della Camera di Commercio di Esempio",
        ),
        (
            "altro",
            "Organo di vertice dell'ente",
            "# Social media policy dell'Ente di Esempio",
        ),
    ];
    for (kind, body, title) in kinds {
        let p = Project::starter(kind);
        let r = p.check(&[]);
        assert_eq!(r.code, 0, "{kind}: {}", r.all());
        lacks(&r.all(), "[article-guessed]");
        let (ext, int) = built(&p);
        has(&ext, &format!("{title}\n"));
        has(&int, &format!("{title} – Disciplinare interno\n"));
        has(
            &ext,
            &format!("- Organo che ha adottato la policy: {body}.\n"),
        );
        // The starter's live coverage is of events only: no council is assumed.
        has(&int, "## Dirette degli eventi\n");
        lacks(&int, "Consiglio ed eventi");
        let stemma = kind == "comune"
            || kind == "provincia"
            || kind == "regione"
            || kind == "citta-metropolitana";
        has(
            &ext,
            if stemma {
                "il nome o lo stemma dell'ente"
            } else {
                "il nome o il logo dell'ente"
            },
        );
    }
    // The value written in YAML is accepted too.
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(
        tmp.path(),
        &["init", "policy-src/ente", "--kind", "camera_commercio"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
}

/// Sets the body's name (and its kind, and optionally its article) in the starter.
fn named(kind: &str, name: &str, article: Option<&str>) -> Project {
    let p = Project::starter(kind);
    let text = p.read("policy.yaml");
    let old = "  name: Ente di Esempio\n";
    assert!(text.contains(old));
    let new = match article {
        Some(a) => format!("  name: {name}\n  article: \"{a}\"\n"),
        None => format!("  name: {name}\n"),
    };
    p.write("policy.yaml", &text.replacen(old, &new, 1));
    p
}

/// The forms of the body's name in the title, the introduction and the other sentences:
/// "della Presidenza", "dell'Istituto", "dello Stato", "di Roma Capitale". No sentence puts
/// the bare name after a preposition or a conjunction.
#[test]
fn every_sentence_names_the_body_with_its_article() {
    let cases = [
        (
            "Presidenza del Consiglio dei ministri",
            None,
            "della ",
            "la ",
        ),
        ("Agenzia per la coesione territoriale", None, "dell'", "l'"),
        ("Istituto Superiore di Esempio", None, "dell'", "l'"),
        (
            "Soprintendenza Archeologia di Esempio",
            None,
            "della ",
            "la ",
        ),
        ("Dipartimento della protezione civile", None, "del ", "il "),
        ("Stato Maggiore di Esempio", None, "dello ", "lo "),
        ("Roma Capitale", Some("none"), "di ", ""),
        ("Scuderie Riunite di Esempio", Some("le"), "delle ", "le "),
    ];
    for (name, article, of, the) in cases {
        let p = named("altro", name, article);
        let r = p.check(&[]);
        assert_eq!(r.code, 0, "{name}: {}", r.all());
        lacks(&r.all(), "[article-guessed]");
        let (ext, int) = built(&p);
        has(&ext, &format!("# Social media policy {of}{name}\n"));
        has(
            &ext,
            &format!("Questa policy spiega come {the}{name} usa i social network"),
        );
        has(
            &int,
            &format!("Questo disciplinare stabilisce come {the}{name} gestisce"),
        );
        has(
            &ext,
            &format!("Questi sono gli unici account ufficiali {of}{name}."),
        );
        if article != Some("none") {
            for doc in [&ext, &int] {
                for bare in [
                    " di ", " a ", " da ", " come ", " che ", " con ", " per ", " su ",
                ] {
                    lacks(doc, &format!("{bare}{name}"));
                }
            }
        }
    }
}

/// A name whose first word says nothing of its article: the kind's is used, and `check`
/// says which name it makes, until `organisation.article` is written.
#[test]
fn a_guessed_article_is_reported_until_written() {
    let p = named("altro", "Roma Capitale", None);
    let r = p.check(&[]);
    assert_eq!(r.code, 0, "{}", r.all());
    has(&r.all(), "[article-guessed]");
    has(&r.all(), "«l'Roma Capitale»");
    has(&r.all(), &p.at("policy.yaml", "Roma Capitale"));
    let r = p.check(&["--deny-warnings"]);
    assert_ne!(r.code, 0, "{}", r.all());

    let text = p.read("policy.yaml");
    p.write(
        "policy.yaml",
        &text.replacen(
            "  name: Roma Capitale\n",
            "  name: Roma Capitale\n  article: none\n",
            1,
        ),
    );
    checks_without(&p, "article-guessed");
    let (ext, _) = built(&p);
    has(&ext, "# Social media policy di Roma Capitale\n");
    has(
        &ext,
        "Questa policy spiega come Roma Capitale usa i social network",
    );
}

/// A kind said the way a body names itself gets the right value as a hint.
#[test]
fn a_kind_said_in_other_words_is_suggested() {
    for (said, meant) in [
        ("dipartimento", "ministero"),
        ("prefettura", "ufficio_periferico"),
        ("asl", "azienda_sanitaria"),
        ("unione-comuni", "unione_comuni"),
    ] {
        let p = Project::starter("comune");
        p.edit(
            "policy.yaml",
            "  kind: comune\n",
            &format!("  kind: {said}\n"),
        );
        let r = p.check(&[]);
        assert_ne!(r.code, 0, "{}", r.all());
        has(&r.all(), &format!("did you mean `{meant}`?"));
    }
}
