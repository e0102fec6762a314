//! The account kit, through the binary: `build` writes `public/accounts/<id>.md` for each
//! official account (bio linking the published policy, pinned post, one reply per rule with
//! the rule's anchor), listed in the public `SHA256SUMS` and the manifest; `check` refuses a
//! text longer than its platform allows, with the count and the limit, and an account id that
//! cannot name a file.

mod common;

use std::path::{Path, PathBuf};

const ORG: &str = "comune-di-valdoria";
const POLICY_URL: &str = "https://www.comune.valdoria.it/social-media-policy";

/// A copy of the example under `<tmp>/policy-src/`, with `edit` applied to `file`.
fn example_with(tmp: &Path, file: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let src = tmp.join("policy-src");
    common::copy_tree(&common::example_src(), &src);
    let path = src.join(ORG).join(file);
    let text = common::read(&path);
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit of {file} changed nothing");
    std::fs::write(&path, edited).expect("write");
    src
}

/// The example's topic page names `ig-festival`: follow its renaming.
fn rename_in_topic_page(src: &Path, id: &str) {
    let path = src.join(ORG).join("policy.yaml");
    let text = common::read(&path).replace("[ig-festival]", &format!("[\"{id}\"]"));
    std::fs::write(&path, text).expect("write");
}

fn kit(out: &Path, id: &str) -> PathBuf {
    out.join(ORG)
        .join("public/accounts")
        .join(format!("{id}.md"))
}

#[test]
fn build_writes_a_kit_per_public_account_listed_in_the_sums() {
    let (_tmp, out, r) = common::build_example();
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let ids = [
        "fb-comune",
        "ig-comune",
        "x-comune",
        "yt-comune",
        "tg-comune",
        "li-comune",
        "bsky-comune",
        "fb-biblioteca",
        "ig-festival",
    ];
    let sums = common::read(&out.join(ORG).join("public/SHA256SUMS"));
    for id in ids {
        let md = common::read(&kit(&out, id));
        assert!(md.starts_with("# Kit dell'account "), "{id}: {md}");
        // The bio links the published policy.
        let bio = md.split("## Biografia").nth(1).expect("a bio section");
        assert!(bio.contains(POLICY_URL), "{id}: {bio}");
        // The pinned post.
        assert!(md.contains("## Post in evidenza"), "{id}");
        // One reply per rule, citing its id and its anchor.
        for rule in ["M-01", "M-03", "M-09"] {
            assert!(
                md.contains(&format!("### {rule} – ")),
                "{id}: no reply for {rule}"
            );
            assert!(
                md.contains(&format!("la regola {rule} (")),
                "{id}: the reply does not cite {rule}"
            );
            assert!(
                md.contains(&format!("{POLICY_URL}#{rule}\n")),
                "{id}: no link to {rule}"
            );
        }
        // Each text with its length and the platform's limit.
        assert!(md.contains("Lunghezza: "), "{id}");
        assert!(
            sums.contains(&format!("  accounts/{id}.md\n")),
            "{id} is not in SHA256SUMS:\n{sums}"
        );
    }
    // X counts as X does: a link 23, whatever its length.
    let x = common::read(&kit(&out, "x-comune"));
    assert!(x.contains("caratteri pesati di X"), "{x}");
    assert!(x.contains(" su 160 caratteri pesati di X"), "{x}");
    let tg = common::read(&kit(&out, "tg-comune"));
    assert!(tg.contains(" su 255 unità UTF-16"), "{tg}");
    // The staff-only draft bio of the YAML is not what the public kit prints.
    let fb = common::read(&kit(&out, "fb-comune"));
    assert!(!fb.contains("Notizie, servizi ed eventi"), "{fb}");
    // Nothing else in accounts/.
    let files = std::fs::read_dir(out.join(ORG).join("public/accounts"))
        .expect("accounts/")
        .count();
    assert_eq!(files, ids.len());
    // `sha256sum -c` semantics: the sums are right.
    let manifest = common::read(&out.join(ORG).join(".smpolicy-manifest"));
    assert!(
        manifest.contains("public/accounts/x-comune.md"),
        "{manifest}"
    );
}

#[test]
fn an_account_for_staff_only_gets_no_kit() {
    let tmp = common::tempdir();
    let out = tmp.path().join("out");
    let src = common::repo().join("tests/corpus/istituto-ricerca-acque");
    let r = common::build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let dir = out.join("istituto-ricerca-acque/public/accounts");
    assert!(dir.join("x-istituto.md").is_file());
    assert!(!dir.join("fb-personale.md").exists());
    // No published address: the texts say where the link goes, and no URL is made up.
    let md = common::read(&dir.join("x-istituto.md"));
    assert!(md.contains("[link alla policy]"), "{md}");
    assert!(md.contains("adoption.publication.url"), "{md}");
}

/// A rule title too long for X: the X reply drops the title (the shorter wording the
/// template has), Facebook keeps it, and nothing is refused.
#[test]
fn a_reply_too_long_for_x_takes_the_shorter_wording() {
    let tmp = common::tempdir();
    let long = "Contenuti fuori tema, ripetuti, non pertinenti alla discussione o al post, pubblicati più volte, copiati da altre pagine, senza alcun legame con i servizi, le attività e le notizie del Comune, comprese le catene di messaggi e gli appelli";
    let src = example_with(tmp.path(), "moderation.yaml", |t| {
        t.replacen("title: Contenuti fuori tema", &format!("title: {long}"), 1)
    });
    let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("kit-too-long"), "{}", r.stderr);
    let out = tmp.path().join("out");
    let b = common::build(&src, &out, tmp.path());
    assert_eq!(b.code, 0, "{}{}", b.stdout, b.stderr);
    let x = common::read(&kit(&out, "x-comune"));
    assert!(
        x.contains(&format!(
            "Questo contenuto non rispetta la regola M-01 della nostra social media policy: {POLICY_URL}#"
        )),
        "{x}"
    );
    assert!(!x.contains(&format!("({long})")), "{x}");
    let fb = common::read(&kit(&out, "fb-comune"));
    assert!(
        fb.contains(&format!(
            "Questo contenuto non rispetta la regola M-01 ({long})"
        )),
        "{fb}"
    );
}

/// A long name: each bio takes the fullest wording its platform holds, Instagram (150) the
/// one without the name, X (160, a link counted as 23) the full one.
#[test]
fn a_long_name_makes_each_bio_as_full_as_its_platform_allows() {
    let tmp = common::tempdir();
    let name =
        "Comune di Valdoria, Capoluogo dell'Unione dei Comuni della Valle delle Acque Chiare";
    let src = example_with(tmp.path(), "policy.yaml", |t| {
        t.replacen(
            "  name: Comune di Valdoria\n",
            &format!("  name: {name}\n"),
            1,
        )
    });
    let out = tmp.path().join("out");
    let b = common::build(&src, &out, tmp.path());
    assert_eq!(b.code, 0, "{}{}", b.stdout, b.stderr);
    let ig = common::read(&kit(&out, "ig-comune"));
    assert!(
        ig.contains(&format!("\nAccount ufficiale. Regole: {POLICY_URL}\n")),
        "{ig}"
    );
    let x = common::read(&kit(&out, "x-comune"));
    assert!(
        x.contains(&format!(
            "\nComune di Valdoria: account ufficiale del {name}. Regole: {POLICY_URL}\n"
        )),
        "{x}"
    );
}

/// A published address so long that even the shortest bio cannot hold it: `check` refuses,
/// with the count and the limit, at the account, and says what to shorten.
#[test]
fn check_refuses_a_bio_too_long_even_in_its_shortest_form() {
    let tmp = common::tempdir();
    let url = "https://www.comune.valdoria.it/amministrazione-trasparente/disposizioni-generali/atti-generali/regolamenti/social-media-policy-del-comune-di-valdoria-2026";
    let src = example_with(tmp.path(), "policy.yaml", |t| {
        t.replacen(&format!("url: {POLICY_URL}"), &format!("url: {url}"), 1)
    });
    let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("error[kit-too-long]"), "{all}");
    assert!(
        all.contains(
            "the bio of the account `ig-comune` (Instagram) is 181 long; Instagram allows 150 characters"
        ),
        "{all}"
    );
    // Pointed at the account, with an Italian hint naming the text in its shortest form.
    let text = common::read(&src.join(ORG).join("accounts.yaml"));
    let line = text
        .lines()
        .position(|l| l.trim_start() == "- id: ig-comune")
        .map_or(0, |i| i + 1);
    assert!(all.contains(&format!("accounts.yaml:{line}:")), "{all}");
    let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("«Account ufficiale. Regole: https://"),
        "{flat}"
    );
    assert!(flat.contains("già nella forma più breve"), "{flat}");
    assert!(
        flat.contains("accorcia di 31 l'indirizzo della policy"),
        "{flat}"
    );
    // X counts a link as 23 whatever its length: it says nothing.
    assert!(!all.contains("`x-comune`"), "{all}");
    // And nothing is built.
    let out = tmp.path().join("out");
    let b = common::build(&src, &out, tmp.path());
    assert_ne!(b.code, 0);
    assert!(!out.join(ORG).exists());
}

/// A family emoji (seven code points joined by ZWJ) weighs 2 on X, not 11: a bio of 70 of
/// them (140) fits X's 160.
#[test]
fn x_counts_an_emoji_sequence_as_two() {
    let tmp = common::tempdir();
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
    let bio = family.repeat(70);
    let src = example_with(tmp.path(), "accounts.yaml", |t| {
        t.replacen(
            "      Account ufficiale del Comune di Valdoria. Notizie e avvisi.\n      Presidio lun-ven 8:30-18, sab 9-13. Emergenze: 112.",
            &format!("      {bio}"),
            1,
        )
    });
    let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // 81 of them weigh 162, over the limit (the old count said 891 for them).
    let src2 = tmp.path().join("policy-src");
    let path = src2.join(ORG).join("accounts.yaml");
    let text = common::read(&path).replacen(&bio, &family.repeat(81), 1);
    std::fs::write(&path, text).expect("write");
    let r = common::run(&["check", src2.to_str().expect("utf-8")], tmp.path());
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("the bio of `x-comune` is 162 long; X allows 160"),
        "{all}"
    );
}

#[test]
fn an_account_id_that_is_a_path_is_refused() {
    let tmp = common::tempdir();
    let src = example_with(tmp.path(), "accounts.yaml", |t| {
        t.replace("ig-festival", "../../festival")
    });
    rename_in_topic_page(&src, "../../festival");
    let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_ne!(r.code, 0, "{all}");
    assert!(all.contains("error[bad-account-id]"), "{all}");
    assert!(all.contains("`../../festival`"), "{all}");
    let out = tmp.path().join("out");
    let b = common::build(&src, &out, tmp.path());
    assert_ne!(b.code, 0);
    assert!(!tmp.path().join("festival.md").exists());
    assert!(!out.exists() || !out.join(ORG).exists());
}

#[test]
fn account_ids_differing_only_in_case_are_refused() {
    let tmp = common::tempdir();
    let src = example_with(tmp.path(), "accounts.yaml", |t| {
        t.replace("ig-festival", "IG-comune")
    });
    rename_in_topic_page(&src, "IG-comune");
    let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_ne!(r.code, 0, "{all}");
    assert!(all.contains("error[account-id-case]"), "{all}");
}

/// Hostile text in a rule title stays text in the kit: inside a code block fenced longer
/// than any run of backticks in it, and escaped in the heading.
#[test]
fn hostile_titles_stay_inside_their_block() {
    let tmp = common::tempdir();
    let src = example_with(tmp.path(), "moderation.yaml", |t| {
        t.replacen(
            "title: Contenuti fuori tema",
            r"title: 'Fuori ```` tema *x* \<script\>'",
            1,
        )
    });
    let out = tmp.path().join("out");
    let r = common::build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let md = common::read(&kit(&out, "fb-comune"));
    // Posted as written, as the policy prints it (a title is plain text, not Markdown).
    assert!(
        md.contains(
            "`````text\nQuesto contenuto non rispetta la regola M-01 (Fuori ```` tema *x* \\<script\\>)"
        ),
        "{md}"
    );
    assert!(md.contains("### M-01 – Fuori \\`\\`\\`\\` tema"), "{md}");
    assert!(!md.contains("\n<script>"), "{md}");
}

/// The kit's wording is a template a project can override, like the others.
#[test]
fn a_project_template_replaces_the_kit_wording() {
    let tmp = common::tempdir();
    let src = tmp.path().join("policy-src");
    common::copy_tree(&common::example_src(), &src);
    let templates = tmp.path().join("templates/it");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("account_kit.md.tera"),
        "{% if part == \"file\" %}# Kit {{ account.id }}\n\n{{ texts.bio.text }}\n{% elif part == \"bio\" %}Seguici: {{ policy_url }}{% else %}x{% endif %}",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let r = common::build(&src, &out, tmp.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        common::read(&kit(&out, "x-comune")),
        format!("# Kit x-comune\n\nSeguici: {POLICY_URL}\n")
    );
}

/// A rule id that is a section's anchor (`come-contestare`, lower case as every anchor the
/// templates make) would take that section's place: every "how to contest" link would land
/// on the rule. So would one starting with the fragment's anchor prefix. `check` refuses
/// both, at the id.
#[test]
fn a_rule_id_cannot_take_a_sections_anchor() {
    for (id, says) in [
        ("come-contestare", "cannot be used as a link anchor"),
        ("in-breve", "cannot be used as a link anchor"),
        (
            "smp-In-breve",
            "starts with `smp-`, the prefix of the fragment's anchors",
        ),
    ] {
        let tmp = common::tempdir();
        let src = example_with(tmp.path(), "moderation.yaml", |t| {
            t.replacen("- id: M-02", &format!("- id: {id}"), 1)
        });
        let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
        assert_eq!(r.code, 1, "{id}: {}{}", r.stdout, r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains("error[bad-rule-id]"), "{id}: {all}");
        assert!(all.contains(says), "{id}: {all}");
        assert!(all.contains("moderation.yaml:"), "{id}: {all}");
    }
}

/// The version is written into the kit file as text: markup in it stays characters.
#[test]
fn the_version_in_the_kit_is_text() {
    let tmp = common::tempdir();
    let src = example_with(tmp.path(), "policy.yaml", |t| {
        let at = t.find("\n  version: ").expect("a version");
        let end = at + 1 + t[at + 1..].find('\n').expect("line end");
        format!(
            "{}\n  version: \"2.0 <img src=x> [KV1](https://evil.example) **KV3**\"{}",
            &t[..at],
            &t[end..]
        )
    });
    let out = tmp.path().join("out");
    let b = common::build(&src, &out, tmp.path());
    assert_eq!(b.code, 0, "{}{}", b.stdout, b.stderr);
    let md = common::read(&kit(&out, "x-comune"));
    assert!(
        md.contains(r"versione 2.0 \<img src=x\> \[KV1\](https://evil.example) \*\*KV3\*\*."),
        "{md}"
    );
}
