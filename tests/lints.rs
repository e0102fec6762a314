//! Each lint of `check`, seen as the officer sees it: exit code, file:line:column, code and
//! hint. Every test starts from the `init` starter, which checks clean, and changes one thing.

mod officer;

use officer::{Project, run_env, run_in};

/// The starter's acknowledgement of `hard-to-read` (its texts are placeholders), which an
/// `acknowledged.yaml` of a test must carry, since a section is written in one file only.
const STARTER_ACK: &str = "acknowledged:\n  - warning: hard-to-read\n    reason: |-\n      DA SOSTITUIRE: testi di esempio, non ancora scritti per i cittadini.\n";

/// Writes `yaml` (an `acknowledged:` list) as `acknowledged.yaml`, moving the starter's own
/// acknowledgement after its entries.
fn acknowledge(p: &Project, yaml: &str) {
    let internal = std::fs::read_to_string(p.org().join("internal.yaml")).unwrap();
    if internal.contains(STARTER_ACK) {
        p.edit("internal.yaml", STARTER_ACK, "");
    }
    let entry = STARTER_ACK.trim_start_matches("acknowledged:\n");
    p.write("acknowledged.yaml", &format!("{yaml}{entry}"));
}

fn assert_has(out: &str, needle: &str) {
    assert!(out.contains(needle), "expected `{needle}` in:\n{out}");
}

#[test]
fn starter_is_clean() {
    let p = Project::starter("comune");
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_has(&r.stderr, "0 error(s), 0 warning(s)");
}

#[test]
fn single_manager_is_a_warning() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "managed_by: [social-media-manager, redattore]\n    # La bio",
        "managed_by: [redattore]\n    # La bio",
    );
    // A team of two would share the account: leave one member.
    p.edit(
        "internal.yaml",
        "members: [social-media-manager, redattore]",
        "members: [redattore]",
    );
    let loc = p.at("accounts.yaml", "redattore]");
    let r = p.check(&[]);
    assert_eq!(r.code, 0, "warnings alone do not fail: {}", r.stderr);
    assert_has(
        &r.stderr,
        &format!(
            "{loc}: warning[single-manager]: the account `fb-ente` is managed by one role only"
        ),
    );
    assert_has(&r.stderr, "help: add a second role");
    assert_eq!(p.check(&["--deny-warnings"]).code, 1);

    // The same role twice is still one role.
    p.edit(
        "accounts.yaml",
        "managed_by: [redattore]\n    # La bio",
        "managed_by: [redattore, redattore]\n    # La bio",
    );
    assert_has(&p.check(&[]).stderr, "warning[single-manager]");
}

#[test]
fn url_on_another_platform_is_an_error() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "url: https://www.facebook.com/nomepaginadasostituire",
        "url: https://www.instagram.com/nomepaginadasostituire",
    );
    let loc = p.at("accounts.yaml", "https://www.instagram.com/nomepagina");
    let r = p.check(&[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stderr,
        &format!(
            "{loc}: error[url-platform-mismatch]: the account `fb-ente` is on Facebook but its address is on `instagram.com`"
        ),
    );
    assert_has(&r.stderr, "facebook.com, fb.com");
}

#[test]
fn handle_breaking_platform_syntax_is_an_error() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "handle: \"@nome.account.da.sostituire\"",
        "handle: \"@Nome-Account\"",
    );
    let loc = p.at("accounts.yaml", "\"@Nome-Account\"");
    let r = p.check(&[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stderr,
        &format!("{loc}: error[bad-handle]: `@Nome-Account` is not a valid Instagram handle"),
    );
}

#[test]
fn institutional_personal_profile_is_a_warning() {
    let p = Project::starter("regione");
    p.edit(
        "accounts.yaml",
        "presence: page\n    languages: [it]\n    # Almeno",
        "presence: personal_profile\n    languages: [it]\n    # Almeno",
    );
    let loc = p.at("accounts.yaml", "personal_profile");
    let r = p.check(&[]);
    assert_eq!(r.code, 0);
    assert_has(&r.stderr, &format!("{loc}: warning[personal-profile]"));
}

#[test]
fn cross_posting_is_a_warning() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "    # La bio pubblicata",
        "    cross_posts_to: [ig-ente]\n    # La bio pubblicata",
    );
    let loc = p.at("accounts.yaml", "ig-ente]");
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 1);
    assert_has(&r.stderr, &format!("{loc}: warning[cross-posting]"));
}

#[test]
fn missing_dpo_is_an_error() {
    let p = Project::starter("agenzia");
    p.edit(
        "policy.yaml",
        "  dpo:\n    name: Responsabile della protezione dei dati DA SOSTITUIRE\n    email: dpo@nuovo-ente.example\n",
        "",
    );
    let loc = p.at("policy.yaml", "controller:");
    let r = p.check(&[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stderr,
        &format!("{loc}: error[no-dpo]: the privacy notice names no data protection officer"),
    );
    assert_has(&r.stderr, "GDPR art. 37(1)(a)");
}

#[test]
fn missing_privacy_section_is_no_dpo() {
    let p = Project::starter("comune");
    let text = p.read("policy.yaml");
    let (i, j) = (
        text.find("privacy:\n").expect("privacy"),
        text.find("# Contatti fuori").expect("contacts"),
    );
    p.write("policy.yaml", &format!("{}{}", &text[..i], &text[j..]));
    let r = p.check(&[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stderr,
        "error[no-dpo]: the policy has no `privacy` section",
    );
}

#[test]
fn no_contacts_no_hours_and_no_response_time_are_warnings() {
    let p = Project::starter("comune");
    let text = p.read("policy.yaml");
    let (i, j) = (
        text.find("contacts:\n").expect("contacts"),
        text.find("# Periodo elettorale").expect("election"),
    );
    p.write(
        "policy.yaml",
        &format!("{}contacts: []\n\n{}", &text[..i], &text[j..]),
    );
    p.edit(
        "moderation.yaml",
        "  hours:\n    - days: [mon, tue, wed, thu, fri]\n      from: \"09:00\"\n      to: \"17:00\"\n",
        "",
    );
    p.edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n    unit: working_days\n",
        "",
    );
    let r = p.check(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.check(&["--deny-warnings"]).code, 1);
    let loc = p.at("policy.yaml", "contacts: []");
    let loc = format!("{}:11", loc.trim_end_matches(":1"));
    assert_has(&r.stderr, &format!("{loc}: warning[no-contacts]"));
    assert_has(&r.stderr, "warning[no-hours]");
    assert_has(&r.stderr, "warning[no-response-time]");
}

#[test]
fn bio_lengths_are_counted_the_platforms_way() {
    let p = Project::starter("comune");
    let text = p.read("accounts.yaml");
    // 81 emoji: 81 characters, but 162 on X's weighted count (limit 160).
    let x_bio = "😀".repeat(81);
    // 200 thumbs with a skin tone: 400 code points, 200 graphemes: fine on Bluesky (256).
    let bsky_bio = "👍🏽".repeat(200);
    // 128 emoji: 128 characters, 256 UTF-16 units: too long on Telegram (255).
    let tg_bio = "😀".repeat(128);
    let extra = format!(
        "\n  - id: x-ente\n    platform: x\n    name: Ente\n    handle: \"@Ente_Esempio\"\n    url: https://x.com/Ente_Esempio\n    scope: institutional\n    managed_by: [social-media-manager, redattore]\n    bio: \"{x_bio}\"\n\n  - id: bs-ente\n    platform: bluesky\n    name: Ente\n    handle: ente.bsky.social\n    url: https://bsky.app/profile/ente.bsky.social\n    scope: institutional\n    managed_by: [social-media-manager, redattore]\n    bio: \"{bsky_bio}\"\n\n  - id: tg-ente\n    platform: telegram\n    name: Ente\n    handle: \"@ente_esempio\"\n    url: https://t.me/ente_esempio\n    scope: institutional\n    presence: channel\n    managed_by: [social-media-manager, redattore]\n    bio: \"{tg_bio}\"\n"
    );
    p.write("accounts.yaml", &format!("{text}{extra}"));
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let x_loc = p.at("accounts.yaml", &format!("\"{x_bio}\""));
    assert_has(
        &r.stderr,
        &format!(
            "{x_loc}: error[bio-too-long]: the bio of `x-ente` is 162 long; X allows 160 X weighted characters"
        ),
    );
    // The hint names the source of the figure (JSON: the hint is not wrapped).
    let json = p.check(&["--format", "json"]);
    assert_has(&json.stdout, "docs.x.com/fundamentals/counting-characters");
    assert_has(
        &r.stderr,
        "error[bio-too-long]: the bio of `tg-ente` is 256 long; Telegram allows 255 UTF-16 units",
    );
    assert!(
        !r.stderr.contains("`bs-ente`"),
        "Bluesky counts graphemes: {}",
        r.stderr
    );
}

#[test]
fn election_rule_missing_warns_only_for_elected_bodies() {
    for (kind, warns) in [
        ("comune", true),
        ("provincia", true),
        ("agenzia", false),
        ("universita", false),
    ] {
        let p = Project::starter(kind);
        let text = p.read("policy.yaml");
        let (i, j) = (
            text.find("# Periodo elettorale").expect("election"),
            text.find("# Adozione").expect("adoption"),
        );
        p.write("policy.yaml", &format!("{}{}", &text[..i], &text[j..]));
        let r = p.check(&[]);
        assert_eq!(r.code, 0);
        assert_eq!(
            r.stderr.contains("warning[no-election-rule]"),
            warns,
            "{kind}: {}",
            r.stderr
        );
    }
}

#[test]
fn review_overdue_follows_source_date_epoch() {
    let p = Project::starter("comune");
    // The starter is effective 2026-12-31 and reviewed every 24 months: due 2028-12-31.
    let late = run_env(
        p.root(),
        &["check", "policy-src"],
        &[("SOURCE_DATE_EPOCH", "1893456000")], // 2030-01-01
    );
    let loc = p.at("policy.yaml", "24");
    assert_eq!(late.code, 0);
    assert_has(
        &late.stderr,
        &format!(
            "{loc}: warning[review-overdue]: the policy was due for review on 2028-12-31 (24 months after 2026-12-31); today is 2030-01-01"
        ),
    );
    let early = run_env(
        p.root(),
        &["check", "policy-src"],
        &[("SOURCE_DATE_EPOCH", "1798761600")], // 2027-01-01
    );
    assert!(!early.stderr.contains("review-overdue"), "{}", early.stderr);
}

#[test]
fn credentials_are_reported_and_never_echoed() {
    let secret = "Segreto-Valdoria-2026";
    let token = "ghp_0123456789abcdefghijABCDEFGHIJ0123456789";
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "    # La bio pubblicata",
        &format!("    password: {secret}\n    # La bio pubblicata"),
    );
    p.edit(
        "internal.yaml",
        "    two_factor: true",
        &format!("    two_factor: true\n    # token di servizio {token}"),
    );
    let key_loc = p.at("accounts.yaml", "password:");
    let tok_loc = p.at("internal.yaml", token);
    for format in ["human", "json"] {
        let r = p.check(&["--format", format]);
        assert_eq!(r.code, 1);
        let all = r.all();
        assert!(!all.contains(secret), "the password leaked:\n{all}");
        assert!(!all.contains(&token[4..]), "the token leaked:\n{all}");
        assert!(!all.contains("xxxx"), "not even masked:\n{all}");
        if format == "human" {
            assert_has(
                &all,
                &format!(
                    "{key_loc}: error[credential]: this line looks like it holds a credential (the key `password`); its value is not shown"
                ),
            );
            assert_has(&all, &format!("{tok_loc}: error[credential]"));
            // No snippet: the line after the header is the hint.
            assert!(!all.contains("╭─"), "no snippet may be drawn:\n{all}");
        } else {
            let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
            let codes: Vec<&str> = v
                .as_array()
                .expect("array")
                .iter()
                .filter_map(|d| d["code"].as_str())
                .collect();
            assert!(codes.contains(&"credential"), "{codes:?}");
        }
    }
}

/// A policy that guarantees no response time says so once, with the reason, and passes
/// `--deny-warnings` for `check` and `build`; the warning is still shown, as acknowledged,
/// with the reason, and counted apart.
#[test]
fn a_warning_acknowledged_with_a_reason_no_longer_fails_deny_warnings() {
    let p = Project::starter("comune");
    p.edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n    unit: working_days\n",
        "",
    );
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(&r.stderr, "warning[no-response-time]");

    acknowledge(
        &p,
        "acknowledged:\n  - warning: no-response-time\n    reason: La policy non garantisce un tempo di risposta ai commenti.\n",
    );
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_has(&r.stderr, "acknowledged[no-response-time]");
    assert_has(
        &r.stderr,
        "acknowledged: La policy non garantisce un tempo di risposta ai commenti.",
    );
    assert_has(
        &r.stderr,
        "0 error(s), 0 warning(s), 6 acknowledged warning(s)",
    );
    let json = p.check(&["--format", "json"]).stdout;
    assert_has(&json, "\"severity\": \"acknowledged\"");
    let github = p.check(&["--format", "github"]).stdout;
    assert_has(&github, "::notice ");

    let b = run_in(p.root(), &["build", "policy-src", "--deny-warnings"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    // Staff matter: the acknowledgement is not in what citizens get.
    let json = std::fs::read_to_string(p.root().join("out/ente/public/policy.json")).unwrap();
    assert!(!json.contains("acknowledged"), "{json}");
}

/// An acknowledgement about one account covers that account's warning only.
#[test]
fn an_acknowledgement_about_one_account_covers_that_account_only() {
    let p = Project::starter("comune");
    p.edit(
        "accounts.yaml",
        "managed_by: [social-media-manager, redattore]\n    # La bio",
        "managed_by: [redattore]\n    # La bio",
    );
    // A team of two would share the account: leave one member.
    p.edit(
        "internal.yaml",
        "members: [social-media-manager, redattore]",
        "members: [redattore]",
    );
    acknowledge(
        &p,
        "acknowledged:\n  - warning: single-manager\n    about: altro-account\n    reason: Un solo redattore.\n",
    );
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(
        &r.stderr,
        "error[unknown-account]: the acknowledgement of `single-manager` is about the account `altro-account`",
    );

    acknowledge(
        &p,
        "acknowledged:\n  - warning: single-manager\n    about: fb-ente\n    reason: Un solo redattore, sostituito dal responsabile nelle assenze.\n",
    );
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_has(
        &r.stderr,
        "acknowledged[single-manager]: the account `fb-ente`",
    );
}

/// A mistyped code is an error that names the right one; an acknowledgement that matches
/// nothing (the situation is gone) is a warning, so none stays behind silently; a reason
/// is required.
#[test]
fn acknowledgements_that_name_nothing_are_reported() {
    let p = Project::starter("comune");
    let ack = "acknowledged:\n  - warning: no-response-tme\n    reason: Nessun tempo garantito.\n";
    acknowledge(&p, ack);
    let loc = p.at("acknowledged.yaml", "no-response-tme");
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(
        &r.stderr,
        &format!(
            "{loc}: error[unknown-warning]: `no-response-tme` is not a warning that `check` gives"
        ),
    );
    assert_has(&r.stderr, "did you mean `no-response-time`?");

    acknowledge(&p, &ack.replace("tme", "time"));
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(
        &r.stderr,
        "warning[unused-acknowledgement]: the acknowledgement of `no-response-time` matches no warning",
    );

    acknowledge(
        &p,
        "acknowledged:\n  - warning: no-hours\n    reason: \"  \"\n",
    );
    assert_has(&p.check(&[]).stderr, "error[no-reason]");
}

/// A value said in other words gets the value meant, not the nearest spelling:
/// `report_police` suggests `report_authorities` (not `report_platform`), and is still an
/// error.
#[test]
fn a_value_in_other_words_suggests_the_value_meant() {
    let p = Project::starter("comune");
    p.edit(
        "moderation.yaml",
        "actions: [remove, warn, block]",
        "actions: [remove, warn, report_police]",
    );
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(&r.stderr, "did you mean `report_authorities`?");
    assert!(
        !r.stderr.contains("did you mean `report_platform`"),
        "{}",
        r.stderr
    );
}

/// A response time of 0 cannot be kept: an error, at the value.
#[test]
fn a_response_time_of_zero_is_an_error() {
    let p = Project::starter("comune");
    p.edit(
        "moderation.yaml",
        "  response_time:\n    value: 2\n",
        "  response_time:\n    value: 0\n",
    );
    let r = p.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(
        &r.stderr,
        "error[zero-duration]: `monitoring.response_time` is 0",
    );
}

/// A section of the starter's policy.yaml, from its key to the comment of the next one.
fn section_block(p: &Project, key: &str) -> String {
    let text = p.read("policy.yaml");
    let start = text.find(&format!("\n{key}:")).expect("the section") + 1;
    let end = start
        + text[start..]
            .find("\n# ")
            .expect("the comment of the next section")
        + 1;
    text[start..end].to_string()
}

/// A body whose privacy notice is on its website gives the link only: no DPO to invent, and
/// the document says where the notice is instead of claiming to be the notice.
#[test]
fn a_privacy_notice_by_reference_needs_no_controller_or_dpo() {
    let p = Project::starter("comune");
    let block = section_block(&p, "privacy");
    p.edit(
        "policy.yaml",
        &block,
        "privacy:\n  notice_url: https://www.nuovo-ente.example/privacy-social\n",
    );
    let r = p.check(&["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let b = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let md = std::fs::read_to_string(p.root().join("out/ente/public/it/external.md")).unwrap();
    assert_has(
        &md,
        "è sul sito dell'ente: <https://www.nuovo-ente.example/privacy-social>.",
    );
    assert!(!md.contains("Questa è l'informativa"), "{md}");
    assert!(!md.contains("### Titolare del trattamento"), "{md}");

    // Neither a controller nor a link: nothing tells citizens about their data.
    p.edit(
        "policy.yaml",
        "privacy:\n  notice_url: https://www.nuovo-ente.example/privacy-social\n",
        "privacy:\n  retention: I dati sono conservati per sei mesi.\n",
    );
    assert_has(&p.check(&[]).stderr, "error[empty-privacy]");
}

/// A netiquette without sanctions: a rule may list no action, and then the document says
/// none; a policy with no contact outside the social networks is a warning (it can be
/// acknowledged), and the document has no contacts section.
#[test]
fn rules_without_actions_and_no_contacts_build_without_inventions() {
    let p = Project::starter("comune");
    p.edit("moderation.yaml", "      actions: [hide]\n", "");
    p.edit("policy.yaml", &section_block(&p, "contacts"), "");
    let r = p.check(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_has(&r.stderr, "warning[no-contacts]");
    acknowledge(
        &p,
        "acknowledged:\n  - warning: no-contacts\n    reason: I contatti dell'ente sono nella pagina Contatti del sito.\n",
    );
    assert_eq!(p.check(&["--deny-warnings"]).code, 0);
    let b = run_in(p.root(), &["build", "policy-src"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let md = std::fs::read_to_string(p.root().join("out/ente/public/it/external.md")).unwrap();
    assert!(!md.contains("Contatti fuori dai social"), "{md}");
    let rule = &md[md.find("M-01").unwrap()..md.find("M-02").unwrap()];
    assert!(!rule.contains("Azioni"), "{rule}");
}
