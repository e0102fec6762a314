//! The `credential` lint against a corpus of secrets written the ways people write them:
//! keys (plain, quoted, escaped, in flow mappings, block scalars), passwords in links, query
//! parameters, known token formats (the hand-written ones and those of the secret scanner
//! gitleaks, whose rule data is in data/gitleaks), `Authorization` headers, Italian and English phrasing.
//! Each is put into a valid policy, and `check` must refuse it (exit 1, code `credential`)
//! without ever printing the secret, in human or JSON output.

mod common;

use common::*;

/// Where a variant goes in the policy.
#[derive(Clone, Copy)]
enum At {
    /// A line of its own at the end (a top-level key, a comment, a block).
    End,
    /// Inside a text (the office's name, as a folded block).
    Text,
    /// The account's URL.
    AccountUrl,
    /// The organisation's website.
    Website,
    /// The account's platform (a value `check` names in its error when it is unknown).
    Platform,
    /// The organisation's name (printed in every document).
    Name,
}

fn policy(at: At, what: &str) -> String {
    match at {
        At::End => format!("{MINIMAL}{what}\n"),
        At::Text => MINIMAL.replacen(
            "    name: Ufficio Comunicazione\n",
            &format!("    name: >-\n      Ufficio Comunicazione. {what}\n"),
            1,
        ),
        At::AccountUrl => MINIMAL.replacen(
            "url: https://www.facebook.com/comunediprova",
            &format!("url: {what}"),
            1,
        ),
        At::Website => MINIMAL.replacen(
            "  kind: comune\n",
            &format!("  kind: comune\n  website: {what}\n"),
            1,
        ),
        At::Platform => MINIMAL.replacen(
            "    platform: facebook\n",
            &format!("    platform: {what}\n"),
            1,
        ),
        At::Name => MINIMAL.replacen("  name: Comune di Prova\n", &format!("  name: {what}\n"), 1),
    }
}

/// (where, the line or value, the distinctive part of the secret that must never be shown).
fn corpus() -> Vec<(At, String, String)> {
    let b64 = |n: usize| -> String {
        "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY"
            .chars()
            .cycle()
            .take(n)
            .collect()
    };
    let upper = |n: usize| -> String { "ABCDEFGHJK2345679".chars().cycle().take(n).collect() };
    let v = |at: At, what: &str, secret: &str| (at, what.to_string(), secret.to_string());
    let mut c = vec![
        // Keys.
        v(At::End, "password: Segreto-Prova-99", "Segreto-Prova-99"),
        v(At::End, "pw: Segreto99x", "Segreto99x"),
        v(At::End, "pwd: PwdValue42", "PwdValue42"),
        v(At::End, "passwd: hunter2abc", "hunter2abc"),
        v(At::End, "pass: Passo2026", "Passo2026"),
        v(At::End, "login: mario.rossi.segreto", "mario.rossi.segreto"),
        v(At::End, "token: tok3nvalue123", "tok3nvalue123"),
        v(At::End, "secret: s3cr3tvalue", "s3cr3tvalue"),
        v(At::End, "api_key: abcd1234efgh", "abcd1234efgh"),
        v(At::End, "fb_password: Prova2026!", "Prova2026"),
        v(
            At::End,
            "\"pass\\x77ord\": EscapedSecret1",
            "EscapedSecret1",
        ),
        v(
            At::End,
            "\"p\\u0061ssword\": UnicodeEscape7",
            "UnicodeEscape7",
        ),
        v(At::End, "'password': QuotedSecret1", "QuotedSecret1"),
        v(
            At::End,
            "social: {name: fb, password: FlowSecret1}",
            "FlowSecret1",
        ),
        v(At::End, "social: {pw: FlowSecret2, x: 1}", "FlowSecret2"),
        v(
            At::End,
            "extra:\n  - {login: flowlogin3, pwd: FlowSecret3}",
            "FlowSecret3",
        ),
        v(
            At::End,
            "extra:\n  - {login: flowlogin3, pwd: FlowSecret3}",
            "flowlogin3",
        ),
        v(
            At::End,
            "secret: |\n  BlockSecret4\n  BlockSecret5",
            "BlockSecret",
        ),
        v(
            At::End,
            "headers: {Authorization: \"Bearer zz99yy88xx77\"}",
            "zz99yy88xx77",
        ),
        v(At::End, "? password\n: ComplexKey8", "ComplexKey8"),
        // Links.
        v(
            At::AccountUrl,
            "https://mario:UrlPass55@www.facebook.com/comunediprova",
            "UrlPass55",
        ),
        v(
            At::Website,
            "https://admin:SitePass66@www.comune.prova.it/",
            "SitePass66",
        ),
        v(
            At::Website,
            "admin:NoScheme67@www.comune.prova.it",
            "NoScheme67",
        ),
        v(
            At::Website,
            "https://www.comune.prova.it/feed?key=QueryKey77",
            "QueryKey77",
        ),
        v(
            At::Website,
            "https://graph.prova.it/me?fields=id&access_token=AccTok88abc",
            "AccTok88abc",
        ),
        v(
            At::Text,
            "Feed: https://api.prova.it/x?format=json&api_key=ApiKey99zz",
            "ApiKey99zz",
        ),
        // Token formats, anywhere.
        v(
            At::Text,
            &format!("Mappa: https://maps.prova.it/?k=AIza{}", b64(35)),
            &b64(35),
        ),
        v(At::Text, &format!("Bot: 123456789:AA{}", b64(33)), &b64(33)),
        v(At::End, &format!("# glpat-{}", b64(20)), &b64(20)),
        v(At::End, &format!("# ghp_{}", b64(36)), &b64(36)),
        v(At::Text, &format!("github_pat_{}", b64(82)), &b64(82)),
        v(
            At::End,
            &format!("# xoxb-123456789012-{}", b64(24)),
            &b64(24),
        ),
        v(At::Text, &format!("chiave AKIA{}", upper(16)), &upper(16)),
        v(At::End, &format!("# sk_live_{}", b64(24)), &b64(24)),
        v(At::End, &format!("# sk-proj-{}", b64(40)), &b64(40)),
        v(At::End, &format!("# EAA{}", b64(60)), &b64(60)),
        v(
            At::Text,
            &format!(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.{}",
                b64(30)
            ),
            &b64(30),
        ),
        v(
            At::End,
            &format!("# https://hooks.slack.com/services/T0000/B0000/{}", b64(24)),
            &b64(24),
        ),
        v(
            At::End,
            "# -----BEGIN RSA PRIVATE KEY-----\n# MIIEowIBAAKCAQEAsecretkeymaterial\n# -----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAsecretkeymaterial",
        ),
        // Formats that only the scanner's rule data (data/gitleaks) knows.
        v(
            At::Text,
            "token di Hugging Face 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",
            "QwErTyUiOpAsDfGhJkLzXcVbNm",
        ),
        v(
            At::Website,
            "https://negozio.comune.prova.it/admin/shpat_0123456789abcdef0123456789ABCDEF",
            "0123456789abcdef0123456789ABCDEF",
        ),
        v(
            At::End,
            &format!("# dop_v1_{}", "0a1b2c3d4e5f6789".repeat(4)),
            "0a1b2c3d4e5f67890a1b2c3d4e5f6789",
        ),
        v(
            At::Text,
            "chiave Linear lin_api_aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xYaB3dE5fG",
            "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY",
        ),
        v(
            At::AccountUrl,
            "https://www.facebook.com/comunediprova?PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01",
            "0123456789abcdef0123456789abcdef01",
        ),
        // Headers.
        v(
            At::Text,
            "Authorization: Bearer abc123def456ghi",
            "abc123def456ghi",
        ),
        v(
            At::End,
            "# curl -H 'Authorization: Basic dXNlcjpwYXNzMTIz'",
            "dXNlcjpwYXNzMTIz",
        ),
        // Phrasing, Italian and English.
        v(At::Text, "la password è Valdoria2026!", "Valdoria2026"),
        v(
            At::Text,
            "La password e' Segreta#2026 per tutti",
            "Segreta#2026",
        ),
        v(At::Text, "Gestione: password: Valdoria2027", "Valdoria2027"),
        v(At::Text, "codice di accesso: AccessoX9", "AccessoX9"),
        v(At::Text, "parola chiave: ChiaveSegreta5", "ChiaveSegreta5"),
        v(At::Text, "credenziali: mario/Rossi2026", "Rossi2026"),
        v(At::Text, "il PIN 739164 del telefono", "739164"),
        v(At::Text, "PIN: 739165", "739165"),
        v(At::Text, "codice OTP: 582941", "582941"),
        v(At::Text, "the password is Winter2026!", "Winter2026"),
        v(At::End, "# token=abcdef123456", "abcdef123456"),
        v(At::End, "# password: Commento42", "Commento42"),
        // Spelled with escapes, or split by a line continuation, in a double-quoted value:
        // the token shows only once parsed (a red-team finding).
        v(
            At::Platform,
            &format!("\"\\x67hp_{}\"", b64(36)),
            &b64(36)[4..],
        ),
        v(
            At::Name,
            &format!("\"Ente \\u0067hp_{}\"", b64(36)),
            &b64(36)[4..],
        ),
        v(
            At::Platform,
            &format!("\"ghp_{}\\\n      {}\"", &b64(36)[..10], &b64(36)[10..]),
            &b64(36)[10..],
        ),
    ];
    c.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
    c
}

#[test]
fn every_secret_of_the_corpus_is_refused_and_never_shown() {
    let corpus = corpus();
    assert!(corpus.len() >= 40, "{} variants", corpus.len());
    let tmp = tempdir();
    let mut failures = Vec::new();
    for (i, (at, what, secret)) in corpus.iter().enumerate() {
        let src = write_org(
            &tmp.path().join(i.to_string()),
            "prova",
            &[("policy.yaml", &policy(*at, what))],
        );
        let src = src.to_str().unwrap();
        let human = run(&["check", src], tmp.path());
        let json = run(&["check", src, "--format", "json"], tmp.path());
        let shown = format!(
            "{}{}{}{}",
            human.stdout, human.stderr, json.stdout, json.stderr
        );
        let ok = human.code == 1
            && json.code == 1
            && human.stderr.contains("error[credential]")
            && json.stdout.contains("\"code\": \"credential\"")
            && !shown.contains(secret.as_str());
        if !ok {
            failures.push(format!(
                "#{i} {what:?} (secret {secret:?}): exit {} / {}\n{}{}",
                human.code, json.code, human.stderr, json.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n----\n"));
}

#[test]
fn the_example_and_ordinary_words_about_passwords_pass() {
    for text in [
        "Le password sono custodite nel gestore di password dell'ente.",
        "Gestione delle password: usare il gestore dell'ente",
        "Il codice di accesso è personale e non va condiviso.",
        "Per il PIN rivolgersi all'URP.",
        "La parola chiave è riservatezza.",
        "Riunione alle 08:30, sala 2.",
        "Scrivere a mailto:urp@comune.prova.it",
    ] {
        let tmp = tempdir();
        let src = write_org(
            tmp.path(),
            "prova",
            &[("policy.yaml", &policy(At::Text, text))],
        );
        let r = run(&["check", src.to_str().unwrap()], tmp.path());
        assert!(
            !r.stderr.contains("error[credential]"),
            "{text}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_secret_in_a_file_that_is_not_utf8_is_still_refused_and_never_shown() {
    // Notepad's ANSI (Windows-1252: `perché` is one byte) and its "Unicode" (UTF-16 with a
    // byte-order mark): the file is refused as not UTF-8, and the password in it is named as
    // a credential too, at its line, without its value.
    let text = format!("{MINIMAL}nota: perch\u{e9}\npassword: Segreto-Prova-99\n");
    let line = text.lines().count();
    let ansi: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect();
    let mut utf16le = vec![0xff, 0xfe];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xfe, 0xff];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes) in [("ansi", ansi), ("utf16le", utf16le), ("utf16be", utf16be)] {
        let tmp = tempdir();
        let src = write_org(tmp.path(), "prova", &[]);
        std::fs::write(src.join("prova/policy.yaml"), &bytes).unwrap();
        let src = src.to_str().unwrap();
        let human = run(&["check", src], tmp.path());
        let json = run(&["check", src, "--format", "json"], tmp.path());
        assert_eq!((human.code, json.code), (1, 1), "{name}: {}", human.stderr);
        assert!(
            human.stderr.contains("error[encoding]"),
            "{name}: {}",
            human.stderr
        );
        assert!(
            human
                .stderr
                .lines()
                .any(|l| l.contains(&format!("policy.yaml:{line}:"))
                    && l.contains("error[credential]")),
            "{name}: {}",
            human.stderr
        );
        assert!(json.stdout.contains("\"code\": \"credential\""), "{name}");
        let shown = format!("{}{}{}", human.stderr, json.stdout, json.stderr);
        assert!(!shown.contains("Segreto-Prova-99"), "{name}: {shown}");
    }
}
