//! A document cites a norm only when it applied on the document's date (`adoption.effective`,
//! else `adoption.date`): the dates are data (`data/norms.yaml`). One test per norm, through
//! the binary, on the `init` starter dated before and on the day the norm applies from.

mod officer;

use officer::{Project, built, has, lacks};

/// The starter adopted and in force on `day` (YYYY-MM-DD): its external and internal Markdown.
fn dated(day: &str) -> (String, String) {
    let p = Project::starter("comune");
    let text = p.read("policy.yaml").replace("2026-12-31", day);
    p.write("policy.yaml", &text);
    built(&p)
}

/// DPR 81/2023 (arts. 11-bis and 11-ter of the code of conduct) is in force from 14/07/2023.
#[test]
fn dpr_81_2023_from_14_july_2023() {
    let (_, int) = dated("2015-03-01");
    lacks(&int, "n. 81");
    lacks(&int, "11-bis");
    lacks(&int, "11-ter");
    has(&int, "(DPR 16 aprile 2013, n. 62)");
    let (_, int) = dated("2023-07-13");
    lacks(&int, "DPR 13 giugno 2023, n. 81");
    let (_, int) = dated("2023-07-14");
    has(
        &int,
        "come modificato dal [DPR 13 giugno 2023, n. 81](https://www.normattiva.it/uri-res/N2Ls?urn:nir:presidente.repubblica:decreto:2023-06-13;81)",
    );
    has(&int, "(art. 11-ter)");
}

/// DPR 62/2013 is in force from 19/06/2013: a policy of 2012 cites no code of conduct.
#[test]
fn dpr_62_2013_from_19_june_2013() {
    let (_, int) = dated("2012-05-10");
    lacks(&int, "DPR 16 aprile 2013");
    lacks(&int, "Codice di comportamento");
    has(&int, "## Comportamento del personale");
    let (_, int) = dated("2013-06-19");
    has(
        &int,
        "[Codice di comportamento dei dipendenti pubblici (DPR 16 aprile 2013, n. 62)](https://www.normattiva.it/uri-res/N2Ls?urn:nir:presidente.repubblica:decreto:2013-04-16;62)",
    );
}

/// The GDPR applies from 25/05/2018: an older notice is not "resa ai sensi dell'art. 13".
#[test]
fn gdpr_from_25_may_2018() {
    let (ext, _) = dated("2017-01-10");
    lacks(&ext, "2016/679");
    lacks(&ext, "ai sensi dell'art. 13");
    // The starter's own legal basis names the GDPR: the body's words, printed as written.
    has(
        &ext,
        "Questa è l'informativa sul trattamento dei dati personali.\nRiguarda chi usa gli account",
    );
    let (ext, _) = dated("2018-05-25");
    has(
        &ext,
        "Questa è l'informativa prevista dall'[articolo 13 del Regolamento generale sulla protezione dei dati](https://eur-lex.europa.eu/eli/reg/2016/679/oj) dell'Unione europea (GDPR, Regolamento (UE) 2016/679).",
    );
    has(
        &ext,
        "previsti dall'articolo 26 del Regolamento (UE) 2016/679:",
    );
}

/// The Court's judgment C-210/16 is of 05/06/2018.
#[test]
fn cjeu_c_210_16_from_5_june_2018() {
    let (ext, _) = dated("2018-06-04");
    lacks(&ext, "C-210/16");
    has(
        &ext,
        "### Dati trattati insieme alle piattaforme\n\nLe piattaforme usano i dati",
    );
    let (ext, _) = dated("2018-06-05");
    has(&ext, "[sentenza del 5 giugno 2018, causa C-210/16]");
}

/// L. 28/2000 (election period) is in force from 23/02/2000.
#[test]
fn l_28_2000_from_23_february_2000() {
    let (_, int) = dated("1999-12-01");
    lacks(&int, "n. 28");
    has(&int, "è solo impersonale e indispensabile.");
    let (_, int) = dated("2000-02-23");
    has(
        &int,
        "([Legge 22 febbraio 2000, n. 28, art. 9](https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2000-02-22;28~art9)).",
    );
}
