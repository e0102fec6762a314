//! The example policy's documents say what its YAML says: every account, rule, contact,
//! role and procedure shows up in the right document, and staff data only in the internal one.

mod common;

use common::*;
use smpolicy::compile;
use smpolicy::model::{Lang, Policy, Text};
use smpolicy::render::templates::TemplateSet;
use smpolicy::view::md_inline;

fn built() -> (Policy, String, String, String, String, tempfile::TempDir) {
    let checked = compile::check(&example_src(), &TemplateSet::builtin());
    assert!(!checked.has_errors(), "{:?}", checked.diags);
    let policy = checked
        .orgs
        .into_iter()
        .next()
        .expect("one organisation")
        .policy;
    let (tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = |f: &str| read(&common::doc(&out, "comune-di-valdoria", f));
    (
        policy,
        doc("external.md"),
        doc("internal.md"),
        doc("external.html"),
        doc("internal.html"),
        tmp,
    )
}

fn it(t: &Text) -> String {
    t.get(&Lang::parse("it").unwrap())
        .unwrap_or_default()
        .to_string()
}

/// The first words of a text, as they appear in Markdown (free texts may wrap or hold links).
fn start(t: &Text) -> String {
    it(t)
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn example_is_realistic_and_complete() {
    let (p, ..) = built();
    let platforms: std::collections::BTreeSet<_> =
        p.accounts.iter().map(|a| a.platform.value).collect();
    assert!(p.accounts.len() >= 6, "at least 6 accounts");
    assert!(platforms.len() >= 5, "at least 5 platforms");
    assert!(p.roles.len() >= 4, "at least 4 roles");
    let m = p.moderation.as_ref().expect("moderation");
    assert!(m.rules.len() >= 8, "at least 8 moderation rules");
    assert!(
        p.monitoring.as_ref().is_some_and(|m| !m.hours.is_empty()),
        "hours"
    );
    assert!(p.privacy.is_some(), "privacy notice");
    assert_eq!(
        p.licence.as_ref().map(|l| l.own_content.to_string()),
        Some("CC-BY-4.0".into())
    );
    assert!(!p.contacts.is_empty(), "contacts");
    assert!(p.adoption.history.len() >= 2, "a history of two versions");
}

#[test]
fn external_policy_holds_every_public_section() {
    let (p, md, _, html, _, _tmp) = built();
    assert_eq!(
        md.matches("\n# ").count() + usize::from(md.starts_with("# ")),
        1,
        "one title"
    );
    assert!(md.contains(&md_inline(&p.organisation.name.value)));
    assert!(
        md.contains(&start(&p.organisation.managing_office.name)),
        "managing office"
    );
    for a in &p.accounts {
        assert!(md.contains(&a.url.to_string()), "account URL {}", a.url);
        assert!(
            html.contains(&format!("href=\"{}\"", a.url)),
            "account link {}",
            a.url
        );
    }
    let m = p.moderation.as_ref().unwrap();
    for r in &m.rules {
        assert!(
            md.contains(&format!("{{#{}}}", r.id.value)),
            "anchor of {}",
            r.id.value
        );
        assert!(
            html.contains(&format!("id=\"{}\"", r.id.value)),
            "HTML anchor of {}",
            r.id.value
        );
        assert!(
            md.contains(&md_inline(&it(&r.title))),
            "title of {}",
            r.id.value
        );
    }
    if let Some(pu) = &p.purposes {
        for l in &pu.legal_basis {
            if let Some(u) = &l.url {
                assert!(md.contains(&u.to_string()), "law link {u}");
            }
        }
    }
    let mon = p.monitoring.as_ref().unwrap();
    for h in &mon.hours {
        assert!(
            md.contains(&h.from.to_string()) && md.contains(&h.to.to_string()),
            "hours"
        );
    }
    let privacy = p.privacy.as_ref().unwrap();
    for (what, text) in [
        ("recipients", &privacy.recipients),
        ("transfers", &privacy.transfers),
        ("retention", &privacy.retention),
        ("rights", &privacy.rights),
        ("complaint", &privacy.complaint),
    ] {
        let text = text
            .as_ref()
            .unwrap_or_else(|| panic!("the example's privacy notice has no {what}"));
        assert!(
            md.contains(&start(text)),
            "privacy {what} missing from the external policy"
        );
    }
    let dpo = privacy.dpo.as_ref().expect("a DPO");
    let dpo_email = dpo.email.as_ref().expect("a DPO email");
    assert!(md.contains(&dpo_email.to_string()), "DPO email");
    for c in &p.contacts {
        if let Some(e) = &c.email {
            assert!(md.contains(&e.to_string()), "contact {e}");
        }
    }
    for n in &p.not_for {
        assert!(
            md.contains(&md_inline(&it(&n.topic))),
            "not for: {}",
            it(&n.topic)
        );
    }
    assert!(
        md.contains("creativecommons.org/licenses/by/4.0"),
        "licence link"
    );
    if let Some(e) = &p.election_period {
        assert!(md.contains(&start(&e.rule)), "election rule");
    }
    let a = &p.adoption.value;
    assert!(md.contains(&dmy(&a.date.value)), "adoption date");
    assert!(md.contains(&md_inline(&a.version.value)), "version");
    for h in &a.history {
        assert!(
            md.contains(&dmy(&h.date.value)),
            "history {}",
            h.version.value
        );
    }
    // Staff data stays out.
    for r in &p.roles {
        if let Some(h) = &r.holder {
            assert!(
                !md.contains(&h.name.value),
                "staff name {} in the external policy",
                h.name.value
            );
            assert!(!html.contains(&h.name.value));
        }
    }
}

#[test]
fn internal_policy_holds_every_staff_section() {
    let (p, _, md, html, _, _tmp) = built();
    for r in &p.roles {
        assert!(
            md.contains(&md_inline(&it(&r.title))),
            "role {}",
            r.id.value
        );
        if let Some(h) = &r.holder {
            assert!(
                md.contains(&md_inline(&h.name.value)),
                "holder of {}",
                r.id.value
            );
        }
    }
    let i = p.internal.as_ref().expect("internal section");
    if let Some(t) = &i.team {
        assert!(md.contains(&md_inline(&it(&t.name))), "team");
    }
    let lc = i.account_lifecycle.as_ref().expect("lifecycle");
    for e in &lc.recovery_addresses {
        assert!(md.contains(&e.to_string()), "recovery address {e}");
    }
    if let Some(c) = &i.crisis {
        assert!(!c.escalation.is_empty());
        for s in &c.procedure {
            assert!(md.contains(&start(s)), "crisis step {}", it(s));
        }
    }
    for r in &i.crm {
        assert!(
            md.contains(&md_inline(&it(&r.kind))),
            "CRM route {}",
            it(&r.kind)
        );
    }
    if let Some(c) = &i.conduct {
        assert!(c.official_accounts.is_some() && c.personal_accounts.is_some());
    }
    assert!(
        md.contains("11-bis") && md.contains("11-ter"),
        "DPR 62/2013 articles"
    );
    for (name, present) in [
        ("scope", i.scope.is_some()),
        ("general rules", i.general_rules.is_some()),
        ("platform rules", !i.platform_rules.is_empty()),
        ("workflow", i.workflow.is_some()),
        ("nonconformity", i.nonconformity.is_some()),
        ("stakeholders", i.stakeholders.is_some()),
        ("live coverage", i.live_coverage.is_some()),
        ("communication plan", i.communication_plan.is_some()),
    ] {
        assert!(present, "the example has no {name}");
    }
    // One HTML landmark structure for both documents.
    let _ = html;
}

#[test]
fn html_pages_have_the_structure_screen_readers_need() {
    let (_, _, _, ext, int, _tmp) = built();
    for html in [&ext, &int] {
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"it\">"));
        assert_eq!(html.matches("<h1").count(), 1, "exactly one h1");
        for landmark in ["<header", "<nav", "<main", "<footer"] {
            assert!(html.contains(landmark), "missing {landmark}");
        }
        assert!(html.contains("href=\"#contenuto\""), "skip link");
        assert!(html.contains("@media print"), "print stylesheet");
        assert!(!html.contains("<link "), "no external stylesheet");
        assert!(!html.contains("src=\"http"), "nothing loads from outside");
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("<caption>").count(),
            "every table has a caption"
        );
        assert!(!html.contains("<input"), "no unlabelled inputs");
        // Headings never skip a level.
        let mut last = 1;
        for (i, _) in html.match_indices("<h") {
            let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                continue;
            };
            assert!(level <= last + 1, "heading h{level} after h{last}");
            last = level;
        }
        assert!(html.contains("Versione") || html.contains("versione"));
    }
}

/// A date as the Italian documents write it (`date_format` of templates/it/labels.yaml).
fn dmy(d: &smpolicy::model::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}
